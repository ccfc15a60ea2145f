//! `stepwise check` on the exercise sheet's own solutions (§5 and §6, the LaTeX as it
//! stands in the sheet, one chain a file in tests/data/sheet/), on small chains with
//! known faults, and through the command line.

mod common;

use std::process::Command;
use stepwise::check::{report, Checked, Verdict};
use stepwise::{check, CheckOptions};

fn sheet_options() -> CheckOptions {
    CheckOptions {
        definitions: vec![
            "p_j = exp(x_j) / sum_k exp(x_k)".into(),
            "H = -sum_j y_j log(p_j)".into(),
        ],
        assumptions: vec!["sum_j y_j = 1".into()],
        // A fixed seed, so the snapshots' points do not change from run to run.
        seed: Some(1),
        ..Default::default()
    }
}

fn sheet_chain(name: &str) -> Checked {
    let path = format!("{}/tests/data/sheet/{name}.tex", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("a sheet chain");
    check(&text, &sheet_options()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn snapshot(name: &str, checked: &Checked) {
    common::snapshot_settings().bind(|| {
        insta::assert_snapshot!(format!("check_{name}"), report::to_text(checked));
    });
}

/// The rules a verdict names, one by one: a derivative step's reason joins the rules
/// of its layer ("product rule, derivative of sin").
fn rules_of(v: &Verdict) -> Vec<String> {
    match v {
        Verdict::Follows { rules, .. } => rules
            .iter()
            .flat_map(|r| r.name().split(", ").map(str::to_string).collect::<Vec<_>>())
            .collect(),
        other => panic!("expected follows, found {other:?}"),
    }
}

const SHEET: [&str; 6] = [
    "5-i-tanh-derivative",
    "5-ii-tanh-as-sigmoid",
    "6-i-softmax-case-equal",
    "6-i-softmax-case-distinct",
    "6-i-softmax-combined",
    "6-ii-cross-entropy",
];

#[test]
fn the_sheets_solutions_each_get_a_verdict_per_step() {
    for name in SHEET {
        let checked = sheet_chain(name);
        assert_eq!(checked.chains.len(), 1, "{name}: one chain a file");
        snapshot(name, &checked);
    }
}

#[test]
fn tanh_derivative_follows_from_the_definition_and_the_quotient_rule() {
    let checked = sheet_chain("5-i-tanh-derivative");
    let steps = &checked.chains[0].steps;
    assert_eq!(steps.len(), 5);
    assert_eq!(rules_of(&steps[0].verdict), ["definition of tanh"]);
    assert_eq!(
        rules_of(&steps[1].verdict),
        ["quotient rule", "derivative of exp", "chain rule"]
    );
    assert_eq!(rules_of(&steps[2].verdict), ["split the fraction"]);
    assert!(rules_of(&steps[4].verdict).contains(&"definition of tanh".to_string()));
    assert_eq!(checked.exit_code(), 0);
}

#[test]
fn tanh_as_a_sigmoid_holds_with_several_steps_on_one_row() {
    let checked = sheet_chain("5-ii-tanh-as-sigmoid");
    let chain = &checked.chains[0];
    // Three rows, two `=` in each: six steps.
    assert_eq!(chain.steps.len(), 6);
    assert!(chain.steps.iter().all(|s| s.verdict.holds()));
    assert_eq!(rules_of(&chain.steps[5].verdict), ["definition of sigma"]);
}

#[test]
fn the_softmax_cases_are_read_from_the_text_before_each_chain() {
    let equal = sheet_chain("6-i-softmax-case-equal");
    assert_eq!(equal.chains[0].case.as_deref(), Some("i = j"));
    let first = rules_of(&equal.chains[0].steps[0].verdict);
    assert!(first.contains(&"quotient rule".to_string()), "{first:?}");
    assert!(first.contains(&"since i = j".to_string()), "{first:?}");
    // The note "derivative of a rational" names the quotient rule's idea.
    assert!(matches!(
        equal.chains[0].steps[0].verdict,
        Verdict::Follows {
            note_agrees: Some(true),
            ..
        }
    ));
    let distinct = sheet_chain("6-i-softmax-case-distinct");
    assert_eq!(distinct.chains[0].case.as_deref(), Some("i != j"));
    let first = rules_of(&distinct.chains[0].steps[0].verdict);
    assert!(first.contains(&"since i != j".to_string()), "{first:?}");
    for c in [&equal, &distinct] {
        assert_eq!(c.exit_code(), 0);
    }
    // Without its case, the first step of the i = j chain is wrong where i != j.
    let text = std::fs::read_to_string(format!(
        "{}/tests/data/sheet/6-i-softmax-case-equal.tex",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
    .replace("For  $i = j$  we have", "");
    let no_case = check(&text, &sheet_options()).unwrap();
    assert!(no_case.chains[0].steps[0].verdict.is_wrong());
}

#[test]
fn the_combined_jacobian_is_true_and_the_delta_is_explained() {
    let checked = sheet_chain("6-i-softmax-combined");
    let chain = &checked.chains[0];
    assert_eq!(chain.steps.len(), 1);
    assert!(chain.steps[0].verdict.holds());
    assert!(chain.remarks.iter().any(|r| r.contains("as the text says")));
}

#[test]
fn the_cross_entropy_chain_flags_its_loose_sum() {
    let checked = sheet_chain("6-ii-cross-entropy");
    let chain = &checked.chains[0];
    assert_eq!(chain.steps.len(), 8);
    // ∂/∂p_j is the chain rule in Leibniz's notation, and the checker says how it read it.
    assert!(chain.remarks.iter().any(|r| r.contains("Leibniz")));
    assert!(rules_of(&chain.steps[2].verdict).contains(&"chain rule".to_string()));
    // `- \sum_j y_j \delta_{ij} + y_j p_i`: j is bound by the sum and free after it.
    let loose = &chain.steps[5];
    assert!(loose.to.source.contains(r"\delta_{ij} + y_j p_i"));
    let Verdict::Ambiguous { readings } = &loose.verdict else {
        panic!(
            "expected the loose sum to be ambiguous: {:?}",
            loose.verdict
        )
    };
    assert_eq!(readings.len(), 3);
    assert!(readings[0].form.is_err(), "the usual reading is no formula");
    assert!(readings[1].verdict.as_ref().is_some_and(Verdict::is_wrong));
    assert!(readings[2].verdict.as_ref().is_some_and(Verdict::holds));
    // The last step uses the assumption.
    let last = rules_of(&chain.steps[7].verdict);
    assert!(
        last.contains(&"assumption `sum_j y_j = 1`".to_string()),
        "{last:?}"
    );
    // Ambiguous steps keep the exit code from 0, but no step is wrong under every reading.
    assert_eq!(chain.first_wrong_line(), None);
    assert_eq!(checked.exit_code(), 1);
}

#[test]
fn a_wrong_line_is_named_and_later_lines_are_still_checked() {
    let text = "d/dx x^2 sin(x)\n  = 2 x sin(x) + x^2 cos(x)    (product rule)\n  = 2 x sin(x) - x^2 cos(x)\n  = x (2 sin(x) - x cos(x))    (common factor)\n";
    let checked = check(text, &CheckOptions::default()).unwrap();
    let chain = &checked.chains[0];
    assert!(matches!(
        &chain.steps[0].verdict,
        Verdict::Follows {
            note_agrees: Some(true),
            ..
        }
    ));
    assert!(rules_of(&chain.steps[0].verdict).contains(&"product rule".to_string()));
    let Verdict::Wrong {
        point,
        before,
        after,
    } = &chain.steps[1].verdict
    else {
        panic!("{:?}", chain.steps[1].verdict)
    };
    assert!(point.iter().any(|(name, _)| name == "x"));
    assert!((before - after).abs() > 1e-6);
    assert_eq!(chain.first_wrong_line(), Some(3));
    // The line after the wrong one follows from it.
    assert!(
        chain.steps[2].verdict.holds(),
        "{:?}",
        chain.steps[2].verdict
    );
    assert_eq!(checked.exit_code(), 1);
}

#[test]
fn a_step_that_holds_on_part_of_the_domain_says_where() {
    let text = "sqrt(x^2)\n  = sqrt(x)^2\n  = x\n";
    let checked = check(text, &CheckOptions::default()).unwrap();
    let chain = &checked.chains[0];
    let conditions = |n: usize| -> Vec<String> {
        chain.steps[n]
            .conditions
            .iter()
            .map(ToString::to_string)
            .collect()
    };
    // sqrt(x^2) is |x|: the chain holds for x >= 0 and says so at each step.
    assert!(chain.steps.iter().all(|s| s.verdict.holds()));
    assert_eq!(conditions(0), ["x >= 0"]);
    assert_eq!(conditions(1), ["x >= 0"]);
    let text = report::to_text(&checked);
    assert!(text.contains("every step holds, for x >= 0"), "{text}");
    let latex = report::to_latex(&checked);
    assert!(latex.contains(r"\text{for } x \geq 0"), "{latex}");
    let json = report::to_json(&checked);
    assert_eq!(json["chains"][0]["steps"][1]["conditions"][0], "x >= 0");
    // A cancelled denominator states its zero; a step that holds everywhere, nothing.
    let checked = check("x / x\n  = 1\n", &CheckOptions::default()).unwrap();
    assert_eq!(
        checked.chains[0].steps[0].conditions[0].to_string(),
        "x != 0"
    );
    let checked = check("2 x + x\n  = 3 x\n", &CheckOptions::default()).unwrap();
    assert!(checked.chains[0].steps[0].conditions.is_empty());
}

#[test]
fn a_line_that_adds_one_beside_a_huge_shared_term_is_wrong() {
    // exp(exp(5)) is 2.85e64: the two lines agree to 10^-64 of their values.
    let text = "exp(exp(5)) + x\n  = exp(exp(5)) + x + 1\n";
    let checked = check(text, &CheckOptions::default()).unwrap();
    let step = &checked.chains[0].steps[0];
    assert!(
        matches!(step.verdict, Verdict::Wrong { .. }),
        "{:?}",
        step.verdict
    );
    assert_eq!(checked.exit_code(), 1);
    // Equal as f64 holds them, and the report says why they are still different.
    let text = report::to_text(&checked);
    assert!(text.contains("as far as f64 shows"), "{text}");
}

#[test]
fn unreadable_input_is_an_error_at_its_place() {
    let err = |text: &str| match check(text, &CheckOptions::default()) {
        Err(stepwise::Error::Input(e)) => e,
        other => panic!("{text}: {other:?}"),
    };
    let text = "Some prose.\n$$\\begin{aligned} a &= \\frac{1}{x \\\\ &= b \\end{aligned}$$\n";
    let e = err(text);
    assert_eq!(e.line_col(text).0, 2);
    let e = err("x^2\n  = tahn(x)\n");
    assert_eq!(e.line_col("x^2\n  = tahn(x)\n"), (2, 5));
    assert!(e.message.contains("unknown function"));
    // The caret stands under the unknown command's name.
    let text = "$$ \\foo{x} = 1 $$";
    assert_eq!(err(text).span.start, 4);
    assert!(err("no chain here").message.contains("without steps"));
    assert!(err("$$ x $$").message.contains("no chain"));
}

// ---------------------------------------------------------------- command line

fn stepwise(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_stepwise"))
        .args(args)
        // The points this test process draws, so its output and the library's agree.
        .env("STEPWISE_SEED", stepwise::run_seed().to_string())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run stepwise");
    (
        out.status.code().expect("an exit code"),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const SHEET_FLAGS: [&str; 6] = [
    "--let",
    "p_j = exp(x_j) / sum_k exp(x_k)",
    "--let",
    "H = -sum_j y_j log(p_j)",
    "--assume",
    "sum_j y_j = 1",
];

#[test]
fn exit_codes_follow_the_verdicts() {
    let file = "tests/data/sheet/5-i-tanh-derivative.tex";
    let (code, out, _) = stepwise(&["check", file]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("every step holds"));
    let dir = tempfile::tempdir().unwrap();
    let wrong = dir.path().join("wrong.txt");
    std::fs::write(&wrong, "tanh(x)\n  = 2 sigma(x) - 1\n").unwrap();
    let (code, out, _) = stepwise(&["check", wrong.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("the first wrong line is line 2"), "{out}");
    let bad = dir.path().join("bad.tex");
    std::fs::write(&bad, "Text.\n\n$$ x &= \\frac{1}{2 $$\n").unwrap();
    let (code, _, err) = stepwise(&["check", bad.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("bad.tex:3:"), "{err}");
    assert!(err.contains('^'), "{err}");
}

#[test]
fn json_has_one_record_per_step() {
    let mut args = vec![
        "check",
        "tests/data/sheet/6-ii-cross-entropy.tex",
        "--format",
        "json",
    ];
    args.extend(SHEET_FLAGS);
    let (code, out, err) = stepwise(&args);
    assert_eq!(code, 1, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let steps = json["chains"][0]["steps"].as_array().expect("steps");
    assert_eq!(steps.len(), 8);
    assert_eq!(steps[0]["verdict"], "follows");
    assert_eq!(steps[0]["rules"][0], "definition of `H`");
    assert_eq!(steps[0]["line"], 1);
    assert!(steps[0]["column"].as_u64().unwrap() > 1);
    assert_eq!(steps[5]["verdict"], "ambiguous");
    assert_eq!(steps[5]["readings"][1]["verdict"], "wrong");
    assert!(steps[5]["readings"][1]["point"].is_object());
    assert_eq!(json["holds"], false);
}

#[test]
fn latex_output_marks_each_step_and_renders() {
    let mut formulas = Vec::new();
    for name in SHEET {
        let mut args = vec![
            "check".to_string(),
            format!("tests/data/sheet/{name}.tex"),
            "--format".into(),
            "latex".into(),
        ];
        args.extend(SHEET_FLAGS.iter().map(|s| s.to_string()));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (_, out, err) = stepwise(&args);
        assert!(out.contains(r"\begin{aligned}"), "{name}: {err}");
        for block in out.split(r"\begin{aligned}").skip(1) {
            let body = block.split(r"\end{aligned}").next().unwrap();
            formulas.push(format!("\\begin{{aligned}}{body}\\end{{aligned}}"));
        }
        if name == "6-ii-cross-entropy" {
            assert!(out.contains(r"\checkmark"));
            assert!(out.contains("ambiguous"));
        }
    }
    let (_, wrong, _) = {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("w.txt");
        std::fs::write(&f, "x_i^2\n  = 2 x_i\n").unwrap();
        stepwise(&["check", f.to_str().unwrap(), "--format", "latex"])
    };
    assert!(wrong.contains(r"\boldsymbol{\times}"), "{wrong}");
    formulas.push(wrong.trim().to_string());
    common::assert_katex_renders(&formulas);
}

// ---------------------------------------------------------------- sheets

#[test]
fn a_sheet_checks_a_chain_with_its_definitions() {
    let src = "let p_j = exp(x_j) / sum_k exp(x_k)\ncheck log(p_j) = log(exp(x_j)) - log(sum_k exp(x_k)) = x_j - log(sum_k exp(x_k))\ncheck tanh(x) = 2 sigma(x) - 1\n";
    let entries = stepwise::sheet::run(src).expect("the sheet runs");
    let text = stepwise::sheet::to_text(&entries);
    assert!(text.contains("(1) check log(p_j)"), "{text}");
    assert!(text.contains("follows: definition of `p_j`"), "{text}");
    assert!(text.contains("the first wrong line is line 1"), "{text}");
    let latex = stepwise::sheet::to_latex(&entries, &Default::default());
    let displays: Vec<String> = latex
        .split("\\[")
        .skip(1)
        .map(|d| d.split("\\]").next().unwrap().to_string())
        .collect();
    assert_eq!(displays.len(), 2);
    common::assert_katex_renders(&displays);
    let json = stepwise::sheet::to_json(&entries);
    assert_eq!(json["items"][0]["kind"], "check");
    assert_eq!(json["items"][1]["holds"], false);
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("s.sw");
    std::fs::write(&f, src).unwrap();
    let (code, out, _) = stepwise(&["run", f.to_str().unwrap(), "--format", "text"]);
    assert_eq!(code, 1, "a check that does not hold sets the exit code");
    assert_eq!(out, text);
}
