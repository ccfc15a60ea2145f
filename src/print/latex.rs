//! The LaTeX printer.

use crate::derivation::Derivation;
use crate::expr::Expr;

/// `e` as a LaTeX math-mode string.
pub fn to_latex(e: &Expr) -> String {
    todo!("LaTeX printer for {e:?}")
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct LatexOptions {
    pub width: usize,
    pub standalone: bool,
}

pub fn derivation_to_latex(d: &Derivation, opts: &LatexOptions) -> String {
    todo!("{d:?} {opts:?}")
}
