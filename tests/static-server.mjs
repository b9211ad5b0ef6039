// A static file server for www/ on a free loopback port, shared by the browser tests
// (tests/browser/run.mjs) and the Chromium benchmarks (bench/chromium.mjs): the MIME types
// browsers insist on for modules and wasm, and the precompressed copies `cargo xtask wasm`
// writes beside the package's files (FILE.br, FILE.gz) sent as a production server sends them
// (README, "Serving the package"), as `cargo xtask demo` does too (xtask/src/serve.rs). Other
// text (pages, scripts, styles) is gzipped on the fly, as a production server does, so that the
// page-load benchmark's pages weigh what they would on a portal.

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8', '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.csv': 'text/csv; charset=utf-8', '.rhai': 'text/plain; charset=utf-8',
  '.jsonl': 'text/plain; charset=utf-8', '.ts': 'text/plain; charset=utf-8', '.LICENSE': 'text/plain; charset=utf-8',
};

/** Content codings of the precompressed copies, preferred first, with their files' suffixes. */
const CODINGS = [['br', '.br'], ['gzip', '.gz']];

/** Whether an Accept-Encoding value takes `coding`: named with a weight above 0, or not named
 *  and `*` taken (RFC 9110 §12.5.3). */
export function accepts(header, coding) {
  let any = false;
  for (const item of (header ?? '').split(',')) {
    const [name, ...params] = item.split(';').map((p) => p.trim());
    const q = params.find((p) => /^q=/i.test(p));
    const weight = q === undefined ? 1 : Number(q.slice(2)) || 0;
    if (name.toLowerCase() === coding) return weight > 0;
    if (name === '*') any = weight > 0;
  }
  return any;
}

/** When `f` was last written, or undefined if there is no such file. */
const modified = (f) => stat(f).then((s) => s.mtimeMs, () => undefined);

/** Types compressed on the fly when no copy was made for them. */
const TEXT = /^(text\/|application\/json|image\/svg)/;

/**
 * Serves `root`. `codings` lists the content codings whose precompressed copies may be sent
 * (default both; a benchmark narrows it to compare the module's downloads; text without a copy
 * is gzipped on the fly whatever it says), settable between requests through the returned
 * `setCodings`. Resolves to `{ base, close, setCodings }`.
 */
export async function serveStatic(root, { codings = ['br', 'gzip'] } = {}) {
  let allowed = codings;
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = normalize(join(root, path));
    if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
    if (path.endsWith('/')) file = join(file, 'index.html');
    try {
      const headers = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' };
      let send = file;
      const written = await modified(file);
      for (const [coding, ext] of CODINGS) {
        // A copy older than its file is stale (the file rebuilt by hand): never sent.
        const copy = await modified(file + ext);
        if (copy === undefined || written === undefined || copy < written) continue;
        headers.vary = 'Accept-Encoding';
        if (send === file && allowed.includes(coding) && accepts(req.headers['accept-encoding'], coding)) {
          send = file + ext;
          headers['content-encoding'] = coding;
        }
      }
      let body = await readFile(send);
      if (send === file && TEXT.test(headers['content-type']) && accepts(req.headers['accept-encoding'], 'gzip')) {
        body = gzipSync(body);
        headers['content-encoding'] = 'gzip';
        headers.vary = 'Accept-Encoding';
      }
      headers['content-length'] = body.length;
      res.writeHead(200, headers);
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    base: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((ok) => server.close(ok)),
    setCodings: (list) => { allowed = list; },
  };
}
