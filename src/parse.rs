//! Text to [`Expr`]: the pest grammar in `grammar/stepwise.pest`, one PrattParser for
//! precedence, and the resolution of names (function call or product, symbol or
//! Kronecker delta). Every error carries the span of the offending text.

use crate::error::{InputError, Span};
use crate::expr::{self, Builtin, Expr, Func, Index, Node, Rational, Symbol};
use crate::input_limits::{check_derivative_depth, check_sum};
use num_bigint::BigInt;
use num_traits::Zero;
use pest::iterators::{Pair, Pairs};
use pest::pratt_parser::{Assoc, Op, PrattParser};
use pest::Parser;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::OnceLock;

#[derive(pest_derive::Parser)]
#[grammar = "grammar/stepwise.pest"]
struct Grammar;

/// How deep brackets and prefix operators may nest before the input is refused. Deeper
/// input would only exhaust the stack of the recursive steps that follow parsing.
pub const MAX_NESTING: usize = 400;

/// What the parser must know beyond the grammar: the user's functions and their arity.
#[derive(Clone, Debug, Default)]
pub struct Names {
    pub functions: HashMap<String, usize>,
}

/// A parsed statement: an expression, or an equation `lhs = rhs`.
#[derive(Clone, Debug, PartialEq)]
pub enum Statement {
    Expr(Expr),
    Equation(Expr, Expr),
}

fn pratt() -> &'static PrattParser<Rule> {
    static PRATT: OnceLock<PrattParser<Rule>> = OnceLock::new();
    PRATT.get_or_init(|| {
        PrattParser::new()
            .op(Op::infix(Rule::add, Assoc::Left) | Op::infix(Rule::sub, Assoc::Left))
            .op(Op::prefix(Rule::deriv_op) | Op::prefix(Rule::sum_op))
            .op(Op::infix(Rule::mul, Assoc::Left)
                | Op::infix(Rule::div, Assoc::Left)
                | Op::infix(Rule::implicit, Assoc::Left))
            .op(Op::prefix(Rule::neg))
            .op(Op::infix(Rule::pow, Assoc::Right))
    })
}

impl std::str::FromStr for Expr {
    type Err = crate::error::Error;

    /// Read an expression, or an equation `lhs = rhs` (an [`Expr`] whose node is the
    /// equation), in the input language with the built-in functions. An error names
    /// its line and column in `src`.
    ///
    /// ```
    /// let e: stepwise::Expr = "x^2 sin(x)".parse()?;
    /// assert_eq!(e.to_string(), "x^2 sin(x)");
    /// assert_eq!(e.to_latex(), r"x^{2} \sin(x)");
    /// let eq: stepwise::Expr = "d/dx tanh(x) = 1 - tanh(x)^2".parse()?;
    /// assert_eq!(eq.to_string(), "d/dx tanh(x) = 1 - tanh(x)^2");
    /// assert!("tahn(x)".parse::<stepwise::Expr>().is_err());
    /// # Ok::<(), stepwise::Error>(())
    /// ```
    fn from_str(src: &str) -> Result<Expr, crate::error::Error> {
        match parse_statement(src, &Names::default()) {
            Ok(Statement::Expr(e)) => Ok(e),
            Ok(Statement::Equation(lhs, rhs)) => Ok(expr::equation(lhs, rhs)),
            Err(e) => Err(crate::error::Error::from(e).placed(src)),
        }
    }
}

/// Parse an expression or an equation.
pub fn parse_statement(src: &str, names: &Names) -> Result<Statement, InputError> {
    check_nesting(src)?;
    let mut pairs =
        Grammar::parse(Rule::statement, src).map_err(|e| syntax_error(src, e, human_rule))?;
    let top = pairs.next().expect("statement");
    let mut sides = top.into_inner().filter(|p| p.as_rule() == Rule::expr);
    let lhs = build_expr(sides.next().expect("lhs"), names)?;
    let statement = match sides.next() {
        Some(rhs) => Statement::Equation(lhs, build_expr(rhs, names)?),
        None => Statement::Expr(lhs),
    };
    let whole = match &statement {
        Statement::Expr(e) => e.clone(),
        Statement::Equation(l, r) => expr::equation(l.clone(), r.clone()),
    };
    check_free_and_bound(&whole, src)?;
    Ok(statement)
}

/// An index is either free or bound by a sum in one statement, never both: `x_k +
/// sum_k x_k` would make `k` mean two things at once.
fn check_free_and_bound(e: &Expr, src: &str) -> Result<(), InputError> {
    let clash = expr::free_and_bound(e).into_iter().next();
    match clash {
        None => Ok(()),
        Some(k) => Err(InputError::new(
            format!("the index `{k}` is used both free and bound by a sum: rename the sum's index"),
            sum_span(src, &k),
        )),
    }
}

/// Where `sum_k` (or `sum_{k=...}`) is written in `src`: the place an error about the
/// index `k` points at.
fn sum_span(src: &str, k: &str) -> Span {
    let at = src
        .find(&format!("sum_{k}"))
        .or_else(|| src.find(&format!("sum_{{{k}")))
        .unwrap_or(0);
    Span::new(at, at + 4 + k.len())
}

/// A variable to differentiate by may not carry an index that a sum in `e` binds:
/// `x_k` in `sum_k x_k^2` names no one entry, so `--wrt x_k` asks nothing.
pub fn check_variable_is_free(e: &Expr, var: &Symbol, src: &str) -> Result<(), InputError> {
    let bound = var.indices.iter().find_map(|i| match i {
        Index::Var(k)
            if e.any(&mut |n| matches!(n.node(), Node::Sum { index, .. } if index == k)) =>
        {
            Some(k.clone())
        }
        _ => None,
    });
    match bound {
        None => Ok(()),
        Some(k) => Err(InputError::new(
            format!(
                "cannot differentiate with respect to `{var}`: its index `{k}` is bound by \
                 this sum, so `{var}` names no one entry (use a number or an index the sum \
                 does not bind)"
            ),
            sum_span(src, &k),
        )),
    }
}

/// Parse an expression; an equation is an error.
pub fn parse_expr(src: &str, names: &Names) -> Result<Expr, InputError> {
    match parse_statement(src, names)? {
        Statement::Expr(e) => Ok(e),
        Statement::Equation(..) => Err(InputError::new(
            "expected an expression, found an equation",
            Span::new(src.find('=').unwrap_or(0), src.len()),
        )),
    }
}

/// Parse a matrix literal `[[a, b], [c, d]]` into rows.
pub fn parse_matrix(src: &str, names: &Names) -> Result<Vec<Vec<Expr>>, InputError> {
    check_nesting(src)?;
    let mut pairs =
        Grammar::parse(Rule::matrix_input, src).map_err(|e| syntax_error(src, e, human_rule))?;
    let matrix = pairs
        .next()
        .and_then(|p| p.into_inner().next())
        .expect("matrix");
    let mut rows = Vec::new();
    let mut width = None;
    for row in matrix.into_inner() {
        let span = row.as_span();
        let entries = row
            .into_inner()
            .map(|e| build_expr(e, names))
            .collect::<Result<Vec<_>, _>>()?;
        match width {
            None => width = Some(entries.len()),
            Some(w) if w != entries.len() => {
                return Err(InputError::new(
                    format!(
                        "ragged matrix: this row has {}, the first has {w}",
                        match entries.len() {
                            1 => "1 entry".to_string(),
                            n => format!("{n} entries"),
                        }
                    ),
                    Span::new(span.start(), span.end()),
                ))
            }
            Some(_) => {}
        }
        rows.push(entries);
    }
    Ok(rows)
}

/// Refuse input nested deeper than [`MAX_NESTING`] before the recursive parser sees it.
fn check_nesting(src: &str) -> Result<(), InputError> {
    if src.trim().is_empty() {
        return Err(InputError::new("empty input", Span::at(0)));
    }
    let mut depth = 0usize;
    let mut prefix_run = 0usize;
    for (at, c) in src.char_indices() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        // Operators in a row (`- - - x`, `x^-^-`) nest like brackets do.
        match c {
            '-' | '^' => prefix_run += 1,
            c if c.is_whitespace() => {}
            _ => prefix_run = 0,
        }
        if depth + prefix_run > MAX_NESTING {
            return Err(InputError::new(
                format!("input nested more than {MAX_NESTING} levels deep"),
                Span::new(at, at + c.len_utf8()),
            ));
        }
    }
    Ok(())
}

/// A pest error as an [`InputError`]: what was expected (each grammar rule named by
/// `human`) and what was found, at the place. Shared by the grammars of the text
/// language and of LaTeX.
pub(crate) fn syntax_error<R: pest::RuleType>(
    src: &str,
    e: pest::error::Error<R>,
    human: fn(R) -> &'static str,
) -> InputError {
    use pest::error::{ErrorVariant, InputLocation};
    let span = match e.location {
        InputLocation::Pos(p) => Span::at(p),
        InputLocation::Span((a, b)) => Span::new(a, b),
    };
    let found = src[span.start.min(src.len())..]
        .chars()
        .next()
        .map_or("end of input".to_string(), |c| format!("`{c}`"));
    let message = match &e.variant {
        ErrorVariant::ParsingError { positives, .. } => {
            let mut wanted: Vec<&str> = positives.iter().map(|r| human(*r)).collect();
            wanted.sort();
            wanted.dedup();
            if wanted.is_empty() {
                format!("unexpected {found}")
            } else {
                format!("expected {}, found {found}", wanted.join(" or "))
            }
        }
        ErrorVariant::CustomError { message } => message.clone(),
    };
    InputError::new(message, span)
}

/// The name a reader understands for each grammar rule, in one exhaustive match so a new
/// rule cannot leak into a message under its internal name.
fn human_rule(rule: Rule) -> &'static str {
    match rule {
        Rule::EOI => "end of input",
        Rule::WHITESPACE | Rule::COMMENT => "whitespace",
        Rule::statement | Rule::expr => "an expression",
        Rule::matrix_input | Rule::matrix => "a matrix like [[1, 2], [3, 4]]",
        Rule::row => "a row like [1, 2]",
        Rule::infix | Rule::add | Rule::sub | Rule::mul | Rule::div | Rule::pow => "an operator",
        Rule::implicit => "a factor",
        Rule::prefix | Rule::neg => "`-`",
        Rule::deriv_op | Rule::not_a_variable => "a derivative d/dx",
        Rule::sum_op | Rule::sum_range | Rule::keyword => "a sum like sum_k",
        Rule::sum_upper => "an upper bound",
        Rule::primary | Rule::call | Rule::bare_call => "an expression",
        Rule::bare_power => "an exponent",
        Rule::builtin_name => "a function name",
        Rule::number => "a number",
        Rule::name | Rule::symbol => "a name",
        Rule::index_name => "an index name",
        Rule::subscript | Rule::sub_item | Rule::sub_short => "a subscript",
    }
}

fn span_of(pair: &Pair<Rule>) -> Span {
    Span::new(pair.as_span().start(), pair.as_span().end())
}

fn build_expr(pair: Pair<Rule>, names: &Names) -> Result<Expr, InputError> {
    debug_assert_eq!(pair.as_rule(), Rule::expr);
    fold(pair.into_inner(), names)
}

/// An operand while folding: the expression, and for `x (1 + x)` (a name before a
/// bracket that multiplies) the bracket alone, because `x (1 + x)^2` raises only
/// the bracket to the power.
type Operand = (Expr, Option<(Expr, Expr)>);

fn fold(pairs: Pairs<Rule>, names: &Names) -> Result<Expr, InputError> {
    fold_operands(pairs, names).map(|(e, _)| e)
}

fn fold_operands(pairs: Pairs<Rule>, names: &Names) -> Result<Operand, InputError> {
    pratt()
        .map_primary(|p| build_primary(p, names))
        .map_prefix(|op, rhs| {
            let rhs = rhs?.0;
            fold_prefix(op, rhs, names).map(|e| (e, None))
        })
        .map_infix(|lhs, op, rhs| {
            let ((lhs, left_juxtaposed), (rhs, right_juxtaposed)) = (lhs?, rhs?);
            // `a / y(z)` is `a / y z`, which is `(a / y) z`: `/` takes the one factor
            // after it, whether the next is written with a space or a bracket.
            if let (Rule::div, Some((factor, bracket))) = (op.as_rule(), &right_juxtaposed) {
                let quotient = fold_infix(lhs, op, factor.clone())?;
                return Ok((expr::mul(vec![quotient, bracket.clone()]), None));
            }
            if op.as_rule() != Rule::pow {
                return fold_infix(lhs, op, rhs).map(|e| (e, None));
            }
            // `x (1 + x)^2`: the power takes the bracket only. `x^y (1 + x)`: the
            // exponent is the name only, also under further powers (`a^x^y (1 + x)`
            // is `a^(x^y) (1 + x)`). The result keeps its head and tail apart, for
            // a power to its left.
            let (factor, base) = match left_juxtaposed {
                Some((factor, bracket)) => (Some(factor), bracket),
                None => (None, lhs),
            };
            let (exponent, trailing) = match right_juxtaposed {
                Some((name, bracket)) => (name, Some(bracket)),
                None => (rhs, None),
            };
            let raised = fold_infix(base, op, exponent)?;
            Ok(match (factor, trailing) {
                (None, None) => (raised, None),
                (Some(f), None) => (
                    expr::mul(vec![f.clone(), raised.clone()]),
                    Some((f, raised)),
                ),
                (None, Some(b)) => (
                    expr::mul(vec![raised.clone(), b.clone()]),
                    Some((raised, b)),
                ),
                (Some(f), Some(b)) => {
                    let tail = expr::mul(vec![raised, b]);
                    (expr::mul(vec![f.clone(), tail.clone()]), Some((f, tail)))
                }
            })
        })
        .parse(pairs)
}

fn fold_prefix(op: Pair<Rule>, rhs: Expr, names: &Names) -> Result<Expr, InputError> {
    {
        {
            match op.as_rule() {
                Rule::neg => Ok(expr::neg(rhs)),
                Rule::deriv_op => {
                    let op_span = span_of(&op);
                    let sym = op.into_inner().next().expect("symbol");
                    if sym.as_rule() == Rule::not_a_variable {
                        return Err(InputError::new(
                            "d/d must be followed by a variable, such as d/dx or d/dx_i",
                            op_span,
                        ));
                    }
                    let var = build_symbol(sym)?;
                    check_derivative_depth(rhs.derivative_depth() + 1)
                        .map_err(|m| InputError::new(m, op_span))?;
                    match var.node() {
                        Node::Sym(s) => Ok(expr::deriv(rhs, s.clone())),
                        _ => Err(InputError::new(
                            "d/d must be followed by a variable, such as d/dx or d/dx_i",
                            op_span,
                        )),
                    }
                }
                Rule::sum_op => build_sum(op, rhs, names),
                rule => unreachable!("expected a prefix operator, found {rule:?}"),
            }
        }
    }
}

fn fold_infix(lhs: Expr, op: Pair<Rule>, rhs: Expr) -> Result<Expr, InputError> {
    {
        {
            match op.as_rule() {
                Rule::add => Ok(expr::add(vec![lhs, rhs])),
                Rule::sub => Ok(expr::sub(lhs, rhs)),
                Rule::mul | Rule::implicit => Ok(expr::mul(vec![lhs, rhs])),
                Rule::div => {
                    if rhs.is_zero() {
                        return Err(InputError::new("division by zero", span_of(&op)));
                    }
                    Ok(expr::div(lhs, rhs))
                }
                Rule::pow => {
                    let negative = rhs.as_num().is_some_and(|n| n < &Rational::zero());
                    if lhs.is_zero() && negative {
                        return Err(InputError::new(
                            "division by zero: 0 to a negative power",
                            span_of(&op),
                        ));
                    }
                    Ok(expr::pow(lhs, rhs))
                }
                rule => unreachable!("expected an infix operator, found {rule:?}"),
            }
        }
    }
}

fn build_primary(pair: Pair<Rule>, names: &Names) -> Result<Operand, InputError> {
    match pair.as_rule() {
        Rule::number => build_number(pair).map(|e| (e, None)),
        Rule::symbol => build_symbol(pair).map(|e| (e, None)),
        Rule::bare_call => {
            let mut inner = pair.into_inner();
            let name = inner.next().expect("function name").as_str();
            let f = Builtin::from_name(name).expect("the grammar lists built-ins");
            let mut arg = build_symbol(inner.next().expect("argument"))?;
            if let Some(power) = inner.next() {
                let exponent = power.into_inner().next().expect("an exponent");
                let exponent = match exponent.as_rule() {
                    Rule::number => build_number(exponent)?,
                    _ => build_symbol(exponent)?,
                };
                arg = expr::pow(arg, exponent);
            }
            Ok((expr::call(Func::Builtin(f), vec![arg]), None))
        }
        Rule::call => build_call(pair, names),
        Rule::expr => build_expr(pair, names).map(|e| (e, None)),
        rule => unreachable!("expected a primary expression, found {rule:?}"),
    }
}

/// Scientific notation reaches this far: `1e308` is a number, `1e100000` is refused
/// rather than written out in a hundred thousand digits.
const MAX_DECIMAL_EXPONENT: usize = 400;

/// A number as written, read exactly; an error where its exponent of 10 is beyond
/// [`MAX_DECIMAL_EXPONENT`].
fn build_number(pair: Pair<Rule>) -> Result<Expr, InputError> {
    let text = pair.as_str();
    let exponent = text.split_once(['e', 'E']).map_or("", |(_, e)| e);
    if exponent.trim_start_matches('-').len() > 3
        || exponent
            .trim_start_matches('-')
            .parse::<usize>()
            .unwrap_or(0)
            > MAX_DECIMAL_EXPONENT
    {
        return Err(InputError::new(
            format!("`{text}`: an exponent of 10 beyond {MAX_DECIMAL_EXPONENT} is too large"),
            span_of(&pair),
        ));
    }
    Ok(Expr::num(parse_number(text)))
}

/// A decimal read exactly, in scientific notation too: `0.25` is `1/4`, `2.5e-3` is
/// `1/400`.
pub(crate) fn parse_number(text: &str) -> Rational {
    let (mantissa, exponent) = text.split_once(['e', 'E']).unwrap_or((text, "0"));
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits: BigInt = format!("{int}{frac}").parse().expect("digits");
    let scale = num_traits::pow(BigInt::from(10), frac.len());
    let value = Rational::new(digits, scale);
    let exponent: i32 = exponent.parse().expect("the grammar's digits");
    let ten = Rational::from_integer(BigInt::from(10));
    value * num_traits::pow::Pow::pow(&ten, exponent)
}

fn build_symbol(pair: Pair<Rule>) -> Result<Expr, InputError> {
    let span = span_of(&pair);
    let mut inner = pair.into_inner();
    let name = inner.next().expect("name").as_str();
    let indices = match inner.next() {
        Some(sub) => parse_subscript(sub)?,
        None => Vec::new(),
    };
    if Builtin::from_name(name).is_some() {
        return Err(InputError::new(
            format!("`{name}` is a function: write {name}(x)"),
            span,
        ));
    }
    if name == "delta" {
        return match indices.as_slice() {
            [a, b] => Ok(expr::delta(a.clone(), b.clone())),
            _ => Err(InputError::new(
                "the Kronecker delta takes two indices, as in delta_ij or delta_{i,j}",
                span,
            )),
        };
    }
    Ok(Expr::symbol(Symbol::indexed(name, indices)))
}

/// `_i`, `_12`, `_ij` (two indices), `_{i,j}`, `_{k1,2}`.
fn parse_subscript(pair: Pair<Rule>) -> Result<Vec<Index>, InputError> {
    let span = span_of(&pair);
    let mut out = Vec::new();
    for item in pair.into_inner() {
        let text = item.as_str();
        match item.as_rule() {
            Rule::sub_item => out.push(index_from(text, span)?),
            Rule::sub_short => {
                // Letters are one index each; a run of digits is one position.
                let mut rest = text;
                while let Some(c) = rest.chars().next() {
                    let len = if c.is_ascii_digit() {
                        rest.find(|c: char| !c.is_ascii_digit())
                            .unwrap_or(rest.len())
                    } else {
                        c.len_utf8()
                    };
                    out.push(index_from(&rest[..len], span)?);
                    rest = &rest[len..];
                }
            }
            rule => unreachable!("expected a subscript, found {rule:?}"),
        }
    }
    Ok(out)
}

pub(crate) fn index_from(text: &str, span: Span) -> Result<Index, InputError> {
    if text.chars().all(|c| c.is_ascii_digit()) {
        text.parse::<u32>()
            .map(Index::Fixed)
            .map_err(|_| InputError::new("subscript too large", span))
    } else if text.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) {
        Ok(Index::Var(text.into()))
    } else {
        Err(InputError::new(
            format!("`{text}` is not an index: use a name or a number"),
            span,
        ))
    }
}

fn build_call(pair: Pair<Rule>, names: &Names) -> Result<Operand, InputError> {
    let span = span_of(&pair);
    let mut inner = pair.into_inner();
    let name_pair = inner.next().expect("name");
    let name = name_pair.as_str();
    let name_span = span_of(&name_pair);
    let args = inner
        .map(|a| build_expr(a, names))
        .collect::<Result<Vec<_>, _>>()?;
    let arity_error = |want: usize| {
        InputError::new(
            format!(
                "`{name}` takes {want} argument{}, found {}",
                if want == 1 { "" } else { "s" },
                args.len()
            ),
            span,
        )
    };
    if let Some(b) = Builtin::from_name(name) {
        if args.len() != 1 {
            return Err(arity_error(1));
        }
        return Ok((expr::call(Func::Builtin(b), args), None));
    }
    if let Some(&want) = names.functions.get(name) {
        if args.len() != want {
            return Err(arity_error(want));
        }
        return Ok((expr::call(Func::User(Rc::from(name)), args), None));
    }
    // A variable before a parenthesis multiplies: `x (1 - x)`, `a2(b + c)`. A longer
    // word is almost always a misspelt or undefined function, so it is refused.
    let letters = name.chars().filter(|c| c.is_ascii_alphabetic()).count();
    if letters > 1 || args.len() != 1 || name == "delta" {
        let hint = if args.len() == 1 {
            format!(" (to multiply, write `{name} * (...)`)")
        } else {
            String::new()
        };
        return Err(InputError::new(
            format!("unknown function `{name}`{hint}"),
            name_span,
        ));
    }
    let factor = Expr::sym(name);
    let bracket = args.into_iter().next().expect("one argument");
    Ok((
        expr::mul(vec![factor.clone(), bracket.clone()]),
        Some((factor, bracket)),
    ))
}

fn build_sum(op: Pair<Rule>, body: Expr, names: &Names) -> Result<Expr, InputError> {
    let span = span_of(&op);
    let (index, lower, upper) = sum_range(op, names)?;
    if !expr::mentions_index(&body, &index) {
        return Err(InputError::new(
            format!("the sum runs over `{index}`, which does not occur in what it sums"),
            span,
        ));
    }
    if body.any(&mut |n| matches!(n.node(), Node::Sum { index: inner, .. } if *inner == index)) {
        return Err(InputError::new(
            format!("`{index}` is bound by two nested sums: rename one"),
            span,
        ));
    }
    check_sum(&lower, &upper, &body).map_err(|m| InputError::new(m, span))?;
    Ok(expr::sum(index, lower, upper, body))
}

/// The index and bounds of `sum_k` (1 to d) or `sum_{k=a}^{b}`.
fn sum_range(op: Pair<Rule>, names: &Names) -> Result<(Rc<str>, Expr, Expr), InputError> {
    let inner = op.into_inner().next().expect("sum range or index");
    match inner.as_rule() {
        Rule::index_name => Ok((inner.as_str().into(), Expr::one(), Expr::sym(DEFAULT_UPPER))),
        Rule::sum_range => {
            let mut parts = inner.into_inner();
            let index = parts.next().expect("index").as_str();
            let lower = build_expr(parts.next().expect("lower"), names)?;
            let upper_pair = parts
                .next()
                .expect("upper")
                .into_inner()
                .next()
                .expect("upper");
            let upper = match upper_pair.as_rule() {
                Rule::expr => build_expr(upper_pair, names)?,
                Rule::number => build_number(upper_pair)?,
                Rule::name => Expr::sym(upper_pair.as_str()),
                rule => unreachable!("expected an upper bound, found {rule:?}"),
            };
            Ok((index.into(), lower, upper))
        }
        rule => unreachable!("expected a sum range, found {rule:?}"),
    }
}

/// The upper bound that the short form `sum_k` implies.
pub const DEFAULT_UPPER: &str = "d";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::print::text::to_text;

    fn p(src: &str) -> Expr {
        parse_expr(src, &Names::default()).unwrap_or_else(|e| panic!("{}", e.render(src, None)))
    }

    fn err(src: &str) -> InputError {
        parse_expr(src, &Names::default()).expect_err(src)
    }

    #[test]
    fn precedence() {
        assert_eq!(to_text(&p("-x^2")), "-x^2");
        assert_eq!(
            p("-x^2"),
            expr::neg(expr::pow(Expr::sym("x"), Expr::int(2)))
        );
        assert_eq!(p("2^3^2"), Expr::int(512));
        assert_eq!(to_text(&p("d/dx x sin(x)")), "d/dx x sin(x)");
        assert_eq!(to_text(&p("d/dx x + 1")), "d/dx x + 1");
        assert_eq!(to_text(&p("p_j (1 - p_i)")), "p_j (1 - p_i)");
        assert_eq!(to_text(&p("2 sigma(2x) - 1")), "2 sigma(2 x) - 1");
        // A name before a bracket multiplies; a power raises only the bracket.
        assert_eq!(p("x (1 + x)^2"), p("x * (1 + x)^2"));
        assert_eq!(p("x(1 + x)^2"), p("x * (1 + x)^2"));
    }

    #[test]
    fn decimals_are_exact() {
        assert_eq!(p("0.5"), Expr::num(Rational::new(1.into(), 2.into())));
        assert_eq!(p("1.25 x"), p("5/4 x"));
        // Scientific notation is a number, not a product with a symbol `e5`.
        assert_eq!(p("1e5 x"), p("100000 x"));
        assert_eq!(p("2.5E-3"), p("1/400"));
        assert_eq!(p("2 e x"), p("2 * e * x"));
        assert_eq!(p("2 exp(x)"), p("2 * exp(x)"));
        let e = err("1e1000");
        assert!(e.message.contains("beyond 400"), "{}", e.message);
    }

    #[test]
    fn a_bare_function_takes_the_power_of_its_argument() {
        // As a reader takes `log x^2`: the logarithm of the square.
        assert_eq!(p("log x^2"), p("log(x^2)"));
        assert_eq!(p("sin x ^ n y"), p("sin(x^n) * y"));
        assert_eq!(p("log(x)^2"), expr::pow(p("log(x)"), Expr::int(2)));
        assert_eq!(p("log P_i"), p("log(P_i)"));
    }

    #[test]
    fn errors_have_positions() {
        let e = err("x + ");
        assert_eq!(e.span.start, 4);
        let e = err("tahn(x)");
        assert!(
            e.message.contains("unknown function `tahn`"),
            "{}",
            e.message
        );
        assert!(err("exp(x, y)").message.contains("takes 1 argument"));
        assert!(err("x / 0").message.contains("division by zero"));
        assert!(err("2 log").message.contains("is a function"));
        assert!(err("sum_k x_j").message.contains("does not occur"));
        assert!(err("x_k + sum_k x_k")
            .message
            .contains("both free and bound"));
        assert_eq!(err("x_k + sum_k x_k").span.start, 6);
        assert_eq!(p("log P_i - log Z"), p("log(P_i) - log(Z)"));
        assert!(err("").message.contains("empty"));
        let deep = format!("{}x{}", "(".repeat(100_000), ")".repeat(100_000));
        assert!(err(&deep).message.contains("nested"));
    }
}
