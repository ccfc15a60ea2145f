//! Where a form has a value: the conditions its logarithms, roots and fractional
//! powers need, and which expressions are positive on their face.

use crate::context::Context;
use crate::derivation::{Condition, Relation};
use crate::eval::exact::{self, Exact};
use crate::expr::{add, call1, mul, Builtin, Expr, Func, Node, Rational};
use crate::polynomial::{self, Generator};
use num_traits::{One, Signed, Zero};

/// What `e` needs to have a value: `u > 0` for each `log(u)` and each power of `u`
/// with an exponent that is not an integer, `u >= 0` for each `sqrt(u)`. Arguments
/// that are never negative on their face (a number, an exponential, a square) need
/// nothing: where they vanish is a set of measure zero.
pub fn domain_conditions(e: &Expr) -> Vec<Condition> {
    let mut out = Vec::new();
    e.for_each_distinct(&mut |n| {
        let needed = match n.node() {
            Node::Call(Func::Builtin(Builtin::Log), args) => {
                Some((args[0].clone(), Relation::Positive))
            }
            Node::Call(Func::Builtin(Builtin::Sqrt), args) => {
                Some((args[0].clone(), Relation::NonNegative))
            }
            Node::Pow(base, k) if k.as_num().is_none_or(|k| !k.is_integer()) => {
                Some((base.clone(), Relation::Positive))
            }
            _ => None,
        };
        if let Some((expr, relation)) = needed {
            if !non_negative(&expr) {
                Condition::add_to(&mut out, Condition { expr, relation });
            }
        }
    });
    out
}

/// Positive for every value of its symbols: a positive number, an exponential, a
/// square root or even power plus a positive number, and sums, products and
/// quotients of such.
fn positive_on_its_face(e: &Expr) -> bool {
    match e.node() {
        Node::Num(n) => n > &crate::expr::Rational::from_integer(0.into()),
        Node::Call(Func::Builtin(Builtin::Exp | Builtin::Cosh | Builtin::Sigma), _) => true,
        Node::Add(xs) => {
            (xs.iter()
                .all(|x| positive_on_its_face(x) || non_negative(x))
                && xs.iter().any(positive_on_its_face))
                || positive_difference(xs)
                || bounded_above_zero(xs)
        }
        Node::Mul(xs) => xs.iter().all(positive_on_its_face),
        Node::Div(a, b) => positive_on_its_face(a) && positive_on_its_face(b),
        Node::Pow(b, _) => positive_on_its_face(b),
        Node::Sum {
            lower, upper, body, ..
        } => {
            // An empty sum is 0: from 3 to `d` it is empty where `d < 3`.
            let never_empty =
                crate::expr::fewest_terms(lower, upper).is_some_and(|n| n >= Rational::one());
            never_empty && positive_on_its_face(body)
        }
        _ => false,
    }
}

/// `c + k f` where the values of `f` are bounded (see [`unit_range`]), positive
/// whatever its arguments: `1 - tanh(u)`, `1 - sigma(u)`, `2 + sin(u)`, `1 +
/// tanh(x) tanh(y)`.
fn bounded_above_zero(xs: &[Expr]) -> bool {
    // The number first, wherever the sum has it (`-tanh(x) + 1`).
    let (c, t) = match xs {
        [t, c] if c.as_num().is_some() && t.as_num().is_none() => (c, t),
        [c, t] => (c, t),
        _ => return false,
    };
    let (k, f) = t.split_coefficient();
    let Some(c) = c.as_num() else {
        // `a + k f a'` with `f a' / a` bounded is `a (1 + k f a' / a)`: the same
        // test with `c = 1` (`1 + tanh(x) tanh(y)` over a common denominator).
        return positive_on_its_face(c)
            && scaled_range(&f, c)
                .is_some_and(|r| bounded_above_zero_with(&Rational::one(), &k, &r));
    };
    let Some(range) = unit_range(&f) else {
        return false;
    };
    bounded_above_zero_with(c, &k, &range)
}

/// `f / a` as a product of bounded quotients, each factor of `f` over a factor of
/// `a` (`(p - q) (r - s)` over `(p + q) (r + s)`).
fn scaled_range(f: &Expr, a: &Expr) -> Option<UnitRange> {
    let factors = |e: &Expr| match e.node() {
        Node::Mul(xs) => xs.clone(),
        _ => vec![e.clone()],
    };
    let mut over = factors(a);
    let mut quotients = Vec::new();
    for n in factors(f) {
        let at = over
            .iter()
            .position(|d| unit_range(&crate::expr::div(n.clone(), d.clone())).is_some())?;
        quotients.push(crate::expr::div(n, over.remove(at)));
    }
    if !over.is_empty() {
        return None;
    }
    unit_range(&mul(quotients))
}

fn bounded_above_zero_with(c: &Rational, k: &Rational, range: &UnitRange) -> bool {
    // `c + k f` is linear in `f`, so it is positive on the range when it is at each
    // end, or is 0 at an end the values never reach and positive at the other.
    // (At 0, the low end of a non-negative range, it is `c`, a number not 0.)
    let (lo, lo_excluded) = if range.non_negative {
        (Rational::zero(), false)
    } else {
        (-Rational::one(), range.unit_excluded)
    };
    let ends = [(c + k * lo, lo_excluded), (c + k, range.unit_excluded)];
    ends.iter()
        .all(|(v, excluded)| v.is_positive() || (v.is_zero() && *excluded))
        && ends.iter().any(|(v, _)| v.is_positive())
}

/// Where the values of a bounded expression lie: within [-1, 1], or [0, 1] when
/// `non_negative`.
#[derive(Clone, Copy)]
struct UnitRange {
    non_negative: bool,
    /// Values never reach magnitude 1 (`tanh`, `sigma`; `sin` does).
    unit_excluded: bool,
}

/// The range of `f` when it is a product of powers of `tanh` (values in (-1, 1)),
/// `sigma` (in (0, 1)), `sin` and `cos` (in [-1, 1]), and quotients `(p - q) / (p +
/// q)` (in (-1, 1)) and `p / (p + q)` (in (0, 1)) of expressions positive on their
/// face.
fn unit_range(f: &Expr) -> Option<UnitRange> {
    let range = |non_negative, unit_excluded| {
        Some(UnitRange {
            non_negative,
            unit_excluded,
        })
    };
    match f.node() {
        Node::Call(Func::Builtin(Builtin::Tanh), _) => range(false, true),
        Node::Call(Func::Builtin(Builtin::Sigma), _) => range(true, true),
        Node::Call(Func::Builtin(Builtin::Sin | Builtin::Cos), _) => range(false, false),
        Node::Pow(b, k) => {
            let k = k.as_num().filter(|k| k.is_integer() && k.is_positive())?;
            let r = unit_range(b)?;
            range(
                r.non_negative || k.numer() % 2u32 == 0.into(),
                r.unit_excluded,
            )
        }
        Node::Mul(xs) => {
            let ranges: Vec<UnitRange> = xs.iter().map(unit_range).collect::<Option<_>>()?;
            range(
                ranges.iter().all(|r| r.non_negative),
                ranges.iter().any(|r| r.unit_excluded),
            )
        }
        Node::Div(n, d) => {
            let ds = match d.node() {
                Node::Add(ds) => ds,
                Node::Mul(_) => return scaled_range(n, d),
                _ => return None,
            };
            let [p, q] = ds.as_slice() else {
                return None;
            };
            if !positive_on_its_face(p) || !positive_on_its_face(q) {
                return None;
            }
            let difference =
                |a: &Expr, b: &Expr| n.same_as(&crate::expr::sub(a.clone(), b.clone()));
            if difference(p, q) || difference(q, p) {
                range(false, true)
            } else if n.same_as(p) || n.same_as(q) {
                range(true, true)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// `c - k p / q` (numbers c, k > 0, q positive on its face) is positive when
/// `c q - k p` is, once its like terms are collected: `1 - 1 / (1 + exp(-z))`, the
/// `1 - sigma(z)` of a logistic loss, is `exp(-z) / (1 + exp(-z))`.
fn positive_difference(xs: &[Expr]) -> bool {
    let [c, t] = xs else {
        return false;
    };
    let Some(c) = c.as_num().filter(|c| c.is_positive()) else {
        return false;
    };
    let (k, quotient) = t.split_coefficient();
    let Node::Div(p, q) = quotient.node() else {
        return false;
    };
    if !k.is_negative() || !positive_on_its_face(q) {
        return false;
    }
    let rest = collected(scaled_terms(q, c).chain(scaled_terms(p, &k)));
    !rest.is_empty() && positive_on_its_face(&sum_of(rest))
}

/// The terms of `e` times `by`, each as its coefficient and the rest, with a
/// multiple of a sum (`-(a - b)`) opened into its terms.
fn scaled_terms(e: &Expr, by: &Rational) -> std::vec::IntoIter<(Rational, Expr)> {
    let terms = match e.node() {
        Node::Add(ts) => ts.as_slice(),
        _ => std::slice::from_ref(e),
    };
    let mut out = Vec::with_capacity(terms.len());
    for t in terms {
        let (a, rest) = t.split_coefficient();
        match rest.node() {
            Node::Add(_) => out.extend(scaled_terms(&rest, &(a * by))),
            _ => out.push((a * by, rest)),
        }
    }
    out.into_iter()
}

/// Like terms (by canonical form) with their coefficients added up, in the order
/// they first appear, those that cancel left out.
fn collected(terms: impl Iterator<Item = (Rational, Expr)>) -> Vec<(Rational, Expr)> {
    let mut out: Vec<(Rational, Expr, Expr)> = Vec::new();
    for (a, rest) in terms {
        let key = rest.canonical();
        match out.iter_mut().find(|(_, _, k)| *k == key) {
            Some((total, _, _)) => *total += a,
            None => out.push((a, rest, key)),
        }
    }
    out.into_iter()
        .filter(|(a, _, _)| !a.is_zero())
        .map(|(a, rest, _)| (a, rest))
        .collect()
}

fn sum_of(terms: Vec<(Rational, Expr)>) -> Expr {
    add(terms
        .into_iter()
        .map(|(a, r)| mul(vec![Expr::num(a), r]))
        .collect())
}

/// Never negative: an even power, a square root, or a positive expression.
fn non_negative(e: &Expr) -> bool {
    match e.node() {
        Node::Pow(_, k) => k
            .as_num()
            .is_some_and(|k| k.is_integer() && (k.numer() % 2u32) == 0.into()),
        Node::Call(Func::Builtin(Builtin::Sqrt), _) => true,
        Node::Mul(xs) => xs
            .iter()
            .all(|x| positive_on_its_face(x) || non_negative(x)),
        _ => positive_on_its_face(e),
    }
}

/// A factor whose zeros leave a denominator of a form without a value (`x - 1` in
/// `(x^2 - 1) / (x - 1)`, `x` in `1 / sinh(2 x)`), with a key that is the same for
/// factors with the same zeros up to a constant multiple (`2 x - 2` and `1 - x`).
#[derive(Clone, Debug)]
struct Pole {
    /// The factor as printed in a condition `factor != 0`, its numeric content
    /// divided out.
    factor: Expr,
    key: Expr,
}

/// The conditions `u != 0` a chain of `forms` holds under: one for each factor that
/// vanishes in a denominator of some form but not in both ends, unless `known`
/// conditions (`u > 0`, `u != 0`), or the domain both ends have, already exclude
/// its zeros. The points a step is checked at never land on such a zero, so whether
/// the step holds there is not known; and a cancelled factor (`(x^2 - 1) / (x - 1)
/// = x + 1`) leaves one end defined where the other is not.
pub fn nonzero_conditions(
    forms: &[&Expr],
    known: &[Condition],
    defs: &Context,
    seed: u64,
) -> Vec<Condition> {
    let (Some(first), Some(last)) = (forms.first(), forms.last()) else {
        return Vec::new();
    };
    let mut dimensions = vec![Expr::sym(crate::parse::DEFAULT_UPPER)];
    for form in forms {
        form.for_each_distinct(&mut |n| {
            if let Node::Sum { upper, .. } = n.node() {
                if !dimensions.contains(upper) {
                    dimensions.push(upper.clone());
                }
            }
        });
    }
    let zeros = Zeros { defs, dimensions };
    let (at_first, at_last) = (zeros.poles(first), zeros.poles(last));
    let mut excluded: Vec<Expr> = if same_zeros(&at_first, &at_last, seed) {
        at_first.into_iter().chain(at_last).map(|p| p.key).collect()
    } else {
        at_first
            .into_iter()
            .filter(|p| at_last.iter().any(|q| q.key == p.key))
            .map(|p| p.key)
            .collect()
    };
    // What both ends need to have a value (`x > 0` for `x^x`) is implied as well.
    let at_last = domain_conditions(last);
    let needed_by_both = domain_conditions(first)
        .into_iter()
        .filter(|c| at_last.contains(c));
    let known: Vec<Condition> = known.iter().cloned().chain(needed_by_both).collect();
    for c in known.iter().filter(|c| c.relation != Relation::NonNegative) {
        excluded.extend(zeros.of(&c.expr).into_iter().map(|p| p.key));
    }
    let mut out = Vec::new();
    for form in forms {
        for p in zeros.poles(form) {
            if !excluded.contains(&p.key) {
                excluded.push(p.key);
                out.push(Condition {
                    expr: p.factor,
                    relation: Relation::NonZero,
                });
            }
        }
    }
    out
}

/// The conditions under which dividing by `e` is allowed: `u != 0` for each factor
/// of `e` that can vanish (`y != 0` to divide by `2 y`), none for a number or what
/// cannot vanish (`exp(x) + 1`, a dimension).
pub fn divisor_conditions(e: &Expr, defs: &Context) -> Vec<Condition> {
    let dimensions = vec![Expr::sym(crate::parse::DEFAULT_UPPER)];
    let zeros = Zeros { defs, dimensions };
    let mut out = Vec::new();
    for p in zeros.of(e) {
        Condition::add_to(
            &mut out,
            Condition {
                expr: p.factor,
                relation: Relation::NonZero,
            },
        );
    }
    out
}

/// Is `e` positive whatever its symbols' values (see [`positive_on_its_face`])?
pub fn always_positive(e: &Expr) -> bool {
    positive_on_its_face(e)
}

/// Whether two sets of poles vanish at the same points because their products are
/// the same function up to sign (`x^2 - 1` and `(x - 1) (x + 1)`).
fn same_zeros(ps: &[Pole], qs: &[Pole], seed: u64) -> bool {
    let product = |ps: &[Pole]| mul(ps.iter().map(|p| p.key.clone()).collect());
    let (p, q) = (product(ps), product(qs));
    !ps.is_empty()
        && !qs.is_empty()
        && [q.clone(), crate::expr::neg(q)]
            .iter()
            .any(|q| exact::compare(&p, q, seed, &[]) == Exact::Equal)
}

/// What is known never to vanish besides what is positive on its face: a defined
/// symbol whose definition is, and a dimension (`d`, a sum's named bound).
struct Zeros<'a> {
    defs: &'a Context,
    dimensions: Vec<Expr>,
}

impl Zeros<'_> {
    /// The poles of `e`'s denominators (and of `tan`, whose denominator is `cos`),
    /// each once, those of the definitions it uses included.
    fn poles(&self, e: &Expr) -> Vec<Pole> {
        let mut out: Vec<Pole> = Vec::new();
        let unfolded = (!self.defs.definitions.is_empty()).then(|| self.defs.unfold_all(e));
        for e in std::iter::once(e).chain(unfolded.as_ref()) {
            e.for_each_distinct(&mut |n| {
                let found = match n.node() {
                    Node::Div(_, q) => self.of(q),
                    Node::Pow(b, k) if k.as_num().is_some_and(Signed::is_negative) => self.of(b),
                    Node::Call(Func::Builtin(Builtin::Tan), args) => {
                        self.of(&call1(Builtin::Cos, args[0].clone()))
                    }
                    _ => Vec::new(),
                };
                for p in found {
                    if !out.iter().any(|o| o.key == p.key) {
                        out.push(p);
                    }
                }
            });
        }
        out
    }

    /// The factors whose zeros are `e`'s: a product's factors, a quotient's
    /// numerator, a power's base, the argument of `sinh`, `tanh` and `sqrt` (each
    /// zero exactly where its argument is), `a - b` for `exp(a) - exp(b)`, a sum's
    /// like terms collected; nothing for what cannot vanish.
    fn of(&self, e: &Expr) -> Vec<Pole> {
        if self.cannot_vanish(e) {
            return Vec::new();
        }
        match e.node() {
            Node::Num(_) => Vec::new(),
            Node::Mul(xs) => xs.iter().flat_map(|x| self.of(x)).collect(),
            Node::Div(p, _) => self.of(p),
            Node::Pow(b, k) if k.as_num().is_some_and(Signed::is_positive) => self.of(b),
            Node::Pow(_, k) if k.as_num().is_some_and(Signed::is_negative) => Vec::new(),
            Node::Call(Func::Builtin(Builtin::Sinh | Builtin::Tanh | Builtin::Sqrt), args) => {
                self.of(&args[0])
            }
            Node::Add(ts) => {
                if let Some(d) = exponent_difference(ts) {
                    return self.of(&d);
                }
                if let Some(poles) = self.polynomial_poles(e) {
                    return poles;
                }
                let terms = collected(scaled_terms(e, &Rational::one()));
                match terms.as_slice() {
                    [] => Vec::new(),
                    [(_, rest)] => self.of(rest),
                    _ if positive_on_its_face(&sum_of(terms.clone())) => Vec::new(),
                    _ => vec![sum_pole(terms)],
                }
            }
            _ => vec![Pole {
                factor: e.clone(),
                key: e.canonical(),
            }],
        }
    }

    /// The zeros of a polynomial in one generator, by its rational roots: a linear
    /// factor each (`x^2 - 1` vanishes where `x - 1` or `x + 1` does), `u` for a root
    /// 1 of `exp(u)`, none for a root `exp(u)` cannot reach, and what is left as one
    /// pole. `None` when there is nothing to split (a linear polynomial in an atom,
    /// no rational root).
    fn polynomial_poles(&self, e: &Expr) -> Option<Vec<Pole>> {
        let (generator, p) = polynomial::read(e)?;
        let (roots, rest) = p.rational_roots()?;
        let exponential = matches!(generator, Generator::Exp { .. });
        if roots.is_empty() || (p.degree() < 2 && !exponential) {
            return None;
        }
        let t = generator.expr();
        let mut out = Vec::new();
        for r in roots {
            match &generator {
                Generator::Exp { rest, .. } if r.is_one() => out.extend(self.of(rest)),
                Generator::Exp { .. } if !r.is_positive() => {}
                _ if r.is_zero() => out.extend(self.of(&t)),
                _ => {
                    let linear = vec![(Rational::one(), t.clone()), (-r, Expr::one())];
                    if !self.cannot_vanish(&sum_of(linear.clone())) {
                        out.push(sum_pole(linear));
                    }
                }
            }
        }
        if rest.degree() > 0 {
            let left = generator.expr_of(&rest, false);
            if !self.cannot_vanish(&left) {
                out.push(sum_pole(collected(scaled_terms(&left, &Rational::one()))));
            }
        }
        Some(out)
    }

    fn cannot_vanish(&self, e: &Expr) -> bool {
        positive_on_its_face(e)
            || (matches!(e.node(), Node::Add(_))
                && positive_on_its_face(&sum_of(scaled_terms(e, &-Rational::one()).collect())))
            || self.dimensions.contains(e)
            || (e.as_symbol().is_some()
                && !self.defs.definitions.is_empty()
                && positive_on_its_face(&self.defs.unfold_all(e)))
    }
}

/// `a - b` for `c exp(a) - c exp(b)`: the exponential is one to one, so the two
/// terms cancel exactly where `a = b`.
fn exponent_difference(ts: &[Expr]) -> Option<Expr> {
    let [s, t] = ts else {
        return None;
    };
    let ((c, e), (d, f)) = (s.split_coefficient(), t.split_coefficient());
    match (e.node(), f.node()) {
        (
            Node::Call(Func::Builtin(Builtin::Exp), a),
            Node::Call(Func::Builtin(Builtin::Exp), b),
        ) if c == -d => Some(crate::expr::sub(a[0].clone(), b[0].clone())),
        _ => None,
    }
}

/// A sum of several unlike terms as a pole: printed with its numeric content (the
/// sign of its first term, the greatest common divisor of its coefficients) divided
/// out, keyed with its first term in canonical order made 1.
fn sum_pole(terms: Vec<(Rational, Expr)>) -> Pole {
    use num_integer::Integer;
    let content = terms.iter().skip(1).fold(terms[0].0.abs(), |g, (a, _)| {
        Rational::new(g.numer().gcd(a.numer()), g.denom().lcm(a.denom()))
    });
    let content = if terms[0].0.is_negative() {
        -content
    } else {
        content
    };
    let lead = terms
        .iter()
        .min_by(|x, y| x.1.canonical().cmp(&y.1.canonical()))
        .map(|(a, _)| a.clone())
        .unwrap_or_else(Rational::one);
    let scaled = |by: &Rational| sum_of(terms.iter().map(|(a, r)| (a / by, r.clone())).collect());
    Pole {
        factor: scaled(&content),
        key: scaled(&lead).canonical(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{parse_expr, Names};

    fn p(s: &str) -> Expr {
        parse_expr(s, &Names::default()).unwrap()
    }

    #[test]
    fn bounded_functions_keep_a_sum_above_zero_only_when_its_ends_do() {
        for positive in [
            "1 - tanh(x)",
            "1 + tanh(x)",
            "1 - sigma(x)",
            "sigma(x)",
            "2 + sin(x)",
            "1 + tanh(x) tanh(y)",
            "1 - tanh(x)^2",
            "1 - sigma(x) tanh(y)",
            "1 - sin(x) tanh(y)^2",
            "(exp(x) + exp(-x)) (exp(y) + exp(-y)) + (exp(x) - exp(-x)) (exp(y) - exp(-y))",
            "1 + (exp(x) - exp(-x)) / (exp(x) + exp(-x))",
        ] {
            assert!(positive_on_its_face(&p(positive)), "{positive}");
        }
        // Each of these is 0 or negative somewhere: 1 - sin(x) at pi/2, tanh(x)^2 at
        // 0, 1 - 2 tanh(x) at 0.6.
        for not in [
            "1 - sin(x)",
            "tanh(x)^2 - 1",
            "1 - sin(x) cos(y)",
            "1 + sin(x)",
            "1 - 2 tanh(x)",
            "sigma(x) - 1/2",
            "1 + 2 tanh(x) tanh(y)",
            "(exp(x) + exp(-x)) (exp(y) + exp(-y)) + 2 (exp(x) - exp(-x)) (exp(y) - exp(-y))",
        ] {
            assert!(!positive_on_its_face(&p(not)), "{not}");
        }
    }

    fn nonzero(forms: &[&str]) -> Vec<String> {
        let forms: Vec<Expr> = forms.iter().map(|s| p(s)).collect();
        let refs: Vec<&Expr> = forms.iter().collect();
        nonzero_conditions(&refs, &[], &Context::default(), 1)
            .iter()
            .map(|c| crate::print::text::conditions_to_text(std::slice::from_ref(c)))
            .collect()
    }

    #[test]
    fn a_denominator_one_end_lacks_is_stated_once_by_its_primitive_factor() {
        assert_eq!(nonzero(&["(x^2 - 1) / (x - 1)", "x + 1"]), ["x != 1"]);
        assert_eq!(
            nonzero(&["(x^2 - 1) / (2 - 2 x)", "-(x + 1) / 2"]),
            ["x != 1"]
        );
        assert_eq!(nonzero(&["x", "x^2 / x"]), ["x != 0"]);
        assert_eq!(nonzero(&["1", "sinh(2 x) / sinh(2 x)"]), ["x != 0"]);
        assert_eq!(nonzero(&["1", "x^(-2) x^2"]), ["x != 0"]);
        assert_eq!(nonzero(&["tan(x) cos(x)", "sin(x)"]), ["cos(x) != 0"]);
        // Only a form between the ends has it.
        assert_eq!(nonzero(&["y", "y (x - 3) / (x - 3)", "y"]), ["x != 3"]);
        assert_eq!(
            nonzero(&["y", "y (x y) / (x y)", "y"]),
            ["x != 0", "y != 0"]
        );
    }

    #[test]
    fn a_denominator_both_ends_have_or_that_cannot_vanish_is_not_stated() {
        assert!(nonzero(&["1/(x - 1) + 1/(x - 1)", "2/(x - 1)"]).is_empty());
        assert!(nonzero(&["1/(x - 1) - 1/(x + 1)", "2/(x^2 - 1)"]).is_empty());
        assert!(nonzero(&["1 / (1 - tanh(x))", "(exp(2 x) + 1) / 2"]).is_empty());
        assert!(nonzero(&["sum_k x_k / d", "sum_k (x_k / d)"]).is_empty());
        assert!(nonzero(&["exp(x) / (exp(x) + exp(y))", "sigma(x - y)"]).is_empty());
    }
}
