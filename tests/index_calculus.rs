//! Index calculus and the sheet's §6: the softmax Jacobian (directly and by cases),
//! the cross-entropy gradient through the Jacobian, and neighbours of these problems
//! that are not on the sheet. Every derivation must be verified step by step.

mod common;

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
            assert!(d.verified, "{equation}: unverified\n{}", d.to_text());
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
    println!("{}", d.to_text());
}

#[test]
fn under_the_case_i_equals_j_the_indices_are_one() {
    let opts = Options {
        cases: Some("i=j".parse().unwrap()),
        ..Default::default()
    };
    let d = proven("x_i delta_ij = x_j delta_ij", &opts);
    let case = &d.steps[1].cases[0];
    assert!(case.equal);
    let last = case.steps.last().unwrap();
    assert_eq!(
        last.rule_name().as_deref(),
        Some("since `i = j`"),
        "{}",
        d.to_text()
    );
}

/// The softmax sums to one, a lemma the proof derives from the definition and cites
/// where a sum of the family appears, rather than unfolding every `p`.
#[test]
fn a_normalized_family_is_known_to_sum_to_one() {
    let d = proven("sum_j p_j (delta_ij - p_i) = 0", &options(&[SOFTMAX], &[]));
    let rules: Vec<String> = d.steps[1..].iter().filter_map(|s| s.rule_name()).collect();
    assert!(rules.iter().any(|r| r == "the `p_j` sum to 1"), "{rules:?}");
    assert!(
        !rules.iter().any(|r| r.starts_with("definition")),
        "{rules:?}"
    );
    assert!(rules.len() <= 4, "{rules:?}");
    // The gradient of the negative entropy, which unfolded every p in 20 steps.
    let d = proven(
        "d/dx_i sum_j p_j log(p_j) = p_i (log(p_i) - sum_j p_j log(p_j))",
        &options(&[SOFTMAX], &[]),
    );
    let rules: Vec<String> = d.steps[1..].iter().filter_map(|s| s.rule_name()).collect();
    assert!(
        !rules.iter().any(|r| r.starts_with("definition")),
        "{rules:?}"
    );
    assert!(rules.len() <= 10, "{rules:?}");
    // Asked for the sum itself, the proof shows it from the definition.
    let d = proven("sum_j p_j = 1", &options(&[SOFTMAX], &[]));
    assert_eq!(
        d.steps[1].rule_name().as_deref(),
        Some("definition of `p_j`")
    );
}

#[test]
fn softmax_jacobian_by_cases() {
    let opts = Options {
        cases: Some("i=j".parse().unwrap()),
        ..options(&[SOFTMAX], &[])
    };
    let d = proven("d/dx_i p_j = p_j (delta_ij - p_i)", &opts);
    let text = d.to_text();
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
    let text = d.to_text();
    println!("{text}");
    assert!(text.contains("by (1)"), "{text}");
    assert!(text.contains("assumption `sum_j y_j = 1`"), "{text}");
    // Reordering `-y_i + p_i` into the goal's order is merged into the step before.
    assert!(!text.contains("reorder the terms"), "{text}");
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
    let text = d.to_text();
    println!("{text}");
    assert!(d.verified, "{text}");
    assert_eq!(
        stepwise::to_text(d.result()),
        "P_i = exp(w_i x + b_i) / (sum_j exp(w_j x + b_j))"
    );
}

/// Neighbours of the sheet's §6 that are not on it: other functions of indexed
/// vectors, sums of squares, log-sum-exp, temperature, other index names, a two-class
/// model. The same rules must carry them, every step checked.
#[test]
fn neighbours_of_section_6_are_proven() {
    let temperature = "q_j = exp(x_j / T) / sum_k exp(x_k / T)";
    let cases: &[(&str, &[&str], &[&str])] = &[
        ("d/dx_i sum_k x_k^2 = 2 x_i", &[], &[]),
        ("d/dx_i sum_k (x_k - y_k)^2 = 2 (x_i - y_i)", &[], &[]),
        ("d/dx_i sum_k w_k x_k = w_i", &[], &[]),
        ("d/dx_i sum_k x_k = 1", &[], &[]),
        ("d/dx_i (sum_k x_k)^2 = 2 sum_k x_k", &[], &[]),
        ("d/dx_i sum_k tanh(x_k) = 1 - tanh(x_i)^2", &[], &[]),
        ("d/dx_i sigma(x_i) = sigma(x_i) (1 - sigma(x_i))", &[], &[]),
        ("d/dx_i L = p_i", &[SOFTMAX, "L = log(sum_k exp(x_k))"], &[]),
        ("d/dx_m p_n = p_n (delta_mn - p_m)", &[SOFTMAX], &[]),
        ("d/dx_i log(p_j) = delta_ij - p_i", &[SOFTMAX], &[]),
        ("d/dx_i q_j = q_j (delta_ij - q_i) / T", &[temperature], &[]),
        ("d/dx_i sum_k log(1 + exp(x_k)) = sigma(x_i)", &[], &[]),
        (
            "d/dx_i sum_k softplus(x_k) = sigma(x_i)",
            &["softplus(u) = log(1 + exp(u))"],
            &[],
        ),
        (
            "d/dw sum_k (w x_k - y_k)^2 = 2 sum_k (w x_k - y_k) x_k",
            &[],
            &[],
        ),
        ("sum_j y_j p_i = p_i", &[SOFTMAX], &["sum_j y_j = 1"]),
        // other names, and a bound written out
        (
            "d/dz_a s_b = s_b (delta_ab - s_a)",
            &["s_b = exp(z_b) / sum_c exp(z_c)"],
            &[],
        ),
        (
            "d/dx_i p_j = p_j (delta_{i,j} - p_i)",
            &["p_j = exp(x_j) / sum_{k=1}^{n} exp(x_k)"],
            &[],
        ),
        (
            "d/dw_i sigma(sum_k w_k x_k + b) = sigma(sum_k w_k x_k + b) (1 - sigma(sum_k w_k x_k + b)) x_i",
            &[],
            &[],
        ),
        // Shifting every score by c changes neither the softmax nor, but for c, the
        // log-sum-exp.
        ("exp(x_j + c) / sum_k exp(x_k + c) = p_j", &[SOFTMAX], &[]),
        // The Jacobian with the indices the other way round: the delta is symmetric.
        ("d/dx_j p_i = p_i (delta_ij - p_j)", &[SOFTMAX], &[]),
        ("log(sum_k exp(x_k + c)) = c + log(sum_k exp(x_k))", &[], &[]),
        ("sum_k w_k exp(x_k - c) = exp(-c) sum_k w_k exp(x_k)", &[], &[]),
    ];
    let mut failures = Vec::new();
    for (goal, defs, assumptions) in cases {
        match stepwise::prove_with(goal, &options(defs, assumptions)) {
            Ok(Outcome::Proven(d)) if d.verified => {}
            Ok(Outcome::Proven(_)) => failures.push(format!("{goal}: unverified")),
            Ok(other) => failures.push(format!("{goal}: {other:?}")),
            Err(e) => failures.push(format!("{goal}: {e}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn neighbours_of_the_log_linear_model_are_solved() {
    let cases = [
        // two classes, the bound written out
        (
            "log P_i = w_i x + b_i - log Z",
            "sum_{i=1}^{2} P_i = 1",
            "P_i = exp(w_i x + b_i) / (sum_{j=1}^{2} exp(w_j x + b_j))",
        ),
        // a temperature
        (
            "log P_i = x_i / T - log Z",
            "sum_i P_i = 1",
            "P_i = exp(x_i / T) / (sum_j exp(x_j / T))",
        ),
    ];
    for (premise, assumption, want) in cases {
        let d = stepwise::solve_with(
            &[premise.to_string()],
            "P_i",
            &["Z".to_string()],
            &options(&[], &[assumption]),
        )
        .unwrap_or_else(|e| panic!("{premise}: {e}"));
        assert!(d.verified, "{premise}\n{}", d.to_text());
        assert_eq!(stepwise::to_text(d.result()), want);
    }
}

/// The sheet's §6 goals as reviewed snapshots (text and LaTeX, the LaTeX holding
/// the case chains too); the LaTeX must render in KaTeX.
#[test]
fn section_6_snapshots() {
    let jacobian = "d/dx_i p_j = p_j (delta_ij - p_i)";
    let with_cases = Options {
        cases: Some("i=j".parse().unwrap()),
        ..options(&[SOFTMAX], &[])
    };
    let cross_entropy = Options {
        lemmas: vec![Lemma {
            name: "1".into(),
            equation: jacobian.into(),
        }],
        ..options(&[SOFTMAX, "H = -sum_j y_j log(p_j)"], &["sum_j y_j = 1"])
    };
    let log_linear = stepwise::solve_with(
        &["log P_i = w_i x + b_i - log Z".to_string()],
        "P_i",
        &["Z".to_string()],
        &options(&[], &["sum_i P_i = 1"]),
    )
    .unwrap();
    let derivations = [
        ("softmax_jacobian_cases", proven(jacobian, &with_cases)),
        (
            "softmax_jacobian_direct",
            proven(jacobian, &options(&[SOFTMAX], &[])),
        ),
        (
            "cross_entropy_gradient",
            proven("d/dx_i H = p_i - y_i", &cross_entropy),
        ),
        ("log_linear_softmax", log_linear),
    ];
    let mut latex = Vec::new();
    let mut documents = Vec::new();
    for (name, d) in derivations {
        assert!(d.verified, "{name}");
        let tex = d.to_latex();
        latex.push(tex.clone());
        documents.push((
            name,
            format!(
                "# {}\n\n```text\n{}```\n\n```latex\n{}\n```\n",
                d.statement,
                d.to_text(),
                tex.trim_end()
            ),
        ));
    }
    common::assert_katex_renders(&latex);
    common::snapshot_settings().bind(|| {
        for (name, doc) in documents {
            insta::assert_snapshot!(name, doc);
        }
    });
}
