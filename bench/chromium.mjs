// What the Chromium benchmarks (browser.mjs, cold-start.mjs) share: www/ served on a free
// loopback port, and Debian's headless Chromium (via playwright-core, no browser download).

import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

/** The folder served: the demo site, with the wasm package in www/pkg/. */
export const www = join(dirname(fileURLToPath(import.meta.url)), '..', 'www');

/** Serves www/ and starts Chromium with `args` added to its own; `base` is the site's URL. */
export async function start(args = []) {
  const server = createServer(async (req, res) => {
    const file = normalize(join(www, decodeURIComponent(new URL(req.url, 'http://x').pathname)));
    const path = file.endsWith('/') ? join(file, 'index.html') : file;
    const type = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' }[extname(path)] ?? 'text/plain';
    const body = await readFile(path).catch(() => null);
    if (body) res.writeHead(200, { 'content-type': type }).end(body);
    else res.writeHead(404).end();
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', ...args],
  });
  return {
    browser,
    base: `http://127.0.0.1:${server.address().port}`,
    async close() {
      await browser.close();
      server.close();
    },
  };
}
