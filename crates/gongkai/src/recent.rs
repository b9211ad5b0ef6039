//! The last few answers of a pure function of the rule library, kept per thread.
//!
//! Rules of one pack ask the same question of the same field: CAT-004, CAT-005 and CAT-006 each
//! parse a catalogue entry's time limit (the last two clause by clause, and a limit is usually
//! one clause), and entries of one catalogue often share their wording. Parsing is pure, so the
//! answer for a text seen a moment ago is the same answer; a rule gets its own copy, so one
//! rule changing its map cannot change what another sees.
//!
//! A handful of entries, compared by text, newest first: a catalogue check asks about one or
//! two texts at a time, so a hash table would cost more than it saves.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::thread::LocalKey;

/// How many texts a function remembers.
const KEPT: usize = 4;

/// The remembered answers of one function: `(question, answer)`, newest first. The question is
/// a text unless said otherwise.
pub(crate) type Recent<T, K = Box<str>> = RefCell<VecDeque<(K, T)>>;

/// Nothing remembered yet (for a `thread_local!` initialiser).
pub(crate) const fn empty<T, K>() -> Recent<T, K> {
    RefCell::new(VecDeque::new())
}

/// `f(text)`, or a copy of the answer remembered for `text` (the last [`KEPT`] texts).
pub(crate) fn answer<T: Clone + 'static>(
    kept: &'static LocalKey<Recent<T>>,
    text: &str,
    f: impl FnOnce(&str) -> T,
) -> T {
    answer_by(
        kept,
        KEPT,
        |k| crate::text::same(k, text),
        || text.into(),
        || f(text),
    )
}

/// `f()`, or a copy of the answer remembered for the question that `is` recognises (`key()` is
/// the question as kept; at most `most` are).
pub(crate) fn answer_by<T: Clone + 'static, K: 'static>(
    kept: &'static LocalKey<Recent<T, K>>,
    most: usize,
    is: impl Fn(&K) -> bool,
    key: impl FnOnce() -> K,
    f: impl FnOnce() -> T,
) -> T {
    // `try_with`: a thread being torn down has no cache, only the function. No borrow is held
    // while `f` runs.
    let seen = kept
        .try_with(|cell| {
            let recent = cell.borrow();
            recent
                .iter()
                .find(|(k, _)| is(k))
                .map(|(_, answer)| answer.clone())
        })
        .ok()
        .flatten();
    if let Some(answer) = seen {
        return answer;
    }
    let answer = f();
    let _ = kept.try_with(|cell| {
        let mut recent = cell.borrow_mut();
        if recent.len() >= most {
            recent.pop_back();
        }
        recent.push_front((key(), answer.clone()));
    });
    answer
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    thread_local! {
        static SEEN: Recent<Vec<String>> = const { empty() };
        static CALLS: Cell<usize> = const { Cell::new(0) };
    }

    fn words(text: &str) -> Vec<String> {
        CALLS.with(|c| c.set(c.get() + 1));
        text.split(' ').map(str::to_owned).collect()
    }

    #[test]
    fn a_text_asked_again_is_answered_from_memory_with_its_own_copy() {
        let calls = || CALLS.with(Cell::get);
        let mut first = answer(&SEEN, "a b", words);
        assert_eq!(first, ["a", "b"]);
        first.push("changed by the caller".to_owned());
        assert_eq!(answer(&SEEN, "a b", words), ["a", "b"]);
        assert_eq!(calls(), 1);
        // Texts are compared whole, not by a prefix or a hash.
        assert_eq!(answer(&SEEN, "a b ", words), ["a", "b", ""]);
        assert_eq!(calls(), 2);
        // The oldest text is forgotten once more than `KEPT` are asked about.
        for t in ["c", "d", "e", "f"] {
            answer(&SEEN, t, words);
        }
        assert_eq!(calls(), 6);
        assert_eq!(answer(&SEEN, "a b", words), ["a", "b"]);
        assert_eq!(calls(), 7);
        assert_eq!(answer(&SEEN, "f", words), ["f"]);
        assert_eq!(calls(), 7);
    }
}
