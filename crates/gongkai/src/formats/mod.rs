//! Format validators and detectors for the identifiers and notations found in disclosure
//! records: 发文字号, 统一社会信用代码 and 组织机构代码, 公民身份号码, personal identifiers in free
//! text, Chinese numerals, and 公开时限.
//!
//! They live together because they share a character: pure functions over `&str` with no data
//! tables, no clock and no dependencies (no regex: hand-written scanners keep the wasm module
//! small), returning structured results that the rhai rule library wraps one-to-one. Anything
//! that needs data (holidays, region-code tables) or "today" lives elsewhere and is passed in.
//!
//! None of these functions panics on any input; each module has randomised tests for that.

pub mod citation;
pub mod doc_number;
pub mod numerals;
pub mod pii;
pub mod resident_id;
pub mod time_limit;
pub mod uscc;

pub use citation::{cited_doc_numbers, cited_titles, law_titles};
pub use doc_number::{DocNumber, DocNumberError, parse_doc_number};
pub use numerals::parse_chinese_number;
pub use pii::{PiiKind, PiiMatch, find_pii};
pub use resident_id::{is_valid_resident_id, resident_id_check_char};
pub use time_limit::{
    Period, TimeLimit, TimeLimitError, TimeLimitKind, TimeUnit, parse_time_limit,
};
pub use uscc::{is_valid_org_code, is_valid_uscc, uscc_check_char, uscc_org_code_valid};
