//! The bytes of a snapshot: numbers as LEB128 (most are counts, slots and lengths under 128,
//! one byte each), texts and byte strings after their length. One encoding for the layout,
//! the rules' metadata (`super`) and their lowered programs (`crate::compiled::wire`).

/// Why a snapshot, or a part of it, could not be written or read.
pub(crate) type W<T> = Result<T, &'static str>;

/// What a reader says when the bytes end too early.
pub(crate) const SHORT: &str = "snapshot cut short";

/// Appends to a snapshot. Natively; a module only writes the header it expects to find.
pub(crate) struct Out<'a>(pub(crate) &'a mut Vec<u8>);

#[cfg_attr(target_family = "wasm", allow(dead_code))]
impl Out<'_> {
    pub(crate) fn byte(&mut self, b: u8) {
        self.0.push(b);
    }

    pub(crate) fn u64(&mut self, mut n: u64) {
        loop {
            let low = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                self.0.push(low);
                return;
            }
            self.0.push(low | 0x80);
        }
    }

    pub(crate) fn uint(&mut self, n: usize) {
        self.u64(n as u64);
    }

    /// Bytes of a size both sides know, as they are.
    pub(crate) fn raw(&mut self, b: &[u8]) {
        self.0.extend_from_slice(b);
    }

    /// Bytes after their length.
    pub(crate) fn bytes(&mut self, b: &[u8]) {
        self.uint(b.len());
        self.0.extend_from_slice(b);
    }

    pub(crate) fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }
}

/// Reads a snapshot from the front. What it hands out borrows the snapshot's bytes, not the
/// reader: a snapshot embedded in the module lends its texts for the life of the program.
pub(crate) struct In<'a>(&'a [u8]);

// `byte`, `u64` and `take` are kept out of line: every read goes through them, and gongkai's
// code in the fast module is built at `opt-level = 2`, which would inline them everywhere for
// no gain (a snapshot is read once): −0.6 KB gzip.
impl<'a> In<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Self(bytes)
    }

    #[inline(never)]
    pub(crate) fn byte(&mut self) -> W<u8> {
        let (&b, rest) = self.0.split_first().ok_or(SHORT)?;
        self.0 = rest;
        Ok(b)
    }

    #[inline(never)]
    pub(crate) fn u64(&mut self) -> W<u64> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            n |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(n);
            }
        }
        Err("snapshot number too long")
    }

    pub(crate) fn uint(&mut self) -> W<usize> {
        usize::try_from(self.u64()?).map_err(|_| "snapshot number too large")
    }

    /// A count of items that follow, each at least one byte: never more than the bytes left,
    /// so a damaged count cannot make a huge allocation.
    pub(crate) fn len(&mut self) -> W<usize> {
        let n = self.uint()?;
        if n > self.0.len() {
            return Err(SHORT);
        }
        Ok(n)
    }

    #[inline(never)]
    pub(crate) fn take(&mut self, n: usize) -> W<&'a [u8]> {
        if n > self.0.len() {
            return Err(SHORT);
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }

    /// Bytes written by [`Out::bytes`].
    pub(crate) fn bytes(&mut self) -> W<&'a [u8]> {
        let n = self.uint()?;
        self.take(n)
    }

    /// A text written by [`Out::str`].
    pub(crate) fn str(&mut self) -> W<&'a str> {
        std::str::from_utf8(self.bytes()?).map_err(|_| "snapshot text not UTF-8")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_texts_read_back_as_written() {
        let mut bytes = Vec::new();
        let mut out = Out(&mut bytes);
        let numbers: [u64; 9] = [0, 1, 127, 128, 300, 16_383, 16_384, 1 << 32, u64::MAX];
        for n in numbers {
            out.u64(n);
        }
        out.str("主动公开");
        out.bytes(&[]);
        out.byte(7);
        // Small numbers take one byte each: the point of LEB128 here.
        assert_eq!(bytes.get(..3), Some(&[0, 1, 127][..]));
        let mut input = In::new(&bytes);
        for n in numbers {
            assert_eq!(input.u64(), Ok(n));
        }
        assert_eq!(input.str(), Ok("主动公开"));
        assert_eq!(input.bytes(), Ok(&[][..]));
        assert_eq!(input.byte(), Ok(7));
        // Nothing is left.
        assert_eq!(input.byte(), Err(SHORT));
    }

    #[test]
    fn damaged_bytes_are_refused() {
        // A length past the end, a count larger than what is left, eleven continuation bytes.
        assert_eq!(In::new(&[5, b'a']).str(), Err(SHORT));
        assert_eq!(In::new(&[3, 0]).len(), Err(SHORT));
        assert!(In::new(&[0xff; 11]).u64().is_err());
        assert!(In::new(&[2, 0xff, 0xfe]).str().is_err());
    }
}
