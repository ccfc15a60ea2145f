//! Derivations on equations: from premises, derive an equation for a target symbol.

use crate::context::Context;
use crate::derivation::Derivation;
use crate::engine::Limits;
use crate::error::Error;
use crate::expr::{Expr, Symbol};

/// Derive `target = ...` from the premises, eliminating the given symbols.
pub fn solve(
    _premises: &[(Expr, Expr)],
    _target: &Expr,
    _eliminate: &[Symbol],
    _ctx: &Context,
    _limits: &Limits,
) -> Result<Derivation, Error> {
    Err(Error::Usage("solving equations is being written".into()))
}
