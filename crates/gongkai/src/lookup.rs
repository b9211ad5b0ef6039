//! A record's field found by name without a call to the C library.
//!
//! A rhai [`Map`](rhai::Map) is a `BTreeMap` keyed by `SmartString`, and `map.get(name)` orders
//! `name` against each key it passes with `str`'s order, a call to `memcmp` each time: the calls
//! were most of what was left of `memcmp`'s time in a batch, as every field a rule reads is such
//! a search. `BTreeMap::get` takes any borrowed form of its key whose order is the key's; this
//! module gives rhai's key one, `dyn Name`, ordered by [`crate::text::order`], which compares
//! names a word at a time in line (a lookup in a catalogue entry's map takes 44% less time:
//! 14.4 ns against 25.7, BENCHMARKS.md §2).
//!
//! Native builds only. WebAssembly has no C library to call: its `memcmp` is compiled in, cheap
//! for names of a few bytes, while `dyn Name` costs an indirect call a comparison; in the fast
//! module this search made workload (a) of BENCHMARKS.md §5 3–4% slower, so both modules keep
//! the search rhai has already (`map.get`).

/// `map.get(name)`, as rhai searches.
#[cfg(target_family = "wasm")]
pub(crate) fn get<'m>(map: &'m rhai::Map, name: &str) -> Option<&'m rhai::Dynamic> {
    map.get(name)
}

#[cfg(not(target_family = "wasm"))]
pub(crate) use by_words::get;

#[cfg(not(target_family = "wasm"))]
mod by_words {
    use crate::text;
    use rhai::{Dynamic, Map};
    use smartstring::{LazyCompact, SmartString};
    use std::borrow::Borrow;
    use std::cmp::Ordering;

    /// rhai's map key. The constant below stops the build if rhai ever keys its maps otherwise.
    type Key = SmartString<LazyCompact>;

    const _: fn(&Map) -> Option<&Key> = |map| map.keys().next();

    /// A map's key, or a name looked up among them.
    trait Name {
        fn name(&self) -> &str;
    }

    impl Name for Key {
        fn name(&self) -> &str {
            self
        }
    }

    impl Name for &str {
        fn name(&self) -> &str {
            self
        }
    }

    impl PartialEq for dyn Name + '_ {
        fn eq(&self, other: &Self) -> bool {
            text::same(self.name(), other.name())
        }
    }

    impl Eq for dyn Name + '_ {}

    impl PartialOrd for dyn Name + '_ {
        fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
            Some(self.cmp(other))
        }
    }

    /// `str`'s order, as `Borrow` requires: the B-tree was built with it.
    impl Ord for dyn Name + '_ {
        fn cmp(&self, other: &Self) -> Ordering {
            text::order(self.name(), other.name())
        }
    }

    impl<'a> Borrow<dyn Name + 'a> for Key {
        fn borrow(&self) -> &(dyn Name + 'a) {
            self
        }
    }

    /// `map.get(name)`.
    pub(crate) fn get<'m>(map: &'m Map, name: &str) -> Option<&'m Dynamic> {
        map.get::<dyn Name>(&name)
    }
}

#[cfg(test)]
mod tests {
    use super::get;
    use rhai::{Dynamic, Map};

    /// Every key of maps of 1 to 40 keys (one B-tree node and several) is found, with its
    /// own value, and names between, before and after the keys are not.
    #[test]
    fn get_finds_what_map_get_finds() {
        for size in 1..=40_i64 {
            let map: Map = (0..size)
                .map(|i| (format!("field_{:02}", i * 2).into(), Dynamic::from(i)))
                .collect();
            for i in 0..size {
                let found = get(&map, &format!("field_{:02}", i * 2)).map(Dynamic::as_int);
                assert_eq!(found, Some(Ok(i)), "{size} keys, key {i}");
                assert!(get(&map, &format!("field_{:02}", i * 2 + 1)).is_none());
            }
            for absent in ["", "field", "field_", "field_999", "标题", "a", "z"] {
                assert!(get(&map, absent).is_none(), "{absent}");
            }
        }
    }
}
