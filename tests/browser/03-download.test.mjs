// What a page downloads: the module comes as the Brotli copy `cargo xtask wasm` wrote beside it
// (the test server sends precompressed copies as a production server would, README "Serving the
// package"), the browser decodes it to the module's exact bytes, and the engine then checks a
// record. The copy's and the module's sizes are compared with the files in www/pkg/. On a form
// page, the binding's preload of the module is what the engine uses: one download.
import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'www', 'pkg');

export default async function ({ page, url, log }) {
  const responses = [];
  page.on('response', (r) => { if (r.url().endsWith('/gongkai_bg.wasm')) responses.push(r); });
  await page.goto(url('/'));
  const result = await page.evaluate(async () => {
    const { createEngine } = await import('/gongkai-engine.js');
    const engine = await createEngine();
    const report = engine.check('catalogue_entry', { category: '机构职能' }, { today: '2026-03-02' });
    const entry = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/gongkai_bg.wasm'));
    return {
      findings: report.findings.map((f) => f.rule),
      encoded: entry.encodedBodySize,
      decoded: entry.decodedBodySize,
    };
  });
  assert.equal(responses.length, 1, 'the module was fetched once');
  const headers = await responses[0].allHeaders();
  assert.equal(headers['content-encoding'], 'br', `Content-Encoding ${headers['content-encoding']}`);
  assert.equal(headers['content-type'], 'application/wasm');
  assert.match(headers.vary ?? '', /accept-encoding/i);
  const [wasm, br] = await Promise.all([stat(join(pkg, 'gongkai_bg.wasm')), stat(join(pkg, 'gongkai_bg.wasm.br'))]);
  assert.equal(result.encoded, br.size, 'the bytes on the wire are the .br copy');
  assert.equal(result.decoded, wasm.size, 'decoded, they are the module');
  assert.ok(result.findings.includes('CAT-001'), `findings: ${result.findings}`);
  log(`gongkai_bg.wasm: ${result.encoded} bytes downloaded (br), ${result.decoded} decoded`);

  // The form binding starts the module's download with a preload beside gongkai-engine.js's,
  // which the engine's fetch takes: the module is fetched once, and the form is checked.
  const form = await page.context().newPage();
  await form.addInitScript(() => {
    document.addEventListener('gongkai:report', () => { window.firstReport ??= performance.now(); });
  });
  await form.goto(url('/portal/catalogue-entry.html'));
  await form.waitForFunction(() => window.firstReport !== undefined);
  const loaded = await form.evaluate(() => ({
    preloads: [...document.querySelectorAll('link[rel="preload"]')].map((l) => new URL(l.href).pathname),
    fetches: performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.wasm')).map((e) => new URL(e.name).pathname),
  }));
  assert.deepEqual(loaded.preloads, ['/pkg/gongkai_bg.wasm']);
  assert.deepEqual(loaded.fetches, ['/pkg/gongkai_bg.wasm'], 'the module is downloaded once');
  await form.close();

  // A client that takes only gzip gets the .gz copy; one that takes neither, the module itself.
  const gz = await stat(join(pkg, 'gongkai_bg.wasm.gz'));
  for (const [accept, coding, size] of [['gzip', 'gzip', gz.size], ['identity', undefined, wasm.size]]) {
    const r = await page.request.get(url('/pkg/gongkai_bg.wasm'), { headers: { 'accept-encoding': accept } });
    assert.equal(r.headers()['content-encoding'], coding, `Accept-Encoding: ${accept}`);
    assert.equal(Number(r.headers()['content-length']), size, `Accept-Encoding: ${accept}`);
  }
}
