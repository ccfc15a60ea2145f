//! The JSON contract that documentation tools read:
//! `{"statement", "steps": [{"expr", "rule", "latex", "check"}], "result", "verified",
//! "conditions"}`, where `conditions` lists what the chain holds under (`x > 0`),
//! `check` says how a step was checked (`{"kind": "exact"}`, `{"kind": "numeric",
//! "points": 6}`, `{"kind": "undecided"}`, or null where nothing was checked: the
//! starting expression), and every expression is in the plain-text language. A step justified by a case
//! distinction also carries `"cases": [{"condition", "steps": [...]}, ...]`; the key is
//! left out otherwise, so readers of the core contract see nothing new.

use super::latex::{remember_rendered, to_latex};
use super::text::{conditions_to_text, to_text};
use crate::derivation::{Check, Derivation, Step};
use serde_json::{json, Value};

pub fn derivation_to_json(d: &Derivation) -> Value {
    let _shared = remember_rendered();
    json!({
        "statement": d.statement,
        "steps": steps_to_json(&d.steps),
        "result": to_text(d.result()),
        "verified": d.verified,
        "conditions": d.conditions.iter().map(|c| conditions_to_text(std::slice::from_ref(c))).collect::<Vec<_>>(),
    })
}

fn steps_to_json(steps: &[Step]) -> Vec<Value> {
    steps
        .iter()
        .map(|s| {
            let mut step = json!({
                "expr": to_text(&s.expr),
                "rule": s.rule_name(),
                "latex": to_latex(&s.expr),
                "check": s.check.map(check_to_json),
            });
            if !s.cases.is_empty() {
                let cases: Vec<Value> = s
                    .cases
                    .iter()
                    .map(|c| json!({"condition": c.condition(), "steps": steps_to_json(&c.steps)}))
                    .collect();
                step["cases"] = Value::Array(cases);
            }
            step
        })
        .collect()
}

/// A step's check record: its kind, and for a numeric check the points that decided it.
fn check_to_json(check: Check) -> Value {
    match check {
        Check::Exact => json!({"kind": "exact"}),
        Check::Numeric { points } => json!({"kind": "numeric", "points": points}),
        Check::Generic { points } => json!({"kind": "generic", "points": points}),
        Check::Undecided => json!({"kind": "undecided"}),
    }
}
