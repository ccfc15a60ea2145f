//! `stepwise check` on the exercise sheet's own solutions (tests/data/sheet/): every
//! form read, every step compared at random points and explained by the rule search.
//! The target: the cross-entropy solution, rules found, under 50 ms. Run with
//! `cargo bench --bench check`; BENCHMARKS.md records the figures.

use divan::black_box;
use stepwise::check::Verdict;
use stepwise::{check, CheckOptions};

fn main() {
    divan::main();
}

fn options() -> CheckOptions {
    CheckOptions {
        definitions: vec![
            "p_j = exp(x_j) / sum_k exp(x_k)".into(),
            "H = -sum_j y_j log(p_j)".into(),
        ],
        assumptions: vec!["sum_j y_j = 1".into()],
        ..Default::default()
    }
}

fn sheet(name: &str) -> String {
    let path = format!("{}/tests/data/sheet/{name}.tex", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path).expect("a sheet chain")
}

#[divan::bench(args = [
    "5-i-tanh-derivative",
    "5-ii-tanh-as-sigmoid",
    "6-i-softmax-case-equal",
    "6-i-softmax-case-distinct",
    "6-i-softmax-combined",
    "6-ii-cross-entropy",
])]
fn check_sheet_solution(bencher: divan::Bencher, name: &str) {
    let text = sheet(name);
    let options = options();
    // The benchmark measures a check that explains its steps, not one that gave up.
    let checked = check(&text, &options).expect("the sheet reads");
    let explained = checked.chains[0]
        .steps
        .iter()
        .filter(|s| matches!(s.verdict, Verdict::Follows { .. }))
        .count();
    assert!(explained > 0, "{name}: no rule found");
    bencher.bench(|| check(black_box(&text), &options).expect("the sheet reads"));
}

/// The same check with no rule search: what the numeric comparisons cost alone.
#[divan::bench(args = ["5-ii-tanh-as-sigmoid", "6-ii-cross-entropy"])]
fn check_sheet_solution_numbers_only(bencher: divan::Bencher, name: &str) {
    let text = sheet(name);
    let options = CheckOptions {
        budget: stepwise::check::Budget {
            depth: 0,
            expansions: 0,
            growth: 1,
        },
        ..options()
    };
    bencher.bench(|| check(black_box(&text), &options).expect("the sheet reads"));
}
