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
        let title = crate::text::trim(title);
        if !title.is_empty() {
            out.push(title);
        }
        rest = next;
    }
    out
}

/// The cited titles that name a law or an administrative regulation, each without a
/// parenthesised note (`（国务院令第711号）`, `（2019年修订）`): a title ending in 法 (but not
/// 办法), 条例 or 规定.
///
/// A heuristic by the title's ending, as 政务公开 offices read a basis: 办法, 细则 and 意见 are
/// mostly departmental rules or normative documents, which cannot set their own disclosure
/// periods; a 规定 may be either, and is counted as a regulation. Whether the law really sets
/// a period is not checked.
///
/// ```
/// use gongkai::formats::law_titles;
/// assert_eq!(
///     law_titles("《中华人民共和国预算法》第十四条；《社会救助暂行办法》；《医疗机构管理条例》（国务院令第149号）"),
///     ["中华人民共和国预算法", "医疗机构管理条例"]
/// );
/// assert_eq!(law_titles("《政府信息公开条例（2019年修订）》"), ["政府信息公开条例"]);
/// ```
pub fn law_titles(text: &str) -> Vec<&str> {
    cited_titles(text)
        .into_iter()
        .map(|t| {
            // Cut at the first parenthesis that does not open the title.
            let cut = t
                .char_indices()
                .skip(1)
                .find(|(_, c)| matches!(c, '（' | '('))
                .map_or(t.len(), |(i, _)| i);
            crate::text::trim(t.get(..cut).unwrap_or(t))
        })
        .filter(|t| {
            (t.ends_with('法') && !t.ends_with("办法"))
                || t.ends_with("条例")
                || t.ends_with("规定")
        })
        .collect()
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
pub fn cited_doc_numbers(text: &str) -> Vec<&str> {
    // Pieces of `text` by byte offsets: no vector of characters, no string per candidate
    // (this runs on the basis of every catalogue entry).
    const STOPS: &[char] = &[
        '《', '》', '（', '）', '(', ')', '、', '，', ',', '；', ';', '：', ':', '。', ' ', '“',
        '”', '"', '\'', '和', '及', '与', '或',
    ];
    let mut out = Vec::new();
    // 号 found by a byte search (`memchr` on its last byte), not by decoding every character
    // of the text: most bases have one or none.
    for (i, c) in text.match_indices('号') {
        let before = text.get(..i).unwrap_or_default();
        let start = before
            .char_indices()
            .rev()
            .take(24)
            .take_while(|(_, p)| !STOPS.contains(p))
            .last()
            .map_or(i, |(j, _)| j);
        let mut candidate = text.get(start..i + c.len()).unwrap_or_default();
        for prefix in ["依据", "根据", "按照", "参照", "详见", "见"] {
            if let Some(rest) = candidate.strip_prefix(prefix) {
                candidate = rest;
            }
        }
        let has_digit = candidate.bytes().any(|b| b.is_ascii_digit());
        let has_mark = candidate.contains(['〔', '[', '［', '【', '令']);
        if has_digit && has_mark {
            out.push(candidate);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn law_titles_judge_the_title_without_its_notes() {
        let cases: [(&str, &[&str]); 7] = [
            (
                "《中华人民共和国土地管理法实施条例》",
                &["中华人民共和国土地管理法实施条例"],
            ),
            ("《政府信息公开信息处理费管理办法》", &[]),
            (
                "《国务院关于行政区划管理的规定》",
                &["国务院关于行政区划管理的规定"],
            ),
            ("《食品安全法(2021年修正)》第一百一十八条", &["食品安全法"]),
            // A parenthesis opening the title is part of it, as in the rule this replaced.
            ("《（试行）某某法》", &["（试行）某某法"]),
            ("《意见》《 预算法 》", &["预算法"]),
            ("无书名号的预算法", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(law_titles(text), want, "{text}");
        }
    }

    /// The implementation this replaced (a vector of characters, a string per candidate), kept
    /// to hold the byte-offset one to the same answers.
    fn cited_doc_numbers_by_chars(text: &str) -> Vec<String> {
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

    #[test]
    fn doc_numbers_by_bytes_agree_with_the_char_version() {
        let pieces = [
            "根据",
            "依据",
            "见",
            "详见",
            "国办发",
            "[2019]",
            "〔2018〕",
            "［2020］",
            "【2021】",
            "54",
            "号",
            "第",
            "国务院令",
            "令",
            "第711号",
            "、",
            "，",
            "；",
            "和",
            "《条例》",
            "（",
            "）",
            " ",
            "\"",
            "'",
            "abc",
            "信政",
            "x",
            "楼",
            "1",
        ];
        let mut seed = 7u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        for _ in 0..20_000 {
            let text: String = (0..next() % 14)
                .map(|_| pieces[next() % pieces.len()])
                .collect();
            assert_eq!(
                cited_doc_numbers(&text),
                cited_doc_numbers_by_chars(&text),
                "{text}"
            );
        }
        // A run longer than 24 characters is cut 24 back, as before.
        let long = format!("{}[2019]1号", "甲".repeat(30));
        assert_eq!(cited_doc_numbers(&long), cited_doc_numbers_by_chars(&long));
    }
}
