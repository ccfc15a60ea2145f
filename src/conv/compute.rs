//! The direct convolution, entry by entry, keeping each entry's products so a step
//! can show them before they are added up.

use super::matrix::Matrix;
use super::spec::{ConvSpec, Geometry};
use crate::error::Error;
use crate::expr::{self, Expr, Node};

/// One output entry: its position, the products `weight * input` in window order
/// (kernel row-major), and their sum.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub row: usize,
    pub col: usize,
    pub products: Vec<(Expr, Expr)>,
    /// The sum of the products, folded by the smart constructors.
    pub value: Expr,
}

impl Entry {
    /// The sum of products exactly as written, nothing folded (`2*0` stays), so the
    /// check can compare it with [`Entry::value`].
    pub fn unfolded(&self) -> Expr {
        unfolded_sum(&self.products)
    }
}

/// `a_1 * b_1 + a_2 * b_2 + ...` built without the smart constructors. No products
/// (a row of W whose window lies wholly in the padding) is the empty sum, zero.
pub fn unfolded_sum(products: &[(Expr, Expr)]) -> Expr {
    let mut terms: Vec<Expr> = products
        .iter()
        .map(|(w, x)| Expr::new(Node::Mul(vec![w.clone(), x.clone()])))
        .collect();
    match terms.len() {
        0 => Expr::zero(),
        1 => terms.pop().expect("one term"),
        _ => Expr::new(Node::Add(terms)),
    }
}

/// The folded sum of products.
pub fn folded_sum(products: &[(Expr, Expr)]) -> Expr {
    expr::add(
        products
            .iter()
            .map(|(w, x)| expr::mul(vec![w.clone(), x.clone()]))
            .collect(),
    )
}

/// A direct convolution with everything a derivation shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Convolution {
    pub geometry: Geometry,
    /// The input with its zero border.
    pub padded: Matrix,
    /// The kernel as it is laid on the input: rotated when the convolution is flipped.
    pub window_kernel: Matrix,
    /// Output entries, row-major.
    pub entries: Vec<Entry>,
    pub output: Matrix,
}

/// Convolve `input` with `kernel`: `s[i][j] = sum_{a,b} K[a][b] * P[i*sr + a][j*sc + b]`
/// over the padded input `P`, with `K` the kernel, rotated when `spec.flip`.
pub fn convolve(input: &Matrix, kernel: &Matrix, spec: ConvSpec) -> Result<Convolution, Error> {
    let geometry = Geometry::new(input.shape(), kernel.shape(), spec)?;
    let padded = input.zero_padded(spec.padding);
    let window_kernel = if spec.flip {
        kernel.rotated()
    } else {
        kernel.clone()
    };
    let (out_rows, out_cols) = geometry.output;
    let (kh, kw) = geometry.kernel;
    let mut entries = Vec::with_capacity(out_rows * out_cols);
    for row in 0..out_rows {
        for col in 0..out_cols {
            let (top, left) = (row * spec.stride.0, col * spec.stride.1);
            let mut products = Vec::with_capacity(kh * kw);
            for a in 0..kh {
                for b in 0..kw {
                    products.push((
                        window_kernel.get(a, b).clone(),
                        padded.get(top + a, left + b).clone(),
                    ));
                }
            }
            let value = folded_sum(&products);
            entries.push(Entry {
                row,
                col,
                products,
                value,
            });
        }
    }
    let output = Matrix::from_fn(out_rows, out_cols, |r, c| {
        entries[r * out_cols + c].value.clone()
    });
    Ok(Convolution {
        geometry,
        padded,
        window_kernel,
        entries,
        output,
    })
}
