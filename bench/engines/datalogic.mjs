// @goplasmatic/datalogic (JsonLogic in wasm, datalogic-rs): the shared JsonLogic expressions
// (jsonlogic.mjs), each a CompiledRule. The time limit uses datalogic's regex `split` extension
// (a pattern with a named group returns the captures as an object, or no object without a
// match). The record crosses into wasm as a JSON string, serialised once per record.

import { initSync, CompiledRule } from '@goplasmatic/datalogic/web';
import { LOGIC } from './jsonlogic.mjs';
import { bytes, version } from './util.mjs';

const WASM = 'node_modules/@goplasmatic/datalogic/web/datalogic_wasm_bg.wasm';
let checks;

export default {
  name: 'datalogic',
  label: '@goplasmatic/datalogic (wasm)',
  version: () => version('@goplasmatic/datalogic'),
  files: [WASM, 'node_modules/@goplasmatic/datalogic/web/datalogic_wasm.js'],
  how: {
    form: '5 JsonLogic expressions (bench/engines/jsonlogic.mjs), each a `CompiledRule`; the record passed as one JSON string to each',
    catalogue: '6 JsonLogic expressions; the time limit with datalogic\'s regex `split` (named capture group; not standard JsonLogic): Arabic digits before 个工作日 only',
  },
  async init(workload) {
    initSync({ module: bytes(WASM) });
    // The named group makes split return an object of captures when the pattern matches.
    const logic = LOGIC[workload]({ matches: (text, source) => ({ '!!': { split: [text, `(?P<n>${source})`] } }) });
    checks = Object.entries(logic).map(([name, l]) => [name, new CompiledRule(JSON.stringify(l), false)]);
  },
  evaluate(record) {
    const data = JSON.stringify(record);
    const out = [];
    for (const [name, rule] of checks) {
      const result = rule.evaluate(data);
      if (result !== 'true') {
        if (result !== 'false') throw new Error(`${name}: ${result}`);
        out.push(name);
      }
    }
    return out;
  },
};
