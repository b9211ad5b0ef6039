//! A check's report on its way to JavaScript.
//!
//! Most values cross as JSON text (`to_js`), but a report is what a form gets on every keystroke
//! and an audit once per record, and as JSON its findings cost more on the JavaScript side than
//! the rules that made them: the text decoded from UTF-8 (slow for Chinese), then `JSON.parse`
//! making every string and object (≈ 10 µs of a 31 µs check with five findings, BENCHMARKS.md
//! §5). So a report crosses as one run of UTF-16 code units in the module's memory: JavaScript
//! turns it into one string with a single `TextDecoder` call (UTF-16 needs no transcoding), cuts
//! the strings out of it by length, and builds the same plain objects `JSON.parse` would have
//! (`js/report.js`, the other half of this format).
//!
//! The format, in code units: a *count* is two units of 15 bits each (high, low), so that no
//! structural unit falls in the surrogate range, which `TextDecoder` would replace; a *string*
//! is its length in code units as a count, then its code units; a *tag* is one unit.
//!
//! ```text
//! report   = count finding*  count issue*  count string(rule id)*
//! finding  = string(rule) tag(severity) string(field) string(message) string(basis)
//!            count (string(key) value)*
//! issue    = tag(level) string(field) string(message)
//! value    = 0 (null) | 1 (false) | 2 (true) | 3 string(number as JSON text) | 4 string
//!          | 5 count value* (array) | 6 count (string(key) value)* (object)
//! ```

use gongkai::Report;
use gongkai::finding::{Finding, Severity};
use gongkai::record::IssueLevel;
use serde_json::Value;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/report.js")]
extern "C" {
    /// Builds the report's plain objects from its packed code units (a view of this module's
    /// memory, read before the call returns).
    #[wasm_bindgen(js_name = unpackReport)]
    fn unpack_report(units: &[u16]) -> JsValue;
}

/// The largest count the format holds: 2³⁰ − 1, beyond the longest string JavaScript engines
/// allow (V8: 2²⁹ − 24 code units).
const MAX_COUNT: usize = (1 << 30) - 1;

/// `report` as the plain object JavaScript expects (`Report` in the `.d.ts`).
pub(crate) fn to_js(report: &Report) -> Result<JsValue, JsError> {
    let mut packer = Packer {
        units: Vec::with_capacity(256),
        too_long: false,
    };
    packer.report(report);
    if packer.too_long {
        return Err(JsError::new(
            "cannot convert the result: a string longer than JavaScript allows",
        ));
    }
    Ok(unpack_report(&packer.units))
}

struct Packer {
    units: Vec<u16>,
    /// Set when a length did not fit a count: the result is refused rather than cut.
    too_long: bool,
}

impl Packer {
    fn report(&mut self, report: &Report) {
        self.count(report.findings.len());
        for finding in &report.findings {
            self.finding(finding);
        }
        self.count(report.issues.len());
        for issue in &report.issues {
            self.units.push(match issue.level {
                IssueLevel::Error => 0,
                IssueLevel::Warning => 1,
            });
            self.string(&issue.field);
            self.string(&issue.message);
        }
        self.count(report.rules.len());
        for rule in &report.rules {
            self.string(rule);
        }
    }

    fn finding(&mut self, finding: &Finding) {
        self.string(&finding.rule);
        self.units.push(match finding.severity {
            Severity::Error => 0,
            Severity::Warning => 1,
            Severity::Info => 2,
        });
        self.string(&finding.field);
        self.string(&finding.message);
        self.string(&finding.basis);
        self.count(finding.values.len());
        for (key, value) in &finding.values {
            self.string(key);
            self.value(value);
        }
    }

    fn value(&mut self, value: &Value) {
        match value {
            Value::Null => self.units.push(0),
            Value::Bool(b) => self.units.push(1 + u16::from(*b)),
            Value::Number(n) => {
                self.units.push(3);
                // In the fast module, whole numbers (most of what findings carry) are written
                // digit by digit rather than through a string of their own.
                #[cfg(feature = "lowered")]
                if let Some(n) = n.as_i64() {
                    self.string(gongkai::json::decimal(n, &mut [0; 20]));
                    return;
                }
                self.string(&n.to_string());
            }
            Value::String(s) => {
                self.units.push(4);
                self.string(s);
            }
            Value::Array(items) => {
                self.units.push(5);
                self.count(items.len());
                for item in items {
                    self.value(item);
                }
            }
            Value::Object(members) => {
                self.units.push(6);
                self.count(members.len());
                for (key, member) in members {
                    self.string(key);
                    self.value(member);
                }
            }
        }
    }

    fn count(&mut self, n: usize) {
        let halves = self.halves(n);
        self.units.extend(halves);
    }

    /// The length goes in front but is known only once the string is written (for text that is
    /// not ASCII it is not the byte length), so two units are kept for it and filled in after:
    /// one pass over the text instead of a pass to count and another to write.
    fn string(&mut self, s: &str) {
        self.measured(|units| units.extend(s.encode_utf16()));
    }

    /// A string that `write` appends, its length in front. (One caller: folded into `string`,
    /// the same code was laid out so that the default module gzipped 45 bytes over its budget.)
    fn measured(&mut self, write: impl FnOnce(&mut Vec<u16>)) {
        let at = self.units.len();
        self.units.extend([0, 0]);
        write(&mut self.units);
        let halves = self.halves(self.units.len() - at - 2);
        if let Some(slot) = self.units.get_mut(at..at + 2) {
            slot.copy_from_slice(&halves);
        }
    }

    /// `n` as a count's two units; a number too large for them marks the result as refused.
    fn halves(&mut self, n: usize) -> [u16; 2] {
        if n > MAX_COUNT {
            self.too_long = true;
        }
        // Both halves are below 0x8000 by the masks; the casts keep the low bits only.
        [((n >> 15) & 0x7fff) as u16, (n & 0x7fff) as u16]
    }
}
