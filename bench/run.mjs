// The peer benchmark: gongkai's wasm package against the rule and validation engines a portal
// developer would otherwise pick, on (a) five simple form rules and (b) the structural rules of
// a catalogue entry. See README.md for what is measured and why.
//
//   node run.mjs        (after `npm ci`; `cargo xtask bench` does both and more)
//
// Each engine is measured in fresh Node processes (engines/worker.mjs): correctness first (an
// engine that disagrees with the expected violations is reported as wrong and not timed), then
// warm per-evaluation times (the median of all batches of BENCH_TIMING_RUNS processes, default
// 3), and the init time as the median over BENCH_INIT_RUNS (default 7) fresh processes. The
// processes run in rounds (every engine once per round), so all engines share the machine's
// ups and downs. Writes results.md and results.json next to this file and prints the tables.

import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { WORKLOADS } from './workloads.mjs';

const ENGINES = ['gongkai', 'gongkai-fast', 'gongkai-standard', 'json-rules-engine', 'datalogic', 'zen', 'cedar', 'json-logic-engine', 'ajv'];
const INIT_RUNS = Number(process.env.BENCH_INIT_RUNS ?? 7);
const TIMING_RUNS = Number(process.env.BENCH_TIMING_RUNS ?? 3);
const bench = fileURLToPath(new URL('./', import.meta.url));
const started = Date.now();

function worker(mode, engine, workload) {
  const out = execFileSync(process.execPath, ['engines/worker.mjs', mode, engine, workload], {
    cwd: bench, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20,
  });
  return JSON.parse(out.trim().split('\n').pop());
}

const quantile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  const i = p * (s.length - 1);
  return s[Math.floor(i)] + (s[Math.ceil(i)] - s[Math.floor(i)]) * (i - Math.floor(i));
};
const median = (xs) => quantile(xs, 0.5);

/** gzip -9 size of one file, as `gzip -9 -c` gives it (zlib level 9 if gzip is missing). */
function gzipSize(path) {
  const r = spawnSync('gzip', ['-9', '-c', path], { maxBuffer: 64 << 20 });
  return r.status === 0 ? r.stdout.length : gzipSync(readFileSync(path), { level: 9 }).length;
}

/** Brotli size of one file at quality 11, as a server sending precompressed files (or a CDN)
 *  would send it; every current browser accepts it over HTTPS. */
function brotliSize(path) {
  const data = readFileSync(path);
  return brotliCompressSync(data, {
    params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: data.length },
  }).length;
}

function download(files) {
  let raw = 0;
  let gzip = 0;
  let brotli = 0;
  for (const f of files) {
    raw += readFileSync(f).length;
    gzip += gzipSize(f);
    brotli += brotliSize(f);
  }
  return { files: files.map((f) => relative(bench, f)), raw, gzip, brotli };
}

const cpu = readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/m)?.[1] ?? cpus()[0]?.model ?? 'unknown';
const env = {
  date: new Date().toISOString(),
  node: process.version,
  cpu,
  cores: cpus().length,
  loadavg: loadavg().map((x) => Number(x.toFixed(2))),
  initRuns: INIT_RUNS,
  timingRuns: TIMING_RUNS,
};
console.error(`peer benchmark: Node ${env.node}, ${env.cpu} × ${env.cores}, load ${env.loadavg.join(' ')}`);

const modules = {};
for (const name of ENGINES) modules[name] = (await import(`./engines/${name}.mjs`)).default;

const results = { env, workloads: {} };
for (const [wname, workload] of Object.entries(WORKLOADS)) {
  const rows = [];
  const active = [];
  for (const name of ENGINES) {
    const engine = modules[name];
    const row = { engine: name, label: engine.label, how: engine.how[wname] };
    rows.push(row);
    if (engine.supports?.[wname] === false) row.status = 'n/a';
    else active.push({ name, engine, row, runs: [] });
  }
  // Rounds, each running every engine once in a fresh process, so that all engines are timed
  // across the same stretch of time: on a shared machine the load drifts over minutes, and
  // measuring one engine after the other would hand the drift to whichever came last.
  process.stderr.write(`  ${wname}: correctness and timing, ${TIMING_RUNS} rounds of ${active.length} engines … `);
  for (let i = 0; i < TIMING_RUNS; i++) {
    for (const a of active.filter((a) => !a.error && !a.runs.some((r) => r.disagreements.length))) {
      try {
        a.runs.push(worker('run', a.name, wname));
      } catch (error) {
        a.error = error;
      }
    }
  }
  console.error('done');
  const timed = [];
  for (const { name, engine, row, runs, error } of active) {
    if (error) {
      row.status = 'failed';
      row.error = String(error.stderr || error.message).trim().split('\n').slice(-3).join(' ');
      console.error(`  ${wname} · ${name}: failed`);
      continue;
    }
    const run = runs[runs.length - 1];
    row.version = run.version;
    row.records = workload.records.length;
    row.disagreements = run.disagreements;
    row.probes = run.probes;
    const files = engine.files === 'traced'
      ? run.traced.map((f) => {
        const pkgPath = f.slice(f.lastIndexOf('/node_modules/') + '/node_modules/'.length);
        const browser = engine.browserFiles?.[pkgPath];
        return browser ? f.replace(pkgPath, browser) : f;
      })
      : engine.files.map((f) => fileURLToPath(new URL(f, import.meta.url)));
    row.download = download(files);
    if (run.disagreements.length) {
      row.status = 'wrong';
      console.error(`  ${wname} · ${name}: WRONG on ${run.disagreements.length} record(s)`);
      continue;
    }
    row.status = 'ok';
    row.timing = {};
    for (const label of Object.keys(run.timing)) {
      const samples = runs.flatMap((r) => r.timing[label].samples);
      row.timing[label] = {
        median: median(samples), p25: quantile(samples, 0.25), p75: quantile(samples, 0.75),
        batches: samples.length, batchSizes: runs.map((r) => r.timing[label].batch), samples,
      };
    }
    row.init = [];
    timed.push({ name, row });
  }
  process.stderr.write(`  ${wname}: init, ${INIT_RUNS} rounds of ${timed.length} engines … `);
  for (let i = 0; i < INIT_RUNS; i++) {
    for (const { name, row } of timed) row.init.push(worker('init', name, wname).initMs);
  }
  for (const { row } of timed) row.initMedian = median(row.init);
  console.error('done');
  results.workloads[wname] = { title: workload.title, timed: workload.timed, rules: workload.rules, rows };
}
env.seconds = Math.round((Date.now() - started) / 1000);

// ---------------------------------------------------------------------------------------------
// Report.

const f1 = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toFixed(3));
const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
const time = (t) => `${f1(t.median)} (${f1(t.p25)}–${f1(t.p75)})`;

const lines = [];
const say = (s = '') => lines.push(s);
say('# Peer benchmark results');
say();
say(`${env.date.slice(0, 10)} · Node ${env.node} · ${env.cpu}, ${env.cores} cores (shared with other work: load average ${env.loadavg.join(', ')} at the start) · ${env.seconds} s in all.`);
say(`Numbers are noisy on this machine. Per-check times: warm, median over the batches of ${TIMING_RUNS} fresh processes per engine, run in rounds so every engine shares the same stretch of time (1.5 s warm-up, then 25 batches of ≥ 5 ms per record),`);
say('interquartile range in parentheses; the JS↔wasm crossing (and the mapping of each engine\'s answer to rule names) is included.');
say();
for (const [wname, w] of Object.entries(results.workloads)) {
  say(`## ${w.title}`);
  say();
  say(`Rules: ${w.rules.join(', ')}. Records checked for correctness: ${WORKLOADS[wname].records.length}; timed: \`${w.timed.valid}\` (valid) and \`${w.timed.invalid}\` (invalid).`);
  say();
  say(`| engine | version | correct | init, ms (median of ${INIT_RUNS} fresh processes) | valid record, µs/check | invalid record, µs/check | browser download, gzip -9 | Brotli 11 (raw) |`);
  say('|---|---|---|---:|---:|---:|---:|---:|');
  for (const r of w.rows) {
    if (r.status === 'n/a') {
      say(`| ${r.label} | | n/a | | | | | |`);
      continue;
    }
    if (r.status === 'failed') {
      say(`| ${r.label} | | **failed** | | | | | |`);
      continue;
    }
    const dl = `${kb(r.download.gzip)} | ${kb(r.download.brotli)} (${kb(r.download.raw)})`;
    if (r.status === 'wrong') {
      say(`| ${r.label} | ${r.version} | **wrong** (${r.disagreements.length}/${r.records}) | not timed | not timed | not timed | ${dl} |`);
      continue;
    }
    say(`| ${r.label} | ${r.version} | yes (${r.records}/${r.records}) | ${f1(r.initMedian)} | ${time(r.timing.valid)} | ${time(r.timing.invalid)} | ${dl} |`);
  }
  say();
  const wrong = w.rows.filter((r) => r.status === 'wrong' || r.status === 'failed');
  if (wrong.length) {
    say('Disagreements and failures:');
    say();
    for (const r of wrong) {
      if (r.error) say(`- ${r.label}: ${r.error}`);
      for (const d of r.disagreements ?? []) say(`- ${r.label}, ${d.record}: expected [${d.expected.join(', ')}], got [${d.got.join(', ')}]`);
    }
    say();
  }
  const probes = WORKLOADS[wname].probes ?? [];
  if (probes.length) {
    say('Beyond the structural rules (not part of the verdict, not timed): does the engine flag the time limit?');
    say();
    say(`| engine | ${probes.map((p) => p.id).join(' | ')} |`);
    say(`|---|${probes.map(() => '---').join('|')}|`);
    for (const r of w.rows.filter((r) => r.probes)) say(`| ${r.label} | ${r.probes.map((p) => (p.caught ? 'flagged' : 'missed')).join(' | ')} |`);
    say();
  }
  say('How each engine expresses the rules:');
  say();
  for (const r of w.rows) say(`- **${r.label}**: ${r.how}`);
  say();
}
say('Browser download: the files a page loads for the engine, each compressed with `gzip -9`, and each with Brotli at quality 11 (what a server sending precompressed files sends; `cargo xtask wasm` writes these copies for gongkai), summed; rule definitions not included.');
say('For the wasm engines, the `.wasm` and its JavaScript glue (gongkai: `www/pkg/gongkai_bg.wasm`, or `gongkai_bg.fast.wasm` for the fast module, `www/pkg/gongkai.js` with its snippets `www/pkg/snippets/`, `www/gongkai-engine.js`);');
say('for json-rules-engine and ajv, the CommonJS files Node loaded for the benchmark (jsonpath-plus\'s browser build in place of its Node build), unminified (a bundler would minify them);');
say('for json-logic-engine, its single ESM file.');

const markdown = lines.join('\n') + '\n';
writeFileSync(new URL('results.md', import.meta.url), markdown);
// The raw batch samples stay out of results.json (medians, quartiles and batch sizes are kept).
const slim = (key, value) => (key === 'samples' ? undefined : value);
writeFileSync(new URL('results.json', import.meta.url), JSON.stringify(results, slim, 2) + '\n');
process.stdout.write(markdown);
