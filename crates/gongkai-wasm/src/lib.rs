//! The WebAssembly binding of gongkai: a thin wasm-bindgen layer over the core, with no logic
//! of its own. Everything it does is a conversion: JavaScript objects in and out as JSON text
//! (made and parsed on the JavaScript side by `js/json.js`, read here by the core's
//! `gongkai::json`, written by serde_json; maps become plain objects, never ES `Map`s), except
//! what every check sends and gets back, which is packed for speed (the usual check options in
//! `options`, the report in `report`), and TypeScript types generated from the Rust types
//! (tsify).
//!
//! Errors follow one rule: a bad *rule* or bad *data* is an answer (diagnostics, input issues),
//! never an exception; only a programming error (an unknown record kind, options of the wrong
//! shape) throws a `JsError`.
#![cfg(target_family = "wasm")]

mod options;
mod report;

use gongkai::date::Date;
use gongkai::json::Members;
use gongkai::{CheckError, CheckOptions, Diagnostic, EngineOptions, Lang, Limits, Report, Text};
use serde::Serialize;
use serde_json::Value;
use tsify::Tsify;
use wasm_bindgen::prelude::*;

/// The fast module's allocator (the `lowered` feature's documentation says why). talc's wasm
/// allocator assumes one thread, which a module built without atomics is.
#[cfg(all(feature = "lowered", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[wasm_bindgen]
extern "C" {
    /// `EngineInit` as JavaScript passes it (typed in the `.d.ts`, converted with serde).
    #[wasm_bindgen(typescript_type = "EngineInit")]
    pub type EngineInitJs;
    /// `CheckInit` as JavaScript passes it.
    #[wasm_bindgen(typescript_type = "CheckInit")]
    pub type CheckInitJs;
}

/// Makes this instance trap. Exists only so the tests can show that the JavaScript wrapper
/// recovers from a trap; nothing else calls it.
#[doc(hidden)]
#[wasm_bindgen(js_name = __trapForTests)]
pub fn trap_for_tests() {
    // The same trap a panic ends in (release builds abort), without linking panic formatting.
    core::arch::wasm32::unreachable()
}

/// Options JavaScript passes as an object: what they are called in messages, the members they
/// know, and how they are read from those members (an error says, in English, what is wrong).
trait JsOptions: Default {
    const WHAT: &str;
    const MEMBERS: &[&str];
    fn read(m: &Members<'_>) -> Result<Self, String>;
}

/// The English half of the core's bilingual messages: a thrown error is for the developer.
fn en(text: Text) -> String {
    text.en
}

/// Reads optional options, treating `undefined` and `null` as "all defaults". The options
/// refuse members they do not know, so a typo such as `todya` is an error, not silently ignored.
fn init<T: JsOptions>(value: Option<JsValue>) -> Result<T, JsError> {
    let Some(value) = value.filter(|v| !v.is_undefined() && !v.is_null()) else {
        return Ok(T::default());
    };
    let value = from_js(value, T::WHAT)?;
    Members::of(&value, "", T::MEMBERS)
        .map_err(en)
        .and_then(|m| T::read(&m))
        .map_err(|e| JsError::new(&format!("invalid {}: {e}", T::WHAT)))
}

// Values cross the boundary as JSON text: `JSON.stringify` / `JSON.parse` on the JavaScript
// side are native and fast, and one string copy replaces a call across the boundary for every
// property (several times faster for form-sized records), while JavaScript still sees plain
// objects. Text coming in is read by `gongkai::json` rather than serde_json's deserializer,
// which with the visitors derived for each type was ≈ 23 KB of the gzipped module.

fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    // The results are gongkai's own types and JSON values, whose keys are strings, so writing
    // them cannot fail; serde_json's error text is not worth its 1.3 KB (its every message).
    let text = serde_json::to_string(value)
        .map_err(|_| JsError::new("cannot convert the result to JSON"))?;
    let value = json_value(&text);
    if value.is_undefined() {
        return Err(JsError::new("cannot convert the result"));
    }
    Ok(value)
}

#[wasm_bindgen(module = "/js/json.js")]
extern "C" {
    /// `JSON.stringify(value)`; `None` where it has no text (it returns `undefined`), and where
    /// it throws (on a BigInt, a cycle), NUL and ` (the exception)` (see `json_of`).
    #[wasm_bindgen(js_name = jsonText)]
    fn json_text(value: &JsValue) -> Option<String>;

    /// `JSON.parse(text)`, or `undefined` if it throws (which text serde_json wrote never
    /// makes it do).
    #[wasm_bindgen(js_name = jsonValue)]
    fn json_value(text: &str) -> JsValue;
}

/// `value` as JSON, through its text. The text comes from a snippet rather than js-sys's
/// `JSON.stringify` and `as_string`: those are two calls out of the module, one through
/// wasm-bindgen's exception handling, and a slot in the table of JavaScript values for the
/// string in between; the snippet's text arrives copied in the one call (every check's record
/// comes this way).
fn from_js(value: JsValue, what: &str) -> Result<Value, JsError> {
    parse_json(&json_of(&value, what)?, what)
}

/// `value`'s JSON text; `what` names it in the error, which keeps JavaScript's reason when
/// `JSON.stringify` threw. (No JSON text starts with NUL, so it can mark the reason.)
fn json_of(value: &JsValue, what: &str) -> Result<String, JsError> {
    let text = json_text(value).unwrap_or_else(|| "\0".to_owned());
    match text.strip_prefix('\0') {
        None => Ok(text),
        Some(reason) => Err(JsError::new(&format!(
            "invalid {what}: not representable as JSON{reason}"
        ))),
    }
}

/// A record's JSON text: `undefined` is no record, as `null` is (an input issue of the report,
/// not an exception).
fn record_json(record: &JsValue) -> Result<String, JsError> {
    if record.is_undefined() {
        return Ok("null".to_owned());
    }
    json_of(record, "record")
}

fn parse_json(text: &str, what: &str) -> Result<Value, JsError> {
    gongkai::json::parse(text).map_err(|e| JsError::new(&format!("invalid {what}: {e}")))
}

/// The message language `lang` names: `"zh"` (also when absent) or `"en"`. Anything else is
/// refused with this message wherever a language is accepted.
fn lang_of(lang: Option<&str>) -> Result<Lang, String> {
    match lang {
        None | Some("zh") => Ok(Lang::Zh),
        Some("en") => Ok(Lang::En),
        Some(other) => Err(format!("`lang` must be \"zh\" or \"en\", not `{other}`")),
    }
}

/// The date `today` names (absent: today in Beijing time). The error names the option.
fn today_of(today: Option<&str>) -> Result<Date, String> {
    today.map_or_else(
        || Ok(today_in_beijing()),
        |t| {
            Date::parse(t)
                .map_err(|_| format!("`today` must be a valid date written YYYY-MM-DD, not `{t}`"))
        },
    )
}

/// An error of a function's argument, named with the function: `eval: `lang` must be …`.
fn argument(function: &str, error: String) -> JsError {
    JsError::new(&format!("{function}: {error}"))
}

/// Milliseconds from `Date.now()`: the clock behind the per-call time limit (std has none on
/// wasm32-unknown-unknown).
fn now() -> f64 {
    js_sys::Date::now()
}

/// Today in Beijing time (UTC+8, no daylight saving), the default "today" of a check.
fn today_in_beijing() -> Date {
    Date::in_beijing_at(now() as i64)
}

/// Options for `new Engine(options)`.
#[derive(Debug, Default, Tsify)]
#[serde(default, rename_all = "camelCase")]
pub struct EngineInit {
    /// Load the standard rule packs (default `true`).
    #[tsify(optional)]
    pub standard: Option<bool>,
    /// Override resource limits for rules.
    #[tsify(optional)]
    pub limits: Option<Limits>,
}

impl JsOptions for EngineInit {
    const WHAT: &str = "Engine options";
    const MEMBERS: &[&str] = &["standard", "limits"];

    fn read(m: &Members<'_>) -> Result<Self, String> {
        let limits = m
            .get("limits")
            .map(|v| Limits::from_json(v, "limits"))
            .transpose()
            .map_err(en)?;
        if let Some(limits) = &limits {
            depths(limits)?;
        }
        Ok(EngineInit {
            standard: m.bool("standard").map_err(en)?,
            limits,
        })
    }
}

// The ceilings of the depth limits in WebAssembly. Rules run on recursive evaluators, whose
// frames take the module's stack (2 MiB, `build.rs`) and the browser's machine stack (≈ 1 MiB on
// a page's main thread, about half that in a worker), neither of which can grow: past either, a
// call traps or throws `RangeError` and the instance is lost. (Natively an expression depth of 0
// means "no limit"; here every limit must be at least 1.) The stack a rule can take grows with
// `max_expr_depth + max_call_levels × max_function_expr_depth`: top-level code nested as deep as
// it may be, calling a recursion as deep as it may be whose every level nests as deep as it may.
// Measured in Chromium 148 with the deepest such rules (nested function calls, the costliest
// nesting found per unit of depth), both modules: in a worker running optimised code (the
// tightest case) they overflow at ≈ 1344; the default limits (64 + 32 × 32 = 1088) are ≈ 81% of
// that, and are the most allowed. Each limit has its own ceiling too: one expression nested
// ≈ 1000 deep overflows while it is parsed, and each call level costs some stack however shallow
// its function. tests/browser/04-limits.test.mjs runs the deepest rules these allow.

/// The most `max_call_levels` can be (≈ 52% of the depth where the simplest recursion overflows
/// in a worker).
pub const MAX_CALL_LEVELS: usize = 128;
/// The most `max_expr_depth` and `max_function_expr_depth` can be (≈ 51% of the depth where one
/// nested expression overflows in a worker).
pub const MAX_EXPR_DEPTH: usize = 512;
/// The most `max_expr_depth + max_call_levels × max_function_expr_depth` can be: the default
/// limits' 64 + 32 × 32.
pub const MAX_DEPTH: usize = 1088;

/// Refuses depth limits the module's stacks cannot hold (see `MAX_DEPTH`).
fn depths(l: &Limits) -> Result<(), String> {
    // Saturating: the limits have not been bounded yet when the total is made.
    let total = l
        .max_call_levels
        .saturating_mul(l.max_function_expr_depth)
        .saturating_add(l.max_expr_depth);
    for (name, value, max) in [
        ("max_call_levels", l.max_call_levels, MAX_CALL_LEVELS),
        ("max_expr_depth", l.max_expr_depth, MAX_EXPR_DEPTH),
        (
            "max_function_expr_depth",
            l.max_function_expr_depth,
            MAX_EXPR_DEPTH,
        ),
        (
            "max_expr_depth` + `limits.max_call_levels` × `limits.max_function_expr_depth",
            total,
            MAX_DEPTH,
        ),
    ] {
        if value == 0 || value > max {
            return Err(format!(
                "`limits.{name}` must be from 1 to {max} in WebAssembly (a deeper rule could \
                 overflow the stack), not {value}"
            ));
        }
    }
    Ok(())
}

/// Options for `check` and `checkField`.
#[derive(Debug, Default, Tsify)]
#[serde(default)]
pub struct CheckInit {
    /// Language of messages, `"zh"` (default) or `"en"`.
    #[tsify(optional)]
    pub lang: Option<Lang>,
    /// The date rules treat as today, `"YYYY-MM-DD"` (default: today in Beijing time).
    #[tsify(optional)]
    pub today: Option<String>,
}

impl JsOptions for CheckInit {
    const WHAT: &str = "check options";
    const MEMBERS: &[&str] = &["lang", "today"];

    fn read(m: &Members<'_>) -> Result<Self, String> {
        let lang = m.text("lang").map_err(en)?;
        Ok(CheckInit {
            lang: lang.map(|l| lang_of(Some(l))).transpose()?,
            today: m.text("today").map_err(en)?.map(str::to_owned),
        })
    }
}

/// The answer of `loadRules`.
#[derive(Debug, Serialize, Tsify)]
pub struct LoadResult {
    /// Whether the rule was loaded.
    pub ok: bool,
    /// The rule's id, when loaded.
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Whether it replaced a rule with the same id.
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replaced: Option<bool>,
    /// What is wrong with the source, with line and column; empty when loaded.
    pub diagnostics: Vec<Diagnostic>,
}

/// The answer of `eval` and `extendCalendar`.
#[derive(Debug, Serialize, Tsify)]
pub struct Outcome {
    /// Whether it worked.
    pub ok: bool,
    /// The result (`eval`: the value; `extendCalendar`: the year).
    #[tsify(optional, type = "unknown")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    /// What went wrong, in the requested language.
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// A record being filled in, kept converted in the module: a form re-checked as a person types
/// sends only the field that changed (`set`), not the whole record each time, and checks it
/// with `Engine.checkDraft`. Call `free()` when the form goes away.
#[wasm_bindgen]
pub struct Draft {
    inner: gongkai::record::Draft,
}

#[wasm_bindgen]
impl Draft {
    /// An empty record of `kind`; throws for a kind the engine does not know.
    #[wasm_bindgen(constructor)]
    pub fn new(kind: &str) -> Result<Draft, JsError> {
        gongkai::record::Draft::new(kind)
            .map(|inner| Draft { inner })
            .map_err(|e| JsError::new(&e.message(Lang::Zh)))
    }

    /// Gives member `name` a new value (any JSON value), or removes it (`undefined`). A value of
    /// the wrong type is an input issue of the next check, not an exception.
    pub fn set(
        &mut self,
        name: &str,
        #[wasm_bindgen(unchecked_param_type = "unknown")] value: JsValue,
    ) -> Result<(), JsError> {
        let value = if value.is_undefined() {
            None
        } else {
            Some(from_js(value, name)?)
        };
        self.inner.set(name, value.as_ref());
        Ok(())
    }
}

/// The rules engine: the standard packs (unless disabled), the working-day calendar, and any
/// rules loaded at run time.
#[wasm_bindgen]
pub struct Engine {
    inner: gongkai::Engine,
}

/// For the crate's tests, not exported to JavaScript (both modules keep the same glue).
impl Engine {
    /// How many of the rules compiled so far came compiled from the module's snapshot of the
    /// standard rules (`gongkai::snapshot`): every standard rule in the fast module.
    #[doc(hidden)]
    pub fn precompiled_rules(&self) -> usize {
        self.inner.precompiled_rules()
    }
}

#[wasm_bindgen]
impl Engine {
    /// `new Engine()` has the full standard rules; `new Engine({ standard: false })` starts empty.
    #[wasm_bindgen(constructor)]
    pub fn new(options: Option<EngineInitJs>) -> Result<Engine, JsError> {
        let init: EngineInit = init(options.map(JsValue::from))?;
        let options = EngineOptions {
            standard_rules: init.standard.unwrap_or(true),
            limits: init.limits.unwrap_or_default(),
            clock: Some(now),
        };
        Ok(Engine {
            inner: gongkai::Engine::with_options(&options),
        })
    }

    fn options(&self, options: Option<CheckInitJs>) -> Result<CheckOptions, JsError> {
        let options = options.map(JsValue::from);
        if let Some(quick) = options::quick(options.as_ref()) {
            return Ok(quick);
        }
        let init: CheckInit = init(options)?;
        let today = today_of(init.today.as_deref())
            .map_err(|e| JsError::new(&format!("invalid {}: {e}", CheckInit::WHAT)))?;
        Ok(CheckOptions::new(today).with_lang(init.lang.unwrap_or_default()))
    }

    /// The report of one of the checks, run with `options` read: one copy of the reading, the
    /// error and the conversion for `check`, `checkField` and `checkDraft` (a closure each
    /// would be a copy each).
    fn report(
        &self,
        options: Option<CheckInitJs>,
        run: &dyn Fn(&gongkai::Engine, &CheckOptions) -> Result<Report, CheckError>,
    ) -> Result<JsValue, JsError> {
        let options = self.options(options)?;
        let report =
            run(&self.inner, &options).map_err(|e| JsError::new(&e.message(options.lang)))?;
        report::to_js(&report)
    }

    /// Checks one record of `kind` with every rule for that kind. Data problems come back in
    /// `issues`; only an unknown kind or malformed options throw.
    #[wasm_bindgen(unchecked_return_type = "Report")]
    pub fn check(
        &self,
        kind: &str,
        #[wasm_bindgen(unchecked_param_type = "Record<string, unknown>")] record: JsValue,
        options: Option<CheckInitJs>,
    ) -> Result<JsValue, JsError> {
        // The fast module reads the usual record straight from its text into the record rules
        // see, without the JSON value in between (`gongkai::record::read_json`); anything else
        // goes the usual way, which says what is wrong with it.
        #[cfg(feature = "lowered")]
        let record = {
            let text = record_json(&record)?;
            let usual =
                gongkai::schema::kind(kind).and_then(|k| gongkai::record::read_json(k, &text));
            if let Some(usual) = usual {
                // As `report` answers, the record moved into the check rather than borrowed.
                let options = self.options(options)?;
                let report = self
                    .inner
                    .check_normalized(kind, usual, &options)
                    .map_err(|e| JsError::new(&e.message(options.lang)))?;
                return report::to_js(&report);
            }
            parse_json(&text, "record")?
        };
        #[cfg(not(feature = "lowered"))]
        let record = parse_json(&record_json(&record)?, "record")?;
        self.report(options, &|e, o| e.check(kind, &record, o))
    }

    /// Re-checks after one field changed, running only the rules that read `field`
    /// (`report.rules` lists them, so a form replaces exactly their earlier findings).
    #[wasm_bindgen(js_name = checkField, unchecked_return_type = "Report")]
    pub fn check_field(
        &self,
        kind: &str,
        #[wasm_bindgen(unchecked_param_type = "Record<string, unknown>")] record: JsValue,
        field: &str,
        options: Option<CheckInitJs>,
    ) -> Result<JsValue, JsError> {
        let record = parse_json(&record_json(&record)?, "record")?;
        self.report(options, &|e, o| e.check_field(kind, &record, field, o))
    }

    /// Checks what `draft` holds: with `field`, as `checkField` checks the same record given
    /// whole (only the rules that read `field`); without, as `check` does.
    #[wasm_bindgen(js_name = checkDraft, unchecked_return_type = "Report")]
    pub fn check_draft(
        &self,
        draft: &Draft,
        field: Option<String>,
        options: Option<CheckInitJs>,
    ) -> Result<JsValue, JsError> {
        self.report(options, &|e, o| {
            Ok(e.check_draft(&draft.inner, field.as_deref(), o))
        })
    }

    /// The loaded rules' metadata, ordered by id.
    #[wasm_bindgen(unchecked_return_type = "RuleMeta[]")]
    pub fn rules(&self) -> Result<JsValue, JsError> {
        to_js(&self.inner.rules())
    }

    /// Compiles a rule source and adds it (replacing a rule with the same id). Never throws
    /// for a bad rule: `diagnostics` say what is wrong, with line and column.
    #[wasm_bindgen(js_name = loadRules, unchecked_return_type = "LoadResult")]
    pub fn load_rules(&mut self, source: &str, name: Option<String>) -> Result<JsValue, JsError> {
        let name = name.unwrap_or_else(|| "custom.rhai".to_owned());
        let result = match self.inner.add_source(&name, source) {
            Ok(l) => LoadResult {
                ok: true,
                id: Some(l.id),
                replaced: Some(l.replaced),
                diagnostics: Vec::new(),
            },
            Err(diagnostics) => LoadResult {
                ok: false,
                id: None,
                replaced: None,
                diagnostics,
            },
        };
        to_js(&result)
    }

    /// Removes a rule; returns whether it existed.
    #[wasm_bindgen(js_name = removeRule)]
    pub fn remove_rule(&mut self, id: &str) -> bool {
        self.inner.remove_rule(id)
    }

    /// Runs the examples of the rules loaded with `loadRules` (all, or those with the given
    /// ids). The standard rules the module embeds are left out: it embeds them without their
    /// examples (they are tested natively, by `gongkai test`); their full sources, examples
    /// included, are published beside the package (`pkg/rules/`), to load and test here.
    #[wasm_bindgen(unchecked_return_type = "TestReport")]
    pub fn test(&self, ids: Option<Vec<String>>) -> Result<JsValue, JsError> {
        // `loadRules` adds to the `custom` pack; every other pack is a standard one.
        let report = self
            .inner
            .test(|m| m.pack == "custom" && ids.as_ref().is_none_or(|ids| ids.contains(&m.id)));
        to_js(&report)
    }

    /// Adds or replaces a year of the holiday calendar, in holiday-cn format (a JSON string or
    /// the parsed object). `value` is the year on success.
    #[wasm_bindgen(js_name = extendCalendar, unchecked_return_type = "Outcome")]
    pub fn extend_calendar(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | object")] data: JsValue,
        lang: Option<String>,
    ) -> Result<JsValue, JsError> {
        let zh = lang_of(lang.as_deref()).map_err(|e| argument("extendCalendar", e))? == Lang::Zh;
        let json = match data.as_string() {
            Some(s) => s,
            None => json_of(&data, "calendar data")?,
        };
        let outcome = match self.inner.extend_calendar(&json) {
            Ok(year) => Outcome {
                ok: true,
                value: Some(year.into()),
                error: None,
            },
            Err(e) => Outcome {
                ok: false,
                value: None,
                error: Some(if zh { e.message_zh() } else { e.to_string() }),
            },
        };
        to_js(&outcome)
    }

    /// Evaluates a rhai expression with the rule-author library, under the same sandbox.
    #[wasm_bindgen(unchecked_return_type = "Outcome")]
    pub fn eval(
        &self,
        expr: &str,
        today: Option<String>,
        lang: Option<String>,
    ) -> Result<JsValue, JsError> {
        let today = today_of(today.as_deref()).map_err(|e| argument("eval", e))?;
        let lang = lang_of(lang.as_deref()).map_err(|e| argument("eval", e))?;
        let outcome = match self.inner.eval(expr, today) {
            Ok(value) => Outcome {
                ok: true,
                value: Some(value),
                error: None,
            },
            Err(e) => Outcome {
                ok: false,
                value: None,
                error: Some(e.message(lang)),
            },
        };
        to_js(&outcome)
    }
}

/// One record read from CSV.
#[derive(Debug, Serialize, Tsify)]
pub struct CsvRecord {
    /// 1-based line of the row in the file.
    pub line: usize,
    /// The record, ready for `check`.
    #[tsify(type = "Record<string, unknown>")]
    pub record: Value,
}

/// Something of a CSV file that its records leave out.
#[derive(Debug, Serialize, Tsify)]
pub struct CsvWarning {
    /// 1-based line where the cell starts.
    pub line: usize,
    /// 1-based column, in characters, where the cell starts.
    pub column: usize,
    /// What was left out, naming the spreadsheet column (`第3列（C）`).
    pub message: String,
}

/// The answer of `recordsFromCsv`.
#[derive(Debug, Serialize, Tsify)]
pub struct CsvResult {
    /// Whether the file could be read.
    pub ok: bool,
    /// The records, in file order.
    pub records: Vec<CsvRecord>,
    /// What the records leave out (a column that matches no field, two columns for one field,
    /// values under a column without a name, cells beyond the header), where it is.
    pub warnings: Vec<CsvWarning>,
    /// Why the file could not be read.
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The line of that problem.
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

/// Reads records of `kind` from CSV or TSV text (a spreadsheet export). Headers may be field
/// names or the Chinese or English labels of the schema; list columns are split on 、，; etc.
/// What the records leave out (columns matching no field, two columns for one field, cells
/// beyond the header) comes back as `warnings`, with line and column. Only the fast module
/// (`createEngine({ fast: true })`) reads CSV; the default one throws, saying so.
#[wasm_bindgen(js_name = recordsFromCsv, unchecked_return_type = "CsvResult")]
pub fn records_from_csv(kind: &str, text: &str, lang: Option<String>) -> Result<JsValue, JsError> {
    let lang = lang_of(lang.as_deref()).map_err(|e| argument("recordsFromCsv", e))?;
    let Some(schema) = gongkai::schema::kind(kind) else {
        return Err(JsError::new(
            &gongkai::CheckError::UnknownKind(kind.to_owned()).message(lang),
        ));
    };
    // The default module is the one forms load, and it has no room for a spreadsheet reader:
    // audits read their exports with the fast module (the audit page does), or natively.
    #[cfg(not(feature = "lowered"))]
    {
        let _ = (schema, text);
        Err(JsError::new(match lang {
            gongkai::Lang::Zh => {
                "recordsFromCsv：此模块不读取 CSV，请用快速模块（createEngine({ fast: true })）"
            }
            gongkai::Lang::En => {
                "recordsFromCsv: this module does not read CSV; use the fast one (createEngine({ fast: true }))"
            }
        }))
    }
    #[cfg(feature = "lowered")]
    {
        let pick = |t: &gongkai::Text| t.get(lang).to_owned();
        let result = match gongkai::csv::records(schema, text) {
            Ok(read) => CsvResult {
                ok: true,
                records: read
                    .records
                    .into_iter()
                    .map(|(line, record)| CsvRecord { line, record })
                    .collect(),
                warnings: read
                    .warnings
                    .iter()
                    .map(|w| CsvWarning {
                        line: w.line,
                        column: w.column,
                        message: pick(&w.message),
                    })
                    .collect(),
                error: None,
                line: None,
            },
            Err(e) => CsvResult {
                ok: false,
                records: Vec::new(),
                warnings: Vec::new(),
                error: Some(pick(&e.message)),
                line: Some(e.line),
            },
        };
        to_js(&result)
    }
}

/// Defines (or redefines) a record kind for forms and registers outside the standard kinds;
/// rules can then name it and records of it can be checked. `ok: false` with the reason when
/// the definition is invalid.
#[wasm_bindgen(js_name = defineKind, unchecked_return_type = "Outcome")]
pub fn define_kind(
    #[wasm_bindgen(unchecked_param_type = "KindDef")] def: JsValue,
    lang: Option<String>,
) -> Result<JsValue, JsError> {
    let lang = lang_of(lang.as_deref()).map_err(|e| argument("defineKind", e))?;
    let def = from_js(def, "kind definition")?;
    let defined =
        gongkai::schema::KindDef::from_json(&def).and_then(|d| gongkai::schema::define_kind(&d));
    let outcome = match defined {
        Ok(kind) => Outcome {
            ok: true,
            value: Some(kind.name.into()),
            error: None,
        },
        Err(e) => Outcome {
            ok: false,
            value: None,
            error: Some(e.get(lang).to_owned()),
        },
    };
    to_js(&outcome)
}

/// The record schemas: every kind with its fields, types and Chinese/English labels, so a
/// form can be generated or mapped.
#[wasm_bindgen(unchecked_return_type = "Kind[]")]
pub fn schemas() -> Result<JsValue, JsError> {
    to_js(&gongkai::schema::all_kinds())
}

/// The package version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// How this build runs rules: `"rhai"` (rhai's AST walker: the default module,
/// `gongkai_bg.wasm`) or `"lowered"` (gongkai's lowered evaluator, as native builds run them:
/// the fast module, `gongkai_bg.fast.wasm`, two to three times as fast and ≈ 130 KB larger
/// gzipped, its standard rules compiled in). Both give the same findings and share the same
/// JavaScript glue; this tells a page which one it loaded.
#[wasm_bindgen]
pub fn evaluator() -> String {
    if cfg!(feature = "lowered") {
        "lowered"
    } else {
        "rhai"
    }
    .to_owned()
}
