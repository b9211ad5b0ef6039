//! Conversion of rhai values to JSON, so what crosses the API is always plain JSON, never a raw
//! rhai value.

use rhai::{Array, Dynamic, Map};
use serde_json::{Map as JsonMap, Value};

/// Drops a value, without a call when it owns nothing.
///
/// Dropping a `Dynamic` calls `drop_in_place::<Union>` out of line, and that call matches on
/// every kind of value rhai has even for the `()` every statement gives and the boolean every
/// condition gives: ≈ 20 instructions each, several thousand a catalogue entry. `()`, booleans
/// and integers hold no memory (a shared one holds a reference count, so it is dropped as
/// usual), so forgetting them frees nothing that would be freed.
pub(crate) fn discard(v: Dynamic) {
    if !v.is_shared() && (v.is_unit() || v.is_bool() || v.is_int()) {
        std::mem::forget(v);
    }
}

/// Converts a rhai value to JSON. Values JSON cannot express (function pointers, custom
/// types) are returned as `Err` with their type name, so the caller can say what was wrong.
pub fn to_json(value: &Dynamic) -> Result<Value, String> {
    if value.is_unit() {
        return Ok(Value::Null);
    }
    // Text first: it is what findings carry most, and each of `as_bool` and its like names the
    // value's type when it misses.
    if let Some(s) = value.read_lock::<rhai::ImmutableString>() {
        return Ok(Value::String(s.as_str().to_owned()));
    }
    if let Ok(i) = value.as_int() {
        return Ok(Value::from(i));
    }
    if let Ok(b) = value.as_bool() {
        return Ok(Value::Bool(b));
    }
    if let Ok(c) = value.as_char() {
        return Ok(Value::String(c.to_string()));
    }
    if let Some(a) = value.read_lock::<Array>() {
        return a
            .iter()
            .map(to_json)
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array);
    }
    if let Some(m) = value.read_lock::<Map>() {
        let mut out = JsonMap::new();
        for (k, v) in m.iter() {
            out.insert(k.as_str().to_owned(), to_json(v)?);
        }
        return Ok(Value::Object(out));
    }
    Err(value.type_name().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn converts_nested_values() {
        let mut inner = Map::new();
        inner.insert("b".into(), Dynamic::from(-3_i64));
        let arr: Array = vec![
            1_i64.into(),
            "二".into(),
            true.into(),
            Dynamic::UNIT,
            Dynamic::from_map(inner),
        ];
        let mut outer = Map::new();
        outer.insert("a".into(), arr.into());
        let v = to_json(&Dynamic::from_map(outer).into_shared()).unwrap();
        assert_eq!(v, json!({"a": [1, "二", true, null, {"b": -3}]}));
    }

    /// `discard` frees what a value holds: a text, alone, shared or in a list, is released (only
    /// values that hold nothing are forgotten).
    #[test]
    fn discard_releases_what_values_hold() {
        let text = rhai::ImmutableString::from("政务公开：一段不会内联存放的较长文字");
        let ways: [fn(&rhai::ImmutableString) -> Dynamic; 3] = [
            |t| Dynamic::from(t.clone()),
            |t| Dynamic::from(t.clone()).into_shared(),
            |t| Dynamic::from_array(vec![t.clone().into()]),
        ];
        for hold in ways {
            let held = hold(&text);
            assert_eq!(text.strong_count(), 2);
            discard(held);
            assert_eq!(text.strong_count(), 1);
        }
        for nothing in [Dynamic::UNIT, Dynamic::TRUE, Dynamic::from_int(7)] {
            discard(nothing);
        }
    }
}
