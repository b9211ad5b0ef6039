//! A rule author's journey through `rules/README.md`: the guide's two worked rules are copied
//! out of it into a pack, tested and shipped with the commands it gives, and the outputs it
//! quotes are the outputs the command prints. The tests after them hold the mends of what an
//! author met on that journey (a review's findings, each failing before its mend).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn guide() -> String {
    std::fs::read_to_string(root().join("rules/README.md")).unwrap()
}

/// The rhai block between `<!-- {marker}:begin -->` and `<!-- {marker}:end -->` of the guide,
/// as an author copies it into a file (from its first line).
fn block(marker: &str) -> String {
    let text = guide();
    let start = text.find(&format!("<!-- {marker}:begin -->")).unwrap();
    let end = text.find(&format!("<!-- {marker}:end -->")).unwrap();
    let code = text[start..end]
        .split("```rhai\n")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    code.to_owned()
}

/// A fresh scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("gongkai-author-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// `gongkai ARGS` run in `dir`, as an author runs it from their working folder.
fn gongkai_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

/// `gongkai check --kind KIND --rules my-rules --today TODAY FILE` in `dir`, with `more` flags.
fn check_with_pack(dir: &Path, kind: &str, today: &str, file: &str, more: &[&str]) -> Output {
    let mut args = vec![
        "check", "--kind", kind, "--rules", "my-rules", "--today", today,
    ];
    args.extend_from_slice(more);
    args.push(file);
    gongkai_in(dir, &args)
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// The guide's pack: `my-rules/document/LOC-001-…` and `my-rules/catalogue/LOC-002-…`.
fn guide_pack(dir: &Path) {
    write(
        &dir.join("my-rules/document/LOC-001-interpreter-named.rhai"),
        &block("worked-example"),
    );
    write(
        &dir.join("my-rules/catalogue/LOC-002-government-website.rhai"),
        &block("list-example"),
    );
}

const CATALOGUE: &str = r#"{
  "owner": "某县人民政府",
  "owner_level": "县级",
  "owner_type": "人民政府",
  "updated_date": "2025-01-01",
  "entries": [
    {"category": "机构", "content": "机构职能", "basis": "《中华人民共和国政府信息公开条例》", "time_limit": "信息形成或者变更之日起20个工作日内", "subject": "县政府办", "channels": ["政府网站"], "audience": ["全社会"], "mode": "主动", "levels": ["县级"]},
    {"category": "财政", "content": "财政预决算", "basis": "《中华人民共和国预算法》", "time_limit": "信息形成或者变更之日起20个工作日内", "subject": "县财政局", "channels": ["政府公报"], "audience": ["全社会"], "mode": "主动", "levels": ["县级"]}
  ]
}
"#;

/// The line of the guide that starts with `start`.
fn guide_line(start: &str) -> String {
    guide()
        .lines()
        .find(|l| l.starts_with(start))
        .unwrap_or_else(|| panic!("rules/README.md has no line starting with {start:?}"))
        .to_owned()
}

#[test]
fn the_guides_rules_pass_their_examples_as_the_guide_shows() {
    let dir = scratch("test");
    guide_pack(&dir);
    let o = gongkai_in(&dir, &["test", "my-rules"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("共 2 条规则、7 个示例：7 个通过，0 个失败"),
        "{out}"
    );

    // Only LOC-001, as §2 shows its output.
    std::fs::remove_dir_all(dir.join("my-rules/catalogue")).unwrap();
    let o = gongkai_in(&dir, &["test", "my-rules"]);
    let out = stdout(&o);
    assert!(out.contains(&guide_line("✔ LOC-001 ")), "{out}");
    assert!(
        out.contains(&guide_line("共 1 条规则、3 个示例：3 个通过")),
        "{out}"
    );
}

#[test]
fn a_wrong_expectation_is_reported_as_the_guide_shows() {
    let dir = scratch("wrong");
    let rule = block("worked-example")
        .replace(r#"message: "未注明解读人""#, r#"message: "未注明解读单位""#);
    write(
        &dir.join("my-rules/document/LOC-001-interpreter-named.rhai"),
        &rule,
    );
    let o = gongkai_in(&dir, &["test", "my-rules"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let quoted = guide_line("    my-rules/document/LOC-001-interpreter-named.rhai:");
    assert!(
        out.lines().any(|l| l == quoted),
        "the guide quotes\n{quoted}\nbut gongkai test prints\n{out}"
    );
    assert!(
        out.contains(&guide_line("共 1 条规则、3 个示例：2 个通过，1 个失败")),
        "{out}"
    );
}

#[test]
fn the_guides_rules_check_records_as_the_guide_shows() {
    let dir = scratch("check");
    guide_pack(&dir);
    write(&dir.join("目录.json"), CATALOGUE);
    let o = check_with_pack(&dir, "catalogue", "2025-12-01", "目录.json", &[]);
    let out = stdout(&o);
    let quoted = guide_line("目录.json:8  LOC-002  ");
    assert!(
        out.lines().any(|l| l == quoted),
        "the guide quotes\n{quoted}\nbut gongkai check prints\n{out}"
    );

    // LOC-001 on a document whose interpretation lacks its author: the line §2 quotes, up to
    // the elided end of the message.
    write(
        &dir.join("文件.json"),
        r#"{"title": "关于印发某某办法的通知", "issuer": "信阳市人民政府", "written_date": "2018-09-20",
 "publish_date": "2018-09-28", "disclosure": "主动公开", "doc_type": "行政规范性文件",
 "interpretation": {"unit": "市政府办公室", "publish_date": "2018-09-28", "linked": true}}
"#,
    );
    let o = check_with_pack(&dir, "document", "2018-12-01", "文件.json", &[]);
    let out = stdout(&o);
    let quoted = guide_line("文件.json:12  LOC-001  ");
    let (head, _) = quoted.split_once("（……）").unwrap();
    let head = head.replacen("文件.json:12", "文件.json:3", 1);
    assert!(out.lines().any(|l| l.starts_with(&head)), "{head}\n{out}");
}

#[test]
fn a_pack_is_its_folder_and_its_sub_folders() {
    let dir = scratch("layout");
    let rule = block("worked-example");
    write(&dir.join("pack/LOC-001.rhai"), &rule);
    write(&dir.join("pack/notes.md"), "# 说明\n");
    write(
        &dir.join("pack/document/LOC-002.rhai"),
        &rule.replace("LOC-001", "LOC-002"),
    );
    write(
        &dir.join("pack/local/document/LOC-003.rhai"),
        &rule.replace("LOC-001", "LOC-003"),
    );
    let o = gongkai_in(&dir, &["rules", "--no-standard", "--rules", "pack"]);
    let out = stdout(&o);
    assert!(
        out.contains("LOC-001") && out.contains("LOC-002") && out.contains("LOC-003"),
        "every level is loaded: {out}"
    );
    // One file can be tested alone; a folder without rule files is an error, not "0 rules".
    let o = gongkai_in(&dir, &["test", "pack/local/document/LOC-003.rhai"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("LOC-003"), "{}", stdout(&o));
    std::fs::create_dir_all(dir.join("empty")).unwrap();
    let o = gongkai_in(&dir, &["test", "empty"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("没有找到规则文件（.rhai）：请检查路径"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_rule_that_fails_at_run_time_is_an_error_finding_naming_its_line() {
    let dir = scratch("runtime");
    // A library function given the wrong arguments in a branch the examples do not reach (a
    // misspelt name is refused when the rule loads).
    let rule = block("worked-example").replace(
        "return;          // 是否需要解读由 DOC-008 检查",
        "if record.interpretation == () { return add_workdays(()); }",
    );
    write(&dir.join("my-rules/document/LOC-001.rhai"), &rule);
    write(
        &dir.join("文件.json"),
        r#"{"title": "通知", "issuer": "某局", "written_date": "2018-09-20", "disclosure": "主动公开", "doc_type": "其他"}"#,
    );
    let o = check_with_pack(
        &dir,
        "document",
        "2018-12-01",
        "文件.json",
        &["--no-standard"],
    );
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("LOC-001  错误") && out.contains("执行失败") && out.contains("add_workdays"),
        "{out}"
    );
    assert!(
        out.contains("第20行第49列"),
        "the rule file's line and column: {out}"
    );
}

// ── What an author met, mended. ─────────────────────────────────────────────────────────

/// `{label}` in a catalogue rule's finding on `entries[i].channels` is the entry field's label
/// (it was empty: the label was looked up in the catalogue's own fields only).
#[test]
fn the_label_of_an_entry_field_fills_the_message() {
    let dir = scratch("label");
    let rule = block("list-example").replace(
        "第{number}项「{content}」",
        "{label}：第{number}项「{content}」",
    );
    write(&dir.join("my-rules/LOC-002.rhai"), &rule);
    write(&dir.join("目录.json"), CATALOGUE);
    let o = check_with_pack(
        &dir,
        "catalogue",
        "2025-12-01",
        "目录.json",
        &["--no-standard"],
    );
    let out = stdout(&o);
    assert!(out.contains("公开渠道和载体：第2项"), "{out}");
}

/// Two files of one pack with the same id are an error naming both (the later used to replace
/// the earlier silently: an author who copies a rule and forgets the id loses the first rule).
#[test]
fn a_repeated_id_in_a_pack_is_reported() {
    let dir = scratch("dup");
    let rule = block("worked-example");
    write(&dir.join("my-rules/document/LOC-001-a.rhai"), &rule);
    write(&dir.join("my-rules/document/LOC-001-b.rhai"), &rule);
    let o = gongkai_in(&dir, &["test", "my-rules"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o) + &stdout(&o);
    assert!(
        err.contains("LOC-001-a.rhai") && err.contains("LOC-001-b.rhai"),
        "{err}"
    );
}

/// `gongkai test --calendar` extends the calendar, as the calendar's error tells the author to,
/// for examples dated beyond the built-in years.
#[test]
fn test_takes_a_calendar() {
    let dir = scratch("calendar");
    let rule = r#"
const RULE = #{ id: "LOC-009", title: #{ zh: "答复期限", en: "Reply" }, severity: "warning",
    kinds: ["application"], fields: ["received_date", "reply_date"], basis: "测试",
    message: #{ zh: "逾期{late}个工作日", en: "{late} day(s) late" } };
fn check(record) {
    if record.received_date == () || record.reply_date == () { return; }
    let late = workdays_late(record.received_date, 15, record.reply_date);
    if late > 0 { #{ field: "reply_date", late: late } }
}
const EXAMPLES = [
    #{ record: #{ received_date: "2027-09-20", reply_date: "2027-10-08" }, expect: [] },
    #{ record: #{ received_date: "2027-09-20", reply_date: "2027-12-01" }, expect: ["LOC-009"] },
];
"#;
    write(&dir.join("my-rules/LOC-009.rhai"), rule);
    let days = r#"{"year": 2027, "papers": [], "days": [
        {"name": "国庆节", "date": "2027-10-01", "isOffDay": true},
        {"name": "国庆节", "date": "2027-10-04", "isOffDay": true},
        {"name": "国庆节", "date": "2027-10-05", "isOffDay": true},
        {"name": "国庆节", "date": "2027-10-06", "isOffDay": true},
        {"name": "国庆节", "date": "2027-10-07", "isOffDay": true},
        {"name": "国庆节", "date": "2027-09-26", "isOffDay": false},
        {"name": "国庆节", "date": "2027-10-09", "isOffDay": false}]}"#;
    write(&dir.join("2027.json"), days);
    let o = gongkai_in(&dir, &["test", "--calendar", "2027.json", "my-rules"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
}

/// A finding whose `field` is not a field of the kind (`interpretation.autor`) fails the
/// examples: it used to pass an example expecting only the id, and a form could not place it.
#[test]
fn a_finding_on_a_field_the_kind_lacks_fails_the_examples() {
    let dir = scratch("finding-field");
    let rule = block("worked-example")
        .replace(
            r#"findings.push(#{ field: "interpretation.author" });"#,
            r#"findings.push(#{ field: "interpretation.autor" });"#,
        )
        .replace(
            r#"expect: [#{ field: "interpretation.author", message: "未注明解读人" }]"#,
            r#"expect: ["LOC-001"]"#,
        );
    write(&dir.join("my-rules/LOC-001.rhai"), &rule);
    let o = gongkai_in(&dir, &["test", "my-rules"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!((stdout(&o) + &stderr(&o)).contains("interpretation.autor"));
}

/// A misspelt library function (`is_blnk`) is refused when the rule loads, at its line and
/// column, with the function it probably means; closures, rhai's own functions and the file's
/// own functions are calls that exist.
#[test]
fn an_unknown_function_is_reported_when_the_rule_loads() {
    let dir = scratch("unknown-fn");
    let rule =
        block("worked-example").replace("if is_blank(interp.author)", "if is_blnk(interp.author)");
    write(&dir.join("my-rules/LOC-001.rhai"), &rule);
    let o = gongkai_in(&dir, &["rules", "--no-standard", "--rules", "my-rules"]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(
        err.contains("没有名为 `is_blnk` 的函数：是否应为 `is_blank`？"),
        "{err}"
    );
    // A call written as a statement, as a closure's or a function's last line is, and rhai's
    // `print`, which the sandbox does not have.
    let rule = block("worked-example").replace(
        "if is_blank(interp.author)",
        "if [interp.author].some(|x| is_blnk(x)) || helper(1)",
    ) + "\nfn helper(n) { print(n); n > 0 }\n";
    write(&dir.join("my-rules/LOC-001.rhai"), &rule);
    let o = gongkai_in(&dir, &["test", "my-rules"]);
    let err = stderr(&o);
    assert!(err.contains("没有名为 `is_blnk` 的函数"), "{err}");
    assert!(err.contains("没有名为 `print` 的函数"), "{err}");
    let rule = block("worked-example").replace(
        "if is_blank(interp.author)",
        "let blank = |x| is_blank(x) && type_of(x) != \"map\"; if blank.call(interp.author) && own(1)",
    ) + "\nfn own(n) { n > 0 }\n";
    write(&dir.join("my-rules/LOC-001.rhai"), &rule);
    let o = gongkai_in(&dir, &["test", "my-rules"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
}

/// A missing `basis` is reported at `const RULE` (it had no line), an example's problem at the
/// example, and a finding that names no message in a rule with several says what to add (it
/// asked for a message called `default`).
#[test]
fn a_missing_key_and_a_missing_message_name_say_what_to_add() {
    let dir = scratch("missing");
    let rule = block("worked-example");
    let start = rule.find("    basis:").unwrap();
    let end = start + rule[start..].find('\n').unwrap() + 1;
    // The key's name elsewhere (a comment, an example's record) does not mislead the place.
    let no_basis = format!("// basis: 见条例\n{}{}", &rule[..start], &rule[end..]);
    write(&dir.join("a/LOC-001.rhai"), &no_basis);
    let o = gongkai_in(&dir, &["test", "a"]);
    let line = rule[..rule.find("const RULE").unwrap()].lines().count() + 2;
    assert!(
        stderr(&o).contains(&format!(
            "LOC-001.rhai:{line}:1: 错误: [LOC-001] RULE 缺少 `basis`：应为 `#{{ zh: \"…\", en: \"…\" }}`，或一段文本"
        )),
        "{}",
        stderr(&o)
    );
    let two = r#"
const RULE = #{ id: "LOC-008", title: #{ zh: "标题", en: "Title" }, severity: "warning",
    kinds: ["document"], fields: ["title"], basis: "测试",
    messages: #{ main: #{ zh: "主", en: "main" }, other: #{ zh: "另", en: "other" } } };
fn check(record) { if record.title == "通知" { #{ field: "title" } } }
const EXAMPLES = [
    #{ record: #{ title: "公告" }, expect: [] },
    #{ record: #{ title: "通知" }, expect: ["LOC-008"] },
];
"#;
    write(&dir.join("b/LOC-008.rhai"), two);
    // An example's problem is reported at that example's line, not at `const EXAMPLES`.
    write(
        &dir.join("c/LOC-008.rhai"),
        &two.replace(
            r#"title: "通知" }, expect"#,
            r#"title: "通知" }, today: "2018-9-1", expect"#,
        ),
    );
    let o = gongkai_in(&dir, &["test", "c"]);
    assert!(
        stderr(&o).contains(
            "LOC-008.rhai:8: 错误: [LOC-008] 第 2 个示例：`today` 不是有效日期：2018-9-1"
        ),
        "{}",
        stderr(&o)
    );
    let o = gongkai_in(&dir, &["test", "b"]);
    assert!(
        stdout(&o).contains(
            "发现没有写用哪条消息：请加上 `message: \"…\"`（RULE.messages 中有：main, other）"
        ),
        "{}{}",
        stdout(&o),
        stderr(&o)
    );
}
