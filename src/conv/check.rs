//! The checks behind `verified`. A convolution is bilinear in kernel and input, so both
//! sides of every claimed equality are polynomials: they are expanded to sums of
//! monomials with exact coefficients and compared exactly, and in addition compared by
//! the project's numeric check at random points, as every other step is.

use super::compute::{convolve, folded_sum, unfolded_sum, Entry};
use super::matrix::Matrix;
use super::spec::ConvSpec;
use super::weights::{Basis, WeightMatrix};
use crate::eval::Rng;
use crate::expr::{Expr, Node, Rational};
use crate::verify::{compare, CheckContext, Verdict};
use num_traits::{ToPrimitive, Zero};
use std::collections::BTreeMap;

/// Highest integer power expanded by multiplying out; higher powers stay atoms. Kernel
/// and input entries are rarely powers at all, this only bounds the work.
const MAX_EXPANDED_POWER: u32 = 8;

/// Seeds and range of the random integer inputs for the numeric check of W.
const RANDOM_INPUTS: [u64; 2] = [0xC0, 0x1F];
const RANDOM_RANGE: (i64, i64) = (-9, 9);

/// A polynomial over atoms: each monomial is the sorted list of its atoms (with
/// repetition), mapped to its nonzero coefficient. Anything that is not a sum, product,
/// number or small power (a symbol, `sin(y)`, a quotient by a non-number) is an atom.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Polynomial(BTreeMap<Vec<Expr>, Rational>);

impl Polynomial {
    fn constant(c: Rational) -> Polynomial {
        let mut p = Polynomial::default();
        p.add_term(Vec::new(), c);
        p
    }

    fn atom(e: &Expr) -> Polynomial {
        let mut p = Polynomial::default();
        p.add_term(vec![e.canonical()], Rational::from_integer(1.into()));
        p
    }

    fn add_term(&mut self, monomial: Vec<Expr>, c: Rational) {
        let sum = self.0.remove(&monomial).unwrap_or_else(Rational::zero) + c;
        if !sum.is_zero() {
            self.0.insert(monomial, sum);
        }
    }

    fn plus(mut self, other: &Polynomial) -> Polynomial {
        for (m, c) in &other.0 {
            self.add_term(m.clone(), c.clone());
        }
        self
    }

    fn times(&self, other: &Polynomial) -> Polynomial {
        let mut out = Polynomial::default();
        for (m1, c1) in &self.0 {
            for (m2, c2) in &other.0 {
                let mut m: Vec<Expr> = m1.iter().chain(m2).cloned().collect();
                m.sort();
                out.add_term(m, c1 * c2);
            }
        }
        out
    }
}

/// `e` multiplied out.
pub fn expand(e: &Expr) -> Polynomial {
    match e.node() {
        Node::Num(n) => Polynomial::constant(n.clone()),
        Node::Add(xs) => xs
            .iter()
            .fold(Polynomial::default(), |acc, x| acc.plus(&expand(x))),
        Node::Mul(xs) => xs.iter().fold(
            Polynomial::constant(Rational::from_integer(1.into())),
            |acc, x| acc.times(&expand(x)),
        ),
        Node::Div(a, b) => match b.as_num().filter(|n| !n.is_zero()) {
            Some(n) => expand(a).times(&Polynomial::constant(n.recip())),
            None => Polynomial::atom(e),
        },
        Node::Pow(base, exp) => {
            let small = exp
                .as_small_int()
                .and_then(|k| k.to_u32())
                .filter(|k| *k <= MAX_EXPANDED_POWER);
            match small {
                Some(k) => {
                    let b = expand(base);
                    (0..k).fold(
                        Polynomial::constant(Rational::from_integer(1.into())),
                        |acc, _| acc.times(&b),
                    )
                }
                None => Polynomial::atom(e),
            }
        }
        _ => Polynomial::atom(e),
    }
}

/// `a = b` exactly as polynomials, and at random points.
pub fn equal(a: &Expr, b: &Expr) -> bool {
    expand(a) == expand(b) && compare(a, b, &CheckContext::default()) == Verdict::Agree
}

/// Every entry's written-out sum of products equals its folded value.
pub fn entries_add_up(entries: &[Entry]) -> bool {
    entries.iter().all(|e| equal(&e.unfolded(), &e.value))
}

/// `W x = s` holds: row `i` of W times `x` is the direct convolution's entry `i`,
/// symbolically for the given `x` and `direct` (computed over the grid x vectorizes),
/// and numerically for random integer inputs of the input's shape, zero padded.
pub fn weights_match(
    w: &WeightMatrix,
    x: &[Expr],
    direct: &[Entry],
    input_shape: (usize, usize),
    kernel: &Matrix,
    spec: ConvSpec,
) -> bool {
    let symbolic = w
        .products(x)
        .iter()
        .zip(direct)
        .all(|(row, entry)| equal(&unfolded_sum(row), &entry.value));
    symbolic
        && RANDOM_INPUTS
            .iter()
            .all(|&seed| matches_on_random_input(w, input_shape, kernel, spec, seed))
}

fn matches_on_random_input(
    w: &WeightMatrix,
    (rows, cols): (usize, usize),
    kernel: &Matrix,
    spec: ConvSpec,
    seed: u64,
) -> bool {
    let mut rng = Rng::new(seed);
    let input = Matrix::from_fn(rows, cols, |_, _| {
        Expr::int(rng.int(RANDOM_RANGE.0, RANDOM_RANGE.1))
    });
    let Ok(direct) = convolve(&input, kernel, spec) else {
        return false;
    };
    let grid = match w.basis {
        Basis::Padded => input.zero_padded(spec.padding),
        Basis::Unpadded => input,
    };
    let x = w.order.vectorize(&grid);
    w.products(&x)
        .iter()
        .zip(&direct.entries)
        .all(|(row, entry)| equal(&folded_sum(row), &entry.value))
}
