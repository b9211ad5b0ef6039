//! Compaction of rule sources for the wasm build (shared by `build.rs` and the crate's tests).

/// The source without comments (newlines kept, so lines do not move), without the `note` of
/// `const RULE` (documentation for people, read from the full sources next to the package)
/// and with `const EXAMPLES = [ … ];` emptied. A small lexer aware of rhai's string, character and
/// backtick literals, so `//` inside a string is not taken for a comment.
pub fn compact_source(src: &str) -> String {
    let chars: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    let mut depth = 0i32;
    let mut in_rule = false;
    while let Some(&c) = chars.get(i) {
        let next = chars.get(i + 1).copied();
        match c {
            '/' if next == Some('/') => {
                while chars.get(i).is_some_and(|&c| c != '\n') {
                    i += 1;
                }
                continue;
            }
            '/' if next == Some('*') => {
                let mut nest = 0;
                while let Some(&c) = chars.get(i) {
                    match (c, chars.get(i + 1).copied()) {
                        ('/', Some('*')) => {
                            nest += 1;
                            i += 2;
                        }
                        ('*', Some('/')) => {
                            nest -= 1;
                            i += 2;
                            if nest == 0 {
                                break;
                            }
                        }
                        ('\n', _) => {
                            out.push('\n');
                            i += 1;
                        }
                        _ => i += 1,
                    }
                }
                continue;
            }
            '"' | '`' | '\'' => {
                let end = literal_end(&chars, i);
                out.extend(chars.get(i..end).unwrap_or_default());
                i = end;
                continue;
            }
            '{' | '[' | '(' => depth += 1,
            '}' | ']' | ')' => depth -= 1,
            'c' if depth == 0 && starts_with(&chars, i, "const RULE") => in_rule = true,
            ';' if depth == 0 => in_rule = false,
            'n' if in_rule && depth == 1 && is_key(&chars, i, "note") => {
                i = skip_entry(&chars, i, &mut out);
                continue;
            }
            'c' if depth == 0 && starts_with(&chars, i, "const EXAMPLES") => {
                out.push_str("const EXAMPLES = [];");
                i = skip_examples(&chars, i);
                continue;
            }
            _ => {}
        }
        out.push(c);
        i += 1;
    }
    out
}

fn starts_with(chars: &[char], at: usize, word: &str) -> bool {
    word.chars()
        .enumerate()
        .all(|(k, w)| chars.get(at + k) == Some(&w))
}

/// The index just past the string, character or backtick literal whose opening quote is at
/// `at` (a backslash escapes the next character), or the end of the text if it is unclosed.
fn literal_end(chars: &[char], at: usize) -> usize {
    let quote = chars.get(at).copied();
    let mut i = at + 1;
    while let Some(&c) = chars.get(i) {
        i += 1;
        if c == '\\' {
            i += 1;
        } else if Some(c) == quote {
            break;
        }
    }
    i.min(chars.len())
}

/// Whether the map key `key` (followed by `:`) starts at `at`, as a whole word.
fn is_key(chars: &[char], at: usize, key: &str) -> bool {
    let before = at.checked_sub(1).and_then(|b| chars.get(b));
    if before.is_some_and(|&c| c.is_alphanumeric() || c == '_') || !starts_with(chars, at, key) {
        return false;
    }
    let mut i = at + key.chars().count();
    while chars.get(i).is_some_and(|c| c.is_whitespace()) {
        i += 1;
    }
    chars.get(i) == Some(&':')
}

/// Skips the map entry starting at `at` and its trailing comma: returns the index of the next
/// entry or of the map's closing `}`. Only the newlines of the skipped text go to `out`.
fn skip_entry(chars: &[char], at: usize, out: &mut String) -> usize {
    let mut i = at;
    let mut depth = 0;
    while let Some(&c) = chars.get(i) {
        match c {
            '"' | '`' | '\'' => {
                let end = literal_end(chars, i);
                let text = chars.get(i..end).unwrap_or_default();
                out.extend(text.iter().filter(|&&c| c == '\n'));
                i = end;
                continue;
            }
            '\n' => out.push('\n'),
            '[' | '{' | '(' => depth += 1,
            ')' | ']' => depth -= 1,
            '}' if depth == 0 => return i,
            '}' => depth -= 1,
            ',' if depth == 0 => return i + 1,
            _ => {}
        }
        i += 1;
    }
    i
}

/// The index just past the `;` that ends the `const EXAMPLES = [ … ];` starting at `at`,
/// keeping the newlines of the skipped text out of the count (they follow the last line).
fn skip_examples(chars: &[char], at: usize) -> usize {
    let mut i = at;
    let mut depth = 0;
    let mut started = false;
    while let Some(&c) = chars.get(i) {
        match c {
            '"' | '`' | '\'' => {
                i = literal_end(chars, i);
                continue;
            }
            '[' | '{' | '(' => {
                depth += 1;
                started = true;
            }
            ']' | '}' | ')' => depth -= 1,
            ';' if started && depth == 0 => return i + 1,
            _ => {}
        }
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::compact_source;

    #[test]
    fn strips_comments_and_examples_but_keeps_lines_and_strings() {
        let src = "// 标题\nconst RULE = #{ a: \"http://x\", b: `y // z` }; /* block\n */\nfn check(r) { r.x } // tail\nconst EXAMPLES = [\n  #{ record: #{ t: \"];\" }, expect: [] },\n];\n";
        let out = compact_source(src);
        assert_eq!(
            out,
            "\nconst RULE = #{ a: \"http://x\", b: `y // z` }; \n\nfn check(r) { r.x } \nconst EXAMPLES = [];\n"
        );
        assert_eq!(
            out.lines().count(),
            src.lines().count() - 2,
            "lines before EXAMPLES keep their numbers"
        );
    }

    #[test]
    fn drops_the_note_of_rule_only() {
        let src = "const RULE = #{ id: \"X\",\n  note: #{ zh: \"甲, }\", en: `b\nc` },\n  basis: \"B\" };\nfn check(r) { #{ note: 1 } }\n";
        let out = compact_source(src);
        assert_eq!(
            out,
            "const RULE = #{ id: \"X\",\n  \n\n  basis: \"B\" };\nfn check(r) { #{ note: 1 } }\n"
        );
        let last = "const RULE = #{ id: \"X\", note: \"n\" };";
        assert_eq!(compact_source(last), "const RULE = #{ id: \"X\", };");
    }

    /// Every standard rule, compacted, compiles to the same metadata (the note aside) and
    /// keeps its check on the same lines.
    #[test]
    fn standard_rules_compact_to_the_same_rules() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../rules");
        let mut seen = 0;
        for kind in std::fs::read_dir(dir).unwrap().flatten() {
            for file in std::fs::read_dir(kind.path())
                .into_iter()
                .flatten()
                .flatten()
            {
                let path = file.path();
                if path.extension().is_none_or(|e| e != "rhai") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                let compact = compact_source(&text);
                let meta = |src: &str| {
                    let mut engine = crate::Engine::with_options(&crate::EngineOptions {
                        standard_rules: false,
                        ..Default::default()
                    });
                    engine.add_source("x.rhai", src).unwrap();
                    engine.rules().remove(0)
                };
                let full = meta(&text);
                assert!(!compact.contains("note:"), "{}", path.display());
                assert_eq!(meta(&compact).note, None);
                let mut expected = full.clone();
                expected.note = None;
                assert_eq!(meta(&compact), expected, "{}", path.display());
                let check_line = |src: &str| src.lines().position(|l| l.starts_with("fn check"));
                assert_eq!(
                    check_line(&compact),
                    check_line(&text),
                    "{}",
                    path.display()
                );
                seen += 1;
            }
        }
        assert!(seen > 70, "only {seen} rules found");
    }
}
