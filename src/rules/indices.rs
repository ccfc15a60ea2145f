//! Index calculus: the Kronecker delta and sums over an index.

use super::algebra::as_factors;
use crate::context::Context;
use crate::expr::{self, mentions_index, rename_index, Expr, Index, Node};

/// `delta_ii = 1`, and `delta_12 = 0` for two different fixed positions.
pub fn delta_values(e: &Expr, _: &Context) -> Option<Expr> {
    match e.node() {
        Node::Delta(a, b) if a == b => Some(Expr::one()),
        Node::Delta(Index::Fixed(a), Index::Fixed(b)) if a != b => Some(Expr::zero()),
        _ => None,
    }
}

/// `sum_k f(k) delta_ki = f(i)`: the delta picks the one term where `k = i`.
pub fn sum_of_delta(e: &Expr, _: &Context) -> Option<Expr> {
    let Node::Sum { index, body, .. } = e.node() else {
        return None;
    };
    let (c, factors) = as_factors(body);
    let at = factors.iter().position(|f| match f.node() {
        Node::Delta(a, b) => {
            let k = Index::Var(index.clone());
            (a == &k) != (b == &k)
        }
        _ => false,
    })?;
    let Node::Delta(a, b) = factors[at].node() else {
        unreachable!("position found a delta")
    };
    let other = if matches!(a, Index::Var(v) if v == index) {
        b.clone()
    } else {
        a.clone()
    };
    let mut rest = vec![Expr::num(c)];
    rest.extend(
        factors
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != at)
            .map(|(_, f)| f.clone()),
    );
    Some(rename_index(&expr::mul(rest), index, &other))
}

/// `sum_k c f(k) = c sum_k f(k)` for factors `c` free of `k`.
pub fn factor_out_of_sum(e: &Expr, _: &Context) -> Option<Expr> {
    let Node::Sum {
        index,
        lower,
        upper,
        body,
    } = e.node()
    else {
        return None;
    };
    // `sum_k a_k / c = (sum_k a_k) / c`
    if let Node::Div(a, c) = body.node() {
        if !mentions_index(c, index) {
            let inner = expr::sum(index.clone(), lower.clone(), upper.clone(), a.clone());
            return Some(expr::div(inner, c.clone()));
        }
    }
    let (c, factors) = as_factors(body);
    let (outside, inside): (Vec<Expr>, Vec<Expr>) =
        factors.into_iter().partition(|f| !mentions_index(f, index));
    if outside.is_empty() && c == num_rational::BigRational::from_integer(1.into()) {
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

/// `sum_k (a_k + b_k) = sum_k a_k + sum_k b_k`.
pub fn split_sum(e: &Expr, _: &Context) -> Option<Expr> {
    let Node::Sum {
        index,
        lower,
        upper,
        body,
    } = e.node()
    else {
        return None;
    };
    let Node::Add(terms) = body.node() else {
        return None;
    };
    Some(expr::add(
        terms
            .iter()
            .map(|t| expr::sum(index.clone(), lower.clone(), upper.clone(), t.clone()))
            .collect(),
    ))
}
