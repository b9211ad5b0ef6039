//! 发文字号 (document number), GB/T 9704-2012《党政机关公文格式》 §7.2.5.
//!
//! The standard: "年份、发文顺序号用阿拉伯数字标注；年份应标全称，用六角括号〔〕括入；发文顺序号不加
//! '第'字，不编虚位（即1不编为01），在阿拉伯数字后加'号'字。" Real catalogues break each clause in
//! predictable ways (`[2018]`, `〔18〕`, `010号`, `第10号`), so the parser names the one thing that is
//! wrong and, where the intent is clear, returns the corrected number for the rule to show.

use std::fmt;

use super::numerals::{is_chinese_numeral_char, parse_chinese_number};

/// Earliest accepted year: documents of the People's Republic start in 1949.
const MIN_YEAR: u32 = 1949;
/// Latest accepted year; anything later is a typo rather than a real document.
const MAX_YEAR: u32 = 2100;
/// Largest accepted serial: the standard sets no limit, but five digits covers the busiest
/// issuer, and anything longer is almost always two numbers run together.
const MAX_SERIAL: u32 = 99_999;

/// A parsed document number.
///
/// Its [`Display`](fmt::Display) form is the canonical spelling, so a corrected number can be
/// produced by formatting a parsed one.
///
/// ```
/// use gongkai::formats::parse_doc_number;
/// let n = parse_doc_number("国办发〔2018〕10号").unwrap();
/// assert_eq!((n.agency.as_str(), n.year, n.serial, n.order), ("国办发", Some(2018), 10, false));
/// assert_eq!(n.to_string(), "国办发〔2018〕10号");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DocNumber {
    /// 发文机关代字. For an order (`国务院令第711号`) it includes the final `令` (`国务院令`):
    /// orders are cited and numbered per issuer *and* kind (`国务院令`, `国令`, `住房和城乡建设部令`),
    /// and keeping `令` lets `format!("{agency}第{serial}号")` reproduce the number.
    pub agency: String,
    /// Year in the 〔〕. `None` for orders, which are numbered consecutively across years and
    /// carry no year; an `Option` avoids a magic year 0 that a rule could compare by mistake.
    pub year: Option<u16>,
    /// 发文顺序号, 1–99999.
    pub serial: u32,
    /// Whether this is an order (`…令第N号`) rather than an ordinary `机关代字〔年份〕N号`.
    pub order: bool,
}

impl fmt::Display for DocNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.year {
            Some(year) if !self.order => write!(f, "{}〔{year}〕{}号", self.agency, self.serial),
            _ => write!(f, "{}第{}号", self.agency, self.serial),
        }
    }
}

/// What is wrong with a document number.
///
/// One variant per distinct problem, so a rule can match on [`code`](Self::code) and show
/// [`message_zh`](Self::message_zh). When the intended number is clear, the variant carries a
/// `suggestion`: the whole number with *every* mechanical problem fixed (not only the one
/// reported), which itself parses without error.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DocNumberError {
    /// The text is empty or only whitespace.
    Empty,
    /// Spaces (half-width, full-width or other whitespace) inside or around the number.
    Whitespace {
        /// The corrected number.
        suggestion: String,
    },
    /// Full-width digits such as `２０１８`.
    FullWidthDigits {
        /// The corrected number.
        suggestion: String,
    },
    /// Nothing before the year (`〔2018〕10号`) or before `令` (`令第711号`).
    MissingAgency,
    /// The agency part contains something other than Han characters and ASCII letters.
    InvalidAgency {
        /// The agency part as written.
        agency: String,
    },
    /// No bracketed year at all, or empty brackets.
    MissingYear,
    /// An opening bracket without a closing one.
    UnclosedBracket {
        /// The opening bracket found.
        open: char,
    },
    /// The year is bracketed with something other than 六角括号 〔〕.
    WrongBrackets {
        /// The opening bracket used.
        open: char,
        /// The closing bracket used.
        close: char,
        /// The corrected number.
        suggestion: String,
    },
    /// Two-digit year such as `〔18〕`; the suggestion assumes 1950–2049.
    TwoDigitYear {
        /// The year as written.
        year: String,
        /// The corrected number.
        suggestion: String,
    },
    /// Year written in Chinese numerals such as `〔二〇一八〕`.
    NonArabicYear {
        /// The year as written.
        year: String,
        /// The corrected number.
        suggestion: String,
    },
    /// The bracketed text is not a year (`〔2018年〕`, `〔218〕`).
    InvalidYear {
        /// The bracketed text.
        year: String,
    },
    /// A four-digit year outside 1949–2100.
    YearOutOfRange {
        /// The year as read.
        year: u32,
    },
    /// `第` before the serial of an ordinary number (`〔2018〕第10号`).
    OrdinalPrefix {
        /// The corrected number.
        suggestion: String,
    },
    /// An order without `第` (`国务院令711号`).
    MissingOrdinal {
        /// The corrected number.
        suggestion: String,
    },
    /// No serial number after the year (or after `令第`).
    MissingSerial,
    /// Serial written in Chinese numerals (`十号`).
    NonArabicSerial {
        /// The serial as written.
        serial: String,
        /// The corrected number.
        suggestion: String,
    },
    /// Serial in Chinese numerals that do not form a number.
    InvalidSerial {
        /// The serial as written.
        serial: String,
    },
    /// Serial with leading zeros (`010号`); the standard says "不编虚位".
    LeadingZero {
        /// The serial as written.
        serial: String,
        /// The corrected number.
        suggestion: String,
    },
    /// Serial 0 or above 99999.
    SerialOutOfRange {
        /// The serial as written.
        serial: String,
    },
    /// No `号` after the serial.
    MissingHao {
        /// The corrected number.
        suggestion: String,
    },
    /// Text after the final `号` (`10号文`, `10号、11号`).
    TrailingText {
        /// The text after `号`.
        trailing: String,
        /// The number without the trailing text.
        suggestion: String,
    },
}

impl DocNumberError {
    /// A stable machine-readable code, e.g. `"wrong_brackets"`, for rules and reports.
    ///
    /// ```
    /// use gongkai::formats::parse_doc_number;
    /// let err = parse_doc_number("国办发[2018]10号").unwrap_err();
    /// assert_eq!(err.code(), "wrong_brackets");
    /// ```
    pub fn code(&self) -> &'static str {
        match self {
            Self::Empty => "empty",
            Self::Whitespace { .. } => "whitespace",
            Self::FullWidthDigits { .. } => "full_width_digits",
            Self::MissingAgency => "missing_agency",
            Self::InvalidAgency { .. } => "invalid_agency",
            Self::MissingYear => "missing_year",
            Self::UnclosedBracket { .. } => "unclosed_bracket",
            Self::WrongBrackets { .. } => "wrong_brackets",
            Self::TwoDigitYear { .. } => "two_digit_year",
            Self::NonArabicYear { .. } => "non_arabic_year",
            Self::InvalidYear { .. } => "invalid_year",
            Self::YearOutOfRange { .. } => "year_out_of_range",
            Self::OrdinalPrefix { .. } => "ordinal_prefix",
            Self::MissingOrdinal { .. } => "missing_ordinal",
            Self::MissingSerial => "missing_serial",
            Self::NonArabicSerial { .. } => "non_arabic_serial",
            Self::InvalidSerial { .. } => "invalid_serial",
            Self::LeadingZero { .. } => "leading_zero",
            Self::SerialOutOfRange { .. } => "serial_out_of_range",
            Self::MissingHao { .. } => "missing_hao",
            Self::TrailingText { .. } => "trailing_text",
        }
    }

    /// The corrected number, when the intent is clear enough to propose one.
    ///
    /// ```
    /// use gongkai::formats::parse_doc_number;
    /// let err = parse_doc_number("国办发（2018）第010号").unwrap_err();
    /// assert_eq!(err.suggestion(), Some("国办发〔2018〕10号"));
    /// ```
    pub fn suggestion(&self) -> Option<&str> {
        match self {
            Self::Whitespace { suggestion }
            | Self::FullWidthDigits { suggestion }
            | Self::WrongBrackets { suggestion, .. }
            | Self::TwoDigitYear { suggestion, .. }
            | Self::NonArabicYear { suggestion, .. }
            | Self::OrdinalPrefix { suggestion }
            | Self::MissingOrdinal { suggestion }
            | Self::NonArabicSerial { suggestion, .. }
            | Self::LeadingZero { suggestion, .. }
            | Self::MissingHao { suggestion }
            | Self::TrailingText { suggestion, .. } => Some(suggestion),
            _ => None,
        }
    }

    /// The message in Chinese: what is wrong and how to write it instead.
    ///
    /// ```
    /// use gongkai::formats::parse_doc_number;
    /// let err = parse_doc_number("国办发[2018]10号").unwrap_err();
    /// assert_eq!(
    ///     err.message_zh(),
    ///     "年份应使用六角括号〔〕括入，不能使用半角方括号[]：应写作「国办发〔2018〕10号」"
    /// );
    /// ```
    pub fn message_zh(&self) -> String {
        const EXAMPLE: &str = "国办发〔2018〕10号";
        match self {
            Self::Empty => format!("发文字号为空：应填写如「{EXAMPLE}」的发文字号"),
            Self::Whitespace { suggestion } => {
                format!("发文字号中不应有空格：应写作「{suggestion}」")
            }
            Self::FullWidthDigits { suggestion } => format!(
                "年份和发文顺序号应使用半角阿拉伯数字，不能使用全角数字（如「２０１８」）：应写作「{suggestion}」"
            ),
            Self::MissingAgency => format!(
                "发文字号缺少发文机关代字：应在年份前写明机关代字，如「{EXAMPLE}」中的「国办发」"
            ),
            Self::InvalidAgency { agency } => format!(
                "发文机关代字「{agency}」中含有汉字和字母以外的字符：机关代字只能由汉字或字母组成，如「国办发」"
            ),
            Self::MissingYear => {
                format!("发文字号缺少年份：年份应标全称，用六角括号〔〕括入，如「{EXAMPLE}」")
            }
            Self::UnclosedBracket { open } => format!(
                "年份前的括号「{open}」没有对应的后括号：年份应用六角括号〔〕括入，如「{EXAMPLE}」"
            ),
            Self::WrongBrackets {
                open,
                close,
                suggestion,
            } => format!(
                "年份应使用六角括号〔〕括入，不能使用{}：应写作「{suggestion}」",
                bracket_description_zh(*open, *close)
            ),
            Self::TwoDigitYear { year, suggestion } => {
                let full = suggestion_year(suggestion);
                format!("年份应标全称，不能简写为「{year}」：如为{full}年，应写作「{suggestion}」")
            }
            Self::NonArabicYear { year, suggestion } => {
                format!("年份应使用阿拉伯数字，不能写作「{year}」：应写作「{suggestion}」")
            }
            Self::InvalidYear { year } => format!(
                "括号中的「{year}」不是年份：年份应为4位阿拉伯数字，用六角括号〔〕括入，如「〔2018〕」"
            ),
            Self::YearOutOfRange { year } => {
                format!("年份「{year}」不在{MIN_YEAR}年至{MAX_YEAR}年之间：请核对年份")
            }
            Self::OrdinalPrefix { suggestion } => format!(
                "发文顺序号前不加「第」字：应写作「{suggestion}」（只有命令的编号如「国务院令第711号」保留「第」字）"
            ),
            Self::MissingOrdinal { suggestion } => {
                format!("命令的编号应写作「令第N号」，不能省略「第」字：应写作「{suggestion}」")
            }
            Self::MissingSerial => format!(
                "发文字号缺少发文顺序号：应在年份后写明阿拉伯数字顺序号并加「号」字，如「{EXAMPLE}」"
            ),
            Self::NonArabicSerial { serial, suggestion } => {
                format!("发文顺序号应使用阿拉伯数字，不能写作「{serial}」：应写作「{suggestion}」")
            }
            Self::InvalidSerial { serial } => {
                format!("发文顺序号「{serial}」无法识别：应为阿拉伯数字，如「{EXAMPLE}」中的「10」")
            }
            Self::LeadingZero { serial, suggestion } => format!(
                "发文顺序号不编虚位（1不编为01），「{serial}」前面不应有0：应写作「{suggestion}」"
            ),
            Self::SerialOutOfRange { serial } => {
                format!("发文顺序号「{serial}」超出范围：应为1至{MAX_SERIAL}之间的阿拉伯数字")
            }
            Self::MissingHao { suggestion } => {
                format!("发文顺序号后应加「号」字：应写作「{suggestion}」")
            }
            Self::TrailingText {
                trailing,
                suggestion,
            } => {
                format!("「号」字之后不应有其他文字「{trailing}」：发文字号应写作「{suggestion}」")
            }
        }
    }

    /// The message in English, for logs and non-Chinese integrators.
    ///
    /// ```
    /// use gongkai::formats::parse_doc_number;
    /// let err = parse_doc_number("国办发〔2018〕010号").unwrap_err();
    /// assert!(err.message_en().contains("国办发〔2018〕10号"));
    /// ```
    pub fn message_en(&self) -> String {
        match self {
            Self::Empty => "the document number is empty".to_owned(),
            Self::Whitespace { suggestion } => {
                format!("the document number must not contain spaces: write `{suggestion}`")
            }
            Self::FullWidthDigits { suggestion } => {
                format!("use half-width Arabic digits, not full-width ones: write `{suggestion}`")
            }
            Self::MissingAgency => {
                "the issuing agency abbreviation (机关代字) is missing before the year".to_owned()
            }
            Self::InvalidAgency { agency } => format!(
                "the agency abbreviation `{agency}` may contain only Han characters and letters"
            ),
            Self::MissingYear => {
                "the year is missing: write the full year in tortoise-shell brackets 〔〕"
                    .to_owned()
            }
            Self::UnclosedBracket { open } => {
                format!("the bracket `{open}` before the year is never closed")
            }
            Self::WrongBrackets {
                open,
                close,
                suggestion,
            } => format!(
                "the year must be in tortoise-shell brackets 〔〕, not {}: write `{suggestion}`",
                bracket_description_en(*open, *close)
            ),
            Self::TwoDigitYear { year, suggestion } => format!(
                "the year must be written in full, not `{year}`: write `{suggestion}` if that is the year meant"
            ),
            Self::NonArabicYear { year, suggestion } => {
                format!("the year must be in Arabic digits, not `{year}`: write `{suggestion}`")
            }
            Self::InvalidYear { year } => {
                format!("`{year}` in the brackets is not a four-digit year")
            }
            Self::YearOutOfRange { year } => {
                format!("the year {year} is outside {MIN_YEAR}–{MAX_YEAR}")
            }
            Self::OrdinalPrefix { suggestion } => format!(
                "the serial number takes no `第` (only orders such as 国务院令第711号 do): write `{suggestion}`"
            ),
            Self::MissingOrdinal { suggestion } => {
                format!("an order number keeps `第` before the number: write `{suggestion}`")
            }
            Self::MissingSerial => "the serial number is missing".to_owned(),
            Self::NonArabicSerial { serial, suggestion } => format!(
                "the serial number must be in Arabic digits, not `{serial}`: write `{suggestion}`"
            ),
            Self::InvalidSerial { serial } => {
                format!("the serial number `{serial}` is not a number")
            }
            Self::LeadingZero { serial, suggestion } => format!(
                "the serial number `{serial}` must not have leading zeros: write `{suggestion}`"
            ),
            Self::SerialOutOfRange { serial } => {
                format!("the serial number `{serial}` is outside 1–{MAX_SERIAL}")
            }
            Self::MissingHao { suggestion } => {
                format!("the serial number must be followed by `号`: write `{suggestion}`")
            }
            Self::TrailingText {
                trailing,
                suggestion,
            } => format!("unexpected text `{trailing}` after `号`: write `{suggestion}`"),
        }
    }
}

impl fmt::Display for DocNumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message_en())
    }
}

impl std::error::Error for DocNumberError {}

/// Parse a document number in the ordinary form `机关代字〔年份〕顺序号号` or the order form
/// `…令第N号`.
///
/// The input must already be exactly the number: surrounding whitespace is reported as
/// [`DocNumberError::Whitespace`] rather than trimmed, because the check is meant to catch
/// records that would be published with it. The agency is Han characters and ASCII letters
/// (`国办发`, `豫政办明电`, `国能监管`); it is not checked against a list of agencies.
///
/// When several problems are present, the error is the first one in reading order, except that
/// a problem that leaves the intended number unclear (no year, year out of range, no serial …)
/// wins over cosmetic ones, since the suggestion could not be trusted.
///
/// ```
/// use gongkai::formats::{parse_doc_number, DocNumberError};
/// let order = parse_doc_number("国务院令第711号").unwrap();
/// assert_eq!((order.agency.as_str(), order.year, order.serial, order.order), ("国务院令", None, 711, true));
///
/// let err = parse_doc_number("国办发〔2018〕第10号").unwrap_err();
/// assert_eq!(err, DocNumberError::OrdinalPrefix { suggestion: "国办发〔2018〕10号".into() });
/// ```
pub fn parse_doc_number(s: &str) -> Result<DocNumber, DocNumberError> {
    let parsed = parse_lenient(s)?;
    let Some(problem) = parsed.problems.into_iter().next() else {
        return Ok(parsed.number);
    };
    let suggestion = parsed.number.to_string();
    Err(match problem {
        Problem::Whitespace => DocNumberError::Whitespace { suggestion },
        Problem::FullWidthDigits => DocNumberError::FullWidthDigits { suggestion },
        Problem::WrongBrackets { open, close } => DocNumberError::WrongBrackets {
            open,
            close,
            suggestion,
        },
        Problem::TwoDigitYear { year } => DocNumberError::TwoDigitYear { year, suggestion },
        Problem::NonArabicYear { year } => DocNumberError::NonArabicYear { year, suggestion },
        Problem::OrdinalPrefix => DocNumberError::OrdinalPrefix { suggestion },
        Problem::MissingOrdinal => DocNumberError::MissingOrdinal { suggestion },
        Problem::NonArabicSerial { serial } => {
            DocNumberError::NonArabicSerial { serial, suggestion }
        }
        Problem::LeadingZero { serial } => DocNumberError::LeadingZero { serial, suggestion },
        Problem::MissingHao => DocNumberError::MissingHao { suggestion },
        Problem::TrailingText { trailing } => DocNumberError::TrailingText {
            trailing,
            suggestion,
        },
    })
}

/// A problem the lenient parser could repair; turned into an error carrying the repaired
/// number.
enum Problem {
    Whitespace,
    FullWidthDigits,
    WrongBrackets { open: char, close: char },
    TwoDigitYear { year: String },
    NonArabicYear { year: String },
    OrdinalPrefix,
    MissingOrdinal,
    NonArabicSerial { serial: String },
    LeadingZero { serial: String },
    MissingHao,
    TrailingText { trailing: String },
}

struct Lenient {
    number: DocNumber,
    problems: Vec<Problem>,
}

/// Reads the number while repairing whatever has an unambiguous repair, recording each repair;
/// fails only on problems that leave the intended number unclear.
fn parse_lenient(s: &str) -> Result<Lenient, DocNumberError> {
    if crate::text::trim(s).is_empty() {
        return Err(DocNumberError::Empty);
    }
    // The characters without white space and with full-width digits made ASCII, in one pass
    // that notes both repairs (one is parsed on most catalogue entries), into room enough from
    // the start (a character takes at least a byte).
    let mut chars = Vec::with_capacity(s.len());
    let (mut whitespace, mut full_width) = (false, false);
    for c in s.chars() {
        if c.is_whitespace() {
            whitespace = true;
        } else if let Some(digit) = full_width_digit(c) {
            full_width = true;
            chars.push(digit);
        } else {
            chars.push(c);
        }
    }
    let mut problems = Vec::new();
    if whitespace {
        problems.push(Problem::Whitespace);
    }
    if full_width {
        problems.push(Problem::FullWidthDigits);
    }

    let number = if let Some(open_at) = chars.iter().position(|&c| is_opening_bracket(c)) {
        parse_ordinary(&chars, open_at, &mut problems)?
    } else if let Some(ling_at) = order_marker(&chars) {
        parse_order(&chars, ling_at, &mut problems)?
    } else {
        return Err(DocNumberError::MissingYear);
    };
    Ok(Lenient { number, problems })
}

fn parse_ordinary(
    chars: &[char],
    open_at: usize,
    problems: &mut Vec<Problem>,
) -> Result<DocNumber, DocNumberError> {
    let Some((agency, rest)) = chars.split_at_checked(open_at) else {
        return Err(DocNumberError::MissingYear);
    };
    let agency = check_agency(agency, agency)?;
    let Some((&open, rest)) = rest.split_first() else {
        return Err(DocNumberError::MissingYear);
    };
    let Some(close_at) = rest.iter().position(|&c| is_closing_bracket(c)) else {
        return Err(DocNumberError::UnclosedBracket { open });
    };
    let Some((year_chars, rest)) = rest.split_at_checked(close_at) else {
        return Err(DocNumberError::UnclosedBracket { open });
    };
    let Some((&close, rest)) = rest.split_first() else {
        return Err(DocNumberError::UnclosedBracket { open });
    };
    if (open, close) != ('〔', '〕') {
        problems.push(Problem::WrongBrackets { open, close });
    }
    let year = parse_year(year_chars, problems)?;
    let rest = match rest.split_first() {
        Some((&'第', after)) => {
            problems.push(Problem::OrdinalPrefix);
            after
        }
        _ => rest,
    };
    let (serial, rest) = parse_serial(rest, problems)?;
    finish(rest, problems);
    Ok(DocNumber {
        agency,
        year: Some(year),
        serial,
        order: false,
    })
}

fn parse_order(
    chars: &[char],
    ling_at: usize,
    problems: &mut Vec<Problem>,
) -> Result<DocNumber, DocNumberError> {
    let Some((agency, rest)) = chars.split_at_checked(ling_at.saturating_add(1)) else {
        return Err(DocNumberError::MissingSerial);
    };
    let issuer = agency.get(..ling_at).unwrap_or_default();
    let agency = check_agency(issuer, agency)?;
    let rest = match rest.split_first() {
        Some((&'第', after)) => after,
        _ => {
            problems.push(Problem::MissingOrdinal);
            rest
        }
    };
    let (serial, rest) = parse_serial(rest, problems)?;
    finish(rest, problems);
    Ok(DocNumber {
        agency,
        year: None,
        serial,
        order: true,
    })
}

/// Checks that `issuer` (the agency without a trailing `令`) is non-empty and that `agency` is
/// made of Han characters and ASCII letters; returns `agency` as a string.
fn check_agency(issuer: &[char], agency: &[char]) -> Result<String, DocNumberError> {
    if issuer.is_empty() {
        return Err(DocNumberError::MissingAgency);
    }
    let mut text = String::with_capacity(agency.len() * 4);
    text.extend(agency);
    if agency.iter().all(|&c| is_han(c) || c.is_ascii_alphabetic()) {
        Ok(text)
    } else {
        Err(DocNumberError::InvalidAgency { agency: text })
    }
}

fn parse_year(chars: &[char], problems: &mut Vec<Problem>) -> Result<u16, DocNumberError> {
    if chars.is_empty() {
        return Err(DocNumberError::MissingYear);
    }
    let value = if chars.iter().all(char::is_ascii_digit) {
        // The year as text only for a problem or an error: a usual number has neither.
        let text = || chars.iter().collect::<String>();
        match (chars.len(), ascii_number(chars)) {
            (4, Some(year)) => year,
            (2, Some(short)) => {
                problems.push(Problem::TwoDigitYear { year: text() });
                if short < 50 {
                    2000 + short
                } else {
                    1900 + short
                }
            }
            _ => return Err(DocNumberError::InvalidYear { year: text() }),
        }
    } else if chars.iter().all(|&c| is_chinese_numeral_char(c)) {
        let text: String = chars.iter().collect();
        match parse_chinese_number(&text) {
            Some(year) if (MIN_YEAR..=MAX_YEAR).contains(&year) => {
                problems.push(Problem::NonArabicYear { year: text });
                year
            }
            _ => return Err(DocNumberError::InvalidYear { year: text }),
        }
    } else {
        return Err(DocNumberError::InvalidYear {
            year: chars.iter().collect(),
        });
    };
    if !(MIN_YEAR..=MAX_YEAR).contains(&value) {
        return Err(DocNumberError::YearOutOfRange { year: value });
    }
    u16::try_from(value).map_err(|_| DocNumberError::YearOutOfRange { year: value })
}

/// Reads the serial at the start of `chars`; returns it and the rest.
fn parse_serial<'a>(
    chars: &'a [char],
    problems: &mut Vec<Problem>,
) -> Result<(u32, &'a [char]), DocNumberError> {
    let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 {
        let (run, rest) = chars.split_at_checked(digits).unwrap_or((chars, &[]));
        let text = || run.iter().collect::<String>();
        let value = ascii_number(run).filter(|v| (1..=MAX_SERIAL).contains(v));
        let Some(value) = value else {
            return Err(DocNumberError::SerialOutOfRange { serial: text() });
        };
        if run.first() == Some(&'0') {
            problems.push(Problem::LeadingZero { serial: text() });
        }
        return Ok((value, rest));
    }
    let numerals = chars
        .iter()
        .take_while(|&&c| is_chinese_numeral_char(c))
        .count();
    if numerals == 0 {
        return Err(DocNumberError::MissingSerial);
    }
    let (run, rest) = chars.split_at_checked(numerals).unwrap_or((chars, &[]));
    let text: String = run.iter().collect();
    match parse_chinese_number(&text) {
        Some(value) if (1..=MAX_SERIAL).contains(&value) => {
            problems.push(Problem::NonArabicSerial { serial: text });
            Ok((value, rest))
        }
        Some(_) => Err(DocNumberError::SerialOutOfRange { serial: text }),
        None => Err(DocNumberError::InvalidSerial { serial: text }),
    }
}

/// The value of a run of ASCII digits, as `str::parse::<u32>` reads it (`None` past `u32::MAX`),
/// without making it a text first: CAT-002 parses every number a basis cites.
fn ascii_number(digits: &[char]) -> Option<u32> {
    digits
        .iter()
        .try_fold(0u32, |n, c| n.checked_mul(10)?.checked_add(c.to_digit(10)?))
}

/// Checks for the final `号` and anything after it.
fn finish(rest: &[char], problems: &mut Vec<Problem>) {
    match rest.split_first() {
        Some((&'号', [])) => {}
        Some((&'号', trailing)) => problems.push(Problem::TrailingText {
            trailing: trailing.iter().collect(),
        }),
        _ => problems.push(Problem::MissingHao),
    }
}

/// Position of the `令` of an order: one followed by `第`, a number, or nothing.
fn order_marker(chars: &[char]) -> Option<usize> {
    chars.iter().enumerate().find_map(|(i, &c)| {
        let next = chars.get(i.saturating_add(1)).copied();
        let marks = c == '令'
            && next.is_none_or(|n| n == '第' || n.is_ascii_digit() || is_chinese_numeral_char(n));
        marks.then_some(i)
    })
}

fn full_width_digit(c: char) -> Option<char> {
    if ('０'..='９').contains(&c) {
        char::from_u32(u32::from(c) - u32::from('０') + u32::from('0'))
    } else {
        None
    }
}

/// Opening brackets seen (or plausible) in place of 〔, with Chinese and English names.
const BRACKETS: [(char, char, &str, &str); 12] = [
    ('〔', '〕', "六角括号〔〕", "tortoise-shell brackets 〔〕"),
    ('[', ']', "半角方括号[]", "half-width square brackets []"),
    (
        '［',
        '］',
        "全角方括号［］",
        "full-width square brackets ［］",
    ),
    ('(', ')', "半角圆括号()", "half-width parentheses ()"),
    ('（', '）', "全角圆括号（）", "full-width parentheses （）"),
    ('【', '】', "方头括号【】", "lenticular brackets 【】"),
    (
        '〖',
        '〗',
        "空心方头括号〖〗",
        "white lenticular brackets 〖〗",
    ),
    ('{', '}', "花括号{}", "braces {}"),
    ('｛', '｝', "全角花括号｛｝", "full-width braces ｛｝"),
    (
        '﹝',
        '﹞',
        "外形相近的小型六角括号﹝﹞（U+FE5D/U+FE5E，应为U+3014/U+3015）",
        "the look-alike small tortoise-shell brackets ﹝﹞ (U+FE5D/U+FE5E instead of U+3014/U+3015)",
    ),
    (
        '❲',
        '❳',
        "外形相近的装饰用六角括号❲❳（U+2772/U+2773，应为U+3014/U+3015）",
        "the look-alike ornamental tortoise-shell brackets ❲❳ (U+2772/U+2773 instead of U+3014/U+3015)",
    ),
    (
        '〘',
        '〙',
        "空心六角括号〘〙",
        "white tortoise-shell brackets 〘〙",
    ),
];

fn is_opening_bracket(c: char) -> bool {
    BRACKETS.iter().any(|&(open, ..)| open == c)
}

fn is_closing_bracket(c: char) -> bool {
    BRACKETS.iter().any(|&(_, close, ..)| close == c)
}

fn bracket_description_zh(open: char, close: char) -> String {
    BRACKETS
        .iter()
        .find(|&&(o, c, ..)| (o, c) == (open, close))
        .map_or_else(|| format!("不配对的括号{open}{close}"), |b| b.2.to_owned())
}

fn bracket_description_en(open: char, close: char) -> String {
    BRACKETS
        .iter()
        .find(|&&(o, c, ..)| (o, c) == (open, close))
        .map_or_else(
            || format!("mismatched brackets {open}{close}"),
            |b| b.3.to_owned(),
        )
}

/// The year inside the 〔〕 of a suggestion, for the two-digit-year message.
fn suggestion_year(suggestion: &str) -> &str {
    suggestion
        .split_once('〔')
        .and_then(|(_, rest)| rest.split_once('〕'))
        .map_or("", |(year, _)| year)
}

/// Han ideographs (CJK Unified Ideographs and extensions, compatibility ideographs): agency
/// names can contain rare characters outside the basic block.
fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}'
        | '\u{30000}'..='\u{323AF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(s: &str) -> DocNumberError {
        match parse_doc_number(s) {
            Ok(n) => panic!("{s} parsed as {n:?}"),
            Err(e) => e,
        }
    }

    fn suggestion_of(s: &str) -> String {
        err(s).suggestion().map(str::to_owned).unwrap_or_default()
    }

    #[test]
    fn valid_ordinary() {
        for (s, agency, year, serial) in [
            ("国办发〔2018〕10号", "国办发", 2018, 10),
            ("国办公开办函〔2021〕30号", "国办公开办函", 2021, 30),
            ("豫政办明电〔2018〕77号", "豫政办明电", 2018, 77),
            ("新政办〔2020〕23号", "新政办", 2020, 23),
            ("国能监管〔2014〕149号", "国能监管", 2014, 149),
            ("国办函〔2020〕109号", "国办函", 2020, 109),
            ("中发〔1949〕1号", "中发", 1949, 1),
            ("XX发〔2100〕99999号", "XX发", 2100, 99_999),
        ] {
            let n = parse_doc_number(s).unwrap();
            assert_eq!(
                n,
                DocNumber {
                    agency: agency.into(),
                    year: Some(year),
                    serial,
                    order: false
                }
            );
            assert_eq!(n.to_string(), s);
        }
    }

    #[test]
    fn valid_orders() {
        for (s, agency, serial) in [
            ("国务院令第711号", "国务院令", 711),
            ("住房和城乡建设部令第11号", "住房和城乡建设部令", 11),
            ("国令第711号", "国令", 711),
            ("司令部令第1号", "司令部令", 1),
        ] {
            let n = parse_doc_number(s).unwrap();
            assert_eq!(
                n,
                DocNumber {
                    agency: agency.into(),
                    year: None,
                    serial,
                    order: true
                }
            );
            assert_eq!(n.to_string(), s);
        }
    }

    #[test]
    fn wrong_brackets_each_kind() {
        for (s, open, close, name) in [
            ("国办发[2018]10号", '[', ']', "半角方括号[]"),
            ("国办发(2018)10号", '(', ')', "半角圆括号()"),
            ("国办发（2018）10号", '（', '）', "全角圆括号（）"),
            ("国办发【2018】10号", '【', '】', "方头括号【】"),
            ("国办发［2018］10号", '［', '］', "全角方括号［］"),
            ("国办发{2018}10号", '{', '}', "花括号{}"),
            ("国办发｛2018｝10号", '｛', '｝', "全角花括号｛｝"),
            ("国办发〖2018〗10号", '〖', '〗', "空心方头括号〖〗"),
            ("国办发﹝2018﹞10号", '﹝', '﹞', "小型六角括号﹝﹞"),
            ("国办发❲2018❳10号", '❲', '❳', "装饰用六角括号❲❳"),
            ("国办发〘2018〙10号", '〘', '〙', "空心六角括号〘〙"),
            ("国办发〔2018]10号", '〔', ']', "不配对的括号〔]"),
        ] {
            let e = err(s);
            assert_eq!(
                e,
                DocNumberError::WrongBrackets {
                    open,
                    close,
                    suggestion: "国办发〔2018〕10号".into()
                },
                "{s}"
            );
            let msg = e.message_zh();
            assert!(msg.contains(name), "{msg}");
            assert!(msg.ends_with("应写作「国办发〔2018〕10号」"), "{msg}");
            assert_eq!(e.code(), "wrong_brackets");
        }
    }

    #[test]
    fn brief_message_example() {
        assert_eq!(
            err("国办发[2018]10号").message_zh(),
            "年份应使用六角括号〔〕括入，不能使用半角方括号[]：应写作「国办发〔2018〕10号」"
        );
    }

    #[test]
    fn two_digit_year() {
        let e = err("国办发〔18〕10号");
        assert_eq!(
            e,
            DocNumberError::TwoDigitYear {
                year: "18".into(),
                suggestion: "国办发〔2018〕10号".into()
            }
        );
        assert_eq!(
            e.message_zh(),
            "年份应标全称，不能简写为「18」：如为2018年，应写作「国办发〔2018〕10号」"
        );
        assert_eq!(suggestion_of("国办发〔98〕3号"), "国办发〔1998〕3号");
    }

    #[test]
    fn leading_zero() {
        assert_eq!(
            err("国办发〔2018〕010号"),
            DocNumberError::LeadingZero {
                serial: "010".into(),
                suggestion: "国办发〔2018〕10号".into()
            }
        );
        assert_eq!(suggestion_of("国办发〔2018〕01号"), "国办发〔2018〕1号");
        assert_eq!(suggestion_of("国务院令第0711号"), "国务院令第711号");
    }

    #[test]
    fn ordinal_prefix() {
        let e = err("国办发〔2018〕第10号");
        assert_eq!(
            e,
            DocNumberError::OrdinalPrefix {
                suggestion: "国办发〔2018〕10号".into()
            }
        );
        assert!(e.message_zh().contains("不加「第」字"));
    }

    #[test]
    fn missing_ordinal_in_order() {
        assert_eq!(
            err("国务院令711号"),
            DocNumberError::MissingOrdinal {
                suggestion: "国务院令第711号".into()
            }
        );
    }

    #[test]
    fn missing_hao() {
        assert_eq!(
            err("国办发〔2018〕10"),
            DocNumberError::MissingHao {
                suggestion: "国办发〔2018〕10号".into()
            }
        );
        assert_eq!(
            err("国务院令第711"),
            DocNumberError::MissingHao {
                suggestion: "国务院令第711号".into()
            }
        );
        assert_eq!(err("国办发〔2018〕10號").code(), "missing_hao");
    }

    #[test]
    fn missing_agency() {
        assert_eq!(err("〔2018〕10号"), DocNumberError::MissingAgency);
        assert_eq!(err("[2018]10号"), DocNumberError::MissingAgency);
        assert_eq!(err("令第711号"), DocNumberError::MissingAgency);
    }

    #[test]
    fn invalid_agency() {
        assert_eq!(
            err("国办-发〔2018〕10号"),
            DocNumberError::InvalidAgency {
                agency: "国办-发".into()
            }
        );
        assert_eq!(err("国办发2〔2018〕10号").code(), "invalid_agency");
    }

    #[test]
    fn non_arabic_serial() {
        assert_eq!(
            err("国办发〔2018〕十号"),
            DocNumberError::NonArabicSerial {
                serial: "十".into(),
                suggestion: "国办发〔2018〕10号".into()
            }
        );
        assert_eq!(suggestion_of("国务院令第七百一十一号"), "国务院令第711号");
        assert_eq!(suggestion_of("国务院令第七一一号"), "国务院令第711号");
        assert_eq!(
            err("国办发〔2018〕十十号"),
            DocNumberError::InvalidSerial {
                serial: "十十".into()
            }
        );
    }

    #[test]
    fn non_arabic_year() {
        assert_eq!(
            err("国办发〔二〇一八〕10号"),
            DocNumberError::NonArabicYear {
                year: "二〇一八".into(),
                suggestion: "国办发〔2018〕10号".into()
            }
        );
    }

    #[test]
    fn year_problems() {
        assert_eq!(
            err("国办发〔1948〕10号"),
            DocNumberError::YearOutOfRange { year: 1948 }
        );
        assert_eq!(
            err("国办发〔2101〕10号"),
            DocNumberError::YearOutOfRange { year: 2101 }
        );
        assert_eq!(
            err("国办发〔218〕10号"),
            DocNumberError::InvalidYear { year: "218".into() }
        );
        assert_eq!(
            err("国办发〔2018年〕10号"),
            DocNumberError::InvalidYear {
                year: "2018年".into()
            }
        );
        assert_eq!(err("国办发〔〕10号"), DocNumberError::MissingYear);
        assert_eq!(err("国办发10号"), DocNumberError::MissingYear);
        assert_eq!(err("国办发2018年10号"), DocNumberError::MissingYear);
        assert_eq!(
            err("国办发〔2018 10号"),
            DocNumberError::UnclosedBracket { open: '〔' }
        );
        assert_eq!(
            err("国办发〔二千二百〕10号"),
            DocNumberError::InvalidYear {
                year: "二千二百".into()
            }
        );
    }

    #[test]
    fn full_width_digits() {
        let e = err("国办发〔２０１８〕１０号");
        assert_eq!(
            e,
            DocNumberError::FullWidthDigits {
                suggestion: "国办发〔2018〕10号".into()
            }
        );
        assert!(e.message_zh().contains("半角"));
    }

    #[test]
    fn whitespace() {
        for s in [
            "国办发 〔2018〕10号",
            " 国办发〔2018〕10号",
            "国办发〔2018〕10号 ",
            "国办发〔2018〕\u{3000}10号",
            "国办发〔2018〕10 号",
            "国办发\t〔2018〕10号",
        ] {
            assert_eq!(
                err(s),
                DocNumberError::Whitespace {
                    suggestion: "国办发〔2018〕10号".into()
                },
                "{s:?}"
            );
        }
    }

    #[test]
    fn serial_problems() {
        assert_eq!(err("国办发〔2018〕号"), DocNumberError::MissingSerial);
        assert_eq!(err("国务院令第号"), DocNumberError::MissingSerial);
        assert_eq!(err("国务院令"), DocNumberError::MissingSerial);
        assert_eq!(
            err("国办发〔2018〕0号"),
            DocNumberError::SerialOutOfRange { serial: "0".into() }
        );
        assert_eq!(
            err("国办发〔2018〕100000号"),
            DocNumberError::SerialOutOfRange {
                serial: "100000".into()
            }
        );
        assert_eq!(
            err("国办发〔2018〕99999999999999999999号").code(),
            "serial_out_of_range"
        );
        assert_eq!(
            err("国办发〔2018〕十万号"),
            DocNumberError::SerialOutOfRange {
                serial: "十万".into()
            }
        );
    }

    #[test]
    fn trailing_text() {
        assert_eq!(
            err("国办发〔2018〕10号文"),
            DocNumberError::TrailingText {
                trailing: "文".into(),
                suggestion: "国办发〔2018〕10号".into()
            }
        );
        assert_eq!(err("国务院令第711号）").code(), "trailing_text");
    }

    #[test]
    fn empty() {
        assert_eq!(err(""), DocNumberError::Empty);
        assert_eq!(err("  \u{3000}"), DocNumberError::Empty);
    }

    #[test]
    fn combined_problems_report_first_and_repair_all() {
        let e = err("国办发（2018）第010号");
        assert_eq!(e.code(), "wrong_brackets");
        assert_eq!(e.suggestion(), Some("国办发〔2018〕10号"));
        let e = err("国办发 [１８] 第十");
        assert_eq!(e.code(), "whitespace");
        assert_eq!(e.suggestion(), Some("国办发〔2018〕10号"));
        // A problem that hides the intent wins over cosmetic ones.
        assert_eq!(err("国办发 [2300]10号").code(), "year_out_of_range");
    }

    #[test]
    fn every_message_is_nonempty_and_coded() {
        let inputs = [
            "",
            "国办发 〔2018〕10号",
            "国办发〔２０１８〕10号",
            "〔2018〕10号",
            "国办-发〔2018〕10号",
            "国办发10号",
            "国办发〔2018",
            "国办发[2018]10号",
            "国办发〔18〕10号",
            "国办发〔二〇一八〕10号",
            "国办发〔218〕10号",
            "国办发〔1900〕10号",
            "国办发〔2018〕第10号",
            "国务院令711号",
            "国办发〔2018〕号",
            "国办发〔2018〕十号",
            "国办发〔2018〕十十号",
            "国办发〔2018〕010号",
            "国办发〔2018〕0号",
            "国办发〔2018〕10",
            "国办发〔2018〕10号文",
        ];
        let mut codes = std::collections::BTreeSet::new();
        for s in inputs {
            let e = err(s);
            assert!(!e.message_zh().is_empty());
            assert!(!e.message_en().is_empty());
            assert_eq!(e.to_string(), e.message_en());
            if let Some(fixed) = e.suggestion() {
                assert!(parse_doc_number(fixed).is_ok(), "{s} -> {fixed}");
                assert!(e.message_zh().contains(fixed), "{}", e.message_zh());
            }
            codes.insert(e.code());
        }
        assert_eq!(codes.len(), inputs.len(), "{codes:?}");
    }

    #[test]
    fn never_panics() {
        let alphabet = "国办发令第号〔〕[]（）【】﹝﹞0129０十一〇 年-Xa";
        for s in crate::testing::random_texts(alphabet, 0x2545_F491_4F6C_DD1D, 30_000, 14) {
            match parse_doc_number(&s) {
                Ok(n) => assert_eq!(parse_doc_number(&n.to_string()), Ok(n)),
                Err(e) => {
                    let _ = (e.message_zh(), e.message_en(), e.code());
                    if let Some(fixed) = e.suggestion() {
                        assert!(parse_doc_number(fixed).is_ok(), "{s:?} -> {fixed:?}");
                    }
                }
            }
        }
    }

    /// `ascii_number` reads digits as `str::parse::<u32>` does, up to and past `u32::MAX`.
    #[test]
    fn ascii_numbers_read_as_parse_reads_them() {
        for text in [
            "0",
            "7",
            "007",
            "2018",
            "10",
            "4294967295",
            "4294967296",
            "99999999999",
            "0000",
        ] {
            let chars: Vec<char> = text.chars().collect();
            assert_eq!(ascii_number(&chars), text.parse::<u32>().ok(), "{text}");
        }
    }
}
