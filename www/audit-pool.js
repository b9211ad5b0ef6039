// audit-pool.js: runs an audit on one or more audit workers and merges their results.
//
// Checking is CPU-bound (about 0.1 ms a catalogue entry in wasm: BENCHMARKS.md §4), so a large
// file is split over several workers, one per core up to four: each worker reads the whole file
// (parsing is cheap next to checking) and checks every k-th record, which needs no second copy
// of the records and keeps the shards the same size. Small files use one worker: each extra worker has to
// build its own engine first (a few hundred milliseconds), which only pays off for big files.

const SPLIT_ABOVE_BYTES = 256 * 1024;
const MAX_WORKERS = Math.max(1, Math.min(navigator.hardwareConcurrency || 2, 4));

export class AuditPool {
  #workers = [];
  #seq = 0;
  #run = null; // { seq, shards, parts, progress, resolve, onProgress }
  #metaWaiters = [];

  /** Schemas and rule metadata (from the first worker). */
  meta() {
    return new Promise((resolve) => {
      this.#metaWaiters.push(resolve);
      this.#worker(0).postMessage({ type: 'meta' });
    });
  }

  /**
   * Checks the file: resolves to the merged result message, or to `{ type: 'error', … }`,
   * or to null when a newer run or cancel() superseded it.
   */
  run({ bytes, name, kind, today }, onProgress) {
    this.#finish(null); // the previous run's caller learns it was superseded
    this.#seq += 1;
    const seq = this.#seq;
    const shards = bytes.byteLength > SPLIT_ABOVE_BYTES ? MAX_WORKERS : 1;
    return new Promise((resolve) => {
      this.#run = { seq, shards, parts: [], progress: new Array(shards).fill(null), resolve, onProgress };
      for (let shard = 0; shard < shards; shard += 1) {
        // A copy per worker, not a transfer: the page keeps the bytes to re-check them when
        // the kind or the date changes.
        this.#worker(shard).postMessage({ type: 'run', seq, bytes, name, kind, today, shard, shards });
      }
    });
  }

  /** Stops whatever is running by terminating the workers; new ones start on demand. */
  cancel() {
    for (const w of this.#workers) w?.terminate();
    this.#workers = [];
    this.#seq += 1;
    this.#finish(null);
  }

  #worker(i) {
    if (!this.#workers[i]) {
      const worker = new Worker(new URL('./audit-worker.js', import.meta.url), { type: 'module' });
      worker.addEventListener('message', (e) => this.#message(e.data));
      worker.addEventListener('error', (e) => {
        e.preventDefault();
        this.#finish({ type: 'error', message: `后台线程出错：${e.message || '未知错误'}` });
      });
      this.#workers[i] = worker;
    }
    return this.#workers[i];
  }

  #finish(msg) {
    const run = this.#run;
    if (!run) return;
    this.#run = null;
    run.resolve(msg);
  }

  #message(msg) {
    if (msg.type === 'meta') {
      for (const resolve of this.#metaWaiters.splice(0)) resolve(msg);
      return;
    }
    const run = this.#run;
    if (!run || msg.seq !== run.seq) return; // a superseded run
    if (msg.type === 'progress') {
      run.progress[msg.shard] = msg;
      const known = run.progress.filter(Boolean);
      if (known.length === run.shards) {
        run.onProgress?.(known.reduce((s, p) => s + p.done, 0), known.reduce((s, p) => s + p.total, 0));
      }
    } else if (msg.type === 'error') {
      this.#finish(msg); // every shard reads the same file, so the first error is the error
    } else if (msg.type === 'result') {
      run.parts[msg.shard] = msg;
      if (run.parts.filter(Boolean).length === run.shards) this.#finish(merge(run.parts));
    }
  }
}

/** One result from the shards' results, in record order. */
function merge(parts) {
  if (parts.length === 1) return parts[0];
  const byRecord = (a, b) => a.n - b.n; // stable: a record's findings keep their order
  const first = parts[0];
  return {
    ...first,
    records: parts.flatMap((p) => p.records).sort(byRecord),
    findings: parts.flatMap((p) => p.findings).sort(byRecord),
    issues: parts.flatMap((p) => p.issues).sort(byRecord),
    rules: Object.assign({}, ...parts.map((p) => p.rules)),
    ms: Math.max(...parts.map((p) => p.ms)),
    workers: parts.length,
  };
}
