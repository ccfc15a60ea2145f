//! Why a step holds, as data. A [`Reason`] is one appeal (a rule, a definition, an
//! assumption, a lemma, a case, an operation on both sides of an equation) with its
//! phrase: words, and the formulas it mentions as expressions. Printers render the
//! formulas from the expressions themselves, so a note never has to be read back from
//! its text to be set as mathematics.

use crate::expr::Expr;
use std::borrow::Cow;

/// One piece of a reason's phrase.
#[derive(Clone, Debug, PartialEq)]
pub enum Part {
    /// Words, printed as they are.
    Words(Cow<'static, str>),
    /// A formula: in backticks in text, as mathematics in LaTeX.
    Math(Expr),
}

/// What a reason appeals to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A rewrite rule of the algebra tables, under the name of the direction it is
    /// read in (`distribute`, or `factor out` for the same rule read backwards).
    Rule,
    /// Rules of differentiation (`quotient rule, chain rule`).
    Derivative,
    /// A definition unfolded or folded back (`definition of tanh`).
    Definition,
    /// An assumption the user stated.
    Assumption,
    /// A proven equation cited (`derivative of p_j`, `by (1)`).
    Lemma,
    /// The condition of a case distinction, or the cases combined.
    Case,
    /// The same operation on both sides of an equation (`subtract x from both sides`).
    BothSides,
    /// Reordering or number arithmetic that changes no value.
    Bookkeeping,
}

/// One appeal that justifies a step, or part of a joined step.
#[derive(Clone, Debug, PartialEq)]
pub struct Reason {
    /// What it appeals to.
    pub kind: Kind,
    /// How a proof says it.
    pub phrase: Vec<Part>,
}

impl Reason {
    /// A reason of `kind` that says `words` and mentions no formula.
    pub fn new(kind: Kind, words: impl Into<Cow<'static, str>>) -> Reason {
        Reason {
            kind,
            phrase: vec![Part::Words(words.into())],
        }
    }

    /// A rule of the tables, by the name it is read under.
    pub fn rule(name: &'static str) -> Reason {
        Reason::new(Kind::Rule, name)
    }

    /// This reason with `words` added to its phrase.
    pub fn words(mut self, words: impl Into<Cow<'static, str>>) -> Reason {
        self.phrase.push(Part::Words(words.into()));
        self
    }

    /// This reason with the formula `e` added to its phrase.
    pub fn math(mut self, e: Expr) -> Reason {
        self.phrase.push(Part::Math(e));
        self
    }

    /// The phrase as text, formulas in backticks: `definition of `p_j``. JSON's
    /// `"rule"`, the text printer and the replay of a step by its name use it.
    pub fn name(&self) -> String {
        self.phrase
            .iter()
            .map(|part| match part {
                Part::Words(w) => w.to_string(),
                Part::Math(e) => format!("`{e}`"),
            })
            .collect()
    }
}

/// Everything that justifies one step: one reason, or, for a step that joined the
/// bookkeeping it needed (`distribute; split the sum`), one per rule in the order they
/// were applied.
#[derive(Clone, Debug, PartialEq)]
pub struct Justification {
    /// The reasons, in the order their rewrites were applied.
    pub reasons: Vec<Reason>,
}

/// How a joined step's names are separated in its printed name.
pub const SEPARATOR: &str = "; ";

impl Justification {
    /// The printed name: each reason's, joined by `; `.
    pub fn name(&self) -> String {
        self.reasons
            .iter()
            .map(Reason::name)
            .collect::<Vec<_>>()
            .join(SEPARATOR)
    }
}

impl From<Reason> for Justification {
    fn from(reason: Reason) -> Justification {
        Justification {
            reasons: vec![reason],
        }
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name())
    }
}

impl std::fmt::Display for Justification {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::{self, Symbol};

    #[test]
    fn a_reason_prints_its_formulas_in_backquotes_and_a_joined_step_each_reason() {
        let p_j = Expr::symbol(Symbol::indexed("p", vec![expr::Index::Var("j".into())]));
        let definition = Reason::new(Kind::Definition, "definition of ").math(p_j);
        assert_eq!(definition.name(), "definition of `p_j`");
        let joined = Justification {
            reasons: vec![Reason::rule("distribute"), definition],
        };
        assert_eq!(joined.name(), "distribute; definition of `p_j`");
        let both = Reason::new(Kind::BothSides, "subtract ")
            .math(Expr::int(2))
            .words(" from both sides");
        assert_eq!(both.to_string(), "subtract `2` from both sides");
    }
}
