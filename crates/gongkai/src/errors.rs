//! rhai's errors, translated for rule authors and auditors.
//!
//! rhai reports in English with a line and column; our users read Chinese first. The common
//! cases get a sentence that says what to do; the rest keep rhai's text behind a Chinese lead,
//! so nothing is lost. Positions are unwrapped from nested function-call errors so that the
//! line points at the offending expression, not at the call of `check`.

use crate::dynamic::to_json;
use crate::text::Text;
use rhai::{EvalAltResult, LexError, ParseError, ParseErrorType, Position};

/// A rhai failure reduced to what a message needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RhaiFailure {
    /// Stable machine-readable kind, e.g. `too_many_operations`, `property_not_found`.
    pub code: String,
    /// What happened.
    pub message: Text,
    /// 1-based line, when rhai knows it.
    pub line: Option<u32>,
    /// 1-based column, when rhai knows it.
    pub column: Option<u32>,
    /// For `calendar_not_covered`: the year the calendar lacks.
    pub year: Option<i64>,
}

fn position(pos: Position) -> (Option<u32>, Option<u32>) {
    let conv = |n: Option<usize>| n.and_then(|n| u32::try_from(n).ok());
    (conv(pos.line()), conv(pos.position()))
}

/// Translates a compile error.
pub fn parse_failure(err: &ParseError) -> RhaiFailure {
    let (line, column) = position(err.position());
    let en = err.err_type().to_string();
    let (code, zh) = match err.err_type() {
        ParseErrorType::VariableUndefined(name) => (
            "undefined_variable",
            format!("未定义的变量 `{name}`：规则只能读取函数参数（如 record）和自己定义的变量"),
        ),
        ParseErrorType::UnexpectedEOF => (
            "unexpected_eof",
            "脚本意外结束：可能缺少 `}`、`)` 或 `]`".into(),
        ),
        // The context (`to start a statement block`) is rhai's English: the English keeps it.
        ParseErrorType::MissingToken(token, _) => ("missing_token", format!("缺少 `{token}`")),
        ParseErrorType::MissingSymbol(sym) => ("missing_symbol", format!("缺少 `{sym}`")),
        ParseErrorType::BadInput(lex) => ("bad_input", lex_zh(lex)),
        ParseErrorType::Reserved(word) if word == "eval" => {
            ("eval_disabled", "规则中禁止使用 `eval`".into())
        }
        ParseErrorType::Reserved(word) => ("reserved", format!("`{word}` 是保留字，不能使用")),
        ParseErrorType::FnDuplicatedDefinition(name, n) => (
            "duplicate_function",
            format!("函数 `{name}`（{n} 个参数）重复定义"),
        ),
        ParseErrorType::ExprTooDeep => ("expression_too_deep", "表达式嵌套过深".into()),
        ParseErrorType::TooManyFunctions => ("too_many_functions", "函数定义过多".into()),
        ParseErrorType::AssignmentToConstant(name) => (
            "assignment_to_constant",
            format!("不能给常量 `{name}` 赋值"),
        ),
        ParseErrorType::LiteralTooLarge(what, max) => {
            ("literal_too_large", format!("{what} 超过上限 {max}"))
        }
        _ => ("syntax", format!("语法错误：{en}")),
    };
    RhaiFailure {
        code: code.into(),
        message: Text::new(zh, en),
        line,
        column,
        year: None,
    }
}

/// A lexer's complaint in Chinese. Full-width punctuation typed with a Chinese input method
/// outside a string is the usual cause, and says so.
fn lex_zh(lex: &LexError) -> String {
    match lex {
        LexError::UnexpectedInput(s)
            if s.chars().any(|c| {
                matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}' | '“' | '”' | '‘' | '’' | '·' | '—' | '…')
            }) =>
        {
            format!("代码中不能用全角符号 `{s}`：括号、引号、逗号、冒号须为半角（英文）符号，全角符号只能写在字符串里")
        }
        LexError::UnexpectedInput(s) => format!("这里不应出现 `{s}`"),
        LexError::UnterminatedString => "字符串缺少结束的引号".into(),
        LexError::ImproperSymbol(s, _) if s == "=" => "这里应为比较 `==`，而不是赋值 `=`".into(),
        LexError::ImproperSymbol(s, _) => {
            format!("`{s}` 不是 rhai 的符号（比较用 `==`、`!=`，赋值用 `=`）")
        }
        // `'ab'`: a text in single quotes, as JavaScript and Python write it.
        LexError::MalformedChar(s) => {
            format!("`{s}` 不是一个字符：文本请用双引号 `\"…\"`（单引号只能括一个字符）")
        }
        LexError::MalformedIdentifier(s) => {
            format!("名称 `{s}` 不合规：只能由字母、数字和下划线组成，不以数字开头")
        }
        other => format!("无法识别的输入：{other}"),
    }
}

/// rhai's type names in a function signature (`add_workdays (&str | ImmutableString | String,
/// ())`), in words an author knows, and whether an argument is `()`. A call without arguments
/// is written `name ()`: that `()` is the empty list, not an empty value.
fn signature_zh(sig: &str) -> (String, bool) {
    let (name, args) = sig.split_once(" (").unwrap_or((sig, ")"));
    let args = args.strip_suffix(')').unwrap_or(args);
    let mut unit = false;
    let args: Vec<&str> = args
        .split(", ")
        .filter(|a| !a.is_empty())
        .map(|a| match a {
            "&str | ImmutableString | String" => "文本",
            "i64" => "整数",
            "bool" => "布尔值",
            "array" => "列表",
            "map" => "对象",
            "()" => {
                unit = true;
                "空值 ()"
            }
            other => other,
        })
        .collect();
    (format!("{name} ({})", args.join(", ")), unit)
}

/// Translates a runtime error.
pub fn eval_failure(err: &EvalAltResult) -> RhaiFailure {
    // `ErrorInFunctionCall` wraps the real error; its own position is the call site.
    let inner = err.unwrap_inner();
    let mut pos = inner.position();
    if pos.is_none() {
        pos = err.position();
    }
    let (line, column) = position(pos);
    let en = inner.to_string();
    let mut year = None;
    let (code, zh): (&str, String) = match inner {
        EvalAltResult::ErrorTooManyOperations(_) => (
            "too_many_operations",
            "超出运算次数上限：规则可能陷入死循环".into(),
        ),
        EvalAltResult::ErrorStackOverflow(_) => (
            "stack_overflow",
            "函数调用层数超过上限：规则可能无限递归".into(),
        ),
        EvalAltResult::ErrorDataTooLarge(what, _) => (
            "data_too_large",
            format!(
                "数据超过上限（{}）：规则处理的文本、列表或对象过大，或记录中的字段过长",
                if what.contains("tring") {
                    "文本长度"
                } else if what.contains("rray") {
                    "列表长度"
                } else {
                    "对象大小"
                }
            ),
        ),
        EvalAltResult::ErrorTooManyVariables(_) => {
            ("too_many_variables", "变量数量超过上限".into())
        }
        EvalAltResult::ErrorTerminated(token, _)
            if token
                .clone()
                .into_string()
                .is_ok_and(|t| t == crate::sandbox::TIMEOUT) =>
        {
            (
                "timeout",
                "运行超过时限：规则可能陷入死循环或处理的数据过大".into(),
            )
        }
        EvalAltResult::ErrorTerminated(..) => ("terminated", "规则被终止".into()),
        EvalAltResult::ErrorPropertyNotFound(name, _) => (
            "property_not_found",
            format!(
                "字段 `{name}` 不存在或未在 RULE.fields 中声明：请检查拼写，并声明规则读取的每个字段"
            ),
        ),
        EvalAltResult::ErrorVariableNotFound(name, _) => {
            ("variable_not_found", format!("未定义的变量 `{name}`"))
        }
        EvalAltResult::ErrorFunctionNotFound(sig, _) => {
            let (sig, unit) = signature_zh(sig);
            let hint = if unit {
                "（有参数为空 `()`：字段可能未填写，调用前先用 is_blank 判断）"
            } else {
                "（参数见 rules/README.md 的函数库）"
            };
            (
                "function_not_found",
                format!("函数不存在或参数个数、类型不符：`{sig}`{hint}"),
            )
        }
        EvalAltResult::ErrorFor(_) => (
            "for_not_iterable",
            "for 循环只能遍历列表、文本或范围：这个值可能为空 `()`（字段未填写），先用 is_blank 判断".into(),
        ),
        EvalAltResult::ErrorAssignmentToConstant(..)
        | EvalAltResult::ErrorNonPureMethodCallOnConstant(..) => (
            "record_read_only",
            "规则不能修改记录：记录对规则只读".into(),
        ),
        EvalAltResult::ErrorMismatchDataType(want, got, _) => (
            "type_mismatch",
            format!("类型不符：需要 {want}，实际为 {got}"),
        ),
        EvalAltResult::ErrorArithmetic(msg, _) => ("arithmetic", format!("算术错误：{msg}")),
        EvalAltResult::ErrorArrayBounds(len, idx, _) => (
            "index_out_of_bounds",
            format!("下标 {idx} 越界（长度 {len}）"),
        ),
        EvalAltResult::ErrorIndexNotFound(idx, _) => {
            ("index_not_found", format!("下标 {idx} 不存在"))
        }
        EvalAltResult::ErrorDotExpr(msg, _) if msg.ends_with("'()'") => (
            "property_of_unit",
            "读取空值 `()` 的属性：上一级字段可能未填写，先用 `== ()` 或 is_blank 判断".into(),
        ),
        EvalAltResult::ErrorDotExpr(msg, _) => ("dot_expr", format!("属性访问错误：{msg}")),
        EvalAltResult::ErrorParsing(kind, p) => {
            let f = parse_failure(&ParseError(Box::new(kind.clone()), *p));
            return RhaiFailure { line, column, ..f };
        }
        EvalAltResult::ErrorRuntime(value, _) => {
            // Library failures carry `#{code, zh, en}`; a rule's own `throw` may carry anything.
            if let Some(map) = value.read_lock::<rhai::Map>() {
                let get = |k: &str| map.get(k).and_then(|v| v.clone().into_string().ok());
                if let (Some(code), Some(zh), Some(en)) = (get("code"), get("zh"), get("en")) {
                    year = map.get("year").and_then(|y| y.as_int().ok());
                    return RhaiFailure {
                        code,
                        message: Text::new(zh, en),
                        line,
                        column,
                        year,
                    };
                }
            }
            let shown = value.clone().into_string().unwrap_or_else(|_| {
                to_json(value).map_or_else(|t| t, |j| crate::json::text_of(&j))
            });
            return RhaiFailure {
                code: "thrown".into(),
                message: Text::new(
                    format!("规则抛出错误：{shown}"),
                    format!("rule threw: {shown}"),
                ),
                line,
                column,
                year,
            };
        }
        _ => ("runtime", format!("运行错误：{en}")),
    };
    RhaiFailure {
        code: code.into(),
        message: Text::new(zh, en),
        line,
        column,
        year,
    }
}
