//! Strategies: which rules to apply where, how much one printed step holds, and when
//! to stop. A chain grows phase by phase (unfold definitions, differentiate, algebra);
//! each phase applies the first rule of its table that fits anywhere, at every place
//! it fits, as one step, until none fits. Every step is checked numerically before it
//! joins the chain.

use crate::context::{Context, Fact, FactKind};
use crate::derivation::{Case, Condition, Derivation, Step};
use crate::error::Error;
use crate::eval::IndexConstraint;
use crate::expr::{self, Expr, Index, Node, Symbol};
use crate::known_derivatives;
use crate::merge::merge_bookkeeping;
use crate::print::text::{quoted, to_text};
use crate::rules::facts::{self, Scope};
use crate::rules::{algebra, calculus, definitions, replay, Rule};
use crate::shorten::shorten;
use crate::verify::{
    check_step, compare, compare_recorded, describe, describe_point, CheckContext, Verdict,
};

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
pub enum Phase {
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
pub struct Chain {
    pub steps: Vec<Step>,
    /// Canonical form of each step, for finding where two chains meet.
    canon: Vec<Expr>,
    /// What each step is called read backwards, from its result to the step before
    /// (`None` for the start): the right chain of a proof is printed that way.
    backward: Vec<Option<String>>,
    /// False once a step could not be decided numerically (too few defined points).
    pub verified: bool,
    /// Where the chain holds, when a step's rule is valid on part of the domain only.
    pub conditions: Vec<Condition>,
}

impl Chain {
    pub fn new(start: Expr) -> Chain {
        Chain {
            canon: vec![start.canonical()],
            backward: vec![None],
            steps: vec![Step::start(start)],
            verified: true,
            conditions: Vec::new(),
        }
    }

    pub fn last(&self) -> &Expr {
        &self.steps.last().expect("a chain has a start").expr
    }

    /// Check `next` against the last step and append it: `rule` is what the step is
    /// called, `backward` what it is called read from `next` back to the last step.
    fn push(
        &mut self,
        rule: String,
        backward: String,
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

    /// Run one phase to its end.
    pub fn run(
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
fn checked_step(
    prev: &Expr,
    rule: String,
    next: Expr,
    check: &CheckContext,
    conditions: &mut Vec<Condition>,
) -> Result<Step, Error> {
    match check_step(prev, &next, check, conditions) {
        (Verdict::Differ { at, lhs, rhs }, _) => Err(Error::StepCheckFailed {
            rule,
            detail: format!(
                "`{}` is {} but `{}` is {} at {}",
                to_text(prev),
                describe(lhs),
                to_text(&next),
                describe(rhs),
                describe_point(&at)
            ),
        }),
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
) -> Option<(String, String, Expr)> {
    // A definition, a fact or a derivative reads the same both ways ("definition of
    // tanh" unfolds or folds): only the algebra rules have names for each direction.
    let keep = |(name, next): (String, Expr)| fresh(&next).then(|| (name.clone(), name, next));
    let from_table = |table: &[Rule]| {
        table.iter().find_map(|rule| {
            rule.apply_everywhere(e, ctx)
                .filter(|next| fresh(next))
                .map(|next| (rule.name.to_string(), rule.inverse.to_string(), next))
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
            .or_else(|| {
                calculus::derivative_step(e, ctx)
                    .map(|(next, names)| (names.join(", "), next))
                    .and_then(keep)
            }),
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
    // Plain derivatives are only tidied. With the user's definitions or assumptions
    // the answer is brought back into their terms: light algebra, then folding the
    // definitions back (d/dx_i p_j ends in p_j (delta_ij - p_i), not exponentials).
    let assumes = ctx.facts.iter().any(|f| f.kind == FactKind::Assumption);
    let tidy: &[Phase] = if ctx.definitions.is_empty() && !assumes {
        &[Phase::Algebra(algebra::TIDY)]
    } else {
        &[Phase::Algebra(algebra::LIGHT), Phase::Fold]
    };
    for phase in [Phase::Unfold, Phase::Differentiate].iter().chain(tidy) {
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

/// `d` with its detours cut, asserted in debug builds (and so in every test) to print
/// only honest steps: each is its named rule applied to the line above, in the
/// direction it is read.
fn finish(d: Derivation, ctx: &Context, check: &CheckContext) -> Derivation {
    let d = merge_bookkeeping(shorten(d, ctx, check), ctx);
    if cfg!(debug_assertions) {
        if let Some(step) = replay::dishonest_step(&d, ctx) {
            panic!("a dishonest step in the proof of {}: {step}", d.statement);
        }
    }
    d
}

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
}

/// The phases a proof walks both sides through, cheapest first: it stops at the first
/// phase after which the chains share a form.
const PROOF_PHASES: [Phase; 4] = [
    Phase::Unfold,
    Phase::Differentiate,
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
    let statement = format!("{} = {}", to_text(lhs), to_text(rhs));
    if let Verdict::Differ { at, lhs: a, rhs: b } = compare(lhs, rhs, check) {
        return Ok(Outcome::NotProven {
            lhs_reached: lhs.clone(),
            rhs_reached: rhs.clone(),
            counterexample: Some(Counterexample { at, lhs: a, rhs: b }),
        });
    }
    let mut left = Chain::new(lhs.clone());
    let mut right = Chain::new(rhs.clone());
    for phase in PROOF_PHASES {
        if let Some((i, j)) = meeting_point(&left, &right) {
            return Ok(Outcome::Proven(finish(
                join(statement, &left, i, &right, j, check)?,
                ctx,
                check,
            )));
        }
        left.run(phase, ctx, check, limits)?;
        right.run(phase, ctx, check, limits)?;
        if matches!(phase, Phase::Algebra(table) if std::ptr::eq(table, algebra::LIGHT)) {
            // Before expanding, try to fold the left side back into the symbols the
            // right side is written in; keep that branch only if it arrives.
            let mut folded = left.clone();
            folded.run(Phase::Fold, ctx, check, limits)?;
            if let Some((i, j)) = meeting_point(&folded, &right) {
                return Ok(Outcome::Proven(finish(
                    join(statement, &folded, i, &right, j, check)?,
                    ctx,
                    check,
                )));
            }
            // Logarithms the light algebra left apart may join into one whose argument
            // simplifies; the same kind of branch, on either side.
            let (mut joined_left, mut joined_right) = (left.clone(), right.clone());
            joined_left.run(Phase::Algebra(algebra::COMBINE), ctx, check, limits)?;
            joined_right.run(Phase::Algebra(algebra::COMBINE), ctx, check, limits)?;
            for (l, r) in [(&joined_left, &right), (&left, &joined_right)] {
                if let Some((i, j)) = meeting_point(l, r) {
                    return Ok(Outcome::Proven(finish(
                        join(statement, l, i, r, j, check)?,
                        ctx,
                        check,
                    )));
                }
            }
        }
    }
    if let Some((i, j)) = meeting_point(&left, &right) {
        return Ok(Outcome::Proven(finish(
            join(statement, &left, i, &right, j, check)?,
            ctx,
            check,
        )));
    }
    if equal_fractions(left.last(), right.last(), ctx, check, limits)? {
        let (i, j) = (left.steps.len() - 1, right.steps.len() - 1);
        let name = CROSS_MULTIPLY.to_string();
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
        if let Some(cited) =
            known_derivatives::with_known_derivatives(&[lhs, rhs], &known, check, limits)
        {
            if let Ok(Outcome::Proven(d)) = prove(lhs, rhs, &cited, check, limits) {
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
        | Err(Error::Limit(_)) => prove(lhs, rhs, ctx, check, limits),
        outcome => outcome,
    }
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
        } else {
            "arithmetic"
        };
        let step = checked_step(
            reached,
            rule.into(),
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
            "both sides are the same".into(),
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
            rule: right.backward[k + 1].clone(),
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
            format!(
                "since {}",
                quoted(&expr::equation(as_symbol(&a), as_symbol(&b)))
            )
        } else {
            format!(
                "since {} and {} differ",
                quoted(&as_symbol(&a)),
                quoted(&as_symbol(&b))
            )
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
        match prove_goal(lhs, &goal, &case_ctx, &case_check, limits)? {
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
    let delta = quoted(&expr::delta(a.clone(), b.clone()));
    let same = quoted(&expr::equation(as_symbol(&a), as_symbol(&b)));
    Ok(Outcome::Proven(Derivation {
        statement: format!("{} = {}", to_text(lhs), to_text(rhs)),
        steps: vec![
            Step::start(lhs.clone()),
            Step {
                expr: rhs.clone(),
                rule: Some(format!(
                    "cases combined: {delta} is 1 if {same} and 0 otherwise"
                )),
                cases,
                check: Some(how),
            },
        ],
        verified: verified && combined == Verdict::Agree,
        conditions,
    }))
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
                "power rule".into(),
                "power rule".into(),
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
                "power rule".into(),
                "power rule".into(),
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
                "rewrite".into(),
                "rewrite".into(),
                p("2 / (x - x)"),
                &CheckContext::default(),
            )
            .unwrap();
        assert!(!chain.verified);
    }
}
