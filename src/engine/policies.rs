//! The strategy choices around the chain and the search: which context a goal is
//! proven in (the built-in definitions unfolded at once, or only when the known
//! derivatives do not close the proof), how a derivative is tidied, which branches a
//! proof tries before it expands, and how a found derivation is finished (shortened,
//! its bookkeeping merged, every step asserted honest).

use super::chain::{Chain, Limits, Phase};
use super::search::{
    meet, prove, prove_in_phases, Outcome, DEFINITIONS_LAST, DIFFERENTIATE_FIRST, PROOF_PHASES,
};
use crate::context::{Context, FactKind};
use crate::derivation::{Condition, Derivation, Step};
use crate::error::Error;
use crate::expr::{self, Expr, Node, Symbol};
use crate::merge::merge_bookkeeping;
use crate::print::text::to_text;
use crate::reason::Reason;
use crate::rules::{algebra, calculus, replay};
use crate::shorten::shorten;
use crate::verify::{check_step, nonzero_conditions, CheckContext, Verdict};
use crate::{known_derivatives, known_sums};

/// Prove `lhs = rhs` as a teacher would. The derivative of a function that is defined
/// through others, taken at the variable itself (`d/dx tanh(x)`), is shown from its
/// definition. Anywhere else the
/// derivatives of the standard functions are known facts, and definitions such as
/// that of sigma are unfolded only when the proof does not close without them.
pub fn prove_goal(
    lhs: &Expr,
    rhs: &Expr,
    ctx: &Context,
    check: &CheckContext,
    limits: &Limits,
) -> Result<Outcome, Error> {
    // `d/dx tanh(x)`: a defined function of the variable itself.
    let about_a_definition = |e: &Expr| match e.node() {
        Node::Deriv(body, var) => match body.node() {
            Node::Call(_, args) => {
                args.iter().all(|a| a.as_symbol() == Some(var)) && ctx.definition_of(body).is_some()
            }
            _ => false,
        },
        _ => false,
    };
    if about_a_definition(lhs) || about_a_definition(rhs) {
        return prove(lhs, rhs, ctx, check, limits);
    }
    let known = ctx.without_builtin_definitions();
    let cites_itself = |e: &Expr| known_derivatives::is_derivative_of_a_defined_symbol(e, ctx);
    if !cites_itself(lhs) && !cites_itself(rhs) {
        let derivatives =
            known_derivatives::with_known_derivatives(&[lhs, rhs], &known, check, limits);
        // The sums a family is known to have are cited beside its derivatives; a
        // proof that does not close with them is tried without.
        let base = derivatives.as_ref().unwrap_or(&known);
        let sums = known_sums::with_known_sums(&[lhs, rhs], &known, base, check, limits);
        // With a known sum the proof stays in the family's terms as long as it can,
        // and unfolds the definition only after the light algebra.
        let attempts = [
            (sums.as_ref(), &DEFINITIONS_LAST[..]),
            (derivatives.as_ref(), &PROOF_PHASES[..]),
        ];
        for (cited, phases) in attempts {
            let Some(cited) = cited else { continue };
            if let Ok(Outcome::Proven(d)) = prove_in_phases(lhs, rhs, cited, check, limits, phases)
            {
                if d.verified {
                    return Ok(Outcome::Proven(d));
                }
            }
        }
    }
    match prove(lhs, rhs, &known, check, limits) {
        Ok(Outcome::NotProven {
            counterexample: None,
            ..
        })
        | Err(Error::Limit(_)) => {
            // With the definitions: the derivatives first, where the goal has any.
            if has_derivative(lhs) || has_derivative(rhs) {
                let first = prove_in_phases(lhs, rhs, ctx, check, limits, &DIFFERENTIATE_FIRST);
                if let Ok(Outcome::Proven(d)) = &first {
                    if d.verified {
                        return first;
                    }
                }
            }
            prove(lhs, rhs, ctx, check, limits)
        }
        outcome => outcome,
    }
}

fn has_derivative(e: &Expr) -> bool {
    e.any(&mut |n| matches!(n.node(), Node::Deriv(..)))
}

/// The tentative branches a proof tries once both chains are through the light
/// algebra, before they expand: each grows copies of the chains and is kept only if
/// the copies meet, so that a proof that closes in the sides' own terms is not driven
/// through the expanded normal form. The first branch that meets gives the joined
/// derivation, not yet finished.
pub(super) fn tentative_branches(
    statement: &str,
    left: &Chain,
    right: &Chain,
    ctx: &Context,
    check: &CheckContext,
    limits: &Limits,
) -> Result<Option<Derivation>, Error> {
    // The fold branch: fold the left side back into the symbols the right side is
    // written in; keep that branch only if it arrives.
    let folded = left.branch(Phase::Fold, ctx, check, limits)?;
    if let Some(d) = meet(statement, &folded, right, check)? {
        return Ok(Some(d));
    }
    // The logarithm branch: logarithms the light algebra left apart may join into one
    // whose argument simplifies; the same kind of branch, on either side.
    let joined_left = left.branch(Phase::Algebra(algebra::COMBINE), ctx, check, limits)?;
    let joined_right = right.branch(Phase::Algebra(algebra::COMBINE), ctx, check, limits)?;
    for (l, r) in [(&joined_left, right), (left, &joined_right)] {
        if let Some(d) = meet(statement, l, r, check)? {
            return Ok(Some(d));
        }
    }
    // The branch of a logarithm of a sum: an exponential taken out of it and split
    // off, on either side or both (each side may take out a different one).
    let split_left = log_of_a_sum_branch(left, ctx, check, limits)?;
    let split_right = log_of_a_sum_branch(right, ctx, check, limits)?;
    for (l, r) in [
        (&split_left, right),
        (left, &split_right),
        (&split_left, &split_right),
    ] {
        if let Some(d) = meet(statement, l, r, check)? {
            return Ok(Some(d));
        }
    }
    Ok(None)
}

/// `chain` with an exponential taken out of each logarithm of a sum, once, and the
/// logarithms split and tidied; `chain` itself where no logarithm has such a sum.
fn log_of_a_sum_branch(
    chain: &Chain,
    ctx: &Context,
    check: &CheckContext,
    limits: &Limits,
) -> Result<Chain, Error> {
    let rule = &algebra::FACTOR_OUT_OF_LOG;
    let Some(next) = rule.apply_everywhere(chain.last(), ctx) else {
        return Ok(chain.clone());
    };
    let mut copy = chain.clone();
    copy.push(
        Reason::rule(rule.name),
        Reason::rule(rule.inverse),
        next,
        check,
    )?;
    copy.branch(Phase::Algebra(algebra::LOG_OF_A_SUM), ctx, check, limits)
}

/// `d/dvar e`, step by step, ending in a tidied result.
pub fn derive(
    e: &Expr,
    var: &Symbol,
    ctx: &Context,
    check: &CheckContext,
    limits: &Limits,
) -> Result<Derivation, Error> {
    let start = expr::deriv(e.clone(), var.clone());
    let mut chain = Chain::new(start.clone());
    for phase in [Phase::Unfold, Phase::Differentiate]
        .iter()
        .chain(tidy_phases(ctx))
    {
        chain.run(*phase, ctx, check, limits)?;
    }
    if calculus::has_derivative(chain.last()) {
        return Err(Error::Usage(format!(
            "cannot finish the derivative: no rule applies to `{}` (is a function undefined?)",
            to_text(chain.last())
        )));
    }
    let d = Derivation {
        statement: to_text(&start),
        verified: chain.verified,
        steps: chain.steps,
        conditions: chain.conditions,
    };
    Ok(finish(d, ctx, check))
}

/// The phases that tidy a derivative once it is taken. Plain derivatives are only
/// tidied. With the user's definitions or assumptions the answer is brought back into
/// their terms: light algebra, then folding the definitions back (d/dx_i p_j ends in
/// p_j (delta_ij - p_i), not exponentials).
fn tidy_phases(ctx: &Context) -> &'static [Phase] {
    let assumes = ctx.facts.iter().any(|f| f.kind == FactKind::Assumption);
    if ctx.definitions.is_empty() && !assumes {
        &[Phase::Algebra(algebra::TIDY)]
    } else {
        &[Phase::Algebra(algebra::LIGHT), Phase::Fold]
    }
}

/// `d` holding under the conditions its printed steps need, and no others. The chains
/// gather conditions as they grow, and a proof keeps only part of them: a step
/// past the meeting point, or a detour the shortening cut, may have needed `x > 0`
/// where the proof as printed does not (`log(-x) + log(-y) = log(x y)` was stated
/// for `-x > 0, -y > 0, x > 0, y > 0`, which nothing satisfies). The steps are checked
/// again from no condition; if one does not hold that way, the gathered conditions
/// stay, which is never less than the steps need.
fn conditions_of_its_steps(d: Derivation, check: &CheckContext) -> Derivation {
    if d.conditions.is_empty() || d.steps.iter().any(|s| !s.cases.is_empty()) {
        return d;
    }
    let mut conditions = Vec::new();
    for pair in d.steps.windows(2) {
        if check_step(&pair[0].expr, &pair[1].expr, check, &mut conditions).0 != Verdict::Agree {
            return d;
        }
    }
    Derivation { conditions, ..d }
}

/// `d` stating the zeros of its denominators that its ends do not both exclude
/// (see [`nonzero_conditions`]). A chain of equations is left as it is: its lines
/// follow from one another, and a solution's conditions are the solver's.
fn with_denominators_nonzero(mut d: Derivation, check: &CheckContext) -> Derivation {
    fn forms<'a>(steps: &'a [Step], out: &mut Vec<&'a Expr>) {
        for s in steps {
            for case in &s.cases {
                forms(&case.steps, out);
            }
            out.push(&s.expr);
        }
    }
    let mut all = Vec::new();
    forms(&d.steps, &mut all);
    if all.iter().any(|e| matches!(e.node(), Node::Equation(..))) {
        return d;
    }
    let mut known = d.conditions.clone();
    known.extend(check.definitions.conditions.iter().cloned());
    for c in nonzero_conditions(&all, &known, &check.definitions, check.seed) {
        Condition::add_to(&mut d.conditions, c);
    }
    d
}

/// `d` with its detours cut, asserted in debug builds (and so in every test) to print
/// only honest steps: each is its named rule applied to the line above, in the
/// direction it is read.
pub(super) fn finish(d: Derivation, ctx: &Context, check: &CheckContext) -> Derivation {
    let d = conditions_of_its_steps(merge_bookkeeping(shorten(d, ctx, check), ctx), check);
    let d = with_denominators_nonzero(d, check);
    if cfg!(debug_assertions) {
        if let Some(step) = replay::dishonest_step(&d, ctx) {
            panic!("a dishonest step in the proof of {}: {step}", d.statement);
        }
    }
    d
}
