// ajv: a JSON Schema per workload, compiled once, `allErrors` so every violated rule is
// reported; each error is mapped back to the rule it belongs to by its path and keyword.
//
// The income cap compares two fields, which JSON Schema cannot do with a formula: it is written
// as `if/then` on household sizes 1–20 (a household of more than 20 is not capped). A custom
// keyword (ajv.addKeyword with a validate function) could compute the cap, but then the rule is
// JavaScript, not schema.

import Ajv from 'ajv';
import { AUDIENCES, CHANNELS, COUNTRIES, LEVELS, MODES, OVER_20_WORKDAYS, REQUIRED_LIST, REQUIRED_TEXT } from '../workloads.mjs';
import { version } from './util.mjs';

const MAX_HOUSEHOLD = 20;

const SCHEMAS = {
  form: {
    type: 'object',
    required: ['age', 'country', 'income', 'household_size', 'consent', 'email'],
    properties: {
      age: { type: 'integer', minimum: 18 },
      country: { enum: COUNTRIES },
      income: { type: 'integer' },
      household_size: { type: 'integer' },
      consent: { const: true },
      email: { type: 'string', pattern: '@' },
    },
    allOf: Array.from({ length: MAX_HOUSEHOLD }, (_, i) => ({
      if: { properties: { household_size: { const: i + 1 } }, required: ['household_size'] },
      then: { properties: { income: { type: 'integer', maximum: 30000 + 10000 * i } } },
    })),
  },
  catalogue: {
    type: 'object',
    required: [...REQUIRED_TEXT, ...REQUIRED_LIST],
    properties: {
      ...Object.fromEntries(REQUIRED_TEXT.map((f) => [f, { type: 'string', minLength: 1 }])),
      time_limit: { type: 'string', minLength: 1, not: { pattern: OVER_20_WORKDAYS } },
      mode: { type: 'string', minLength: 1, if: { minLength: 1 }, then: { enum: MODES } },
      channels: { type: 'array', minItems: 1, items: { enum: CHANNELS } },
      audience: { type: 'array', minItems: 1, items: { enum: AUDIENCES } },
      levels: { type: 'array', minItems: 1, items: { enum: LEVELS } },
    },
  },
};

const REQUIRED_KEYWORDS = new Set(['required', 'minLength', 'minItems']);

/** The rule an ajv error belongs to (null: an `if` that did not hold, not a violation). */
function ruleOf(workload, error) {
  if (error.keyword === 'if') return null;
  const field = error.instancePath.split('/')[1];
  if (workload === 'form') {
    if (field) return field;
  } else if (REQUIRED_KEYWORDS.has(error.keyword)) {
    return 'required';
  } else if (error.keyword === 'not' && field === 'time_limit') {
    return 'time_limit';
  } else if (error.keyword === 'enum' && field) {
    return field;
  }
  throw new Error(`unexpected error: ${JSON.stringify(error)}`);
}

let validate;
let workloadName;

export default {
  name: 'ajv',
  label: 'ajv (JSON Schema, JS)',
  version: () => version('ajv'),
  files: 'traced',
  how: {
    form: 'one JSON Schema (`minimum`, `enum`, `const`, `pattern`); the income cap as `if/then` on household sizes 1–20 (JSON Schema cannot compute a bound from another field; a custom keyword would be JavaScript); `allErrors`, errors mapped to rules by path',
    catalogue: 'one JSON Schema: `required` + `minLength`/`minItems`, `items.enum` for the vocabularies, `if/then` so an empty mode is only `required`, the time limit as `not: {pattern}` (Arabic digits before 个工作日 only)',
  },
  async init(workload) {
    workloadName = workload;
    validate = new Ajv({ allErrors: true }).compile(SCHEMAS[workload]);
  },
  evaluate(record) {
    if (validate(record)) return [];
    const out = new Set();
    for (const error of validate.errors) {
      const rule = ruleOf(workloadName, error);
      if (rule) out.add(rule);
    }
    return [...out];
  },
};
