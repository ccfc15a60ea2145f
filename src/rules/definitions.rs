//! Unfolding definitions: `tanh(x)` becomes its defining quotient of exponentials,
//! `p_i` the softmax quotient. Folding back needs no rule of its own: a proof's
//! right-hand chain unfolds, and printing that chain reversed folds.

use crate::context::Context;
use crate::expr::Expr;

/// Unfold every defined node of `e` (outermost first, once). Returns the new
/// expression and the names of the definitions used.
/// A symbol whose derivative a lemma gives is left folded: the proof cites the lemma.
pub fn unfold_step(e: &Expr, ctx: &Context) -> Option<(Expr, Vec<String>)> {
    let mut names = Vec::new();
    let out = unfold_at(e, ctx, true, &mut names);
    (!names.is_empty()).then_some((out, names))
}

/// `e` with every definition unfolded, down to built-in functions: what a numeric
/// check evaluates.
pub fn unfold_all(e: &Expr, ctx: &Context) -> Expr {
    let mut e = e.clone();
    // Definitions cannot refer to themselves, so this ends; the bound is a guard.
    for _ in 0..32 {
        let mut names = Vec::new();
        let next = unfold_at(&e, ctx, false, &mut names);
        if names.is_empty() {
            break;
        }
        e = next;
    }
    e
}

fn unfold_at(e: &Expr, ctx: &Context, keep_opaque: bool, names: &mut Vec<String>) -> Expr {
    let def = ctx
        .definition_of(e)
        .filter(|d| !(keep_opaque && ctx.is_opaque(d)));
    if let Some(def) = def {
        if let Some(body) = def.unfold(e) {
            let name = def.name();
            if !names.contains(&name) {
                names.push(name);
            }
            return body;
        }
    }
    let kids = e.children();
    if kids.is_empty() {
        return e.clone();
    }
    let new: Vec<Expr> = kids
        .iter()
        .map(|k| unfold_at(k, ctx, keep_opaque, names))
        .collect();
    if new.iter().zip(&kids).all(|(a, b)| a.ptr_eq(b)) {
        e.clone()
    } else {
        e.with_children(new)
    }
}

/// The printed name of an unfolding step.
pub fn step_name(names: &[String]) -> String {
    match names {
        [one] => format!("definition of {one}"),
        many => format!("definitions of {}", many.join(" and ")),
    }
}
