// Browser tests: serves www/ on a free loopback port, drives Debian's headless Chromium with
// playwright-core (no browser download), runs every *.test.mjs here in name order, and keeps a
// screenshot of each page in tests/browser/artifacts/.
//
//   node tests/browser/run.mjs            (cargo xtask test runs it after building www/pkg)
//   node tests/browser/run.mjs forms      (only test files whose name contains "forms")
//
// A test file exports `default async function ({ browser, page, url, shot, log })`:
//   url(path)       → absolute URL of a page under www/
//   shot(name)      → saves a screenshot of `page` as artifacts/<name>.png
//   browser         → the Browser (for extra pages or contexts)
// and throws (e.g. via node:assert) to fail.

import { createServer } from 'node:http';
import { readFile, readdir, mkdir, access } from 'node:fs/promises';
import { extname, join, normalize, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const www = join(here, '..', '..', 'www');
const artifacts = join(here, 'artifacts');
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8', '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.csv': 'text/csv; charset=utf-8', '.rhai': 'text/plain; charset=utf-8',
  '.jsonl': 'text/plain; charset=utf-8', '.ts': 'text/plain; charset=utf-8', '.LICENSE': 'text/plain; charset=utf-8',
};

// The precompressed copies `cargo xtask wasm` writes beside the package's files, sent as a
// production server (and `cargo xtask demo`) sends them: Brotli first, then gzip, each only if
// the request's Accept-Encoding takes it (a weight of 0 refuses).
const CODINGS = [['br', '.br'], ['gzip', '.gz']];
const exists = (f) => access(f).then(() => true, () => false);
function accepts(header, coding) {
  let any = false;
  for (const item of (header ?? '').split(',')) {
    const [name, ...params] = item.split(';').map((p) => p.trim());
    const q = params.find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2)) || 0;
    if (name.toLowerCase() === coding) return weight > 0;
    if (name === '*') any = weight > 0;
  }
  return any;
}

const server = createServer(async (req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  let file = normalize(join(www, path));
  if (!file.startsWith(www)) { res.writeHead(403).end(); return; }
  if (path.endsWith('/')) file = join(file, 'index.html');
  try {
    const headers = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' };
    let send = file;
    for (const [coding, ext] of CODINGS) {
      if (!(await exists(file + ext))) continue;
      headers.vary = 'Accept-Encoding';
      if (send === file && accepts(req.headers['accept-encoding'], coding)) {
        send = file + ext;
        headers['content-encoding'] = coding;
      }
    }
    const body = await readFile(send);
    headers['content-length'] = body.length;
    res.writeHead(200, headers);
    res.end(body);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  }
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${server.address().port}`;
await mkdir(artifacts, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--no-first-run', '--disable-quic', '--disable-sync', '--lang=zh-CN'],
});

const filter = process.argv[2] ?? '';
const files = (await readdir(here)).filter((f) => f.endsWith('.test.mjs') && f.includes(filter)).sort();
let failed = 0;
for (const file of files) {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  const started = performance.now();
  try {
    const test = (await import(join(here, file))).default;
    await test({
      browser, page,
      url: (p = '/') => base + (p.startsWith('/') ? p : `/${p}`),
      shot: (name) => page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true }),
      log: (...a) => console.log('   ', ...a),
    });
    if (errors.length) throw new Error(`uncaught errors in the page: ${errors.map((e) => e.message).join('; ')}`);
    console.log(`ok   ${file} (${Math.round(performance.now() - started)} ms)`);
  } catch (e) {
    failed += 1;
    console.log(`FAIL ${file}: ${e.stack ?? e}`);
    await page.screenshot({ path: join(artifacts, `FAILED-${file}.png`), fullPage: true }).catch(() => {});
  }
  await context.close();
}
await browser.close();
server.close();
console.log(`${files.length - failed} of ${files.length} browser test files passed; screenshots in tests/browser/artifacts/`);
process.exit(failed ? 1 : 0);
