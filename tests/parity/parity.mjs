// Parity under Node: every rule example and every record of examples/ gives the same result
// through the wasm package as through the native core (the `gongkai` CLI).
//
//   node tests/parity/parity.mjs    (after `cargo xtask wasm` and `cargo build -p gongkai-cli`)

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root, nativeResults, engineFindings, engineExamples, ruleSources, compare } from './native.mjs';
import { createEngine } from '../../www/gongkai-engine.js';

const wasm = readFileSync(join(root, 'www', 'pkg', 'gongkai_bg.wasm'));
const native = nativeResults();
// Files through the embedded (compacted) standard rules, as a portal uses them …
const files = engineFindings(await createEngine({ wasm }));
// … and examples through the full sources, loaded as a rule author would.
const examples = engineExamples(await createEngine({ wasm }), ruleSources());
const diffs = compare(native, { examples, files }, 'node');
const nExamples = Object.keys(native.examples).length;
const nRecords = Object.values(native.files).reduce((n, r) => n + r.length, 0);
const nFindings = Object.values(native.files).flat().flat().length;
if (diffs.length) {
  console.log(diffs.join('\n'));
  console.log(`parity FAILED: ${diffs.length} difference(s)`);
  process.exit(1);
}
console.log(`parity ok (Node): ${nExamples} rule examples and ${nRecords} example records (${nFindings} findings) agree with the native core`);
