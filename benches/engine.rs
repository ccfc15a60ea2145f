//! Benchmarks: parse, derive, prove, verify and print for the sheet §5 problems, and
//! `derive` on the input strings of the SymPy baseline (`benches/cases/`, copied from
//! the shared baseline so this repository is self-contained). Run with `cargo bench`;
//! BENCHMARKS.md records the figures.
//!
//! Every `derive` and `prove` below includes the numeric check of every step.

use divan::{black_box, Bencher};
use std::fmt;
use stepwise::context::Context;
use stepwise::parse::{parse_statement, Names, Statement};
use stepwise::print::{json, latex, text};
use stepwise::verify::{compare, CheckContext, Verdict};
use stepwise::{Derivation, Limits, Outcome};

fn main() {
    divan::main();
}

const TANH_PRIME: &str = "d/dx tanh(x) = 1 - tanh(x)^2";
const TANH_SIGMA: &str = "tanh(x) = 2 sigma(2x) - 1";
const QUOTIENT: &str = "x^3 sin(2x) / (1 + exp(-x))";

fn proven(equation: &str) -> Derivation {
    match stepwise::prove(equation).expect("the sheet identities parse") {
        Outcome::Proven(d) => d,
        Outcome::NotProven { .. } => panic!("{equation} is not proven"),
    }
}

fn sides(equation: &str) -> (stepwise::expr::Expr, stepwise::expr::Expr) {
    match parse_statement(equation, &Names::default()).unwrap() {
        Statement::Equation(l, r) => (l, r),
        Statement::Expr(_) => unreachable!("expected an equation, found an expression"),
    }
}

/// The sheet §5 problems end to end: string in, LaTeX out, every step checked.
mod sheet {
    use super::*;

    /// The target: the whole tanh' proof under 0.5 ms.
    #[divan::bench]
    fn tanh_prime_proof_to_latex() -> String {
        let d = proven(black_box(TANH_PRIME));
        latex::derivation_to_latex(&d, &Default::default())
    }

    #[divan::bench]
    fn tanh_sigma_proof_to_latex() -> String {
        let d = proven(black_box(TANH_SIGMA));
        latex::derivation_to_latex(&d, &Default::default())
    }

    #[divan::bench(args = ["sigma(x)", "tanh(x)", QUOTIENT])]
    fn derive_to_latex(src: &str) -> String {
        let d = stepwise::derive(black_box(src), "x").unwrap();
        latex::derivation_to_latex(&d, &Default::default())
    }
}

/// The tanh' proof taken apart: each stage on its own.
mod tanh_prime_stages {
    use super::*;

    #[divan::bench]
    fn parse() -> Statement {
        parse_statement(black_box(TANH_PRIME), &Names::default()).unwrap()
    }

    /// Both chains, meeting point and checks, from parsed sides.
    #[divan::bench]
    fn prove(bencher: Bencher) {
        let (lhs, rhs) = sides(TANH_PRIME);
        let ctx = Context::with_builtin_definitions();
        let check = CheckContext::default();
        let limits = Limits::default();
        bencher.bench_local(|| {
            stepwise::engine::prove(black_box(&lhs), black_box(&rhs), &ctx, &check, &limits)
                .unwrap()
        });
    }

    /// The numeric check alone, replayed over every step of the finished proof.
    #[divan::bench]
    fn verify(bencher: Bencher) {
        let d = proven(TANH_PRIME);
        let check = CheckContext::default();
        bencher.bench_local(|| {
            for pair in black_box(&d.steps).windows(2) {
                assert_eq!(
                    compare(&pair[0].expr, &pair[1].expr, &check),
                    Verdict::Agree
                );
            }
        });
    }

    #[divan::bench]
    fn print_latex(bencher: Bencher) {
        let d = proven(TANH_PRIME);
        bencher.bench_local(|| latex::derivation_to_latex(black_box(&d), &Default::default()));
    }

    #[divan::bench]
    fn print_text(bencher: Bencher) {
        let d = proven(TANH_PRIME);
        bencher.bench_local(|| text::derivation_to_text(black_box(&d)));
    }

    #[divan::bench]
    fn print_json(bencher: Bencher) {
        let d = proven(TANH_PRIME);
        bencher.bench_local(|| {
            serde_json::to_string_pretty(&json::derivation_to_json(black_box(&d))).unwrap()
        });
    }
}

/// An input of the SymPy baseline: a file in `benches/cases/` and the variable.
#[derive(Clone, Copy)]
struct Case {
    file: &'static str,
    var: &'static str,
}

impl fmt::Display for Case {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} d/d{}", self.file, self.var)
    }
}

impl Case {
    fn source(&self) -> String {
        let path = format!(
            "{}/benches/cases/{}.txt",
            env!("CARGO_MANIFEST_DIR"),
            self.file
        );
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{path}: {e}"))
            .trim()
            .to_string()
    }
}

const fn case(file: &'static str, var: &'static str) -> Case {
    Case { file, var }
}

/// The baseline's inputs that the language parses and `derive` finishes within its
/// limits. Left out: `nested_tanh_tanh_64_x_` (stops at the 60-step limit: one chain
/// rule layer per step), `sum_c_k_e__kx__sin_kx__n=1000` and `random_tree_n=10000`
/// (stop at the 20,000-node size limit).
const CASES: &[Case] = &[
    case("elementary_tanh_as__e_x-e_-x___e_x_e_-x_", "x"),
    case("elementary_sigmoid_1__1_exp_-x__", "x"),
    case("softmax_softmax_1__d=3", "x1"),
    case("softmax_softmax_1__d=3", "x2"),
    case("softmax_softmax_1__d=10", "x1"),
    case("softmax_softmax_1__d=10", "x2"),
    case("softmax_softmax_1__d=100", "x1"),
    case("softmax_softmax_1__d=100", "x2"),
    case("cross-entropy_xent__d=3", "x1"),
    case("cross-entropy_xent__d=10", "x1"),
    case("cross-entropy_xent__d=50", "x1"),
    case("nested_tanh_tanh_1_x_", "x"),
    case("nested_tanh_tanh_2_x_", "x"),
    case("nested_tanh_tanh_4_x_", "x"),
    case("nested_tanh_tanh_8_x_", "x"),
    case("nested_tanh_tanh_16_x_", "x"),
    case("nested_tanh_tanh_32_x_", "x"),
    case("sum_c_k_e__kx__sin_kx__n=10", "x"),
    case("sum_c_k_e__kx__sin_kx__n=100", "x"),
    case("prod__x_k__n=5", "x"),
    case("prod__x_k__n=10", "x"),
    case("prod__x_k__n=20", "x"),
    case("prod__x_k__n=40", "x"),
    case("random_tree_n=100", "x"),
];

/// Slow enough (0.1 s or more) to need fewer samples.
const SLOW_CASES: &[Case] = &[case("random_tree_n=1000", "x")];

/// `derive` on the SymPy baseline's strings, with every step checked.
mod sympy_cases {
    use super::*;

    #[divan::bench(args = CASES)]
    fn parse(bencher: Bencher, case: &Case) {
        let src = case.source();
        bencher.bench_local(|| {
            stepwise::parse::parse_expr(black_box(&src), &Names::default()).unwrap()
        });
    }

    #[divan::bench(args = CASES)]
    fn derive(bencher: Bencher, case: &Case) {
        let src = case.source();
        bencher.bench_local(|| stepwise::derive(black_box(&src), case.var).unwrap());
    }

    #[divan::bench(args = SLOW_CASES, sample_count = 10, sample_size = 1)]
    fn derive_slow(bencher: Bencher, case: &Case) {
        let src = case.source();
        bencher.bench_local(|| stepwise::derive(black_box(&src), case.var).unwrap());
    }

    /// LaTeX of the derivation, for comparison with SymPy's `latex` of its derivative.
    #[divan::bench(args = CASES)]
    fn latex(bencher: Bencher, case: &Case) {
        let d = stepwise::derive(&case.source(), case.var).unwrap();
        bencher.bench_local(|| latex::derivation_to_latex(black_box(&d), &Default::default()));
    }
}
