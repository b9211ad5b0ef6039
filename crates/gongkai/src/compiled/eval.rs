//! Running a lowered program.

use super::ops::{self, Known};
use super::{Each, Ex, Hof, Place, Program, Site, St, Step, Switch};
use crate::lookup;
use rhai::{
    Array, Dynamic, GlobalRuntimeState, ImmutableString, Map, Module, NativeCallContext, RhaiFunc,
    Shared,
};
use smallvec::SmallVec;
use std::any::TypeId;

/// Call arguments: rules' calls take at most a few.
type Args = SmallVec<[Dynamic; 4]>;

/// The most arguments (after a method's target) a reader is called with in place; a call with
/// more goes the usual way.
const READ_ARGS: usize = 4;

/// Why a run was abandoned for rhai: a short reason, for tests and profiling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Bail(pub &'static str);

/// The value `check` returned, or why rhai must run it instead.
pub(crate) type Outcome = Result<Dynamic, Bail>;

/// How control leaves a statement other than by finishing it.
enum Stop {
    Bail(&'static str),
    Return(Dynamic),
    Break,
    Continue,
}

type R<T> = Result<T, Stop>;

fn bail<T>(why: &'static str) -> R<T> {
    Err(Stop::Bail(why))
}

impl Program {
    /// Runs `check(record)`. `lib` is the rule's own functions (for native functions that call
    /// back into them, such as `map`), `tag` the evaluation's tag (what `today()` reads).
    pub(crate) fn run(
        &self,
        engine: &rhai::Engine,
        lib: &Shared<Module>,
        tag: &Dynamic,
        record: &Dynamic,
    ) -> Outcome {
        let mut m = Machine {
            slots: SLOTS.with(|s| std::mem::take(&mut *s.borrow_mut())),
            base: 0,
            rt: Runtime {
                engine,
                lib,
                tag,
                global: None,
                ops: 0,
                max_ops: engine.max_operations(),
                // Set as `tick` would set it, so that the first tick does not take the slow
                // way on every run.
                next_stop: next_stop(0, engine.max_operations()),
                max_string: engine.max_string_size(),
                max_array: engine.max_array_size(),
                max_map: engine.max_map_size(),
                depth: 0,
            },
        };
        let out = m.call(self, self.check, [record.clone()]);
        let Machine { mut slots, .. } = m;
        slots.clear();
        SLOTS.with(|s| *s.borrow_mut() = slots);
        match out {
            Ok(v) => Ok(v),
            Err(Stop::Bail(why)) => Err(Bail(why)),
            Err(_) => Err(Bail("control flow left the function")),
        }
    }
}

thread_local! {
    /// The slots' storage, kept from one run to the next on each thread: every rule of every
    /// record is a run, and a vector of its own each time would be an allocation per rule. (A
    /// `SmallVec` on the stack avoided that but tested where its items were at every slot
    /// read: ≈ 1% of a check.) A run inside a run (none today) would find it taken and start
    /// with an empty one.
    static SLOTS: std::cell::RefCell<Vec<Dynamic>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The state of one run: the slots of every active function call (each call's from `base`),
/// and the rest in [`Runtime`] so that native calls can borrow it while a slot is borrowed.
struct Machine<'a> {
    /// Every active call's variables, one after the other ([`SLOTS`]' storage).
    slots: Vec<Dynamic>,
    base: usize,
    rt: Runtime<'a>,
}

struct Runtime<'a> {
    engine: &'a rhai::Engine,
    lib: &'a Shared<Module>,
    tag: &'a Dynamic,
    /// Made on the first native call that needs a context (`today()`, `map(|x| …)`).
    global: Option<GlobalRuntimeState>,
    /// Counted generously: two per statement, expression, path step, call and loop turn,
    /// where rhai counts one (at most two) for the same work.
    ops: u64,
    max_ops: u64,
    /// The count at which `tick` next looks at the limits: the operation limit or the next
    /// multiple of 1,024 (when the clock is read), whichever comes first. One comparison per
    /// tick instead of three: a check ticks some four hundred times.
    next_stop: u64,
    max_string: usize,
    max_array: usize,
    max_map: usize,
    depth: usize,
}

/// Where [`Runtime::tick`] next looks at the limits after `ops` operations: the next multiple
/// of 1,024 (when the clock is read) or the operation limit (`max_ops`, none when 0), whichever
/// comes first.
fn next_stop(ops: u64, max_ops: u64) -> u64 {
    let clock = (ops / 1024 + 1) * 1024;
    if max_ops > 0 {
        clock.min(max_ops)
    } else {
        clock
    }
}

impl Runtime<'_> {
    fn tick(&mut self) -> R<()> {
        self.ops += 2;
        if self.ops < self.next_stop {
            return Ok(());
        }
        if self.max_ops > 0 && self.ops >= self.max_ops {
            return bail("operation limit");
        }
        if self.ops.is_multiple_of(1024) && crate::sandbox::out_of_time() {
            return bail("time limit");
        }
        self.next_stop = next_stop(self.ops, self.max_ops);
        Ok(())
    }

    /// Bails when `v` is larger than rhai would allow (its sizes add up nested values).
    fn check_size(&self, v: &Dynamic) -> R<()> {
        if v.is_unit() || v.is_bool() || v.is_int() || v.is_char() {
            return Ok(());
        }
        let (a, m, s) = crate::sandbox::data_sizes(v);
        let over = |n: usize, max: usize| max > 0 && n > max;
        if over(a, self.max_array) || over(m, self.max_map) || over(s, self.max_string) {
            return bail("data size limit");
        }
        Ok(())
    }

    /// Bails when a value of these sizes (array items, map entries, string bytes) would be
    /// larger than rhai allows.
    fn check_sizes(&self, (a, m, s): (usize, usize, usize)) -> R<()> {
        let over = |n: usize, max: usize| max > 0 && n > max;
        if over(a, self.max_array) || over(m, self.max_map) || over(s, self.max_string) {
            return bail("data size limit");
        }
        Ok(())
    }

    /// Calls native `f` as rhai would (with a context if it takes one), then checks the size
    /// of what it returned.
    fn invoke(&mut self, site: &Site, f: &RhaiFunc, args: &mut [&mut Dynamic]) -> R<Dynamic> {
        self.tick()?;
        let Some(native) = f.get_native_fn() else {
            return bail("not a native function");
        };
        let out = if f.has_context() {
            let global = self.global.get_or_insert_with(|| {
                let mut g = self.engine.new_global_runtime_state();
                g.lib.push(self.lib.clone());
                g.tag = self.tag.clone();
                g
            });
            global.num_operations = self.ops;
            global.level = self.depth;
            let ctx: NativeCallContext =
                (self.engine, site.name.as_str(), None, &*global, site.pos).into();
            native(Some(ctx), args)
        } else {
            native(None, args)
        };
        let out = out.map_err(|_| {
            // A native function that ran out of time (charging its work) says where.
            crate::sandbox::expired_in(site.pos);
            Stop::Bail("a native function failed")
        })?;
        self.check_size(&out)?;
        Ok(out)
    }
}

/// Picks the function rhai would: exact parameter types first, then with `Dynamic` in place of
/// the last parameter, the one before, both, … (rhai's bit-mask order).
fn resolve<'s>(site: &'s Site, types: &[TypeId]) -> Option<&'s RhaiFunc> {
    let n = types.len().min(16);
    let dynamic = TypeId::of::<Dynamic>();
    (0..1usize << n).find_map(|mask| {
        site.candidates.iter().find_map(|(params, f)| {
            let fits = params.len() == types.len()
                && params.iter().zip(types).enumerate().all(|(i, (p, t))| {
                    let wild = i < n && mask & (1 << (n - i - 1)) != 0;
                    *p == if wild { dynamic } else { *t }
                });
            fits.then_some(f)
        })
    })
}

/// What a `for` loop walks: the iterators `stdlib.rs` registers, without a boxed iterator per
/// loop.
enum Items<'p> {
    Array(std::vec::IntoIter<Dynamic>),
    /// A constant list of the program, item by item.
    Listed(std::slice::Iter<'p, Dynamic>),
    Chars(std::vec::IntoIter<char>),
    Range(std::ops::Range<i64>),
    Inclusive(std::ops::RangeInclusive<i64>),
}

impl Items<'_> {
    /// `for` over an array, a string (character by character) or an integer range.
    fn of(items: Dynamic) -> R<Self> {
        if items.is_shared() {
            return bail("shared value");
        }
        Ok(if items.is_array() {
            match items.into_array() {
                Ok(a) => Items::Array(a.into_iter()),
                Err(_) => return bail("array"),
            }
        } else if let Some(s) = items.read_lock::<ImmutableString>() {
            Items::Chars(s.chars().collect::<Vec<char>>().into_iter())
        } else if let Some(r) = items.read_lock::<std::ops::Range<i64>>() {
            Items::Range(r.clone())
        } else if let Some(r) = items.read_lock::<std::ops::RangeInclusive<i64>>() {
            Items::Inclusive(r.clone())
        } else {
            return bail("for over a value not mirrored");
        })
    }
}

impl Iterator for Items<'_> {
    type Item = Dynamic;

    fn next(&mut self) -> Option<Dynamic> {
        match self {
            Self::Array(a) => a.next(),
            Self::Listed(a) => a.next().cloned(),
            Self::Chars(c) => c.next().map(Dynamic::from_char),
            Self::Range(r) => r.next().map(Dynamic::from_int),
            Self::Inclusive(r) => r.next().map(Dynamic::from_int),
        }
    }
}

/// An evaluated step of a path.
enum Key<'e> {
    Prop(&'e str),
    Index(Dynamic),
}

fn child<T>(v: &Dynamic, key: &Key<'_>, f: &mut dyn FnMut(&Dynamic) -> R<T>) -> R<T> {
    match key {
        Key::Prop(name) => {
            let Some(map) = v.read_lock::<Map>() else {
                return bail("property of a value that is not a map");
            };
            match lookup::get(&map, name) {
                Some(x) => f(x),
                None => bail("no such property"),
            }
        }
        Key::Index(i) => {
            if let Some(map) = v.read_lock::<Map>() {
                let Some(name) = i.read_lock::<ImmutableString>() else {
                    return bail("map index that is not a string");
                };
                return match lookup::get(&map, &name) {
                    Some(x) => f(x),
                    None => bail("no such key"),
                };
            }
            if let Some(arr) = v.read_lock::<Array>() {
                let Ok(i) = i.as_int() else {
                    return bail("array index that is not an integer");
                };
                return match element(arr.len(), i).and_then(|i| arr.get(i)) {
                    Some(x) => f(x),
                    None => bail("array index out of bounds"),
                };
            }
            bail("index into a value that is neither a map nor an array")
        }
    }
}

/// rhai's array positions: negative ones count from the end.
fn element(len: usize, i: i64) -> Option<usize> {
    if i >= 0 {
        usize::try_from(i).ok()
    } else {
        len.checked_sub(usize::try_from(i.unsigned_abs()).ok()?)
    }
}

/// Runs `f` on the value at `keys` inside `v`.
fn with_leaf<T>(v: &Dynamic, keys: &[Key<'_>], f: &mut dyn FnMut(&Dynamic) -> R<T>) -> R<T> {
    match keys.split_first() {
        None => f(v),
        Some((k, rest)) => child(v, k, &mut |x| with_leaf(x, rest, f)),
    }
}

/// Runs `f` on the value at `keys` inside `v`, mutably; an assignment (`insert`) may add a
/// missing map member, as rhai's does.
fn with_leaf_mut(
    v: &mut Dynamic,
    keys: &[Key<'_>],
    insert: bool,
    f: &mut dyn FnMut(&mut Dynamic) -> R<Dynamic>,
) -> R<Dynamic> {
    let Some((key, rest)) = keys.split_first() else {
        return f(v);
    };
    if v.is_shared() {
        return bail("shared value");
    }
    if let Some(mut map) = v.write_lock::<Map>() {
        let name: &str = match key {
            Key::Prop(name) => name,
            Key::Index(i) => match i.read_lock::<ImmutableString>() {
                Some(s) => return with_member(&mut map, s.as_str(), rest, insert, f),
                None => return bail("map index that is not a string"),
            },
        };
        return with_member(&mut map, name, rest, insert, f);
    }
    if let (Some(mut arr), Key::Index(i)) = (v.write_lock::<Array>(), key) {
        let Ok(i) = i.as_int() else {
            return bail("array index that is not an integer");
        };
        let len = arr.len();
        return match element(len, i).and_then(|i| arr.get_mut(i)) {
            Some(x) => with_leaf_mut(x, rest, insert, f),
            None => bail("array index out of bounds"),
        };
    }
    bail("path into a value that is neither a map nor an array")
}

fn with_member(
    map: &mut Map,
    name: &str,
    rest: &[Key<'_>],
    insert: bool,
    f: &mut dyn FnMut(&mut Dynamic) -> R<Dynamic>,
) -> R<Dynamic> {
    if insert && rest.is_empty() && !map.contains_key(name) {
        map.insert(name.into(), Dynamic::UNIT);
    }
    match map.get_mut(name) {
        Some(x) => with_leaf_mut(x, rest, insert, f),
        None => bail("no such property"),
    }
}

impl Machine<'_> {
    fn slot(&self, i: usize) -> R<&Dynamic> {
        self.slots
            .get(self.base + i)
            .map_or_else(|| bail("slot"), Ok)
    }

    fn slot_mut(&mut self, i: usize) -> R<&mut Dynamic> {
        let at = self.base + i;
        self.slots.get_mut(at).map_or_else(|| bail("slot"), Ok)
    }

    /// Calls function `index` of the program with `args` as its parameters.
    fn call(
        &mut self,
        p: &Program,
        index: usize,
        args: impl IntoIterator<Item = Dynamic>,
    ) -> R<Dynamic> {
        let Some(Some(func)) = p.funcs.get(index) else {
            return bail("function not lowered");
        };
        self.rt.tick()?;
        self.rt.depth += 1;
        if self.rt.depth >= self.rt.engine.max_call_levels() {
            return bail("call depth limit");
        }
        let base = self.slots.len();
        self.slots.extend(args);
        // `resize_with` writes each new slot's `()` in place; `resize` cloned the value given
        // into every slot, a call of rhai's `Dynamic::clone` each.
        self.slots.resize_with(base + func.slots, || Dynamic::UNIT);
        let max_variables = self.rt.engine.max_variables();
        if max_variables > 0 && self.slots.len() > max_variables {
            return bail("variables limit");
        }
        let caller = std::mem::replace(&mut self.base, base);
        let out = self.block(p, &func.body);
        self.base = caller;
        self.slots.truncate(base);
        self.rt.depth -= 1;
        match out {
            Ok(v) | Err(Stop::Return(v)) => Ok(v),
            Err(Stop::Bail(why)) => Err(Stop::Bail(why)),
            Err(_) => bail("break outside a loop"),
        }
    }

    /// A block's value is its last statement's, as in rhai.
    fn block(&mut self, p: &Program, sts: &[St]) -> R<Dynamic> {
        let Some((last, first)) = sts.split_last() else {
            return Ok(Dynamic::UNIT);
        };
        for s in first {
            crate::dynamic::discard(self.stmt(p, s)?);
        }
        self.stmt(p, last)
    }

    fn stmt(&mut self, p: &Program, s: &St) -> R<Dynamic> {
        self.rt.tick()?;
        match s {
            St::Expr(e) => self.expr(p, e),
            St::Let(slot, e) => {
                let v = self.expr(p, e)?;
                *self.slot_mut(*slot)? = v;
                Ok(Dynamic::UNIT)
            }
            St::Assign(place, op, e) => {
                let v = self.expr(p, e)?;
                let keys = self.keys(p, &place.path)?;
                let (max_string, at) = (self.rt.max_string, self.base + place.slot);
                let Some(root) = self.slots.get_mut(at) else {
                    return bail("slot");
                };
                let mut v = Some(v);
                let _: Dynamic = with_leaf_mut(root, &keys, true, &mut |target| {
                    let Some(v) = v.take() else {
                        return bail("assigned twice");
                    };
                    *target = match op {
                        None => v,
                        Some(op) => match ops::assign(*op, target, &v, max_string) {
                            Some(x) => x,
                            None => return bail("op-assignment not mirrored"),
                        },
                    };
                    Ok(Dynamic::UNIT)
                })?;
                let root = self.slot(place.slot)?;
                self.rt.check_size(root)?;
                Ok(Dynamic::UNIT)
            }
            St::If(c, yes, no) => {
                if self.truth(p, c)? {
                    self.block(p, yes)
                } else {
                    self.block(p, no)
                }
            }
            St::Switch(sw) => self.switch(p, sw),
            St::While(c, body) => {
                loop {
                    self.rt.tick()?;
                    if !self.truth(p, c)? {
                        break;
                    }
                    match self.block(p, body) {
                        Ok(_) | Err(Stop::Continue) => {}
                        Err(Stop::Break) => break,
                        Err(e) => return Err(e),
                    }
                }
                Ok(Dynamic::UNIT)
            }
            St::For(var, counter, items, body) => {
                // A constant list (`for paren in ["（", "("]`) is walked in place, not copied.
                let listed = match items {
                    Ex::Const(c) => c.read_lock::<Array>(),
                    _ => None,
                };
                let items = match &listed {
                    Some(list) => {
                        self.rt.tick()?;
                        Items::Listed(list.iter())
                    }
                    None => Items::of(self.expr(p, items)?)?,
                };
                self.each(p, *var, *counter, items, body)?;
                Ok(Dynamic::UNIT)
            }
            St::Break => Err(Stop::Break),
            St::Continue => Err(Stop::Continue),
            St::Return(e) => {
                let v = match e {
                    Some(e) => self.expr(p, e)?,
                    None => Dynamic::UNIT,
                };
                Err(Stop::Return(v))
            }
            St::Block(b) => self.block(p, b),
        }
    }

    fn truth(&mut self, p: &Program, c: &Ex) -> R<bool> {
        let v = self.expr(p, c)?;
        if v.is_shared() {
            return bail("shared value");
        }
        let truth = v
            .as_bool()
            .map_or_else(|_| bail("condition is not a boolean"), Ok);
        crate::dynamic::discard(v);
        truth
    }

    fn switch(&mut self, p: &Program, sw: &Switch) -> R<Dynamic> {
        let v = self.expr(p, &sw.value)?;
        if !(v.is_string() || v.is_int() || v.is_char() || v.is_bool() || v.is_unit())
            || v.is_shared()
        {
            return bail("switch on a value not mirrored");
        }
        if let Some(cases) = sw.cases.get(&super::lower::switch_hash(&v)) {
            for (cond, body) in cases {
                let taken = match cond {
                    None => true,
                    Some(c) => self.truth(p, c)?,
                };
                if taken {
                    return self.expr(p, body);
                }
            }
        }
        match &sw.default {
            Some(d) => self.expr(p, d),
            None => Ok(Dynamic::UNIT),
        }
    }

    /// Runs a `for` loop's body once per item.
    fn each(
        &mut self,
        p: &Program,
        var: usize,
        counter: Option<usize>,
        items: Items<'_>,
        body: &[St],
    ) -> R<()> {
        for (i, item) in items.enumerate() {
            self.rt.tick()?;
            *self.slot_mut(var)? = item;
            if let Some(c) = counter {
                *self.slot_mut(c)? = Dynamic::from_int(i64::try_from(i).unwrap_or(i64::MAX));
            }
            match self.block(p, body) {
                Ok(_) | Err(Stop::Continue) => {}
                Err(Stop::Break) => break,
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Evaluates the index expressions of a path; each step counts as operations, as each
    /// link of a chain does in rhai.
    fn keys<'e>(&mut self, p: &Program, path: &'e [Step]) -> R<SmallVec<[Key<'e>; 2]>> {
        path.iter()
            .map(|s| {
                self.rt.tick()?;
                match s {
                    Step::Prop(name) => Ok(Key::Prop(name.as_str())),
                    Step::Index(e) => self.expr(p, e).map(Key::Index),
                }
            })
            .collect()
    }

    /// The arguments of a call, in order.
    fn args(&mut self, p: &Program, es: &[Ex]) -> R<Args> {
        let mut out = Args::new();
        for e in es {
            out.push(self.arg(p, e)?);
        }
        Ok(out)
    }

    /// An argument of a call. A variable holding the shared record is passed on as it is (a
    /// pointer) rather than copied out as a variable read is: the callee reads it through
    /// the share (native functions that take a typed value unwrap it themselves, as rhai's
    /// conversions do), and any attempt to change it bails, so the result is the same.
    fn arg(&mut self, p: &Program, e: &Ex) -> R<Dynamic> {
        match e {
            Ex::Slot(i) => {
                self.rt.tick()?;
                Ok(self.slot(*i)?.clone())
            }
            _ => self.expr(p, e),
        }
    }

    fn expr(&mut self, p: &Program, e: &Ex) -> R<Dynamic> {
        self.rt.tick()?;
        match e {
            Ex::Const(v) => Ok(v.clone()),
            // A variable's value is read as rhai reads it: a shared value (the record) is copied out.
            Ex::Slot(i) => Ok(self.slot(*i)?.flatten_clone()),
            Ex::Path(base, path) => match (&**base, &**path) {
                // `record.field`, the commonest path: read in place, no keys collected.
                (Ex::Slot(i), [Step::Prop(name)]) => {
                    self.rt.tick()?;
                    child(self.slot(*i)?, &Key::Prop(name), &mut |v| Ok(v.clone()))
                }
                _ => {
                    let keys = self.keys(p, path)?;
                    let mut copy = |v: &Dynamic| Ok(v.clone());
                    if let Ex::Slot(i) = **base {
                        with_leaf(self.slot(i)?, &keys, &mut copy)
                    } else if let Ex::Const(v) = &**base {
                        with_leaf(v, &keys, &mut copy)
                    } else {
                        let v = self.expr(p, base)?;
                        with_leaf(&v, &keys, &mut copy)
                    }
                }
            },
            Ex::Interp(parts, site) => {
                let mut s = String::new();
                for part in parts {
                    let mut v = self.expr(p, part)?;
                    if !v.is_string() {
                        v = self.native(site, std::iter::once(v).collect())?;
                    }
                    match v.read_lock::<ImmutableString>() {
                        Some(text) => s.push_str(&text),
                        None => return bail("to_string did not give a string"),
                    }
                    if self.rt.max_string > 0 && s.len() > self.rt.max_string {
                        return bail("data size limit");
                    }
                }
                Ok(Dynamic::from(ImmutableString::from(s)))
            }
            Ex::Array(items) => {
                let items = items
                    .iter()
                    .map(|x| self.expr(p, x))
                    .collect::<R<Array>>()?;
                let v = Dynamic::from_array(items);
                self.rt.check_size(&v)?;
                Ok(v)
            }
            Ex::Map(entries, template) => {
                let mut map = (**template).clone();
                for (k, x) in entries {
                    let v = self.expr(p, x)?;
                    map.insert(k.clone(), v);
                }
                let v = Dynamic::from_map(map);
                self.rt.check_size(&v)?;
                Ok(v)
            }
            Ex::And(items) => {
                for x in items {
                    if !self.truth(p, x)? {
                        return Ok(Dynamic::FALSE);
                    }
                }
                Ok(Dynamic::TRUE)
            }
            Ex::Or(items) => {
                for x in items {
                    if self.truth(p, x)? {
                        return Ok(Dynamic::TRUE);
                    }
                }
                Ok(Dynamic::FALSE)
            }
            Ex::Not(x) => {
                let v = self.expr(p, x)?;
                match v.as_bool() {
                    Ok(b) if !v.is_shared() => {
                        crate::dynamic::discard(v);
                        Ok(Dynamic::from_bool(!b))
                    }
                    _ => bail("! of a value that is not a boolean"),
                }
            }
            Ex::Neg(x) => {
                let v = self.expr(p, x)?;
                match v
                    .as_int()
                    .ok()
                    .filter(|_| !v.is_shared())
                    .and_then(i64::checked_neg)
                {
                    Some(n) => Ok(Dynamic::from_int(n)),
                    None => bail("- of a value that is not an integer"),
                }
            }
            Ex::Bin(op, operands, site) => {
                let a = self.expr(p, &operands.0)?;
                let b = self.expr(p, &operands.1)?;
                match ops::binary(*op, &a, &b, self.rt.max_string) {
                    Known::Value(v) => {
                        crate::dynamic::discard(a);
                        crate::dynamic::discard(b);
                        Ok(v)
                    }
                    Known::Registered if ops::is_plain(&a) && ops::is_plain(&b) => {
                        self.native(site, [a, b].into_iter().collect())
                    }
                    _ => bail("operator not mirrored"),
                }
            }
            Ex::Call(site, args) => {
                if let Some(read) = site.reader
                    && let Some(v) = self.read(p, (read, site.in_place), None, args)?
                {
                    return Ok(v);
                }
                let args = self.args(p, args)?;
                self.native(site, args)
            }
            Ex::Method(site, place, rest) => self.method(p, site, place, rest),
            Ex::Script(index, args) => {
                let args = self.args(p, args)?;
                self.call(p, *index, args)
            }
            Ex::Block(b) => self.block(p, b),
            Ex::Each(each) => self.each_item(p, each),
            Ex::TypeOf(x) => {
                let v = self.expr(p, x)?;
                Ok(Dynamic::from(ImmutableString::from(
                    self.rt.engine.map_type_name(v.type_name()),
                )))
            }
        }
    }

    /// `list.map(f)` and kin, as `stdlib.rs` defines them: `f` gets a copy of each item, a
    /// non-boolean answer counts as `false`.
    fn each_item(&mut self, p: &Program, each: &Each) -> R<Dynamic> {
        let Each {
            hof,
            list,
            func,
            captured,
            init,
        } = each;
        let (hof, func, init) = (*hof, *func, init.as_ref());
        let list = self.expr(p, list)?;
        if list.is_shared() || !list.is_array() {
            return bail("closure function on a value that is not an array");
        }
        let captured = captured
            .iter()
            .map(|x| self.expr(p, x))
            .collect::<R<Args>>()?;
        // `map` or `filter` of an empty list is an empty list: this one, rather than a new one
        // (a heap allocation each in rhai's values). Vocabulary rules map the list of unknown
        // terms, which is nearly always empty: ≈ 5 allocations a catalogue entry.
        if matches!(hof, Hof::Map | Hof::Filter)
            && list.read_lock::<Array>().is_some_and(|a| a.is_empty())
        {
            return Ok(list);
        }
        let Ok(items) = list.into_array() else {
            return bail("array");
        };
        // rhai counts a level for the native function and one for the closure it calls.
        self.rt.depth += 1;
        let out = self.each_item_inner(p, hof, items, func, &captured, init);
        self.rt.depth -= 1;
        let out = out?;
        self.rt.check_size(&out)?;
        Ok(out)
    }

    fn each_item_inner(
        &mut self,
        p: &Program,
        hof: Hof,
        items: Array,
        func: usize,
        captured: &Args,
        init: Option<&Ex>,
    ) -> R<Dynamic> {
        // The closure's function gets the captured values, then the item(s), straight into its
        // slots (gathering them in a vector first was ≈ 3% of a catalogue entry's check).
        fn apply<const N: usize>(
            m: &mut Machine<'_>,
            p: &Program,
            func: usize,
            captured: &Args,
            items: [Dynamic; N],
        ) -> R<Dynamic> {
            m.call(p, func, captured.iter().cloned().chain(items))
        }
        let truthy = |v: Dynamic| v.as_bool().unwrap_or(false);
        Ok(match hof {
            Hof::Map => {
                // Each value the closure returns is within the limits, but ten thousand of
                // them need not be: the total is measured as the list grows.
                let mut out = Array::with_capacity(items.len());
                let mut total = (0, 0, 0);
                for x in items {
                    let v = apply(self, p, func, captured, [x])?;
                    let (a, m, s) = crate::sandbox::data_sizes(&v);
                    total = (total.0 + 1 + a, total.1 + m, total.2 + s);
                    self.rt.check_sizes(total)?;
                    out.push(v);
                }
                Dynamic::from_array(out)
            }
            Hof::Filter => {
                let mut out = Array::new();
                for x in items {
                    if truthy(apply(self, p, func, captured, [x.clone()])?) {
                        out.push(x);
                    }
                }
                Dynamic::from_array(out)
            }
            Hof::Some | Hof::All => {
                let want = matches!(hof, Hof::Some);
                for x in items {
                    if truthy(apply(self, p, func, captured, [x])?) == want {
                        return Ok(Dynamic::from_bool(want));
                    }
                }
                Dynamic::from_bool(!want)
            }
            Hof::Reduce => {
                let mut acc = match init {
                    Some(e) => self.expr(p, e)?,
                    None => Dynamic::UNIT,
                };
                for x in items {
                    acc = apply(self, p, func, captured, [acc, x])?;
                }
                acc
            }
        })
    }

    /// A native call on values (none of them a place).
    fn native(&mut self, site: &Site, mut args: Args) -> R<Dynamic> {
        let mut types = [TypeId::of::<()>(); 4];
        let types = match types.get_mut(..args.len()) {
            Some(t) => {
                t.iter_mut().zip(&args).for_each(|(t, a)| *t = a.type_id());
                &*t
            }
            None => return bail("more than four arguments"),
        };
        let Some(f) = resolve(site, types) else {
            return bail("no native function for these types");
        };
        self.invoke_values(site, f, &mut args)
    }

    /// Calls `f` on argument values, passing references without collecting them (rules' calls
    /// take one to four arguments).
    fn invoke_values(&mut self, site: &Site, f: &RhaiFunc, args: &mut Args) -> R<Dynamic> {
        match args.as_mut_slice() {
            [] => self.rt.invoke(site, f, &mut []),
            [a] => self.rt.invoke(site, f, &mut [a]),
            [a, b] => self.rt.invoke(site, f, &mut [a, b]),
            [a, b, c] => self.rt.invoke(site, f, &mut [a, b, c]),
            [a, b, c, d] => self.rt.invoke(site, f, &mut [a, b, c, d]),
            _ => bail("more than four arguments"),
        }
    }

    /// Calls `read` on the values of `first` (a variable, for a method call) and `es`: those
    /// marked in `in_place` borrowed where they are, the others (computing them changes no variable:
    /// the lowering checked) computed first. `None` when the reader does not answer, or a value
    /// is not where the usual path would find it (which then bails): the caller goes the
    /// usual way, and as reading and computing these has no effect, doing it again there
    /// changes nothing.
    fn read(
        &mut self,
        p: &Program,
        (read, in_place): (crate::natives::Reader, u8),
        first: Option<usize>,
        es: &[Ex],
    ) -> R<Option<Dynamic>> {
        let in_place = |i: usize| in_place & (1 << i) != 0;
        // Fixed arrays rather than vectors: a reader takes at most a few arguments, and the
        // vectors' length and spill tests cost more than the call's own work for most readers
        // (a check makes some twenty-five reader calls). A longer call goes the usual way.
        if es.len() > READ_ARGS {
            return Ok(None);
        }
        // The arguments computed first (in order, those not read in place), and the operations
        // the usual path counts (at most) for the others: one per argument, two more for a
        // member; one for the call.
        let mut computed: [Option<Dynamic>; READ_ARGS] = [const { None }; READ_ARGS];
        for ((i, e), slot) in es.iter().enumerate().zip(&mut computed) {
            if !in_place(i) {
                *slot = Some(self.expr(p, e)?);
                continue;
            }
            self.rt.tick()?;
            if let Ex::Path(..) = e {
                self.rt.tick()?;
                self.rt.tick()?;
            }
        }
        self.rt.tick()?;
        // A member is read through its map's lock (the record is shared), held until the call
        // ends. Anything else (an index into a list, a key that is not a string) goes the
        // usual way.
        let mut locks: [Option<rhai::DynamicReadLock<'_, Map>>; READ_ARGS] =
            [const { None }; READ_ARGS];
        for ((i, e), lock) in es.iter().enumerate().zip(&mut locks) {
            let Ex::Path(base, _) = e else { continue };
            if !in_place(i) {
                continue;
            }
            let map = match **base {
                Ex::Slot(i) => self.slot(i)?.read_lock::<Map>(),
                Ex::Const(ref c) => c.read_lock::<Map>(),
                _ => None,
            };
            match map {
                Some(map) => *lock = Some(map),
                None => return Ok(None),
            }
        }
        let unit = Dynamic::UNIT;
        let mut args: [&Dynamic; READ_ARGS + 1] = [&unit; READ_ARGS + 1];
        let mut n = 0;
        if let Some(slot) = first {
            args[0] = self.slot(slot)?;
            n = 1;
        }
        for (i, (e, (lock, computed))) in es.iter().zip(locks.iter().zip(&computed)).enumerate() {
            let v = match (e, lock, computed) {
                (.., Some(v)) => v,
                _ if !in_place(i) => return Ok(None),
                (Ex::Slot(i), ..) => self.slot(*i)?,
                (Ex::Const(v), ..) => v,
                (Ex::Path(_, path), Some(map), _) => {
                    let found = match &**path {
                        [Step::Prop(name)] => lookup::get(map, name),
                        [Step::Index(key)] => {
                            let key = match key {
                                Ex::Slot(j) => self.slot(*j)?,
                                Ex::Const(k) => k,
                                _ => return Ok(None),
                            };
                            match key.read_lock::<ImmutableString>() {
                                Some(key) => lookup::get(map, &key),
                                None => return Ok(None),
                            }
                        }
                        _ => return Ok(None),
                    };
                    match found {
                        Some(v) => v,
                        None => return Ok(None),
                    }
                }
                _ => return Ok(None),
            };
            if let Some(arg) = args.get_mut(n) {
                *arg = v;
            }
            n += 1;
        }
        let Some(out) = args.get(..n).and_then(read) else {
            return Ok(None);
        };
        drop(locks);
        self.rt.check_size(&out)?;
        Ok(Some(out))
    }

    /// `place.f(rest…)`: a method changes the place itself; any other function gets a copy.
    fn method(&mut self, p: &Program, site: &Site, place: &Place, rest_exprs: &[Ex]) -> R<Dynamic> {
        // A reader never changes its arguments, so the place is read where it is (its path is
        // empty: the lowering gives no reader otherwise). rhai refuses some methods on
        // constants: those go the usual way.
        if let Some(read) = site.reader
            && !place.constant
            && let Some(v) = self.read(p, (read, site.in_place), Some(place.slot), rest_exprs)?
        {
            return Ok(v);
        }
        // Left to right, as rhai evaluates a chain: the path's indices, then the arguments.
        let keys = self.keys(p, &place.path)?;
        // The place's value goes first; it is filled in once the arguments are known.
        let mut args = Args::new();
        args.push(Dynamic::UNIT);
        for x in rest_exprs {
            args.push(self.expr(p, x)?);
        }
        let copy = |m: &Self, args: &mut Args| -> R<()> {
            let target = with_leaf(m.slot(place.slot)?, &keys, &mut |v| Ok(v.clone()))?;
            if let Some(first) = args.first_mut() {
                *first = target;
            }
            Ok(())
        };
        if !site.methods {
            // No function of this name changes its first argument: it gets a copy, as in rhai.
            copy(self, &mut args)?;
            return self.native(site, args);
        }
        let mut types: SmallVec<[TypeId; 4]> = args.iter().map(Dynamic::type_id).collect();
        let leaf_type = with_leaf(self.slot(place.slot)?, &keys, &mut |v| {
            if v.is_shared() {
                bail("shared value")
            } else {
                Ok(v.type_id())
            }
        })?;
        if let Some(t) = types.first_mut() {
            *t = leaf_type;
        }
        let Some(f) = resolve(site, &types) else {
            return bail("no native function for these types");
        };
        if !f.is_method() {
            copy(self, &mut args)?;
            return self.invoke_values(site, f, &mut args);
        }
        if place.constant {
            return bail("method on a constant");
        }
        let at = self.base + place.slot;
        let Some(root) = self.slots.get_mut(at) else {
            return bail("slot");
        };
        let rt = &mut self.rt;
        let out = with_leaf_mut(root, &keys, false, &mut |target| {
            let mut refs: SmallVec<[&mut Dynamic; 4]> = SmallVec::new();
            refs.push(target);
            refs.extend(args.iter_mut().skip(1));
            rt.invoke(site, f, &mut refs)
        })?;
        let root = self.slot(place.slot)?;
        self.rt.check_size(root)?;
        Ok(out)
    }
}
