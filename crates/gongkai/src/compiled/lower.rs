//! Lowering a rule's rhai AST to a [`Program`].
//!
//! Whatever is not lowered is reported as a short reason and the rule runs under rhai; nothing
//! here guesses. What rhai decides at run time from the values (which native function, which
//! operator answer) is left to the run, which bails when unsure.

use super::ops::Bin;
use super::{Each, Ex, Func, Hof, Place, Program, Site, St, Step, Switch};
use crate::natives::Table;
use rhai::{
    AST, ASTFlags, ASTNode, Dynamic, Expr, FnCallExpr, Identifier, ImmutableString, Stmt,
    StmtBlock, Token,
};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::OnceLock;

/// Why a rule was not lowered.
type L<T> = Result<T, &'static str>;

/// Lowers `check` of `ast` and every function it calls; `natives` are the engine's.
pub(crate) fn lower(ast: &AST, natives: &Table) -> L<Program> {
    let defs: Vec<(ImmutableString, usize, bool)> = ast
        .iter_fn_def()
        .map(|d| (d.name.clone(), d.params.len(), d.this_type.is_some()))
        .collect();
    let mut lw = Lowerer {
        ast,
        natives,
        funcs: defs.iter().map(|_| None).collect(),
        busy: vec![false; defs.len()],
        failed: vec![None; defs.len()],
        writes: Vec::new(),
        defs,
    };
    let check = lw.index("check", 1).ok_or("no check(record)")?;
    lw.func(check)?;
    Ok(Program {
        funcs: lw.funcs,
        check,
    })
}

/// The hash rhai keys `switch` cases by (its `calc_switch_value_hash`, which it does not
/// export): the value hashed with the process's default `ahash` hasher, the one rhai uses.
pub(crate) fn switch_hash(v: &Dynamic) -> u64 {
    let mut h = ahash::AHasher::default();
    v.hash(&mut h);
    h.finish()
}

/// Whether [`switch_hash`] agrees with rhai in this process (a seed set through rhai's
/// `RHAI_HASHING_SEED` would change rhai's): checked once, on a probe script.
fn switch_hash_agrees() -> bool {
    static AGREES: OnceLock<bool> = OnceLock::new();
    *AGREES.get_or_init(|| {
        let Ok(ast) =
            rhai::Engine::new_raw().compile("switch x { \"工作日\" => 1, 7 => 2, _ => 3 }")
        else {
            return false;
        };
        let mut keys = Vec::new();
        ast.walk(&mut |path: &[ASTNode]| {
            if let Some(ASTNode::Stmt(Stmt::Switch(x, _))) = path.last() {
                keys.extend(x.1.cases.keys().copied());
            }
            true
        });
        keys.sort_unstable();
        let mut ours = vec![
            switch_hash(&Dynamic::from(ImmutableString::from("工作日"))),
            switch_hash(&Dynamic::from_int(7)),
        ];
        ours.sort_unstable();
        keys == ours
    })
}

struct Lowerer<'a> {
    ast: &'a AST,
    natives: &'a Table,
    /// Every script function of the rule: name, arity, whether it has a `this` type.
    defs: Vec<(ImmutableString, usize, bool)>,
    funcs: Vec<Option<Func>>,
    /// Functions being lowered (a recursive call refers to them by index).
    busy: Vec<bool>,
    /// Functions that could not be lowered, and why.
    failed: Vec<Option<&'static str>>,
    /// The slots the function being lowered assigns to or calls a method on.
    writes: Vec<usize>,
}

/// The variables in scope while lowering one function: each `let` gets the next slot, and a
/// block gives its slots back when it ends.
#[derive(Default)]
struct Scope {
    names: Vec<(ImmutableString, usize, bool)>,
    next: usize,
    max: usize,
}

impl Scope {
    fn declare(&mut self, name: &ImmutableString, constant: bool) -> usize {
        let slot = self.next;
        self.next += 1;
        self.max = self.max.max(self.next);
        self.names.push((name.clone(), slot, constant));
        slot
    }

    /// Where a block starts: [`Scope::reset`] gives its variables' slots back.
    fn mark(&self) -> (usize, usize) {
        (self.names.len(), self.next)
    }

    fn reset(&mut self, (names, next): (usize, usize)) {
        self.names.truncate(names);
        self.next = next;
    }

    fn find(&self, name: &str) -> Option<(usize, bool)> {
        self.names
            .iter()
            .rev()
            .find(|(n, ..)| n.as_str() == name)
            .map(|&(_, slot, constant)| (slot, constant))
    }
}

/// Names rhai treats as keywords when called (`Fn("f")`, `call`, `is_def_var`, …): their
/// meaning depends on the caller's scope, so a rule using them runs under rhai.
const KEYWORDS: &[&str] = &[
    "Fn",
    "call",
    "curry",
    "is_shared",
    "is_def_fn",
    "is_def_var",
    "eval",
    "print",
    "debug",
    "this",
];

impl Lowerer<'_> {
    /// Whether the rule defines a function called `name`, of any arity.
    fn is_own(&self, name: &str) -> bool {
        self.defs.iter().any(|(n, ..)| n.as_str() == name)
    }

    fn index(&self, name: &str, arity: usize) -> Option<usize> {
        self.defs
            .iter()
            .position(|(n, a, _)| n.as_str() == name && *a == arity)
    }

    fn func(&mut self, index: usize) -> L<()> {
        if let Some(Some(why)) = self.failed.get(index) {
            return Err(why);
        }
        if self.funcs.get(index).is_some_and(Option::is_some) || self.busy.get(index) == Some(&true)
        {
            return Ok(());
        }
        let Some((name, arity, this)) = self.defs.get(index).cloned() else {
            return Err("no such function");
        };
        if this {
            return Err("function with a this type");
        }
        if let Some(b) = self.busy.get_mut(index) {
            *b = true;
        }
        // rhai does not export the type of a function's body; an AST holding only this function
        // walks exactly its top-level statements.
        // (`clone_functions_only_filtered` would be the natural call, but rhai 1.27 ignores its
        // filter when copying into an empty module.)
        let mut alone = self.ast.clone_functions_only();
        alone.retain_functions(|_, _, n, a| n == name.as_str() && a == arity);
        let params: Vec<ImmutableString> = alone
            .iter_fn_def()
            .next()
            .map(|d| d.params.iter().cloned().collect())
            .unwrap_or_default();
        let mut scope = Scope::default();
        for p in &params {
            scope.declare(p, false);
        }
        let caller_writes = std::mem::take(&mut self.writes);
        let mut body = Vec::new();
        let mut failed = None;
        alone.walk(&mut |path: &[ASTNode]| {
            if failed.is_some() {
                return false;
            }
            if let [ASTNode::Stmt(s)] = path {
                match self.stmt(s, &mut scope) {
                    Ok(st) => body.push(st),
                    Err(e) => failed = Some(e),
                }
            }
            true
        });
        let mut writes = std::mem::replace(&mut self.writes, caller_writes);
        if let Some(e) = failed {
            if let Some(f) = self.failed.get_mut(index) {
                *f = Some(e);
            }
            return Err(e);
        }
        writes.sort_unstable();
        writes.dedup();
        super::constants::fold(&mut body, &writes, scope.max);
        let func = Func {
            slots: scope.max,
            body: body.into(),
            writes: writes.into(),
        };
        if let Some(f) = self.funcs.get_mut(index) {
            *f = Some(func);
        }
        Ok(())
    }

    fn block(&mut self, b: &StmtBlock, scope: &mut Scope) -> L<Box<[St]>> {
        let mark = scope.mark();
        let out = b.statements().iter().map(|s| self.stmt(s, scope)).collect();
        scope.reset(mark);
        out
    }

    fn stmt(&mut self, s: &Stmt, scope: &mut Scope) -> L<St> {
        Ok(match s {
            Stmt::Noop(_) => St::Expr(Ex::Const(Dynamic::UNIT)),
            Stmt::Expr(e) => St::Expr(self.expr(e, scope)?),
            Stmt::FnCall(f, pos) => St::Expr(self.call(f, *pos, scope)?),
            Stmt::Block(b) => St::Block(self.block(b, scope)?),
            Stmt::Var(x, flags, _) => {
                if flags.intersects(ASTFlags::EXPORTED) {
                    return Err("export");
                }
                let value = self.expr(&x.1, scope)?;
                let slot = scope.declare(&x.0.name, flags.intersects(ASTFlags::CONSTANT));
                St::Let(slot, value)
            }
            Stmt::Assignment(x) => {
                let (op, bin) = &**x;
                let op = match op.get_op_assignment_info() {
                    None => None,
                    Some((.., token, _)) => Some(Bin::of(token).ok_or("op-assignment operator")?),
                };
                let value = self.expr(&bin.rhs, scope)?;
                let place = self.place(&bin.lhs, scope)?;
                if place.constant {
                    return Err("assignment to a constant");
                }
                St::Assign(place, op, value)
            }
            Stmt::If(x, _) => {
                let cond = self.expr(&x.expr, scope)?;
                St::If(
                    cond,
                    self.block(&x.body, scope)?,
                    self.block(&x.branch, scope)?,
                )
            }
            Stmt::While(x, _) => {
                let cond = match x.expr {
                    Expr::Unit(_) => Ex::Const(Dynamic::TRUE),
                    ref e => self.expr(e, scope)?,
                };
                St::While(cond, self.block(&x.body, scope)?)
            }
            Stmt::For(x, _) => {
                let (var, counter, flow) = &**x;
                let items = self.expr(&flow.expr, scope)?;
                let mark = scope.mark();
                let var = scope.declare(&var.name, false);
                let counter = counter.as_ref().map(|c| scope.declare(&c.name, false));
                let body = self.block(&flow.body, scope)?;
                scope.reset(mark);
                St::For(var, counter, items, body)
            }
            Stmt::BreakLoop(value, flags, _) => {
                if value.is_some() {
                    return Err("break with a value");
                }
                if flags.intersects(ASTFlags::BREAK) {
                    St::Break
                } else {
                    St::Continue
                }
            }
            Stmt::Return(value, flags, _) => {
                if flags.intersects(ASTFlags::BREAK) {
                    return Err("throw");
                }
                St::Return(value.as_ref().map(|v| self.expr(v, scope)).transpose()?)
            }
            Stmt::Switch(x, _) => St::Switch(Box::new(self.switch(&x.0, &x.1, scope)?)),
            Stmt::Do(..) => return Err("do loop"),
            Stmt::TryCatch(..) => return Err("try"),
            Stmt::Share(..) => return Err("closure capturing variables"),
            _ => return Err("statement"),
        })
    }

    fn switch(
        &mut self,
        value: &Expr,
        cases: &rhai::SwitchCasesCollection,
        scope: &mut Scope,
    ) -> L<Switch> {
        if !cases.ranges.is_empty() {
            return Err("switch with ranges");
        }
        if !switch_hash_agrees() {
            return Err("switch hashing differs from rhai's");
        }
        let value = self.expr(value, scope)?;
        let arm = |lw: &mut Self, index: usize, scope: &mut Scope| -> L<(Option<Ex>, Ex)> {
            let b = cases.expressions.get(index).ok_or("switch case")?;
            let cond = match b.lhs {
                Expr::BoolConstant(true, _) => None,
                ref c => Some(lw.expr(c, scope)?),
            };
            Ok((cond, lw.expr(&b.rhs, scope)?))
        };
        let mut by_hash = HashMap::new();
        for (hash, list) in &cases.cases {
            let arms = list
                .blocks
                .iter()
                .map(|&i| arm(self, i, scope))
                .collect::<L<Vec<_>>>()?;
            by_hash.insert(*hash, arms);
        }
        let default = match cases.def_case {
            Some(i) => {
                let (cond, body) = arm(self, i, scope)?;
                if cond.is_some() {
                    return Err("conditional default case");
                }
                Some(body)
            }
            None => None,
        };
        Ok(Switch {
            value,
            cases: by_hash,
            default,
        })
    }

    fn exprs(&mut self, es: &[Expr], scope: &mut Scope) -> L<Box<[Ex]>> {
        es.iter().map(|e| self.expr(e, scope)).collect()
    }

    fn expr(&mut self, e: &Expr, scope: &mut Scope) -> L<Ex> {
        Ok(match e {
            Expr::DynamicConstant(v, _) => Ex::Const((**v).clone()),
            Expr::BoolConstant(b, _) => Ex::Const(Dynamic::from_bool(*b)),
            Expr::IntegerConstant(n, _) => Ex::Const(Dynamic::from_int(*n)),
            Expr::CharConstant(c, _) => Ex::Const(Dynamic::from_char(*c)),
            Expr::StringConstant(s, _) => Ex::Const(Dynamic::from(s.clone())),
            Expr::Unit(_) => Ex::Const(Dynamic::UNIT),
            Expr::InterpolatedString(parts, pos) => Ex::Interp(
                self.exprs(parts, scope)?,
                Box::new(self.site("to_string", 1, *pos)),
            ),
            Expr::Array(items, _) => Ex::Array(self.exprs(items, scope)?),
            Expr::Map(x, _) => {
                let entries =
                    x.0.iter()
                        .map(|(k, v)| Ok((Identifier::from(k.name.as_str()), self.expr(v, scope)?)))
                        .collect::<L<Box<[_]>>>()?;
                Ex::Map(entries, Box::new(x.1.clone()))
            }
            Expr::Variable(x, _, _) => {
                Ex::Slot(scope.find(x.1.as_str()).ok_or("variable not in scope")?.0)
            }
            Expr::Stmt(b) => Ex::Block(self.block(b, scope)?),
            Expr::FnCall(f, pos) => self.call(f, *pos, scope)?,
            Expr::And(items, _) => Ex::And(self.exprs(items, scope)?),
            Expr::Or(items, _) => Ex::Or(self.exprs(items, scope)?),
            Expr::Dot(..) | Expr::Index(..) => self.chain(e, scope)?,
            _ => return Err("expression"),
        })
    }

    fn site(&self, name: &str, arity: usize, pos: rhai::Position) -> Site {
        let candidates: Box<[_]> = self.natives.get(name, arity).into();
        Site {
            name: name.into(),
            arity,
            methods: candidates.iter().any(|(_, f)| f.is_method()),
            candidates,
            reader: None,
            in_place: 0,
            pos,
        }
    }

    /// `site` with its function's reader, when every argument can be read in place or
    /// computed without an effect on the variables (so computing those first and reading the
    /// others after gives what computing them in turn would).
    fn with_reader<'x>(&self, mut site: Site, args: impl Iterator<Item = &'x Ex>) -> Site {
        let mut mask = 0u8;
        for (i, e) in args.enumerate() {
            if i >= 8 || !(in_place(e) || pure(e)) {
                return site;
            }
            if in_place(e) {
                mask |= 1 << i;
            }
        }
        site.reader = self.natives.reader(&site.name, site.arity);
        site.in_place = mask;
        site
    }

    fn call(&mut self, f: &FnCallExpr, pos: rhai::Position, scope: &mut Scope) -> L<Ex> {
        if f.capture_parent_scope {
            return Err("call capturing the scope");
        }
        let name = f.name.as_str();
        let arity = f.args.len();
        if let Some(token) = &f.op_token {
            match (token, f.args.as_slice()) {
                (Token::Bang, [x]) => return Ok(Ex::Not(Box::new(self.expr(x, scope)?))),
                (Token::UnaryMinus | Token::Minus, [x]) => {
                    return Ok(Ex::Neg(Box::new(self.expr(x, scope)?)));
                }
                (Token::In, [_, _]) => {}
                (token, [a, b]) => {
                    let op = Bin::of(token).ok_or("operator")?;
                    let a = self.expr(a, scope)?;
                    let b = self.expr(b, scope)?;
                    return Ok(Ex::Bin(
                        op,
                        Box::new((a, b)),
                        Box::new(self.site(name, 2, pos)),
                    ));
                }
                _ => return Err("operator"),
            }
        }
        if KEYWORDS.contains(&name) {
            return Err("keyword function");
        }
        if let Some(index) = self.index(name, arity) {
            self.func(index)?;
            return Ok(Ex::Script(index, self.exprs(&f.args, scope)?));
        }
        if self.is_own(name) {
            return Err("own function called with another arity");
        }
        if let ("type_of", [x]) = (name, f.args.as_slice()) {
            return Ok(Ex::TypeOf(Box::new(self.expr(x, scope)?)));
        }
        if let [target, ..] = f.args.as_slice()
            && let Some((hof, func, captured, init)) =
                self.with_closure_args(name, f.args.get(1..).unwrap_or_default(), scope)?
        {
            let list = self.expr(target, scope)?;
            return Ok(Ex::Each(Box::new(Each {
                hof,
                list,
                func,
                captured,
                init,
            })));
        }
        let site = self.site(name, arity, pos);
        if site.candidates.is_empty() {
            return Err("no such native function");
        }
        // rhai passes a variable in first position by reference: a method (`push(list, x)`)
        // changes it in place. An operator (`in`) always gets values.
        if f.op_token.is_none()
            && let Some(Expr::Variable(x, _, _)) = f.args.first()
            && site.methods
        {
            let (slot, constant) = scope.find(x.1.as_str()).ok_or("variable not in scope")?;
            self.writes.push(slot);
            let rest = self.exprs(f.args.get(1..).unwrap_or_default(), scope)?;
            let site = self.with_reader(site, rest.iter());
            let place = Place {
                slot,
                path: Box::new([]),
                constant,
            };
            return Ok(Ex::Method(Box::new(site), place, rest));
        }
        let args = self.exprs(&f.args, scope)?;
        let site = self.with_reader(site, args.iter());
        Ok(Ex::Call(Box::new(site), args))
    }

    /// A `.`/`[]` chain: rhai nests it to the right (`a.b.c` is `a . (b . c)`); here it becomes
    /// a path from the base, with method calls splitting it.
    fn chain(&mut self, e: &Expr, scope: &mut Scope) -> L<Ex> {
        let (bin, flags, dot) = match e {
            Expr::Dot(bin, flags, _) => (bin, *flags, true),
            Expr::Index(bin, flags, _) => (bin, *flags, false),
            _ => return Err("chain"),
        };
        let mut steps = Vec::new();
        flatten(&bin.rhs, dot, flags, &mut steps)?;
        let base_slot = match &bin.lhs {
            Expr::Variable(x, _, _) => {
                Some(scope.find(x.1.as_str()).ok_or("variable not in scope")?)
            }
            _ => None,
        };
        let mut current = self.expr(&bin.lhs, scope)?;
        let mut path: Vec<Step> = Vec::new();
        for step in steps {
            match step {
                Raw::Prop(name) => path.push(Step::Prop(Identifier::from(name.as_str()))),
                Raw::Index(ix) => path.push(Step::Index(self.expr(ix, scope)?)),
                Raw::Method(f, pos) => {
                    if f.capture_parent_scope || KEYWORDS.contains(&f.name.as_str()) {
                        return Err("method keyword");
                    }
                    if self.is_own(&f.name) {
                        return Err("own function called as a method");
                    }
                    let site = self.site(&f.name, f.args.len() + 1, pos);
                    if site.candidates.is_empty() {
                        return Err("no such native method");
                    }
                    let steps = std::mem::take(&mut path).into_boxed_slice();
                    if let Some((hof, func, captured, init)) =
                        self.with_closure_args(f.name.as_str(), &f.args, scope)?
                    {
                        let target = if steps.is_empty() {
                            current
                        } else {
                            Ex::Path(Box::new(current), steps)
                        };
                        current = Ex::Each(Box::new(Each {
                            hof,
                            list: target,
                            func,
                            captured,
                            init,
                        }));
                        continue;
                    }
                    let rest = self.exprs(&f.args, scope)?;
                    current = match (base_slot, &current) {
                        (Some((slot, constant)), Ex::Slot(_)) => {
                            self.writes.push(slot);
                            let site = if steps.is_empty() {
                                self.with_reader(site, rest.iter())
                            } else {
                                site
                            };
                            Ex::Method(
                                Box::new(site),
                                Place {
                                    slot,
                                    path: steps,
                                    constant,
                                },
                                rest,
                            )
                        }
                        _ => {
                            let target = if steps.is_empty() {
                                current
                            } else {
                                Ex::Path(Box::new(current), steps)
                            };
                            let mut args = vec![target];
                            args.extend(rest);
                            let site = self.with_reader(site, args.iter());
                            Ex::Call(Box::new(site), args.into())
                        }
                    };
                }
            }
        }
        if !path.is_empty() {
            current = Ex::Path(Box::new(current), path.into());
        }
        Ok(current)
    }

    /// `list.map(|x| …)` and its kin (`filter`, `some`, `all`, `reduce`; `args` after the list)
    /// with a closure that is one of the rule's lowered functions: run here, closure lowered,
    /// instead of through the native function calling back into rhai. `None` when the call is
    /// anything else.
    fn with_closure_args<'e>(
        &mut self,
        name: &str,
        args: &'e [Expr],
        scope: &mut Scope,
    ) -> L<Option<Closure>> {
        let (hof, arity) = match name {
            "map" => (Hof::Map, 1),
            "filter" => (Hof::Filter, 1),
            "some" => (Hof::Some, 1),
            "all" => (Hof::All, 1),
            "reduce" => (Hof::Reduce, 2),
            _ => return Ok(None),
        };
        let (closure, init) = match (hof, args) {
            (Hof::Reduce, [c]) => (c, None),
            (Hof::Reduce, [c, init]) => (c, Some(init)),
            (_, [c]) => (c, None),
            _ => return Ok(None),
        };
        // A closure that reads variables of the enclosing function is written by rhai as
        // `{ share a, b; curry(Fn("anon$…"), a, b) }`: its function takes the captured values
        // first. They are passed by value here, which gives rhai's results as long as the
        // closure never changes them (checked below).
        let curry = |f: &'e FnCallExpr| match f.args.split_first() {
            Some((first, rest))
                if f.name.as_str() == "curry"
                    && rest.iter().all(|r| matches!(r, Expr::Variable(..))) =>
            {
                Some((first, rest))
            }
            _ => None,
        };
        let (fn_ptr, captured): (&Expr, &[Expr]) = match closure {
            Expr::DynamicConstant(..) => (closure, &[]),
            Expr::Stmt(block) => match block.statements() {
                [Stmt::Share(_), Stmt::FnCall(f, _)] => match curry(f) {
                    Some(c) => c,
                    None => return Ok(None),
                },
                [Stmt::Share(_), Stmt::Expr(e)] => match &**e {
                    Expr::FnCall(f, _) => match curry(f) {
                        Some(c) => c,
                        None => return Ok(None),
                    },
                    _ => return Ok(None),
                },
                _ => return Ok(None),
            },
            _ => return Ok(None),
        };
        let Expr::DynamicConstant(v, _) = fn_ptr else {
            return Ok(None);
        };
        let Some(index) = v
            .read_lock::<rhai::FnPtr>()
            .filter(|f| f.curry().is_empty())
            .and_then(|f| self.index(f.fn_name(), captured.len() + arity))
        else {
            return Ok(None);
        };
        if self.func(index).is_err() {
            return Ok(None);
        }
        let changes_captured = self
            .funcs
            .get(index)
            .and_then(Option::as_ref)
            .is_none_or(|f| f.writes.iter().any(|&slot| slot < captured.len()));
        if changes_captured {
            return Ok(None);
        }
        let captured = self.exprs(captured, scope)?;
        let init = init.map(|e| self.expr(e, scope)).transpose()?;
        Ok(Some((hof, index, captured, init)))
    }

    /// The left side of an assignment: a variable, or a path of names and indices into one.
    fn place(&mut self, lhs: &Expr, scope: &mut Scope) -> L<Place> {
        match lhs {
            Expr::Variable(x, _, _) => {
                let (slot, constant) = scope.find(x.1.as_str()).ok_or("variable not in scope")?;
                self.writes.push(slot);
                Ok(Place {
                    slot,
                    path: Box::new([]),
                    constant,
                })
            }
            Expr::Dot(bin, flags, _) | Expr::Index(bin, flags, _) => {
                let Expr::Variable(x, _, _) = &bin.lhs else {
                    return Err("assignment into a value that is not a variable");
                };
                let (slot, constant) = scope.find(x.1.as_str()).ok_or("variable not in scope")?;
                self.writes.push(slot);
                let mut raw = Vec::new();
                flatten(&bin.rhs, matches!(lhs, Expr::Dot(..)), *flags, &mut raw)?;
                let path = raw
                    .into_iter()
                    .map(|r| match r {
                        Raw::Prop(name) => Ok(Step::Prop(Identifier::from(name.as_str()))),
                        Raw::Index(ix) => Ok(Step::Index(self.expr(ix, scope)?)),
                        Raw::Method(..) => Err("assignment to a method's result"),
                    })
                    .collect::<L<Box<[_]>>>()?;
                Ok(Place {
                    slot,
                    path,
                    constant,
                })
            }
            _ => Err("assignment target"),
        }
    }
}

/// Whether computing `e` leaves every variable as it was: no assignment, no method that could
/// change its target, no block (which could hold either). Calls are fine: native functions
/// get copies, the rule's own functions their own variables, closures copies of what they
/// capture.
fn pure(e: &Ex) -> bool {
    let all = |es: &[Ex]| es.iter().all(pure);
    match e {
        Ex::Const(_) | Ex::Slot(_) => true,
        Ex::Path(base, steps) => {
            pure(base)
                && steps.iter().all(|s| match s {
                    Step::Prop(_) => true,
                    Step::Index(i) => pure(i),
                })
        }
        Ex::Interp(parts, _) | Ex::Array(parts) | Ex::And(parts) | Ex::Or(parts) => all(parts),
        Ex::Map(entries, _) => entries.iter().all(|(_, x)| pure(x)),
        Ex::Not(x) | Ex::Neg(x) | Ex::TypeOf(x) => pure(x),
        Ex::Bin(_, operands, _) => pure(&operands.0) && pure(&operands.1),
        Ex::Call(_, args) | Ex::Script(_, args) => all(args),
        Ex::Each(each) => {
            pure(&each.list) && all(&each.captured) && each.init.as_ref().is_none_or(pure)
        }
        Ex::Method(..) | Ex::Block(_) => false,
    }
}

/// Whether the evaluator can hand `e` to a reader by reference: a variable, a constant, or a
/// member of a variable (`record.channels`, `record[field]`). Reading these has no effect, so
/// they can be read after one another rather than strictly in turn.
fn in_place(e: &Ex) -> bool {
    match e {
        Ex::Slot(_) | Ex::Const(_) => true,
        Ex::Path(base, path) => match (&**base, &**path) {
            (Ex::Slot(_), [Step::Prop(_)]) => true,
            (Ex::Slot(_), [Step::Index(key)]) => matches!(key, Ex::Slot(_) | Ex::Const(_)),
            _ => false,
        },
        _ => false,
    }
}

/// A closure call found by [`Lowerer::with_closure_args`]: which function, the closure's own
/// function, the captured variables' values, `reduce`'s initial value.
type Closure = (Hof, usize, Box<[Ex]>, Option<Ex>);

/// One step of a chain as rhai wrote it.
enum Raw<'e> {
    Prop(&'e ImmutableString),
    Index(&'e Expr),
    Method(&'e FnCallExpr, rhai::Position),
}

/// Unfolds the right side of a `.` (`dot`) or `[]` node into steps, in order.
fn flatten<'e>(rhs: &'e Expr, dot: bool, flags: ASTFlags, out: &mut Vec<Raw<'e>>) -> L<()> {
    if flags.intersects(ASTFlags::NEGATED) {
        return Err("?. or ?[");
    }
    if dot {
        match rhs {
            Expr::Property(p, _) => out.push(Raw::Prop(&p.2)),
            Expr::MethodCall(f, pos) => out.push(Raw::Method(f, *pos)),
            Expr::Dot(b, fl, _) | Expr::Index(b, fl, _) => {
                flatten(&b.lhs, true, ASTFlags::BREAK, out)?;
                flatten(&b.rhs, matches!(rhs, Expr::Dot(..)), *fl, out)?;
            }
            _ => return Err("chain step"),
        }
        return Ok(());
    }
    match rhs {
        Expr::Dot(b, fl, _) | Expr::Index(b, fl, _) if !flags.intersects(ASTFlags::BREAK) => {
            out.push(Raw::Index(&b.lhs));
            flatten(&b.rhs, matches!(rhs, Expr::Dot(..)), *fl, out)?;
        }
        ix => out.push(Raw::Index(ix)),
    }
    Ok(())
}
