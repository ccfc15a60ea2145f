//! Printers. They only print: no printer simplifies, reorders or folds anything, so
//! what a step's rule produced is exactly what the reader sees.
//!
//! The text and LaTeX printers share one precedence table ([`prec`]) and one
//! bracket predicate ([`needs_parens`]), so they agree on where brackets go.

pub mod json;
pub mod latex;
pub mod text;

#[cfg(test)]
mod random_roundtrip_tests;

use crate::derivation::Derivation;
use crate::expr::{Expr, Node};
use num_traits::{One, Signed};

/// A derivation prints itself through the printers here, so that the data in
/// `derivation` knows nothing of how it is printed.
impl Derivation {
    /// The chain as an `aligned` LaTeX block, 80 columns wide.
    pub fn to_latex(&self) -> String {
        latex::derivation_to_latex(self, &Default::default())
    }

    /// The chain as LaTeX with a chosen width, or as a complete document.
    pub fn to_latex_with(&self, options: &latex::LatexOptions) -> String {
        latex::derivation_to_latex(self, options)
    }

    /// The chain in the plain-text language, one step a line with its rule.
    pub fn to_text(&self) -> String {
        text::derivation_to_text(self)
    }

    /// The JSON contract: `statement`, `steps` (`expr`, `rule`, `latex`), `result`,
    /// `verified`.
    pub fn to_json(&self) -> serde_json::Value {
        json::derivation_to_json(self)
    }
}

/// The text form, as [`Derivation::to_text`]: one step a line with its rule.
impl std::fmt::Display for Derivation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.to_text().trim_end())
    }
}

/// Binding strength of the operator at the top of an expression, loosest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Prec {
    /// `a = b`.
    Equation,
    /// `a + b`, `a - b`.
    Sum,
    /// `d/dx body`, `sum_k body`: they take the product that follows them.
    Prefix,
    /// `a b`, `a / b`, `-a`.
    Product,
    /// `a^b`.
    Power,
    /// Numbers, symbols, calls, the delta: never need brackets.
    Atom,
}

/// The precedence of `e`'s top operator.
pub fn prec(e: &Expr) -> Prec {
    match e.node() {
        Node::Equation(..) => Prec::Equation,
        Node::Add(_) => Prec::Sum,
        Node::Deriv(..) | Node::Sum { .. } => Prec::Prefix,
        Node::Mul(_) | Node::Div(..) => Prec::Product,
        Node::Num(n) if n.is_negative() || !n.is_integer() => Prec::Product,
        Node::Pow(..) => Prec::Power,
        Node::Num(_) | Node::Sym(_) | Node::Call(..) | Node::Delta(..) => Prec::Atom,
    }
}

/// Where an operand sits, which decides whether it needs brackets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    /// A factor of a product; `last` is the final factor, which may be a prefix form.
    Factor {
        last: bool,
    },
    /// A factor of a product laid out in two dimensions (LaTeX): a quotient, and the
    /// derivative of a lone symbol (`\frac{\partial p}{\partial x}`), are drawn as stacked
    /// fractions there, which delimit themselves, so unlike in [`Slot::Factor`] they need
    /// no brackets. Every other operand is bracketed exactly as in text.
    StackedFactor {
        last: bool,
    },
    Numerator,
    Denominator,
    PowerBase,
    Exponent,
    /// The body of `d/dx` or `sum_k`.
    PrefixBody,
    /// A term after a minus sign in a sum.
    Subtrahend,
}

/// Does `e` need brackets in `slot` for the text to parse back to the same tree?
pub fn needs_parens(e: &Expr, slot: Slot) -> bool {
    let p = prec(e);
    match slot {
        // A prefix form absorbs every factor after it, so only the last may be one.
        Slot::Factor { last } => {
            p <= Prec::Sum
                || matches!(e.node(), Node::Div(..))
                || (p == Prec::Prefix && !last)
                || e.is_negative_term()
        }
        Slot::StackedFactor { last } => {
            let closed = matches!(e.node(), Node::Deriv(body, _) if body.as_symbol().is_some());
            p == Prec::Sum || (p == Prec::Prefix && !last && !closed) || e.is_negative_term()
        }
        Slot::Numerator => p <= Prec::Prefix || ends_in_prefix(e),
        Slot::Denominator => p <= Prec::Product,
        Slot::PowerBase => p <= Prec::Power,
        Slot::Exponent => p < Prec::Power || e.is_negative_term(),
        Slot::PrefixBody | Slot::Subtrahend => p <= Prec::Sum,
    }
}

/// Does `e` end in `d/dx ...` or `sum_k ...`, which would take in whatever is
/// written after it (`a d/dx x / y` reads as `a d/dx (x / y)`)?
fn ends_in_prefix(e: &Expr) -> bool {
    match e.node() {
        Node::Deriv(..) | Node::Sum { .. } => true,
        Node::Mul(fs) => ends_in_prefix(&fs[fs.len() - 1]),
        _ => false,
    }
}

/// Is `e` a product whose leading coefficient is exactly -1 (printed as a minus)?
pub fn is_plain_negation(e: &Expr) -> Option<Expr> {
    let (c, rest) = e.split_coefficient();
    (c.is_negative() && (-c).is_one() && !rest.is_one()).then_some(rest)
}
