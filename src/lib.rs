//! stepwise: a symbolic derivation engine that writes checked, step-by-step proofs.
//!
//! ```
//! let d = stepwise::derive("tanh(x)", "x").unwrap();
//! assert_eq!(stepwise::to_text(d.result()), "1 - tanh(x)^2");
//! assert!(d.verified);
//! ```

pub mod cli;
pub mod context;
pub mod conv;
pub mod derivation;
pub mod engine;
pub mod error;
pub mod eval;
pub mod expr;
pub mod parse;
pub mod print;
pub mod rules;
pub mod verify;

pub use derivation::{Derivation, Step};
pub use engine::{Counterexample, Limits, Outcome};
pub use error::{Error, InputError};
pub use print::text::to_text;

use context::Context;
use parse::{Names, Statement};
use verify::CheckContext;

/// Differentiate `expr` with respect to the variable `var`, step by step.
pub fn derive(expr: &str, var: &str) -> Result<Derivation, Error> {
    let e = parse::parse_expr(expr, &Names::default())?;
    let var = parse_variable(var)?;
    engine::derive(
        &e,
        &var,
        &Context::default(),
        &CheckContext::default(),
        &Limits::default(),
    )
}

/// Prove the equation `lhs = rhs` from the definitions.
pub fn prove(equation: &str) -> Result<Outcome, Error> {
    let (lhs, rhs) = match parse::parse_statement(equation, &Names::default())? {
        Statement::Equation(l, r) => (l, r),
        Statement::Expr(_) => {
            return Err(Error::Input(InputError::new(
                "expected an equation `lhs = rhs`",
                error::Span::new(0, equation.len()),
            )))
        }
    };
    engine::prove(
        &lhs,
        &rhs,
        &Context::with_builtin_definitions(),
        &CheckContext::default(),
        &Limits::default(),
    )
}

/// Parse a differentiation variable such as `x` or `x_i`.
pub fn parse_variable(var: &str) -> Result<expr::Symbol, Error> {
    let e = parse::parse_expr(var, &Names::default())
        .map_err(|e| Error::Usage(format!("`{var}` is not a variable: {}", e.message)))?;
    e.as_symbol()
        .cloned()
        .ok_or_else(|| Error::Usage(format!("`{var}` is not a variable such as x or x_i")))
}
