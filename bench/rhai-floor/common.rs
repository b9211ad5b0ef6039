//! What both floor modules share: the record, and the loop `run` exports (`call` is one call
//! of `check` on a record, under the module's evaluator).

use rhai::{Dynamic, Map};

fn record(age: i64) -> Dynamic {
    let mut m = Map::new();
    m.insert("age".into(), age.into());
    m.insert("country".into(), "CN".into());
    m.insert("consent".into(), true.into());
    Dynamic::from_map(m)
}

/// Calls `check` `n` times on a record with this `age`: the rules broken in the last call, or
/// -2 when a call failed.
pub fn repeat(age: i64, n: i64, mut call: impl FnMut(Dynamic) -> Option<i64>) -> i64 {
    let mut last = 0;
    for _ in 0..n {
        last = call(record(age)).unwrap_or(-2);
    }
    last
}
