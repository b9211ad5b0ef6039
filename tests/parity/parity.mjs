// Parity under Node: every rule example and every record of examples/ gives the same result
// through the wasm package, in both its modules, as through the native core (the `gongkai` CLI).
// Then the wrapper's checks that need Node (tests/parity/wrapper.mjs).
//
//   node tests/parity/parity.mjs    (after `cargo xtask wasm` and `cargo build -p gongkai-cli`)

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root, nativeResults, engineFindings, engineExamples, ruleSources, compare } from './native.mjs';
import { createEngine } from '../../www/gongkai-engine.js';
import { run as wrapperChecks } from './wrapper.mjs';

const native = nativeResults();
const nExamples = Object.keys(native.examples).length;
const nRecords = Object.values(native.files).reduce((n, r) => n + r.length, 0);
const nFindings = Object.values(native.files).flat().flat().length;
let failed = false;
// Both modules: the default one runs rules under rhai, the fast one on the lowered evaluator.
for (const file of ['gongkai_bg.wasm', 'gongkai_bg.fast.wasm']) {
  const wasm = readFileSync(join(root, 'www', 'pkg', file));
  const engine = await createEngine({ wasm });
  // Files through the embedded (compacted) standard rules, as a portal uses them …
  const files = engineFindings(engine);
  // … and examples through the full sources, loaded as a rule author would.
  const examples = engineExamples(await createEngine({ wasm }), ruleSources());
  const diffs = compare(native, { examples, files }, `node, ${file}`);
  if (diffs.length) {
    console.log(diffs.join('\n'));
    console.log(`parity FAILED (${file}, ${engine.evaluator()}): ${diffs.length} difference(s)`);
    failed = true;
  } else {
    console.log(`parity ok (Node, ${file}, ${engine.evaluator()}): ${nExamples} rule examples and ${nRecords} example records (${nFindings} findings) agree with the native core`);
  }
}
await wrapperChecks();
if (failed) process.exit(1);
