//! Reading JSON text into a [`serde_json::Value`], and typed values out of one.
//!
//! Why not `serde_json::from_str`: in the WebAssembly module, serde_json's deserializer and the
//! visitors derived for each option type were the largest part that was neither rhai nor the
//! rules (≈ 23 KB of the gzipped module; BENCHMARKS.md §3). Everything that enters the module
//! (records, options, kind definitions, calendar years) is read here instead: one small,
//! non-generic reader producing the same `Value`, and [`Members`] reading typed values out of it
//! with the field path in every error. Natively, bulk input (the CLI's JSONL streams) still goes
//! through serde_json for its speed; `tests` check that both read every input alike.
//!
//! Two deliberate differences from serde_json, both on input JavaScript can produce:
//! a lone UTF-16 surrogate escape (`"\ud800"`, which `JSON.stringify` emits for a broken string)
//! becomes U+FFFD instead of failing the whole record, and a number with a fraction or exponent
//! is read to within a few units in the last place rather than exactly (rules compute with
//! integers; a fractional number in a record is reported as "not an integer" either way).

use crate::text::Text;
use serde_json::{Map, Number, Value};
use std::fmt;

/// Deepest nesting accepted (serde_json's limit too): deeper input is refused rather than
/// risking the stack, which is 1 MB in WebAssembly.
const MAX_DEPTH: u32 = 128;

/// JSON text that could not be read: where, and what was wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What was wrong, in Chinese and English.
    pub problem: Text,
}

impl JsonError {
    /// The message in `lang`, with the position.
    pub fn message(&self, lang: crate::Lang) -> String {
        match lang {
            crate::Lang::Zh => format!("第{}行第{}列：{}", self.line, self.column, self.problem.zh),
            crate::Lang::En => self.to_string(),
        }
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.problem.en
        )
    }
}

impl std::error::Error for JsonError {}

/// Reads one JSON value (surrounding whitespace allowed, nothing else).
///
/// ```
/// let v = gongkai::json::parse(r#"{"title": "通知", "channels": ["网站"]}"#).unwrap();
/// assert_eq!(v["channels"][0], "网站");
/// let e = gongkai::json::parse("{\"a\": 1,\n }").unwrap_err();
/// assert_eq!((e.line, e.column), (2, 2));
/// ```
pub fn parse(text: &str) -> Result<Value, JsonError> {
    let mut reader = Reader {
        text,
        pos: 0,
        depth: 0,
    };
    reader.skip_space();
    let value = reader.value()?;
    reader.skip_space();
    if reader.pos < text.len() {
        return Err(reader.fail(
            "JSON 值之后还有多余内容",
            "trailing characters after the value",
        ));
    }
    Ok(value)
}

/// `n` in decimal, as JSON writes it, in `buf`: for whole numbers written into text (a
/// finding's message, the fast wasm module's packed report) without a string of their own,
/// which was an allocation and a serializer call per number (BENCHMARKS.md §3). Built where
/// speed is what the build is for (natively and in the fast module).
#[cfg(gongkai_lowered)]
pub fn decimal(n: i64, buf: &mut [u8; 20]) -> &str {
    // Written from the end; 20 places: `i64::MIN` has 19 digits and its sign.
    let mut at = buf.len();
    let mut rest = n.unsigned_abs();
    for slot in buf.iter_mut().rev() {
        // The remainder is below 10, so the cast is exact.
        *slot = b'0' + (rest % 10) as u8;
        at -= 1;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    if n < 0 {
        at -= 1;
        if let Some(slot) = buf.get_mut(at) {
            *slot = b'-';
        }
    }
    // ASCII digits and a sign: the check cannot fail.
    std::str::from_utf8(buf.get(at..).unwrap_or_default()).unwrap_or_default()
}

/// Reads `text` as one object, handing each member to `member` as soon as it is read: its name,
/// borrowed from the text, and its value. For readers that want an object's members but not
/// the object (`record::read_json` in the fast WebAssembly module): no `Map` is made, nor a
/// string for each name. `false` if `member` returns `false` (it stops there), or the text is
/// not one object, or a member's name is written with escapes (then the caller reads the text
/// the usual way, with [`parse`], which says what is wrong if anything is).
#[cfg(any(test, all(target_family = "wasm", gongkai_lowered)))]
pub(crate) fn members<'t>(text: &'t str, mut member: impl FnMut(&'t str, Value) -> bool) -> bool {
    let mut reader = Reader {
        text,
        pos: 0,
        depth: 0,
    };
    reader.skip_space();
    if reader.peek() != Some(b'{') || reader.open().is_err() {
        return false;
    }
    if !reader.close(b'}') {
        loop {
            let Some(name) = reader.plain_name() else {
                return false;
            };
            if reader.colon().is_err() {
                return false;
            }
            let Ok(value) = reader.value() else {
                return false;
            };
            if !member(name, value) {
                return false;
            }
            match reader.next_item(b'}') {
                Ok(true) => {}
                Ok(false) => break,
                Err(_) => return false,
            }
        }
    }
    reader.skip_space();
    reader.pos == text.len()
}

/// A value as compact JSON text, for messages. Code the wasm module reaches writes JSON only
/// through `serde_json::to_string` (which the results need anyway): `Value`'s `Display`
/// (`{value}`, `.to_string()`) would bring a second serializer into the module.
pub(crate) fn text_of(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

struct Reader<'a> {
    text: &'a str,
    pos: usize,
    depth: u32,
}

impl<'t> Reader<'t> {
    /// A member's name without escapes (the opening quote is at `pos`), borrowed; `None` for
    /// anything else.
    #[cfg(any(test, all(target_family = "wasm", gongkai_lowered)))]
    fn plain_name(&mut self) -> Option<&'t str> {
        let text: &'t str = self.text;
        if self.peek() != Some(b'"') {
            return None;
        }
        let start = self.pos + 1;
        let rest = text.as_bytes().get(start..)?;
        let len = rest
            .iter()
            .position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
        if rest.get(len) != Some(&b'"') {
            return None;
        }
        self.pos = start + len + 1;
        text.get(start..start + len)
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    /// The text not read yet. (Every position the reader stops at is at an ASCII byte or the
    /// end, so on a character boundary; `get` keeps even a mistake from panicking.)
    fn rest(&self) -> &str {
        self.text.get(self.pos..).unwrap_or_default()
    }

    fn skip_space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    #[cold]
    fn fail(&self, zh: &str, en: &str) -> JsonError {
        let before = self.text.get(..self.pos).unwrap_or(self.text);
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        JsonError {
            line: before.matches('\n').count() + 1,
            column: before.get(line_start..).unwrap_or_default().chars().count() + 1,
            problem: Text::new(zh, en),
        }
    }

    /// The error for the byte at `pos`: the end of input, or a character that cannot be there.
    #[cold]
    fn unexpected(&self) -> JsonError {
        match self.rest().chars().next() {
            None => self.fail("JSON 不完整（意外结束）", "unexpected end of input"),
            Some(c) => self.fail(
                &format!("此处不应出现「{c}」"),
                &format!("unexpected `{c}`"),
            ),
        }
    }

    fn value(&mut self) -> Result<Value, JsonError> {
        match self.peek() {
            Some(b'{') => self.object(),
            Some(b'[') => self.array(),
            Some(b'"') => self.string().map(Value::String),
            Some(b't') => self.word("true", Value::Bool(true)),
            Some(b'f') => self.word("false", Value::Bool(false)),
            Some(b'n') => self.word("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(self.unexpected()),
        }
    }

    fn word(&mut self, word: &str, value: Value) -> Result<Value, JsonError> {
        for &b in word.as_bytes() {
            if self.peek() != Some(b) {
                return Err(self.unexpected());
            }
            self.pos += 1;
        }
        Ok(value)
    }

    /// Enters an array or object (the opening bracket is at `pos`).
    fn open(&mut self) -> Result<(), JsonError> {
        if self.depth == MAX_DEPTH {
            return Err(self.fail("嵌套超过 128 层", "nested more than 128 levels deep"));
        }
        self.depth += 1;
        self.pos += 1;
        self.skip_space();
        Ok(())
    }

    /// After a member or element: `true` if another follows, `false` at the closing bracket.
    fn next_item(&mut self, close: u8) -> Result<bool, JsonError> {
        self.skip_space();
        match self.peek() {
            Some(b',') => {
                self.pos += 1;
                self.skip_space();
                Ok(true)
            }
            _ if self.close(close) => Ok(false),
            _ => Err(self.unexpected()),
        }
    }

    /// The `:` after a member's name, with the space around it.
    fn colon(&mut self) -> Result<(), JsonError> {
        self.skip_space();
        if self.peek() != Some(b':') {
            return Err(self.unexpected());
        }
        self.pos += 1;
        self.skip_space();
        Ok(())
    }

    /// Leaves an array or object if its closing bracket `close` is at `pos`.
    fn close(&mut self, close: u8) -> bool {
        let at = self.peek() == Some(close);
        if at {
            self.pos += 1;
            self.depth -= 1;
        }
        at
    }

    fn array(&mut self) -> Result<Value, JsonError> {
        self.open()?;
        let mut items = Vec::new();
        if self.close(b']') {
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value()?);
            if !self.next_item(b']')? {
                return Ok(Value::Array(items));
            }
        }
    }

    fn object(&mut self) -> Result<Value, JsonError> {
        self.open()?;
        let mut map = Map::new();
        if self.close(b'}') {
            return Ok(Value::Object(map));
        }
        loop {
            if self.peek() != Some(b'"') {
                return Err(self.unexpected());
            }
            let key = self.string()?;
            self.colon()?;
            map.insert(key, self.value()?);
            if !self.next_item(b'}')? {
                return Ok(Value::Object(map));
            }
        }
    }

    /// A string literal (the opening quote is at `pos`).
    fn string(&mut self) -> Result<String, JsonError> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            // Runs of plain characters are copied whole.
            let rest = self.text.as_bytes().get(self.pos..).unwrap_or_default();
            let run = rest
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
                .unwrap_or(rest.len());
            let plain = self.text.get(self.pos..self.pos + run).unwrap_or_default();
            self.pos += run;
            match self.peek() {
                None => return Err(self.unexpected()),
                // Most strings have no escapes: one allocation and one copy, instead of
                // growing `out` (a hot spot of the wasm build's profile).
                Some(b'"') if out.is_empty() => {
                    self.pos += 1;
                    return Ok(plain.to_owned());
                }
                Some(b'"') => {
                    out.push_str(plain);
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    out.push_str(plain);
                    self.pos += 1;
                    out.push(self.escape()?);
                }
                Some(_) => {
                    return Err(self.fail(
                        "字符串中有未转义的控制字符",
                        "unescaped control character in a string",
                    ));
                }
            }
        }
    }

    /// The character of an escape sequence (after its backslash).
    fn escape(&mut self) -> Result<char, JsonError> {
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.pos += 1;
                let unit = self.hex4()?;
                if (0xD800..0xDC00).contains(&unit) && self.rest().starts_with("\\u") {
                    let back = self.pos;
                    self.pos += 2;
                    let low = self.hex4()?;
                    if (0xDC00..0xE000).contains(&low) {
                        let c = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                        return Ok(char::from_u32(c).unwrap_or('\u{FFFD}'));
                    }
                    // Not a pair: the high surrogate stands alone; read the next escape anew.
                    self.pos = back;
                }
                return Ok(char::from_u32(unit).unwrap_or('\u{FFFD}'));
            }
            _ => {
                return Err(self.fail(
                    "字符串中的转义序列无效",
                    "invalid escape sequence in a string",
                ));
            }
        };
        self.pos += 1;
        Ok(c)
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let mut unit = 0;
        for _ in 0..4 {
            let digit = self.peek().and_then(|b| char::from(b).to_digit(16));
            let Some(d) = digit else {
                return Err(self.fail(
                    "\\u 之后应有四位十六进制数字",
                    "`\\u` must be followed by four hexadecimal digits",
                ));
            };
            unit = unit * 16 + d;
            self.pos += 1;
        }
        Ok(unit)
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        self.pos - start
    }

    /// A number, as serde_json represents it: an integer that fits `u64` or `i64` stays an
    /// integer (except `-0`, a float), anything else is a float.
    fn number(&mut self) -> Result<Value, JsonError> {
        let start = self.pos;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.pos += 1;
        }
        let int_start = self.pos;
        let int_len = self.digits();
        let bad = |r: &Self| r.fail("数字格式无效", "invalid number");
        if int_len == 0 || (int_len > 1 && self.text.as_bytes().get(int_start) == Some(&b'0')) {
            return Err(bad(self));
        }
        let mut integer = true;
        if self.peek() == Some(b'.') {
            integer = false;
            self.pos += 1;
            if self.digits() == 0 {
                return Err(bad(self));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            integer = false;
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(bad(self));
            }
        }
        let digits = self.text.get(int_start..self.pos).unwrap_or_default();
        if integer && let Ok(n) = digits.parse::<u64>() {
            if !negative {
                return Ok(Value::Number(n.into()));
            }
            if n != 0 && n <= 1 << 63 {
                return Ok(Value::Number(0i64.wrapping_sub_unsigned(n).into()));
            }
        }
        let value = float(digits);
        let value = if negative { -value } else { value };
        Number::from_f64(value).map(Value::Number).ok_or_else(|| {
            self.pos = start;
            self.fail("数字超出范围", "number out of range")
        })
    }
}

/// The value of the digits of a JSON number with a fraction or exponent (already validated),
/// to within a few units in the last place: correctly rounded when there are at most 15
/// significant digits and the power of ten is at most 22 (one exact division or multiplication),
/// which covers the numbers people type.
fn float(digits: &str) -> f64 {
    let (mantissa_part, exp_part) = match digits.find(['e', 'E']) {
        Some(i) => (
            digits.get(..i).unwrap_or_default(),
            digits.get(i + 1..).unwrap_or_default(),
        ),
        None => (digits, ""),
    };
    // An exponent too long for i64 is far out of range either way; keep its sign.
    let mut exp: i64 = match exp_part {
        "" => 0,
        e => e.parse().unwrap_or(if e.starts_with('-') {
            -100_000
        } else {
            100_000
        }),
    };
    let mut significand: u64 = 0;
    let mut seen_point = false;
    for b in mantissa_part.bytes() {
        match b {
            b'.' => seen_point = true,
            _ => {
                let d = u64::from(b - b'0');
                if significand < (u64::MAX - 9) / 10 {
                    significand = significand * 10 + d;
                    if seen_point {
                        exp -= 1;
                    }
                } else if !seen_point {
                    // Digits beyond what u64 holds only scale the value.
                    exp += 1;
                }
            }
        }
    }
    let m = significand as f64;
    if m == 0.0 {
        return 0.0;
    }
    let exp = exp.clamp(-400, 400) as i32;
    if exp >= 0 {
        m * pow10(exp)
    } else if exp >= -308 {
        m / pow10(-exp)
    } else {
        m / pow10(308) / pow10(-exp - 308)
    }
}

fn pow10(exp: i32) -> f64 {
    const EXACT: [f64; 23] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];
    let mut exp = exp;
    let mut out = 1.0;
    while exp > 22 {
        out *= 1e22;
        exp -= 22;
    }
    // `exp` is now within 0..=22 (callers pass no negative power).
    EXACT
        .get(exp.unsigned_abs() as usize)
        .map_or(f64::INFINITY, |p| out * p)
}

/// The members of a JSON object, read into a typed value. The object may hold only the members
/// the type knows, so a typo (`todya`) is an error rather than silently ignored; `null` counts
/// as absent. Every error names the member's path (`limits.max_operations`).
pub struct Members<'a> {
    map: &'a Map<String, Value>,
    path: &'a str,
}

impl<'a> Members<'a> {
    /// The members of `value`, which must be an object with no member outside `known`.
    /// `path` is where the object is, for messages (`""` for the top level).
    pub fn of(value: &'a Value, path: &'a str, known: &[&str]) -> Result<Self, Text> {
        let Value::Object(map) = value else {
            return Err(Text::new(
                format!("{}应为 JSON 对象", quoted_zh(path, "")),
                format!("{} must be a JSON object", quoted_en(path, "")),
            ));
        };
        if let Some(key) = map.keys().find(|k| !known.contains(&k.as_str())) {
            let (zh_in, en_in) = if path.is_empty() {
                (String::new(), String::new())
            } else {
                (format!("「{path}」中"), format!(" in `{path}`"))
            };
            return Err(Text::new(
                format!("{zh_in}不认识的项「{key}」（可用：{}）", known.join("、")),
                format!(
                    "unknown member `{key}`{en_in} (known: {})",
                    known.join(", ")
                ),
            ));
        }
        Ok(Members { map, path })
    }

    /// The member `key`, unless absent or `null`.
    pub fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    /// The path of member `key`, for nested readers and messages.
    pub fn path(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    fn wrong(&self, key: &str, zh: &str, en: &str) -> Text {
        Text::new(
            format!("{}应为{zh}", quoted_zh(self.path, key)),
            format!("{} must be {en}", quoted_en(self.path, key)),
        )
    }

    /// The error for a member that must be given.
    pub fn missing(&self, key: &str) -> Text {
        Text::new(
            format!("缺少{}", quoted_zh(self.path, key)),
            format!("{} is missing", quoted_en(self.path, key)),
        )
    }

    /// A text member.
    pub fn text(&self, key: &str) -> Result<Option<&'a str>, Text> {
        self.get(key)
            .map(|v| {
                v.as_str()
                    .ok_or_else(|| self.wrong(key, "文本", "a string"))
            })
            .transpose()
    }

    /// A text member that must be given.
    pub fn required_text(&self, key: &str) -> Result<&'a str, Text> {
        self.text(key)?.ok_or_else(|| self.missing(key))
    }

    /// A true/false member.
    pub fn bool(&self, key: &str) -> Result<Option<bool>, Text> {
        self.get(key)
            .map(|v| {
                v.as_bool()
                    .ok_or_else(|| self.wrong(key, "布尔值（true 或 false）", "true or false"))
            })
            .transpose()
    }

    /// A non-negative integer member.
    pub fn count(&self, key: &str) -> Result<Option<u64>, Text> {
        self.get(key)
            .map(|v| {
                v.as_u64()
                    .ok_or_else(|| self.wrong(key, "非负整数", "a non-negative integer"))
            })
            .transpose()
    }

    /// A non-negative integer member that must fit this machine's `usize` (32 bits in
    /// WebAssembly).
    pub fn size(&self, key: &str) -> Result<Option<usize>, Text> {
        self.count(key)?
            .map(|n| {
                usize::try_from(n).map_err(|_| {
                    self.wrong(
                        key,
                        &format!("不超过 {} 的整数", usize::MAX),
                        &format!("at most {}", usize::MAX),
                    )
                })
            })
            .transpose()
    }

    /// An array member.
    pub fn array(&self, key: &str) -> Result<Option<&'a [Value]>, Text> {
        self.get(key)
            .map(|v| {
                v.as_array()
                    .map(Vec::as_slice)
                    .ok_or_else(|| self.wrong(key, "数组", "an array"))
            })
            .transpose()
    }

    /// An array of text.
    pub fn texts(&self, key: &str) -> Result<Option<Vec<String>>, Text> {
        let Some(items) = self.array(key)? else {
            return Ok(None);
        };
        items
            .iter()
            .map(|v| {
                v.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| self.wrong(key, "文本数组", "an array of strings"))
            })
            .collect::<Result<_, _>>()
            .map(Some)
    }
}

/// How messages name the member `key` of the object at `path` (`""` for the top level).
fn quoted_zh(path: &str, key: &str) -> String {
    match (path, key) {
        ("", "") => "值".to_owned(),
        ("", k) | (k, "") => format!("「{k}」"),
        (p, k) => format!("「{p}.{k}」"),
    }
}

fn quoted_en(path: &str, key: &str) -> String {
    match (path, key) {
        ("", "") => "the value".to_owned(),
        ("", k) | (k, "") => format!("`{k}`"),
        (p, k) => format!("`{p}.{k}`"),
    }
}

#[cfg(test)]
mod tests;
