// What a page's first answer is made of, in headless Chromium (Debian's, via playwright-core):
// for each of N cold pages, the module instantiated and `new Engine()` (ready), the first
// `check` of a catalogue entry (its pack compiled, and V8 compiling the module's functions as
// they are first called), a second engine's first `check` in the same page (the pack compiled
// again, the code already compiled) and the first `check` of another kind (document).
// Prints the median of each.
//
//   node bench/cold-start.mjs                 (after `cargo xtask wasm`; N=15 by default)
//   MODULE=gongkai_bg.fast.wasm node bench/cold-start.mjs      (the fast module)
//   V8_FLAGS=--wasm-tiering-budget=1000000000 node bench/cold-start.mjs
//
// V8_FLAGS is handed to Chromium's V8 (`--js-flags`), which a page cannot do: it is for finding
// out where the time goes, not a setting. With the flag above V8 never moves a function up to
// its optimising compiler (TurboFan) during the measure; comparing the two runs gives what that
// tier-up costs the first answer (BENCHMARKS.md §4). To see which functions it compiles, and how
// long each takes, give `V8_FLAGS=--trace-wasm-compilation-times N=1` and run with
// `DEBUG=pw:browser` (the renderer's output is printed on stderr; function indices, which a
// names-kept build maps to names).

import { start } from './chromium.mjs';

const flags = process.env.V8_FLAGS ? [`--js-flags=${process.env.V8_FLAGS}`] : [];
const { browser, base, close } = await start(flags);

const N = Number(process.env.N ?? 15);
const MODULE = process.env.MODULE ?? 'gongkai_bg.wasm';
const runs = [];
for (let i = 0; i < N; i++) {
  // A new page per run: a cold instance, its functions not compiled yet.
  const page = await browser.newPage();
  await page.goto(`${base}/`);
  runs.push(await page.evaluate(async (file) => {
    const bytes = await (await fetch(`/pkg/${file}`)).arrayBuffer();
    const module = await WebAssembly.compile(bytes); // fetch and compile excluded
    const glue = await import('/pkg/gongkai.js');
    const entry = { category: '机构职能', subcategory: '机构设置', content: '内设机构、下属单位', basis: '《中华人民共和国政府信息公开条例》第二十条',
      time_limit: '信息形成或者变更之日起20个工作日内', subject: '市政府办公室', channels: ['政府网站', '政务服务中心'],
      audience: ['全社会'], mode: '主动', levels: ['市级'] };
    const opts = { today: '2026-03-02' };
    const t0 = performance.now();
    glue.initSync({ module });
    const engine = new glue.Engine();
    const t1 = performance.now();
    engine.check('catalogue_entry', entry, opts);
    const t2 = performance.now();
    new glue.Engine().check('catalogue_entry', entry, opts);
    const t3 = performance.now();
    engine.check('document', {}, opts);
    const t4 = performance.now();
    return [t1 - t0, t2 - t1, t3 - t2, t4 - t3];
  }, MODULE));
  await page.close();
}
const version = browser.version();
await close();

const median = (k) => {
  const sorted = runs.map((r) => r[k]).sort((a, b) => a - b);
  return sorted[sorted.length >> 1].toFixed(1);
};
console.log(`Chromium ${version}, ${MODULE}, ${N} cold pages${flags.length ? `, ${flags[0]}` : ''} (medians, ms)`);
console.log('| instantiate + new Engine() | first check of a catalogue entry | a second engine\'s first check | first check of a document |');
console.log('|---:|---:|---:|---:|');
console.log(`| ${median(0)} | ${median(1)} | ${median(2)} | ${median(3)} |`);
