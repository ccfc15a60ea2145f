//! Mutation score: every step of a set of proofs, perturbed (a coefficient off by
//! one, a sign, swapped indices, a dropped term, `+ 10^-9`), must be refused by the
//! step check whenever the perturbation changes the value. Whether it does is judged
//! apart from the check, by evaluating both forms at high precision at fixed points.

use super::*;
use crate::expr::{self, rename_index, Rational};
use crate::{Options, Outcome};

/// Goals whose proofs supply the steps: the sheet's and the activations example's,
/// and derivatives of the kinds the derivative tests cover.
const PROOFS: &[(&str, &[&str], &[&str])] = &[
    ("d/dx tanh(x) = 1 - tanh(x)^2", &[], &[]),
    ("tanh(x) = 2 sigma(2x) - 1", &[], &[]),
    ("d/dx sigma(x) = sigma(x) (1 - sigma(x))", &[], &[]),
    ("d/dx log(sigma(x)) = 1 - sigma(x)", &[], &[]),
    ("cosh(x)^2 - sinh(x)^2 = 1", &[], &[]),
    ("d/dx_i p_j = p_j (delta_ij - p_i)", &[SOFTMAX], &[]),
    (
        "d/dx_i H = p_i - y_i",
        &[SOFTMAX, ENTROPY],
        &["sum_j y_j = 1"],
    ),
    ("d/dx_i log(sum_k exp(x_k)) = p_i", &[SOFTMAX], &[]),
];
const DERIVATIVES: &[&str] = &[
    "x^3 sin(2x) / (1 + exp(-x))",
    "x exp(x) log(x)",
    "sqrt(1 + x^2)",
    "(x + 1) / (x - 3)",
];
const SOFTMAX: &str = "p_j = exp(x_j) / sum_k exp(x_k)";
const ENTROPY: &str = "H = -sum_j y_j log(p_j)";

/// The ways a step is broken.
fn perturbations(e: &Expr) -> Vec<(&'static str, Expr)> {
    let mut out = vec![(
        "+ 10^-9",
        expr::add(vec![
            e.clone(),
            Expr::num(Rational::new(1.into(), 1_000_000_000.into())),
        ]),
    )];
    let mut done = false;
    let off_by_one = e.map_bottom_up(&mut |n| match n.as_num() {
        Some(c) if !done => {
            done = true;
            Expr::num(c + Rational::from_integer(1.into()))
        }
        _ => n.clone(),
    });
    if done {
        out.push(("coefficient off by one", off_by_one));
    }
    if let Some((sign, dropped)) = first_sum(e) {
        out.push(("a sign", sign));
        out.push(("a dropped term", dropped));
    }
    if let [i, j, ..] = crate::expr::free_indices(e).as_slice() {
        let temp: Rc<str> = "\u{0}swap".into();
        let swapped = rename_index(e, i, &Index::Var(temp.clone()));
        let swapped = rename_index(&swapped, j, &Index::Var(i.clone()));
        let swapped = rename_index(&swapped, &temp, &Index::Var(j.clone()));
        out.push(("swapped indices", swapped));
    }
    out
}

/// `e` with the first term of its first sum negated, and with its last term dropped.
fn first_sum(e: &Expr) -> Option<(Expr, Expr)> {
    if let Node::Add(terms) = e.node() {
        if terms.len() >= 2 {
            let mut negated = terms.clone();
            negated[0] = expr::neg(negated[0].clone());
            return Some((
                expr::add(negated),
                expr::add(terms[..terms.len() - 1].to_vec()),
            ));
        }
    }
    let kids = e.children();
    kids.iter().enumerate().find_map(|(k, kid)| {
        first_sum(kid).map(|(a, b)| {
            let with = |x: Expr| {
                let mut ks = kids.clone();
                ks[k] = x;
                e.with_children_raw(ks)
            };
            (with(a), with(b))
        })
    })
}

/// Do `a` and `b` differ somewhere, judged at high precision at fixed points that
/// meet the assumptions?
fn values_differ(a: &Expr, b: &Expr, ctx: &CheckContext) -> bool {
    let (a, b) = (ctx.definitions.unfold_all(a), ctx.definitions.unfold_all(b));
    (0..12u64).any(|seed| {
        let range = [Range::Positive, Range::Unit, Range::Wide][seed as usize % 3];
        let point = Point::new(0xD1FF + seed, range);
        point.prepare(&[&a, &b]);
        satisfy_assumptions(&point, &ctx.definitions);
        let (x, y): (Evaluation<Big>, Evaluation<Big>) = (point.evaluate(&a), point.evaluate(&b));
        if !(x.value.is_finite() && y.value.is_finite() && x.reliable && y.reliable) {
            return false;
        }
        let gap = x
            .value
            .add(&y.value.mul(&Big::from_f64(-1.0)))
            .to_f64()
            .abs();
        gap > 1e-25 * (1.0 + x.value.to_f64().abs() + y.value.to_f64().abs())
    })
}

/// The proofs' derivations, each with the check context its steps were checked in.
fn derivations() -> Vec<(crate::Derivation, CheckContext)> {
    let mut out = Vec::new();
    for (goal, lets, assumes) in PROOFS {
        let options = Options {
            definitions: lets.iter().map(|s| s.to_string()).collect(),
            assumptions: assumes.iter().map(|s| s.to_string()).collect(),
            seed: Some(5),
            ..Default::default()
        };
        let (ctx, _) = options
            .context(Context::with_builtin_definitions())
            .unwrap();
        match crate::prove_with(goal, &options).unwrap() {
            Outcome::Proven(d) => out.push((d, crate::check_context(&ctx, Some(5)))),
            other => panic!("{goal}: not proven: {other:?}"),
        }
    }
    for src in DERIVATIVES {
        let d = crate::derive_with(src, Some("x"), &Options::default()).unwrap();
        out.push((d, crate::check_context(&Context::default(), Some(5))));
    }
    out
}

#[test]
fn every_perturbation_that_changes_a_value_is_refused() {
    let (mut tried, mut changed, mut missed) = (0, 0, Vec::new());
    for (d, check) in derivations() {
        for pair in d.steps.windows(2) {
            let (prev, next) = (&pair[0].expr, &pair[1].expr);
            for (kind, broken) in perturbations(next) {
                tried += 1;
                if !values_differ(next, &broken, &check) {
                    continue;
                }
                changed += 1;
                let mut conditions = d.conditions.clone();
                if !matches!(
                    check_step(prev, &broken, &check, &mut conditions).0,
                    Verdict::Differ { .. }
                ) {
                    missed.push(format!(
                        "{kind}: `{}` = `{}` passed",
                        crate::to_text(prev),
                        crate::to_text(&broken)
                    ));
                }
            }
        }
    }
    eprintln!(
        "mutation score: {changed} of {tried} perturbations change the value; {} refused",
        changed - missed.len()
    );
    assert!(
        changed >= 100,
        "too few perturbations to mean anything: {changed}"
    );
    assert!(missed.is_empty(), "{}", missed.join("\n"));
}

#[test]
fn rational_functions_of_exponentials_are_checked_exactly() {
    let p = |s: &str| crate::parse::parse_expr(s, &crate::parse::Names::default()).unwrap();
    let check = CheckContext::default();
    let recorded = |a: &str, b: &str| check_step(&p(a), &p(b), &check, &mut Vec::new());
    let (v, how) = recorded("exp(x) exp(-x) (x + 1)^2", "x^2 + 2x + 1");
    assert_eq!((v, how), (Verdict::Agree, Check::Exact));
    // Below what f64 resolves, and not a near tie to confirm: the signatures see it.
    let (v, how) = recorded("exp(x) exp(-x)", "1 + 1/10^13");
    assert_ne!(v, Verdict::Agree, "{how:?}");
    // A logarithm has no modular reading: the numbers decide.
    let (v, how) = recorded("log(exp(x) + 1)", "log(1 + exp(x))");
    assert_eq!(v, Verdict::Agree);
    assert!(
        matches!(how, Check::Numeric { points } if points >= MIN_DEFINED),
        "{how:?}"
    );
}

#[test]
fn under_assumptions_equal_signatures_decide_only_where_the_numbers_agree() {
    let p = |s: &str| crate::parse::parse_expr(s, &crate::parse::Names::default()).unwrap();
    let mut check = CheckContext::default();
    let (ctx, _) = Options {
        assumptions: vec!["sum_j y_j = 1".into(), "w = 1".into()],
        ..Default::default()
    }
    .context(crate::context::Context::default())
    .unwrap();
    check.definitions = ctx;
    let recorded = |a: &str, b: &str| check_step(&p(a), &p(b), &check, &mut Vec::new());
    // An identity everywhere is one on the assumed set too.
    assert_eq!(
        recorded("y_i (exp(x) + 1)", "y_i exp(x) + y_i"),
        (Verdict::Agree, Check::Exact)
    );
    // True only where the assumption holds: the numbers decide it.
    let (v, how) = recorded("sum_j y_j x", "x");
    assert_eq!(v, Verdict::Agree);
    assert!(matches!(how, Check::Numeric { .. }), "{how:?}");
    // Equal as rational functions, but undefined wherever `w = 1`: not decided.
    let (v, how) = recorded("x (w - 1) / (w - 1)", "x (w - 1)^2 / (w - 1)^2");
    assert_ne!(v, Verdict::Agree);
    assert_eq!(how, Check::Undecided);
}

#[test]
fn a_number_minus_a_smaller_fraction_needs_no_condition() {
    let p = |s: &str| crate::parse::parse_expr(s, &crate::parse::Names::default()).unwrap();
    // 1 - sigma(z) = exp(-z) / (1 + exp(-z)) > 0 everywhere.
    assert!(domain_conditions(&p("log(1 - 1 / (1 + exp(-z)))")).is_empty());
    assert!(domain_conditions(&p("log(2 - 2 / (1 + exp(z)))")).is_empty());
    // 1 - 2 sigma(z) is negative for z > 0.
    assert_eq!(domain_conditions(&p("log(1 - 2 / (1 + exp(-z)))")).len(), 1);
}
