//! The exercise sheet's §5, and derivatives of a dozen more expressions, as reviewed
//! snapshots. Before a snapshot is taken, the invariants are asserted: every step is
//! verified, every step's text parses back to the same expression, and all the LaTeX
//! renders in KaTeX.

mod common;

use stepwise::{Derivation, Expr, LatexOptions, Outcome};

/// The snapshot body: the statement, the text chain and the LaTeX, as Markdown.
fn document(d: &Derivation) -> String {
    let latex = d.to_latex();
    format!(
        "# {}\n\n## text\n\n```text\n{}```\n\n## LaTeX\n\n```latex\n{}\n```\n",
        d.statement,
        d.to_text(),
        latex.trim_end()
    )
}

/// Invariants every snapshot must hold before it is compared.
fn check_invariants(d: &Derivation, latex: &mut Vec<String>) {
    assert!(d.verified, "{}: a step was not verified", d.statement);
    for step in &d.steps {
        let text = stepwise::to_text(&step.expr);
        let back: Expr = text
            .parse()
            .unwrap_or_else(|e| panic!("{text} does not parse: {e}"));
        assert_eq!(back, step.expr, "{text} does not read back the same");
    }
    latex.push(d.to_latex());
    latex.push(d.to_latex_with(&LatexOptions {
        width: 40,
        standalone: false,
    }));
}

fn proven(equation: &str) -> Derivation {
    match stepwise::prove(equation).unwrap() {
        Outcome::Proven(d) => d,
        other => panic!("{equation}: {other:?}"),
    }
}

const DERIVATIVES: &[(&str, &str)] = &[
    ("derive_sigma", "sigma(x)"),
    ("derive_tanh", "tanh(x)"),
    ("derive_quotient_example", "x^3 sin(2x) / (1 + exp(-x))"),
    (
        "derive_tanh_definition",
        "(exp(x) - exp(-x)) / (exp(x) + exp(-x))",
    ),
    ("derive_sigma_definition", "1 / (1 + exp(-x))"),
    ("derive_tanh_via_sigma", "2 sigma(2x) - 1"),
    ("derive_softplus", "log(1 + exp(x))"),
    ("derive_gaussian", "exp(-x^2 / 2)"),
    ("derive_polynomial", "x^4 - 3x^2 + 2x - 7"),
    ("derive_product_three", "x exp(x) sin(x)"),
    ("derive_chain_nested", "tanh(sigma(x))"),
    ("derive_sqrt", "sqrt(1 + x^2)"),
    ("derive_log_ratio", "log(x / (1 + x))"),
    ("derive_power_symbolic", "x^x"),
    ("derive_sigma_product", "x sigma(x)"),
];

#[test]
fn sheet_section_5_and_derivatives() {
    let mut latex = Vec::new();
    let proofs = [
        ("prove_tanh_derivative", "d/dx tanh(x) = 1 - tanh(x)^2"),
        ("prove_tanh_sigma", "tanh(x) = 2 sigma(2x) - 1"),
        (
            "prove_sigma_derivative",
            "d/dx sigma(x) = sigma(x) (1 - sigma(x))",
        ),
    ];
    let mut documents = Vec::new();
    for (name, equation) in proofs {
        let d = proven(equation);
        check_invariants(&d, &mut latex);
        documents.push((name, document(&d)));
    }
    for (name, src) in DERIVATIVES {
        let d = stepwise::derive(src, "x").unwrap();
        check_invariants(&d, &mut latex);
        documents.push((name, document(&d)));
    }
    common::assert_katex_renders(&latex);
    common::snapshot_settings().bind(|| {
        for (name, doc) in documents {
            insta::assert_snapshot!(name, doc);
        }
    });
}
