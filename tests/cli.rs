//! The command line as a user meets it: the built binary, run with real arguments.
//! Exit codes: 0 done, 1 not proven or not solved, 2 bad input or usage, 3 engine
//! error, 4 the output could not be written; a panic (101) is always a bug.

mod common;

use common::{run_with_timeout, short, Run};
use std::time::Duration;

fn run(args: &[&str]) -> Run {
    run_with_timeout(args, Duration::from_secs(30))
}

fn assert_ok(args: &[&str]) -> Run {
    let r = run(args);
    assert_eq!(r.code, 0, "stepwise {args:?} failed: {r:#?}");
    assert!(
        !r.stdout.trim().is_empty(),
        "stepwise {args:?} printed nothing"
    );
    r
}

// ---------------------------------------------------------------- the README commands

const README: &[&[&str]] = &[
    &["prove", "d/dx tanh(x) = 1 - tanh(x)^2"],
    &["derive", "tanh(x)", "--wrt", "x"],
    &["prove", "tanh(x) = 2 sigma(2x) - 1"],
    &[
        "derive",
        "x^3 sin(2x) / (1 + exp(-x))",
        "--wrt",
        "x",
        "--format",
        "json",
    ],
];

#[test]
fn readme_commands_succeed() {
    for args in README {
        let r = assert_ok(args);
        assert!(r.stderr.is_empty(), "{args:?} warned: {}", r.stderr);
    }
}

#[test]
fn latex_is_the_default_format() {
    let r = assert_ok(&["prove", "d/dx tanh(x) = 1 - tanh(x)^2"]);
    assert!(r.stdout.starts_with(r"\begin{aligned}"), "{}", r.stdout);
    assert!(
        r.stdout.trim_end().ends_with(r"\end{aligned}"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains(r"\text{(quotient rule, derivative of exp, chain rule)}"),
        "{}",
        r.stdout
    );
    // The LaTeX the CLI prints renders, for a proof, a case distinction and a solve.
    let cases = assert_ok(&[
        "prove",
        "d/dx_i p_j = p_j (delta_ij - p_i)",
        "--let",
        "p_j = exp(x_j) / sum_k exp(x_k)",
        "--cases",
        "i=j",
    ]);
    let solve = assert_ok(&[
        "solve",
        "P_i",
        "--given",
        "log P_i = w_i x + b_i - log Z",
        "--assume",
        "sum_i P_i = 1",
        "--eliminate",
        "Z",
    ]);
    common::assert_katex_renders(&[r.stdout, cases.stdout, solve.stdout]);
}

#[test]
fn standalone_latex_is_a_whole_document() {
    let r = assert_ok(&["derive", "sigma(x)", "--standalone", "--width", "40"]);
    assert!(r.stdout.starts_with(r"\documentclass"), "{}", r.stdout);
    assert!(r.stdout.contains(r"\usepackage{amsmath}"));
    assert!(r.stdout.trim_end().ends_with(r"\end{document}"));
    common::assert_pdflatex_compiles(&r.stdout);
}

// ---------------------------------------------------------------- JSON contract

/// The JSON contract: exactly `statement`, `steps` (`expr`, `rule`, `latex`, `check`),
/// `result`, `verified`, `conditions`; only the first step has a null rule and a null
/// check; every later step of a verified derivation was checked exactly or at some
/// points; the result is the last step.
fn check_json(args: &[&str]) -> serde_json::Value {
    let r = assert_ok(args);
    let v: serde_json::Value = serde_json::from_str(&r.stdout)
        .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {}", r.stdout));
    let obj = v.as_object().expect("a JSON object");
    let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        ["conditions", "result", "statement", "steps", "verified"],
        "{args:?}"
    );
    assert!(v["statement"].is_string());
    assert_eq!(v["verified"], serde_json::Value::Bool(true), "{args:?}");
    let steps = v["steps"].as_array().expect("steps is an array");
    assert!(steps.len() >= 2, "{args:?}: {} steps", steps.len());
    for (i, step) in steps.iter().enumerate() {
        let step = step.as_object().expect("a step is an object");
        let mut keys: Vec<&str> = step.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            ["check", "expr", "latex", "rule"],
            "{args:?} step {i}"
        );
        assert!(step["expr"].is_string() && step["latex"].is_string());
        if i == 0 {
            assert!(
                step["rule"].is_null() && step["check"].is_null(),
                "{args:?}: the first step has a rule or a check"
            );
        } else {
            assert!(
                step["rule"].as_str().is_some_and(|r| !r.is_empty()),
                "{args:?}: step {i} has no rule"
            );
            let check = &step["check"];
            let decided = match check["kind"].as_str() {
                Some("exact") => check.as_object().is_some_and(|c| c.len() == 1),
                Some("numeric") => check["points"].as_u64().is_some_and(|n| n >= 3),
                _ => false,
            };
            assert!(decided, "{args:?}: step {i} has the check {check}");
        }
    }
    assert_eq!(v["result"], steps.last().unwrap()["expr"], "{args:?}");
    v
}

#[test]
fn json_follows_the_contract() {
    let v = check_json(README[3]);
    assert_eq!(
        v["steps"][1]["rule"],
        "quotient rule, chain rule, derivative of exp"
    );
    let v = check_json(&["prove", "d/dx tanh(x) = 1 - tanh(x)^2", "--format", "json"]);
    assert_eq!(v["result"], "1 - tanh(x)^2");
    assert_eq!(v["steps"][0]["expr"], "d/dx tanh(x)");
    let v = check_json(&["derive", "tanh(x)", "--wrt", "x", "--format", "json"]);
    assert_eq!(v["result"], "1 - tanh(x)^2");
    check_json(&["prove", "tanh(x) = 2 sigma(2x) - 1", "--format", "json"]);
}

// ---------------------------------------------------------------- text format

/// The expression on a text line `  = EXPR    (rule)` (or the first line, `EXPR`).
fn expr_of_text_line(line: &str) -> &str {
    let line = line.strip_prefix("  = ").unwrap_or(line);
    match line.rfind("    (") {
        Some(at) => &line[..at],
        None => line,
    }
}

#[test]
fn text_ends_in_the_result() {
    for (args, result) in [
        (
            &["derive", "tanh(x)", "--wrt", "x", "--format", "text"][..],
            "1 - tanh(x)^2",
        ),
        (
            &["prove", "d/dx tanh(x) = 1 - tanh(x)^2", "--format", "text"][..],
            "1 - tanh(x)^2",
        ),
        (
            &["prove", "tanh(x) = 2 sigma(2x) - 1", "--format", "text"][..],
            "2 sigma(2 x) - 1",
        ),
    ] {
        let r = assert_ok(args);
        let last = r.stdout.lines().last().expect("a line");
        assert_eq!(expr_of_text_line(last), result, "{args:?}:\n{}", r.stdout);
    }
    // The quotient example: the text result agrees with the library's.
    let d = stepwise::derive("x^3 sin(2x) / (1 + exp(-x))", "x").unwrap();
    let r = assert_ok(&[
        "derive",
        "x^3 sin(2x) / (1 + exp(-x))",
        "--wrt",
        "x",
        "--format",
        "text",
    ]);
    let last = r.stdout.lines().last().unwrap();
    assert_eq!(expr_of_text_line(last), stepwise::to_text(d.result()));
    assert_eq!(r.stdout.lines().count(), d.steps.len());
}

#[test]
fn derive_without_wrt_uses_the_only_variable() {
    let r = assert_ok(&["derive", "sigma(x)", "--format", "text"]);
    let w = assert_ok(&["derive", "sigma(x)", "--wrt", "x", "--format", "text"]);
    assert_eq!(r.stdout, w.stdout);
}

/// A derivative by a symbol the expression does not contain is 0, as it should be,
/// but it is almost always a misspelt name (`x_1` is entry 1 of `x`, `x1` one symbol
/// of its own): the result stands, exit 0, and stderr says so, naming the symbols
/// that do occur.
#[test]
fn a_variable_that_does_not_occur_is_warned_about() {
    let r = assert_ok(&["derive", "x1^2 + 3 x1", "--wrt", "x_1", "--format", "text"]);
    assert_eq!(
        r.stdout.lines().last().map(expr_of_text_line),
        Some("0"),
        "{r:#?}"
    );
    assert!(r.stderr.starts_with("warning:"), "{r:#?}");
    assert!(r.stderr.contains("`x_1`"), "{r:#?}");
    assert!(r.stderr.contains("`x1`"), "the symbols that occur: {r:#?}");

    // The same inside a proof: `d/dy` of an expression in `x`.
    let p = assert_ok(&["prove", "d/dy x^2 = 0", "--format", "text"]);
    assert!(p.stderr.starts_with("warning:"), "{p:#?}");
    assert!(
        p.stderr.contains("`y`") && p.stderr.contains("`x`"),
        "{p:#?}"
    );

    // A variable reached through a definition occurs: no warning.
    let defined = assert_ok(&[
        "derive",
        "p_j",
        "--wrt",
        "x_i",
        "--let",
        "p_j = exp(x_j) / sum_k exp(x_k)",
    ]);
    assert!(defined.stderr.is_empty(), "{defined:#?}");
    let named = assert_ok(&["derive", "x1^2", "--wrt", "x1"]);
    assert!(named.stderr.is_empty(), "{named:#?}");
}

// ---------------------------------------------------------------- bad input

/// Exit 2, nothing on stdout, an `error:` on stderr.
fn assert_usage_error(args: &[&str]) -> Run {
    let r = run(args);
    let args = short(args);
    assert_eq!(r.code, 2, "stepwise {args:?}: {r:#?}");
    assert!(
        r.stdout.is_empty(),
        "stepwise {args:?} wrote to stdout: {r:#?}"
    );
    assert!(r.stderr.starts_with("error:"), "stepwise {args:?}: {r:#?}");
    r
}

/// An input error: also `line L, column C` and a caret line under that column.
fn assert_input_error(args: &[&str], line: usize, column: usize, fragment: &str) {
    let r = assert_usage_error(args);
    let first = r.stderr.lines().next().unwrap();
    assert!(
        first.contains(&format!("at line {line}, column {column}")),
        "{args:?}: {}",
        r.stderr
    );
    assert!(first.contains(fragment), "{args:?}: {}", r.stderr);
    // The caret line: `  | ` then spaces up to the column, then `^`.
    let caret = r
        .stderr
        .lines()
        .find(|l| l.trim_start().starts_with('|') && l.contains('^'))
        .unwrap_or_else(|| panic!("{args:?}: no caret line in\n{}", r.stderr));
    let after_bar = &caret[caret.find("| ").unwrap() + 2..];
    assert_eq!(
        after_bar.find('^'),
        Some(column - 1),
        "{args:?}: the caret is not under column {column}:\n{}",
        r.stderr
    );
}

#[test]
fn bad_input_is_reported_with_its_place() {
    let text = ["--format", "text"];
    let cases: &[(&[&str], usize, usize, &str)] = &[
        (&["derive", "x +* 2"], 1, 4, "expected"),
        (&["derive", "(x + 1"], 1, 7, "expected"),
        (&["derive", "x + 1)"], 1, 6, "expected"),
        (&["derive", "tahn(x)"], 1, 1, "unknown function `tahn`"),
        (
            &["derive", "exp(x, y)", "--wrt", "x"],
            1,
            1,
            "takes 1 argument",
        ),
        (&["derive", "x/0"], 1, 2, "division by zero"),
        (&["derive", "x / (2 - 2)"], 1, 3, "division by zero"),
        (&["derive", ""], 1, 1, "empty"),
        (&["derive", "   "], 1, 1, "empty"),
        (&["prove", "x = "], 1, 5, "expected"),
        (&["prove", "x"], 1, 1, "equation"),
        (&["derive", "x = 1"], 1, 3, "equation"),
        (&["prove", "x = 1 = 2"], 1, 7, "expected"),
        (&["derive", "x +\n  * 2"], 2, 3, "expected"),
    ];
    for (args, line, column, fragment) in cases {
        let args: Vec<&str> = args.iter().chain(&text).copied().collect();
        assert_input_error(&args, *line, *column, fragment);
    }
}

#[test]
fn derivative_with_respect_to_a_non_symbol_is_refused() {
    for args in [
        &["derive", "d/d2 x", "--wrt", "x", "--format", "text"][..],
        &["prove", "d/d2 x = 0", "--format", "text"][..],
    ] {
        let r = assert_usage_error(args);
        assert!(r.stderr.contains("d/d"), "{args:?}: {}", r.stderr);
    }
}

#[test]
fn an_expression_may_start_with_a_minus() {
    // `stepwise derive '-x^2'` fails with "unexpected argument '-x' found"; only
    // `stepwise derive -- '-x^2'` works. The baseline's cross-entropy inputs start
    // with `-(`.
    assert_ok(&["derive", "-x^2", "--format", "text"]);
    assert_ok(&["prove", "-x = -x", "--format", "text"]);
    assert_ok(&[
        "derive",
        "-(y1 log(sigma(x1)))",
        "--wrt",
        "x1",
        "--format",
        "text",
    ]);
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    // One argument may hold at most 128 KiB on Linux (MAX_ARG_STRLEN), so the CLI gets
    // 60,000 levels; the library gets the full 100,000.
    let deep = format!("{}x{}", "(".repeat(60_000), ")".repeat(60_000));
    let r = assert_usage_error(&["derive", &deep, "--format", "text"]);
    assert!(r.stderr.contains("nested"), "{}", &r.stderr[..200]);
    let deeper = format!("{}x{}", "(".repeat(100_000), ")".repeat(100_000));
    assert!(stepwise::derive(&deeper, "x").is_err());
    let minus = format!("{}x", "-".repeat(60_000));
    assert_usage_error(&["derive", &minus, "--format", "text"]);
    // A tower of 30,000 powers is legal and shallow in brackets: it parses, and
    // differentiating it stops at the size limit with an engine error, not a crash.
    let powers = format!("x{}", "^x".repeat(30_000));
    let r = run(&["derive", &powers, "--format", "text"]);
    assert!(matches!(r.code, 2 | 3), "exit {}: {}", r.code, r.stderr);
    assert!(r.stdout.is_empty() && r.stderr.starts_with("error:"));
}

#[test]
fn usage_errors() {
    assert_usage_error(&["derive", "x", "--format", "pdf"]);
    assert_usage_error(&["derive", "x", "--width", "5"]);
    assert_usage_error(&["derive", "x + y", "--format", "text"]);
    assert_usage_error(&["derive", "2", "--format", "text"]);
    assert_usage_error(&["derive", "x", "--wrt", "2", "--format", "text"]);
    assert_usage_error(&["integrate", "x"]);
    assert_usage_error(&["derive"]);
    // No subcommand at all: clap prints the help to stderr and exits 2.
    let r = run(&[]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty() && r.stderr.contains("Usage:"));
}

#[test]
fn help_and_version() {
    let r = assert_ok(&["--help"]);
    assert!(r.stdout.contains("derive") && r.stdout.contains("prove"));
    assert!(r.stdout.contains("Exit codes"), "{}", r.stdout);
    let r = assert_ok(&["derive", "--help"]);
    assert!(r.stdout.contains("--wrt") && r.stdout.contains("--format"));
    assert_ok(&["prove", "--help"]);
    assert_ok(&["--version"]);
}

// ---------------------------------------------------------------- not proven

#[test]
fn a_false_identity_exits_1_with_a_point_where_the_sides_differ() {
    let r = run(&["prove", "tanh(x) = 2 sigma(x) - 1", "--format", "text"]);
    assert_eq!(r.code, 1, "{r:#?}");
    assert!(r.stdout.is_empty(), "{r:#?}");
    assert!(r.stderr.contains("false"), "{}", r.stderr);
    assert!(r.stderr.contains("at x = "), "{}", r.stderr);
    assert!(
        r.stderr.contains("left side") && r.stderr.contains("right side"),
        "{}",
        r.stderr
    );
    // Every format: a refused proof prints nothing on stdout.
    for format in ["latex", "json"] {
        let r = run(&["prove", "d/dx x^3 = 3x", "--format", format]);
        assert_eq!(r.code, 1, "{r:#?}");
        assert!(r.stdout.is_empty(), "{r:#?}");
    }
}

// ---------------------------------------------------------------- fuzz

/// xorshift64*, seeded, so a failing string can be reproduced.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n
    }
}

#[test]
fn random_input_never_panics_or_hangs() {
    const PIECES: &[&str] = &[
        "x",
        "y",
        "x_i",
        "p_j",
        "k",
        "d",
        "2",
        "0",
        "0.5",
        "10",
        "+",
        "-",
        "*",
        "/",
        "^",
        "(",
        ")",
        "(",
        ")",
        " ",
        "=",
        ",",
        "_",
        "{",
        "}",
        "exp",
        "log",
        "sqrt",
        "sin",
        "tanh",
        "sigma",
        "d/dx ",
        "d/dx_i ",
        "sum_k ",
        "sum_{k=1}^{n} ",
        "delta_ij",
        "#",
        "\n",
        ".",
        "é",
        "1e5",
    ];
    // STEPWISE_FUZZ_CASES and STEPWISE_FUZZ_SEED run a longer or different campaign.
    let env = |name: &str, default: u64| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let mut rng = Rng(env("STEPWISE_FUZZ_SEED", 0x00c1_f022_2024) | 1);
    let mut codes = [0usize; 4];
    for case in 0..env("STEPWISE_FUZZ_CASES", 300) as usize {
        let len = 1 + rng.below(10);
        let src: String = (0..len).map(|_| PIECES[rng.below(PIECES.len())]).collect();
        let format = ["text", "latex", "json"][case % 3];
        let args: Vec<&str> = if case % 2 == 0 {
            vec!["derive", &src, "--wrt", "x", "--format", format]
        } else {
            vec!["prove", &src, "--format", format]
        };
        let r = run_with_timeout(&args, Duration::from_secs(10));
        assert!(
            (0..=3).contains(&r.code),
            "case {case}: stepwise {args:?} exited with {}:\n{}",
            r.code,
            r.stderr
        );
        if r.code != 0 {
            assert!(r.stdout.is_empty(), "case {case}: {args:?}: {r:#?}");
        }
        if r.code == 2 {
            assert!(
                r.stderr.starts_with("error:"),
                "case {case}: {args:?}: {r:#?}"
            );
        }
        codes[r.code as usize] += 1;
    }
    // The generator must reach past the parser now and then.
    assert!(codes[0] + codes[1] >= 10, "exit codes 0..=3: {codes:?}");
}

/// A mistake inside `--let` or `--assume` is shown in that option's own text.
#[test]
fn errors_in_options_point_into_the_option() {
    let cases: &[(&[&str], &str, &str)] = &[
        (
            &["prove", "d/dx_i p_j = 0", "--let", "p_j = p_j + 1"],
            "--let:1:7",
            "cannot refer to itself",
        ),
        (
            &[
                "prove",
                "x = x",
                "--assume",
                "sum_j y_j = 1",
                "--assume",
                "sum_k y_k = 2",
            ],
            "--assume:1:1",
            "contradicts",
        ),
        (
            &[
                "derive",
                "p_j",
                "--wrt",
                "x_i",
                "--let",
                "p_j = exp(x_j) / sum_k x_j",
            ],
            "--let:1:18",
            "does not occur",
        ),
    ];
    for (args, place, fragment) in cases {
        let r = assert_usage_error(args);
        assert!(r.stderr.contains(place), "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(fragment), "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains('^'), "{args:?}: {}", r.stderr);
    }
}

/// A mistake in a later premise, in the target of `solve` or in an operand of `conv`
/// is shown in that text, named by the flag that carries it: the library places the
/// error in the text it was given, and only the command line knows the flags.
#[test]
fn errors_in_premises_targets_and_operands_point_into_them() {
    let cases: &[(&[&str], &str, &str)] = &[
        (
            &[
                "solve",
                "P_i",
                "--given",
                "log P_i = x",
                "--given",
                "P_i = tahn(x)",
            ],
            "at --given:1:7",
            "1 | P_i = tahn(x)\n  |       ^^^^",
        ),
        (
            &["solve", "P_+", "--given", "log P_i = x"],
            "at line 1, column 3",
            "1 | P_+\n  |   ^",
        ),
        (
            &["conv", "--input", "[[1,2],[3]]", "--kernel", "1x1"],
            "ragged matrix: this row has 1 entry, the first has 2 at --input:1:8",
            "1 | [[1,2],[3]]\n  |        ^^^",
        ),
        (
            &["conv", "--input", "2x2", "--kernel", "0x3"],
            "the shape 0x3 is an empty matrix at --kernel:1:1",
            "1 | 0x3\n  | ^^^",
        ),
    ];
    for (args, place, quoted) in cases {
        let r = assert_usage_error(args);
        assert!(r.stderr.contains(place), "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(quoted), "{args:?}: {}", r.stderr);
    }
    // Options that need `--matrix` say so in the command line's words.
    for extra in [["--order", "column"].as_slice(), &["--unpadded"]] {
        let mut args = vec!["conv", "--input", "2x2", "--kernel", "1x1"];
        args.extend_from_slice(extra);
        let r = assert_usage_error(&args);
        assert!(r.stderr.contains("--matrix"), "{args:?}: {}", r.stderr);
    }
}

/// Inputs the fuzzers found (see fuzz/regressions): a quotient whose denominator
/// becomes 0 once differentiated was a panic, and unclosed calls before a syntax
/// error took exponential time. Both are prompt errors now.
#[test]
fn fuzz_findings_are_prompt_errors() {
    let slow = include_str!("../fuzz/regressions/parse-exponential-backtracking");
    let nested = "g(og(-".repeat(40) + "x+";
    for args in [
        &["derive", "x / (d/dx x - 1)", "--wrt", "x"][..],
        &["derive", "1 / (d/dx 5)", "--wrt", "x"][..],
        &["derive", slow][..],
        &["derive", nested.as_str()][..],
    ] {
        let r = run_with_timeout(args, Duration::from_secs(5));
        assert_eq!(r.code, 2, "{}: {}", short(args).join(" "), r.stderr);
        assert!(r.stdout.is_empty());
        assert!(r.stderr.starts_with("error:"), "{}", r.stderr);
    }
}
