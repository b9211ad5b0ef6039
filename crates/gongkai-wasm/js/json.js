// Values to and from JSON text, for the module: the other half of `from_js` and `to_js` in
// crates/gongkai-wasm/src/lib.rs, which say why these are not js-sys's `JSON` bindings.
// wasm-bindgen ships this file with the glue (pkg/snippets/) and calls it from the module.

/**
 * `JSON.stringify(value)`: `undefined` where it has no text (for `undefined` or a function), and
 * for a value it throws on (a BigInt, a cycle) NUL and ` (the exception)`, which the module adds
 * to its error (no JSON text starts with NUL).
 */
export function jsonText(value) {
  try {
    return JSON.stringify(value);
  } catch (e) {
    return `\0 (${e})`;
  }
}

/**
 * `JSON.parse(text)`, or `undefined` if it throws. (js-sys's bindings of both functions go
 * through wasm-bindgen's exception handling; these two catch for themselves, so no import of the
 * module needs it, and it is left out of the module and its glue.)
 */
export function jsonValue(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
