//! The module the rule language's native functions are registered into.
//!
//! `Engine::register_fn` is generic over each closure and inlines the whole registration
//! (metadata, hashing, insertion) at every call site: with a hundred functions that was 50 KB
//! of the WebAssembly module. [`Natives::def`] keeps only the closure-specific part generic
//! (rhai's call shim for the closure's signature) and sends the rest through one shared,
//! non-inlined function. The functions behave exactly as with `register_fn`: same purity
//! (a function taking `&mut` first is a method, which rhai refuses on constants), same
//! parameter types.

use rhai::{FnNamespace, FuncRegistration, Module, RhaiFunc, RhaiNativeFunc};
use std::any::TypeId;

/// The native functions, collected into one global module of the engine.
#[derive(Default)]
pub(crate) struct Natives(Module);

impl Natives {
    /// Defines `name` as `f`, as `Engine::register_fn` would.
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

    #[inline(never)]
    fn insert(&mut self, name: &'static str, types: &[TypeId], f: RhaiFunc) {
        FuncRegistration::new(name)
            .with_namespace(FnNamespace::Global)
            .set_into_module_raw(&mut self.0, types, f);
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

    pub(crate) fn into_module(self) -> Module {
        self.0
    }
}
