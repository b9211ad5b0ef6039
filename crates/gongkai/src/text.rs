//! Bilingual text: every message a user reads exists in Chinese and English.

use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
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

/// `a == b`, without a call to the C library for short texts.
///
/// Rules look up field names, kinds and vocabulary terms by comparing them with short lists,
/// and `==` on two texts of the same length calls the C library's `memcmp`: a call whose
/// set-up and mispredicted branches cost more than the few bytes it compares (glibc's `memcmp`
/// was an eighth of a batch's time). Texts of up to 16 bytes (field and kind names, most
/// Chinese terms) are compared here as two overlapping words; longer ones first by their last
/// word, as terms of one length seldom end alike.
pub(crate) fn same(a: &str, b: &str) -> bool {
    same_bytes(a.as_bytes(), b.as_bytes())
}

fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    if let (Some(a0), Some(a1), Some(b0), Some(b1)) = (
        a.first_chunk::<8>(),
        a.last_chunk::<8>(),
        b.first_chunk::<8>(),
        b.last_chunk::<8>(),
    ) {
        return if a.len() <= 16 {
            a0 == b0 && a1 == b1
        } else {
            a1 == b1 && a == b
        };
    }
    if let (Some(a0), Some(a1), Some(b0), Some(b1)) = (
        a.first_chunk::<4>(),
        a.last_chunk::<4>(),
        b.first_chunk::<4>(),
        b.last_chunk::<4>(),
    ) {
        return a0 == b0 && a1 == b1;
    }
    a.iter().zip(b).all(|(x, y)| x == y)
}

/// `a.cmp(b)` (byte order, then length), without a call to the C library.
///
/// The records rules read are rhai maps, B-trees keyed by field name: every field a rule reads
/// is found by comparing its name with a few keys, and `str`'s order calls `memcmp` for each
/// (most of what was left of `memcmp`'s time in a batch). Here the common part is compared a
/// word at a time as big-endian integers, whose order is the bytes' order; words may overlap,
/// as the bytes they share are already known to be equal. Most names a search passes differ in
/// their first byte, which is tested first (a fifth less time a lookup).
#[cfg_attr(target_family = "wasm", allow(dead_code))]
pub(crate) fn order(a: &str, b: &str) -> Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if let (Some(x), Some(y)) = (a.first(), b.first())
        && x != y
    {
        return x.cmp(y);
    }
    let n = a.len().min(b.len());
    match (a.get(..n), b.get(..n)) {
        (Some(x), Some(y)) => order_of_equal_lengths(x, y).then(a.len().cmp(&b.len())),
        _ => a.cmp(b),
    }
}

fn order_of_equal_lengths(a: &[u8], b: &[u8]) -> Ordering {
    if let (Some(a_end), Some(b_end)) = (a.last_chunk::<8>(), b.last_chunk::<8>()) {
        let (mut x, mut y) = (a, b);
        while let (Some((p, x_rest)), Some((q, y_rest))) =
            (x.split_first_chunk::<8>(), y.split_first_chunk::<8>())
        {
            if p != q {
                return u64::from_be_bytes(*p).cmp(&u64::from_be_bytes(*q));
            }
            (x, y) = (x_rest, y_rest);
        }
        return u64::from_be_bytes(*a_end).cmp(&u64::from_be_bytes(*b_end));
    }
    if let (Some(a0), Some(a1), Some(b0), Some(b1)) = (
        a.first_chunk::<4>(),
        a.last_chunk::<4>(),
        b.first_chunk::<4>(),
        b.last_chunk::<4>(),
    ) {
        let word = |hi: &[u8; 4], lo: &[u8; 4]| {
            u64::from(u32::from_be_bytes(*hi)) << 32 | u64::from(u32::from_be_bytes(*lo))
        };
        return word(a0, a1).cmp(&word(b0, b1));
    }
    a.iter().cmp(b)
}

/// `haystack.contains(needle)`, faster for the short texts rules search.
///
/// The standard library searches a haystack shorter than the needle plus 16 bytes (most
/// titles, categories and bases in a catalogue) window by window, each window compared by a
/// call to `memcmp`; here each window is compared by [`same`], which for a needle of up to 16
/// bytes is two word comparisons (38% less time over the catalogue's texts and the needles of
/// its rules). Windows start at every byte: a needle of whole characters can only match at a
/// character's start, as UTF-8 never has one character's bytes inside another's. Longer
/// haystacks go to the standard library's vectorised search.
pub(crate) fn contains(haystack: &str, needle: &str) -> bool {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    if n.len() > 1 && h.len() < n.len() + 16 {
        return h.windows(n.len()).any(|w| same_bytes(w, n));
    }
    haystack.contains(needle)
}

/// `char::is_whitespace` for ASCII (which, unlike `u8::is_ascii_whitespace`, counts U+000B).
const fn is_ascii_space(b: u8) -> bool {
    matches!(b, 0x09..=0x0D | 0x20)
}

#[cfg(test)]
mod tests {
    use super::{contains, order, same, trim};

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

    /// `same` is `==`: texts of every length up to 40 bytes against themselves and against
    /// copies with one byte changed at each place (the words it compares overlap, so a byte
    /// left out of both would go unseen).
    #[test]
    fn same_is_equality() {
        for len in 0..=40u8 {
            let text: Vec<u8> = (0..len).map(|i| b'a' + i % 26).collect();
            let a = String::from_utf8(text.clone()).unwrap_or_default();
            assert!(same(&a, &a.clone()), "{a}");
            for at in 0..usize::from(len) {
                let mut other = text.clone();
                if let Some(b) = other.get_mut(at) {
                    *b = b'Z';
                }
                let b = String::from_utf8(other).unwrap_or_default();
                assert!(!same(&a, &b) && !same(&b, &a), "{a} / {b}");
            }
            let longer = format!("{a}a");
            assert!(!same(&a, &longer) && !same(&longer, &a));
        }
        for (a, b) in [
            ("政府网站", "政府公报"),
            ("政府网站", "政府网站"),
            ("两微一端", "政府网站"),
        ] {
            assert_eq!(same(a, b), a == b, "{a} / {b}");
        }
    }

    /// `contains` is `str::contains`: every needle cut from a text (Chinese and ASCII, short and
    /// long, so both ways of searching run), and needles that are not in it.
    #[test]
    fn contains_agrees_with_str_contains() {
        let texts = [
            "",
            "政府",
            "行政许可结果",
            "依据《中华人民共和国政府信息公开条例》（国务院令第711号）第二十条、国令第492号",
            "abc-def ghi jklmnop qrstuv wxyz 0123456789",
        ];
        let others = [
            "国务院第492号令",
            "政府网站",
            "双公示",
            "x",
            "许可决定",
            "zz",
        ];
        for text in texts {
            let bounds: Vec<usize> = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            for (i, &from) in bounds.iter().enumerate() {
                for &to in bounds.iter().skip(i) {
                    let needle = text.get(from..to).unwrap_or_default();
                    assert!(contains(text, needle), "{text} / {needle}");
                }
            }
            for needle in others {
                assert_eq!(
                    contains(text, needle),
                    text.contains(needle),
                    "{text} / {needle}"
                );
            }
        }
    }

    /// `order` is `str`'s order: texts of every length up to 40 bytes against their prefixes,
    /// against themselves longer, and against copies with one byte raised or lowered at each
    /// place; and Chinese field names, whose bytes are above ASCII's.
    #[test]
    fn order_agrees_with_str_order() {
        let check = |a: &str, b: &str| {
            assert_eq!(order(a, b), a.cmp(b), "{a:?} / {b:?}");
            assert_eq!(order(b, a), b.cmp(a), "{b:?} / {a:?}");
        };
        for len in 0..=40u8 {
            let text: Vec<u8> = (0..len).map(|i| b'c' + i % 20).collect();
            let a = String::from_utf8(text.clone()).unwrap_or_default();
            check(&a, &a.clone());
            check(&a, &format!("{a}a"));
            for at in 0..usize::from(len) {
                check(&a, a.get(..at).unwrap_or_default());
                for change in [b'a', b'z'] {
                    let mut other = text.clone();
                    if let Some(b) = other.get_mut(at) {
                        *b = change;
                    }
                    check(&a, &String::from_utf8(other).unwrap_or_default());
                }
            }
        }
        for (a, b) in [
            ("标题", "文号"),
            ("time_limit", "时限"),
            ("basis", "audience"),
        ] {
            check(a, b);
        }
    }
}
