//! Bookkeeping goes with the step it serves. Multiplying fractions out, simplifying a
//! compound fraction, arithmetic on constants, opening a bracket before splitting a
//! sum, dropping the constant of a sum before a derivative: a teacher does these on the way to the step that matters and does not
//! give them a line of their own. A run of such steps joins the next step that
//! applies a rule forwards (or, at the end of a chain, the step before it), and the
//! joined step gives every rule it applied as one of its reasons, in order. The
//! replay of honest steps applies those rules one after another, so a joined step
//! hides no work; each part was checked when it was first taken.

use crate::context::Context;
use crate::derivation::{Check, Derivation, Step};
use crate::reason::Justification;
use crate::rules::replay::{reproduces, reproduces_forwards};

/// Rules that only tidy on the way to a step that matters.
const BOOKKEEPING: &[&str] = &[
    "arithmetic",
    "reorder the terms",
    "multiply fractions",
    "simplify the fraction",
    "remove the brackets",
    "distribute",
    "sum rule",
    "constant rule",
    "constant factor rule",
    "variable rule",
];

/// The most rules one joined step may name: beyond that a reader loses track.
const MAX_PARTS: usize = 3;

/// Steps that only reorder terms (or a delta's indices) or do arithmetic on constants: where the step
/// before, applied to the line above, already gives their result up to that, they
/// are absorbed into it and take no line or name.
const FILLER: &[&str] = &["reorder the terms", "the delta is symmetric", "arithmetic"];

/// `d` with its bookkeeping steps joined to their neighbours.
pub fn merge_bookkeeping(d: Derivation, ctx: &Context) -> Derivation {
    let d = absorb_filler(d, ctx);
    let mut groups: Vec<Group> = Vec::new();
    let mut pending: Vec<usize> = Vec::new();
    for k in 1..d.steps.len() {
        let (prev, step) = (&d.steps[k - 1], &d.steps[k]);
        let single = match step.rule.as_ref().map(|j| j.reasons.as_slice()) {
            Some([one]) => Some(one.name()),
            _ => None,
        };
        let forwards = step.cases.is_empty()
            && single
                .as_deref()
                .is_some_and(|name| reproduces_forwards(&prev.expr, &step.expr, name, ctx));
        if forwards && single.as_deref().is_some_and(is_bookkeeping) {
            if pending.len() == MAX_PARTS {
                flush(&mut groups, &mut pending);
            }
            pending.push(k);
            continue;
        }
        if forwards && pending.len() < MAX_PARTS {
            pending.push(k);
            groups.push(Group::joined(std::mem::take(&mut pending)));
            continue;
        }
        flush(&mut groups, &mut pending);
        groups.push(Group {
            steps: vec![k],
            joinable: forwards,
        });
    }
    flush(&mut groups, &mut pending);
    let mut steps = vec![d.steps[0].clone()];
    for group in groups {
        let last = &d.steps[*group.steps.last().expect("a group has a step")];
        if group.steps.len() == 1 {
            steps.push(last.clone());
            continue;
        }
        let reasons = group
            .steps
            .iter()
            .flat_map(|&k| d.steps[k].rule.iter().flat_map(|j| j.reasons.clone()))
            .collect();
        let joined = Check::joined(group.steps.iter().map(|&k| d.steps[k].check));
        steps.push(Step::by(Justification { reasons }, last.expr.clone()).checked(joined));
    }
    Derivation { steps, ..d }
}

/// Is every rule a step names bookkeeping? (A layer of derivatives names several.)
fn is_bookkeeping(name: &str) -> bool {
    name.split(", ").all(|part| BOOKKEEPING.contains(&part))
}

/// Consecutive steps printed as one.
struct Group {
    steps: Vec<usize>,
    /// Every step of the group applies its rule forwards, so more may join.
    joinable: bool,
}

impl Group {
    fn joined(steps: Vec<usize>) -> Group {
        Group {
            steps,
            joinable: true,
        }
    }
}

/// Bookkeeping with no later step to join: it joins the step before, if that step
/// applies its rules forwards and has room, else it stands on its own.
fn flush(groups: &mut Vec<Group>, pending: &mut Vec<usize>) {
    if pending.is_empty() {
        return;
    }
    let run = std::mem::take(pending);
    match groups.last_mut() {
        Some(g) if g.joinable && g.steps.len() + run.len() <= MAX_PARTS => g.steps.extend(run),
        _ => groups.push(Group::joined(run)),
    }
}

/// `d` with each filler step absorbed into the step before it, where that step's rule
/// reproduces the filler's result from the line above.
fn absorb_filler(mut d: Derivation, ctx: &Context) -> Derivation {
    let mut k = 2;
    while k < d.steps.len() {
        let filler = d.steps[k]
            .rule_name()
            .is_some_and(|r| FILLER.contains(&r.as_str()));
        let before = &d.steps[k - 1];
        let absorbs = filler
            && before.cases.is_empty()
            && before
                .rule
                .as_ref()
                .is_some_and(|why| reproduces(&d.steps[k - 2].expr, &d.steps[k].expr, why, ctx));
        if absorbs {
            let filler = d.steps.remove(k);
            let before = &mut d.steps[k - 1];
            before.expr = filler.expr;
            // The step now spans both checks.
            before.check = Some(Check::joined([before.check, filler.check]));
        } else {
            k += 1;
        }
    }
    d
}
