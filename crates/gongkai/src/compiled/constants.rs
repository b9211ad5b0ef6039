//! Variables that only ever hold a constant, replaced by the constant.
//!
//! Rules name their lists: `let fields = ["category", "content", …];` then
//! `record.blank_fields(fields)`. As written, every check copies the list into the variable (an
//! allocation, and a reference count raised and lowered for every text in it) only for a
//! reader to look at it in place. A constant in the call is read where it lies, in the
//! program. So when a `let` gives a variable a constant and nothing assigns to the variable or
//! calls a method on it, each read of the variable becomes that constant and the `let` does
//! nothing (CAT-001: 1.3% fewer instructions a catalogue entry, BENCHMARKS.md §2).
//!
//! Slots are reused: a block gives its variables' slots back when it ends, and a later `let`
//! may take one. Reads are therefore matched to the `let` before them in the order the program
//! is written, which is the order of its scopes: a read can only name a variable declared
//! before it. A slot that any variable of the function writes is left alone, whichever
//! variable wrote it.

use super::{Ex, Place, St, Step};
use rhai::Dynamic;

/// Replaces, in a function's `body`, the reads of variables that hold a constant (none of them
/// among `writes`) by the constant. `slots` is the function's number of slots.
pub(super) fn fold(body: &mut [St], writes: &[usize], slots: usize) {
    let mut known = Folder {
        values: vec![None; slots],
        writes,
    };
    known.block(body);
}

struct Folder<'a> {
    /// The constant each slot holds at this point of the program, if it holds one.
    values: Vec<Option<Dynamic>>,
    writes: &'a [usize],
}

impl Folder<'_> {
    fn block(&mut self, body: &mut [St]) {
        body.iter_mut().for_each(|s| self.stmt(s));
    }

    fn set(&mut self, slot: usize, value: Option<Dynamic>) {
        if let Some(v) = self.values.get_mut(slot) {
            *v = value;
        }
    }

    fn stmt(&mut self, s: &mut St) {
        match s {
            St::Expr(e) | St::Return(Some(e)) => self.expr(e),
            St::Let(slot, value) => {
                self.expr(value);
                let slot = *slot;
                match value {
                    Ex::Const(v) if !self.writes.contains(&slot) => {
                        self.set(slot, Some(v.clone()));
                        *s = St::Expr(Ex::Const(Dynamic::UNIT));
                    }
                    _ => self.set(slot, None),
                }
            }
            St::Assign(place, _, value) => {
                self.expr(value);
                self.place(place);
            }
            St::If(c, yes, no) => {
                self.expr(c);
                self.block(yes);
                self.block(no);
            }
            St::Switch(sw) => {
                self.expr(&mut sw.value);
                for (cond, e) in sw.cases.values_mut().flatten() {
                    if let Some(c) = cond {
                        self.expr(c);
                    }
                    self.expr(e);
                }
                if let Some(d) = &mut sw.default {
                    self.expr(d);
                }
            }
            St::While(c, body) => {
                self.expr(c);
                self.block(body);
            }
            St::For(var, counter, items, body) => {
                self.expr(items);
                self.set(*var, None);
                if let Some(c) = counter {
                    self.set(*c, None);
                }
                self.block(body);
            }
            St::Block(body) => self.block(body),
            St::Break | St::Continue | St::Return(None) => {}
        }
    }

    fn place(&mut self, place: &mut Place) {
        self.steps(&mut place.path);
    }

    fn steps(&mut self, steps: &mut [Step]) {
        for step in steps {
            if let Step::Index(i) = step {
                self.expr(i);
            }
        }
    }

    fn exprs(&mut self, es: &mut [Ex]) {
        es.iter_mut().for_each(|e| self.expr(e));
    }

    fn expr(&mut self, e: &mut Ex) {
        match e {
            Ex::Slot(slot) => {
                if let Some(Some(v)) = self.values.get(*slot) {
                    *e = Ex::Const(v.clone());
                }
            }
            Ex::Const(_) => {}
            Ex::Path(base, steps) => {
                self.expr(base);
                self.steps(steps);
            }
            Ex::Interp(parts, _) | Ex::Array(parts) | Ex::And(parts) | Ex::Or(parts) => {
                self.exprs(parts);
            }
            Ex::Map(entries, _) => entries.iter_mut().for_each(|(_, x)| self.expr(x)),
            Ex::Not(x) | Ex::Neg(x) | Ex::TypeOf(x) => self.expr(x),
            Ex::Bin(_, operands, _) => {
                self.expr(&mut operands.0);
                self.expr(&mut operands.1);
            }
            Ex::Call(_, args) | Ex::Script(_, args) => self.exprs(args),
            Ex::Method(_, place, args) => {
                self.place(place);
                self.exprs(args);
            }
            Ex::Block(body) => self.block(body),
            Ex::Each(each) => {
                self.expr(&mut each.list);
                self.exprs(&mut each.captured);
                if let Some(init) = &mut each.init {
                    self.expr(init);
                }
            }
        }
    }
}
