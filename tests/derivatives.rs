//! Every derivative the engine produces is checked against an independent truth: a
//! central finite difference of the input, evaluated at several points.

use stepwise::eval::{Point, Range};
use stepwise::expr::{Expr, Symbol};
use stepwise::parse::{parse_expr, Names};

/// Expressions of one variable `x`, chosen to exercise every rule and their
/// combinations. None of them is special-cased anywhere.
const CASES: &[&str] = &[
    "7",
    "x",
    "3x + 2",
    "x^2",
    "x^5 - 4x^3 + x",
    "x^-2",
    "x^(1/2)",
    "0.5 x^4",
    "1 / x",
    "1 / (1 + x^2)",
    "(x + 1) / (x - 3)",
    "x / (1 + exp(-x))",
    "exp(x)",
    "exp(-x)",
    "exp(3x + 1)",
    "exp(x^2)",
    "exp(sin(x))",
    "log(x)",
    "log(x^2 + 1)",
    "log(1 + exp(x))",
    "sqrt(x)",
    "sqrt(1 + x^2)",
    "sin(x)",
    "cos(2x)",
    "tan(x)",
    "sin(x) cos(x)",
    "sin(x)^2 + cos(x)^2",
    "sinh(x)",
    "cosh(3x)",
    "tanh(x)",
    "tanh(2x + 1)",
    "tanh(x)^2",
    "tanh(tanh(x))",
    "sigma(x)",
    "sigma(2x)",
    "sigma(x) (1 - sigma(x))",
    "2 sigma(2x) - 1",
    "x^3 sin(2x) / (1 + exp(-x))",
    "x exp(x) log(x)",
    "(exp(x) - exp(-x)) / (exp(x) + exp(-x))",
    "2^x",
    "x^x",
    "exp(x) / (exp(x) + exp(2x) + 1)",
    "log(sigma(x))",
    "sqrt(sin(x)^2 + 1) / x",
    "(x^2 + 1)^3",
    "1 / (1 + exp(-x))^2",
    "sin(cos(tan(x)))",
];

fn central_difference(e: &Expr, point: &Point, x: &Symbol) -> f64 {
    // Evaluate the input at x ± h by substituting numbers for x.
    let x0 = point.eval(&Expr::symbol(x.clone()));
    let at = |v: f64| {
        let value = Expr::num(num_rational::BigRational::from_float(v).unwrap());
        point.eval(&stepwise::context::substitute(e, x, &value))
    };
    let h = 1e-5 * (1.0 + x0.abs());
    (at(x0 + h) - at(x0 - h)) / (2.0 * h)
}

#[test]
fn derivatives_agree_with_finite_differences() {
    let x = Symbol::plain("x");
    let mut checked_points = 0;
    for src in CASES {
        let d = stepwise::derive(src, "x").unwrap_or_else(|e| panic!("{src}: {e}"));
        assert!(d.verified, "{src}: not every step was verified");
        assert!(
            !stepwise::rules::calculus::has_derivative(d.result()),
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
                stepwise::to_text(d.result())
            );
            checked_points += 1;
        }
    }
    assert!(
        checked_points >= 3 * CASES.len(),
        "too few points were defined"
    );
}

#[test]
fn known_derivatives_from_the_table() {
    // (expression, its derivative as a teacher writes it)
    let table = [
        ("tanh(x)", "1 - tanh(x)^2"),
        ("sigma(x)", "sigma(x) (1 - sigma(x))"),
        ("sin(x)", "cos(x)"),
        ("cos(x)", "-sin(x)"),
        ("exp(2x)", "2 exp(2 x)"),
        ("log(x)", "1 / x"),
        ("x^3", "3 x^2"),
        ("sqrt(x)", "1 / (2 sqrt(x))"),
    ];
    for (src, want) in table {
        let d = stepwise::derive(src, "x").unwrap();
        assert_eq!(stepwise::to_text(d.result()), want, "d/dx {src}");
    }
}

#[test]
fn every_step_names_its_rule() {
    for src in CASES {
        let d = stepwise::derive(src, "x").unwrap();
        assert!(d.steps[0].rule.is_none());
        for step in &d.steps[1..] {
            let rule = step.rule.as_deref().unwrap_or("");
            assert!(!rule.is_empty(), "{src}: a step without a rule");
        }
    }
}

#[test]
fn derivative_with_respect_to_another_variable() {
    let d = stepwise::derive("x^2 y + sin(y)", "y").unwrap();
    assert_eq!(stepwise::to_text(d.result()), "x^2 + cos(y)");
    let d = stepwise::derive("a x^2", "x").unwrap();
    assert_eq!(stepwise::to_text(d.result()), "2 a x");
}
