//! Cutting detours from a found derivation. The chains that find a proof wander:
//! they expand and factor back, split a term and collect it again, or reach a form by
//! several steps that one rule gives at once. Read top to bottom, wherever a later
//! form is one rule application away from an earlier one, the steps between go and
//! that one step takes their place (the farthest such form first, greedily, as egg's
//! proof minimisation does); a later form that is exactly an earlier one closes a
//! circle, which goes too. Every new step is named by its rule in the direction it is
//! read and is checked like any other step. Two steps become one only where one of
//! them is filler (reordering, arithmetic), which so merges into its neighbour.

use crate::context::Context;
use crate::derivation::{Derivation, Step};
use crate::expr::Expr;
use crate::rules::moves;
use crate::verify::{check_step, CheckContext, Verdict};

/// Steps that only reorder or do arithmetic, which merge into a neighbouring step.
const FILLER: &[&str] = &["reorder the terms", "arithmetic"];

/// `d` with its detours cut. A derivation resting on a case distinction is kept as
/// it is: its cases were shortened when they were derived.
pub fn shorten(d: Derivation, ctx: &Context, check: &CheckContext) -> Derivation {
    if d.steps.len() < 3 || d.steps.iter().any(|s| !s.cases.is_empty()) {
        return d;
    }
    let canon: Vec<Expr> = d.steps.iter().map(|s| s.expr.canonical()).collect();
    // What leads into each form by one rule read backwards, computed once.
    let into: Vec<Vec<(String, Expr)>> = d
        .steps
        .iter()
        .map(|s| {
            moves::backwards(&s.expr, ctx)
                .into_iter()
                .map(|(name, e)| (name, e.canonical()))
                .collect()
        })
        .collect();
    let mut conditions = d.conditions.clone();
    let mut steps = vec![d.steps[0].clone()];
    let last = d.steps.len() - 1;
    let mut i = 0;
    while i < last {
        let here = &d.steps[i].expr;
        if let Some(j) = (i + 1..=last).rev().find(|&j| d.steps[j].expr == *here) {
            // A circle back to this very form.
            i = j;
            continue;
        }
        let out: Vec<(String, Expr)> = moves::forwards(here, ctx)
            .into_iter()
            .map(|(name, e)| (name, e.canonical()))
            .collect();
        let shortcut = (i + 2..=last).rev().find_map(|j| {
            // Two steps become one only where one of them is filler (reordering,
            // arithmetic): elsewhere the pair is two ideas, and one name for both
            // would hide one of them. Three or more steps that one rule spans are a
            // detour.
            let filler = d.steps[i + 1..=j]
                .iter()
                .any(|s| s.rule.as_deref().is_some_and(|r| FILLER.contains(&r)));
            if j == i + 2 && !filler {
                return None;
            }
            let name = out
                .iter()
                .find(|(_, e)| *e == canon[j])
                .or_else(|| into[j].iter().find(|(_, e)| *e == canon[i]))
                .map(|(name, _)| name.clone())?;
            // Checked as every printed step is; an edge the check rejects is not taken.
            let mut found = conditions.clone();
            match check_step(here, &d.steps[j].expr, check, &mut found) {
                (Verdict::Agree, how) => Some((j, name, found, how)),
                _ => None,
            }
        });
        match shortcut {
            Some((j, name, found, how)) => {
                conditions = found;
                steps.push(Step::by(name, d.steps[j].expr.clone()).checked(how));
                i = j;
            }
            None => {
                steps.push(d.steps[i + 1].clone());
                i += 1;
            }
        }
    }
    Derivation {
        steps,
        conditions,
        ..d
    }
}
