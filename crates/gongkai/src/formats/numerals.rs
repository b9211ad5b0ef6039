//! Chinese numerals as they appear in official documents and catalogues.
//!
//! Catalogues write time limits both as `20个工作日` and `二十个工作日`, and mistyped document
//! numbers sometimes spell the serial or year in Chinese (`〔二〇一八〕十号`). One parser lets the
//! time-limit reader accept both spellings and lets the document-number checker suggest the
//! Arabic form.

/// The numeric value of `s` written in Arabic digits or in Chinese numerals.
///
/// Accepted forms:
/// - Arabic digits, half-width or full-width (`20`, `２０`): catalogues copied from Word
///   documents often carry full-width digits, and a time limit means the same either way.
/// - Positional digits without units, as used for years (`二〇一八` → 2018, `七一一` → 711).
/// - Unit notation with 十百千万 (`二十` → 20, `十五` → 15, `一百零五` → 105), including the
///   financial forms 壹贰叁肆伍陆柒捌玖拾佰仟, `两` for 2 and `〇` for 零, and the spoken
///   abbreviation of a trailing digit after 百/千/万 (`一百二` → 120, `两万三` → 23000), because
///   reading `一百二` literally as 102 would silently give the wrong number.
///
/// Anything else, including mixtures of Arabic digits and Chinese numerals (`3千`), units out of
/// order (`二百三千`) or values above `u32::MAX`, yields `None` rather than a guess.
///
/// ```
/// use gongkai::formats::parse_chinese_number;
/// assert_eq!(parse_chinese_number("二十"), Some(20));
/// assert_eq!(parse_chinese_number("十五"), Some(15));
/// assert_eq!(parse_chinese_number("一百二十"), Some(120));
/// assert_eq!(parse_chinese_number("两"), Some(2));
/// assert_eq!(parse_chinese_number("20"), Some(20));
/// assert_eq!(parse_chinese_number("二十三四"), None);
/// ```
pub fn parse_chinese_number(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    if s.chars().all(|c| arabic_digit(c).is_some()) {
        return s.chars().try_fold(0u32, |acc, c| {
            acc.checked_mul(10)?.checked_add(arabic_digit(c)?)
        });
    }
    if s.chars().all(|c| c != '两' && digit_value(c).is_some()) {
        return s.chars().try_fold(0u32, |acc, c| {
            acc.checked_mul(10)?.checked_add(digit_value(c)?)
        });
    }
    parse_with_units(s)
}

/// Whether `c` can be part of a Chinese numeral (digit or unit character).
pub(crate) fn is_chinese_numeral_char(c: char) -> bool {
    digit_value(c).is_some() || unit_value(c).is_some()
}

/// Value of an Arabic digit, half-width or full-width.
fn arabic_digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '０'..='９' => Some(u32::from(c).wrapping_sub(u32::from('０'))),
        _ => None,
    }
}

fn digit_value(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' => 0,
        '一' | '壹' => 1,
        '二' | '两' | '贰' | '貳' => 2,
        '三' | '叁' | '參' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' | '陸' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

fn unit_value(c: char) -> Option<u32> {
    Some(match c {
        '十' | '拾' => 10,
        '百' | '佰' => 100,
        '千' | '仟' => 1000,
        '万' | '萬' => 10_000,
        _ => return None,
    })
}

/// Unit notation: a sum of digit×unit terms inside a section below 万, then an optional 万 that
/// multiplies everything before it.
fn parse_with_units(s: &str) -> Option<u32> {
    // `high` holds the part already multiplied by 万; `section` the part below 万.
    let mut high: u32 = 0;
    let mut seen_wan = false;
    let mut section: u32 = 0;
    let mut pending: Option<u32> = None;
    // Smallest unit used so far in this section: units must strictly decrease.
    let mut last_unit: Option<u32> = None;
    let mut after_zero = false;
    let mut any = false;

    for c in s.chars() {
        if let Some(d) = digit_value(c) {
            if pending.is_some() {
                // Two digits in a row (`二三十`) is not a number.
                return None;
            }
            if d == 0 {
                if c == '两' {
                    return None;
                }
                after_zero = true;
                continue;
            }
            pending = Some(d);
            any = true;
        } else if let Some(unit) = unit_value(c) {
            if unit == 10_000 {
                if seen_wan {
                    return None;
                }
                let total = section.checked_add(pending.take().unwrap_or(0))?;
                if total == 0 {
                    return None;
                }
                high = total.checked_mul(10_000)?;
                seen_wan = true;
                section = 0;
                last_unit = Some(unit);
                after_zero = false;
                continue;
            }
            if last_unit.is_some_and(|last| unit >= last) {
                return None;
            }
            let digit = match pending.take() {
                Some(d) => d,
                // Only 十 may stand alone (`十五`, `一百十`), never 百/千 (`百二` is not a number).
                None if unit == 10 => 1,
                None => return None,
            };
            section = section.checked_add(digit.checked_mul(unit)?)?;
            last_unit = Some(unit);
            after_zero = false;
            any = true;
        } else {
            return None;
        }
    }

    if !any {
        return None;
    }
    let tail = match (pending, last_unit) {
        (None, _) => 0,
        // Spoken abbreviation: 一百二 = 120, 三千五 = 3500, 两万三 = 23000.
        (Some(d), Some(unit)) if unit >= 100 && !after_zero => d.checked_mul(unit / 10)?,
        (Some(d), _) => d,
    };
    high.checked_add(section)?.checked_add(tail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brief_examples() {
        assert_eq!(parse_chinese_number("二十"), Some(20));
        assert_eq!(parse_chinese_number("十五"), Some(15));
        assert_eq!(parse_chinese_number("三"), Some(3));
        assert_eq!(parse_chinese_number("一百二十"), Some(120));
        assert_eq!(parse_chinese_number("两"), Some(2));
    }

    #[test]
    fn arabic_digits() {
        assert_eq!(parse_chinese_number("20"), Some(20));
        assert_eq!(parse_chinese_number("0"), Some(0));
        assert_eq!(parse_chinese_number("２０"), Some(20));
        assert_eq!(parse_chinese_number("4294967295"), Some(u32::MAX));
        assert_eq!(parse_chinese_number("4294967296"), None);
        assert_eq!(parse_chinese_number("3千"), None);
    }

    #[test]
    fn unit_forms() {
        assert_eq!(parse_chinese_number("十"), Some(10));
        assert_eq!(parse_chinese_number("一十"), Some(10));
        assert_eq!(parse_chinese_number("二十四"), Some(24));
        assert_eq!(parse_chinese_number("一百"), Some(100));
        assert_eq!(parse_chinese_number("一百零五"), Some(105));
        assert_eq!(parse_chinese_number("一百〇五"), Some(105));
        assert_eq!(parse_chinese_number("一百一十"), Some(110));
        assert_eq!(parse_chinese_number("一百十五"), Some(115));
        assert_eq!(parse_chinese_number("一千零五十"), Some(1050));
        assert_eq!(parse_chinese_number("两千"), Some(2000));
        assert_eq!(parse_chinese_number("九千九百九十九"), Some(9999));
        assert_eq!(parse_chinese_number("一万"), Some(10_000));
        assert_eq!(parse_chinese_number("一万零一"), Some(10_001));
        assert_eq!(parse_chinese_number("十二万三千"), Some(123_000));
        assert_eq!(
            parse_chinese_number("九千九百九十九万九千九百九十九"),
            Some(99_999_999)
        );
        assert_eq!(parse_chinese_number("壹佰贰拾"), Some(120));
        assert_eq!(parse_chinese_number("零"), Some(0));
    }

    #[test]
    fn spoken_abbreviation() {
        assert_eq!(parse_chinese_number("一百二"), Some(120));
        assert_eq!(parse_chinese_number("三千五"), Some(3500));
        assert_eq!(parse_chinese_number("两万三"), Some(23_000));
        // With 零 the digit is literal.
        assert_eq!(parse_chinese_number("一百零二"), Some(102));
        // After 十 the digit is literal.
        assert_eq!(parse_chinese_number("二十二"), Some(22));
    }

    #[test]
    fn positional_digits() {
        assert_eq!(parse_chinese_number("二〇一八"), Some(2018));
        assert_eq!(parse_chinese_number("七一一"), Some(711));
        assert_eq!(parse_chinese_number("一九四九"), Some(1949));
        assert_eq!(parse_chinese_number("两两"), None);
        assert_eq!(parse_chinese_number("〇"), Some(0));
    }

    #[test]
    fn rejects() {
        for s in [
            "",
            "十十",
            "二三十",
            "百",
            "百二",
            "二百三千",
            "一百二十三四",
            "万",
            "一万万",
            "abc",
            "二十个",
            "-1",
            "十 五",
        ] {
            assert_eq!(parse_chinese_number(s), None, "{s}");
        }
    }

    #[test]
    fn never_panics() {
        let alphabet = "零〇一二两三四五六七八九十百千万壹拾佰仟09０a ";
        for s in crate::testing::random_texts(alphabet, 0x9E37_79B9_7F4A_7C15, 20_000, 12) {
            let _ = parse_chinese_number(&s);
        }
    }
}
