//! The derivation as data: which steps a reader sees, in order, and whether the checks
//! passed. Nothing here is formatted; `output.rs` prints it.

use super::check;
use super::compute::{convolve, folded_sum, Entry};
use super::matrix::Matrix;
use super::spec::{ConvSpec, Geometry, Operand};
use super::weights::{Basis, Sparsity, VecOrder, WeightMatrix};
use crate::error::Error;
use crate::expr::{Expr, Index, Symbol};

/// What to derive: the output itself, or the convolution as `W x = s`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Direct,
    Matrix { order: VecOrder, basis: Basis },
}

/// One step of a convolution derivation.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// The operands: the input `x` and the kernel `f`.
    Given {
        input: Matrix,
        kernel: Matrix,
    },
    /// The input with its zero border. `symbolic_border` lists the symbols that stand
    /// for border zeros when the padded grid is all symbols (a shape, vectorized with
    /// its padding, as the seed does).
    Padded {
        padding: (usize, usize),
        grid: Matrix,
        symbolic_border: Vec<Expr>,
        /// Rows and columns at the bottom and right that the stride never reaches.
        unreached: (usize, usize),
    },
    /// The kernel rotated by 180 degrees, for the mathematical convolution.
    Flipped {
        kernel: Matrix,
    },
    /// One output entry as its sum of products, then folded.
    Entry {
        name: Expr,
        products: Vec<(Expr, Expr)>,
        value: Expr,
    },
    /// One row of `W x`: W's nonzeros in that row times the matching entries of x.
    Row {
        name: Expr,
        products: Vec<(Expr, Expr)>,
        value: Expr,
    },
    /// The output matrix s.
    Output {
        output: Matrix,
    },
    /// The grid x is made of, and x itself.
    Vectorize {
        order: VecOrder,
        grid: Matrix,
        x: Vec<Expr>,
    },
    /// `W x = s` written out.
    Weights {
        w: WeightMatrix,
        x: Vec<Expr>,
        s: Vec<Expr>,
    },
    Sparsity(Sparsity),
}

impl Step {
    /// The rule's printed name; `None` for the starting point.
    pub fn rule(&self) -> Option<String> {
        match self {
            Step::Given { .. } => None,
            Step::Padded {
                padding: (r, c), ..
            } => Some(format!("zero padding ({r}, {c})")),
            Step::Flipped { .. } => Some("rotate the kernel (flipped convolution)".into()),
            Step::Entry { .. } => Some("sum of products".into()),
            Step::Row { .. } => Some("row of W times x".into()),
            Step::Output { .. } => Some("output".into()),
            Step::Vectorize { order, .. } => Some(format!("vectorize in {} order", order.name())),
            Step::Weights { .. } => Some("weight matrix".into()),
            Step::Sparsity(_) => Some("sparsity and weight sharing".into()),
        }
    }
}

/// What a derivation ends with.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// The output s of the direct convolution.
    Output(Matrix),
    /// The weight matrix W of `W x = s`.
    Weights(WeightMatrix),
}

/// A finished convolution derivation; print it with `to_text`, `to_latex`, `to_json`.
#[derive(Clone, Debug, PartialEq)]
pub struct ConvOutput {
    /// What was asked, as one line: `conv(x, f) with x = [[4, -2, 1], ...], ...`.
    pub statement: String,
    pub(crate) steps: Vec<Step>,
    pub(crate) result: Outcome,
    /// True only when every check passed.
    pub verified: bool,
}

/// Derive `conv(input, kernel)` with `spec`, directly or as `W x = s`. Shapes become
/// fresh symbols: `f_1 ...` for the kernel, `x_1 ...` for the input, numbered over the
/// padded grid when that is what x vectorizes.
pub fn derive(
    input: &Operand,
    kernel: &Operand,
    spec: ConvSpec,
    mode: Mode,
) -> Result<ConvOutput, Error> {
    // Sizes first, so nothing is built for a request that is refused.
    let geometry = Geometry::new(input.shape(), kernel.shape(), spec)?;
    let kernel_m = kernel.to_matrix("f");
    let statement = statement(input, kernel, spec, mode);
    match mode {
        Mode::Direct => direct(statement, &input.to_matrix("x"), &kernel_m, spec),
        Mode::Matrix { order, basis } => {
            geometry.check_matrix_size()?;
            weights(statement, input, &kernel_m, &geometry, order, basis)
        }
    }
}

fn direct(
    statement: String,
    input: &Matrix,
    kernel: &Matrix,
    spec: ConvSpec,
) -> Result<ConvOutput, Error> {
    let conv = convolve(input, kernel, spec)?;
    let mut steps = vec![Step::Given {
        input: input.clone(),
        kernel: kernel.clone(),
    }];
    if spec.padding != (0, 0) {
        steps.push(Step::Padded {
            padding: spec.padding,
            grid: conv.padded.clone(),
            symbolic_border: Vec::new(),
            unreached: conv.geometry.unreached(),
        });
    }
    if spec.flip {
        steps.push(Step::Flipped {
            kernel: conv.window_kernel.clone(),
        });
    }
    steps.extend(conv.entries.iter().map(|e| Step::Entry {
        name: Expr::symbol(Symbol::indexed(
            "s",
            vec![fixed(e.row + 1), fixed(e.col + 1)],
        )),
        products: e.products.clone(),
        value: e.value.clone(),
    }));
    steps.push(Step::Output {
        output: conv.output.clone(),
    });
    Ok(ConvOutput {
        statement,
        steps,
        verified: check::entries_add_up(&conv.entries),
        result: Outcome::Output(conv.output),
    })
}

fn weights(
    statement: String,
    input: &Operand,
    kernel: &Matrix,
    geometry: &Geometry,
    order: VecOrder,
    basis: Basis,
) -> Result<ConvOutput, Error> {
    let spec = geometry.spec;
    let (pad_r, pad_c) = spec.padding;
    // The grid x vectorizes, and the convolution spec that maps that grid to s.
    let (grid, given, grid_spec) = match (basis, input) {
        (Basis::Padded, Operand::Shape(..)) => {
            let grid = Matrix::symbols("x", geometry.padded.0, geometry.padded.1);
            let given = Matrix::from_fn(geometry.input.0, geometry.input.1, |r, c| {
                grid.get(r + pad_r, c + pad_c).clone()
            });
            (grid, given, unpadded(spec))
        }
        (Basis::Padded, Operand::Literal(m)) => {
            (m.zero_padded(spec.padding), m.clone(), unpadded(spec))
        }
        (Basis::Unpadded, _) => {
            let m = input.to_matrix("x");
            (m.clone(), m, spec)
        }
    };
    let direct = convolve(&grid, kernel, grid_spec)?;
    let w = WeightMatrix::build(geometry, kernel, order, basis);
    let x = order.vectorize(&grid);
    let rows: Vec<Entry> = w
        .products(&x)
        .into_iter()
        .enumerate()
        .map(|(i, products)| Entry {
            row: i,
            col: 0,
            value: folded_sum(&products),
            products,
        })
        .collect();
    let verified = check::weights_match(&w, &x, &direct.entries, geometry.input, kernel, spec)
        && check::entries_add_up(&rows);

    let mut steps = vec![Step::Given {
        input: given,
        kernel: kernel.clone(),
    }];
    if basis == Basis::Padded && spec.padding != (0, 0) {
        let symbolic_border = match input {
            Operand::Shape(..) => (0..geometry.padded.0)
                .flat_map(|r| (0..geometry.padded.1).map(move |c| (r, c)))
                .filter(|&(r, c)| geometry.in_padding(r, c))
                .map(|(r, c)| grid.get(r, c).clone())
                .collect(),
            Operand::Literal(_) => Vec::new(),
        };
        steps.push(Step::Padded {
            padding: spec.padding,
            grid: grid.clone(),
            symbolic_border,
            unreached: geometry.unreached(),
        });
    }
    if spec.flip {
        steps.push(Step::Flipped {
            kernel: kernel.rotated(),
        });
    }
    let s: Vec<Expr> = (1..=w.shape().0)
        .map(|i| super::matrix::numbered("s", i))
        .collect();
    steps.push(Step::Vectorize {
        order,
        grid,
        x: x.clone(),
    });
    steps.push(Step::Weights {
        w: w.clone(),
        x,
        s: s.clone(),
    });
    steps.extend(rows.into_iter().zip(s).map(|(e, name)| Step::Row {
        name,
        products: e.products,
        value: e.value,
    }));
    steps.push(Step::Sparsity(w.sparsity()));
    Ok(ConvOutput {
        statement,
        steps,
        verified,
        result: Outcome::Weights(w),
    })
}

/// The same convolution over a grid that already carries its padding.
fn unpadded(spec: ConvSpec) -> ConvSpec {
    ConvSpec {
        padding: (0, 0),
        ..spec
    }
}

fn fixed(n: usize) -> Index {
    Index::Fixed(u32::try_from(n).expect("sizes are limited well below u32::MAX"))
}

fn statement(input: &Operand, kernel: &Operand, spec: ConvSpec, mode: Mode) -> String {
    let operand = |name: &str, o: &Operand| match o {
        Operand::Literal(m) => format!("{name} = {}", super::output::matrix_line(m)),
        Operand::Shape(r, c) => format!("{name}: {r}x{c}"),
    };
    let mut out = format!(
        "conv(x, f) with {}, {}, padding ({}, {}), stride ({}, {})",
        operand("x", input),
        operand("f", kernel),
        spec.padding.0,
        spec.padding.1,
        spec.stride.0,
        spec.stride.1
    );
    if spec.flip {
        out.push_str(", kernel flipped");
    }
    if let Mode::Matrix { order, basis } = mode {
        let grid = match basis {
            Basis::Padded => "padded input",
            Basis::Unpadded => "unpadded input",
        };
        out.push_str(&format!(
            ", as W x = s with x the {grid} in {} order",
            order.name()
        ));
    }
    out
}
