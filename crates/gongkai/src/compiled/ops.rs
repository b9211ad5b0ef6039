//! The operators rhai evaluates built in, for the value types where its answer is certain.
//!
//! rhai (with its default "fast operators") answers `a op b` itself when both sides are plain
//! values it knows; only custom types, and arrays or maps compared with each other, go to
//! registered functions. Mirrored here: integers (checked arithmetic, comparisons, ranges),
//! strings, characters, booleans, `()`, and the rule that values of different types are never
//! equal nor ordered. Anything else is [`Known::Unsure`], and the call bails to rhai.

use rhai::{Array, Dynamic, FnPtr, INT, ImmutableString, Map, Token};
use std::any::TypeId;

/// A binary operator.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Bin {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    Range,
    RangeInclusive,
}

impl Bin {
    /// Every operator, in the order of their codes (`compiled::wire`).
    const ALL: [Self; 13] = [
        Self::Eq,
        Self::Ne,
        Self::Lt,
        Self::Le,
        Self::Gt,
        Self::Ge,
        Self::Add,
        Self::Sub,
        Self::Mul,
        Self::Div,
        Self::Rem,
        Self::Range,
        Self::RangeInclusive,
    ];

    /// The operator's code in a snapshot (written natively only).
    #[cfg(not(target_family = "wasm"))]
    pub(super) fn code(self) -> u8 {
        Self::ALL.iter().position(|&b| b == self).unwrap_or(0) as u8
    }

    /// The operator of a code from [`Bin::code`].
    pub(super) fn from_code(code: u8) -> Option<Self> {
        Self::ALL.get(usize::from(code)).copied()
    }

    /// The operator of a binary token, or of an op-assignment's underlying token.
    pub(super) fn of(token: &Token) -> Option<Self> {
        Some(match token {
            Token::EqualsTo => Self::Eq,
            Token::NotEqualsTo => Self::Ne,
            Token::LessThan => Self::Lt,
            Token::LessThanEqualsTo => Self::Le,
            Token::GreaterThan => Self::Gt,
            Token::GreaterThanEqualsTo => Self::Ge,
            Token::Plus => Self::Add,
            Token::Minus => Self::Sub,
            Token::Multiply => Self::Mul,
            Token::Divide => Self::Div,
            Token::Modulo => Self::Rem,
            Token::ExclusiveRange => Self::Range,
            Token::InclusiveRange => Self::RangeInclusive,
            _ => return None,
        })
    }

    fn compares(self) -> bool {
        matches!(
            self,
            Self::Eq | Self::Ne | Self::Lt | Self::Le | Self::Gt | Self::Ge
        )
    }

    fn order<T: PartialOrd + ?Sized>(self, a: &T, b: &T) -> Option<bool> {
        Some(match self {
            Self::Eq => a == b,
            Self::Ne => a != b,
            Self::Lt => a < b,
            Self::Le => a <= b,
            Self::Gt => a > b,
            Self::Ge => a >= b,
            _ => return None,
        })
    }
}

/// What rhai would do with `a op b`.
pub(super) enum Known {
    /// Its built-in answer (an arithmetic error is `Unsure`: rhai reports it).
    Value(Dynamic),
    /// It would look for a registered function (`==` between two arrays or two maps).
    Registered,
    /// Not mirrored here.
    Unsure,
}

/// The kinds of value rhai's built-in operators distinguish.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Unit,
    Bool,
    Int,
    Char,
    Str,
    Array,
    Map,
    FnPtr,
    /// A custom type (a date range, …) or a shared value: never mirrored.
    Other,
}

fn kind(v: &Dynamic) -> Kind {
    if v.is_shared() {
        return Kind::Other;
    }
    let t = v.type_id();
    if t == TypeId::of::<()>() {
        Kind::Unit
    } else if t == TypeId::of::<bool>() {
        Kind::Bool
    } else if t == TypeId::of::<INT>() {
        Kind::Int
    } else if t == TypeId::of::<char>() {
        Kind::Char
    } else if t == TypeId::of::<ImmutableString>() {
        Kind::Str
    } else if t == TypeId::of::<Array>() {
        Kind::Array
    } else if t == TypeId::of::<Map>() {
        Kind::Map
    } else if t == TypeId::of::<FnPtr>() {
        Kind::FnPtr
    } else {
        Kind::Other
    }
}

/// `a op b` as rhai's built-in operators give it; `max_string` is the engine's string limit.
pub(super) fn binary(op: Bin, a: &Dynamic, b: &Dynamic, max_string: usize) -> Known {
    let (ka, kb) = (kind(a), kind(b));
    if ka == Kind::Other || kb == Kind::Other {
        return Known::Unsure;
    }
    let value = |v: Option<Dynamic>| v.map_or(Known::Unsure, Known::Value);
    let truth = |v: Option<bool>| value(v.map(Dynamic::from_bool));
    match (ka, kb) {
        (Kind::Int, Kind::Int) => {
            let (Ok(x), Ok(y)) = (a.as_int(), b.as_int()) else {
                return Known::Unsure;
            };
            match op {
                Bin::Add => value(x.checked_add(y).map(Dynamic::from_int)),
                Bin::Sub => value(x.checked_sub(y).map(Dynamic::from_int)),
                Bin::Mul => value(x.checked_mul(y).map(Dynamic::from_int)),
                Bin::Div => value(x.checked_div(y).map(Dynamic::from_int)),
                Bin::Rem => value(x.checked_rem(y).map(Dynamic::from_int)),
                Bin::Range => Known::Value(Dynamic::from(x..y)),
                Bin::RangeInclusive => Known::Value(Dynamic::from(x..=y)),
                _ => truth(op.order(&x, &y)),
            }
        }
        (Kind::Str, Kind::Str) => {
            let (Some(x), Some(y)) = (
                a.read_lock::<ImmutableString>(),
                b.read_lock::<ImmutableString>(),
            ) else {
                return Known::Unsure;
            };
            match op {
                Bin::Add if x.len() + y.len() <= max_string => {
                    Known::Value(Dynamic::from(&*x + &*y))
                }
                _ => truth(op.order(x.as_str(), y.as_str())),
            }
        }
        (Kind::Char, Kind::Char) => {
            let (Ok(x), Ok(y)) = (a.as_char(), b.as_char()) else {
                return Known::Unsure;
            };
            truth(op.order(&x, &y))
        }
        (Kind::Bool, Kind::Bool) => {
            let (Ok(x), Ok(y)) = (a.as_bool(), b.as_bool()) else {
                return Known::Unsure;
            };
            truth(op.order(&x, &y))
        }
        (Kind::Unit, Kind::Unit) => match op {
            Bin::Eq => Known::Value(Dynamic::TRUE),
            Bin::Ne | Bin::Lt | Bin::Le | Bin::Gt | Bin::Ge => Known::Value(Dynamic::FALSE),
            _ => Known::Unsure,
        },
        (Kind::Array, Kind::Array) | (Kind::Map, Kind::Map) if op.compares() => Known::Registered,
        // A string and a character are compared (and added) as text: not mirrored.
        (Kind::Str, Kind::Char) | (Kind::Char, Kind::Str) => Known::Unsure,
        (x, y) if x != y && op.compares() => Known::Value(Dynamic::from_bool(op == Bin::Ne)),
        _ => Known::Unsure,
    }
}

/// `x op= y` for the cases where it is certain to mean `x = x op y`: integers and strings.
pub(super) fn assign(op: Bin, x: &Dynamic, y: &Dynamic, max_string: usize) -> Option<Dynamic> {
    let same = matches!(
        (kind(x), kind(y)),
        (Kind::Int, Kind::Int) | (Kind::Str, Kind::Str)
    );
    match binary(op, x, y, max_string) {
        Known::Value(v) if same && !op.compares() => Some(v),
        _ => None,
    }
}

/// Whether `v` is one of the plain values the operators above understand (for `!` and unary
/// `-`, which rhai answers built in only for booleans and integers).
pub(super) fn is_plain(v: &Dynamic) -> bool {
    kind(v) != Kind::Other
}
