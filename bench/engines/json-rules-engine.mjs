// json-rules-engine: one rule per check, written as the condition under which the record
// violates it; the rule's event names the rule. Facts are the record's fields.

import { Engine } from 'json-rules-engine';
import { AUDIENCES, CHANNELS, COUNTRIES, LEVELS, MODES, OVER_20_WORKDAYS, REQUIRED_LIST, REQUIRED_TEXT } from '../workloads.mjs';
import { version } from './util.mjs';

const rule = (name, conditions) => ({ name, conditions, event: { type: name } });

const RULES = {
  form: [
    rule('age', { all: [{ fact: 'age', operator: 'lessThan', value: 18 }] }),
    rule('country', { all: [{ fact: 'country', operator: 'notIn', value: COUNTRIES }] }),
    rule('income', { all: [{ fact: 'income', operator: 'greaterThan', value: { fact: 'income_cap' } }] }),
    rule('consent', { all: [{ fact: 'consent', operator: 'notEqual', value: true }] }),
    rule('email', { all: [{ fact: 'email', operator: 'lacksText', value: '@' }] }),
  ],
  catalogue: [
    rule('required', { any: [...REQUIRED_TEXT, ...REQUIRED_LIST].map((fact) => ({ fact, operator: 'isBlank', value: true })) }),
    rule('time_limit', { all: [{ fact: 'time_limit', operator: 'matches', value: OVER_20_WORKDAYS }] }),
    // someFact:notIn is false for a missing or empty list, as the rule wants.
    rule('channels', { all: [{ fact: 'channels', operator: 'someFact:notIn', value: CHANNELS }] }),
    rule('audience', { all: [{ fact: 'audience', operator: 'someFact:notIn', value: AUDIENCES }] }),
    rule('mode', { all: [{ fact: 'mode', operator: 'isBlank', value: false }, { fact: 'mode', operator: 'notIn', value: MODES }] }),
    rule('levels', { all: [{ fact: 'levels', operator: 'someFact:notIn', value: LEVELS }] }),
  ],
};

const blank = (v) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
const patterns = new Map();
const regex = (source) => patterns.get(source) ?? patterns.set(source, new RegExp(source, 'u')).get(source);

let engine;

export default {
  name: 'json-rules-engine',
  label: 'json-rules-engine (JS)',
  version: () => version('json-rules-engine'),
  files: 'traced',
  // jsonpath-plus has a browser build; Node loads its Node build (which uses `vm`).
  browserFiles: { 'jsonpath-plus/dist/index-node-cjs.cjs': 'jsonpath-plus/dist/index-browser-esm.js' },
  how: {
    form: '5 rules with `conditions`/`event`; the cap is a dynamic fact `income_cap` computed from `household_size`; "contains @" needs a custom operator (`contains` works on arrays only)',
    catalogue: '6 rules; custom operators `isBlank` and `matches` (regex: Arabic digits before 个工作日 only); list vocabularies with the built-in decorator `someFact:notIn`',
  },
  async init(workload) {
    engine = new Engine(RULES[workload], { allowUndefinedFacts: true });
    engine.addOperator('lacksText', (a, b) => typeof a !== 'string' || !a.includes(b));
    engine.addOperator('isBlank', (a, b) => blank(a) === b);
    engine.addOperator('matches', (a, b) => typeof a === 'string' && regex(b).test(a));
    engine.addFact('income_cap', async (params, almanac) => 30000 + 10000 * ((await almanac.factValue('household_size')) - 1));
  },
  async evaluate(record) {
    const { events } = await engine.run(record);
    return events.map((e) => e.type);
  },
};
