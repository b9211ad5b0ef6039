// What a visitor on a mobile connection waits for, in headless Chromium: from the moment a page
// asks for the engine to the first answer of a catalogue entry's check, the package's download
// included, with Chromium's network throttled to DevTools' "Slow 4G" and "Fast 4G" presets. For
// each module (default, fast) and each way the server may send it: the Brotli copy, the gzip copy
// (Zopfli) that `cargo xtask wasm` writes, and the bare file (what nginx sends when neither copy is
// there and `gzip_types` does not name application/wasm, as by default; on-the-fly gzip at
// nginx's default level 1 lies between the bare file and the copies, BENCHMARKS.md §3). Scripts
// and pages are gzipped on the fly in every case (tests/static-server.mjs).
// A fresh browser context (empty HTTP cache) per page; prints the median of N pages per cell.
//
// Then a form page as a portal has it (the demo's www/portal/catalogue-entry.html, the drop-in
// binding, the default module sent as Brotli): from navigation to the binding's first report,
// as the page comes, and with preload hints in its <head> that start the engine's script and the
// module downloading with the page instead of one after the other (README, "Serving the package").
//
//   node bench/page-load.mjs          (after `cargo xtask wasm`; N=5 by default)
//   ONLY=modules node bench/page-load.mjs, ONLY=form node bench/page-load.mjs   (one part)
//
// Throttling applies to the bytes on the wire, so the download is what the coding makes it; the
// compile, instantiation and first check run at this machine's speed, which a phone's CPU does
// not have (BENCHMARKS.md §4 has those parts alone, on this machine).

import { start } from './chromium.mjs';

const N = Number(process.env.N ?? 5);
// DevTools' presets (Chromium's front end, NetworkManager): throughput in bytes per second,
// latency in ms, as Chromium's throttling takes them.
const NETWORKS = {
  'Slow 4G': { latency: 562.5, downloadThroughput: (1.6 * 1e6 / 8) * 0.9, uploadThroughput: (750 * 1e3 / 8) * 0.9 },
  'Fast 4G': { latency: 165, downloadThroughput: (9 * 1e6 / 8) * 0.9, uploadThroughput: (1.5 * 1e6 / 8) * 0.9 },
};
const CODINGS = { 'Brotli (.br)': ['br'], 'gzip (.gz)': ['gzip'], 'none': [] };
const MODULES = { default: false, fast: true };
const ONLY = process.env.ONLY ?? '';

const { browser, base, setCodings, close } = await start();
const entry = {
  category: '机构职能', subcategory: '机构设置', content: '内设机构、下属单位', basis: '《中华人民共和国政府信息公开条例》第二十条',
  time_limit: '信息形成或者变更之日起20个工作日内', subject: '市政府办公室', channels: ['政府网站', '政务服务中心'],
  audience: ['全社会'], mode: '主动', levels: ['市级'],
};

async function once(network, fast) {
  const context = await browser.newContext();
  const page = await context.newPage();
  // A same-origin page that loads nothing itself (a 404): the engine's files are all fetched
  // under the throttling, and timed from the import of gongkai-engine.js.
  await page.goto(`${base}/pkg/`);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, ...NETWORKS[network] });
  const result = await page.evaluate(async ({ fast, entry }) => {
    const t0 = performance.now();
    const { createEngine } = await import('/gongkai-engine.js');
    const engine = await createEngine({ fast });
    const report = engine.check('catalogue_entry', entry, { today: '2026-03-02' });
    const ms = performance.now() - t0;
    const wasm = performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'));
    const bytes = performance.getEntriesByType('resource').reduce((sum, e) => sum + e.transferSize, 0);
    return { ms, findings: report.findings.length, wasm: wasm.encodedBodySize, bytes };
  }, { fast, entry });
  await context.close();
  return result;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
console.log(`page load to the first answer, Chromium ${browser.version()}, median of ${N} pages per cell (ms; KB on the wire)`);
const rows = [];
for (const network of ONLY === 'form' ? [] : Object.keys(NETWORKS)) {
  for (const [module, fast] of Object.entries(MODULES)) {
    for (const [coding, list] of Object.entries(CODINGS)) {
      setCodings(list);
      const runs = [];
      for (let i = 0; i < N; i++) runs.push(await once(network, fast));
      if (runs.some((r) => r.findings !== runs[0].findings)) throw new Error('the pages disagree');
      const row = {
        network, module, coding,
        ms: median(runs.map((r) => r.ms)),
        wasmKB: runs[0].wasm / 1024,
        allKB: median(runs.map((r) => r.bytes)) / 1024,
      };
      rows.push(row);
      console.log(`${network} · ${module} module · ${coding}: ${row.ms.toFixed(0)} ms (module ${row.wasmKB.toFixed(1)} KB, all ${row.allKB.toFixed(1)} KB)`);
    }
  }
}

// The form page. Its HTML is served untouched or with the hints added; the binding's first
// report is caught by a listener installed before any script of the page runs.
const HINTS = '<link rel="modulepreload" href="../gongkai-engine.js">\n'
  + '<link rel="preload" href="../pkg/gongkai_bg.wasm" as="fetch" type="application/wasm" crossorigin>\n';
async function form(network, hints) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(() => {
    document.addEventListener('gongkai:report', () => { window.firstReport ??= performance.now(); });
  });
  await page.route('**/portal/catalogue-entry.html', async (route) => {
    const response = await route.fetch();
    const html = await response.text();
    await route.fulfill({ response, body: hints ? html.replace('</head>', `${HINTS}</head>`) : html });
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, ...NETWORKS[network] });
  await page.goto(`${base}/portal/catalogue-entry.html`);
  await page.waitForFunction(() => window.firstReport !== undefined, null, { timeout: 60_000 });
  const result = await page.evaluate(() => ({
    ms: window.firstReport,
    wasmFetches: performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.wasm')).length,
  }));
  await context.close();
  return result;
}
setCodings(['br', 'gzip']);
const formRows = [];
for (const network of ONLY === 'modules' ? [] : Object.keys(NETWORKS)) {
  for (const hints of [false, true]) {
    const runs = [];
    for (let i = 0; i < N; i++) runs.push(await form(network, hints));
    if (runs.some((r) => r.wasmFetches !== 1)) throw new Error(`the module was fetched ${runs.map((r) => r.wasmFetches)} times`);
    const ms = median(runs.map((r) => r.ms));
    formRows.push({ network, hints, ms });
    console.log(`${network} · the form page${hints ? ' with preload hints' : ''}: first report at ${ms.toFixed(0)} ms`);
  }
}
await close();

console.log('\n| network | module | sent as | to the first answer | module on the wire | everything on the wire |');
console.log('|---|---|---|---:|---:|---:|');
for (const r of rows) {
  console.log(`| ${r.network} | ${r.module} | ${r.coding} | ${r.ms.toFixed(0)} ms | ${r.wasmKB.toFixed(1)} KB | ${r.allKB.toFixed(1)} KB |`);
}
console.log('\n| network | the form page (default module, Brotli) | navigation to the binding\'s first report |');
console.log('|---|---|---:|');
for (const r of formRows) console.log(`| ${r.network} | ${r.hints ? 'with preload hints' : 'as it is'} | ${r.ms.toFixed(0)} ms |`);
