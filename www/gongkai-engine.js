// gongkai-engine.js: loads the gongkai WebAssembly package and keeps an engine usable.
//
//   import { createEngine } from './gongkai-engine.js';
//   const engine = await createEngine();                  // standard rule packs
//   const report = engine.check('document', record, { lang: 'zh' });
//
// The module is fetched and compiled once per page, however many engines use it. If the wasm
// instance ever traps (a Rust panic aborts, leaving that instance unusable), the engine moves
// to a fresh instance at once, replays what was done to it (custom rules loaded, rules removed,
// calendar years added) and retries the call, so a page never ends up with a dead validator.
// A spare copy of the JavaScript glue is imported in advance, so the switch is synchronous.
//
// In Node, pass the module's bytes: createEngine({ wasm: fs.readFileSync('pkg/gongkai_bg.wasm') }).
//
// pkg/ holds two builds of the module behind the same glue: gongkai_bg.wasm (the default, the
// smaller download) and gongkai_bg.fast.wasm (checks two to three times as fast, its standard
// rules compiled in, so a page's first check three times as fast too; ≈ 130 KB larger gzipped),
// chosen with createEngine({ fast: true }). Both give the same findings.

const PKG = new URL('./pkg/', import.meta.url);
let generation = 0;
const compiled = new Map(); // source → Promise<WebAssembly.Module>

function compile(source) {
  // URLs by their text, so that every engine of a page shares one compiled module.
  const key = source instanceof URL ? source.href : source;
  if (!compiled.has(key)) {
    let promise;
    if (source instanceof WebAssembly.Module) {
      promise = Promise.resolve(source);
    } else if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) {
      promise = WebAssembly.compile(source);
    } else {
      // Streaming compilation needs the server to send `application/wasm`; many portal servers
      // (older IIS or nginx set-ups) do not, so fall back to compiling the bytes.
      const bytes = () => fetch(source).then((r) => {
        if (!r.ok) throw new Error(`gongkai: cannot fetch ${source}: HTTP ${r.status}`);
        return r.arrayBuffer();
      }).then((b) => WebAssembly.compile(b));
      promise = WebAssembly.compileStreaming
        ? WebAssembly.compileStreaming(fetch(source)).catch((e) => (e instanceof TypeError ? bytes() : Promise.reject(e)))
        : bytes();
    }
    compiled.set(key, promise);
  }
  return compiled.get(key);
}

/** A fresh copy of the wasm-bindgen glue: its own module state, so its own wasm instance. */
function importGlue() {
  generation += 1;
  return import(new URL(`gongkai.js?instance=${generation}`, PKG).href);
}

/** The last Rust panic message, if the panic hook recorded one. */
export let lastPanic = null;

/** A rules engine that survives traps. Methods mirror the wasm `Engine`; see gongkai.d.ts. */
export class GongkaiEngine {
  #module;
  #glue;
  #spare;
  #engine;
  #options;
  #journal = [];

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

  /** Runs `fn` on the engine; on a trap, restarts on a fresh instance and retries once. */
  #call(fn) {
    try {
      return fn(this.#engine, this.#glue);
    } catch (error) {
      if (!(error instanceof WebAssembly.RuntimeError) || !this.#spare) throw error;
      lastPanic = String(error.message ?? error);
      console.error('gongkai: the WebAssembly instance trapped; restarting it', error);
      const glue = this.#spare;
      this.#spare = null;
      importGlue().then((g) => { this.#spare = g; }, () => {});
      this.#start(glue);
      return fn(this.#engine, this.#glue);
    }
  }

  /** Checks one record: `{ findings, issues, rules }`. */
  check(kind, record, options) {
    return this.#call((e) => e.check(kind, record, options));
  }

  /** Re-checks after `field` changed, running only the rules that read it. */
  checkField(kind, record, field, options) {
    return this.#call((e) => e.checkField(kind, record, field, options));
  }

  /**
   * A draft of a record of `kind` for a form re-checked as a person types: `draft.check(record,
   * field, options)` answers as `checkField` (or, without `field`, `check`) does, but sends the
   * module only the members that changed since the draft's last check, which it keeps converted.
   * Call `draft.free()` when the form goes away.
   */
  draft(kind) {
    return new GongkaiDraft(this, kind);
  }

  /** @internal Runs `fn(engine, glue)` as the other methods do (restarting after a trap). */
  _call(fn) {
    return this.#call(fn);
  }

  /** Metadata of the loaded rules. */
  rules() {
    return this.#call((e) => e.rules());
  }

  /** The record schemas (kinds, fields, labels). */
  schemas() {
    return this.#call((_, glue) => glue.schemas());
  }

  /** Loads a rule source: `{ ok, id, replaced, diagnostics }`; never throws for a bad rule. */
  loadRules(source, name) {
    const result = this.#call((e) => e.loadRules(source, name));
    if (result.ok) this.#journal.push(['loadRules', [source, name]]);
    return result;
  }

  /** Removes a rule by id. */
  removeRule(id) {
    const removed = this.#call((e) => e.removeRule(id));
    if (removed) this.#journal.push(['removeRule', [id]]);
    return removed;
  }

  /** Runs rule examples (all loaded rules, or the given ids). */
  test(ids) {
    return this.#call((e) => e.test(ids));
  }

  /** Adds a year of the holiday calendar (holiday-cn JSON, as text or object). */
  extendCalendar(data, lang) {
    const result = this.#call((e) => e.extendCalendar(data, lang));
    if (result.ok) this.#journal.push(['extendCalendar', [data, lang]]);
    return result;
  }

  /** Evaluates a rule-library expression: `{ ok, value, error }`. */
  eval(expr, today, lang) {
    return this.#call((e) => e.eval(expr, today, lang));
  }

  /** Reads records from CSV/TSV text (Chinese headers welcome): `{ ok, records, warnings }`. */
  recordsFromCsv(kind, text, lang) {
    return this.#call((_, glue) => glue.recordsFromCsv(kind, text, lang));
  }

  /** Defines a record kind outside the standard ones (see KindDef in gongkai.d.ts). */
  defineKind(def, lang) {
    const result = this.#call((_, glue) => glue.defineKind(def, lang));
    if (result.ok) this.#journal.push(['__defineKind', [def]]);
    return result;
  }

  /** The package version. */
  version() {
    return this.#call((_, glue) => glue.version());
  }

  /** How the loaded module runs rules: 'rhai' (gongkai_bg.wasm) or 'lowered' (gongkai_bg.fast.wasm). */
  evaluator() {
    return this.#call((_, glue) => glue.evaluator());
  }

  /** @internal Makes the instance trap, to test recovery. */
  _trap() {
    return this.#call((_, glue) => glue.__trapForTests());
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
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      // Not a record at all: the engine's own answer (an input issue), nothing to keep.
      return field == null
        ? this.#owner.check(this.#kind, record, options)
        : this.#owner.checkField(this.#kind, record, field, options);
    }
    return this.#owner._call((engine, glue) => engine.checkDraft(this.#update(record, glue), field, options));
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
      if (!Object.hasOwn(record, name)) this.#remove(name);
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
  const [module, glue, spare] = await Promise.all([compile(source), importGlue(), importGlue()]);
  return new GongkaiEngine(module, glue, spare, options);
}
