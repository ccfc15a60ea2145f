//! Algebra rules. Each looks at one node and rewrites it or declines; the rule tables
//! at the bottom say which a strategy tries, in which order.

use super::indices::{
    delta_values, distribute_over_delta, factor_out_of_sum, split_exponential_out_of_sum,
    split_sum, split_sum_factoring, substitute_under_delta, sum_of_delta, sum_of_delta_within,
};
use super::{Memo, Rule};
use crate::context::Context;
use crate::expr::{self, as_factors, as_power, Builtin, Expr, Func, Kinds, Node, Rational};
use crate::fast_hash::FastMap;
use crate::polynomial;
use crate::scoped_memo::ScopedMemo;
use num_traits::{One, Signed, Zero};
use std::collections::hash_map::Entry;

/// Group items by a key (compared up to the order of terms and factors), keeping the
/// order of first appearance. Keys are looked up by their canonical form's hash, so
/// grouping n terms takes time linear in n.
fn group_by<T>(items: Vec<(Expr, T)>) -> Vec<(Expr, Vec<T>)> {
    let mut groups: Vec<(Expr, Vec<T>)> = Vec::new();
    let mut group_of: FastMap<Expr, usize> = FastMap::default();
    for (key, value) in items {
        match group_of.entry(key.canonical()) {
            Entry::Occupied(at) => groups[*at.get()].1.push(value),
            Entry::Vacant(slot) => {
                slot.insert(groups.len());
                groups.push((key, vec![value]));
            }
        }
    }
    groups
}

// ---------------------------------------------------------------- sums and products

/// `2x + 3x = 5x`, `a - a = 0`.
fn collect_like_terms(e: &Expr, _: &Context) -> Option<Expr> {
    let Node::Add(terms) = e.node() else {
        return None;
    };
    let groups = group_by(
        terms
            .iter()
            .map(|t| {
                let (c, rest) = t.split_coefficient();
                (rest, c)
            })
            .collect(),
    );
    if groups.len() == terms.len() {
        return None;
    }
    Some(expr::add(
        groups
            .into_iter()
            .map(|(rest, cs)| {
                let c: Rational = cs.into_iter().sum();
                expr::mul(vec![Expr::num(c), rest])
            })
            .collect(),
    ))
}

/// `a a = a^2`, `a^2 a^3 = a^5`.
fn collect_factors(e: &Expr, _: &Context) -> Option<Expr> {
    let Node::Mul(_) = e.node() else {
        return None;
    };
    let (c, factors) = as_factors(e);
    let groups = group_by(factors.iter().map(as_power).collect());
    if groups.len() == factors.len() {
        return None;
    }
    let mut out = vec![Expr::num(c)];
    out.extend(
        groups
            .into_iter()
            .map(|(base, exps)| expr::pow(base, expr::add(exps))),
    );
    Some(expr::mul(out))
}

/// `a (b / c) = (a b) / c`, `(a / b)(c / d) = (a c) / (b d)`.
fn multiply_fractions(e: &Expr, _: &Context) -> Option<Expr> {
    let Node::Mul(factors) = e.node() else {
        return None;
    };
    if !factors.iter().any(|f| matches!(f.node(), Node::Div(..))) {
        return None;
    }
    let mut num = Vec::new();
    let mut den = Vec::new();
    for f in factors {
        match f.node() {
            Node::Div(a, b) => {
                num.push(a.clone());
                den.push(b.clone());
            }
            _ => num.push(f.clone()),
        }
    }
    Some(expr::div(expr::mul(num), expr::mul(den)))
}

/// `(a / b) / (c / d) = (a d) / (b c)`, `(a / b) / c = a / (b c)`,
/// `a / (b / c) = (a c) / b`.
fn nested_fraction(e: &Expr, _: &Context) -> Option<Expr> {
    let Node::Div(a, b) = e.node() else {
        return None;
    };
    match (a.node(), b.node()) {
        (Node::Div(p, q), Node::Div(r, s)) => Some(expr::div(
            expr::mul(vec![p.clone(), s.clone()]),
            expr::mul(vec![q.clone(), r.clone()]),
        )),
        (Node::Div(p, q), _) => Some(expr::div(p.clone(), expr::mul(vec![q.clone(), b.clone()]))),
        (_, Node::Div(p, q)) => Some(expr::div(expr::mul(vec![a.clone(), q.clone()]), p.clone())),
        _ => None,
    }
}

/// Cancel common factors of a numerator and a denominator: `a^3 b / (a c) = a^2 b / c`,
/// `a / a = 1`, and common numeric factors.
fn cancel(e: &Expr, _: &Context) -> Option<Expr> {
    let Node::Div(a, b) = e.node() else {
        return None;
    };
    if let Some(out) = cancel_shared_number(a, b) {
        return Some(out);
    }
    let (cn, num) = as_factors(a);
    let (cd, den) = as_factors(b);
    if cd.is_zero() {
        return None;
    }
    let mut den: Vec<(Expr, Expr)> = den.iter().map(as_power).collect();
    let mut num_out = Vec::new();
    let mut changed = false;
    for f in &num {
        let (base, n) = as_power(f);
        let hit = den.iter().position(|(d, _)| d.same_as(&base));
        match hit {
            Some(i) => {
                changed = true;
                let (_, m) = den.remove(i);
                let diff = expr::add(vec![n.clone(), expr::neg(m.clone())]);
                match diff.as_num() {
                    Some(k) if k.is_negative() => {
                        den.push((base.clone(), Expr::num(-k)));
                    }
                    Some(_) => num_out.push(expr::pow(base.clone(), diff)),
                    // Symbolic exponents: keep the difference upstairs.
                    None => num_out.push(expr::pow(base.clone(), diff)),
                }
            }
            None => num_out.push(f.clone()),
        }
    }
    let ratio = &cn / &cd;
    let numeric_change = !cd.is_one() && (ratio.denom() != cd.numer() || !cn.is_integer());
    if !changed && !numeric_change {
        return None;
    }
    let mut top = vec![Expr::num(Rational::from_integer(ratio.numer().clone()))];
    top.extend(num_out);
    let mut bottom = vec![Expr::num(Rational::from_integer(ratio.denom().clone()))];
    bottom.extend(den.into_iter().map(|(b, n)| expr::pow(b, n)));
    let out = expr::div(expr::mul(top), expr::mul(bottom));
    (out != *e).then_some(out)
}

/// `(2 a + 2 b) / 4 = (a + b) / 2`: a whole number shared by every term of a
/// numerator or denominator that is a sum, and by the other side, divided out.
fn cancel_shared_number(a: &Expr, b: &Expr) -> Option<Expr> {
    if !matches!(a.node(), Node::Add(_)) && !matches!(b.node(), Node::Add(_)) {
        return None;
    }
    let terms = |e: &Expr| match e.node() {
        Node::Add(ts) => ts.clone(),
        _ => vec![e.clone()],
    };
    let content = |e: &Expr| {
        terms(e)
            .iter()
            .try_fold(num_bigint::BigInt::zero(), |g, t| {
                let (c, _) = t.split_coefficient();
                c.is_integer()
                    .then(|| num_integer::Integer::gcd(&g, c.numer()))
            })
    };
    let g = num_integer::Integer::gcd(&content(a)?, &content(b)?);
    if g <= num_bigint::BigInt::one() {
        return None;
    }
    let divided = |e: &Expr| {
        expr::add(
            terms(e)
                .into_iter()
                .map(|t| {
                    let (c, rest) = t.split_coefficient();
                    expr::mul(vec![Expr::num(c / Rational::from_integer(g.clone())), rest])
                })
                .collect(),
        )
    };
    Some(expr::div(divided(a), divided(b)))
}

/// `a (1 / u) u b = a b`: a product whose fractions cancel against its other factors
/// entirely, cancelled in one step (multiplying the fractions out first would only
/// put the cancelling on a line of its own).
fn cancel_in_product(e: &Expr, ctx: &Context) -> Option<Expr> {
    let together = multiply_fractions(e, ctx)?;
    // The product of the fractions may come out negated, `-(a / b)`: cancel inside.
    let mut changed = false;
    let cancelled = together.map_bottom_up(&mut |n| match cancel(n, ctx) {
        Some(c) => {
            changed = true;
            c
        }
        None => n.clone(),
    });
    let is_fraction = |x: &Expr| matches!(x.node(), Node::Div(..));
    let fraction_left = match cancelled.node() {
        Node::Mul(fs) => fs.iter().any(is_fraction),
        _ => is_fraction(&cancelled),
    };
    (changed && !fraction_left).then_some(cancelled)
}

/// `(a + b) / c = a / c + b / c`, taken only where a piece then cancels, as in
/// `(a^2 - b^2) / a^2 = 1 - b^2 / a^2`: splitting for its own sake only lengthens.
fn split_fraction(e: &Expr, ctx: &Context) -> Option<Expr> {
    let Node::Div(a, b) = e.node() else {
        return None;
    };
    // `c (t + u) / b` splits inside the bracket: `c (t / b + u / b)`.
    let (outside, terms) = match a.node() {
        Node::Add(terms) => (Vec::new(), terms.clone()),
        Node::Mul(fs) => {
            let mut sums = fs.iter().filter(|f| matches!(f.node(), Node::Add(_)));
            let (Some(sum), None) = (sums.next(), sums.next()) else {
                return None;
            };
            let Node::Add(terms) = sum.node() else {
                return None;
            };
            let others: Vec<Expr> = fs.iter().filter(|f| *f != sum).cloned().collect();
            (others, terms.clone())
        }
        _ => return None,
    };
    let pieces: Vec<Expr> = terms
        .iter()
        .map(|t| expr::div(t.clone(), b.clone()))
        .collect();
    let helps = pieces
        .iter()
        .any(|p| cancel(p, ctx).is_some_and(|c| !matches!(c.node(), Node::Div(..))));
    helps.then(|| {
        let mut factors = outside;
        factors.push(expr::add(pieces));
        expr::mul(factors)
    })
}

/// `a - (b - c) = a - b + c`: a number times a bracketed sum, standing in a sum, is
/// multiplied out so its terms can meet the others.
fn remove_brackets(e: &Expr, _: &Context) -> Option<Expr> {
    let Node::Add(terms) = e.node() else {
        return None;
    };
    let bracketed = |t: &Expr| match t.node() {
        Node::Mul(fs) if fs.len() == 2 && fs[0].as_num().is_some() => match fs[1].node() {
            Node::Add(inner) => Some((fs[0].clone(), inner.clone())),
            _ => None,
        },
        _ => None,
    };
    if !terms.iter().any(|t| bracketed(t).is_some()) {
        return None;
    }
    let mut out = Vec::new();
    for t in terms {
        match bracketed(t) {
            Some((c, inner)) => {
                out.extend(inner.into_iter().map(|u| expr::mul(vec![c.clone(), u])))
            }
            None => out.push(t.clone()),
        }
    }
    Some(expr::add(out))
}

/// `a b + a c = a (b + c)`: a factor every term shares comes out in front (a factor
/// repeated in the first term comes out as often as every term has it).
fn common_factor(e: &Expr, _: &Context) -> Option<Expr> {
    let Node::Add(terms) = e.node() else {
        return None;
    };
    let mut rest: Vec<(Rational, Vec<Expr>)> = terms.iter().map(as_factors).collect();
    let mut shared = Vec::new();
    for f in as_factors(&terms[0]).1 {
        let at: Option<Vec<usize>> = rest
            .iter()
            .map(|(_, fs)| fs.iter().position(|g| g.same_as(&f)))
            .collect();
        if let Some(at) = at {
            for ((_, fs), k) in rest.iter_mut().zip(at) {
                fs.remove(k);
            }
            shared.push(f);
        }
    }
    if shared.is_empty() {
        return None;
    }
    let rest = rest
        .into_iter()
        .map(|(c, mut fs)| {
            fs.insert(0, Expr::num(c));
            expr::mul(fs)
        })
        .collect();
    let mut out = shared;
    out.push(expr::add(rest));
    Some(expr::mul(out))
}

/// A sum of fractions inside a product or a numerator, over one denominator:
/// `a (b - c / d) = a ((b d - c) / d)`. A sum standing on its own is left as it is,
/// where splitting a fraction may have just produced it.
fn inner_common_denominator(e: &Expr, ctx: &Context) -> Option<Expr> {
    let combine = |t: &Expr| match t.node() {
        Node::Add(_) => common_denominator(t, ctx),
        _ => None,
    };
    match e.node() {
        Node::Mul(factors) => {
            let at = factors.iter().position(|f| combine(f).is_some())?;
            let mut fs = factors.clone();
            fs[at] = combine(&fs[at])?;
            Some(expr::mul(fs))
        }
        Node::Div(a, b) => Some(expr::div(combine(a)?, b.clone())),
        _ => None,
    }
}

/// `(a / b)^n = a^n / b^n`.
fn power_of_quotient(e: &Expr, _: &Context) -> Option<Expr> {
    match e.node() {
        Node::Pow(base, n) => match base.node() {
            Node::Div(a, b) => Some(expr::div(
                expr::pow(a.clone(), n.clone()),
                expr::pow(b.clone(), n.clone()),
            )),
            _ => None,
        },
        _ => None,
    }
}

/// `(a b)^n = a^n b^n`.
fn power_of_product(e: &Expr, _: &Context) -> Option<Expr> {
    let Node::Pow(base, n) = e.node() else {
        return None;
    };
    let Node::Mul(factors) = base.node() else {
        return None;
    };
    Some(expr::mul(
        factors
            .iter()
            .map(|f| expr::pow(f.clone(), n.clone()))
            .collect(),
    ))
}

/// `x^-n = 1 / x^n`.
fn negative_exponent(e: &Expr, _: &Context) -> Option<Expr> {
    let Node::Pow(base, n) = e.node() else {
        return None;
    };
    let k = n.as_num()?;
    k.is_negative()
        .then(|| expr::div(Expr::one(), expr::pow(base.clone(), Expr::num(-k))))
}

// ---------------------------------------------------------------- exp and log

/// `log(exp(a)) = a`, `exp(log(a)) = a`.
fn inverse_functions(e: &Expr, _: &Context) -> Option<Expr> {
    let Node::Call(Func::Builtin(outer), args) = e.node() else {
        return None;
    };
    let Node::Call(Func::Builtin(inner), inner_args) = args[0].node() else {
        return None;
    };
    // The logarithm of a number that is not positive has no real value.
    let no_log = inner_args[0].as_num().is_some_and(|v| !v.is_positive());
    match (outer, inner) {
        (Builtin::Log, Builtin::Exp) => Some(inner_args[0].clone()),
        (Builtin::Exp, Builtin::Log) if !no_log => Some(inner_args[0].clone()),
        _ => None,
    }
}

/// `log(a / b) = log(a) - log(b)`, `log(a b) = log(a) + log(b)`,
/// `log(a^n) = n log(a)`.
fn log_rules(e: &Expr, _: &Context) -> Option<Expr> {
    let Node::Call(Func::Builtin(Builtin::Log), args) = e.node() else {
        return None;
    };
    let log = |x: &Expr| expr::call1(Builtin::Log, x.clone());
    match args[0].node() {
        Node::Div(a, b) => Some(expr::sub(log(a), log(b))),
        Node::Mul(fs) if fs[0].as_num().is_none() => Some(expr::add(fs.iter().map(log).collect())),
        Node::Pow(b, n) => Some(expr::mul(vec![n.clone(), log(b)])),
        _ => None,
    }
}

/// `u` for `exp(u)`.
fn exp_arg(f: &Expr) -> Option<Expr> {
    match f.node() {
        Node::Call(Func::Builtin(Builtin::Exp), args) => Some(args[0].clone()),
        _ => None,
    }
}

/// The exponent's own arithmetic belongs to the step that joins exponentials:
/// exp(x/2) exp(x/2) is exp(x), not exp(2 (x/2)).
fn tidy_exponent(exponent: Expr, ctx: &Context) -> Expr {
    [collect_like_terms, multiply_fractions, cancel]
        .iter()
        .fold(exponent, |e, rule| {
            e.map_bottom_up(&mut |n| rule(n, ctx).unwrap_or_else(|| n.clone()))
        })
}

/// `exp(a) exp(b) = exp(a + b)`, `exp(a)^n = exp(n a)`, `exp(0) = 1`.
fn product_of_exponentials(e: &Expr, ctx: &Context) -> Option<Expr> {
    let tidy = |exponent: Expr| tidy_exponent(exponent, ctx);
    let exp_of = |arg: Expr| {
        if arg.is_zero() {
            Expr::one()
        } else {
            expr::call1(Builtin::Exp, arg)
        }
    };
    match e.node() {
        Node::Mul(factors) => {
            let args: Vec<Expr> = factors.iter().filter_map(exp_arg).collect();
            if args.len() < 2 {
                return None;
            }
            let mut out: Vec<Expr> = factors
                .iter()
                .filter(|f| exp_arg(f).is_none())
                .cloned()
                .collect();
            out.push(exp_of(tidy(expr::add(args))));
            Some(expr::mul(out))
        }
        Node::Pow(base, n) => {
            let arg = exp_arg(base)?;
            n.as_num()?;
            Some(exp_of(tidy(expr::mul(vec![n.clone(), arg]))))
        }
        _ => None,
    }
}

/// The exact values a teacher knows by heart: `exp(0) = 1`, `log(1) = 0`, and the
/// functions that vanish or are one at 0 (`sin(0) = 0`, `cosh(0) = 1`, `sqrt(1) = 1`).
fn known_values(e: &Expr, _: &Context) -> Option<Expr> {
    let Node::Call(Func::Builtin(f), args) = e.node() else {
        return None;
    };
    let at_zero = args[0].is_zero();
    let at_one = args[0].is_one();
    let value = match f {
        Builtin::Exp | Builtin::Cos | Builtin::Cosh if at_zero => 1,
        Builtin::Sin | Builtin::Tan | Builtin::Sinh | Builtin::Tanh | Builtin::Sqrt if at_zero => 0,
        Builtin::Log if at_one => 0,
        Builtin::Sqrt if at_one => 1,
        _ => return None,
    };
    Some(Expr::int(value))
}

/// `exp(a) / exp(b) = exp(a - b)`: exponentials of a denominator join those of the
/// numerator, the exponent's arithmetic done in the same step.
fn quotient_of_exponentials(e: &Expr, ctx: &Context) -> Option<Expr> {
    let Node::Div(a, b) = e.node() else {
        return None;
    };
    let (ca, num) = as_factors(a);
    let (cb, den) = as_factors(b);
    let below: Vec<Expr> = den.iter().filter_map(exp_arg).collect();
    if below.is_empty() || !num.iter().any(|f| exp_arg(f).is_some()) {
        return None;
    }
    let mut top = vec![Expr::num(ca)];
    top.extend(num.iter().filter(|f| exp_arg(f).is_none()).cloned());
    let mut args: Vec<Expr> = num.iter().filter_map(exp_arg).collect();
    args.extend(below.into_iter().map(expr::neg));
    let exponent = tidy_exponent(expr::add(args), ctx);
    top.push(if exponent.is_zero() {
        Expr::one()
    } else {
        expr::call1(Builtin::Exp, exponent)
    });
    let mut bottom = vec![Expr::num(cb)];
    bottom.extend(den.iter().filter(|f| exp_arg(f).is_none()).cloned());
    Some(expr::div(expr::mul(top), expr::mul(bottom)))
}

/// `sqrt(u)^2 = u`, and `sqrt(u)^(2k) = u^k`: an even power of a root.
fn power_of_a_root(e: &Expr, _: &Context) -> Option<Expr> {
    let Node::Pow(base, n) = e.node() else {
        return None;
    };
    let Node::Call(Func::Builtin(Builtin::Sqrt), args) = base.node() else {
        return None;
    };
    // The square root of a negative number has no real value to square.
    if args[0].as_num().is_some_and(Signed::is_negative) {
        return None;
    }
    let k = n.as_small_int().filter(|k| *k > 0 && k % 2 == 0)?;
    Some(expr::pow(args[0].clone(), Expr::int(k / 2)))
}

/// `sqrt(u^2) = u` where `u` is known not to be negative: positive on its face or by
/// an assumed `u > 0` (or `u >= 0`); elsewhere it is `|u|`, and the rule declines.
/// `sqrt(u^4) = u^2` always.
fn root_of_square(e: &Expr, ctx: &Context) -> Option<Expr> {
    let Node::Call(Func::Builtin(Builtin::Sqrt), args) = e.node() else {
        return None;
    };
    let Node::Pow(u, n) = args[0].node() else {
        return None;
    };
    let n = n.as_small_int().filter(|n| *n > 0 && n % 2 == 0)?;
    let half = n / 2;
    let assumed = || {
        ctx.conditions
            .iter()
            .any(|c| c.relation != crate::derivation::Relation::NonZero && c.expr.same_as(u))
    };
    (half % 2 == 0 || crate::verify::always_positive(u) || assumed())
        .then(|| expr::pow(u.clone(), Expr::int(half)))
}

/// `exp(a - log(z)) = exp(a) / z`: logarithms in an exponent come out as factors.
fn exp_of_logs(e: &Expr, _: &Context) -> Option<Expr> {
    let Node::Call(Func::Builtin(Builtin::Exp), args) = e.node() else {
        return None;
    };
    let Node::Add(terms) = args[0].node() else {
        return None;
    };
    let log_of = |t: &Expr| {
        let (c, rest) = t.split_coefficient();
        match rest.node() {
            Node::Call(Func::Builtin(Builtin::Log), xs) => Some((c, xs[0].clone())),
            _ => None,
        }
    };
    let logs: Vec<(Rational, Expr)> = terms.iter().filter_map(log_of).collect();
    if logs.is_empty() {
        return None;
    }
    let rest = expr::add(
        terms
            .iter()
            .filter(|t| log_of(t).is_none())
            .cloned()
            .collect(),
    );
    let mut num = vec![expr::call1(Builtin::Exp, rest)];
    let mut den = Vec::new();
    for (c, v) in logs {
        if c.is_negative() {
            den.push(expr::pow(v, Expr::num(-c)));
        } else {
            num.push(expr::pow(v, Expr::num(c)));
        }
    }
    Some(expr::div(expr::mul(num), expr::mul(den)))
}

/// `exp(c log(u)) = u^c`: the exponential of a multiple of a logarithm is a power
/// (`exp(-log(x)) = 1 / x`); `exp(log(u))` itself is the inverse functions' step.
fn exp_of_log_multiple(e: &Expr, _: &Context) -> Option<Expr> {
    let Node::Call(Func::Builtin(Builtin::Exp), args) = e.node() else {
        return None;
    };
    let (c, rest) = args[0].split_coefficient();
    let Node::Call(Func::Builtin(Builtin::Log), xs) = rest.node() else {
        return None;
    };
    if c.is_one() {
        return None;
    }
    // A negative multiple is a power below the line, as a reader writes it.
    Some(if c.is_negative() {
        expr::div(Expr::one(), expr::pow(xs[0].clone(), Expr::num(-c)))
    } else {
        expr::pow(xs[0].clone(), Expr::num(c))
    })
}

/// `c sin(u)^2 + c cos(u)^2 = c`, the Pythagorean identity, wherever a sum holds
/// both squares with the same coefficient; and its hyperbolic form `c cosh(u)^2 -
/// c sinh(u)^2 = c`.
fn pythagorean(e: &Expr, _: &Context) -> Option<Expr> {
    let Node::Add(terms) = e.node() else {
        return None;
    };
    let square_of = |t: &Expr, f: Builtin| {
        let (c, rest) = t.split_coefficient();
        match rest.node() {
            Node::Pow(base, n) if n.as_small_int() == Some(2) => match base.node() {
                Node::Call(Func::Builtin(g), args) if *g == f => Some((c, args[0].clone())),
                _ => None,
            },
            _ => None,
        }
    };
    // `sin^2 + cos^2`, and `cosh^2 - sinh^2` (the partner's coefficient negated).
    let pairs = [
        (Builtin::Sin, Builtin::Cos, false),
        (Builtin::Cosh, Builtin::Sinh, true),
    ];
    for (i, s) in terms.iter().enumerate() {
        let Some((c, u, partner_of, negated)) = pairs
            .iter()
            .find_map(|&(f, g, negated)| square_of(s, f).map(|(c, u)| (c, u, g, negated)))
        else {
            continue;
        };
        let wanted = if negated { -c.clone() } else { c.clone() };
        let partner = terms.iter().position(|t| {
            square_of(t, partner_of).is_some_and(|(d, v)| d == wanted && v.same_as(&u))
        });
        if let Some(j) = partner {
            let mut out: Vec<Expr> = terms
                .iter()
                .enumerate()
                .filter(|(k, _)| *k != i && *k != j)
                .map(|(_, t)| t.clone())
                .collect();
            out.push(Expr::num(c));
            return Some(expr::add(out));
        }
    }
    None
}

/// `tanh(u) = sinh(u) / cosh(u)`: the hyperbolic tangent as a quotient, which a
/// teacher takes to meet the hyperbolic Pythagorean identity.
fn tanh_as_quotient(e: &Expr, _: &Context) -> Option<Expr> {
    let Node::Call(Func::Builtin(Builtin::Tanh), args) = e.node() else {
        return None;
    };
    let of = |f| expr::call1(f, args[0].clone());
    Some(expr::div(of(Builtin::Sinh), of(Builtin::Cosh)))
}

/// `1/2 (1 - t) = (1 - t) / 2`: a product whose numeric coefficient is a fraction,
/// written as one fraction with the coefficient's denominator. The derivative of
/// `tanh(x / 2)` comes out as `1/2 (1 - tanh(x / 2)^2)`, and a teacher writes it
/// over 2. A product with a fraction among its factors is `multiply fractions`'s.
fn coefficient_as_denominator(e: &Expr, _: &Context) -> Option<Expr> {
    let Node::Mul(fs) = e.node() else {
        return None;
    };
    let c = fs[0].as_num()?;
    if c.is_integer() || fs[1..].iter().any(|f| matches!(f.node(), Node::Div(..))) {
        return None;
    }
    let numerator = Expr::num(Rational::from_integer(c.numer().clone()));
    let mut top = vec![numerator];
    top.extend(fs[1..].iter().cloned());
    let denominator = Expr::num(Rational::from_integer(c.denom().clone()));
    Some(expr::div(expr::mul(top), denominator))
}

/// `-(a - b) / c = (b - a) / c`: the minus sign in front of a fraction taken into a
/// numerator that is a sum, when that leaves fewer minus signs. A teacher writes
/// `(exp(-x) - exp(x)) / (exp(x) + exp(-x))` for `-tanh(x)` unfolded, and never
/// `(-a - b) / c` for `-(a + b) / c`.
fn sign_into_numerator(e: &Expr, _: &Context) -> Option<Expr> {
    let Node::Mul(fs) = e.node() else {
        return None;
    };
    let [sign, fraction] = fs.as_slice() else {
        return None;
    };
    if sign.as_small_int() != Some(-1) {
        return None;
    }
    let Node::Div(a, b) = fraction.node() else {
        return None;
    };
    let Node::Add(terms) = a.node() else {
        return None;
    };
    let negated: Vec<Expr> = terms.iter().map(|t| expr::neg(t.clone())).collect();
    let minus_signs = |ts: &[Expr]| {
        ts.iter()
            .filter(|t| t.split_coefficient().0.is_negative())
            .count()
    };
    (minus_signs(&negated) < 1 + minus_signs(terms))
        .then(|| expr::div(expr::add(negated), b.clone()))
}

// ---------------------------------------------------------------- expanding

/// `a (b + c) = a b + a c`.
fn distribute(e: &Expr, _: &Context) -> Option<Expr> {
    match e.node() {
        Node::Mul(factors) => {
            let at = factors
                .iter()
                .position(|f| matches!(f.node(), Node::Add(_)))?;
            let Node::Add(terms) = factors[at].node() else {
                unreachable!("position found a sum")
            };
            Some(expr::add(
                terms
                    .iter()
                    .map(|t| {
                        let mut fs = factors.clone();
                        fs[at] = t.clone();
                        expr::mul(fs)
                    })
                    .collect(),
            ))
        }
        _ => None,
    }
}

/// `(a + b)^2 = (a + b) (a + b)`, for small integer powers, so they can be distributed.
fn power_as_product(e: &Expr, _: &Context) -> Option<Expr> {
    let Node::Pow(base, n) = e.node() else {
        return None;
    };
    let k = n.as_small_int().filter(|k| (2..=4).contains(k))?;
    let Node::Add(_) = base.node() else {
        return None;
    };
    Some(expr::mul(vec![base.clone(); k as usize]))
}

/// `a + b / c = (a c + b) / c`: everything over one denominator (the common one
/// when all fractions share it, else the product of the distinct ones).
fn common_denominator(e: &Expr, _: &Context) -> Option<Expr> {
    let Node::Add(terms) = e.node() else {
        return None;
    };
    let parts: Vec<(Expr, Expr)> = terms
        .iter()
        .map(|t| {
            if let Node::Div(a, b) = t.node() {
                return (a.clone(), b.clone());
            }
            let (c, rest) = t.split_coefficient();
            match rest.node() {
                Node::Div(a, b) => (expr::mul(vec![Expr::num(c), a.clone()]), b.clone()),
                _ => (t.clone(), Expr::one()),
            }
        })
        .collect();
    let mut dens: Vec<Expr> = Vec::new();
    for (_, d) in &parts {
        if !d.is_one() && !dens.iter().any(|x| x.same_as(d)) {
            dens.push(d.clone());
        }
    }
    if dens.is_empty() {
        return None;
    }
    let numerator = parts
        .into_iter()
        .map(|(n, d)| {
            let mut fs = vec![n];
            fs.extend(dens.iter().filter(|x| !x.same_as(&d)).cloned());
            expr::mul(fs)
        })
        .collect();
    Some(expr::div(expr::add(numerator), expr::mul(dens)))
}

/// In a fraction holding exponentials of multiples of one argument `t`, some positive,
/// as `(exp(t) - exp(-t)) / (exp(t) + exp(-t))`, multiply numerator and denominator
/// by `exp(-c t)` for the largest c, leaving only `exp(0) = 1` and negative
/// multiples: one normal form that both sides of an identity reach.
fn clear_positive_exponentials(e: &Expr, _: &Context) -> Option<Expr> {
    let Node::Div(a, b) = e.node() else {
        return None;
    };
    // Exponentials inside a sum may depend on its index, which must not leak out
    // into the factor: such a fraction is declined.
    let mut in_sum = false;
    let mut args: Vec<(Rational, Expr)> = Vec::new();
    let mut collect = |x: &Expr| {
        x.any(&mut |n| match n.node() {
            Node::Sum { body, .. } => {
                in_sum |= body
                    .any(&mut |m| matches!(m.node(), Node::Call(Func::Builtin(Builtin::Exp), _)));
                false
            }
            Node::Call(Func::Builtin(Builtin::Exp), xs) => {
                args.push(xs[0].split_coefficient());
                false
            }
            _ => false,
        });
    };
    collect(a);
    collect(b);
    if in_sum {
        return None;
    }
    let (_, t) = args.first()?.clone();
    if !args.iter().all(|(_, u)| u.same_as(&t)) {
        return None;
    }
    let largest = args.iter().map(|(c, _)| c).max()?.clone();
    if !largest.is_positive() {
        return None;
    }
    let factor = expr::call1(Builtin::Exp, expr::mul(vec![Expr::num(-largest), t]));
    Some(expr::div(
        expr::mul(vec![a.clone(), factor.clone()]),
        expr::mul(vec![b.clone(), factor]),
    ))
}

/// Rebuild with the arithmetic of the smart constructors: `0 - p = -p`, `1 x = x`.
fn arithmetic(e: &Expr, _: &Context) -> Option<Expr> {
    let kids = e.children();
    if kids.is_empty() {
        return None;
    }
    let out = e.with_children(kids);
    (out != *e).then_some(out)
}

// ------------------------------------------------ moves a teacher makes in one line

/// The rules that multiply out and tidy what multiplying out leaves: products of
/// exponentials joined, like terms collected, constants folded.
const MULTIPLY_OUT: &[Rule] = &[
    DISTRIBUTE,
    PRODUCT_OF_EXPONENTIALS,
    COLLECT_FACTORS,
    COLLECT_LIKE_TERMS,
    ARITHMETIC,
];

/// The largest form (in nodes) that the moves which multiply a whole product, power
/// or fraction out try: what a teacher does in one line, and a bound on their cost,
/// which grows with the form (on a derivative of a 50-term softmax, or of `tanh`
/// nested 16 deep, they were most of the time).
const ONE_LINE_SIZE: usize = 64;

/// `e` multiplied out and tidied, as a teacher expands in one line: `(a + b) (c + d)`
/// becomes the sum of the four products with like terms collected. Bounded rounds;
/// each round is one rule of [`MULTIPLY_OUT`] applied everywhere. None of those rules
/// looks at a context, so the result depends on `e` alone and can be remembered
/// while a [`remember_multiplied_out`] guard is alive.
fn multiplied_out(e: &Expr) -> Expr {
    // The memo stays borrowed through the rounds: no rule of MULTIPLY_OUT multiplies
    // out in its turn (those that do are the one-line moves that call this).
    MULTIPLIED_OUT.with_borrow_mut(|open| match open {
        Some(memo) => {
            if let Some(done) = memo.results.get(e) {
                return done.clone();
            }
            let rules = &mut memo.rules;
            let out = multiply_out_rounds(e, &mut |r, e, ctx| r.apply_everywhere_in(e, ctx, rules));
            memo.results.insert(e.clone(), out.clone());
            out
        }
        None => multiply_out_rounds(e, &mut Rule::apply_everywhere),
    })
}

/// The rounds of [`multiplied_out`], each one rule applied everywhere by `apply`.
/// Where the rules' results on subtrees are remembered, a round rewrites a few nodes,
/// so the next round, and the last that finds nothing to do, only look at the nodes
/// the round built.
fn multiply_out_rounds(
    e: &Expr,
    apply: &mut dyn FnMut(&Rule, &Expr, &Context) -> Option<Expr>,
) -> Expr {
    let no_context = Context::default();
    let mut out = e.clone();
    for _ in 0..16 {
        let Some(next) = MULTIPLY_OUT
            .iter()
            .find_map(|r| apply(r, &out, &no_context))
        else {
            break;
        };
        out = next;
    }
    out
}

/// What [`multiplied_out`] remembers while a [`remember_multiplied_out`] guard is alive: its
/// results, and its rules' results on subtrees (all under the empty context).
#[derive(Default)]
pub struct MultipliedOutResults {
    results: FastMap<Expr, Expr>,
    rules: Memo,
}

thread_local! {
    /// [`multiplied_out`]'s results while a [`remember_multiplied_out`] guard is alive.
    static MULTIPLIED_OUT: std::cell::RefCell<Option<MultipliedOutResults>> =
        const { std::cell::RefCell::new(None) };
}

/// While the guard this returns is alive, [`multiplied_out`] remembers its
/// results. The search that shortens a proof meets the same numerators and
/// denominators in many forms, and the one-line moves multiply each out again for
/// every fraction it stands in. What was remembered is forgotten when the outermost
/// guard drops, so no proof profits from another's work.
pub fn remember_multiplied_out() -> ScopedMemo<MultipliedOutResults> {
    ScopedMemo::open(&MULTIPLIED_OUT)
}

/// `log(a) + log(b) - log(c) = log(a b / c)`: the logarithms of a sum, each with
/// coefficient 1 or -1, joined into one (the other terms stay where they are).
fn combine_logarithms(e: &Expr, _: &Context) -> Option<Expr> {
    let Node::Add(terms) = e.node() else {
        return None;
    };
    let log_arg = |t: &Expr| match t.node() {
        Node::Call(Func::Builtin(Builtin::Log), args) => Some(args[0].clone()),
        _ => None,
    };
    let signed_log = |t: &Expr| match t.split_coefficient() {
        (k, rest) if k.is_one() => log_arg(&rest).map(|u| (true, u)),
        (k, rest) if (-k.clone()).is_one() => log_arg(&rest).map(|u| (false, u)),
        _ => None,
    };
    let (mut above, mut below, mut rest, mut at) = (Vec::new(), Vec::new(), Vec::new(), None);
    for t in terms {
        match signed_log(t) {
            Some((plus, u)) => {
                at.get_or_insert(rest.len());
                if plus { &mut above } else { &mut below }.push(u);
            }
            None => rest.push(t.clone()),
        }
    }
    if above.len() + below.len() < 2 {
        return None;
    }
    let inside = match (above.is_empty(), below.is_empty()) {
        (false, true) => expr::mul(above),
        (true, false) => expr::div(Expr::one(), expr::mul(below)),
        _ => expr::div(expr::mul(above), expr::mul(below)),
    };
    rest.insert(at?, expr::call1(Builtin::Log, inside));
    Some(expr::add(rest))
}

/// `-(a + b) = -a - b`: a minus sign before a bracketed sum, taken in. What a
/// logarithm split off under a minus leaves (`-(-x + log(exp(x) + 1))`).
fn distribute_minus(e: &Expr, _: &Context) -> Option<Expr> {
    let (k, rest) = e.split_coefficient();
    let Node::Add(terms) = rest.node() else {
        return None;
    };
    (-k).is_one()
        .then(|| expr::add(terms.iter().cloned().map(expr::neg).collect()))
}

/// `log(exp(a) + exp(b)) = log(exp(a) (1 + exp(b - a)))`: the first exponential of a
/// logarithm's sum taken out, the rest multiplied out, so that the laws of logarithms
/// can split it off (`log(1 + exp(x))` is `x + log(exp(-x) + 1)`). Never a move of
/// the phases: it opens a branch of a proof ([`LOG_OF_A_SUM`]), and the shortening
/// may take it like any other rule.
fn factor_exponential_out_of_log(e: &Expr, ctx: &Context) -> Option<Expr> {
    let Node::Call(Func::Builtin(Builtin::Log), args) = e.node() else {
        return None;
    };
    let Node::Add(terms) = args[0].node() else {
        return None;
    };
    if args[0].size() > ONE_LINE_SIZE {
        return None;
    }
    let u = terms.iter().find_map(|t| match t.node() {
        Node::Mul(fs) => fs.iter().find_map(exp_arg),
        _ => exp_arg(t),
    })?;
    let inverse = expr::call1(Builtin::Exp, tidy_exponent(expr::neg(u.clone()), ctx));
    let rest = multiplied_out(&expr::mul(vec![args[0].clone(), inverse]));
    Some(expr::call1(
        Builtin::Log,
        expr::mul(vec![expr::call1(Builtin::Exp, u), rest]),
    ))
}

/// `-log(a / b) = log(b / a)`: a minus sign before the logarithm of a fraction goes
/// in as the reciprocal, which is how a solved `x = -log((1 - y) / y)` reads as the
/// logit `log(y / (1 - y))`.
fn log_of_reciprocal(e: &Expr, _: &Context) -> Option<Expr> {
    let (k, rest) = e.split_coefficient();
    if !(-k).is_one() {
        return None;
    }
    let Node::Call(Func::Builtin(Builtin::Log), args) = rest.node() else {
        return None;
    };
    let Node::Div(a, b) = args[0].node() else {
        return None;
    };
    Some(expr::call1(Builtin::Log, expr::div(b.clone(), a.clone())))
}

/// `(1 + exp(x)) / (1 + exp(-x)) = exp(x)`: a numerator that is the denominator times
/// one term (a number times exponentials), taken out and the denominator cancelled.
/// The factor is found by dividing a term of the numerator by the denominator's
/// first term, and kept only if multiplying back gives the numerator.
fn factor_out_and_cancel(e: &Expr, _: &Context) -> Option<Expr> {
    let Node::Div(a, b) = e.node() else {
        return None;
    };
    if e.size() > ONE_LINE_SIZE {
        return None;
    }
    let (Node::Add(top), Node::Add(bottom)) = (a.node(), b.node()) else {
        return None;
    };
    if top.len() != bottom.len() {
        return None;
    }
    // The reciprocal of a term `c exp(u) exp(v)`, or nothing for other terms.
    let reciprocal = |t: &Expr| {
        let (c, factors) = as_factors(t);
        if c.is_zero() {
            return None;
        }
        let mut out = vec![Expr::num(c.recip())];
        for f in factors {
            match f.node() {
                Node::Call(Func::Builtin(Builtin::Exp), args) => {
                    out.push(expr::call1(Builtin::Exp, expr::neg(args[0].clone())));
                }
                _ => return None,
            }
        }
        Some(expr::mul(out))
    };
    let first = reciprocal(&bottom[0])?;
    let numerator = multiplied_out(a).canonical();
    top.iter().find_map(|t| {
        let factor = multiplied_out(&expr::mul(vec![t.clone(), first.clone()]));
        let is_term = !matches!(factor.node(), Node::Add(_)) && !factor.is_one();
        (is_term
            && multiplied_out(&expr::mul(vec![factor.clone(), b.clone()])).canonical() == numerator)
            .then_some(factor)
    })
}

/// `(x^2 - 1) / (x - 1) = x + 1`, `(exp(2 x) - 1) / (exp(x) - 1) = exp(x) + 1`: a
/// numerator and denominator that are polynomials in one generator, with their
/// greatest common divisor of positive degree factored out of both and cancelled. A
/// sum must be involved: common powers of a single factor are [`cancel`]'s. The
/// quotients are written in the order the numerator was (constant first or last),
/// with the denominator's first coefficient positive.
fn cancel_common_factor(e: &Expr, _: &Context) -> Option<Expr> {
    let Node::Div(a, b) = e.node() else {
        return None;
    };
    if e.size() > ONE_LINE_SIZE || !(has_sum(a) || has_sum(b)) {
        return None;
    }
    let (generator, top_poly, bottom_poly) = polynomial::read_pair(a, b)?;
    let common = top_poly.gcd(&bottom_poly);
    if common.degree() == 0 || top_poly.terms() + bottom_poly.terms() < 3 {
        return None;
    }
    let (mut q_top, mut q_bottom) = (top_poly.exact_div(&common), bottom_poly.exact_div(&common));
    let ascending = match a.node() {
        Node::Add(ts) => ts[0].as_num().is_some(),
        _ => false,
    };
    if let Some(c) = q_bottom.as_constant() {
        // `(tanh(x) - 1) / 2` rather than `1/2 tanh(x) - 1/2`.
        let scaled = q_top.scaled(&c.recip());
        if scaled.is_integral() || !(c.is_integer() && q_top.is_integral()) {
            return Some(generator.expr_of(&scaled, ascending));
        }
        let sign = Rational::from_integer(c.signum().to_integer());
        return Some(expr::div(
            generator.expr_of(&q_top.scaled(&sign), ascending),
            Expr::num(c.abs()),
        ));
    }
    if q_bottom.first_coefficient(ascending).is_negative() {
        (q_top, q_bottom) = (q_top.negated(), q_bottom.negated());
    }
    Some(expr::div(
        generator.expr_of(&q_top, ascending),
        generator.expr_of(&q_bottom, ascending),
    ))
}

/// Does `e` hold a sum (outside calls: `tanh(x + 1)` is an atom)?
fn has_sum(e: &Expr) -> bool {
    match e.node() {
        Node::Add(_) => true,
        Node::Mul(fs) => fs.iter().any(has_sum),
        Node::Pow(base, _) => has_sum(base),
        _ => false,
    }
}

/// `(a + b)^2 = a^2 + 2 a b + b^2` (and cubes), with products of exponentials joined:
/// `(exp(x) + exp(-x))^2 = exp(2 x) + 2 + exp(-2 x)`.
fn binomial_formula(e: &Expr, ctx: &Context) -> Option<Expr> {
    if e.size() > ONE_LINE_SIZE {
        return None;
    }
    let product = power_as_product(e, ctx).filter(
        |_| matches!(e.node(), Node::Pow(_, n) if n.as_small_int().is_some_and(|k| k <= 3)),
    )?;
    Some(multiplied_out(&product))
}

/// A product with a sum in it, multiplied out in one step and tidied: the mixed terms
/// that cancel are gone.
fn expand_products(e: &Expr, _: &Context) -> Option<Expr> {
    let Node::Mul(factors) = e.node() else {
        return None;
    };
    if e.size() > ONE_LINE_SIZE || !factors.iter().any(|f| matches!(f.node(), Node::Add(_))) {
        return None;
    }
    Some(multiplied_out(e))
}

/// Multiply numerator and denominator of a fraction by `exp(-u)` for an exponential
/// `exp(u)` that stands in it, and multiply out: `exp(-x) / (1 + 2 exp(-x) +
/// exp(-2 x))` becomes `1 / (exp(x) + 2 + exp(-x))`. Of the exponentials, the one
/// that leaves the smallest fraction is taken. Exponentials inside a sum over an index
/// are left alone (the index must not leak out).
fn multiply_through_by_exponential(e: &Expr, ctx: &Context) -> Option<Expr> {
    let Node::Div(a, b) = e.node() else {
        return None;
    };
    if e.size() > ONE_LINE_SIZE {
        return None;
    }
    let mut args: Vec<Expr> = Vec::new();
    let mut in_sum = false;
    for side in [a, b] {
        side.any(&mut |n| match n.node() {
            Node::Sum { .. } => {
                in_sum = true;
                true
            }
            Node::Call(Func::Builtin(Builtin::Exp), xs) => {
                if !args.iter().any(|u| u.same_as(&xs[0])) {
                    args.push(xs[0].clone());
                }
                false
            }
            _ => false,
        });
    }
    if in_sum {
        return None;
    }
    args.iter()
        .map(|u| {
            let factor = expr::call1(Builtin::Exp, tidy_exponent(expr::neg(u.clone()), ctx));
            let times =
                |side: &Expr| multiplied_out(&expr::mul(vec![side.clone(), factor.clone()]));
            expr::div(times(a), times(b))
        })
        .min_by_key(|candidate| candidate.size())
        // `exp(-x)` is larger than `exp(x)`: a little growth is the price of clearing
        // a fraction, more is a detour.
        .filter(|candidate| candidate.size() <= e.size() + 2)
}

/// `(a B - c) / B^2 = (a - c / B) / B`: divide numerator and denominator by the base
/// of a power in the denominator, when a term of the numerator has it as a factor, so
/// that the part a definition names (`c / B`) appears.
fn divide_through(e: &Expr, _: &Context) -> Option<Expr> {
    let Node::Div(a, b) = e.node() else {
        return None;
    };
    let (Node::Add(terms), Node::Pow(base, n)) = (a.node(), b.node()) else {
        return None;
    };
    let k = n.as_small_int().filter(|k| *k >= 2)?;
    let without_base = |t: &Expr| -> Option<Expr> {
        if t.same_as(base) {
            return Some(Expr::one());
        }
        let Node::Mul(fs) = t.node() else {
            return None;
        };
        let at = fs.iter().position(|f| f.same_as(base))?;
        let mut rest = fs.clone();
        rest.remove(at);
        Some(expr::mul(rest))
    };
    if !terms.iter().any(|t| without_base(t).is_some()) {
        return None;
    }
    let divided = terms
        .iter()
        .map(|t| without_base(t).unwrap_or_else(|| expr::div(t.clone(), base.clone())))
        .collect();
    Some(expr::div(
        expr::add(divided),
        expr::pow(base.clone(), Expr::int(k - 1)),
    ))
}

// ---------------------------------------------------------------- rule tables

macro_rules! rule {
    ($name:literal, $inverse:literal, $f:ident) => {
        rule!($name, $inverse, $f, Kinds::ALL)
    };
    ($name:literal, $inverse:literal, $f:ident, $at:expr) => {
        Rule {
            name: $name,
            inverse: $inverse,
            apply: $f,
            at: $at,
            scoped: None,
        }
    };
    ($name:literal, $inverse:literal, $f:ident, $at:expr, within: $scoped:ident) => {
        Rule {
            scoped: Some($scoped),
            ..rule!($name, $inverse, $f, $at)
        }
    };
}

// Each rule once, with the name it prints forward and read backwards.
const ARITHMETIC: Rule = rule!("arithmetic", "arithmetic", arithmetic);
const DELTA_VALUES: Rule = rule!(
    "Kronecker delta",
    "Kronecker delta",
    delta_values,
    Kinds::DELTA
);
const SUM_OF_DELTA: Rule = rule!(
    "sum of a Kronecker delta",
    "write as a sum with a Kronecker delta",
    sum_of_delta,
    Kinds::SUM,
    within: sum_of_delta_within
);
const SPLIT_SUM_FACTORING: Rule = rule!(
    "split the sum, factor out",
    "move the factors in, combine the sums",
    split_sum_factoring,
    Kinds::SUM
);
const SPLIT_EXPONENTIAL_OUT_OF_SUM: Rule = rule!(
    "split the exponential, factor out of the sum",
    "move the factor into the sum, combine the exponentials",
    split_exponential_out_of_sum,
    Kinds::SUM
);
const SUBSTITUTE_UNDER_DELTA: Rule = rule!(
    "substitute under the delta",
    "substitute under the delta",
    substitute_under_delta,
    Kinds::MUL
);
const SPLIT_SUM: Rule = rule!("split the sum", "combine the sums", split_sum, Kinds::SUM);
const FACTOR_OUT_OF_SUM: Rule = rule!(
    "factor out of the sum",
    "move the factor into the sum",
    factor_out_of_sum,
    Kinds::SUM
);
const KNOWN_VALUES: Rule = rule!(
    "known values",
    "write the number as a known value",
    known_values,
    Kinds::CALL
);
const INVERSE_FUNCTIONS: Rule = rule!(
    "inverse functions",
    "inverse functions",
    inverse_functions,
    Kinds::CALL
);
const CANCEL_IN_PRODUCT: Rule = rule!(
    "cancel the factors",
    "multiply and divide by the same factor",
    cancel_in_product,
    Kinds::MUL
);
const MULTIPLY_FRACTIONS: Rule = rule!(
    "multiply fractions",
    "write as a product of fractions",
    multiply_fractions,
    Kinds::MUL
);
const NESTED_FRACTION: Rule = rule!(
    "simplify the fraction",
    "write as a compound fraction",
    nested_fraction,
    Kinds::DIV
);
const REMOVE_BRACKETS: Rule = rule!(
    "remove the brackets",
    "bracket the terms",
    remove_brackets,
    Kinds::ADD
);
pub const COLLECT_LIKE_TERMS: Rule = rule!(
    "collect like terms",
    "split a term",
    collect_like_terms,
    Kinds::ADD
);
const COLLECT_FACTORS: Rule = rule!(
    "collect factors",
    "write the power as a product",
    collect_factors,
    Kinds::MUL
);
const CANCEL: Rule = rule!(
    "cancel",
    "multiply numerator and denominator by the same factor",
    cancel,
    Kinds::DIV
);
const DISTRIBUTE_OVER_DELTA: Rule = rule!(
    "distribute",
    "factor out",
    distribute_over_delta,
    Kinds::SUM
);
const PYTHAGOREAN: Rule = rule!(
    "Pythagorean identity",
    "Pythagorean identity",
    pythagorean,
    Kinds::ADD
);
const COMMON_FACTOR: Rule = rule!("common factor", "multiply out", common_factor, Kinds::ADD);
const SPLIT_FRACTION: Rule = rule!(
    "split the fraction",
    "combine over a common denominator",
    split_fraction,
    Kinds::DIV
);
const INNER_COMMON_DENOMINATOR: Rule = rule!(
    "common denominator",
    "split the fraction",
    inner_common_denominator,
    Kinds::MUL.or(Kinds::DIV)
);
const POWER_OF_QUOTIENT: Rule = rule!(
    "power of a quotient",
    "write as a power of a quotient",
    power_of_quotient,
    Kinds::POW
);
const POWER_OF_PRODUCT: Rule = rule!(
    "power of a product",
    "write as a power of a product",
    power_of_product,
    Kinds::POW
);
const POWER_OF_A_ROOT: Rule = rule!(
    "square of a root",
    "write as the square of a root",
    power_of_a_root,
    Kinds::POW
);
const ROOT_OF_SQUARE: Rule = rule!(
    "root of a square",
    "write as the root of a square",
    root_of_square,
    Kinds::CALL
);
const NEGATIVE_EXPONENT: Rule = rule!(
    "negative exponent",
    "write as a negative exponent",
    negative_exponent,
    Kinds::POW
);
const LOG_RULES: Rule = rule!(
    "laws of logarithms",
    "combine the logarithms",
    log_rules,
    Kinds::CALL
);
const EXP_OF_LOGS: Rule = rule!(
    "exponential of a sum",
    "combine into one exponential",
    exp_of_logs,
    Kinds::CALL
);
const EXP_OF_LOG_MULTIPLE: Rule = rule!(
    "exponential of a logarithm",
    "write as an exponential of a logarithm",
    exp_of_log_multiple,
    Kinds::CALL
);
const TANH_AS_QUOTIENT: Rule = rule!(
    "tanh as sinh over cosh",
    "sinh over cosh is tanh",
    tanh_as_quotient,
    Kinds::CALL
);
const COEFFICIENT_AS_DENOMINATOR: Rule = rule!(
    "write as one fraction",
    "write the denominator as a coefficient",
    coefficient_as_denominator,
    Kinds::MUL
);
const COMMON_DENOMINATOR: Rule = rule!(
    "common denominator",
    "split the fraction",
    common_denominator,
    Kinds::ADD
);
const DISTRIBUTE: Rule = rule!("distribute", "factor out", distribute, Kinds::MUL);
const SIGN_INTO_NUMERATOR: Rule = rule!(
    "take the minus sign into the numerator",
    "take the minus sign out of the numerator",
    sign_into_numerator,
    Kinds::MUL
);
const POWER_AS_PRODUCT: Rule = rule!(
    "power as a product",
    "collect factors",
    power_as_product,
    Kinds::POW
);
const PRODUCT_OF_EXPONENTIALS: Rule = rule!(
    "product of exponentials",
    "split the exponential",
    product_of_exponentials,
    Kinds::MUL.or(Kinds::POW).or(Kinds::CALL)
);
const QUOTIENT_OF_EXPONENTIALS: Rule = rule!(
    "quotient of exponentials",
    "split the exponential into a quotient",
    quotient_of_exponentials,
    Kinds::DIV
);
const BINOMIAL_FORMULA: Rule = rule!(
    "binomial formula",
    "binomial formula",
    binomial_formula,
    Kinds::POW
);
const EXPAND_PRODUCTS: Rule = rule!("expand the products", "factor", expand_products, Kinds::MUL);
pub const MULTIPLY_THROUGH_BY_EXPONENTIAL: Rule = rule!(
    "multiply numerator and denominator by an exponential",
    "divide numerator and denominator by an exponential",
    multiply_through_by_exponential,
    Kinds::DIV
);
const DIVIDE_THROUGH: Rule = rule!(
    "divide numerator and denominator by a factor of the denominator",
    "multiply numerator and denominator by a factor of the denominator",
    divide_through,
    Kinds::DIV
);
/// The move that opens the branch of [`LOG_OF_A_SUM`], taken once: taken again, it
/// would take the exponential back out of what it left (`1 + exp(b - a)`).
pub const FACTOR_OUT_OF_LOG: Rule = rule!(
    "factor out the exponential",
    "multiply out",
    factor_exponential_out_of_log,
    Kinds::CALL
);
const DISTRIBUTE_MINUS: Rule = rule!(
    "distribute the minus sign",
    "take out the minus sign",
    distribute_minus,
    Kinds::MUL
);
const LOG_OF_RECIPROCAL: Rule = rule!(
    "log of a reciprocal",
    "log of a reciprocal",
    log_of_reciprocal,
    Kinds::MUL
);
const COMBINE_LOGARITHMS: Rule = rule!(
    "combine the logarithms",
    "laws of logarithms",
    combine_logarithms,
    Kinds::ADD
);
const FACTOR_OUT_AND_CANCEL: Rule = rule!(
    "factor out and cancel",
    "multiply numerator and denominator by a sum",
    factor_out_and_cancel,
    Kinds::DIV
);
const CANCEL_COMMON_FACTOR: Rule = rule!(
    "cancel the common factor",
    "multiply numerator and denominator by a common factor",
    cancel_common_factor,
    Kinds::DIV
);
const CLEAR_POSITIVE_EXPONENTIALS: Rule = rule!(
    "expand the fraction",
    "cancel",
    clear_positive_exponentials,
    Kinds::DIV
);

#[rustfmt::skip]
/// Tidying after differentiation: nothing that changes the shape of the answer.
pub const TIDY: &[Rule] = &[
    ARITHMETIC,
    DELTA_VALUES,
    SUM_OF_DELTA,
    SPLIT_SUM_FACTORING,
    SPLIT_SUM,
    FACTOR_OUT_OF_SUM,
    INVERSE_FUNCTIONS,
    KNOWN_VALUES,
    CANCEL_IN_PRODUCT,
    MULTIPLY_FRACTIONS,
    NESTED_FRACTION,
    REMOVE_BRACKETS,
    COLLECT_LIKE_TERMS,
    COLLECT_FACTORS,
    CANCEL,
    DISTRIBUTE_OVER_DELTA,
];

#[rustfmt::skip]
/// Light algebra for proofs: the tidy rules, and splitting a fraction where a part
/// cancels, powers of quotients and products, logarithm laws.
pub const LIGHT: &[Rule] = &[
    ARITHMETIC,
    DELTA_VALUES,
    SUM_OF_DELTA,
    SPLIT_SUM_FACTORING,
    SPLIT_SUM,
    FACTOR_OUT_OF_SUM,
    SPLIT_EXPONENTIAL_OUT_OF_SUM,
    INVERSE_FUNCTIONS,
    EXP_OF_LOG_MULTIPLE,
    EXP_OF_LOGS,
    KNOWN_VALUES,
    CANCEL_IN_PRODUCT,
    MULTIPLY_FRACTIONS,
    NESTED_FRACTION,
    REMOVE_BRACKETS,
    COLLECT_LIKE_TERMS,
    PYTHAGOREAN,
    COLLECT_FACTORS,
    CANCEL,
    FACTOR_OUT_AND_CANCEL,
    CANCEL_COMMON_FACTOR,
    DISTRIBUTE_OVER_DELTA,
    COMMON_FACTOR,
    SPLIT_FRACTION,
    INNER_COMMON_DENOMINATOR,
    POWER_OF_QUOTIENT,
    POWER_OF_PRODUCT,
    POWER_OF_A_ROOT,
    ROOT_OF_SQUARE,
    NEGATIVE_EXPONENT,
    LOG_RULES,
    SIGN_INTO_NUMERATOR,
];

#[rustfmt::skip]
/// The algebra that goes with folding quotients back into the symbols they define
/// (see `definitions::fold_step`), tried before each fold.
pub const FOLD: &[Rule] = &[
    ARITHMETIC,
    COMMON_FACTOR,
    CANCEL,
    SPLIT_FRACTION,
];

#[rustfmt::skip]
/// Tidying both sides of an equation while solving it.
pub const SOLVE_TIDY: &[Rule] = &[
    ARITHMETIC,
    INVERSE_FUNCTIONS,
    KNOWN_VALUES,
    EXP_OF_LOGS,
    FACTOR_OUT_OF_SUM,
    MULTIPLY_FRACTIONS,
    NESTED_FRACTION,
    COLLECT_FACTORS,
    CANCEL,
];

#[rustfmt::skip]
/// The last touches on a solved equation's answer, as a teacher writes it: each sum
/// over one denominator, and a minus sign taken into a logarithm as the reciprocal
/// (`x = -log(1 / y - 1)` reads `x = log(y / (1 - y))`).
pub const ANSWER_TIDY: &[Rule] = &[
    COMMON_DENOMINATOR,
    LOG_OF_RECIPROCAL,
];

#[rustfmt::skip]
/// Logarithms joined into one, and its argument simplified: what a teacher does with
/// a difference of logarithms whose quotient simplifies (`log(1 + exp(x)) -
/// log(1 + exp(-x))` is `log(exp(x))`). A branch of a proof, kept only if it arrives.
pub const COMBINE: &[Rule] = &[
    ARITHMETIC,
    INVERSE_FUNCTIONS,
    KNOWN_VALUES,
    COMBINE_LOGARITHMS,
    CANCEL,
    FACTOR_OUT_AND_CANCEL,
];

#[rustfmt::skip]
/// A logarithm of a sum of exponentials, with one taken out and split off: what a
/// teacher does to show `log(exp(a) + exp(b)) = a + log(1 + exp(b - a))`, or that
/// softplus(x) is x + softplus(-x): after [`FACTOR_OUT_OF_LOG`], these split the
/// logarithm and tidy. A branch of a proof, kept only if it arrives.
pub const LOG_OF_A_SUM: &[Rule] = &[
    ARITHMETIC,
    KNOWN_VALUES,
    INVERSE_FUNCTIONS,
    LOG_RULES,
    DISTRIBUTE_MINUS,
    COLLECT_LIKE_TERMS,
];

#[rustfmt::skip]
/// Opening up the sides of an equation that is linear in a part holding the unknown,
/// until each term is that part times a coefficient, or free of the unknown.
pub const SOLVE_EXPAND: &[Rule] = &[
    DISTRIBUTE,
    SPLIT_SUM_FACTORING,
    SPLIT_SUM,
    FACTOR_OUT_OF_SUM,
];

#[rustfmt::skip]
/// Heavy algebra: bring everything to one fraction of expanded sums in which
/// exponentials are combined; two equal expressions meet there.
pub const EXPAND: &[Rule] = &[
    ARITHMETIC,
    DELTA_VALUES,
    SUM_OF_DELTA,
    SUBSTITUTE_UNDER_DELTA,
    SPLIT_SUM_FACTORING,
    SPLIT_SUM,
    FACTOR_OUT_OF_SUM,
    SPLIT_EXPONENTIAL_OUT_OF_SUM,
    INVERSE_FUNCTIONS,
    EXP_OF_LOG_MULTIPLE,
    EXP_OF_LOGS,
    KNOWN_VALUES,
    NESTED_FRACTION,
    CANCEL_IN_PRODUCT,
    MULTIPLY_FRACTIONS,
    COMMON_DENOMINATOR,
    DISTRIBUTE,
    POWER_AS_PRODUCT,
    COLLECT_LIKE_TERMS,
    PYTHAGOREAN,
    PRODUCT_OF_EXPONENTIALS,
    QUOTIENT_OF_EXPONENTIALS,
    COLLECT_FACTORS,
    CANCEL,
    CANCEL_COMMON_FACTOR,
    CLEAR_POSITIVE_EXPONENTIALS,
    POWER_OF_QUOTIENT,
    POWER_OF_PRODUCT,
    POWER_OF_A_ROOT,
    ROOT_OF_SQUARE,
    NEGATIVE_EXPONENT,
    LOG_RULES,
];

#[rustfmt::skip]
/// Moves of several rules at once, as a teacher writes them in one line. Only the
/// search that shortens a found proof takes them: the phases never do, so a proof's
/// first draft stays one rule per step.
pub const IN_ONE_LINE: &[Rule] = &[
    BINOMIAL_FORMULA,
    EXPAND_PRODUCTS,
    MULTIPLY_THROUGH_BY_EXPONENTIAL,
    DIVIDE_THROUGH,
];

/// The moves of [`IN_ONE_LINE`] that, read backwards, are a factoring: a product or
/// a power of sums written for what it multiplies out to.
pub const FACTORING_IN_ONE_LINE: &[Rule] = &[BINOMIAL_FORMULA, EXPAND_PRODUCTS];

/// Standard identities that rewrite a function as others, which no phase takes (a
/// proof's first draft unfolds definitions instead): the search that shortens a
/// found proof may, where they make a shorter route. Each with the functions it
/// brings in: a proof that uses none of them is not shortened through it.
pub const IDENTITIES: &[(Rule, &[Builtin])] =
    &[(TANH_AS_QUOTIENT, &[Builtin::Sinh, Builtin::Cosh])];

/// Ways of writing a form that no phase takes, because the normal forms the phases
/// meet in would change with them, but which the search that shortens a found proof
/// may take where they make a shorter route (`1/2 (1 - t)` written as `(1 - t) / 2`,
/// the form a goal gives, where a join by cross-multiplication was the only way).
pub const SEARCH_ONLY: &[Rule] = &[COEFFICIENT_AS_DENOMINATOR];

/// Moves that bring two sides to one normal form and cut no detour: the search that
/// shortens a proof does not spend its budget on them (`substitute under the delta`
/// rewrites every product with a delta, in form after form).
pub const NO_SHORTCUT: &[Rule] = &[SUBSTITUTE_UNDER_DELTA];

/// Every table, for looking a rule up by its printed name.
pub const TABLES: &[&[Rule]] = &[
    TIDY,
    LIGHT,
    FOLD,
    SOLVE_TIDY,
    ANSWER_TIDY,
    COMBINE,
    LOG_OF_A_SUM,
    &[FACTOR_OUT_OF_LOG],
    SOLVE_EXPAND,
    EXPAND,
    IN_ONE_LINE,
    &[TANH_AS_QUOTIENT],
    SEARCH_ONLY,
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{parse_expr, Names};

    fn p(src: &str) -> Expr {
        parse_expr(src, &Names::default()).unwrap()
    }

    #[test]
    fn a_fractional_coefficient_becomes_the_denominator() {
        let ctx = Context::default();
        let rewrite = |src: &str| coefficient_as_denominator(&p(src), &ctx);
        assert_eq!(rewrite("1/2 (1 - t)"), Some(p("(1 - t) / 2")));
        assert_eq!(rewrite("-2/3 x y"), Some(p("-2 x y / 3")));
        // An integer coefficient, or a fraction among the factors, is not its case.
        assert_eq!(rewrite("2 x"), None);
        assert_eq!(rewrite("1/2 (a / b)"), None);
    }

    #[test]
    fn a_minus_sign_goes_into_the_bracket_it_stands_before() {
        let ctx = Context::default();
        assert_eq!(
            distribute_minus(&p("-(-x + log(y))"), &ctx),
            Some(p("x - log(y)"))
        );
        // Only a minus sign: `2 (a + b)` and a bare sum are left to other rules.
        assert_eq!(distribute_minus(&p("2 (a + b)"), &ctx), None);
        assert_eq!(distribute_minus(&p("a + b"), &ctx), None);
    }

    #[test]
    fn a_common_factor_that_is_a_sum_is_cancelled_and_the_quotients_keep_their_order() {
        let ctx = Context::default();
        let out = |src: &str| cancel_common_factor(&p(src), &ctx).map(|e| e.to_string());
        assert_eq!(out("(x^2 - 1) / (x - 1)").as_deref(), Some("x + 1"));
        assert_eq!(out("(x^3 - 1) / (x - 1)").as_deref(), Some("x^2 + x + 1"));
        assert_eq!(
            out("(1 - x^2) / (1 - x)^2").as_deref(),
            Some("(1 + x) / (1 - x)")
        );
        assert_eq!(
            out("(exp(2 x) - 1) / (exp(x) - 1)").as_deref(),
            Some("exp(x) + 1")
        );
        assert_eq!(
            out("(tanh(x)^2 - 1) / (2 tanh(x) + 2)").as_deref(),
            Some("(tanh(x) - 1) / 2")
        );
        // Nothing in common, two atoms, or a lone power (cancel's work).
        for declined in ["(x^2 + 1) / (x + 1)", "(x^2 - y^2) / (x - y)", "x^3 / x^2"] {
            assert_eq!(out(declined), None, "{declined}");
        }
    }

    #[test]
    fn known_values_are_the_exact_values_at_zero_and_one_and_nothing_else() {
        let ctx = Context::default();
        let value = |src: &str| known_values(&p(src), &ctx).map(|e| e.canonical());
        for (src, v) in [
            ("exp(0)", "1"),
            ("log(1)", "0"),
            ("cosh(0)", "1"),
            ("cos(0)", "1"),
            ("sin(0)", "0"),
            ("tanh(0)", "0"),
            ("sqrt(1)", "1"),
        ] {
            assert_eq!(value(src), Some(p(v).canonical()), "{src}");
        }
        for src in [
            "exp(1)", "log(0)", "log(2)", "sigma(0)", "cosh(1)", "exp(x)",
        ] {
            assert_eq!(value(src), None, "{src}");
        }
        // A lone `exp(0)` is a known value, not a product of exponentials.
        assert_eq!(product_of_exponentials(&p("exp(0)"), &ctx), None);
    }

    #[test]
    fn a_minus_sign_goes_into_the_logarithm_of_a_fraction_as_its_reciprocal() {
        let ctx = Context::default();
        let out = log_of_reciprocal(&p("-log((1 - y) / y)"), &ctx);
        assert_eq!(
            out.map(|e| e.canonical()),
            Some(p("log(y / (1 - y))").canonical())
        );
        // Only a lone minus sign, and only before the logarithm of a fraction.
        assert_eq!(log_of_reciprocal(&p("-2 log(a / b)"), &ctx), None);
        assert_eq!(log_of_reciprocal(&p("-log(a)"), &ctx), None);
        assert_eq!(log_of_reciprocal(&p("log(a / b)"), &ctx), None);
    }

    #[test]
    fn a_minus_sign_goes_into_a_numerator_only_to_leave_fewer_minus_signs() {
        let ctx = Context::default();
        let out = sign_into_numerator(&p("-(a - b) / c"), &ctx);
        assert_eq!(
            out.map(|e| e.canonical()),
            Some(p("(b - a) / c").canonical())
        );
        let out = sign_into_numerator(&p("-(1 - a - b) / c"), &ctx);
        assert_eq!(
            out.map(|e| e.canonical()),
            Some(p("(a + b - 1) / c").canonical())
        );
        assert_eq!(sign_into_numerator(&p("-(a + b) / c"), &ctx), None);
        assert_eq!(sign_into_numerator(&p("-(a + b - c) / d"), &ctx), None);
        assert_eq!(sign_into_numerator(&p("-a / c"), &ctx), None);
    }

    #[test]
    fn a_factor_repeated_in_one_term_comes_out_as_often_as_all_terms_have_it() {
        let out = common_factor(&p("a a b + a c"), &Context::default());
        assert_eq!(
            out.map(|e| e.canonical()),
            Some(p("a (a b + c)").canonical())
        );
    }

    #[test]
    fn a_product_whose_fractions_cancel_is_cancelled_in_one_step() {
        let ctx = Context::default();
        let out = cancel_in_product(&p("-(1 - y) (1 / (1 - s)) s (1 - s)"), &ctx);
        assert_eq!(
            out.map(|e| e.canonical()),
            Some(p("-(1 - y) s").canonical())
        );
        // A fraction that stays is left to the fraction rules.
        assert_eq!(cancel_in_product(&p("a (1 / b) c"), &ctx), None);
    }

    #[test]
    fn exponentials_of_a_quotient_join_and_even_powers_of_roots_go() {
        let ctx = Context::default();
        let q = quotient_of_exponentials(&p("exp(x) / exp(-x)"), &ctx);
        assert_eq!(q.map(|e| e.canonical()), Some(p("exp(2 x)").canonical()));
        let r = power_of_a_root(&p("sqrt(1 + a x^2)^2"), &ctx);
        assert_eq!(r.map(|e| e.canonical()), Some(p("1 + a x^2").canonical()));
        assert_eq!(power_of_a_root(&p("sqrt(u)^3"), &ctx), None);
    }

    #[test]
    fn clearing_exponentials_leaves_a_fraction_with_exponentials_in_a_sum_alone() {
        // Multiplying by exp(-w_k x) would take the sum's index out of the sum.
        let e = p("(sum_k exp(w_k x) w_k) / sum_k exp(w_k x)");
        assert_eq!(clear_positive_exponentials(&e, &Context::default()), None);
        let plain = p("(exp(x) - exp(-x)) / (exp(x) + exp(-x))");
        assert!(clear_positive_exponentials(&plain, &Context::default()).is_some());
    }

    #[test]
    fn logarithms_with_coefficient_one_join_and_others_stay() {
        let ctx = Context::default();
        let out = combine_logarithms(&p("a + log(u) - log(v) + log(w)"), &ctx);
        assert_eq!(
            out.map(|e| e.canonical()),
            Some(p("a + log(u w / v)").canonical())
        );
        assert_eq!(combine_logarithms(&p("log(u) + 2 log(v)"), &ctx), None);
        assert_eq!(combine_logarithms(&p("log(u) + v"), &ctx), None);
    }

    #[test]
    fn a_numerator_that_is_the_denominator_times_a_term_is_divided_out() {
        let ctx = Context::default();
        let out = factor_out_and_cancel(&p("(1 + exp(x)) / (1 + exp(-x))"), &ctx);
        assert_eq!(out.map(|e| e.canonical()), Some(p("exp(x)").canonical()));
        let out = factor_out_and_cancel(&p("(2 + 2 exp(x)) / (1 + exp(x))"), &ctx);
        assert_eq!(out.map(|e| e.canonical()), Some(p("2").canonical()));
        // Not proportional, or proportional by a sum: left alone.
        assert_eq!(
            factor_out_and_cancel(&p("(1 + exp(x)) / (1 - exp(-x))"), &ctx),
            None
        );
        assert_eq!(factor_out_and_cancel(&p("(a + b) / (a + b)"), &ctx), None);
    }

    #[test]
    fn a_number_shared_by_every_term_cancels() {
        let ctx = Context::default();
        let out = cancel(&p("(2 exp(2 x) + 2 exp(-2 x)) / 4"), &ctx);
        assert_eq!(
            out.map(|e| e.canonical()),
            Some(p("(exp(2 x) + exp(-2 x)) / 2").canonical())
        );
        let out = cancel(&p("(6 a - 3 b) / (9 c + 3)"), &ctx);
        assert_eq!(
            out.map(|e| e.canonical()),
            Some(p("(2 a - b) / (3 c + 1)").canonical())
        );
        assert_eq!(cancel(&p("(2 a + b) / 4"), &ctx), None);
    }
}
