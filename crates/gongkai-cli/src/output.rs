//! What the commands print: text a person reads, or JSON a program reads.

use crate::RulesFormat;
use gongkai::{Engine, Lang, RuleMeta, TestReport};
use std::io::Write;
use std::process::ExitCode;

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
        let title = engine
            .rule(id)
            .map(|r| r.title.get(lang).to_owned())
            .unwrap_or_default();
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

pub fn rules(rules: &[RuleMeta], format: RulesFormat, lang: Lang) {
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
                let basis = if lang == Lang::Zh {
                    "依据："
                } else {
                    "basis: "
                };
                say!("          {basis}{}", r.basis.get(lang));
            }
        }
    }
}

/// The table of rules in rules/README.md (both languages), generated so it cannot drift.
pub fn markdown_table(rules: &[RuleMeta]) -> String {
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
