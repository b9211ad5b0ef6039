use super::*;

/// serde_json's reading of `text`, the reference this reader must agree with.
fn reference(text: &str) -> Result<Value, serde_json::Error> {
    serde_json::from_str(text)
}

fn agrees(text: &str) {
    match (parse(text), reference(text)) {
        (Ok(ours), Ok(theirs)) => assert_eq!(ours, theirs, "{text:?}"),
        (Err(_), Err(_)) => {}
        (ours, theirs) => panic!("{text:?}: ours {ours:?}, serde_json {theirs:?}"),
    }
}

#[test]
fn reads_what_serde_json_reads() {
    for text in [
        "null",
        " true ",
        "false",
        "0",
        "-0",
        "7",
        "-7",
        "18446744073709551615",
        "18446744073709551616",
        "-9223372036854775808",
        "-9223372036854775809",
        "1.5",
        "-0.25",
        "1e5",
        "1E+2",
        "2.5e-3",
        "123456789.125",
        r#""""#,
        r#""a\"b\\c\/d\b\f\n\r\t""#,
        r#""\u0041\u4e2d\u00e9""#,
        r#""\ud83d\ude00 😀 政务公开""#,
        "[]",
        "[ ]",
        "[1,[2,[3,[]]]]",
        "{}",
        r#"{"a":1,"a":2}"#,
        r#"{"title": "关于印发《信阳市2018年政务公开工作要点》的通知", "channels": ["网站", "公报"], "n": {"x": [true, null]}}"#,
        "\t\r\n[\n1 ,\n2\n]\n",
    ] {
        agrees(text);
    }
}

#[test]
fn refuses_what_serde_json_refuses() {
    for text in [
        "",
        " ",
        "nul",
        "tru",
        "True",
        "[1,]",
        "[1 2]",
        "{\"a\" 1}",
        "{\"a\":1,}",
        "{a:1}",
        "{1:1}",
        "01",
        "-",
        "1.",
        ".5",
        "1e",
        "1e+",
        "+1",
        "0x10",
        "\"abc",
        "\"\\x\"",
        "\"\\u12\"",
        "\"a\u{1}b\"",
        "[1]]",
        "{} {}",
        "1e400",
        "-1e400",
        "[",
        "{\"a\":",
        "NaN",
        "Infinity",
    ] {
        assert!(parse(text).is_err(), "accepted {text:?}");
        assert!(reference(text).is_err(), "serde_json accepts {text:?}");
    }
}

/// A small deterministic generator of JSON documents, so the agreement is tested beyond the
/// hand-picked cases.
struct Gen(crate::testing::Lcg);

impl Gen {
    fn next(&mut self, n: u64) -> u64 {
        self.0.next(n)
    }

    fn string(&mut self, out: &mut String) {
        const PIECES: &[&str] = &[
            "a",
            "政",
            "务",
            "😀",
            "\\n",
            "\\\"",
            "\\\\",
            "\\u00e9",
            "\\ud83d\\ude00",
            " ",
            "号",
            "1",
        ];
        out.push('"');
        for _ in 0..self.next(6) {
            out.push_str(PIECES[self.next(PIECES.len() as u64) as usize]);
        }
        out.push('"');
    }

    fn value(&mut self, out: &mut String, depth: u32) {
        let space = |g: &mut Gen, out: &mut String| {
            if g.next(4) == 0 {
                out.push_str([" ", "\n", "\t", "\r\n "][g.next(4) as usize]);
            }
        };
        space(self, out);
        match self.next(if depth > 4 { 6 } else { 8 }) {
            0 => out.push_str("null"),
            1 => out.push_str(if self.next(2) == 0 { "true" } else { "false" }),
            2 => {
                let n = self.next(1 << 40) as i64 - (1 << 39);
                out.push_str(&n.to_string());
            }
            3 => {
                let whole = self.next(100_000);
                let frac = self.next(1000);
                out.push_str(&format!("{whole}.{frac:03}"));
                if self.next(3) == 0 {
                    out.push_str(&format!("e{}", self.next(20) as i64 - 10));
                }
            }
            4 | 5 => self.string(out),
            6 => {
                out.push('[');
                for i in 0..self.next(4) {
                    if i > 0 {
                        out.push(',');
                    }
                    self.value(out, depth + 1);
                }
                out.push(']');
            }
            _ => {
                out.push('{');
                for i in 0..self.next(4) {
                    if i > 0 {
                        out.push(',');
                    }
                    space(self, out);
                    self.string(out);
                    space(self, out);
                    out.push(':');
                    self.value(out, depth + 1);
                }
                out.push('}');
            }
        }
        space(self, out);
    }
}

#[test]
fn agrees_on_generated_documents() {
    let mut g = Gen(crate::testing::Lcg(20_181_008));
    for _ in 0..3000 {
        let mut text = String::new();
        g.value(&mut text, 0);
        let ours = parse(&text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        let theirs = reference(&text).unwrap();
        // Fractions may differ in the last place (documented); compare those approximately.
        assert!(
            same(&ours, &theirs),
            "{text:?}\nours {ours}\nserde_json {theirs}"
        );
    }
}

fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) if x.is_f64() || y.is_f64() => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            x == y || ((x - y) / y).abs() < 1e-15
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|((k, a), (l, b))| k == l && same(a, b))
        }
        _ => a == b,
    }
}

#[test]
fn reads_the_example_records() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples");
    let mut read = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            agrees(&std::fs::read_to_string(&path).unwrap());
            read += 1;
        }
    }
    assert!(read > 0, "no example records in {dir}");
}

#[test]
fn numbers_keep_serde_json_representation() {
    assert!(parse("7").unwrap().is_u64());
    assert!(parse("-7").unwrap().is_i64());
    assert!(parse("-0").unwrap().is_f64());
    assert!(parse("18446744073709551616").unwrap().is_f64());
    assert_eq!(parse("-9223372036854775808").unwrap(), i64::MIN);
    assert_eq!(parse("0.1").unwrap(), 0.1);
    assert_eq!(parse("2.5e-3").unwrap(), 0.0025);
    assert_eq!(parse("1e-400").unwrap(), 0.0);
}

#[test]
fn a_lone_surrogate_becomes_a_replacement_character() {
    // `JSON.stringify("\ud800x")` in a browser gives exactly this text.
    assert_eq!(parse(r#""\ud800x""#).unwrap(), "\u{FFFD}x");
    assert_eq!(parse(r#""\udc00""#).unwrap(), "\u{FFFD}");
    assert_eq!(parse(r#""\ud800\u0041""#).unwrap(), "\u{FFFD}A");
}

#[test]
fn errors_say_where_and_what() {
    let e = parse("{\n  \"标题\": 通知\n}").unwrap_err();
    assert_eq!((e.line, e.column), (2, 9));
    assert_eq!(e.problem.en, "unexpected `通`");
    assert_eq!(e.message(crate::Lang::Zh), "第2行第9列：此处不应出现「通」");
    assert_eq!(e.to_string(), "line 2, column 9: unexpected `通`");
    let e = parse("[1, 2").unwrap_err();
    assert_eq!(
        (e.line, e.column, e.problem.en.as_str()),
        (1, 6, "unexpected end of input")
    );
    let e = parse("{\"n\": 1e999}").unwrap_err();
    assert_eq!(
        (e.column, e.problem.en.as_str()),
        (7, "number out of range")
    );
    let e = parse("\"a\tb\"").unwrap_err();
    assert_eq!(e.problem.en, "unescaped control character in a string");
    assert_eq!(
        parse("1 2").unwrap_err().problem.en,
        "trailing characters after the value"
    );
}

#[test]
fn nesting_is_bounded() {
    let ok = format!("{}{}", "[".repeat(128), "]".repeat(128));
    assert!(parse(&ok).is_ok());
    let deep = format!("{}{}", "[".repeat(129), "]".repeat(129));
    let e = parse(&deep).unwrap_err();
    assert_eq!(
        (e.column, e.problem.en.as_str()),
        (129, "nested more than 128 levels deep")
    );
    // Far deeper input fails the same way instead of overflowing the stack.
    assert!(parse(&"[{\"a\":".repeat(100_000)).is_err());
}

#[test]
fn members_name_the_path_in_every_error() {
    let v = parse(r#"{"limits": {"max_operations": -1, "typo": 1}, "lang": "en", "gone": null}"#)
        .unwrap();
    let err = Members::of(&v, "", &["limits", "lang"]).err().unwrap();
    assert_eq!(err.en, "unknown member `gone` (known: limits, lang)");
    assert_eq!(err.zh, "不认识的项「gone」（可用：limits、lang）");
    let top = Members::of(&v, "", &["limits", "lang", "gone"]).unwrap();
    assert_eq!(top.get("gone"), None, "null counts as absent");
    assert_eq!(top.text("lang").unwrap(), Some("en"));
    assert_eq!(
        top.bool("lang").unwrap_err().en,
        "`lang` must be true or false"
    );
    assert_eq!(top.missing("today").zh, "缺少「today」");
    let path = top.path("limits");
    let err = Members::of(&v["limits"], &path, &["max_operations"])
        .err()
        .unwrap();
    assert_eq!(
        err.en,
        "unknown member `typo` in `limits` (known: max_operations)"
    );
    let limits = Members::of(&v["limits"], &path, &["max_operations", "typo"]).unwrap();
    assert_eq!(
        limits.count("max_operations").unwrap_err().zh,
        "「limits.max_operations」应为非负整数"
    );
    assert_eq!(
        Members::of(&v["lang"], "lang", &[]).err().unwrap().en,
        "`lang` must be a JSON object"
    );
    let list = parse(r#"{"a": ["x", "y"], "b": ["x", 1]}"#).unwrap();
    let m = Members::of(&list, "", &["a", "b"]).unwrap();
    assert_eq!(
        m.texts("a").unwrap(),
        Some(vec!["x".to_owned(), "y".to_owned()])
    );
    assert_eq!(
        m.texts("b").unwrap_err().en,
        "`b` must be an array of strings"
    );
}

#[test]
fn decimals_read_as_json_writes_them() {
    for n in [
        i64::MIN,
        i64::MIN + 1,
        -100,
        -9,
        -1,
        0,
        1,
        9,
        10,
        40_000,
        i64::MAX,
    ] {
        assert_eq!(decimal(n, &mut [0; 20]), serde_json::to_string(&n).unwrap());
    }
}
