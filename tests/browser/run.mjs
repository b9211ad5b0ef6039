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

import { readdir, mkdir } from 'node:fs/promises';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serveStatic } from '../static-server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const www = join(here, '..', '..', 'www');
const artifacts = join(here, 'artifacts');

// www/ with the MIME types browsers insist on, and the precompressed copies of www/pkg/ sent by
// Accept-Encoding, as a production server sends them (tests/static-server.mjs).
const server = await serveStatic(www);
const { base } = server;
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
await server.close();
console.log(`${files.length - failed} of ${files.length} browser test files passed; screenshots in tests/browser/artifacts/`);
process.exit(failed ? 1 : 0);
