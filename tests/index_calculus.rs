//! Index calculus and the sheet's §6: the softmax Jacobian (directly and by cases),
//! the cross-entropy gradient through the Jacobian, and neighbours of these problems
//! that are not on the sheet. Every derivation must be verified step by step.

use stepwise::print::text::derivation_to_text;
use stepwise::{Lemma, Options, Outcome};

const SOFTMAX: &str = "p_j = exp(x_j) / sum_k exp(x_k)";

fn options(defs: &[&str], assumptions: &[&str]) -> Options {
    Options {
        definitions: defs.iter().map(|s| s.to_string()).collect(),
        assumptions: assumptions.iter().map(|s| s.to_string()).collect(),
        ..Default::default()
    }
}

fn proven(equation: &str, options: &Options) -> stepwise::Derivation {
    match stepwise::prove_with(equation, options).unwrap_or_else(|e| panic!("{equation}: {e}")) {
        Outcome::Proven(d) => {
            assert!(
                d.verified,
                "{equation}: unverified\n{}",
                derivation_to_text(&d)
            );
            d
        }
        other => panic!("{equation}: {other:?}"),
    }
}

#[test]
fn softmax_jacobian_directly() {
    let d = proven(
        "d/dx_i p_j = p_j (delta_ij - p_i)",
        &options(&[SOFTMAX], &[]),
    );
    println!("{}", derivation_to_text(&d));
}

#[test]
fn softmax_jacobian_by_cases() {
    let opts = Options {
        cases: Some("i=j".into()),
        ..options(&[SOFTMAX], &[])
    };
    let d = proven("d/dx_i p_j = p_j (delta_ij - p_i)", &opts);
    let text = derivation_to_text(&d);
    assert!(text.contains("p_j (1 - p_i)"), "{text}");
    assert!(text.contains("p_j (0 - p_i)"), "{text}");
}

#[test]
fn cross_entropy_gradient_through_the_jacobian() {
    let opts = Options {
        lemmas: vec![Lemma {
            name: "1".into(),
            equation: "d/dx_i p_j = p_j (delta_ij - p_i)".into(),
        }],
        ..options(&[SOFTMAX, "H = -sum_j y_j log(p_j)"], &["sum_j y_j = 1"])
    };
    let d = proven("d/dx_i H = p_i - y_i", &opts);
    let text = derivation_to_text(&d);
    println!("{text}");
    assert!(text.contains("by (1)"), "{text}");
    assert!(text.contains("assumption sum_j y_j = 1"), "{text}");
    assert!(text.contains("-y_i + p_i"), "{text}");
    assert_eq!(stepwise::to_text(d.result()), "p_i - y_i");
}

#[test]
fn softmax_from_a_log_linear_model() {
    let opts = options(&[], &["sum_i P_i = 1"]);
    let d = stepwise::solve_with(
        &["log P_i = w_i x + b_i - log Z".to_string()],
        "P_i",
        &["Z".to_string()],
        &opts,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let text = derivation_to_text(&d);
    println!("{text}");
    assert!(d.verified, "{text}");
    assert_eq!(
        stepwise::to_text(d.result()),
        "P_i = exp(w_i x + b_i) / (sum_j exp(w_j x + b_j))"
    );
}
