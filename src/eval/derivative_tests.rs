//! Every derivative the engine produces is checked against an independent truth: a
//! central finite difference of the input, evaluated at several points. The cases are
//! shared with `tests/derivatives.rs`.

use super::{Point, Range};
use crate::context::substitute;
use crate::expr::{Expr, Symbol};
use crate::parse::{parse_expr, Names};
use crate::rules::calculus::has_derivative;

fn cases() -> impl Iterator<Item = &'static str> {
    include_str!("../../tests/data/derivative-cases.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
}

fn central_difference(e: &Expr, point: &Point, x: &Symbol) -> f64 {
    // Evaluate the input at x ± h by substituting numbers for x.
    let x0 = point.eval(&Expr::symbol(x.clone()));
    let at = |v: f64| {
        let value = Expr::num(num_rational::BigRational::from_float(v).unwrap());
        point.eval(&substitute(e, x, &value))
    };
    let h = 1e-5 * (1.0 + x0.abs());
    (at(x0 + h) - at(x0 - h)) / (2.0 * h)
}

#[test]
fn derivatives_agree_with_finite_differences() {
    let x = Symbol::plain("x");
    let mut checked_points = 0;
    let mut count = 0;
    for src in cases() {
        count += 1;
        let d = crate::derive(src, "x").unwrap_or_else(|e| panic!("{src}: {e}"));
        assert!(d.verified, "{src}: not every step was verified");
        assert!(
            !has_derivative(d.result()),
            "{src}: the result still holds a derivative"
        );
        let input = parse_expr(src, &Names::default()).unwrap();
        for seed in 0..4 {
            let point = Point::new(1000 + seed, Range::Positive);
            let numeric = central_difference(&input, &point, &x);
            let symbolic = point.eval(d.result());
            if !numeric.is_finite() || !symbolic.is_finite() {
                continue;
            }
            let tol = 1e-5 * (1.0 + numeric.abs());
            assert!(
                (numeric - symbolic).abs() < tol,
                "{src}: d/dx = {} is {symbolic} but the finite difference is {numeric}",
                crate::to_text(d.result())
            );
            checked_points += 1;
        }
    }
    assert!(count >= 40, "only {count} cases were read");
    assert!(checked_points >= 3 * count, "too few points were defined");
}
