//! Sheets: a file of statements, one a line, run in order into one document.
//!
//! ```text
//! # comments start with `#`; blank lines are ignored
//! let p_j = exp(x_j) / sum_k exp(x_k)          # a definition
//! assume sum_j y_j = 1                         # a fact steps may use
//! derive tanh(x) wrt x                         # a derivative (`wrt` optional)
//! prove (softmax) d/dx_i p_j = p_j (delta_ij - p_i) cases i = j
//! show tanh(x) = 2 sigma(2x) - 1               # `show` is `prove`
//! given log P_i = w_i x + b_i - log Z          # a premise for `solve`
//! solve P_i eliminating Z                      # derive P_i from the premises
//! conv input [[4,-2,1],[3,8,5]] kernel [[2],[4],[-1]] padding 1,0
//! conv input 2x3 kernel 3x1 padding 1,0 matrix order row
//! ```
//!
//! Goals (`derive`, `prove`, `solve`, `conv`) are numbered (1), (2), ... in order; a
//! `prove` may carry a `(label)` instead. Each proven `prove` becomes a lemma that later
//! goals cite by its number or label: "by (softmax)".
//!
//! - `parse`: lines into statements, remembering where each part sits in the file;
//! - `run`: statements into goals and their derivations, all or nothing;
//! - `render`: the goals as one text, LaTeX or JSON document.

pub(crate) mod parse;
mod render;
mod run;

pub use parse::{parse_sheet, Kind, Part, Statement};
pub use render::{body_math, setup_math, to_json, to_latex, to_text};
pub use run::{not_proven_detail, run, Ask, Body, Entry, Goal, Session, Setup, SheetError};

/// A sheet that ships with stepwise: `stepwise run --example NAME`.
#[derive(Clone, Copy, Debug)]
pub struct Example {
    /// Its name, for `--example NAME`.
    pub name: &'static str,
    /// One line for `stepwise examples`.
    pub description: &'static str,
    /// Where the sheet lives in the repository; error messages name it.
    pub path: &'static str,
    /// The sheet's text.
    pub source: &'static str,
}

/// The built-in examples.
pub const EXAMPLES: &[Example] = &[
    Example {
        name: "ml-classwork",
        description: "the exercise sheet's classwork: tanh (§5), softmax and cross-entropy (§6), convolution (§7)",
        path: "examples/ml-classwork.sw",
        source: include_str!("../../examples/ml-classwork.sw"),
    },
    Example {
        name: "activations",
        description: "sigmoid, tanh, softplus and swish, binary cross-entropy, a logistic unit, log-sum-exp",
        path: "examples/activations.sw",
        source: include_str!("../../examples/activations.sw"),
    },
];

/// The built-in example called `name`.
pub fn example(name: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.name == name)
}
