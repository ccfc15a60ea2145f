//! Derivations on equations: from premises, derive an equation for a target symbol,
//! eliminating auxiliary symbols through the assumptions. Each step works on the
//! equation as a whole (exponentiate both sides, multiply both sides, sum both sides
//! over an index, substitute one equation into another), as a reader does with the
//! log-linear model: from `log P_i = w_i x + b_i - log Z` and `sum_i P_i = 1` to the
//! softmax.
//!
//! The check: the final equations define the target and each eliminated symbol; at
//! random points where they hold, every equation of the derivation must hold too.

use crate::context::{Context, Definition, FactKind, Head};
use crate::derivation::{Condition, Derivation, Relation, Step};
use crate::engine::Limits;
use crate::error::Error;
use crate::expr::{self, fresh_index, rename_index, Builtin, Expr, Func, Index, Node, Symbol};
use crate::print::text::to_text;
use crate::reason::{Justification, Kind, Reason};
use crate::rules::algebra::{
    ANSWER_TIDY, MULTIPLY_THROUGH_BY_EXPONENTIAL, SOLVE_EXPAND, SOLVE_TIDY,
};
use crate::rules::definitions::{step_name, unfold_step};
use crate::rules::facts::{fact_step, Scope};
use crate::verify::{always_positive, compare_recorded, divisor_conditions, CheckContext, Verdict};
use num_traits::Signed;

mod linear;

/// An equation being worked on, with the steps so far and the conditions they
/// need: dividing by `y` holds for `y != 0`, taking the logarithm of `r` for `r > 0`.
struct Work {
    steps: Vec<Step>,
    conditions: Vec<Condition>,
}

impl Work {
    fn new(lhs: Expr, rhs: Expr) -> Work {
        Work {
            steps: vec![Step::start(expr::equation(lhs, rhs))],
            conditions: Vec::new(),
        }
    }

    /// Dividing both sides by `e` holds where `e` is not 0. (Multiplying both
    /// sides by a denominator needs nothing: the equation has a value only where
    /// that denominator is not 0.)
    fn by_nonzero(&mut self, e: &Expr, ctx: &Context) {
        for c in divisor_conditions(e, ctx) {
            Condition::add_to(&mut self.conditions, c);
        }
    }

    fn sides(&self) -> (Expr, Expr) {
        match self.steps.last().expect("a start").expr.node() {
            Node::Equation(l, r) => (l.clone(), r.clone()),
            _ => unreachable!("solve works on equations"),
        }
    }

    /// The step to `lhs = rhs` by `rule`. A swap of the sides just before goes into
    /// it, as a teacher writes `exp(x) = y - 1` from `y = exp(x) + 1` in one line.
    fn push(&mut self, rule: Reason, lhs: Expr, rhs: Expr) {
        let mut why: Justification = rule.into();
        let swapped = self.steps.len() > 1
            && self
                .steps
                .last()
                .and_then(|s| s.rule_name())
                .is_some_and(|n| n == SWAP);
        if swapped && why.name() != SWAP {
            let swap = self.steps.pop().expect("a swap").rule.expect("a rule");
            why.reasons.splice(0..0, swap.reasons);
        }
        self.steps.push(Step::by(why, expr::equation(lhs, rhs)));
    }

    /// A premise with a free index the target does not carry (`q_j = x_j^2 / Z` for
    /// `Z`), where an assumption sums that family (`sum_j q_j = 1`): sum both sides
    /// over the index, so the assumption can take the family away.
    fn sum_over_extra_index(&mut self, target: &Symbol, ctx: &Context) {
        let (l, r) = self.sides();
        let eq = expr::equation(l.clone(), r.clone());
        let carried: Vec<&Index> = target.indices.iter().collect();
        for j in crate::expr::free_indices(&eq) {
            if carried.contains(&&Index::Var(j.clone())) {
                continue;
            }
            let bounds = ctx
                .facts
                .iter()
                .filter(|f| f.kind == FactKind::Assumption)
                .find_map(|f| match f.lhs.node() {
                    Node::Sum {
                        index,
                        lower,
                        upper,
                        body,
                    } => {
                        let family = rename_index(body, index, &Index::Var(j.clone()));
                        (family.same_as(&l) || family.same_as(&r))
                            .then(|| (lower.clone(), upper.clone()))
                    }
                    _ => None,
                });
            if let Some((lower, upper)) = bounds {
                let over = |e: Expr| expr::sum(j.clone(), lower.clone(), upper.clone(), e);
                self.push(
                    both_sides("sum both sides over ", Expr::symbol(Symbol::plain(&j)), ""),
                    over(l),
                    over(r),
                );
                return;
            }
        }
    }

    /// One step that brings an unknown found in several places (or inside a sum)
    /// towards one place:
    /// unfold a defined function of it (`tanh`), clear a fraction with it below (first
    /// its negative exponentials, then by multiplying both sides), open up brackets and
    /// sums, and gather the terms of an equation linear in one part that holds it. False
    /// when none applies.
    fn untangle(&mut self, target: &Symbol, ctx: &Context) -> bool {
        let has = |e: &Expr| e.any(&mut |n| matches_target(n, target));
        let (l, r) = self.sides();
        let eq = expr::equation(l.clone(), r.clone());
        if inside_defined_call(&eq, target, ctx) {
            if let Some((next, names)) = unfold_step(&eq, ctx) {
                self.steps.push(Step::by(step_name(&names), next));
                return true;
            }
        }
        let in_sum = eq.any(&mut |n| matches!(n.node(), Node::Sum { body, .. } if has(body)));
        if occurrences(&eq, target) < 2 && !in_sum {
            return false;
        }
        for (left, side) in [(true, &l), (false, &r)] {
            let Node::Div(n, d) = side.node() else {
                continue;
            };
            if !has(d) {
                continue;
            }
            let cleared = (MULTIPLY_THROUGH_BY_EXPONENTIAL.apply)(side, ctx)
                .filter(|c| exponentials_of(c, target).len() < exponentials_of(side, target).len());
            let rule = if let Some(c) = cleared {
                let (a, b) = if left { (c, r.clone()) } else { (l.clone(), c) };
                (Reason::rule(MULTIPLY_THROUGH_BY_EXPONENTIAL.name), a, b)
            } else {
                let times = |e: &Expr| expr::mul(vec![e.clone(), d.clone()]);
                let (a, b) = if left {
                    (n.clone(), times(&r))
                } else {
                    (times(&l), n.clone())
                };
                (both_sides("multiply both sides by ", d.clone(), ""), a, b)
            };
            self.push(rule.0, rule.1, rule.2);
            return true;
        }
        if !linear::is_open(&l, &r, &has) {
            return SOLVE_EXPAND.iter().any(|rule| {
                rule.apply_everywhere(&eq, ctx)
                    .map(|next| self.steps.push(Step::by(Reason::rule(rule.name), next)))
                    .is_some()
            });
        }
        let Some(g) = linear::gather(&l, &r, &has) else {
            return false;
        };
        let mut moved = false;
        if !g.added.same_as(&Expr::zero()) {
            self.push(added_to_both_sides(&g.added), g.moved.0, g.moved.1);
            moved = true;
        }
        if let Some((a, b)) = g.factored {
            self.push(
                Reason::new(Kind::Rule, "factor out ").math(g.kernel.clone()),
                a,
                b,
            );
            moved = true;
        }
        moved
    }

    /// Tidy both sides with the facts and the light rules until none applies.
    fn tidy(&mut self, ctx: &Context, limits: &Limits) -> Result<(), Error> {
        for _ in 0..limits.max_steps {
            let eq = self.steps.last().expect("a start").expr.clone();
            let next = fact_step(&eq, ctx, Scope::Algebra).or_else(|| {
                SOLVE_TIDY.iter().find_map(|rule| {
                    rule.apply_everywhere(&eq, ctx)
                        .map(|next| (next, Reason::rule(rule.name)))
                })
            });
            match next {
                Some((next, name)) => self.steps.push(Step::by(name, next)),
                None => return Ok(()),
            }
        }
        Err(Error::Limit(format!(
            "stopped after {} steps without finishing (the step limit)",
            limits.max_steps
        )))
    }

    /// The answer written as a teacher leaves it ([`ANSWER_TIDY`]), each rule once
    /// at every place it fits, until none applies or the step limit is reached.
    fn tidy_answer(&mut self, ctx: &Context, limits: &Limits) {
        for _ in 0..limits.max_steps {
            let eq = self.steps.last().expect("a start").expr.clone();
            let next = ANSWER_TIDY.iter().find_map(|rule| {
                rule.apply_everywhere(&eq, ctx)
                    .map(|next| (next, Reason::rule(rule.name)))
            });
            let Some((next, name)) = next else { return };
            self.steps.push(Step::by(name, next));
        }
    }

    /// Unfinished work, with the equation it reached: no answer, not an input error.
    fn not_solved(&self, target: &Symbol, reason: String) -> Error {
        Error::NotSolved {
            target: target.to_string(),
            reason,
            reached: to_text(&self.steps.last().expect("a start").expr),
        }
    }

    fn cannot_isolate(&self, target: &Symbol, side: &Expr) -> Error {
        self.not_solved(
            target,
            format!("cannot isolate {} in `{}`", target.name, to_text(side)),
        )
    }

    /// Rewrite until the left side is `target` alone, and the right side is free of it.
    fn isolate(&mut self, target: &Symbol, ctx: &Context, limits: &Limits) -> Result<(), Error> {
        let has = |e: &Expr| e.any(&mut |n| matches_target(n, target));
        for _ in 0..limits.max_steps {
            let (l, r) = self.sides();
            if matches_target(&l, target) {
                if has(&r) {
                    return Err(
                        self.not_solved(target, format!("{} is still on both sides", target.name))
                    );
                }
                self.tidy_answer(ctx, limits);
                return Ok(());
            }
            if self.untangle(target, ctx) {
                self.tidy(ctx, limits)?;
                continue;
            }
            if !has(&l) && has(&r) {
                // `1 = S / Z`: multiplying by Z brings it to the left at once.
                if let Node::Div(u, c) = r.node() {
                    if has(c) && !has(u) {
                        self.push(
                            both_sides("multiply both sides by ", c.clone(), ""),
                            expr::mul(vec![l, c.clone()]),
                            u.clone(),
                        );
                        self.tidy(ctx, limits)?;
                        continue;
                    }
                }
                // `b = c u`: dividing by c reads the equation from the right at once.
                if let Node::Mul(factors) = r.node() {
                    let (with, without): (Vec<Expr>, Vec<Expr>) =
                        factors.iter().cloned().partition(|f| has(f));
                    if let ([u], false) = (with.as_slice(), without.is_empty()) {
                        let coefficient = expr::mul(without);
                        self.by_nonzero(&coefficient, ctx);
                        let (rule, value) = divided(l, coefficient);
                        self.push(rule, u.clone(), value);
                        self.tidy(ctx, limits)?;
                        continue;
                    }
                }
                self.push(Reason::new(Kind::BothSides, SWAP), r, l);
                continue;
            }
            match l.node() {
                Node::Call(Func::Builtin(Builtin::Log), args) => self.push(
                    Reason::new(Kind::BothSides, "exponentiate both sides"),
                    args[0].clone(),
                    expr::call1(Builtin::Exp, r),
                ),
                Node::Call(Func::Builtin(Builtin::Exp), args) => {
                    // An exponential is positive: equal to what cannot be, it has no
                    // real solution, and equal to anything else, only where that is.
                    if r.as_num().is_some_and(|v| !v.is_positive()) {
                        return Err(self.not_solved(
                            target,
                            format!(
                                "`{}` is positive for every real {}, and `{}` is not: there is no real solution",
                                to_text(&l),
                                target.name,
                                to_text(&r)
                            ),
                        ));
                    }
                    if !always_positive(&r) {
                        Condition::add_to(
                            &mut self.conditions,
                            Condition {
                                expr: r.clone(),
                                relation: Relation::Positive,
                            },
                        );
                    }
                    self.push(
                        Reason::new(Kind::BothSides, "take the logarithm of both sides"),
                        args[0].clone(),
                        expr::call1(Builtin::Log, r),
                    )
                }
                Node::Div(u, c) => self.push(
                    both_sides("multiply both sides by ", c.clone(), ""),
                    u.clone(),
                    expr::mul(vec![r, c.clone()]),
                ),
                Node::Mul(factors) => {
                    let (with, without): (Vec<Expr>, Vec<Expr>) =
                        factors.iter().cloned().partition(|f| has(f));
                    if with.len() != 1 || without.is_empty() {
                        return Err(self.cannot_isolate(target, &l));
                    }
                    let coefficient = expr::mul(without);
                    self.by_nonzero(&coefficient, ctx);
                    let (rule, value) = divided(r, coefficient);
                    self.push(rule, with[0].clone(), value);
                }
                Node::Add(terms) => {
                    let (with, without): (Vec<Expr>, Vec<Expr>) =
                        terms.iter().cloned().partition(|t| has(t));
                    if with.len() != 1 {
                        return Err(self.cannot_isolate(target, &l));
                    }
                    let other = expr::add(without);
                    // Taking `-1` away is adding 1: the step says which it does.
                    self.push(
                        added_to_both_sides(&expr::neg(other.clone())),
                        with[0].clone(),
                        expr::sub(r, other),
                    );
                }
                _ => return Err(self.cannot_isolate(target, &l)),
            }
            self.tidy(ctx, limits)?;
        }
        Err(Error::Limit(
            "could not isolate the target within the step limit".into(),
        ))
    }
}

/// The name of the step that swaps an equation's sides.
const SWAP: &str = "swap the sides";

/// `side` divided by a coefficient, and the step's name; a coefficient of -1 is a
/// change of sign, not a fraction.
fn divided(side: Expr, coefficient: Expr) -> (Reason, Expr) {
    if coefficient.same_as(&Expr::int(-1)) {
        (
            both_sides("multiply both sides by ", coefficient, ""),
            expr::neg(side),
        )
    } else if coefficient.is_negative_term() {
        // By a negative coefficient the sign goes to the other side: `(2 - y) / 3`,
        // not `(y - 2) / (-3)`, and `b / c`, not `-b / (-c)`.
        (
            both_sides("divide both sides by ", coefficient.clone(), ""),
            expr::div(negated_terms(&side), expr::neg(coefficient)),
        )
    } else {
        (
            both_sides("divide both sides by ", coefficient.clone(), ""),
            expr::div(side, coefficient),
        )
    }
}

/// `-e`, a sum negated term by term: `2 - y` for `y - 2`, its positive terms first.
fn negated_terms(e: &Expr) -> Expr {
    match e.node() {
        Node::Add(terms) => {
            // Led by a term that is not negated, where one is: `2 - y`, not `-y + 2`.
            let (mut out, negative): (Vec<Expr>, Vec<Expr>) = terms
                .iter()
                .cloned()
                .map(expr::neg)
                .partition(|t| !t.is_negative_term());
            out.extend(negative);
            expr::add(out)
        }
        _ => expr::neg(e.clone()),
    }
}

/// The same operation on both sides, with the formula it uses: `before` `e` `after`.
fn both_sides(before: &'static str, e: Expr, after: &'static str) -> Reason {
    let reason = Reason::new(Kind::BothSides, before).math(e);
    if after.is_empty() {
        reason
    } else {
        reason.words(after)
    }
}

/// "Add `a` to both sides", or "subtract `b`" when every term of `a` is negative.
fn added_to_both_sides(added: &Expr) -> Reason {
    let terms = match added.node() {
        Node::Add(ts) => ts.clone(),
        _ => vec![added.clone()],
    };
    if terms.iter().all(Expr::is_negative_term) {
        let positive = expr::add(terms.into_iter().map(expr::neg).collect());
        both_sides("subtract ", positive, " from both sides")
    } else {
        both_sides("add ", added.clone(), " to both sides")
    }
}

/// How many times the target occurs in `e`.
fn occurrences(e: &Expr, target: &Symbol) -> usize {
    let mut count = 0;
    e.any(&mut |n| {
        count += usize::from(matches_target(n, target));
        false
    });
    count
}

/// The distinct arguments of exponentials of the target in `e`.
fn exponentials_of(e: &Expr, target: &Symbol) -> Vec<Expr> {
    let mut args: Vec<Expr> = Vec::new();
    e.any(&mut |n| {
        if let Node::Call(Func::Builtin(Builtin::Exp), xs) = n.node() {
            if occurrences(&xs[0], target) > 0 && !args.iter().any(|a| a.same_as(&xs[0])) {
                args.push(xs[0].clone());
            }
        }
        false
    });
    args
}

/// Does the target sit inside a call of a function the context defines (`tanh(x)`)?
fn inside_defined_call(e: &Expr, target: &Symbol, ctx: &Context) -> bool {
    e.any(&mut |n| match n.node() {
        Node::Call(func, args) => {
            args.iter().any(|a| occurrences(a, target) > 0)
                && ctx
                    .definitions
                    .iter()
                    .any(|d| matches!(&d.head, Head::Function { func: f, .. } if f == func))
        }
        _ => false,
    })
}

/// Is `e` the target symbol (any indices, when the target is indexed)?
fn matches_target(e: &Expr, target: &Symbol) -> bool {
    e.as_symbol()
        .is_some_and(|s| s.name == target.name && s.indices.len() == target.indices.len())
}

/// Derive `target = ...` from the premises, eliminating the given symbols; the
/// steps are checked at points drawn from `seed`.
pub fn solve(
    premises: &[(Expr, Expr)],
    target: &Expr,
    eliminate: &[Symbol],
    ctx: &Context,
    limits: &Limits,
    seed: u64,
) -> Result<Derivation, Error> {
    let Some(target) = target.as_symbol().cloned() else {
        return Err(Error::Usage(format!(
            "`{}` is not a symbol to solve for",
            to_text(target)
        )));
    };
    let (lhs, rhs) = premises
        .iter()
        .find(|(l, r)| {
            l.any(&mut |n| matches_target(n, &target)) || r.any(&mut |n| matches_target(n, &target))
        })
        .ok_or_else(|| Error::Usage(format!("no premise mentions {target}")))?;
    let statement = format!(
        "solve {target} from {}",
        to_text(&expr::equation(lhs.clone(), rhs.clone()))
    );

    // The target in terms of the others.
    let mut work = Work::new(lhs.clone(), rhs.clone());
    work.tidy(ctx, limits)?;
    work.sum_over_extra_index(&target, ctx);
    work.tidy(ctx, limits)?;
    work.isolate(&target, ctx, limits)?;
    let mut conditions = work.conditions;
    let mut steps = work.steps;
    let (_, mut solution) = last_sides(&steps);
    let mut found: Vec<(Symbol, Expr)> = Vec::new();

    for v in eliminate {
        if !solution.contains_symbol(v) {
            continue;
        }
        // An assumption `sum_k target_k = c` fixes v: sum both sides over the index.
        let (index, lower, upper) = ctx
            .facts
            .iter()
            .filter(|f| f.kind == FactKind::Assumption)
            .find_map(|f| match f.lhs.node() {
                Node::Sum {
                    index: _,
                    lower,
                    upper,
                    body,
                } if matches_target(body, &target) => Some((lower.clone(), upper.clone())),
                _ => None,
            })
            .and_then(|(lower, upper)| match target.indices.as_slice() {
                [Index::Var(i)] => Some((i.clone(), lower, upper)),
                _ => None,
            })
            .ok_or_else(|| {
                Error::Usage(format!(
                    "to eliminate {v}, assume a normalization such as `sum_{} {}_{} = 1`",
                    "k", target.name, "k"
                ))
            })?;
        let sum_over = |e: Expr| expr::sum(index.clone(), lower.clone(), upper.clone(), e);
        let mut work = Work::new(
            sum_over(Expr::symbol(target.clone())),
            sum_over(solution.clone()),
        );
        work.steps[0].rule = Some(
            both_sides(
                "sum both sides over ",
                Expr::symbol(Symbol::plain(&index)),
                "",
            )
            .into(),
        );
        work.tidy(ctx, limits)?;
        work.isolate(v, ctx, limits)?;
        let (_, value) = last_sides(&work.steps);
        for c in work.conditions {
            Condition::add_to(&mut conditions, c);
        }
        steps.extend(work.steps);
        // Substitute, renaming the bound index away from the target's free ones.
        let value = rename_bound(&value, &solution);
        let next = crate::context::substitute(&solution, v, &value);
        steps.push(Step::by(
            Reason::new(Kind::Rule, "substitute ").math(Expr::symbol(v.clone())),
            expr::equation(Expr::symbol(target.clone()), next.clone()),
        ));
        found.push((v.clone(), value));
        solution = next;
    }

    // A symbol the premise gives alone on one side (`q_j` in `q_j = x_j^2 / Z`) is
    // defined by it, so that the check's points satisfy the premise; not when the
    // solution is in its terms (`y = tanh(x)` solved for x), which would be circular.
    let given = [(lhs, rhs), (rhs, lhs)]
        .into_iter()
        .find_map(|(side, other)| {
            side.as_symbol()
                .filter(|s| {
                    !matches_target(side, &target)
                        && !solution.contains_symbol(s)
                        && !found
                            .iter()
                            .any(|(v, value)| v == *s || value.contains_symbol(s))
                })
                .map(|s| (s.clone(), other.clone()))
        });
    found.extend(given);
    let verified = check(
        &mut steps,
        &target,
        &solution,
        &found,
        &conditions,
        ctx,
        seed,
    );
    Ok(Derivation {
        statement,
        steps,
        verified,
        conditions,
    })
}

fn last_sides(steps: &[Step]) -> (Expr, Expr) {
    match steps.last().expect("a step").expr.node() {
        Node::Equation(l, r) => (l.clone(), r.clone()),
        _ => unreachable!("solve works on equations"),
    }
}

/// `value` with each bound index renamed to one not free in `context`, so that
/// substituting it cannot read as the same index (`sum_j` beside a free `i`).
fn rename_bound(value: &Expr, context: &Expr) -> Expr {
    value.map_bottom_up(&mut |n| match n.node() {
        Node::Sum {
            index,
            lower,
            upper,
            body,
        } if crate::expr::free_indices(context).contains(index) => {
            let fresh = fresh_index(index, &expr::add(vec![context.clone(), n.clone()]));
            let body = rename_index(body, index, &Index::Var(fresh.clone()));
            expr::sum(fresh, lower.clone(), upper.clone(), body)
        }
        _ => n.clone(),
    })
}

/// Every equation of the derivation holds at random points where the target and the
/// eliminated symbols take the values the derivation found for them. Each step
/// records how it was checked; true when every one was decided.
fn check(
    steps: &mut [Step],
    target: &Symbol,
    solution: &Expr,
    found: &[(Symbol, Expr)],
    conditions: &[Condition],
    ctx: &Context,
    seed: u64,
) -> bool {
    let mut defined = ctx.clone();
    defined.conditions.extend(conditions.iter().cloned());
    defined.definitions.push(Definition {
        head: Head::Symbol(target.clone()),
        body: solution.clone(),
    });
    for (v, value) in found {
        defined.definitions.push(Definition {
            head: Head::Symbol(v.clone()),
            body: value.clone(),
        });
    }
    let check = CheckContext {
        definitions: defined,
        constraints: Vec::new(),
        seed,
    };
    let mut verified = true;
    for step in steps {
        let (verdict, how) = compare_recorded(&step.expr, &Expr::zero(), &check);
        verified &= verdict == Verdict::Agree;
        step.check = Some(how);
    }
    verified
}
