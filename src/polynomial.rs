//! Polynomials in one generator over the rationals: what a fraction's numerator and
//! denominator are when a teacher cancels a common factor that is a sum
//! (`(x^2 - 1) / (x - 1) = x + 1`, `(exp(2 x) - 1) / (exp(x) - 1) = exp(x) + 1`).
//! The generator is one atom (a symbol, or a call such as `tanh(x)`) or an
//! exponential `exp(g u)` whose integer powers are `exp(k g u)`.

use crate::expr::{self, Builtin, Expr, Func, Node, Rational};
use num_integer::Integer;
use num_traits::{One, Signed, Zero};

/// The highest degree read: past it, a fraction is left to the other rules.
const MAX_DEGREE: usize = 24;

/// Coefficients beyond which [`Poly::rational_roots`] does not look for divisors.
const MAX_ROOT_SEARCH: u64 = 1_000_000;

/// Coefficients, lowest degree first, with no zero at the top (the zero polynomial
/// has none).
#[derive(Clone, Debug, PartialEq)]
pub struct Poly(Vec<Rational>);

impl Poly {
    fn trimmed(mut coefficients: Vec<Rational>) -> Poly {
        while coefficients.last().is_some_and(Zero::is_zero) {
            coefficients.pop();
        }
        Poly(coefficients)
    }

    fn is_zero(&self) -> bool {
        self.0.is_empty()
    }

    /// The degree; 0 for constants, the zero polynomial included.
    pub fn degree(&self) -> usize {
        self.0.len().saturating_sub(1)
    }

    /// How many coefficients are not zero.
    pub fn terms(&self) -> usize {
        self.0.iter().filter(|c| !c.is_zero()).count()
    }

    fn leading(&self) -> &Rational {
        self.0.last().expect("a polynomial that is not zero")
    }

    pub fn scaled(&self, c: &Rational) -> Poly {
        Poly::trimmed(self.0.iter().map(|x| x * c).collect())
    }

    /// Quotient and remainder of division by `d`, which is not zero.
    fn div_rem(&self, d: &Poly) -> (Poly, Poly) {
        let mut rem = self.0.clone();
        let mut quot = vec![Rational::zero(); self.0.len().saturating_sub(d.degree())];
        while rem.len() >= d.0.len() && !rem.is_empty() {
            let shift = rem.len() - d.0.len();
            let c = rem.last().expect("not empty") / d.leading();
            for (k, dk) in d.0.iter().enumerate() {
                rem[shift + k] -= &c * dk;
            }
            quot[shift] = c;
            // The top coefficient is zero by construction; drop it and any below.
            rem.pop();
            while rem.last().is_some_and(Zero::is_zero) {
                rem.pop();
            }
        }
        (Poly::trimmed(quot), Poly::trimmed(rem))
    }

    /// `self / d` where `d` divides `self`.
    pub fn exact_div(&self, d: &Poly) -> Poly {
        let (q, r) = self.div_rem(d);
        debug_assert!(r.is_zero(), "{d:?} does not divide {self:?}");
        q
    }

    /// The greatest common divisor, monic (Euclid's algorithm over the rationals).
    pub fn gcd(&self, other: &Poly) -> Poly {
        let (mut a, mut b) = (self.clone(), other.clone());
        while !b.is_zero() {
            let (_, r) = a.div_rem(&b);
            a = b;
            b = r;
        }
        if a.is_zero() {
            return a;
        }
        let monic = a.leading().recip();
        a.scaled(&monic)
    }

    /// Are all coefficients integers?
    pub fn is_integral(&self) -> bool {
        self.0.iter().all(Rational::is_integer)
    }

    /// The coefficient printed first: the lowest that is not zero, or the highest.
    pub fn first_coefficient(&self, ascending: bool) -> &Rational {
        match ascending {
            true => self.0.iter().find(|c| !c.is_zero()),
            false => self.0.last(),
        }
        .expect("a polynomial that is not zero")
    }

    pub fn negated(&self) -> Poly {
        self.scaled(&-Rational::one())
    }

    /// The constant, if the polynomial is one (zero included).
    pub fn as_constant(&self) -> Option<Rational> {
        match self.0.as_slice() {
            [] => Some(Rational::zero()),
            [c] => Some(c.clone()),
            _ => None,
        }
    }

    fn constant(c: Rational) -> Poly {
        Poly::trimmed(vec![c])
    }

    fn monomial(k: usize) -> Poly {
        let mut cs = vec![Rational::zero(); k + 1];
        cs[k] = Rational::one();
        Poly(cs)
    }

    fn plus(&self, o: &Poly) -> Poly {
        let n = self.0.len().max(o.0.len());
        let at = |p: &Poly, k: usize| p.0.get(k).cloned().unwrap_or_else(Rational::zero);
        Poly::trimmed((0..n).map(|k| at(self, k) + at(o, k)).collect())
    }

    /// The product, or `None` past [`MAX_DEGREE`].
    fn times(&self, o: &Poly) -> Option<Poly> {
        if self.is_zero() || o.is_zero() {
            return Some(Poly(Vec::new()));
        }
        if self.degree() + o.degree() > MAX_DEGREE {
            return None;
        }
        let mut cs = vec![Rational::zero(); self.0.len() + o.0.len() - 1];
        for (i, a) in self.0.iter().enumerate() {
            for (j, b) in o.0.iter().enumerate() {
                cs[i + j] += a * b;
            }
        }
        Some(Poly::trimmed(cs))
    }

    /// The rational roots, each once, and what is left when every `(t - r)` is
    /// divided out as often as it divides (the rational root theorem: over integer
    /// coefficients, a root `p/q` has `p` dividing the constant and `q` the leading
    /// coefficient). `None` when the coefficients are too large to search.
    pub fn rational_roots(&self) -> Option<(Vec<Rational>, Poly)> {
        let mut rest = self.clone();
        let mut roots = Vec::new();
        if rest.is_zero() {
            return Some((roots, rest));
        }
        // A root at 0: the lowest coefficients are zero.
        if rest.0[0].is_zero() {
            roots.push(Rational::zero());
            let zeros = rest.0.iter().take_while(|c| c.is_zero()).count();
            rest = Poly(rest.0[zeros..].to_vec());
        }
        let denominators = rest
            .0
            .iter()
            .fold(num_bigint::BigInt::one(), |l, c| l.lcm(c.denom()));
        let integer = |c: &Rational| (c * &denominators).to_integer();
        let (constant, leading) = (integer(&rest.0[0]), integer(rest.leading()));
        let ps = divisors(&constant)?;
        let qs = divisors(&leading)?;
        for &p in &ps {
            for &q in &qs {
                let r = Rational::new(p.into(), q.into());
                for r in [r.clone(), -r] {
                    if rest.degree() == 0 || roots.contains(&r) {
                        continue;
                    }
                    let linear = Poly(vec![-r.clone(), Rational::one()]);
                    let mut divided = false;
                    loop {
                        let (q, rem) = rest.div_rem(&linear);
                        if !rem.is_zero() || rest.degree() == 0 {
                            break;
                        }
                        rest = q;
                        divided = true;
                    }
                    if divided {
                        roots.push(r);
                    }
                }
            }
        }
        Some((roots, rest))
    }
}

/// The positive divisors of `n` (not zero), if `|n|` is small enough to search.
fn divisors(n: &num_bigint::BigInt) -> Option<Vec<u64>> {
    let n = u64::try_from(n.magnitude())
        .ok()
        .filter(|&n| n > 0 && n <= MAX_ROOT_SEARCH)?;
    Some(
        (1..=n)
            .take_while(|k| k * k <= n)
            .filter(|k| n % k == 0)
            .flat_map(|k| [k, n / k])
            .collect(),
    )
}

/// `e` as a polynomial in the one generator it has.
pub fn read(e: &Expr) -> Option<(Generator, Poly)> {
    let mut scan = Scan::default();
    scan.take(e)?;
    let g = scan.generator()?;
    let p = poly_of(e, &g)?;
    Some((g, p))
}

/// What a pair of polynomials is in.
#[derive(Clone, Debug, PartialEq)]
pub enum Generator {
    /// A symbol or a call other than `exp`.
    Atom(Expr),
    /// `exp(unit rest)`: its `k`-th power is `exp(k unit rest)`.
    Exp { unit: Rational, rest: Expr },
}

impl Generator {
    /// The generator itself, `t`.
    pub fn expr(&self) -> Expr {
        self.term(&Rational::one(), 1)
    }

    /// `c t^k` as an expression.
    fn term(&self, c: &Rational, k: usize) -> Expr {
        let power = match (self, k) {
            (_, 0) => Expr::one(),
            (Generator::Atom(t), 1) => t.clone(),
            (Generator::Atom(t), _) => expr::pow(t.clone(), Expr::int(k as i64)),
            (Generator::Exp { unit, rest }, _) => {
                let exponent = Rational::from_integer(k.into()) * unit;
                expr::call1(
                    Builtin::Exp,
                    expr::mul(vec![Expr::num(exponent), rest.clone()]),
                )
            }
        };
        expr::mul(vec![Expr::num(c.clone()), power])
    }

    /// `p` as a sum, highest degree first or lowest first.
    pub fn expr_of(&self, p: &Poly, ascending: bool) -> Expr {
        let mut terms: Vec<Expr> =
            p.0.iter()
                .enumerate()
                .filter(|(_, c)| !c.is_zero())
                .map(|(k, c)| self.term(c, k))
                .collect();
        if !ascending {
            terms.reverse();
        }
        expr::add(terms)
    }
}

/// What a walk over a pair of expressions has seen of their generator so far: one
/// atom, or exponentials of multiples of one `rest`, with those multiples.
#[derive(Default)]
struct Scan {
    atom: Option<Expr>,
    rest: Option<Expr>,
    exponents: Vec<Rational>,
}

impl Scan {
    /// Take in every generator factor of `e`, which must be built of sums, products,
    /// numbers and non-negative integer powers over them; `None` at the first thing
    /// that is not (a quotient, a second atom, exponents of both signs).
    fn take(&mut self, e: &Expr) -> Option<()> {
        match e.node() {
            Node::Num(_) => {}
            Node::Add(xs) | Node::Mul(xs) => {
                for x in xs {
                    self.take(x)?;
                }
            }
            Node::Pow(base, n) => {
                u32::try_from(n.as_small_int()?).ok()?;
                self.take(base)?;
            }
            Node::Call(Func::Builtin(Builtin::Exp), args) => {
                let (q, rest) = args[0].split_coefficient();
                if self.atom.is_some() || self.rest.as_ref().is_some_and(|r| *r != rest) {
                    return None;
                }
                let negative = q.is_negative();
                let first = self.exponents.iter().find(|p| !p.is_zero());
                if first.is_some_and(|p| p.is_negative() != negative) && !q.is_zero() {
                    return None;
                }
                self.rest = Some(rest);
                self.exponents.push(q);
            }
            Node::Sym(_) | Node::Call(..) => {
                if self.rest.is_some() || self.atom.as_ref().is_some_and(|a| a != e) {
                    return None;
                }
                self.atom = Some(e.clone());
            }
            _ => return None,
        }
        Some(())
    }

    /// The one generator seen, if any.
    fn generator(self) -> Option<Generator> {
        match (self.atom, self.rest) {
            (Some(t), _) => Some(Generator::Atom(t)),
            (None, Some(rest)) => Some(Generator::Exp {
                unit: exponent_unit(&self.exponents)?,
                rest,
            }),
            (None, None) => None,
        }
    }
}

/// `e` as a polynomial in `g` (its parts already known to be `g`'s).
fn poly_of(e: &Expr, g: &Generator) -> Option<Poly> {
    Some(match e.node() {
        Node::Num(n) => Poly::constant(n.clone()),
        Node::Add(xs) => xs
            .iter()
            .try_fold(Poly(Vec::new()), |acc, x| Some(acc.plus(&poly_of(x, g)?)))?,
        Node::Mul(xs) => xs
            .iter()
            .try_fold(Poly::constant(Rational::one()), |acc, x| {
                acc.times(&poly_of(x, g)?)
            })?,
        Node::Pow(base, n) => {
            let base = poly_of(base, g)?;
            (0..n.as_small_int()?)
                .try_fold(Poly::constant(Rational::one()), |acc, _| acc.times(&base))?
        }
        Node::Call(Func::Builtin(Builtin::Exp), args) => {
            let Generator::Exp { unit, .. } = g else {
                return None;
            };
            let k = args[0].split_coefficient().0 / unit;
            Poly::monomial(
                usize::try_from(k.to_integer())
                    .ok()
                    .filter(|&k| k <= MAX_DEGREE)?,
            )
        }
        _ => Poly::monomial(1),
    })
}

/// `a` and `b` as polynomials in one generator they share; `None` when they are not
/// (two atoms, a negative or fractional power, a quotient inside, a degree past
/// [`MAX_DEGREE`]).
pub fn read_pair(a: &Expr, b: &Expr) -> Option<(Generator, Poly, Poly)> {
    let mut scan = Scan::default();
    scan.take(a)?;
    scan.take(b)?;
    let g = scan.generator()?;
    let (pa, pb) = (poly_of(a, &g)?, poly_of(b, &g)?);
    Some((g, pa, pb))
}

/// The unit of the exponents: the rational gcd of those that are not zero, with
/// their common sign ([`Scan::take`] has declined exponents of both signs); `None`
/// when all are zero.
fn exponent_unit(all: &[Rational]) -> Option<Rational> {
    let exponents: Vec<&Rational> = all.iter().filter(|q| !q.is_zero()).collect();
    let negative = exponents.first()?.is_negative();
    let numer = exponents
        .iter()
        .fold(num_bigint::BigInt::zero(), |g, q| g.gcd(q.numer()));
    let denom = exponents
        .iter()
        .fold(num_bigint::BigInt::one(), |l, q| l.lcm(q.denom()));
    let unit = Rational::new(numer, denom);
    Some(if negative { -unit } else { unit })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{parse_expr, Names};

    fn p(src: &str) -> Expr {
        parse_expr(src, &Names::default()).unwrap()
    }

    fn poly(cs: &[i64]) -> Poly {
        Poly::trimmed(
            cs.iter()
                .map(|&c| Rational::from_integer(c.into()))
                .collect(),
        )
    }

    #[test]
    fn gcd_of_polynomials_is_monic_and_divides_both() {
        // (x - 1)(x + 1) and (x - 1)^2.
        let g = poly(&[-1, 0, 1]).gcd(&poly(&[1, -2, 1]));
        assert_eq!(g, poly(&[-1, 1]));
        assert_eq!(poly(&[-1, 0, 1]).exact_div(&g), poly(&[1, 1]));
        // Coprime: x^2 + 1 and x + 1.
        assert_eq!(poly(&[1, 0, 1]).gcd(&poly(&[1, 1])).degree(), 0);
        // 2 x + 2 and 3 x + 3 share x + 1.
        assert_eq!(poly(&[2, 2]).gcd(&poly(&[3, 3])), poly(&[1, 1]));
    }

    #[test]
    fn exponentials_are_powers_of_the_smallest_one() {
        let (g, a, b) = read_pair(&p("exp(2 x) - 1"), &p("exp(x) - 1")).unwrap();
        assert_eq!(
            g,
            Generator::Exp {
                unit: Rational::one(),
                rest: p("x")
            }
        );
        assert_eq!((a, b), (poly(&[-1, 0, 1]), poly(&[-1, 1])));
        // exp(2 x) and exp(4 x) are powers of exp(2 x).
        let (g, a, _) = read_pair(&p("exp(4 x) - exp(2 x)"), &p("1")).unwrap();
        assert_eq!(
            g,
            Generator::Exp {
                unit: Rational::from_integer(2.into()),
                rest: p("x")
            }
        );
        assert_eq!(a, poly(&[0, -1, 1]));
        assert!(
            read_pair(&p("exp(3 x) + exp(-x) - 1"), &p("1")).is_none(),
            "exponents of both signs are not a polynomial"
        );
    }

    #[test]
    fn rational_roots_are_found_with_what_is_left() {
        // 2 x^3 - 3 x^2 - 3 x + 2 = (x - 2) (2 x - 1) (x + 1).
        let (roots, rest) = poly(&[2, -3, -3, 2]).rational_roots().unwrap();
        let mut roots: Vec<String> = roots.iter().map(|r| r.to_string()).collect();
        roots.sort();
        assert_eq!(roots, ["-1", "1/2", "2"]);
        assert_eq!(rest.degree(), 0);
        // x^2 + 1 has none; (x - 1)^2 (x^2 + 1) has 1, once, and x^2 + 1 is left.
        assert!(poly(&[1, 0, 1]).rational_roots().unwrap().0.is_empty());
        let (roots, rest) = poly(&[1, -2, 2, -2, 1]).rational_roots().unwrap();
        assert_eq!(roots, [Rational::one()]);
        assert_eq!(rest, poly(&[1, 0, 1]));
        // x^3 - x: the root 0 too.
        assert_eq!(poly(&[0, -1, 0, 1]).rational_roots().unwrap().0.len(), 3);
    }

    #[test]
    fn two_atoms_or_a_fractional_power_are_not_one_polynomial() {
        assert!(read_pair(&p("x^2 - y"), &p("x - 1")).is_none());
        assert!(read_pair(&p("sqrt(x) - 1"), &p("x - 1")).is_none());
        assert!(read_pair(&p("tanh(x)^2 - 1"), &p("tanh(x) + 1")).is_some());
    }
}
