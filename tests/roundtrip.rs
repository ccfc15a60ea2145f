//! The plain-text printer writes the input language: whatever it prints parses back to
//! the same expression (structural equality, not just "equal up to order"), and
//! printing is idempotent. Checked on hand-picked inputs and on every step of real
//! derivations and proofs; the seeded random trees, built through the smart
//! constructors the rules use, are a unit test in `src/print/random_roundtrip_tests.rs`.

mod common;

use common::{assert_derivation_roundtrips, assert_roundtrip};
use stepwise::selfcheck::tree;
use stepwise::{to_text, Derivation, Expr, Outcome};

/// Parse `src`, panicking with the message on failure.
fn p(src: &str) -> Expr {
    src.parse()
        .unwrap_or_else(|e| panic!("`{src}` does not parse: {e}"))
}

// ---------------------------------------------------------------- hand-picked inputs

#[rustfmt::skip]
const INPUTS: &[&str] = &[
    // precedence and associativity
    "a + b * c", "(a + b) * c", "a - b - c", "a - (b - c)", "a - (b + c)",
    "a / b / c", "a / (b / c)", "a / (b c)", "a b / c", "a^b^c", "(a^b)^c",
    "a^(b + c)", "a^(b c)", "a^(b / c)", "(a b)^c", "(a / b)^c", "(a + b)^2",
    // unary minus
    "-x^2", "(-x)^2", "-x", "-(x + y)", "x - -y", "x * -y", "-x y", "-(x / y)",
    "x^-1", "x^(-1)", "2^-x", "-2^x", "(-2)^x", "a - (-b)",
    // implicit multiplication
    "2x", "2 x y", "2 sigma(2x)", "p_j (1 - p_i)", "x (1 - x)", "a2 (b + c)",
    "3 (x + 1) (x - 1)", "sin(x) cos(x)",
    // fractions
    "1 / x", "(1 / x) / (1 / y)", "(a / b) / (c / d)", "1 / (1 + 1 / x)",
    "(x + 1) / (x - 1)", "2 / 3", "2 / 3 x", "x / 2", "-1 / x", "1 - 1 / x",
    // powers of negatives and rationals
    "(-1)^n", "(-x)^3", "(1/2)^x", "(2/3)^(1/2)", "x^(1/2)", "x^(-1/2)", "x^0.5",
    "(-1/2)^2", "(x^2)^(1/2)",
    // functions
    "exp(-x)", "log(1 + exp(x))", "sqrt(x^2 + 1)", "tanh(tanh(x))", "sigma(-x)",
    "sin(x)^2 + cos(x)^2", "sinh(x) / cosh(x)", "tan(2x + 1)",
    // derivatives
    "d/dx x sin(x)", "d/dx x + 1", "d/dx (x + 1)", "(d/dx x) y", "d/dx_i x_i^2",
    "d/dx d/dy x y", "d/dx x / y", "2 d/dx x^2", "y d/dx x^2",
    // sums, indices, delta
    "sum_k exp(x_k)", "sum_{k=1}^{n} k x_k", "exp(x_j) / sum_k exp(x_k)",
    "sum_k x_k + 1", "(sum_k x_k) y", "sum_{i=0}^{10} w_i", "sum_{k=2}^{n + 1} x_k",
    "delta_ij", "delta_{i,j}", "p_j (delta_ij - p_i)", "w_1 + w_12", "x_{k1,2}",
    // decimals and exact numbers
    "0.25", "0.25 x", "1.5 + x", "x^2.5", "100000000000000000000 x", "1/3 + x",
];

#[test]
fn hand_picked_inputs_roundtrip() {
    assert!(INPUTS.len() >= 60, "{} inputs", INPUTS.len());
    for src in INPUTS {
        assert_roundtrip(&p(src), src);
    }
}

#[test]
fn documented_precedence_is_kept() {
    // Each form reads as the same tree as its fully bracketed meaning, and as a
    // different tree from the other reading.
    // `-x^2` is `-(x^2)`: unary minus binds looser than `^`.
    assert_eq!(p("-x^2"), p("-(x^2)"));
    assert_ne!(p("-x^2"), p("(-x)^2"));
    // `d/dx` takes the product that follows it, not the sum.
    assert_eq!(p("d/dx x sin(x)"), p("d/dx (x sin(x))"));
    assert_ne!(p("d/dx x sin(x)"), p("(d/dx x) sin(x)"));
    assert_eq!(p("d/dx x + 1"), p("(d/dx x) + 1"));
    assert_ne!(p("d/dx x + 1"), p("d/dx (x + 1)"));
    // Decimals are exact.
    assert_eq!(p("0.25"), p("1/4"));
    assert_eq!(to_text(&p("0.25")), "1/4");
}

// ---------------------------------------------------------------- real derivations

const DERIVE: &[&str] = &[
    "sigma(x)",
    "tanh(x)",
    "x^3 sin(2x) / (1 + exp(-x))",
    "x^2",
    "x sin(x)",
    "exp(-x^2)",
    "log(1 + exp(x))",
    "sqrt(1 + x^2)",
    "1 / x",
    "x^(1/2)",
    "x^(2x)",
    "sin(x) cos(x)",
    "tan(x)",
    "sinh(2x) cosh(x)",
    "(x + 1) / (x - 1)",
    "exp(x) / (exp(x) + exp(y))",
    "sigma(2x - 1)^2",
    "tanh(tanh(x))",
    "2 sigma(2x) - 1",
    "-x^2 + 3x - 1/2",
    "0.25 x^4",
    "log(x) / x",
];

fn assert_steps_roundtrip(d: &Derivation, what: &str) {
    assert!(d.steps.len() >= 2, "{what}: only {} step", d.steps.len());
    assert_derivation_roundtrips(d, what);
    // The statement as printed parses too.
    let statement = d.statement.split(" = ").next().expect("a statement");
    statement
        .parse::<Expr>()
        .unwrap_or_else(|e| panic!("{what}: statement `{}` does not parse: {e}", d.statement));
}

#[test]
fn every_step_of_derive_roundtrips() {
    for src in DERIVE {
        let d = stepwise::derive(src, "x").unwrap_or_else(|e| panic!("derive {src}: {e}"));
        assert_steps_roundtrip(&d, &format!("derive {src}"));
    }
}

#[test]
fn every_step_of_the_sheet_proofs_roundtrips() {
    for eq in [
        "d/dx tanh(x) = 1 - tanh(x)^2",
        "tanh(x) = 2 sigma(2x) - 1",
        "d/dx sigma(x) = sigma(x) (1 - sigma(x))",
        "sigma(-x) = 1 - sigma(x)",
        "cosh(x)^2 - sinh(x)^2 = 1",
        "(x^2 - 1) / (x - 1) = x + 1",
    ] {
        match stepwise::prove(eq).unwrap_or_else(|e| panic!("prove {eq}: {e}")) {
            Outcome::Proven(d) => assert_steps_roundtrip(&d, &format!("prove {eq}")),
            Outcome::NotProven { .. } => panic!("{eq} was not proven"),
        }
    }
}

// ---------------------------------------------------------------- former bugs
//
// Each test pins a disagreement between the printer and the parser that the tests
// above once found, so it cannot come back.

#[test]
fn bare_name_before_bracket_is_an_ordinary_factor() {
    // `x (1 + x)^2` must mean x * (1 + x)^2, not (x (1 + x))^2.
    assert_eq!(tree(&p("x (1 + x)^2")), tree(&p("x * (1 + x)^2")));
    // `x^y (1 + x)` must mean x^y * (1 + x), not x^(y (1 + x)), under every power.
    assert_eq!(tree(&p("x^y (1 + x)")), tree(&p("x^y * (1 + x)")));
    assert_eq!(tree(&p("a^x^y (1 + x)")), tree(&p("a^x^y * (1 + x)")));
    assert_eq!(tree(&p("a^b^x^y (1 + x)")), tree(&p("a^b^x^y * (1 + x)")));
    assert_eq!(tree(&p("x (1)^y (2)")), tree(&p("x * 1^y * 2")));
    assert_eq!(tree(&p("a^x (1 + y)^2")), tree(&p("a^x * (1 + y)^2")));
    // The engine prints such steps: the derivative of x^x is `x^x (log(x) + 1)`.
    for src in ["x^x", "x^2 (1 + x)^3", "sigma(x)^x"] {
        let d = stepwise::derive(src, "x").unwrap();
        assert_steps_roundtrip(&d, &format!("derive {src}"));
    }
}

#[test]
fn long_name_before_bracket_roundtrips() {
    // `ab * (x + 1)` prints as `ab (x + 1)`, refused as "unknown function `ab`".
    assert_roundtrip(&p("ab * (x + 1)"), "ab * (x + 1)");
    // A power of a bracket opens with the bracket too: `ab (1/2)^100` is refused the same.
    assert_roundtrip(&p("ab * (1/2)^100 x"), "ab * (1/2)^100 x");
    assert_roundtrip(&p("ab * (x + 1)^2"), "ab * (x + 1)^2");
    // So does a power whose exponent is a long name (found by the derive fuzzer).
    assert_roundtrip(&p("EE^EE * (x + 1)"), "EE^EE * (x + 1)");
    assert_roundtrip(&p("x^y^ab * (x + 1)"), "x^y^ab * (x + 1)");
    let d = stepwise::derive("ab 0.5^100 x", "x").unwrap();
    assert_steps_roundtrip(&d, "derive ab 0.5^100 x");
}

#[test]
fn subscripts_read_back_as_the_same_indices() {
    // The short form reads a letter as an index and a run of digits as one number, so
    // a long index name and two numbers side by side are printed in braces.
    for (src, printed) in [
        ("x_{k1}", "x_{k1}"),
        ("LG_{dKKnnnn}", "LG_{dKKnnnn}"),
        ("x_{1,2}", "x_{1,2}"),
        ("delta_{1,2}", "delta_{1,2}"),
        ("x_12", "x_12"),
        ("x_i12", "x_i12"),
        ("x_{12,i}", "x_12i"),
        ("delta_ij", "delta_ij"),
        ("delta_{i,1}", "delta_i1"),
    ] {
        assert_eq!(stepwise::to_text(&p(src)), printed, "{src}");
        assert_roundtrip(&p(src), src);
    }
}

#[test]
fn division_takes_the_one_factor_after_it() {
    // `/` and juxtaposition bind equally and group from the left, and a one-letter
    // name before a bracket is juxtaposition like any other: all three are (a / y) z.
    let left = tree(&p("(a / y) z"));
    assert_eq!(tree(&p("a / y z")), left);
    assert_eq!(tree(&p("a / y(z)")), left);
    assert_eq!(tree(&p("a / y (z)")), left);
    assert_eq!(tree(&p("a / y(z + 1)^2")), tree(&p("(a / y) (z + 1)^2")));
    // A denominator of several factors is bracketed, and prints so.
    assert_ne!(tree(&p("a / (y z)")), left);
    assert_eq!(stepwise::to_text(&p("a / (y z)")), "a / (y z)");
    assert_eq!(stepwise::to_text(&p("a / y(z)")), "(a / y) z");
    assert_roundtrip(&p("a / y(z)"), "a / y(z)");
}

#[test]
fn numerator_ending_in_a_prefix_form_roundtrips() {
    // `(a d/dx x) / y` prints as `a d/dx x / y`, which reads as a d/dx (x / y).
    assert_roundtrip(&p("(a d/dx x) / y"), "(a d/dx x) / y");
    assert_roundtrip(&p("(2 sum_k x_k) / n"), "(2 sum_k x_k) / n");
    // derive prints the same shape as its statement.
    let d = stepwise::derive("(x d/dx x) / y", "x").unwrap();
    assert_steps_roundtrip(&d, "derive (x d/dx x) / y");
}
