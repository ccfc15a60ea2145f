//! The LaTeX printer.

use crate::expr::Expr;

/// `e` as a LaTeX math-mode string.
pub fn to_latex(e: &Expr) -> String {
    todo!("LaTeX printer for {e:?}")
}
