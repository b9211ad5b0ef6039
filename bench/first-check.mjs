// What the first `check` of a fresh page is made of, under Node: instantiation of the compiled
// module, `new Engine()`, the first and second `check` of a catalogue entry, and the first
// `check` of a second engine (its pack compiled again, the module's code already compiled).
// Run it once as is and once with V8's eager compilation to separate the two costs:
//
//   node bench/first-check.mjs
//   node --no-wasm-lazy-compilation bench/first-check.mjs
//
// (after `cargo xtask wasm`; one line of milliseconds per run, so run it a few times).

import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = join(root, 'www', 'pkg');
const gongkai = await import(pathToFileURL(join(pkg, 'gongkai.js')).href);
const catalogue = JSON.parse(readFileSync(join(root, 'examples', 'catalogue.json'), 'utf8'));
const entry = (Array.isArray(catalogue) ? catalogue[0] : catalogue).entries[0];
const options = { today: '2020-01-02' };
const module = await WebAssembly.compile(readFileSync(join(pkg, 'gongkai_bg.wasm')));

const t0 = performance.now();
await gongkai.default({ module_or_path: module });
const t1 = performance.now();
const engine = new gongkai.Engine();
const t2 = performance.now();
engine.check('catalogue_entry', entry, options);
const t3 = performance.now();
engine.check('catalogue_entry', entry, options);
const t4 = performance.now();
new gongkai.Engine().check('catalogue_entry', entry, options);
const t5 = performance.now();
const ms = (a, b) => (b - a).toFixed(1);
console.log(
  `instantiate ${ms(t0, t1)} · new Engine ${ms(t1, t2)} · first check ${ms(t2, t3)} · ` +
    `second check ${ms(t3, t4)} · a second engine's first check ${ms(t4, t5)} (ms)`,
);
