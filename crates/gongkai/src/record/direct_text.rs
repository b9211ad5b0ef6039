//! Records read from JSON text without the record's `serde_json::Value` in between, on
//! gongkai's own JSON reader: [`super::read_json`] in the fast WebAssembly module, which has no
//! serde deserializer (the native build reads on serde_json's, `direct.rs`).
//!
//! Every check from JavaScript brings its record as JSON text. Parsed whole into a `Value`, a
//! record is a B-tree with a string for each member's name, searched once per field and then
//! dropped; parsing and converting were ≈ 9% of a form check with five findings under Node, and
//! reading the record this way takes 0.5–1 µs off such a check (BENCHMARKS.md §3). Here each
//! member goes straight to its field as it is read; only its value is a `Value` on the way (a
//! number or a string, mostly), converted as the usual way converts it. Like `direct.rs`, it
//! takes only the usual record: at a member the kind does not have, a duplicate, a name written
//! with escapes, a value the usual way would report, or invalid JSON, it gives up and the
//! caller goes the usual way, which says what is wrong. So what it returns is exactly what
//! [`super::normalize`] makes of the same text (tests in `direct.rs` hold both readers to it).

use super::{Normalized, field_value, template};
use crate::schema::Kind;
use rhai::Dynamic;
use smallvec::SmallVec;

/// The record of `kind` that `json` holds, when it is the usual record; `None` otherwise.
pub fn read_json(kind: &Kind, json: &str) -> Option<Normalized> {
    let fields = kind.fields;
    let mut values: SmallVec<[Option<Dynamic>; 32]> = smallvec::smallvec![None; fields.len()];
    let mut issues = Vec::new();
    let whole = crate::json::members(json, |name, value| {
        let Some(i) = fields.iter().position(|f| crate::text::same(f.name, name)) else {
            return false;
        };
        match (fields.get(i), values.get_mut(i)) {
            // A second member of the same name: serde_json keeps the last, and so would the
            // usual way; not this reader's business.
            (Some(f), Some(slot @ None)) => {
                *slot = Some(field_value(f, &value, "", &mut issues));
                issues.is_empty()
            }
            _ => false,
        }
    });
    whole.then(|| Normalized {
        value: Dynamic::from_map(template::fill(fields, values)),
        issues,
    })
}
