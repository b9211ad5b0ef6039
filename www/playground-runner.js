// playground-runner.js: owns the playground's Web Worker, and the Stop button's promise.
//
// The main thread never evaluates a rule. Requests go to the worker one at a time; while one
// runs, newer edits only replace the single pending request (typing fast must not queue up a
// run per keystroke). Stop terminates the worker, the only way to end a rule that loops with
// the engine's limits lifted, and starts a fresh one at once. A request superseded by an edit
// while its run has already taken long is treated the same way: the author has moved on, and
// a fixed rule should not wait behind the broken one.

const SUPERSEDE_AFTER_MS = 1500;

// Compiled once per page and handed to every worker, so a restart after Stop does not compile
// the megabyte of wasm again. If this fails the worker simply compiles it itself.
const wasmModule = (WebAssembly.compileStreaming
  ? WebAssembly.compileStreaming(fetch(new URL('./pkg/gongkai_bg.wasm', import.meta.url)))
  : Promise.reject(new Error('no compileStreaming'))).catch(() => null);

export class Runner {
  /**
   * @param {object} handlers
   *   onResult(msg)   a stage of the current run: loaded, checked, check-error, tested, failed
   *   onState(state, detail)  'running' | 'idle' | 'stopped' | 'crashed'
   */
  constructor({ onResult, onState }) {
    this.onResult = onResult;
    this.onState = onState;
    this.seq = 0;
    this.current = null; // { seq, started }
    this.pending = null;
    this.metaWaiters = [];
    this.#start();
  }

  /** Rule metadata and schemas, from a worker's standard engine. */
  meta() {
    return new Promise((resolve, reject) => {
      this.metaWaiters.push({ resolve, reject });
      if (this.metaWaiters.length === 1) this.#post({ type: 'meta' });
    });
  }

  /** Evaluates `request` (source, kind, record, today, standard, unlimited) now or next. */
  run(request) {
    if (!this.current) {
      this.#send(request);
      return;
    }
    this.pending = request;
    if (performance.now() - this.current.started > SUPERSEDE_AFTER_MS) this.#restart('running');
  }

  get running() {
    return this.current !== null;
  }

  /** Ends the running evaluation by terminating the worker; a fresh worker takes over. */
  stop() {
    this.pending = null;
    this.#restart('stopped');
  }

  #start() {
    const worker = new Worker(new URL('./playground-worker.js', import.meta.url), { type: 'module' });
    this.worker = worker;
    worker.addEventListener('message', (e) => {
      if (worker === this.worker) this.#message(e.data);
    });
    worker.addEventListener('error', (e) => {
      if (worker !== this.worker) return;
      e.preventDefault();
      this.current = null;
      this.onState('crashed', e.message || '后台线程出错');
      for (const w of this.metaWaiters.splice(0)) w.reject(new Error(e.message || 'worker error'));
    });
    // Everything posted waits for the module, so it is always the worker's first message.
    this.ready = wasmModule.then((module) => {
      if (module) worker.postMessage({ type: 'wasm', module });
    });
    if (this.metaWaiters.length) this.#post({ type: 'meta' });
  }

  #restart(state) {
    this.worker.terminate();
    this.current = null;
    this.#start();
    this.onState(state);
    if (this.pending) {
      const request = this.pending;
      this.pending = null;
      this.#send(request);
    }
  }

  #post(msg) {
    const worker = this.worker;
    this.ready.then(() => worker.postMessage(msg));
  }

  #send(request) {
    this.seq += 1;
    this.current = { seq: this.seq, started: performance.now() };
    this.#post({ type: 'run', seq: this.seq, ...request });
    this.onState('running');
  }

  #message(msg) {
    if (msg.type === 'meta') {
      for (const w of this.metaWaiters.splice(0)) w.resolve(msg);
      return;
    }
    if (msg.type === 'failed' && msg.seq === undefined) {
      for (const w of this.metaWaiters.splice(0)) w.reject(new Error(msg.message));
      return;
    }
    if (!this.current || msg.seq !== this.current.seq) return; // a superseded run
    if (msg.type !== 'done') {
      this.onResult(msg);
      return;
    }
    const ms = performance.now() - this.current.started;
    this.current = null;
    if (this.pending) {
      const request = this.pending;
      this.pending = null;
      this.#send(request);
    } else {
      this.onState('idle', ms);
    }
  }
}
