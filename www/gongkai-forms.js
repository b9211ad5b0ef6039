// gongkai-forms.js — drop-in validation for existing forms (政务公开表单校验)
//
// ── For portal and form vendors ─────────────────────────────────────────────────────────────
// Copy gongkai-forms.js, gongkai-engine.js and pkg/ (gongkai.js + gongkai_bg.wasm) side by side
// to your site, then add ONE attribute to the form and ONE script tag to the page:
//
//     <form data-gongkai="document" action="/submit" method="post">
//       <label for="doc_number">发文字号</label>
//       <input id="doc_number" name="doc_number">
//       …
//     </form>
//     <script type="module" src="/static/gongkai/gongkai-forms.js"></script>
//
// Serve the .wasm file as application/wasm (the module is compiled while it streams in). TypeScript
// types: gongkai-forms.d.ts. pkg/ also holds gongkai_bg.fast.wasm, the same rules checked two to
// three times as fast for a download 130 KB larger: data-gongkai-module="fast" on a form uses it.
//
// The value of data-gongkai is the record kind: catalogue_entry, document, application,
// proposal_reply, enterprise_disclosure, publication, opinion_event. Every form[data-gongkai] on
// the page (also forms added later) is attached when the module loads. Nothing else is needed:
// the standard rules are built into the WebAssembly module, nothing is sent to a server.
//
// Inputs → record fields. A control maps to the field named by its `name` (PHP-style names work:
// `interpretation[publish_date]`, `channels[]`) or by `data-gongkai-field` (dotted paths for
// nested objects: `interpretation.publish_date`, `extension.notice_date`, `applicant.name`).
// Controls whose name is not a field of the kind (CSRF tokens, …) are ignored, as are disabled
// controls and those marked `data-gongkai-ignore`. Types come from the schema:
//   text / date / date_time  the value (trimmed); <input type="date"> gives YYYY-MM-DD
//   text_list                checked boxes of a checkbox group (same name), a <select multiple>,
//                            or a text box split on 、,，;；
//   bool                     a single checkbox (checked = true, unchecked = false), or a select /
//                            radio group with values true/false (是/否, 1/0); an object whose only
//                            values are unchecked boxes (an empty 政策解读 fieldset) is absent
//   int                      a number input
// An empty control is an absent field. The binding never changes what the user typed.
//
// When messages appear. While a person types (debounced, 150 ms, not during IME composition)
// and when a control loses focus, the rules that read that field run again (as
// engine.checkField, through a draft that sends the module only what changed: engine.draft)
// and replace their earlier findings. Messages are shown for fields the person has touched (or
// that were prefilled); after a submit attempt, for all fields. On submit the whole record is
// checked (engine.check):
//   - error findings, input errors (a bad date in a text box) and the browser's own constraint
//     failures (required, pattern, …, on any control: see below) BLOCK the submission: the submit
//     event is cancelled (preventDefault + stopImmediatePropagation), the first faulty control
//     gets focus and a summary at the top of the form lists what to fix;
//   - warnings (警告) and notes (提示) are shown but do not block. To block on warnings too, add
//     data-gongkai-block="warning".
// Each faulty control gets setCustomValidity(message) (so :invalid applies), aria-invalid="true",
// data-gongkai-severity="error|warning|info", and aria-describedby pointing at a message element
// (<div class="gongkai-message">, inserted after the field; provide your own with
// data-gongkai-message="field.path" to place it yourself; a finding about a whole object such as
// `interpretation` goes at the end of a <fieldset data-gongkai-field="interpretation"> (or
// name="interpretation") when there is one, and applies to all its controls). Findings for
// fields the form does not have (or for the whole record) go to a summary box at the top of the
// form (role="alert"; provide your own with data-gongkai-summary). All text is inserted as text, never as HTML. The binding
// sets form.noValidate while attached, so the browser's bubbles do not compete with the messages;
// native constraints are still enforced and shown in the same place, on every control of the form:
// also on those that map to no field (a required 我已阅读并同意 box, a phone number with a
// pattern, data-gongkai-ignore ones). Those are checked as the browser would, on submit (and
// validate()): each gets aria-invalid and a message element (data-gongkai-message="its name" to
// place it), with the page's own setCustomValidity text or the browser's message said in the
// page's language, until it is fixed; the binding never sets their validity. A form that has
// novalidate itself keeps it: there only the record's fields are checked.
// A submit button with formnovalidate (<button formnovalidate>保存草稿</button>) sends the form
// unchecked, as without the binding: no check, no gongkai: event, not held while the engine loads,
// not refused when it failed.
//
// Events on the form (all bubble):
//   gongkai:ready        validation is live              detail: { binding }
//   gongkai:report       after every check              detail: { record, findings, issues, blocking }
//   gongkai:blocked      a submission was stopped        detail: { record, findings, issues, blocking }
//   gongkai:submit       a submission passed (cancelable: call preventDefault() to send the record
//                        yourself, e.g. with fetch)    detail: { record, findings, issues, submitter }
//   gongkai:unavailable  the engine could not be loaded  detail: { error }
//                        or a check failed (a bad data-gongkai-today)
// If you submit with your own `submit` listener (fetch), either listen to gongkai:submit instead
// or check event.defaultPrevented: the binding listens in the capture phase, so it runs first.
// form.submit() and jQuery's $(form).submit() / .trigger('submit') fire no submit event and skip
// the binding (as they skip the browser's own validation): use form.requestSubmit().
//
// Attributes on the form (read at every check, so they can change at run time):
//   data-gongkai-lang="zh|en"        message language (default: <html lang>, zh* → zh, else en)
//   data-gongkai-today="2018-12-01"  the date rules treat as today (default, also when empty: today
//                                    in Beijing). Anything but a real YYYY-MM-DD date (2018/12/01,
//                                    2018-02-30) makes the check fail, as below; once it is fixed,
//                                    binding.refresh() resumes
//   data-gongkai-block="warning"     warnings block submission too (default: only errors)
//   data-gongkai-debounce="150"      ms to wait after typing
//   data-gongkai-on-failure="block"  if the engine cannot load (wasm missing, network error) or a
//                                    check fails (state 'failed', gongkai:unavailable), block
//                                    submission with a visible notice. Default "allow": the
//                                    form works as without this script, and console.warn says
//                                    validation is unavailable. (If this very file cannot load,
//                                    nothing can block: the form simply works without it.)
// Read once, when the form is attached:
//   data-gongkai-module="fast"       check with pkg/gongkai_bg.fast.wasm: the same findings two
//                                    to three times as fast, for a download 130 KB larger (gzip)
//
// Programmatic use:
//   import { attach, detach, bindingFor } from './gongkai-forms.js';
//   const engine = await createEngine();          // from gongkai-engine.js
//   engine.loadRules(mySource, 'my-rule.rhai');   // custom rules
//   const binding = attach(form, { kind: 'document', engine, lang: 'zh', today: '2018-12-01',
//                                  onFailure: 'block', block: 'error', debounce: 150 });
//   attach(form, { fast: true });   // without an engine of its own: the shared fast one
//   await binding.ready;   // then: binding.state is 'ready' or 'failed'
//   binding.record();      // the record the form holds now
//   binding.validate();    // check everything and show all messages, as a submit would
//   binding.refresh();     // check again after a setting changed (data-gongkai-today, …), also
//                          // after a check failed ('failed' with the engine there: it tries again,
//                          // and gongkai:ready follows when that works)
//   binding.detach();
// attach() on a form that is already attached replaces the earlier binding (so a page may attach
// its own engine to a form the module attached automatically). Add data-gongkai-auto="off" to a
// form to keep the module from attaching it by itself.
// ─────────────────────────────────────────────────────────────────────────────────────────────

const ENGINE_MODULE = new URL('./gongkai-engine.js', import.meta.url).href;
const SEVERITY_RANK = { error: 3, warning: 2, info: 1 };

const TEXT = {
  zh: {
    error: '错误', warning: '警告', info: '提示', input: '输入错误',
    basis: '依据：',
    blocked: (n) => `有 ${n} 处错误，修正后才能提交：`,
    other: '校验结果：',
    unavailable: '表单校验暂不可用：校验组件未能加载，为保证提交内容符合规定，暂时无法提交。请刷新页面后重试；如问题持续，请联系网站管理员。',
    warnUnavailable: 'gongkai: 表单校验不可用（validation unavailable），表单将不经校验提交：',
    warnBlocked: 'gongkai: 表单校验不可用（validation unavailable），按 data-gongkai-on-failure="block" 暂停提交：',
    hint: '可能的原因：',
    sep: '：',
  },
  en: {
    error: 'Error', warning: 'Warning', info: 'Note', input: 'Input error',
    basis: 'Basis: ',
    blocked: (n) => `${n} error${n === 1 ? '' : 's'} must be fixed before this form can be submitted:`,
    other: 'Checks:',
    unavailable: 'Validation is unavailable: the checking component could not be loaded, so this form cannot be submitted for now. Please reload the page; if the problem persists, contact the site administrator.',
    warnUnavailable: 'gongkai: validation unavailable, the form will be submitted unchecked:',
    warnBlocked: 'gongkai: validation unavailable, submission refused (data-gongkai-on-failure="block"):',
    hint: 'Likely cause: ',
    sep: ': ',
  },
};

/**
 * What a site can do about a failure to load or compile the module, for the console ('' when the
 * error says nothing we know): the usual causes on a portal are a Content-Security-Policy without
 * 'wasm-unsafe-eval', a file not copied (HTTP 404) and a server answering with something else (a
 * login or error page) where the module should be.
 */
function failureHint(error, lang = 'zh') {
  const text = String(error?.message ?? error);
  const zh = lang === 'zh';
  const engine = new URL('./gongkai-engine.js', import.meta.url).href;
  if (/Content[- ]Security[- ]Policy|unsafe-eval|\bCSP\b/i.test(text)) {
    return zh
      ? "页面的 Content-Security-Policy 不允许编译 WebAssembly：请在其 script-src 中加入 'wasm-unsafe-eval'（Chrome 97、Firefox 102、Safari 16 起支持；更早的浏览器只认 'unsafe-eval'）。"
      : "the page's Content-Security-Policy does not allow WebAssembly to compile: add 'wasm-unsafe-eval' to its script-src (Chrome 97, Firefox 102, Safari 16 and later; older browsers only accept 'unsafe-eval').";
  }
  if (/HTTP 40[34]\b/.test(text) || (/dynamically imported module|Failed to fetch|error loading|Importing a module script failed/i.test(text) && text.includes('gongkai'))) {
    return zh
      ? `找不到或无权读取文件（${text.match(/https?:\/\/\S+?(?=:? |$)/)?.[0] ?? engine}）：gongkai-engine.js 和整个 pkg/ 目录须与 gongkai-forms.js 放在同一目录下（pkg/gongkai.js、pkg/gongkai_bg.wasm、pkg/snippets/ …）。`
      : `a file is missing or forbidden (${text.match(/https?:\/\/\S+?(?=:? |$)/)?.[0] ?? engine}): gongkai-engine.js and all of pkg/ belong beside gongkai-forms.js (pkg/gongkai.js, pkg/gongkai_bg.wasm, pkg/snippets/ …).`;
  }
  if (/magic (word|number)|expected magic|CompileError/i.test(text)) {
    return zh
      ? '服务器在模块的地址（pkg/ 中的 .wasm 文件）返回的不是 WebAssembly 模块（登录页、错误页，或未声明 Content-Encoding 的 .br/.gz 压缩副本）：请直接打开该地址检查。'
      : "the server answers the module's address (the .wasm file in pkg/) with something that is not a WebAssembly module (a login or error page, or a .br/.gz copy sent without its Content-Encoding): open that address to see.";
  }
  return '';
}

/** A real calendar date written YYYY-MM-DD (2018-02-30 is none). */
function isDate(s) {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Today's date in Beijing (UTC+8 all year: China has no daylight saving time). */
export function beijingToday() {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

// One engine for every automatically attached form on the page (one per module: the default
// and, for forms that ask for it, the fast one): each module is fetched and compiled once.
const sharedEngines = new Map();
function defaultEngine(fast) {
  if (!sharedEngines.has(fast)) {
    preloadModule(fast);
    sharedEngines.set(fast, import(ENGINE_MODULE).then((m) => m.createEngine({ fast })));
  }
  return sharedEngines.get(fast);
}

/**
 * Starts the module's download now, beside gongkai-engine.js's, rather than once that script
 * has come and run: a `<link rel="preload">` whose response the engine's fetch of the same URL
 * then takes. On a mobile connection that is a round trip less before the first check (0.57 s
 * on DevTools' "Slow 4G", 0.04 s on "Fast 4G"; BENCHMARKS.md §4). The paths are
 * gongkai-engine.js's (pkg/ beside it). A page that preloads the module itself keeps its link.
 */
function preloadModule(fast) {
  if (typeof document === 'undefined' || !document.head) return;
  const href = new URL(fast ? './pkg/gongkai_bg.fast.wasm' : './pkg/gongkai_bg.wasm', import.meta.url).href;
  if ([...document.querySelectorAll('link[rel~="preload"]')].some((l) => l.href === href)) return;
  const link = document.createElement('link');
  link.rel = 'preload';
  link.as = 'fetch';
  link.crossOrigin = 'anonymous'; // what fetch() asks for: CORS mode, same-origin credentials
  link.href = href;
  document.head.append(link);
}

const bindings = new WeakMap();
const schemaCache = new WeakMap(); // engine → Map(kind name → Kind)
let serial = 0;

/** The binding attached to `form`, if any. */
export function bindingFor(form) {
  return bindings.get(form) ?? null;
}

/**
 * Attaches validation to a form. Options (all optional; data- attributes on the form are the
 * declarative equivalents): kind, engine (or a Promise of one), lang, today, onFailure
 * ('allow' | 'block'), block ('error' | 'warning'), debounce (ms).
 */
export function attach(form, options = {}) {
  if (!(form instanceof HTMLFormElement)) throw new TypeError('gongkai: attach() needs a <form> element');
  bindings.get(form)?.detach();
  const binding = new FormBinding(form, options);
  bindings.set(form, binding);
  return binding;
}

/** Removes the validation from a form and everything it added (messages, states, listeners). */
export function detach(form) {
  bindings.get(form)?.detach();
}

/** Attaches every form[data-gongkai] under `root` that is not attached yet. */
export function attachAll(root = document) {
  const forms = root.matches?.('form[data-gongkai]') ? [root] : [...root.querySelectorAll('form[data-gongkai]')];
  return forms.filter((f) => !bindings.has(f) && f.dataset.gongkaiAuto !== 'off').map((f) => attach(f));
}

// ── Mapping controls to record fields ────────────────────────────────────────────────────────

const SKIP_TYPES = new Set(['submit', 'button', 'reset', 'image', 'file']);

/** `interpretation[publish_date]` → `interpretation.publish_date`; `channels[]` → `channels`. */
function pathFromName(name) {
  return name.replace(/\[\]$/, '').replace(/\[([^\]]+)\]/g, '.$1');
}

/** Flattens a kind's fields to a Map(path → Field), nested object fields included. */
function fieldIndex(fields, prefix = '', index = new Map()) {
  for (const field of fields) {
    const path = prefix + field.name;
    index.set(path, field);
    if (field.type === 'object') fieldIndex(field.fields, `${path}.`, index);
  }
  return index;
}

const TRUE = new Set(['true', '1', 'yes', 'on', '是', '需要', '已链接']);
const FALSE = new Set(['false', '0', 'no', 'off', '否', '不需要', '未链接']);

/** The value of one field from its controls, or undefined when empty. */
function readValue(controls, type) {
  const values = [];
  let boxes = 0;
  let checked = 0;
  for (const el of controls) {
    if (el.type === 'checkbox') {
      boxes += 1;
      if (el.checked) { checked += 1; values.push(el.value); }
    } else if (el.type === 'radio') {
      if (el.checked) values.push(el.value);
    } else if (el instanceof HTMLSelectElement && el.multiple) {
      for (const o of el.selectedOptions) values.push(o.value);
    } else {
      values.push(el.value);
    }
  }
  const nonEmpty = values.map((v) => v.trim()).filter((v) => v !== '');
  switch (type) {
    case 'bool': {
      if (boxes === 1 && controls.length === 1) return checked === 1;
      const v = nonEmpty[0];
      if (v === undefined) return undefined;
      if (TRUE.has(v.toLowerCase())) return true;
      if (FALSE.has(v.toLowerCase())) return false;
      return v; // the engine reports it as an input error, in the user's language
    }
    case 'text_list': {
      const isText = (el) => !['checkbox', 'radio'].includes(el.type) && !(el instanceof HTMLSelectElement);
      const list = controls.some(isText) ? nonEmpty.flatMap((v) => v.split(/[、,，;；\n]+/)).map((v) => v.trim()).filter(Boolean) : nonEmpty;
      return list.length ? list : undefined;
    }
    case 'int': {
      const v = nonEmpty[0];
      if (v === undefined) return undefined;
      const n = Number(v);
      return Number.isFinite(n) ? n : v;
    }
    default:
      return nonEmpty[0];
  }
}

function setPath(record, path, value) {
  const parts = path.split('.');
  let node = record;
  for (const part of parts.slice(0, -1)) {
    if (typeof node[part] !== 'object' || node[part] === null) node[part] = {};
    node = node[part];
  }
  node[parts[parts.length - 1]] = value;
}

function deletePath(record, path) {
  const parts = path.split('.');
  let node = record;
  for (const part of parts.slice(0, -1)) {
    node = node?.[part];
    if (typeof node !== 'object' || node === null) return false;
  }
  const last = parts[parts.length - 1];
  if (!(last in node)) return false;
  delete node[last];
  return true;
}

/** `a` is `b` or lies inside it (`interpretation.unit` inside `interpretation`). */
const within = (a, b) => a === b || a.startsWith(`${b}.`);

// ── The binding ───────────────────────────────────────────────────────────────────────────────

class FormBinding {
  form;
  kind;
  engine = null;
  /** 'loading' | 'ready' | 'failed' | 'detached' */
  state = 'loading';
  /** Resolves when validation is live or has failed for good (never rejects). */
  ready;
  #options;
  #index = new Map();
  #findings = [];
  #issues = [];
  /** The engine's draft of this form's record (engine.draft), or null for an engine without one. */
  #draft;
  #touched = new Set();
  #submitted = false;
  #targets = new Map(); // target key → { el, created, sig }
  #marked = new Set(); // controls we changed (customValidity, aria-invalid, describedby)
  #owned = new Set(); // controls whose custom validity is ours (those mapped to fields)
  #summary = null;
  #summaryCreated = false;
  #summarySig = '';
  #timers = new Map();
  #abort = new AbortController();
  #pendingSubmitter = undefined;
  #noValidate;
  #warned = new Set();
  #id = ++serial;

  constructor(form, options) {
    this.form = form;
    this.#options = options;
    this.kind = options.kind ?? form.dataset.gongkai;
    this.#noValidate = form.noValidate;
    // Our messages replace the browser's bubbles; native constraints are still checked on submit.
    form.noValidate = true;
    const on = (type, fn, capture = false) => form.addEventListener(type, fn, { capture, signal: this.#abort.signal });
    on('submit', (e) => this.#onSubmit(e), true);
    on('input', (e) => this.#onInput(e));
    on('change', (e) => this.#onInput(e, true));
    on('compositionend', (e) => this.#onInput(e));
    on('focusout', (e) => this.#onBlur(e));
    on('reset', () => setTimeout(() => this.#onReset()));
    this.ready = this.#load();
  }

  async #load() {
    try {
      const fast = this.#options.fast ?? this.form.dataset.gongkaiModule === 'fast';
      const engine = await (this.#options.engine ?? defaultEngine(fast));
      if (this.state === 'detached') return this;
      let kinds = schemaCache.get(engine);
      if (!kinds) {
        kinds = new Map(engine.schemas().map((k) => [k.name, k]));
        schemaCache.set(engine, kinds);
      }
      const kind = kinds.get(this.kind);
      if (!kind) throw new Error(`unknown record kind "${this.kind}" in data-gongkai (known: ${[...kinds.keys()].join(', ')})`);
      this.engine = engine;
      this.#index = fieldIndex(kind.fields);
      this.state = 'ready';
      // Fields that arrive filled (an edit form) show their findings at once.
      for (const [path, controls] of this.#groups()) {
        if (readValue(controls, this.#index.get(path)?.type) !== undefined) this.#touched.add(path);
      }
      this.#run();
      if (this.state === 'ready') this.#emit('gongkai:ready', { binding: this }); // else the check failed
    } catch (error) {
      if (this.state === 'detached') return this;
      this.#fail(error);
    }
    if (this.#pendingSubmitter !== undefined) {
      const submitter = this.#pendingSubmitter;
      this.#pendingSubmitter = undefined;
      this.#resubmit(submitter);
    }
    return this;
  }

  #fail(error) {
    this.state = 'failed';
    const block = this.#onFailure() === 'block';
    const t = this.#t();
    const hint = failureHint(error, this.#lang());
    console.warn(block ? t.warnBlocked : t.warnUnavailable, error, ...(hint ? [`\n${t.hint}${hint}`] : []));
    if (!block) {
      this.form.noValidate = this.#noValidate; // the form behaves as if this script were absent
      // A check that failed (the engine is there) may work again after refresh(): keep listening.
      if (!this.engine) this.#abort.abort();
    }
    this.#renderSummary();
    this.#emit('gongkai:unavailable', { error });
  }

  // Settings: options first, then the form's data- attributes, read each time.
  #lang() {
    const lang = this.#options.lang ?? this.form.dataset.gongkaiLang ?? this.form.closest('[lang]')?.lang ?? 'zh';
    return lang === '' || lang.toLowerCase().startsWith('zh') ? 'zh' : 'en';
  }
  #t() { return TEXT[this.#lang()]; }
  #checkOptions() {
    // An empty today ('' or data-gongkai-today="") is an absent one: today in Beijing.
    const option = this.#options.today ?? '';
    const today = option !== '' ? option : this.form.dataset.gongkaiToday || undefined;
    if (today !== undefined && !isDate(today)) {
      const where = option !== '' ? 'attach() option today' : 'data-gongkai-today';
      throw new RangeError(`${where}: ${JSON.stringify(today)} is not a date: write YYYY-MM-DD, a real calendar date (e.g. 2018-12-01), or leave it out for today in Beijing`);
    }
    const lang = this.#lang();
    if (today == null && lang === 'zh') return undefined;
    return today == null ? { lang } : { lang, today };
  }
  #onFailure() { return this.#options.onFailure ?? this.form.dataset.gongkaiOnFailure ?? 'allow'; }
  #debounce() {
    const d = this.#options.debounce ?? Number.parseInt(this.form.dataset.gongkaiDebounce ?? '', 10);
    return Number.isFinite(d) ? d : 150;
  }
  #blocks(severity) {
    const level = this.#options.block ?? this.form.dataset.gongkaiBlock ?? 'error';
    return severity === 'error' || (level === 'warning' && severity === 'warning');
  }

  /** The field path a control maps to, or null. */
  #pathOf(el) {
    if (!(el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement)) return null;
    if (SKIP_TYPES.has(el.type) || el.hasAttribute('data-gongkai-ignore') || el.matches(':disabled')) return null;
    const explicit = el.dataset.gongkaiField;
    if (explicit) return explicit;
    if (!el.name) return null;
    const path = pathFromName(el.name);
    const field = this.#index.get(path);
    return field && field.type !== 'object' && field.type !== 'list' ? path : null;
  }

  /** Map(path → controls), in document order; recomputed each time so dynamic forms work. */
  #groups() {
    const groups = new Map();
    for (const el of this.form.elements) {
      const path = this.#pathOf(el);
      if (path === null) continue;
      if (!groups.has(path)) groups.set(path, []);
      groups.get(path).push(el);
    }
    return groups;
  }

  /** The record the form currently holds. */
  record() {
    const record = {};
    const unchecked = new Set();
    for (const [path, controls] of this.#groups()) {
      const field = this.#index.get(path);
      const type = field?.type ?? (controls.filter((c) => c.type === 'checkbox').length > 1 ? 'text_list' : 'text');
      const value = readValue(controls, type);
      if (value === undefined) continue;
      setPath(record, path, value);
      if (value === false && controls[0].type === 'checkbox') unchecked.add(path);
    }
    // An object (a fieldset such as 政策解读) whose only values are unchecked boxes was left
    // empty: it is absent, not { linked: false }.
    for (const path of unchecked) {
      const top = path.split('.')[0];
      if (top !== path && typeof record[top] === 'object'
        && Object.keys(record[top]).every((k) => unchecked.has(`${top}.${k}`))) delete record[top];
    }
    return record;
  }

  /** Checks the whole record again (after a setting changed), showing what is shown already. */
  refresh() {
    return this.#retry(() => this.#run());
  }

  /** Checks the whole record now and shows every message, as a submit would; returns the outcome. */
  validate() {
    return this.#retry(() => {
      if (this.state !== 'ready') return null;
      this.#submitted = true;
      return this.#run();
    });
  }

  /**
   * Runs `check`; after a check failed (a bad data-gongkai-today, …) it tries again, and once that
   * works validation is live again: gongkai:ready.
   */
  #retry(check) {
    if (this.state !== 'failed' || !this.engine) return check();
    this.state = 'ready';
    this.form.noValidate = true;
    const outcome = check();
    if (outcome) this.#emit('gongkai:ready', { binding: this });
    return outcome;
  }

  // ── Checking ──

  /**
   * Runs the engine over the record: all rules, or those that read `field`. A value of the wrong
   * type (an input error) stops the engine from checking the record at all, so such fields are
   * left out and the check is repeated: the person still sees the other fields' findings.
   */
  #check(record, field) {
    // Only what differs from the engine's defaults (Chinese; today in Beijing time, which the
    // engine reads itself) is passed: given no options, the module has none to read, ≈ 2 µs of
    // a keystroke's re-check (BENCHMARKS.md §4).
    const opts = this.#checkOptions();
    // Through a draft the module keeps the record converted and is sent only the fields that
    // changed since the last check, not the whole record on every keystroke (BENCHMARKS.md §4).
    // The answers are the same; an engine without drafts is called the plain way.
    this.#draft ??= this.engine.draft?.(this.kind) ?? null;
    const draft = this.#draft;
    const call = draft
      ? (r) => draft.check(r, field, opts)
      : (r) => (field ? this.engine.checkField(this.kind, r, field, opts) : this.engine.check(this.kind, r, opts));
    const first = call(record);
    let report = first;
    let copy = null;
    for (let i = 0; i < 5 && report.rules.length === 0; i += 1) {
      const bad = report.issues.filter((x) => x.level === 'error');
      if (!bad.length) break;
      // A record read from a form holds only strings, numbers, booleans, lists and objects: JSON
      // copies it, also where structuredClone is missing (Chrome 96–97, Safari 15.0–15.3).
      copy ??= JSON.parse(JSON.stringify(record));
      if (!bad.map((x) => deletePath(copy, x.field)).some(Boolean)) break;
      report = call(copy);
    }
    return { findings: report.findings, rules: report.rules, issues: first.issues };
  }

  #run(field) {
    if (this.state !== 'ready') return null;
    const typed = field ?? null;
    // Another field typed in and still waiting for its debounced check (autofill, a quick move to
    // a select) is touched already: shown now, its old findings (「未填写…」 for a box just filled)
    // would flash up and vanish when its check comes, shifting the page under the pointer. Those
    // checks are made now instead, with this one: the whole record is checked.
    if (field) {
      for (const [key, timer] of this.#timers) {
        if (typeof key !== 'string' || key === field) continue;
        clearTimeout(timer);
        this.#timers.delete(key);
        field = undefined;
      }
    }
    const record = this.record();
    let report;
    try {
      report = this.#check(record, field);
    } catch (error) {
      // A setting the engine cannot take (data-gongkai-today="2018/12/01") or the engine failing:
      // as when it cannot load (data-gongkai-on-failure), never a silent pass. What was shown goes.
      this.#clear();
      this.#fail(error);
      return null;
    }
    if (field) {
      const rerun = new Set(report.rules);
      this.#findings = this.#findings.filter((f) => !rerun.has(f.rule)).concat(report.findings);
    } else {
      this.#findings = report.findings;
    }
    this.#issues = report.issues;
    for (const issue of report.issues) {
      // Warnings are about the mapping (a data-gongkai-field the kind does not have): for the
      // developer, not the person filling in the form.
      if (issue.level === 'warning' && !this.#warned.has(issue.message)) {
        this.#warned.add(issue.message);
        console.warn(`gongkai: ${issue.message}`);
      }
    }
    const outcome = this.#render(record, typed);
    this.#emit('gongkai:report', outcome);
    return outcome;
  }

  // ── Events ──

  #onInput(event, now = false) {
    if (this.state !== 'ready' || event.isComposing) return;
    const path = this.#pathOf(event.target);
    if (path === null) {
      // A control outside the record: after a submit attempt, its constraint message follows it.
      const el = event.target;
      if (!this.#submitted || !el.willValidate) return;
      clearTimeout(this.#timers.get(el));
      const render = () => {
        this.#timers.delete(el);
        if (this.state === 'ready') this.#render(this.record());
      };
      if (now) render();
      else this.#timers.set(el, setTimeout(render, this.#debounce()));
      return;
    }
    this.#touched.add(path);
    clearTimeout(this.#timers.get(path));
    if (now) { this.#timers.delete(path); this.#run(path); return; }
    this.#timers.set(path, setTimeout(() => { this.#timers.delete(path); this.#run(path); }, this.#debounce()));
  }

  #onBlur(event) {
    if (this.state !== 'ready') return;
    const path = this.#pathOf(event.target);
    if (path === null) return;
    // Moving between the boxes of one group is not leaving the field.
    if (event.relatedTarget && this.#pathOf(event.relatedTarget) === path) return;
    clearTimeout(this.#timers.get(path));
    this.#timers.delete(path);
    this.#touched.add(path);
    this.#run(path);
  }

  #onReset() {
    if (this.state !== 'ready') return;
    this.#touched.clear();
    this.#submitted = false;
    this.#run();
  }

  #onSubmit(event) {
    const stop = () => { event.preventDefault(); event.stopImmediatePropagation(); };
    // A submit button with formnovalidate (保存草稿) sends the form unchecked, as without the
    // binding: in any state, so it is not held while the engine loads either.
    if (event.submitter?.formNoValidate) return;
    if (this.state === 'loading') {
      // Not ready yet: hold the submission and replay it once the engine is there.
      stop();
      this.#pendingSubmitter = event.submitter ?? null;
      return;
    }
    if (this.state === 'failed') {
      if (this.#onFailure() === 'block') {
        stop();
        this.#renderSummary();
        this.#summary?.focus();
      }
      return;
    }
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    this.#submitted = true;
    const outcome = this.#run();
    if (!outcome) {
      // The check failed, and #run made the binding 'failed' as if the engine could not load: with
      // 'block' its notice refuses the submission; with 'allow' the form goes unchecked, but the
      // browser's own constraints, which noValidate skipped for this submission, still hold.
      if (this.#onFailure() === 'block') {
        stop();
        this.#summary?.focus();
      } else if (!this.#noValidate && !this.form.reportValidity()) {
        stop();
      }
      return;
    }
    if (outcome.blocking.length) {
      stop();
      this.#emit('gongkai:blocked', outcome);
      this.#focusFirst(outcome);
      return;
    }
    const ok = this.#emit('gongkai:submit', { ...outcome, submitter: event.submitter ?? null }, true);
    if (!ok) event.preventDefault();
  }

  #resubmit(submitter) {
    if (this.state === 'failed' && this.#onFailure() === 'block') return;
    if (typeof this.form.requestSubmit === 'function') {
      this.form.requestSubmit(submitter && submitter.form === this.form ? submitter : undefined);
    } else {
      (submitter ?? this.form.querySelector('[type=submit]'))?.click();
    }
  }

  #focusFirst(outcome) {
    const first = outcome.blocking.map((x) => x.controls?.[0]).filter(Boolean)
      .sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1))[0];
    if (first) first.focus();
    else this.#summary?.focus();
  }

  #emit(type, detail, cancelable = false) {
    return this.form.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, cancelable }));
  }

  // ── Rendering ──

  /**
   * What the browser itself finds wrong with a control (required, pattern, a number that is not
   * one …), said in the page's language with the control's `label`: the browser's own
   * validationMessage is in the browser's UI language, which need not be the page's.
   */
  #nativeMessage(el, label) {
    if (!el.willValidate) return '';
    const custom = el.validity.customError ? el.validationMessage : '';
    if (custom) el.setCustomValidity('');
    const v = el.validity;
    const browser = v.valid ? '' : el.validationMessage;
    if (custom) el.setCustomValidity(custom);
    if (!browser) return '';
    const zh = this.#lang() === 'zh';
    const verb = el.type === 'checkbox' ? ['勾选', 'check'] : el.type === 'radio' || el instanceof HTMLSelectElement ? ['选择', 'choose'] : ['填写', 'fill in'];
    if (v.valueMissing) return zh ? `请${verb[0]}「${label}」` : `Please ${verb[1]} “${label}”`;
    if (v.badInput || v.typeMismatch) {
      const what = { number: ['数字', 'a number'], date: ['有效日期', 'a valid date'], url: ['网址（如 https://…）', 'a web address (https://…)'], email: ['电子邮件地址', 'an e-mail address'] }[el.type];
      if (what) return zh ? `「${label}」应为${what[0]}` : `“${label}” must be ${what[1]}`;
    }
    if (v.rangeUnderflow) return zh ? `「${label}」不能小于 ${el.min}` : `“${label}” must be at least ${el.min}`;
    if (v.rangeOverflow) return zh ? `「${label}」不能大于 ${el.max}` : `“${label}” must be at most ${el.max}`;
    if (v.stepMismatch && el.type === 'number' && (el.step === '1' || el.step === '')) return zh ? `「${label}」应为整数` : `“${label}” must be a whole number`;
    if (v.tooShort) return zh ? `「${label}」至少 ${el.minLength} 个字` : `“${label}” needs at least ${el.minLength} characters`;
    if (v.tooLong) return zh ? `「${label}」最多 ${el.maxLength} 个字` : `“${label}” takes at most ${el.maxLength} characters`;
    if (v.patternMismatch) return (zh ? `「${label}」格式不正确` : `“${label}” is not in the expected form`) + (el.title ? (zh ? `：${el.title}` : `: ${el.title}`) : '');
    return browser;
  }

  /**
   * What a control that maps to no field is called in its messages: its aria-label, else the text
   * of its <label> (a radio group's <legend>) without what screen readers skip, nested controls,
   * and a trailing colon or asterisk; '' when it has none.
   */
  #controlLabel(el) {
    const text = (node) => {
      if (!node) return '';
      const copy = node.cloneNode(true);
      for (const n of copy.querySelectorAll('input, select, textarea, button, [aria-hidden="true"]')) n.remove();
      return copy.textContent.replace(/\s+/g, ' ').replace(/^[\s*＊]+|[\s:：*＊]+$/g, '');
    };
    return el.getAttribute('aria-label')?.trim()
      || (el.type === 'radio' ? text(el.closest('fieldset')?.querySelector(':scope > legend')) : '')
      || text(el.labels?.[0]);
  }

  /**
   * The browser's constraint failures of the controls that map to no field (我已阅读并同意, a phone
   * number, data-gongkai-ignore …), one item per control or group of the same name; none when
   * the form itself has novalidate. The message is the page's own (setCustomValidity) or the
   * browser's, said as for fields. Their validity is never changed: it is the page's and the browser's.
   */
  #outsideItems(mapped, paths) {
    if (this.#noValidate) return [];
    const byKey = new Map();
    [...this.form.elements].forEach((c, i) => {
      if (mapped.has(c) || !c.willValidate || c.validity.valid) return;
      let key = c.name || c.id || `#${i}`;
      if (paths.some((p) => within(p, key) || within(key, p))) key = `#${i}`; // an ignored control of a field
      if (!byKey.has(key)) byKey.set(key, []);
      byKey.get(key).push(c);
    });
    return [...byKey].map(([key, controls]) => {
      const el = controls[0];
      const label = el.validity.customError ? '' : this.#controlLabel(el);
      const message = label ? this.#nativeMessage(el, label) : el.validationMessage;
      return { severity: 'error', field: el.name || el.id, message, native: true, key, outside: controls };
    });
  }

  /**
   * Shows the current findings: messages next to fields, states on controls, the summary.
   * Idempotent: elements are only rewritten when their content changes (screen readers are not
   * told the same thing twice). Only the messages of `live`, the field being typed in, are
   * announced as they change (aria-live): after a submit the summary (role="alert") speaks for
   * all, and each field's message is read when the field gets focus (aria-describedby), rather
   * than a dozen announcements at once.
   */
  #render(record, live = null) {
    const t = this.#t();
    const groups = this.#groups();
    const paths = [...groups.keys()];
    const mapped = new Set([...groups.values()].flat());
    // A control that no longer maps to a field (data-gongkai-ignore added) loses our custom validity.
    for (const c of this.#owned) if (!mapped.has(c)) { c.setCustomValidity(''); this.#owned.delete(c); }
    const badInput = new Set(this.#issues.filter((x) => x.level === 'error').map((x) => x.field));
    const items = [];
    for (const issue of this.#issues) {
      if (issue.level === 'error') items.push({ severity: 'error', field: issue.field, message: issue.message, label: t.input });
    }
    for (const f of this.#findings) {
      // A field whose value could not be read has its input error instead of "未填写…".
      if ([...badInput].some((b) => within(f.field, b))) continue;
      items.push({ severity: f.severity, field: f.field, message: f.message, basis: f.basis, rule: f.rule });
    }
    for (const [path, controls] of groups) {
      if (items.some((x) => x.severity === 'error' && within(path, x.field))) continue;
      const message = controls.map((c) => this.#nativeMessage(c, this.#label(path))).find(Boolean);
      if (message) items.push({ severity: 'error', field: path, message, native: true });
    }
    items.push(...this.#outsideItems(mapped, paths));

    // Where each item goes: the field's controls, an object's controls (a fieldset), or the summary.
    const targets = new Map();
    const summaryItems = [];
    for (const item of items) {
      let key = null;
      let controls = null;
      if (item.outside) {
        key = item.key;
        controls = item.outside;
      } else if (groups.has(item.field)) {
        key = item.field;
        controls = groups.get(item.field);
      } else if (item.field && paths.some((p) => within(p, item.field))) {
        key = item.field;
        controls = paths.filter((p) => within(p, item.field)).flatMap((p) => groups.get(p));
      }
      // A hidden input has no place on screen for a message: the summary shows it.
      if (controls && controls.every((c) => c.type === 'hidden')) controls = null;
      item.controls = controls ?? [];
      // Controls outside the record are checked as the browser would: on submit.
      item.visible = this.#submitted || (!item.outside && (controls ? this.#isTouched(item.field) : this.#readsTouched(item)));
      if (!controls) { summaryItems.push(item); continue; }
      if (!targets.has(key)) targets.set(key, { controls, items: [] });
      targets.get(key).items.push(item);
    }

    // Messages next to fields.
    const perControl = new Map(); // control → { blocking: [], severity, ids: [] }
    for (const [key, target] of targets) {
      const visible = target.items.filter((x) => x.visible);
      if (!visible.length) continue;
      const el = this.#messageElement(key, target.controls);
      const sig = JSON.stringify(visible.map((x) => [x.severity, x.message, x.basis, x.rule, x.label]));
      const entry = this.#targets.get(key);
      if (entry.sig !== sig) {
        el.setAttribute('aria-live', live !== null && within(live, key) ? 'polite' : 'off');
        el.replaceChildren(...visible.map((x) => this.#messageNode(x)));
        el.hidden = false;
        entry.sig = sig;
      }
      el.dataset.severity = topSeverity(visible);
      for (const c of target.controls) {
        if (!perControl.has(c)) perControl.set(c, { blocking: [], severity: null, ids: [] });
        const state = perControl.get(c);
        state.ids.push(el.id);
        for (const x of visible) {
          if (this.#blocks(x.severity)) state.blocking.push(x.message);
          if (!state.severity || SEVERITY_RANK[x.severity] > SEVERITY_RANK[state.severity]) state.severity = x.severity;
        }
      }
    }
    for (const [key, entry] of this.#targets) {
      if (targets.has(key) && targets.get(key).items.some((x) => x.visible)) continue;
      this.#removeMessage(key, entry);
    }

    // States on the controls (Constraint Validation API + ARIA).
    for (const c of this.#marked) {
      if (!perControl.has(c)) this.#unmark(c);
    }
    for (const [c, state] of perControl) {
      this.#marked.add(c);
      if (mapped.has(c)) {
        const message = state.blocking.join('\n');
        if (c.validationMessage !== message || c.validity.customError !== Boolean(message)) c.setCustomValidity(message);
        this.#owned.add(c);
      }
      if (state.blocking.length) c.setAttribute('aria-invalid', 'true');
      else c.removeAttribute('aria-invalid');
      c.dataset.gongkaiSeverity = state.severity;
      this.#describe(c, new Set(state.ids));
    }

    const blocking = items.filter((x) => this.#blocks(x.severity));
    this.#renderSummary(summaryItems.filter((x) => x.visible), blocking);
    const clean = (x) => ({ severity: x.severity, field: x.field, message: x.message, basis: x.basis, rule: x.rule, controls: x.controls });
    return { record, findings: this.#findings, issues: this.#issues, blocking: blocking.map(clean) };
  }

  #isTouched(field) {
    for (const t of this.#touched) if (within(t, field) || within(field, t)) return true;
    return false;
  }

  /** A finding the form has no place for is shown once the person touched a field its rule reads. */
  #readsTouched(item) {
    if (!item.rule) return true;
    const meta = this.#ruleMeta(item.rule);
    if (!meta) return this.#touched.size > 0;
    return meta.fields.some((f) => this.#isTouched(f));
  }

  #ruleMeta(id) {
    this.#rules ??= new Map(this.engine.rules().map((r) => [r.id, r]));
    if (!this.#rules.has(id)) this.#rules = new Map(this.engine.rules().map((r) => [r.id, r])); // rules loaded since
    return this.#rules.get(id);
  }
  #rules = null;

  /**
   * Points aria-describedby at our message elements, keeping the ids the page put there itself:
   * we remove only the ids we added.
   */
  #describe(control, wanted) {
    const added = this.#addedIds.get(control) ?? new Set();
    const before = (control.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
    const kept = before.filter((id) => !added.has(id) || wanted.has(id));
    const now = new Set(added);
    for (const id of added) if (!wanted.has(id)) now.delete(id);
    for (const id of wanted) {
      if (!kept.includes(id)) { kept.push(id); now.add(id); }
    }
    this.#addedIds.set(control, now);
    const next = kept.join(' ');
    if (next === before.join(' ')) return;
    if (next) control.setAttribute('aria-describedby', next);
    else control.removeAttribute('aria-describedby');
  }
  #addedIds = new WeakMap(); // control → ids of message elements we added to its aria-describedby

  /** One finding as DOM: severity, message, and (smaller) its basis. Text only, never HTML. */
  #messageNode(item) {
    const t = this.#t();
    const p = document.createElement('p');
    p.className = 'gongkai-message-item';
    p.dataset.severity = item.severity;
    const badge = document.createElement('span');
    badge.className = 'gongkai-severity';
    badge.textContent = item.label && item.severity === 'error' ? item.label : t[item.severity] ?? item.severity;
    const text = document.createElement('span');
    text.className = 'gongkai-text';
    text.textContent = item.message;
    // A space between the badge and the message: a screen reader (and a page without the
    // stylesheet) reads 「错误 未填写…」, not 「错误未填写…」 as one word.
    p.append(badge, ' ', text);
    if (item.basis || item.rule) {
      const basis = document.createElement('small');
      basis.className = 'gongkai-basis';
      basis.textContent = [item.basis ? t.basis + item.basis : '', item.rule ?? ''].filter(Boolean).join(' · ');
      p.append(basis);
    }
    return p;
  }

  /** The message element for a field: the form's own (data-gongkai-message) or one we insert. */
  #messageElement(key, controls) {
    let entry = this.#targets.get(key);
    if (entry?.el.isConnected) return entry.el;
    let el = [...this.form.querySelectorAll('[data-gongkai-message]')].find((e) => e.dataset.gongkaiMessage === key);
    const created = !el;
    if (!el) {
      el = document.createElement('div');
      el.className = 'gongkai-message';
      this.#place(el, key, controls);
    }
    if (!el.id) {
      const base = `gongkai-${this.#id}-${key.replace(/[^\w-]/g, '_')}`;
      let id = base;
      for (let n = 2; document.getElementById(id); n += 1) id = `${base}-${n}`; // names 「同意」, 「确认」
      el.id = id;
    }
    entry = { el, created, sig: '' };
    this.#targets.set(key, entry);
    return el;
  }

  /**
   * Puts a new message element after the field: at the end of the smallest box that holds the
   * field's controls and no other field's (a .field div, a fieldset of checkboxes), or right after
   * the control (or its <label>) when there is no such box.
   */
  #place(el, key, controls) {
    const explicit = [...this.form.querySelectorAll('fieldset, [data-gongkai-group]')]
      .find((f) => (f.dataset.gongkaiGroup ?? f.dataset.gongkaiField ?? f.name) === key);
    if (explicit) { explicit.append(el); return; }
    const others = [...this.form.elements].filter((c) => !controls.includes(c) && !(c instanceof HTMLFieldSetElement) && !(c instanceof HTMLButtonElement && c.type !== 'submit'));
    const holdsOthers = (box) => others.some((o) => box.contains(o));
    let box = controls[0];
    while (!controls.every((c) => box.contains(c))) box = box.parentElement;
    const STOP = /^(FORM|TABLE|TBODY|THEAD|TFOOT|TR|UL|OL|DL|BODY)$/;
    for (let depth = 0; depth < 3; depth += 1) {
      const parent = box.parentElement;
      if (!parent || STOP.test(parent.tagName) || holdsOthers(parent)) break;
      box = parent;
      if (/^(TD|TH|FIELDSET)$/.test(box.tagName)) break;
    }
    if (box === controls[0] || box.tagName === 'LABEL' || box instanceof HTMLSelectElement) {
      const label = box.closest('label');
      (label && this.form.contains(label) ? label : box).after(el);
    } else {
      box.append(el);
    }
  }

  #removeMessage(key, entry) {
    if (entry.created) entry.el.remove();
    else { entry.el.replaceChildren(); entry.el.hidden = true; delete entry.el.dataset.severity; }
    this.#targets.delete(key);
  }

  #unmark(c) {
    if (this.#owned.delete(c)) c.setCustomValidity('');
    c.removeAttribute('aria-invalid');
    delete c.dataset.gongkaiSeverity;
    this.#describe(c, new Set());
    this.#marked.delete(c);
  }

  /** The box at the top of the form: findings without a field here, the list of errors after a
   * blocked submit, or the notice that validation is unavailable. */
  #renderSummary(items = [], blocking = []) {
    const t = this.#t();
    const nodes = [];
    let sig;
    if (this.state === 'failed') {
      if (this.#onFailure() !== 'block') return this.#hideSummary();
      const p = document.createElement('p');
      p.className = 'gongkai-summary-title';
      p.textContent = t.unavailable;
      nodes.push(p);
      sig = `failed:${t.unavailable}`;
    } else {
      const order = (a, b) => (a.controls[0].compareDocumentPosition(b.controls[0]) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1);
      const fieldErrors = this.#submitted ? blocking.filter((x) => x.controls.length).sort(order) : [];
      if (!fieldErrors.length && !items.length) return this.#hideSummary();
      const title = document.createElement('p');
      title.className = 'gongkai-summary-title';
      title.textContent = fieldErrors.length ? t.blocked(blocking.length) : t.other;
      const list = document.createElement('ul');
      for (const x of fieldErrors) {
        const li = document.createElement('li');
        const link = document.createElement('button');
        link.type = 'button';
        link.className = 'gongkai-summary-link';
        link.textContent = x.outside ? x.message : this.#withLabel(x.field, x.message);
        link.addEventListener('click', () => x.controls[0].focus());
        li.append(link);
        list.append(li);
      }
      for (const x of items) {
        const li = document.createElement('li');
        const node = this.#messageNode(x);
        if (x.field) node.querySelector('.gongkai-text').textContent = this.#withLabel(x.field, x.message);
        li.append(node);
        list.append(li);
      }
      nodes.push(title, list);
      sig = JSON.stringify([title.textContent, fieldErrors.map((x) => [x.field, x.message]), items.map((x) => [x.severity, x.field, x.message, x.basis])]);
    }
    const box = this.#summaryElement();
    if (sig !== this.#summarySig) {
      box.replaceChildren(...nodes);
      this.#summarySig = sig;
    }
    box.hidden = false;
  }

  #hideSummary() {
    if (!this.#summary) return;
    this.#summarySig = '';
    this.#summary.replaceChildren();
    this.#summary.hidden = true;
  }

  #summaryElement() {
    if (this.#summary?.isConnected) return this.#summary;
    let box = this.form.querySelector('[data-gongkai-summary]');
    this.#summaryCreated = !box;
    if (!box) {
      box = document.createElement('div');
      box.className = 'gongkai-summary';
      this.form.prepend(box);
    }
    box.setAttribute('role', 'alert');
    box.tabIndex = -1;
    this.#summary = box;
    return box;
  }

  /** 「标题：message」, unless the message names the field already (「未填写标题」). */
  #withLabel(path, message) {
    const label = this.#label(path);
    return message.includes(label) ? message : `${label}${this.#t().sep}${message}`;
  }

  /** A field's label in the message language, e.g. 「解读发布日期」 for interpretation.publish_date. */
  #label(path) {
    const field = this.#index.get(path.replace(/\[\d+\]/g, ''));
    if (!field) return path || (this.#lang() === 'zh' ? '整条记录' : 'Record');
    return this.#lang() === 'zh' ? field.label_zh : field.label_en;
  }

  /** Removes the messages next to fields and the states on controls; stops pending checks. */
  #clear() {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    for (const [key, entry] of this.#targets) this.#removeMessage(key, entry);
    for (const c of [...this.#marked]) this.#unmark(c);
  }

  /** Removes everything the binding added and stops listening. Typed values stay as they are. */
  detach() {
    if (this.state === 'detached') return;
    this.state = 'detached';
    this.#abort.abort();
    this.#clear();
    if (this.#summary) {
      if (this.#summaryCreated) this.#summary.remove();
      else this.#hideSummary();
    }
    this.form.noValidate = this.#noValidate;
    this.#draft?.free();
    this.#draft = null;
    if (bindings.get(this.form) === this) bindings.delete(this.form);
  }
}

function topSeverity(items) {
  return items.reduce((top, x) => (SEVERITY_RANK[x.severity] > SEVERITY_RANK[top] ? x.severity : top), 'info');
}

// ── Automatic attachment ─────────────────────────────────────────────────────────────────────
// A module script runs after the document is parsed, so the forms are there; forms added later
// (a portal that renders a dialog) are attached when they appear.
if (typeof document !== 'undefined') {
  attachAll();
  new MutationObserver((records) => {
    for (const r of records) {
      for (const node of r.addedNodes) {
        if (node.nodeType === 1 && (node.tagName === 'FORM' || node.firstElementChild)) attachAll(node);
      }
    }
  }).observe(document.documentElement, { childList: true, subtree: true });
}
