//! The LaTeX printer checked by real renderers: every formula must render in KaTeX
//! (strict mode) and a standalone derivation must compile with pdflatex. Snapshots
//! record reviewed output and are taken only after the renderers accept it.

mod common;

use common::{assert_katex_renders, assert_pdflatex_compiles, snapshot_settings};
use stepwise::{Check, Derivation, Expr, LatexOptions, Reason, Step};

/// Inputs covering every node kind and the bracket and sign cases that go wrong.
const EXPRESSIONS: &[&str] = &[
    "(exp(x) - exp(-x)) / (exp(x) + exp(-x))",
    "1 - tanh(x)^2",
    "(exp(x) + exp(-x))^2",
    "((exp(x) - exp(-x)) / (exp(x) + exp(-x)))^2",
    "2 sigma(2x) - 1",
    "sigma(x) (1 - sigma(x))",
    "1 / (1 + exp(-x))",
    "0.5 x",
    "x - 0.25 y + 1.5",
    "-x^2",
    "(-x)^2",
    "-(a + b) c",
    "a - 3 b + c",
    "(x^2)^y",
    "x^(-1) + x^(1/2)",
    "2^(x + 1)",
    "2 * 3^x",
    "2 (a / b)",
    "x (a / b) / (c + d)",
    "d/dx tanh(x)",
    "d/dx (x^2 + 3 x)",
    "d/dx_i p_j",
    "d/dx (a / b)",
    "(d/dx x) y",
    "sum_{k=1}^{d} x_k w_k",
    "sum_k (x_k + 1)^2",
    "d/dw_j sum_k w_k x_k",
    "p_j (delta_ij - p_i)",
    "delta_{i,k2} x_{k1,2}",
    "sqrt(x^2 + 1) log(x)",
    "sin(x) cos(x) / tan(x)",
    "sinh(x)^2 - cosh(x)^2",
    "alpha x + beta theta_i - lambda",
    "lr rate w_1",
    "sigma(x / 2) exp(-x / 2)",
];

fn parse(src: &str) -> Expr {
    src.parse().unwrap_or_else(|e| panic!("{src}: {e:?}"))
}

/// A verified derivation written out by hand, its steps marked checked as the
/// engine's are: these tests are about layout (an unchecked step prints a warning).
fn derivation(statement: &str, steps: &[(&'static str, &str)]) -> Derivation {
    let mut chain = vec![Step::start(parse(statement))];
    chain.extend(
        steps
            .iter()
            .map(|(rule, src)| Step::by(Reason::rule(rule), parse(src)).checked(Check::Exact)),
    );
    Derivation {
        statement: statement.to_string(),
        steps: chain,
        verified: true,
        conditions: Vec::new(),
    }
}

/// Exercise sheet §5 (i): the derivative of tanh.
fn tanh_derivative() -> Derivation {
    derivation(
        "d/dx tanh(x)",
        &[
            (
                "definition of tanh",
                "d/dx (exp(x) - exp(-x)) / (exp(x) + exp(-x))",
            ),
            (
                "quotient rule",
                "((exp(x) + exp(-x)) (exp(x) + exp(-x)) - (exp(x) - exp(-x)) (exp(x) - exp(-x))) \
                 / (exp(x) + exp(-x))^2",
            ),
            (
                "split the fraction",
                "(exp(x) + exp(-x)) (exp(x) + exp(-x)) / (exp(x) + exp(-x))^2 \
                 - (exp(x) - exp(-x)) (exp(x) - exp(-x)) / (exp(x) + exp(-x))^2",
            ),
            (
                "collect powers",
                "(exp(x) + exp(-x))^2 / (exp(x) + exp(-x))^2 \
                 - ((exp(x) - exp(-x)) / (exp(x) + exp(-x)))^2",
            ),
            ("cancel, definition of tanh", "1 - tanh(x)^2"),
        ],
    )
}

/// Exercise sheet §5 (ii): tanh in terms of the sigmoid.
fn tanh_as_sigmoid() -> Derivation {
    derivation(
        "tanh(x) + 1",
        &[
            (
                "definition of tanh",
                "(exp(x) - exp(-x)) / (exp(x) + exp(-x)) + 1",
            ),
            (
                "write 1 as a fraction",
                "(exp(x) - exp(-x)) / (exp(x) + exp(-x)) + (exp(x) + exp(-x)) / (exp(x) + exp(-x))",
            ),
            (
                "add the fractions",
                "(exp(x) - exp(-x) + exp(x) + exp(-x)) / (exp(x) + exp(-x))",
            ),
            ("collect terms", "2 exp(x) / (exp(x) + exp(-x))"),
            ("divide by exp(x)", "2 (1 / (1 + exp(-2x)))"),
            ("definition of sigma", "2 sigma(2x)"),
        ],
    )
}

/// The softmax derivative and a derivative through a sum, with a rule name that needs
/// every escape `\text{}` knows.
fn index_derivations() -> Vec<Derivation> {
    vec![
        derivation(
            "d/dx_i p_j",
            &[("softmax derivative", "p_j (delta_ij - p_i)")],
        ),
        derivation(
            "d/dw_j sum_k w_k x_k",
            &[
                ("linearity", "sum_k d/dw_j (w_k x_k)"),
                ("d_w w = delta", "sum_k x_k delta_jk"),
                (r"sift: 100% of {k} & #j \ ^ ~", "x_j"),
            ],
        ),
    ]
}

fn all_derivations() -> Vec<Derivation> {
    let mut all = vec![tanh_derivative(), tanh_as_sigmoid()];
    all.extend(index_derivations());
    all
}

fn at_width(width: usize) -> LatexOptions {
    LatexOptions {
        width,
        ..LatexOptions::default()
    }
}

#[test]
fn katex_renders_every_expression_and_derivation() {
    let mut formulas: Vec<String> = EXPRESSIONS.iter().map(|s| parse(s).to_latex()).collect();
    for d in all_derivations() {
        for width in [40, 80] {
            formulas.push(d.to_latex_with(&at_width(width)));
        }
    }
    assert_katex_renders(&formulas);
}

#[test]
fn katex_check_reports_broken_latex() {
    let bad = vec![r"\frac{1}{".to_string(), r"x^{2}^{3}".to_string()];
    let err = std::panic::catch_unwind(|| assert_katex_renders(&bad))
        .expect_err("broken formulas must be reported");
    let message = err.downcast_ref::<String>().expect("a panic message");
    assert!(
        message.contains("KaTeX rejects 2 of 2 formulas"),
        "{message}"
    );
    assert!(message.contains(r"x^{2}^{3}"), "{message}");
}

#[test]
fn pdflatex_compiles_a_standalone_derivation() {
    let opts = LatexOptions {
        width: 60,
        standalone: true,
    };
    let doc = tanh_derivative().to_latex_with(&opts);
    assert_pdflatex_compiles(&doc);
    // The escaped rule names and index notation must compile too.
    for d in index_derivations() {
        assert_pdflatex_compiles(&d.to_latex_with(&opts));
    }
}

#[test]
fn snapshot_expressions() {
    let formulas: Vec<String> = EXPRESSIONS.iter().map(|s| parse(s).to_latex()).collect();
    assert_katex_renders(&formulas);
    let table: String = EXPRESSIONS
        .iter()
        .zip(&formulas)
        .map(|(src, tex)| format!("- `{src}`\n  `{tex}`\n"))
        .collect();
    snapshot_settings().bind(|| insta::assert_snapshot!("latex_expressions", table));
}

/// A derivation at widths 80 and 40 as a Markdown snapshot, after KaTeX accepted both.
fn snapshot_derivation(name: &str, d: &Derivation) {
    let wide = d.to_latex_with(&at_width(80));
    let narrow = d.to_latex_with(&at_width(40));
    assert_katex_renders(&[wide.clone(), narrow.clone()]);
    let body = format!(
        "Statement: `{}`\n\n## Width 80\n\n```latex\n{wide}\n```\n\n## Width 40\n\n```latex\n{narrow}\n```\n",
        d.statement
    );
    snapshot_settings().bind(|| insta::assert_snapshot!(name, body));
}

#[test]
fn snapshot_tanh_derivative() {
    snapshot_derivation("latex_tanh_derivative", &tanh_derivative());
}

#[test]
fn snapshot_tanh_as_sigmoid() {
    snapshot_derivation("latex_tanh_as_sigmoid", &tanh_as_sigmoid());
}

#[test]
fn snapshot_softmax_derivative() {
    snapshot_derivation("latex_softmax_derivative", &index_derivations()[0]);
}

#[test]
fn snapshot_derivative_through_a_sum() {
    snapshot_derivation("latex_derivative_through_a_sum", &index_derivations()[1]);
}

#[test]
fn a_note_quoting_a_call_of_a_defined_function_prints_the_call() {
    // Read back without the definitions, `f(2)` would be the product `2 f`.
    let options = stepwise::Options {
        definitions: vec!["f(u) = u^2".into()],
        assumptions: vec!["c = f(2)".into()],
        ..Default::default()
    };
    let Ok(stepwise::Outcome::Proven(d)) = stepwise::prove_with("c + 1 = f(2) + 1", &options)
    else {
        panic!("the assumption proves it");
    };
    let latex = d.to_latex();
    assert!(
        latex.contains(r"\text{(assumption }c = \operatorname{f}(2)\text{)}"),
        "{latex}"
    );
    assert!(!latex.contains("2 f"), "{latex}");
    assert_katex_renders(&[latex]);
}
