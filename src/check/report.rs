//! Printing a check: text (each step with its verdict under it), LaTeX (the chain with
//! `\checkmark` or a marked line in the margin), JSON (one record per step).

use super::{ChainRecord, Checked, FormRecord, ReadingVerdict, StepRecord, Verdict};
use crate::derivation::Condition;
use crate::print::latex::{conditions_to_latex, escape_text, justification_latex};
use crate::print::text::conditions_to_text;
use crate::reason::{Justification, Reason};
use serde_json::{json, Value};

/// A value as a reader wants it: a few significant digits.
fn value(v: f64) -> String {
    if v.is_nan() {
        crate::verify::describe(v)
    } else if v == 0.0 || (1e-3..1e6).contains(&v.abs()) {
        let s = format!("{v:.6}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        s.to_string()
    } else {
        format!("{v:.4e}")
    }
}

fn point(at: &[(String, f64)]) -> String {
    at.iter()
        .map(|(name, v)| format!("{name} = {}", value(*v)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The verdict in words, on one line.
pub fn verdict_text(v: &Verdict) -> String {
    match v {
        Verdict::Follows { rules, note_agrees } => {
            let rules = if rules.is_empty() {
                "the same form, reordered".to_string()
            } else {
                Justification {
                    reasons: rules.clone(),
                }
                .name()
            };
            let note = match note_agrees {
                None => "",
                Some(true) => " (the note agrees)",
                Some(false) => " (the note names something else)",
            };
            format!("follows: {rules}{note}")
        }
        Verdict::TrueNoRule => "true, no rule found within the budget".into(),
        Verdict::Wrong {
            point: at,
            before,
            after,
        } => {
            let (before, after) = crate::verify::describe_pair(*before, *after);
            format!(
                "WRONG: at {} the line above is {before} and this line is {after}",
                point(at)
            )
        }
        Verdict::Undecided => {
            "undecided: too few points where both lines are defined, or lines too large to confirm at high precision".into()
        }
        Verdict::Ambiguous { readings } => {
            let n = readings.len();
            format!("AMBIGUOUS: {n} reading{}", if n == 1 { "" } else { "s" })
        }
    }
}

fn reading_text(r: &ReadingVerdict) -> String {
    match (&r.form, &r.verdict) {
        (Ok(form), Some(v)) => format!("{}: {form}\n        {}", r.reading, verdict_text(v)),
        (Err(why), _) => format!("{}: not a formula, since {why}", r.reading),
        (Ok(form), None) => format!("{}: {form}", r.reading),
    }
}

/// Every step with its verdict under it and its `[line:column]`.
pub fn to_text(checked: &Checked) -> String {
    let mut out = String::new();
    for (n, chain) in checked.chains.iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        out.push_str(&format!("chain {}", n + 1));
        if let Some(case) = &chain.case {
            out.push_str(&format!(", for {case}"));
        }
        out.push_str(&format!(" (line {})\n", chain.start.line));
        for remark in &chain.remarks {
            out.push_str(&format!("  note: {remark}\n"));
        }
        out.push_str(&format!("  {}\n", shown(&chain.start)));
        for step in &chain.steps {
            out.push_str(&format!(
                "  = {}    [line {}:{}]\n",
                shown(&step.to),
                step.to.line,
                step.to.column
            ));
            if let Some(note) = &step.note {
                out.push_str(&format!("      the author's note: {note}\n"));
            }
            out.push_str(&format!("      {}", verdict_text(&step.verdict)));
            if !step.conditions.is_empty() {
                out.push_str(&format!(", for {}", conditions_to_text(&step.conditions)));
            }
            out.push('\n');
            if let Verdict::Ambiguous { readings } = &step.verdict {
                for r in readings {
                    out.push_str(&format!("      - {}\n", reading_text(r)));
                }
            }
        }
        out.push_str(&format!("  {}\n", summary(chain)));
    }
    out
}

/// The form in the text language where it reads one way, else as written.
fn shown(f: &FormRecord) -> &str {
    f.form.as_deref().unwrap_or(&f.source)
}

fn summary(chain: &ChainRecord) -> String {
    if let Some(f) = chain.first_wrong() {
        return format!(
            "the first wrong line is line {} (the form at column {})",
            f.line, f.column
        );
    }
    let open = chain.steps.iter().filter(|s| !s.verdict.holds()).count();
    match open {
        0 if conditions(chain).is_empty() => "every step holds".into(),
        0 => format!(
            "every step holds, for {}",
            conditions_to_text(&conditions(chain))
        ),
        n => format!("no step is wrong, but {n} cannot be confirmed"),
    }
}

/// The conditions of every step of the chain, each once: where the chain holds.
fn conditions(chain: &ChainRecord) -> Vec<Condition> {
    let mut out = Vec::new();
    for c in chain.steps.iter().flat_map(|s| &s.conditions) {
        Condition::add_to(&mut out, c.clone());
    }
    out
}

/// Each chain as written, in an `aligned` block, with `\checkmark` and the rules or a
/// marked verdict in the margin.
pub fn to_latex(checked: &Checked) -> String {
    let mut out = String::new();
    for chain in &checked.chains {
        if let Some(case) = &chain.case {
            out.push_str(&format!("Case ${}$:\n", case.replace("!=", r"\neq")));
        }
        out.push_str("\\begin{aligned}\n");
        out.push_str(&format!("  {}\n", chain.start.latex));
        let rows: Vec<String> = chain
            .steps
            .iter()
            .map(|step| {
                let domain = if step.conditions.is_empty() {
                    String::new()
                } else {
                    format!(r"\ \text{{for }} {}", conditions_to_latex(&step.conditions))
                };
                format!(
                    "  &= {} && {}{domain}",
                    step.to.latex.trim_end_matches(['.', ',']),
                    margin(step)
                )
            })
            .collect();
        out.push_str(&rows.join(" \\\\\n"));
        out.push_str("\n\\end{aligned}\n");
    }
    out
}

/// The margin of one step: a check mark and the rules, or a marked verdict.
fn margin(step: &StepRecord) -> String {
    let text = |s: &str| format!(r"\text{{{}}}", escape_text(s));
    match &step.verdict {
        Verdict::Follows { rules, .. } if rules.is_empty() => {
            format!(r"\checkmark\ {}", text("(reordered)"))
        }
        Verdict::Follows { rules, .. } => format!(
            r"\checkmark\ {}",
            justification_latex(&Justification {
                reasons: rules.clone()
            })
        ),
        Verdict::TrueNoRule => format!(r"\checkmark\ {}", text("(true, no rule found)")),
        v @ Verdict::Wrong { .. } => format!(r"\boldsymbol{{\times}}\ {}", text(&verdict_text(v))),
        Verdict::Undecided => format!(r"?\ {}", text("(undecided)")),
        Verdict::Ambiguous { readings } => {
            let parts: Vec<String> = readings
                .iter()
                .map(|r| match &r.verdict {
                    Some(v) => format!("{}: {}", r.reading, short(v)),
                    None => format!("{}: not a formula", r.reading),
                })
                .collect();
            format!(
                r"?\ {}",
                text(&format!("(ambiguous; {})", parts.join("; ")))
            )
        }
    }
}

fn short(v: &Verdict) -> &'static str {
    match v {
        Verdict::Follows { .. } => "follows",
        Verdict::TrueNoRule => "true",
        Verdict::Wrong { .. } => "wrong",
        Verdict::Undecided => "undecided",
        Verdict::Ambiguous { .. } => "ambiguous",
    }
}

/// `{"chains": [...], "holds"}`, one record per step (see the README).
pub fn to_json(checked: &Checked) -> Value {
    json!({
        "chains": checked.chains.iter().map(chain_json).collect::<Vec<_>>(),
        "holds": checked.exit_code() == 0,
    })
}

fn chain_json(chain: &ChainRecord) -> Value {
    json!({
        "case": chain.case,
        "remarks": chain.remarks,
        "start": form_json(&chain.start),
        "steps": chain.steps.iter().map(|s| {
            let mut record = form_json(&s.to);
            record["note"] = json!(s.note);
            record["conditions"] = json!(s.conditions.iter().map(ToString::to_string).collect::<Vec<_>>());
            verdict_json(&s.verdict, &mut record);
            record
        }).collect::<Vec<_>>(),
        "first_wrong_line": chain.first_wrong_line(),
    })
}

fn form_json(f: &FormRecord) -> Value {
    json!({"line": f.line, "column": f.column, "source": f.source, "expr": f.form})
}

fn verdict_json(v: &Verdict, record: &mut Value) {
    record["verdict"] = json!(match v {
        Verdict::Follows { .. } => "follows",
        Verdict::TrueNoRule => "true",
        Verdict::Wrong { .. } => "wrong",
        Verdict::Undecided => "undecided",
        Verdict::Ambiguous { .. } => "ambiguous",
    });
    match v {
        Verdict::Follows { rules, note_agrees } => {
            record["rules"] = json!(rules.iter().map(Reason::name).collect::<Vec<_>>());
            record["note_agrees"] = json!(note_agrees);
        }
        Verdict::Wrong {
            point: at,
            before,
            after,
        } => {
            let point: serde_json::Map<String, Value> =
                at.iter().map(|(k, v)| (k.clone(), json!(v))).collect();
            record["point"] = Value::Object(point);
            record["before"] = json!(before);
            record["after"] = json!(after);
        }
        Verdict::Ambiguous { readings } => {
            record["readings"] = readings
                .iter()
                .map(|r| {
                    let mut out = json!({"reading": r.reading});
                    match &r.form {
                        Ok(f) => out["expr"] = json!(f),
                        Err(why) => out["refused"] = json!(why),
                    }
                    if let Some(v) = &r.verdict {
                        verdict_json(v, &mut out);
                    }
                    out
                })
                .collect();
        }
        Verdict::TrueNoRule | Verdict::Undecided => {}
    }
}
