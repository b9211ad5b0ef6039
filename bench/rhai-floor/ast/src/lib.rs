//! The AST walker's floor: compile the script, then call its `check` on a record.

use rhai::{AST, Dynamic, Engine, Map, Scope};

thread_local! {
    static STATE: (Engine, Option<AST>) = {
        let engine = Engine::new_raw();
        let ast = engine.compile(include_str!("../../script.rhai")).ok();
        (engine, ast)
    };
}

fn record(age: i64) -> Dynamic {
    let mut m = Map::new();
    m.insert("age".into(), age.into());
    m.insert("country".into(), "CN".into());
    m.insert("consent".into(), true.into());
    Dynamic::from_map(m)
}

/// Calls `check` `n` times on a record with this `age`; the rules broken in the last call, or a
/// negative number when the script did not compile (-1) or failed (-2).
#[unsafe(no_mangle)]
pub extern "C" fn run(age: i64, n: i64) -> i64 {
    STATE.with(|(engine, ast)| {
        let Some(ast) = ast else { return -1 };
        let mut last = 0;
        for _ in 0..n {
            let r: Result<i64, _> = engine.call_fn(&mut Scope::new(), ast, "check", (record(age),));
            last = r.unwrap_or(-2);
        }
        last
    })
}
