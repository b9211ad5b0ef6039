//! What the commands print: text a person reads, or JSON a program reads.

use crate::RulesFormat;
use crate::input::{self, Input, Record};
use gongkai::date::Date;
use gongkai::record::IssueLevel;
use gongkai::{CheckOptions, Engine, Lang, Report, RuleMeta, Severity, TestReport};
use serde::Serialize;
use serde_json::json;
use std::io::Write;
use std::process::ExitCode;

/// Prints a line to standard output. When the reader has gone away (`gongkai check … | head`),
/// stop quietly as command-line tools do, instead of panicking on a broken pipe.
macro_rules! say {
    ($($arg:tt)*) => {
        if let Err(e) = writeln!(std::io::stdout().lock(), $($arg)*) {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                std::process::exit(0);
            }
        }
    };
}

/// Counts for the summary line.
#[derive(Default, Serialize)]
struct Summary {
    records: usize,
    records_with_findings: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    invalid_records: usize,
    unreadable_files: usize,
}

pub fn check(
    engine: &Engine,
    kind: &str,
    files: &[String],
    today: Date,
    lang: Lang,
    as_json: bool,
) -> ExitCode {
    let options = CheckOptions::new(today).with_lang(lang);
    let zh = lang == Lang::Zh;
    let mut summary = Summary::default();
    let mut results = Vec::new();
    let mut input_errors = Vec::new();
    for file in files {
        let Some(schema) = gongkai::schema::kind(kind) else {
            return ExitCode::from(2);
        };
        let input = match input::read(file, schema) {
            Ok(i) => i,
            Err(e) => {
                summary.unreadable_files += 1;
                if as_json {
                    input_errors.push(json!({"file": e.file, "line": e.at.map(|a| a.0), "column": e.at.map(|a| a.1), "message": if zh { &e.zh } else { &e.en }}));
                } else {
                    eprintln!("{}", e.render(zh));
                }
                continue;
            }
        };
        for record in &input.records {
            summary.records += 1;
            let Ok(report) = engine.check(kind, &record.value, &options) else {
                continue;
            };
            tally(&mut summary, &report);
            if report.findings.is_empty() && report.issues.is_empty() {
                continue;
            }
            if as_json {
                results.push(json_result(file, &input, record, &report));
            } else {
                print_report(file, &input, record, &report, lang);
            }
        }
    }
    if as_json {
        let doc = json!({"kind": kind, "today": today.to_string(), "summary": summary, "results": results, "input_errors": input_errors});
        say!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
    } else {
        say!("{}", summary_line(&summary, lang));
    }
    if summary.unreadable_files > 0 || summary.invalid_records > 0 {
        ExitCode::from(2)
    } else if summary.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn tally(summary: &mut Summary, report: &Report) {
    if !report.input_valid() {
        summary.invalid_records += 1;
    }
    if !report.findings.is_empty() {
        summary.records_with_findings += 1;
    }
    for f in &report.findings {
        match f.severity {
            Severity::Error => summary.errors += 1,
            Severity::Warning => summary.warnings += 1,
            Severity::Info => summary.infos += 1,
        }
    }
}

/// One checked record in the JSON output (records without findings or issues are left out);
/// every finding and issue carries the line of its field in the file.
fn json_result(file: &str, input: &Input, record: &Record, report: &Report) -> serde_json::Value {
    let mut value = serde_json::to_value(report).unwrap_or_default();
    for list in ["findings", "issues"] {
        if let Some(items) = value.get_mut(list).and_then(|v| v.as_array_mut()) {
            for item in items {
                let field = item
                    .get("field")
                    .and_then(|f| f.as_str())
                    .unwrap_or_default()
                    .to_owned();
                if let Some(obj) = item.as_object_mut() {
                    obj.insert("line".to_owned(), json!(input.line_of(record, &field)));
                }
            }
        }
    }
    if let Some(obj) = value.as_object_mut() {
        obj.insert("file".to_owned(), json!(file));
        obj.insert("line".to_owned(), json!(record.line));
        obj.insert("index".to_owned(), json!(record.index));
    }
    value
}

/// `entries[3].channels` → `entries[3].channels（第4项）`: catalogues number entries from 1
/// (序号), paths from 0.
fn shown_field(field: &str, zh: bool) -> String {
    let Some(rest) = field.strip_prefix("entries[") else {
        return field.to_owned();
    };
    let Some(n) = rest.split(']').next().and_then(|n| n.parse::<usize>().ok()) else {
        return field.to_owned();
    };
    if zh {
        format!("{field}（第{}项）", n + 1)
    } else {
        format!("{field} (entry {})", n + 1)
    }
}

fn print_report(file: &str, input: &Input, record: &Record, report: &Report, lang: Lang) {
    let zh = lang == Lang::Zh;
    let which = if zh {
        format!("第{}条记录", record.index + 1)
    } else {
        format!("record {}", record.index + 1)
    };
    for issue in &report.issues {
        let level = match (issue.level, zh) {
            (IssueLevel::Error, true) => "输入错误",
            (IssueLevel::Warning, true) => "输入警告",
            (IssueLevel::Error, false) => "input error",
            (IssueLevel::Warning, false) => "input warning",
        };
        let line = input.line_of(record, &issue.field);
        let field = if issue.field.is_empty() {
            String::new()
        } else {
            format!(" {}", issue.field)
        };
        eprintln!("{file}:{line}: {which}{field}: {level}: {}", issue.message);
    }
    for f in &report.findings {
        let line = input.line_of(record, &f.field);
        let field = if f.field.is_empty() {
            "-".to_owned()
        } else {
            shown_field(&f.field, zh)
        };
        let basis = if zh {
            format!("〔依据：{}〕", f.basis)
        } else {
            format!("[basis: {}]", f.basis)
        };
        say!(
            "{file}:{line}  {}  {}  {field}  {}  {basis}",
            f.rule,
            f.severity.label(lang),
            f.message
        );
    }
}

fn summary_line(s: &Summary, lang: Lang) -> String {
    match lang {
        Lang::Zh => {
            let mut line = format!(
                "共检查 {} 条记录，{} 条有问题：错误 {} 项，警告 {} 项，提示 {} 项",
                s.records, s.records_with_findings, s.errors, s.warnings, s.infos
            );
            if s.invalid_records > 0 {
                line.push_str(&format!("；{} 条记录数据格式有误未检查", s.invalid_records));
            }
            if s.unreadable_files > 0 {
                line.push_str(&format!("；{} 个文件无法读取", s.unreadable_files));
            }
            line
        }
        Lang::En => {
            let mut line = format!(
                "checked {} record(s), {} with findings: {} error(s), {} warning(s), {} info",
                s.records, s.records_with_findings, s.errors, s.warnings, s.infos
            );
            if s.invalid_records > 0 {
                line.push_str(&format!(
                    "; {} invalid record(s) not checked",
                    s.invalid_records
                ));
            }
            if s.unreadable_files > 0 {
                line.push_str(&format!("; {} unreadable file(s)", s.unreadable_files));
            }
            line
        }
    }
}

pub fn test(engine: &Engine, report: &TestReport, lang: Lang, as_json: bool) -> ExitCode {
    let code = if report.passed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    };
    if as_json {
        say!(
            "{}",
            serde_json::to_string_pretty(report).unwrap_or_default()
        );
        return code;
    }
    let zh = lang == Lang::Zh;
    let mut rules: Vec<&str> = report.cases.iter().map(|c| c.rule.as_str()).collect();
    rules.dedup();
    for id in &rules {
        let cases: Vec<_> = report.cases.iter().filter(|c| c.rule == *id).collect();
        let failed: Vec<_> = cases.iter().filter(|c| !c.passed).collect();
        let title = engine.rule(id).map_or("", |r| r.title.get(lang));
        let mark = if failed.is_empty() { "✔" } else { "✘" };
        let count = if zh {
            format!("（{} 个示例）", cases.len())
        } else {
            format!(" ({} examples)", cases.len())
        };
        say!("{mark} {id} {title}{count}");
        for c in failed {
            let name = c
                .name
                .as_deref()
                .map(|n| format!("「{n}」"))
                .unwrap_or_default();
            let which = if zh {
                format!("示例 {}{name}", c.example)
            } else {
                format!("example {}{name}", c.example)
            };
            let why = c.failure.as_ref().map_or("", |f| f.get(lang));
            say!("    {}: {which}: {why}", c.location);
        }
    }
    for p in &report.problems {
        say!("✘ {}", p.render(lang));
    }
    let failed = report.failures();
    if zh {
        say!(
            "共 {} 条规则、{} 个示例：{} 个通过，{} 个失败{}",
            rules.len(),
            report.cases.len(),
            report.cases.len() - failed,
            failed,
            if report.problems.is_empty() {
                String::new()
            } else {
                format!("；{} 个规则问题", report.problems.len())
            }
        );
    } else {
        say!(
            "{} rule(s), {} example(s): {} passed, {} failed{}",
            rules.len(),
            report.cases.len(),
            report.cases.len() - failed,
            failed,
            if report.problems.is_empty() {
                String::new()
            } else {
                format!("; {} rule problem(s)", report.problems.len())
            }
        );
    }
    code
}

pub fn rules(rules: &[&RuleMeta], format: RulesFormat, lang: Lang) {
    match format {
        RulesFormat::Json => say!(
            "{}",
            serde_json::to_string_pretty(rules).unwrap_or_default()
        ),
        RulesFormat::Markdown => say!("{}", markdown_table(rules).trim_end()),
        RulesFormat::Text => {
            for r in rules {
                say!(
                    "{}  {:<7}  {:<22}  {}",
                    r.id,
                    r.severity.label(lang),
                    r.kinds.join(","),
                    r.title.get(lang)
                );
                let basis = if lang == Lang::Zh { "依据" } else { "basis" };
                say!("          {basis}：{}", r.basis.get(lang));
            }
        }
    }
}

/// The table of rules in rules/README.md (both languages), generated so it cannot drift.
pub fn markdown_table(rules: &[&RuleMeta]) -> String {
    let mut out = String::from(
        "| 编号 id | 记录类型 kind | 级别 severity | 标题 | Title | 依据 basis |\n|---|---|---|---|---|---|\n",
    );
    let cell = |s: &str| s.replace('|', "\\|");
    for r in rules {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            r.id,
            r.kinds.join(", "),
            r.severity,
            cell(&r.title.zh),
            cell(&r.title.en),
            cell(&r.basis.zh)
        ));
    }
    out
}
