//! Benchmarks: parse, derive, prove, verify and print for the sheet §5 problems, the
//! sheet's §6 (index calculus) and §7 (convolution), and `derive` on the input strings
//! of the SymPy baseline (`benches/cases/`, copied from the shared baseline so this
//! repository is self-contained). Run with `cargo bench`; BENCHMARKS.md records the
//! figures.
//!
//! Every `derive`, `prove` and `solve_with` below includes the numeric check of every
//! step; every convolution derivation includes its own checks.

use divan::{black_box, Bencher};
use std::fmt;
use stepwise::bench_stages::{compare, CheckContext, Context, Verdict};
use stepwise::{Derivation, Expr, Lemma, Limits, Options, Outcome};

#[path = "../tests/teacher/mod.rs"]
mod teacher;

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

fn sides(equation: &str) -> (Expr, Expr) {
    let (lhs, rhs) = equation.split_once('=').expect("an equation");
    (lhs.parse().unwrap(), rhs.parse().unwrap())
}

/// The sheet §5 problems end to end: string in, LaTeX out, every step checked.
mod sheet {
    use super::*;

    /// The target: the whole tanh' proof under 0.5 ms.
    #[divan::bench]
    fn tanh_prime_proof_to_latex() -> String {
        proven(black_box(TANH_PRIME)).to_latex()
    }

    #[divan::bench]
    fn tanh_sigma_proof_to_latex() -> String {
        proven(black_box(TANH_SIGMA)).to_latex()
    }

    #[divan::bench(args = ["sigma(x)", "tanh(x)", QUOTIENT])]
    fn derive_to_latex(src: &str) -> String {
        stepwise::derive(black_box(src), "x").unwrap().to_latex()
    }
}

/// The tanh' proof taken apart: each stage on its own.
mod tanh_prime_stages {
    use super::*;

    #[divan::bench]
    fn parse() -> Expr {
        black_box(TANH_PRIME).parse().unwrap()
    }

    /// The check context `stepwise::prove` uses: it knows the built-in definitions
    /// (tanh, sigma, ...) and unfolds them before evaluating a step.
    fn library_check() -> CheckContext {
        CheckContext {
            definitions: Context::with_builtin_definitions(),
            ..Default::default()
        }
    }

    /// Both chains, meeting point and checks, from parsed sides, checked as
    /// `stepwise::prove` checks them.
    #[divan::bench(args = ["library check", "check without definitions"])]
    fn prove(bencher: Bencher, check: &str) {
        let (lhs, rhs) = sides(TANH_PRIME);
        let ctx = Context::with_builtin_definitions();
        let check = match check {
            "library check" => library_check(),
            _ => CheckContext::default(),
        };
        let limits = Limits::default();
        bencher.bench_local(|| {
            stepwise::bench_stages::prove(black_box(&lhs), black_box(&rhs), &ctx, &check, &limits)
                .unwrap()
        });
    }

    /// The numeric check alone, replayed over every step of the finished proof.
    #[divan::bench(args = ["library check", "check without definitions"])]
    fn verify(bencher: Bencher, check: &str) {
        let d = proven(TANH_PRIME);
        let check = match check {
            "library check" => library_check(),
            _ => CheckContext::default(),
        };
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
        bencher.bench_local(|| black_box(&d).to_latex());
    }

    #[divan::bench]
    fn print_text(bencher: Bencher) {
        let d = proven(TANH_PRIME);
        bencher.bench_local(|| black_box(&d).to_text());
    }

    #[divan::bench]
    fn print_json(bencher: Bencher) {
        let d = proven(TANH_PRIME);
        bencher.bench_local(|| serde_json::to_string_pretty(&black_box(&d).to_json()).unwrap());
    }
}

/// The sheet's §6 from strings to LaTeX, every step checked: the softmax Jacobian by
/// cases and directly, the cross-entropy gradient citing the Jacobian, and softmax
/// derived from a log-linear model.
mod section_6 {
    use super::*;

    const SOFTMAX: &str = "p_j = exp(x_j) / sum_k exp(x_k)";
    const ENTROPY: &str = "H = -sum_j y_j log(p_j)";
    const JACOBIAN: &str = "d/dx_i p_j = p_j (delta_ij - p_i)";
    const GRADIENT: &str = "d/dx_i H = p_i - y_i";

    fn options(defs: &[&str], assumptions: &[&str]) -> Options {
        Options {
            definitions: defs.iter().map(|s| s.to_string()).collect(),
            assumptions: assumptions.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        }
    }

    fn proven_with(equation: &str, options: &Options) -> Derivation {
        match stepwise::prove_with(equation, options).unwrap() {
            Outcome::Proven(d) => {
                assert!(d.verified, "{equation}: unverified");
                d
            }
            Outcome::NotProven { .. } => panic!("{equation} is not proven"),
        }
    }

    fn to_latex(d: &Derivation) -> String {
        d.to_latex()
    }

    /// (i) by cases on i = j, as the sheet's hint asks, then combined with delta.
    fn jacobian_by_cases() -> String {
        let opts = Options {
            cases: Some("i=j".parse().unwrap()),
            ..options(&[SOFTMAX], &[])
        };
        to_latex(&proven_with(black_box(JACOBIAN), &opts))
    }

    /// (i) directly with delta.
    fn jacobian_directly() -> String {
        to_latex(&proven_with(black_box(JACOBIAN), &options(&[SOFTMAX], &[])))
    }

    /// (ii) d/dx_i H = p_i - y_i, citing the Jacobian as lemma (1), y one-hot.
    fn cross_entropy() -> String {
        let opts = Options {
            lemmas: vec![Lemma {
                name: "1".into(),
                equation: JACOBIAN.into(),
            }],
            ..options(&[SOFTMAX, ENTROPY], &["sum_j y_j = 1"])
        };
        to_latex(&proven_with(black_box(GRADIENT), &opts))
    }

    /// Part 2: P_i from `log P_i = w_i x + b_i - log Z` and `sum_i P_i = 1`.
    fn log_linear() -> String {
        let d = stepwise::solve_with(
            &[black_box("log P_i = w_i x + b_i - log Z").to_string()],
            "P_i",
            &["Z".to_string()],
            &options(&[], &["sum_i P_i = 1"]),
        )
        .unwrap();
        assert!(d.verified);
        to_latex(&d)
    }

    #[divan::bench]
    fn softmax_jacobian_by_cases_to_latex() -> String {
        jacobian_by_cases()
    }

    #[divan::bench]
    fn softmax_jacobian_directly_to_latex() -> String {
        jacobian_directly()
    }

    #[divan::bench]
    fn cross_entropy_gradient_to_latex() -> String {
        cross_entropy()
    }

    #[divan::bench]
    fn log_linear_solve_to_latex() -> String {
        log_linear()
    }

    /// The target: all four above, one after the other, under 5 ms.
    #[divan::bench]
    fn whole_section_to_latex() -> [String; 4] {
        [
            jacobian_by_cases(),
            jacobian_directly(),
            cross_entropy(),
            log_linear(),
        ]
    }

    /// The lines of `examples/ml-classwork.sw` from `# §6` up to `# §7`.
    fn sheet_section() -> &'static str {
        let src = stepwise::sheet::example("ml-classwork").unwrap().source;
        let start = src.find("# §6").expect("the example has a §6");
        let end = src.find("# §7").expect("the example has a §7");
        &src[start..end]
    }

    /// The same §6 as a sheet: the example's §6 lines parsed, run (the cross-entropy
    /// goal cites the Jacobian goals as lemmas) and rendered as one LaTeX document body.
    #[divan::bench]
    fn sheet_to_latex(bencher: Bencher) {
        let src = sheet_section();
        let goals = stepwise::sheet::run(src)
            .unwrap_or_else(|e| panic!("{e:?}"))
            .iter()
            .filter(|e| matches!(e, stepwise::sheet::Entry::Goal(_)))
            .count();
        assert_eq!(goals, 4, "the §6 lines hold four goals");
        bencher.bench_local(|| {
            let entries = stepwise::sheet::run(black_box(src)).unwrap();
            stepwise::sheet::to_latex(&entries, &Default::default())
        });
    }
}

/// The whole exercise sheet, `examples/ml-classwork.sw`, run and rendered as LaTeX:
/// issue 7's target is under 20 ms.
#[divan::bench]
fn ml_classwork_sheet_to_latex(bencher: Bencher) {
    let src = stepwise::sheet::example("ml-classwork").unwrap().source;
    bencher.bench_local(|| {
        let entries = stepwise::sheet::run(black_box(src)).unwrap();
        stepwise::sheet::to_latex(&entries, &Default::default())
    });
}

/// Each problem of the teacher-proof set (`tests/data/teacher-proofs.md`), run as
/// `tests/teacher_proofs.rs` runs it (prove, derive, solve or refuse, checks
/// included): issue 7's target is under 50 ms each.
mod teacher_set {
    use super::*;

    const IDS: &[&str] = &[
        "Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7", "Q8", "Q9", "Q10", "Q11", "Q12", "Q13", "Q14",
        "Q15", "Q16", "Q17", "Q18", "Q19", "Q20", "Q21", "Q22", "Q23", "Q24", "Q25", "Q26", "Q27",
        "Q28", "Q29", "Q30",
    ];

    #[divan::bench(args = IDS)]
    fn problem(bencher: Bencher, id: &str) {
        let problem = teacher::problems()
            .into_iter()
            .find(|p| p.id == id)
            .expect("the set has this problem");
        bencher.bench_local(|| black_box(&problem).run());
    }
}

/// The sheet's §7: the convolution and its sparse weight matrix.
mod section_7 {
    use super::*;
    use stepwise::bench_stages::{Basis, ConvSpec, Geometry, Matrix, WeightMatrix};
    use stepwise::conv::{self, ConvArgs, VecOrder};

    fn padding(rows: usize, cols: usize) -> ConvSpec {
        ConvSpec {
            padding: (rows, cols),
            ..Default::default()
        }
    }

    /// The target: W for a 32x32 input, a 3x3 kernel of symbols f_1 ... f_9
    /// and padding (1, 1), vectorizing the padded input row-wise as the seed does:
    /// 1024 x 1156 when dense, built sparse (9 nonzeros a row), under 10 ms. The sizes
    /// are validated (`Geometry::new`) inside the timed call.
    #[divan::bench]
    fn weight_matrix_32x32_3x3(bencher: Bencher) {
        let kernel = Matrix::symbols("f", 3, 3);
        let g = Geometry::new((32, 32), (3, 3), padding(1, 1)).unwrap();
        let w = WeightMatrix::build(&g, &kernel, VecOrder::Row, Basis::Padded);
        assert_eq!(w.shape(), (1024, 1156));
        let stored: usize = (0..w.shape().0).map(|r| w.row(r).count()).sum();
        assert_eq!(stored, 1024 * 9);
        bencher.bench_local(|| {
            let g = Geometry::new(black_box((32, 32)), (3, 3), padding(1, 1)).unwrap();
            WeightMatrix::build(&g, black_box(&kernel), VecOrder::Row, Basis::Padded)
        });
    }

    /// The whole `conv input 32x32 kernel 3x3 padding 1,1 matrix` derivation, not
    /// printed: W, the 1024 rows of `W x`, the direct convolution, and the symbolic
    /// check that both agree.
    #[divan::bench(sample_count = 20)]
    fn weight_matrix_32x32_3x3_derivation() -> conv::ConvOutput {
        let args = ConvArgs {
            input: "32x32".into(),
            kernel: "3x3".into(),
            padding: (1, 1),
            stride: (1, 1),
            flip: false,
            matrix: true,
            order: VecOrder::Row,
            unpadded: false,
        };
        let out = conv::run(black_box(&args)).unwrap();
        assert!(out.verified);
        out
    }

    /// The seed's convolution from its strings to LaTeX: `[[4,-2,1],[3,8,5]]` with
    /// `[[2],[4],[-1]]`, padding (1, 0), checks included.
    #[divan::bench]
    fn seed_convolution_to_latex() -> String {
        let args = ConvArgs {
            input: "[[4,-2,1],[3,8,5]]".into(),
            kernel: "[[2],[4],[-1]]".into(),
            padding: (1, 0),
            stride: (1, 1),
            flip: false,
            matrix: false,
            order: VecOrder::Row,
            unpadded: false,
        };
        let out = conv::run(black_box(&args)).unwrap();
        assert!(out.verified);
        out.to_latex(false)
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
        bencher.bench_local(|| black_box(&src).parse::<Expr>().unwrap());
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
        bencher.bench_local(|| black_box(&d).to_latex());
    }
}
