//! 统一社会信用代码 (unified social credit code, GB 32100-2015) and the older
//! 组织机构代码 (organisation code, GB 11714-1997) it embeds.
//!
//! Both identify the 公开主体 of a record and prefix many 索引号 schemes, so a mistyped code is
//! worth catching; both carry a check character, so it can be caught without a registry.

/// The GB 32100 alphabet; a character's value is its position. I, O, S, V and Z are left out
/// so that codes cannot be misread as 1, 0, 5, U and 2.
const USCC_ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// GB 32100 weights for positions 1–17: 3^(i−1) mod 31.
const USCC_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// GB 11714 weights for body positions 1–8.
const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

/// Whether `s` is a well-formed 18-character unified social credit code.
///
/// Checks that every character is in the GB 32100 alphabet (`0-9` and uppercase letters except
/// I, O, S, V, Z), that positions 3–8 (the 行政区划码) are digits, and the check character
/// `C18 = 31 − (Σ Ci·Wi mod 31)` with `Wi = 3^(i−1) mod 31` (a result of 31 is written `0`).
///
/// It deliberately does *not* require positions 9–17 to be a valid GB 11714 organisation code:
/// codes issued to individual businesses (个体工商户) and some other registrants use a body that
/// is not a GB 11714 code, and rejecting them would flag legitimately issued codes. Use
/// [`uscc_org_code_valid`] for that stricter, separate check (every government-agency code seen
/// so far passes it). The 行政区划码 is not checked against GB/T 2260 for the same reason as in
/// [`crate::formats::is_valid_resident_id`]: abolished codes live on. Lowercase letters and
/// surrounding whitespace are rejected so that records are published in the standard form.
///
/// ```
/// use gongkai::formats::is_valid_uscc;
/// assert!(is_valid_uscc("11341702486344515H"));
/// assert!(!is_valid_uscc("91350100M000100Y4Z")); // check character should be 3
/// ```
pub fn is_valid_uscc(s: &str) -> bool {
    let (Some(body), Some(check)) = (s.get(..17), s.get(17..)) else {
        return false;
    };
    let regional_digits = body
        .get(2..8)
        .is_some_and(|region| region.bytes().all(|b| b.is_ascii_digit()));
    regional_digits
        && uscc_check_char(body).is_some_and(|c| check.len() == 1 && check.starts_with(c))
}

/// The GB 32100 check character for a 17-character body, or `None` if `body17` is not 17
/// characters of the GB 32100 alphabet.
///
/// Only the alphabet is checked here, not the digit positions, so that the check character can
/// be reported even for a body that has other problems.
///
/// ```
/// use gongkai::formats::uscc_check_char;
/// assert_eq!(uscc_check_char("91350100M000100Y4"), Some('3'));
/// assert_eq!(uscc_check_char("11341702486344515"), Some('H'));
/// ```
pub fn uscc_check_char(body17: &str) -> Option<char> {
    if body17.len() != 17 {
        return None;
    }
    let mut sum: u32 = 0;
    for (b, w) in body17.bytes().zip(USCC_WEIGHTS) {
        sum += uscc_value(b)? * w;
    }
    let value = (31 - sum % 31) % 31;
    USCC_ALPHABET.get(value as usize).map(|&b| char::from(b))
}

/// Whether positions 9–17 of the 18-character code `s` form a valid GB 11714 organisation code
/// (8 body characters and their own check character).
///
/// Only the embedded code is examined, not the code's own check character: combine it with
/// [`is_valid_uscc`] so that a rule can say which of the two checks failed. Kept separate
/// because codes of individual businesses (个体工商户) legitimately fail it; a rule may still
/// require it for 行政机关 and 事业单位, whose codes (prefix `11`, `12`) carry a real
/// organisation code.
///
/// ```
/// use gongkai::formats::uscc_org_code_valid;
/// assert!(uscc_org_code_valid("11341702486344515H")); // embeds 48634451-5
/// assert!(!uscc_org_code_valid("11341702486344516H"));
/// ```
pub fn uscc_org_code_valid(s: &str) -> bool {
    s.len() == 18 && s.get(8..17).is_some_and(org_code_body_ok)
}

/// Whether `s` is a valid GB 11714-1997 organisation code, written `XXXXXXXX-X` or without the
/// hyphen.
///
/// The 8 body characters are digits or uppercase letters (A = 10 … Z = 35) and the check
/// character is `C9 = 11 − (Σ Ci·Wi mod 11)` with `W = 3 7 9 10 5 8 4 2`, written `X` for 10
/// and `0` for 11. Both spellings are accepted because the hyphen is only a printing
/// convention: 索引号 prefixes use both (`000014349/…`, `0142768-8/…`).
///
/// ```
/// use gongkai::formats::is_valid_org_code;
/// assert!(is_valid_org_code("01527918-X"));
/// assert!(is_valid_org_code("000014349"));
/// assert!(!is_valid_org_code("00001434-8"));
/// ```
pub fn is_valid_org_code(s: &str) -> bool {
    match s.len() {
        9 => org_code_body_ok(s),
        10 => match (s.get(..8), s.get(8..9), s.get(9..)) {
            (Some(body), Some("-"), Some(check)) => org_code_body_ok(&format!("{body}{check}")),
            _ => false,
        },
        _ => false,
    }
}

/// Value of a GB 32100 character, or `None` outside the alphabet.
fn uscc_value(b: u8) -> Option<u32> {
    USCC_ALPHABET
        .iter()
        .position(|&a| a == b)
        .and_then(|p| u32::try_from(p).ok())
}

/// Whether the 9 characters `code` (no hyphen) are a GB 11714 body plus matching check.
fn org_code_body_ok(code: &str) -> bool {
    let (Some(body), Some(check)) = (code.get(..8), code.get(8..)) else {
        return false;
    };
    if check.len() != 1 {
        return false;
    }
    let mut sum: u32 = 0;
    for (b, w) in body.bytes().zip(ORG_WEIGHTS) {
        let value = match b {
            b'0'..=b'9' => u32::from(b - b'0'),
            b'A'..=b'Z' => u32::from(b - b'A') + 10,
            _ => return false,
        };
        sum += value * w;
    }
    let expected = match 11 - sum % 11 {
        10 => 'X',
        11 => '0',
        v => char::from_digit(v, 10).unwrap_or('?'),
    };
    check.starts_with(expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    const VALID: [&str; 4] = [
        "11341702486344515H",
        "113417020032563511",
        "113708280043326001",
        "11620622013933539B",
    ];

    #[test]
    fn valid_uscc() {
        for s in VALID {
            assert!(is_valid_uscc(s), "{s}");
            assert!(uscc_org_code_valid(s), "{s}");
        }
    }

    #[test]
    fn invalid_uscc_check() {
        assert!(!is_valid_uscc("91350100M000100Y4Z"));
        assert_eq!(uscc_check_char("91350100M000100Y4"), Some('3'));
        assert!(is_valid_uscc("91350100M000100Y43"));
        assert!(!is_valid_uscc("91310115MA1H8R7C6D"));
        assert_eq!(uscc_check_char("91310115MA1H8R7C6"), Some('7'));
        assert!(is_valid_uscc("91310115MA1H8R7C67"));
    }

    #[test]
    fn uscc_layout() {
        // Letters in the regional code: check character recomputed so only the layout fails.
        let body = "1134170A486344515";
        let code = format!("{body}{}", uscc_check_char(body).unwrap());
        assert!(!is_valid_uscc(&code));
        // Excluded letters and lowercase.
        assert_eq!(uscc_check_char("11341702486344I15"), None);
        assert_eq!(uscc_check_char("11341702486344O15"), None);
        assert!(!is_valid_uscc("11341702486344515h"));
        for s in [
            "",
            "11341702486344515",
            "11341702486344515HH",
            " 11341702486344515H",
        ] {
            assert!(!is_valid_uscc(s), "{s}");
        }
        // 18 bytes of multi-byte text.
        assert!(!is_valid_uscc("统一社会信用代码"));
        assert!(!is_valid_uscc("统一社会信用代码啊啊"));
    }

    #[test]
    fn check_value_31_is_zero() {
        // Find a body whose sum is a multiple of 31 and check it maps to '0'.
        let body = (0..100_000u32)
            .map(|n| format!("113417020{n:08}"))
            .find(|b| {
                b.bytes()
                    .zip(USCC_WEIGHTS)
                    .map(|(c, w)| uscc_value(c).unwrap() * w)
                    .sum::<u32>()
                    % 31
                    == 0
            })
            .unwrap();
        assert_eq!(uscc_check_char(&body), Some('0'));
    }

    #[test]
    fn org_embedded_check_separate() {
        // A code with a correct GB 32100 check character but a broken embedded org code,
        // as issued to some individual businesses.
        let body = "92410100MA44XXXX0";
        let code = format!("{body}{}", uscc_check_char(body).unwrap());
        assert!(is_valid_uscc(&code));
        assert!(!uscc_org_code_valid(&code));
        assert!(!uscc_org_code_valid("short"));
    }

    #[test]
    fn org_codes() {
        for s in [
            "00001434-9",
            "01527918-X",
            "48634451-5",
            "000014349",
            "01527918X",
            "486344515",
        ] {
            assert!(is_valid_org_code(s), "{s}");
        }
        for s in [
            "00001434-8",
            "01527918-x",
            "0152791-8X",
            "00001434--9",
            "00001434_9",
            "0000143a-9",
            "",
            "0000143",
            "0000143490",
            "组织机构代",
        ] {
            assert!(!is_valid_org_code(s), "{s}");
        }
    }

    #[test]
    fn org_check_11_is_zero() {
        let body = (0..100_000_000u32)
            .map(|n| format!("{n:08}"))
            .find(|b| {
                b.bytes()
                    .zip(ORG_WEIGHTS)
                    .map(|(c, w)| u32::from(c - b'0') * w)
                    .sum::<u32>()
                    % 11
                    == 0
                    && b != "00000000"
            })
            .unwrap();
        assert!(is_valid_org_code(&format!("{body}0")));
        assert!(is_valid_org_code(&format!("{body}-0")));
    }
}
