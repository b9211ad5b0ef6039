//! What checks produce: findings about records, and diagnostics about rules.

use crate::text::{Lang, Text};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

/// How serious a finding is. The rule's source decides: 应当/须/不得 is an error,
/// 原则上/力争/及时 a warning, advice an info.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A violation of a binding duty.
    Error,
    /// A breach of a soft duty, or a likely problem.
    Warning,
    /// Advice.
    Info,
}

impl Severity {
    /// The severity's name in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Error, Lang::Zh) => "错误",
            (Self::Warning, Lang::Zh) => "警告",
            (Self::Info, Lang::Zh) => "提示",
            (Self::Error, Lang::En) => "error",
            (Self::Warning, Lang::En) => "warning",
            (Self::Info, Lang::En) => "info",
        }
    }
}

impl FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "error" => Ok(Self::Error),
            "warning" => Ok(Self::Warning),
            "info" => Ok(Self::Info),
            _ => Err(format!(
                "unknown severity `{s}` (expected `error`, `warning` or `info`)"
            )),
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label(Lang::En))
    }
}

/// One problem a rule found in a record.
///
/// The rule's id and basis are the rule's own, shared (`Arc<str>`) by every finding it makes,
/// as `Report::rules` shares the ids: copying the basis alone into each finding was 2.5% of a
/// form check that found five problems (BENCHMARKS.md §1).
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// The rule's id, e.g. `DOC-005`.
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    pub rule: Arc<str>,
    /// The rule's severity.
    pub severity: Severity,
    /// Path of the field concerned, e.g. `entries[3].channels`; empty for the record as a whole.
    pub field: String,
    /// What is wrong and what to do, in the requested language.
    pub message: String,
    /// The legal basis, e.g. `《政府信息公开条例》第三十三条`.
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    pub basis: Arc<str>,
    /// Values the rule computed, e.g. `expected: "2018-10-08"`.
    #[serde(flatten)]
    #[cfg_attr(feature = "wasm", tsify(type = "Record<string, unknown>"))]
    pub values: BTreeMap<String, serde_json::Value>,
}

/// Where a diagnostic points: a rule source and, when known, a line and column (1-based,
/// counted in characters as rhai counts them).
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    /// The source's name: a file path for packs on disk, a given name for sources from strings.
    pub source: String,
    /// 1-based line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// 1-based column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        Ok(())
    }
}

/// A problem with a rule itself: a compile error, bad metadata, a failing example.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// `error` means the rule was not loaded (or its test failed); `warning` and `info` are advice.
    pub severity: Severity,
    /// Where.
    #[serde(flatten)]
    pub location: Location,
    /// The rule concerned, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// What is wrong, in both languages.
    pub message: Text,
}

impl Diagnostic {
    /// An error diagnostic.
    pub fn error(location: Location, rule: Option<&str>, message: Text) -> Self {
        Self {
            severity: Severity::Error,
            location,
            rule: rule.map(str::to_owned),
            message,
        }
    }

    /// The diagnostic as one line of text, `file:line:col: 错误: message`.
    pub fn render(&self, lang: Lang) -> String {
        let rule = self
            .rule
            .as_deref()
            .map(|r| format!("[{r}] "))
            .unwrap_or_default();
        format!(
            "{}: {}: {rule}{}",
            self.location,
            self.severity.label(lang),
            self.message.get(lang)
        )
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

impl std::error::Error for Diagnostic {}
