//! Rules: one `.rhai` file each, carrying its metadata, its check and its examples.
//!
//! A rule file has three parts, all plain rhai so editors and the rhai tooling understand it:
//!
//! ```text
//! const RULE = #{ id, title, severity, kinds, fields, basis, message | messages, note? };
//! fn check(record) { … }          // returns () / a finding map / an array of finding maps
//! const EXAMPLES = [ #{ record, expect, today?, kind?, name? }, … ];
//! ```
//!
//! Keeping metadata, check and examples in one file means nothing has to be kept in step by
//! hand. The top level is evaluated once, at load time, to read `RULE` and `EXAMPLES`; after
//! that only `check` runs (the top level is not evaluated again), so the metadata costs nothing
//! per record.

use crate::dynamic::to_json;
use crate::errors::{RhaiFailure, eval_failure, parse_failure};
use crate::finding::{Diagnostic, Location, Severity};
use crate::schema;
use crate::text::Text;
use rhai::{AST, Array, Dynamic, EvalAltResult, EvalContext, ImmutableString, Map, Scope};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// Everything about a rule except its code: what `gongkai rules` lists and what the
/// JavaScript API returns as rule metadata.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleMeta {
    /// Stable id, `PREFIX-NNN`, e.g. `DOC-005`.
    pub id: String,
    /// Short title.
    pub title: Text,
    /// Severity of its findings.
    pub severity: Severity,
    /// Record kinds it applies to.
    pub kinds: Vec<String>,
    /// Fields it reads (paths such as `interpretation.publish_date`); the per-field check re-runs
    /// a rule when one of these changes.
    pub fields: Vec<String>,
    /// Legal basis: document and article.
    pub basis: Text,
    /// Message templates by name; `default` when the rule has a single `message`.
    #[cfg_attr(feature = "wasm", tsify(type = "Record<string, Text>"))]
    pub messages: BTreeMap<String, Text>,
    /// Documentation: why this severity, what is unclear in the source. The WebAssembly
    /// module embeds the standard rules without it (it is for people, not for checking); the
    /// full sources are published next to the package, in `www/pkg/rules/`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
    /// Where the rule came from (file path or source name).
    pub source: String,
    /// The pack (folder) it belongs to; `custom` for sources added from strings.
    pub pack: String,
}

/// One expectation about a finding in an example.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Expect {
    /// A finding of this rule, any field.
    Any,
    /// A finding whose `field`, message (substring of the Chinese text) and values match.
    Matching(serde_json::Map<String, Value>),
}

/// A record a rule must pass or fail, written in the rule file.
#[derive(Debug, Clone)]
pub(crate) struct Example {
    pub name: Option<String>,
    pub kind: String,
    pub record: Value,
    pub today: Option<String>,
    pub expect: Vec<Expect>,
    pub line: Option<u32>,
}

/// A compiled rule.
#[derive(Debug, Clone)]
pub(crate) struct Rule {
    pub meta: RuleMeta,
    /// `meta.id`, shared: every report lists the rules that ran, and a copy of the id per rule
    /// per check cost more than some rules' own work. Findings share it too.
    pub id: std::sync::Arc<str>,
    /// `meta.basis` in Chinese and in English, shared by the rule's findings (see [`Rule::basis`]).
    basis: [std::sync::Arc<str>; 2],
    /// Where the placeholders of each of `meta.messages` are, in Chinese and in English, in the
    /// messages' order (see [`Holes`]).
    holes: Box<[[Holes; 2]]>,
    /// The rule's functions as rhai compiled them: set when the rule is compiled from its
    /// source; a rule read from a snapshot (`crate::snapshot`) is parsed only when rhai must
    /// run it (a lowered run bailed), from `text`.
    ast: std::sync::OnceLock<AST>,
    /// `check`'s body, for rhai to run in place (see [`Rule::run_rhai`]); taken from `ast` the
    /// first time rhai runs the rule.
    #[cfg(not(target_family = "wasm"))]
    check: std::sync::OnceLock<Option<CheckBody>>,
    /// The source a snapshot's rule is parsed from when needed.
    #[cfg(gongkai_lowered)]
    text: Option<&'static str>,
    pub examples: Vec<Example>,
    /// Function resolutions learnt by earlier calls of this rule (see [`Resolutions`]).
    resolutions: Resolutions,
    /// `check` lowered for the faster evaluator, or why it runs under rhai only.
    #[cfg(gongkai_lowered)]
    lowered: Lowered,
    /// The script library the lowered program's native calls see while the AST is not parsed:
    /// none. A native function that would call back into the rule's own functions fails on
    /// it, the run bails, and rhai runs the rule, parsing it first.
    #[cfg(gongkai_lowered)]
    no_lib: rhai::Shared<rhai::Module>,
}

/// The rule's id and its basis in Chinese and in English, each made shareable once (one place
/// that makes them, rather than one per field and constructor).
fn shared(meta: &RuleMeta) -> (std::sync::Arc<str>, [std::sync::Arc<str>; 2]) {
    let [id, zh, en] = [&meta.id, &meta.basis.zh, &meta.basis.en].map(|s| s.as_str().into());
    (id, [zh, en])
}

/// Where the placeholders of each of the rule's messages are, in Chinese and in English, in
/// the messages' order.
fn message_holes(meta: &RuleMeta) -> Box<[[Holes; 2]]> {
    meta.messages
        .values()
        .map(|t| [Holes::of(&t.zh), Holes::of(&t.en)])
        .collect()
}

/// The placeholders of a message template, as the byte offsets of each `{name}`'s braces:
/// found once, when the rule is made, so rendering a finding only copies text and values
/// (scanning every template for braces on every finding was ≈ 6% of the instructions of a form
/// check that found five problems, BENCHMARKS.md §1). A brace pair around anything but a name
/// (letters, digits, `_`), like `{a, b}`, is text, and so is a `{` never closed.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Holes(Box<[(usize, usize)]>);

impl Holes {
    pub(crate) fn of(template: &str) -> Self {
        let bytes = template.as_bytes();
        // Braces are searched as bytes: they are ASCII, never inside a UTF-8 sequence.
        let find = |from: usize, brace: u8| {
            let at = bytes.get(from..)?.iter().position(|&b| b == brace)?;
            Some(from + at)
        };
        let mut holes = Vec::new();
        let mut from = 0;
        while let Some(open) = find(from, b'{') {
            let Some(close) = find(open + 1, b'}') else {
                break;
            };
            let name = bytes.get(open + 1..close).unwrap_or_default();
            if name.is_empty() || !name.iter().all(|&b| b.is_ascii_alphanumeric() || b == b'_') {
                // Not a placeholder: the `{` is text, and the next one may open one.
                from = open + 1;
                continue;
            }
            holes.push((open, close));
            from = close + 1;
        }
        Self(holes.into())
    }
}

/// A rule's lowered program (see `crate::compiled`), shared by the engine's copies of the rule.
#[cfg(gongkai_lowered)]
#[derive(Clone)]
pub(crate) struct Lowered(Result<std::sync::Arc<crate::compiled::Program>, &'static str>);

#[cfg(gongkai_lowered)]
impl std::fmt::Debug for Lowered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Ok(_) => f.write_str("Lowered"),
            Err(why) => write!(f, "Lowered(not: {why})"),
        }
    }
}

/// `check`'s parameter and the statements of its body, which rhai runs in place of a call of
/// `check` (see [`Rule::run_rhai`]). Natively only: copying an AST's statements links rhai's
/// code to clone and drop every kind of node (≈ 44 KB of a WebAssembly module before
/// `wasm-opt`, more than either module's size budget leaves), so in WebAssembly rhai calls
/// `check`, and a rule stopped there by a limit names no line (except, in the fast module, a
/// timeout inside a native function).
#[cfg(not(target_family = "wasm"))]
#[derive(Debug, Clone)]
struct CheckBody {
    param: rhai::Identifier,
    body: Box<[rhai::Stmt]>,
}

#[cfg(not(target_family = "wasm"))]
impl CheckBody {
    /// `check(record)`'s body in `ast`, if it has that function.
    fn of(ast: &AST) -> Option<Self> {
        // rhai does not export the type of a function's body; an AST holding only this
        // function walks exactly its top-level statements (as `compiled::lower` reads them).
        let mut alone = ast.clone_functions_only();
        alone.retain_functions(|_, _, name, arity| name == "check" && arity == 1);
        let param = alone.iter_fn_def().next()?.params.first()?.as_str().into();
        let mut body = Vec::new();
        alone.walk(&mut |path: &[rhai::ASTNode]| {
            if let [rhai::ASTNode::Stmt(s)] = path {
                body.push((*s).clone());
            }
            true
        });
        Some(Self {
            param,
            body: body.into(),
        })
    }
}

/// rhai's function-resolution caches for one rule, kept from call to call.
///
/// rhai resolves every call site (`len(x)`, `a == b`, `unknown_terms(…)`) by hashing the name
/// and argument types and searching the rule's own functions, then the engine's, trying
/// `Dynamic` in each parameter position in turn; `Engine::call_fn` starts every call with empty
/// caches, so that search ran again on every record, and was a tenth of a catalogue check.
/// A rule's resolutions depend only on its own AST and the engine's registered functions, which
/// never change while the rule exists, so they are kept with the rule. A pool rather than one
/// cache: threads of a parallel batch each take their own. Boxed, so that taking and giving
/// back moves a pointer rather than rhai's ≈ 200-byte structure (≈ 260 instructions a call).
#[derive(Default)]
#[expect(
    clippy::vec_box,
    reason = "the box is what moves in and out of the pool, measured"
)]
struct Resolutions(std::sync::Mutex<Vec<Box<rhai::Caches>>>);

impl Resolutions {
    fn take(&self) -> Box<rhai::Caches> {
        self.0
            .lock()
            .ok()
            .and_then(|mut pool| pool.pop())
            .unwrap_or_default()
    }

    fn give_back(&self, caches: Box<rhai::Caches>) {
        if let Ok(mut pool) = self.0.lock() {
            pool.push(caches);
        }
    }
}

impl Clone for Resolutions {
    /// A copy learns afresh: caches are an optimisation, never state.
    fn clone(&self) -> Self {
        Self::default()
    }
}

impl std::fmt::Debug for Resolutions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Resolutions")
    }
}

thread_local! {
    /// The scope rules run in under rhai, emptied after each call and kept for the next. A
    /// call's parameter and variables go into it, and a fresh scope allocated its lists anew
    /// for every rule and record: ≈ 330 of the ≈ 3,200 instructions a call cost before any
    /// work (the WebAssembly module runs every rule this way). Taken out while in use, so a
    /// nested call simply starts with an empty one.
    static SCOPE: std::cell::RefCell<Scope<'static>> = std::cell::RefCell::new(Scope::new());
}

/// What one run of a rule returned: most rules return one finding or none, which a vector
/// would have allocated for, once for each rule that found something. (Where speed is what the
/// build is for: natively and in the fast module. In the default module the small vector's
/// code is 0.3 KB its budget does not have, BENCHMARKS.md §3.)
#[cfg(gongkai_lowered)]
pub(crate) type Raws<'r> = smallvec::SmallVec<[RawFinding<'r>; 1]>;
#[cfg(not(gongkai_lowered))]
pub(crate) type Raws<'r> = Vec<RawFinding<'r>>;

/// A finding as the rule returned it, before rendering in a language.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RawFinding<'r> {
    pub field: String,
    /// The message's name, and its template from the rule's `messages` (looked up once, when
    /// the name was checked).
    pub message: &'r str,
    pub template: &'r Text,
    /// Where the template's placeholders are, in Chinese and in English.
    pub holes: &'r [Holes; 2],
    pub values: BTreeMap<String, Value>,
}

const META_KEYS: &[&str] = &[
    "id", "title", "severity", "kinds", "fields", "basis", "message", "messages", "note",
];
const EXAMPLE_KEYS: &[&str] = &["name", "record", "expect", "today", "kind"];

/// A rule's AST as a rule keeps it: its functions, named after its file. Its top-level
/// statements (the constants `RULE` and `EXAMPLES`) are dropped: they were read when the rule
/// was compiled, or come from a snapshot.
fn functions_only(mut ast: AST, source: &str) -> AST {
    ast.clear_statements();
    ast.set_source(source);
    ast
}

/// Compiles a rule source. Every problem found is returned, each with its line and column
/// where they can be known.
pub(crate) fn compile(
    engine: &rhai::Engine,
    natives: &crate::natives::Table,
    source: &str,
    pack: &str,
    text: &str,
) -> Result<Rule, Vec<Diagnostic>> {
    let at = |line: Option<u32>, column: Option<u32>| Location {
        source: source.to_owned(),
        line,
        column,
    };
    let fail = |f: RhaiFailure| vec![Diagnostic::error(at(f.line, f.column), None, f.message)];

    let ast = engine.compile(text).map_err(|e| fail(parse_failure(&e)))?;
    let mut scope = Scope::new();
    engine
        .run_ast_with_scope(&mut scope, &ast)
        .map_err(|e| fail(eval_failure(&e)))?;

    let mut diags = Vec::new();
    let mut err = |spot: Spot<'_>, rule: Option<&str>, zh: String, en: String| {
        let (line, column) = match spot {
            // A key that is missing is reported at `const RULE`.
            Spot::Key(k) => match locate(text, k) {
                (None, _) => locate(text, "RULE"),
                found => found,
            },
            Spot::Line(line) => (line, None),
            Spot::Nowhere => (None, None),
        };
        diags.push(Diagnostic::error(at(line, column), rule, Text::new(zh, en)));
    };

    let Some(meta) = scope.get_value::<Map>("RULE") else {
        err(
            Spot::Nowhere,
            None,
            "缺少 `const RULE = #{ … };`（规则的编号、标题、依据等）".into(),
            "missing `const RULE = #{ … };` (the rule's id, title, basis …)".into(),
        );
        return Err(diags);
    };
    let meta = parse_meta(&meta, source, pack, &mut err);
    let id = meta.as_ref().map(|m| m.id.clone());

    if !ast
        .iter_functions()
        .any(|f| f.name == "check" && f.params.len() == 1)
    {
        err(
            Spot::Nowhere,
            id.as_deref(),
            "缺少检查函数 `fn check(record) { … }`".into(),
            "missing the check function `fn check(record) { … }`".into(),
        );
    }
    let examples = match (scope.get("EXAMPLES"), &meta) {
        (None, _) => {
            err(Spot::Nowhere, id.as_deref(), "缺少 `const EXAMPLES = [ … ];`：每条规则至少需要一个通过和一个不通过的示例".into(), "missing `const EXAMPLES = [ … ];`: every rule needs at least one passing and one failing example".into());
            Vec::new()
        }
        (Some(list), Some(meta)) => parse_examples(list, meta, text, &mut err),
        (Some(_), None) => Vec::new(),
    };
    match meta {
        Some(meta) if diags.is_empty() => {
            let ast = functions_only(ast, source);
            #[cfg(not(gongkai_lowered))]
            let _ = natives;
            let (id, basis) = shared(&meta);
            Ok(Rule {
                #[cfg(gongkai_lowered)]
                lowered: Lowered(crate::compiled::lower(&ast, natives).map(std::sync::Arc::new)),
                #[cfg(gongkai_lowered)]
                text: None,
                #[cfg(gongkai_lowered)]
                no_lib: rhai::Shared::default(),
                id,
                basis,
                holes: message_holes(&meta),
                meta,
                ast: ast.into(),
                #[cfg(not(target_family = "wasm"))]
                check: std::sync::OnceLock::new(),
                examples,
                resolutions: Resolutions::default(),
            })
        }
        _ => Err(diags),
    }
}

/// Where a problem of a rule file is: at a key of `RULE` (or a top-level constant), on a line
/// (an example's own), or nowhere in particular.
enum Spot<'a> {
    Key(&'a str),
    Line(Option<u32>),
    Nowhere,
}

type ErrFn<'a> = dyn FnMut(Spot<'_>, Option<&str>, String, String) + 'a;

fn parse_meta(map: &Map, source: &str, pack: &str, err: &mut ErrFn<'_>) -> Option<RuleMeta> {
    let mut ok = true;
    for key in map.keys() {
        if !META_KEYS.contains(&key.as_str()) {
            err(
                Spot::Key(key),
                None,
                format!(
                    "RULE 中有未知的键 `{key}`（可用：{}）",
                    META_KEYS.join(", ")
                ),
                format!(
                    "unknown key `{key}` in RULE (known: {})",
                    META_KEYS.join(", ")
                ),
            );
            ok = false;
        }
    }
    let id = string(map, "id");
    let id_ok = id.as_deref().is_some_and(valid_id);
    if !id_ok {
        err(
            Spot::Key("id"),
            None,
            "RULE.id 应为「前缀-三位数字」，如 `DOC-001`".into(),
            "RULE.id must look like `DOC-001` (prefix, hyphen, three digits)".into(),
        );
    }
    let rid = id.clone().filter(|_| id_ok);
    let rid = rid.as_deref();
    let need_text = |key: &str, err: &mut ErrFn<'_>| {
        let t = text_value(map.get(key));
        if t.is_none() {
            let (zh, en) = match map.get(key) {
                None => ("RULE 缺少", "RULE lacks"),
                Some(_) => ("RULE 中", "RULE has"),
            };
            // `basis` may also be one text, for rules whose basis needs no translation.
            let or_text = if key == "basis" {
                "，或一段文本"
            } else {
                ""
            };
            // A missing key is said at `const RULE` (its name may stand elsewhere: in an
            // example's record, a comment).
            let spot = if map.contains_key(key) {
                Spot::Key(key)
            } else {
                Spot::Key("RULE")
            };
            err(
                spot,
                rid,
                format!("{zh} `{key}`：应为 `#{{ zh: \"…\", en: \"…\" }}`{or_text}"),
                format!("{en} `{key}`: it must be `#{{ zh: \"…\", en: \"…\" }}`"),
            );
        }
        t
    };
    let title = need_text("title", err);
    let basis = match map.get("basis").and_then(|b| b.clone().into_string().ok()) {
        Some(b) if !b.trim().is_empty() => Some(Text::new(b.clone(), b)),
        _ => need_text("basis", err),
    };
    let note = map.get("note").and_then(|n| {
        n.clone()
            .into_string()
            .ok()
            .map(|s| Text::new(s.clone(), s))
            .or_else(|| text_value(Some(n)))
    });
    let severity = string(map, "severity").and_then(|s| s.parse::<Severity>().ok());
    if severity.is_none() {
        err(
            Spot::Key("severity"),
            rid,
            "RULE.severity 应为 \"error\"、\"warning\" 或 \"info\"".into(),
            "RULE.severity must be \"error\", \"warning\" or \"info\"".into(),
        );
    }
    let kinds = strings(map, "kinds").unwrap_or_default();
    if kinds.is_empty() {
        err(
            Spot::Key("kinds"),
            rid,
            format!(
                "RULE.kinds 应为非空的记录类型列表（可用：{}）",
                schema::kind_names()
            ),
            format!(
                "RULE.kinds must list record kinds (available: {})",
                schema::kind_names()
            ),
        );
    }
    for k in &kinds {
        if schema::kind(k).is_none() {
            err(
                Spot::Key("kinds"),
                rid,
                format!("未知的记录类型 `{k}`（可用：{}）", schema::kind_names()),
                format!(
                    "unknown record kind `{k}` (available: {})",
                    schema::kind_names()
                ),
            );
            ok = false;
        }
    }
    let fields = strings(map, "fields").unwrap_or_default();
    if fields.is_empty() {
        err(
            Spot::Key("fields"),
            rid,
            "RULE.fields 应列出规则读取的字段".into(),
            "RULE.fields must list the fields the rule reads".into(),
        );
    }
    for f in &fields {
        for k in kinds.iter().filter_map(|k| schema::kind(k)) {
            if k.field_at(f).is_none() {
                let known = k
                    .fields
                    .iter()
                    .map(|f| f.name)
                    .collect::<Vec<_>>()
                    .join(", ");
                err(
                    Spot::Key(f),
                    rid,
                    format!(
                        "字段 `{f}` 不属于记录类型 {}（{}）；可用字段：{known}",
                        k.name, k.label_zh
                    ),
                    format!("field `{f}` is not a field of {} (known: {known})", k.name),
                );
                ok = false;
            }
        }
    }
    let mut messages = BTreeMap::new();
    match (map.get("message"), map.get("messages")) {
        (Some(m), None) => match text_value(Some(m)) {
            Some(t) => {
                messages.insert("default".to_owned(), t);
            }
            None => err(
                Spot::Key("message"),
                rid,
                "RULE.message 应为 `#{ zh: \"…\", en: \"…\" }`".into(),
                "RULE.message must be `#{ zh: \"…\", en: \"…\" }`".into(),
            ),
        },
        (None, Some(ms)) => match ms.read_lock::<Map>() {
            Some(ms) if !ms.is_empty() => {
                for (name, m) in ms.iter() {
                    match text_value(Some(m)) {
                        Some(t) => {
                            messages.insert(name.to_string(), t);
                        }
                        None => err(
                            Spot::Key(name),
                            rid,
                            format!("RULE.messages.{name} 应为 `#{{ zh: \"…\", en: \"…\" }}`"),
                            format!("RULE.messages.{name} must be `#{{ zh: \"…\", en: \"…\" }}`"),
                        ),
                    }
                }
            }
            _ => err(
                Spot::Key("messages"),
                rid,
                "RULE.messages 应为非空的 `#{ 名称: #{ zh, en } }`".into(),
                "RULE.messages must be a non-empty map of `#{ zh, en }`".into(),
            ),
        },
        _ => err(
            Spot::Key("message"),
            rid,
            "RULE 应有 `message`（一条消息）或 `messages`（多条，按名称），二者只能有一个".into(),
            "RULE needs exactly one of `message` or `messages`".into(),
        ),
    }
    if !(ok && id_ok) || messages.is_empty() {
        return None;
    }
    Some(RuleMeta {
        id: id?,
        title: title?,
        severity: severity?,
        kinds,
        fields,
        basis: basis?,
        messages,
        note,
        source: source.to_owned(),
        pack: pack.to_owned(),
    })
}

fn parse_examples(
    list: &Dynamic,
    meta: &RuleMeta,
    text: &str,
    err: &mut ErrFn<'_>,
) -> Vec<Example> {
    let rid = Some(meta.id.as_str());
    let Some(list) = list.read_lock::<Array>() else {
        err(
            Spot::Key("EXAMPLES"),
            rid,
            "EXAMPLES 应为数组".into(),
            "EXAMPLES must be an array".into(),
        );
        return Vec::new();
    };
    let anchor = text.find("const EXAMPLES").unwrap_or(0);
    let mut out = Vec::new();
    for (i, ex) in list.iter().enumerate() {
        let line = nth_line(text, anchor, "record", i);
        let Some(map) = ex.read_lock::<Map>() else {
            err(
                Spot::Key("EXAMPLES"),
                rid,
                format!(
                    "第 {} 个示例应为对象 `#{{ record: …, expect: […] }}`",
                    i + 1
                ),
                format!(
                    "example {} must be a map `#{{ record: …, expect: […] }}`",
                    i + 1
                ),
            );
            continue;
        };
        let mut bad = |zh: String, en: String| {
            err(
                Spot::Line(line.or_else(|| locate(text, "EXAMPLES").0)),
                rid,
                format!("第 {} 个示例：{zh}", i + 1),
                format!("example {}: {en}", i + 1),
            )
        };
        for key in map.keys().filter(|k| !EXAMPLE_KEYS.contains(&k.as_str())) {
            bad(
                format!("未知的键 `{key}`（可用：{}）", EXAMPLE_KEYS.join(", ")),
                format!("unknown key `{key}` (known: {})", EXAMPLE_KEYS.join(", ")),
            );
        }
        let record = match map.get("record").map(to_json) {
            Some(Ok(v @ Value::Object(_))) => v,
            _ => {
                bad(
                    "缺少 `record`（记录对象）".into(),
                    "missing `record` (a record map)".into(),
                );
                continue;
            }
        };
        let kind = match map.get("kind").and_then(|k| k.clone().into_string().ok()) {
            Some(k) if meta.kinds.contains(&k) => k,
            Some(k) => {
                bad(
                    format!("`kind` 为 {k}，但规则只适用于 {}", meta.kinds.join(", ")),
                    format!(
                        "`kind` is {k} but the rule applies to {}",
                        meta.kinds.join(", ")
                    ),
                );
                continue;
            }
            None => meta.kinds.first().cloned().unwrap_or_default(),
        };
        let today = map.get("today").and_then(|t| t.clone().into_string().ok());
        if let Some(t) = &today
            && crate::date::Date::parse(t).is_err()
        {
            bad(
                format!("`today` 不是有效日期：{t}"),
                format!("`today` is not a date: {t}"),
            );
        }
        let Some(expect) = map
            .get("expect")
            .and_then(|e| e.read_lock::<Array>().map(|a| a.clone()))
        else {
            bad("缺少 `expect`：不通过时列出预期的发现（如 `[\"DOC-001\"]`），通过时写 `[]`".into(), "missing `expect`: the expected findings (e.g. `[\"DOC-001\"]`), or `[]` for a passing record".into());
            continue;
        };
        let mut expects = Vec::new();
        for e in &expect {
            if let Some(s) = e.read_lock::<ImmutableString>() {
                if s.as_str() == meta.id {
                    expects.push(Expect::Any);
                } else {
                    let s = s.as_str();
                    bad(
                        format!("`expect` 中的 `{s}` 不是本规则编号 {}", meta.id),
                        format!("`{s}` in `expect` is not this rule's id {}", meta.id),
                    );
                }
            } else if let Ok(Value::Object(m)) = to_json(e) {
                expects.push(Expect::Matching(m));
            } else {
                bad(
                    "`expect` 的元素应为规则编号或 `#{ field: …, … }`".into(),
                    "`expect` items must be a rule id or `#{ field: …, … }`".into(),
                );
            }
        }
        let name = map.get("name").and_then(|n| n.clone().into_string().ok());
        out.push(Example {
            name,
            kind,
            record,
            today,
            expect: expects,
            line,
        });
    }
    out
}

fn valid_id(id: &str) -> bool {
    let Some((prefix, num)) = id.split_once('-') else {
        return false;
    };
    (1..=8).contains(&prefix.len())
        && prefix.bytes().all(|b| b.is_ascii_uppercase())
        && num.len() == 3
        && num.bytes().all(|b| b.is_ascii_digit())
}

fn string(map: &Map, key: &str) -> Option<String> {
    map.get(key)?.clone().into_string().ok()
}

fn strings(map: &Map, key: &str) -> Option<Vec<String>> {
    let arr = map.get(key)?.read_lock::<Array>()?.clone();
    arr.into_iter().map(|v| v.into_string().ok()).collect()
}

fn text_value(v: Option<&Dynamic>) -> Option<Text> {
    let m = v?.read_lock::<Map>()?;
    let get = |k: &str| {
        m.get(k)
            .and_then(|v| v.clone().into_string().ok())
            .filter(|s| !s.trim().is_empty())
    };
    Some(Text::new(get("zh")?, get("en")?))
}

/// Line and column of the first `key:` in the source: metadata values carry no positions, so
/// this points the author at the right line in all but contrived files.
fn locate(text: &str, key: &str) -> (Option<u32>, Option<u32>) {
    let probes = [
        format!("{key}:"),
        format!("\"{key}\":"),
        format!("const {key}"),
        format!("\"{key}\""),
    ];
    probes
        .iter()
        .find_map(|p| text.find(p.as_str()))
        .map_or((None, None), |at| line_col(text, at))
}

fn nth_line(text: &str, from: usize, key: &str, n: usize) -> Option<u32> {
    let needle = format!("{key}:");
    let rest = text.get(from..)?;
    let (at, _) = rest.match_indices(&needle).nth(n)?;
    line_col(text, from + at).0
}

fn line_col(text: &str, at: usize) -> (Option<u32>, Option<u32>) {
    let before = text.get(..at).unwrap_or_default();
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (u32::try_from(line).ok(), u32::try_from(col).ok())
}

impl RuleMeta {
    /// Whether the rule depends on the schema path `path` (no list indices): a declared field
    /// covers its children, and a declared child is touched through its parent. The per-field
    /// check and the load-time lint both decide by this.
    pub(crate) fn reads(&self, path: &str) -> bool {
        let within = |inner: &str, outer: &str| {
            inner
                .strip_prefix(outer)
                .is_some_and(|r| r.starts_with('.'))
        };
        self.fields
            .iter()
            .any(|d| d == path || within(path, d) || within(d, path))
    }
}

impl Rule {
    /// A rule from a snapshot: its metadata and lowered `check`, with the source it was
    /// compiled from, which rhai parses if it ever has to run the rule.
    #[cfg(gongkai_lowered)]
    #[allow(
        clippy::arc_with_non_send_sync,
        reason = "an Arc as for a compiled rule: with the `parallel` feature (rhai's `sync`) the \
                  program is Send and Sync, and rules are shared across threads"
    )]
    pub(crate) fn from_snapshot(
        meta: RuleMeta,
        program: crate::compiled::Program,
        text: &'static str,
    ) -> Self {
        let (id, basis) = shared(&meta);
        Self {
            id,
            basis,
            holes: message_holes(&meta),
            meta,
            ast: std::sync::OnceLock::new(),
            #[cfg(not(target_family = "wasm"))]
            check: std::sync::OnceLock::new(),
            text: Some(text),
            examples: Vec::new(),
            resolutions: Resolutions::default(),
            lowered: Lowered(Ok(std::sync::Arc::new(program))),
            no_lib: rhai::Shared::default(),
        }
    }

    /// The rule's basis in `lang`, as its findings share it.
    pub(crate) fn basis(&self, lang: crate::text::Lang) -> &std::sync::Arc<str> {
        let [zh, en] = &self.basis;
        match lang {
            crate::text::Lang::Zh => zh,
            crate::text::Lang::En => en,
        }
    }

    /// The rule's AST, if it has been compiled (a rule from a snapshot may not be yet).
    #[cfg(any(test, feature = "lint"))]
    pub(crate) fn parsed(&self) -> Option<&AST> {
        self.ast.get()
    }

    /// The rule's AST, parsed now if the rule came from a snapshot and was not parsed yet.
    fn ast(&self, engine: &rhai::Engine) -> Result<&AST, RhaiFailure> {
        if let Some(ast) = self.ast.get() {
            return Ok(ast);
        }
        #[cfg(gongkai_lowered)]
        let text = self.text.unwrap_or_default();
        #[cfg(not(gongkai_lowered))]
        let text = "";
        let ast = engine.compile(text).map_err(|e| parse_failure(&e))?;
        let ast = functions_only(ast, &self.meta.source);
        Ok(self.ast.get_or_init(|| ast))
    }

    /// Runs `check` on one record. `tag` carries "today" for the `today()` library function.
    /// Natively the lowered program runs first; rhai runs the rule when it is not lowered or the
    /// lowered run bails (rhai then gives the result, or the error with its position), except
    /// when the lowered run bailed because the call is out of time: running it again could
    /// only time out again, later, so the timeout is reported at once. (A run that bails for
    /// the operation count is run again: the lowered count is generous, rhai's is exact. The
    /// deadline is not restarted for it.)
    pub(crate) fn run(
        &self,
        engine: &rhai::Engine,
        record: &Dynamic,
        tag: &Dynamic,
    ) -> Result<Raws<'_>, RhaiFailure> {
        #[cfg(gongkai_lowered)]
        match self.lowered_check(engine, record, tag) {
            Ok(out) => return self.collect(out),
            Err(_) if crate::sandbox::expired() => {
                return Err(timed_out(crate::sandbox::expired_at()));
            }
            Err(_) => {}
        }
        self.run_rhai(engine, record, tag)
    }

    /// `check`'s value from the lowered program, or why there is none (not lowered, or bailed).
    #[cfg(gongkai_lowered)]
    fn lowered_check(
        &self,
        engine: &rhai::Engine,
        record: &Dynamic,
        tag: &Dynamic,
    ) -> Result<Dynamic, &'static str> {
        let program = self.lowered.0.as_ref().map_err(|why| *why)?;
        let lib = self.ast.get().map_or(&self.no_lib, AST::shared_lib);
        program.run(engine, lib, tag, record).map_err(|b| b.0)
    }

    /// Whether the rule was read from a snapshot rather than compiled from its source.
    #[cfg(gongkai_lowered)]
    pub(crate) fn is_snapshotted(&self) -> bool {
        self.text.is_some()
    }

    /// The lowered `check`, if the rule has one (for writing a snapshot, natively).
    #[cfg(all(gongkai_lowered, not(target_family = "wasm")))]
    pub(crate) fn lowered_program(&self) -> Option<&crate::compiled::Program> {
        self.lowered.0.as_deref().ok()
    }

    /// Why the rule is not lowered, if it is not.
    #[cfg(test)]
    pub(crate) fn lowered_reason(&self) -> Option<&'static str> {
        self.lowered.0.as_ref().err().copied()
    }

    /// Runs `check` with the lowered program only: why not, when the rule is not lowered or the
    /// run bailed. For tests that hold the two ways against each other.
    #[cfg(test)]
    pub(crate) fn run_lowered(
        &self,
        engine: &rhai::Engine,
        record: &Dynamic,
        tag: &Dynamic,
    ) -> Result<Result<Raws<'_>, RhaiFailure>, &'static str> {
        Ok(self.collect(self.lowered_check(engine, record, tag)?))
    }

    /// Runs `check` under rhai.
    ///
    /// rhai runs `check`'s body in place, as a call of `check` would run it: its parameter the
    /// only variable, at call depth one, with fresh runtime state per call (so
    /// `max_operations` and the call depth count from zero for each rule and record), the
    /// rule's functions as the only script library, and this rule's kept [`Resolutions`]. Not
    /// through a call, because a call moves the position of an error that stops the rule
    /// (operations, time, data size, call depth) to where the function was called, and
    /// `check` is called from nowhere: the error would name no line. Run in place, it names
    /// the line and column where the rule was stopped. (WebAssembly builds call `check`, see
    /// `CheckBody`; so does a rule without `check(record)`, which compiling
    /// refuses, for rhai's error.)
    pub(crate) fn run_rhai(
        &self,
        engine: &rhai::Engine,
        record: &Dynamic,
        tag: &Dynamic,
    ) -> Result<Raws<'_>, RhaiFailure> {
        let ast = self.ast(engine)?;
        let mut global = engine.new_global_runtime_state();
        global.lib.push(ast.shared_lib().clone());
        global.tag = tag.clone();
        let mut caches = self.resolutions.take();
        let mut scope = SCOPE.with(|s| std::mem::take(&mut *s.borrow_mut()));
        #[cfg(not(target_family = "wasm"))]
        let body = self.check.get_or_init(|| CheckBody::of(ast)).as_ref();
        #[cfg(target_family = "wasm")]
        let body: Option<&std::convert::Infallible> = None;
        let out =
            match body {
                #[cfg(not(target_family = "wasm"))]
                Some(check) => {
                    global.level = 1;
                    scope.push_dynamic(check.param.clone(), record.clone());
                    #[expect(
                        deprecated,
                        reason = "rhai's one way to run statements with the caller's state and \
                              caches; kept in rhai 1.x"
                    )]
                    engine.eval_statements_raw(&mut global, &mut caches, &mut scope, &check.body)
                }
                #[cfg(target_family = "wasm")]
                Some(never) => match *never {},
                None => {
                    let mut arg = record.clone();
                    EvalContext::new(engine, &mut global, &mut caches, &mut scope, None)
                        .call_fn_raw("check", false, false, &mut [&mut arg])
                }
            };
        scope.clear();
        SCOPE.with(|s| *s.borrow_mut() = scope);
        self.resolutions.give_back(caches);
        let out = out.map_err(|e| match *e {
            EvalAltResult::ErrorInFunctionCall(name, _, inner, _) if name == "check" => {
                eval_failure(&inner)
            }
            other => eval_failure(&other),
        })?;
        self.collect(out)
    }

    fn collect(&self, out: Dynamic) -> Result<Raws<'_>, RhaiFailure> {
        if out.is_unit() {
            crate::dynamic::discard(out);
            return Ok(Raws::new());
        }
        if let Some(items) = out.read_lock::<Array>() {
            // Most lists a rule returns are empty (vocabulary rules map their unknown terms):
            // no collecting for those.
            if items.is_empty() {
                return Ok(Raws::new());
            }
            return items.iter().map(|i| self.raw(i)).collect();
        }
        let one = self.raw(&out)?;
        #[cfg(gongkai_lowered)]
        return Ok(smallvec::smallvec![one]);
        #[cfg(not(gongkai_lowered))]
        Ok(vec![one])
    }

    fn raw(&self, item: &Dynamic) -> Result<RawFinding<'_>, RhaiFailure> {
        let bad = |zh: String, en: String| RhaiFailure {
            code: "bad_finding".into(),
            message: Text::new(zh, en),
            line: None,
            column: None,
            year: None,
        };
        let Some(map) = item.read_lock::<rhai::Map>() else {
            return Err(bad(
                format!(
                    "check 应返回 ()、发现对象 `#{{ field: … }}` 或其数组，实际返回 {}",
                    item.type_name()
                ),
                format!(
                    "check must return (), a finding map `#{{ field: … }}` or an array of them, not {}",
                    item.type_name()
                ),
            ));
        };
        // The map is read member by member (not converted whole and then taken apart): `field`
        // and `message` are the finding's own, every other non-() member is a value for the
        // message's placeholders.
        let mut field = None;
        let mut message = None;
        let mut values = BTreeMap::new();
        for (key, v) in map.iter() {
            match key.as_str() {
                "field" => field = Some(v),
                "message" => message = Some(v),
                _ if v.is_unit() => {}
                _ => {
                    let json = to_json(v).map_err(|ty| {
                        bad(
                            format!("发现的 {key} 不能是 {ty}（应为文本、数字、布尔值、数组或对象）"),
                            format!(
                                "a finding's {key} cannot be a {ty} (use text, numbers, booleans, arrays or maps)"
                            ),
                        )
                    })?;
                    values.insert(key.as_str().to_owned(), json);
                }
            }
        }
        // Text is copied out as it is: `to_string` would go through `Display` and the
        // formatter's padding, ≈ 230 instructions a string.
        let field = match field.filter(|v| !v.is_unit()) {
            Some(f) if f.is_string() => text(f).map(|s| s.as_str().to_owned()).unwrap_or_default(),
            None if self.meta.fields.len() == 1 => {
                self.meta.fields.first().cloned().unwrap_or_default()
            }
            None => String::new(),
            Some(other) => {
                return Err(bad(
                    format!("发现的 field 应为文本，实际为 {other}"),
                    format!("a finding's field must be a string, not {other}"),
                ));
            }
        };
        let name = match message {
            Some(m) if m.is_string() => text(m),
            None => None,
            Some(other) => {
                return Err(bad(
                    format!("发现的 message 应为消息名称（文本），实际为 {other}"),
                    format!("a finding's message must be a message name, not {other}"),
                ));
            }
        };
        let name = name.as_deref().map_or("default", ImmutableString::as_str);
        // A rule has a few messages at most: a scan finds one as fast as the tree would.
        let mut found = self.meta.messages.iter().zip(&*self.holes);
        let Some(((message, template), holes)) = found.find(|((k, _), _)| *k == name) else {
            let known = self
                .meta
                .messages
                .keys()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join(", ");
            // A rule with several messages and a finding that names none: say what to add.
            return Err(if message.is_none() {
                bad(
                    format!(
                        "发现没有写用哪条消息：请加上 `message: \"…\"`（RULE.messages 中有：{known}）"
                    ),
                    format!(
                        "the finding names no message: add `message: \"…\"` (RULE.messages has: {known})"
                    ),
                )
            } else {
                bad(
                    format!("RULE.messages 中没有名为 `{name}` 的消息（有：{known}）"),
                    format!("no message named `{name}` in RULE.messages (have: {known})"),
                )
            });
        };
        Ok(RawFinding {
            field,
            message,
            template,
            holes,
            values,
        })
    }
}

/// The failure of a lowered run that ran out of time, at `at`: where it ran out when that was
/// inside a native function (which charged its work; `crate::sandbox::expired_in`), else
/// nowhere. Out of line: rare, and a failure is large.
#[cfg(gongkai_lowered)]
#[cold]
#[inline(never)]
fn timed_out(at: rhai::Position) -> RhaiFailure {
    let mut timeout = crate::sandbox::timeout();
    timeout.set_position(at);
    eval_failure(&timeout)
}

/// A rhai string's text, borrowed.
fn text(v: &Dynamic) -> Option<rhai::DynamicReadLock<'_, ImmutableString>> {
    v.read_lock::<ImmutableString>()
}

/// Fills `{name}` placeholders from `values`; `{label}` is the field's label. Returns the name
/// of a placeholder without a value, so the rule's examples catch a typo in a template.
pub(crate) fn render(
    template: &str,
    holes: &Holes,
    values: &BTreeMap<String, Value>,
    label: &str,
) -> Result<String, String> {
    let mut out = String::with_capacity(template.len() + 16);
    let mut at = 0;
    for &(open, close) in &*holes.0 {
        out.push_str(template.get(at..open).unwrap_or_default());
        let name = template.get(open + 1..close).unwrap_or_default();
        match (name, values.get(name)) {
            (_, Some(v)) => push_display(&mut out, v),
            ("label", None) => out.push_str(label),
            _ => return Err(name.to_owned()),
        }
        at = close + 1;
    }
    out.push_str(template.get(at..).unwrap_or_default());
    Ok(out)
}

/// A value as a message shows it: text as it is, a list joined with 、, other values as JSON.
fn push_display(out: &mut String, v: &Value) {
    match v {
        Value::String(s) => out.push_str(s),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push('、');
                }
                push_display(out, item);
            }
        }
        // Integers written in place, where speed is what the build is for (natively and in
        // the fast module); the default module spends no bytes on it (BENCHMARKS.md §3).
        #[cfg(gongkai_lowered)]
        other => match other.as_i64() {
            Some(n) => out.push_str(crate::json::decimal(n, &mut [0; 20])),
            None => out.push_str(&crate::json::text_of(other)),
        },
        #[cfg(not(gongkai_lowered))]
        other => out.push_str(&crate::json::text_of(other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `render` of a template whose placeholders are found as a rule's are.
    fn render_text(
        template: &str,
        values: &BTreeMap<String, Value>,
        label: &str,
    ) -> Result<String, String> {
        render(template, &Holes::of(template), values, label)
    }

    #[test]
    fn numbers_in_messages_read_as_their_json() {
        let numbers = [
            Value::from(i64::MIN),
            Value::from(-10),
            Value::from(-1),
            Value::from(0),
            Value::from(7),
            Value::from(10),
            Value::from(40000),
            Value::from(i64::MAX),
            Value::from(u64::MAX),
            Value::from(1.5),
            Value::from(-0.25),
        ];
        for n in numbers {
            let values: BTreeMap<_, _> = [("n".to_owned(), n.clone())].into();
            assert_eq!(
                render_text("共{n}个", &values, "").unwrap(),
                format!("共{}个", serde_json::to_string(&n).unwrap()),
                "{n}"
            );
        }
    }

    /// Placeholders found once give the message that scanning the template as it is rendered
    /// gives (this is that scan, as `render` did it before templates were split when a rule is
    /// made), on templates with braces in every position.
    #[test]
    fn split_templates_render_as_scanned_ones() {
        fn scanned(
            template: &str,
            values: &BTreeMap<String, Value>,
            label: &str,
        ) -> Option<String> {
            let mut out = String::new();
            let mut rest = template;
            while let Some(open) = rest.find('{') {
                out.push_str(rest.get(..open)?);
                let after = rest.get(open + 1..)?;
                let Some(close) = after.find('}') else {
                    out.push_str(rest.get(open..)?);
                    return Some(out);
                };
                let name = after.get(..close)?;
                if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
                {
                    out.push('{');
                    rest = after;
                    continue;
                }
                match (name, values.get(name)) {
                    (_, Some(v)) => push_display(&mut out, v),
                    ("label", None) => out.push_str(label),
                    _ => return None,
                }
                rest = after.get(close + 1..)?;
            }
            out.push_str(rest);
            Some(out)
        }
        let values: BTreeMap<_, _> = [
            ("a".to_owned(), Value::from("甲")),
            ("b_2".to_owned(), Value::from(2)),
        ]
        .into();
        for template in [
            "",
            "无占位符",
            "{a}",
            "{a}{b_2}",
            "前{a}中{b_2}后",
            "{{a}}",
            "{{{a}}}",
            "{}",
            "{ a}",
            "{a, b}{a}",
            "{a{b_2}}",
            "}{a}{",
            "未闭合 {a",
            "{label}：{a}",
            "{缺}{a}",
            "{missing}",
        ] {
            assert_eq!(
                render_text(template, &values, "标签").ok(),
                scanned(template, &values, "标签"),
                "{template}"
            );
        }
    }

    #[test]
    fn renders_placeholders() {
        let values: BTreeMap<_, _> = [
            ("expected".to_owned(), Value::from("2018-10-08")),
            ("n".to_owned(), Value::from(3)),
        ]
        .into();
        assert_eq!(
            render_text("应于{expected}前发布（{n}个工作日）", &values, "").unwrap(),
            "应于2018-10-08前发布（3个工作日）"
        );
        assert_eq!(
            render_text("{label}不能为空", &values, "发布日期").unwrap(),
            "发布日期不能为空"
        );
        assert_eq!(
            render_text("{missing}", &values, "").unwrap_err(),
            "missing"
        );
        assert_eq!(
            render_text("集合 {a, b} 不是占位符", &values, "").unwrap(),
            "集合 {a, b} 不是占位符"
        );
        let lists: BTreeMap<_, _> = [(
            "terms".to_owned(),
            serde_json::json!(["市长信箱", ["甲", 2], true, {"k": "值"}]),
        )]
        .into();
        assert_eq!(
            render_text("未知选项：{terms}。", &lists, "").unwrap(),
            "未知选项：市长信箱、甲、2、true、{\"k\":\"值\"}。"
        );
        assert_eq!(
            render_text("未闭合 {terms", &lists, "").unwrap(),
            "未闭合 {terms"
        );
    }

    #[test]
    fn ids_are_prefix_dash_three_digits() {
        assert!(valid_id("DOC-001") && valid_id("CAT-120"));
        assert!(
            !valid_id("doc-001") && !valid_id("DOC-1") && !valid_id("DOC001") && !valid_id("-001")
        );
    }

    #[test]
    fn locates_keys() {
        let src = "const RULE = #{\n    id: \"X\",\n    severity: \"bad\",\n};";
        assert_eq!(locate(src, "severity"), (Some(3), Some(5)));
    }
}
