//! The WebAssembly module's stack: 2 MiB rather than the linker's 1 MiB.
//!
//! Rules run on rhai's recursive evaluator (and, in the fast module, on the lowered one), whose
//! frames live on this stack (in linear memory, first, growing down towards address 0, so an
//! overflow traps) and on the engine's own machine stack, which the browser sizes (≈ 1 MiB on
//! a page's main thread, less in a worker). The sandbox's depth limits bound how deep a rule can
//! go; with 1 MiB, the deepest rule the default limits allow (calls 32 deep, each nesting
//! function calls 32 deep) used ≈ 93% of this stack, and the limits could not be raised at all.
//! With 2 MiB the machine stack of a worker becomes the nearer bound; `src/lib.rs` (`depths`)
//! has the ceilings measured with this size, for the limits a page may set.
//! The memory is reserved, not used: the browser commits pages as the stack reaches them.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_FAMILY").as_deref() == Ok("wasm") {
        println!("cargo:rustc-link-arg=-zstack-size={}", 2 << 20);
    }
}
