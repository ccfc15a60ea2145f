//! Using what is known: rewrite instances of a fact's left side (an assumption, a
//! proven lemma, a case condition) into its right side. Matching is up to the order of
//! terms and factors and the names of bound indices; a lemma's free indices match any
//! index consistently, so a lemma about `d/dx_i p_j` also rewrites `d/dx_k p_m`.

use crate::context::{Context, Fact, FactKind};
use crate::expr::{rename_index, Expr, Index, Node};
use crate::reason::Reason;
use std::rc::Rc;

/// Which facts a phase may use: those about derivatives (while differentiating) or the
/// others (during algebra).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Derivatives,
    Algebra,
}

/// A lemma is cited for the derivative it states (`d/dx_i p_j = ...`) or the number
/// it gives an expression (`sum_j p_j = 1`); a lemma that merely equates two
/// expressions is not used to rewrite on its own, since nothing says in which
/// direction it would help. Assumptions and case conditions always apply.
fn in_scope(f: &Fact, scope: Scope) -> bool {
    let about_a_derivative = matches!(f.lhs.node(), Node::Deriv(..));
    let a_value = f.rhs.as_num().is_some();
    match scope {
        Scope::Derivatives => about_a_derivative,
        Scope::Algebra => !about_a_derivative && (f.kind != FactKind::Lemma || a_value),
    }
}

/// Apply the first fact in scope that matches somewhere, at every place it matches.
pub fn fact_step(e: &Expr, ctx: &Context, scope: Scope) -> Option<(Expr, Reason)> {
    ctx.facts
        .iter()
        .filter(|f| in_scope(f, scope))
        .find_map(|f| {
            let pattern = f.lhs.canonical();
            let mut used = false;
            let out = rewrite(e, f, &pattern, &mut used);
            used.then(|| (out, f.name.clone()))
        })
}

fn rewrite(e: &Expr, fact: &Fact, pattern: &Expr, used: &mut bool) -> Expr {
    if std::mem::discriminant(e.node()) == std::mem::discriminant(pattern.node()) {
        let mut binding = Vec::new();
        if unify(pattern, &e.canonical(), &fact.params, &mut binding) {
            *used = true;
            return instantiate(&fact.rhs, &binding);
        }
    }
    e.map_children(&mut |k| rewrite(k, fact, pattern, used))
}

/// The fact's right side with its parameters renamed as the match bound them.
pub fn instantiate(rhs: &Expr, binding: &[(Rc<str>, Index)]) -> Expr {
    // Through placeholders, so that swapping i and j does not rename twice.
    let mut out = rhs.clone();
    for (n, (param, _)) in binding.iter().enumerate() {
        out = rename_index(&out, param, &Index::Var(format!("\u{2}{n}").into()));
    }
    for (n, (_, target)) in binding.iter().enumerate() {
        out = rename_index(&out, &format!("\u{2}{n}").into(), target);
    }
    out
}

fn unify_index(
    p: &Index,
    e: &Index,
    params: &[Rc<str>],
    binding: &mut Vec<(Rc<str>, Index)>,
) -> bool {
    match p {
        Index::Var(v) if params.contains(v) => match binding.iter().find(|(name, _)| name == v) {
            Some((_, bound)) => bound == e,
            None => {
                binding.push((v.clone(), e.clone()));
                true
            }
        },
        _ => p == e,
    }
}

fn unify_indices(
    p: &[Index],
    e: &[Index],
    params: &[Rc<str>],
    binding: &mut Vec<(Rc<str>, Index)>,
) -> bool {
    p.len() == e.len()
        && p.iter()
            .zip(e)
            .all(|(a, b)| unify_index(a, b, params, binding))
}

/// Does the (canonical) pattern match the (canonical) expression?
pub fn unify(p: &Expr, e: &Expr, params: &[Rc<str>], binding: &mut Vec<(Rc<str>, Index)>) -> bool {
    match (p.node(), e.node()) {
        (Node::Num(a), Node::Num(b)) => a == b,
        (Node::Sym(a), Node::Sym(b)) => {
            a.name == b.name && unify_indices(&a.indices, &b.indices, params, binding)
        }
        (Node::Delta(a, b), Node::Delta(c, d)) => {
            let saved = binding.len();
            if unify_index(a, c, params, binding) && unify_index(b, d, params, binding) {
                return true;
            }
            binding.truncate(saved);
            // The delta is symmetric.
            unify_index(a, d, params, binding) && unify_index(b, c, params, binding)
        }
        (Node::Deriv(pb, pv), Node::Deriv(eb, ev)) => {
            pv.name == ev.name
                && unify_indices(&pv.indices, &ev.indices, params, binding)
                && unify(pb, eb, params, binding)
        }
        (Node::Call(f, xs), Node::Call(g, ys)) => f == g && unify_all(xs, ys, params, binding),
        (Node::Add(xs), Node::Add(ys)) | (Node::Mul(xs), Node::Mul(ys)) => {
            unify_all(xs, ys, params, binding)
        }
        (Node::Div(a, b), Node::Div(c, d))
        | (Node::Pow(a, b), Node::Pow(c, d))
        | (Node::Equation(a, b), Node::Equation(c, d)) => {
            unify(a, c, params, binding) && unify(b, d, params, binding)
        }
        (
            Node::Sum {
                index: i,
                lower: l1,
                upper: u1,
                body: b1,
            },
            Node::Sum {
                index: j,
                lower: l2,
                upper: u2,
                body: b2,
            },
        ) => {
            i == j
                && unify(l1, l2, params, binding)
                && unify(u1, u2, params, binding)
                && unify(b1, b2, params, binding)
        }
        _ => false,
    }
}

fn unify_all(
    xs: &[Expr],
    ys: &[Expr],
    params: &[Rc<str>],
    binding: &mut Vec<(Rc<str>, Index)>,
) -> bool {
    xs.len() == ys.len() && xs.iter().zip(ys).all(|(a, b)| unify(a, b, params, binding))
}
