//! The one place the rhai engine is built.
//!
//! Rules may come from anyone (a vendor, a pasted playground link), so the engine is built
//! from `Engine::new_raw` with only the functions rules need (no rhai package: see `stdlib`),
//! no module loading, `eval` disabled, strict variables, and every resource limit set
//! explicitly. rhai's defaults differ between debug and release builds; setting each limit here
//! makes tests, the CLI and the wasm module behave the same. A rule that exceeds a limit fails
//! with an error finding for that rule; the other rules still run.
//!
//! rhai measures a value against the size limits after the native function that built it has
//! returned; the native functions rules can call (`stdlib`, `library`) therefore measure what
//! they are about to build first ([`Sizes`]), so no single call can allocate far past a limit.
//! rhai does not count a map's keys (`m[k] = v` with long keys `k`) against any limit: those
//! are bounded only by the number of entries (`max_map_size`), the string limit of each key,
//! and the time limit, which stops a rule that spends its time building them.
//! Time: see [`Deadline`] and [`charge`].

use crate::calendar::Calendar;
use crate::json::Members;
use crate::library;
use crate::text::Text;
use serde::Serialize;
use std::sync::{Arc, RwLock};

/// Resource limits for rule evaluation. The defaults stop a runaway rule within milliseconds
/// natively and within tens of milliseconds in a browser, far above what real rules use.
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(default)]
pub struct Limits {
    /// Operations per rule call (one operation is roughly one expression node).
    pub max_operations: u64,
    /// Depth of nested function calls.
    pub max_call_levels: usize,
    /// Nesting depth of expressions at the top level of a rule file.
    pub max_expr_depth: usize,
    /// Nesting depth of expressions inside functions.
    pub max_function_expr_depth: usize,
    /// Length of any string a rule builds, in bytes.
    pub max_string_size: usize,
    /// Length of any array a rule builds.
    pub max_array_size: usize,
    /// Size of any object map a rule builds.
    pub max_map_size: usize,
    /// Variables in scope at once.
    pub max_variables: usize,
    /// Functions defined in one rule file.
    pub max_functions: usize,
    /// Wall-clock time per rule call, in milliseconds; 0 disables it. Some operations cost
    /// time proportional to the data (rhai re-measures an array on every push; a library
    /// function passes over a long text once per separator), so the operation count alone
    /// cannot bound time; this deadline does, for every rule. It also bounds loading a rule
    /// file, whose top level runs once to read `RULE` and `EXAMPLES`.
    pub max_time_ms: u64,
}

/// The default array limit, which readers build lists up to ([`Sizes::READER`]).
const DEFAULT_MAX_ARRAY: usize = 10_000;

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_operations: 1_000_000,
            max_call_levels: 32,
            max_expr_depth: 64,
            max_function_expr_depth: 32,
            max_string_size: 1 << 20,
            max_array_size: DEFAULT_MAX_ARRAY,
            max_map_size: 10_000,
            max_variables: 1_000,
            max_functions: 64,
            max_time_ms: 250,
        }
    }
}

impl Limits {
    /// Reads limits from a JSON object at `path` (for messages): each member is optional (the
    /// default stands for the rest) and a member that is not a limit is refused, so a typo
    /// never silently leaves a limit at its default.
    ///
    /// ```
    /// let v = serde_json::json!({"max_operations": 5000});
    /// let limits = gongkai::Limits::from_json(&v, "limits")?;
    /// assert_eq!(limits.max_operations, 5000);
    /// assert_eq!(limits.max_time_ms, gongkai::Limits::default().max_time_ms);
    /// let typo = serde_json::json!({"max_operation": 5000});
    /// assert!(gongkai::Limits::from_json(&typo, "limits").unwrap_err().en.contains("max_operation"));
    /// # Ok::<(), gongkai::Text>(())
    /// ```
    pub fn from_json(value: &serde_json::Value, path: &str) -> Result<Limits, Text> {
        let m = Members::of(
            value,
            path,
            &[
                "max_operations",
                "max_call_levels",
                "max_expr_depth",
                "max_function_expr_depth",
                "max_string_size",
                "max_array_size",
                "max_map_size",
                "max_variables",
                "max_functions",
                "max_time_ms",
            ],
        )?;
        let d = Limits::default();
        Ok(Limits {
            max_operations: m.count("max_operations")?.unwrap_or(d.max_operations),
            max_call_levels: m.size("max_call_levels")?.unwrap_or(d.max_call_levels),
            max_expr_depth: m.size("max_expr_depth")?.unwrap_or(d.max_expr_depth),
            max_function_expr_depth: m
                .size("max_function_expr_depth")?
                .unwrap_or(d.max_function_expr_depth),
            max_string_size: m.size("max_string_size")?.unwrap_or(d.max_string_size),
            max_array_size: m.size("max_array_size")?.unwrap_or(d.max_array_size),
            max_map_size: m.size("max_map_size")?.unwrap_or(d.max_map_size),
            max_variables: m.size("max_variables")?.unwrap_or(d.max_variables),
            max_functions: m.size("max_functions")?.unwrap_or(d.max_functions),
            max_time_ms: m.count("max_time_ms")?.unwrap_or(d.max_time_ms),
        })
    }
}

/// A monotonic clock in milliseconds. Natively the engine uses `std::time::Instant`; on
/// `wasm32-unknown-unknown` there is no clock in `std`, so the wasm binding supplies one
/// (`Date.now`), keeping the core free of JavaScript dependencies.
pub type Clock = fn() -> f64;

/// The default clock: `Instant` natively, none on wasm (where the binding must supply one).
pub fn default_clock() -> Option<Clock> {
    #[cfg(not(target_family = "wasm"))]
    {
        fn since_start() -> f64 {
            static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
            START
                .get_or_init(std::time::Instant::now)
                .elapsed()
                .as_secs_f64()
                * 1000.0
        }
        Some(since_start)
    }
    #[cfg(target_family = "wasm")]
    {
        None
    }
}

/// The time limit of the rule call running on a thread.
#[derive(Clone, Copy)]
enum Budget {
    /// No call running, or no time limit.
    Off,
    /// A call is running and has not yet needed the clock: the limit in milliseconds.
    Armed(f64, Clock),
    /// A long call: it must end by this clock reading.
    Until(f64, Clock),
    /// The call ran past its deadline: every later check says so without reading the clock,
    /// so a run that stops for time stops at once wherever it is (the lowered evaluator, a
    /// native function, rhai re-running the rule). With the position of the native call it
    /// ran out in, when the lowered evaluator knows it ([`expired_in`]).
    Expired(
        #[cfg_attr(
            not(gongkai_lowered),
            expect(dead_code, reason = "only the lowered evaluator knows where")
        )]
        rhai::Position,
    ),
}

thread_local! {
    /// The time budget of the rule call running on this thread. Per thread, because one engine
    /// serves many threads in a parallel batch and each runs one call at a time.
    static BUDGET: std::cell::Cell<Budget> = const { std::cell::Cell::new(Budget::Off) };
    /// Work charged by native functions (see [`charge`]) since the clock was last read.
    static WORK: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Arms the time limit for one rule call (or one load of a rule file, whose top level runs to
/// read `RULE` and `EXAMPLES`); disarms it when dropped, even on early return. Calls do not
/// nest (a rule file is compiled before, not during, a check).
///
/// The clock is looked at every 1024 operations (rhai's, and the lowered evaluator's) and
/// whenever native functions have charged enough work ([`charge`]): an operation can cost time
/// proportional to the data it handles (a pass over a long text for each of a list of
/// separators), so counting operations alone could let a call run far past its limit. The
/// clock is first read at the first of these, not when the call starts: nearly every rule
/// finishes before either (a rule of the standard packs takes tens of operations), so checks
/// never pay for a clock. (Read at the start, it cost ≈ 4% of a catalogue check natively: a
/// read takes ≈ 25 ns, and an entry's thirteen rules ≈ 7.5 µs; in a browser a call out to
/// `Date.now` costs more than a whole simple rule.) Until then the call has done fewer than 1024 operations, each bounded by the
/// size limits, and less than a charge's worth of native work, so the limit still holds to
/// within a small part of itself.
pub(crate) struct Deadline;

impl Deadline {
    pub(crate) fn arm(limits: &Limits, clock: Option<Clock>) -> Self {
        let budget = match clock {
            Some(clock) if limits.max_time_ms > 0 => {
                Budget::Armed(limits.max_time_ms as f64, clock)
            }
            _ => Budget::Off,
        };
        BUDGET.with(|b| b.set(budget));
        Self
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        BUDGET.with(|b| b.set(Budget::Off));
    }
}

/// Whether the rule call running on this thread has passed its deadline (reading the clock);
/// the first time it is asked, it starts the clock (see [`Deadline`]).
pub(crate) fn out_of_time() -> bool {
    match BUDGET.with(std::cell::Cell::get) {
        Budget::Off => false,
        Budget::Armed(limit, clock) => {
            BUDGET.with(|b| b.set(Budget::Until(clock() + limit, clock)));
            false
        }
        Budget::Until(deadline, clock) => {
            let late = clock() > deadline;
            if late {
                BUDGET.with(|b| b.set(Budget::Expired(rhai::Position::NONE)));
            }
            late
        }
        Budget::Expired(_) => true,
    }
}

/// Whether the rule call running on this thread was found past its deadline (without reading
/// the clock): a lowered run that bailed for time is then reported as a timeout rather than
/// run again under rhai.
#[cfg(gongkai_lowered)]
pub(crate) fn expired() -> bool {
    matches!(BUDGET.with(std::cell::Cell::get), Budget::Expired(_))
}

/// Notes that the native call at `pos` failed: if the call is out of time, that is where it
/// ran out (the native function charged its work and found the deadline passed).
#[cfg(gongkai_lowered)]
pub(crate) fn expired_in(pos: rhai::Position) {
    if expired() {
        BUDGET.with(|b| b.set(Budget::Expired(pos)));
    }
}

/// Where the call ran out of time, when that was inside a native function the lowered
/// evaluator called ([`expired_in`]); `Position::NONE` otherwise.
#[cfg(gongkai_lowered)]
pub(crate) fn expired_at() -> rhai::Position {
    match BUDGET.with(std::cell::Cell::get) {
        Budget::Expired(pos) => pos,
        _ => rhai::Position::NONE,
    }
}

/// Work below this (bytes scanned or copied, items visited) is not worth a thread-local access:
/// it takes well under a microsecond.
pub(crate) const SMALL_WORK: usize = 4096;

/// The work charged between two readings of the clock: 256 KB scanned takes some tens of
/// microseconds, so reading the clock (tens of nanoseconds natively) costs nothing by
/// comparison, and a call overruns its deadline by no more than that.
const WORK_PER_CLOCK: usize = 1 << 18;

/// Charges `work` (bytes scanned or copied, items visited) to the running call: a native
/// function whose cost grows with its data calls this (in its loop, when it loops), so a call
/// that spends its time inside native functions still meets its deadline, to within
/// [`WORK_PER_CLOCK`]. Small work costs one comparison.
#[inline]
pub(crate) fn charge(work: usize) -> Result<(), Box<rhai::EvalAltResult>> {
    if work < SMALL_WORK {
        return Ok(());
    }
    charged(work)
}

/// [`charge`] for a reader (`crate::natives::Reader`), which cannot fail: `false` when the call
/// is out of time (the reader then declines, and the function's overload reports it).
#[inline]
pub(crate) fn charge_reader(work: usize) -> bool {
    work < SMALL_WORK || charged(work).is_ok()
}

/// Charges work worth a thread-local access: the clock is read when the call has not started
/// it yet, and then every [`WORK_PER_CLOCK`].
#[inline(never)]
fn charged(work: usize) -> Result<(), Box<rhai::EvalAltResult>> {
    let total = WORK.with(|w| w.get()).saturating_add(work);
    let read = match BUDGET.with(std::cell::Cell::get) {
        Budget::Off => false,
        Budget::Armed(..) | Budget::Expired(_) => true,
        Budget::Until(..) => total >= WORK_PER_CLOCK,
    };
    if !read {
        WORK.with(|w| w.set(total));
        return Ok(());
    }
    WORK.with(|w| w.set(0));
    if out_of_time() {
        return Err(timeout());
    }
    Ok(())
}

/// Work charged in a loop: summed locally, passed on to [`charge`] in pieces worth a
/// thread-local access.
#[derive(Default)]
pub(crate) struct Meter(usize);

impl Meter {
    #[inline]
    pub(crate) fn add(&mut self, work: usize) -> Result<(), Box<rhai::EvalAltResult>> {
        self.0 = self.0.saturating_add(work);
        if self.0 < SMALL_WORK {
            return Ok(());
        }
        charged(std::mem::take(&mut self.0))
    }
}

/// The token a call is terminated with when its deadline passes.
pub(crate) const TIMEOUT: &str = "gongkai:timeout";

/// The error a call ends with when its deadline passes (rhai's, for a termination).
pub(crate) fn timeout() -> Box<rhai::EvalAltResult> {
    Box::new(rhai::EvalAltResult::ErrorTerminated(
        TIMEOUT.into(),
        rhai::Position::NONE,
    ))
}

/// The size limits of an engine, as its native functions check them: before building a result
/// that could exceed them, rather than after, as rhai does (rhai measures what a native
/// function returned, by which time a `replace` or a `join` could have asked for gigabytes).
/// 0 is no limit, as in rhai.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sizes {
    pub string: usize,
    pub array: usize,
    pub map: usize,
}

impl Sizes {
    /// What a reader (`crate::natives::Reader`, which does not know the engine's limits) may
    /// build: lists up to the default array limit. A longer one is left to the function's
    /// overload, which knows the limit (and a shorter limit is enforced on what the reader
    /// returns).
    pub(crate) const READER: Self = Self {
        string: 0,
        array: DEFAULT_MAX_ARRAY,
        map: 0,
    };

    pub(crate) fn of(limits: &Limits) -> Self {
        Self {
            string: limits.max_string_size,
            array: limits.max_array_size,
            map: limits.max_map_size,
        }
    }

    /// Fails as rhai does when a string of `len` bytes would be over the limit.
    pub(crate) fn string(self, len: usize) -> Result<(), Box<rhai::EvalAltResult>> {
        over(len, self.string, "Length of string")
    }

    /// Fails as rhai does when an array of `len` items would be over the limit.
    pub(crate) fn array(self, len: usize) -> Result<(), Box<rhai::EvalAltResult>> {
        over(len, self.array, "Size of array/BLOB")
    }

    /// Fails as rhai does when a map of `len` entries would be over the limit.
    pub(crate) fn map(self, len: usize) -> Result<(), Box<rhai::EvalAltResult>> {
        over(len, self.map, "Size of object map")
    }

    /// Fails as rhai does when a value of these sizes (array items, map entries and string
    /// bytes, nested values included: [`data_sizes`]) would be over a limit; strings first, as
    /// rhai checks them.
    pub(crate) fn check(
        self,
        (items, entries, bytes): (usize, usize, usize),
    ) -> Result<(), Box<rhai::EvalAltResult>> {
        self.string(bytes)?;
        self.array(items)?;
        self.map(entries)
    }
}

/// The total array items, map entries and string bytes in `v`, nested values included, as rhai
/// measures a value against its limits (a map's keys are not counted).
pub(crate) fn data_sizes(v: &rhai::Dynamic) -> (usize, usize, usize) {
    // Sums of what is in memory: they cannot overflow.
    let add =
        |a: (usize, usize, usize), b: (usize, usize, usize)| (a.0 + b.0, a.1 + b.1, a.2 + b.2);
    if let Some(a) = v.read_lock::<rhai::Array>() {
        return a
            .iter()
            .fold((a.len(), 0, 0), |acc, x| add(acc, data_sizes(x)));
    }
    if let Some(m) = v.read_lock::<rhai::Map>() {
        return m
            .values()
            .fold((0, m.len(), 0), |acc, x| add(acc, data_sizes(x)));
    }
    if let Some(s) = v.read_lock::<rhai::ImmutableString>() {
        return (0, 0, s.len());
    }
    (0, 0, 0)
}

fn over(n: usize, max: usize, what: &str) -> Result<(), Box<rhai::EvalAltResult>> {
    if max > 0 && n > max {
        return Err(too_large(what));
    }
    Ok(())
}

/// rhai's error for data over a size limit (`what` in rhai's words: `Length of string`, …).
pub(crate) fn too_large(what: &str) -> Box<rhai::EvalAltResult> {
    Box::new(rhai::EvalAltResult::ErrorDataTooLarge(
        what.into(),
        rhai::Position::NONE,
    ))
}

/// The calendar shared by the engine's library functions; it can be extended at run time.
pub type SharedCalendar = Arc<RwLock<Calendar>>;

/// Builds the sandboxed engine with the rule-author library registered, and the same native
/// functions by name (for lowered rules, `crate::compiled`).
pub(crate) fn engine(
    limits: &Limits,
    calendar: SharedCalendar,
    clock: Option<Clock>,
) -> (rhai::Engine, crate::natives::Table) {
    let mut engine = rhai::Engine::new_raw();
    engine
        .set_max_operations(limits.max_operations)
        .set_max_call_levels(limits.max_call_levels)
        .set_max_expr_depths(limits.max_expr_depth, limits.max_function_expr_depth)
        .set_max_string_size(limits.max_string_size)
        .set_max_array_size(limits.max_array_size)
        .set_max_map_size(limits.max_map_size)
        .set_max_variables(limits.max_variables)
        .set_max_functions(limits.max_functions)
        .set_strict_variables(true)
        .set_fail_on_invalid_map_property(true)
        .disable_symbol("eval");
    if clock.is_some() && limits.max_time_ms > 0 {
        // Reading the clock every 1024 operations keeps its cost negligible; native functions
        // whose work grows with their data also charge it ([`charge`]).
        engine.on_progress(|ops| (ops % 1024 == 0 && out_of_time()).then(|| TIMEOUT.into()));
    }
    let sizes = Sizes::of(limits);
    let mut natives = crate::natives::Natives::default();
    crate::stdlib::register(&mut natives, sizes);
    library::register(&mut natives, calendar, sizes);
    let (module, table) = natives.into_parts();
    engine.register_global_module(module.into());
    (engine, table)
}
