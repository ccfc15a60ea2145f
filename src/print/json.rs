//! The JSON contract that documentation tools read:
//! `{"statement", "steps": [{"expr", "rule", "latex"}], "result", "verified"}`,
//! where every expression is in the plain-text language.

use super::latex::to_latex;
use super::text::to_text;
use crate::derivation::Derivation;
use serde_json::{json, Value};

pub fn derivation_to_json(d: &Derivation) -> Value {
    let steps: Vec<Value> = d
        .steps
        .iter()
        .map(|s| {
            json!({
                "expr": to_text(&s.expr),
                "rule": s.rule,
                "latex": to_latex(&s.expr),
            })
        })
        .collect();
    json!({
        "statement": d.statement,
        "steps": steps,
        "result": to_text(d.result()),
        "verified": d.verified,
    })
}
