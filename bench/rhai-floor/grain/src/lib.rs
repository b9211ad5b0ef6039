//! The Grain VM's floor: read the bytecode compiled on the host (`host`), then call its
//! `check` on a record. No parser and no AST walker in the module (`no_ast`).

#[path = "../../common.rs"]
mod common;

use rhai::grain::{Program, Vm};
use rhai::{Engine, Scope};

thread_local! {
    static STATE: (Engine, Option<Program<'static>>) = (
        Engine::new_raw(),
        Program::read(include_bytes!("../../prog.bin")).ok().map(Program::into_owned),
    );
}

/// Calls `check` `n` times on a record with this `age`; the rules broken in the last call, or a
/// negative number when the bytecode did not load (-1) or a call failed (-2). A VM per call, as
/// gongkai's fresh runtime state per rule and record would need.
#[unsafe(no_mangle)]
pub extern "C" fn run(age: i64, n: i64) -> i64 {
    STATE.with(|(engine, program)| {
        let Some(program) = program else { return -1 };
        common::repeat(age, n, |record| {
            Vm::new(engine)
                .call_fn::<i64>(&mut Scope::new(), program, "check", (record,))
                .ok()
        })
    })
}
