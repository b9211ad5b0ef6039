// gongkai's wasm package through its JavaScript wrapper (www/gongkai-engine.js), with the bench
// packs: bench/rules/form (five rules over a kind defined with defineKind) and
// bench/rules/catalogue_entry (the structural part of the catalogue_entry rules). `benchPacks`
// makes the adapter for either module: this file's default export is the default module
// (gongkai_bg.wasm, rules under rhai), engines/gongkai-fast.mjs the fast one.

import { createEngine } from '../../www/gongkai-engine.js';
import { FORM_KIND } from '../workloads.mjs';
import { bytes, gongkaiSnippets, ruleSources } from './util.mjs';

const RULE_NAMES = {
  'FRM-001': 'age', 'FRM-002': 'country', 'FRM-003': 'income', 'FRM-004': 'consent', 'FRM-005': 'email',
  'BCT-001': 'required', 'BCT-005': 'time_limit', 'BCT-007': 'channels', 'BCT-008': 'audience', 'BCT-009': 'mode', 'BCT-010': 'levels',
};
const OPTIONS = { today: '2026-03-02' };

/** The adapter for the module `wasm` (a path relative to bench/). */
export function benchPacks({ name, label, wasm, evaluator }) {
  let engine;
  let kind;
  return {
    name,
    label,
    version: () => engine.version(),
    files: [wasm, '../www/pkg/gongkai.js', ...gongkaiSnippets(), '../www/gongkai-engine.js'],
    semantics: 'structural',
    how: {
      form: `five rule files bench/rules/form/FRM-00*.rhai (rhai \`fn check(record)\`), kind \`bench_form\` from \`defineKind\`; \`createEngine({standard: false})\` + \`loadRules\`; one \`check\` per record; module ${wasm.split('/').pop()}`,
      catalogue: `six rule files bench/rules/catalogue_entry/BCT-*.rhai on the standard kind catalogue_entry, \`createEngine({standard: false})\` + \`loadRules\`; the time limit read by \`parse_time_limit\` (Arabic, full-width and Chinese numerals); module ${wasm.split('/').pop()}`,
    },
    async init(workload) {
      engine = await createEngine({ wasm: bytes(wasm), standard: false });
      if (engine.evaluator() !== evaluator) throw new Error(`${wasm} runs rules with ${engine.evaluator()}, not ${evaluator}`);
      if (workload === 'form') {
        const defined = engine.defineKind(FORM_KIND);
        if (!defined.ok) throw new Error(`defineKind: ${defined.error}`);
        kind = FORM_KIND.name;
      } else {
        kind = 'catalogue_entry';
      }
      for (const [file, source] of ruleSources(`rules/${workload === 'form' ? 'form' : 'catalogue_entry'}`)) {
        const loaded = engine.loadRules(source, file);
        if (!loaded.ok) throw new Error(`${file}: ${JSON.stringify(loaded.diagnostics)}`);
      }
    },
    evaluate(record) {
      const report = engine.check(kind, record, OPTIONS);
      if (report.issues.some((i) => i.level === 'error')) throw new Error(`input issues: ${JSON.stringify(report.issues)}`);
      return [...new Set(report.findings.map((f) => RULE_NAMES[f.rule] ?? f.rule))];
    },
    /** Schema options of catalogue_entry, to check the workload's vocabularies against. */
    schemas: () => engine.schemas(),
  };
}

export default benchPacks({
  name: 'gongkai', label: 'gongkai (wasm, bench packs)', wasm: '../www/pkg/gongkai_bg.wasm', evaluator: 'rhai',
});
