//! The AST walker's floor: compile the script, then call its `check` on a record.

#[path = "../../common.rs"]
mod common;

use rhai::{AST, Engine, Scope};

thread_local! {
    static STATE: (Engine, Option<AST>) = {
        let engine = Engine::new_raw();
        let ast = engine.compile(include_str!("../../script.rhai")).ok();
        (engine, ast)
    };
}

/// Calls `check` `n` times on a record with this `age`; the rules broken in the last call, or a
/// negative number when the script did not compile (-1) or a call failed (-2).
#[unsafe(no_mangle)]
pub extern "C" fn run(age: i64, n: i64) -> i64 {
    STATE.with(|(engine, ast)| {
        let Some(ast) = ast else { return -1 };
        common::repeat(age, n, |record| {
            engine
                .call_fn::<i64>(&mut Scope::new(), ast, "check", (record,))
                .ok()
        })
    })
}
