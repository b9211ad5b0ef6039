//! Detection of personal identifiers in text about to be published (R-FMT-DEID).
//!
//! 国办发〔2018〕23号 requires personal information in published government information to be
//! de-identified, and procuratorates have sued county portals over lists with full identity
//! numbers. The detector looks for the three identifiers that are unambiguous by shape and
//! checksum (identity numbers, mobile numbers, bank cards) and proposes a masked form. Names and
//! addresses need context and are left to rules.
//!
//! The scanner works on maximal runs of ASCII digits that are not glued to other ASCII letters or
//! digits, so a 统一社会信用代码 (`91410100MA44…`), an order number or a 索引号 is never split into a
//! false hit, and already masked numbers (`138****1234`) are skipped because `*` counts as glue.
//! Full-width characters (`１３８１２３４５６７８`, common in text typed with a Chinese input
//! method) are read as their ASCII forms, one character for one, so offsets stay those of the
//! text; the match and its mask keep the text's own characters.

use super::resident_id::{is_valid_old_resident_id, is_valid_resident_id};
use super::uscc::is_valid_uscc;

/// The kind of a personal identifier found by [`find_pii`].
///
/// ```
/// use gongkai::formats::PiiKind;
/// assert_eq!(PiiKind::Mobile.code(), "mobile");
/// assert_eq!(PiiKind::Mobile.label_zh(), "手机号码");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PiiKind {
    /// 公民身份号码: 18 characters with a valid check character, or a 15-digit old number.
    ResidentId,
    /// Mainland mobile number, 11 digits `1[3-9]…`, optionally with a country prefix.
    Mobile,
    /// Bank card number, 16–19 digits passing the Luhn check.
    BankCard,
}

impl PiiKind {
    /// Stable machine-readable code: `"resident_id"`, `"mobile"` or `"bank_card"`.
    ///
    /// ```
    /// use gongkai::formats::PiiKind;
    /// assert_eq!(PiiKind::BankCard.code(), "bank_card");
    /// ```
    pub fn code(&self) -> &'static str {
        match self {
            Self::ResidentId => "resident_id",
            Self::Mobile => "mobile",
            Self::BankCard => "bank_card",
        }
    }

    /// Chinese label for messages: `"身份证号"`, `"手机号码"` or `"银行卡号"`.
    ///
    /// ```
    /// use gongkai::formats::PiiKind;
    /// assert_eq!(PiiKind::ResidentId.label_zh(), "身份证号");
    /// ```
    pub fn label_zh(&self) -> &'static str {
        match self {
            Self::ResidentId => "身份证号",
            Self::Mobile => "手机号码",
            Self::BankCard => "银行卡号",
        }
    }
}

/// One identifier found in a text.
///
/// `start` and `end` count *characters* (Unicode scalar values, `end` exclusive), not bytes:
/// rules in rhai index strings by character and highlighting in the browser works on
/// characters, so byte offsets into Chinese text would point into the middle of a character.
/// JavaScript callers should index `Array.from(text)`, not the UTF-16 string itself, because
/// rare characters in names (CJK Extension B and later) take two UTF-16 units.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PiiMatch {
    /// What was found.
    pub kind: PiiKind,
    /// Character offset of the first character of the match.
    pub start: usize,
    /// Character offset just past the match.
    pub end: usize,
    /// The matched text, including any prefix and separators (`+86 138 1234 5678`).
    pub text: String,
    /// Suggested replacement for `text`: digits masked with `*`, prefix and separators kept so
    /// that the replacement slots into the same place.
    pub masked: String,
}

/// Find identity numbers, mobile numbers and bank card numbers in `text`, ordered by `start`.
///
/// Decisions worth knowing:
/// - Identity numbers must pass [`is_valid_resident_id`] (after uppercasing a final `x`: a leak
///   is a leak whatever the case), contiguous or grouped 6-8-4 or 6-4-4-4 with one space or
///   hyphen (`110105 19491231 002X`). The mask keeps the first 6 and last 4 characters, hiding
///   exactly the birth date: `110105********002X`, `110105 ******** 002X`.
/// - 15-digit first-generation numbers are reported when they carry a valid province code and
///   YYMMDD birth date. Bank cards have 16–19 digits, so the two cannot be confused; other
///   15-digit numbers (such as old business registration numbers) can occasionally match, which
///   is acceptable for a warning. The mask hides the birth date: `110105******123`.
/// - Mobile numbers are `1[3-9]` + 9 digits, contiguous or grouped 3-4-4 with one space or
///   hyphen, optionally after `+86`, `86` or `0086`. The mask hides the middle four digits:
///   `138****5678`. Landlines (`0376-6366235`) and numbers starting `12` are not reported.
/// - Bank cards are 16–19 digits, contiguous or in groups of 4 separated by single spaces, not
///   starting with 0, passing the Luhn check, and neither a valid identity number nor a valid
///   all-digit 统一社会信用代码 (government 索引号 often start with one). The mask keeps the
///   first 6 and last 4 digits, the form banks print on receipts: `622202******1234`.
///
/// ```
/// use gongkai::formats::{find_pii, PiiKind};
/// let hits = find_pii("申请人张某，身份证号11010519491231002X，电话138-1234-5678。");
/// assert_eq!(hits.len(), 2);
/// assert_eq!(hits[0].kind, PiiKind::ResidentId);
/// assert_eq!((hits[0].start, hits[0].end), (10, 28));
/// assert_eq!(hits[0].masked, "110105********002X");
/// assert_eq!(hits[1].masked, "138-****-5678");
/// ```
pub fn find_pii(text: &str) -> Vec<PiiMatch> {
    let original: Vec<char> = text.chars().collect();
    let chars: Vec<char> = original.iter().map(|&c| half_width(c)).collect();
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if (c.is_ascii_digit() || c == '+')
            && !glued_before(&chars, i)
            && let Some(hit) = match_at(&chars, &original, i)
        {
            i = hit.end;
            found.push(hit);
            continue;
        }
        // Skip the whole word so that the middle of `MA44…` or `2018001234…` is never a start.
        if is_glue(c) {
            i += chars
                .get(i..)
                .map_or(1, |rest| rest.iter().take_while(|&&c| is_glue(c)).count());
        } else {
            i += 1;
        }
    }
    found
}

/// The ASCII form of a full-width character (U+FF01–U+FF5E, and the ideographic space);
/// any other character as it is.
fn half_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Characters that make a digit run part of a longer token.
fn is_glue(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '*' || c == '_'
}

/// Whether the character before `i` glues it to a longer token (including a decimal point
/// after a digit: `12.5` is a number, not two).
fn glued_before(chars: &[char], i: usize) -> bool {
    let Some(prev_at) = i.checked_sub(1) else {
        return false;
    };
    match chars.get(prev_at) {
        Some(&'.') => prev_at
            .checked_sub(1)
            .and_then(|p| chars.get(p))
            .is_some_and(char::is_ascii_digit),
        Some(&c) => is_glue(c),
        None => false,
    }
}

/// Whether the character at `end` glues the candidate to a longer token.
fn glued_after(chars: &[char], end: usize) -> bool {
    match chars.get(end) {
        Some(&'.') => chars
            .get(end.saturating_add(1))
            .is_some_and(char::is_ascii_digit),
        Some(&c) => is_glue(c),
        None => false,
    }
}

/// A match at `start` of the half-width `chars`, reported in the characters of `original`.
fn match_at(chars: &[char], original: &[char], start: usize) -> Option<PiiMatch> {
    let (kind, end) = match_resident_id(chars, start)
        .map(|end| (PiiKind::ResidentId, end))
        .or_else(|| match_mobile(chars, start).map(|end| (PiiKind::Mobile, end)))
        .or_else(|| match_bank_card(chars, start).map(|end| (PiiKind::BankCard, end)))
        .or_else(|| match_old_resident_id(chars, start).map(|end| (PiiKind::ResidentId, end)))?;
    let matched = chars.get(start..end)?;
    let shown = original.get(start..end)?;
    let masked = match kind {
        PiiKind::ResidentId => mask_digits(matched, 6, if matched.len() == 15 { 3 } else { 4 }),
        PiiKind::BankCard => mask_digits(matched, 6, 4),
        PiiKind::Mobile => mask_mobile(matched),
    };
    // The mask in the text's own characters: a full-width digit hidden by a full-width `＊`.
    let masked = masked
        .chars()
        .zip(shown.iter().zip(matched))
        .map(|(m, (&own, &half))| match (m, own == half) {
            ('*', true) => '*',
            ('*', false) => '＊',
            _ => own,
        })
        .collect();
    Some(PiiMatch {
        kind,
        start,
        end,
        text: shown.iter().collect(),
        masked,
    })
}

/// Length of the run of ASCII digits starting at `i`.
fn digit_run(chars: &[char], i: usize) -> usize {
    chars.get(i..).map_or(0, |rest| {
        rest.iter().take_while(|c| c.is_ascii_digit()).count()
    })
}

fn match_resident_id(chars: &[char], start: usize) -> Option<usize> {
    let run = digit_run(chars, start);
    let end = start.checked_add(18)?;
    let candidate: String = match run {
        18 => chars.get(start..end)?.iter().collect(),
        17 if matches!(chars.get(start + 17), Some('X' | 'x')) => chars
            .get(start..end)?
            .iter()
            .map(char::to_ascii_uppercase)
            .collect(),
        6 => return grouped_resident_id(chars, start),
        _ => return None,
    };
    (!glued_after(chars, end) && is_valid_resident_id(&candidate)).then_some(end)
}

/// An identity number written in groups, as forms and spreadsheets print it to be read aloud:
/// 6-8-4 (`110105 19491231 002X`: region, birth date, sequence and check) or 6-4-4-4, with one
/// kind of separator, a space or a hyphen. The check character rules out chance groupings.
fn grouped_resident_id(chars: &[char], start: usize) -> Option<usize> {
    let sep = *chars.get(start + 6)?;
    if !matches!(sep, ' ' | '-') {
        return None;
    }
    // Where the separators stand: a digit at 15 makes it 6-4-4-4, which cannot be mistaken.
    let seps: &[usize] = if chars.get(start + 15) == Some(&sep) {
        &[6, 15]
    } else {
        &[6, 11, 16]
    };
    let end = start + 18 + seps.len();
    let mut id = String::new();
    for (k, &c) in chars.get(start..end)?.iter().enumerate() {
        if seps.contains(&k) {
            (c == sep).then_some(())?;
        } else {
            id.push(c.to_ascii_uppercase());
        }
    }
    (!glued_after(chars, end) && is_valid_resident_id(&id)).then_some(end)
}

fn match_old_resident_id(chars: &[char], start: usize) -> Option<usize> {
    let end = start.checked_add(15)?;
    if digit_run(chars, start) != 15 || glued_after(chars, end) {
        return None;
    }
    let candidate: String = chars.get(start..end)?.iter().collect();
    is_valid_old_resident_id(&candidate).then_some(end)
}

/// Matches an optional country prefix and an 11-digit mobile number; returns the end.
fn match_mobile(chars: &[char], start: usize) -> Option<usize> {
    const PREFIXES: [&str; 4] = ["", "+86", "0086", "86"];
    PREFIXES.iter().find_map(|prefix| {
        let mut at = start;
        for p in prefix.chars() {
            (chars.get(at) == Some(&p)).then_some(())?;
            at += 1;
        }
        if !prefix.is_empty() && matches!(chars.get(at), Some(' ' | '-')) {
            at += 1;
        }
        let end = national_mobile(chars, at)?;
        (!glued_after(chars, end)).then_some(end)
    })
}

/// An 11-digit mobile number at `at`, contiguous or grouped 3-4-4 with one kind of separator.
fn national_mobile(chars: &[char], at: usize) -> Option<usize> {
    let first_two = (
        chars.get(at).copied(),
        chars.get(at.checked_add(1)?).copied(),
    );
    if !matches!(first_two, (Some('1'), Some('3'..='9'))) {
        return None;
    }
    match digit_run(chars, at) {
        11 => at.checked_add(11),
        3 => {
            let sep = *chars.get(at + 3)?;
            if !matches!(sep, ' ' | '-') {
                return None;
            }
            let second = at + 4;
            let third = second + 5;
            let groups_ok = digit_run(chars, second) == 4
                && chars.get(second + 4) == Some(&sep)
                && digit_run(chars, third) == 4;
            groups_ok.then_some(third + 4)
        }
        _ => None,
    }
}

/// A bank card number at `start`, contiguous or grouped by 4 with single spaces.
fn match_bank_card(chars: &[char], start: usize) -> Option<usize> {
    if chars.get(start) == Some(&'0') {
        return None;
    }
    let first = digit_run(chars, start);
    let (digits, end) = if (16..=19).contains(&first) {
        let end = start + first;
        (chars.get(start..end)?.iter().collect::<String>(), end)
    } else if first == 4 {
        grouped_card(chars, start)?
    } else {
        return None;
    };
    if glued_after(chars, end) || !(16..=19).contains(&digits.len()) || !luhn_ok(&digits) {
        return None;
    }
    if is_valid_resident_id(&digits) || is_valid_uscc(&digits) {
        return None;
    }
    Some(end)
}

/// Groups of 4 digits separated by single spaces, the last group 1–4 digits; returns the
/// digits and the end.
fn grouped_card(chars: &[char], start: usize) -> Option<(String, usize)> {
    let mut digits = String::new();
    let mut at = start;
    loop {
        let run = digit_run(chars, at);
        if !(1..=4).contains(&run) {
            return None;
        }
        digits.extend(chars.get(at..at + run)?);
        at += run;
        let continues = run == 4
            && chars.get(at) == Some(&' ')
            && chars.get(at + 1).is_some_and(char::is_ascii_digit);
        if !continues {
            return Some((digits, at));
        }
        at += 1;
    }
}

/// The Luhn (mod 10) check used by ISO/IEC 7812 card numbers.
fn luhn_ok(digits: &str) -> bool {
    let mut sum = 0;
    for (k, b) in digits.bytes().rev().enumerate() {
        let mut d = u32::from(b.wrapping_sub(b'0'));
        if d > 9 {
            return false;
        }
        if k % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    sum % 10 == 0
}

/// Replaces every digit except the first `keep_first` and last `keep_last` digits (counting
/// a final `X` as a digit) with `*`, leaving separators alone.
fn mask_digits(chars: &[char], keep_first: usize, keep_last: usize) -> String {
    let is_digit = |c: &char| c.is_ascii_digit() || matches!(c, 'X' | 'x');
    let total = chars.iter().filter(|c| is_digit(c)).count();
    let mut seen: usize = 0;
    chars
        .iter()
        .map(|&c| {
            if !is_digit(&c) {
                return c;
            }
            seen += 1;
            if seen <= keep_first || seen + keep_last > total {
                c
            } else {
                '*'
            }
        })
        .collect()
}

/// Masks digits 4–7 of the national number, leaving any prefix and separators alone.
fn mask_mobile(chars: &[char]) -> String {
    let total = chars.iter().filter(|c| c.is_ascii_digit()).count();
    // The national number is the last 11 digits; anything before is the country prefix.
    let prefix_digits = total.saturating_sub(11);
    let mut seen: usize = 0;
    chars
        .iter()
        .map(|&c| {
            if !c.is_ascii_digit() {
                return c;
            }
            seen += 1;
            let national = seen.saturating_sub(prefix_digits);
            if (4..=7).contains(&national) { '*' } else { c }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A Luhn-valid card number built from a prefix by appending the check digit.
    fn with_luhn(body: &str) -> String {
        (0..10)
            .map(|d| format!("{body}{d}"))
            .find(|s| luhn_ok(s))
            .unwrap()
    }

    #[test]
    fn resident_id_in_chinese_text_char_offsets() {
        let text = "经审核，申请人李某（身份证号：11010519491231002X）符合条件。";
        let hits = find_pii(text);
        assert_eq!(hits.len(), 1);
        let hit = &hits[0];
        assert_eq!(hit.kind, PiiKind::ResidentId);
        let expected_start = text.chars().take_while(|&c| c != '1').count();
        assert_eq!(hit.start, expected_start);
        assert_eq!(hit.start, 15);
        assert_eq!(hit.end, 33);
        let sliced: String = text
            .chars()
            .skip(hit.start)
            .take(hit.end - hit.start)
            .collect();
        assert_eq!(sliced, "11010519491231002X");
        assert_eq!(hit.masked, "110105********002X");
    }

    #[test]
    fn lowercase_x_detected() {
        let hits = find_pii("号码11010519491231002x");
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].text, "11010519491231002x");
        assert_eq!(hits[0].masked, "110105********002x");
    }

    #[test]
    fn invalid_id_not_hit() {
        // Wrong check digit, and not Luhn-valid either.
        assert!(find_pii("身份证号110105194912310021。").is_empty());
        assert!(find_pii("编号11010519491231002Y").is_empty());
    }

    #[test]
    fn old_fifteen_digit_id() {
        let hits = find_pii("身份证：110105491231002，");
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].kind, PiiKind::ResidentId);
        assert_eq!(hits[0].masked, "110105******002");
        // Bad birth date: not a hit.
        assert!(find_pii("编号110105491331002").is_empty());
    }

    #[test]
    fn mobile_forms() {
        for (text, matched, masked) in [
            ("电话13812345678。", "13812345678", "138****5678"),
            ("电话138 1234 5678。", "138 1234 5678", "138 **** 5678"),
            ("电话138-1234-5678。", "138-1234-5678", "138-****-5678"),
            ("电话+8613812345678。", "+8613812345678", "+86138****5678"),
            (
                "电话+86 138 1234 5678。",
                "+86 138 1234 5678",
                "+86 138 **** 5678",
            ),
            ("电话8613812345678", "8613812345678", "86138****5678"),
            (
                "电话0086-13812345678",
                "0086-13812345678",
                "0086-138****5678",
            ),
            ("19912345678", "19912345678", "199****5678"),
        ] {
            let hits = find_pii(text);
            assert_eq!(hits.len(), 1, "{text}");
            assert_eq!(hits[0].kind, PiiKind::Mobile, "{text}");
            assert_eq!(hits[0].text, matched);
            assert_eq!(hits[0].masked, masked);
        }
    }

    #[test]
    fn not_mobiles() {
        for text in [
            "编号12812345678",
            "电话0376-6366235",
            "电话0376 6366235",
            "热线12345",
            "编号1381234567",
            "编号138123456789",
            "138-1234 5678",
            "138--1234-5678",
            "单号A13812345678",
            "13812345678B",
            "金额13812345678.50元",
            "版本1.13812345678",
        ] {
            assert!(find_pii(text).is_empty(), "{text}: {:?}", find_pii(text));
        }
    }

    #[test]
    fn bank_cards() {
        let card16 = with_luhn("622202123456789");
        let card19 = with_luhn("622848001234567890");
        let text = format!("收款账户{card16}，备用卡{card19}。");
        let hits = find_pii(&text);
        assert_eq!(hits.len(), 2);
        assert!(hits.iter().all(|h| h.kind == PiiKind::BankCard));
        assert_eq!(hits[0].masked, format!("622202******{}", &card16[12..]));
        assert_eq!(hits[0].start, 4);
        assert_eq!(hits[1].start, 4 + 16 + 4);
        assert_eq!(hits[1].masked.chars().filter(|&c| c == '*').count(), 9);
    }

    #[test]
    fn grouped_bank_card() {
        let card = with_luhn("622202123456789");
        let grouped = format!(
            "{} {} {} {}",
            &card[..4],
            &card[4..8],
            &card[8..12],
            &card[12..]
        );
        let hits = find_pii(&format!("卡号：{grouped}"));
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].text, grouped);
        assert_eq!(hits[0].masked, format!("6222 02** **** {}", &card[12..]));
        let card19 = with_luhn("622848001234567890");
        let grouped19 = format!(
            "{} {} {} {} {}",
            &card19[..4],
            &card19[4..8],
            &card19[8..12],
            &card19[12..16],
            &card19[16..]
        );
        let hits = find_pii(&grouped19);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].kind, PiiKind::BankCard);
    }

    #[test]
    fn luhn_failing_not_hit() {
        let card = with_luhn("622202123456789");
        let last = card.as_bytes()[15] - b'0';
        let broken = format!("{}{}", &card[..15], (last + 1) % 10);
        assert!(find_pii(&format!("卡号{broken}")).is_empty());
        // Leading zero: not a card even when Luhn-valid.
        let zero = with_luhn("022202123456789");
        assert!(find_pii(&zero).is_empty());
    }

    #[test]
    fn masked_forms_not_hit() {
        for text in [
            "身份证号411502********1234",
            "身份证号110105********002X",
            "电话138****1234",
            "电话138 **** 1234",
            "卡号6222 **** **** 1234",
            "卡号622202******1234",
        ] {
            assert!(find_pii(text).is_empty(), "{text}: {:?}", find_pii(text));
        }
    }

    #[test]
    fn uscc_and_index_numbers_not_hit() {
        for text in [
            "统一社会信用代码91410100MA44XXXX1X",
            "统一社会信用代码11341702486344515H",
            "索引号11341702486344515H/202110-00013",
            "索引号113417020032563511/202504-00057",
            "索引号000014349/2017-00110",
            "发文字号国办发〔2018〕10号",
        ] {
            assert!(find_pii(text).is_empty(), "{text}: {:?}", find_pii(text));
        }
    }

    #[test]
    fn long_numbers_not_split() {
        // A 30-digit order number contains 11-digit mobile-shaped and 18-digit substrings.
        assert!(find_pii("订单号201813812345678110105194912").is_empty());
        assert!(find_pii("x11010519491231002X").is_empty());
        assert!(find_pii("11010519491231002X9").is_empty());
    }

    #[test]
    fn mixed_text_ordered() {
        let card = with_luhn("622202123456789");
        let text = format!(
            "低保对象王某，身份证号码11010519491231002X，联系电话：138 1234 5678，\
             银行卡号{card}；办公电话0376-6366235。"
        );
        let hits = find_pii(&text);
        let got: Vec<PiiKind> = hits.iter().map(|h| h.kind).collect();
        assert_eq!(
            got,
            vec![PiiKind::ResidentId, PiiKind::Mobile, PiiKind::BankCard]
        );
        let chars: Vec<char> = text.chars().collect();
        for h in &hits {
            let sliced: String = chars[h.start..h.end].iter().collect();
            assert_eq!(sliced, h.text);
            assert_eq!(h.masked.chars().count(), h.text.chars().count());
        }
        assert!(hits.windows(2).all(|w| w[0].end <= w[1].start));
    }

    #[test]
    fn astral_characters_count_as_one() {
        // 𠈌 (U+2020C) is one character, four bytes, two UTF-16 units.
        let hits = find_pii("𠈌某13812345678");
        assert_eq!((hits[0].start, hits[0].end), (2, 13));
    }

    #[test]
    fn adjacent_numbers_separated_by_space() {
        let hits = find_pii("13812345678 13912345678");
        assert_eq!(hits.len(), 2);
        assert_eq!(hits[1].start, 12);
    }

    #[test]
    fn never_panics() {
        let alphabet = "0123456789 -+*X x.Aa号电话８";
        for s in crate::testing::random_texts(alphabet, 0xDEAD_BEEF_CAFE_F00D, 20_000, 40) {
            let n = s.chars().count();
            for m in find_pii(&s) {
                assert!(m.start < m.end && m.end <= n, "{s:?}");
                assert_eq!(m.masked.chars().count(), m.end - m.start);
            }
        }
    }

    #[test]
    fn full_width_digits_are_found_and_masked_in_kind() {
        let hits = find_pii(
            "联系电话：１３８１２３４５６７８，身份证号１１０１０５１９４９１２３１００２Ｘ。",
        );
        assert_eq!(hits.len(), 2);
        assert_eq!(hits[0].kind, PiiKind::Mobile);
        assert_eq!((hits[0].start, hits[0].end), (5, 16));
        assert_eq!(hits[0].text, "１３８１２３４５６７８");
        assert_eq!(hits[0].masked, "１３８＊＊＊＊５６７８");
        assert_eq!(hits[1].kind, PiiKind::ResidentId);
        assert_eq!(hits[1].masked, "１１０１０５＊＊＊＊＊＊＊＊００２Ｘ");
        // Mixed widths and an ideographic space between groups are one number.
        let hits = find_pii("电话138\u{3000}１２３４\u{3000}5678");
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].masked, "138\u{3000}＊＊＊＊\u{3000}5678");
        // Full-width letters glue as ASCII ones do: a code, not a number.
        assert!(find_pii("代码９１４１０１００ＭＡ４４１３８１２３４５６７８").is_empty());
    }

    #[test]
    fn grouped_resident_ids_are_found() {
        let text = "身份证号：110105 19491231 002X，配偶110105-1949-1231-002x。";
        let hits = find_pii(text);
        assert_eq!(hits.len(), 2, "{hits:?}");
        assert_eq!(hits[0].kind, PiiKind::ResidentId);
        assert_eq!(hits[0].text, "110105 19491231 002X");
        assert_eq!(hits[0].masked, "110105 ******** 002X");
        assert_eq!((hits[0].start, hits[0].end), (5, 25));
        assert_eq!(hits[1].masked, "110105-****-****-002x");
        // Full-width spaces between groups, as a Chinese input method types them.
        let hits = find_pii("１１０１０５\u{3000}１９４９１２３１\u{3000}００２Ｘ");
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].kind, PiiKind::ResidentId);
        // The check character decides: one digit off and nothing is reported, and mixed
        // separators or other groupings are not read as one number.
        for not_id in [
            "110105 19491231 0021",
            "110105 19491231-002X",
            "110105 1949 12310 02X",
            "110105 19491231 002X5",
            "邮编464000 20181231 0001",
        ] {
            assert!(
                find_pii(not_id)
                    .iter()
                    .all(|m| m.kind != PiiKind::ResidentId),
                "{not_id}"
            );
        }
    }
}
