//! A derivation is data: the statement, a chain of steps each naming the rule that
//! produced it, and whether every step passed its check. Printers read it; nothing
//! in it is formatted text except the statement as the user wrote it.

use crate::expr::{Expr, Index, Node};
use crate::reason::Justification;

/// One link of the chain: the whole expression after a rule was applied.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// The whole expression after this step.
    pub expr: Expr,
    /// Why the step holds: the rule (or definition, assumption, lemma, case) that
    /// produced it; `None` for the starting expression.
    pub rule: Option<Justification>,
    /// A case distinction that justifies this step: one sub-derivation per case.
    pub cases: Vec<Case>,
    /// How the step was checked against the one before; `None` where nothing was
    /// checked (the starting expression). A step that is `Undecided` or unchecked
    /// makes the derivation unverified, and the printers say so at the step.
    pub check: Option<Check>,
}

/// How a step was checked: the record a derivation keeps of each step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    /// Decided exactly by modular signatures (rational functions of exponentials
    /// compared modulo a prime drawn per run); under
    /// assumptions, also shown defined at points that meet them.
    Exact,
    /// Agreement at this many points where both sides are defined.
    Numeric {
        /// The points that decided it.
        points: usize,
    },
    /// Agreement at this many points once the parts that have no value in any
    /// number type (exponentials of exponentials) were replaced, the same part by
    /// the same function on both sides, by generic functions: the step holds for
    /// every function in their place (see `verify::generic`).
    Generic {
        /// The points that decided it.
        points: usize,
    },
    /// No decision: too few points, or the exact and numeric checks disagree.
    Undecided,
}

/// One branch of a case distinction on two indices: `i = j` or `i != j`.
#[derive(Clone, Debug, PartialEq)]
pub struct Case {
    /// The index on the left of the condition.
    pub left: Index,
    /// The index on the right of the condition.
    pub right: Index,
    /// Whether this branch is `left = right` (else `left != right`).
    pub equal: bool,
    /// The derivation under this condition, from the goal's left side.
    pub steps: Vec<Step>,
}

impl Case {
    /// The condition as text: `i = j`, `i != j`.
    pub fn condition(&self) -> String {
        let relation = if self.equal { "=" } else { "!=" };
        format!("{} {relation} {}", self.left, self.right)
    }
}

impl Check {
    /// The check of one step that joins consecutive steps, from theirs: exact when
    /// every part was, numeric (at the fewest points of a part) when every part was
    /// decided, generic when one part was, else undecided.
    pub fn joined(parts: impl IntoIterator<Item = Option<Check>>) -> Check {
        let mut joined = Check::Exact;
        for part in parts {
            joined = match (joined, part) {
                (_, None | Some(Check::Undecided)) | (Check::Undecided, _) => Check::Undecided,
                (Check::Exact, Some(c)) => c,
                (decided, Some(Check::Exact)) => decided,
                (a, Some(b)) => {
                    let points = a.points().min(b.points());
                    match (a, b) {
                        (Check::Numeric { .. }, Check::Numeric { .. }) => Check::Numeric { points },
                        _ => Check::Generic { points },
                    }
                }
            };
        }
        joined
    }

    /// The points that decided a numeric or generic check (0 for the others).
    fn points(self) -> usize {
        match self {
            Check::Numeric { points } | Check::Generic { points } => points,
            Check::Exact | Check::Undecided => 0,
        }
    }
}

impl Step {
    /// The starting expression of a chain: no rule.
    pub fn start(expr: Expr) -> Step {
        Step {
            expr,
            rule: None,
            cases: Vec::new(),
            check: None,
        }
    }

    /// A step to `expr` justified by `rule`, not yet checked.
    pub fn by(rule: impl Into<Justification>, expr: Expr) -> Step {
        Step {
            expr,
            rule: Some(rule.into()),
            cases: Vec::new(),
            check: None,
        }
    }

    /// This step with the record of its check.
    pub fn checked(self, check: Check) -> Step {
        Step {
            check: Some(check),
            ..self
        }
    }

    /// Was this step decided, exactly or at enough points? The starting expression
    /// (no rule) needs no check.
    pub fn is_decided(&self) -> bool {
        self.rule.is_none()
            || matches!(
                self.check,
                Some(Check::Exact | Check::Numeric { .. } | Check::Generic { .. })
            )
    }

    /// The printed name of the step's justification: `quotient rule`,
    /// `definition of `p_j``. `None` for the starting expression.
    pub fn rule_name(&self) -> Option<String> {
        self.rule.as_ref().map(Justification::name)
    }

    /// What a printer adds to the step's note where the check did not decide it, so
    /// that such a step never looks checked.
    pub fn unchecked_warning(&self) -> Option<&'static str> {
        match self.check {
            _ if self.is_decided() => None,
            Some(_) => Some("; not checked: undecided"),
            None => Some("; not checked"),
        }
    }

    /// The note the text printer sets beside the step: its rule, and the warning of
    /// [`Step::unchecked_warning`].
    pub fn note(&self) -> Option<String> {
        let rule = self.rule_name()?;
        Some(rule + self.unchecked_warning().unwrap_or_default())
    }
}

/// A condition a derivation holds under, `expr > 0`, `expr >= 0` or `expr != 0`: the
/// domain on which a step's rule is valid, when it is not the whole domain.
#[derive(Clone, Debug, PartialEq)]
pub struct Condition {
    /// The expression compared with zero.
    pub expr: Expr,
    /// How it compares with zero.
    pub relation: Relation,
}

/// How a [`Condition`]'s expression compares with zero.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relation {
    /// `> 0`: a logarithm's argument.
    Positive,
    /// `>= 0`: a square root's argument.
    NonNegative,
    /// `!= 0`: a denominator that one side has and the other does not.
    NonZero,
}

impl Relation {
    /// The relation as the input language writes it.
    pub fn text(self) -> &'static str {
        match self {
            Relation::Positive => ">",
            Relation::NonNegative => ">=",
            Relation::NonZero => "!=",
        }
    }

    /// The relation in LaTeX.
    pub fn latex(self) -> &'static str {
        match self {
            Relation::Positive => ">",
            Relation::NonNegative => r"\geq",
            Relation::NonZero => r"\neq",
        }
    }

    /// Whether `v` meets the relation.
    pub fn holds(self, v: f64) -> bool {
        match self {
            Relation::Positive => v > 0.0,
            Relation::NonNegative => v >= 0.0,
            Relation::NonZero => v != 0.0,
        }
    }
}

impl Condition {
    /// The condition that holds exactly where this one fails, if it is not an
    /// equation: `-u >= 0` for `u > 0`, `-u > 0` for `u >= 0`.
    pub fn failing(&self) -> Option<Condition> {
        let relation = match self.relation {
            Relation::Positive => Relation::NonNegative,
            Relation::NonNegative => Relation::Positive,
            Relation::NonZero => return None,
        };
        Some(Condition {
            expr: crate::expr::neg(self.expr.clone()),
            relation,
        })
    }

    /// The condition as two sides to print, `x != 1` for `x - 1 != 0`: a sum's
    /// number goes to the right, and for `!=` a leading minus sign goes too.
    pub fn sides(&self) -> (Expr, Expr) {
        use crate::expr::{add, neg};
        let zero = || Expr::num(crate::expr::Rational::from_integer(0.into()));
        let Node::Add(ts) = self.expr.node() else {
            return (self.expr.clone(), zero());
        };
        let (numbers, rest): (Vec<Expr>, Vec<Expr>) =
            ts.iter().cloned().partition(|t| t.as_num().is_some());
        if numbers.is_empty() {
            return (self.expr.clone(), zero());
        }
        let (lhs, rhs) = (add(rest), neg(add(numbers)));
        match (self.relation, lhs.is_negative_term()) {
            (Relation::NonZero, true) => (neg(lhs), neg(rhs)),
            (_, true) => (self.expr.clone(), zero()),
            (_, false) => (lhs, rhs),
        }
    }

    /// Add `c` to `conditions` unless it is already there.
    pub fn add_to(conditions: &mut Vec<Condition>, c: Condition) {
        let key = c.expr.canonical();
        if !conditions
            .iter()
            .any(|o| o.expr.canonical() == key && o.relation == c.relation)
        {
            conditions.push(c);
        }
    }
}

/// A checked chain `steps[0] = steps[1] = ... = result`, or, when its steps are
/// equations, a chain of equations each following from the one before.
#[derive(Clone, Debug, PartialEq)]
pub struct Derivation {
    /// What was asked, in the input language (`d/dx tanh(x)`, `tanh(x) = ...`).
    pub statement: String,
    /// The chain: the starting expression, then one step per rule.
    pub steps: Vec<Step>,
    /// True only when every step passed its check (each step's [`Check`] records
    /// how), so never with an undecided step.
    pub verified: bool,
    /// The chain holds where all of these hold (empty: wherever both ends are
    /// defined). A step whose rule is valid only on part of the domain adds one.
    pub conditions: Vec<Condition>,
}

impl Derivation {
    /// Every step of the chain, and of every case distinction in it, was decided by
    /// its check: what `verified` promises.
    pub fn every_step_decided(&self) -> bool {
        fn decided(steps: &[Step]) -> bool {
            steps
                .iter()
                .all(|s| s.is_decided() && s.cases.iter().all(|c| decided(&c.steps)))
        }
        decided(&self.steps)
    }

    /// The last expression of the chain.
    pub fn result(&self) -> &Expr {
        &self
            .steps
            .last()
            .expect("a derivation has a first step")
            .expr
    }
}

#[cfg(test)]
mod tests {
    use super::Check::{self, Exact, Generic, Numeric, Undecided};

    #[test]
    fn a_joined_step_is_checked_as_its_weakest_part() {
        let numeric = |points| Some(Numeric { points });
        assert_eq!(Check::joined([Some(Exact), Some(Exact)]), Exact);
        assert_eq!(
            Check::joined([Some(Exact), numeric(6), numeric(4)]),
            Numeric { points: 4 }
        );
        assert_eq!(
            Check::joined([numeric(6), Some(Exact)]),
            Numeric { points: 6 }
        );
        assert_eq!(Check::joined([Some(Exact), Some(Undecided)]), Undecided);
        assert_eq!(Check::joined([None, Some(Exact)]), Undecided);
        // One part decided with generic functions makes the whole step so.
        assert_eq!(
            Check::joined([numeric(6), Some(Generic { points: 3 }), Some(Exact)]),
            Generic { points: 3 }
        );
        assert_eq!(
            Check::joined([Some(Generic { points: 5 }), numeric(4)]),
            Generic { points: 4 }
        );
        assert_eq!(
            Check::joined([Some(Generic { points: 3 }), Some(Undecided)]),
            Undecided
        );
    }
}
