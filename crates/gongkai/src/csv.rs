//! Records from CSV: catalogue and document registers exported from spreadsheets.
//!
//! Offices keep catalogues in Excel, with Chinese column headers (`一级事项`, `公开内容（要素）`,
//! `公开渠道和载体` …). Headers are matched to fields through the schema, by field name, Chinese
//! label or English label, ignoring case, spaces and parenthesised notes, so a header written
//! `公开内容` or `公开内容(要素)` finds `content`. Nested fields are `parent.child` (or the nested
//! field's label). Checkbox columns (lists) are split on the separators people type
//! (`、，,；;／/|` and line breaks); yes/no columns accept 是/否, √/×, true/false, 1/0.
//!
//! Values are not validated here: the records go through the same schema normalisation as JSON,
//! so a malformed date is reported the same way wherever it came from.

use crate::schema::{Field, FieldType, Kind};
use crate::text::Text;
use serde_json::{Map, Value};

/// The records of a CSV file, with the line each starts on.
#[derive(Debug, Clone, PartialEq)]
pub struct CsvRecords {
    /// `(1-based line, record)` for every data row that is not empty.
    pub records: Vec<(usize, Value)>,
    /// Columns that matched no field (ignored), as warnings.
    pub warnings: Vec<Text>,
}

/// Why a CSV file could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvError {
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: Text,
}

/// One column: the path it fills and how to read its cells.
struct Column {
    path: Vec<&'static str>,
    ty: FieldType,
    options: &'static [&'static str],
}

/// Reads the records of `kind` from CSV text (comma- or tab-separated, optional UTF-8 BOM).
///
/// ```
/// use gongkai::{csv, schema};
/// let kind = schema::kind("catalogue_entry").unwrap();
/// let text = "一级事项,公开内容（要素）,公开渠道和载体\n机构职能,机构设置,政府网站、政务服务中心\n";
/// let read = csv::records(kind, text).unwrap();
/// assert_eq!(read.records[0].1["channels"], serde_json::json!(["政府网站", "政务服务中心"]));
/// ```
pub fn records(kind: &Kind, text: &str) -> Result<CsvRecords, CsvError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let delimiter = detect_delimiter(text);
    let rows = parse(text, delimiter)?;
    let mut rows = rows.into_iter();
    let Some((_, header)) = rows.next() else {
        return Err(CsvError {
            line: 1,
            message: Text::new(
                "CSV 文件为空（缺少表头行）",
                "the CSV file is empty (no header row)",
            ),
        });
    };
    let mut warnings = Vec::new();
    let columns: Vec<Option<Column>> = header
        .iter()
        .map(|h| {
            let column = column(kind.fields, h);
            if column.is_none() && !h.trim().is_empty() {
                warnings.push(Text::new(
                    format!(
                        "列「{}」不对应{}的任何字段，已忽略",
                        h.trim(),
                        kind.label_zh
                    ),
                    format!(
                        "column `{}` matches no field of {}; ignored",
                        h.trim(),
                        kind.name
                    ),
                ));
            }
            column
        })
        .collect();
    if columns.iter().all(Option::is_none) {
        return Err(CsvError {
            line: 1,
            message: Text::new(
                format!(
                    "表头中没有{}的字段（应为字段名或中文名称，如「{}」）",
                    kind.label_zh,
                    kind.fields.first().map_or("", |f| f.label_zh)
                ),
                format!(
                    "no header names a field of {} (use field names or labels such as `{}`)",
                    kind.name,
                    kind.fields.first().map_or("", |f| f.label_en)
                ),
            ),
        });
    }
    let mut records = Vec::new();
    for (line, row) in rows {
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let mut record = Map::new();
        for (cell, column) in row.iter().zip(&columns) {
            let (Some(column), false) = (column, cell.trim().is_empty()) else {
                continue;
            };
            insert(&mut record, &column.path, cell_value(column, cell));
        }
        records.push((line, Value::Object(record)));
    }
    Ok(CsvRecords { records, warnings })
}

/// `公开内容（要素）` → `公开内容`; lower case, no spaces. Case folding is ASCII only: the
/// headers with letters are the English field names and labels, and full Unicode case tables
/// would cost 6 KB of the WebAssembly module.
fn normalise(header: &str) -> String {
    let mut out = String::with_capacity(header.len());
    let mut depth = 0;
    for c in header.trim().chars() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth -= 1,
            _ if depth > 0 || c.is_whitespace() || c == '*' => {}
            _ => out.push(c.to_ascii_lowercase()),
        }
    }
    out
}

fn column(fields: &'static [Field], header: &str) -> Option<Column> {
    let wanted = normalise(header);
    if wanted.is_empty() {
        return None;
    }
    let matches = |f: &Field| {
        [f.name, f.label_zh, f.label_en]
            .iter()
            .any(|n| normalise(n) == wanted)
    };
    for f in fields {
        if matches(f) && !matches!(f.ty, FieldType::Object { .. } | FieldType::List { .. }) {
            return Some(Column {
                path: vec![f.name],
                ty: f.ty,
                options: f.options,
            });
        }
        if let FieldType::Object { fields: inner } = f.ty {
            // `interpretation.publish_date`, or the nested field's own label.
            let dotted = wanted.strip_prefix(&format!("{}.", f.name));
            if let Some(sub) = inner
                .iter()
                .find(|s| dotted.is_some_and(|d| normalise(s.name) == d) || matches(s))
            {
                return Some(Column {
                    path: vec![f.name, sub.name],
                    ty: sub.ty,
                    options: sub.options,
                });
            }
        }
    }
    None
}

fn cell_value(column: &Column, cell: &str) -> Value {
    let cell = cell.trim();
    match column.ty {
        FieldType::TextList => {
            // A slash separates values too, except inside standard options that contain one
            // (`社区/企事业单位/村公示栏（电子屏）`, `发布会/听证会`, `入户/现场`).
            let mut values = Vec::new();
            for part in cell
                .split(['、', '，', ',', '；', ';', '|', '\n'])
                .map(str::trim)
            {
                if column.options.contains(&part) {
                    values.push(part);
                } else {
                    values.extend(part.split(['/', '／']).map(str::trim));
                }
            }
            Value::Array(
                values
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .map(|s| Value::String(s.to_owned()))
                    .collect(),
            )
        }
        FieldType::Bool => match cell.to_ascii_lowercase().as_str() {
            "是" | "√" | "✓" | "true" | "1" | "yes" | "y" => Value::Bool(true),
            "否" | "×" | "✗" | "false" | "0" | "no" | "n" => Value::Bool(false),
            _ => Value::String(cell.to_owned()),
        },
        FieldType::Int => cell
            .parse::<i64>()
            .map_or_else(|_| Value::String(cell.to_owned()), Value::from),
        _ => Value::String(cell.to_owned()),
    }
}

fn insert(record: &mut Map<String, Value>, path: &[&'static str], value: Value) {
    match path {
        [name] => {
            record.insert((*name).to_owned(), value);
        }
        [parent, child] => {
            let entry = record
                .entry((*parent).to_owned())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(inner) = entry {
                inner.insert((*child).to_owned(), value);
            }
        }
        _ => {}
    }
}

/// Tab when the header line has tabs and no commas (a spreadsheet's "text, tab-separated").
fn detect_delimiter(text: &str) -> char {
    let header = text.lines().next().unwrap_or_default();
    if header.contains('\t') && !header.contains(',') {
        '\t'
    } else {
        ','
    }
}

/// RFC 4180: quoted fields may hold delimiters, quotes (doubled) and line breaks.
fn parse(text: &str, delimiter: char) -> Result<Vec<(usize, Vec<String>)>, CsvError> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let (mut line, mut row_line) = (1, 1);
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    cell.push('"');
                    chars.next();
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    cell.push('\n');
                }
                _ => cell.push(c),
            }
            continue;
        }
        match c {
            '"' if cell.trim().is_empty() => {
                cell.clear();
                quoted = true;
            }
            c if c == delimiter => row.push(std::mem::take(&mut cell)),
            '\r' => {}
            '\n' => {
                row.push(std::mem::take(&mut cell));
                rows.push((row_line, std::mem::take(&mut row)));
                line += 1;
                row_line = line;
            }
            _ => cell.push(c),
        }
    }
    if quoted {
        return Err(CsvError {
            line: row_line,
            message: Text::new(
                "引号没有闭合：该行的某个单元格以 \" 开头但没有结束的 \"",
                "unterminated quoted cell",
            ),
        });
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push((row_line, row));
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::kind;
    use serde_json::json;

    #[test]
    fn maps_chinese_headers_lists_and_nested_fields() {
        let text = "\u{feff}序号,标题,发文字号,公开属性,需要解读,解读发布日期,interpretation.unit\r\n1,\"关于印发\"\"方案\"\"的通知\",信政办〔2018〕88号,主动公开,是,2018-10-08,市政府办\r\n\r\n2,\"多行\n标题\",,依申请公开,否,,\r\n";
        let read = records(kind("document").unwrap(), text).unwrap();
        assert_eq!(read.warnings.len(), 1, "序号 is not a field");
        assert_eq!(read.records.len(), 2);
        let (line, first) = &read.records[0];
        assert_eq!(*line, 2);
        assert_eq!(first["title"], json!("关于印发\"方案\"的通知"));
        assert_eq!(first["requires_interpretation"], json!(true));
        assert_eq!(
            first["interpretation"],
            json!({"publish_date": "2018-10-08", "unit": "市政府办"})
        );
        let (line, second) = &read.records[1];
        assert_eq!(*line, 4);
        assert_eq!(second["title"], json!("多行\n标题"));
        assert!(second.get("doc_number").is_none());
    }

    #[test]
    fn catalogue_columns_and_separators() {
        let text = "一级事项\t公开内容(要素)\t公开对象\t公开层级\n机构职能\t机构设置\t全社会\t市级；县级\n";
        let read = records(kind("catalogue_entry").unwrap(), text).unwrap();
        assert_eq!(
            read.records[0].1,
            json!({"category": "机构职能", "content": "机构设置", "audience": ["全社会"], "levels": ["市级", "县级"]})
        );
    }

    #[test]
    fn errors() {
        assert_eq!(records(kind("document").unwrap(), "").unwrap_err().line, 1);
        assert!(
            records(kind("document").unwrap(), "甲,乙\n1,2\n")
                .unwrap_err()
                .message
                .zh
                .contains("表头中没有政府文件的字段")
        );
        let err = records(kind("document").unwrap(), "标题\n\"没有结束\n").unwrap_err();
        assert_eq!(err.line, 2);
    }
}
