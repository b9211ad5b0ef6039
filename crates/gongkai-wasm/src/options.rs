//! Check options read in one call.
//!
//! Options cross as JSON text like every other object (`init`), but a check's options come with
//! every check, and reading them that way (`JSON.stringify`, the text copied into the module,
//! parsed, its members checked) cost ≈ 1.5 µs of a 23 µs form check (BENCHMARKS.md §3), more
//! than any one of its rules. Almost always they are `{ today: "YYYY-MM-DD" }`, maybe with
//! `lang`: `js/options.js` packs those into one number, which needs no text to cross at all.
//! Anything else, the slow way reads, and says what is wrong with it.

use gongkai::date::Date;
use gongkai::{CheckOptions, Lang};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/options.js")]
extern "C" {
    /// `YYYYMMDD × 4 + lang` for the usual options, -1 (as `u32`, `u32::MAX`) for any other.
    #[wasm_bindgen(js_name = packCheckOptions)]
    fn pack_check_options(options: &JsValue) -> u32;
}

/// The check options `options` stands for if they are the usual kind (or absent); `None` when
/// they must be read the slow way.
pub(crate) fn quick(options: Option<&JsValue>) -> Option<CheckOptions> {
    let code = match options {
        Some(o) if !o.is_undefined() && !o.is_null() => pack_check_options(o),
        _ => 0,
    };
    // `u32::MAX`, the slow way's mark, has 3 here too.
    let lang = match code % 4 {
        0 | 1 => Lang::Zh,
        2 => Lang::En,
        _ => return None,
    };
    let day = code / 4;
    let today = if day == 0 {
        crate::today_in_beijing()
    } else {
        // A day that does not exist (`2026-02-30`) is left to the slow way's message. The
        // year has at most four digits, so the cast is exact.
        Date::from_ymd((day / 10_000) as i32, day / 100 % 100, day % 100)?
    };
    Some(CheckOptions::new(today).with_lang(lang))
}
