// What the Chromium benchmarks (browser.mjs, cold-start.mjs, page-load.mjs) share: www/ served
// on a free loopback port as the browser tests serve it (tests/static-server.mjs: the package's
// precompressed copies sent by Accept-Encoding), and Debian's headless Chromium (via
// playwright-core, no browser download).

import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serveStatic } from '../tests/static-server.mjs';

/** The folder served: the demo site, with the wasm package in www/pkg/. */
export const www = join(dirname(fileURLToPath(import.meta.url)), '..', 'www');

/** Serves www/ and starts Chromium with `args` added to its own; `base` is the site's URL,
 *  `setCodings` narrows the precompressed copies the server may send (tests/static-server.mjs). */
export async function start(args = []) {
  const server = await serveStatic(www);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', ...args],
  });
  return {
    browser,
    base: server.base,
    setCodings: server.setCodings,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
