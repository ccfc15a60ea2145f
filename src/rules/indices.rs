//! Index calculus: the Kronecker delta and sums over an index.

use super::Binding;
use crate::context::Context;
use crate::expr::{
    self, as_factors, mentions_index, rename_index, Builtin, Expr, Func, Index, Node,
};
use num_traits::{One, Signed};
use std::rc::Rc;

/// A sum's index, bounds and body; `None` for any other node.
fn sum_parts(e: &Expr) -> Option<(&Rc<str>, &Expr, &Expr, &Expr)> {
    match e.node() {
        Node::Sum {
            index,
            lower,
            upper,
            body,
        } => Some((index, lower, upper, body)),
        _ => None,
    }
}

/// `delta_ii = 1`, and `delta_12 = 0` for two different fixed positions.
pub fn delta_values(e: &Expr, _: &Context) -> Option<Expr> {
    match e.node() {
        Node::Delta(a, b) if a == b => Some(Expr::one()),
        Node::Delta(Index::Fixed(a), Index::Fixed(b)) if a != b => Some(Expr::zero()),
        _ => None,
    }
}

/// `sum_k f(k) delta_ki = f(i)`: every term with `k != i` vanishes, so the sum is
/// its one term at `k = i`. The sum as a whole form, inside no other sum: see
/// [`sum_of_delta_within`].
pub fn sum_of_delta(e: &Expr, ctx: &Context) -> Option<Expr> {
    sum_of_delta_within(e, ctx, &[])
}

/// [`sum_of_delta`] inside these enclosing sums (innermost last). The first delta
/// that can pick a term does: the body must be zero wherever it is, and its partner
/// `i` must lie within the sum's bounds. An `i` free in the form ranges within every
/// named bound it meets (see [`within_bounds`]); one that an enclosing sum binds
/// ranges over that sum's bounds, which must lie within this one's: in
/// `sum_{j=1}^{n} sum_{k=1}^{d} delta_jk` the inner sum is 1 only for `j <= d`, so
/// with `n` and `d` unrelated it is not rewritten.
pub fn sum_of_delta_within(e: &Expr, _: &Context, scope: &[Binding]) -> Option<Expr> {
    let (index, lower, upper, body) = sum_parts(e)?;
    let k = Index::Var(index.clone());
    delta_partners(index, body).into_iter().find_map(|other| {
        let bound_outside = match &other {
            Index::Var(name) => scope.iter().rev().find(|b| b.index == *name),
            Index::Fixed(_) => None,
        };
        let within = match bound_outside {
            Some(outer) => range_within(outer, lower, upper),
            None => within_bounds(&other, lower, upper),
        };
        if !within || !set_delta(body, &k, &other, Expr::zero()).is_zero() {
            return None;
        }
        let picked = set_delta(body, &k, &other, Expr::one());
        Some(rename_index(&picked, index, &other))
    })
}

/// The indices the deltas in `body` pair with the sum's index `k` (the `i` of
/// `delta_ki`), each once. Not a partner that a sum inside the body binds: there it
/// names a different index at every term, and the sum over `k` has no one term to
/// pick.
fn delta_partners(k: &Rc<str>, body: &Expr) -> Vec<Index> {
    let k = Index::Var(k.clone());
    let mut out: Vec<Index> = Vec::new();
    body.any(&mut |n| {
        if let Node::Delta(a, b) = n.node() {
            if (*a == k) != (*b == k) {
                let other = if *a == k { b.clone() } else { a.clone() };
                if !out.contains(&other) {
                    out.push(other);
                }
            }
        }
        false
    });
    out.retain(|other| match other {
        Index::Var(name) => {
            !body.any(&mut |n| matches!(n.node(), Node::Sum { index, .. } if index == name))
        }
        Index::Fixed(_) => true,
    });
    out
}

/// Does the enclosing sum's range lie within `lower..=upper`: the same bounds, or
/// numbers that say so?
fn range_within(outer: &Binding, lower: &Expr, upper: &Expr) -> bool {
    let starts_within = outer.lower == *lower
        || matches!((outer.lower.as_num(), lower.as_num()), (Some(a), Some(b)) if a >= b);
    let ends_within = outer.upper == *upper
        || matches!((outer.upper.as_num(), upper.as_num()), (Some(a), Some(b)) if a <= b);
    starts_within && ends_within
}

/// Does the index `i` lie within `lower..=upper`? A free index ranges over `1..=n`
/// for every named bound `n` it meets (`i` in `sum_{k=1}^{n} delta_ik`), so a sum
/// from 1 to a name holds it; a fixed position must lie within numeric bounds.
/// Anything else (`sum_{k=2}^{d}`, `sum_{k=1}^{3}` with a free `i`) is not known.
fn within_bounds(i: &Index, lower: &Expr, upper: &Expr) -> bool {
    let named = |e: &Expr| e.as_symbol().is_some_and(|s| s.indices.is_empty());
    match i {
        Index::Var(_) => lower.is_one() && named(upper),
        Index::Fixed(m) => {
            let m = num_rational::BigRational::from_integer((*m).into());
            let within_lower = lower.as_num().is_some_and(|lo| *lo <= m);
            let within_upper = upper.as_num().is_some_and(|hi| m <= *hi);
            within_lower && within_upper
        }
    }
}

/// `e` with the delta of `a` and `b` replaced by `value`, rebuilt with arithmetic.
fn set_delta(e: &Expr, a: &Index, b: &Index, value: Expr) -> Expr {
    e.map_bottom_up(&mut |n| match n.node() {
        Node::Delta(x, y) if (x == a && y == b) || (x == b && y == a) => value.clone(),
        _ => n.clone(),
    })
}

/// `sum_k c f(k) = c sum_k f(k)` for factors `c` free of `k`.
pub fn factor_out_of_sum(e: &Expr, _: &Context) -> Option<Expr> {
    let (index, lower, upper, body) = sum_parts(e)?;
    // `sum_k a_k / c = (sum_k a_k) / c`
    if let Node::Div(a, c) = body.node() {
        if !mentions_index(c, index) {
            let inner = expr::sum(index.clone(), lower.clone(), upper.clone(), a.clone());
            return Some(expr::div(inner, c.clone()));
        }
    }
    let (c, factors) = as_factors(body);
    // `sum_k a_k (b_k / c) = (sum_k a_k b_k) / c`: a denominator free of `k` inside
    // a product comes out too.
    let constant_denominator = |f: &Expr| match f.node() {
        Node::Div(a, d) if !mentions_index(d, index) => Some((a.clone(), d.clone())),
        _ => None,
    };
    if let Some(at) = factors
        .iter()
        .position(|f| constant_denominator(f).is_some())
    {
        let (top, den) = constant_denominator(&factors[at]).expect("found above");
        let mut inner = vec![Expr::num(c)];
        inner.extend(
            factors
                .iter()
                .enumerate()
                .map(|(i, f)| if i == at { top.clone() } else { f.clone() }),
        );
        let inner = expr::sum(
            index.clone(),
            lower.clone(),
            upper.clone(),
            expr::mul(inner),
        );
        return Some(expr::div(inner, den));
    }
    let (outside, inside): (Vec<Expr>, Vec<Expr>) =
        factors.into_iter().partition(|f| !mentions_index(f, index));
    if outside.is_empty() && c.is_one() {
        return None;
    }
    if inside.is_empty() {
        return None;
    }
    let mut out = vec![Expr::num(c)];
    out.extend(outside);
    out.push(expr::sum(
        index.clone(),
        lower.clone(),
        upper.clone(),
        expr::mul(inside),
    ));
    Some(expr::mul(out))
}

/// `sum_k a_k exp(x_k + c) = exp(c) sum_k a_k exp(x_k)`: the part of an exponent free
/// of the sum's index split off and taken out of the sum, as a teacher shows that a
/// softmax does not change when every score is shifted by `c`.
pub fn split_exponential_out_of_sum(e: &Expr, _: &Context) -> Option<Expr> {
    let (index, lower, upper, body) = sum_parts(e)?;
    let (c, factors) = as_factors(body);
    let exp_arg = |f: &Expr| match f.node() {
        Node::Call(Func::Builtin(Builtin::Exp), args) => Some(args[0].clone()),
        _ => None,
    };
    let (at, inside, outside) = factors.iter().enumerate().find_map(|(at, f)| {
        let arg = exp_arg(f)?;
        let Node::Add(terms) = arg.node() else {
            return None;
        };
        let (outside, inside): (Vec<Expr>, Vec<Expr>) = terms
            .iter()
            .cloned()
            .partition(|t| !mentions_index(t, index));
        (!outside.is_empty() && !inside.is_empty()).then_some((at, inside, outside))
    })?;
    let exp = |terms: Vec<Expr>| expr::call1(Builtin::Exp, expr::add(terms));
    let mut kept = vec![Expr::num(c)];
    kept.extend(factors.iter().enumerate().map(|(i, f)| {
        if i == at {
            exp(inside.clone())
        } else {
            f.clone()
        }
    }));
    let inner = expr::sum(index.clone(), lower.clone(), upper.clone(), expr::mul(kept));
    Some(expr::mul(vec![exp(outside), inner]))
}

/// `delta_ij x_j = delta_ij x_i`: where the delta is not 0 the two indices are one, so
/// in a product with it the later index (in their order) is written as the earlier.
/// A normal form: both sides of `x_i delta_ij = x_j delta_ij` come to the same.
pub fn substitute_under_delta(e: &Expr, _: &Context) -> Option<Expr> {
    let Node::Mul(factors) = e.node() else {
        return None;
    };
    let (at, keep, drop) = factors
        .iter()
        .enumerate()
        .find_map(|(at, f)| match f.node() {
            Node::Delta(Index::Var(a), Index::Var(b)) if a != b => {
                let (keep, drop) = if a < b { (a, b) } else { (b, a) };
                let others = factors.iter().enumerate().filter(|(k, _)| *k != at);
                others
                    .clone()
                    .any(|(_, g)| mentions_index(g, drop))
                    .then(|| (at, keep.clone(), drop.clone()))
            }
            _ => None,
        })?;
    let keep = Index::Var(keep);
    Some(expr::mul(
        factors
            .iter()
            .enumerate()
            .map(|(k, f)| {
                if k == at {
                    f.clone()
                } else {
                    rename_index(f, &drop, &keep)
                }
            })
            .collect(),
    ))
}

/// `sum_k (a_k + b_k) = sum_k a_k + sum_k b_k`.
pub fn split_sum(e: &Expr, _: &Context) -> Option<Expr> {
    let (index, lower, upper, body) = sum_parts(e)?;
    let Node::Add(terms) = body.node() else {
        return None;
    };
    // A negated term becomes a subtracted sum: `sum_k (a_k - b_k)` is
    // `sum_k a_k - sum_k b_k`, never `sum_k a_k + sum_k -b_k`.
    let sum_of = |t: &Expr| expr::sum(index.clone(), lower.clone(), upper.clone(), t.clone());
    Some(expr::add(
        terms
            .iter()
            .map(|t| {
                let (c, rest) = t.split_coefficient();
                if c.is_negative() {
                    expr::neg(sum_of(&expr::mul(vec![Expr::num(-c), rest])))
                } else {
                    sum_of(t)
                }
            })
            .collect(),
    ))
}

/// `sum_k (c a_k + b_k) = c sum_k a_k + sum_k b_k`: splitting a sum and taking the
/// constant factors out of the new sums in one step, as a teacher writes it. Declines
/// where no factor comes out (plain [`split_sum`] is the step then).
pub fn split_sum_factoring(e: &Expr, ctx: &Context) -> Option<Expr> {
    let split = split_sum(e, ctx)?;
    let mut factored = false;
    let out = split.map_children_raw(&mut |t| {
        let (sign, inner) = match crate::print::is_plain_negation(t) {
            Some(inner) => (true, inner),
            None => (false, t.clone()),
        };
        match factor_out_of_sum(&inner, ctx) {
            Some(f) => {
                factored = true;
                if sign {
                    expr::neg(f)
                } else {
                    f
                }
            }
            None => t.clone(),
        }
    });
    factored.then_some(out)
}

/// `sum_k a_k (b delta_ik + c) = sum_k (a_k b delta_ik + a_k c)`: multiplying out the
/// bracket that holds a delta of the sum's index, so the delta can pick its term.
pub fn distribute_over_delta(e: &Expr, _: &Context) -> Option<Expr> {
    let (index, lower, upper, body) = sum_parts(e)?;
    let k = Index::Var(index.clone());
    let has_delta =
        |t: &Expr| t.any(&mut |n| matches!(n.node(), Node::Delta(a, b) if (*a == k) != (*b == k)));
    let (c, factors) = as_factors(body);
    let at = factors
        .iter()
        .position(|f| matches!(f.node(), Node::Add(terms) if terms.iter().any(has_delta)))?;
    let Node::Add(terms) = factors[at].node() else {
        unreachable!("position found a sum")
    };
    let spread = terms
        .iter()
        .map(|t| {
            let mut fs = vec![Expr::num(c.clone())];
            fs.extend(
                factors
                    .iter()
                    .enumerate()
                    .map(|(i, f)| if i == at { t.clone() } else { f.clone() }),
            );
            expr::mul(fs)
        })
        .collect();
    Some(expr::sum(
        index.clone(),
        lower.clone(),
        upper.clone(),
        expr::add(spread),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{parse_expr, Names};

    fn p(src: &str) -> Expr {
        parse_expr(src, &Names::default()).unwrap()
    }

    #[test]
    fn under_a_delta_the_later_index_is_written_as_the_earlier() {
        let ctx = Context::default();
        assert_eq!(
            substitute_under_delta(&p("x_j delta_ij y_j"), &ctx),
            Some(p("x_i delta_ij y_i"))
        );
        assert_eq!(
            substitute_under_delta(&p("delta_ji x_j"), &ctx),
            Some(p("delta_ji x_i"))
        );
        // Nothing to write: the later index occurs only in the delta.
        assert_eq!(substitute_under_delta(&p("x_i delta_ij"), &ctx), None);
    }

    #[test]
    fn the_part_of_an_exponent_free_of_the_index_comes_out_of_the_sum() {
        let ctx = Context::default();
        let out = split_exponential_out_of_sum(&p("sum_k w_k exp(x_k + c - 1)"), &ctx);
        assert_eq!(out, Some(p("exp(c - 1) sum_k w_k exp(x_k)")));
        // An exponent all of the index, or all free of it, has nothing to split.
        assert_eq!(
            split_exponential_out_of_sum(&p("sum_k exp(2 x_k)"), &ctx),
            None
        );
        assert_eq!(
            split_exponential_out_of_sum(&p("sum_k x_k exp(c + 1)"), &ctx),
            None
        );
    }

    #[test]
    fn a_constant_denominator_comes_out_of_a_sum_through_a_product() {
        // The inner sum is built over `k` too, as unfolding a definition leaves it.
        let inner = p("sum_k e_k");
        let body = expr::mul(vec![p("w_k"), expr::div(p("e_k"), inner.clone())]);
        let e = expr::sum("k".into(), Expr::one(), p("d"), body);
        let out = factor_out_of_sum(&e, &Context::default());
        assert_eq!(
            out.map(|e| e.canonical()),
            Some(p("(sum_k w_k e_k) / sum_j e_j").canonical())
        );
        // A denominator that depends on the index stays inside.
        assert_eq!(
            factor_out_of_sum(&p("sum_k w_k (e / c_k)"), &Context::default()),
            None
        );
    }

    #[test]
    fn an_inner_sum_over_the_same_index_does_not_mention_the_outer_one() {
        assert!(!mentions_index(&p("a / sum_k e_k"), "k"));
        assert!(mentions_index(&expr::div(p("e_k"), p("sum_k e_k")), "k"));
    }
}
