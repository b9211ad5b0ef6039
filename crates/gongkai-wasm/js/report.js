// A check's report from its packed code units: the other half of crates/gongkai-wasm/src/report.rs,
// which says why reports do not cross as JSON and defines the format. wasm-bindgen ships this
// file with the glue (pkg/snippets/) and calls it from the module; it makes the same plain
// objects `JSON.parse` would have made from the report's JSON.

const utf16 = new TextDecoder('utf-16le', { ignoreBOM: true });
const SEVERITIES = ['error', 'warning', 'info'];
const LEVELS = ['error', 'warning'];

// The string being read and the position in it. Unpacking runs to its end synchronously, so
// one reader at a time is all there ever is.
let s = '';
let at = 0;

function count() {
  const n = s.charCodeAt(at) * 0x8000 + s.charCodeAt(at + 1);
  at += 2;
  return n;
}

function string() {
  const n = count();
  at += n;
  return s.substring(at - n, at);
}

/** `object[key] = value`, except that a key `__proto__` becomes a member, as in `JSON.parse`. */
function set(object, key, value) {
  if (key === '__proto__') {
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    object[key] = value;
  }
}

// Member names seen lately, by a hash of their length and end characters. A name cut out of the
// report's string is a new string every time, which V8 must find in its table of names before
// it can add a member under it (≈ 80 ns a member, most of building a finding's values); the
// string kept from last time was already used as a name, so V8 takes it at once. Findings
// carry the same few names report after report, so a small table serves: a name not found (or
// another name at its place) is cut out as before and takes the place.
const NAMES = new Array(64).fill('');

/** A member name: a string, as `string()` reads it, but the one kept if it is the same. */
function name() {
  const n = count();
  const start = at;
  at += n;
  if (n === 0) return '';
  const slot = (n * 7 + s.charCodeAt(start) * 3 + s.charCodeAt(at - 1)) & 63;
  const kept = NAMES[slot];
  if (kept.length === n && s.startsWith(kept, start)) return kept;
  return (NAMES[slot] = s.substring(start, at));
}

function members(object) {
  for (let n = count(); n > 0; n--) {
    const key = name();
    set(object, key, value());
  }
  return object;
}

function value() {
  switch (s.charCodeAt(at++)) {
    case 0: return null;
    case 1: return false;
    case 2: return true;
    case 3: return Number(string());
    case 4: return string();
    case 5: {
      const items = [];
      for (let n = count(); n > 0; n--) items.push(value());
      return items;
    }
    case 6: return members({});
    default: throw new Error(`gongkai: damaged report at code unit ${at - 1}`);
  }
}

export function unpackReport(units) {
  s = utf16.decode(units);
  at = 0;
  try {
    const findings = [];
    for (let n = count(); n > 0; n--) {
      const rule = string();
      const severity = SEVERITIES[s.charCodeAt(at++)];
      const field = string();
      const message = string();
      const basis = string();
      findings.push(members({ rule, severity, field, message, basis }));
    }
    const issues = [];
    for (let n = count(); n > 0; n--) {
      const level = LEVELS[s.charCodeAt(at++)];
      const field = string();
      issues.push({ level, field, message: string() });
    }
    const rules = [];
    for (let n = count(); n > 0; n--) rules.push(string());
    return { findings, issues, rules };
  } finally {
    s = '';
  }
}
