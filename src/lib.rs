//! stepwise: a symbolic derivation engine that writes checked, step-by-step proofs.

pub mod conv;
pub mod derivation;
pub mod error;
pub mod eval;
pub mod expr;
pub mod parse;
pub mod print;
pub mod verify;
