//! Parts beyond the number type, replaced by generic functions. A random expression
//! tree holds exponentials of exponentials (`exp(exp(exp(6 x)))`) beyond even
//! [`Complex`]'s exponents at nearly every point, so neither side of a step has a
//! value and no point decides. A rule rewrites around such a part `u` and keeps it
//! whole (`d/dx exp(u)` becomes `exp(u) d/dx u`), and a step that holds with `u`
//! replaced on both sides by any function `U` at all holds for `u` too. So at each
//! point the parts without a value there are replaced, everywhere on both sides, by
//! generic functions of moderate values, drawn afresh for the point, and the sides
//! are compared there.
//!
//! This only ever confirms. A step that holds for this `u` but not for every `U`
//! (one that used what `u` is) differs at the points and stays undecided, never
//! refuted. A false step makes every replaced statement false, so each point is
//! as likely to expose it as a point of the plain check. A part of one variable
//! becomes `c0 + c1 tanh(c2 x + c3) + c4 sin(c5 x + c6)`: its seven coefficients
//! move its value and its first six derivatives at a point through an open set,
//! so an identity in those that holds for it holds for every function. A part
//! without a variable becomes a constant. A part whose value is not real becomes
//! `V + W sqrt(-1)`, `V` and `W` generic: a statement checked for real functions
//! alone says nothing of complex ones (`log(exp(u)) = u` holds for every real `u`).
//! Parts of several variables, sums and indices are not replaced (a generic
//! function of several variables would need many more coefficients).

use crate::eval::complex::Complex;
use crate::eval::real::Real;
use crate::eval::{Evaluation, Point, Rng};
use crate::expr::{self, Builtin, Expr, Func, Node, Rational, Symbol};
use crate::fast_hash::{FastMap, FastSet};
use num_bigint::BigInt;
use std::collections::hash_map::Entry;

/// Values beyond `2^REACH` in magnitude, or below its inverse, are beyond reach: a
/// derivative's difference quotient through them (`d/dx exp(exp(9)^2 x)`) has no
/// value even where they have one.
const REACH: f64 = 1000.0;

/// Rounds of replacement at a point: a part replaced may show the next one beyond
/// reach above it (`exp(exp(u) + 10^6)` once `u` is replaced).
const ROUNDS: usize = 8;

/// Two forms, and their values at a point, once parts beyond reach are replaced.
pub(super) struct Replaced {
    pub a: Expr,
    pub b: Expr,
    pub x: Evaluation<Complex>,
    pub y: Evaluation<Complex>,
}

/// Whether parts of `a` and `b` may be replaced by generic functions at all.
pub(super) fn applicable(a: &Expr, b: &Expr) -> bool {
    replaceable(a) && replaceable(b)
}

/// `a` and `b` with the parts that have no value at `point` replaced by generic
/// functions (drawn from `rng`), the same part by the same function on both sides,
/// until both have values there (at once, where they have them as they are):
/// `None` when a part cannot be replaced, or rounds run out.
pub(super) fn at_point(a: &Expr, b: &Expr, point: &Point, rng: &mut Rng) -> Option<Replaced> {
    let (mut a, mut b) = (a.clone(), b.clone());
    for _ in 0..=ROUNDS {
        let (x, in_a) = beyond_reach(&a, point);
        let (y, in_b) = beyond_reach(&b, point);
        if in_a.is_empty() && in_b.is_empty() {
            let reached = within_reach(&x.value) && within_reach(&y.value);
            return reached.then_some(Replaced { a, b, x, y });
        }
        let mut parts = FastMap::default();
        for (part, value) in in_a.into_iter().chain(in_b) {
            if let Entry::Vacant(slot) = parts.entry(part) {
                let generic = generic_function(slot.key(), value.is_real(), rng)?;
                slot.insert(generic);
            }
        }
        a = replaced(&a, &parts, &mut FastMap::default());
        b = replaced(&b, &parts, &mut FastMap::default());
    }
    None
}

/// Whether `e` is made only of what a generic part may stand in: no sums, indices,
/// deltas or functions without a value.
fn replaceable(e: &Expr) -> bool {
    !e.any(&mut |n| match n.node() {
        Node::Sum { .. } | Node::Delta(..) | Node::Call(Func::User(_), _) => true,
        Node::Sym(s) => !s.indices.is_empty(),
        _ => false,
    })
}

/// A part of a form and its value at a point.
type Part = (Expr, Complex);

/// The value of `e` at `point`, and the parts of `e` whose value there is within
/// reach but whose parent's is not: at each lowest place where the value was lost,
/// the compound operands of the operation that lost it.
fn beyond_reach(e: &Expr, point: &Point) -> (Evaluation<Complex>, Vec<Part>) {
    let mut parts = Vec::new();
    let whole = lost_in(e, point, &mut FastSet::default(), &mut parts);
    (whole, parts)
}

/// [`beyond_reach`] into `out`, each node looked into once (`seen`, by address): a
/// derivative repeats its inner function in every factor of a chain rule.
fn lost_in(
    e: &Expr,
    point: &Point,
    seen: &mut FastSet<usize>,
    out: &mut Vec<Part>,
) -> Evaluation<Complex> {
    let (whole, values) = point.evaluate_recording::<Complex>(e);
    if !within_reach(&whole.value) {
        lost_at(e, point, &values, seen, out);
    }
    whole
}

fn lost_at(
    e: &Expr,
    point: &Point,
    values: &FastMap<usize, Complex>,
    seen: &mut FastSet<usize>,
    out: &mut Vec<Part>,
) {
    if !seen.insert(e.address()) {
        return;
    }
    // A derivative's body is evaluated where its variable moved, and not recorded:
    // it is looked into afresh, at the point itself.
    if let Node::Deriv(body, _) = e.node() {
        lost_in(body, point, seen, out);
        return;
    }
    let kids = e.children();
    let value = |k: &Expr| values.get(&k.address()).copied();
    let lost: Vec<&Expr> = kids
        .iter()
        .filter(|k| !value(k).is_some_and(|v| within_reach(&v)))
        .collect();
    if lost.is_empty() {
        for k in kids.iter().filter(|k| k.size() > 1) {
            out.extend(value(k).map(|v| (k.clone(), v)));
        }
        return;
    }
    for k in lost {
        lost_at(k, point, values, seen, out);
    }
}

/// Whether `v` is finite and, unless zero, within `2^±REACH`.
fn within_reach(v: &Complex) -> bool {
    let magnitude = v.log2_abs();
    v.is_finite() && (magnitude == f64::NEG_INFINITY || magnitude.abs() <= REACH)
}

/// A generic function of the one variable of `part` (a constant if it has none),
/// real-valued where the part's value is real; `None` for a part of several
/// variables.
fn generic_function(part: &Expr, real: bool, rng: &mut Rng) -> Option<Expr> {
    let symbols = part.symbols();
    let x = match symbols.as_slice() {
        [] => None,
        [x] => Some(Expr::symbol(Symbol::clone(x))),
        _ => return None,
    };
    let mut generic = || real_generic(x.as_ref(), rng);
    if real {
        return Some(generic());
    }
    let (re, im) = (generic(), generic());
    let i = expr::call1(Builtin::Sqrt, Expr::int(-1));
    Some(expr::add(vec![re, expr::mul(vec![im, i])]))
}

/// `c0 + c1 tanh(c2 x + c3) + c4 sin(c5 x + c6)` with coefficients drawn from
/// `rng`, or `c0` without a variable.
fn real_generic(x: Option<&Expr>, rng: &mut Rng) -> Expr {
    // Coefficients away from 0, of either sign, up to 2 in magnitude.
    let mut c = || {
        let magnitude = rng.int(8, 64);
        let sign = if rng.int(0, 1) == 0 { -1 } else { 1 };
        Expr::num(Rational::new(
            BigInt::from(sign * magnitude),
            BigInt::from(32),
        ))
    };
    let base = c();
    let Some(x) = x else {
        return base;
    };
    let mut wave = |f: Builtin| {
        let (scale, slope, shift) = (c(), c(), c());
        let arg = expr::add(vec![expr::mul(vec![slope, x.clone()]), shift]);
        expr::mul(vec![scale, expr::call1(f, arg)])
    };
    let (first, second) = (wave(Builtin::Tanh), wave(Builtin::Sin));
    expr::add(vec![base, first, second])
}

/// `e` with every part in `parts` replaced by its function; `done` shares the work
/// of subtrees met more than once.
fn replaced(e: &Expr, parts: &FastMap<Expr, Expr>, done: &mut FastMap<usize, Expr>) -> Expr {
    if let Some(generic) = parts.get(e) {
        return generic.clone();
    }
    if e.size() == 1 {
        return e.clone();
    }
    if let Some(known) = done.get(&e.address()) {
        return known.clone();
    }
    let out = e.map_children_raw(&mut |k| replaced(k, parts, done));
    done.insert(e.address(), out.clone());
    out
}
