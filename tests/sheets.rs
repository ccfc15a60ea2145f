//! Sheets: files of definitions, assumptions and goals, run in order into one
//! document. Parsing, running, errors placed in the file, all-or-nothing output, lemma
//! numbering and citing, the built-in example, and the LaTeX of a whole sheet.

mod common;

use std::process::Command;
use stepwise::sheet::{self, Ask, Body, Entry, Goal, Kind, SheetError};

// ---------------------------------------------------------------- helpers

/// What one run of the binary produced.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn stepwise(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_stepwise"))
        .args(args)
        .output()
        .expect("the binary runs");
    Run {
        code: out.status.code().expect("an exit code"),
        stdout: String::from_utf8(out.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8 stderr"),
    }
}

/// Write `src` to `NAME.sw` in a fresh directory and run `stepwise run` on it.
fn run_file(name: &str, src: &str, extra: &[&str]) -> (Run, String) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join(format!("{name}.sw"));
    std::fs::write(&path, src).expect("write the sheet");
    let path = path.display().to_string();
    let mut args = vec!["run", path.as_str()];
    args.extend_from_slice(extra);
    (stepwise(&args), path)
}

fn goals(entries: &[Entry]) -> Vec<&Goal> {
    entries
        .iter()
        .filter_map(|e| match e {
            Entry::Goal(g) => Some(g),
            Entry::Setup(_) => None,
        })
        .collect()
}

fn run_ok(src: &str) -> Vec<Entry> {
    sheet::run(src).unwrap_or_else(|e| panic!("the sheet fails: {e:?}"))
}

/// Every rule name in a goal's derivation, cases included.
fn rules(g: &Goal) -> Vec<String> {
    fn walk(steps: &[stepwise::Step], out: &mut Vec<String>) {
        for s in steps {
            out.extend(s.rule_name());
            for c in &s.cases {
                walk(&c.steps, out);
            }
        }
    }
    let mut out = Vec::new();
    if let Body::Derivation(d) = &g.body {
        walk(&d.steps, &mut out);
    }
    out
}

/// The math of a LaTeX sheet, one formula per `$...$`, `\[...\]` and `gather*`, for
/// KaTeX (which renders formulas, not documents).
fn math_parts(latex: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = latex;
    loop {
        let next = [
            rest.find("\\[").map(|i| (i, "\\[", "\\]")),
            rest.find("\\begin{gather*}")
                .map(|i| (i, "\\begin{gather*}", "\\end{gather*}")),
            rest.find('$').map(|i| (i, "$", "$")),
        ]
        .into_iter()
        .flatten()
        .min_by_key(|(i, ..)| *i);
        let Some((i, open, close)) = next else { break };
        let body = &rest[i + open.len()..];
        let end = body.find(close).expect("math is closed");
        let formula = &body[..end];
        out.push(if open == "\\begin{gather*}" {
            format!("\\begin{{gathered}}{formula}\\end{{gathered}}")
        } else {
            formula.trim().to_string()
        });
        rest = &body[end + close.len()..];
    }
    out
}

const SMALL: &str = "\
# A small sheet
let softplus(x) = log(1 + exp(x))
derive softplus(x) wrt x
show tanh(x) = 2 sigma(2x) - 1   # a synonym of prove
conv input [[1, 2], [3, 4]] kernel [[1], [-1]]
";

// ---------------------------------------------------------------- parsing

#[test]
fn statements_skip_comments_and_blank_lines_and_keep_their_lines() {
    let src = "# heading\n\nlet p_j = exp(x_j) / sum_k exp(x_k)   # softmax\n  assume sum_j y_j = 1\nderive tanh(x) wrt x\n";
    let st = sheet::parse_sheet(src).unwrap();
    assert_eq!(st.len(), 3);
    assert_eq!(st.iter().map(|s| s.line).collect::<Vec<_>>(), vec![3, 4, 5]);
    let Kind::Let(def) = &st[0].kind else {
        panic!("{:?}", st[0].kind)
    };
    assert_eq!(def.text, "p_j = exp(x_j) / sum_k exp(x_k)");
    assert_eq!(&src[def.offset..def.offset + def.text.len()], def.text);
    let Kind::Assume(fact) = &st[1].kind else {
        panic!("{:?}", st[1].kind)
    };
    assert_eq!(
        &src[fact.offset..fact.offset + 16],
        "sum_j y_j = 1\nde"[..16].to_string()
    );
    let Kind::Derive { expr, wrt } = &st[2].kind else {
        panic!("{:?}", st[2].kind)
    };
    assert_eq!(expr.text, "tanh(x)");
    assert_eq!(wrt.as_ref().unwrap().text, "x");
}

#[test]
fn a_goal_has_an_optional_label_and_cases_clause() {
    let st = sheet::parse_sheet(
        "prove (softmax) d/dx_i p_j = p_j (delta_ij - p_i) cases i = j\nshow d/dx x^2 = 2x\n",
    )
    .unwrap();
    let Kind::Prove {
        label,
        equation,
        cases,
    } = &st[0].kind
    else {
        panic!("{:?}", st[0].kind)
    };
    assert_eq!(label.as_ref().unwrap().text, "softmax");
    assert_eq!(equation.text, "d/dx_i p_j = p_j (delta_ij - p_i)");
    assert_eq!(cases.as_ref().unwrap().text, "i = j");
    let Kind::Prove { label, cases, .. } = &st[1].kind else {
        panic!("{:?}", st[1].kind)
    };
    assert!(label.is_none() && cases.is_none());
}

#[test]
fn a_bracket_that_starts_the_mathematics_is_not_a_label() {
    for src in [
        "prove (x + 1)^2 = x^2 + 2x + 1",
        "prove (x) (x + 1) = x^2 + x",
        "prove (2) x = 2x",
    ] {
        let st = sheet::parse_sheet(src).unwrap();
        let Kind::Prove {
            label, equation, ..
        } = &st[0].kind
        else {
            panic!("{src}")
        };
        assert!(label.is_none(), "{src}");
        assert_eq!(equation.text, &src["prove ".len()..], "{src}");
    }
}

#[test]
fn solve_and_conv_statements() {
    let st = sheet::parse_sheet(
        "solve P_i eliminating Z\nconv input [[4, -2, 1], [3, 8, 5]] kernel 3x1 padding 1,0 matrix order column\n",
    )
    .unwrap();
    let Kind::Solve { target, eliminate } = &st[0].kind else {
        panic!("{:?}", st[0].kind)
    };
    assert_eq!(target.text, "P_i");
    assert_eq!(
        eliminate
            .iter()
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>(),
        ["Z"]
    );
    let Kind::Conv { args, .. } = &st[1].kind else {
        panic!("{:?}", st[1].kind)
    };
    assert_eq!(args.input, "[[4, -2, 1], [3, 8, 5]]");
    assert_eq!(args.kernel, "3x1");
    assert_eq!(args.padding, (1, 0));
    assert!(args.matrix);
    assert_eq!(args.order, stepwise::conv::VecOrder::Column);
}

// ---------------------------------------------------------------- running

#[test]
fn goals_are_numbered_in_order_and_setups_apply_to_later_goals() {
    let entries = run_ok(SMALL);
    let goals = goals(&entries);
    assert_eq!(
        goals.iter().map(|g| g.tag.as_str()).collect::<Vec<_>>(),
        ["1", "2", "3"]
    );
    assert_eq!(goals.iter().map(|g| g.line).collect::<Vec<_>>(), [3, 4, 5]);
    assert!(matches!(goals[0].ask, Ask::Derive(_)));
    assert!(matches!(goals[1].ask, Ask::Prove { cases: None, .. }));
    assert!(matches!(goals[2].body, Body::Conv(_)));
    // The definition of softplus is used by the derive after it.
    assert!(rules(goals[0])
        .iter()
        .any(|r| r == "definition of softplus"));
}

#[test]
fn conditions_and_one_hot_vectors_are_assumptions_a_sheet_states() {
    let src = "assume x > 0\nassume y one-hot\nprove log(x^2) = 2 log(x)\n";
    let entries = run_ok(src);
    let goals = goals(&entries);
    // Assumed, x > 0 is no condition the proof must state.
    match &goals[0].body {
        Body::Derivation(d) => assert!(d.verified && d.conditions.is_empty(), "{d}"),
        other => panic!("{other:?}"),
    }
    let text = sheet::to_text(&entries);
    assert!(
        text.starts_with("assume x > 0\nassume y one-hot\n"),
        "{text}"
    );
    let latex = sheet::to_latex(&entries, &Default::default());
    assert!(latex.contains(r"Assume $x > 0$."), "{latex}");
    assert!(latex.contains(r"Assume $y \text{ one-hot}$."), "{latex}");
    common::assert_katex_renders(&math_parts(&latex));
}

#[test]
fn a_definition_does_not_reach_back_to_goals_before_it() {
    let Err(SheetError::Input(e)) =
        sheet::run("derive softplus(x) wrt x\nlet softplus(x) = log(1 + exp(x))\n")
    else {
        panic!("softplus is unknown before its definition")
    };
    assert_eq!(e.span.start, "derive ".len());
}

#[test]
fn a_label_names_the_goal_and_numbers_continue_past_it() {
    let entries =
        run_ok("prove (tanh-prime) d/dx tanh(x) = 1 - tanh(x)^2\nshow tanh(x) = 2 sigma(2x) - 1\n");
    let tags: Vec<&str> = goals(&entries).iter().map(|g| g.tag.as_str()).collect();
    assert_eq!(tags, ["tanh-prime", "2"]);
}

#[test]
fn a_label_cannot_be_used_twice() {
    let src = "prove (t) d/dx x^2 = 2x\nprove (t) d/dx x^3 = 3x^2\n";
    let src = src.replace("(t)", "(tt)");
    let Err(SheetError::Input(e)) = sheet::run(&src) else {
        panic!("a duplicate label is an error")
    };
    assert!(e.message.contains("already taken"), "{}", e.message);
    let (line, col) = e.line_col(&src);
    assert_eq!((line, col), (2, 8));
}

#[test]
fn a_case_distinction_is_proven_per_case_and_combined() {
    let entries = run_ok(
        "let p_j = exp(x_j) / sum_k exp(x_k)\nprove d/dx_i p_j = p_j (delta_ij - p_i) cases i = j\n",
    );
    let g = goals(&entries)[0];
    let Body::Derivation(d) = &g.body else {
        panic!("a derivation")
    };
    assert!(d.verified);
    let with_cases: Vec<_> = d.steps.iter().filter(|s| !s.cases.is_empty()).collect();
    assert_eq!(with_cases.len(), 1);
    let conditions: Vec<String> = with_cases[0].cases.iter().map(|c| c.condition()).collect();
    assert_eq!(conditions, ["i = j", "i != j"]);
    let results: Vec<String> = with_cases[0]
        .cases
        .iter()
        .map(|c| stepwise::to_text(&c.steps.last().unwrap().expr))
        .collect();
    assert_eq!(results, ["p_j (1 - p_i)", "p_j (0 - p_i)"]);
}

#[test]
fn a_sheet_may_prove_one_equation_twice_without_citing_itself() {
    let entries = run_ok(
        "let p_j = exp(x_j) / sum_k exp(x_k)\n\
         prove (cases) d/dx_i p_j = p_j (delta_ij - p_i) cases i = j\n\
         prove (direct) d/dx_i p_j = p_j (delta_ij - p_i)\n",
    );
    let direct = goals(&entries)[1];
    assert!(
        !rules(direct).iter().any(|r| r.starts_with("by (")),
        "{:?}",
        rules(direct)
    );
}

#[test]
fn a_later_goal_cites_a_lemma_by_its_label() {
    let entries = run_ok(
        "let p_j = exp(x_j) / sum_k exp(x_k)\n\
         prove (softmax) d/dx_i p_j = p_j (delta_ij - p_i)\n\
         derive log(p_j) wrt x_i\n",
    );
    assert!(rules(goals(&entries)[1])
        .iter()
        .any(|r| r == "by (softmax)"));
}

#[test]
fn a_later_goal_cites_a_lemma_by_its_number() {
    let entries = run_ok(
        "let p_j = exp(x_j) / sum_k exp(x_k)\n\
         let H = -sum_j y_j log(p_j)\n\
         prove d/dx_i p_j = p_j (delta_ij - p_i)\n\
         assume sum_j y_j = 1\n\
         prove d/dx_i H = p_i - y_i\n",
    );
    let goals = goals(&entries);
    assert_eq!(goals[1].tag, "2");
    assert!(
        rules(goals[1]).iter().any(|r| r == "by (1)"),
        "{:?}",
        rules(goals[1])
    );
}

#[test]
fn solve_derives_a_target_from_the_givens() {
    let entries = run_ok(
        "given log P_i = w_i x + b_i - log Z\nassume sum_i P_i = 1\nsolve P_i eliminating Z\n",
    );
    let Body::Derivation(d) = &goals(&entries)[0].body else {
        panic!("a derivation")
    };
    assert!(d.verified);
    assert_eq!(
        stepwise::to_text(d.result()),
        "P_i = exp(w_i x + b_i) / (sum_j exp(w_j x + b_j))"
    );
}

// ---------------------------------------------------------------- errors

/// Run a bad sheet from a file; the message names the file, line and column, and puts a
/// caret under the place.
fn assert_error(src: &str, code: i32, line: usize, col: usize, caret: &str, fragment: &str) {
    let (run, path) = run_file("bad", src, &["--format", "text"]);
    assert_eq!(run.code, code, "{}", run.stderr);
    assert_eq!(run.stdout, "", "nothing is printed for a failing sheet");
    assert!(
        run.stderr.contains(&format!("{path}:{line}:{col}")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(fragment), "{}", run.stderr);
    let source_line = src.lines().nth(line - 1).unwrap();
    let expected = format!(
        "{line} | {source_line}\n{} | {}{caret}",
        " ".repeat(line.to_string().len()),
        " ".repeat(col - 1)
    );
    assert!(
        run.stderr.contains(&expected),
        "{}\nwanted:\n{expected}",
        run.stderr
    );
}

#[test]
fn an_unknown_statement_is_placed_on_its_keyword() {
    assert_error(
        "derive x^2 wrt x\n  frobnicate x^2\n",
        2,
        2,
        3,
        "^^^^^^^^^^",
        "unknown statement `frobnicate`",
    );
}

#[test]
fn a_syntax_error_is_placed_inside_the_expression() {
    assert_error(
        "# tanh\nprove d/dx tanh(x) = 1 - tahn(x)^2\n",
        2,
        2,
        26,
        "^^^^",
        "unknown function `tahn`",
    );
}

#[test]
fn an_unknown_wrt_is_placed_on_the_variable() {
    assert_error(
        "derive x^2 sin(x) wrt y\n",
        2,
        1,
        23,
        "^",
        "does not depend on `y`",
    );
    assert_error("derive x^2 wrt 2x\n", 2, 1, 16, "^^", "not a variable");
}

#[test]
fn a_definition_that_refers_to_itself_is_placed_on_its_body() {
    assert_error(
        "let p_j = exp(x_j)\nlet f(x) = 1 + f(x)\n",
        2,
        2,
        12,
        "^^^^^^^^",
        "cannot refer to itself",
    );
}

#[test]
fn contradicting_assumptions_are_placed_on_the_second() {
    assert_error(
        "assume sum_j y_j = 1\nassume sum_j y_j = 2\n",
        2,
        2,
        8,
        "^^^^^^^^^^^^^",
        "contradicts",
    );
}

#[test]
fn a_false_goal_names_its_line_and_prints_nothing() {
    let src = "derive x^2 wrt x\nprove (wrong) d/dx x^3 = 2x^2\nderive x^4 wrt x\n";
    assert_error(src, 1, 2, 15, "^^^^^^^^^^^^^^^", "goal (wrong) is false");
}

#[test]
fn an_unprovable_goal_reports_the_forms_reached() {
    let (run, path) = run_file(
        "hard",
        "show d/dx x^2 = 2x\nshow sin(2x) = 2 sin(x) cos(x)\n",
        &[],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains(&format!("{path}:2:6")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("goal (2)"), "{}", run.stderr);
    assert!(run.stderr.contains("left side reached"), "{}", run.stderr);
}

#[test]
fn a_bad_matrix_in_conv_is_placed_in_the_matrix() {
    assert_error(
        "conv input [[1, 2], [3, ]] kernel [[1]]\n",
        2,
        1,
        25,
        "^",
        "expected",
    );
}

/// A convolution's options in a sheet are words, so its messages use those words
/// and place a bad shape on the shape.
#[test]
fn a_bad_shape_in_conv_is_placed_on_the_shape() {
    assert_error(
        "conv input 2x2 kernel 0x3\n",
        2,
        1,
        23,
        "^^^",
        "the shape 0x3 is an empty matrix",
    );
    let err = sheet::run("conv input 2x2 kernel 1x1 order column\n").unwrap_err();
    let message = err.to_string();
    assert!(
        message.starts_with("`order` and `unpadded` apply only with `matrix`"),
        "{message}"
    );
    assert!(!message.contains("--"), "{message}");
}

#[test]
fn a_missing_file_or_example_is_a_usage_error() {
    let run = stepwise(&["run", "/nonexistent/sheet.sw"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("cannot read"), "{}", run.stderr);
    let run = stepwise(&["run", "--example", "no-such-sheet"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("ml-classwork"), "{}", run.stderr);
}

// ---------------------------------------------------------------- output

#[test]
fn json_has_one_item_per_goal_in_the_core_contract() {
    let (run, _) = run_file("small", SMALL, &["--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    for item in items {
        for key in ["statement", "steps", "result", "verified"] {
            assert!(item.get(key).is_some(), "{key} in {item}");
        }
        assert_eq!(item["verified"], true);
        for step in item["steps"].as_array().unwrap() {
            assert!(step.get("cases").is_none(), "no cases key without cases");
        }
    }
    assert_eq!(items[0]["goal"], "1");
    assert_eq!(items[2]["kind"], "conv");
    assert!(items[2].get("matrix").is_some());
}

#[test]
fn json_carries_a_case_distinction_in_its_step() {
    let (run, _) = run_file(
        "cases",
        "let p_j = exp(x_j) / sum_k exp(x_k)\nprove d/dx_i p_j = p_j (delta_ij - p_i) cases i = j\n",
        &["--format", "json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let steps = v["items"][0]["steps"].as_array().unwrap();
    let with_cases: Vec<_> = steps.iter().filter(|s| s.get("cases").is_some()).collect();
    assert_eq!(with_cases.len(), 1);
    let cases = with_cases[0]["cases"].as_array().unwrap();
    assert_eq!(cases[0]["condition"], "i = j");
    assert_eq!(cases[1]["condition"], "i != j");
    assert_eq!(
        cases[1]["steps"].as_array().unwrap().last().unwrap()["expr"],
        "p_j (0 - p_i)"
    );
}

#[test]
fn the_latex_of_a_sheet_renders_and_compiles() {
    let src = format!(
        "{SMALL}let p_j = exp(x_j) / sum_k exp(x_k)\nprove (softmax) d/dx_i p_j = p_j (delta_ij - p_i) cases i = j\n"
    );
    let (run, _) = run_file("latex", &src, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains("\\documentclass"));
    assert_eq!(run.stdout.matches("\\paragraph{").count(), 4);
    // Each case is shown once, inside the proof's one `aligned` chain.
    assert_eq!(
        run.stdout.matches("\\text{case } i = j\\text{:}").count(),
        1
    );
    assert_eq!(
        run.stdout
            .matches("\\text{case } i \\neq j\\text{:}")
            .count(),
        1
    );
    let parts = math_parts(&run.stdout);
    // Two setups, three headings with math and one case condition, four bodies.
    assert_eq!(parts.len(), 10, "{parts:?}");
    common::assert_katex_renders(&parts);

    let (run, _) = run_file("standalone", &src, &["--standalone", "--width", "60"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.matches("\\documentclass").count(), 1);
    assert_eq!(run.stdout.matches("\\begin{document}").count(), 1);
    common::assert_pdflatex_compiles(&run.stdout);
}

#[test]
fn the_text_of_a_small_sheet() {
    let entries = run_ok(SMALL);
    for g in goals(&entries) {
        match &g.body {
            Body::Derivation(d) => assert!(d.verified, "({})", g.tag),
            Body::Conv(c) => assert!(c.verified, "({})", g.tag),
            Body::Check(c) => assert_eq!(c.exit_code(), 0, "({})", g.tag),
        }
    }
    let latex = sheet::to_latex(&entries, &Default::default());
    common::assert_katex_renders(&math_parts(&latex));
    let text = sheet::to_text(&entries);
    let (run, _) = run_file("small", SMALL, &["--format", "text"]);
    assert_eq!(
        run.stdout, text,
        "the command line prints what the library renders"
    );
    let body = format!("# sheet\n\n```text\n{SMALL}```\n\n## text\n\n```text\n{text}```\n");
    common::snapshot_settings().bind(|| insta::assert_snapshot!("sheet_small_text", body));
}

// ---------------------------------------------------------------- the built-in example

#[test]
fn examples_lists_ml_classwork() {
    let run = stepwise(&["examples"]);
    assert_eq!(run.code, 0);
    let line = run
        .stdout
        .lines()
        .find(|l| l.starts_with("ml-classwork"))
        .expect("ml-classwork is listed");
    assert!(line.len() > "ml-classwork".len() + 10, "{line}");
}

#[test]
fn ml_classwork_parses_and_states_only_goals() {
    let src = sheet::example("ml-classwork").unwrap().source;
    assert_eq!(
        src,
        std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/ml-classwork.sw"
        ))
        .unwrap()
    );
    let st = sheet::parse_sheet(src).unwrap();
    let goals = st.iter().filter(|s| s.kind.is_goal()).count();
    assert_eq!(goals, 9);
}

#[test]
fn ml_classwork_runs_to_one_json_item_per_goal() {
    let run = stepwise(&["run", "--example", "ml-classwork", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let items = v["items"].as_array().unwrap();
    let kinds: Vec<&str> = items.iter().map(|i| i["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        ["prove", "prove", "prove", "prove", "prove", "solve", "conv", "conv", "conv"]
    );
    assert!(items.iter().all(|i| i["verified"] == true));
    let cross_entropy = items.iter().find(|i| i["goal"] == "cross-entropy").unwrap();
    let rules: Vec<&str> = cross_entropy["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["rule"].as_str())
        .collect();
    // Either proof of the Jacobian may be cited; both are the same lemma.
    assert!(
        rules.iter().any(|r| r.starts_with("by (softmax")),
        "{rules:?}"
    );
    let run = stepwise(&["run", "--example", "ml-classwork"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    common::assert_katex_renders(&math_parts(&run.stdout));
    let run = stepwise(&["run", "--example", "ml-classwork", "--standalone"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    common::assert_pdflatex_compiles(&run.stdout);
}

/// Every built-in example runs, every goal verified, its LaTeX renders and its
/// document compiles; the activations sheet's text is a reviewed snapshot.
#[test]
fn every_built_in_example_runs_verified() {
    for example in stepwise::sheet::EXAMPLES {
        let run = stepwise(&["run", "--example", example.name, "--format", "json"]);
        assert_eq!(run.code, 0, "{}: {}", example.name, run.stderr);
        let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        let items = v["items"].as_array().unwrap();
        assert!(!items.is_empty(), "{}", example.name);
        assert!(
            items.iter().all(|i| i["verified"] == true),
            "{}: an unverified goal",
            example.name
        );
        let latex = stepwise(&["run", "--example", example.name]);
        common::assert_katex_renders(&math_parts(&latex.stdout));
        let document = stepwise(&["run", "--example", example.name, "--standalone"]);
        common::assert_pdflatex_compiles(&document.stdout);
    }
    let text = stepwise(&["run", "--example", "activations", "--format", "text"]);
    common::snapshot_settings()
        .bind(|| insta::assert_snapshot!("example_activations_text", text.stdout));
}
