//! Check options read in one call.
//!
//! Options cross as JSON text like every other object (`init`), but a check's options come with
//! every check, and reading them that way (`JSON.stringify`, the text copied into the module,
//! parsed, its members checked) cost ≈ 1.5 µs of a 23 µs form check (BENCHMARKS.md §5), more
//! than any one of its rules. Almost always they are `{ today: "YYYY-MM-DD" }`, maybe with
//! `lang`: `js/options.js` packs those into one number, which needs no text to cross at all.
//! Anything else, the slow way reads, and says what is wrong with it.

use gongkai::date::Date;
use gongkai::{CheckOptions, Lang};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/options.js")]
extern "C" {
    /// `YYYYMMDD × 4 + lang` for the usual options, -1 for any other.
    #[wasm_bindgen(js_name = packCheckOptions)]
    fn pack_check_options(options: &JsValue) -> f64;
}

/// The check options `options` stands for if they are the usual kind (or absent); `None` when
/// they must be read the slow way.
pub(crate) fn quick(
    options: Option<&JsValue>,
    today: impl FnOnce() -> Date,
) -> Option<CheckOptions> {
    let code = match options {
        Some(o) if !o.is_undefined() && !o.is_null() => pack_check_options(o),
        _ => 0.0,
    };
    // Otherwise a whole number below 2⁴⁰, so the cast is exact.
    if code.is_nan() || code < 0.0 {
        return None;
    }
    let code = code as u64;
    let lang = match code % 4 {
        0 | 1 => Lang::Zh,
        2 => Lang::En,
        _ => return None,
    };
    let day = code / 4;
    let today = if day == 0 {
        today()
    } else {
        // A day that does not exist (`2026-02-30`) is left to the slow way's message.
        let (year, month, day) = (day / 10_000, day / 100 % 100, day % 100);
        Date::from_ymd(i32::try_from(year).ok()?, month as u32, day as u32)?
    };
    Some(CheckOptions::new(today).with_lang(lang))
}
