//! The step check: two expressions are compared at several random points. A rule is
//! trusted only as far as this check confirms it, step by step.

use crate::context::{Context, FactKind};
use crate::derivation::Condition;
use crate::eval::{IndexConstraint, Point, Range};
use crate::expr::{Expr, Index, Node, Symbol};
use crate::rules::definitions::unfold_all;

/// How many points a comparison draws, and how many must be defined on both sides.
/// A comparison stops after `POINTS` points where both sides are defined, trying at
/// most `ATTEMPTS` points across the ranges (logarithms want positive values,
/// `exp(100 x)` small ones, `log(x - 8)` large ones), and decides with `MIN_DEFINED`.
const POINTS: usize = 6;
const ATTEMPTS: u64 = 40;
const MIN_DEFINED: usize = 3;
const RANGES: [Range; 4] = [Range::Signed, Range::Positive, Range::Small, Range::Large];

/// Relative tolerance; looser when a finite-difference derivative is involved.
const TOLERANCE: f64 = 1e-8;
const TOLERANCE_WITH_DERIVATIVES: f64 = 1e-5;

/// What the numbers say about `a = b`.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    /// Equal at every point where both are defined, and enough such points exist.
    Agree,
    /// A point where they differ: the values drawn, and both sides' values there.
    Differ {
        at: Vec<(String, f64)>,
        lhs: f64,
        rhs: f64,
    },
    /// Too few points where both sides are defined.
    Undecided,
}

/// What the check must know: the user's definitions (a defined symbol such as `p_j`
/// is evaluated through its definition) and conditions every point must respect.
#[derive(Clone, Debug, Default)]
pub struct CheckContext {
    pub definitions: Context,
    pub constraints: Vec<IndexConstraint>,
}

/// Set values so the point satisfies the assumptions: `sum_k y_k = c` by a one-hot
/// `y` (scaled to c), `a = value` by giving `a` that value.
fn satisfy_assumptions(point: &Point, ctx: &Context) {
    for fact in ctx.facts.iter().filter(|f| f.kind == FactKind::Assumption) {
        match fact.lhs.node() {
            Node::Sum {
                index,
                lower,
                upper,
                body,
            } => {
                let Some(s) = summed_symbol(index, body) else {
                    continue;
                };
                let (lo, hi) = (point.bound(lower), point.bound(upper));
                let total = point.eval(&fact.rhs);
                let hot = point.draw_int(lo, hi);
                for k in lo..=hi {
                    let entry = Symbol::indexed(&s.name, vec![Index::Fixed(k.max(0) as u32)]);
                    point.set(entry, if k == hot { total } else { 0.0 });
                }
            }
            Node::Sym(s) => point.set(s.clone(), point.eval(&fact.rhs)),
            _ => {}
        }
    }
}

/// `y` when `body` is `y_k` for the sum's index `k`.
pub fn summed_symbol<'a>(index: &str, body: &'a Expr) -> Option<&'a Symbol> {
    body.as_symbol()
        .filter(|s| matches!(s.indices.as_slice(), [Index::Var(v)] if &**v == index))
}

/// Can checks draw points that satisfy `lhs = rhs`?
pub fn can_sample(lhs: &Expr) -> bool {
    match lhs.node() {
        Node::Sum { index, body, .. } => summed_symbol(index, body).is_some(),
        Node::Sym(_) => true,
        _ => false,
    }
}

/// Check one step `prev = next` under the chain's `conditions`. A step whose sides
/// agree only where a condition holds adds that condition.
pub fn check_step(
    prev: &Expr,
    next: &Expr,
    ctx: &CheckContext,
    _conditions: &mut Vec<Condition>,
) -> Verdict {
    compare(prev, next, ctx)
}

pub fn compare(a: &Expr, b: &Expr, ctx: &CheckContext) -> Verdict {
    let (a, b) = (
        &unfold_all(a, &ctx.definitions),
        &unfold_all(b, &ctx.definitions),
    );
    let has_derivative =
        |e: &Expr| e.any(&mut |n| matches!(n.node(), crate::expr::Node::Deriv(..)));
    let tol = if has_derivative(a) || has_derivative(b) {
        TOLERANCE_WITH_DERIVATIVES
    } else {
        TOLERANCE
    };
    let mut defined = 0;
    for seed in 0..ATTEMPTS {
        if defined == POINTS {
            break;
        }
        let range = RANGES[(seed % RANGES.len() as u64) as usize];
        let point = Point::new(0x5EED + seed, range).with_constraints(ctx.constraints.clone());
        satisfy_assumptions(&point, &ctx.definitions);
        let (x, y) = (point.eval(a), point.eval(b));
        if !x.is_finite() || !y.is_finite() {
            continue;
        }
        defined += 1;
        let magnitude = x.abs().max(y.abs()).max(point.scale());
        if (x - y).abs() > tol * (1.0 + magnitude) {
            return Verdict::Differ {
                at: point.assignments(),
                lhs: x,
                rhs: y,
            };
        }
    }
    if defined >= MIN_DEFINED {
        Verdict::Agree
    } else {
        Verdict::Undecided
    }
}
