//! The rule language's built-in functions: conversions, integers, strings, arrays and maps.
//!
//! rhai's packages (`CorePackage`, `LogicPackage`, `MoreStringPackage`, `BasicArrayPackage`,
//! `BasicMapPackage`) register several hundred functions: every padding, sorting, splicing and
//! bit-field variant, and also `sleep`, `exit` and `parse_json`, which a sandboxed rule has no
//! business calling. Rules use a few dozen, and the rest cost about a quarter of the
//! WebAssembly module. This module registers exactly the set `rules/README.md` documents, with
//! rhai's names and semantics (character indices, negative positions counted from the end,
//! `trim` and `replace` working in place), so a rule written against the rhai book keeps
//! working. Operators on integers, booleans, characters and strings need no registration: rhai
//! evaluates them built in.
//!
//! rhai measures what a native function returns against the engine's size limits only once it
//! has returned: a `replace` or a `join` could build gigabytes first and abort the process on a
//! failed allocation. So every function here that can build more than its arguments hold works
//! out the size first and fails, as rhai would, before building ([`Sizes`]); and every function
//! whose work grows with its data charges that work to the call's deadline
//! ([`crate::sandbox::charge`]), so a rule spending its time inside them still stops in time.

use crate::natives::Natives;
use crate::sandbox::{Meter, Sizes, charge};
use rhai::{Array, Dynamic, FnPtr, ImmutableString, Map, NativeCallContext};

type Res<T> = Result<T, Box<rhai::EvalAltResult>>;

/// Registers the functions into `engine`; `sizes` are the engine's size limits.
pub fn register(engine: &mut Natives, sizes: Sizes) {
    language(engine, sizes);
    strings(engine, sizes);
    arrays(engine, sizes);
    maps(engine, sizes);
    readers(engine);
}

/// Readers ([`crate::natives::Reader`]) of the functions rules call most: the same answers as
/// the overloads above, from borrowed arguments (`readers_agree_with_rhai` holds them to it).
fn readers(engine: &mut Natives) {
    engine.reader("contains", 2, |args| {
        let [x, y] = args else { return None };
        if let Some(s) = x.read_lock::<ImmutableString>() {
            if let Some(part) = y.read_lock::<ImmutableString>() {
                return Some(crate::text::contains(&s, &part).into());
            }
            return y.as_char().ok().map(|c| s.contains(c).into());
        }
        if let Some(a) = x.read_lock::<Array>() {
            return Some(a.iter().any(|v| equal(v, y)).into());
        }
        let m = x.read_lock::<Map>()?;
        let key = y.read_lock::<ImmutableString>()?;
        Some(m.contains_key(key.as_str()).into())
    });
    engine.reader("is_empty", 1, |args| {
        let [x] = args else { return None };
        if let Some(s) = x.read_lock::<ImmutableString>() {
            return Some(s.is_empty().into());
        }
        if let Some(a) = x.read_lock::<Array>() {
            return Some(a.is_empty().into());
        }
        Some(x.read_lock::<Map>()?.is_empty().into())
    });
    engine.reader("starts_with", 2, |args| {
        let (s, part) = two_texts(args)?;
        Some(s.starts_with(part.as_str()).into())
    });
    engine.reader("ends_with", 2, |args| {
        let (s, part) = two_texts(args)?;
        Some(s.ends_with(part.as_str()).into())
    });
    engine.reader("len", 1, |args| {
        let [x] = args else { return None };
        if let Some(s) = x.read_lock::<ImmutableString>() {
            return Some((s.chars().count() as i64).into());
        }
        if let Some(a) = x.read_lock::<Array>() {
            return Some((a.len() as i64).into());
        }
        Some((x.read_lock::<Map>()?.len() as i64).into())
    });
    engine.reader("split_any", 2, |args| {
        let [s, seps] = args else { return None };
        let s = s.read_lock::<ImmutableString>()?;
        let seps = seps.read_lock::<Array>()?;
        split_any(&s, &seps, Sizes::READER.array)
            .ok()
            .map(Dynamic::from_array)
    });
}

/// The two arguments of a reader's call, when both are strings.
fn two_texts<'a>(
    args: &[&'a Dynamic],
) -> Option<(
    rhai::DynamicReadLock<'a, ImmutableString>,
    rhai::DynamicReadLock<'a, ImmutableString>,
)> {
    let [a, b] = args else { return None };
    Some((a.read_lock()?, b.read_lock()?))
}

/// `s` split at every one of `seps` (empty ones ignored), pieces trimmed, empty pieces dropped;
/// fails, before building them, when there would be more than `max` pieces (0: no limit), and
/// when the call runs out of time (each separator costs a pass over `s`).
fn split_any(s: &ImmutableString, seps: &Array, max: usize) -> Res<Array> {
    // Each separator costs a pass over `s`: charged separator by separator, unless that is
    // little (the usual case: a short text, a few separators).
    let holds = |sep: &Dynamic| {
        sep.read_lock::<ImmutableString>()
            .is_some_and(|sep| !sep.is_empty() && crate::text::contains(s, &sep))
    };
    let mut meter = Meter::default();
    // Natively the usual case (little work) is tested inline; the module keeps one loop.
    #[cfg(not(target_family = "wasm"))]
    let small = s.len().saturating_mul(seps.len()) < crate::sandbox::SMALL_WORK;
    #[cfg(target_family = "wasm")]
    let small = false;
    let holds = if small {
        seps.iter().any(holds)
    } else {
        metered_any(seps, s.len(), &mut meter, holds)?
    };
    // Most texts hold none of the separators (a time limit is usually one clause): the one
    // piece is then `s` itself, shared rather than copied, unless trimming changes it.
    if !holds {
        let piece = crate::text::trim(s);
        return Ok(match piece.len() {
            0 => Array::new(),
            n if n == s.len() => vec![s.clone().into()],
            _ => vec![piece.into()],
        });
    }
    let seps: Vec<ImmutableString> = seps
        .iter()
        .filter_map(|x| x.read_lock::<ImmutableString>().map(|x| x.clone()))
        .collect();
    let mut pieces = vec![s.as_str()];
    for sep in seps.iter().filter(|x| !x.is_empty()) {
        meter.add(s.len().saturating_add(pieces.len()))?;
        pieces = pieces
            .into_iter()
            .flat_map(|p| p.split(sep.as_str()))
            .collect();
    }
    let pieces: Vec<&str> = pieces
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if max > 0 && pieces.len() > max {
        return Err(crate::sandbox::too_large("Size of array/BLOB"));
    }
    Ok(pieces
        .into_iter()
        .map(|p| Dynamic::from(p.to_owned()))
        .collect())
}

/// Whether any of `items` satisfies `test`, each test charged `work` to `meter`: for tests that
/// pass over a long text.
#[inline(never)]
pub(crate) fn metered_any(
    items: &[Dynamic],
    work: usize,
    meter: &mut Meter,
    test: impl Fn(&Dynamic) -> bool,
) -> Res<bool> {
    for x in items {
        meter.add(work)?;
        if test(x) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The items of `items`, failing as rhai would (before collecting more) when there are more
/// than the array limit allows.
fn bounded(items: impl Iterator<Item = Dynamic>, sizes: Sizes) -> Res<Array> {
    let mut out = Array::new();
    for x in items {
        sizes.array(out.len() + 1)?;
        out.push(x);
    }
    Ok(out)
}

/// A string that refuses to grow past the string limit (0: no limit).
struct Bounded {
    text: String,
    max: usize,
}

impl Bounded {
    fn new(sizes: Sizes) -> Self {
        Self {
            text: String::new(),
            max: sizes.string,
        }
    }

    /// The text, or rhai's error for a string over the limit if something was refused.
    fn done(self, written: std::fmt::Result) -> Res<String> {
        match written {
            Ok(()) => Ok(self.text),
            Err(_) => Err(crate::sandbox::too_large("Length of string")),
        }
    }
}

impl std::fmt::Write for Bounded {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        if self.max > 0 && self.text.len().saturating_add(s.len()) > self.max {
            return Err(std::fmt::Error);
        }
        self.text.push_str(s);
        Ok(())
    }
}

/// `v` as text (rhai's `Display` of it), failing as rhai would before the text grows past the
/// string limit (a map's keys, which rhai does not count, are in the text).
fn display(v: &Dynamic, sizes: Sizes) -> Res<String> {
    let mut out = Bounded::new(sizes);
    let written = std::fmt::write(&mut out, format_args!("{v}"));
    out.done(written)
}

/// Structural equality for the values rules handle; values of different types are unequal
/// (as rhai's `==` is between them).
///
/// Text is tested first, and on its own: rules compare text most (a value against each term of
/// a vocabulary, in `in`), and rhai's `as_int` and its like name the value's type on every miss
/// (a call and a match, the name then dropped), which made two strings compared cost six of
/// them, more than the comparison. (Testing each type with `is_int` and its like before reading
/// it, here and in `dynamic::to_json`, spared the rarer types' misses too, but took no fewer
/// instructions on the rules measured, for 189 bytes more in the default module.)
fn equal(a: &Dynamic, b: &Dynamic) -> bool {
    if let Some(x) = a.read_lock::<ImmutableString>() {
        return b.read_lock::<ImmutableString>().is_some_and(|y| *x == *y);
    }
    if a.is_unit() || b.is_unit() {
        return a.is_unit() && b.is_unit();
    }
    if let (Ok(x), Ok(y)) = (a.as_int(), b.as_int()) {
        return x == y;
    }
    if let (Ok(x), Ok(y)) = (a.as_bool(), b.as_bool()) {
        return x == y;
    }
    if let (Ok(x), Ok(y)) = (a.as_char(), b.as_char()) {
        return x == y;
    }
    if let (Some(x), Some(y)) = (a.read_lock::<Array>(), b.read_lock::<Array>()) {
        return equal_arrays(&x, &y);
    }
    if let (Some(x), Some(y)) = (a.read_lock::<Map>(), b.read_lock::<Map>()) {
        return equal_maps(&x, &y);
    }
    false
}

fn equal_arrays(x: &[Dynamic], y: &[Dynamic]) -> bool {
    x.len() == y.len() && x.iter().zip(y).all(|(p, q)| equal(p, q))
}

fn equal_maps(x: &Map, y: &Map) -> bool {
    x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| equal(v, w)))
}

/// A character position: negative counts from the end, clamped to the string.
fn position(len: usize, at: i64) -> usize {
    let len_i = i64::try_from(len).unwrap_or(i64::MAX);
    let at = if at < 0 {
        (len_i + at).max(0)
    } else {
        at.min(len_i)
    };
    usize::try_from(at).unwrap_or(0)
}

/// What rhai's core packages give that rules use: `to_string` (also what string interpolation
/// calls), `min`/`max`, and `for` over arrays, strings (character by character) and integer
/// ranges.
fn language(engine: &mut Natives, sizes: Sizes) {
    engine.def(
        "to_string",
        move |v: &mut Dynamic| -> Res<ImmutableString> {
            if let Some(s) = v.read_lock::<ImmutableString>() {
                return Ok(s.clone());
            }
            display(v, sizes).map(Into::into)
        },
    );
    engine.def("min", |a: i64, b: i64| a.min(b));
    engine.def("max", |a: i64, b: i64| a.max(b));
    engine.iterator::<Array>();
    engine.iterator::<std::ops::Range<i64>>();
    engine.iterator::<std::ops::RangeInclusive<i64>>();
    engine
        .module()
        .set_iter(std::any::TypeId::of::<ImmutableString>(), |s| {
            let s = s.cast::<ImmutableString>();
            let chars: Vec<char> = s.chars().collect();
            Box::new(chars.into_iter().map(Dynamic::from_char))
        });
}

fn strings(engine: &mut Natives, sizes: Sizes) {
    // A function that makes one fast pass over its text or list (`len`, `contains`, `trim`,
    // `to_upper`, `==` …: a megabyte in tens of microseconds) is not worth charging; those that
    // walk a text character by character (`index_of`, `sub_string`), pass over it repeatedly or
    // build from it, charge it.
    engine.def("len", |s: &str| s.chars().count() as i64);
    engine.def("is_empty", |s: &str| s.is_empty());
    engine.def("contains", |s: &str, part: &str| {
        crate::text::contains(s, part)
    });
    engine.def("contains", |s: &str, c: char| s.contains(c));
    engine.def("starts_with", |s: &str, part: &str| s.starts_with(part));
    engine.def("ends_with", |s: &str, part: &str| s.ends_with(part));
    engine.def("index_of", |s: &str, part: &str| -> Res<i64> {
        charge(s.len())?;
        Ok(s.find(part)
            .map_or(-1, |at| s.get(..at).map_or(0, |b| b.chars().count()) as i64))
    });
    engine.def("index_of", |s: &str, part: &str, start: i64| -> Res<i64> {
        charge(s.len())?;
        let from = position(s.chars().count(), start);
        let offset = s.char_indices().nth(from).map_or(s.len(), |(b, _)| b);
        Ok(s.get(offset..)
            .and_then(|rest| rest.find(part))
            .map_or(-1, |at| {
                (from + s.get(offset..offset + at).map_or(0, |b| b.chars().count())) as i64
            }))
    });
    engine.def("index_of", |s: &str, c: char| -> Res<i64> {
        charge(s.len())?;
        Ok(s.chars().position(|x| x == c).map_or(-1, |i| i as i64))
    });
    engine.def(
        "sub_string",
        |s: &str, start: i64, len: i64| -> Res<String> {
            charge(s.len())?;
            let start = position(s.chars().count(), start);
            Ok(s.chars()
                .skip(start)
                .take(usize::try_from(len.max(0)).unwrap_or(0))
                .collect())
        },
    );
    engine.def("sub_string", |s: &str, start: i64| -> Res<String> {
        charge(s.len())?;
        let start = position(s.chars().count(), start);
        Ok(s.chars().skip(start).collect())
    });
    engine.def_mut("trim", |s: &mut ImmutableString| {
        let trimmed = crate::text::trim(s);
        if trimmed.len() != s.len() {
            *s = trimmed.into();
        }
    });
    engine.def_mut(
        "replace",
        move |s: &mut ImmutableString, find: &str, with: &str| -> Res<()> {
            if find.is_empty() {
                return Ok(());
            }
            charge(s.len())?;
            if with.len() > find.len() {
                // The result grows by the difference at each match: counted, and measured
                // against the limit, before it is built.
                let n = s.matches(find).count();
                if n == 0 {
                    return Ok(());
                }
                let grown = n.saturating_mul(with.len() - find.len());
                sizes.string(s.len().saturating_add(grown))?;
                charge(s.len().saturating_add(grown))?;
            } else if !s.contains(find) {
                return Ok(());
            }
            *s = s.replace(find, with).into();
            Ok(())
        },
    );
    // ASCII only: the letters rules meet are in codes (统一社会信用代码, URLs), and full Unicode
    // case tables would cost 30 KB of the WebAssembly module for nothing Chinese text needs.
    engine.def("to_upper", |s: &str| s.to_ascii_uppercase());
    engine.def("to_lower", |s: &str| s.to_ascii_lowercase());
    engine.def("split", move |s: &str, sep: &str| -> Res<Array> {
        charge(s.len())?;
        if sep.is_empty() {
            return bounded(s.chars().map(|c| Dynamic::from(c.to_string())), sizes);
        }
        bounded(s.split(sep).map(|p| Dynamic::from(p.to_owned())), sizes)
    });
    // Splitting on any of several separators (clauses of a 公开时限: `；` `;` `。` …) in one
    // call; the pieces are trimmed and empty ones dropped.
    engine.def("split_any", move |s: ImmutableString, seps: Array| {
        split_any(&s, &seps, sizes.array)
    });
    engine.def("to_chars", move |s: &str| -> Res<Array> {
        charge(s.len())?;
        bounded(s.chars().map(Dynamic::from), sizes)
    });
    // Building text from numbers and flags: `"第" + n + "项"`, `s += n`.
    engine.def("+", |s: ImmutableString, n: i64| format!("{s}{n}"));
    engine.def("+", |n: i64, s: ImmutableString| format!("{n}{s}"));
    engine.def("+", |s: ImmutableString, b: bool| format!("{s}{b}"));
    engine.def("+", |b: bool, s: ImmutableString| format!("{b}{s}"));
    engine.def("+", |s: ImmutableString, _: ()| s);
    engine.def("+", |_: (), s: ImmutableString| s);
    engine.def_mut("+=", |s: &mut ImmutableString, n: i64| {
        *s = format!("{s}{n}").into()
    });
    engine.def_mut("+=", |s: &mut ImmutableString, b: bool| {
        *s = format!("{s}{b}").into()
    });
    engine.def("to_string", |c: char| c.to_string());
}

fn call(ctx: &NativeCallContext, f: &FnPtr, args: impl rhai::FuncArgs) -> Res<Dynamic> {
    f.call_within_context::<Dynamic>(ctx, args)
}

fn truthy(v: &Dynamic) -> bool {
    v.as_bool().unwrap_or(false)
}

fn arrays(engine: &mut Natives, sizes: Sizes) {
    engine.def("len", |a: &mut Array| a.len() as i64);
    engine.def("is_empty", |a: &mut Array| a.is_empty());
    engine.def_mut("push", |a: &mut Array, v: Dynamic| a.push(v));
    engine.def_mut("pop", |a: &mut Array| a.pop().unwrap_or(Dynamic::UNIT));
    engine.def_mut("append", move |a: &mut Array, b: Array| -> Res<()> {
        sizes.array(a.len().saturating_add(b.len()))?;
        a.extend(b);
        Ok(())
    });
    engine.def("+", move |a: Array, b: Array| -> Res<Array> {
        sizes.array(a.len().saturating_add(b.len()))?;
        Ok(a.into_iter().chain(b).collect())
    });
    engine.def_mut("+=", move |a: &mut Array, b: Array| -> Res<()> {
        sizes.array(a.len().saturating_add(b.len()))?;
        a.extend(b);
        Ok(())
    });
    engine.def("contains", |a: &mut Array, v: Dynamic| {
        a.iter().any(|x| equal(x, &v))
    });
    engine.def("index_of", |a: &mut Array, v: Dynamic| -> i64 {
        a.iter().position(|x| equal(x, &v)).map_or(-1, |i| i as i64)
    });
    engine.def("==", |a: &mut Array, b: Array| equal_arrays(a, &b));
    engine.def("!=", |a: &mut Array, b: Array| !equal_arrays(a, &b));
    // Written into one string that refuses to grow past the limit: the separator alone,
    // repeated between ten thousand items, could be gigabytes.
    engine.def("join", move |a: &mut Array, sep: &str| -> Res<String> {
        use std::fmt::Write as _;
        let mut out = Bounded::new(sizes);
        let mut meter = Meter::default();
        let mut written = Ok(());
        for (i, v) in a.iter().enumerate() {
            let before = out.text.len();
            if i > 0 {
                written = out.write_str(sep);
            }
            written = written.and_then(|()| write!(out, "{v}"));
            if written.is_err() {
                break;
            }
            meter.add(1 + out.text.len() - before)?;
        }
        out.done(written)
    });
    engine.def(
        "some",
        |ctx: NativeCallContext, a: &mut Array, f: FnPtr| -> Res<bool> {
            for x in a.iter() {
                if truthy(&call(&ctx, &f, (x.clone(),))?) {
                    return Ok(true);
                }
            }
            Ok(false)
        },
    );
    engine.def(
        "all",
        |ctx: NativeCallContext, a: &mut Array, f: FnPtr| -> Res<bool> {
            for x in a.iter() {
                if !truthy(&call(&ctx, &f, (x.clone(),))?) {
                    return Ok(false);
                }
            }
            Ok(true)
        },
    );
    engine.def(
        "filter",
        |ctx: NativeCallContext, a: &mut Array, f: FnPtr| -> Res<Array> {
            let mut out = Array::new();
            for x in a.iter() {
                if truthy(&call(&ctx, &f, (x.clone(),))?) {
                    out.push(x.clone());
                }
            }
            Ok(out)
        },
    );
    // Each value the closure returns is within the limits, but ten thousand of them need not
    // be: the total is measured as the list grows, as rhai would measure the whole list.
    engine.def(
        "map",
        move |ctx: NativeCallContext, a: &mut Array, f: FnPtr| -> Res<Array> {
            let mut out = Array::with_capacity(a.len());
            let mut total = (0, 0, 0);
            for x in a.iter() {
                let v = call(&ctx, &f, (x.clone(),))?;
                let (items, maps, bytes) = crate::sandbox::data_sizes(&v);
                total = (total.0 + 1 + items, total.1 + maps, total.2 + bytes);
                sizes.check(total)?;
                out.push(v);
            }
            Ok(out)
        },
    );
    engine.def(
        "reduce",
        |ctx: NativeCallContext, a: &mut Array, f: FnPtr, init: Dynamic| -> Res<Dynamic> {
            a.iter()
                .try_fold(init, |acc, x| call(&ctx, &f, (acc, x.clone())))
        },
    );
    engine.def(
        "reduce",
        |ctx: NativeCallContext, a: &mut Array, f: FnPtr| -> Res<Dynamic> {
            a.iter()
                .try_fold(Dynamic::UNIT, |acc, x| call(&ctx, &f, (acc, x.clone())))
        },
    );
}

fn maps(engine: &mut Natives, sizes: Sizes) {
    engine.def("len", |m: &mut Map| m.len() as i64);
    engine.def("is_empty", |m: &mut Map| m.is_empty());
    engine.def("contains", |m: &mut Map, key: &str| m.contains_key(key));
    // rhai does not count a map's keys against the string limit (`m[k] = v` with long keys),
    // but the list of them is a list of strings, measured before it is built.
    engine.def("keys", move |m: &mut Map| -> Res<Array> {
        charge(m.len())?;
        sizes.string(m.keys().fold(0, |n: usize, k| n.saturating_add(k.len())))?;
        sizes.array(m.len())?;
        Ok(m.keys().map(|k| Dynamic::from(k.to_string())).collect())
    });
    engine.def("values", |m: &mut Map| -> Array {
        m.values().cloned().collect()
    });
    engine.def_mut("remove", |m: &mut Map, key: &str| {
        m.remove(key).unwrap_or(Dynamic::UNIT)
    });
    engine.def("==", |a: &mut Map, b: Map| equal_maps(a, &b));
    engine.def("!=", |a: &mut Map, b: Map| !equal_maps(a, &b));
}

#[cfg(test)]
mod tests {
    use crate::date::Date;
    use crate::{Engine, EngineOptions};
    use serde_json::json;

    fn eval(expr: &str) -> serde_json::Value {
        let engine = Engine::with_options(&EngineOptions {
            standard_rules: false,
            ..Default::default()
        });
        engine
            .eval(expr, Date::parse("2020-01-01").unwrap())
            .unwrap()
    }

    #[test]
    fn language_basics_behave_as_in_rhai() {
        assert_eq!(
            eval(r#"`${[1, "a"]}|${()}|${true}|${5}|${'c'}|${"s"}`"#),
            json!(r#"[1, "a"]||true|5|c|s"#)
        );
        assert_eq!(eval("[1, 2].to_string()"), json!("[1, 2]"));
        assert_eq!(eval("min(3, 2) + max(1, 9)"), json!(11));
        assert_eq!(
            eval("let s = 0; for i in 0..3 { s += i } for i in 1..=2 { s += i } s"),
            json!(6)
        );
        assert_eq!(
            eval(r#"let n = []; for c in "政务" { n.push(c) } n"#),
            json!(["政", "务"])
        );
        assert_eq!(eval(r#"let n = 0; for x in [4, 5] { n += x } n"#), json!(9));
        assert_eq!(eval("type_of(1) + type_of(\"a\")"), json!("i64string"));
    }

    #[test]
    fn no_host_functions_beyond_the_documented_set() {
        let engine = Engine::with_options(&EngineOptions {
            standard_rules: false,
            ..Default::default()
        });
        let today = Date::parse("2020-01-01").unwrap();
        for call in [
            "sleep(1)",
            "exit()",
            "parse_json(\"{}\")",
            "print(1)",
            "abs(-1)",
        ] {
            assert!(engine.eval(call, today).is_err(), "{call} should not exist");
        }
    }

    #[test]
    fn strings_behave_as_in_rhai() {
        assert_eq!(
            eval(r#"let s = "  政务公开 "; s.trim(); s"#),
            json!("政务公开")
        );
        assert_eq!(eval(r#""政务公开".len()"#), json!(4));
        assert_eq!(eval(r#""政务公开".sub_string(2, 2)"#), json!("公开"));
        assert_eq!(eval(r#""政务公开".sub_string(-2)"#), json!("公开"));
        assert_eq!(eval(r#""政务公开".index_of("公")"#), json!(2));
        assert_eq!(eval(r#""abc".index_of("z")"#), json!(-1));
        assert_eq!(eval(r#""公开《甲》《乙》".index_of("《", 3)"#), json!(5));
        assert_eq!(eval(r#""公开".index_of("开", 5)"#), json!(-1));
        assert_eq!(
            eval(r#"let s = "国办发[2018]"; s.replace("[", "〔"); s"#),
            json!("国办发〔2018]")
        );
        assert_eq!(eval(r#""a、b、c".split("、")"#), json!(["a", "b", "c"]));
        assert_eq!(
            eval(r#""甲；乙;丙。 ".split_any(["；", ";", "。"])"#),
            json!(["甲", "乙", "丙"])
        );
        // Without a separator in the text: the text itself, trimmed, or nothing.
        for (text, pieces) in [
            ("20个工作日内", json!(["20个工作日内"])),
            ("\u{3000}20个工作日内 ", json!(["20个工作日内"])),
            (" \u{3000}", json!([])),
            ("", json!([])),
        ] {
            assert_eq!(
                eval(&format!(r#""{text}".split_any(["；", "", ";"])"#)),
                pieces,
                "{text:?}"
            );
        }
        // The piece shares the text: changing one does not change the other.
        assert_eq!(
            eval(r#"let s = "甲"; let p = s.split_any(["；"]); p[0] += "乙"; [s, p[0]]"#),
            json!(["甲", "甲乙"])
        );
        assert_eq!(eval(r#""公开" in "政务公开""#), json!(true));
        assert_eq!(eval(r#""政务".to_chars().len()"#), json!(2));
        assert_eq!(eval(r#""第" + 3 + "项" + ()"#), json!("第3项"));
        assert_eq!(
            eval(r#"let s = "k"; s += 1; s += true; 2 + s"#),
            json!("2k1true")
        );
        assert_eq!(eval(r#""a" + 'b'"#), json!("ab"));
    }

    #[test]
    fn arrays_and_maps_behave_as_in_rhai() {
        assert_eq!(eval(r#""县级" in ["市级", "县级"]"#), json!(true));
        assert_eq!(eval(r#"[1, 2, 3].filter(|x| x > 1)"#), json!([2, 3]));
        assert_eq!(eval(r#"[1, 2, 3].map(|x| x * 2)"#), json!([2, 4, 6]));
        assert_eq!(eval(r#"[1, 2, 3].some(|x| x > 2)"#), json!(true));
        assert_eq!(eval(r#"[1, 2, 3].all(|x| x > 2)"#), json!(false));
        assert_eq!(eval(r#"[1, 2, 3].reduce(|s, x| s + x, 0)"#), json!(6));
        assert_eq!(eval(r#"[[1], #{a: "b"}] == [[1], #{a: "b"}]"#), json!(true));
        assert_eq!(eval(r#"["a"] + ["b"]"#), json!(["a", "b"]));
        assert_eq!(eval(r#"["甲", "乙"].join("、")"#), json!("甲、乙"));
        assert_eq!(eval(r#""a" in #{a: 1}"#), json!(true));
        assert_eq!(eval(r#"#{a: 1, b: 2}.keys().len()"#), json!(2));
        assert_eq!(eval(r#"let a = []; a.push(1); a.len()"#), json!(1));
    }

    /// `equal` (what `in` and `contains` compare list items with) against what it is meant to be:
    /// values of one type with the same text, for every pair of a value of each type, nested
    /// lists and maps among them, each also as a shared value.
    #[test]
    fn equal_is_same_type_and_same_value() {
        let engine = rhai::Engine::new();
        let plain: Vec<rhai::Dynamic> = [
            "()",
            "true",
            "false",
            "7",
            "8",
            "'政'",
            "'7'",
            r#""7""#,
            r#""政""#,
            r#""""#,
            "[]",
            "[7]",
            r#"["7"]"#,
            "[(), true, [7]]",
            "#{}",
            "#{ a: 7 }",
            r#"#{ a: "7" }"#,
            "#{ b: 7 }",
            "#{ a: [7, #{}] }",
        ]
        .iter()
        .map(|src| engine.eval_expression::<rhai::Dynamic>(src).unwrap())
        .collect();
        let shared = plain.iter().map(|v| v.clone().into_shared());
        let all: Vec<rhai::Dynamic> = plain.iter().cloned().chain(shared).collect();
        let text = |v: &rhai::Dynamic| {
            let debug = format!("{v:?}");
            format!("{} {}", v.type_name(), debug.trim_end_matches(" (shared)"))
        };
        for a in &all {
            for b in &all {
                assert_eq!(
                    super::equal(a, b),
                    text(a) == text(b),
                    "{} vs {}",
                    text(a),
                    text(b)
                );
            }
        }
    }
}
