//! One form of a LaTeX chain to [`Expr`]: the grammar in `grammar/latex.pest`, and a
//! fold of its flat sequence of operands and operators by precedence (the same levels
//! as the text language). The result is built with the smart constructors of
//! `expr`, so a LaTeX form and the same form in the text language are one `Expr`.
//!
//! Sums are where LaTeX is loose: `\sum_j a_j + b_j` has a `b_j` outside the sum by the
//! usual reading, which leaves `j` both bound and free. Such a form is not guessed: it
//! comes back with every reading (see [`Form`]) for the checker to show and check.

use crate::error::{InputError, Span};
use crate::expr::{self, Builtin, Expr, Func, Index, Node, Rational, Symbol};
use crate::parse::{index_from, parse_number, syntax_error, Names, MAX_NESTING};
use num_traits::Zero;
use pest::iterators::Pair;
use pest::Parser;
use std::rc::Rc;

#[derive(pest_derive::Parser)]
#[grammar = "grammar/latex.pest"]
struct Grammar;

/// What the reader must know beyond the grammar: the user's functions (written
/// `\operatorname{f}(x)`) and the symbols the user defined, so that `H(\mathbf{p},
/// \mathbf{y})` can be read as the defined `H` written with its arguments.
#[derive(Clone, Debug, Default)]
pub struct LatexNames {
    pub names: Names,
    pub defined_symbols: Vec<Rc<str>>,
}

/// A form as read: one expression, or several readings where the notation allows more
/// than one.
#[derive(Clone, Debug)]
pub enum Form {
    One(Expr),
    Readings(Vec<Reading>),
}

/// One way to read an ambiguous form: what it takes the notation to mean, and the
/// expression, or why that reading is not a formula.
#[derive(Clone, Debug)]
pub struct Reading {
    pub description: String,
    pub expr: Result<Expr, String>,
}

/// Read one form (no `=`, no alignment marks).
pub fn read_form(src: &str, names: &LatexNames) -> Result<Form, InputError> {
    check_depth(src)?;
    let mut pairs =
        Grammar::parse(Rule::form, src).map_err(|e| syntax_error(src, e, human_rule))?;
    let top = pairs.next().expect("form");
    let expr_pair = top
        .into_inner()
        .find(|p| p.as_rule() == Rule::expr)
        .expect("expr");
    let items = items_of(expr_pair.clone(), names)?;
    let usual = fold(&items, &Scope::default())?;
    let clash = expr::free_and_bound(&usual);
    if clash.is_empty() {
        return Ok(Form::One(usual));
    }
    let names_list = clash
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut readings = vec![Reading {
        description: "the sum takes only the product after it".into(),
        expr: Err(format!(
            "{names_list} would be bound by the sum and free after it"
        )),
    }];
    let wide = Scope {
        wide: clash.clone(),
        minus_inside: false,
    };
    readings.push(Reading {
        description: "the sum takes every term after it".into(),
        expr: fold(&items, &wide).map_err(|e| e.message),
    });
    if items
        .windows(2)
        .any(|w| matches!((&w[0].0, &w[1].0), (Item::Prefix(Pre::Neg), Item::Prefix(Pre::Sum { index, .. })) if clash.contains(index)))
    {
        readings.push(Reading {
            description: "the sum takes every term after it, the minus only the first".into(),
            expr: fold(
                &items,
                &Scope {
                    minus_inside: true,
                    ..wide
                },
            )
            .map_err(|e| e.message),
        });
    }
    // A reading in which the index is still free and bound resolves nothing; when no
    // reading resolves it, the index is simply used two ways, as in the text language.
    for r in readings.iter_mut().skip(1) {
        if r.expr
            .as_ref()
            .is_ok_and(|e| !expr::free_and_bound(e).is_empty())
        {
            r.expr = Err(format!("{names_list} would still be bound and free"));
        }
    }
    if readings.iter().all(|r| r.expr.is_err()) {
        let at = items
            .iter()
            .find(|(item, _)| matches!(item, Item::Prefix(Pre::Sum { index, .. }) if clash.contains(index)))
            .map_or(Span::at(0), |(_, span)| *span);
        return Err(InputError::new(
            format!("the index {names_list} is used both free and bound by a sum: rename the sum's index"),
            at,
        ));
    }
    Ok(Form::Readings(readings))
}

/// Refuse nesting deeper than the text language allows, before the recursive parser.
fn check_depth(src: &str) -> Result<(), InputError> {
    let mut depth = 0usize;
    for (at, c) in src.char_indices() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > MAX_NESTING {
            return Err(InputError::new(
                format!("input nested more than {MAX_NESTING} levels deep"),
                Span::new(at, at + 1),
            ));
        }
    }
    Ok(())
}

fn human_rule(rule: Rule) -> &'static str {
    match rule {
        Rule::EOI => "end of the formula",
        Rule::WHITESPACE => "whitespace",
        Rule::form | Rule::expr | Rule::operand | Rule::primary | Rule::group => "a formula",
        Rule::infix | Rule::add | Rule::sub | Rule::mul | Rule::div => "an operator",
        Rule::prefix | Rule::neg => "`-`",
        Rule::deriv_op | Rule::deriv_frac | Rule::partial | Rule::variable => {
            "a derivative \\frac{\\partial}{\\partial x}"
        }
        Rule::sum_op | Rule::sum_word | Rule::sum_range => "a sum \\sum_{k=1}^{d}",
        Rule::power | Rule::script => "an exponent",
        Rule::number | Rule::digit => "a number",
        Rule::frac | Rule::frac_word => "\\frac{...}{...}",
        Rule::sqrt | Rule::sqrt_word => "\\sqrt{...}",
        Rule::call | Rule::bare_call | Rule::function | Rule::builtin | Rule::word => {
            "a function such as \\exp(x)"
        }
        Rule::delta => "\\delta_{ij}",
        Rule::vector_call => "a quantity of vectors such as H(\\mathbf{p}, \\mathbf{y})",
        Rule::symbol | Rule::bold | Rule::greek | Rule::letter => "a symbol",
        Rule::subscript | Rule::sub_item | Rule::sub_item_one => "a subscript",
        Rule::open => "a bracket",
        Rule::close => "a closing bracket",
    }
}

fn span_of(pair: &Pair<Rule>) -> Span {
    Span::new(pair.as_span().start(), pair.as_span().end())
}

/// A prefix operator: it applies to what follows.
#[derive(Clone, Debug)]
enum Pre {
    Neg,
    Deriv(Symbol),
    Sum {
        index: Rc<str>,
        lower: Expr,
        upper: Expr,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Add,
    Sub,
    Mul,
    Div,
}

impl Op {
    fn precedence(self) -> u8 {
        match self {
            Op::Add | Op::Sub => ADDITIVE,
            Op::Mul | Op::Div => MULTIPLICATIVE,
        }
    }
}

const ADDITIVE: u8 = 1;
const MULTIPLICATIVE: u8 = 3;

#[derive(Clone, Debug)]
enum Item {
    Operand(Expr),
    Infix(Op),
    Prefix(Pre),
}

/// How far sums reach: the sums over the indices in `wide` take every term after them
/// (up to the end of their bracket), and with `minus_inside` a minus just before such a
/// sum negates only its first term.
#[derive(Clone, Debug, Default)]
struct Scope {
    wide: Vec<Rc<str>>,
    minus_inside: bool,
}

/// The flat sequence of an `expr` pair, with juxtaposition made explicit.
fn items_of(pair: Pair<Rule>, names: &LatexNames) -> Result<Vec<(Item, Span)>, InputError> {
    let mut out: Vec<(Item, Span)> = Vec::new();
    for p in pair.into_inner() {
        let span = span_of(&p);
        let item = match p.as_rule() {
            Rule::add => Item::Infix(Op::Add),
            Rule::sub => Item::Infix(Op::Sub),
            Rule::mul => Item::Infix(Op::Mul),
            Rule::div => Item::Infix(Op::Div),
            Rule::neg => Item::Prefix(Pre::Neg),
            Rule::deriv_op => Item::Prefix(Pre::Deriv(derivative_variable(p)?)),
            Rule::sum_op => Item::Prefix(sum_prefix(p, names)?),
            Rule::operand => Item::Operand(operand(p, names)?),
            rule => unreachable!("expected an item of a formula, found {rule:?}"),
        };
        // Juxtaposition multiplies: an operand followed by an operand or by a
        // derivative or sum.
        let follows_operand = matches!(out.last(), Some((Item::Operand(_), _)));
        let starts_factor = matches!(
            item,
            Item::Operand(_) | Item::Prefix(Pre::Deriv(_)) | Item::Prefix(Pre::Sum { .. })
        );
        if follows_operand && starts_factor {
            out.push((Item::Infix(Op::Mul), Span::at(span.start)));
        }
        out.push((item, span));
    }
    Ok(out)
}

/// Fold the items by precedence under one reading of the sums.
fn fold(items: &[(Item, Span)], scope: &Scope) -> Result<Expr, InputError> {
    let mut folder = Folder {
        items,
        at: 0,
        scope,
        negate_next: false,
    };
    let e = folder.expr(ADDITIVE)?;
    match folder.items.get(folder.at) {
        None => Ok(e),
        Some((_, span)) => Err(InputError::new("unexpected operator", *span)),
    }
}

struct Folder<'a> {
    items: &'a [(Item, Span)],
    at: usize,
    scope: &'a Scope,
    /// Set when a minus was moved inside a sum: the sum's first operand takes it.
    negate_next: bool,
}

impl Folder<'_> {
    fn end_span(&self) -> Span {
        self.items
            .last()
            .map_or(Span::at(0), |(_, s)| Span::at(s.end))
    }

    fn expr(&mut self, min: u8) -> Result<Expr, InputError> {
        let mut lhs = self.unary()?;
        while let Some((Item::Infix(op), span)) = self.items.get(self.at) {
            let (op, span) = (*op, *span);
            if op.precedence() < min {
                break;
            }
            self.at += 1;
            let rhs = self.expr(op.precedence() + 1)?;
            lhs = match op {
                Op::Add => expr::add(vec![lhs, rhs]),
                Op::Sub => expr::sub(lhs, rhs),
                Op::Mul => expr::mul(vec![lhs, rhs]),
                Op::Div if rhs.is_zero() => return Err(InputError::new("division by zero", span)),
                Op::Div => expr::div(lhs, rhs),
            };
        }
        Ok(lhs)
    }

    fn unary(&mut self) -> Result<Expr, InputError> {
        let negate = std::mem::take(&mut self.negate_next);
        let Some((item, span)) = self.items.get(self.at) else {
            return Err(InputError::new("expected a formula", self.end_span()));
        };
        let span = *span;
        self.at += 1;
        let e = match item {
            Item::Operand(e) => e.clone(),
            Item::Infix(_) => return Err(InputError::new("expected a formula", span)),
            Item::Prefix(Pre::Neg) => {
                let wide_sum_next = matches!(
                    self.items.get(self.at),
                    Some((Item::Prefix(Pre::Sum { index, .. }), _)) if self.scope.wide.contains(index)
                );
                if self.scope.minus_inside && wide_sum_next {
                    self.negate_next = true;
                    self.unary()?
                } else {
                    expr::neg(self.unary()?)
                }
            }
            Item::Prefix(Pre::Deriv(var)) => expr::deriv(self.expr(MULTIPLICATIVE)?, var.clone()),
            Item::Prefix(Pre::Sum {
                index,
                lower,
                upper,
            }) => {
                let wide = self.scope.wide.contains(index);
                // A minus moved inside a wide sum belongs to the first term of its body.
                self.negate_next = negate && wide;
                let body = self.expr(if wide { ADDITIVE } else { MULTIPLICATIVE })?;
                let s = build_sum(index, lower, upper, body, span)?;
                return Ok(if negate && !wide { expr::neg(s) } else { s });
            }
        };
        Ok(if negate { expr::neg(e) } else { e })
    }
}

fn build_sum(
    index: &Rc<str>,
    lower: &Expr,
    upper: &Expr,
    body: Expr,
    span: Span,
) -> Result<Expr, InputError> {
    if !expr::mentions_index(&body, index) {
        return Err(InputError::new(
            format!("the sum runs over `{index}`, which does not occur in what it sums"),
            span,
        ));
    }
    if body.any(&mut |n| matches!(n.node(), Node::Sum { index: inner, .. } if inner == index)) {
        return Err(InputError::new(
            format!("`{index}` is bound by two nested sums: rename one"),
            span,
        ));
    }
    Ok(expr::sum(index.clone(), lower.clone(), upper.clone(), body))
}

fn derivative_variable(pair: Pair<Rule>) -> Result<Symbol, InputError> {
    let var = pair
        .into_inner()
        .find(|p| p.as_rule() == Rule::variable)
        .expect("variable");
    let span = span_of(&var);
    let sym = var.into_inner().next().expect("symbol");
    let mut parts = sym.clone().into_inner();
    let whole_vector =
        parts.next().is_some_and(|p| p.as_rule() == Rule::bold) && parts.next().is_none();
    if whole_vector {
        return Err(InputError::new(
            "a derivative by a whole vector is not read: differentiate by a component, \
             such as \\partial x_i",
            span,
        ));
    }
    match symbol(sym)?.node() {
        Node::Sym(s) => Ok(s.clone()),
        _ => Err(InputError::new(
            "differentiate by a variable such as x or x_i",
            span,
        )),
    }
}

fn sum_prefix(pair: Pair<Rule>, names: &LatexNames) -> Result<Pre, InputError> {
    let inner = pair
        .into_inner()
        .find(|p| matches!(p.as_rule(), Rule::letter | Rule::sum_range))
        .expect("sum index");
    match inner.as_rule() {
        Rule::letter => Ok(Pre::Sum {
            index: inner.as_str().into(),
            lower: Expr::one(),
            upper: Expr::sym(crate::parse::DEFAULT_UPPER),
        }),
        Rule::sum_range => {
            let mut parts = inner.into_inner();
            let index = parts.next().expect("index").as_str();
            let lower = build_expr(parts.next().expect("lower"), names)?;
            let upper = script(parts.next().expect("upper"), names)?;
            Ok(Pre::Sum {
                index: index.into(),
                lower,
                upper,
            })
        }
        rule => unreachable!("expected a sum range, found {rule:?}"),
    }
}

/// A braced part: an expression that reads as one formula.
fn build_expr(pair: Pair<Rule>, names: &LatexNames) -> Result<Expr, InputError> {
    let items = items_of(pair, names)?;
    fold(&items, &Scope::default())
}

fn script(pair: Pair<Rule>, names: &LatexNames) -> Result<Expr, InputError> {
    let inner = pair.into_inner().next().expect("script");
    match inner.as_rule() {
        Rule::expr => build_expr(inner, names),
        Rule::digit => Ok(Expr::num(parse_number(inner.as_str()))),
        Rule::symbol => symbol(inner),
        rule => unreachable!("expected a script, found {rule:?}"),
    }
}

fn operand(pair: Pair<Rule>, names: &LatexNames) -> Result<Expr, InputError> {
    let mut inner = pair.into_inner();
    let base = primary(inner.next().expect("primary"), names)?;
    let exponents = inner
        .map(|p| {
            let span = span_of(&p);
            script(p.into_inner().next().expect("script"), names).map(|e| (e, span))
        })
        .collect::<Result<Vec<_>, _>>()?;
    // `x^a^b` is not LaTeX, but read it as the text language does: to the right.
    let mut result: Option<Expr> = None;
    for (e, span) in exponents.into_iter().rev() {
        result = Some(match result {
            None => e,
            Some(r) => power(e, r, span)?,
        });
    }
    match result {
        None => Ok(base),
        // `e^{x}` is the exponential, as every reader of LaTeX takes it.
        Some(exp) if base.same_as(&Expr::sym("e")) => Ok(expr::call1(Builtin::Exp, exp)),
        Some(exp) => power(base, exp, Span::at(0)),
    }
}

fn power(base: Expr, exp: Expr, span: Span) -> Result<Expr, InputError> {
    if base.is_zero() && exp.as_num().is_some_and(|n| n < &Rational::zero()) {
        return Err(InputError::new(
            "division by zero: 0 to a negative power",
            span,
        ));
    }
    Ok(expr::pow(base, exp))
}

fn primary(pair: Pair<Rule>, names: &LatexNames) -> Result<Expr, InputError> {
    let span = span_of(&pair);
    match pair.as_rule() {
        Rule::number => Ok(Expr::num(parse_number(pair.as_str()))),
        Rule::deriv_frac => {
            let body = pair
                .clone()
                .into_inner()
                .find(|p| p.as_rule() == Rule::expr)
                .expect("numerator");
            let body = build_expr(body, names)?;
            Ok(expr::deriv(body, derivative_variable(pair)?))
        }
        Rule::frac => {
            let mut parts = pair.into_inner().filter(|p| p.as_rule() == Rule::expr);
            let num = build_expr(parts.next().expect("numerator"), names)?;
            let den = build_expr(parts.next().expect("denominator"), names)?;
            if den.is_zero() {
                return Err(InputError::new("division by zero", span));
            }
            Ok(expr::div(num, den))
        }
        Rule::sqrt => {
            let radicand = pair.into_inner().find(|p| p.as_rule() == Rule::expr);
            let arg = build_expr(radicand.expect("radicand"), names)?;
            Ok(expr::call1(Builtin::Sqrt, arg))
        }
        Rule::call => {
            let mut inner = pair.into_inner();
            let f = function(inner.next().expect("function"), names)?;
            let args = inner
                .map(|a| build_expr(a, names))
                .collect::<Result<Vec<_>, _>>()?;
            apply(f, args, span)
        }
        Rule::bare_call => {
            let mut inner = pair.into_inner();
            let f = function(inner.next().expect("function"), names)?;
            let arg = symbol(inner.next().expect("symbol"))?;
            apply(f, vec![arg], span)
        }
        Rule::delta => {
            let sub = pair.into_inner().next().expect("subscript");
            match subscript(sub)?.as_slice() {
                [a, b] => Ok(expr::delta(a.clone(), b.clone())),
                _ => Err(InputError::new(
                    "the Kronecker delta takes two indices, as in \\delta_{ij}",
                    span,
                )),
            }
        }
        Rule::vector_call => {
            let name = pair.into_inner().next().expect("letter").as_str();
            if names.defined_symbols.iter().any(|s| &**s == name) {
                Ok(Expr::sym(name))
            } else {
                Err(InputError::new(
                    format!(
                        "`{name}` of vectors is read only as a quantity with a definition, \
                         such as `{name} = ...`"
                    ),
                    span,
                ))
            }
        }
        Rule::symbol => symbol(pair),
        Rule::group => build_expr(pair.into_inner().next().expect("expr"), names),
        rule => unreachable!("expected a primary, found {rule:?}"),
    }
}

/// A function name: a built-in (`\exp`, `\ln` is `log`), or a user's function written
/// `\operatorname{f}`, `\text{f}` or `\mathrm{f}`.
fn function(pair: Pair<Rule>, names: &LatexNames) -> Result<(Func, usize), InputError> {
    let span = span_of(&pair);
    let inner = pair.into_inner().next().expect("function name");
    let name = inner.as_str();
    let builtin = match name {
        "ln" => Some(Builtin::Log),
        other => Builtin::from_name(other),
    };
    if let Some(b) = builtin {
        return Ok((Func::Builtin(b), 1));
    }
    match names.names.functions.get(name) {
        Some(&arity) => Ok((Func::User(name.into()), arity)),
        None => Err(InputError::new(
            format!("unknown function `{name}`: it needs a definition, such as `{name}(x) = ...`"),
            span,
        )),
    }
}

fn apply((f, arity): (Func, usize), args: Vec<Expr>, span: Span) -> Result<Expr, InputError> {
    if args.len() != arity {
        return Err(InputError::new(
            format!(
                "`{}` takes {arity} argument{}, found {}",
                f.name(),
                if arity == 1 { "" } else { "s" },
                args.len()
            ),
            span,
        ));
    }
    Ok(expr::call(f, args))
}

fn symbol(pair: Pair<Rule>) -> Result<Expr, InputError> {
    let mut inner = pair.into_inner();
    let head = inner.next().expect("name");
    let name = match head.as_rule() {
        Rule::bold => head
            .into_inner()
            .next()
            .expect("letter")
            .as_str()
            .to_string(),
        Rule::greek => head.as_str().trim_start_matches('\\').to_string(),
        _ => head.as_str().to_string(),
    };
    let indices = match inner.next() {
        Some(sub) => subscript(sub)?,
        None => Vec::new(),
    };
    Ok(Expr::symbol(Symbol::indexed(&name, indices)))
}

/// `_i`, `_1`, `_{ij}` (two indices), `_{i,j}`, `_{12}` (one position).
fn subscript(pair: Pair<Rule>) -> Result<Vec<Index>, InputError> {
    let span = span_of(&pair);
    pair.into_inner()
        .map(|item| index_from(item.as_str(), span))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_expr;

    fn one(src: &str) -> Expr {
        match read_form(src, &LatexNames::default()) {
            Ok(Form::One(e)) => e,
            other => panic!("{src}: {other:?}"),
        }
    }

    fn text(src: &str) -> Expr {
        parse_expr(src, &Names::default()).unwrap()
    }

    #[test]
    fn reads_the_same_expr_as_the_text_language() {
        let pairs = [
            (
                r"\frac{\exp(x) - \exp(-x)}{\exp(x) + \exp(-x)}",
                "(exp(x) - exp(-x)) / (exp(x) + exp(-x))",
            ),
            (r"1 - (\tanh(x))^2.", "1 - tanh(x)^2"),
            (r"2\sigma(2x) - 1", "2 sigma(2x) - 1"),
            (r"\frac{\partial}{\partial x} x \sin(x)", "d/dx x sin(x)"),
            (r"\frac{\partial p_j}{\partial x_i}", "d/dx_i p_j"),
            (r"p_j(\delta_{ij} - p_i)", "p_j (delta_ij - p_i)"),
            (r"- \sum_{j=1}^d y_j \log(p_j)", "-sum_j y_j log(p_j)"),
            (r"\sum_k \exp(x_k)", "sum_k exp(x_k)"),
            (r"\sum_{k=1}^{n} x_k^2", "sum_{k=1}^{n} x_k^2"),
            (r"\left( \frac{a}{b} \right)^2 \cdot c", "(a / b)^2 c"),
            (r"\sqrt{1 + a x^2}", "sqrt(1 + a x^2)"),
            (r"\log p_j - \ln Z", "log(p_j) - log(Z)"),
            (r"\mathbf{p} - \mathbf{y}", "p - y"),
            (r"w_1x + b_1", "w_1 x + b_1"),
            (r"x^{n+1} / 2", "x^(n + 1) / 2"),
            (r"e^{2x} + e^x", "exp(2 x) + exp(x)"),
        ];
        for (latex, plain) in pairs {
            assert_eq!(one(latex), text(plain), "{latex}");
        }
    }

    #[test]
    fn a_loose_sum_has_readings() {
        let Form::Readings(r) = read_form(
            r"- \sum_{j=1}^d y_j \delta_{ij} + y_j p_i",
            &LatexNames::default(),
        )
        .unwrap() else {
            panic!("expected readings")
        };
        assert_eq!(r.len(), 3);
        assert!(r[0].expr.is_err());
        assert_eq!(
            r[1].expr.clone().unwrap(),
            text("-sum_j (y_j delta_ij + y_j p_i)")
        );
        assert_eq!(
            r[2].expr.clone().unwrap(),
            text("sum_j (-y_j delta_ij + y_j p_i)")
        );
    }

    #[test]
    fn what_it_cannot_read_is_an_error_with_a_place() {
        let err = |src: &str| read_form(src, &LatexNames::default()).expect_err(src);
        assert!(err(r"\foo(x)").message.contains("expected"));
        assert!(err(r"\operatorname{softplus}(x)")
            .message
            .contains("unknown function `softplus`"));
        assert_eq!(err(r"x + \frac{1}{0}").span.start, 4);
        // In the library's words: the command line names its flag itself.
        let vectors = err(r"H(\mathbf{p}, \mathbf{y})").message;
        assert!(
            vectors.contains("a definition, such as `H = ...`"),
            "{vectors}"
        );
        assert!(!vectors.contains("--"), "{vectors}");
        let unknown = err(r"\operatorname{softplus}(x)").message;
        assert!(!unknown.contains("--"), "{unknown}");
        assert!(err(r"\sum_k x_j").message.contains("does not occur"));
        assert!(err(r"x_j + \sum_j x_j")
            .message
            .contains("both free and bound"));
        assert!(err(r"\frac{\partial f}{\partial \mathbf{x}}")
            .message
            .contains("component"));
    }
}
