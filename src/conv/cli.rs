//! The `conv` subcommand's options, and the glue from them to [`derive`].

use super::derive::{derive, ConvOutput, Mode};
use super::spec::{ConvSpec, Operand};
use super::weights::{Basis, VecOrder};
use crate::error::{Argument, Error};

/// Options of `stepwise conv`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::Args))]
pub struct ConvArgs {
    /// The input: a matrix such as `[[4,-2,1],[3,8,5]]`, or a shape such as `2x3`
    /// for fresh symbols x_1, x_2, ... numbered row-major.
    #[cfg_attr(feature = "cli", arg(long))]
    pub input: String,
    /// The kernel: a matrix such as `[[2],[4],[-1]]`, or a shape such as `3x1` for
    /// fresh symbols f_1, f_2, ...
    #[cfg_attr(feature = "cli", arg(long))]
    pub kernel: String,
    /// Zero rows above and below, zero columns left and right: `R,C` (or one number
    /// for both).
    #[cfg_attr(feature = "cli", arg(long, value_name = "R,C", default_value = "0,0", value_parser = parse_pair))]
    pub padding: (usize, usize),
    /// Step between windows down and across: `R,C` (or one number for both).
    #[cfg_attr(feature = "cli", arg(long, value_name = "R,C", default_value = "1,1", value_parser = parse_pair))]
    pub stride: (usize, usize),
    /// Rotate the kernel by 180 degrees (the mathematical convolution); without it
    /// the kernel is used as written, as in deep learning.
    #[cfg_attr(feature = "cli", arg(long))]
    pub flip: bool,
    /// Write the convolution as W x = s with the sparse weight matrix W.
    #[cfg_attr(feature = "cli", arg(long))]
    pub matrix: bool,
    /// With --matrix: vectorize the input row after row or column after column.
    #[cfg_attr(feature = "cli", arg(long, value_enum, default_value_t = VecOrder::Row, requires = "matrix"))]
    pub order: VecOrder,
    /// With --matrix: vectorize the input without its padding, which then becomes
    /// zeros of W.
    #[cfg_attr(feature = "cli", arg(long, requires = "matrix"))]
    pub unpadded: bool,
}

/// `R,C` or `N` (both axes).
#[cfg(feature = "cli")]
fn parse_pair(src: &str) -> Result<(usize, usize), String> {
    let number = |s: &str| {
        s.trim()
            .parse::<usize>()
            .map_err(|_| format!("expected a non-negative integer, found `{}`", s.trim()))
    };
    match src.split_once(',') {
        Some((r, c)) => Ok((number(r)?, number(c)?)),
        None => number(src).map(|n| (n, n)),
    }
}

/// Run `stepwise conv` with these options. Errors are the user's (exit code 2): a
/// mistake in an operand's text ([`Error::InArgument`], placed in that text), a zero
/// stride, a kernel larger than the padded input, options that do not go together.
pub fn run(args: &ConvArgs) -> Result<ConvOutput, Error> {
    if !args.matrix && (args.unpadded || args.order != VecOrder::Row) {
        return Err(Error::Usage(
            "`order` and `unpadded` apply only with `matrix` (the convolution as W x = s)".into(),
        ));
    }
    let input = Operand::parse(&args.input, Argument::ConvInput)?;
    let kernel = Operand::parse(&args.kernel, Argument::Kernel)?;
    let spec = ConvSpec {
        padding: args.padding,
        stride: args.stride,
        flip: args.flip,
    };
    let mode = if args.matrix {
        Mode::Matrix {
            order: args.order,
            basis: if args.unpadded {
                Basis::Unpadded
            } else {
                Basis::Padded
            },
        }
    } else {
        Mode::Direct
    };
    derive(&input, &kernel, spec, mode)
}
