//! Compaction of rule sources for the wasm build (shared by `build.rs` and the crate's tests).

/// The source without comments (newlines kept, so lines do not move) and with
/// `const EXAMPLES = [ … ];` emptied. A small lexer aware of rhai's string, character and
/// backtick literals, so `//` inside a string is not taken for a comment.
pub fn compact_source(src: &str) -> String {
    let chars: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    let mut depth = 0i32;
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
                let quote = c;
                out.push(c);
                i += 1;
                while let Some(&c) = chars.get(i) {
                    out.push(c);
                    i += 1;
                    if c == '\\' {
                        if let Some(&e) = chars.get(i) {
                            out.push(e);
                            i += 1;
                        }
                    } else if c == quote {
                        break;
                    }
                }
                continue;
            }
            '{' | '[' | '(' => depth += 1,
            '}' | ']' | ')' => depth -= 1,
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

/// The index just past the `;` that ends the `const EXAMPLES = [ … ];` starting at `at`,
/// keeping the newlines of the skipped text out of the count (they follow the last line).
fn skip_examples(chars: &[char], at: usize) -> usize {
    let mut i = at;
    let mut depth = 0;
    let mut started = false;
    while let Some(&c) = chars.get(i) {
        match c {
            '"' | '`' | '\'' => {
                let quote = c;
                i += 1;
                while let Some(&c) = chars.get(i) {
                    i += 1;
                    if c == '\\' {
                        i += 1;
                    } else if c == quote {
                        break;
                    }
                }
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
}
