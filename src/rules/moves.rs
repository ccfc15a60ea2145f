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

/// Each distinct rule of the algebra tables once, in table order (found once: every
/// move of a search asks for them).
fn distinct_rules() -> &'static [&'static Rule] {
    static RULES: std::sync::OnceLock<Vec<&'static Rule>> = std::sync::OnceLock::new();
    RULES.get_or_init(|| {
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
    })
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

/// [`forwards`], only the moves whose names are `wanted`.
pub fn forwards_where(
    e: &Expr,
    ctx: &Context,
    memo: &mut Memo,
    wanted: &dyn Fn(&str) -> bool,
) -> Vec<Move> {
    let mut out: Vec<Move> = distinct_rules()
        .iter()
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

/// The rule called `name` applied forwards to `e` (at every place it fits), if it
/// applies: one rule, without the definitions and facts [`forwards_where`] always
/// tries.
pub fn by_rule_named(e: &Expr, ctx: &Context, memo: &mut Memo, name: &str) -> Option<Move> {
    distinct_rules()
        .iter()
        .filter(|rule| rule.name == name)
        .find_map(|rule| {
            Some((
                Reason::rule(rule.name),
                rule.apply_everywhere_in(e, ctx, memo)?,
            ))
        })
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

/// [`backwards`], only the moves whose names (read backwards) are `wanted`.
pub fn backwards_where(
    e: &Expr,
    ctx: &Context,
    memo: &mut Memo,
    wanted: &dyn Fn(&str) -> bool,
) -> Vec<Move> {
    let mut out: Vec<Move> = distinct_rules()
        .iter()
        .filter(|rule| {
            wanted(rule.inverse)
                && (!in_table(rule, algebra::IN_ONE_LINE)
                    || in_table(rule, algebra::FACTORING_IN_ONE_LINE))
        })
        .filter_map(|rule| {
            let prev = rule.apply_everywhere_in(e, ctx, memo)?;
            (!in_table(rule, algebra::IN_ONE_LINE) || hides_no_arithmetic(&prev, e, ctx))
                .then(|| (Reason::rule(rule.inverse), prev))
        })
        .collect();
    if let Some((next, names)) = definitions::unfold_step(e, ctx) {
        out.push((definitions::step_name(&names), next));
    }
    out.extend(shared(e, ctx));
    out
}

/// Is `rule` one of `table`'s rules? The moves of several rules at once
/// ([`algebra::IN_ONE_LINE`]) tidy what they produce (the mixed terms of a product
/// cancel, `2 - 1` becomes `1`), so read backwards they may undo that arithmetic
/// unannounced. Only the factorings among them ([`algebra::FACTORING_IN_ONE_LINE`]:
/// `exp(2 x) - exp(-2 x)` written as `(exp(x) - exp(-x)) (exp(x) + exp(-x))`, a
/// square of a sum written as the square) are read backwards, and only where they
/// hide nothing (see [`hides_no_arithmetic`]); the moves that multiply a fraction
/// through would also undo a multiplying out.
fn in_table(rule: &Rule, table: &[Rule]) -> bool {
    table
        .iter()
        .any(|r| std::ptr::fn_addr_eq(r.apply, rule.apply))
}

/// May a factoring, which multiplies `later` out to `earlier`, be read as the step
/// from `earlier` to `later`? Only when it brings in no symbol the line above lacks
/// (`b - 1` "factored" as `(a + 1) (a - 1) - a^2 + b`) and leaves no like terms
/// (`2 y` as `(x + 1) (x - 1) - x^2 + 1 + y + y`).
fn hides_no_arithmetic(earlier: &Expr, later: &Expr, ctx: &Context) -> bool {
    let brings_in_a_symbol =
        later.any(&mut |n| n.as_symbol().is_some_and(|s| !earlier.contains_symbol(s)));
    !brings_in_a_symbol
        && algebra::COLLECT_LIKE_TERMS
            .apply_everywhere(later, ctx)
            .is_none()
}

/// Facts (assumptions, lemmas, cases) rewriting `e`, read the same both ways.
fn shared(e: &Expr, ctx: &Context) -> Vec<Move> {
    [Scope::Derivatives, Scope::Algebra]
        .into_iter()
        .filter_map(|scope| fact_step(e, ctx, scope).map(|(next, name)| (name, next)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{parse_expr, Names};

    fn p(src: &str) -> Expr {
        parse_expr(src, &Names::default()).unwrap()
    }

    #[test]
    fn a_factoring_read_backwards_may_not_leave_like_terms_behind() {
        let ctx = Context::default();
        let honest = |earlier: &str, later: &str| hides_no_arithmetic(&p(earlier), &p(later), &ctx);
        assert!(honest("x^2 - 1", "(x + 1) (x - 1)"));
        assert!(!honest("x^2 - 1 + 2 y", "(x + 1) (x - 1) + y + y"));
        assert!(!honest("b - 1", "(a + 1) (a - 1) - a^2 + b"));
    }
}
