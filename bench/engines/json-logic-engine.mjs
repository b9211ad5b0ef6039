// json-logic-engine: five (six) JsonLogic expressions, each true when the record passes its
// rule, compiled with engine.build. Shares the logic with the datalogic adapter except the time
// limit, which needs a regex: here a custom method `matches` (addMethod).

import { LogicEngine } from 'json-logic-engine';
import { LOGIC } from './jsonlogic.mjs';
import { version } from './util.mjs';

let checks;

export default {
  name: 'json-logic-engine',
  label: 'json-logic-engine (JS)',
  version: () => version('json-logic-engine'),
  files: ['node_modules/json-logic-engine/dist/esm/index.js'],
  how: {
    form: '5 JsonLogic expressions (bench/engines/jsonlogic.mjs) compiled with `engine.build`',
    catalogue: '6 JsonLogic expressions; the time limit through a custom method `matches` added with `addMethod` (JsonLogic has no regex): Arabic digits before 个工作日 only',
  },
  async init(workload) {
    const engine = new LogicEngine();
    const patterns = new Map();
    engine.addMethod('matches', ([text, source]) => {
      if (typeof text !== 'string') return false;
      if (!patterns.has(source)) patterns.set(source, new RegExp(source, 'u'));
      return patterns.get(source).test(text);
    }, { deterministic: true });
    const logic = LOGIC[workload]({ matches: (text, source) => ({ matches: [text, source] }) });
    checks = Object.entries(logic).map(([name, l]) => [name, engine.build(l)]);
  },
  evaluate(record) {
    const out = [];
    for (const [name, passes] of checks) if (!passes(record)) out.push(name);
    return out;
  },
};
