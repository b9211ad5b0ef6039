// Check options as one number, when they are the usual kind: the other half of
// crates/gongkai-wasm/src/options.rs, which says why. wasm-bindgen ships this file with the glue
// (pkg/snippets/) and calls it from the module.

/** `YYYYMMDD` of a `YYYY-MM-DD` text, or -1 (also for `0000-00-00`, whose 0 would mean absent). */
function day(text) {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return -1;
  let n = 0;
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue;
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    n = n * 10 + digit;
  }
  return n || -1;
}

/**
 * `options` (an object, not null or undefined) as `YYYYMMDD × 4 + lang` (`lang` 0 when absent,
 * 1 for "zh", 2 for "en"; `YYYYMMDD` 0 when `today` is absent; the whole below 2³², as the module
 * reads it), or -1 for anything else: options that are not a plain object, a member that is not
 * `lang` or `today` or not a string, a `lang` other than "zh" or "en", a `today` not written
 * `YYYY-MM-DD`. The module reads those the slow way, which says what is wrong with them. Members
 * that are `undefined` are absent, as they are to `JSON.stringify`, which the slow way starts with.
 */
export function packCheckOptions(options) {
  if (typeof options !== 'object' || Object.getPrototypeOf(options) !== Object.prototype) return -1;
  let lang = 0;
  let today = 0;
  for (const key of Object.keys(options)) {
    const value = options[key];
    if (value === undefined) continue;
    if (typeof value !== 'string') return -1;
    if (key === 'lang') {
      lang = value === 'zh' ? 1 : value === 'en' ? 2 : -1;
      if (lang < 0) return -1;
    } else if (key === 'today') {
      today = day(value);
      if (today < 0) return -1;
    } else {
      return -1;
    }
  }
  return today * 4 + lang;
}
