//! A [`Program`] as bytes, so that a build can ship rules already lowered (`crate::snapshot`).
//!
//! Everything in a program is plain data except its native call sites, which hold the
//! engine's functions themselves. A site is written as what chose them (the function's name,
//! the call's arity, whether it had a reader and which arguments it reads in place) and
//! resolved again, against the loading engine's table, as it is read: the same lookup the
//! lowering made. Constants are written by type; a program holding a constant of a type not
//! listed here is not written (its rule is then compiled from source, as always).
//!
//! The format is private to one build of the crate: `crate::snapshot` checks that the reader
//! is the build that wrote it (version, native functions, switch hashing) before trusting it.

use super::ops::Bin;
use super::{Each, Ex, Func, Hof, Place, Program, Site, St, Step, Switch};
use crate::natives::Table;
use rhai::{Dynamic, Identifier, ImmutableString, Position};
use std::collections::HashMap;

/// Why a program could not be written or read.
pub(crate) type W<T> = Result<T, &'static str>;

/// Appends `program` to `out` (natively: a module reads snapshots, it does not write them); `cases` are the values of its `switch` cases by their hash
/// (a case is written as its value: the hash is the writing build's).
#[cfg(not(target_family = "wasm"))]
pub(crate) fn write(program: &Program, cases: &HashMap<u64, Dynamic>, out: &mut Vec<u8>) -> W<()> {
    let mut w = Writer(out, cases);
    w.uint(program.check);
    w.uint(program.funcs.len());
    for f in &program.funcs {
        match f {
            None => w.0.push(0),
            Some(f) => {
                w.0.push(1);
                w.uint(f.slots);
                w.stmts(&f.body)?;
                w.uint(f.writes.len());
                for &s in &f.writes {
                    w.uint(s);
                }
            }
        }
    }
    Ok(())
}

/// Reads a program written by [`write`], its call sites resolved against `natives`.
pub(crate) fn read(bytes: &mut &[u8], natives: &Table) -> W<Program> {
    let mut r = Reader { bytes, natives };
    let check = r.uint()?;
    let n = r.len()?;
    let mut funcs = Vec::with_capacity(n);
    for _ in 0..n {
        funcs.push(match r.byte()? {
            0 => None,
            _ => {
                let slots = r.uint()?;
                let body = r.stmts()?;
                let writes = r.list(Reader::uint)?;
                Some(Func {
                    slots,
                    body,
                    writes,
                })
            }
        });
    }
    if funcs.get(check).is_none_or(Option::is_none) {
        return Err("no check function");
    }
    Ok(Program { funcs, check })
}

#[cfg(not(target_family = "wasm"))]
struct Writer<'a>(&'a mut Vec<u8>, &'a HashMap<u64, Dynamic>);

#[cfg(not(target_family = "wasm"))]
impl Writer<'_> {
    /// LEB128: most numbers here are slots and counts under 128, one byte each.
    fn u64(&mut self, mut n: u64) {
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

    fn uint(&mut self, n: usize) {
        self.u64(n as u64);
    }

    fn str(&mut self, s: &str) {
        self.uint(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }

    fn opt<T>(&mut self, v: Option<&T>, each: impl FnOnce(&mut Self, &T) -> W<()>) -> W<()> {
        match v {
            None => self.0.push(0),
            Some(v) => {
                self.0.push(1);
                each(self, v)?;
            }
        }
        Ok(())
    }

    fn stmts(&mut self, list: &[St]) -> W<()> {
        self.uint(list.len());
        list.iter().try_for_each(|s| self.stmt(s))
    }

    fn exprs(&mut self, list: &[Ex]) -> W<()> {
        self.uint(list.len());
        list.iter().try_for_each(|e| self.expr(e))
    }

    fn stmt(&mut self, s: &St) -> W<()> {
        match s {
            St::Expr(e) => {
                self.0.push(0);
                self.expr(e)
            }
            St::Let(slot, e) => {
                self.0.push(1);
                self.uint(*slot);
                self.expr(e)
            }
            St::Assign(place, op, e) => {
                self.0.push(2);
                self.place(place)?;
                self.opt(op.as_ref(), |w, op| {
                    w.0.push(op.code());
                    Ok(())
                })?;
                self.expr(e)
            }
            St::If(c, then, otherwise) => {
                self.0.push(3);
                self.expr(c)?;
                self.stmts(then)?;
                self.stmts(otherwise)
            }
            St::Switch(x) => {
                self.0.push(4);
                self.switch(x)
            }
            St::While(c, body) => {
                self.0.push(5);
                self.expr(c)?;
                self.stmts(body)
            }
            St::For(item, counter, items, body) => {
                self.0.push(6);
                self.uint(*item);
                self.opt(counter.as_ref(), |w, c| {
                    w.uint(*c);
                    Ok(())
                })?;
                self.expr(items)?;
                self.stmts(body)
            }
            St::Break => {
                self.0.push(7);
                Ok(())
            }
            St::Continue => {
                self.0.push(8);
                Ok(())
            }
            St::Return(v) => {
                self.0.push(9);
                self.opt(v.as_ref(), Self::expr)
            }
            St::Block(b) => {
                self.0.push(10);
                self.stmts(b)
            }
        }
    }

    fn switch(&mut self, x: &Switch) -> W<()> {
        self.expr(&x.value)?;
        // In hash order, so that the same program always gives the same bytes.
        let mut cases: Vec<_> = x.cases.iter().collect();
        cases.sort_unstable_by_key(|(h, _)| **h);
        self.uint(cases.len());
        for (hash, arms) in cases {
            let value = self
                .1
                .get(hash)
                .ok_or("a switch case not among the literals")?;
            self.value(value)?;
            self.uint(arms.len());
            for (cond, value) in arms {
                self.opt(cond.as_ref(), Self::expr)?;
                self.expr(value)?;
            }
        }
        self.opt(x.default.as_ref(), Self::expr)
    }

    fn place(&mut self, p: &Place) -> W<()> {
        self.uint(p.slot);
        self.steps(&p.path)?;
        self.0.push(u8::from(p.constant));
        Ok(())
    }

    fn steps(&mut self, steps: &[Step]) -> W<()> {
        self.uint(steps.len());
        for s in steps {
            match s {
                Step::Prop(name) => {
                    self.0.push(0);
                    self.str(name);
                }
                Step::Index(e) => {
                    self.0.push(1);
                    self.expr(e)?;
                }
            }
        }
        Ok(())
    }

    fn site(&mut self, s: &Site) {
        self.str(&s.name);
        self.uint(s.arity);
        self.0.push(u8::from(s.reader.is_some()));
        self.0.push(s.in_place);
        self.pos(s.pos);
    }

    fn pos(&mut self, pos: Position) {
        self.uint(pos.line().unwrap_or(0));
        self.uint(pos.position().unwrap_or(0));
    }

    fn expr(&mut self, e: &Ex) -> W<()> {
        match e {
            Ex::Const(v) => {
                self.0.push(0);
                self.value(v)
            }
            Ex::Slot(s) => {
                self.0.push(1);
                self.uint(*s);
                Ok(())
            }
            Ex::Path(base, steps) => {
                self.0.push(2);
                self.expr(base)?;
                self.steps(steps)
            }
            Ex::Interp(parts, site) => {
                self.0.push(3);
                self.exprs(parts)?;
                self.site(site);
                Ok(())
            }
            Ex::Array(items) => {
                self.0.push(4);
                self.exprs(items)
            }
            Ex::Map(entries, template) => {
                self.0.push(5);
                self.uint(entries.len());
                for (name, e) in entries {
                    self.str(name);
                    self.expr(e)?;
                }
                self.map(template)
            }
            Ex::And(items) => {
                self.0.push(6);
                self.exprs(items)
            }
            Ex::Or(items) => {
                self.0.push(7);
                self.exprs(items)
            }
            Ex::Not(x) => {
                self.0.push(8);
                self.expr(x)
            }
            Ex::Neg(x) => {
                self.0.push(9);
                self.expr(x)
            }
            Ex::Bin(op, operands, site) => {
                self.0.push(10);
                self.0.push(op.code());
                self.expr(&operands.0)?;
                self.expr(&operands.1)?;
                self.site(site);
                Ok(())
            }
            Ex::Call(site, args) => {
                self.0.push(11);
                self.site(site);
                self.exprs(args)
            }
            Ex::Method(site, place, args) => {
                self.0.push(12);
                self.site(site);
                self.place(place)?;
                self.exprs(args)
            }
            Ex::Script(index, args) => {
                self.0.push(13);
                self.uint(*index);
                self.exprs(args)
            }
            Ex::Block(b) => {
                self.0.push(14);
                self.stmts(b)
            }
            Ex::TypeOf(x) => {
                self.0.push(15);
                self.expr(x)
            }
            Ex::Each(each) => {
                self.0.push(16);
                self.0.push(each.hof as u8);
                self.expr(&each.list)?;
                self.uint(each.func);
                self.exprs(&each.captured)?;
                self.opt(each.init.as_ref(), Self::expr)
            }
        }
    }

    fn map(&mut self, m: &rhai::Map) -> W<()> {
        self.uint(m.len());
        for (k, v) in m {
            self.str(k);
            self.value(v)?;
        }
        Ok(())
    }

    /// A constant: read-only or not, as rhai made it (a method that changes its target refuses
    /// a read-only one), then its value.
    fn value(&mut self, v: &Dynamic) -> W<()> {
        if v.is_read_only() {
            self.0.push(7);
        }
        self.content(v)
    }

    /// The value of a constant, of the types a rule's literals have (the build has no floats).
    fn content(&mut self, v: &Dynamic) -> W<()> {
        if v.is_unit() {
            self.0.push(0);
        } else if let Ok(b) = v.as_bool() {
            self.0.push(1);
            self.0.push(u8::from(b));
        } else if let Ok(n) = v.as_int() {
            self.0.push(2);
            self.0.extend_from_slice(&n.to_le_bytes());
        } else if let Ok(c) = v.as_char() {
            self.0.push(3);
            self.u64(u64::from(u32::from(c)));
        } else if let Some(s) = v.read_lock::<ImmutableString>() {
            self.0.push(4);
            self.str(&s);
        } else if let Some(items) = v.read_lock::<rhai::Array>() {
            self.0.push(5);
            self.uint(items.len());
            for item in items.iter() {
                self.value(item)?;
            }
        } else if let Some(m) = v.read_lock::<rhai::Map>() {
            self.0.push(6);
            self.map(&m)?;
        } else {
            return Err("a constant of a type snapshots do not hold");
        }
        Ok(())
    }
}

struct Reader<'a, 'b> {
    bytes: &'b mut &'a [u8],
    natives: &'b Table,
}

const SHORT: &str = "snapshot cut short";

// `byte`, `u64` and `take` are kept out of line: every read goes through them, and gongkai's
// code in the fast module is built at `opt-level = 2`, which would inline them everywhere for
// no gain (a snapshot is read once): −0.6 KB gzip.
impl Reader<'_, '_> {
    #[inline(never)]
    fn byte(&mut self) -> W<u8> {
        let (&b, rest) = self.bytes.split_first().ok_or(SHORT)?;
        *self.bytes = rest;
        Ok(b)
    }

    #[inline(never)]
    fn u64(&mut self) -> W<u64> {
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

    fn uint(&mut self) -> W<usize> {
        usize::try_from(self.u64()?).map_err(|_| "snapshot number too large")
    }

    /// A count of items that follow, each at least one byte: never more than the bytes left,
    /// so a damaged count cannot make a huge allocation.
    fn len(&mut self) -> W<usize> {
        let n = self.uint()?;
        if n > self.bytes.len() {
            return Err(SHORT);
        }
        Ok(n)
    }

    #[inline(never)]
    fn take(&mut self, n: usize) -> W<&[u8]> {
        if n > self.bytes.len() {
            return Err(SHORT);
        }
        let (head, rest) = self.bytes.split_at(n);
        *self.bytes = rest;
        Ok(head)
    }

    fn str(&mut self) -> W<&str> {
        let n = self.uint()?;
        std::str::from_utf8(self.take(n)?).map_err(|_| "snapshot text not UTF-8")
    }

    fn list<T>(&mut self, mut each: impl FnMut(&mut Self) -> W<T>) -> W<Box<[T]>> {
        let n = self.len()?;
        (0..n).map(|_| each(self)).collect()
    }

    fn opt<T>(&mut self, each: impl FnOnce(&mut Self) -> W<T>) -> W<Option<T>> {
        match self.byte()? {
            0 => Ok(None),
            _ => each(self).map(Some),
        }
    }

    fn stmts(&mut self) -> W<Box<[St]>> {
        self.list(Self::stmt)
    }

    fn exprs(&mut self) -> W<Box<[Ex]>> {
        self.list(Self::expr)
    }

    fn bin(&mut self) -> W<Bin> {
        Bin::from_code(self.byte()?).ok_or("snapshot operator unknown")
    }

    fn stmt(&mut self) -> W<St> {
        Ok(match self.byte()? {
            0 => St::Expr(self.expr()?),
            1 => St::Let(self.uint()?, self.expr()?),
            2 => St::Assign(self.place()?, self.opt(Self::bin)?, self.expr()?),
            3 => St::If(self.expr()?, self.stmts()?, self.stmts()?),
            4 => St::Switch(Box::new(self.switch()?)),
            5 => St::While(self.expr()?, self.stmts()?),
            6 => St::For(
                self.uint()?,
                self.opt(Self::uint)?,
                self.expr()?,
                self.stmts()?,
            ),
            7 => St::Break,
            8 => St::Continue,
            9 => St::Return(self.opt(Self::expr)?),
            10 => St::Block(self.stmts()?),
            _ => return Err("snapshot statement unknown"),
        })
    }

    /// A `switch`, its cases keyed as this build's rhai keys them.
    fn switch(&mut self) -> W<Switch> {
        // rhai hashes with its configured seed if one is set (`super::switch_hash` does not).
        if rhai::config::hashing::get_hashing_seed().is_some_and(|s| s.iter().any(|&x| x != 0)) {
            return Err("rhai's hashing seed is set");
        }
        let value = self.expr()?;
        let n = self.len()?;
        let mut cases = HashMap::with_capacity(n);
        for _ in 0..n {
            let hash = super::switch_hash(&self.value()?);
            let arms = self.len()?;
            let mut list = Vec::with_capacity(arms);
            for _ in 0..arms {
                list.push((self.opt(Self::expr)?, self.expr()?));
            }
            cases.insert(hash, list);
        }
        let default = self.opt(Self::expr)?;
        Ok(Switch {
            value,
            cases,
            default,
        })
    }

    fn place(&mut self) -> W<Place> {
        Ok(Place {
            slot: self.uint()?,
            path: self.steps()?,
            constant: self.byte()? != 0,
        })
    }

    fn steps(&mut self) -> W<Box<[Step]>> {
        self.list(|r| {
            Ok(match r.byte()? {
                0 => Step::Prop(Identifier::from(r.str()?)),
                1 => Step::Index(r.expr()?),
                _ => return Err("snapshot path step unknown"),
            })
        })
    }

    /// A call site, resolved as the lowering resolved it.
    fn site(&mut self) -> W<Box<Site>> {
        let name = ImmutableString::from(self.str()?);
        let arity = self.uint()?;
        let reader = self.byte()? != 0;
        let in_place = self.byte()?;
        let pos = self.pos()?;
        let candidates: Box<[_]> = self.natives.get(&name, arity).into();
        let reader = if reader {
            Some(
                self.natives
                    .reader(&name, arity)
                    .ok_or("snapshot reader unknown")?,
            )
        } else {
            None
        };
        Ok(Box::new(Site {
            methods: candidates.iter().any(|(_, f)| f.is_method()),
            name,
            arity,
            candidates,
            reader,
            in_place,
            pos,
        }))
    }

    fn pos(&mut self) -> W<Position> {
        let line = u16::try_from(self.uint()?).map_err(|_| "snapshot line too large")?;
        let column = u16::try_from(self.uint()?).map_err(|_| "snapshot column too large")?;
        Ok(if line == 0 {
            Position::NONE
        } else {
            Position::new(line, column)
        })
    }

    fn expr(&mut self) -> W<Ex> {
        Ok(match self.byte()? {
            0 => Ex::Const(self.value()?),
            1 => Ex::Slot(self.uint()?),
            2 => Ex::Path(Box::new(self.expr()?), self.steps()?),
            3 => Ex::Interp(self.exprs()?, self.site()?),
            4 => Ex::Array(self.exprs()?),
            5 => {
                let entries = self.list(|r| Ok((Identifier::from(r.str()?), r.expr()?)))?;
                Ex::Map(entries, Box::new(self.map()?))
            }
            6 => Ex::And(self.exprs()?),
            7 => Ex::Or(self.exprs()?),
            8 => Ex::Not(Box::new(self.expr()?)),
            9 => Ex::Neg(Box::new(self.expr()?)),
            10 => {
                let op = self.bin()?;
                let operands = (self.expr()?, self.expr()?);
                Ex::Bin(op, Box::new(operands), self.site()?)
            }
            11 => Ex::Call(self.site()?, self.exprs()?),
            12 => Ex::Method(self.site()?, self.place()?, self.exprs()?),
            13 => Ex::Script(self.uint()?, self.exprs()?),
            14 => Ex::Block(self.stmts()?),
            15 => Ex::TypeOf(Box::new(self.expr()?)),
            16 => {
                let hof = match self.byte()? {
                    0 => Hof::Map,
                    1 => Hof::Filter,
                    2 => Hof::Some,
                    3 => Hof::All,
                    4 => Hof::Reduce,
                    _ => return Err("snapshot closure call unknown"),
                };
                Ex::Each(Box::new(Each {
                    hof,
                    list: self.expr()?,
                    func: self.uint()?,
                    captured: self.exprs()?,
                    init: self.opt(Self::expr)?,
                }))
            }
            _ => return Err("snapshot expression unknown"),
        })
    }

    fn map(&mut self) -> W<rhai::Map> {
        let n = self.len()?;
        let mut m = rhai::Map::new();
        for _ in 0..n {
            let key = Identifier::from(self.str()?);
            m.insert(key, self.value()?);
        }
        Ok(m)
    }

    fn value(&mut self) -> W<Dynamic> {
        Ok(match self.byte()? {
            0 => Dynamic::UNIT,
            1 => Dynamic::from_bool(self.byte()? != 0),
            2 => Dynamic::from_int(i64::from_le_bytes(
                self.take(8)?.try_into().map_err(|_| SHORT)?,
            )),
            3 => Dynamic::from_char(
                u32::try_from(self.u64()?)
                    .ok()
                    .and_then(char::from_u32)
                    .ok_or("snapshot character invalid")?,
            ),
            4 => Dynamic::from(ImmutableString::from(self.str()?)),
            5 => Dynamic::from_array(self.list(Self::value)?.into_vec()),
            6 => Dynamic::from_map(self.map()?),
            7 => self.value()?.into_read_only(),
            _ => return Err("snapshot constant unknown"),
        })
    }
}
