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
//! assert_eq!(proof.steps[1].rule.as_deref(), Some("definition of tanh"));
//! assert_eq!(proof.steps[2].rule.as_deref(), Some("quotient rule"));
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

#[allow(missing_docs)] // internal, documented in part; to become private
pub mod check;
#[cfg(feature = "cli")]
#[allow(missing_docs)] // internal, documented in part; to become private
pub mod cli;
#[allow(missing_docs)] // internal, documented in part; to become private
pub mod context;
#[allow(missing_docs)] // internal, documented in part; to become private
pub mod conv;
pub mod derivation;
pub mod docs;
#[allow(missing_docs)] // internal, documented in part; to become private
pub mod engine;
pub mod error;
#[allow(missing_docs)] // internal, documented in part; to become private
pub mod eval;
pub mod exit;
#[allow(missing_docs)] // internal, documented in part; to become private
pub mod expr;
#[allow(missing_docs)] // internal, documented in part; to become private
pub mod input_limits;
#[allow(missing_docs)] // internal, documented in part; to become private
pub mod known_derivatives;
#[allow(missing_docs)] // internal, documented in part; to become private
pub mod merge;
#[allow(missing_docs)] // internal, documented in part; to become private
pub mod parse;
#[allow(missing_docs)] // internal, documented in part; to become private
pub mod print;
#[allow(missing_docs)] // internal, documented in part; to become private
pub mod rules;
#[allow(missing_docs)] // internal, documented in part; to become private
pub mod selfcheck;
pub mod sheet;
#[allow(missing_docs)] // internal, documented in part; to become private
pub mod shorten;
#[allow(missing_docs)] // internal, documented in part; to become private
pub mod solve;
#[allow(missing_docs)] // internal, documented in part; to become private
pub mod verify;

pub use check::{check, CheckOptions};
pub use derivation::{Derivation, Step};
pub use engine::{Counterexample, Limits, Outcome};
pub use error::{Error, InputError, Position, Span};
pub use print::text::to_text;

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
                .map_err(|e| e.in_option("definition", src))?;
            ctx.definitions.push(def);
        }
        for src in &self.assumptions {
            ctx.add_assumption(src, &names)
                .map_err(|e| e.in_option("assumption", src))?;
        }
        for lemma in &self.lemmas {
            ctx.add_lemma(&lemma.name, &lemma.equation, &names)
                .map_err(|e| e.in_option("lemma", &lemma.equation))?;
        }
        Ok((ctx, names))
    }
}

/// Differentiate `expr` with respect to the variable `var`, step by step.
pub fn derive(expr: &str, var: &str) -> Result<Derivation, Error> {
    derive_with(expr, Some(var), &Options::default())
}

/// [`derive`] with definitions and limits. Without `var`, the expression's only
/// variable is used.
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

pub(crate) fn check_context(ctx: &Context, seed: Option<u64>) -> CheckContext {
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
pub fn parse_variable(var: &str) -> Result<expr::Symbol, Error> {
    let e = parse::parse_expr(var, &Names::default())
        .map_err(|e| Error::Usage(format!("`{var}` is not a variable: {}", e.message)))?;
    e.as_symbol()
        .cloned()
        .ok_or_else(|| Error::Usage(format!("`{var}` is not a variable such as x or x_i")))
}

/// Derive an equation for `target` from `premises` (equations that hold for every
/// value of their free indices, such as `log P_i = w_i x + b_i - log Z`) and the
/// assumptions in `options`, eliminating the symbols in `eliminate` (such as `Z`).
pub fn solve_with(
    premises: &[String],
    target: &str,
    eliminate: &[String],
    options: &Options,
) -> Result<Derivation, Error> {
    let (ctx, names) = options.context(Context::default())?;
    let premises = premises
        .iter()
        .map(|p| context::parse_equation(p, &names).map_err(|e| e.placed(p)))
        .collect::<Result<Vec<_>, _>>()?;
    let target = parse::parse_expr(target, &names).map_err(|e| Error::from(e).placed(target))?;
    let eliminate = eliminate
        .iter()
        .map(|v| parse_variable(v))
        .collect::<Result<Vec<_>, _>>()?;
    let seed = options.seed.unwrap_or_else(verify::run_seed);
    solve::solve(&premises, &target, &eliminate, &ctx, &options.limits, seed)
}
