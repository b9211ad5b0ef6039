// playground-worker.js: evaluates the playground's rule off the main thread.
//
// A rule is code anyone can write, and `loop {}` is valid rhai. The engine's limits stop a
// runaway rule within milliseconds, but the playground can lift them (to show what they are
// for), and then nothing inside the engine will: the page's Stop button terminates this
// worker and starts a new one. So this worker keeps no state the page needs to get back;
// every request carries everything (source, record, options).
//
// Protocol (page → worker):
//   { type: 'meta' }                                        → { type: 'meta', rules, schemas, version }
//   { type: 'run', seq, source, kind, record, recordError, today, standard, unlimited }
//     → { type: 'loaded', seq, result, rule }               the load result (diagnostics) and the rule's metadata
//     → { type: 'checked', seq, report, ms } | { type: 'check-error', seq, message }
//     → { type: 'tested', seq, report, ms }
//     → { type: 'done', seq }
// Results come one stage at a time, so diagnostics show even while the check is still running.
// The first message may be { type: 'wasm', module } with the page's compiled WebAssembly.Module,
// which spares a restarted worker compiling the megabyte of wasm again.

import { createEngine } from './gongkai-engine.js';

const UNLIMITED = { max_operations: 0, max_time_ms: 0 };
/** Loads per engine before it is rebuilt: the wrapper journals every load to replay on a trap. */
const MAX_LOADS = 100;

let wasm; // a WebAssembly.Module from the page, if it sent one
const engines = new Map(); // "standard|unlimited" → { engine, loaded: { id, replaced } | null, loads }

async function engineFor(standard, unlimited) {
  const key = `${standard}|${unlimited}`;
  let slot = engines.get(key);
  // A custom rule that replaced a standard one cannot simply be removed (the standard rule
  // would be gone too), so then, and after many loads, the engine is built afresh.
  if (slot && (slot.loaded?.replaced || slot.loads >= MAX_LOADS)) {
    engines.delete(key);
    slot = null;
  }
  if (!slot) {
    const engine = await createEngine({ wasm, standard, ...(unlimited ? { limits: UNLIMITED } : {}) });
    slot = { engine, loaded: null, loads: 0 };
    engines.set(key, slot);
  }
  return slot;
}

async function meta() {
  const { engine } = await engineFor(true, false);
  return { type: 'meta', rules: engine.rules(), schemas: engine.schemas(), version: engine.version() };
}

async function run(msg) {
  const { seq } = msg;
  const slot = await engineFor(msg.standard, msg.unlimited);
  const { engine } = slot;
  if (slot.loaded) {
    engine.removeRule(slot.loaded.id);
    slot.loaded = null;
  }
  const result = engine.loadRules(msg.source, 'playground');
  slot.loads += 1;
  if (result.ok) slot.loaded = { id: result.id, replaced: result.replaced };
  const rule = result.ok ? engine.rules().find((r) => r.id === result.id) : null;
  postMessage({ type: 'loaded', seq, result, rule });
  if (!result.ok) return;

  if (msg.record !== undefined) {
    const started = performance.now();
    try {
      const options = msg.today ? { today: msg.today } : {};
      const report = engine.check(msg.kind, msg.record, options);
      postMessage({ type: 'checked', seq, report, ms: performance.now() - started });
    } catch (error) {
      postMessage({ type: 'check-error', seq, message: String(error?.message ?? error) });
    }
  }

  const started = performance.now();
  const report = engine.test([result.id]);
  postMessage({ type: 'tested', seq, report, ms: performance.now() - started });
}

async function handle(msg) {
  try {
    if (msg.type === 'wasm') wasm = msg.module;
    else if (msg.type === 'meta') postMessage(await meta());
    else if (msg.type === 'run') await run(msg);
  } catch (error) {
    postMessage({ type: 'failed', seq: msg.seq, message: String(error?.message ?? error) });
  }
  if (msg.type === 'run') postMessage({ type: 'done', seq: msg.seq });
}

// One request at a time, in order: handlers await engine creation, and two interleaved
// requests would otherwise build the same engine twice or load rules into it out of order.
let queue = Promise.resolve();
self.addEventListener('message', (event) => {
  queue = queue.then(() => handle(event.data));
});
