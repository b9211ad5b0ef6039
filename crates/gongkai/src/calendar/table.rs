//! Two per-day bitsets over a contiguous range of days: "decidable" and "working day".
//!
//! Bit `i` of the table is the day `base + i` (day numbers as in [`crate::date::Date::days`]).
//! Days outside the table, and padding bits of the last word, are undecidable. Lookups are O(1);
//! walks go a 64-day word at a time (popcount, then a bit select in the final word), so a 20–60
//! working-day walk touches one to three words and never allocates.
//!
//! Day numbers are `i64` here so that walks starting next to `i32::MAX` cannot overflow.
//! Walks return `Err(day)` with the first undecidable day they reach.

/// The per-day bitsets.
#[derive(Clone, Default)]
pub(super) struct Table {
    /// Day number of bit 0.
    base: i64,
    /// Bit set: the day can be decided (its notices are loaded).
    known: Vec<u64>,
    /// Bit set: the day is a working day (meaningful only where `known` is set).
    work: Vec<u64>,
}

/// The low `n` bits (`n` ≤ 64).
const fn low_mask(n: u32) -> u64 {
    if n >= 64 { u64::MAX } else { (1 << n) - 1 }
}

/// The high `n` bits (`n` ≤ 64).
const fn high_mask(n: u32) -> u64 {
    if n >= 64 { u64::MAX } else { !(u64::MAX >> n) }
}

/// Position of the `k`-th (0-based) set bit of `x`, counting from bit 0. The caller guarantees
/// that `x` has more than `k` set bits (so `k` < 64).
fn select(mut x: u64, k: u64) -> u32 {
    for _ in 0..k.min(63) {
        x &= x.wrapping_sub(1);
    }
    x.trailing_zeros()
}

impl Table {
    /// A table for the days `first..=last`, all undecidable.
    pub(super) fn new(first: i32, last: i32) -> Self {
        let len = usize::try_from(i64::from(last) - i64::from(first) + 1).unwrap_or(0);
        let words = len.div_ceil(64);
        Self {
            base: i64::from(first),
            known: vec![0; words],
            work: vec![0; words],
        }
    }

    /// Word index and bit offset of `day`, if it is inside the table.
    fn locate(&self, day: i64) -> Option<(usize, u32)> {
        let i = u64::try_from(day.checked_sub(self.base)?).ok()?;
        let word = usize::try_from(i / 64).ok()?;
        (word < self.known.len()).then_some((word, (i % 64) as u32))
    }

    /// The `known` and `work` words holding `day`, and `day`'s bit offset.
    fn word_at(&self, day: i64) -> Option<(u64, u64, u32)> {
        let (w, off) = self.locate(day)?;
        Some((*self.known.get(w)?, *self.work.get(w)?, off))
    }

    /// Marks `day` decidable (or not) and sets whether it is a working day. Days outside the
    /// table are ignored.
    pub(super) fn set(&mut self, day: i32, known: bool, work: bool) {
        let Some((w, off)) = self.locate(i64::from(day)) else {
            return;
        };
        let bit = 1u64 << off;
        if let (Some(k), Some(x)) = (self.known.get_mut(w), self.work.get_mut(w)) {
            if known {
                *k |= bit
            } else {
                *k &= !bit
            }
            if work { *x |= bit } else { *x &= !bit }
        }
    }

    /// Sets only the working-day bit of `day` (a listed day). Days outside the table are ignored.
    pub(super) fn set_work(&mut self, day: i32, work: bool) {
        let Some((w, off)) = self.locate(i64::from(day)) else {
            return;
        };
        let bit = 1u64 << off;
        if let Some(x) = self.work.get_mut(w) {
            if work { *x |= bit } else { *x &= !bit }
        }
    }

    /// Is `day` a working day? `None` when it cannot be decided.
    pub(super) fn get(&self, day: i64) -> Option<bool> {
        let (known, work, off) = self.word_at(day)?;
        (known >> off & 1 == 1).then_some(work >> off & 1 == 1)
    }

    /// The `k`-th working day (`k` ≥ 1) among `from, from + 1, …`; every day up to it must be
    /// decidable.
    pub(super) fn forward(&self, from: i64, mut k: u64) -> Result<i64, i64> {
        let mut day = from;
        loop {
            let (known, work, off) = self.word_at(day).ok_or(day)?;
            // Bit j of `kn`/`wk` is now `day + j`; the top `off` bits are zero (beyond the word).
            let kn = known >> off;
            // Consecutive decidable days from `day` within this word: 0..=64 - off.
            let avail = (!kn).trailing_zeros();
            let wk = (work >> off) & low_mask(avail);
            let found = u64::from(wk.count_ones());
            if found >= k {
                return Ok(day + i64::from(select(wk, k.saturating_sub(1))));
            }
            k -= found;
            let span = 64 - off;
            if avail < span {
                return Err(day + i64::from(avail));
            }
            day += i64::from(span);
        }
    }

    /// The `k`-th working day (`k` ≥ 1) among `from, from - 1, …`; every day down to it must be
    /// decidable.
    pub(super) fn backward(&self, from: i64, mut k: u64) -> Result<i64, i64> {
        let mut day = from;
        loop {
            let (known, work, off) = self.word_at(day).ok_or(day)?;
            // Bit 63 - j of `kn`/`wk` is now `day - j`; the low `63 - off` bits are zero.
            let shift = 63 - off;
            let kn = known << shift;
            // Consecutive decidable days from `day` downwards within this word: 0..=off + 1.
            let avail = (!kn).leading_zeros();
            let wk = (work << shift) & high_mask(avail);
            let found = u64::from(wk.count_ones());
            if found >= k {
                return Ok(day - i64::from(select(wk.reverse_bits(), k.saturating_sub(1))));
            }
            k -= found;
            let span = off + 1;
            if avail < span {
                return Err(day - i64::from(avail));
            }
            day -= i64::from(span);
        }
    }

    /// The number of working days in `from..=to` (`from` ≤ `to`); every day must be decidable.
    /// On failure, the lowest undecidable day.
    pub(super) fn count(&self, from: i64, to: i64) -> Result<u64, i64> {
        let mut day = from;
        let mut total = 0u64;
        while day <= to {
            let (known, work, off) = self.word_at(day).ok_or(day)?;
            let left = u32::try_from(to - day + 1).unwrap_or(u32::MAX);
            let span = (64 - off).min(left);
            let mask = low_mask(span);
            let kn = (known >> off) & mask;
            if kn != mask {
                return Err(day + i64::from((!kn & mask).trailing_zeros()));
            }
            total += u64::from(((work >> off) & mask).count_ones());
            day += i64::from(span);
        }
        Ok(total)
    }

    /// Number of 64-day words in the table — for `Debug`.
    pub(super) fn len_words(&self) -> usize {
        self.known.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A table with a pseudo-random pattern of known/work bits, and the same as plain vectors.
    fn random_table(first: i32, len: i32, seed: u64) -> (Table, Vec<Option<bool>>) {
        let mut t = Table::new(first, first + len - 1);
        let mut s = seed;
        let mut plain = Vec::new();
        for i in 0..len {
            s = s
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let r = s >> 33;
            // Mostly decidable, with occasional undecidable runs.
            let known = r % 97 > 6;
            let work = !r.is_multiple_of(3);
            t.set(first + i, known, work);
            plain.push(known.then_some(work));
        }
        (t, plain)
    }

    #[test]
    fn walks_agree_with_a_day_by_day_walk() {
        for seed in 0..8 {
            let first = -1000 + seed as i32 * 37;
            let len = 700;
            let (t, plain) = random_table(first, len, seed);
            let get = |day: i64| -> Option<bool> {
                let i = usize::try_from(day - i64::from(first)).ok()?;
                plain.get(i).copied().flatten()
            };
            for i in 0..len {
                assert_eq!(t.get(i64::from(first + i)), get(i64::from(first + i)));
            }
            let lo = i64::from(first) - 3;
            let hi = i64::from(first + len) + 3;
            for from in lo..hi {
                for k in [1u64, 2, 3, 5, 17, 63, 64, 65, 130, 1000] {
                    // Reference: step one day at a time.
                    let naive = |step: i64| {
                        let (mut day, mut left) = (from, k);
                        loop {
                            match get(day) {
                                None => return Err(day),
                                Some(true) if left == 1 => return Ok(day),
                                Some(true) => left -= 1,
                                Some(false) => {}
                            }
                            day += step;
                        }
                    };
                    assert_eq!(t.forward(from, k), naive(1), "forward {from} {k}");
                    assert_eq!(t.backward(from, k), naive(-1), "backward {from} {k}");
                }
                for to in [from, from + 1, from + 7, from + 63, from + 64, from + 200] {
                    let mut naive = Ok(0);
                    for day in from..=to {
                        match get(day) {
                            None => {
                                naive = Err(day);
                                break;
                            }
                            Some(w) => {
                                if let Ok(n) = &mut naive {
                                    *n += u64::from(w);
                                }
                            }
                        }
                    }
                    assert_eq!(t.count(from, to), naive, "count {from}..={to}");
                }
            }
        }
    }

    #[test]
    fn extreme_days_do_not_overflow() {
        let (t, _) = random_table(0, 100, 1);
        assert_eq!(t.get(i64::from(i32::MAX) + 1), None);
        assert_eq!(
            t.forward(i64::from(i32::MIN) - 1, 3),
            Err(i64::from(i32::MIN) - 1)
        );
        assert!(t.backward(i64::from(i32::MAX) + 1, u64::MAX).is_err());
        assert!(t.forward(0, u64::MAX).is_err());
        assert_eq!(Table::default().get(0), None);
        assert_eq!(Table::default().forward(0, 1), Err(0));
    }
}
