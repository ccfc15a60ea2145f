//! A dense matrix of exact [`Expr`] entries: what the user gives as input or kernel,
//! and what the direct convolution produces. Stored row-major in one `Vec`, because
//! every consumer walks it by (row, column) and sizes are checked before allocation.

use crate::error::Error;
use crate::expr::{Expr, Index, Symbol};

/// A `rows x cols` matrix of expressions, at least 1 x 1.
#[derive(Clone, Debug, PartialEq)]
pub struct Matrix {
    rows: usize,
    cols: usize,
    entries: Vec<Expr>,
}

impl Matrix {
    /// A matrix from its rows; an empty matrix or rows of different lengths are errors.
    pub fn from_rows(rows: Vec<Vec<Expr>>) -> Result<Matrix, Error> {
        let cols = rows.first().map_or(0, Vec::len);
        if cols == 0 {
            return Err(Error::Usage("a matrix needs at least one entry".into()));
        }
        if let Some((at, row)) = rows.iter().enumerate().find(|(_, r)| r.len() != cols) {
            return Err(Error::Usage(format!(
                "ragged matrix: row {} has {} entries, row 1 has {cols}",
                at + 1,
                row.len()
            )));
        }
        Ok(Matrix {
            rows: rows.len(),
            cols,
            entries: rows.into_iter().flatten().collect(),
        })
    }

    /// The matrix whose entry at (row, col) is `f(row, col)`, filled row-major.
    pub fn from_fn(rows: usize, cols: usize, mut f: impl FnMut(usize, usize) -> Expr) -> Matrix {
        let mut entries = Vec::with_capacity(rows * cols);
        for r in 0..rows {
            for c in 0..cols {
                entries.push(f(r, c));
            }
        }
        Matrix {
            rows,
            cols,
            entries,
        }
    }

    /// Fresh symbols `name_1, name_2, ...` numbered row-major, as the seed numbers
    /// `x_1 ... x_12` and `f_1 ... f_3`.
    pub fn symbols(name: &str, rows: usize, cols: usize) -> Matrix {
        Matrix::from_fn(rows, cols, |r, c| numbered(name, r * cols + c + 1))
    }

    /// The number of rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The number of columns.
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// `(rows, cols)`.
    pub fn shape(&self) -> (usize, usize) {
        (self.rows, self.cols)
    }

    /// The entry at (`row`, `col`), counted from 0.
    pub fn get(&self, row: usize, col: usize) -> &Expr {
        &self.entries[row * self.cols + col]
    }

    /// All entries, row-major.
    pub fn entries(&self) -> &[Expr] {
        &self.entries
    }

    /// Row `row`'s entries, counted from 0.
    pub fn row(&self, row: usize) -> &[Expr] {
        &self.entries[row * self.cols..(row + 1) * self.cols]
    }

    /// The matrix surrounded by `pad_rows` zero rows above and below and `pad_cols`
    /// zero columns left and right.
    pub fn zero_padded(&self, (pad_rows, pad_cols): (usize, usize)) -> Matrix {
        Matrix::from_fn(
            self.rows + 2 * pad_rows,
            self.cols + 2 * pad_cols,
            |r, c| {
                let inside = (pad_rows..pad_rows + self.rows).contains(&r)
                    && (pad_cols..pad_cols + self.cols).contains(&c);
                if inside {
                    self.get(r - pad_rows, c - pad_cols).clone()
                } else {
                    Expr::zero()
                }
            },
        )
    }

    /// The matrix turned by 180 degrees: the kernel of the mathematical convolution.
    pub fn rotated(&self) -> Matrix {
        Matrix::from_fn(self.rows, self.cols, |r, c| {
            self.get(self.rows - 1 - r, self.cols - 1 - c).clone()
        })
    }

    /// The entries mapped row by row, for printers.
    pub fn map_rows<T>(&self, f: impl Fn(&Expr) -> T) -> Vec<Vec<T>> {
        (0..self.rows)
            .map(|r| self.row(r).iter().map(&f).collect())
            .collect()
    }
}

/// The symbol `name_n`.
pub fn numbered(name: &str, n: usize) -> Expr {
    let n = u32::try_from(n).expect("sizes are limited well below u32::MAX");
    Expr::symbol(Symbol::indexed(name, vec![Index::Fixed(n)]))
}
