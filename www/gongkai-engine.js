// gongkai-engine.js: loads the gongkai WebAssembly package and keeps an engine usable.
//
//   import { createEngine } from './gongkai-engine.js';
//   const engine = await createEngine();                  // standard rule packs
//   const report = engine.check('document', record, { lang: 'zh' });
//
// The module is fetched and compiled once per page, however many engines use it. If the wasm
// instance ever traps (a Rust panic aborts, leaving that instance unusable) or runs out of stack,
// the engine moves to a fresh instance at once, replays what was done to it (custom rules loaded,
// rules removed, calendar years added, kinds defined) and retries the call, so a page never ends
// up with a dead validator (`lastPanic` says what happened). A spare copy of the JavaScript glue
// is imported in advance, so the switch is synchronous.
//
// Arguments are checked before they reach the module: a string parameter given anything else
// throws a TypeError naming the method and the argument.
//
// In Node, pass the module's bytes: createEngine({ wasm: fs.readFileSync('pkg/gongkai_bg.wasm') }).
//
// pkg/ holds two builds of the module behind the same glue: gongkai_bg.wasm (the default, the
// smaller download) and gongkai_bg.fast.wasm (checks two to three times as fast, its standard
// rules compiled in, so a page's first check three times as fast too; ≈ 130 KB larger gzipped),
// chosen with createEngine({ fast: true }). Both give the same findings.

const PKG = new URL('./pkg/', import.meta.url);
let generation = 0;
// Compiled modules, so that every engine of a page shares one: by URL text, and by the bytes'
// object (weakly: bytes a caller lets go are not kept alive here). A module given compiled needs
// no entry. A failed fetch or compilation is not kept, so the next createEngine tries again.
const compiledUrls = new Map(); // URL text → Promise<WebAssembly.Module>
const compiledBytes = new WeakMap(); // ArrayBuffer or view → Promise<WebAssembly.Module>

function compile(source) {
  if (source instanceof WebAssembly.Module) return Promise.resolve(source);
  const bytes = source instanceof ArrayBuffer || ArrayBuffer.isView(source);
  const cache = bytes ? compiledBytes : compiledUrls;
  const key = bytes ? source : String(source instanceof URL ? source.href : source);
  let promise = cache.get(key);
  if (!promise) {
    promise = bytes ? WebAssembly.compile(source) : fetchModule(key);
    cache.set(key, promise);
    promise.catch(() => {
      if (cache.get(key) === promise) cache.delete(key);
    });
  }
  return promise;
}

/** Fetches and compiles the module at `url`, as it streams in when the server allows. */
async function fetchModule(url) {
  const fetched = async () => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`gongkai: cannot fetch ${url}: HTTP ${response.status}`);
    return response;
  };
  const response = await fetched();
  // Streaming compilation needs the server to send exactly `application/wasm` (Chromium refuses
  // even a parameter after it); many portal servers (older IIS or nginx set-ups) do not, and then
  // the same response's bytes are compiled. Should a browser still refuse the type, the module
  // is fetched again and its bytes compiled.
  const type = (response.headers.get('content-type') ?? '').trim().toLowerCase();
  if (type !== 'application/wasm' || !WebAssembly.compileStreaming) {
    return WebAssembly.compile(await response.arrayBuffer());
  }
  try {
    return await WebAssembly.compileStreaming(response);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    return WebAssembly.compile(await (await fetched()).arrayBuffer());
  }
}

/** A fresh copy of the wasm-bindgen glue: its own module state, so its own wasm instance. */
function importGlue() {
  generation += 1;
  return import(new URL(`gongkai.js?instance=${generation}`, PKG).href);
}

// Copies of the glue never given an instance, left by disposed engines (their spares): the next
// engine takes one rather than importing another (a page cannot unload the ones it imported).
const unusedGlues = [];

/** A copy of the glue with no instance yet: one left unused, or a new one. */
function glueCopy() {
  return unusedGlues.length ? Promise.resolve(unusedGlues.pop()) : importGlue();
}

/**
 * The last time a WebAssembly instance failed, as `method: error` (for example
 * `check: RuntimeError: memory access out of bounds`), or null. The module is built to abort on
 * a Rust panic without a message (panic=immediate-abort), so a panic shows here as
 * `RuntimeError: unreachable`; the method says what was being done. The engine went on with a
 * fresh instance.
 */
export let lastPanic = null;

/** The type of `value` for a message: `typeof`, but `null` and `array` named as such. */
function typeName(value) {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

/**
 * Throws a TypeError unless `value` is a string (or, if `optional`, undefined or null): wasm-bindgen
 * would otherwise pass the module whatever it is (a non-string can trap the module or fail
 * obscurely). `call` is the method as the message shows it.
 */
function needString(value, name, call, optional) {
  if (typeof value === 'string' || (optional && value == null)) return;
  throw new TypeError(`gongkai: ${call}: ${name} must be a string${optional ? ' or undefined' : ''}, got ${typeName(value)}`);
}

/** A rules engine that survives traps. Methods mirror the wasm `Engine`; see gongkai.d.ts. */
export class GongkaiEngine {
  #module;
  #glue;
  #spare;
  #engine;
  #options;
  #journal = [];
  /** Whether the instance failed and could not be replaced yet (no spare was ready). */
  #broken = false;

  /** @internal Use createEngine(). */
  constructor(module, glue, spare, options) {
    this.#module = module;
    this.#options = options;
    this.#start(glue);
    this.#spare = spare;
  }

  #start(glue) {
    glue.initSync({ module: this.#module });
    this.#glue = glue;
    this.#engine = new glue.Engine(this.#options);
    for (const [method, args] of this.#journal) {
      if (method === '__defineKind') glue.defineKind(...args);
      else this.#engine[method](...args);
    }
  }

  /** Moves to the spare copy of the glue (a fresh instance, the journal replayed), and imports the next spare. */
  #restart() {
    const glue = this.#spare;
    this.#spare = null;
    glueCopy().then((g) => {
      if (this.#engine) this.#spare = g;
      else unusedGlues.push(g);
    }, () => {});
    this.#start(glue);
    this.#broken = false;
  }

  /**
   * Runs `fn` on the engine, for `method`. If the instance fails (a trap, or its stack ran out:
   * either leaves it unusable), moves to a fresh instance and retries once; without a spare
   * instance ready, or if the retry fails too, throws, and the next call starts on a fresh
   * instance if one is ready by then.
   */
  #call(method, fn) {
    if (!this.#engine) throw new Error(`gongkai: ${method}: the engine was disposed`);
    if (this.#broken && this.#spare) this.#restart();
    for (let attempt = 0; ; attempt++) {
      try {
        return fn(this.#engine, this.#glue);
      } catch (error) {
        if (!(error instanceof WebAssembly.RuntimeError || error instanceof RangeError)) throw error;
        lastPanic = `${method}: ${error}`;
        this.#broken = true;
        if (attempt > 0 || !this.#spare) throw error;
        console.error(`gongkai: the WebAssembly instance failed in ${method}; restarting it`, error);
        this.#restart();
      }
    }
  }

  /** Checks one record: `{ findings, issues, rules }`. */
  check(kind, record, options) {
    if (typeof kind !== 'string') needString(kind, 'kind', 'check(kind, record, options)');
    return this.#call('check', (e) => e.check(kind, record, options));
  }

  /** Re-checks after `field` changed, running only the rules that read it. */
  checkField(kind, record, field, options) {
    if (typeof kind !== 'string') needString(kind, 'kind', 'checkField(kind, record, field, options)');
    if (typeof field !== 'string') needString(field, 'field', 'checkField(kind, record, field, options)');
    return this.#call('checkField', (e) => e.checkField(kind, record, field, options));
  }

  /**
   * A draft of a record of `kind` for a form re-checked as a person types: `draft.check(record,
   * field, options)` answers as `checkField` (or, without `field`, `check`) does, but sends the
   * module only the members that changed since the draft's last check, which it keeps converted.
   * Call `draft.free()` when the form goes away.
   */
  draft(kind) {
    needString(kind, 'kind', 'draft(kind)');
    return new GongkaiDraft(this, kind);
  }

  /** @internal Runs `fn(engine, glue)` as the other methods do (restarting after a trap). */
  _call(method, fn) {
    return this.#call(method, fn);
  }

  /** Metadata of the loaded rules. */
  rules() {
    return this.#call('rules', (e) => e.rules());
  }

  /** The record schemas (kinds, fields, labels). */
  schemas() {
    return this.#call('schemas', (_, glue) => glue.schemas());
  }

  /** Loads a rule source: `{ ok, id, replaced, diagnostics }`; never throws for a bad rule. */
  loadRules(source, name) {
    needString(source, 'source', 'loadRules(source, name)');
    needString(name, 'name', 'loadRules(source, name)', true);
    const result = this.#call('loadRules', (e) => e.loadRules(source, name));
    if (result.ok) this.#journal.push(['loadRules', [source, name]]);
    return result;
  }

  /** Removes a rule by id. */
  removeRule(id) {
    needString(id, 'id', 'removeRule(id)');
    const removed = this.#call('removeRule', (e) => e.removeRule(id));
    if (removed) this.#journal.push(['removeRule', [id]]);
    return removed;
  }

  /**
   * Runs the examples of the rules loaded with loadRules (all, or the given ids). The standard
   * rules the module embeds carry no examples and are left out (see gongkai-engine.d.ts).
   */
  test(ids) {
    if (ids != null && !(Array.isArray(ids) && ids.every((id) => typeof id === 'string'))) {
      throw new TypeError(`gongkai: test(ids): ids must be an array of strings or undefined, got ${typeName(ids)}`);
    }
    return this.#call('test', (e) => e.test(ids));
  }

  /** Adds a year of the holiday calendar (holiday-cn JSON, as text or object). */
  extendCalendar(data, lang) {
    if (typeof data !== 'string' && (data === null || typeof data !== 'object')) {
      throw new TypeError(`gongkai: extendCalendar(data, lang): data must be a string or an object, got ${typeName(data)}`);
    }
    needString(lang, 'lang', 'extendCalendar(data, lang)', true);
    const result = this.#call('extendCalendar', (e) => e.extendCalendar(data, lang));
    if (result.ok) this.#journal.push(['extendCalendar', [data, lang]]);
    return result;
  }

  /** Evaluates a rule-library expression: `{ ok, value, error }`. */
  eval(expr, today, lang) {
    needString(expr, 'expr', 'eval(expr, today, lang)');
    needString(today, 'today', 'eval(expr, today, lang)', true);
    needString(lang, 'lang', 'eval(expr, today, lang)', true);
    return this.#call('eval', (e) => e.eval(expr, today, lang));
  }

  /**
   * Reads records from CSV/TSV text (Chinese headers welcome): `{ ok, records, warnings }`, each
   * warning `{ line, column, message }` for what the records leave out. The fast module only
   * (`createEngine({ fast: true })`); the default module throws, saying so.
   */
  recordsFromCsv(kind, text, lang) {
    needString(kind, 'kind', 'recordsFromCsv(kind, text, lang)');
    needString(text, 'text', 'recordsFromCsv(kind, text, lang)');
    needString(lang, 'lang', 'recordsFromCsv(kind, text, lang)', true);
    return this.#call('recordsFromCsv', (_, glue) => glue.recordsFromCsv(kind, text, lang));
  }

  /** Defines a record kind outside the standard ones (see KindDef in gongkai.d.ts). */
  defineKind(def, lang) {
    needString(lang, 'lang', 'defineKind(def, lang)', true);
    const result = this.#call('defineKind', (_, glue) => glue.defineKind(def, lang));
    if (result.ok) this.#journal.push(['__defineKind', [def]]);
    return result;
  }

  /** The package version. */
  version() {
    return this.#call('version', (_, glue) => glue.version());
  }

  /** How the loaded module runs rules: 'rhai' (gongkai_bg.wasm) or 'lowered' (gongkai_bg.fast.wasm). */
  evaluator() {
    return this.#call('evaluator', (_, glue) => glue.evaluator());
  }

  /**
   * Frees the engine's rules and records in the module, and leaves its spare copy of the glue to
   * the next engine created. Any later call throws; calling it again does nothing. The instance's
   * memory stays with its copy of the glue (a page cannot unload an ES module), so create engines
   * once per page, not once per form or per check.
   */
  dispose() {
    const engine = this.#engine;
    this.#engine = null;
    this.#glue = null;
    if (this.#spare) unusedGlues.push(this.#spare);
    this.#spare = null;
    this.#journal = [];
    try {
      engine?.free();
    } catch {
      // An instance that failed cannot free anything: there is nothing left to free.
    }
  }

  /** @internal Makes the instance trap, to test recovery. */
  _trap() {
    return this.#call('_trap', (_, glue) => glue.__trapForTests());
  }
}

/**
 * A record being filled in, kept converted in the module (see `GongkaiEngine.draft`). It holds
 * no state a check depends on but a cache: whatever record `check` is given is what is checked.
 */
export class GongkaiDraft {
  #owner;
  #kind;
  #glue = null;
  #draft = null;
  /** Member name → what the module's draft holds for it (see `sentForm`). */
  #sent = new Map();

  /** @internal Use engine.draft(kind). */
  constructor(owner, kind) {
    this.#owner = owner;
    this.#kind = kind;
  }

  /** Checks `record`: the rules that read `field` (as `checkField`), or all of them (as `check`). */
  check(record, field, options) {
    if (field != null && typeof field !== 'string') needString(field, 'field', 'draft.check(record, field, options)', true);
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      // Not a record at all: the engine's own answer (an input issue), nothing to keep.
      return field == null
        ? this.#owner.check(this.#kind, record, options)
        : this.#owner.checkField(this.#kind, record, field, options);
    }
    return this.#owner._call('draft.check', (engine, glue) => engine.checkDraft(this.#update(record, glue), field, options));
  }

  /** Frees the module's copy of the record. */
  free() {
    this.#draft?.free();
    this.#draft = null;
    this.#sent.clear();
  }

  /** The module's draft, given the members of `record` that differ from what it holds. */
  #update(record, glue) {
    if (this.#glue !== glue || !this.#draft) {
      // First use, after free(), or the instance was replaced after a trap: a new draft.
      this.#glue = glue;
      this.#draft = new glue.Draft(this.#kind);
      this.#sent.clear();
    }
    for (const name of Object.keys(record)) {
      const value = record[name];
      const seen = sentForm(value);
      const before = this.#sent.get(name);
      if (seen === undefined) {
        // No JSON form (undefined, a function): absent, as in `JSON.stringify(record)`.
        if (before !== undefined) this.#remove(name);
      } else if (before === undefined || !sameForm(before, seen)) {
        this.#draft.set(name, value);
        this.#sent.set(name, seen);
      }
    }
    for (const name of this.#sent.keys()) {
      if (!Object.prototype.hasOwnProperty.call(record, name)) this.#remove(name);
    }
    return this.#draft;
  }

  #remove(name) {
    this.#draft.set(name, undefined);
    this.#sent.delete(name);
  }
}

/**
 * What a draft remembers of a member's value to know whether it changed: the value itself when
 * it is a string, number, boolean or null (compared with ===, no text made on a keystroke), the
 * JSON text of an object or array (a form builds them afresh each time); undefined for a value
 * with no JSON form.
 */
function sentForm(value) {
  if (value !== null && typeof value === 'object') {
    const text = JSON.stringify(value);
    return text === undefined ? undefined : { text };
  }
  return value === undefined || typeof value === 'function' || typeof value === 'symbol' ? undefined : value;
}

function sameForm(a, b) {
  return typeof b === 'object' && b !== null ? typeof a === 'object' && a !== null && a.text === b.text : a === b;
}

/**
 * Creates an engine. Options: `standard` (default true: the standard rule packs), `limits`
 * (resource limits for rules), `fast` (default false: `./pkg/gongkai_bg.fast.wasm`, the larger
 * and faster module, instead of `./pkg/gongkai_bg.wasm`), `wasm` (a URL, bytes or a compiled
 * `WebAssembly.Module` of either build, to load the module from elsewhere; it wins over `fast`).
 */
export async function createEngine({ wasm, fast = false, ...options } = {}) {
  const source = wasm ?? new URL(fast ? 'gongkai_bg.fast.wasm' : 'gongkai_bg.wasm', PKG);
  const glues = Promise.all([glueCopy(), glueCopy()]);
  let module;
  try {
    module = await compile(source);
  } catch (error) {
    glues.then((g) => unusedGlues.push(...g), () => {});
    throw error;
  }
  const [glue, spare] = await glues;
  try {
    return new GongkaiEngine(module, glue, spare, options);
  } catch (error) {
    unusedGlues.push(spare); // options refused: the spare was never used
    throw error;
  }
}
