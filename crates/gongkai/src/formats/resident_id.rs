//! 公民身份号码 (resident identity number), GB 11643-1999.
//!
//! In a disclosure checker the number is mostly something to *find and mask* before publishing
//! (see [`crate::formats::find_pii`]); the check character is what separates a real identity
//! number from an order or bank number of the same length.

use crate::date::Date;

/// ISO 7064 MOD 11-2 weights for positions 1–17 (2^(18−i) mod 11).
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/// Check character for each value of Σ mod 11.
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// Earliest accepted birth year. The standard's own worked example (`440524188001010014`) was
/// born in 1880, so the usual "after 1900" sanity bound would reject a number the standard
/// declares valid; the bound only has to exclude obvious non-dates.
const MIN_BIRTH_YEAR: i32 = 1800;

/// Latest accepted birth year. The library has no clock ("today" is always an input), so it
/// cannot reject future birth dates; a caller that knows the record date should compare the
/// birth date itself.
const MAX_BIRTH_YEAR: i32 = 2100;

/// Whether `s` is a well-formed 18-character resident identity number.
///
/// Checks the layout (17 digits and a check character), that positions 7–14 are a real date
/// (YYYYMMDD) between 1800-01-01 and 2100-12-31, and the ISO 7064 MOD 11-2 check character.
/// The region code (positions 1–6) is not checked against GB/T 2260: codes of abolished
/// counties stay on identity cards for life, so any table would reject real people.
///
/// The check character must be an uppercase `X`. GB 11643-1999 prints it in uppercase, and a
/// validator used to check records for publication should flag a lowercase `x` rather than
/// quietly accept a non-standard form; callers that only want to *detect* a number (as
/// [`crate::formats::find_pii`] does) uppercase it first. Surrounding whitespace is not
/// trimmed for the same reason.
///
/// ```
/// use gongkai::formats::is_valid_resident_id;
/// assert!(is_valid_resident_id("11010519491231002X"));
/// assert!(!is_valid_resident_id("11010519491231002x"));
/// assert!(!is_valid_resident_id("110105194912310021"));
/// ```
pub fn is_valid_resident_id(s: &str) -> bool {
    if s.len() != 18 {
        return false;
    }
    let (Some(body), Some(check)) = (s.get(..17), s.get(17..)) else {
        return false;
    };
    let Some(expected) = resident_id_check_char(body) else {
        return false;
    };
    let mut check_chars = check.chars();
    if check_chars.next() != Some(expected) || check_chars.next().is_some() {
        return false;
    }
    body.get(6..14).is_some_and(|birth| birth_date_ok(birth, 4))
}

/// The check character (`0`–`9` or `X`) for a 17-digit body, or `None` if `body17` is not
/// exactly 17 ASCII digits.
///
/// Useful to tell the author what the last character *should* be when a number fails.
///
/// ```
/// use gongkai::formats::resident_id_check_char;
/// assert_eq!(resident_id_check_char("34052419800101001"), Some('X'));
/// assert_eq!(resident_id_check_char("3405241980010100"), None);
/// ```
pub fn resident_id_check_char(body17: &str) -> Option<char> {
    if body17.len() != 17 || !body17.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = body17
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    CHECK_CHARS.get((sum % 11) as usize).copied()
}

/// Whether `s` is a 15-digit first-generation number (GB 11643-1989): 6-digit region code,
/// YYMMDD birth date in the 1900s, 3-digit sequence, no check character.
///
/// Without a check character the only safeguards are the birth date and a plausible province
/// code (first two digits), so this is kept crate-internal for the PII detector rather than
/// offered as a validator.
pub(crate) fn is_valid_old_resident_id(s: &str) -> bool {
    if s.len() != 15 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let province_ok = s
        .get(..2)
        .and_then(|p| p.parse::<u32>().ok())
        .is_some_and(is_province_code);
    province_ok && s.get(6..12).is_some_and(|birth| birth_date_ok(birth, 2))
}

/// Province-level codes of GB/T 2260 (11 北京 … 82 澳门).
fn is_province_code(code: u32) -> bool {
    matches!(code, 11..=15 | 21..=23 | 31..=37 | 41..=46 | 50..=54 | 61..=65 | 71 | 81 | 82)
}

/// Whether `digits` is a date `YYYYMMDD` (`year_len` 4) or `YYMMDD` in the 1900s (`year_len` 2)
/// inside the accepted birth range.
fn birth_date_ok(digits: &str, year_len: usize) -> bool {
    let num = |range: std::ops::Range<usize>| digits.get(range).and_then(|t| t.parse::<u32>().ok());
    let (Some(year), Some(month), Some(day)) = (
        num(0..year_len),
        num(year_len..year_len + 2),
        num(year_len + 2..year_len + 4),
    ) else {
        return false;
    };
    let Ok(mut year) = i32::try_from(year) else {
        return false;
    };
    if year_len == 2 {
        year += 1900;
    }
    (MIN_BIRTH_YEAR..=MAX_BIRTH_YEAR).contains(&year) && Date::from_ymd(year, month, day).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_vectors() {
        for s in [
            "11010519491231002X",
            "440524188001010014",
            "370101190102039973",
        ] {
            assert!(is_valid_resident_id(s), "{s}");
        }
    }

    #[test]
    fn check_char() {
        assert_eq!(resident_id_check_char("34052419800101001"), Some('X'));
        assert_eq!(resident_id_check_char("11010519491231002"), Some('X'));
        assert_eq!(resident_id_check_char("44052418800101001"), Some('4'));
        assert_eq!(resident_id_check_char("37010119010203997"), Some('3'));
        assert_eq!(resident_id_check_char(""), None);
        assert_eq!(resident_id_check_char("3405241980010100A"), None);
        assert_eq!(resident_id_check_char("340524198001010011"), None);
        // 17 bytes but not 17 ASCII digits.
        assert_eq!(resident_id_check_char("３405241980010100"), None);
    }

    #[test]
    fn wrong_check_digit() {
        assert!(!is_valid_resident_id("110105194912310021"));
        assert!(!is_valid_resident_id("440524188001010015"));
        assert!(!is_valid_resident_id("370101190102039970"));
    }

    #[test]
    fn lowercase_x_rejected() {
        assert!(!is_valid_resident_id("11010519491231002x"));
        assert!(is_valid_resident_id("34052419800101001X"));
    }

    #[test]
    fn bad_dates() {
        // 1999-02-30 does not exist; give it a correct check digit so only the date fails.
        let body = "11010519990230001";
        let id = format!("{body}{}", resident_id_check_char(body).unwrap());
        assert!(!is_valid_resident_id(&id));
        for birth in ["19991301", "19990000", "17991231", "21010101", "20230229"] {
            let body = format!("110105{birth}001");
            let id = format!("{body}{}", resident_id_check_char(&body).unwrap());
            assert!(!is_valid_resident_id(&id), "{id}");
        }
        for birth in ["20240229", "18000101", "21001231"] {
            let body = format!("110105{birth}001");
            let id = format!("{body}{}", resident_id_check_char(&body).unwrap());
            assert!(is_valid_resident_id(&id), "{id}");
        }
    }

    #[test]
    fn wrong_lengths_and_letters() {
        for s in [
            "",
            "11010519491231002",
            "11010519491231002XX",
            "1101051949123100200",
            "A1010519491231002X",
            "1101051949123100X2",
            " 11010519491231002X",
            "11010519491231002X ",
            "１1010519491231002X",
        ] {
            assert!(!is_valid_resident_id(s), "{s}");
        }
    }

    #[test]
    fn old_ids() {
        assert!(is_valid_old_resident_id("110105491231002"));
        assert!(!is_valid_old_resident_id("110105491331002"));
        assert!(!is_valid_old_resident_id("990105491231002"));
        assert!(!is_valid_old_resident_id("11010549123100"));
        assert!(!is_valid_old_resident_id("11010549123100X"));
    }

    #[test]
    fn never_panics_on_multibyte() {
        for s in [
            "身份证号码身份证",
            "110105194912310０2X",
            "11010519491231002é",
            "é11010519491231002",
        ] {
            assert!(!is_valid_resident_id(s));
            assert!(!is_valid_old_resident_id(s));
            assert_eq!(resident_id_check_char(s), None);
        }
    }
}
