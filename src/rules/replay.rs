//! Honest steps: does a printed step do what its name says? A step is replayed
//! through the rule it names, forwards (the rule rewrites the line above into the
//! step) or backwards (a rule whose inverse carries the name rewrites the step into
//! the line above), and the result compared with the printed form up to the order of
//! terms and factors. The engine asserts this of every derivation it builds in debug
//! builds, so every proof the test suite produces is replayed.

use super::moves::{self, Move};
use crate::context::Context;
use crate::derivation::Derivation;
use crate::expr::Expr;
use crate::print::text::to_text;
use crate::reason::{Justification, Reason};

/// Names of steps that join two chains rather than apply a rule: the two forms are
/// the same up to order (of terms, factors, a delta's indices) or the arithmetic of
/// the smart constructors, or (for
/// cross-multiplication) equal fractions, decided by expanding the cross products.
const JOINS: &[&str] = &[
    "reorder the terms",
    "the delta is symmetric",
    "both sides are the same",
    "cross-multiplication",
];

/// The first step of `d` that its named rule does not reproduce, described.
pub fn dishonest_step(d: &Derivation, ctx: &Context) -> Option<String> {
    d.steps.windows(2).find_map(|pair| {
        let (prev, step) = (&pair[0], &pair[1]);
        let why = step.rule.as_ref()?;
        // A case distinction's combining step rests on its cases, replayed when they
        // were derived.
        let replayed = !step.cases.is_empty() || reproduces(&prev.expr, &step.expr, why, ctx);
        (!replayed).then(|| {
            format!(
                "the step `{}` = `{}` is not ({why})",
                to_text(&prev.expr),
                to_text(&step.expr)
            )
        })
    })
}

/// Whether `next` is `prev` rewritten as `why` says: by its one rule, read in either
/// direction, or by each rule of a joined step in turn.
pub fn reproduces(prev: &Expr, next: &Expr, why: &Justification, ctx: &Context) -> bool {
    match why.reasons.as_slice() {
        [one] => reproduces_one(prev, next, &one.name(), ctx),
        parts => reproduces_joined(prev, next, parts, ctx),
    }
}

fn reproduces_one(prev: &Expr, next: &Expr, name: &str, ctx: &Context) -> bool {
    JOINS.contains(&name)
        || reproduces_forwards(prev, next, name, ctx)
        || hits(moves::backwards_named(next, ctx, name), name, prev)
}

/// Whether the rule called `name`, applied to `prev` forwards (an algebra rule, a
/// definition, a fact, a layer of derivatives), gives `next`.
pub fn reproduces_forwards(prev: &Expr, next: &Expr, name: &str, ctx: &Context) -> bool {
    hits(ahead(prev, ctx, name), name, next)
}

/// The forms one rule called `name` forwards from `e`, derivatives included.
fn ahead(e: &Expr, ctx: &Context, name: &str) -> Vec<Move> {
    let mut out = moves::forwards_named(e, ctx, name);
    out.extend(moves::derivative(e, ctx));
    out
}

fn hits(moves: Vec<Move>, name: &str, target: &Expr) -> bool {
    let target = target.canonical();
    moves
        .into_iter()
        .any(|(n, e)| n.name() == name && e.canonical() == target)
}

/// A joined step: its rules, applied forwards one after another, lead to `next`.
fn reproduces_joined(prev: &Expr, next: &Expr, parts: &[Reason], ctx: &Context) -> bool {
    let mut forms = vec![prev.clone()];
    for part in parts {
        let part = part.name();
        forms = forms
            .iter()
            .flat_map(|f| ahead(f, ctx, &part))
            .filter(|(n, _)| n.name() == part)
            .map(|(_, e)| e)
            .collect();
    }
    let target = next.canonical();
    forms.iter().any(|f| f.canonical() == target)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::derivation::Step;
    use crate::parse::{parse_expr, Names};

    fn p(src: &str) -> Expr {
        parse_expr(src, &Names::default()).unwrap()
    }

    fn chain(start: &str, steps: &[(&'static str, &str)]) -> Derivation {
        let mut all = vec![Step::start(p(start))];
        all.extend(
            steps
                .iter()
                .map(|(rule, e)| Step::by(Reason::rule(rule), p(e))),
        );
        Derivation {
            statement: start.into(),
            steps: all,
            verified: true,
            conditions: Vec::new(),
        }
    }

    fn reproduces(prev: &Expr, next: &Expr, name: &'static str, ctx: &Context) -> bool {
        super::reproduces(prev, next, &Reason::rule(name).into(), ctx)
    }

    #[test]
    fn a_product_multiplied_out_reads_backwards_as_a_factoring_that_hides_nothing() {
        let ctx = Context::default();
        let product = p("(exp(x) - exp(-x)) (exp(x) + exp(-x))");
        assert!(reproduces(
            &p("exp(2 x) - exp(-2 x)"),
            &product,
            "factor",
            &ctx
        ));
        // A "factoring" that brings in a symbol hides arithmetic.
        assert!(!reproduces(
            &p("b - 1"),
            &p("(a + 1) (a - 1) - a^2 + b"),
            "factor",
            &ctx
        ));
        assert!(reproduces(
            &p("x^2 - 1"),
            &p("(x + 1) (x - 1)"),
            "factor",
            &ctx
        ));
        // The moves that multiply a fraction through are read forwards only.
        assert!(!reproduces(
            &p("1 / (exp(x) + 1)"),
            &p("exp(-x) / (1 + exp(-x))"),
            "divide numerator and denominator by an exponential",
            &ctx
        ));
    }

    #[test]
    fn a_rule_replays_forwards_and_its_inverse_backwards() {
        let ctx = Context::default();
        assert!(reproduces(
            &p("a (b + c)"),
            &p("a b + a c"),
            "distribute",
            &ctx
        ));
        assert!(reproduces(
            &p("a b + a c"),
            &p("a (b + c)"),
            "factor out",
            &ctx
        ));
        let (sum, fraction) = (p("a / b + c / b"), p("(a + c) / b"));
        assert!(reproduces(&fraction, &sum, "split the fraction", &ctx));
        assert!(!reproduces(&sum, &fraction, "split the fraction", &ctx));
    }

    #[test]
    fn a_step_named_for_the_opposite_of_what_it_does_is_found() {
        let ctx = Context::default();
        let honest = chain("a b + a c", &[("factor out", "a (b + c)")]);
        assert_eq!(dishonest_step(&honest, &ctx), None);
        let named_backwards = chain("a b + a c", &[("distribute", "a (b + c)")]);
        assert!(dishonest_step(&named_backwards, &ctx).is_some());
        let cancel_that_multiplies = chain("a / b", &[("cancel", "2 a / (2 b)")]);
        assert!(dishonest_step(&cancel_that_multiplies, &ctx).is_some());
    }
}
