// @gorules/zen-engine-wasm: ZEN expressions (the expression language of GoRules' decision
// tables), one per rule, true when the record passes it. The wasm package has only the
// expression API (no compiled-expression handle): each record becomes a `Variable` (the
// package's way to deserialise the context once) and the expressions are evaluated on it.

import { initSync, validateExpression, Variable } from '@gorules/zen-engine-wasm';
import { AUDIENCES, CHANNELS, COUNTRIES, LEVELS, MODES, OVER_20_WORKDAYS, REQUIRED_LIST, REQUIRED_TEXT } from '../workloads.mjs';
import { bytes, version } from './util.mjs';

const DIR = 'node_modules/@gorules/zen-engine-wasm/';
const list = (values) => `[${values.map((s) => `'${s}'`).join(', ')}]`;
const subset = (field, allowed) => `${field} == null or all(${field}, # in ${list(allowed)})`;

const EXPRESSIONS = {
  form: {
    age: 'age >= 18',
    country: `country in ${list(COUNTRIES)}`,
    income: 'income <= 30000 + 10000 * (household_size - 1)',
    consent: 'consent == true',
    email: "contains(email, '@')",
  },
  catalogue: {
    required: [
      ...REQUIRED_TEXT.map((f) => `(${f} != null and ${f} != '')`),
      ...REQUIRED_LIST.map((f) => `(${f} != null and len(${f}) > 0)`),
    ].join(' and '),
    time_limit: `time_limit == null or not matches(time_limit, '${OVER_20_WORKDAYS}')`,
    channels: subset('channels', CHANNELS),
    audience: subset('audience', AUDIENCES),
    mode: `mode == null or mode == '' or mode in ${list(MODES)}`,
    levels: subset('levels', LEVELS),
  },
};

let checks;

export default {
  name: 'zen',
  label: '@gorules/zen-engine-wasm (wasm)',
  version: () => version('@gorules/zen-engine-wasm'),
  files: [`${DIR}dist/zen_engine_wasm_bg.wasm`, `${DIR}dist/zen_engine_wasm.js`, `${DIR}index.js`, `${DIR}util/index.js`, `${DIR}util/variable-type.js`],
  how: {
    form: '5 ZEN expressions evaluated on a `Variable` of the record (the package has no compiled-expression handle; `Variable` deserialises the record once for all five)',
    catalogue: '6 ZEN expressions; vocabularies with `all(list, # in [...])`, the time limit with `matches` (regex: Arabic digits before 个工作日 only)',
  },
  async init(workload) {
    initSync({ module: bytes(`${DIR}dist/zen_engine_wasm_bg.wasm`) });
    checks = Object.entries(EXPRESSIONS[workload]);
    // Parse each expression once, so a typo fails here and not in the first check.
    for (const [name, expression] of checks) {
      const error = validateExpression(expression);
      if (error) throw new Error(`${name}: ${JSON.stringify(error)}`);
    }
  },
  evaluate(record) {
    const variable = new Variable(record);
    try {
      const out = [];
      for (const [name, expression] of checks) {
        const result = variable.evaluateExpression(expression);
        if (result !== true) {
          if (result !== false) throw new Error(`${name}: ${JSON.stringify(result)}`);
          out.push(name);
        }
      }
      return out;
    } finally {
      variable.free();
    }
  },
};
