//! Convolution (sheet §7): the seed's numbers exactly, many shapes against an
//! independent reference written here with plain integer loops, errors, and
//! snapshots of the printed derivations, taken after their invariants hold.

use super::matrix::Matrix;
use super::spec::{ConvSpec, Geometry};
use super::weights::{Basis, VecOrder, WeightMatrix};
use crate::conv::{self, ConvArgs};
use crate::error::Error;
use crate::test_renderers as common;

// ---------------------------------------------------------------- helpers

fn args(input: &str, kernel: &str) -> ConvArgs {
    ConvArgs {
        input: input.into(),
        kernel: kernel.into(),
        padding: (0, 0),
        stride: (1, 1),
        flip: false,
        matrix: false,
        order: VecOrder::Row,
        unpadded: false,
    }
}

fn seed() -> ConvArgs {
    ConvArgs {
        padding: (1, 0),
        ..args("[[4,-2,1],[3,8,5]]", "[[2],[4],[-1]]")
    }
}

fn seed_matrix(order: VecOrder) -> ConvArgs {
    ConvArgs {
        padding: (1, 0),
        matrix: true,
        order,
        ..args("2x3", "3x1")
    }
}

fn run(a: &ConvArgs) -> conv::ConvOutput {
    conv::run(a).unwrap_or_else(|e| panic!("{a:?}: {e}"))
}

fn strings(rows: &[&[&str]]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| r.iter().map(|s| s.to_string()).collect())
        .collect()
}

/// The direct convolution by the definition, in plain integers: cross-correlation of
/// the zero-padded input, or with the kernel rotated when `flip`.
fn reference(
    input: &[Vec<i64>],
    kernel: &[Vec<i64>],
    (pr, pc): (usize, usize),
    (sr, sc): (usize, usize),
    flip: bool,
) -> Vec<Vec<i64>> {
    let (h, w) = (input.len(), input[0].len());
    let (kh, kw) = (kernel.len(), kernel[0].len());
    let (ph, pw) = (h + 2 * pr, w + 2 * pc);
    let at = |r: usize, c: usize| -> i64 {
        if r < pr || r >= pr + h || c < pc || c >= pc + w {
            0
        } else {
            input[r - pr][c - pc]
        }
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i + kh <= ph {
        let mut row = Vec::new();
        let mut j = 0;
        while j + kw <= pw {
            let mut sum = 0;
            for a in 0..kh {
                for b in 0..kw {
                    let k = if flip {
                        kernel[kh - 1 - a][kw - 1 - b]
                    } else {
                        kernel[a][b]
                    };
                    sum += k * at(i + a, j + b);
                }
            }
            row.push(sum);
            j += sc;
        }
        out.push(row);
        i += sr;
    }
    out
}

/// A deterministic matrix of small integers, zero included.
fn ints(rows: usize, cols: usize, seed: u64) -> Vec<Vec<i64>> {
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    (0..rows)
        .map(|_| {
            (0..cols)
                .map(|_| {
                    state = state
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ((state >> 33) % 13) as i64 - 6
                })
                .collect()
        })
        .collect()
}

fn literal(m: &[Vec<i64>]) -> String {
    let rows: Vec<String> = m
        .iter()
        .map(|r| {
            let cells: Vec<String> = r.iter().map(i64::to_string).collect();
            format!("[{}]", cells.join(","))
        })
        .collect();
    format!("[{}]", rows.join(","))
}

fn parse_ints(m: &[Vec<String>]) -> Vec<Vec<i64>> {
    m.iter()
        .map(|r| r.iter().map(|s| s.parse().expect(s)).collect())
        .collect()
}

/// `W v` in integers, W read from the JSON `matrix` field.
fn times(w: &[Vec<i64>], v: &[i64]) -> Vec<i64> {
    w.iter()
        .map(|row| row.iter().zip(v).map(|(a, b)| a * b).sum())
        .collect()
}

/// The grid vectorized by hand, row after row or column after column.
fn vec_of(grid: &[Vec<i64>], order: VecOrder) -> Vec<i64> {
    match order {
        VecOrder::Row => grid.iter().flatten().copied().collect(),
        VecOrder::Column => (0..grid[0].len())
            .flat_map(|c| grid.iter().map(move |r| r[c]))
            .collect(),
    }
}

fn padded(input: &[Vec<i64>], (pr, pc): (usize, usize)) -> Vec<Vec<i64>> {
    let w = input[0].len() + 2 * pc;
    let mut out = vec![vec![0; w]; pr];
    for r in input {
        let mut row = vec![0; pc];
        row.extend(r);
        row.extend(vec![0; pc]);
        out.push(row);
    }
    out.extend(vec![vec![0; w]; pr]);
    out
}

// ---------------------------------------------------------------- the seed

#[test]
fn seed_output_is_the_sheets() {
    let out = run(&seed());
    assert!(out.verified);
    assert_eq!(
        out.matrix_json(),
        strings(&[&["13", "-16", "-1"], &["20", "28", "22"]])
    );
    let text = out.to_text();
    assert!(text.contains("s_{1,1} = 2*0 + 4*4 + (-1)*3 = 13"), "{text}");
    assert!(text.contains("s_{2,3} = 2*1 + 4*5 + (-1)*0 = 22"), "{text}");
}

const F1: &str = "f_1";
const F2: &str = "f_2";
const F3: &str = "f_3";

#[test]
fn seed_weight_matrix_row_order_is_the_sheets() {
    // Written by hand from the sheet, §7 (ii), row-wise vectorization.
    #[rustfmt::skip]
    let sheet: &[&[&str]] = &[
        &[F1, "0", "0", F2, "0", "0", F3, "0", "0", "0", "0", "0"],
        &["0", F1, "0", "0", F2, "0", "0", F3, "0", "0", "0", "0"],
        &["0", "0", F1, "0", "0", F2, "0", "0", F3, "0", "0", "0"],
        &["0", "0", "0", F1, "0", "0", F2, "0", "0", F3, "0", "0"],
        &["0", "0", "0", "0", F1, "0", "0", F2, "0", "0", F3, "0"],
        &["0", "0", "0", "0", "0", F1, "0", "0", F2, "0", "0", F3],
    ];
    let out = run(&seed_matrix(VecOrder::Row));
    assert!(out.verified);
    assert_eq!(out.matrix_json(), strings(sheet));
}

#[test]
fn seed_weight_matrix_column_order_is_the_sheets() {
    // Written by hand from the sheet, §7 (ii), column-wise vectorization.
    #[rustfmt::skip]
    let sheet: &[&[&str]] = &[
        &[F1, F2, F3, "0", "0", "0", "0", "0", "0", "0", "0", "0"],
        &["0", "0", "0", "0", F1, F2, F3, "0", "0", "0", "0", "0"],
        &["0", "0", "0", "0", "0", "0", "0", "0", F1, F2, F3, "0"],
        &["0", F1, F2, F3, "0", "0", "0", "0", "0", "0", "0", "0"],
        &["0", "0", "0", "0", "0", F1, F2, F3, "0", "0", "0", "0"],
        &["0", "0", "0", "0", "0", "0", "0", "0", "0", F1, F2, F3],
    ];
    let out = run(&seed_matrix(VecOrder::Column));
    assert!(out.verified);
    assert_eq!(out.matrix_json(), strings(sheet));
}

#[test]
fn seed_weight_matrix_over_the_unpadded_input() {
    // x_1 .. x_6 are the input itself; a window reaching into the padding loses the
    // weight that would multiply a zero.
    #[rustfmt::skip]
    let expected: &[&[&str]] = &[
        &[F2, "0", "0", F3, "0", "0"],
        &["0", F2, "0", "0", F3, "0"],
        &["0", "0", F2, "0", "0", F3],
        &[F1, "0", "0", F2, "0", "0"],
        &["0", F1, "0", "0", F2, "0"],
        &["0", "0", F1, "0", "0", F2],
    ];
    let out = run(&ConvArgs {
        unpadded: true,
        ..seed_matrix(VecOrder::Row)
    });
    assert!(out.verified);
    assert_eq!(out.matrix_json(), strings(expected));
}

#[test]
fn seed_sparsity_and_sharing() {
    let json = run(&seed_matrix(VecOrder::Row)).to_json();
    let s = &json["sparsity"];
    assert_eq!(s["zeros"], 54);
    assert_eq!(s["zero_share"], 0.75);
    assert_eq!(s["uses"]["f_1"], 6);
    assert_eq!(s["uses"]["f_2"], 6);
    assert_eq!(s["uses"]["f_3"], 6);
    assert_eq!(s["parameters"], 3);
    assert_eq!(s["dense_parameters"], 72);
}

#[test]
fn seed_json_follows_the_contract() {
    let json = run(&seed()).to_json();
    assert!(json["statement"].is_string());
    assert_eq!(json["verified"], true);
    assert_eq!(json["result"], "[[13, -16, -1], [20, 28, 22]]");
    assert_eq!(
        json["matrix"],
        serde_json::json!([["13", "-16", "-1"], ["20", "28", "22"]])
    );
    let steps = json["steps"].as_array().unwrap();
    assert!(steps[0]["rule"].is_null());
    assert!(steps[1..].iter().all(|s| s["rule"].is_string()));
    assert!(steps.iter().all(|s| s["expr"].is_string()));
    assert_eq!(steps[2]["expr"], "s_{1,1} = 2*0 + 4*4 + (-1)*3 = 13");
}

// ---------------------------------------------------------------- against the reference

/// (input shape, kernel shape, padding, stride, flip)
type Case = (
    (usize, usize),
    (usize, usize),
    (usize, usize),
    (usize, usize),
    bool,
);

#[rustfmt::skip]
const CASES: &[Case] = &[
    ((2, 3), (3, 1), (1, 0), (1, 1), false),
    ((3, 3), (2, 2), (0, 0), (1, 1), false),
    ((4, 5), (3, 3), (1, 1), (1, 1), false),
    ((5, 5), (3, 3), (1, 1), (2, 2), false),
    ((6, 4), (2, 3), (0, 1), (2, 1), false),
    ((1, 7), (1, 3), (0, 2), (1, 3), false),
    ((7, 1), (4, 1), (2, 0), (3, 1), false),
    ((3, 4), (3, 4), (0, 0), (1, 1), false),
    ((2, 2), (3, 3), (1, 1), (1, 1), false),
    ((5, 6), (2, 2), (0, 0), (2, 3), false),
    ((4, 4), (3, 2), (2, 1), (1, 2), true),
    ((3, 5), (2, 3), (1, 1), (1, 1), true),
    ((1, 1), (1, 1), (0, 0), (1, 1), false),
    ((6, 6), (5, 5), (2, 2), (3, 3), true),
    ((3, 3), (1, 1), (3, 0), (2, 1), false),
];

#[test]
fn direct_convolution_matches_the_reference() {
    for (n, &(ishape, kshape, padding, stride, flip)) in CASES.iter().enumerate() {
        let input = ints(ishape.0, ishape.1, n as u64);
        let kernel = ints(kshape.0, kshape.1, 100 + n as u64);
        let out = run(&ConvArgs {
            padding,
            stride,
            flip,
            ..args(&literal(&input), &literal(&kernel))
        });
        assert!(out.verified, "case {n}");
        assert_eq!(
            parse_ints(&out.matrix_json()),
            reference(&input, &kernel, padding, stride, flip),
            "case {n}"
        );
    }
}

#[test]
fn weight_matrix_times_x_matches_the_reference() {
    for (n, &(ishape, kshape, padding, stride, flip)) in CASES.iter().enumerate() {
        let input = ints(ishape.0, ishape.1, n as u64);
        let kernel = ints(kshape.0, kshape.1, 100 + n as u64);
        let expected: Vec<i64> = reference(&input, &kernel, padding, stride, flip)
            .into_iter()
            .flatten()
            .collect();
        for order in [VecOrder::Row, VecOrder::Column] {
            for unpadded in [false, true] {
                let out = run(&ConvArgs {
                    padding,
                    stride,
                    flip,
                    matrix: true,
                    order,
                    unpadded,
                    ..args(&literal(&input), &literal(&kernel))
                });
                let what = format!("case {n}, {order:?}, unpadded {unpadded}");
                assert!(out.verified, "{what}");
                let grid = if unpadded {
                    input.clone()
                } else {
                    padded(&input, padding)
                };
                let w = parse_ints(&out.matrix_json());
                assert_eq!(w.len(), expected.len(), "{what}");
                assert!(
                    w.iter().all(|r| r.len() == grid.len() * grid[0].len()),
                    "{what}"
                );
                assert_eq!(times(&w, &vec_of(&grid, order)), expected, "{what}");
            }
        }
    }
}

#[test]
fn symbolic_weight_matrices_verify_for_every_case() {
    for &(ishape, kshape, padding, stride, flip) in CASES {
        for order in [VecOrder::Row, VecOrder::Column] {
            for unpadded in [false, true] {
                let a = ConvArgs {
                    padding,
                    stride,
                    flip,
                    matrix: true,
                    order,
                    unpadded,
                    ..args(
                        &format!("{}x{}", ishape.0, ishape.1),
                        &format!("{}x{}", kshape.0, kshape.1),
                    )
                };
                let out = run(&a);
                assert!(out.verified, "{a:?}");
                // Each kernel weight f_k stands in every row at most once.
                for row in out.matrix_json() {
                    let mut named: Vec<&String> = row.iter().filter(|e| *e != "0").collect();
                    let before = named.len();
                    named.dedup();
                    assert_eq!(named.len(), before, "{a:?}");
                }
            }
        }
    }
}

#[test]
fn exact_rationals_and_symbols_as_entries() {
    // s_11 = 2*(1/2) + (1/3)*a, s_21 = 2*3 + (1/3)*(1/4): exact, no floating point.
    let out = run(&args("[[1/2, a], [3, 0.25]]", "[[2, 1/3]]"));
    assert!(out.verified);
    assert_eq!(out.matrix_json(), strings(&[&["1 + 1/3 a"], &["73/12"]]));
}

// ---------------------------------------------------------------- errors

fn error(a: &ConvArgs) -> String {
    match conv::run(a) {
        Ok(_) => panic!("{a:?} should fail"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn errors_are_clear() {
    let e = error(&args("[[1,2],[3,4]]", "[[1,2,3]]"));
    assert!(
        e.contains("kernel (1 x 3) is larger than the padded input (2 x 2)"),
        "{e}"
    );
    let e = error(&ConvArgs {
        stride: (0, 1),
        ..seed()
    });
    assert!(e.contains("stride must be at least 1"), "{e}");
    let e = error(&args("100000x100000", "3x3"));
    assert!(e.contains("refusing"), "{e}");
}

/// A mistake in an operand is an error in that operand's text, in the library's
/// words: its span and line:column are relative to the text passed, and it names no
/// command-line flag (the command line adds those; see tests/cli.rs).
#[test]
fn operand_errors_are_placed_in_the_operand() {
    let in_operand = |a: &ConvArgs| match conv::run(a) {
        Err(Error::InArgument {
            argument,
            source_text,
            error,
        }) => (argument, source_text, error),
        other => panic!("{a:?}: {other:?}"),
    };
    let (argument, text, placed) = in_operand(&args("[[1,2],[3]]", "[[1]]"));
    assert_eq!(argument, crate::Argument::ConvInput);
    assert_eq!(text, "[[1,2],[3]]");
    assert_eq!((placed.span.start, placed.span.end), (7, 10));
    assert_eq!(
        placed.to_string(),
        "ragged matrix: this row has 1 entry, the first has 2 at line 1, column 8"
    );
    let (argument, _, placed) = in_operand(&args("[[1]]", "0x3"));
    assert_eq!(argument, crate::Argument::Kernel);
    assert_eq!((placed.span.start, placed.span.end), (0, 3));
    assert_eq!(
        placed.to_string(),
        "the shape 0x3 is an empty matrix at line 1, column 1"
    );
    let (_, _, unclosed) = in_operand(&args("[[1, 2]", "[[1]]"));
    assert!(unclosed.span.end <= 7, "{unclosed}");
    assert!(unclosed.position.is_some(), "{unclosed}");
    for a in [
        args("[[1,2],[3]]", "[[1]]"),
        args("[[1]]", "0x3"),
        args("[]", "[[1]]"),
        args("100000x100000", "3x3"),
        ConvArgs {
            order: VecOrder::Column,
            ..seed()
        },
    ] {
        let e = error(&a);
        assert!(!e.contains("--"), "{a:?}: {e}");
    }
    let e = error(&ConvArgs {
        order: VecOrder::Column,
        ..seed()
    });
    assert!(e.contains("apply only with `matrix`"), "{e}");
    let e = error(&args("[[1]]", "0x3"));
    assert_eq!(
        e,
        "in the kernel `0x3`: the shape 0x3 is an empty matrix at line 1, column 1"
    );
}

#[test]
fn shape_errors_are_input_errors() {
    // The binary maps both kinds to exit code 2: bad input.
    for a in [
        args("[[1,2],[3,4]]", "3x3"),
        ConvArgs {
            stride: (1, 0),
            ..seed()
        },
    ] {
        assert!(matches!(conv::run(&a), Err(Error::Usage(_))), "{a:?}");
    }
    for a in [args("[[1,2],[3]]", "[[1]]"), args("0x2", "[[1]]")] {
        assert!(
            matches!(conv::run(&a), Err(Error::InArgument { .. })),
            "{a:?}"
        );
    }
}

// ---------------------------------------------------------------- the benchmark case

fn weights_32x32() -> WeightMatrix {
    let spec = ConvSpec {
        padding: (1, 1),
        ..ConvSpec::default()
    };
    let geometry = Geometry::new((32, 32), (3, 3), spec).unwrap();
    WeightMatrix::build(
        &geometry,
        &Matrix::symbols("f", 3, 3),
        VecOrder::Row,
        Basis::Padded,
    )
}

#[test]
fn weights_for_32x32_are_sparse() {
    let w = weights_32x32();
    assert_eq!(w.shape(), (1024, 1156));
    let stored: usize = (0..w.shape().0).map(|r| w.row(r).count()).sum();
    assert_eq!(stored, 1024 * 9);
    let s = w.sparsity();
    assert!(s.uses.iter().all(|(_, n)| *n == 1024));
    assert_eq!(s.parameters(), 9);
    assert_eq!(s.dense_parameters(), 1024 * 1156);
}

/// Run with `cargo test --release --test conv -- --ignored --nocapture`.
#[test]
#[ignore = "timing; run in release mode"]
fn time_weights_for_32x32() {
    let runs = 200;
    let start = std::time::Instant::now();
    for _ in 0..runs {
        std::hint::black_box(weights_32x32());
    }
    let each = start.elapsed() / runs;
    println!("W for 32x32 input, 3x3 kernel, padding (1,1): {each:?} per build");
    assert!(each < std::time::Duration::from_millis(10));
}

// ---------------------------------------------------------------- snapshots

/// What must hold before a printed derivation is worth a snapshot: it verified, the
/// result reads back as the matrix it claims, every LaTeX environment is closed.
fn assert_invariants(out: &conv::ConvOutput) {
    assert!(out.verified, "{}", out.statement);
    let result = out.result_text();
    if !result.contains("...") {
        let back = crate::parse::parse_matrix(&result, &Default::default()).unwrap();
        let back: Vec<Vec<String>> = back
            .iter()
            .map(|r| r.iter().map(crate::to_text).collect())
            .collect();
        assert_eq!(back, out.matrix_json());
    }
    let latex = out.to_latex(true);
    for env in ["document", "gather*", "pmatrix"] {
        assert_eq!(
            latex.matches(&format!("\\begin{{{env}}}")).count(),
            latex.matches(&format!("\\end{{{env}}}")).count(),
            "{env}"
        );
    }
    assert_eq!(latex.matches('{').count(), latex.matches('}').count());
    // Every formula renders: each step's LaTeX, and each display block of the document.
    let json = out.to_json();
    let mut formulas: Vec<String> = json["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|s| s["latex"].as_str().expect("latex").to_string())
        .collect();
    for block in out.to_latex(false).split("\\begin{gather*}").skip(1) {
        let body = block.split("\\end{gather*}").next().expect("closed block");
        formulas.push(format!("\\begin{{gathered}}{body}\\end{{gathered}}"));
    }
    common::assert_katex_renders(&formulas);
    common::assert_pdflatex_compiles(&latex);
}

fn command_line(a: &ConvArgs) -> String {
    let mut cmd = format!(
        "stepwise conv --input '{}' --kernel '{}' --padding {},{} --stride {},{}",
        a.input, a.kernel, a.padding.0, a.padding.1, a.stride.0, a.stride.1
    );
    if a.flip {
        cmd.push_str(" --flip");
    }
    if a.matrix {
        cmd.push_str(&format!(" --matrix --order {}", a.order.name()));
    }
    if a.unpadded {
        cmd.push_str(" --unpadded");
    }
    cmd
}

/// One Markdown snapshot per fixture: the command, the text, the LaTeX fragment.
fn snapshot(name: &str, a: &ConvArgs) {
    let out = run(a);
    assert_invariants(&out);
    let body = format!(
        "# {name}\n\n```sh\n{}\n```\n\n## Text\n\n```text\n{}```\n\n## LaTeX\n\n```latex\n{}```\n",
        command_line(a),
        out.to_text(),
        out.to_latex(false)
    );
    common::snapshot_settings().bind(|| insta::assert_snapshot!(name, body));
}

#[test]
fn snapshot_seed_direct() {
    snapshot("conv_seed_text", &seed());
}

#[test]
fn snapshot_seed_matrix_row() {
    snapshot("conv_seed_matrix_row", &seed_matrix(VecOrder::Row));
}

#[test]
fn snapshot_seed_matrix_column() {
    snapshot("conv_seed_matrix_column", &seed_matrix(VecOrder::Column));
}

#[test]
fn snapshot_seed_matrix_unpadded() {
    snapshot(
        "conv_seed_matrix_unpadded",
        &ConvArgs {
            unpadded: true,
            ..seed_matrix(VecOrder::Row)
        },
    );
}

#[test]
fn snapshot_symbolic_stride_flip() {
    snapshot(
        "conv_symbolic_stride_flip",
        &ConvArgs {
            padding: (1, 1),
            stride: (2, 2),
            flip: true,
            ..args("3x3", "[[1, 0], [0, -1]]")
        },
    );
}

#[test]
fn snapshot_large_weight_matrix_is_elided() {
    snapshot(
        "conv_large_matrix_elided",
        &ConvArgs {
            padding: (1, 1),
            matrix: true,
            ..args("5x5", "3x3")
        },
    );
}

#[test]
fn snapshot_seed_json() {
    let out = run(&seed());
    assert_invariants(&out);
    let json = serde_json::to_string_pretty(&out.to_json()).unwrap();
    common::snapshot_settings().bind(|| insta::assert_snapshot!("conv_seed_json", json));
}

// ---------------------------------------------------------------- options, checks, elision

#[derive(clap::Parser)]
struct Cli {
    #[command(flatten)]
    conv: ConvArgs,
}

#[test]
fn options_parse_from_the_command_line() {
    use clap::Parser;
    let cli = Cli::try_parse_from([
        "stepwise",
        "--input",
        "2x3",
        "--kernel",
        "3x1",
        "--padding",
        "1,0",
        "--matrix",
        "--order",
        "column",
    ])
    .unwrap();
    assert_eq!(
        cli.conv,
        ConvArgs {
            order: VecOrder::Column,
            ..seed_matrix(VecOrder::Row)
        }
    );
    let cli = Cli::try_parse_from([
        "stepwise", "--input", "[[1]]", "--kernel", "[[1]]", "--stride", "2", "--flip",
    ])
    .unwrap();
    assert_eq!(cli.conv.stride, (2, 2));
    assert_eq!(cli.conv.padding, (0, 0));
    assert!(cli.conv.flip && !cli.conv.matrix && !cli.conv.unpadded);
    assert!(Cli::try_parse_from([
        "stepwise",
        "--input",
        "1x1",
        "--kernel",
        "1x1",
        "--padding",
        "a,1"
    ])
    .is_err());
    assert!(Cli::try_parse_from([
        "stepwise", "--input", "1x1", "--kernel", "1x1", "--order", "diagonal"
    ])
    .is_err());
}

#[test]
fn expansion_tells_bilinear_forms_apart() {
    let p = |s: &str| crate::parse::parse_expr(s, &Default::default()).unwrap();
    assert_eq!(
        super::check::expand(&p("(a + b)(a - b)")),
        super::check::expand(&p("a^2 - b^2"))
    );
    assert_eq!(
        super::check::expand(&p("f_1 x_1 + f_2 x_2 + 0 f_3")),
        super::check::expand(&p("x_2 f_2 + x_1 f_1"))
    );
    assert_ne!(
        super::check::expand(&p("f_1 x_1 + f_2 x_2")),
        super::check::expand(&p("f_1 x_2 + f_2 x_1"))
    );
}

#[test]
fn large_weight_matrices_are_elided_for_readers_but_complete_for_tools() {
    let out = run(&ConvArgs {
        matrix: true,
        ..args("17x17", "3x3")
    });
    assert!(out.verified);
    let text = out.to_text();
    assert!(text.contains("W is 225 x 289: elided"), "{text}");
    let latex = out.to_latex(false);
    assert!(latex.contains(r"\cdots") && latex.contains(r"\vdots") && latex.contains(r"\ddots"));
    assert!(latex.contains("W is 225 x 289: elided"));
    let json = out.to_json();
    assert_eq!(json["matrix"].as_array().unwrap().len(), 225);
    assert!(json["matrix"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r.as_array().unwrap().len() == 289));
    assert!(json["result"].as_str().unwrap().contains("..."));
}

#[test]
fn seed_latex_keeps_the_products() {
    let latex = run(&seed()).to_latex(true);
    assert!(
        latex.contains(r"s_{11} = 2 \cdot 0 + 4 \cdot 4 + (-1) \cdot 3 = 13"),
        "{latex}"
    );
    assert!(latex.starts_with(r"\documentclass{article}"));
    assert!(latex.trim_end().ends_with(r"\end{document}"));
}
