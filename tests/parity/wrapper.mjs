// gongkai-engine.js under Node, where the garbage collector can be asked to run: the module's
// bytes given to createEngine are compiled once while the caller holds them, and not kept alive
// by the wrapper's cache afterwards (a page or a batch job that loads modules from fresh buffers
// must not accumulate them); a disposed engine throws on every call.
//
//   node tests/parity/wrapper.mjs    (after `cargo xtask wasm`; parity.mjs runs it too)

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { root } from './native.mjs';
import { createEngine } from '../../www/gongkai-engine.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');

/** Whether the buffer `make()` returns is collected once the engines made from it are disposed. */
async function collected(make) {
  let freed = false;
  const registry = new FinalizationRegistry(() => { freed = true; });
  await (async () => {
    const bytes = make();
    registry.register(bytes, 'bytes');
    const engine = await createEngine({ wasm: bytes, standard: false });
    const again = await createEngine({ wasm: bytes, standard: false });
    assert.equal(engine.version(), again.version());
    engine.dispose();
    again.dispose();
  })();
  for (let i = 0; i < 20 && !freed; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return freed;
}

export async function run() {
  for (const file of ['gongkai_bg.wasm', 'gongkai_bg.fast.wasm']) {
    const path = join(root, 'www', 'pkg', file);
    assert.ok(await collected(() => readFileSync(path)), `${file}: a Buffer given to createEngine is not kept`);
    assert.ok(await collected(() => new Uint8Array(readFileSync(path)).buffer), `${file}: an ArrayBuffer is not kept`);
    const engine = await createEngine({ wasm: readFileSync(path) });
    assert.ok(engine.rules().length > 70);
    engine.dispose();
    assert.throws(() => engine.check('document', {}), { message: 'gongkai: check: the engine was disposed' });
    engine.dispose();
  }
  console.log('wrapper ok (Node): module bytes are not kept by the cache; a disposed engine throws');
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
