//! What is asked: the two operands (a literal or a shape), padding, stride and the
//! kernel's orientation, and the sizes that follow from them. Every size is validated
//! here, once, so the computations can index without further checks.

use super::matrix::Matrix;
use crate::error::{Argument, Error, InputError, Span};
use crate::parse::{parse_matrix, Names};

/// Upper bound on the entries of the padded input and the kernel (64 x 64), on the
/// products the direct convolution writes out, and on the entries of W (a 32 x 32
/// input with a 3 x 3 kernel and padding 1 has 1,183,744 in the padded basis). Every entry is written out as text, in
/// JSON and LaTeX, so these keep a mistyped size from exhausting memory: a million
/// entries print as some 10 MB.
pub const MAX_ENTRIES: usize = 1 << 12;
pub const MAX_PRODUCTS: usize = 1 << 16;
pub const MAX_MATRIX_ENTRIES: usize = 1 << 22;

/// An operand as given: a matrix literal, or a shape standing for fresh symbols.
#[derive(Clone, Debug, PartialEq)]
pub enum Operand {
    Literal(Matrix),
    Shape(usize, usize),
}

impl Operand {
    /// Parse `[[4, -2, 1], [3, 8, 5]]` or `2x3`, the text of `argument` (the input or
    /// the kernel). A mistake is an [`Error::InArgument`] placed in `src`.
    pub fn parse(src: &str, argument: Argument) -> Result<Operand, Error> {
        let whole = |message: String| {
            Error::from(InputError::new(message, Span::new(0, src.len())))
                .in_argument(argument, src)
        };
        if let Some((r, c)) = src.trim().split_once(['x', 'X']) {
            if let (Ok(rows), Ok(cols)) = (r.trim().parse::<usize>(), c.trim().parse::<usize>()) {
                if rows == 0 || cols == 0 {
                    return Err(whole(format!("the shape {rows}x{cols} is an empty matrix")));
                }
                return match too_large(rows.checked_mul(cols)) {
                    Some(message) => Err(whole(message)),
                    None => Ok(Operand::Shape(rows, cols)),
                };
            }
        }
        let rows = parse_matrix(src, &Names::default())
            .map_err(|e| Error::from(e).in_argument(argument, src))?;
        let matrix = Matrix::from_rows(rows).map_err(|e| whole(e.to_string()))?;
        match too_large(Some(matrix.rows() * matrix.cols())) {
            Some(message) => Err(whole(message)),
            None => Ok(Operand::Literal(matrix)),
        }
    }

    pub fn shape(&self) -> (usize, usize) {
        match self {
            Operand::Literal(m) => m.shape(),
            Operand::Shape(r, c) => (*r, *c),
        }
    }

    /// The literal, or the shape filled with `name_1, name_2, ...` row-major.
    pub fn to_matrix(&self, name: &str) -> Matrix {
        match self {
            Operand::Literal(m) => m.clone(),
            Operand::Shape(r, c) => Matrix::symbols(name, *r, *c),
        }
    }
}

/// Why a matrix of `entries` entries (`None`: more than `usize` holds) is refused, if
/// it is.
fn too_large(entries: Option<usize>) -> Option<String> {
    match entries {
        Some(n) if n <= MAX_ENTRIES => None,
        _ => Some(format!(
            "more than {MAX_ENTRIES} entries; refusing to build it"
        )),
    }
}

fn check_size(what: &str, entries: Option<usize>) -> Result<(), Error> {
    // Too large a request is the user's to change, like any other bad size.
    match too_large(entries) {
        Some(message) => Err(Error::Usage(format!("{what}: {message}"))),
        None => Ok(()),
    }
}

/// How the kernel moves over the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConvSpec {
    /// Zero rows added above and below, zero columns added left and right.
    pub padding: (usize, usize),
    /// Step between windows, down and across.
    pub stride: (usize, usize),
    /// Rotate the kernel by 180 degrees first: the mathematical convolution. Off, the
    /// kernel is used as written (cross-correlation), as deep learning does.
    pub flip: bool,
}

impl Default for ConvSpec {
    fn default() -> ConvSpec {
        ConvSpec {
            padding: (0, 0),
            stride: (1, 1),
            flip: false,
        }
    }
}

/// The validated sizes of one convolution.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Geometry {
    /// The input's size, rows and columns.
    pub input: (usize, usize),
    /// The kernel's size.
    pub kernel: (usize, usize),
    /// Padding, stride and orientation.
    pub spec: ConvSpec,
    /// The input's size after padding.
    pub padded: (usize, usize),
    /// The output's size.
    pub output: (usize, usize),
}

impl Geometry {
    /// Check the sizes and work out the padded and output sizes. Errors: an empty
    /// operand, a zero stride, a kernel larger than the padded input, sizes past the
    /// limits.
    pub fn new(
        input: (usize, usize),
        kernel: (usize, usize),
        spec: ConvSpec,
    ) -> Result<Geometry, Error> {
        if input.0 == 0 || input.1 == 0 || kernel.0 == 0 || kernel.1 == 0 {
            return Err(Error::Usage(
                "the input and the kernel need at least one entry".into(),
            ));
        }
        if spec.stride.0 == 0 || spec.stride.1 == 0 {
            return Err(Error::Usage(format!(
                "the stride must be at least 1 along each axis, got ({}, {})",
                spec.stride.0, spec.stride.1
            )));
        }
        let padded_axis = |n: usize, p: usize| p.checked_mul(2).and_then(|p2| n.checked_add(p2));
        let padded = match (
            padded_axis(input.0, spec.padding.0),
            padded_axis(input.1, spec.padding.1),
        ) {
            (Some(r), Some(c)) => (r, c),
            _ => return Err(Error::Usage("the padding is too large".into())),
        };
        check_size("the padded input", padded.0.checked_mul(padded.1))?;
        check_size("the kernel", Some(kernel.0 * kernel.1))?;
        if kernel.0 > padded.0 || kernel.1 > padded.1 {
            return Err(Error::Usage(format!(
                "the kernel ({} x {}) is larger than the padded input ({} x {})",
                kernel.0, kernel.1, padded.0, padded.1
            )));
        }
        let output = (
            (padded.0 - kernel.0) / spec.stride.0 + 1,
            (padded.1 - kernel.1) / spec.stride.1 + 1,
        );
        let products = output.0 * output.1 * kernel.0 * kernel.1;
        if products > MAX_PRODUCTS {
            return Err(Error::Usage(format!(
                "the convolution needs {products} products, more than the limit of {MAX_PRODUCTS}"
            )));
        }
        Ok(Geometry {
            input,
            kernel,
            spec,
            padded,
            output,
        })
    }

    /// Refuse a W (one row per output entry, one column per entry of the padded
    /// input, at most) past [`MAX_MATRIX_ENTRIES`].
    pub fn check_matrix_size(&self) -> Result<(), Error> {
        let entries = (self.output.0 * self.output.1).saturating_mul(self.padded.0 * self.padded.1);
        if entries > MAX_MATRIX_ENTRIES {
            return Err(Error::Usage(format!(
                "W would have {entries} entries, more than the limit of {MAX_MATRIX_ENTRIES}"
            )));
        }
        Ok(())
    }

    /// Rows and columns at the bottom and right of the padded input that no window
    /// reaches, because the stride steps over them.
    pub fn unreached(&self) -> (usize, usize) {
        (
            self.padded.0 - ((self.output.0 - 1) * self.spec.stride.0 + self.kernel.0),
            self.padded.1 - ((self.output.1 - 1) * self.spec.stride.1 + self.kernel.1),
        )
    }

    /// Is position (row, col) of the padded input in the zero border?
    pub fn in_padding(&self, row: usize, col: usize) -> bool {
        let (pr, pc) = self.spec.padding;
        !((pr..pr + self.input.0).contains(&row) && (pc..pc + self.input.1).contains(&col))
    }
}
