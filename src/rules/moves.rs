//! Moves: every single rule application from a form, named in the direction it is
//! read. A move forwards applies a rule (at every place it fits, as a printed step
//! does); a move backwards is one whose result is the form, read from the result:
//! the rule's inverse name. Replaying a printed step and cutting detours from a found
//! proof both look steps up here.

use super::facts::{fact_step, Scope};
use super::{algebra, calculus, definitions, Memo, Rule};
use crate::context::Context;
use crate::expr::Expr;
use crate::reason::{Kind, Reason};

/// A form one step away and the reason of that step.
pub type Move = (Reason, Expr);

/// Each distinct rule of the algebra tables once, in table order.
fn distinct_rules() -> Vec<&'static Rule> {
    let mut out: Vec<&'static Rule> = Vec::new();
    for rule in algebra::TABLES.iter().flat_map(|t| t.iter()) {
        if !out
            .iter()
            .any(|r| r.name == rule.name && std::ptr::fn_addr_eq(r.apply, rule.apply))
        {
            out.push(rule);
        }
    }
    out
}

/// The forms `e` steps to by one rule read forwards: an algebra rule, unfolding or
/// folding definitions, a fact. Derivatives are not among them: how a derivative is
/// shown (from a definition, or by a known derivative) is the strategy's choice, and a
/// shortcut must not undo it. `memo` keeps the rules' results on subtrees for the
/// next call with the same context.
pub fn forwards(e: &Expr, ctx: &Context, memo: &mut Memo) -> Vec<Move> {
    forwards_where(e, ctx, memo, &|_| true)
}

/// [`forwards`], only the moves called `name`: what replaying one printed step needs,
/// without applying every other rule to the form.
pub fn forwards_named(e: &Expr, ctx: &Context, name: &str) -> Vec<Move> {
    forwards_where(e, ctx, &mut Memo::default(), &|n| n == name)
}

fn forwards_where(
    e: &Expr,
    ctx: &Context,
    memo: &mut Memo,
    wanted: &dyn Fn(&str) -> bool,
) -> Vec<Move> {
    let mut out: Vec<Move> = distinct_rules()
        .into_iter()
        .filter(|rule| wanted(rule.name))
        .filter_map(|rule| {
            Some((
                Reason::rule(rule.name),
                rule.apply_everywhere_in(e, ctx, memo)?,
            ))
        })
        .collect();
    for step in [definitions::unfold_step, definitions::fold_step] {
        if let Some((next, names)) = step(e, ctx) {
            out.push((definitions::step_name(&names), next));
        }
    }
    out.extend(shared(e, ctx));
    out
}

/// The layer of derivatives `e` steps to, and its name.
pub fn derivative(e: &Expr, ctx: &Context) -> Option<Move> {
    calculus::derivative_step(e, ctx)
        .map(|(next, names)| (Reason::new(Kind::Derivative, names.join(", ")), next))
}

/// The forms from which one step leads to `e`, found by applying a rule to `e`: the
/// step from such a form to `e` is that rule read backwards and carries the rule's
/// inverse name (a definition or a fact reads the same both ways).
pub fn backwards(e: &Expr, ctx: &Context, memo: &mut Memo) -> Vec<Move> {
    backwards_where(e, ctx, memo, &|_| true)
}

/// [`backwards`], only the moves called `name`.
pub fn backwards_named(e: &Expr, ctx: &Context, name: &str) -> Vec<Move> {
    backwards_where(e, ctx, &mut Memo::default(), &|n| n == name)
}

fn backwards_where(
    e: &Expr,
    ctx: &Context,
    memo: &mut Memo,
    wanted: &dyn Fn(&str) -> bool,
) -> Vec<Move> {
    let mut out: Vec<Move> = distinct_rules()
        .into_iter()
        .filter(|rule| !in_one_line(rule) && wanted(rule.inverse))
        .filter_map(|rule| {
            Some((
                Reason::rule(rule.inverse),
                rule.apply_everywhere_in(e, ctx, memo)?,
            ))
        })
        .collect();
    if let Some((next, names)) = definitions::unfold_step(e, ctx) {
        out.push((definitions::step_name(&names), next));
    }
    out.extend(shared(e, ctx));
    out
}

/// Is `rule` one of the moves of several rules at once? Those are only read forwards:
/// they tidy what they produce (`2 - 1` becomes `1`), and read backwards the same
/// step would undo that arithmetic unannounced.
fn in_one_line(rule: &Rule) -> bool {
    algebra::IN_ONE_LINE
        .iter()
        .any(|r| std::ptr::fn_addr_eq(r.apply, rule.apply))
}

/// Facts (assumptions, lemmas, cases) rewriting `e`, read the same both ways.
fn shared(e: &Expr, ctx: &Context) -> Vec<Move> {
    [Scope::Derivatives, Scope::Algebra]
        .into_iter()
        .filter_map(|scope| fact_step(e, ctx, scope).map(|(next, name)| (name, next)))
        .collect()
}
