//! What a 公开依据 text cites: titles in 《》 and things that look like document numbers.
//!
//! Rules that judge a basis (does it cite a source? a special law? a malformed number?) need
//! these pieces; finding them character by character in rhai costs tens of microseconds per
//! record, here it costs well under one.

/// The titles inside 《…》, trimmed, in order (empty titles skipped; an unclosed 《 ends the scan).
///
/// ```
/// use gongkai::formats::cited_titles;
/// assert_eq!(cited_titles("依据《中华人民共和国政府信息公开条例》第二十条和《 社会救助暂行办法 》"),
///            ["中华人民共和国政府信息公开条例", "社会救助暂行办法"]);
/// ```
pub fn cited_titles(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some((_, after)) = rest.split_once('《') {
        let Some((title, next)) = after.split_once('》') else {
            break;
        };
        let title = title.trim();
        if !title.is_empty() {
            out.push(title);
        }
        rest = next;
    }
    out
}

/// Candidate document numbers: runs ending in 号, at most 24 characters back to a delimiter,
/// holding a digit and a year bracket (of any shape) or 令, with a leading 依据/根据/按照/参照/详见/见
/// removed. They are candidates: `parse_doc_number` says whether each is well-formed.
///
/// ```
/// use gongkai::formats::cited_doc_numbers;
/// assert_eq!(cited_doc_numbers("根据国办发[2019]54号和《条例》（国务院令第711号）"), ["国办发[2019]54号", "国务院令第711号"]);
/// assert!(cited_doc_numbers("第3号楼").is_empty());
/// ```
pub fn cited_doc_numbers(text: &str) -> Vec<String> {
    const STOPS: &str = "《》（）()、，,；;：:。 “”\"'和及与或";
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        if c != '号' {
            continue;
        }
        let mut j = i;
        while j > 0 && chars.get(j - 1).is_some_and(|p| !STOPS.contains(*p)) && i - j < 24 {
            j -= 1;
        }
        let mut candidate: String = chars.get(j..=i).unwrap_or_default().iter().collect();
        for prefix in ["依据", "根据", "按照", "参照", "详见", "见"] {
            if let Some(rest) = candidate.strip_prefix(prefix) {
                candidate = rest.to_owned();
            }
        }
        let has_digit = candidate.chars().any(|c| c.is_ascii_digit());
        let has_mark = ['〔', '[', '［', '【', '令']
            .iter()
            .any(|m| candidate.contains(*m));
        if has_digit && has_mark {
            out.push(candidate);
        }
    }
    out
}
