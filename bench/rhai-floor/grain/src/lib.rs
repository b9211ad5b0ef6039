//! The Grain VM's floor: read the bytecode compiled on the host (`host`), then call its
//! `check` on a record. No parser and no AST walker in the module (`no_ast`).

use rhai::grain::{Program, Vm};
use rhai::{Dynamic, Engine, Map, Scope};

thread_local! {
    static STATE: (Engine, Option<Program<'static>>) = (
        Engine::new_raw(),
        Program::read(include_bytes!("../../prog.bin")).ok().map(Program::into_owned),
    );
}

fn record(age: i64) -> Dynamic {
    let mut m = Map::new();
    m.insert("age".into(), age.into());
    m.insert("country".into(), "CN".into());
    m.insert("consent".into(), true.into());
    Dynamic::from_map(m)
}

/// Calls `check` `n` times on a record with this `age`; the rules broken in the last call, or a
/// negative number when the bytecode did not load (-1) or the call failed (-2).
#[unsafe(no_mangle)]
pub extern "C" fn run(age: i64, n: i64) -> i64 {
    STATE.with(|(engine, program)| {
        let Some(program) = program else { return -1 };
        let mut last = 0;
        for _ in 0..n {
            let r: Result<i64, _> =
                Vm::new(engine).call_fn(&mut Scope::new(), program, "check", (record(age),));
            last = r.unwrap_or(-2);
        }
        last
    })
}
