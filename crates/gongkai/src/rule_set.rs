//! The engine's compiled rules: in id order, with each record kind's rules listed.

use crate::rule::Rule;
use crate::text::same;

/// Rules ordered by id, one per id.
///
/// A check runs the rules of one kind. Picking them out by testing every loaded rule's `kinds`
/// took a comparison of texts per rule on every check: thirteen a catalogue entry on the
/// command line, which loads one kind's pack, seventy-seven where every standard pack is loaded
/// (a page that lists the rules). The positions of each kind's rules are kept instead, worked
/// out again whenever the rules change (when packs are loaded, not while records are checked).
#[derive(Default)]
pub(crate) struct RuleSet {
    rules: Vec<Rule>,
    /// For each kind that some rule names, the positions of its rules in `rules`, ascending.
    by_kind: Vec<(String, Vec<usize>)>,
}

impl RuleSet {
    /// Every rule, in id order.
    pub(crate) fn all(&self) -> &[Rule] {
        &self.rules
    }

    /// The rule `id`.
    pub(crate) fn get(&self, id: &str) -> Option<&Rule> {
        self.position(id).ok().and_then(|i| self.rules.get(i))
    }

    /// The rules that check records of `kind`, in id order.
    pub(crate) fn of_kind<'s>(&'s self, kind: &str) -> impl Iterator<Item = &'s Rule> + 's {
        let positions = self
            .by_kind
            .iter()
            .find(|(k, _)| same(k, kind))
            .map_or(&[][..], |(_, p)| p.as_slice());
        positions.iter().filter_map(|&i| self.rules.get(i))
    }

    /// Adds `rules`, except those whose id is taken already.
    pub(crate) fn add_new(&mut self, rules: impl IntoIterator<Item = Rule>) {
        for rule in rules {
            if let Err(i) = self.position(&rule.meta.id) {
                self.rules.insert(i, rule);
            }
        }
        self.reindex();
    }

    /// Adds `rule`, in place of the rule with its id if there is one; returns whether there was.
    pub(crate) fn put(&mut self, rule: Rule) -> bool {
        let replaced = match self.position(&rule.meta.id) {
            Ok(i) => {
                if let Some(slot) = self.rules.get_mut(i) {
                    *slot = rule;
                }
                true
            }
            Err(i) => {
                self.rules.insert(i, rule);
                false
            }
        };
        self.reindex();
        replaced
    }

    /// Removes the rule `id`; returns whether it was there.
    pub(crate) fn remove(&mut self, id: &str) -> bool {
        let before = self.rules.len();
        self.rules.retain(|r| r.meta.id != id);
        self.reindex();
        before != self.rules.len()
    }

    fn position(&self, id: &str) -> Result<usize, usize> {
        self.rules.binary_search_by(|r| r.meta.id.as_str().cmp(id))
    }

    fn reindex(&mut self) {
        self.by_kind.clear();
        for (i, rule) in self.rules.iter().enumerate() {
            for kind in &rule.meta.kinds {
                match self.by_kind.iter_mut().find(|(k, _)| k == kind) {
                    // A rule that names a kind twice still runs once.
                    Some((_, positions)) if positions.last() == Some(&i) => {}
                    Some((_, positions)) => positions.push(i),
                    None => self.by_kind.push((kind.clone(), vec![i])),
                }
            }
        }
    }
}
