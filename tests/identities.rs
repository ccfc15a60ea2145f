//! `prove` on identities that hold and on some that do not. A true identity must be
//! proven by a verified chain ending in the right-hand side as written; a false one
//! must be refused with a point where the sides differ.

use stepwise::Outcome;

const TRUE: &[&str] = &[
    "d/dx tanh(x) = 1 - tanh(x)^2",
    "tanh(x) = 2 sigma(2x) - 1",
    "d/dx sigma(x) = sigma(x) (1 - sigma(x))",
    "sigma(-x) = 1 - sigma(x)",
    "cosh(x)^2 - sinh(x)^2 = 1",
    "d/dx sinh(x) = cosh(x)",
    "d/dx cosh(x) = sinh(x)",
    "tanh(x) = sinh(x) / cosh(x)",
    "tanh(-x) = -tanh(x)",
    "d/dx x^2 = 2x",
    "d/dx log(x) = 1/x",
    "(x^2 - 1) / (x - 1) = x + 1",
    "d/dx exp(2x) = 2 exp(2x)",
    "1 - sigma(x) = sigma(-x)",
    "d/dx tanh(2x) = 2 - 2 tanh(2x)^2",
    "sin(x)^2 + cos(x)^2 = 1",
    "d/dx tan(x) = 1 + tan(x)^2",
    "d/dx tan(x) = 1 / cos(x)^2",
    "d/dx log(cosh(x)) = tanh(x)",
    "sigma(x) = (1 + tanh(x / 2)) / 2",
    "1 - tanh(x)^2 = 4 sigma(2x) (1 - sigma(2x))",
    "d/dz -(y log(sigma(z)) + (1 - y) log(1 - sigma(z))) = sigma(z) - y",
    "tanh(x + y) = (tanh(x) + tanh(y)) / (1 + tanh(x) tanh(y))",
    "sinh(2x) = 2 sinh(x) cosh(x)",
    "1 - tanh(x)^2 = 1 / cosh(x)^2",
    // A logarithm of a sum, an exponential taken out of it: the log-sum-exp of two
    // terms, and softplus(x) = x + softplus(-x).
    "log(exp(a) + exp(b)) = a + log(1 + exp(b - a))",
    "log(exp(a) + exp(b)) = b + log(exp(a - b) + 1)",
    "log(1 + exp(x)) = x + log(1 + exp(-x))",
    // The same under a minus sign: the log-sigmoid written both ways.
    "log(sigma(x)) = x - log(1 + exp(x))",
    "-log(1 + exp(-x)) = x - log(1 + exp(x))",
    "log(exp(x) / (1 + exp(x))) = log(sigma(x))",
    // An exponential of logarithms is a power, or a product.
    "exp(-log(x)) = 1 / x",
    "exp(2 log(x)) = x^2",
    "exp(x + log(y)) = y exp(x)",
    // The delta is symmetric.
    "d/dx_j x_i = delta_ij",
    "delta_ij x_i = delta_ji x_i",
    // Where the delta is not 0 its two indices are one.
    "x_i delta_ij = x_j delta_ij",
    "delta_ij (x_i + y_j) = delta_ij (x_j + y_i)",
];

const FALSE: &[&str] = &[
    "tanh(x) = 2 sigma(x) - 1",
    "d/dx tanh(x) = 1 + tanh(x)^2",
    "sigma(-x) = sigma(x)",
    "d/dx x^3 = 3x",
    "cosh(x)^2 + sinh(x)^2 = 1",
    "sin(x)^2 - cos(x)^2 = 1",
    "d/dx log(sigma(x)) = sigma(x)",
    // The exponential taken out of the wrong side of the difference.
    "log(exp(a) + exp(b)) = a + log(1 + exp(a - b))",
];

fn rhs_of(src: &str) -> String {
    let (_, rhs) = src
        .split_once('=')
        .unwrap_or_else(|| panic!("{src} is not an equation"));
    rhs.parse::<stepwise::Expr>().unwrap().to_string()
}

#[test]
fn true_identities_are_proven() {
    let mut failures = Vec::new();
    for src in TRUE {
        match stepwise::prove(src) {
            Ok(Outcome::Proven(d)) => {
                assert!(d.verified, "{src}: unverified steps");
                assert_eq!(stepwise::to_text(d.result()), rhs_of(src), "{src}");
                assert!(d.steps.len() <= 30, "{src}: {} steps", d.steps.len());
            }
            Ok(Outcome::NotProven {
                lhs_reached,
                rhs_reached,
                ..
            }) => failures.push(format!(
                "{src}: not proven ({} vs {})",
                stepwise::to_text(&lhs_reached),
                stepwise::to_text(&rhs_reached)
            )),
            Err(e) => failures.push(format!("{src}: {e}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn false_identities_are_refused_with_a_counterexample() {
    for src in FALSE {
        match stepwise::prove(src) {
            Ok(Outcome::NotProven {
                counterexample: Some(c),
                ..
            }) => {
                assert!((c.lhs - c.rhs).abs() > 1e-6, "{src}: {c:?}");
                assert!(!c.at.is_empty());
            }
            other => panic!("{src}: expected a counterexample, got {other:?}"),
        }
    }
}

/// The rule of each step of the proof of `src`, which must be proven.
fn rule_names(src: &str) -> Vec<String> {
    let Outcome::Proven(d) = stepwise::prove(src).unwrap() else {
        panic!("{src}: not proven")
    };
    d.steps[1..]
        .iter()
        .map(|s| s.rule_name().unwrap())
        .collect()
}

#[test]
fn tanh_derivative_takes_the_seed_path() {
    let rules = rule_names("d/dx tanh(x) = 1 - tanh(x)^2");
    assert_eq!(rules[0], "definition of tanh");
    assert_eq!(rules[1], "quotient rule, derivative of exp, chain rule");
    assert_eq!(*rules.last().unwrap(), "definition of tanh");
    assert!(rules.len() <= 7, "{} steps", rules.len());
}

/// An odd function's sign is one step: `(exp(-x) - exp(x)) / (exp(-x) + exp(x))`
/// takes the minus sign out of its numerator. Before that rule, the two sides' normal
/// forms differed by the sign and were joined by a cross-multiplication, a jump no
/// reader can follow.
#[test]
fn the_sign_of_an_odd_function_is_taken_out_of_the_numerator() {
    let rules = rule_names("tanh(-x) = -tanh(x)");
    assert_eq!(
        rules,
        [
            "definition of tanh",
            "take the minus sign out of the numerator",
            "definition of tanh"
        ]
    );
}

/// A difference of squares is factored in one step, as a teacher writes it: the
/// product multiplied out, read backwards. Without that reading the proof split
/// `exp(2 x)` into `exp(x) exp(x)` and factored twice.
#[test]
fn a_double_angle_is_factored_as_a_difference_of_squares() {
    let rules = rule_names("sinh(2x) = 2 sinh(x) cosh(x)");
    assert!(rules.iter().any(|r| r == "factor"), "{rules:?}");
    assert!(
        !rules.iter().any(|r| r == "split the exponential"),
        "{rules:?}"
    );
    assert!(rules.len() <= 5, "{rules:?}");
}

/// `1 - tanh^2 = 1 / cosh^2` as a teacher shows it: tanh as a quotient of sinh and
/// cosh, one fraction, and the hyperbolic Pythagorean identity. Through the
/// exponentials it took ten steps, expanding squares and folding them back.
#[test]
fn one_minus_tanh_squared_meets_the_hyperbolic_pythagorean_identity() {
    let rules = rule_names("1 - tanh(x)^2 = 1 / cosh(x)^2");
    assert_eq!(
        rules,
        [
            "tanh as sinh over cosh",
            "power of a quotient",
            "common denominator",
            "Pythagorean identity"
        ]
    );
}

/// A derivative of a function with a known derivative is taken before any definition
/// is unfolded, where the proof needs the definitions only after it: `2 cosh(x)
/// sinh(x)` first, then its exponentials; `sinh / cosh` read as `tanh` at the end.
#[test]
fn known_derivatives_come_before_the_definitions() {
    let rules = rule_names("d/dx cosh(x)^2 = sinh(2x)");
    assert_eq!(rules[0], "chain rule, power rule, derivative of cosh");
    let rules = rule_names("d/dx log(cosh(a x)) / a = tanh(a x)");
    assert!(
        !rules.iter().any(|r| r.starts_with("definition")),
        "{rules:?}"
    );
    assert!(rules.len() <= 3, "{rules:?}");
}

/// A derivative whose inner derivative is a fraction (`d/dx x / 2 = 1/2`) comes out
/// with the coefficient `1/2` in front, and a goal written over 2 is reached by
/// writing it as one fraction: the proof was joined by cross-multiplication, a
/// step no teacher writes for `1/2 u = u / 2`.
#[test]
fn a_fractional_coefficient_is_written_over_its_denominator() {
    let rules = rule_names("d/dx tanh(x/2) = (1 - tanh(x/2)^2) / 2");
    assert_eq!(
        rules,
        ["chain rule, derivative of tanh", "write as one fraction"]
    );
    let rules = rule_names("d/dx sigma(x/3) = sigma(x/3) (1 - sigma(x/3)) / 3");
    assert!(
        !rules.iter().any(|r| r.contains("cross-multiplication")),
        "{rules:?}"
    );
}
