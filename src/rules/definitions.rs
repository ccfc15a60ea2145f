//! Unfolding definitions: `tanh(x)` becomes its defining quotient of exponentials,
//! `p_i` the softmax quotient. Folding back needs no rule of its own: a proof's
//! right-hand chain unfolds, and printing that chain reversed folds.

use super::facts::{instantiate, unify};
use crate::context::{Context, Head};
use crate::expr::{self, as_factors, as_power, Expr, Index, Node};
use crate::reason::{Kind, Part, Reason};
use std::rc::Rc;

/// Unfold every defined node of `e` (outermost first, once). Returns the new
/// expression and the names of the definitions used.
/// A symbol whose derivative a lemma gives is left folded: the proof cites the lemma.
pub fn unfold_step(e: &Expr, ctx: &Context) -> Option<(Expr, Vec<Part>)> {
    let mut names = Vec::new();
    let out = ctx.unfold_at(e, true, &mut names);
    (!names.is_empty()).then_some((out, names))
}

/// The reason of a step that unfolds (or folds back) the definitions of `names`:
/// `definition of tanh`, `definitions of tanh and `p_j``.
pub fn step_name(names: &[Part]) -> Reason {
    let mut reason = Reason::new(
        Kind::Definition,
        if names.len() == 1 {
            "definition of "
        } else {
            "definitions of "
        },
    );
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            reason = reason.words(" and ");
        }
        reason.phrase.push(name.clone());
    }
    reason
}

/// Fold a quotient back into the symbol it defines, where a fraction holds its
/// numerator and denominator as factors: with `p_j = exp(x_j) / S`,
/// `exp(x_j) a / (S b) = p_j (a / b)`. This is how a proof returns from the
/// exponentials to `p_j (1 - p_i)`. Built-in functions are never folded this way.
/// Fold at every fraction where a definition fits; the new expression and the names
/// of the definitions used.
pub fn fold_step(e: &Expr, ctx: &Context) -> Option<(Expr, Vec<Part>)> {
    let mut names = Vec::new();
    let out = e.map_bottom_up_shared(&mut |n| match fold_quotient(n, ctx) {
        Some((folded, name)) => {
            if !names.contains(&name) {
                names.push(name);
            }
            folded
        }
        None => n.clone(),
    });
    (!names.is_empty()).then_some((out, names))
}

fn fold_quotient(e: &Expr, ctx: &Context) -> Option<(Expr, Part)> {
    let Node::Div(a, b) = e.node() else {
        return None;
    };
    ctx.definitions.iter().find_map(|def| {
        let Head::Symbol(head) = &def.head else {
            return None;
        };
        let Node::Div(n, d) = def.body.node() else {
            return None;
        };
        let params: Vec<Rc<str>> = head
            .indices
            .iter()
            .filter_map(|i| match i {
                Index::Var(v) => Some(v.clone()),
                Index::Fixed(_) => None,
            })
            .collect();
        let (n, d) = (n.canonical(), d.canonical());
        let mut binding = Vec::new();
        let (c, num) = as_factors(a);
        let at_n = num
            .iter()
            .position(|f| unify(&n, &f.canonical(), &params, &mut binding))?;
        let (cd, den) = as_factors(b);
        let den: Vec<(Expr, Expr)> = den.iter().map(as_power).collect();
        let at_d = den.iter().position(|(base, _)| {
            let mut trial = binding.clone();
            let hit = unify(&d, &base.canonical(), &params, &mut trial);
            if hit {
                binding = trial;
            }
            hit
        })?;
        let mut top = vec![Expr::num(c)];
        top.extend(
            num.iter()
                .enumerate()
                .filter(|(i, _)| *i != at_n)
                .map(|(_, f)| f.clone()),
        );
        let mut bottom = vec![Expr::num(cd)];
        for (i, (base, k)) in den.iter().enumerate() {
            let k = if i == at_d {
                expr::add(vec![k.clone(), Expr::int(-1)])
            } else {
                k.clone()
            };
            bottom.push(expr::pow(base.clone(), k));
        }
        let folded = instantiate(&Expr::symbol(head.clone()), &binding);
        Some((
            expr::mul(vec![folded, expr::div(expr::mul(top), expr::mul(bottom))]),
            def.name(),
        ))
    })
}
