//! The engine: compiled rule packs, checked against records.

use crate::calendar::{Calendar, CalendarError};
use crate::date::Date;
use crate::dynamic::to_json;
use crate::errors::{RhaiFailure, eval_failure, parse_failure};
use crate::finding::{Diagnostic, Finding, Location, Severity};
use crate::record::{self, InputIssue, IssueLevel};
use crate::rule::{self, RawFinding, Rule, RuleMeta};
use crate::rule_set::RuleSet;
use crate::sandbox::{self, Clock, Deadline, Limits, SharedCalendar};
use crate::schema::{self, FieldType, Kind};
use crate::text::{Lang, Text};
use rhai::{Array, Dynamic, Map};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};

mod standard {
    include!(concat!(env!("OUT_DIR"), "/standard_rules.rs"));

    /// The standard rules, sources and compiled form, when the build embeds them so
    /// (`crate::snapshot`: the fast WebAssembly module's, made by `cargo xtask wasm`; then
    /// `STANDARD_RULES` is empty); empty otherwise.
    #[cfg(gongkai_lowered)]
    pub(crate) static SNAPSHOT: &[u8] = {
        #[cfg(gongkai_snapshot)]
        {
            include_bytes!(concat!(env!("OUT_DIR"), "/standard.snapshot"))
        }
        #[cfg(not(gongkai_snapshot))]
        {
            &[]
        }
    };
}

/// How to build an [`Engine`].
#[derive(Debug, Clone, Copy)]
pub struct EngineOptions {
    /// Load the standard packs compiled into the crate (default `true`).
    pub standard_rules: bool,
    /// Resource limits for rules.
    pub limits: Limits,
    /// The clock behind [`Limits::max_time_ms`]; `None` disables the time limit. Defaults to
    /// `Instant` natively and to `None` on wasm, where the binding passes `Date.now`.
    pub clock: Option<Clock>,
}

impl Default for EngineOptions {
    fn default() -> Self {
        Self {
            standard_rules: true,
            limits: Limits::default(),
            clock: sandbox::default_clock(),
        }
    }
}

/// Per-check inputs: the date rules treat as today, and the language of messages.
///
/// "Today" is an input, never read from a clock inside the engine, so a check can be replayed
/// exactly (an audit of 2019 data as of 2019-12-31) and gives the same findings natively and in
/// wasm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckOptions {
    /// The date rules see as today.
    pub today: Date,
    /// The language of messages.
    pub lang: Lang,
}

impl CheckOptions {
    /// Options for a check as of `today`, in Chinese.
    pub fn new(today: Date) -> Self {
        Self {
            today,
            lang: Lang::Zh,
        }
    }

    /// The same options with messages in `lang`.
    pub fn with_lang(mut self, lang: Lang) -> Self {
        self.lang = lang;
        self
    }
}

/// A problem with the input data, in the requested language.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issue {
    /// `error`: the record was not checked; `warning`: something was ignored.
    pub level: IssueLevel,
    /// Path of the field, e.g. `entries[3].channels`.
    pub field: String,
    /// What is wrong.
    pub message: String,
}

/// The result of checking one record.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// What the rules found, in a stable order: the record's own rules by id, then each nested
    /// record (catalogue entries) in order.
    pub findings: Vec<Finding>,
    /// Problems with the data itself. If any is an error, no rule ran.
    pub issues: Vec<Issue>,
    /// The ids of the rules that ran, so a per-field check knows which earlier findings it
    /// replaces. Shared with the engine's rules rather than copied per check.
    #[cfg_attr(feature = "wasm", tsify(type = "string[]"))]
    pub rules: Vec<Arc<str>>,
}

impl Report {
    /// Whether any finding has error severity, or the input itself is invalid.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error) || !self.input_valid()
    }

    /// Whether the record fitted its schema (and so was checked).
    pub fn input_valid(&self) -> bool {
        self.issues.iter().all(|i| i.level != IssueLevel::Error)
    }
}

/// Why a check could not run at all.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CheckError {
    /// No such record kind.
    UnknownKind(String),
}

impl CheckError {
    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Self::UnknownKind(k), Lang::Zh) => {
                format!("未知的记录类型「{k}」（可用：{}）", schema::kind_names())
            }
            (Self::UnknownKind(k), Lang::En) => format!(
                "unknown record kind `{k}` (available: {})",
                schema::kind_names()
            ),
        }
    }
}

impl fmt::Display for CheckError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for CheckError {}

/// What adding a rule did.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Loaded {
    /// The rule's id.
    pub id: String,
    /// Whether it replaced a rule with the same id (a custom pack overriding a standard rule).
    pub replaced: bool,
}

/// The rules engine: a sandboxed rhai engine, the working-day calendar and compiled rules.
///
/// Build it once and check many records with it; `check` takes `&self`.
///
/// ```
/// use gongkai::{CheckOptions, Engine, date::Date};
/// use serde_json::json;
///
/// let engine = Engine::new();
/// let today = Date::parse("2018-12-01")?;
/// let report = engine.check(
///     "document",
///     &json!({"title": "关于印发信阳市2018年政务公开重点工作责任分工方案的通知",
///             "issuer": "信阳市人民政府办公室", "doc_number": "信政办[2018]88号",
///             "written_date": "2018-09-20", "publish_date": "2018-09-28",
///             "disclosure": "主动公开", "doc_type": "其他"}),
///     &CheckOptions::new(today),
/// )?;
/// let f = report.findings.iter().find(|f| f.field == "doc_number").unwrap();
/// assert!(f.message.contains("〔2018〕"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Engine {
    rhai: rhai::Engine,
    /// The native functions registered in `rhai`, by name, for the lowered rules.
    natives: crate::natives::Table,
    calendar: SharedCalendar,
    limits: Limits,
    clock: Option<Clock>,
    /// Compiled rules, ordered by id.
    rules: RwLock<RuleSet>,
    /// Standard packs not compiled yet: `(pack, path, source)`. A pack is compiled the first
    /// time a record of its kind is checked (or anything needs every rule), so a form for one
    /// kind starts without compiling the rules of the other seven.
    pending: Mutex<Vec<(&'static str, &'static str, &'static str)>>,
    /// Set once nothing is pending, so checks skip the lock (every check of a parallel batch
    /// would otherwise take the same mutex).
    all_compiled: AtomicBool,
    load_diagnostics: Mutex<Vec<Diagnostic>>,
    /// The standard rules compiled by the build, read instead of compiling their sources.
    #[cfg(gongkai_lowered)]
    snapshot: Option<crate::snapshot::Snapshot>,
}

impl fmt::Debug for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Engine")
            .field(
                "rules",
                &read(&self.rules)
                    .all()
                    .iter()
                    .map(|r| r.meta.id.clone())
                    .collect::<Vec<_>>(),
            )
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

impl Default for Engine {
    fn default() -> Self {
        Self::new()
    }
}

impl Engine {
    /// An engine with the standard packs, the built-in calendar and default limits.
    pub fn new() -> Self {
        Self::with_options(&EngineOptions::default())
    }

    /// An engine built with `options`.
    pub fn with_options(options: &EngineOptions) -> Self {
        #[cfg(gongkai_lowered)]
        return Self::with_snapshot(options, standard::SNAPSHOT);
        #[cfg(not(gongkai_lowered))]
        Self::build(options)
    }

    /// An engine built with `options` that reads the standard rules from `snapshot` where it
    /// holds them.
    #[cfg(gongkai_lowered)]
    pub(crate) fn with_snapshot(options: &EngineOptions, snapshot: &'static [u8]) -> Self {
        let mut engine = Self::build(options);
        if options.standard_rules && !snapshot.is_empty() {
            // A snapshot holds the standard rules, sources included: it replaces the sources
            // embedded otherwise (a build that embeds one embeds no others).
            engine.snapshot = crate::snapshot::Snapshot::open(snapshot, &engine.natives);
            if let Some(s) = &engine.snapshot {
                let pending = engine
                    .pending
                    .get_mut()
                    .unwrap_or_else(PoisonError::into_inner);
                *pending = s.sources().to_vec();
                engine.all_compiled = AtomicBool::new(pending.is_empty());
            }
        }
        engine
    }

    fn build(options: &EngineOptions) -> Self {
        let calendar = Arc::new(RwLock::new(Calendar::builtin()));
        let (rhai, natives) = sandbox::engine(&options.limits, calendar.clone(), options.clock);
        let pending = if options.standard_rules {
            standard::STANDARD_RULES.to_vec()
        } else {
            Vec::new()
        };
        Self {
            rhai,
            natives,
            calendar,
            limits: options.limits,
            clock: options.clock,
            rules: RwLock::new(RuleSet::default()),
            all_compiled: AtomicBool::new(pending.is_empty()),
            pending: Mutex::new(pending),
            load_diagnostics: Mutex::new(Vec::new()),
            #[cfg(gongkai_lowered)]
            snapshot: None,
        }
    }

    /// Problems met while compiling the standard packs. Always empty in a released build (the
    /// test suite checks it); kept so that a broken build reports instead of panicking.
    pub fn load_diagnostics(&self) -> Vec<Diagnostic> {
        self.compile_pending(|_| true);
        self.load_diagnostics
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Compiles the pending standard packs `wanted` selects and adds their rules (a custom rule
    /// added earlier with the same id keeps precedence). Compilation happens under the pending
    /// lock, so concurrent checks of the same kind wait for one compilation instead of racing.
    fn compile_pending(&self, wanted: impl Fn(&str) -> bool) {
        if self.all_compiled.load(Ordering::Acquire) {
            return;
        }
        let mut pending = self.pending.lock().unwrap_or_else(PoisonError::into_inner);
        if !pending.iter().any(|(pack, _, _)| wanted(pack)) {
            return;
        }
        let (now, later): (Vec<_>, Vec<_>) =
            pending.drain(..).partition(|(pack, _, _)| wanted(pack));
        *pending = later;
        let mut compiled = Vec::with_capacity(now.len());
        for (pack, path, text) in now {
            #[cfg(gongkai_lowered)]
            if let Some(rule) = self
                .snapshot
                .as_ref()
                .and_then(|s| s.rule(path, text, &self.natives))
            {
                compiled.push(rule);
                continue;
            }
            match self.compile(pack, path, text) {
                Ok(rule) => compiled.push(rule),
                Err(d) => self
                    .load_diagnostics
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .extend(d),
            }
        }
        self.rules
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .add_new(compiled);
        // Only after the rules are in: a check that sees the flag must also see them.
        if pending.is_empty() {
            self.all_compiled.store(true, Ordering::Release);
        }
    }

    /// Compiles the packs a check of `kind` needs: its own and those of the records it holds.
    fn compile_for(&self, kind: &Kind) {
        if self.all_compiled.load(Ordering::Acquire) {
            return;
        }
        let mut kinds = vec![kind.name];
        let mut i = 0;
        while let Some(k) = kinds.get(i).and_then(|k| schema::kind(k)) {
            for f in k.fields {
                if let FieldType::List { kind: sub } = f.ty
                    && !kinds.contains(&sub)
                {
                    kinds.push(sub);
                }
            }
            i += 1;
        }
        self.compile_pending(|pack| kinds.contains(&pack));
    }

    fn compile(&self, pack: &str, name: &str, text: &str) -> Result<Rule, Vec<Diagnostic>> {
        // Compiling runs the rule file's top level (to read `RULE` and `EXAMPLES`): under the
        // same time limit as a call of `check`.
        let armed = self.deadline();
        let rule = rule::compile(&self.rhai, &self.natives, name, pack, text);
        drop(armed);
        let rule = rule?;
        #[cfg(feature = "lint")]
        crate::lint::check_reads(&rule)?;
        #[cfg(all(feature = "lint", gongkai_lowered))]
        crate::lint::check_calls(&rule, &self.natives)?;
        Ok(rule)
    }

    /// The limits rules run under.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Compiles one rule source and adds it to the `custom` pack. A rule with the same id as an
    /// existing one replaces it, which is how a custom pack overrides a standard rule.
    ///
    /// A bad rule never panics or throws: the diagnostics say what is wrong, with line and
    /// column, and the engine is unchanged.
    pub fn add_source(&mut self, name: &str, text: &str) -> Result<Loaded, Vec<Diagnostic>> {
        self.add_rule("custom", name, text)
    }

    /// Like [`Engine::add_source`], naming the pack.
    pub fn add_rule(
        &mut self,
        pack: &str,
        name: &str,
        text: &str,
    ) -> Result<Loaded, Vec<Diagnostic>> {
        let rule = self.compile(pack, name, text)?;
        // Whether this replaces a standard rule is only known once the standard rules exist.
        self.compile_pending(|_| true);
        let id = rule.meta.id.clone();
        let replaced = self
            .rules
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner)
            .put(rule);
        Ok(Loaded { id, replaced })
    }

    /// Loads every `.rhai` file in `dir` and its sub-folders (a pack folder per record kind,
    /// as `rules/` is laid out), or the one file `dir` names. The pack of a rule is the name of
    /// the folder under `dir` that holds it. Files are loaded in path order; all diagnostics are
    /// returned together.
    ///
    /// Two files with one id are an error naming both: the later would replace the earlier
    /// silently, the usual slip of an author who copies a rule to start a new one. A folder
    /// without any rule file is an error too: a mistyped path would otherwise test nothing and
    /// pass.
    pub fn add_dir(&mut self, dir: &Path) -> Result<Vec<Loaded>, Vec<Diagnostic>> {
        let problem = |path: &Path, zh: String, en: String| {
            vec![Diagnostic::error(
                Location {
                    source: path.display().to_string(),
                    line: None,
                    column: None,
                },
                None,
                Text::new(zh, en),
            )]
        };
        let io_error = |path: &Path, e: std::io::Error| {
            problem(
                path,
                format!("无法读取：{}", io_reason_zh(&e)),
                format!("cannot read: {e}"),
            )
        };
        let mut files = Vec::new();
        if dir.is_file() {
            files.push(dir.to_path_buf());
        } else {
            let mut folders = vec![dir.to_path_buf()];
            while let Some(folder) = folders.pop() {
                let entries = std::fs::read_dir(&folder).map_err(|e| io_error(&folder, e))?;
                for entry in entries.flatten() {
                    let path = entry.path();
                    // A linked folder is not followed: a link to a parent would loop.
                    if entry.file_type().is_ok_and(|t| t.is_dir()) {
                        folders.push(path);
                    } else if is_rhai(&path) {
                        files.push(path);
                    }
                }
            }
        }
        if files.is_empty() {
            return Err(problem(
                dir,
                "没有找到规则文件（.rhai）：请检查路径".to_owned(),
                "no rule files (.rhai) here: check the path".to_owned(),
            ));
        }
        files.sort();
        let (mut loaded, mut diags) = (Vec::new(), Vec::new());
        let mut sources: Vec<(String, std::path::PathBuf)> = Vec::new();
        for path in files {
            let pack = path
                .strip_prefix(dir)
                .ok()
                .and_then(|rel| {
                    rel.components()
                        .next()
                        .filter(|_| rel.components().count() > 1)
                })
                .map_or_else(
                    || "custom".to_owned(),
                    |c| c.as_os_str().to_string_lossy().into_owned(),
                );
            match std::fs::read_to_string(&path) {
                Ok(text) => match self.add_rule(&pack, &path.display().to_string(), &text) {
                    Ok(l) => {
                        if let Some((_, first)) = sources.iter().find(|(id, _)| *id == l.id) {
                            diags.extend(problem(
                                &path,
                                format!(
                                    "规则编号 {} 与 {} 重复：同一编号只能有一条规则，后加载的会取代先加载的；新规则请改用新编号",
                                    l.id,
                                    first.display()
                                ),
                                format!(
                                    "the rule id {} is also that of {}: an id names one rule, and the later would replace the earlier; give the new rule an id of its own",
                                    l.id,
                                    first.display()
                                ),
                            ));
                        }
                        sources.push((l.id.clone(), path.clone()));
                        loaded.push(l);
                    }
                    Err(d) => diags.extend(d),
                },
                Err(e) => diags.extend(io_error(&path, e)),
            }
        }
        if diags.is_empty() {
            Ok(loaded)
        } else {
            Err(diags)
        }
    }

    /// Removes a rule; returns whether it existed.
    pub fn remove_rule(&mut self, id: &str) -> bool {
        self.compile_pending(|_| true);
        self.rules
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(id)
    }

    /// The rules' metadata, ordered by id.
    pub fn rules(&self) -> Vec<RuleMeta> {
        self.compile_pending(|_| true);
        read(&self.rules)
            .all()
            .iter()
            .map(|r| r.meta.clone())
            .collect()
    }

    /// How many of the rules compiled so far were read, already compiled, from the build's
    /// snapshot of the standard rules rather than compiled from their source: in the fast
    /// WebAssembly module every standard rule, elsewhere none (`crate::snapshot`). For tests
    /// and diagnostics: a snapshot the module could not use changes no result, only the speed
    /// of the first check.
    #[doc(hidden)]
    pub fn precompiled_rules(&self) -> usize {
        #[cfg(gongkai_lowered)]
        return read(&self.rules)
            .all()
            .iter()
            .filter(|r| r.is_snapshotted())
            .count();
        #[cfg(not(gongkai_lowered))]
        0
    }

    /// The rule with `id`.
    pub fn rule(&self, id: &str) -> Option<RuleMeta> {
        self.compile_pending(|_| true);
        read(&self.rules).get(id).map(|r| r.meta.clone())
    }

    /// Checks one record of `kind` with every rule for that kind (and, for records that hold
    /// other records, such as a catalogue's entries, every rule for those too).
    pub fn check(
        &self,
        kind: &str,
        record: &Value,
        options: &CheckOptions,
    ) -> Result<Report, CheckError> {
        self.check_filtered(kind, record, options, None)
    }

    /// Re-checks after one field changed: runs only the rules that read `field` (a path such
    /// as `interpretation.publish_date` or `entries[2].channels`). `Report::rules` lists them,
    /// so a form replaces exactly those rules' earlier findings.
    pub fn check_field(
        &self,
        kind: &str,
        record: &Value,
        field: &str,
        options: &CheckOptions,
    ) -> Result<Report, CheckError> {
        self.check_filtered(kind, record, options, Some(field))
    }

    /// Checks a record already converted to `kind`'s schema, by [`record::normalize`] or, from
    /// JSON text, by `record::read_json` (native builds), as [`Engine::check`] checks the JSON
    /// value it converts. For callers that read many records from text, such as the command
    /// line: `read_json` skips the JSON value in between.
    pub fn check_normalized(
        &self,
        kind: &str,
        record: record::Normalized,
        options: &CheckOptions,
    ) -> Result<Report, CheckError> {
        let kind = schema::kind(kind).ok_or_else(|| CheckError::UnknownKind(kind.to_owned()))?;
        self.run_normalized(kind, record, options, None)
    }

    fn check_filtered(
        &self,
        kind: &str,
        record: &Value,
        options: &CheckOptions,
        field: Option<&str>,
    ) -> Result<Report, CheckError> {
        let kind = schema::kind(kind).ok_or_else(|| CheckError::UnknownKind(kind.to_owned()))?;
        self.run_normalized(kind, record::normalize(kind, record), options, field)
    }

    /// Checks what `draft` holds, as [`Engine::check_field`] (with `field`) or [`Engine::check`]
    /// (without) check the same record given whole; only the draft's conversion is saved. (No
    /// error: the draft's kind was found when it was made.)
    pub fn check_draft(
        &self,
        draft: &record::Draft,
        field: Option<&str>,
        options: &CheckOptions,
    ) -> Report {
        let mut report = Report {
            issues: localize(draft.issues(), options.lang),
            ..Report::default()
        };
        if draft.is_valid() {
            self.run_shared(draft.kind(), draft.value(), options, field, &mut report);
        }
        report
    }

    fn run_normalized(
        &self,
        kind: &Kind,
        normalized: record::Normalized,
        options: &CheckOptions,
        field: Option<&str>,
    ) -> Result<Report, CheckError> {
        let mut report = Report {
            issues: localize(&normalized.issues, options.lang),
            ..Report::default()
        };
        if !normalized.is_valid() {
            return Ok(report);
        }
        let value = record::share(normalized.value);
        self.run_shared(kind, &value, options, field, &mut report);
        record::done(kind, value);
        Ok(report)
    }

    /// Runs the rules of `kind` (those that read `field`, if given) on a record made by
    /// [`record::share`].
    fn run_shared(
        &self,
        kind: &Kind,
        value: &Dynamic,
        options: &CheckOptions,
        field: Option<&str>,
        report: &mut Report,
    ) {
        let tag = today_tag(options.today);
        self.compile_for(kind);
        let rules = read(&self.rules);
        let ctx = Run {
            tag: &tag,
            lang: options.lang,
            rules: &rules,
        };
        self.run_kind(kind, value, "", field, &ctx, report);
        // Rules are kept and run in id order, so one kind's list is sorted and unique already;
        // only a kind with lists of records (a catalogue's entries) appends its items' rules.
        // (Sorting 13 ids that were in order still compared them twice: ≈ 1% of a check.)
        if kind
            .fields
            .iter()
            .any(|f| matches!(f.ty, FieldType::List { .. }))
        {
            report.rules.sort();
            report.rules.dedup();
        }
    }

    fn run_kind(
        &self,
        kind: &Kind,
        value: &Dynamic,
        prefix: &str,
        field: Option<&str>,
        ctx: &Run<'_>,
        report: &mut Report,
    ) {
        // A path into a nested list (`entries[2].channels`) concerns that element's rules and
        // the rules of this kind that read the list.
        let nested = field.and_then(split_list_path);
        // The schema path of the changed field (`entries[2].channels` → `entries.channels`),
        // worked out once rather than for every rule.
        let own_field = nested
            .as_ref()
            .map_or(field, |(list, _, _)| Some(*list))
            .map(strip_indices);
        // Room for the rules of one kind (a few dozen at most), so pushing never regrows it.
        report.rules.reserve(ctx.rules.all().len().min(32));
        for rule in ctx.rules.of_kind(kind.name) {
            if own_field.as_ref().is_some_and(|f| !rule.meta.reads(f)) {
                continue;
            }
            report.rules.push(Arc::clone(&rule.id));
            let armed = Deadline::arm(&self.limits, self.clock);
            let outcome = rule.run(&self.rhai, value, ctx.tag);
            drop(armed);
            match outcome {
                Ok(raws) => {
                    // Room for the findings of several rules from the first: a record with
                    // problems tends to have a few, and growing the vector from four findings
                    // to eight moved them and cost a form check that found five ≈ 1%.
                    if !raws.is_empty() && report.findings.capacity() == 0 {
                        report.findings.reserve(8);
                    }
                    for raw in raws {
                        let finding = render(rule, raw, prefix, kind, ctx.lang)
                            .unwrap_or_else(|f| failure_finding(rule, &f, prefix, ctx.lang));
                        report.findings.push(finding);
                    }
                }
                Err(failure) => report
                    .findings
                    .push(failure_finding(rule, &failure, prefix, ctx.lang)),
            }
        }
        for f in kind.fields {
            let FieldType::List { kind: sub } = f.ty else {
                continue;
            };
            let Some(sub) = schema::kind(sub) else {
                continue;
            };
            let items = value.read_lock::<Map>().and_then(|m| {
                m.get(f.name)
                    .and_then(|v| v.read_lock::<Array>().map(|a| a.clone()))
            });
            for (i, item) in items.unwrap_or_default().into_iter().enumerate() {
                let sub_field = match (field, &nested) {
                    (None, _) => None,
                    (Some(_), Some((list, index, rest))) if *list == f.name && *index == i => {
                        Some(*rest)
                    }
                    _ => continue,
                };
                let item = record::share(item);
                self.run_kind(
                    sub,
                    &item,
                    &format!("{prefix}{}[{i}].", f.name),
                    sub_field,
                    ctx,
                    report,
                );
            }
        }
    }

    /// Runs every rule's examples (optionally only rules `filter` accepts) and reports each.
    pub fn test(&self, filter: impl Fn(&RuleMeta) -> bool) -> TestReport {
        self.compile_pending(|_| true);
        let mut report = TestReport::default();
        let rules = read(&self.rules);
        for rule in rules.all().iter().filter(|r| filter(&r.meta)) {
            crate::examples::run(self, rule, &mut report);
        }
        report
    }

    /// Every rule, standard packs compiled.
    #[cfg(test)]
    pub(crate) fn rules_for_test(&self) -> Vec<Rule> {
        self.compile_pending(|_| true);
        read(&self.rules).all().to_vec()
    }

    /// The standard packs' sources as the crate embeds them: `(pack, path, text)`.
    #[cfg(test)]
    pub(crate) fn standard_sources() -> &'static [(&'static str, &'static str, &'static str)] {
        standard::STANDARD_RULES
    }

    pub(crate) fn rhai(&self) -> &rhai::Engine {
        &self.rhai
    }

    #[cfg(test)]
    pub(crate) fn natives(&self) -> &crate::natives::Table {
        &self.natives
    }

    pub(crate) fn deadline(&self) -> Deadline {
        Deadline::arm(&self.limits, self.clock)
    }

    pub(crate) fn render_for_test(
        &self,
        rule: &Rule,
        raw: RawFinding<'_>,
        kind: &Kind,
    ) -> Result<Finding, RhaiFailure> {
        render(rule, raw, "", kind, Lang::Zh)
    }

    /// Evaluates a rhai expression (or a short script) with the rule-author library, under the
    /// same sandbox as rules, and returns its value as JSON.
    ///
    /// ```
    /// use gongkai::{Engine, date::Date};
    /// let engine = Engine::new();
    /// let v = engine.eval(r#"add_workdays("2018-09-28", 3)"#, Date::parse("2018-12-01")?)?;
    /// assert_eq!(v, serde_json::json!("2018-10-08"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn eval(&self, script: &str, today: Date) -> Result<Value, EvalError> {
        // A dedicated engine: `today()` reads the evaluation's tag, and plain `eval` has no
        // per-call tag, so the default tag of a fresh engine carries it.
        let (mut engine, _) = sandbox::engine(&self.limits, self.calendar.clone(), self.clock);
        engine.set_default_tag(Dynamic::from(today.to_string()));
        let ast = engine
            .compile(script)
            .map_err(|e| EvalError(parse_failure(&e)))?;
        let _armed = Deadline::arm(&self.limits, self.clock);
        let value: Dynamic = engine
            .eval_ast(&ast)
            .map_err(|e| EvalError(eval_failure(&e)))?;
        to_json(&value).map_err(|t| {
            EvalError(RhaiFailure {
                code: "not_json".into(),
                message: Text::new(
                    format!("结果类型 {t} 无法表示为 JSON"),
                    format!("the result ({t}) cannot be shown as JSON"),
                ),
                line: None,
                column: None,
                year: None,
            })
        })
    }

    /// Adds or replaces one year of the holiday calendar, in the holiday-cn JSON format
    /// (`{"year": 2027, "papers": [...], "days": [{"name", "date", "isOffDay"}]}`), for example
    /// when the State Council publishes next year's notice. Returns the year.
    pub fn extend_calendar(&self, json: &str) -> Result<u16, CalendarError> {
        // A poisoned lock would need a panic inside the calendar, which has none; recover anyway.
        let mut cal = self
            .calendar
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        cal.add_year_json(json)
    }

    /// A copy of the calendar as it is now.
    pub fn calendar(&self) -> Calendar {
        self.calendar
            .read()
            .map(|c| c.clone())
            .unwrap_or_else(|p| p.into_inner().clone())
    }
}

/// The field a finding names (`interpretation.unit`, `entries[1].channels`: a field of a list's
/// element kind, a catalogue's entries), if `kind` has it.
pub(crate) fn finding_field(kind: &Kind, field: &str) -> Option<&'static crate::schema::Field> {
    let path = strip_indices(field);
    kind.field_at(&path).or_else(|| {
        let (list, rest) = crate::schema::split_path(&path)?;
        match kind.field(list)?.ty {
            crate::schema::FieldType::List { kind } => crate::schema::kind(kind)?.field_at(rest),
            _ => None,
        }
    })
}

/// Turns what a rule returned into a finding in `lang`; a template placeholder without a
/// value is the rule's failure, reported like any other.
fn render(
    rule: &Rule,
    raw: RawFinding<'_>,
    prefix: &str,
    kind: &Kind,
    lang: Lang,
) -> Result<Finding, RhaiFailure> {
    let meta = &rule.meta;
    let label = finding_field(kind, &raw.field).map_or("", |f| {
        if lang == Lang::Zh {
            f.label_zh
        } else {
            f.label_en
        }
    });
    let [zh, en] = raw.holes;
    let holes = if lang == Lang::Zh { zh } else { en };
    match rule::render(raw.template.get(lang), holes, &raw.values, label) {
        Ok(message) => Ok(Finding {
            rule: Arc::clone(&rule.id),
            severity: meta.severity,
            field: if prefix.is_empty() {
                raw.field
            } else {
                format!("{prefix}{}", raw.field)
            },
            message,
            basis: Arc::clone(rule.basis(lang)),
            values: raw.values,
        }),
        Err(name) => Err(RhaiFailure {
            code: "missing_placeholder".into(),
            message: Text::new(
                format!(
                    "消息「{}」中的占位符 {{{name}}} 没有对应的值：check 返回的发现应包含 `{name}`",
                    raw.message
                ),
                format!(
                    "placeholder {{{name}}} in message `{}` has no value: the finding returned by check must include `{name}`",
                    raw.message
                ),
            ),
            line: None,
            column: None,
            year: None,
        }),
    }
}

struct Run<'a> {
    tag: &'a Dynamic,
    lang: Lang,
    rules: &'a RuleSet,
}

/// A read guard that survives poisoning: a lock is only poisoned by a panic while held, and
/// nothing that holds these locks can panic.
fn read<T>(lock: &RwLock<T>) -> std::sync::RwLockReadGuard<'_, T> {
    lock.read().unwrap_or_else(PoisonError::into_inner)
}

/// Why a file or folder cannot be read, in Chinese (the system's own reason is in English).
fn io_reason_zh(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "文件或文件夹不存在".to_owned(),
        std::io::ErrorKind::PermissionDenied => "没有读取权限".to_owned(),
        std::io::ErrorKind::InvalidData => "文件不是 UTF-8 编码的文本".to_owned(),
        _ => e.to_string(),
    }
}

fn is_rhai(p: &Path) -> bool {
    p.is_file() && p.extension().is_some_and(|e| e == "rhai")
}

/// `today` as the text rules' `today()` reads (the evaluation's tag), made once per day and
/// thread: every check of a batch has the same day, and formatting it cost each ≈ 700
/// instructions.
fn today_tag(today: crate::date::Date) -> Dynamic {
    thread_local! {
        static LAST: std::cell::RefCell<Option<(crate::date::Date, Dynamic)>> =
            const { std::cell::RefCell::new(None) };
    }
    // `try_with`, as in `recent.rs`: a thread being torn down has no memo, only the formatting.
    LAST.try_with(|last| {
        let mut last = last.borrow_mut();
        match &*last {
            Some((day, tag)) if *day == today => tag.clone(),
            _ => {
                let tag = Dynamic::from(today.to_string());
                *last = Some((today, tag.clone()));
                tag
            }
        }
    })
    .unwrap_or_else(|_| Dynamic::from(today.to_string()))
}

fn localize<'a>(issues: impl IntoIterator<Item = &'a InputIssue>, lang: Lang) -> Vec<Issue> {
    issues
        .into_iter()
        .map(|i| Issue {
            level: i.level,
            field: i.field.clone(),
            message: i.message.get(lang).to_owned(),
        })
        .collect()
}

/// `entries[2].channels` → (`entries`, 2, `channels`).
fn split_list_path(path: &str) -> Option<(&str, usize, &str)> {
    let (head, rest) = path.split_once('[')?;
    let (index, rest) = rest.split_once(']')?;
    let rest = rest.strip_prefix('.').unwrap_or(rest);
    Some((head, index.parse().ok()?, rest))
}

/// `entries[2].channels[0]` → `entries.channels`: the schema path of a record path.
fn strip_indices(path: &str) -> std::borrow::Cow<'_, str> {
    // A byte search: `contains('[')` goes through the general character searcher, which cost
    // more than the rest of a finding's field label lookup.
    if !path.bytes().any(|b| b == b'[') {
        return path.into();
    }
    let mut out = String::with_capacity(path.len());
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.into()
}

/// A rule that could not finish becomes one finding for that rule, so the others still run
/// and the failure is visible where the findings are read. A calendar gap is a warning (the
/// data may well be fine; it cannot be judged yet); anything else is an error.
fn failure_finding(rule: &Rule, failure: &RhaiFailure, prefix: &str, lang: Lang) -> Finding {
    let meta = &rule.meta;
    let severity = if failure.code == "calendar_not_covered" {
        Severity::Warning
    } else {
        Severity::Error
    };
    let at = match (failure.line, failure.column) {
        (Some(l), Some(c)) if lang == Lang::Zh => format!("（{} 第{l}行第{c}列）", meta.source),
        (Some(l), Some(c)) => format!(" ({}:{l}:{c})", meta.source),
        _ => String::new(),
    };
    let message = match lang {
        Lang::Zh if severity == Severity::Warning => {
            format!("规则 {} 无法完成检查：{}", meta.id, failure.message.zh)
        }
        Lang::Zh => format!("规则 {} 执行失败{at}：{}", meta.id, failure.message.zh),
        Lang::En if severity == Severity::Warning => format!(
            "rule {} could not complete: {}",
            meta.id, failure.message.en
        ),
        Lang::En => format!("rule {} failed{at}: {}", meta.id, failure.message.en),
    };
    let mut values = BTreeMap::new();
    values.insert("error".to_owned(), Value::from(failure.code.clone()));
    if let Some(l) = failure.line {
        values.insert("line".to_owned(), Value::from(l));
    }
    if let Some(c) = failure.column {
        values.insert("column".to_owned(), Value::from(c));
    }
    if let Some(y) = failure.year {
        values.insert("year".to_owned(), Value::from(y));
    }
    Finding {
        rule: Arc::clone(&rule.id),
        severity,
        field: prefix.trim_end_matches('.').to_owned(),
        message,
        basis: Arc::clone(rule.basis(lang)),
        values,
    }
}

/// An expression given to [`Engine::eval`] failed to compile or run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvalError(pub RhaiFailure);

impl EvalError {
    /// The message in `lang`, with the line and column when known.
    pub fn message(&self, lang: Lang) -> String {
        let f = &self.0;
        match (f.line, f.column, lang) {
            (Some(l), Some(c), Lang::Zh) => format!("第{l}行第{c}列：{}", f.message.zh),
            (Some(l), Some(c), Lang::En) => format!("line {l}, column {c}: {}", f.message.en),
            _ => f.message.get(lang).to_owned(),
        }
    }
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for EvalError {}

/// The outcome of running rule examples.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TestReport {
    /// One entry per example.
    pub cases: Vec<TestCase>,
    /// Problems with rules as a whole (no failing example, …).
    pub problems: Vec<Diagnostic>,
}

impl TestReport {
    /// Whether every example behaved as written and no rule lacks examples.
    pub fn passed(&self) -> bool {
        self.problems.is_empty() && self.cases.iter().all(|c| c.passed)
    }

    /// Number of failed examples.
    pub fn failures(&self) -> usize {
        self.cases.iter().filter(|c| !c.passed).count()
    }
}

/// One example's outcome.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TestCase {
    /// The rule.
    pub rule: String,
    /// 1-based number of the example in the rule's `EXAMPLES`.
    pub example: usize,
    /// The example's name, if it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Where the example is written.
    pub location: Location,
    /// Whether the rule's findings matched `expect`.
    pub passed: bool,
    /// What differed, when it failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure: Option<Text>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_dependencies() {
        let meta = RuleMeta {
            id: "T-001".into(),
            title: Text::default(),
            severity: Severity::Error,
            kinds: vec!["document".into()],
            fields: vec!["interpretation".into(), "publish_date".into()],
            basis: Text::default(),
            messages: BTreeMap::new(),
            note: None,
            source: String::new(),
            pack: String::new(),
        };
        assert!(meta.reads("publish_date"));
        assert!(meta.reads("interpretation.unit"));
        assert!(!meta.reads("publish"));
        assert!(!meta.reads("title"));
        assert_eq!(
            split_list_path("entries[12].channels"),
            Some(("entries", 12, "channels"))
        );
        assert_eq!(strip_indices("entries[12].channels[0]"), "entries.channels");
    }
}
