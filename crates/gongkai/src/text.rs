//! Bilingual text: every message a user reads exists in Chinese and English.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The language of messages. Chinese is the default: the people who act on findings are
/// 政务公开 staff; English serves vendors and reviewers.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// 中文
    #[default]
    Zh,
    /// English
    En,
}

impl FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" | "zh-hans" | "cn" => Ok(Self::Zh),
            "en" | "en-us" | "en-gb" => Ok(Self::En),
            _ => Err(format!("unknown language `{s}` (expected `zh` or `en`)")),
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Zh => "zh",
            Self::En => "en",
        })
    }
}

/// A text in both languages.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    /// Chinese.
    pub zh: String,
    /// English.
    pub en: String,
}

impl Text {
    /// A text from its two translations.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The translation for `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// `str::trim`, answered without Unicode's tables when the text neither starts nor ends with
/// white space, which is nearly every value a rule reads.
///
/// `str::trim` decodes the first and the last character and looks each up in Unicode's
/// White_Space table: about 90 instructions for a Chinese text, and the rule library trims
/// every value it compares (a check of a catalogue entry trims some fifty). White space is
/// ASCII's (U+0009–U+000D, U+0020) and eleven other characters, whose UTF-8 bytes can be
/// matched as they are.
pub(crate) fn trim(s: &str) -> &str {
    let b = s.as_bytes();
    if starts_with_space(b) || ends_with_space(b) {
        s.trim()
    } else {
        s
    }
}

fn starts_with_space(b: &[u8]) -> bool {
    match b {
        [x, ..] if x.is_ascii() => is_ascii_space(*x),
        [0xC2, 0x85 | 0xA0, ..]
        | [0xE1, 0x9A, 0x80, ..]
        | [0xE2, 0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF, ..]
        | [0xE2, 0x81, 0x9F, ..]
        | [0xE3, 0x80, 0x80, ..] => true,
        _ => false,
    }
}

fn ends_with_space(b: &[u8]) -> bool {
    match b {
        [.., x] if x.is_ascii() => is_ascii_space(*x),
        [.., 0xC2, 0x85 | 0xA0]
        | [.., 0xE1, 0x9A, 0x80]
        | [.., 0xE2, 0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF]
        | [.., 0xE2, 0x81, 0x9F]
        | [.., 0xE3, 0x80, 0x80] => true,
        _ => false,
    }
}

/// `char::is_whitespace` for ASCII (which, unlike `u8::is_ascii_whitespace`, counts U+000B).
const fn is_ascii_space(b: u8) -> bool {
    matches!(b, 0x09..=0x0D | 0x20)
}

#[cfg(test)]
mod tests {
    use super::trim;

    /// Every character, alone and around text, trims as `str::trim` trims it: the byte tests
    /// must let no white space through.
    #[test]
    fn trim_agrees_with_str_trim_for_every_character() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            for s in [
                c.to_string(),
                format!("{c}政务"),
                format!("公开{c}"),
                format!("{c}a{c}"),
                format!("{c}{c}"),
            ] {
                assert_eq!(trim(&s), s.trim(), "{:?} (U+{:04X})", s, c as u32);
            }
        }
        assert_eq!(trim(""), "");
        assert_eq!(trim("\u{3000}政务公开 \u{a0}"), "政务公开");
    }
}
