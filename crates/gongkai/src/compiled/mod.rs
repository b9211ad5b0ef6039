//! A faster way to run a rule's `check`: its rhai AST lowered, once, to a small tree whose
//! variables are slots and whose calls are resolved, then walked without rhai's per-call
//! machinery.
//!
//! rhai's AST walker pays on every step for what a rule fixes when it is written: variables
//! looked up by name in a scope, every call site's function searched by hashing its name and
//! argument types, a fresh runtime state per call, `return` travelling as a boxed error. That
//! overhead, not the rules' own work, was most of a check (BENCHMARKS.md §1). Here:
//!
//! - variables are numbered slots, resolved at load time;
//! - a call to one of the rule's own functions is an index; a call to a native function keeps
//!   the handful of functions of that name and arity, and picks one by the argument types at
//!   run time, in rhai's order (exact types first, then `Dynamic` in each position);
//! - the values are rhai's own [`Dynamic`]s and the native functions rhai's own, called
//!   through the same shims, so every library function behaves exactly as under rhai;
//! - except that the library's most called functions have a reader (`crate::natives::Reader`,
//!   calling the same code as their overloads) that answers from borrowed arguments: a list
//!   read from the record or a constant is not copied for the call. A reader answers only for
//!   the argument types its overloads take; for anything else the call goes the usual way.
//!
//! **rhai stays the authority.** The lowering covers the language the standard rules use; a
//! rule using anything else (`try`, a closure that changes a variable it captured, `this`, …)
//! is simply not lowered and runs under rhai as before. `map`, `filter`, `some`, `all` and
//! `reduce` with a closure run the closure lowered, in place. At run time anything off the
//! well-trodden path (an error of any kind, a type combination this module does not know the
//! answer for, an operation count or a data size over a limit) *bails*: the result is thrown
//! away and the call is re-run under rhai, which produces the result, or the exact error with
//! its line and column. Rules are pure functions of the record and the day (they cannot reach a
//! clock, a file or a global), so running one twice is safe. Operations are counted
//! generously (two for every step where rhai counts one), so a rule that rhai would stop
//! bails before it could finish here, and rhai stops it. The exception is time: a run that bails
//! because the call's deadline has passed is reported as a timeout at once (with the position of
//! the native call it was in, when it ran out inside one), since running it again could only
//! time out again, later; and a re-run for any other reason keeps the call's deadline.
//!
//! `tests.rs` checks that every standard rule is lowered, and that both ways give the same
//! findings on every rule example, every record of `examples/`, and records crossed from them.

mod constants;
mod eval;
mod lower;
mod ops;
#[cfg(test)]
mod tests;
mod wire;

pub(crate) use lower::{lower, switch_hash};
pub(crate) use wire::read;
#[cfg(not(target_family = "wasm"))]
pub(crate) use wire::write;

use rhai::{Dynamic, Identifier, ImmutableString, Position, RhaiFunc};
use std::any::TypeId;

/// A rule's `check` and the functions it calls, lowered.
pub(crate) struct Program {
    /// By the index of the function among the rule's; `None` for those `check` never calls.
    funcs: Vec<Option<Func>>,
    /// The index of `check` in `funcs`.
    check: usize,
}

/// One script function.
struct Func {
    /// Slots for the parameters (the first ones) and every variable the body declares.
    slots: usize,
    body: Box<[St]>,
    /// The slots the body assigns to or calls a method on (a closure's captured values, the
    /// first slots, must not be among them: they are passed by value).
    writes: Box<[usize]>,
}

/// A statement.
enum St {
    Expr(Ex),
    /// `let`/`const`: the slot it fills.
    Let(usize, Ex),
    /// `x = v` (or `x op= v`: the operator) where the left side is a slot or a path into one.
    Assign(Place, Option<ops::Bin>, Ex),
    If(Ex, Box<[St]>, Box<[St]>),
    Switch(Box<Switch>),
    While(Ex, Box<[St]>),
    /// `for x in items` (`for (x, i) in items`): the item slot, the counter slot.
    For(usize, Option<usize>, Ex, Box<[St]>),
    Break,
    Continue,
    Return(Option<Ex>),
    Block(Box<[St]>),
}

struct Switch {
    value: Ex,
    /// By the hash rhai gives the case value: `(condition, body)` in order.
    cases: std::collections::HashMap<u64, Vec<(Option<Ex>, Ex)>>,
    default: Option<Ex>,
}

/// Where an assignment writes: a slot, then member names or indices into it.
struct Place {
    slot: usize,
    path: Box<[Step]>,
    /// A `const`: rhai refuses methods that could change it.
    constant: bool,
}

/// One step of a path: `.name` or `[index]`.
enum Step {
    Prop(Identifier),
    Index(Ex),
}

/// An expression.
enum Ex {
    Const(Dynamic),
    Slot(usize),
    /// A path into a value: `record.time_limit`, `h[0]`, `zh[p.unit]`.
    Path(Box<Ex>, Box<[Step]>),
    /// A string with `${…}` parts.
    Interp(Box<[Ex]>, Box<Site>),
    Array(Box<[Ex]>),
    Map(Box<[(Identifier, Ex)]>, Box<rhai::Map>),
    And(Box<[Ex]>),
    Or(Box<[Ex]>),
    Not(Box<Ex>),
    Neg(Box<Ex>),
    Bin(ops::Bin, Box<(Ex, Ex)>, Box<Site>),
    /// A native function: `f(a, b)`; also `a.f(b)` when `a` is not a place.
    Call(Box<Site>, Box<[Ex]>),
    /// `a.f(b)` (or `f(a, b)`) where `a` is a place that the function may change in place.
    Method(Box<Site>, Place, Box<[Ex]>),
    /// One of the rule's own functions.
    Script(usize, Box<[Ex]>),
    Block(Box<[St]>),
    TypeOf(Box<Ex>),
    /// `list.map(f)` and kin where `f` is one of the rule's functions (a closure).
    Each(Box<Each>),
}

/// `list.map(|x| …)` and kin.
struct Each {
    hof: Hof,
    list: Ex,
    /// The closure's function: it takes the captured values, then the item.
    func: usize,
    /// The values of the variables the closure reads from the enclosing function.
    captured: Box<[Ex]>,
    /// `reduce`'s initial value.
    init: Option<Ex>,
}

/// The array functions that call a closure per item, as `stdlib.rs` defines them.
#[derive(Clone, Copy, Debug)]
enum Hof {
    Map,
    Filter,
    Some,
    All,
    Reduce,
}

/// A native call site: the function's name, every registered function of that name and
/// arity (with its parameter types), and the position for the callee's context.
struct Site {
    name: ImmutableString,
    /// The number of arguments of the call (every candidate takes that many).
    arity: usize,
    candidates: Box<[(Box<[TypeId]>, RhaiFunc)]>,
    /// Whether any candidate is a method (takes its first argument by reference).
    methods: bool,
    /// The function's reader, when it has one and every argument of this call can be read in
    /// place or computed without an effect (`crate::natives::Reader`).
    reader: Option<crate::natives::Reader>,
    /// Bit `i` set: argument `i` (after a method's target) is read in place, not computed.
    in_place: u8,
    pos: Position,
}
