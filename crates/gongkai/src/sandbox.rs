//! The one place the rhai engine is built.
//!
//! Rules may come from anyone (a vendor, a pasted playground link), so the engine is built
//! from `Engine::new_raw` with only the functions rules need (no rhai package: see `stdlib`),
//! no module loading, `eval` disabled, strict variables, and every resource limit set
//! explicitly. rhai's defaults differ between debug and release builds; setting each limit here
//! makes tests, the CLI and the wasm module behave the same. A rule that exceeds a limit fails
//! with an error finding for that rule; the other rules still run.

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
    /// time proportional to the data (rhai re-measures an array on every push), so the
    /// operation count alone cannot bound time; this deadline does, for every rule.
    pub max_time_ms: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_operations: 1_000_000,
            max_call_levels: 32,
            max_expr_depth: 64,
            max_function_expr_depth: 32,
            max_string_size: 1 << 20,
            max_array_size: 10_000,
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
}

thread_local! {
    /// The time budget of the rule call running on this thread. Per thread, because one engine
    /// serves many threads in a parallel batch and each runs one call at a time.
    static BUDGET: std::cell::Cell<Budget> = const { std::cell::Cell::new(Budget::Off) };
}

/// Arms the time limit for one rule call; disarms it when dropped, even on early return.
///
/// The clock is first read when the call reaches its 1024th operation, not when it starts:
/// nearly every rule finishes before that, so checks never pay for a clock (in a browser a call
/// out to `Date.now` costs more than a whole simple rule). The first 1024 operations take
/// microseconds, so the limit still holds to within a hair.
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

/// Whether the rule call running on this thread has passed its deadline; the first time it is
/// asked, it starts the clock (see [`Deadline`]).
pub(crate) fn out_of_time() -> bool {
    match BUDGET.with(std::cell::Cell::get) {
        Budget::Off => false,
        Budget::Armed(limit, clock) => {
            BUDGET.with(|b| b.set(Budget::Until(clock() + limit, clock)));
            false
        }
        Budget::Until(deadline, clock) => clock() > deadline,
    }
}

/// The token a call is terminated with when its deadline passes.
pub(crate) const TIMEOUT: &str = "gongkai:timeout";

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
        // Reading the clock every 1024 operations keeps its cost negligible.
        engine.on_progress(|ops| (ops % 1024 == 0 && out_of_time()).then(|| TIMEOUT.into()));
    }
    let mut natives = crate::natives::Natives::default();
    crate::stdlib::register(&mut natives);
    library::register(&mut natives, calendar);
    let (module, table) = natives.into_parts();
    engine.register_global_module(module.into());
    (engine, table)
}
