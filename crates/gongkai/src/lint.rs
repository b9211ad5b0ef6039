//! Load-time check that a rule reads only fields its kinds have and it declared.
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
