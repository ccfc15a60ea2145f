//! Unfolding definitions: `tanh(x)` becomes its defining quotient of exponentials,
//! `p_i` the softmax quotient. Folding back needs no rule of its own: a proof's
//! right-hand chain unfolds, and printing that chain reversed folds.

use crate::context::Context;
use crate::expr::Expr;

/// Unfold every defined node of `e` (outermost first, once). Returns the new
/// expression and the names of the definitions used.
pub fn unfold_step(e: &Expr, ctx: &Context) -> Option<(Expr, Vec<String>)> {
    let mut names = Vec::new();
    let out = unfold_at(e, ctx, &mut names);
    (!names.is_empty()).then_some((out, names))
}

fn unfold_at(e: &Expr, ctx: &Context, names: &mut Vec<String>) -> Expr {
    if let Some(def) = ctx.definition_of(e).filter(|d| !ctx.is_opaque(d)) {
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
    let new: Vec<Expr> = kids.iter().map(|k| unfold_at(k, ctx, names)).collect();
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
