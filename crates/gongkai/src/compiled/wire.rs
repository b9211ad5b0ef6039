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
//! Its numbers and texts are the snapshot's own (`crate::snapshot::codec`).

use super::ops::Bin;
use super::{Each, Ex, Func, Hof, Place, Program, Site, St, Step, Switch};
use crate::natives::Table;
#[cfg(not(target_family = "wasm"))]
use crate::snapshot::codec::Out;
use crate::snapshot::codec::{In, SHORT, W};
use rhai::{Dynamic, Identifier, ImmutableString, Position};
use std::collections::HashMap;

/// Appends `program` to `out` (natively: a module reads snapshots, it does not write them).
/// `cases` are the values of its `switch` cases by their hash: a case is written as its value,
/// as the hash is the writing build's.
#[cfg(not(target_family = "wasm"))]
pub(crate) fn write(program: &Program, cases: &HashMap<u64, Dynamic>, out: &mut Vec<u8>) -> W<()> {
    let mut w = Writer(Out(out), cases);
    w.0.uint(program.check);
    w.0.uint(program.funcs.len());
    for f in &program.funcs {
        match f {
            None => w.0.byte(0),
            Some(f) => {
                w.0.byte(1);
                w.0.uint(f.slots);
                w.stmts(&f.body)?;
                w.0.uint(f.writes.len());
                for &s in &f.writes {
                    w.0.uint(s);
                }
            }
        }
    }
    Ok(())
}

/// Reads a program written by [`write`], its call sites resolved against `natives`.
pub(crate) fn read(input: &mut In<'_>, natives: &Table) -> W<Program> {
    let mut r = Reader { input, natives };
    let check = r.input.uint()?;
    let n = r.input.len()?;
    let mut funcs = Vec::with_capacity(n);
    for _ in 0..n {
        funcs.push(match r.input.byte()? {
            0 => None,
            _ => {
                let slots = r.input.uint()?;
                let body = r.stmts()?;
                let writes = r.list(|r| r.input.uint())?;
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
struct Writer<'a>(Out<'a>, &'a HashMap<u64, Dynamic>);

#[cfg(not(target_family = "wasm"))]
impl Writer<'_> {
    fn opt<T>(&mut self, v: Option<&T>, each: impl FnOnce(&mut Self, &T) -> W<()>) -> W<()> {
        match v {
            None => self.0.byte(0),
            Some(v) => {
                self.0.byte(1);
                each(self, v)?;
            }
        }
        Ok(())
    }

    fn stmts(&mut self, list: &[St]) -> W<()> {
        self.0.uint(list.len());
        list.iter().try_for_each(|s| self.stmt(s))
    }

    fn exprs(&mut self, list: &[Ex]) -> W<()> {
        self.0.uint(list.len());
        list.iter().try_for_each(|e| self.expr(e))
    }

    fn stmt(&mut self, s: &St) -> W<()> {
        match s {
            St::Expr(e) => {
                self.0.byte(0);
                self.expr(e)
            }
            St::Let(slot, e) => {
                self.0.byte(1);
                self.0.uint(*slot);
                self.expr(e)
            }
            St::Assign(place, op, e) => {
                self.0.byte(2);
                self.place(place)?;
                self.opt(op.as_ref(), |w, op| {
                    w.0.byte(op.code());
                    Ok(())
                })?;
                self.expr(e)
            }
            St::If(c, then, otherwise) => {
                self.0.byte(3);
                self.expr(c)?;
                self.stmts(then)?;
                self.stmts(otherwise)
            }
            St::Switch(x) => {
                self.0.byte(4);
                self.switch(x)
            }
            St::While(c, body) => {
                self.0.byte(5);
                self.expr(c)?;
                self.stmts(body)
            }
            St::For(item, counter, items, body) => {
                self.0.byte(6);
                self.0.uint(*item);
                self.opt(counter.as_ref(), |w, c| {
                    w.0.uint(*c);
                    Ok(())
                })?;
                self.expr(items)?;
                self.stmts(body)
            }
            St::Break => {
                self.0.byte(7);
                Ok(())
            }
            St::Continue => {
                self.0.byte(8);
                Ok(())
            }
            St::Return(v) => {
                self.0.byte(9);
                self.opt(v.as_ref(), Self::expr)
            }
            St::Block(b) => {
                self.0.byte(10);
                self.stmts(b)
            }
        }
    }

    fn switch(&mut self, x: &Switch) -> W<()> {
        self.expr(&x.value)?;
        // In hash order, so that the same program always gives the same bytes.
        let mut cases: Vec<_> = x.cases.iter().collect();
        cases.sort_unstable_by_key(|(h, _)| **h);
        self.0.uint(cases.len());
        for (hash, arms) in cases {
            let value = self
                .1
                .get(hash)
                .ok_or("a switch case not among the literals")?;
            self.value(value)?;
            self.0.uint(arms.len());
            for (cond, value) in arms {
                self.opt(cond.as_ref(), Self::expr)?;
                self.expr(value)?;
            }
        }
        self.opt(x.default.as_ref(), Self::expr)
    }

    fn place(&mut self, p: &Place) -> W<()> {
        self.0.uint(p.slot);
        self.steps(&p.path)?;
        self.0.byte(u8::from(p.constant));
        Ok(())
    }

    fn steps(&mut self, steps: &[Step]) -> W<()> {
        self.0.uint(steps.len());
        for s in steps {
            match s {
                Step::Prop(name) => {
                    self.0.byte(0);
                    self.0.str(name);
                }
                Step::Index(e) => {
                    self.0.byte(1);
                    self.expr(e)?;
                }
            }
        }
        Ok(())
    }

    fn site(&mut self, s: &Site) {
        self.0.str(&s.name);
        self.0.uint(s.arity);
        self.0.byte(u8::from(s.reader.is_some()));
        self.0.byte(s.in_place);
        self.pos(s.pos);
    }

    fn pos(&mut self, pos: Position) {
        self.0.uint(pos.line().unwrap_or(0));
        self.0.uint(pos.position().unwrap_or(0));
    }

    fn expr(&mut self, e: &Ex) -> W<()> {
        match e {
            Ex::Const(v) => {
                self.0.byte(0);
                self.value(v)
            }
            Ex::Slot(s) => {
                self.0.byte(1);
                self.0.uint(*s);
                Ok(())
            }
            Ex::Path(base, steps) => {
                self.0.byte(2);
                self.expr(base)?;
                self.steps(steps)
            }
            Ex::Interp(parts, site) => {
                self.0.byte(3);
                self.exprs(parts)?;
                self.site(site);
                Ok(())
            }
            Ex::Array(items) => {
                self.0.byte(4);
                self.exprs(items)
            }
            Ex::Map(entries, template) => {
                self.0.byte(5);
                self.0.uint(entries.len());
                for (name, e) in entries {
                    self.0.str(name);
                    self.expr(e)?;
                }
                self.map(template)
            }
            Ex::And(items) => {
                self.0.byte(6);
                self.exprs(items)
            }
            Ex::Or(items) => {
                self.0.byte(7);
                self.exprs(items)
            }
            Ex::Not(x) => {
                self.0.byte(8);
                self.expr(x)
            }
            Ex::Neg(x) => {
                self.0.byte(9);
                self.expr(x)
            }
            Ex::Bin(op, operands, site) => {
                self.0.byte(10);
                self.0.byte(op.code());
                self.expr(&operands.0)?;
                self.expr(&operands.1)?;
                self.site(site);
                Ok(())
            }
            Ex::Call(site, args) => {
                self.0.byte(11);
                self.site(site);
                self.exprs(args)
            }
            Ex::Method(site, place, args) => {
                self.0.byte(12);
                self.site(site);
                self.place(place)?;
                self.exprs(args)
            }
            Ex::Script(index, args) => {
                self.0.byte(13);
                self.0.uint(*index);
                self.exprs(args)
            }
            Ex::Block(b) => {
                self.0.byte(14);
                self.stmts(b)
            }
            Ex::TypeOf(x) => {
                self.0.byte(15);
                self.expr(x)
            }
            Ex::Each(each) => {
                self.0.byte(16);
                self.0.byte(each.hof as u8);
                self.expr(&each.list)?;
                self.0.uint(each.func);
                self.exprs(&each.captured)?;
                self.opt(each.init.as_ref(), Self::expr)
            }
        }
    }

    fn map(&mut self, m: &rhai::Map) -> W<()> {
        self.0.uint(m.len());
        for (k, v) in m {
            self.0.str(k);
            self.value(v)?;
        }
        Ok(())
    }

    /// A constant: read-only or not, as rhai made it (a method that changes its target refuses
    /// a read-only one), then its value.
    fn value(&mut self, v: &Dynamic) -> W<()> {
        if v.is_read_only() {
            self.0.byte(7);
        }
        self.content(v)
    }

    /// The value of a constant, of the types a rule's literals have (the build has no floats).
    fn content(&mut self, v: &Dynamic) -> W<()> {
        if v.is_unit() {
            self.0.byte(0);
        } else if let Ok(b) = v.as_bool() {
            self.0.byte(1);
            self.0.byte(u8::from(b));
        } else if let Ok(n) = v.as_int() {
            self.0.byte(2);
            self.0.raw(&n.to_le_bytes());
        } else if let Ok(c) = v.as_char() {
            self.0.byte(3);
            self.0.u64(u64::from(u32::from(c)));
        } else if let Some(s) = v.read_lock::<ImmutableString>() {
            self.0.byte(4);
            self.0.str(&s);
        } else if let Some(items) = v.read_lock::<rhai::Array>() {
            self.0.byte(5);
            self.0.uint(items.len());
            for item in items.iter() {
                self.value(item)?;
            }
        } else if let Some(m) = v.read_lock::<rhai::Map>() {
            self.0.byte(6);
            self.map(&m)?;
        } else {
            return Err("a constant of a type snapshots do not hold");
        }
        Ok(())
    }
}

struct Reader<'a, 'b> {
    input: &'b mut In<'a>,
    natives: &'b Table,
}

impl Reader<'_, '_> {
    fn list<T>(&mut self, mut each: impl FnMut(&mut Self) -> W<T>) -> W<Box<[T]>> {
        let n = self.input.len()?;
        (0..n).map(|_| each(self)).collect()
    }

    fn opt<T>(&mut self, each: impl FnOnce(&mut Self) -> W<T>) -> W<Option<T>> {
        match self.input.byte()? {
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
        Bin::from_code(self.input.byte()?).ok_or("snapshot operator unknown")
    }

    fn stmt(&mut self) -> W<St> {
        Ok(match self.input.byte()? {
            0 => St::Expr(self.expr()?),
            1 => St::Let(self.input.uint()?, self.expr()?),
            2 => St::Assign(self.place()?, self.opt(Self::bin)?, self.expr()?),
            3 => St::If(self.expr()?, self.stmts()?, self.stmts()?),
            4 => St::Switch(Box::new(self.switch()?)),
            5 => St::While(self.expr()?, self.stmts()?),
            6 => St::For(
                self.input.uint()?,
                self.opt(|r| r.input.uint())?,
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
        let n = self.input.len()?;
        let mut cases = HashMap::with_capacity(n);
        for _ in 0..n {
            let hash = super::switch_hash(&self.value()?);
            let arms = self.input.len()?;
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
            slot: self.input.uint()?,
            path: self.steps()?,
            constant: self.input.byte()? != 0,
        })
    }

    fn steps(&mut self) -> W<Box<[Step]>> {
        self.list(|r| {
            Ok(match r.input.byte()? {
                0 => Step::Prop(Identifier::from(r.input.str()?)),
                1 => Step::Index(r.expr()?),
                _ => return Err("snapshot path step unknown"),
            })
        })
    }

    /// A call site, resolved as the lowering resolved it.
    fn site(&mut self) -> W<Box<Site>> {
        let name = ImmutableString::from(self.input.str()?);
        let arity = self.input.uint()?;
        let reader = self.input.byte()? != 0;
        let in_place = self.input.byte()?;
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
        let line = u16::try_from(self.input.uint()?).map_err(|_| "snapshot line too large")?;
        let column = u16::try_from(self.input.uint()?).map_err(|_| "snapshot column too large")?;
        Ok(if line == 0 {
            Position::NONE
        } else {
            Position::new(line, column)
        })
    }

    fn expr(&mut self) -> W<Ex> {
        Ok(match self.input.byte()? {
            0 => Ex::Const(self.value()?),
            1 => Ex::Slot(self.input.uint()?),
            2 => Ex::Path(Box::new(self.expr()?), self.steps()?),
            3 => Ex::Interp(self.exprs()?, self.site()?),
            4 => Ex::Array(self.exprs()?),
            5 => {
                let entries = self.list(|r| Ok((Identifier::from(r.input.str()?), r.expr()?)))?;
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
            13 => Ex::Script(self.input.uint()?, self.exprs()?),
            14 => Ex::Block(self.stmts()?),
            15 => Ex::TypeOf(Box::new(self.expr()?)),
            16 => {
                let hof = match self.input.byte()? {
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
                    func: self.input.uint()?,
                    captured: self.exprs()?,
                    init: self.opt(Self::expr)?,
                }))
            }
            _ => return Err("snapshot expression unknown"),
        })
    }

    fn map(&mut self) -> W<rhai::Map> {
        let n = self.input.len()?;
        let mut m = rhai::Map::new();
        for _ in 0..n {
            let key = Identifier::from(self.input.str()?);
            m.insert(key, self.value()?);
        }
        Ok(m)
    }

    fn value(&mut self) -> W<Dynamic> {
        Ok(match self.input.byte()? {
            0 => Dynamic::UNIT,
            1 => Dynamic::from_bool(self.input.byte()? != 0),
            2 => Dynamic::from_int(i64::from_le_bytes(
                self.input.take(8)?.try_into().map_err(|_| SHORT)?,
            )),
            3 => Dynamic::from_char(
                u32::try_from(self.input.u64()?)
                    .ok()
                    .and_then(char::from_u32)
                    .ok_or("snapshot character invalid")?,
            ),
            4 => Dynamic::from(ImmutableString::from(self.input.str()?)),
            5 => Dynamic::from_array(self.list(Self::value)?.into_vec()),
            6 => Dynamic::from_map(self.map()?),
            7 => self.value()?.into_read_only(),
            _ => return Err("snapshot constant unknown"),
        })
    }
}
