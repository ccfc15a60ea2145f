//! Derivatives through the public API: the results a teacher writes, a rule named at
//! every step, and derivatives by another variable. The check of every derivative
//! against finite differences, which evaluates at points, is a unit test in
//! `src/eval/derivative_tests.rs`.

/// Expressions of one variable `x`, shared with the finite-difference check.
fn cases() -> impl Iterator<Item = &'static str> {
    include_str!("data/derivative-cases.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
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
    for src in cases() {
        let d = stepwise::derive(src, "x").unwrap();
        assert!(d.steps[0].rule.is_none());
        for step in &d.steps[1..] {
            let rule = step.rule_name().unwrap_or_default();
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
