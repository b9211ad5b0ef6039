//! The `gongkai` command as a user runs it: outputs, exit codes, and messages on bad input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn gongkai(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn temp(name: &str, text: impl AsRef<[u8]>) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("gongkai-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// `gongkai check --kind KIND --format json FILE`: its exit code and its JSON document.
fn check_json(kind: &str, path: &Path) -> (Option<i32>, serde_json::Value) {
    let o = gongkai(&[
        "check",
        "--kind",
        kind,
        "--format",
        "json",
        path.to_str().unwrap(),
    ]);
    let doc = serde_json::from_str(&stdout(&o)).unwrap();
    (o.status.code(), doc)
}

/// [`check_json`] of publication records.
fn check_publications(path: &Path) -> (Option<i32>, serde_json::Value) {
    check_json("publication", path)
}

/// The `i`-th of many publication records as JSON; those with a mobile number in the body get a
/// PUB-001 finding.
fn publication(i: usize, with_mobile: bool) -> String {
    let body = if with_mobile {
        format!("联系电话 1381234{i:04}")
    } else {
        "无".to_owned()
    };
    format!(r#"{{"title":"第{i}号公示","body":"{body}","category":"其他"}}"#)
}

#[test]
fn eval_prints_json() {
    let o = gongkai(&["eval", r#"add_workdays("2018-09-28", 3)"#]);
    assert_eq!(stdout(&o), "\"2018-10-08\"\n");
    assert!(o.status.success());
    let o = gongkai(&[
        "eval",
        "--today",
        "2019-01-02",
        r#"#{ d: today(), n: workdays_between("2018-12-28", today()) }"#,
    ]);
    // 2018-12-29 (a Saturday) was an adjusted working day; 12-30 to 2019-01-01 were off.
    assert_eq!(stdout(&o).trim(), r#"{"d":"2019-01-02","n":2}"#);
}

#[test]
fn hostile_eval_ends_fast_with_an_error() {
    for (expr, words) in [
        ("loop { }", "运算次数上限"),
        ("fn f(n) { f(n + 1) } f(0)", "调用层数"),
        (r#"let s = "ab"; loop { s += s; }"#, "数据超过上限"),
        (r#"eval("1 + 1")"#, "eval"),
    ] {
        let start = Instant::now();
        let o = gongkai(&["eval", expr]);
        assert!(
            start.elapsed() < Duration::from_secs(1),
            "{expr}: {:?}",
            start.elapsed()
        );
        assert_eq!(o.status.code(), Some(1), "{expr}");
        assert!(stderr(&o).contains(words), "{expr}: {}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"), "{expr}");
    }
}

/// In `--format json` a finding's `line` is the record's; a rule that failed keeps where in its
/// own source as `rule_line` and `rule_column`.
#[test]
fn a_failed_rule_keeps_its_own_line_apart_from_the_record_line() {
    let dir = std::env::temp_dir().join(format!("gongkai-cli-failing-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("ZZZ-001-fails.rhai"),
        concat!(
            "const RULE = #{ id: \"ZZZ-001\", title: #{ zh: \"失败\", en: \"Fails\" },\n",
            "    severity: \"error\", kinds: [\"publication\"], fields: [\"title\"],\n",
            "    basis: \"测试\", message: #{ zh: \"无\", en: \"none\" } };\n",
            "fn check(record) {\n",
            "    let n = 0;\n",
            "    n / 0\n",
            "}\n",
            "const EXAMPLES = [];\n",
        ),
    )
    .unwrap();
    let records = temp(
        "failing.json",
        "[\n{\"title\": \"a\"},\n{\"title\": \"b\"}\n]\n",
    );
    let o = gongkai(&[
        "check",
        "--kind",
        "publication",
        "--no-standard",
        "--rules",
        dir.to_str().unwrap(),
        "--format",
        "json",
        records.to_str().unwrap(),
    ]);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let text = doc.to_string();
    let finding = doc
        .pointer("/results/1/findings/0")
        .unwrap_or_else(|| panic!("{text}"));
    assert_eq!(finding["rule"], "ZZZ-001", "{text}");
    assert_eq!(finding["line"], 3, "the second record's line: {text}");
    assert_eq!(finding["rule_line"], 6, "{text}");
    assert_eq!(finding["rule_column"], 7, "{text}");
    assert!(finding.get("column").is_none(), "{text}");
}

#[test]
fn check_shows_findings_with_basis_and_exits_1() {
    let o = gongkai(&[
        "check",
        "--kind",
        "document",
        "--today",
        "2018-12-01",
        "examples/documents.json",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("examples/documents.json:40  DOC-009  错误  interpretation.publish_date  解读材料应于2018-10-30（含）前发布"), "{out}");
    assert!(
        out.contains("〔依据：信阳市2018年政务公开重点工作责任分工方案 一(三)2〕"),
        "{out}"
    );
    assert!(
        out.lines().last().unwrap().starts_with("共检查 18 条记录"),
        "{out}"
    );
}

#[test]
fn catalogue_findings_point_at_the_entry_line() {
    let o = gongkai(&[
        "check",
        "--kind",
        "catalogue",
        "--today",
        "2018-12-01",
        "examples/catalogue.json",
    ]);
    let out = stdout(&o);
    let line = out.lines().find(|l| l.contains("CAT-001")).unwrap();
    let (at, rest) = line.split_once("  ").unwrap();
    assert!(rest.contains("entries[36].subject（第37项）"), "{line}");
    // The line number is the entry's own line in the file, not the catalogue's first line.
    let n: usize = at.rsplit(':').next().unwrap().parse().unwrap();
    let text = std::fs::read_to_string(root().join("examples/catalogue.json")).unwrap();
    let entry_line = text.lines().nth(n - 1).unwrap();
    assert!(
        entry_line.trim_start().starts_with('{') || entry_line.contains("\"category\""),
        "{entry_line}"
    );
}

#[test]
fn piping_into_head_is_not_a_panic() {
    use std::io::Read;
    // Far more output than a pipe buffer holds, so the writer meets a closed pipe.
    let line = "{\"title\":\"公示\",\"body\":\"张三 13812345678\",\"category\":\"其他\"}\n";
    let path = temp("many.jsonl", line.repeat(3000));
    let mut child = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["check", "--kind", "publication", path.to_str().unwrap()])
        .current_dir(root())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap(); // then drop the pipe
    let out = child.wait_with_output().unwrap();
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("panicked"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn check_in_english_and_json() {
    let o = gongkai(&[
        "check",
        "--kind",
        "document",
        "--lang",
        "en",
        "--format",
        "json",
        "--today",
        "2018-12-01",
        "examples/documents.json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(doc["summary"]["records"], 18);
    let first = &doc["results"][0];
    assert_eq!(first["line"], 29);
    let f = &first["findings"][0];
    assert_eq!(f["rule"], "DOC-007");
    assert_eq!(f["expected"], "2018-10-24");
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .starts_with("Due by 2018-10-24")
    );
}

#[test]
fn clean_records_exit_0() {
    let path = temp(
        "clean.jsonl",
        "{\"title\":\"通知\",\"body\":\"无个人信息\",\"category\":\"其他\"}\n",
    );
    let o = gongkai(&["check", "--kind", "publication", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn invalid_json_names_file_and_line() {
    let path = temp(
        "broken.json",
        "[\n  {\"title\": \"a\"},\n  {\"title\": }\n]\n",
    );
    let o = gongkai(&["check", "--kind", "document", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("broken.json:3:"), "{err}");
    assert!(err.contains("不是有效的 JSON"), "{err}");
}

#[test]
fn unknown_kind_is_a_usage_error() {
    let o = gongkai(&["check", "--kind", "documents", "examples/documents.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("未知的记录类型「documents」"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("document"), "{}", stderr(&o));
}

#[test]
fn missing_file_is_named() {
    let o = gongkai(&["check", "--kind", "document", "no/such/file.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("no/such/file.json: 文件不存在"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn wrong_field_type_names_record_and_field() {
    let path = temp(
        "typed.json",
        "[\n {\"title\": \"a\", \"disclosure\": \"主动公开\"},\n {\"title\": 12, \"publish_date\": \"2018/09/28\"}\n]",
    );
    let o = gongkai(&["check", "--kind", "document", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("typed.json:3: 第2条记录 title: 输入错误: 「标题」应为文本，实际为数字 12"),
        "{err}"
    );
    assert!(
        err.contains("publish_date: 输入错误: 「发布日期」：「2018/09/28」不是有效日期"),
        "{err}"
    );
}

#[test]
fn test_command_runs_the_standard_examples() {
    let o = gongkai(&["test"]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("✔ DOC-009"), "{}", stdout(&o));
}

#[test]
fn test_command_fails_when_an_example_disagrees() {
    let dir = std::env::temp_dir().join(format!("gongkai-cli-pack-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("LOC-900-wrong.rhai"),
        r#"const RULE = #{ id: "LOC-900", title: #{ zh: "标题必填", en: "title required" }, severity: "error",
  kinds: ["document"], fields: ["title"], basis: "测试", message: #{ zh: "缺标题", en: "no title" } };
fn check(record) { if is_blank(record.title) { #{} } }
const EXAMPLES = [
  #{ record: #{ title: "有" }, expect: [] },
  #{ name: "写错的预期", record: #{ title: "也有" }, expect: ["LOC-900"] },
];"#,
    )
    .unwrap();
    let o = gongkai(&["test", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("✘ LOC-900"), "{out}");
    assert!(
        out.contains("LOC-900-wrong.rhai:6: 示例 2「写错的预期」: 预期 1 条发现，实际 0 条"),
        "{out}"
    );
}

#[test]
fn rules_lists_every_rule_with_its_basis() {
    let o = gongkai(&["rules", "--format", "json"]);
    let rules: Vec<serde_json::Value> = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(rules.len() >= 5);
    assert!(
        rules
            .iter()
            .all(|r| !r["basis"]["zh"].as_str().unwrap().is_empty())
    );
}

#[test]
fn jsonl_streams_in_order_and_reports_bad_lines_without_stopping() {
    // Enough records for several batches on several threads; every tenth has a mobile number.
    let mut text = String::new();
    for i in 0..9000 {
        text.push_str(&publication(i, i % 10 == 0));
        text.push('\n');
        if i == 4500 {
            text.push_str("{\"title\": }\n");
        }
    }
    let path = temp("many-ordered.jsonl", &text);
    let (code, doc) = check_publications(&path);
    assert_eq!(code, Some(2), "a bad line makes the input invalid");
    assert_eq!(doc["summary"]["records"], 9001);
    assert_eq!(doc["summary"]["invalid_records"], 1);
    let lines: Vec<u64> = doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines.len(), 900);
    assert!(
        lines.windows(2).all(|w| w[0] < w[1]),
        "results keep the file order"
    );
    assert_eq!(lines[451], 4512, "line numbers count the bad line too");
    let bad = &doc["input_errors"][0];
    assert_eq!(bad["line"], 4502);
}

#[test]
fn a_json_array_is_checked_on_all_cores_in_file_order() {
    // More records than one batch, one per line of the file; every seventh has a mobile number.
    let items: Vec<String> = (0..5000).map(|i| publication(i, i % 7 == 0)).collect();
    let path = temp("many.json", format!("[\n{}\n]\n", items.join(",\n")));
    let (_, doc) = check_publications(&path);
    assert_eq!(doc["summary"]["records"], 5000);
    let results = doc["results"].as_array().unwrap();
    assert_eq!(results.len(), 715, "every seventh record");
    for (n, r) in results.iter().enumerate() {
        assert_eq!(r["index"], n * 7, "results keep the file order");
        assert_eq!(r["line"], n * 7 + 2, "the record's own line");
        assert_eq!(r["findings"][0]["line"], n * 7 + 2);
    }
}

#[test]
fn an_array_element_that_is_not_an_object_is_that_records_error_alone() {
    let path = temp(
        "mixed.json",
        format!(
            "[{},\n 7,\n {}]",
            publication(0, false),
            publication(2, true)
        ),
    );
    let (code, doc) = check_publications(&path);
    assert_eq!(code, Some(2));
    assert_eq!(doc["summary"]["records"], 3);
    assert_eq!(doc["summary"]["invalid_records"], 1);
    assert_eq!(
        doc["results"][0]["line"], 3,
        "the record after it is checked"
    );
    let bad = &doc["input_errors"][0];
    assert_eq!(
        (bad["line"].as_u64(), bad["column"].as_u64()),
        (Some(2), Some(2))
    );
}

#[test]
fn a_line_that_is_not_utf8_is_that_lines_error_alone() {
    // Line 2 holds a byte that is not UTF-8 after two good characters; line 3 is blank but
    // for a full-width space; line 4 ends in CRLF.
    let mut bytes =
        b"{\"title\":\"\xe5\x85\xac\xe7\xa4\xba\",\"category\":\"\xe5\x85\xb6\xe4\xbb\x96\"}\n"
            .to_vec();
    bytes.extend_from_slice(b"{\"\xe6\xa0\x87\xff\"}\n\xe3\x80\x80\n");
    bytes.extend_from_slice(
        b"{\"title\":\"\xe5\x85\xac\xe7\xa4\xba\",\"category\":\"\xe5\x85\xb6\xe4\xbb\x96\"}\r\n",
    );
    let path = temp("not-utf8.jsonl", bytes);
    let (code, doc) = check_publications(&path);
    assert_eq!(code, Some(2));
    assert_eq!(
        doc["summary"]["records"], 3,
        "the lines around it are checked"
    );
    assert_eq!(doc["summary"]["unreadable_files"], 0);
    let bad = &doc["input_errors"][0];
    assert_eq!(
        (bad["line"].as_u64(), bad["column"].as_u64()),
        (Some(2), Some(4))
    );
    assert_eq!(bad["message"], "这一行不是 UTF-8 编码的文本");
}

#[test]
fn a_byte_order_mark_before_the_first_line_is_skipped() {
    // The first line is read straight from the text (no JSON value in between) once the mark
    // is off; its finding is the same as on a line without one.
    let lines = [publication(0, true), publication(1, true)].join("\n");
    let path = temp("bom.jsonl", format!("\u{feff}{lines}\n"));
    let (code, doc) = check_publications(&path);
    assert_eq!(code, Some(1));
    assert_eq!(doc["summary"]["records"], 2);
    assert_eq!(doc["input_errors"].as_array().map(Vec::len), Some(0));
    let rules: Vec<_> = doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["findings"].as_array().unwrap())
        .map(|f| (f["line"].as_u64(), f["rule"].as_str()))
        .collect();
    assert_eq!(
        rules,
        [(Some(1), Some("PUB-001")), (Some(2), Some("PUB-001"))]
    );
}

#[test]
fn findings_and_input_errors_keep_the_records_order_on_one_terminal() {
    // Findings go to standard output (written a batch at a time), input errors to standard
    // error (at once): merged, as a terminal shows them, they still follow the records.
    let path = temp(
        "mixed.jsonl",
        [
            publication(1, true),
            r#"{"title":"第2号公示","body":"无","category":"其他","publish_date":"2018/09/28"}"#
                .to_owned(),
            "not json".to_owned(),
            publication(4, true),
        ]
        .join("\n"),
    );
    let merged = Command::new("sh")
        .arg("-c")
        .arg("\"$0\" check --kind publication --today 2026-03-02 \"$1\" 2>&1")
        .arg(env!("CARGO_BIN_EXE_gongkai"))
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(merged.status.code(), Some(2));
    let text = stdout(&merged);
    let starts: Vec<&str> = text
        .lines()
        .map(|l| l.split_once("  ").map_or(l, |(at, _)| at))
        .map(|l| l.rsplit_once("mixed.jsonl").map_or(l, |(_, at)| at))
        .collect();
    assert_eq!(starts.len(), 5, "{text}");
    assert!(starts[0] == ":1" && starts[3] == ":4", "{text}");
    assert!(
        starts[1].starts_with(":2: ") && starts[2].starts_with(":3:2: "),
        "{text}"
    );
    assert!(starts[4].starts_with("共检查 4 条记录"), "{text}");
}

#[test]
fn custom_kinds_from_a_file() {
    let kinds = temp(
        "kinds.json",
        r#"[{"name": "visitor_log", "label_zh": "来访登记", "label_en": "Visitor log", "fields": [
            {"name": "visitor", "label_zh": "来访人", "label_en": "Visitor", "type": "text", "required": true},
            {"name": "visited_on", "label_zh": "来访日期", "label_en": "Visited", "type": "date"}]}]"#,
    );
    let dir = std::env::temp_dir().join(format!("gongkai-cli-kinds-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("VIS-001-visitor.rhai"),
        r#"const RULE = #{ id: "VIS-001", title: #{ zh: "应登记来访人", en: "visitor named" }, severity: "error",
  kinds: ["visitor_log"], fields: ["visitor"], basis: "测试", message: #{ zh: "请填写{label}", en: "fill in {label}" } };
fn check(record) { if is_blank(record.visitor) { #{} } }
const EXAMPLES = [ #{ record: #{ visitor: "张三" }, expect: [] }, #{ record: #{}, expect: ["VIS-001"] } ];"#,
    )
    .unwrap();
    let records = temp(
        "visits.json",
        r#"[{"visitor": "张三", "visited_on": "2020-01-02"}, {"visited_on": "2020/01/03"}, {}]"#,
    );
    let (k, d, r) = (
        kinds.to_str().unwrap(),
        dir.to_str().unwrap(),
        records.to_str().unwrap(),
    );
    let o = gongkai(&["test", d, "--kinds", k]);
    assert!(o.status.success(), "{}", stdout(&o));
    let o = gongkai(&[
        "check",
        "--kind",
        "visitor_log",
        "--kinds",
        k,
        "--rules",
        d,
        "--no-standard",
        r,
    ]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "the malformed date is an input error"
    );
    assert!(
        stdout(&o).contains("VIS-001  错误  visitor  请填写来访人"),
        "{}",
        stdout(&o)
    );
    assert!(
        stderr(&o).contains("「来访日期」：「2020/01/03」不是有效日期"),
        "{}",
        stderr(&o)
    );
    let bad = temp(
        "badkinds.json",
        r#"{"name": "document", "label_zh": "x", "label_en": "x", "fields": []}"#,
    );
    let o = gongkai(&[
        "check",
        "--kind",
        "document",
        "--kinds",
        bad.to_str().unwrap(),
        r,
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("标准记录类型"), "{}", stderr(&o));
}

#[test]
fn acknowledgements_carry_the_calendar_data_licence() {
    let out = gongkai(&["--acknowledgements"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("NateScarlet/holiday-cn"), "{text}");
    let licence =
        std::fs::read_to_string(root().join("crates/gongkai/data/holiday-cn.LICENSE")).unwrap();
    assert!(text.trim_end().ends_with(licence.trim_end()), "{text}");
    // Not silently ignored next to a command.
    assert_eq!(
        gongkai(&["--acknowledgements", "rules"]).status.code(),
        Some(2)
    );
    // No command at all is still a usage error, with the help.
    let none = gongkai(&[]);
    assert_eq!(none.status.code(), Some(2));
    assert!(stderr(&none).contains("Usage"), "{}", stderr(&none));
}

/// A catalogue exported from a portal or saved from Excel: BOM, CRLF, Chinese headers, a cell
/// with a comma and a line break, a column the kind does not have, two columns for one field,
/// a trailing column without a name, and a row with an unquoted comma that shifts its cells.
const EXPORT: &str = "\u{feff}序号,一级事项,公开内容（要素）,公开依据,公开时限,公开主体,公开渠道和载体,公开对象,公开方式,公开层级,责任单位,subject,\r\n\
1,机构职能,\"机构设置，职能,\r\n（含内设机构）\",《中华人民共和国政府信息公开条例》第二十条,信息形成或者变更之日起20个工作日内,潢川县民政局,政府网站,全社会,主动,县级,,,\r\n\
2,财政预决算,部门预算,《中华人民共和国预算法》第十四条,尽快,潢川县财政局,政府网站,全社会,主动,县级,,,\r\n\
3,行政执法,处罚决定,《中华人民共和国行政处罚法》第四十八条,7个工作日内,潢川县市场监管局,政府网站,全社会,主动,县级,,县市场监管局,见附件\r\n\
4,财政预决算,部门决算,《中华人民共和国预算法》第十四条,批复后20日内,潢川县财政局,政府网站,全社会,主动,县级,县财政局,,,多出,的单元格\r\n";

#[test]
fn a_csv_export_says_what_it_leaves_out_with_line_and_column() {
    let path = temp("目录导出.csv", EXPORT);
    let o = gongkai(&[
        "check",
        "--kind",
        "catalogue_entry",
        "--today",
        "2020-01-01",
        path.to_str().unwrap(),
    ]);
    let out = stdout(&o);
    assert!(
        out.contains("共检查 4 条记录"),
        "the quoted cell with a line break is one record: {out}"
    );
    // Record 2 (line 4: the quoted line break takes line 3) has CAT-004 on its time limit.
    assert!(out.contains("目录导出.csv:4  CAT-004"), "{out}");
    let err = stderr(&o);
    let file = path.display();
    for said in [
        format!("{file}:1:1: 第1列（A）「序号」不对应主动公开基本目录事项的任何字段，已忽略"),
        format!("{file}:1:56: 第11列（K）「责任单位」不对应主动公开基本目录事项的任何字段，已忽略"),
        format!(
            "{file}:1:61: 第12列（L）「subject」与第6列（F）「公开主体」是同一字段：两列都有值时，只检查第12列（L）的值"
        ),
        format!("{file}:5:72: 第13列（M）没有列名，其中的值（如「见附件」）已忽略"),
        format!(
            "{file}:6:68: 这一行有15个单元格，多于表头的13列：第14列（N）起的「多出」等已忽略（单元格中的逗号是否没有加引号？）"
        ),
    ] {
        assert!(err.contains(&said), "{said}\n---\n{err}");
    }
    // In English, and in the JSON document for programs.
    let o = gongkai(&[
        "check",
        "--kind",
        "catalogue_entry",
        "--lang",
        "en",
        "--format",
        "json",
        "--today",
        "2020-01-01",
        path.to_str().unwrap(),
    ]);
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let warnings = doc["input_warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 5, "{warnings:?}");
    assert_eq!(
        (&warnings[0]["line"], &warnings[0]["column"]),
        (&serde_json::json!(1), &serde_json::json!(1))
    );
    assert_eq!(
        warnings[4]["message"],
        "this row has 15 cells, the header 13: `多出` in column 14 (N) and after is ignored (an unquoted comma?)"
    );
}

#[test]
fn a_gbk_csv_is_read_and_a_mixed_one_refused_with_where_and_what_to_do() {
    // 一级事项,公开主体 / 机构职能,潢川县民政局 in GBK, as Excel on Chinese Windows saves CSV.
    let gbk = b"\xd2\xbb\xbc\xb6\xca\xc2\xcf\xee,\xb9\xab\xbf\xaa\xd6\xf7\xcc\xe5\r\n\xbb\xfa\xb9\xb9\xd6\xb0\xc4\xdc,\xe4\xea\xb4\xa8\xcf\xd8\xc3\xf1\xd5\xfe\xbe\xd6\r\n";
    let path = temp("gbk.csv", gbk);
    let (_, doc) = check_json("catalogue_entry", &path);
    assert_eq!(doc["results"][0]["unit"], "潢川县民政局", "{doc}");
    assert_eq!(
        doc["input_warnings"][0]["message"],
        "文件不是 UTF-8 编码，已按 GB18030（GBK）编码读取"
    );
    // A UTF-8 export with one line pasted in GBK: reading it all as GB18030 would garble the
    // good lines, so it is refused at the bad line, with what to do.
    let mut mixed = "一级事项,公开主体\r\n机构职能,潢川县民政局\r\n"
        .as_bytes()
        .to_vec();
    mixed.extend_from_slice(gbk.get(19..).unwrap());
    let path = temp("mixed.csv", mixed);
    let o = gongkai(&["check", "--kind", "catalogue_entry", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains(
            "mixed.csv:3:1: 文件不是 UTF-8 编码的文本（此处起），按 GB18030（GBK）也读不通"
        ),
        "{err}"
    );
    // A JSON array with one bad byte deep inside: refused, at that byte.
    let path = temp(
        "one-bad-byte.json",
        b"[\n {\"title\": \"\xe5\x85\xac\xe7\xa4\xba\"},\n {\"title\": \"ab\xff\"}\n]",
    );
    let o = gongkai(&["check", "--kind", "publication", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("one-bad-byte.json:3:15: 文件不是 UTF-8"),
        "{}",
        stderr(&o)
    );
}

/// The encodings of real exports: a GBK file one of whose lines happens to be valid UTF-8 is
/// GBK still (统一,学院 is CD B3 D2 BB,D1 A7 D4 BA); Excel's 「Unicode 文本」 is UTF-16; a GBK
/// JSON Lines file is read whole, decoded, rather than streamed as UTF-8; and in records one per
/// line, a line that is not UTF-8 among ASCII ones is an error of that record alone.
#[test]
fn exports_in_gbk_and_utf16_are_read_and_a_bad_line_stays_one_records_error() {
    let gbk_csv = b"\xd2\xbb\xbc\xb6\xca\xc2\xcf\xee,\xb9\xab\xbf\xaa\xd6\xf7\xcc\xe5\r\n\xc9\xe7\xbb\xe1\xbe\xc8\xd6\xfa,\xe4\xea\xb4\xa8\xcf\xd8\xc3\xf1\xd5\xfe\xbe\xd6\r\n\xcd\xb3\xd2\xbb,\xd1\xa7\xd4\xba\r\n";
    let path = temp("gbk-utf8-line.csv", gbk_csv);
    let (_, doc) = check_json("catalogue_entry", &path);
    let units: Vec<&str> = doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["unit"].as_str().unwrap())
        .collect();
    assert_eq!(units, ["潢川县民政局", "学院"], "{doc}");
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "一级事项\t公开主体\r\n社会救助\t潢川县民政局\r\n".encode_utf16()
    {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    let path = temp("unicode.tsv", utf16);
    let (_, doc) = check_json("catalogue_entry", &path);
    assert_eq!(doc["results"][0]["unit"], "潢川县民政局", "{doc}");
    assert!(
        doc["input_warnings"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("文件是 UTF-16 编码")
    );
    // {"title":"关于开展检查的通知"} in GBK, as JSON Lines.
    let path = temp("gbk.jsonl", b"{\"title\":\"\xb9\xd8\xd3\xda\xbf\xaa\xd5\xb9\xbc\xec\xb2\xe9\xb5\xc4\xcd\xa8\xd6\xaa\"}\n");
    let (_, doc) = check_json("document", &path);
    assert_eq!(doc["input_errors"], serde_json::json!([]), "{doc}");
    assert_eq!(
        doc["input_warnings"][0]["message"],
        "文件不是 UTF-8 编码，已按 GB18030（GBK）编码读取"
    );
    for name in ["ascii.json", "ascii.jsonl"] {
        let path = temp(name, "");
        std::fs::write(
            &path,
            b"{\"title\":\"a\"}\n{\"title\":\"b\xff\"}\n{\"title\":\"c\"}\n",
        )
        .unwrap();
        let o = gongkai(&["check", "--kind", "document", path.to_str().unwrap()]);
        let err = stderr(&o);
        assert!(
            err.contains(&format!("{name}:2:12: 这一行不是 UTF-8 编码的文本")),
            "{err}"
        );
        assert!(stdout(&o).contains("共检查 3 条记录"), "{}", stdout(&o));
    }
}

#[test]
fn json_lines_on_standard_input_keep_going_past_bad_lines() {
    use std::io::Write as _;
    let text = format!(
        "{}\n{{\"title\": \"a\",}}\n{}\n{{\"title\": \"b\"\r\n\n{}\n",
        publication(1, true),
        publication(2, true),
        publication(3, false)
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["check", "--kind", "publication", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    let (out, err) = (stdout(&o), stderr(&o));
    assert!(
        out.contains("-:1  PUB-001") && out.contains("-:3  PUB-001"),
        "{out}"
    );
    assert!(
        out.contains("共检查 5 条记录") && out.contains("2 条记录数据格式有误未检查"),
        "{out}"
    );
    // Each bad line at its place in the file, in Chinese, without serde_json's "line 1".
    assert!(
        err.contains("-:2:15: 不是有效的 JSON：最后一项后面不能有逗号"),
        "{err}"
    );
    assert!(
        err.contains("-:4:13: 不是有效的 JSON：对象没有结束：缺少右花括号 }"),
        "{err}"
    );
    assert!(!err.contains("at line"), "{err}");
}

#[test]
fn csv_output_is_a_spreadsheet_of_findings_by_unit_with_their_basis() {
    let path = temp("导出.csv", EXPORT);
    let o = gongkai(&[
        "check",
        "--kind",
        "catalogue_entry",
        "--format",
        "csv",
        "--today",
        "2020-01-01",
        path.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "only warnings: {}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("\u{feff}文件,记录序号,行号,单位,规则,级别,字段,问题,依据\r\n"));
    assert!(out.ends_with("\r\n") && !out.replace("\r\n", "").contains('\n'));
    assert!(
        stderr(&o).contains("共检查 4 条记录"),
        "the summary is not a row"
    );
    let file = path.display().to_string();
    let rows: Vec<&str> = out.trim_end().split("\r\n").collect();
    // The ignored columns first, then each finding with its record, line and unit.
    assert!(
        rows[1].starts_with(&format!("{file},,1,,,输入警告,,第1列（A）「序号」")),
        "{}",
        rows[1]
    );
    let cat004 = rows.iter().find(|r| r.contains(",CAT-004,")).unwrap();
    assert!(
        cat004.starts_with(&format!("{file},2,4,潢川县财政局,CAT-004,警告,time_limit,")),
        "{cat004}"
    );
    assert!(
        cat004.ends_with("《中华人民共和国政府信息公开条例》第二十六条"),
        "{cat004}"
    );
    // JSON carries the unit too.
    let o = gongkai(&[
        "check",
        "--kind",
        "catalogue_entry",
        "--format",
        "json",
        "--today",
        "2020-01-01",
        path.to_str().unwrap(),
    ]);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let units: Vec<&str> = doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["unit"].as_str().unwrap())
        .collect();
    assert!(units.contains(&"潢川县财政局"), "{units:?}");
}

#[test]
fn csv_output_guards_cells_a_spreadsheet_would_run_as_formulas() {
    let path = temp(
        "formula.json",
        r#"{"title": "=HYPERLINK(\"http://x\")", "body": "联系电话 13812345678，地址：甲,乙", "category": "其他"}"#,
    );
    let o = gongkai(&[
        "check",
        "--kind",
        "publication",
        "--format",
        "csv",
        path.to_str().unwrap(),
    ]);
    let out = stdout(&o);
    let row = out.split("\r\n").nth(1).unwrap();
    assert!(row.contains(",PUB-001,"), "{out}");
    assert!(!out.contains(",=") && !out.contains(",\"="), "{out}");
}

/// Records of another kind (documents checked as catalogue entries) are named for what they
/// look like, in a JSON file and in streamed JSON Lines, and the records of the right kind are
/// not.
#[test]
fn records_of_another_kind_are_named_for_what_they_look_like() {
    let doc = r#"{"title": "关于印发方案的通知", "doc_number": "信政办〔2018〕88号", "issuer": "信阳市人民政府办公室", "publish_date": "2018-09-28"}"#;
    for (name, text) in [
        ("docs.json", format!("[{doc}, {doc}]")),
        ("docs.jsonl", format!("{doc}\n{doc}\n")),
    ] {
        let path = temp(name, &text);
        let hint = "这些记录的字段更像「政府文件」（--kind document）而不是「主动公开基本目录事项」：请确认记录类型";
        let o = gongkai(&["check", "--kind", "catalogue_entry", path.to_str().unwrap()]);
        assert!(stderr(&o).contains(hint), "{name}: {}", stderr(&o));
        let o = gongkai(&["check", "--kind", "document", path.to_str().unwrap()]);
        assert!(!stderr(&o).contains("更像"), "{name}: {}", stderr(&o));
    }
}

/// A JSON error's column counts characters, as every other position does (serde_json counts
/// bytes, three to a Chinese character).
#[test]
fn json_errors_are_placed_in_characters() {
    for (name, text, at) in [
        ("c.jsonl", "{\"title\": \"公示公示\",}\n", ":1:18: "),
        ("c.json", "[{\"title\": \"公示公示\",}]\n", ":1:19: "),
    ] {
        let path = temp(name, text);
        let o = gongkai(&["check", "--kind", "document", path.to_str().unwrap()]);
        assert!(
            stderr(&o).contains(&format!("{name}{at}不是有效的 JSON")),
            "{}",
            stderr(&o)
        );
    }
}
