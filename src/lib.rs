//! stepwise: a symbolic derivation engine that writes checked, step-by-step proofs.
//!
//! Text goes in, a [`Derivation`] comes out: a chain of expressions, each step named by
//! the rule that produced it and checked numerically at random points before it was
//! accepted. Print it with [`Derivation::to_latex`], [`Derivation::to_text`] or
//! [`Derivation::to_json`].
//!
//! ```
//! let d = stepwise::derive("tanh(x)", "x").unwrap();
//! assert_eq!(stepwise::to_text(d.result()), "1 - tanh(x)^2");
//! assert!(d.verified);
//! assert!(d.to_latex().contains(r"\text{(derivative of tanh)}"));
//! assert_eq!(d.to_json()["result"], "1 - tanh(x)^2");
//!
//! // Proofs start from the definitions: tanh is unfolded, then the quotient rule.
//! let stepwise::Outcome::Proven(proof) = stepwise::prove("d/dx tanh(x) = 1 - tanh(x)^2").unwrap()
//! else { panic!("not proven") };
//! assert_eq!(proof.steps[1].rule_name().as_deref(), Some("definition of tanh"));
//! assert_eq!(
//!     proof.steps[2].rule_name().as_deref(),
//!     Some("quotient rule, derivative of exp, chain rule")
//! );
//!
//! // Definitions, assumptions, cases and lemmas come through `Options`.
//! let options = stepwise::Options {
//!     definitions: vec!["p_j = exp(x_j) / sum_k exp(x_k)".into()],
//!     cases: Some("i=j".parse().unwrap()),
//!     ..Default::default()
//! };
//! let outcome = stepwise::prove_with("d/dx_i p_j = p_j (delta_ij - p_i)", &options).unwrap();
//! assert!(matches!(outcome, stepwise::Outcome::Proven(d) if d.verified));
//!
//! // A false identity is refused with a point where the sides differ.
//! let refused = stepwise::prove("tanh(x) = 2 sigma(x) - 1").unwrap();
//! assert!(matches!(refused, stepwise::Outcome::NotProven { counterexample: Some(_), .. }));
//! ```

#![warn(missing_docs)]

pub mod check;
/// The command line: public only so that the `stepwise` and `stepwise-pandoc`
/// binaries can run it; no part of the library's API.
#[cfg(feature = "cli")]
#[doc(hidden)]
pub mod cli;
mod context;
pub mod conv;
mod derivation;
pub mod docs;
mod engine;
mod error;
mod eval;
pub mod exit;
mod expr;
mod fast_hash;
mod input_limits;
mod known_derivatives;
mod known_sums;
mod merge;
mod parse;
mod polynomial;
mod print;
mod reason;
mod rules;
mod scoped_memo;
pub mod selfcheck;
pub mod sheet;
mod shorten;
mod solve;
mod verify;
mod warnings;

/// Stages below the public API that `benches/engine.rs` times on their own: a proof
/// from parsed sides under a chosen check, the numeric check of one step, and the
/// weight matrix of a convolution without its derivation. Hidden, and no part of the
/// library's API: the benchmarks are its only users (tests use the API above, or are
/// unit tests inside the crate).
#[doc(hidden)]
pub mod bench_stages {
    pub use crate::context::Context;
    pub use crate::conv::matrix::Matrix;
    pub use crate::conv::spec::{ConvSpec, Geometry};
    pub use crate::conv::weights::{Basis, WeightMatrix};
    pub use crate::engine::prove;
    pub use crate::verify::{compare, CheckContext, Verdict};
}

/// The renderer checks (KaTeX, pdflatex) and snapshot settings the integration tests
/// use, for the unit tests that print documents.
#[cfg(test)]
#[path = "../tests/support/renderers.rs"]
mod test_renderers;

/// The README's Rust examples, compiled and run as doctests so that they stay true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

pub use check::{check, CheckOptions};
pub use derivation::{Case, Check, Condition, Derivation, Relation, Step};
pub use engine::{Counterexample, Limits, Outcome};
pub use error::{Argument, Error, InputError, Position, Span};
pub use expr::{Expr, Index};
pub use print::latex::{document as latex_document, LatexOptions};
pub use print::text::to_text;
pub use reason::{Justification, Kind, Part, Reason};
pub use verify::run_seed;

use context::Context;
use parse::{Names, Statement};
use verify::CheckContext;

/// What a derivation may use beyond the built-in rules.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Definitions such as `p_j = exp(x_j) / sum_k exp(x_k)` or
    /// `softplus(x) = log(1 + exp(x))`.
    pub definitions: Vec<String>,
    /// Facts a step may use, such as `sum_j y_j = 1`; a step that uses one names it.
    pub assumptions: Vec<String>,
    /// A case distinction on two indices, such as `i = j`: the goal is proven under
    /// `i = j` and under `i != j`, then the cases are combined with the delta.
    pub cases: Option<CaseSplit>,
    /// Equations proven earlier, which later steps may cite by name.
    pub lemmas: Vec<Lemma>,
    /// Limits on the number of steps and the size of expressions.
    pub limits: Limits,
    /// Seed of the random points steps are checked at; `None` draws one per run
    /// (or reads `STEPWISE_SEED`). Fix it to reproduce a check exactly.
    pub seed: Option<u64>,
}

/// A case distinction on two different indices: `i = j` (or `i = 1`). Parse one from
/// text with `"i=j".parse()`.
///
/// ```
/// let split: stepwise::CaseSplit = "i = j".parse()?;
/// assert_eq!(split.to_string(), "i = j");
/// assert!("i = i".parse::<stepwise::CaseSplit>().is_err());
/// # Ok::<(), stepwise::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseSplit {
    /// The index on the left of `=`.
    pub left: expr::Index,
    /// The index on the right of `=`.
    pub right: expr::Index,
}

impl std::str::FromStr for CaseSplit {
    type Err = Error;

    fn from_str(src: &str) -> Result<CaseSplit, Error> {
        parse_case(src).map(|(left, right)| CaseSplit { left, right })
    }
}

impl std::fmt::Display for CaseSplit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} = {}", self.left, self.right)
    }
}

/// A proven equation that later derivations may cite: "by (1)".
#[derive(Clone, Debug)]
pub struct Lemma {
    /// How a step cites it: `1` prints as "by (1)".
    pub name: String,
    /// The equation, in the input language.
    pub equation: String,
}

impl Options {
    /// The context these options describe, on top of `base`, and the names the
    /// parser must know (the user's functions).
    pub(crate) fn context(&self, base: Context) -> Result<(Context, Names), Error> {
        let mut ctx = base;
        let mut names = Names::default();
        for src in &self.definitions {
            let def = context::parse_definition(src, &mut names)
                .map_err(|e| e.in_argument(Argument::Definition, src))?;
            ctx.definitions.push(def);
        }
        for src in &self.assumptions {
            ctx.add_assumption(src, &names)
                .map_err(|e| e.in_argument(Argument::Assumption, src))?;
        }
        for lemma in &self.lemmas {
            ctx.add_lemma(&lemma.name, &lemma.equation, &names)
                .map_err(|e| e.in_argument(Argument::Lemma, &lemma.equation))?;
        }
        Ok((ctx, names))
    }
}

/// Differentiate `expr` with respect to the variable `var`, step by step.
pub fn derive(expr: &str, var: &str) -> Result<Derivation, Error> {
    derive_with(expr, Some(var), &Options::default())
}

/// [`derive()`] with definitions and limits. Without `var`, the expression's only
/// variable is used.
///
/// ```
/// let options = stepwise::Options {
///     definitions: vec!["softplus(x) = log(1 + exp(x))".into()],
///     ..Default::default()
/// };
/// let d = stepwise::derive_with("softplus(2 x)", None, &options)?;
/// assert_eq!(d.statement, "d/dx softplus(2 x)");
/// assert!(d.verified);
/// // Two variables and none named: say which.
/// assert!(stepwise::derive_with("x y", None, &options).is_err());
/// # Ok::<(), stepwise::Error>(())
/// ```
pub fn derive_with(expr: &str, var: Option<&str>, options: &Options) -> Result<Derivation, Error> {
    let (ctx, names) = options.context(Context::default())?;
    let e = parse::parse_expr(expr, &names).map_err(|e| Error::from(e).placed(expr))?;
    let var = match var {
        Some(v) => parse_variable(v)?,
        None => only_variable(&e)?,
    };
    parse::check_variable_is_free(&e, &var, expr)?;
    // The derivative asked for is one more level around the expression.
    input_limits::check_tree(&expr::deriv(e.clone(), var.clone())).map_err(|m| {
        InputError::new(
            format!("{m} (counting the one asked for)"),
            error::Span::new(0, expr.len()),
        )
    })?;
    let check = check_context(&ctx, options.seed);
    engine::derive(&e, &var, &ctx, &check, &options.limits)
}

/// The check context of one run (a derivation, a proof, a checked chain). A run
/// starts afresh: the high-precision function values remembered for its steps
/// (see [`eval::real::forget_known_values`]) are forgotten, so that what one run
/// computed never speeds up the next (a benchmark's next sample).
pub(crate) fn check_context(ctx: &Context, seed: Option<u64>) -> CheckContext {
    eval::real::forget_known_values();
    let check = CheckContext {
        definitions: ctx.clone(),
        ..Default::default()
    };
    CheckContext {
        seed: seed.unwrap_or(check.seed),
        ..check
    }
}

/// The one free variable of `e`, for a derivative without a named variable.
fn only_variable(e: &expr::Expr) -> Result<expr::Symbol, Error> {
    let mut vars: Vec<expr::Symbol> = Vec::new();
    e.any(&mut |n| {
        if let Some(s) = n.as_symbol() {
            if !vars.contains(s) {
                vars.push(s.clone());
            }
        }
        false
    });
    match vars.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(Error::Usage(
            "the expression has no variable to differentiate by".into(),
        )),
        many => {
            let names: Vec<String> = many.iter().map(|s| s.to_string()).collect();
            Err(Error::Usage(format!(
                "the expression has several variables ({}): say which one to differentiate by",
                names.join(", ")
            )))
        }
    }
}

/// Prove the equation `lhs = rhs` from the definitions.
pub fn prove(equation: &str) -> Result<Outcome, Error> {
    prove_with(equation, &Options::default())
}

/// [`prove`] with definitions and limits.
pub fn prove_with(equation: &str, options: &Options) -> Result<Outcome, Error> {
    let (ctx, names) = options.context(Context::with_builtin_definitions())?;
    let statement =
        parse::parse_statement(equation, &names).map_err(|e| Error::from(e).placed(equation))?;
    let (lhs, rhs) = match statement {
        Statement::Equation(l, r) => (l, r),
        Statement::Expr(_) => {
            return Err(Error::Input(InputError::new(
                "expected an equation `lhs = rhs`",
                error::Span::new(0, equation.len()),
            ))
            .placed(equation))
        }
    };
    let check = check_context(&ctx, options.seed);
    match &options.cases {
        Some(split) => {
            let pair = (split.left.clone(), split.right.clone());
            engine::prove_by_cases(&lhs, &rhs, pair, &ctx, &check, &options.limits)
        }
        None => engine::prove_goal(&lhs, &rhs, &ctx, &check, &options.limits),
    }
}

/// `i=j` as the two indices a case distinction compares.
fn parse_case(src: &str) -> Result<(expr::Index, expr::Index), Error> {
    let index = |side: &str| -> Option<expr::Index> {
        let side = side.trim();
        if side.chars().all(|c| c.is_ascii_digit()) {
            side.parse().ok().map(expr::Index::Fixed)
        } else if side.chars().next()?.is_ascii_alphabetic()
            && side.chars().all(|c| c.is_ascii_alphanumeric())
        {
            Some(expr::Index::Var(side.into()))
        } else {
            None
        }
    };
    src.split_once('=')
        .and_then(|(a, b)| Some((index(a)?, index(b)?)))
        .filter(|(a, b)| a != b)
        .ok_or_else(|| {
            Error::Usage(format!(
                "`{src}` is not a case distinction: write two different indices, as in i = j"
            ))
        })
}

/// Parse a differentiation variable such as `x` or `x_i`.
pub(crate) fn parse_variable(var: &str) -> Result<expr::Symbol, Error> {
    let e = parse::parse_expr(var, &Names::default())
        .map_err(|e| Error::Usage(format!("`{var}` is not a variable: {}", e.message)))?;
    e.as_symbol()
        .cloned()
        .ok_or_else(|| Error::Usage(format!("`{var}` is not a variable such as x or x_i")))
}

/// Warnings about a `derive` (`statement` an expression, `var` its variable) or a
/// `prove` (`statement` an equation, `var` `None`) whose result is correct but
/// probably not what was meant: a derivative by a variable that does not occur (the
/// warning names the symbols that do). Input that does not parse gives none; the derivation reports it.
pub fn input_warnings(statement: &str, var: Option<&str>, options: &Options) -> Vec<String> {
    let Ok((ctx, names)) = options.context(Context::with_builtin_definitions()) else {
        return Vec::new();
    };
    let Ok(statement) = parse::parse_statement(statement, &names) else {
        return Vec::new();
    };
    let e = match statement {
        Statement::Expr(e) => e,
        Statement::Equation(l, r) => expr::equation(l, r),
    };
    let e = match var.map(parse_variable) {
        Some(Ok(var)) => expr::deriv(e, var),
        Some(Err(_)) => return Vec::new(),
        None => e,
    };
    warnings::derivative_warnings(&e, &ctx)
}

/// Derive an equation for `target` from `premises` (equations that hold for every
/// value of their free indices, such as `log P_i = w_i x + b_i - log Z`) and the
/// assumptions in `options`, eliminating the symbols in `eliminate` (such as `Z`).
///
/// ```
/// let options = stepwise::Options {
///     assumptions: vec!["sum_i P_i = 1".into()],
///     ..Default::default()
/// };
/// let premises = ["log P_i = w_i x + b_i - log Z".to_string()];
/// let d = stepwise::solve_with(&premises, "P_i", &["Z".to_string()], &options)?;
/// assert_eq!(
///     d.result().to_string(),
///     "P_i = exp(w_i x + b_i) / (sum_j exp(w_j x + b_j))"
/// );
/// # Ok::<(), stepwise::Error>(())
/// ```
pub fn solve_with(
    premises: &[String],
    target: &str,
    eliminate: &[String],
    options: &Options,
) -> Result<Derivation, Error> {
    let (ctx, names) = options.context(Context::with_builtin_definitions())?;
    let premises = premises
        .iter()
        .map(|p| {
            context::parse_equation(p, &names).map_err(|e| e.in_argument(Argument::Premise, p))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let target = parse::parse_expr(target, &names)
        .map_err(|e| Error::from(e).in_argument(Argument::Target, target))?;
    let eliminate = eliminate
        .iter()
        .map(|v| parse_variable(v))
        .collect::<Result<Vec<_>, _>>()?;
    let seed = options.seed.unwrap_or_else(verify::run_seed);
    solve::solve(&premises, &target, &eliminate, &ctx, &options.limits, seed)
}
