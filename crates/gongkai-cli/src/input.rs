//! Reading records from files: a JSON object, a JSON array of objects, or JSON Lines.
//!
//! Every record keeps the line it starts on, so every message can send the user to the exact
//! place in the file.

use serde::de::IgnoredAny;
use serde_json::Value;
use std::borrow::Cow;
use std::fmt::{self, Write as _};
use std::io::Read;
use std::path::Path;

/// One record read from a file.
#[derive(Debug)]
pub struct Record {
    /// Why the record cannot be read (a line of JSON Lines that is not JSON, or not UTF-8):
    /// an error of this record alone, reported in its place.
    pub error: Option<InputError>,
    /// 1-based line where the record starts.
    pub line: usize,
    /// Byte range of the record in the file's text, to find the lines of its fields later.
    pub span: std::ops::Range<usize>,
    /// 0-based position of the record in the file.
    pub index: usize,
    /// The record; `None` while it is still text at `span` (an element of a JSON array, parsed
    /// by [`Input::value`] when it is checked).
    pub value: Option<Value>,
}

/// Why a file (or one record of it) could not be read as records; also a warning about a file
/// that was read (a CSV column that was ignored).
#[derive(Debug, Clone)]
pub struct InputError {
    /// The file as the user named it.
    pub file: String,
    /// 1-based line and column, when known.
    pub at: Option<(usize, usize)>,
    /// What is wrong, Chinese then English.
    pub zh: String,
    /// English.
    pub en: String,
}

impl InputError {
    /// An error of `file` (at a line and column, when known), in both languages.
    pub fn new(file: &str, at: Option<(usize, usize)>, zh: String, en: String) -> Self {
        Self {
            file: file.to_owned(),
            at,
            zh,
            en,
        }
    }

    /// `file:line:column: message` in the given language.
    pub fn render(&self, zh: bool) -> String {
        let at = self
            .at
            .map(|(l, c)| format!(":{l}:{c}"))
            .unwrap_or_default();
        format!(
            "{}{at}: {}",
            self.file,
            if zh { &self.zh } else { &self.en }
        )
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

/// A file's text and the records in it.
pub struct Input {
    /// The text, without a byte-order mark.
    pub text: String,
    /// The records, in order.
    pub records: Vec<Record>,
    /// What was read but left out or overridden (CSV columns matching no field, two columns for
    /// one field, cells beyond the last column), with line and column.
    pub warnings: Vec<InputError>,
}

impl Input {
    /// The record's value, parsed from the file's text if it is not yet: a JSON array's
    /// elements are parsed one batch at a time, by the threads that check them, rather than
    /// all held at once (a parsed record takes several times the memory of its text). An
    /// element that is not an object is an error of that record alone.
    pub fn value<'a>(
        &'a self,
        file: &str,
        record: &'a Record,
    ) -> Result<Cow<'a, Value>, InputError> {
        if let Some(error) = &record.error {
            return Err(error.clone());
        }
        if let Some(value) = &record.value {
            return Ok(Cow::Borrowed(value));
        }
        let text = self.text.get(record.span.clone()).unwrap_or_default();
        let value =
            serde_json::from_str(text).map_err(|e| json_error(file, record.line - 1, &e, text))?;
        let column = self.text.get(..record.span.start).map_or(0, |before| {
            before
                .rsplit('\n')
                .next()
                .unwrap_or_default()
                .chars()
                .count()
        });
        object(file, (record.line, column + 1), record.index, value).map(Cow::Owned)
    }

    /// The record's text, while it has not been parsed (an element of a JSON array).
    pub fn unparsed(&self, record: &Record) -> Option<&str> {
        match (&record.value, &record.error) {
            (None, None) => self.text.get(record.span.clone()),
            _ => None,
        }
    }

    /// Where the values of `record` are in the file, worked out once for all the record's
    /// findings and issues.
    pub fn field_lines(&self, record: &Record) -> FieldLines {
        let by_path = match self.text.get(record.span.clone()) {
            // A record on one line (every record of JSON Lines) has all its values there:
            // no walk over its text for each finding.
            Some(text) if text.contains('\n') => value_lines(text),
            _ => Vec::new(),
        };
        FieldLines {
            first: record.line,
            by_path,
        }
    }
}

/// The lines of one record's values.
pub struct FieldLines {
    /// The line the record starts on.
    first: usize,
    /// The 1-based line of each value relative to the record, by path (empty for a record on
    /// one line).
    by_path: Vec<(String, usize)>,
}

impl FieldLines {
    /// A record that is one line of the file (JSON Lines).
    pub fn on_one_line(line: usize) -> Self {
        Self {
            first: line,
            by_path: Vec::new(),
        }
    }

    /// The line the record starts on.
    pub fn start(&self) -> usize {
        self.first
    }

    /// The line of `path` (e.g. `entries[46].content`), or of its nearest enclosing value that
    /// exists, so a finding points at the exact line of the file.
    pub fn of(&self, path: &str) -> usize {
        let mut path = path;
        loop {
            if let Some(l) = self
                .by_path
                .iter()
                .find(|(p, _)| p == path)
                .map(|(_, l)| *l)
            {
                return self.first + l - 1;
            }
            match path.rfind(['.', '[']) {
                Some(i) => path = path.get(..i).unwrap_or_default(),
                None => return self.first,
            }
        }
    }
}

/// Reads all records of a file (`-` is standard input): JSON, JSON Lines, or CSV/TSV (by the
/// extension `.csv`/`.tsv`, headers mapped to the fields of `kind`), in the encoding
/// [`decode`] finds.
pub fn read(file: &str, kind: &gongkai::schema::Kind) -> Result<Input, InputError> {
    let mut bytes = Vec::new();
    if file == "-" {
        std::io::stdin().read_to_end(&mut bytes).map_err(|e| {
            InputError::new(
                file,
                None,
                format!("无法读取标准输入：{e}"),
                format!("cannot read standard input: {e}"),
            )
        })?;
    } else {
        bytes = std::fs::read(Path::new(file)).map_err(|e| open_error(file, &e))?;
    }
    let lower = file.to_ascii_lowercase();
    let is_csv = lower.ends_with(".csv") || lower.ends_with(".tsv");
    let Decoded {
        text,
        not_utf8,
        mut warnings,
    } = decode(file, bytes)?;
    // A CSV file cannot do without a line; JSON Lines can (an error of that record), and a
    // JSON document is refused by `parse_lines` at its first such character.
    if let (true, Some(&first)) = (is_csv, not_utf8.first()) {
        return Err(not_utf8_error(file, first));
    }
    let records = if is_csv {
        let (records, read) = csv(file, &text, kind)?;
        warnings.extend(read);
        records
    } else {
        parse_lines(file, &text, &not_utf8)?
    };
    Ok(Input {
        text,
        records,
        warnings,
    })
}

/// A file's text, with the lines (line, column) that were not in its encoding, and what was
/// said about the encoding.
pub struct Decoded {
    /// The text (U+FFFD where `not_utf8` says).
    pub text: String,
    /// 1-based line and column of the first character that is not UTF-8, per such line.
    pub not_utf8: Vec<(usize, usize)>,
    /// The encoding, when it is not UTF-8.
    pub warnings: Vec<InputError>,
}

/// The text of a file's bytes:
/// - UTF-16 when it starts with its byte-order mark (Excel's 「Unicode 文本」 export);
/// - UTF-8, with or without its byte-order mark;
/// - GB18030 (a superset of GBK, what Excel and WPS on Chinese Windows save "CSV" as) when most
///   of the lines with characters beyond ASCII are not UTF-8 and the whole file is GB18030: a
///   short GBK line can happen to be valid UTF-8 (统一 is CD B3 D2 BB), so one such line does not
///   make a GBK file UTF-8;
/// - otherwise UTF-8 with the lines that are not (a line pasted from elsewhere) given in
///   `not_utf8`: decoding such a file as GB18030 would garble every good line.
pub fn decode(file: &str, mut bytes: Vec<u8>) -> Result<Decoded, InputError> {
    let said = |zh: &str, en: &str| vec![InputError::new(file, None, zh.to_owned(), en.to_owned())];
    if let Some(encoding) = utf16(&bytes) {
        let text = encoding
            .decode_without_bom_handling_and_without_replacement(bytes.get(2..).unwrap_or_default())
            .ok_or_else(|| {
                InputError::new(
                    file,
                    None,
                    "文件以 UTF-16 的字节序标记开头，但内容不是有效的 UTF-16：请另存为「CSV UTF-8（逗号分隔）」".to_owned(),
                    "the file starts with UTF-16's byte-order mark but is not valid UTF-16: save it as \"CSV UTF-8 (comma delimited)\"".to_owned(),
                )
            })?;
        return Ok(Decoded {
            text: text.into_owned(),
            not_utf8: Vec::new(),
            warnings: said(
                "文件是 UTF-16 编码（Excel 的「Unicode 文本」），已按 UTF-16 读取",
                "UTF-16 (Excel's \"Unicode Text\"): read as such",
            ),
        });
    }
    if bytes.starts_with("\u{feff}".as_bytes()) {
        bytes.drain(..3);
    }
    let e = match String::from_utf8(bytes) {
        Ok(text) => {
            return Ok(Decoded {
                text,
                not_utf8: Vec::new(),
                warnings: Vec::new(),
            });
        }
        Err(e) => e,
    };
    let bytes = e.into_bytes();
    let bad = not_utf8_lines(&bytes);
    let text = String::from_utf8_lossy(&bytes).into_owned();
    if let Some(decoded) = gb18030(&bytes, &text, &bad) {
        return Ok(Decoded {
            text: decoded.into_owned(),
            not_utf8: Vec::new(),
            warnings: said(
                "文件不是 UTF-8 编码，已按 GB18030（GBK）编码读取",
                "not UTF-8: read as GB18030 (GBK)",
            ),
        });
    }
    Ok(Decoded {
        text,
        not_utf8: bad,
        warnings: Vec::new(),
    })
}

/// Whether the start of a file (a streamed JSON Lines file's) is in an encoding other than
/// UTF-8 that [`decode`] would read (UTF-16, GB18030): such a file is read whole instead.
pub fn head_needs_decoding(file: &str) -> bool {
    use std::io::Read as _;
    let mut head = Vec::new();
    let read = std::fs::File::open(file).and_then(|f| f.take(64 * 1024).read_to_end(&mut head));
    if read.is_err() || utf16(&head).is_some() {
        return read.is_ok();
    }
    // Whole lines only: the read may end inside a character.
    let end = head
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(head.len(), |i| i + 1);
    let head = head.get(..end).unwrap_or_default();
    if std::str::from_utf8(head).is_ok() {
        return false;
    }
    let bad = not_utf8_lines(head);
    gb18030(head, &String::from_utf8_lossy(head), &bad).is_some()
}

/// UTF-16's encoding, when `bytes` start with its byte-order mark.
fn utf16(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    match bytes.get(..2) {
        Some([0xFF, 0xFE]) => Some(encoding_rs::UTF_16LE),
        Some([0xFE, 0xFF]) => Some(encoding_rs::UTF_16BE),
        _ => None,
    }
}

/// `bytes` read as GB18030, when most of their lines beyond ASCII are not UTF-8 (`bad`, in
/// `lossy`, their UTF-8 reading) and all of them are GB18030 (see [`decode`]).
fn gb18030<'a>(
    bytes: &'a [u8],
    lossy: &str,
    bad: &[(usize, usize)],
) -> Option<std::borrow::Cow<'a, str>> {
    (bad.len() > utf8_lines(lossy, bad))
        .then(|| encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes))
        .flatten()
}

/// How many lines of `text` have characters beyond ASCII and are not among the lines
/// `not_utf8` (read from bytes that were not UTF-8 there).
fn utf8_lines(text: &str, not_utf8: &[(usize, usize)]) -> usize {
    text.split('\n')
        .enumerate()
        .filter(|(i, l)| !l.is_ascii() && !not_utf8.iter().any(|&(n, _)| n == i + 1))
        .count()
}

/// The 1-based line and column of the first character that is not UTF-8 on each line that
/// has one.
fn not_utf8_lines(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        if let Err(e) = std::str::from_utf8(line) {
            let valid = line.get(..e.valid_up_to()).unwrap_or_default();
            out.push((i + 1, String::from_utf8_lossy(valid).chars().count() + 1));
        }
    }
    out
}

/// A whole file refused for not being UTF-8, at its first such character.
fn not_utf8_error(file: &str, at: (usize, usize)) -> InputError {
    InputError::new(
        file,
        Some(at),
        "文件不是 UTF-8 编码的文本（此处起），按 GB18030（GBK）也读不通：请查明这一行的来源（是否从别处粘贴），把文件统一另存为「CSV UTF-8（逗号分隔）」或 UTF-8 文本后再检查".to_owned(),
        "not UTF-8 text (from here on), nor GB18030 (GBK): find where this line came from (pasted from elsewhere?), save the whole file as \"CSV UTF-8 (comma delimited)\" or UTF-8 text, and check again".to_owned(),
    )
}

/// Parses the text of a file. JSON Lines is recognised by the extension (`.jsonl`,
/// `.ndjson`) or by a document that is not one JSON value but one object per line.
#[cfg(test)]
pub fn parse(file: &str, text: &str) -> Result<Vec<Record>, InputError> {
    parse_lines(file, text, &[])
}

/// [`parse`], for a text whose lines `not_utf8` (line, column) were not UTF-8 (and are now
/// replacement characters there): each is an error of its record.
fn parse_lines(
    file: &str,
    text: &str,
    not_utf8: &[(usize, usize)],
) -> Result<Vec<Record>, InputError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let jsonl = file.ends_with(".jsonl") || file.ends_with(".ndjson");
    if !jsonl {
        // A JSON array's elements are left as text (`Input::value`): the file is only checked to
        // be valid JSON, without building its values. Any other document is parsed once, whole.
        let parsed = if text.trim_start().starts_with('[') {
            serde_json::from_str::<IgnoredAny>(text).map(|_| None)
        } else {
            serde_json::from_str::<Value>(text).map(Some)
        };
        match parsed {
            Ok(None) => {
                if let Some(&first) = not_utf8.first() {
                    return Err(not_utf8_error(file, first));
                }
                return Ok(element_spans(text)
                    .into_iter()
                    .enumerate()
                    .map(|(index, (line, span))| Record {
                        error: None,
                        line,
                        span,
                        index,
                        value: None,
                    })
                    .collect());
            }
            Ok(Some(_)) if !not_utf8.is_empty() => {
                return Err(not_utf8_error(
                    file,
                    not_utf8.first().copied().unwrap_or((1, 1)),
                ));
            }
            Ok(Some(value)) => {
                let start = text.len() - text.trim_start().len();
                let line = text.get(..start).unwrap_or_default().matches('\n').count() + 1;
                return Ok(vec![Record {
                    error: None,
                    line,
                    span: start..text.len(),
                    index: 0,
                    value: Some(object(file, (line, 1), 0, value)?),
                }]);
            }
            // More than one value: JSON Lines without the extension.
            Err(e) if e.to_string().starts_with("trailing characters") => {}
            Err(e) => return Err(json_error(file, 0, &e, text)),
        }
    }
    // JSON Lines: a line that cannot be read is an error of its record, and the other lines
    // are checked, as in a `.jsonl` file read as a stream.
    let mut out = Vec::new();
    let mut offset = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let span = offset..offset + line.len();
        offset += line.len();
        if line.trim().is_empty() {
            continue;
        }
        let content = line.trim_end_matches(['\n', '\r']);
        let read = match not_utf8.iter().find(|(n, _)| *n == i + 1) {
            Some(&at) => Err(not_utf8_line(file, at)),
            None => parse_line(file, i + 1, out.len(), content.as_bytes()),
        };
        let (value, error) = match read {
            Ok(value) => (Some(value), None),
            Err(e) => (None, Some(e)),
        };
        out.push(Record {
            error,
            line: i + 1,
            span,
            index: out.len(),
            value,
        });
    }
    Ok(out)
}

/// The error for a file that cannot be opened or read.
pub fn open_error(file: &str, e: &std::io::Error) -> InputError {
    let (zh, en) = match e.kind() {
        std::io::ErrorKind::NotFound => ("文件不存在".to_owned(), "no such file".to_owned()),
        std::io::ErrorKind::InvalidData => (
            "文件不是 UTF-8 编码的文本".to_owned(),
            "not UTF-8 text".to_owned(),
        ),
        _ => (format!("无法读取：{e}"), format!("cannot read: {e}")),
    };
    InputError::new(file, None, zh, en)
}

/// The record on one line of a JSON Lines file (line `line`, the `index`-th record), as read: a
/// line that is not UTF-8 is an error of that line alone, with the column where the bad bytes
/// start.
pub fn parse_line(
    file: &str,
    line: usize,
    index: usize,
    bytes: &[u8],
) -> Result<Value, InputError> {
    let json = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    // serde_json checks the UTF-8 of the strings it reads (all there is outside them is
    // ASCII), so the line is decoded once; only a line it rejects is asked why.
    let value = serde_json::from_slice(json).map_err(|e| match std::str::from_utf8(json) {
        Ok(text) => json_error(file, line - 1, &e, text),
        Err(e) => {
            let valid = bytes.get(..e.valid_up_to()).unwrap_or_default();
            let column = String::from_utf8_lossy(valid).chars().count() + 1;
            not_utf8_line(file, (line, column))
        }
    })?;
    object(file, (line, 1), index, value)
}

/// A line of JSON Lines that is not UTF-8, at its first such character.
fn not_utf8_line(file: &str, at: (usize, usize)) -> InputError {
    InputError::new(
        file,
        Some(at),
        "这一行不是 UTF-8 编码的文本".to_owned(),
        "this line is not UTF-8 text".to_owned(),
    )
}

fn csv(
    file: &str,
    text: &str,
    kind: &gongkai::schema::Kind,
) -> Result<(Vec<Record>, Vec<InputError>), InputError> {
    let read = gongkai::csv::records(kind, text)
        .map_err(|e| InputError::new(file, Some((e.line, 1)), e.message.zh, e.message.en))?;
    let records = read
        .records
        .into_iter()
        .enumerate()
        .map(|(index, (line, value))| Record {
            error: None,
            line,
            span: 0..0,
            index,
            value: Some(value),
        })
        .collect();
    let warnings = read
        .warnings
        .into_iter()
        .map(|w| InputError::new(file, Some((w.line, w.column)), w.message.zh, w.message.en))
        .collect();
    Ok((records, warnings))
}

/// `value`, the `index`-th record, at `(line, column)`, if it is an object.
fn object(
    file: &str,
    (line, column): (usize, usize),
    index: usize,
    value: Value,
) -> Result<Value, InputError> {
    if value.is_object() {
        Ok(value)
    } else {
        Err(InputError::new(
            file,
            Some((line, column)),
            format!("第 {} 条记录应为 JSON 对象 {{…}}", index + 1),
            format!("record {} must be a JSON object {{…}}", index + 1),
        ))
    }
}

/// A JSON error of `text` (whose first line is the file's line `line_offset + 1`), placed in
/// the file's lines and in characters: serde_json counts columns in bytes, three to a Chinese
/// character.
fn json_error(file: &str, line_offset: usize, e: &serde_json::Error, source: &str) -> InputError {
    // serde_json's message ends with its own position, relative to the text it was given (a
    // line of JSON Lines is its "line 1"): the place is said once, before the message, in the
    // file's own lines.
    let text = e.to_string();
    let what = text
        .rsplit_once(" at line ")
        .map_or(text.as_str(), |(w, _)| w);
    let zh = match what {
        "EOF while parsing a list" => "数组没有结束：缺少右方括号 ]",
        "EOF while parsing an object" => "对象没有结束：缺少右花括号 }",
        "EOF while parsing a string" => "字符串没有结束：缺少右引号 \"",
        "EOF while parsing a value" => "内容在此意外结束：应为值",
        "expected `:`" => "字段名后应为冒号 :",
        "expected `,` or `]`" => "缺少逗号 , 或右方括号 ]",
        "expected `,` or `}`" => "缺少逗号 , 或右花括号 }",
        "expected ident" => "应为 true、false 或 null",
        "expected value" => "应为值（字符串、数字、对象、数组、true、false 或 null）",
        "invalid escape" => "无效的转义：反斜杠 \\ 后只能是 \" \\ / b f n r t u",
        "invalid number" => "数字格式不正确",
        "number out of range" => "数字超出范围",
        "invalid unicode code point" | "lone leading surrogate in hex escape" => {
            "\\u 转义不是有效的字符"
        }
        "unexpected end of hex escape" => "\\u 后应为4位十六进制数",
        "control character (\\u0000-\\u001F) found while parsing a string" => {
            "字符串中不能直接出现换行、制表符等控制字符（应写作 \\n、\\t）"
        }
        "key must be a string" => "应为用双引号括起的字段名（最后一项后面不能有逗号）",
        "trailing comma" => "最后一项后面不能有逗号",
        "trailing characters" => {
            "一个值结束后还有多余的内容（多条记录请放在 [ ] 中，或每行一条存为 JSON Lines）"
        }
        "recursion limit exceeded" => "嵌套层数过多",
        other => other,
    };
    let column = source
        .split('\n')
        .nth(e.line().saturating_sub(1))
        .and_then(|line| line.get(..e.column().saturating_sub(1)))
        .map_or(e.column().max(1), |before| before.chars().count() + 1);
    InputError::new(
        file,
        Some((e.line() + line_offset, column)),
        format!("不是有效的 JSON：{zh}"),
        format!("invalid JSON: {what}"),
    )
}

/// The 1-based start line and byte range of each element of the top-level array. A small
/// scanner (strings and escapes aware) because serde_json does not report positions of values.
fn element_spans(text: &str) -> Vec<(usize, std::ops::Range<usize>)> {
    let mut spans = Vec::new();
    let (mut line, mut depth, mut in_string, mut escaped) = (1, 0usize, false, false);
    let mut current: Option<(usize, usize)> = None;
    let mut expect_value = false;
    for (at, c) in text.char_indices() {
        if c == '\n' {
            line += 1;
        }
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        if expect_value && !c.is_whitespace() && c != ']' {
            current = Some((line, at));
            expect_value = false;
        }
        match c {
            '"' => in_string = true,
            '[' | '{' => {
                depth += 1;
                if depth == 1 && c == '[' {
                    expect_value = true;
                }
            }
            ']' | '}' => {
                depth = depth.saturating_sub(1);
                if depth == 1
                    && c == '}'
                    && let Some((l, start)) = current.take()
                {
                    spans.push((l, start..at + 1));
                }
                // The array's own `]` ends an element that is not an object (`[1, [2]]`).
                if depth == 0
                    && let Some((l, start)) = current.take()
                {
                    spans.push((l, start..trimmed_end(text, start, at)));
                }
            }
            ',' if depth == 1 => {
                if let Some((l, start)) = current.take() {
                    spans.push((l, start..trimmed_end(text, start, at)));
                }
                expect_value = true;
            }
            _ => {}
        }
    }
    if let Some((l, start)) = current {
        spans.push((l, start..text.len()));
    }
    spans
}

/// `end`, moved back over the whitespace before it (not before `start`).
fn trimmed_end(text: &str, start: usize, end: usize) -> usize {
    text.get(start..end)
        .map_or(end, |s| start + s.trim_end().len())
}

/// The 1-based line (relative to `text`) of every value in a JSON text, by path
/// (`title`, `entries[3]`, `entries[3].channels[0]`). The text is known to be valid JSON.
fn value_lines(text: &str) -> Vec<(String, usize)> {
    let mut walker = Walker {
        b: text.as_bytes(),
        i: 0,
        line: 1,
        out: Vec::new(),
    };
    walker.value(&mut String::new());
    walker.out
}

struct Walker<'a> {
    b: &'a [u8],
    i: usize,
    line: usize,
    out: Vec<(String, usize)>,
}

impl Walker<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(c) = self.peek() {
            match c {
                b'\n' => self.line += 1,
                b' ' | b'\t' | b'\r' => {}
                _ => return,
            }
            self.i += 1;
        }
    }

    /// Moves past a string: the bytes between its quotes, and whether any is an escape.
    fn skip_string(&mut self) -> (&[u8], bool) {
        let start = self.i + 1;
        self.i += 1;
        let (mut escaped, mut any_escape) = (false, false);
        while let Some(c) = self.peek() {
            self.i += 1;
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, b'\\') => (escaped, any_escape) = (true, true),
                (false, b'"') => break,
                _ => {}
            }
        }
        let raw = self
            .b
            .get(start..self.i.saturating_sub(1))
            .unwrap_or_default();
        (raw, any_escape)
    }

    /// A member's name. Names are nearly always plain, and taken as they are; one with escapes
    /// is decoded. (Values are only skipped: decoding every string of a reported record, with a
    /// copy each, cost ≈ 6,000 instructions an element of a pretty-printed array.)
    fn key(&mut self) -> String {
        match self.skip_string() {
            (raw, false) => String::from_utf8_lossy(raw).into_owned(),
            (raw, true) => {
                serde_json::from_slice::<String>(&[b"\"", raw, b"\""].concat()).unwrap_or_default()
            }
        }
    }

    fn value(&mut self, path: &mut String) {
        self.skip_ws();
        self.out.push((path.clone(), self.line));
        match self.peek() {
            Some(b'{') => {
                self.i += 1;
                loop {
                    self.skip_ws();
                    match self.peek() {
                        Some(b'"') => {}
                        Some(b',') => {
                            self.i += 1;
                            continue;
                        }
                        _ => break,
                    }
                    let key = self.key();
                    self.skip_ws();
                    self.i += 1; // ':'
                    let len = path.len();
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(&key);
                    self.value(path);
                    path.truncate(len);
                }
                self.i += 1;
            }
            Some(b'[') => {
                self.i += 1;
                let mut index = 0;
                loop {
                    self.skip_ws();
                    match self.peek() {
                        Some(b']') | None => break,
                        Some(b',') => {
                            self.i += 1;
                            continue;
                        }
                        _ => {}
                    }
                    let len = path.len();
                    let _ = write!(path, "[{index}]");
                    self.value(path);
                    path.truncate(len);
                    index += 1;
                }
                self.i += 1;
            }
            Some(b'"') => {
                self.skip_string();
            }
            _ => {
                while self.peek().is_some_and(|c| {
                    !matches!(c, b',' | b']' | b'}' | b' ' | b'\n' | b'\r' | b'\t')
                }) {
                    self.i += 1;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn array_elements_keep_their_lines() {
        let text = "[\n  {\"a\": \"x,[y]\\\"\"},\n\n  {\"b\": [1, {\"c\": 2}]},\n  {}\n]";
        let recs = parse("f.json", text).unwrap();
        assert_eq!(recs.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 4, 5]);
        assert_eq!(&text[recs[1].span.clone()], "{\"b\": [1, {\"c\": 2}]}");
    }

    #[test]
    fn fields_and_nested_entries_have_lines() {
        let text = "[\n {\"x\": 1},\n {\n  \"owner\": \"市政府\",\n  \"entries\": [\n   {\"category\": \"a\"},\n   {\n    \"category\": \"b\",\n    \"channels\": [\"政府网站\"]\n   }\n  ]\n }\n]";
        let records = parse("f.json", text).unwrap();
        let input = Input {
            text: text.to_owned(),
            records,
            warnings: Vec::new(),
        };
        let rec = &input.records[1];
        assert_eq!(rec.line, 3);
        let lines = input.field_lines(rec);
        assert_eq!(lines.of("owner"), 4);
        assert_eq!(lines.of("entries[0].category"), 6);
        assert_eq!(lines.of("entries[1]"), 7);
        assert_eq!(lines.of("entries[1].channels"), 9);
        assert_eq!(lines.of("entries[1].levels"), 7);
        assert_eq!(lines.of(""), 3);
        // A record on one line: every value is on it.
        let one = &input.records[0];
        assert_eq!(input.field_lines(one).of("x"), 2);
    }

    #[test]
    fn names_with_escapes_and_strings_with_quotes_keep_the_lines() {
        // A name written with escapes is decoded; a value with escaped quotes and brackets is
        // skipped whole, so what follows it keeps its line.
        let text = "[\n  {\n    \"content\": \"\\\"}],\\u005b{\",\n    \"subj\\u0065ct\": \"\u{7532}\",\n    \"channels\": [\n      \"\u{7f51}\"\n    ]\n  }\n]";
        let input = Input {
            text: text.to_owned(),
            records: parse("f.json", text).unwrap(),
            warnings: Vec::new(),
        };
        let lines = input.field_lines(&input.records[0]);
        assert_eq!(lines.of("content"), 3);
        assert_eq!(lines.of("subject"), 4);
        assert_eq!(lines.of("channels[0]"), 6);
        assert_eq!(lines.of("channels[1]"), 5, "the nearest value that exists");
    }

    #[test]
    fn jsonl_by_content_and_errors_name_the_line() {
        let recs = parse("f.json", "{\"a\":1}\n\n{\"a\":2}\n").unwrap();
        assert_eq!(
            recs.iter().map(|r| (r.line, r.index)).collect::<Vec<_>>(),
            [(1, 0), (3, 1)]
        );
        // A bad line is an error of its record alone, placed in the file's own lines (not
        // serde_json's "line 1" of the line), in Chinese.
        let recs = parse("f.jsonl", "{\"a\":1}\n{\"a\":}\r\n{\"a\":\n{\"a\":3}").unwrap();
        assert_eq!(recs.len(), 4);
        let err = recs[1].error.as_ref().unwrap();
        assert_eq!(
            err.render(true),
            "f.jsonl:2:6: 不是有效的 JSON：应为值（字符串、数字、对象、数组、true、false 或 null）"
        );
        assert_eq!(
            err.render(false),
            "f.jsonl:2:6: invalid JSON: expected value"
        );
        assert_eq!(
            recs[2].error.as_ref().unwrap().render(true),
            "f.jsonl:3:5: 不是有效的 JSON：内容在此意外结束：应为值"
        );
        assert_eq!(recs[3].value, Some(serde_json::json!({"a": 3})));
    }

    #[test]
    fn a_non_object_is_an_error_of_that_record() {
        let text = "[{}, 3]";
        let input = Input {
            text: text.to_owned(),
            records: parse("f.json", text).unwrap(),
            warnings: Vec::new(),
        };
        assert!(input.value("f.json", &input.records[0]).is_ok());
        let err = input.value("f.json", &input.records[1]).unwrap_err();
        assert_eq!(
            err.render(true),
            "f.json:1:6: 第 2 条记录应为 JSON 对象 {…}"
        );
        // Two values: JSON Lines, whose records are parsed as they are read.
        let recs = parse("f.json", "{\"a\": 1}\n[1]").unwrap();
        assert_eq!(
            recs[1].error.as_ref().unwrap().render(false),
            "f.json:2:1: record 2 must be a JSON object {…}"
        );
        let err = parse("f.json", "3").unwrap_err();
        assert_eq!(
            err.render(false),
            "f.json:1:1: record 1 must be a JSON object {…}"
        );
    }

    #[test]
    fn array_elements_parsed_one_by_one_are_the_whole_arrays_elements() {
        // Elements of every JSON type, brackets, braces, commas and escapes inside strings,
        // nesting, odd whitespace, an empty array.
        let arrays = [
            "[]",
            "[ ]",
            "[{}]",
            "[{\"a\":1},{\"b\":[1,{\"c\":\"]}\"}]}]",
            "[\n  {\"t\": \"x,[y]\\\"}\"} ,\n\t{\"u\": \"\\\\\"}\r\n]",
            "[1, -2.5e3, true, false, null, \"s\", [1, [2]], {\"k\": {}}]",
            "[[{\"x\":1}], \"tail\"  ]",
            "[\"公开\", {\"渠道\": [\"政府网站\", \"两微一端\"]}]",
        ];
        for text in arrays {
            let whole: Vec<Value> = serde_json::from_str(text).unwrap();
            let spans = element_spans(text);
            let one_by_one: Vec<Value> = spans
                .iter()
                .map(|(_, span)| serde_json::from_str(&text[span.clone()]).unwrap())
                .collect();
            assert_eq!(one_by_one, whole, "{text}");
        }
    }
}
