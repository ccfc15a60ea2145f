//! The chain of checked steps: one starting expression rewritten phase by phase. Each
//! phase applies the first rule of its table that fits anywhere, at every place it
//! fits, as one step, until none fits; a rule whose result the chain has already been
//! at yields to the next one, and step and size limits keep every phase finite. Every
//! step is checked numerically before it joins the chain.

use crate::context::Context;
use crate::derivation::{Condition, Step};
use crate::error::Error;
use crate::expr::{Expr, Node};
use crate::print::text::to_text;
use crate::reason::Reason;
use crate::rules::facts::{self, Scope};
use crate::rules::{algebra, definitions, moves, Rule};
use crate::verify::{check_step, describe_pair, describe_point, CheckContext, Verdict};

/// Limits that keep rewriting finite on any input.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Steps one chain may take.
    pub max_steps: usize,
    /// Nodes one expression may have.
    pub max_size: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_steps: 400,
            max_size: 200_000,
        }
    }
}

/// A stage of rewriting.
#[derive(Clone, Copy, Debug)]
pub(super) enum Phase {
    /// Unfold every definition in the context.
    Unfold,
    /// Take derivatives, one layer per step.
    Differentiate,
    /// Apply algebra rules from a table, first fitting rule first.
    Algebra(&'static [Rule]),
    /// Fold quotients back into the symbols they define, with the algebra of
    /// [`algebra::FOLD`] first.
    Fold,
}

/// A chain of checked steps from one starting expression.
#[derive(Clone, Debug)]
pub(super) struct Chain {
    pub(super) steps: Vec<Step>,
    /// Canonical form of each step, for finding where two chains meet.
    pub(super) canon: Vec<Expr>,
    /// What each step is called read backwards, from its result to the step before
    /// (`None` for the start): the right chain of a proof is printed that way.
    pub(super) backward: Vec<Option<Reason>>,
    /// False once a step could not be decided numerically (too few defined points).
    pub(super) verified: bool,
    /// Where the chain holds, when a step's rule is valid on part of the domain only.
    pub(super) conditions: Vec<Condition>,
}

impl Chain {
    pub(super) fn new(start: Expr) -> Chain {
        Chain {
            canon: vec![start.canonical()],
            backward: vec![None],
            steps: vec![Step::start(start)],
            verified: true,
            conditions: Vec::new(),
        }
    }

    pub(super) fn last(&self) -> &Expr {
        &self.steps.last().expect("a chain has a start").expr
    }

    /// Check `next` against the last step and append it: `rule` is what the step is
    /// called, `backward` what it is called read from `next` back to the last step.
    pub(super) fn push(
        &mut self,
        rule: Reason,
        backward: Reason,
        next: Expr,
        check: &CheckContext,
    ) -> Result<(), Error> {
        if let Some(zero) = zero_denominator(&next) {
            return Err(Error::Usage(format!(
                "division by zero: after the {rule}, `{}` has the denominator 0",
                to_text(&zero)
            )));
        }
        let prev = &self.steps.last().expect("a chain has a start").expr;
        let step = checked_step(prev, rule, next, check, &mut self.conditions)?;
        self.verified &= step.is_decided();
        self.canon.push(step.expr.canonical());
        self.backward.push(Some(backward));
        self.steps.push(step);
        Ok(())
    }

    /// Has this chain already been at `e` (up to order)? Rewriting in a circle stops.
    fn visited(&self, canon: &Expr) -> bool {
        self.canon.contains(canon)
    }

    /// A copy of this chain with `phase` run on it: a tentative branch, which the
    /// caller keeps only if it arrives.
    pub(super) fn branch(
        &self,
        phase: Phase,
        ctx: &Context,
        check: &CheckContext,
        limits: &Limits,
    ) -> Result<Chain, Error> {
        let mut copy = self.clone();
        copy.run(phase, ctx, check, limits)?;
        Ok(copy)
    }

    /// Run one phase to its end.
    pub(super) fn run(
        &mut self,
        phase: Phase,
        ctx: &Context,
        check: &CheckContext,
        limits: &Limits,
    ) -> Result<(), Error> {
        loop {
            // A rule whose result the chain has already been at would go round in a
            // circle: the next rule in the table gets its turn instead.
            let fresh = |e: &Expr| !self.visited(&e.canonical());
            let Some((rule, backward, next)) = next_step(self.last(), phase, ctx, &fresh) else {
                return Ok(());
            };
            if self.steps.len() > limits.max_steps {
                return Err(Error::Limit(format!(
                    "stopped after {} steps without finishing (the step limit)",
                    limits.max_steps
                )));
            }
            if next.size() > limits.max_size {
                return Err(Error::Limit(format!(
                    "stopped: an expression grew past {} nodes (the size limit)",
                    limits.max_size
                )));
            }
            self.push(rule, backward, next, check)?;
        }
    }
}

/// The step `prev = next` by `rule`, checked under the chain's `conditions`, with
/// the record of its check; an engine error if the check refutes it.
pub(super) fn checked_step(
    prev: &Expr,
    rule: Reason,
    next: Expr,
    check: &CheckContext,
    conditions: &mut Vec<Condition>,
) -> Result<Step, Error> {
    match check_step(prev, &next, check, conditions) {
        (Verdict::Differ { at, lhs, rhs, .. }, _) => {
            let (lhs, rhs) = describe_pair(lhs, rhs);
            Err(Error::StepCheckFailed {
                rule: rule.name(),
                detail: format!(
                    "`{}` is {lhs} but `{}` is {rhs} at {}",
                    to_text(prev),
                    to_text(&next),
                    describe_point(&at)
                ),
            })
        }
        (_, how) => Ok(Step::by(rule, next).checked(how)),
    }
}

/// A quotient in `e` whose denominator is the number 0, as `x / (d/dx x - 1)` becomes
/// once the derivative is taken.
fn zero_denominator(e: &Expr) -> Option<Expr> {
    let mut found = None;
    e.any(&mut |n| match n.node() {
        Node::Div(_, b) if b.is_zero() => {
            found = Some(n.clone());
            true
        }
        Node::Pow(b, k) if b.is_zero() && k.is_negative_term() => {
            found = Some(n.clone());
            true
        }
        _ => false,
    });
    found
}

/// The next step of `phase` from `e` that `fresh` accepts: the rule's printed name,
/// its name read backwards, and the result.
fn next_step(
    e: &Expr,
    phase: Phase,
    ctx: &Context,
    fresh: &dyn Fn(&Expr) -> bool,
) -> Option<(Reason, Reason, Expr)> {
    // A definition, a fact or a derivative reads the same both ways ("definition of
    // tanh" unfolds or folds): only the algebra rules have names for each direction.
    let keep = |(name, next): (Reason, Expr)| fresh(&next).then(|| (name.clone(), name, next));
    let from_table = |table: &[Rule]| {
        table.iter().find_map(|rule| {
            rule.apply_everywhere(e, ctx)
                .filter(|next| fresh(next))
                .map(|next| (Reason::rule(rule.name), Reason::rule(rule.inverse), next))
        })
    };
    match phase {
        Phase::Unfold => definitions::unfold_step(e, ctx)
            .map(|(next, names)| (definitions::step_name(&names), next))
            .and_then(keep),
        // What is known (a lemma, an assumption) is used before any rule.
        Phase::Differentiate => facts::fact_step(e, ctx, Scope::Derivatives)
            .map(|(next, name)| (name, next))
            .and_then(keep)
            .or_else(|| moves::derivative(e, ctx).and_then(keep)),
        Phase::Fold => from_table(algebra::FOLD).or_else(|| {
            definitions::fold_step(e, ctx)
                .map(|(next, names)| (definitions::step_name(&names), next))
                .and_then(keep)
        }),
        Phase::Algebra(table) => facts::fact_step(e, ctx, Scope::Algebra)
            .map(|(next, name)| (name, next))
            .and_then(keep)
            .or_else(|| from_table(table)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{parse_expr, Names};

    fn p(src: &str) -> Expr {
        parse_expr(src, &Names::default()).unwrap()
    }

    #[test]
    fn a_wrong_step_is_an_engine_error_naming_its_rule() {
        let mut chain = Chain::new(p("d/dx x^3"));
        let err = chain
            .push(
                Reason::rule("power rule"),
                Reason::rule("power rule"),
                p("3 x^3"),
                &CheckContext::default(),
            )
            .expect_err("3 x^3 is not the derivative of x^3");
        match err {
            Error::StepCheckFailed { rule, .. } => assert_eq!(rule, "power rule"),
            other => panic!("expected a failed check, got {other:?}"),
        }
        assert_eq!(chain.steps.len(), 1, "the wrong step was not kept");
        chain
            .push(
                Reason::rule("power rule"),
                Reason::rule("power rule"),
                p("3 x^2"),
                &CheckContext::default(),
            )
            .expect("the right step passes");
    }

    #[test]
    fn a_step_no_point_can_decide_leaves_the_chain_unverified() {
        // 1 / (x - x) has no value anywhere, real or complex: the check cannot decide.
        let mut chain = Chain::new(p("1 / (x - x)"));
        chain
            .push(
                Reason::rule("rewrite"),
                Reason::rule("rewrite"),
                p("2 / (x - x)"),
                &CheckContext::default(),
            )
            .unwrap();
        assert!(!chain.verified);
    }
}
