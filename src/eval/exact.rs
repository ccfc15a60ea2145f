//! Exact comparison by modular signatures: a rational function of the symbols and of
//! exponentials of rational functions of them is evaluated modulo a prime p at
//! random points, with `exp(u)` read as `g^u`, where g has prime order q and `u` is
//! taken modulo q (Gonnet's signatures: `exp(a + b) = exp(a) exp(b)` holds there
//! exactly, as every identity of such functions does). p = 2q + 1 is a safe prime
//! between 2^60 and 2^61 drawn from the run's seed ([`super::prime`]), so that no
//! constant can be chosen to vanish modulo it. Two forms that differ as functions
//! agree at a random point with probability at most about their degree over q; with
//! powers of degree at most [`MAX_POWER`], agreement at [`POINTS`] points decides
//! equality with an error probability below 10^-30 for any expression a proof writes.
//! Logarithms, roots, trigonometric functions, derivatives and fractional
//! exponents have no such reading: those comparisons are left to the numeric check.

use super::prime::SafePrime;
use super::{IndexConstraint, Key, Point, Range};
use crate::expr::{Builtin, Expr, Func, Index, Kinds, Node, Rational};
use crate::fast_hash::FastMap;
use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// Points at which two forms must agree.
pub const POINTS: usize = 3;
const ATTEMPTS: u64 = 8;

/// What the modular signatures say about `a = b`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exact {
    /// Equal as functions (up to the stated error probability).
    Equal,
    /// Different as functions.
    Different,
    /// Not a rational function of exponentials, or no point defined both sides.
    NotApplicable,
}

/// Compare `a` and `b` exactly where both have a modular reading. Index variables
/// and dimensions are drawn as the numeric check draws them, within `constraints`.
pub fn compare(a: &Expr, b: &Expr, seed: u64, constraints: &[IndexConstraint]) -> Exact {
    // A derivative has no modular reading: known at once from the kinds, where
    // evaluating would find it only after the parts before it.
    if a.kinds().or(b.kinds()).meets(Kinds::DERIV) {
        return Exact::NotApplicable;
    }
    // Index values are few, not random field elements: the forms must agree at every
    // assignment of the free indices, not at a random one.
    let mut free = crate::expr::free_indices(a);
    for i in crate::expr::free_indices(b) {
        if !free.contains(&i) {
            free.push(i);
        }
    }
    if free.len() > MAX_FREE_INDICES {
        return Exact::NotApplicable;
    }
    let mut agreed = 0;
    for attempt in 0..ATTEMPTS {
        let point = Point::new(
            seed ^ (attempt + 1).wrapping_mul(0xA076_1D64_78BD_642F),
            Range::Unit,
        );
        point.prepare(&[a, b]);
        let d = point.dimension(&crate::expr::Symbol::plain(crate::parse::DEFAULT_UPPER));
        let dim = point.dims.borrow().values().copied().min().unwrap_or(d);
        let ev = Modular {
            field: SafePrime::for_seed(seed),
            point: &point,
            values: RefCell::default(),
            rng: RefCell::new(super::Rng::new(seed.rotate_left(7) ^ attempt)),
            known: RefCell::default(),
            powers_of_base: RefCell::default(),
            scope: Cell::new(INDEPENDENT + 1),
            scopes: Cell::new(INDEPENDENT + 1),
        };
        match every_assignment(&ev, &free, dim, constraints, &mut Vec::new(), a, b) {
            Ok(true) => agreed += 1,
            Ok(false) => return Exact::Different,
            Err(Unreadable) => return Exact::NotApplicable,
            Err(Pole) => {}
        }
        if agreed == POINTS {
            return Exact::Equal;
        }
    }
    Exact::NotApplicable
}

/// Free indices beyond this many make enumerating their values too dear.
const MAX_FREE_INDICES: usize = 3;

/// Do `a` and `b` agree for every value in `1..=dim` of the indices in `free`
/// (within the case constraints)?
fn every_assignment(
    ev: &Modular,
    free: &[Rc<str>],
    dim: i64,
    constraints: &[IndexConstraint],
    bound: &mut Vec<(Rc<str>, i64)>,
    a: &Expr,
    b: &Expr,
) -> Result<bool, Failure> {
    let Some((first, rest)) = free.split_first() else {
        let value = |name: &Rc<str>| bound.iter().find(|(n, _)| n == name).map(|(_, v)| *v);
        let respected = constraints.iter().all(|c| match c {
            IndexConstraint::Equal(x, y) => value(x) == value(y),
            IndexConstraint::Distinct(x, y) => value(x) != value(y),
        });
        if !respected {
            return Ok(true);
        }
        return Ok(ev.value(a)? == ev.value(b)?);
    };
    for k in 1..=dim {
        bound.push((first.clone(), k));
        let agree = ev.with_index(first, k, || {
            every_assignment(ev, rest, dim, constraints, bound, a, b)
        });
        bound.pop();
        if !agree? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Why a form has no value modulo p at a point.
enum Failure {
    /// No modular reading at all (a logarithm, a derivative).
    Unreadable,
    /// A denominator that vanishes modulo p here: another point may do.
    Pole,
}
use Failure::{Pole, Unreadable};

/// Integer powers above this have no modular reading: a power's degree bounds how
/// often two different forms agree by chance (and `x^(p-1)` is 1 modulo p).
pub const MAX_POWER: u64 = 1024;

struct Modular<'p> {
    field: SafePrime,
    point: &'p Point,
    values: RefCell<FastMap<Key, u64>>,
    rng: RefCell<super::Rng>,
    /// Values of shared subtrees, by address, modulus (p or q) and index scope: the
    /// forms of a proof repeat their parts (`sum_k exp(x_k)` in every factor of a
    /// softmax derivative), and each assignment of the free indices evaluates both
    /// sides again.
    known: RefCell<FastMap<(usize, bool, u64), u64>>,
    /// `g^u` by exponent: every `exp(x_k)` of every sum over `k` is one of few.
    powers_of_base: RefCell<FastMap<u64, u64>>,
    /// The index scope now: one number for each binding of the index values, so that
    /// what a subtree with indices is worth under one binding is not taken for
    /// another's. [`INDEPENDENT`] keys the subtrees without indices.
    scope: Cell<u64>,
    /// Scopes handed out so far.
    scopes: Cell<u64>,
}

/// The scope of subtrees without indices: their values hold under every binding.
const INDEPENDENT: u64 = 0;

impl Modular<'_> {
    /// `f` with the index `name` bound to `value`, in a scope of its own.
    fn with_index<T>(&self, name: &Rc<str>, value: i64, f: impl FnOnce() -> T) -> T {
        let outer = self.scope.get();
        self.scopes.set(self.scopes.get() + 1);
        self.scope.set(self.scopes.get());
        let out = self.point.with_index(name, value, f);
        self.scope.set(outer);
        out
    }

    /// A symbol's value: one random integer, read modulo p outside exponentials and
    /// modulo q inside them.
    fn symbol(&self, s: &crate::expr::Symbol) -> Result<u64, Failure> {
        if let Some(n) = self.point.size_of(s) {
            return Ok(n as u64);
        }
        // Values the numeric check fixes (an assumption) have no modular reading yet.
        let key = self.point.key(s).ok_or(Unreadable)?;
        if self.point.values.borrow().contains_key(&key) {
            return Err(Unreadable);
        }
        let mut values = self.values.borrow_mut();
        let v = values
            .entry(key)
            .or_insert_with(|| 1 + self.rng.borrow_mut().next_u64() % (self.field.p - 2));
        Ok(*v)
    }

    fn value(&self, e: &Expr) -> Result<u64, Failure> {
        self.eval(e, self.field.p)
    }

    /// `e` modulo `m`: p for values, q for exponents (both prime, so quotients and
    /// rational constants have a reading in both).
    fn eval(&self, e: &Expr, m: u64) -> Result<u64, Failure> {
        if !e.worth_remembering() {
            return self.eval_node(e, m);
        }
        let scope = if e.kinds().meets(Kinds::INDEXED.or(Kinds::DELTA)) {
            self.scope.get()
        } else {
            INDEPENDENT
        };
        let key = (e.address(), m == self.field.p, scope);
        if let Some(v) = self.known.borrow().get(&key) {
            return Ok(*v);
        }
        let v = self.eval_node(e, m)?;
        self.known.borrow_mut().insert(key, v);
        Ok(v)
    }

    fn eval_node(&self, e: &Expr, m: u64) -> Result<u64, Failure> {
        let exponent = m != self.field.p;
        match e.node() {
            Node::Num(n) => rational(n, m),
            Node::Sym(s) => Ok(self.symbol(s)? % m),
            Node::Add(xs) => xs
                .iter()
                .try_fold(0, |acc, x| Ok(add(acc, self.eval(x, m)?, m))),
            Node::Mul(xs) => xs
                .iter()
                .try_fold(1, |acc, x| Ok(mul(acc, self.eval(x, m)?, m))),
            Node::Div(a, b) => {
                let d = self.eval(b, m)?;
                if d == 0 {
                    return Err(Pole);
                }
                Ok(mul(self.eval(a, m)?, inverse(d, m), m))
            }
            Node::Pow(base, k) => {
                let k = k.as_num().filter(|k| k.is_integer()).ok_or(Unreadable)?;
                let k = k.to_integer().to_i64().ok_or(Unreadable)?;
                if k.unsigned_abs() > MAX_POWER {
                    return Err(Unreadable);
                }
                let b = self.eval(base, m)?;
                if k >= 0 {
                    Ok(power(b, k as u64, m))
                } else if b == 0 {
                    Err(Pole)
                } else {
                    Ok(power(inverse(b, m), k.unsigned_abs(), m))
                }
            }
            Node::Call(Func::Builtin(Builtin::Exp), args) if !exponent => {
                let u = self.eval(&args[0], self.field.q)?;
                let p = self.field.p;
                Ok(*self
                    .powers_of_base
                    .borrow_mut()
                    .entry(u)
                    .or_insert_with(|| power(SafePrime::BASE, u, p)))
            }
            Node::Delta(a, b) => Ok(u64::from(self.index(a) == self.index(b))),
            Node::Sum {
                index,
                lower,
                upper,
                body,
            } => {
                let terms = self.point.terms(lower, upper).ok_or(Unreadable)?;
                let mut total = 0;
                for k in terms {
                    let t = self.with_index(index, k, || self.eval(body, m))?;
                    total = add(total, t, m);
                }
                Ok(total)
            }
            Node::Equation(a, b) if !exponent => Ok(add(self.eval(a, m)?, m - self.eval(b, m)?, m)),
            _ => Err(Unreadable),
        }
    }

    fn index(&self, i: &Index) -> i64 {
        self.point.index_value(i)
    }
}

fn add(a: u64, b: u64, m: u64) -> u64 {
    ((a as u128 + b as u128) % m as u128) as u64
}

fn mul(a: u64, b: u64, m: u64) -> u64 {
    ((a as u128 * b as u128) % m as u128) as u64
}

fn power(mut b: u64, mut k: u64, m: u64) -> u64 {
    let mut out = 1 % m;
    b %= m;
    while k > 0 {
        if k & 1 == 1 {
            out = mul(out, b, m);
        }
        b = mul(b, b, m);
        k >>= 1;
    }
    out
}

/// The inverse of `a` (not a multiple of `m`) modulo a prime `m`, by the extended
/// Euclidean algorithm: a few dozen divisions where Fermat's `a^(m-2)` takes some
/// 120 multiplications modulo `m`.
fn inverse(a: u64, m: u64) -> u64 {
    // Below 2^62, the remainders and the coefficients (at most m in size) fit an i64.
    let (mut r0, mut r1) = (m as i64, (a % m) as i64);
    let (mut t0, mut t1) = (0i64, 1i64);
    while r1 != 0 {
        let q = r0 / r1;
        (r0, r1) = (r1, r0 - q * r1);
        (t0, t1) = (t1, t0 - q * t1);
    }
    debug_assert_eq!(r0, 1, "{a} has no inverse modulo {m}");
    t0.rem_euclid(m as i64) as u64
}

/// A rational modulo the prime `m`: a denominator that is a multiple of `m` is a pole.
fn rational(n: &Rational, m: u64) -> Result<u64, Failure> {
    let reduce = |i: &BigInt| -> u64 {
        let r = (i.abs() % BigInt::from(m)).to_u64().unwrap_or(0);
        if i.is_negative() && r != 0 {
            m - r
        } else {
            r
        }
    };
    let (num, den) = (reduce(n.numer()), reduce(n.denom()));
    if den == 1 {
        return Ok(num);
    }
    if den.is_zero() {
        return Err(Pole);
    }
    Ok(mul(num, inverse(den, m), m))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr;
    use crate::parse::{parse_expr, Names};

    fn exact(a: &str, b: &str) -> Exact {
        let p = |s: &str| parse_expr(s, &Names::default()).unwrap();
        compare(&p(a), &p(b), 42, &[])
    }

    #[test]
    fn rational_functions_of_exponentials_are_compared_exactly() {
        assert_eq!(exact("exp(x) exp(-x)", "1"), Exact::Equal);
        assert_eq!(exact("exp(2x)", "exp(x)^2"), Exact::Equal);
        assert_eq!(exact("(x^2 - 1) / (x - 1)", "x + 1"), Exact::Equal);
        assert_eq!(exact("1/3 + x", "x + 2/6"), Exact::Equal);
        assert_eq!(exact("sum_k delta_ik x_k", "x_i"), Exact::Equal);
        // Indices take few values: a delta that is 0 at random indices is not 0.
        assert_eq!(exact("2 delta_ij x", "-2 delta_ij x"), Exact::Different);
        assert_eq!(
            exact("sum_k delta_ik x_k", "sum_{k=2}^{d} delta_ik x_k"),
            Exact::Different
        );
        // A difference far below what floats resolve is still a difference.
        assert_eq!(exact("x + 1/10^15", "x"), Exact::Different);
        assert_eq!(exact("exp(x + y)", "exp(x) + exp(y)"), Exact::Different);
        assert_eq!(exact("log(x)", "log(x)"), Exact::NotApplicable);
        // Exponents are read modulo a prime: their quotients too.
        assert_eq!(exact("exp(x/2)^2", "exp(x)"), Exact::Equal);
        assert_eq!(
            exact("exp(x / y) exp(1 / y)", "exp((x + 1) / y)"),
            Exact::Equal
        );
        assert_eq!(exact("exp(x/2)", "exp(x)"), Exact::Different);
    }

    #[test]
    fn inverses_modulo_the_prime_multiply_to_one() {
        for seed in 0..4 {
            let p = SafePrime::for_seed(seed).p;
            let mut rng = crate::eval::Rng::new(seed);
            for a in [1, 2, p - 1, p - 2, (p - 1) / 2]
                .into_iter()
                .chain((0..200).map(|_| 1 + rng.next_u64() % (p - 1)))
            {
                assert_eq!(mul(a, inverse(a, p), p), 1, "{a} modulo {p}");
            }
        }
    }

    /// A subtree with an index, shared between places that bind the index to
    /// different values, is worth what its binding makes it at each: a sum of it is
    /// not its first term times the number of terms.
    #[test]
    fn shared_subtrees_with_indices_are_valued_per_binding() {
        let p = |s: &str| parse_expr(s, &Names::default()).unwrap();
        // Held here as well as in the sum, so that the evaluation remembers it.
        let body = p("exp(2 x_k + 1) / (1 + x_k^2 + x_k^3)");
        let sum = expr::sum(Rc::from("k"), Expr::one(), p("d"), body.clone());
        let first_times_d = p("d exp(2 x_1 + 1) / (1 + x_1^2 + x_1^3)");
        let two_sums = expr::add(vec![sum.clone(), sum.clone()]);
        assert_eq!(compare(&sum, &first_times_d, 7, &[]), Exact::Different);
        assert_eq!(
            compare(
                &two_sums,
                &expr::mul(vec![Expr::int(2), sum.clone()]),
                7,
                &[]
            ),
            Exact::Equal
        );
        assert_eq!(compare(&two_sums, &sum, 7, &[]), Exact::Different);
        drop(body);
    }

    /// False identities built to collide with a fixed modulus: constants that are
    /// multiples of 2^61 - 1, exponents that agree modulo 2^61 - 2 or its large
    /// factors, powers that Fermat's little theorem reduces.
    #[test]
    fn false_identities_do_not_collide_with_the_modulus() {
        for seed in 0..20 {
            let p = |s: &str| parse_expr(s, &Names::default()).unwrap();
            let differ = |a: &str, b: &str| {
                let got = compare(&p(a), &p(b), seed, &[]);
                assert_ne!(got, Exact::Equal, "{a} = {b} (seed {seed})");
            };
            // (x + 2^31)(x + 2^30) = x^2 + (2^31 + 2^30) x + 2^61, and 2^61 = 1 + (2^61 - 1).
            differ("(x + 2^31) (x + 2^30)", "x^2 + 3221225472 x + 1");
            differ("x + 2305843009213693951", "x");
            differ("exp(2305843009213693951 x)", "exp(x)");
            // 2^60 - 1 is odd: exponents that differ by it times an even number.
            differ("exp((2^60 - 1) (x^2 - x))", "1");
            differ("x^2305843009213693951", "x");
            differ("x^1025", "x^1025 + 1");
        }
    }
}
