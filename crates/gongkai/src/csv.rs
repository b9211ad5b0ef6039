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
//! so a malformed date is reported the same way wherever it came from. What the records leave
//! out is said instead, with its place: a column that matches no field, two columns for one
//! field, values under a column without a name, cells beyond the header (an unquoted comma
//! shifts the rest of its row). An auditor who is not told a column was dropped would take its
//! rows for checked.

use crate::schema::{Field, FieldType, Kind};
use crate::text::Text;
use serde_json::{Map, Value};

/// The records of a CSV file, with the line each starts on.
#[derive(Debug, Clone, PartialEq)]
pub struct CsvRecords {
    /// `(1-based line, record)` for every data row that is not empty.
    pub records: Vec<(usize, Value)>,
    /// What was read but left out or overridden, in file order of the header then the rows.
    pub warnings: Vec<CsvWarning>,
}

/// Something of the file that its records leave out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvWarning {
    /// 1-based line where the cell starts.
    pub line: usize,
    /// 1-based column, in characters, where the cell starts.
    pub column: usize,
    /// What was left out, naming the spreadsheet column (`第3列（C）`).
    pub message: Text,
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
    let warn = |cell: &Cell, zh: String, en: String| CsvWarning {
        line: cell.line,
        column: cell.column,
        message: Text::new(zh, en),
    };
    let columns: Vec<Option<Column>> = header
        .iter()
        .map(|h| column(kind.fields, &h.text))
        .collect();
    for (n, (cell, col)) in header.iter().zip(&columns).enumerate() {
        let name = cell.text.trim();
        let at = Letters(n);
        match col {
            None if !name.is_empty() => warnings.push(warn(
                cell,
                format!("{at}「{name}」不对应{}的任何字段，已忽略", kind.label_zh),
                format!("{at:#} `{name}` matches no field of {}; ignored", kind.name),
            )),
            Some(col) => {
                if let Some((k, first)) = header
                    .iter()
                    .zip(&columns)
                    .enumerate()
                    .find(|(_, (_, c))| c.as_ref().is_some_and(|c| c.path == col.path))
                    .filter(|&(k, _)| k < n)
                    .map(|(k, (first, _))| (Letters(k), first.text.trim()))
                {
                    warnings.push(warn(
                        cell,
                        format!("{at}「{name}」与{k}「{first}」是同一字段：两列都有值时，只检查{at}的值"),
                        format!("{at:#} `{name}` and {k:#} `{first}` are one field: where both have a value, {at:#}'s is checked"),
                    ));
                }
            }
            None => {}
        }
    }
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
    // A cell no column takes is said once per unnamed column, and for the first rows with
    // cells beyond the header; a file shifted throughout would bury the findings otherwise.
    let mut unnamed_said = vec![false; header.len()];
    let mut beyond = 0;
    let mut records = Vec::new();
    for (line, row) in rows {
        if row.iter().all(|c| c.text.trim().is_empty()) {
            continue;
        }
        let mut record = Map::new();
        for (n, cell) in row.iter().enumerate() {
            let text = cell.text.trim();
            if text.is_empty() {
                continue;
            }
            let shown = || excerpt(text);
            let at = Letters(n);
            match (columns.get(n), unnamed_said.get_mut(n)) {
                (Some(Some(column)), _) => {
                    insert(&mut record, &column.path, cell_value(column, text));
                }
                (Some(None), Some(said))
                    if header.get(n).is_some_and(|h| h.text.trim().is_empty()) && !*said =>
                {
                    *said = true;
                    warnings.push(warn(
                        cell,
                        format!("{at}没有列名，其中的值（如「{}」）已忽略", shown()),
                        format!(
                            "{at:#} has no header: its values (such as `{}`) are ignored",
                            shown()
                        ),
                    ));
                }
                (None, _) => {
                    beyond += 1;
                    if beyond <= BEYOND_SAID {
                        warnings.push(warn(
                            cell,
                            format!(
                                "这一行有{}个单元格，多于表头的{}列：{at}起的「{}」等已忽略（单元格中的{}是否没有加引号？）",
                                row.len(),
                                header.len(),
                                shown(),
                                if delimiter == '\t' { "制表符" } else { "逗号" }
                            ),
                            format!(
                                "this row has {} cells, the header {}: `{}` in {at:#} and after is ignored (an unquoted {}?)",
                                row.len(),
                                header.len(),
                                shown(),
                                if delimiter == '\t' { "tab" } else { "comma" }
                            ),
                        ));
                    }
                    break;
                }
                _ => {}
            }
        }
        records.push((line, Value::Object(record)));
    }
    if let (Some(more), Some(first)) = (
        beyond.checked_sub(BEYOND_SAID).filter(|&m| m > 0),
        header.first(),
    ) {
        warnings.push(warn(
            first,
            format!("另有{more}行的单元格多于表头的列数，多出的内容已忽略"),
            format!("{more} more row(s) have cells beyond the header, ignored"),
        ));
    }
    Ok(CsvRecords { records, warnings })
}

/// A cell's first 20 characters, on one line: enough to find it, and a message stays a line.
fn excerpt(text: &str) -> String {
    let mut shown: String = text
        .chars()
        .take(20)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if text.chars().nth(20).is_some() {
        shown.push('…');
    }
    shown
}

/// Rows with cells beyond the header said one by one; the rest are counted in one warning.
const BEYOND_SAID: usize = 20;

/// A spreadsheet column by its 0-based index: `第3列（C）`, or with `{:#}` `column 3 (C)`.
struct Letters(usize);

impl std::fmt::Display for Letters {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut letters = Vec::new();
        let mut n = self.0 + 1;
        while n > 0 {
            n -= 1;
            letters.push(b'A' + (n % 26) as u8);
            n /= 26;
        }
        letters.reverse();
        let letters = String::from_utf8_lossy(&letters);
        if f.alternate() {
            write!(f, "column {} ({letters})", self.0 + 1)
        } else {
            write!(f, "第{}列（{letters}）", self.0 + 1)
        }
    }
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

/// One cell: its text, and the 1-based line and column (in characters) where it starts.
struct Cell {
    text: String,
    line: usize,
    column: usize,
}

/// RFC 4180: quoted fields may hold delimiters, quotes (doubled) and line breaks.
fn parse(text: &str, delimiter: char) -> Result<Vec<(usize, Vec<Cell>)>, CsvError> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let (mut line, mut column, mut row_line) = (1, 1, 1);
    let mut cell = Cell {
        text: String::new(),
        line,
        column,
    };
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        column += 1;
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    cell.text.push('"');
                    chars.next();
                    column += 1;
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    column = 1;
                    cell.text.push('\n');
                }
                _ => cell.text.push(c),
            }
            continue;
        }
        match c {
            '"' if cell.text.trim().is_empty() => {
                cell.text.clear();
                quoted = true;
            }
            '\r' => {}
            '\n' => {
                line += 1;
                column = 1;
            }
            c if c != delimiter => {
                cell.text.push(c);
                continue;
            }
            _ => {}
        }
        if c == delimiter || c == '\n' {
            let next = Cell {
                text: String::new(),
                line,
                column,
            };
            row.push(std::mem::replace(&mut cell, next));
            if c == '\n' {
                rows.push((row_line, std::mem::take(&mut row)));
                row_line = line;
            }
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
    if !cell.text.is_empty() || !row.is_empty() {
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

    /// What the records leave out is said at the cell where it starts, in both languages.
    #[test]
    fn what_is_left_out_is_said_where_it_is() {
        let text =
            "标题,序号,title,\r\n甲,1,乙\r\n\"多\n行\",2,丙,无名,多出,更多\r\n丁,3,戊,无名2\r\n";
        let read = records(kind("document").unwrap(), text).unwrap();
        let said: Vec<(usize, usize, &str)> = read
            .warnings
            .iter()
            .map(|w| (w.line, w.column, w.message.zh.as_str()))
            .collect();
        assert_eq!(
            said,
            [
                (1, 4, "第2列（B）「序号」不对应政府文件的任何字段，已忽略"),
                (
                    1,
                    7,
                    "第3列（C）「title」与第1列（A）「标题」是同一字段：两列都有值时，只检查第3列（C）的值"
                ),
                (4, 8, "第4列（D）没有列名，其中的值（如「无名」）已忽略"),
                (
                    4,
                    11,
                    "这一行有6个单元格，多于表头的4列：第5列（E）起的「多出」等已忽略（单元格中的逗号是否没有加引号？）"
                ),
            ]
        );
        assert!(
            read.warnings[1]
                .message
                .en
                .starts_with("column 3 (C) `title` and column 1 (A)")
        );
        // The later column's value is the one checked, as said; the records are all there.
        assert_eq!(read.records.len(), 3);
        assert_eq!(read.records[0].1["title"], json!("乙"));
        assert_eq!(read.records[1].0, 3);
    }

    /// A file shifted throughout says its first rows and counts the rest.
    #[test]
    fn rows_beyond_the_header_are_counted_after_twenty() {
        let mut text = "标题\n".to_owned();
        for n in 0..25 {
            text.push_str(&format!("第{n}号,多出\n"));
        }
        let read = records(kind("document").unwrap(), &text).unwrap();
        assert_eq!(read.warnings.len(), 21);
        assert_eq!(read.warnings[19].line, 21);
        assert_eq!(
            read.warnings[20].message.zh,
            "另有5行的单元格多于表头的列数，多出的内容已忽略"
        );
        assert_eq!((read.warnings[20].line, read.warnings[20].column), (1, 1));
        // In a TSV file the cells beyond are blamed on a tab, not a comma.
        let tsv = records(
            kind("document").unwrap(),
            "标题\t发布机构\n通知\t某局\t多出\n",
        )
        .unwrap();
        assert!(
            tsv.warnings[0]
                .message
                .zh
                .contains("单元格中的制表符是否没有加引号"),
            "{tsv:?}"
        );
        // A cell's line break (CRLF kept inside quotes) is no line break in a message.
        assert_eq!(excerpt("x\r\ny\tz"), "x  y z");
        assert_eq!(excerpt(&"长".repeat(21)), format!("{}…", "长".repeat(20)));
        assert_eq!(
            format!("{} / {:#}", Letters(27), Letters(701)),
            "第28列（AB） / column 702 (ZZ)"
        );
    }
}
