//! Limits on the work one input may ask for, checked before any work starts, so that
//! no input runs for minutes or fills memory: how many terms nested sums add up, how
//! deeply derivatives nest, how large a sheet file and a printed document may be. Each
//! limit is stated in README's Limits section. A statement past one is bad input (exit
//! 2, with its place); a document past the output limit is refused like any other
//! limit of the engine (exit 3).

use crate::expr::{Expr, Node};
use num_traits::ToPrimitive;

/// Terms a nest of sums may add up at one point of a check: the product of the
/// lengths of sums inside one another. A dimension such as `d` is drawn small by the
/// checks; here every name in a bound counts as [`NAME_IN_BOUND`].
pub const MAX_SUM_TERMS: u128 = 10_000;

/// What a name in a sum's bound (`d`, `n + 1`) counts as when the terms are counted:
/// more than the checks ever draw for a dimension.
pub const NAME_IN_BOUND: i128 = 10;

/// Derivatives inside one another: each level multiplies the cost of the numeric
/// check (a difference quotient of a difference quotient), so five would take minutes.
pub const MAX_NESTED_DERIVATIVES: usize = 3;

#[cfg(feature = "cli")] // the command line reads files and writes documents
/// Bytes a sheet file may have. Sheets are hand-written; this is far more than any.
pub const MAX_SHEET_BYTES: u64 = 1 << 20;

#[cfg(feature = "cli")] // the command line reads files and writes documents
/// Bytes a printed document may have.
pub const MAX_OUTPUT_BYTES: usize = 16 << 20;

/// The largest magnitude a sum's bound may have (with every name counted as
/// [`NAME_IN_BOUND`]); beyond it the count below cannot be represented anyway.
const MAX_BOUND: i128 = 1 << 60;

/// The value of a sum's bound with every name counted as [`NAME_IN_BOUND`], or why it
/// cannot be a bound: it must be an integer expression of names and integers.
fn bound_value(e: &Expr) -> Result<i128, String> {
    let not_integer = || {
        "a sum's bound must be an integer, a name such as `d`, or a sum or product of \
         them (`n + 1`, `2 d`)"
            .to_string()
    };
    let too_large = || format!("a sum's bound must be at most {MAX_BOUND} in size");
    let value = match e.node() {
        Node::Num(n) if n.is_integer() => n.to_integer().to_i128().ok_or_else(too_large)?,
        Node::Sym(_) => NAME_IN_BOUND,
        Node::Add(terms) => terms.iter().try_fold(0i128, |acc, t| {
            Ok::<_, String>(acc.saturating_add(bound_value(t)?))
        })?,
        Node::Mul(factors) => factors.iter().try_fold(1i128, |acc, f| {
            Ok::<_, String>(acc.saturating_mul(bound_value(f)?))
        })?,
        Node::Pow(base, exp) => {
            let base = bound_value(base)?;
            match exp.as_num().and_then(|n| n.to_u32()) {
                Some(k) => base.checked_pow(k).unwrap_or(i128::MAX),
                None => return Err(not_integer()),
            }
        }
        _ => return Err(not_integer()),
    };
    if value.abs() > MAX_BOUND {
        return Err(too_large());
    }
    Ok(value)
}

/// The most terms `e` adds up at one point through sums inside one another.
fn nested_terms(e: &Expr) -> u128 {
    let inner = e.children().iter().map(nested_terms).max().unwrap_or(1);
    match e.node() {
        Node::Sum { lower, upper, .. } => {
            let length = match (bound_value(lower), bound_value(upper)) {
                (Ok(lo), Ok(hi)) => (hi - lo + 1).max(1) as u128,
                _ => 1,
            };
            length.saturating_mul(inner)
        }
        _ => inner,
    }
}

/// Check a new sum over `lower..=upper` of `body`: integer bounds, and no more than
/// [`MAX_SUM_TERMS`] terms with the sums inside it.
pub fn check_sum(lower: &Expr, upper: &Expr, body: &Expr) -> Result<(), String> {
    let lo = bound_value(lower)?;
    let hi = bound_value(upper)?;
    let length = (hi - lo + 1).max(1) as u128;
    let terms = length.saturating_mul(nested_terms(body));
    if terms > MAX_SUM_TERMS {
        return Err(format!(
            "this sum adds up {terms} terms (with the sums inside it, a name in a bound \
             counted as {NAME_IN_BOUND}); the limit is {MAX_SUM_TERMS}"
        ));
    }
    Ok(())
}

/// Check that `depth` nested derivatives are within [`MAX_NESTED_DERIVATIVES`].
pub fn check_derivative_depth(depth: usize) -> Result<(), String> {
    if depth > MAX_NESTED_DERIVATIVES {
        return Err(format!(
            "{depth} derivatives inside one another; the limit is {MAX_NESTED_DERIVATIVES}, \
             since each level multiplies the work of checking a step"
        ));
    }
    Ok(())
}

/// Check a whole tree against the limits the parser checks as it reads: every sum's
/// terms and the nesting of derivatives. For trees built outside the parser, such as
/// the derivative `derive` is asked for around what was read.
pub fn check_tree(e: &Expr) -> Result<(), String> {
    check_derivative_depth(e.derivative_depth())?;
    let mut found = Ok(());
    e.any(&mut |n| match n.node() {
        Node::Sum {
            lower, upper, body, ..
        } => {
            found = check_sum(lower, upper, body);
            found.is_err()
        }
        _ => false,
    });
    found
}

#[cfg(feature = "cli")] // the command line reads files and writes documents
/// Read a sheet file of at most [`MAX_SHEET_BYTES`], so that `/dev/zero` or a huge
/// file is refused instead of filling memory.
pub fn read_sheet(path: &std::path::Path) -> Result<String, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut bytes = Vec::new();
    file.take(MAX_SHEET_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > MAX_SHEET_BYTES {
        return Err(format!(
            "the file is larger than {MAX_SHEET_BYTES} bytes, the limit for a sheet"
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "the file is not UTF-8 text (byte {} is not valid)",
            e.utf8_error().valid_up_to()
        )
    })
}

#[cfg(feature = "cli")] // the command line reads files and writes documents
/// Check the size of a printed document against [`MAX_OUTPUT_BYTES`].
pub fn check_output_size(text: &str) -> Result<(), String> {
    if text.len() > MAX_OUTPUT_BYTES {
        return Err(format!(
            "the output would be {} bytes; the limit is {MAX_OUTPUT_BYTES}",
            text.len()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{parse_expr, Names};

    fn p(src: &str) -> Expr {
        parse_expr(src, &Names::default()).unwrap()
    }

    #[test]
    fn bounds_count_names_as_ten() {
        assert_eq!(bound_value(&p("d")), Ok(10));
        assert_eq!(bound_value(&p("n + 1")), Ok(11));
        assert_eq!(bound_value(&p("2 d - 3")), Ok(17));
        assert_eq!(bound_value(&p("-5")), Ok(-5));
        assert!(bound_value(&p("1/2")).is_err());
        assert!(bound_value(&p("exp(d)")).is_err());
    }

    #[test]
    fn nested_sums_multiply() {
        assert_eq!(nested_terms(&p("sum_{k=1}^{100} x_k")), 100);
        assert_eq!(nested_terms(&p("sum_j sum_k x_j y_k")), 100);
        assert_eq!(nested_terms(&p("sum_j x_j + sum_{k=1}^{50} y_k")), 50);
        assert_eq!(p("d/dx (d/dx x + d/dx d/dx x^3)").derivative_depth(), 3);
    }
}
