// One measurement in a fresh Node process, printed as one JSON line on stdout:
//
//   node engines/worker.mjs init ENGINE WORKLOAD   time to load the engine and have the rules ready
//   node engines/worker.mjs run ENGINE WORKLOAD    correctness on every record, then (if correct)
//                                                  the warm time of one evaluation of the valid and
//                                                  the invalid record; probes; files loaded
//
// run.mjs starts these; a fresh process per measurement keeps one engine's JIT state, heap and
// wasm instances from affecting another's.

import { createRequire } from 'node:module';
import { WORKLOADS, expectedFor, CHANNELS, AUDIENCES, MODES, LEVELS } from '../workloads.mjs';
import './util.mjs';

const [mode, engineName, workloadName] = process.argv.slice(2);
const workload = WORKLOADS[workloadName];
if (!workload || !['init', 'run'].includes(mode)) {
  console.error('usage: node engines/worker.mjs init|run ENGINE form|catalogue');
  process.exit(2);
}

const now = () => process.hrtime.bigint();
const ms = (from, to) => Number(to - from) / 1e6;

const t0 = now();
const { default: engine } = await import(`./${engineName}.mjs`);
await engine.init(workloadName);
const initMs = ms(t0, now());

if (mode === 'init') {
  console.log(JSON.stringify({ initMs }));
  process.exit(0);
}

const sorted = (names) => [...names].sort();
const same = (a, b) => JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));

// Correctness: every record, before any timing.
const disagreements = [];
for (const item of workload.records) {
  const expected = expectedFor(item, engine.semantics);
  let got;
  try {
    got = await engine.evaluate(item.record);
  } catch (error) {
    got = [`error: ${String(error.message ?? error).slice(0, 300)}`];
  }
  if (!same(got, expected)) disagreements.push({ record: item.id, expected: sorted(expected), got: sorted(got) });
}

const probes = [];
for (const item of workload.probes ?? []) {
  let got;
  try {
    got = sorted(await engine.evaluate(item.record));
  } catch (error) {
    got = [`error: ${String(error.message ?? error).slice(0, 200)}`];
  }
  probes.push({ probe: item.id, expected: item.expected, got, caught: same(got, item.expected) });
}

// gongkai's schema is the source of the catalogue vocabularies: make sure they still agree.
if (engine.schemas && workloadName === 'catalogue') {
  const kind = engine.schemas().find((k) => k.name === 'catalogue_entry');
  const options = Object.fromEntries(kind.fields.map((f) => [f.name, f.options]));
  const want = { channels: CHANNELS, audience: AUDIENCES, mode: MODES, levels: LEVELS };
  for (const [field, values] of Object.entries(want)) {
    if (JSON.stringify(options[field]) !== JSON.stringify(values)) {
      disagreements.push({ record: `schema options of ${field}`, expected: values, got: options[field] });
    }
  }
}

/**
 * Warm per-call times of each timed record, in µs. All timed records are first run in turn for
 * WARM_MS (long enough for V8 to tier a large wasm module up to optimised code even on a busy
 * machine; measuring the first record right away made it look slower than the second); then a
 * batch size of at least 5 ms is found per record, and BATCHES batches are run, the records
 * interleaved so that a change of machine load hits them alike. run.mjs takes the median.
 */
async function measureAll(fns) {
  const WARM_MS = 1500;
  const BATCHES = 25;
  const runBatch = async ({ fn, isAsync }, n) => {
    const s = now();
    if (isAsync) for (let i = 0; i < n; i++) await fn();
    else for (let i = 0; i < n; i++) fn();
    return ms(s, now());
  };
  const warmUntil = now() + BigInt(WARM_MS) * 1_000_000n;
  while (now() < warmUntil) for (const f of fns) await runBatch(f, 1);
  for (const f of fns) {
    f.n = 1;
    while ((await runBatch(f, f.n)) < 5) f.n *= 2;
    f.samples = [];
  }
  for (let b = 0; b < BATCHES; b++) {
    for (const f of fns) f.samples.push(((await runBatch(f, f.n)) / f.n) * 1000);
  }
  return fns.map((f) => ({ samples: f.samples, batch: f.n }));
}

let timing = null;
if (disagreements.length === 0) {
  const labels = Object.keys(workload.timed);
  const fns = labels.map((label) => {
    const { record } = workload.records.find((r) => r.id === workload.timed[label]);
    return { fn: () => engine.evaluate(record), isAsync: engine.evaluate(record) instanceof Promise };
  });
  const measured = await measureAll(fns);
  timing = Object.fromEntries(labels.map((label, i) => [label, measured[i]]));
}

// CommonJS files the engine loaded (for engines whose browser payload is their module graph).
const require = createRequire(import.meta.url);
const traced = Object.keys(require.cache).filter((f) => f.includes('/node_modules/'));

console.log(JSON.stringify({
  initMs,
  version: engine.version(),
  disagreements,
  probes,
  timing,
  traced,
}));
