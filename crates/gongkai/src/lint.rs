//! Load-time checks of a rule's AST: it reads only fields its kinds have and it declared, and it
//! calls only functions that exist.
//!
//! Walks the compiled AST for property chains on the record (`record.interpretation.unit`,
//! `record["body"]`), where "the record" is the name of `check`'s parameter, in every function
//! of the file. That catches typos such as `record.publsh_date` the moment the rule loads, with
//! line and column. It exists only in native builds (feature `lint`), to keep its code out of
//! the WebAssembly module; reads through an alias (`let r = record; r.x`) are caught by the rule's
//! examples instead, which run on records cut down to the declared fields.

use crate::finding::{Diagnostic, Location};
use crate::rule::Rule;
use crate::schema;
use crate::text::Text;
use rhai::{ASTNode, Expr, Position};

pub(crate) fn check_reads(rule: &Rule) -> Result<(), Vec<Diagnostic>> {
    let meta = &rule.meta;
    let Some(ast) = rule.parsed() else {
        return Ok(());
    };
    let Some(param) = ast
        .iter_functions()
        .find(|f| f.name == "check")
        .and_then(|f| f.params.first().map(|p| (*p).to_owned()))
    else {
        return Ok(());
    };
    let mut diags = Vec::new();
    ast.walk(&mut |path: &[ASTNode]| {
        let Some(ASTNode::Expr(expr)) = path.last() else { return true };
        let Some((field, pos)) = record_read(expr, &param) else { return true };
        let at = |pos: Position| Location {
            source: meta.source.clone(),
            line: pos.line().and_then(|l| u32::try_from(l).ok()),
            column: pos.position().and_then(|c| u32::try_from(c).ok()),
        };
        for kind in meta.kinds.iter().filter_map(|k| schema::kind(k)) {
            if kind.field_at(&field).is_none() {
                let known = kind.fields.iter().map(|f| f.name).collect::<Vec<_>>().join(", ");
                diags.push(Diagnostic::error(
                    at(pos),
                    Some(&meta.id),
                    Text::new(
                        format!("读取的字段 `{field}` 不属于记录类型 {}（{}）；可用字段：{known}", kind.name, kind.label_zh),
                        format!("reads `{field}`, which {} records do not have (known: {known})", kind.name),
                    ),
                ));
                return true;
            }
        }
        let declared = meta.reads(&field);
        if !declared {
            diags.push(Diagnostic::error(
                at(pos),
                Some(&meta.id),
                Text::new(
                    format!("读取了未声明的字段 `{field}`：请把它加入 RULE.fields（逐字段校验据此决定重新运行哪些规则）"),
                    format!("reads `{field}` without declaring it: add it to RULE.fields (the per-field check relies on it)"),
                ),
            ));
        }
        true
    });
    if diags.is_empty() { Ok(()) } else { Err(diags) }
}

/// If `expr` reads a field of the record variable, the field path and its position.
fn record_read(expr: &Expr, param: &str) -> Option<(String, Position)> {
    let (bin, pos, is_dot) = match expr {
        Expr::Dot(bin, _, pos) => (bin, *pos, true),
        Expr::Index(bin, _, pos) => (bin, *pos, false),
        _ => return None,
    };
    let Expr::Variable(var, _, _) = &bin.lhs else {
        return None;
    };
    if var.1.as_str() != param {
        return None;
    }
    let mut path = Vec::new();
    if is_dot {
        property_chain(&bin.rhs, &mut path);
    } else if let Expr::StringConstant(s, _) = &bin.rhs {
        path.push(s.to_string());
    }
    (!path.is_empty()).then(|| (path.join("."), pos))
}

fn property_chain(expr: &Expr, path: &mut Vec<String>) {
    match expr {
        Expr::Property(p, _) => path.push(p.2.to_string()),
        Expr::Dot(bin, _, _) => {
            let before = path.len();
            property_chain(&bin.lhs, path);
            if path.len() > before {
                property_chain(&bin.rhs, path);
            }
        }
        Expr::Index(bin, _, _) => property_chain(&bin.lhs, path),
        _ => {}
    }
}

/// Names rhai itself resolves in every engine, whatever is registered (`print` and `debug`
/// are not among them: they come with rhai's packages, which the sandbox leaves out).
const RHAI_KEYWORDS: [&str; 7] = [
    "type_of",
    "Fn",
    "call",
    "curry",
    "is_shared",
    "is_def_var",
    "is_def_fn",
];

/// Checks that every function the rule calls exists: the library's (`natives`), rhai's own
/// keywords, or one the file defines. A misspelt `is_blnk` would otherwise be found only when
/// a record reaches it, and then as an error finding on that record in production; here it
/// fails the load, at its line and column, with the name meant.
///
/// A call is an expression (`let z = f(x)`) or a statement (`f(x);`, the last line of a
/// closure or a function): both are looked at.
#[cfg(gongkai_lowered)]
pub(crate) fn check_calls(
    rule: &Rule,
    natives: &crate::natives::Table,
) -> Result<(), Vec<Diagnostic>> {
    let Some(ast) = rule.parsed() else {
        return Ok(());
    };
    let mut known: Vec<&str> = natives.names().chain(RHAI_KEYWORDS).collect();
    known.extend(ast.iter_functions().map(|f| f.name));
    let mut diags = Vec::new();
    ast.walk(&mut |path: &[ASTNode]| {
        let (call, pos) = match path.last() {
            Some(ASTNode::Expr(Expr::FnCall(call, pos) | Expr::MethodCall(call, pos)))
            | Some(ASTNode::Stmt(rhai::Stmt::FnCall(call, pos))) => (call, *pos),
            _ => return true,
        };
        let name = call.name.as_str();
        if call.op_token.is_some()
            || !name.starts_with(|c: char| c.is_alphabetic() || c == '_')
            || name.contains('$')
            || known.contains(&name)
        {
            return true;
        }
        let meant = known
            .iter()
            .map(|k| (distance(k, name), *k))
            .filter(|&(d, k)| d <= 2 && d < k.chars().count())
            .min()
            .map(|(_, k)| k);
        let (hint_zh, hint_en) = meant.map_or_else(
            || {
                (
                    "请查阅 rules/README.md 的函数库".to_owned(),
                    "see the library in rules/README.md".to_owned(),
                )
            },
            |m| (format!("是否应为 `{m}`？"), format!("did you mean `{m}`?")),
        );
        diags.push(Diagnostic::error(
            Location {
                source: rule.meta.source.clone(),
                line: pos.line().and_then(|l| u32::try_from(l).ok()),
                column: pos.position().and_then(|c| u32::try_from(c).ok()),
            },
            Some(&rule.meta.id),
            Text::new(
                format!("没有名为 `{name}` 的函数：{hint_zh}"),
                format!("there is no function `{name}`: {hint_en}"),
            ),
        ));
        true
    });
    if diags.is_empty() { Ok(()) } else { Err(diags) }
}

/// Levenshtein distance in characters, for the name an author probably meant.
#[cfg(gongkai_lowered)]
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = i;
        let mut prev = i + 1;
        if let Some(first) = row.first_mut() {
            *first = prev;
        }
        for (j, &cb) in b.iter().enumerate() {
            let above = row.get(j + 1).copied().unwrap_or(usize::MAX);
            let next = above
                .saturating_add(1)
                .min(prev + 1)
                .min(diagonal + usize::from(ca != cb));
            diagonal = above;
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = next;
            }
            prev = next;
        }
    }
    row.last().copied().unwrap_or(0)
}

#[cfg(all(test, gongkai_lowered))]
mod tests {
    #[test]
    fn distance_counts_edits_in_characters() {
        for (a, b, d) in [
            ("is_blnk", "is_blank", 1),
            ("kitten", "sitting", 3),
            ("", "abc", 3),
            ("工作日", "工作", 1),
            ("same", "same", 0),
        ] {
            assert_eq!(super::distance(a, b), d, "{a} {b}");
            assert_eq!(super::distance(b, a), d, "{b} {a}");
        }
    }
}
