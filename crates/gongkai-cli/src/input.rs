//! Reading records from files: a JSON object, a JSON array of objects, or JSON Lines.
//!
//! Every record keeps the line it starts on, so every message can send the user to the exact
//! place in the file.

use serde_json::Value;
use std::fmt;
use std::io::Read;
use std::path::Path;

/// One record read from a file.
#[derive(Debug)]
pub struct Record {
    /// 1-based line where the record starts.
    pub line: usize,
    /// 0-based position of the record in the file.
    pub index: usize,
    /// The record.
    pub value: Value,
}

/// Why a file could not be read as records.
#[derive(Debug)]
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
    fn new(file: &str, at: Option<(usize, usize)>, zh: String, en: String) -> Self {
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

/// Reads all records of a file (`-` is standard input).
pub fn read(file: &str) -> Result<Vec<Record>, InputError> {
    let text = if file == "-" {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s).map_err(|e| {
            InputError::new(
                file,
                None,
                format!("无法读取标准输入：{e}"),
                format!("cannot read standard input: {e}"),
            )
        })?;
        s
    } else {
        std::fs::read_to_string(Path::new(file)).map_err(|e| {
            let (zh, en) = match e.kind() {
                std::io::ErrorKind::NotFound => {
                    ("文件不存在".to_owned(), "no such file".to_owned())
                }
                std::io::ErrorKind::InvalidData => (
                    "文件不是 UTF-8 编码的文本".to_owned(),
                    "not UTF-8 text".to_owned(),
                ),
                _ => (format!("无法读取：{e}"), format!("cannot read: {e}")),
            };
            InputError::new(file, None, zh, en)
        })?
    };
    parse(file, &text)
}

/// Parses the text of a file. JSON Lines is recognised by the extension (`.jsonl`,
/// `.ndjson`) or by a document that is not one JSON value but one object per line.
pub fn parse(file: &str, text: &str) -> Result<Vec<Record>, InputError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let jsonl = file.ends_with(".jsonl") || file.ends_with(".ndjson");
    if !jsonl {
        match serde_json::from_str::<Value>(text) {
            Ok(Value::Array(items)) => {
                let lines = element_lines(text);
                return items
                    .into_iter()
                    .enumerate()
                    .map(|(index, value)| {
                        let line = lines.get(index).copied().unwrap_or(1);
                        object(file, line, index, value)
                    })
                    .collect();
            }
            Ok(value) => {
                let line = text
                    .lines()
                    .position(|l| !l.trim().is_empty())
                    .map_or(1, |i| i + 1);
                return Ok(vec![object(file, line, 0, value)?]);
            }
            // More than one value: JSON Lines without the extension.
            Err(e) if e.to_string().starts_with("trailing characters") => {}
            Err(e) => return Err(json_error(file, 0, &e)),
        }
    }
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let value = serde_json::from_str(line).map_err(|e| json_error(file, i, &e))?;
        out.push(object(file, i + 1, out.len(), value)?);
    }
    Ok(out)
}

fn object(file: &str, line: usize, index: usize, value: Value) -> Result<Record, InputError> {
    if value.is_object() {
        Ok(Record { line, index, value })
    } else {
        Err(InputError::new(
            file,
            Some((line, 1)),
            format!("第 {} 条记录应为 JSON 对象 {{…}}", index + 1),
            format!("record {} must be a JSON object {{…}}", index + 1),
        ))
    }
}

fn json_error(file: &str, line_offset: usize, e: &serde_json::Error) -> InputError {
    InputError::new(
        file,
        Some((e.line() + line_offset, e.column())),
        format!("不是有效的 JSON：{e}"),
        format!("invalid JSON: {e}"),
    )
}

/// The 1-based line on which each element of the top-level array starts. A small scanner
/// (strings and escapes aware) because serde_json does not report positions of values.
fn element_lines(text: &str) -> Vec<usize> {
    let mut lines = Vec::new();
    let (mut line, mut depth, mut in_string, mut escaped, mut expect_value) =
        (1, 0usize, false, false, false);
    for c in text.chars() {
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
            lines.push(line);
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
            ']' | '}' => depth = depth.saturating_sub(1),
            ',' if depth == 1 => expect_value = true,
            _ => {}
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn array_elements_keep_their_lines() {
        let text = "[\n  {\"a\": \"x,[y]\\\"\"},\n\n  {\"b\": [1, {\"c\": 2}]},\n  {}\n]";
        let recs = parse("f.json", text).unwrap();
        assert_eq!(recs.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 4, 5]);
    }

    #[test]
    fn jsonl_by_content_and_errors_name_the_line() {
        let recs = parse("f.json", "{\"a\":1}\n\n{\"a\":2}\n").unwrap();
        assert_eq!(
            recs.iter().map(|r| (r.line, r.index)).collect::<Vec<_>>(),
            [(1, 0), (3, 1)]
        );
        let err = parse("f.jsonl", "{\"a\":1}\n{\"a\":}\n").unwrap_err();
        assert_eq!(err.at.map(|a| a.0), Some(2));
        assert!(err.render(true).starts_with("f.jsonl:2:"));
    }

    #[test]
    fn non_objects_are_rejected() {
        let err = parse("f.json", "[{}, 3]").unwrap_err();
        assert_eq!(
            err.render(true),
            "f.json:1:1: 第 2 条记录应为 JSON 对象 {…}"
        );
    }
}
