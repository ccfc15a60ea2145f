//! The convolution as a matrix-vector product `W x = s`. W is sparse and its nonzeros
//! are the kernel's weights over and over, so it is stored that way: per row, the
//! columns that hold a weight and which weight it is. A dense W would be 1024 x 1156
//! for a 32 x 32 input; this form holds the 9 weights once and one small pair per use.

use super::matrix::Matrix;
use super::spec::Geometry;
use crate::expr::Expr;
use std::ops::Range;

/// How the input grid is laid out as a vector.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum VecOrder {
    /// Row after row: `x_1, x_2, x_3, x_4, ...` for a grid numbered row-major.
    Row,
    /// Column after column: `x_1, x_4, x_7, x_10, x_2, ...`.
    Column,
}

impl VecOrder {
    /// The position in the vector of grid entry (row, col) of a `rows x cols` grid.
    pub fn index(self, (row, col): (usize, usize), (rows, cols): (usize, usize)) -> usize {
        match self {
            VecOrder::Row => row * cols + col,
            VecOrder::Column => col * rows + row,
        }
    }

    /// The grid's entries in this order.
    pub fn vectorize(self, grid: &Matrix) -> Vec<Expr> {
        match self {
            VecOrder::Row => grid.entries().to_vec(),
            VecOrder::Column => (0..grid.cols())
                .flat_map(|c| (0..grid.rows()).map(move |r| (r, c)))
                .map(|(r, c)| grid.get(r, c).clone())
                .collect(),
        }
    }

    /// `row` or `column`, as the command line and sheets write it.
    pub fn name(self) -> &'static str {
        match self {
            VecOrder::Row => "row",
            VecOrder::Column => "column",
        }
    }
}

/// Which grid x vectorizes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Basis {
    /// The padded input, as the seed does: x has an entry for every border zero.
    Padded,
    /// The input itself: windows reaching into the border simply have fewer
    /// nonzeros, the padding becomes zeros of W.
    Unpadded,
}

/// The sparse weight matrix: row `i` is output entry `s_i` (output row-major), column
/// `j` is entry `j` of the vectorized input.
#[derive(Clone, Debug, PartialEq)]
pub struct WeightMatrix {
    rows: usize,
    cols: usize,
    /// Row `i`'s nonzeros are `nonzeros[row_start[i]..row_start[i + 1]]`.
    row_start: Vec<usize>,
    /// (column, index into `weights`), columns increasing within a row.
    nonzeros: Vec<(usize, usize)>,
    /// The kernel's entries, row-major, each stored once.
    weights: Vec<Expr>,
    /// The order x is vectorized in.
    pub order: VecOrder,
    /// Whether x holds the padding's entries.
    pub basis: Basis,
}

impl WeightMatrix {
    /// W for a convolution of this geometry with `kernel` (unrotated; the geometry
    /// says whether it is flipped). A kernel weight that is the number 0 contributes
    /// no nonzeros.
    pub fn build(geometry: &Geometry, kernel: &Matrix, order: VecOrder, basis: Basis) -> Self {
        let (kh, kw) = geometry.kernel;
        let (out_rows, out_cols) = geometry.output;
        let (stride_r, stride_c) = geometry.spec.stride;
        let (pad_r, pad_c) = geometry.spec.padding;
        let grid = match basis {
            Basis::Padded => geometry.padded,
            Basis::Unpadded => geometry.input,
        };
        // Walking the window in the vector's own order keeps each row's columns
        // increasing without a sort.
        let taps: Vec<(usize, usize)> = match order {
            VecOrder::Row => (0..kh).flat_map(|a| (0..kw).map(move |b| (a, b))).collect(),
            VecOrder::Column => (0..kw).flat_map(|b| (0..kh).map(move |a| (a, b))).collect(),
        };
        let weight_at = |a: usize, b: usize| {
            if geometry.spec.flip {
                (kh - 1 - a) * kw + (kw - 1 - b)
            } else {
                a * kw + b
            }
        };
        let mut row_start = Vec::with_capacity(out_rows * out_cols + 1);
        let mut nonzeros = Vec::with_capacity(out_rows * out_cols * kh * kw);
        row_start.push(0);
        for i in 0..out_rows {
            for j in 0..out_cols {
                for &(a, b) in &taps {
                    let w = weight_at(a, b);
                    if kernel.entries()[w].is_zero() {
                        continue;
                    }
                    let (r, c) = (i * stride_r + a, j * stride_c + b);
                    let at = match basis {
                        Basis::Padded => (r, c),
                        Basis::Unpadded if geometry.in_padding(r, c) => continue,
                        Basis::Unpadded => (r - pad_r, c - pad_c),
                    };
                    nonzeros.push((order.index(at, grid), w));
                }
                row_start.push(nonzeros.len());
            }
        }
        WeightMatrix {
            rows: out_rows * out_cols,
            cols: grid.0 * grid.1,
            row_start,
            nonzeros,
            weights: kernel.entries().to_vec(),
            order,
            basis,
        }
    }

    /// `(rows, cols)` of W.
    pub fn shape(&self) -> (usize, usize) {
        (self.rows, self.cols)
    }

    fn span(&self, row: usize) -> Range<usize> {
        self.row_start[row]..self.row_start[row + 1]
    }

    /// Row `row`'s nonzeros as (column, weight), columns increasing.
    pub fn row(&self, row: usize) -> impl Iterator<Item = (usize, &Expr)> + '_ {
        self.nonzeros[self.span(row)]
            .iter()
            .map(|&(c, w)| (c, &self.weights[w]))
    }

    /// The entry at (row, col), zero when nothing is stored there.
    pub fn get(&self, row: usize, col: usize) -> Expr {
        let entries = &self.nonzeros[self.span(row)];
        match entries.binary_search_by_key(&col, |&(c, _)| c) {
            Ok(k) => self.weights[entries[k].1].clone(),
            Err(_) => Expr::zero(),
        }
    }

    /// `W x` row by row, as (weight, x entry) products in column order.
    pub fn products(&self, x: &[Expr]) -> Vec<Vec<(Expr, Expr)>> {
        (0..self.rows)
            .map(|i| {
                self.row(i)
                    .map(|(c, w)| (w.clone(), x[c].clone()))
                    .collect()
            })
            .collect()
    }

    /// The numbers a reader needs to see that W is sparse and shares its weights.
    pub fn sparsity(&self) -> Sparsity {
        let mut uses = vec![0usize; self.weights.len()];
        for &(_, w) in &self.nonzeros {
            uses[w] += 1;
        }
        Sparsity {
            shape: self.shape(),
            nonzeros: self.nonzeros.len(),
            uses: self.weights.iter().cloned().zip(uses).collect(),
        }
    }
}

/// Sparsity and weight sharing of a [`WeightMatrix`].
#[derive(Clone, Debug, PartialEq)]
pub struct Sparsity {
    pub shape: (usize, usize),
    pub nonzeros: usize,
    /// Each kernel weight, row-major, with the number of entries of W holding it.
    pub uses: Vec<(Expr, usize)>,
}

impl Sparsity {
    pub fn entries(&self) -> usize {
        self.shape.0 * self.shape.1
    }

    pub fn zeros(&self) -> usize {
        self.entries() - self.nonzeros
    }

    /// The share of entries that are zero, in `[0, 1]`.
    pub fn zero_share(&self) -> f64 {
        self.zeros() as f64 / self.entries() as f64
    }

    /// The convolution's parameters: the kernel's weights.
    pub fn parameters(&self) -> usize {
        self.uses.len()
    }

    /// The parameters of a dense layer mapping the same x to the same s: every
    /// entry of W its own weight.
    pub fn dense_parameters(&self) -> usize {
        self.entries()
    }
}
