//! Convolution (exercise sheet §7): computed directly with every sum of products
//! shown, or written as the matrix-vector product `W x = s` with a sparse,
//! weight-sharing W, and checked either way.
//!
//! - `matrix`: dense matrices of exact expressions, fresh symbols for shapes;
//! - `spec`: operands, padding, stride, orientation, and the validated sizes;
//! - `compute`: the direct convolution, keeping each entry's products;
//! - `weights`: the sparse W, vectorization orders, sparsity and sharing;
//! - `check`: exact (bilinear expansion) and numeric checks;
//! - `derive`: the steps, as data;
//! - `output`: text, LaTeX and JSON;
//! - `cli`: the `conv` subcommand's options.

mod check;
mod cli;
mod compute;
mod derive;
pub(crate) mod matrix;
mod output;
pub(crate) mod spec;
pub(crate) mod weights;

#[cfg(test)]
mod tests;

pub use cli::{run, ConvArgs};
pub use derive::ConvOutput;
pub use weights::VecOrder;
