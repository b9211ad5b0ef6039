//! Running a rule's examples: the records written in its file that must pass or fail.
//!
//! Each example record is normalised to its kind's schema and then cut down to the fields the
//! rule declares, so a rule that reads a field it did not declare fails here with the line and
//! column of the read, in every build (the wasm module included). The rule runs alone, so an
//! example states exactly what that rule finds.

use crate::engine::{Engine, TestCase, TestReport};
use crate::finding::{Diagnostic, Finding, Location, Severity};
use crate::record;
use crate::rule::{Example, Expect, Rule};
use crate::schema;
use crate::text::Text;
use rhai::Dynamic;
use serde_json::Value;

pub(crate) fn run(engine: &Engine, rule: &Rule, report: &mut TestReport) {
    let meta = &rule.meta;
    let at = |line| Location {
        source: meta.source.clone(),
        line,
        column: None,
    };
    let passing = rule.examples.iter().any(|e| e.expect.is_empty());
    let failing = rule.examples.iter().any(|e| !e.expect.is_empty());
    if !passing || !failing {
        let (zh, en) = match (passing, failing) {
            (false, false) => ("没有示例", "no examples"),
            (false, true) => (
                "没有通过的示例（expect: []）",
                "no passing example (expect: [])",
            ),
            _ => ("没有不通过的示例", "no failing example"),
        };
        report.problems.push(Diagnostic {
            severity: Severity::Error,
            location: at(None),
            rule: Some(meta.id.clone()),
            message: Text::new(
                format!("{zh}：每条规则至少需要一个通过和一个不通过的示例"),
                format!("{en}: every rule needs at least one passing and one failing example"),
            ),
        });
    }
    for (i, example) in rule.examples.iter().enumerate() {
        let failure = outcome(engine, rule, example).err();
        report.cases.push(TestCase {
            rule: meta.id.clone(),
            example: i + 1,
            name: example.name.clone(),
            location: at(example.line),
            passed: failure.is_none(),
            failure,
        });
    }
}

fn outcome(engine: &Engine, rule: &Rule, example: &Example) -> Result<(), Text> {
    let Some(kind) = schema::kind(&example.kind) else {
        return Err(Text::new(
            format!("未知的记录类型 {}", example.kind),
            format!("unknown kind {}", example.kind),
        ));
    };
    let normalized = record::normalize(kind, &example.record);
    if let Some(issue) = normalized.issues.first() {
        return Err(Text::new(
            format!(
                "示例记录不符合 {} 的结构：{}：{}",
                kind.name, issue.field, issue.message.zh
            ),
            format!(
                "the example record does not fit {}: {}: {}",
                kind.name, issue.field, issue.message.en
            ),
        ));
    }
    let projected = record::share(record::project(&normalized.value, &rule.meta.fields));
    let tag = example
        .today
        .as_deref()
        .map_or(Dynamic::UNIT, |t| Dynamic::from(t.to_owned()));
    let armed = engine.deadline();
    let outcome = rule.run(engine.rhai(), &projected, &tag);
    drop(armed);
    let raws = outcome.map_err(|f| {
        let at = f
            .line
            .map(|l| format!("（第{l}行第{}列）", f.column.unwrap_or(0)))
            .unwrap_or_default();
        let at_en = f
            .line
            .map(|l| format!(" (line {l}, column {})", f.column.unwrap_or(0)))
            .unwrap_or_default();
        Text::new(
            format!("规则执行失败{at}：{}", f.message.zh),
            format!("the rule failed{at_en}: {}", f.message.en),
        )
    })?;
    let findings = raws
        .into_iter()
        .map(|r| engine.render_for_test(rule, r, kind))
        .collect::<Result<Vec<Finding>, _>>()
        .map_err(|f| f.message)?;
    // A finding on a field the kind lacks (a typo) could not be placed by a form, and passes an
    // example that expects only the rule's id. Native builds only, for the module's size.
    #[cfg(feature = "lint")]
    if let Some((i, f)) = findings.iter().enumerate().find(|(_, f)| {
        !f.field.is_empty() && crate::engine::finding_field(kind, &f.field).is_none()
    }) {
        let known = kind
            .fields
            .iter()
            .map(|f| f.name)
            .collect::<Vec<_>>()
            .join(", ");
        return Err(Text::new(
            format!(
                "第 {} 条发现的字段 `{}` 不属于记录类型 {}（{}）；可用字段：{known}",
                i + 1,
                f.field,
                kind.name,
                kind.label_zh
            ),
            format!(
                "finding {}: the field `{}` is not one of {} records (known: {known})",
                i + 1,
                f.field,
                kind.name
            ),
        ));
    }
    compare(&example.expect, &findings)
}

fn compare(expect: &[Expect], findings: &[Finding]) -> Result<(), Text> {
    let shown = || {
        if findings.is_empty() {
            "无".to_owned()
        } else {
            findings
                .iter()
                .map(|f| format!("{}「{}」", f.field, f.message))
                .collect::<Vec<_>>()
                .join("；")
        }
    };
    if expect.len() != findings.len() {
        return Err(Text::new(
            format!(
                "预期 {} 条发现，实际 {} 条：{}",
                expect.len(),
                findings.len(),
                shown()
            ),
            format!(
                "expected {} finding(s), got {}: {}",
                expect.len(),
                findings.len(),
                shown()
            ),
        ));
    }
    for (i, (e, f)) in expect.iter().zip(findings).enumerate() {
        let Expect::Matching(want) = e else { continue };
        for (key, value) in want {
            let ok = match key.as_str() {
                "field" => value.as_str() == Some(f.field.as_str()),
                "message" => value.as_str().is_some_and(|m| f.message.contains(m)),
                _ => f.values.get(key) == Some(value),
            };
            if !ok {
                let got = match key.as_str() {
                    "field" => Value::from(f.field.clone()),
                    "message" => Value::from(f.message.clone()),
                    _ => f.values.get(key).cloned().unwrap_or(Value::Null),
                };
                let (value, got) = (crate::json::text_of(value), crate::json::text_of(&got));
                return Err(Text::new(
                    format!(
                        "第 {} 条发现的 {key} 预期为 {value}，实际为 {got}（{}）",
                        i + 1,
                        shown()
                    ),
                    format!(
                        "finding {}: expected {key} = {value}, got {got} ({})",
                        i + 1,
                        shown()
                    ),
                ));
            }
        }
    }
    Ok(())
}
