//! Proving an identity by meeting chains: both sides are rewritten phase by phase, the
//! cheapest phases first, and the proof stops at the first pair of forms the two
//! chains share; the right chain is then read backwards. When the normal forms still
//! differ only in how a fraction is written, cross-multiplying decides; an identity
//! with a Kronecker delta is proven by cases on its two indices.

use super::chain::{checked_step, Chain, Limits, Phase};
use super::policies::{finish, prove_goal, tentative_branches};
use crate::context::{Context, Fact, FactKind};
use crate::derivation::{Case, Condition, Derivation, Step};
use crate::error::Error;
use crate::eval::IndexConstraint;
use crate::expr::{self, Expr, Index, Node, Symbol};
use crate::print::text::to_text;
use crate::reason::{Kind, Reason};
use crate::rules::algebra;
use crate::verify::{compare, compare_recorded, CheckContext, Verdict};

/// How a proof attempt ended.
#[derive(Clone, Debug)]
pub enum Outcome {
    /// The chains met: the derivation runs from the left side to the right side.
    Proven(Derivation),
    /// They did not meet. `counterexample` is a point where the sides differ, when
    /// the identity is false there.
    NotProven {
        /// The form the left side's rewriting stopped at.
        lhs_reached: Expr,
        /// The form the right side's rewriting stopped at.
        rhs_reached: Expr,
        /// A point where the two sides differ, if one was found.
        counterexample: Option<Counterexample>,
    },
}

/// Values at which the two sides of a false identity differ.
#[derive(Clone, Debug)]
pub struct Counterexample {
    /// The point: each symbol (or index) with its value.
    pub at: Vec<(String, f64)>,
    /// The left side's value there.
    pub lhs: f64,
    /// The right side's value there.
    pub rhs: f64,
    /// `lhs - rhs`, computed without the terms both sides share: not zero even where
    /// `lhs` and `rhs` are the same `f64` beside a large shared term.
    pub difference: f64,
}

/// The phases a proof walks both sides through, cheapest first: it stops at the first
/// phase after which the chains share a form.
pub(super) const PROOF_PHASES: [Phase; 4] = [
    Phase::Unfold,
    Phase::Differentiate,
    Phase::Algebra(algebra::LIGHT),
    Phase::Algebra(algebra::EXPAND),
];

/// The same phases with the derivatives taken before any definition is unfolded, as
/// a teacher differentiates `cosh(x)^2` by the known derivative of `cosh` and only
/// then writes `cosh` and `sinh` out.
pub(super) const DIFFERENTIATE_FIRST: [Phase; 4] = [
    Phase::Differentiate,
    Phase::Unfold,
    Phase::Algebra(algebra::LIGHT),
    Phase::Algebra(algebra::EXPAND),
];

/// The phases with the definitions unfolded only after the light algebra, which
/// works in the defined symbols' terms (and their known sums) first.
pub(super) const DEFINITIONS_LAST: [Phase; 5] = [
    Phase::Differentiate,
    Phase::Algebra(algebra::LIGHT),
    Phase::Unfold,
    Phase::Algebra(algebra::LIGHT),
    Phase::Algebra(algebra::EXPAND),
];

/// Show `lhs = rhs`: rewrite both sides toward a normal form, stop where the chains
/// first meet, and read the right chain backwards.
pub fn prove(
    lhs: &Expr,
    rhs: &Expr,
    ctx: &Context,
    check: &CheckContext,
    limits: &Limits,
) -> Result<Outcome, Error> {
    prove_in_phases(lhs, rhs, ctx, check, limits, &PROOF_PHASES)
}

/// [`prove`] through these phases.
pub(super) fn prove_in_phases(
    lhs: &Expr,
    rhs: &Expr,
    ctx: &Context,
    check: &CheckContext,
    limits: &Limits,
    phases: &[Phase],
) -> Result<Outcome, Error> {
    let statement = format!("{} = {}", to_text(lhs), to_text(rhs));
    if let Verdict::Differ {
        at,
        lhs: a,
        rhs: b,
        difference,
    } = compare(lhs, rhs, check)
    {
        return Ok(Outcome::NotProven {
            lhs_reached: lhs.clone(),
            rhs_reached: rhs.clone(),
            counterexample: Some(Counterexample {
                at,
                lhs: a,
                rhs: b,
                difference,
            }),
        });
    }
    let mut left = Chain::new(lhs.clone());
    let mut right = Chain::new(rhs.clone());
    for &phase in phases {
        if let Some(d) = meet(&statement, &left, &right, check)? {
            return Ok(Outcome::Proven(finish(d, ctx, check)));
        }
        left.run(phase, ctx, check, limits)?;
        right.run(phase, ctx, check, limits)?;
        if matches!(phase, Phase::Algebra(table) if std::ptr::eq(table, algebra::LIGHT)) {
            // Before expanding, branches that may close the proof in the sides' terms.
            if let Some(d) = tentative_branches(&statement, &left, &right, ctx, check, limits)? {
                return Ok(Outcome::Proven(finish(d, ctx, check)));
            }
        }
    }
    if let Some(d) = meet(&statement, &left, &right, check)? {
        return Ok(Outcome::Proven(finish(d, ctx, check)));
    }
    if equal_fractions(left.last(), right.last(), ctx, check, limits)? {
        let (i, j) = (left.steps.len() - 1, right.steps.len() - 1);
        let name = Reason::rule(CROSS_MULTIPLY);
        left.push(name.clone(), name, right.last().clone(), check)?;
        return Ok(Outcome::Proven(finish(
            join(statement, &left, i + 1, &right, j, check)?,
            ctx,
            check,
        )));
    }
    Ok(Outcome::NotProven {
        lhs_reached: left.last().clone(),
        rhs_reached: right.last().clone(),
        counterexample: None,
    })
}

/// The rule that joins two fractions whose cross products expand to the same sum.
const CROSS_MULTIPLY: &str = "cross-multiplication";

/// Numerator and denominator of `e` (a denominator of 1 for a non-fraction).
fn as_fraction(e: &Expr) -> (Expr, Expr) {
    match e.node() {
        crate::expr::Node::Div(a, b) => (a.clone(), b.clone()),
        _ => match crate::print::is_plain_negation(e) {
            Some(inner) => {
                let (a, b) = as_fraction(&inner);
                (expr::neg(a), b)
            }
            None => (e.clone(), Expr::one()),
        },
    }
}

/// Decide `a/b = c/d` symbolically: expand `a d - c b` and see whether it vanishes.
/// The last resort of a proof, when the two normal forms differ only in how the
/// fraction is written (a sign, a common factor).
fn equal_fractions(
    lhs: &Expr,
    rhs: &Expr,
    ctx: &Context,
    check: &CheckContext,
    limits: &Limits,
) -> Result<bool, Error> {
    let (a, b) = as_fraction(lhs);
    let (c, d) = as_fraction(rhs);
    if b.is_one() && d.is_one() {
        return Ok(false);
    }
    let difference = expr::sub(expr::mul(vec![a, d]), expr::mul(vec![c, b]));
    let mut chain = Chain::new(difference);
    chain.run(Phase::Algebra(algebra::EXPAND), ctx, check, limits)?;
    Ok(chain.last().is_zero())
}

/// The derivation from where `left` and `right` first meet (see [`meeting_point`]),
/// joined but not yet finished; `None` if the chains share no form.
pub(super) fn meet(
    statement: &str,
    left: &Chain,
    right: &Chain,
    check: &CheckContext,
) -> Result<Option<Derivation>, Error> {
    meeting_point(left, right)
        .map(|(i, j)| join(statement.to_string(), left, i, right, j, check))
        .transpose()
}

/// The earliest pair of steps, by total length, at which the chains agree.
fn meeting_point(left: &Chain, right: &Chain) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    for (i, a) in left.canon.iter().enumerate() {
        for (j, b) in right.canon.iter().enumerate() {
            if a == b && best.is_none_or(|(x, y)| i + j < x + y) {
                best = Some((i, j));
            }
        }
    }
    best
}

/// `e` with the terms of every sum and factors of every product sorted, nothing
/// else changed.
fn sorted(e: &Expr) -> Expr {
    let kids = e.children();
    if kids.is_empty() {
        return e.clone();
    }
    let mut kids: Vec<Expr> = kids.iter().map(sorted).collect();
    if matches!(e.node(), Node::Add(_) | Node::Mul(_)) {
        kids.sort();
    }
    e.with_children_raw(kids)
}

/// `e` with each delta's indices in their order: `delta_ij` for `delta_ji`.
fn deltas_in_order(e: &Expr) -> Expr {
    e.map_bottom_up(&mut |n| match n.node() {
        Node::Delta(a, b) if b < a => expr::delta(b.clone(), a.clone()),
        _ => n.clone(),
    })
}

/// Left chain up to `i`, then the right chain from `j` back to its start. A reversed
/// step is named for what it does read backwards: a `distribute` of the right chain
/// prints as `factor out`.
fn join(
    statement: String,
    left: &Chain,
    i: usize,
    right: &Chain,
    j: usize,
    check: &CheckContext,
) -> Result<Derivation, Error> {
    let mut steps: Vec<Step> = left.steps[..=i].to_vec();
    let mut conditions = left.conditions.clone();
    let (reached, written) = (&left.steps[i].expr, &right.steps[0].expr);
    if j == 0 && reached != written {
        // End on the right side as it was written: the same terms in another order,
        // or a form that differs by arithmetic such as `0 - p_i = -p_i`.
        let rule = if sorted(reached) == sorted(written) {
            "reorder the terms"
        } else if sorted(&deltas_in_order(reached)) == sorted(&deltas_in_order(written)) {
            "the delta is symmetric"
        } else {
            "arithmetic"
        };
        let step = checked_step(
            reached,
            Reason::new(Kind::Bookkeeping, rule),
            written.clone(),
            check,
            &mut conditions,
        )?;
        steps.push(step);
    }
    if steps.len() == 1 && j == 0 {
        // Nothing to rewrite: say so rather than print a lone expression.
        let step = checked_step(
            reached,
            Reason::new(Kind::Bookkeeping, "both sides are the same"),
            written.clone(),
            check,
            &mut conditions,
        )?;
        steps.push(step);
    }
    for k in (0..j).rev() {
        // The same equation as the step forward, so the same check holds for it.
        steps.push(Step {
            expr: right.steps[k].expr.clone(),
            rule: right.backward[k + 1].clone().map(Into::into),
            cases: Vec::new(),
            check: right.steps[k + 1].check,
        });
    }
    for c in &right.conditions {
        Condition::add_to(&mut conditions, c.clone());
    }
    let verified = steps.iter().all(Step::is_decided);
    Ok(Derivation {
        statement,
        steps,
        verified: verified && left.verified && right.verified,
        conditions,
    })
}

/// Prove `lhs = rhs` by cases on the indices `a` and `b`: once under `a = b` (the
/// delta is 1), once under `a != b` (it is 0), each against the right side with the
/// delta replaced; then one step combines the cases.
pub fn prove_by_cases(
    lhs: &Expr,
    rhs: &Expr,
    (a, b): (Index, Index),
    ctx: &Context,
    check: &CheckContext,
    limits: &Limits,
) -> Result<Outcome, Error> {
    let mut cases = Vec::new();
    let mut verified = true;
    let mut conditions = Vec::new();
    for equal in [true, false] {
        let value = Expr::int(i64::from(equal));
        let mut case_ctx = ctx.clone();
        let name = if equal {
            Reason::new(Kind::Case, "since ").math(expr::equation(as_symbol(&a), as_symbol(&b)))
        } else {
            Reason::new(Kind::Case, "since ")
                .math(as_symbol(&a))
                .words(" and ")
                .math(as_symbol(&b))
                .words(" differ")
        };
        case_ctx.facts.push(Fact {
            name,
            lhs: expr::delta(a.clone(), b.clone()),
            rhs: value.clone(),
            params: Vec::new(),
            kind: FactKind::Case,
        });
        let mut case_check = check.clone();
        case_check.definitions = case_ctx.clone();
        if let (Index::Var(x), Index::Var(y)) = (&a, &b) {
            case_check.constraints.push(if equal {
                IndexConstraint::Equal(x.clone(), y.clone())
            } else {
                IndexConstraint::Distinct(x.clone(), y.clone())
            });
        }
        let goal = replace_delta(rhs, &a, &b, &value);
        let mut outcome = prove_goal(lhs, &goal, &case_ctx, &case_check, limits)?;
        if equal {
            if let (
                Outcome::NotProven {
                    counterexample: None,
                    ..
                },
                Index::Var(j),
            ) = (&outcome, &b)
            {
                outcome = same_index(lhs, &goal, j, &a, &case_ctx, &case_check, limits)?;
            }
        }
        match outcome {
            Outcome::Proven(d) => {
                verified &= d.verified;
                for c in d.conditions {
                    Condition::add_to(&mut conditions, c);
                }
                cases.push(Case {
                    left: a.clone(),
                    right: b.clone(),
                    equal,
                    steps: d.steps,
                });
            }
            not_proven => return Ok(not_proven),
        }
    }
    let (combined, how) = compare_recorded(lhs, rhs, check);
    let combined_reason = Reason::new(Kind::Case, "cases combined: ")
        .math(expr::delta(a.clone(), b.clone()))
        .words(" is 1 if ")
        .math(expr::equation(as_symbol(&a), as_symbol(&b)))
        .words(" and 0 otherwise");
    Ok(Outcome::Proven(Derivation {
        statement: format!("{} = {}", to_text(lhs), to_text(rhs)),
        steps: vec![
            Step::start(lhs.clone()),
            Step {
                expr: rhs.clone(),
                rule: Some(combined_reason.into()),
                cases,
                check: Some(how),
            },
        ],
        verified: verified && combined == Verdict::Agree,
        conditions,
    }))
}

/// Under `i = j` the two are one index: `lhs = goal` with `j` written as `i` in the
/// goal, then the step to the goal as written (`x_i` to `x_j`), named for the case.
/// The proof of the case when the goal's own indices keep the chains apart.
fn same_index(
    lhs: &Expr,
    goal: &Expr,
    j: &std::rc::Rc<str>,
    i: &Index,
    ctx: &Context,
    check: &CheckContext,
    limits: &Limits,
) -> Result<Outcome, Error> {
    let renamed = expr::rename_index(goal, j, i);
    if renamed == *goal {
        return prove_goal(lhs, goal, ctx, check, limits);
    }
    let outcome = prove_goal(lhs, &renamed, ctx, check, limits)?;
    let Outcome::Proven(mut d) = outcome else {
        return Ok(outcome);
    };
    let name = Reason::new(Kind::Case, "since ").math(expr::equation(
        as_symbol(i),
        as_symbol(&Index::Var(j.clone())),
    ));
    let prev = d.result().clone();
    let step = checked_step(&prev, name, goal.clone(), check, &mut d.conditions)?;
    d.verified &= step.is_decided();
    d.steps.push(step);
    Ok(Outcome::Proven(d))
}

/// An index as a symbol of its own name, to quote it in a rule's name.
fn as_symbol(i: &Index) -> Expr {
    Expr::symbol(Symbol::plain(&i.to_string()))
}

/// `e` with the delta of `a` and `b` (either order) replaced by `value`, and nothing
/// else tidied: `delta_ij - p_i` becomes `0 - p_i`, as a reader writes the case.
fn replace_delta(e: &Expr, a: &Index, b: &Index, value: &Expr) -> Expr {
    match e.node() {
        Node::Delta(x, y) if (x == a && y == b) || (x == b && y == a) => value.clone(),
        _ => e.map_children_raw(&mut |k| replace_delta(k, a, b, value)),
    }
}
