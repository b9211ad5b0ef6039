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

function members(object) {
  for (let n = count(); n > 0; n--) {
    const key = string();
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
