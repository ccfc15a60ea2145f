//! Known derivatives of defined symbols, as a teacher cites them. A proof about
//! `d/dx_i sum_j y_j log(p_j)` with `p_j` the softmax does not unfold `p_j` and clear
//! the compound fractions that follow: it cites `d/dx_i p_j = p_j (delta_ij - p_i)`.
//! Each such derivative is derived here first, by the engine's own checked rules, and
//! becomes a lemma only when that derivation is verified and ends back in the defined
//! symbol's terms. A goal that is itself the derivative of a defined symbol is shown
//! from the definition, so it never cites its own statement.

use crate::context::{Context, Fact, FactKind, Head};
use crate::engine::{derive, Limits};
use crate::expr::{self, free_indices, Expr, Node, Symbol};
use crate::reason::{Kind, Part, Reason};
use crate::verify::CheckContext;

/// `ctx` with a lemma for the derivative of each defined symbol with respect to each
/// variable the goal differentiates by, where one could be derived and folded back;
/// `None` when there is none.
pub fn with_known_derivatives(
    goal: &[&Expr],
    ctx: &Context,
    check: &CheckContext,
    limits: &Limits,
) -> Option<Context> {
    let vars = derivative_variables(goal);
    let mut out = ctx.clone();
    for def in &ctx.definitions {
        let Head::Symbol(symbol) = &def.head else {
            continue;
        };
        if ctx.is_opaque(def) {
            continue;
        }
        let head = Expr::symbol(symbol.clone());
        for var in &vars {
            if let Some(fact) = known_derivative(&head, var, def.name(), ctx, check, limits) {
                out.facts.push(fact);
            }
        }
    }
    (out.facts.len() > ctx.facts.len()).then_some(out)
}

/// Is `e` the derivative of a defined symbol itself (`d/dx_i q_j`)? Then the goal is
/// that derivative, and it is shown from the definition.
pub fn is_derivative_of_a_defined_symbol(e: &Expr, ctx: &Context) -> bool {
    matches!(e.node(), Node::Deriv(body, _)
        if matches!(body.node(), Node::Sym(_)) && ctx.definition_of(body).is_some())
}

/// Every variable some derivative in `goal` is taken by, once each.
fn derivative_variables(goal: &[&Expr]) -> Vec<Symbol> {
    let mut vars: Vec<Symbol> = Vec::new();
    for side in goal {
        side.any(&mut |n| {
            if let Node::Deriv(_, var) = n.node() {
                if !vars.contains(var) {
                    vars.push(var.clone());
                }
            }
            false
        });
    }
    vars
}

/// The lemma `d/dvar head = ...`, derived and folded back into the defined symbols.
fn known_derivative(
    head: &Expr,
    var: &Symbol,
    name: Part,
    ctx: &Context,
    check: &CheckContext,
    limits: &Limits,
) -> Option<Fact> {
    let params = free_indices(head);
    // `d/dx_j p_j` is a special case of the general lemma, not the lemma itself: an
    // index shared by the variable and the head would tie them together.
    let shared = free_indices(&Expr::symbol(var.clone()))
        .iter()
        .any(|i| params.contains(i));
    if shared || !ctx.depends_on(head, var) {
        return None;
    }
    let derivation = derive(head, var, ctx, check, limits).ok()?;
    let result = derivation.result().clone();
    let Node::Sym(defined) = head.node() else {
        return None;
    };
    let mentions = result.any(&mut |n| n.as_symbol().is_some_and(|s| s.name == defined.name));
    // Folded back means written in the symbol's terms: no sum or function call of the
    // definition's body is left over in the result.
    let body = ctx.definition_of(head)?.body.canonical();
    let leftover = result.any(&mut |n| {
        matches!(n.node(), Node::Sum { .. } | Node::Call(..)) && {
            let n = n.canonical();
            body.any(&mut |b| *b == n)
        }
    });
    if !(derivation.verified && derivation.conditions.is_empty() && mentions && !leftover) {
        return None;
    }
    let lhs = expr::deriv(head.clone(), var.clone());
    Some(Fact {
        name: Reason {
            kind: Kind::Lemma,
            phrase: vec![Part::Words("derivative of ".into()), name],
        },
        params: free_indices(&lhs),
        lhs,
        rhs: result,
        kind: FactKind::Lemma,
    })
}
