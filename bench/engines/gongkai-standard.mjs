// gongkai's wasm package with its shipped standard rules, cut down to the six that cover the
// structural duties of a catalogue entry: CAT-001 (required elements), CAT-005 (time limit),
// CAT-007/008/009/010 (channels, audience, mode, levels). Every other standard rule is removed
// with removeRule. These rules do more than the structural part (synonyms left to CAT-013,
// calendar days and cited laws in CAT-005), so they are checked against their own expected
// findings where those differ (workloads.mjs, `standard`).

import { createEngine } from '../../www/gongkai-engine.js';
import { bytes, gongkaiSnippets } from './util.mjs';

const KEEP = {
  'CAT-001': 'required', 'CAT-005': 'time_limit', 'CAT-007': 'channels', 'CAT-008': 'audience', 'CAT-009': 'mode', 'CAT-010': 'levels',
};
const OPTIONS = { today: '2026-03-02' };

let engine;

export default {
  name: 'gongkai-standard',
  label: 'gongkai (wasm, standard CAT rules)',
  version: () => engine.version(),
  files: ['../www/pkg/gongkai_bg.wasm', '../www/pkg/gongkai.js', ...gongkaiSnippets(), '../www/gongkai-engine.js'],
  semantics: 'standard',
  how: {
    form: 'not applicable: the standard packs have no form rules (row "gongkai (wasm, bench packs)" is gongkai on workload (a))',
    catalogue: '`createEngine()` with the standard packs (compiled into the module), then `removeRule` for every rule but CAT-001, CAT-005, CAT-007, CAT-008, CAT-009, CAT-010; these shipped rules do more than the structural part (synonyms, calendar days, cited-law exemption)',
  },
  supports: { form: false },
  async init() {
    engine = await createEngine({ wasm: bytes('../www/pkg/gongkai_bg.wasm') });
    for (const rule of engine.rules()) {
      if (!(rule.id in KEEP)) engine.removeRule(rule.id);
    }
    const left = engine.rules().map((r) => r.id).sort().join(',');
    if (left !== Object.keys(KEEP).sort().join(',')) throw new Error(`rules left: ${left}`);
  },
  evaluate(record) {
    const report = engine.check('catalogue_entry', record, OPTIONS);
    if (report.issues.some((i) => i.level === 'error')) throw new Error(`input issues: ${JSON.stringify(report.issues)}`);
    return [...new Set(report.findings.map((f) => KEEP[f.rule] ?? f.rule))];
  },
};
