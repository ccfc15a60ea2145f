//! The step check: two expressions are compared at several random points. A rule is
//! trusted only as far as this check confirms it, step by step.

use crate::eval::{IndexConstraint, Point, Range};
use crate::expr::Expr;

/// How many points a comparison draws, and how many must be defined on both sides.
const POINTS: u64 = 8;
const MIN_DEFINED: usize = 3;

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

/// Conditions every point must respect (case distinctions on indices).
#[derive(Clone, Debug, Default)]
pub struct CheckContext {
    pub constraints: Vec<IndexConstraint>,
}

pub fn compare(a: &Expr, b: &Expr, ctx: &CheckContext) -> Verdict {
    let has_derivative =
        |e: &Expr| e.any(&mut |n| matches!(n.node(), crate::expr::Node::Deriv(..)));
    let tol = if has_derivative(a) || has_derivative(b) {
        TOLERANCE_WITH_DERIVATIVES
    } else {
        TOLERANCE
    };
    let mut defined = 0;
    for seed in 0..POINTS {
        let range = if seed % 2 == 0 {
            Range::Signed
        } else {
            Range::Positive
        };
        let point = Point::new(0x5EED + seed, range).with_constraints(ctx.constraints.clone());
        let (x, y) = (point.eval(a), point.eval(b));
        if !x.is_finite() || !y.is_finite() {
            continue;
        }
        defined += 1;
        if (x - y).abs() > tol * (1.0 + x.abs().max(y.abs())) {
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
