//! The teacher-proof set: worked problems with the proof a teacher would write, read
//! from `tests/data/teacher-proofs.md` (a copy of the shared
//! `proof-quality/teacher-proofs.md`, kept in the repository so that a clean clone
//! has it), and run through the library as a user would. Shared by the acceptance
//! test (`tests/teacher_proofs.rs`) and the benchmarks (`benches/engine.rs`).
#![allow(dead_code)]

use stepwise::{Derivation, Options, Outcome};

/// The teacher set, read at run time.
pub fn problems() -> Vec<Problem> {
    problems_in("teacher-proofs.md")
}

/// A set in the same block format, read from `tests/data/<file>` at run time.
pub fn problems_in(file: &str) -> Vec<Problem> {
    let path = format!("{}/tests/data/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    parse(&text)
}

/// What a problem asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Prove,
    Derive,
    Solve,
    False,
}

/// One `## Q<n>: title` block.
#[derive(Clone, Debug)]
pub struct Problem {
    pub id: String,
    pub title: String,
    pub kind: Kind,
    pub lets: Vec<String>,
    pub assumes: Vec<String>,
    pub goal: String,
    /// The teacher's start form (for `solve`, the premise).
    pub start: Option<String>,
    /// The teacher's number of steps (`None` for a false statement).
    pub steps: Option<usize>,
}

/// Parse the block format of `proof-quality/README.md`.
pub fn parse(text: &str) -> Vec<Problem> {
    let mut out: Vec<Problem> = Vec::new();
    let mut in_teacher = false;
    for line in text.lines() {
        if let Some(head) = line.strip_prefix("## ") {
            let (id, title) = head.split_once(':').expect("`## Q<n>: title`");
            out.push(Problem {
                id: id.trim().to_string(),
                title: title.trim().to_string(),
                kind: Kind::False,
                lets: Vec::new(),
                assumes: Vec::new(),
                goal: String::new(),
                start: None,
                steps: None,
            });
            in_teacher = false;
            continue;
        }
        let Some(p) = out.last_mut() else { continue };
        if in_teacher {
            if let Some(form) = line.strip_prefix("    ") {
                if p.start.is_none() && !form.starts_with(' ') {
                    p.start = Some(form.trim().to_string());
                }
                continue;
            }
            if line.starts_with("  = ") || line.starts_with("  => ") {
                continue;
            }
            in_teacher = false;
        }
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim().to_string();
        match key {
            "kind" => {
                p.kind = match value.as_str() {
                    "prove" => Kind::Prove,
                    "derive" => Kind::Derive,
                    "solve" => Kind::Solve,
                    "false" => Kind::False,
                    other => panic!("{}: unknown kind `{other}`", p.id),
                }
            }
            "let" => p.lets.push(value),
            "assume" => p.assumes.push(value),
            "goal" => p.goal = value,
            "teacher" => in_teacher = true,
            "steps" => p.steps = Some(value.parse().expect("`steps: <number>`")),
            _ => {}
        }
    }
    out
}

/// How the engine did on one problem.
#[derive(Debug)]
pub enum Result {
    /// A derivation was found: its number of steps and whether every step checked.
    Found { steps: usize, verified: bool },
    /// A false statement refused with a point where the sides differ.
    Refused,
    /// Not found, or a false statement accepted or refused without a point.
    Failed(String),
}

impl Problem {
    fn options(&self) -> Options {
        Options {
            definitions: self.lets.clone(),
            assumptions: self.assumes.clone(),
            ..Default::default()
        }
    }

    /// Run the problem through the library as its kind says.
    pub fn run(&self) -> Result {
        let options = self.options();
        let found = |d: Derivation| Result::Found {
            steps: d.steps.len() - 1,
            verified: d.verified,
        };
        match self.kind {
            Kind::Prove => match stepwise::prove_with(&self.goal, &options) {
                Ok(Outcome::Proven(d)) => found(d),
                Ok(Outcome::NotProven { .. }) => Result::Failed("not proven".into()),
                Err(e) => Result::Failed(e.to_string()),
            },
            Kind::False => match stepwise::prove_with(&self.goal, &options) {
                Ok(Outcome::NotProven {
                    counterexample: Some(_),
                    ..
                }) => Result::Refused,
                Ok(Outcome::NotProven { .. }) => Result::Failed("refused without a point".into()),
                Ok(Outcome::Proven(_)) => Result::Failed("a false statement was proven".into()),
                Err(e) => Result::Failed(e.to_string()),
            },
            Kind::Derive => {
                let (var, body) = derivative(&self.goal);
                match stepwise::derive_with(body, Some(var), &options) {
                    Ok(d) => found(d),
                    Err(e) => Result::Failed(e.to_string()),
                }
            }
            Kind::Solve => {
                let (target, _) = self.goal.split_once('=').expect("`TARGET = ...`");
                let premise = self.start.clone().expect("a solve block has a premise");
                match stepwise::solve_with(&[premise], target.trim(), &[], &options) {
                    Ok(d) if d.result().canonical() == self.goal_equation().canonical() => found(d),
                    Ok(d) => Result::Failed(format!(
                        "solved to `{}`, not the goal",
                        stepwise::to_text(d.result())
                    )),
                    Err(e) => Result::Failed(e.to_string()),
                }
            }
        }
    }

    /// The goal of a `solve` problem as an equation.
    fn goal_equation(&self) -> stepwise::Expr {
        self.goal.parse().expect("the goal parses")
    }
}

/// `d/dx BODY` as `("x", "BODY")`.
fn derivative(goal: &str) -> (&str, &str) {
    let rest = goal
        .strip_prefix("d/d")
        .expect("a derive goal is `d/dVAR BODY`");
    rest.split_once(' ').expect("`d/dVAR BODY`")
}
