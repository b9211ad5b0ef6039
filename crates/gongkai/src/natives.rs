//! The module the rule language's native functions are registered into.
//!
//! `Engine::register_fn` is generic over each closure and inlines the whole registration
//! (metadata, hashing, insertion) at every call site: with a hundred functions that was 50 KB
//! of the WebAssembly module. [`Natives::def`] keeps only the closure-specific part generic
//! (rhai's call shim for the closure's signature) and sends the rest through one shared,
//! non-inlined function. The functions behave as with `register_fn`, same parameter types, but
//! for purity: `register_fn` makes every function pure, even one that changes its first
//! argument (`&mut`), and rhai lets a pure function be called as a method on a read-only value.
//! The record a rule sees is read-only (one record, shared by every rule), so a function that
//! changes its first argument is defined with [`Natives::def_mut`], not pure: rhai refuses it
//! on the record or anything in it (`record.channels.push(…)` would otherwise change what
//! later rules see), as rhai's own packages refuse their changing functions on constants.

use rhai::{FnNamespace, FuncRegistration, Module, RhaiFunc, RhaiNativeFunc};
use std::any::TypeId;

/// The native functions, collected into one global module of the engine, and the same
/// functions by name for the compiled evaluator (`crate::compiled`), which calls them directly
/// (rhai's module keeps its lookup by hash to itself).
#[derive(Default)]
pub(crate) struct Natives(Module, Table);

/// The native functions by name; each with its parameter types.
#[derive(Default)]
pub(crate) struct Table(
    #[cfg(gongkai_lowered)] std::collections::HashMap<&'static str, Overloads>,
    /// Readers by name and arity (see [`Reader`]).
    #[cfg(gongkai_lowered)]
    std::collections::HashMap<(&'static str, usize), Reader>,
);

/// A native function's work done on borrowed arguments, for the compiled evaluator.
///
/// Called through rhai, a function gets its arguments by value: a list or map read from the
/// record or a variable is copied first (a list of two strings costs more to copy than
/// `unknown_terms` costs to check it), and every call pays for rhai's argument shim and for
/// picking the overload by types. A reader answers the same call from references, for the
/// argument types its overloads take, by calling the same code they do; it returns `None`
/// for any other types (or any failure), and the call then goes the usual way, where rhai's
/// resolution gives the result or the error. Only functions that never change their
/// arguments have one.
pub(crate) type Reader = fn(&[&rhai::Dynamic]) -> Option<rhai::Dynamic>;

/// The functions of one name: parameter types (as rhai keys them) and the function.
#[cfg(gongkai_lowered)]
pub(crate) type Overloads = Vec<(Box<[TypeId]>, RhaiFunc)>;

#[cfg(gongkai_lowered)]
impl Table {
    /// The functions named `name` that take `arity` parameters, in the order registered.
    pub(crate) fn get(&self, name: &str, arity: usize) -> Overloads {
        self.0.get(name).map_or_else(Vec::new, |fs| {
            fs.iter()
                .filter(|(t, _)| t.len() == arity)
                .cloned()
                .collect()
        })
    }

    /// Every native function's name (for the load-time lint of calls).
    #[cfg(feature = "lint")]
    pub(crate) fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.0.keys().copied()
    }

    /// The reader of `name` with `arity` arguments, if it has one.
    pub(crate) fn reader(&self, name: &str, arity: usize) -> Option<Reader> {
        self.1.get(&(name, arity)).copied()
    }

    /// A hash of every function's name and arities and every reader's: what a snapshot's call
    /// sites were resolved against (`crate::snapshot`).
    pub(crate) fn fingerprint(&self) -> u64 {
        let mut functions: Vec<(&str, Vec<usize>)> = self
            .0
            .iter()
            .map(|(name, fs)| (*name, fs.iter().map(|(t, _)| t.len()).collect()))
            .collect();
        functions.sort_unstable();
        let mut readers: Vec<(&str, usize)> = self.1.keys().copied().collect();
        readers.sort_unstable();
        let mut bytes = Vec::new();
        for (name, arities) in functions {
            bytes.extend_from_slice(name.as_bytes());
            bytes.push(0xfe);
            bytes.extend(arities.iter().map(|&a| a as u8));
            bytes.push(0xff);
        }
        for (name, arity) in readers {
            bytes.extend_from_slice(name.as_bytes());
            bytes.push(arity as u8);
        }
        crate::snapshot::fnv(&bytes)
    }

    /// Every reader, by name and arity.
    #[cfg(test)]
    pub(crate) fn readers(&self) -> Vec<(&'static str, usize, Reader)> {
        let mut all: Vec<_> = self.1.iter().map(|(&(n, a), &r)| (n, a, r)).collect();
        all.sort_by_key(|&(n, a, _)| (n, a));
        all
    }
}

impl Natives {
    /// Defines `name` as `f`, as `Engine::register_fn` would: pure, so it may be called on a
    /// read-only value. `f` must not change its first argument, even when it takes it `&mut`
    /// (which spares rhai a copy of it); one that does is defined with [`Natives::def_mut`].
    pub(crate) fn def<A, const N: usize, const X: bool, R, const F: bool, FUNC>(
        &mut self,
        name: &'static str,
        f: FUNC,
    ) where
        A: 'static,
        R: rhai::Variant + Clone,
        FUNC: RhaiNativeFunc<A, N, X, R, F> + 'static,
    {
        // Pure and not volatile: `register_fn`'s defaults for a function that is neither a
        // property setter nor an index setter (rules define neither).
        self.insert(
            name,
            &FUNC::param_types(),
            f.into_rhai_function(true, false),
        );
    }

    /// Defines `name` as `f`, a function that changes its first argument: not pure, so rhai
    /// (and the lowered evaluator, which follows it) refuses to call it on a read-only value.
    pub(crate) fn def_mut<A, const N: usize, const X: bool, R, const F: bool, FUNC>(
        &mut self,
        name: &'static str,
        f: FUNC,
    ) where
        A: 'static,
        R: rhai::Variant + Clone,
        FUNC: RhaiNativeFunc<A, N, X, R, F> + 'static,
    {
        self.insert(
            name,
            &FUNC::param_types(),
            f.into_rhai_function(false, false),
        );
    }

    #[inline(never)]
    fn insert(&mut self, name: &'static str, types: &[TypeId], f: RhaiFunc) {
        #[cfg(gongkai_lowered)]
        self.table(name, types, &f);
        FuncRegistration::new(name)
            .with_namespace(FnNamespace::Global)
            .set_into_module_raw(&mut self.0, types, f);
    }

    #[cfg(gongkai_lowered)]
    fn table(&mut self, name: &'static str, types: &[TypeId], f: &RhaiFunc) {
        // A later registration with the same signature replaces an earlier one, in rhai's
        // module and here alike.
        // rhai keys `&str` and `String` parameters as `ImmutableString`, its string type.
        let keyed: Box<[TypeId]> = types
            .iter()
            .map(|&t| {
                if t == TypeId::of::<&str>() || t == TypeId::of::<String>() {
                    TypeId::of::<rhai::ImmutableString>()
                } else {
                    t
                }
            })
            .collect();
        let same = self.1.0.entry(name).or_default();
        same.retain(|(t, _)| *t != keyed);
        same.push((keyed, f.clone()));
    }

    /// Gives `name` with `arity` arguments a [`Reader`]: the same results as its overloads,
    /// from borrowed arguments. A build without the lowered evaluator (the default WebAssembly
    /// module) keeps none.
    pub(crate) fn reader(&mut self, name: &'static str, arity: usize, read: Reader) {
        #[cfg(gongkai_lowered)]
        self.1.1.insert((name, arity), read);
        #[cfg(not(gongkai_lowered))]
        let _ = (name, arity, read);
    }

    /// Lets rules iterate over values of `T` with `for`.
    pub(crate) fn iterator<T>(&mut self)
    where
        T: rhai::Variant + Clone + IntoIterator,
        <T as IntoIterator>::Item: rhai::Variant + Clone,
    {
        self.0.set_iterable::<T>();
    }

    /// The module itself, for what [`Natives::def`] does not cover (custom iterators).
    pub(crate) fn module(&mut self) -> &mut Module {
        &mut self.0
    }

    pub(crate) fn into_parts(self) -> (Module, Table) {
        (self.0, self.1)
    }
}
