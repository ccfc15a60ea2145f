//! The LaTeX printer.
//!
//! It mirrors the text printer (`text.rs`): the same sign handling in sums and
//! products, and brackets decided by the shared [`needs_parens`]. Where LaTeX has its
//! own delimiters no bracket is asked for: the two arguments of `\frac`, an exponent in
//! `^{...}`, and the bounds of `\sum` are braced groups already, and a quotient among
//! factors is a stacked fraction ([`Slot::StackedFactor`]).
//!
//! Expressions become [`pretty`] documents, so a derivation's long steps break at their
//! top-level `+`/`-` where pretty decides they no longer fit the width.

use super::{is_plain_negation, needs_parens, Slot};
use crate::derivation::{Case, Derivation, Step};
use crate::expr::{self, Builtin, Expr, Func, Index, Kinds, Node, Rational, Symbol};
use crate::fast_hash::FastMap;
use crate::reason::{Justification, Part, SEPARATOR};
use crate::scoped_memo::ScopedMemo;
use num_traits::Signed;
use pretty::RcDoc;
use std::cell::RefCell;
use std::rc::Rc;

type Doc = RcDoc<'static, ()>;

/// `e` as a LaTeX math-mode string.
pub fn to_latex(e: &Expr) -> String {
    let _memo = ScopedMemo::open(&RENDERED);
    // Only derivation steps contain line breaks, so any width prints `e` on one line.
    expr_doc(e).pretty(usize::MAX).to_string()
}

thread_local! {
    /// The LaTeX of shared subtrees, by address (each with its node, which keeps the
    /// address from being reused), while a printing call holds it open: a chain rule
    /// repeats its inner function in every factor, and a nested one in every step,
    /// so laying each out once is what keeps a deep derivation's LaTeX linear in its
    /// length.
    static RENDERED: RefCell<Option<Rendered>> = const { RefCell::new(None) };
}

/// Rendered LaTeX by node address, with the node.
type Rendered = FastMap<usize, (Expr, Rc<str>)>;

/// While the guard this returns lives, every [`to_latex`] call lays each shared
/// subtree out once: the steps of a derivation printed one by one (as JSON prints
/// them) share most of their subtrees, and a deep derivation's steps are then
/// rendered in time linear in their distinct nodes, not in the steps times their size.
pub(crate) fn remember_rendered() -> ScopedMemo<Rendered> {
    ScopedMemo::open(&RENDERED)
}

impl Expr {
    /// The expression in LaTeX, in math mode (`\frac{1}{2} x^{2}`), on one line.
    pub fn to_latex(&self) -> String {
        to_latex(self)
    }
}

/// How a derivation's LaTeX is laid out ([`Derivation::to_latex_with`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LatexOptions {
    /// The line width pretty fits each step into; a longer step breaks at its top-level
    /// `+` and `-`.
    pub width: usize,
    /// A complete `article` document instead of a bare `aligned` block.
    pub standalone: bool,
}

impl Default for LatexOptions {
    fn default() -> Self {
        LatexOptions {
            width: 80,
            standalone: false,
        }
    }
}

/// A derivation as an `aligned` chain `first &= second && \text{(rule)} \\ &= ...`, or a
/// whole document with `opts.standalone`.
pub fn derivation_to_latex(d: &Derivation, opts: &LatexOptions) -> String {
    let _memo = ScopedMemo::open(&RENDERED);
    let mut body = Doc::nil();
    let equations = d
        .steps
        .iter()
        .all(|s| matches!(s.expr.node(), Node::Equation(..)));
    if equations {
        // One equation per line, aligned at its `=`.
        for (i, step) in d.steps.iter().enumerate() {
            if i > 0 {
                body = body.append(r" \\").append(Doc::hardline());
            }
            body = body.append(equation_line_doc(&step.expr, step_note_latex(step)));
        }
    } else {
        body = chain_doc(&d.steps);
    }
    let aligned = Doc::text(r"\begin{aligned}")
        .append(Doc::hardline())
        .append(body)
        .append(Doc::hardline())
        .append(r"\end{aligned}");
    let mut chain = aligned.pretty(opts.width).to_string();
    if !d.conditions.is_empty() {
        chain.push_str(&format!(
            r" \qquad \text{{for }} {}",
            conditions_to_latex(&d.conditions)
        ));
    }
    if opts.standalone {
        document(&format!("\\[\n{chain}\n\\]"))
    } else {
        chain
    }
}

/// Conditions a derivation holds under: `x > 0, \; y \geq 0`.
pub fn conditions_to_latex(conditions: &[crate::derivation::Condition]) -> String {
    let one = |c: &crate::derivation::Condition| {
        let (lhs, rhs) = c.sides();
        format!(
            "{} {} {}",
            to_latex(&lhs),
            c.relation.latex(),
            to_latex(&rhs)
        )
    };
    conditions
        .iter()
        .map(one)
        .collect::<Vec<_>>()
        .join(r", \; ")
}

/// The lines of a chain. A step that rests on a case distinction is preceded by each
/// case's chain under a `\text{case ...:}` line; the chain then resumes from the
/// expression before that step, so the combining step reads `before &= after`.
fn chain_doc(steps: &[Step]) -> Doc {
    let Some((first, rest)) = steps.split_first() else {
        return Doc::nil();
    };
    if rest.is_empty() {
        return first_step_doc(&first.expr, false);
    }
    let line_end = || Doc::text(r" \\").append(Doc::hardline());
    let mut body = Doc::nil();
    let mut started = false;
    let mut previous = &first.expr;
    for step in rest {
        if !step.cases.is_empty() {
            if started {
                body = body.append(line_end());
            }
            for case in &step.cases {
                body = body
                    .append(format!(
                        r"& \text{{case }} {}\text{{:}}",
                        condition_latex(case)
                    ))
                    .append(line_end())
                    .append(chain_doc(&case.steps))
                    .append(line_end());
            }
            body = body
                .append(r"& \text{combined:}")
                .append(line_end())
                .append(first_step_doc(previous, true));
        } else if started {
            body = body.append(line_end());
        } else {
            body = first_step_doc(previous, true);
        }
        body = body.append(later_step_doc(&step.expr, step_note_latex(step)));
        started = true;
        previous = &step.expr;
    }
    body
}

/// The starting expression, left of the first `&=`. A sum that does not fit on the line
/// together with the next step's start moves into the aligned column, on a line of its
/// own (`& a + b \\`), and breaks further at its signs only if it is itself too long;
/// the next step then starts a new line. Anything else has nowhere to break and stays
/// put, keeping the familiar `lhs &= rhs` first line.
fn first_step_doc(e: &Expr, more: bool) -> Doc {
    let to_next = || if more { Doc::text(" ") } else { Doc::nil() };
    if !matches!(e.node(), Node::Add(_)) {
        return measured(e).append(to_next());
    }
    let to_next_broken = if more {
        Doc::text(r" \\").append(Doc::hardline())
    } else {
        Doc::nil()
    };
    Doc::text("& ")
        .flat_alt(Doc::nil())
        .append(breakable_doc(e).group())
        .append(to_next_broken.flat_alt(to_next()))
        .group()
}

/// `&= expr && \text{(rule)}`. A step too long for the width breaks at its top-level
/// signs, and its rule stays on the step's first line.
fn later_step_doc(e: &Expr, note_latex: Option<String>) -> Doc {
    let note = || rule_note(note_latex.as_deref());
    let body = match e.node() {
        // Both placements of the note are in the one group, so exactly one shows.
        Node::Add(terms) => sum_doc(terms, note().flat_alt(Doc::nil()), Layout::Breakable)
            .append(Doc::nil().flat_alt(note())),
        _ => measured(e).append(note()),
    };
    Doc::text("&= ").append(body).group()
}

/// A case's condition in LaTeX: `i = j`, `i \neq j`.
pub fn condition_latex(case: &Case) -> String {
    let index = |i: &Index| match i {
        Index::Var(v) => symbol(&Symbol::plain(v)),
        Index::Fixed(n) => n.to_string(),
    };
    let relation = if case.equal { "=" } else { r"\neq" };
    format!("{} {relation} {}", index(&case.left), index(&case.right))
}

/// `lhs &= rhs && \text{(rule)}`: one line of a chain of equations.
fn equation_line_doc(e: &Expr, note_latex: Option<String>) -> Doc {
    let Node::Equation(lhs, rhs) = e.node() else {
        unreachable!("called on equations only")
    };
    expr_doc(lhs)
        .append(" &= ")
        .append(expr_doc(rhs))
        .append(rule_note(note_latex.as_deref()))
        .group()
}

/// ` && \text{(rule)}`, given no length, so a long rule name never breaks a short step.
fn rule_note(note_latex: Option<&str>) -> Doc {
    match note_latex {
        Some(note) => Doc::from(pretty::Doc::RenderLen(0, Doc::text(format!(" && {note}")))),
        None => Doc::nil(),
    }
}

/// A step's note: its justification, and the warning of a step its check did not
/// decide ([`Step::unchecked_warning`]).
fn step_note_latex(step: &Step) -> Option<String> {
    let why = step.rule.as_ref()?;
    Some(note_latex(
        why,
        step.unchecked_warning().unwrap_or_default(),
    ))
}

/// A justification in parentheses as text, the formulas it mentions set as math from
/// their expressions: `\text{(definition of }p_{j}\text{)}`.
pub fn justification_latex(why: &Justification) -> String {
    note_latex(why, "")
}

fn note_latex(why: &Justification, tail: &str) -> String {
    let mut out = String::new();
    let mut text = String::from("(");
    for (i, reason) in why.reasons.iter().enumerate() {
        if i > 0 {
            text.push_str(SEPARATOR);
        }
        for part in &reason.phrase {
            match part {
                Part::Words(words) => text.push_str(words),
                Part::Math(e) => {
                    out.push_str(&format!(r"\text{{{}}}", escape_text(&text)));
                    text.clear();
                    out.push_str(&to_latex(e));
                }
            }
        }
    }
    text.push_str(tail);
    text.push(')');
    out.push_str(&format!(r"\text{{{}}}", escape_text(&text)));
    out
}

/// `e` with a possible line break before each top-level term.
fn breakable_doc(e: &Expr) -> Doc {
    match e.node() {
        Node::Add(terms) => sum_doc(terms, Doc::nil(), Layout::Breakable),
        _ => measured(e),
    }
}

/// `e` on one line, measured by the width it takes on the page rather than by its
/// LaTeX source (`\frac{a}{b}` is as wide as the wider of a and b): what the line
/// width of a chain compares against.
fn measured(e: &Expr) -> Doc {
    let latex = expr_doc(e).pretty(usize::MAX).to_string();
    Doc::from(pretty::Doc::RenderLen(visual_width(e), Doc::text(latex)))
}

/// An estimate, in characters, of how wide `e` is set.
fn visual_width(e: &Expr) -> usize {
    let bracketed = |k: &Expr, slot: Slot| visual_width(k) + 2 * usize::from(needs_parens(k, slot));
    match e.node() {
        Node::Num(n) if n.is_integer() => n.to_string().len(),
        Node::Num(n) => n.numer().to_string().len().max(n.denom().to_string().len()) + 1,
        Node::Sym(s) => {
            let name = if s.name.chars().count() == 1 || is_greek(&s.name) {
                1
            } else {
                s.name.len()
            };
            let subscript: usize = s.indices.iter().map(|i| i.to_string().len()).sum();
            name + subscript.div_ceil(2)
        }
        Node::Delta(..) => 2,
        Node::Add(terms) => terms.iter().map(|t| visual_width(t) + 3).sum::<usize>() - 3,
        Node::Mul(factors) => factors
            .iter()
            .enumerate()
            .map(|(i, f)| {
                bracketed(
                    f,
                    Slot::StackedFactor {
                        last: i + 1 == factors.len(),
                    },
                ) + 1
            })
            .sum(),
        Node::Div(a, b) => visual_width(a).max(visual_width(b)) + 1,
        Node::Pow(base, exp) => bracketed(base, Slot::PowerBase) + visual_width(exp).div_ceil(2),
        Node::Call(f, args) => {
            let name = match f {
                Func::Builtin(Builtin::Sigma) => 1,
                Func::Builtin(Builtin::Sqrt) => 1,
                other => other.name().len(),
            };
            name + 2 + args.iter().map(visual_width).sum::<usize>()
        }
        Node::Deriv(body, _) if body.as_symbol().is_some() => 3,
        Node::Deriv(body, _) => 3 + bracketed(body, Slot::PrefixBody),
        Node::Sum { body, .. } => 3 + bracketed(body, Slot::PrefixBody),
        Node::Equation(a, b) => visual_width(a) + 3 + visual_width(b),
    }
}

/// How a sum is laid out: on one line inside a larger expression, or at the top of a
/// step, where it may break before its signs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Layout {
    Inline,
    Breakable,
}

/// ` + ` on one line; broken, a continuation line `\\ &\quad {} + `. The empty group
/// `{}` keeps the sign a binary operator, spaced as it is mid-line.
fn break_before(sign: &'static str) -> Doc {
    Doc::text(r" \\")
        .append(Doc::hardline())
        .append(format!(r"&\quad {{}} {sign} "))
        .flat_alt(Doc::text(format!(" {sign} ")))
}

/// A complete article around `body`: amsmath for the math, margins wide enough for a
/// chain with its rule notes, and displays that may break across pages.
pub fn document(body: &str) -> String {
    format!(
        "\\documentclass{{article}}\n\\usepackage{{amsmath}}\n\\usepackage[margin=2cm]{{geometry}}\n\\allowdisplaybreaks\n\\begin{{document}}\n{}\n\\end{{document}}\n",
        body.trim_end()
    )
}

/// Escape plain text, such as a rule name, for `\text{...}`.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '_' | '&' | '%' | '#' | '{' | '}' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '\\' => out.push_str(r"\textbackslash{}"),
            '^' => out.push_str(r"\textasciicircum{}"),
            '~' => out.push_str(r"\textasciitilde{}"),
            c => out.push(c),
        }
    }
    out
}

// ---------------------------------------------------------------- expressions

/// `e` inline. A shared subtree is laid out once while [`RENDERED`] is open, and
/// its text reused: inline LaTeX never breaks, so the text is what its document
/// would print anywhere.
fn expr_doc(e: &Expr) -> Doc {
    if !e.worth_remembering() {
        return laid_out(e);
    }
    let known = RENDERED.with_borrow(|memo| {
        memo.as_ref()
            .map(|m| m.get(&e.address()).map(|(_, text)| text.clone()))
    });
    let text = match known {
        None => return laid_out(e),
        Some(Some(text)) => text,
        Some(None) => {
            let text: Rc<str> = laid_out(e).pretty(usize::MAX).to_string().into();
            RENDERED.with_borrow_mut(|memo| {
                if let Some(m) = memo {
                    m.insert(e.address(), (e.clone(), text.clone()));
                }
            });
            text
        }
    };
    Doc::text(text.to_string())
}

/// `e` inline, laid out from its parts.
fn laid_out(e: &Expr) -> Doc {
    match e.node() {
        Node::Num(n) => Doc::text(number(n)),
        Node::Sym(s) => Doc::text(symbol(s)),
        Node::Delta(a, b) => Doc::text(format!(r"\delta_{{{}}}", indices(&[a.clone(), b.clone()]))),
        Node::Add(terms) => sum_doc(terms, Doc::nil(), Layout::Inline),
        Node::Equation(a, b) => expr_doc(a).append(Doc::text(" = ")).append(expr_doc(b)),
        Node::Mul(factors) => product_doc(e, factors),
        Node::Div(a, b) => Doc::text(r"\frac{")
            .append(expr_doc(a))
            .append("}{")
            .append(expr_doc(b))
            .append("}"),
        Node::Pow(base, exp) => slot_doc(base, Slot::PowerBase)
            .append("^{")
            .append(expr_doc(exp))
            .append("}"),
        Node::Call(f, args) => call_doc(f, args),
        Node::Deriv(body, var) => match body.as_symbol() {
            Some(s) => Doc::text(format!(
                r"\frac{{\partial {}}}{{\partial {}}}",
                symbol(s),
                symbol(var)
            )),
            None => Doc::text(format!(r"\frac{{\partial}}{{\partial {}}} ", symbol(var)))
                .append(slot_doc(body, Slot::PrefixBody)),
        },
        Node::Sum {
            index,
            lower,
            upper,
            body,
        } => Doc::text(format!(r"\sum_{{{}=", name(index)))
            .append(expr_doc(lower))
            .append("}^{")
            .append(expr_doc(upper))
            .append("} ")
            .append(slot_doc(body, Slot::PrefixBody)),
    }
}

/// A sum with `join(sign)` before each later term and `after_first` after the first.
/// Signs are the text printer's: a negative later term is shown as `-` and its negated
/// coefficient.
fn sum_doc(terms: &[Expr], after_first: Doc, layout: Layout) -> Doc {
    // A sum that may break is laid out by the width its terms take on the page.
    let breakable = layout == Layout::Breakable;
    let join = |sign| match layout {
        Layout::Breakable => break_before(sign),
        Layout::Inline => Doc::text(format!(" {sign} ")),
    };
    let term_doc = |t: &Expr, slot: Option<Slot>| match (breakable, slot) {
        (true, Some(slot)) if needs_parens(t, slot) => Doc::text("\\left(")
            .append(measured(t))
            .append(Doc::text("\\right)")),
        (true, _) => measured(t),
        (false, Some(slot)) => slot_doc(t, slot),
        (false, None) => expr_doc(t),
    };
    let (first, rest) = terms.split_first().expect("a sum has terms");
    rest.iter()
        .fold(term_doc(first, None).append(after_first), |acc, t| {
            let (sign, term) = if t.is_negative_term() {
                let (c, rest) = t.split_coefficient();
                let negated = expr::mul(vec![Expr::num(-c), rest]);
                ("-", term_doc(&negated, Some(Slot::Subtrahend)))
            } else {
                ("+", term_doc(t, None))
            };
            acc.append(join(sign)).append(term)
        })
}

/// A product by juxtaposition, with a leading -1 shown as a minus sign and any other
/// coefficient first.
fn product_doc(e: &Expr, factors: &[Expr]) -> Doc {
    let mut doc = Doc::nil();
    let mut rest: &[Expr] = factors;
    // The right end of what was printed so far, to choose the next separator.
    let mut prev: Option<Edge> = None;
    if let Some(inner) = is_plain_negation(e) {
        doc = doc.append("-");
        match inner.node() {
            Node::Mul(fs) if !fs[0].is_negative_term() => rest = &factors[1..],
            _ => return doc.append(slot_doc(&inner, Slot::StackedFactor { last: true })),
        }
    } else if let Some(c) = factors[0].as_num() {
        doc = doc.append(number(c));
        prev = Some(right_edge(&factors[0]));
        rest = &factors[1..];
    }
    for (i, f) in rest.iter().enumerate() {
        let slot = Slot::StackedFactor {
            last: i + 1 == rest.len(),
        };
        let bracketed = needs_parens(f, slot);
        let (left, right) = if bracketed {
            (Edge::Other, Edge::Other)
        } else {
            (left_edge(f), right_edge(f))
        };
        if let Some(p) = prev {
            doc = doc.append(separator(p, left));
        }
        doc = doc.append(slot_doc(f, slot));
        prev = Some(right);
    }
    doc
}

fn call_doc(f: &Func, args: &[Expr]) -> Doc {
    let head = match f {
        Func::Builtin(Builtin::Sqrt) => {
            let arg = args.iter().map(expr_doc);
            return Doc::text(r"\sqrt{")
                .append(Doc::intersperse(arg, ", "))
                .append("}");
        }
        Func::Builtin(b) => format!(r"\{}", b.name()),
        Func::User(n) => format!(r"\operatorname{{{n}}}"),
    };
    let tall = args.iter().any(is_tall);
    Doc::text(head).append(bracket(
        Doc::intersperse(args.iter().map(expr_doc), ", "),
        tall,
    ))
}

/// `e` in `slot`, bracketed when the shared table says so.
fn slot_doc(e: &Expr, slot: Slot) -> Doc {
    if needs_parens(e, slot) {
        bracket(expr_doc(e), is_tall(e))
    } else {
        expr_doc(e)
    }
}

/// Round brackets, grown with `\left`/`\right` around tall content such as a fraction.
fn bracket(inner: Doc, tall: bool) -> Doc {
    let (open, close) = if tall {
        (r"\left(", r"\right)")
    } else {
        ("(", ")")
    };
    Doc::text(open).append(inner).append(close)
}

/// Is `e` drawn taller than a line of text, so that plain brackets would look too small?
/// A fraction, a derivative, a sum or a number written as a fraction anywhere in it.
fn is_tall(e: &Expr) -> bool {
    e.kinds().meets(
        Kinds::DIV
            .or(Kinds::DERIV)
            .or(Kinds::SUM)
            .or(Kinds::FRACTION),
    )
}

// ---------------------------------------------------------------- juxtaposition

/// What a printed factor shows at its left or right end: two factors side by side must
/// not read as one number, a mixed number (`2\frac{1}{3}`) or one word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Edge {
    Digit,
    Fraction,
    /// A multi-letter upright name such as `\mathrm{lr}` or `\operatorname{f}`.
    Upright,
    /// An italic letter, Greek or Latin.
    Letter,
    /// A bracket, subscript, superscript or operator: it separates visibly.
    Other,
}

fn separator(prev: Edge, next: Edge) -> &'static str {
    match (prev, next) {
        (_, Edge::Digit) | (Edge::Digit | Edge::Fraction, Edge::Fraction) => r" \cdot ",
        (Edge::Upright, Edge::Upright | Edge::Letter) => r" \, ",
        _ => " ",
    }
}

/// The left end of `e` printed without brackets of its own.
fn left_edge(e: &Expr) -> Edge {
    match e.node() {
        Node::Num(n) if n.is_negative() => Edge::Other,
        Node::Num(n) if n.is_integer() => Edge::Digit,
        Node::Num(_) | Node::Div(..) | Node::Deriv(..) => Edge::Fraction,
        Node::Sym(s) => name_edge(&s.name),
        Node::Delta(..) => Edge::Letter,
        Node::Add(terms) => left_edge(&terms[0]),
        Node::Equation(a, _) => left_edge(a),
        Node::Mul(fs) if is_plain_negation(e).is_none() => left_edge(&fs[0]),
        Node::Pow(base, _) if !needs_parens(base, Slot::PowerBase) => left_edge(base),
        Node::Call(Func::User(_), _) => Edge::Upright,
        Node::Mul(_) | Node::Pow(..) | Node::Call(..) | Node::Sum { .. } => Edge::Other,
    }
}

/// The right end of `e` printed without brackets of its own.
fn right_edge(e: &Expr) -> Edge {
    match e.node() {
        Node::Num(n) if n.is_integer() => Edge::Digit,
        Node::Num(_) | Node::Div(..) => Edge::Fraction,
        Node::Sym(s) if s.indices.is_empty() => name_edge(&s.name),
        Node::Add(terms) => right_edge(&terms[terms.len() - 1]),
        Node::Equation(_, b) => right_edge(b),
        Node::Mul(fs) => right_edge(&fs[fs.len() - 1]),
        Node::Deriv(body, _) if body.as_symbol().is_some() => Edge::Fraction,
        Node::Deriv(body, _) | Node::Sum { body, .. } if !needs_parens(body, Slot::PrefixBody) => {
            right_edge(body)
        }
        Node::Sym(_)
        | Node::Delta(..)
        | Node::Pow(..)
        | Node::Call(..)
        | Node::Deriv(..)
        | Node::Sum { .. } => Edge::Other,
    }
}

fn name_edge(n: &str) -> Edge {
    if n.chars().count() == 1 || is_greek(n) {
        Edge::Letter
    } else {
        Edge::Upright
    }
}

// ---------------------------------------------------------------- atoms

/// `3`, `-3`, `\frac{1}{2}`, `-\frac{1}{2}`.
fn number(n: &Rational) -> String {
    if n.is_integer() {
        n.to_string()
    } else {
        let sign = if n.is_negative() { "-" } else { "" };
        let n = n.abs();
        format!(r"{sign}\frac{{{}}}{{{}}}", n.numer(), n.denom())
    }
}

/// `x`, `x_{i}`, `w_{1}`, `x_{ij}`, `\mathrm{lr}`, `\alpha_{k}`.
fn symbol(s: &Symbol) -> String {
    if s.indices.is_empty() {
        name(&s.name)
    } else {
        format!("{}_{{{}}}", name(&s.name), indices(&s.indices))
    }
}

/// Indices run together when each is one character (`ij`), as the text printer does,
/// and are separated by commas otherwise.
fn indices(ix: &[Index]) -> String {
    let all_short = ix.iter().all(|i| i.to_string().chars().count() == 1);
    let parts: Vec<String> = ix
        .iter()
        .map(|i| match i {
            Index::Var(v) => name(v),
            Index::Fixed(n) => n.to_string(),
        })
        .collect();
    parts.join(if all_short { "" } else { "," })
}

/// A name: one letter as it is, a Greek letter's name as its macro, and any other word
/// upright so it does not read as a product of letters.
fn name(n: &str) -> String {
    if n.chars().count() == 1 {
        n.to_string()
    } else if is_greek(n) {
        format!(r"\{n}")
    } else {
        format!(r"\mathrm{{{n}}}")
    }
}

/// Greek letters that LaTeX has a macro for (capitals that look Latin, such as Alpha,
/// have none).
fn is_greek(n: &str) -> bool {
    #[rustfmt::skip]
    const GREEK: &[&str] = &[
        "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta",
        "theta", "vartheta", "iota", "kappa", "lambda", "mu", "nu", "xi", "pi", "varpi",
        "rho", "varrho", "sigma", "varsigma", "tau", "upsilon", "phi", "varphi", "chi",
        "psi", "omega",
        "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi",
        "Omega",
    ];
    GREEK.contains(&n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::derivation::{Check, Step};
    use crate::parse::{parse_expr, Names};

    fn parse(src: &str) -> Expr {
        parse_expr(src, &Names::default()).unwrap_or_else(|e| panic!("{src}: {e:?}"))
    }

    fn tex(src: &str) -> String {
        to_latex(&parse(src))
    }

    #[test]
    fn brackets_follow_the_shared_table() {
        assert_eq!(tex("(exp(x) + exp(-x))^2"), r"(\exp(x) + \exp(-x))^{2}");
        assert_eq!(tex("tanh(x)^2"), r"\tanh(x)^{2}");
        assert_eq!(tex("(x^2)^y"), "(x^{2})^{y}");
        assert_eq!(tex("-(a + b)"), "-(a + b)");
        assert_eq!(tex("(-x)^2"), "(-x)^{2}");
        assert_eq!(tex("2 (x + 1)"), "2 (x + 1)");
        // A derivative that takes the following factors needs brackets, but the
        // derivative of a lone symbol is one closed fraction.
        assert_eq!(
            tex("(d/dx (x y)) z"),
            r"\left(\frac{\partial}{\partial x} x y\right) z"
        );
        assert_eq!(tex("(d/dx p) y"), r"\frac{\partial p}{\partial x} y");
        assert_eq!(
            tex("(d/dx p)^2"),
            r"\left(\frac{\partial p}{\partial x}\right)^{2}"
        );
        // Tall content gets growing brackets.
        assert_eq!(tex("(a / b)^2"), r"\left(\frac{a}{b}\right)^{2}");
        assert_eq!(tex("sigma(x / 2)"), r"\sigma\left(\frac{x}{2}\right)");
    }

    #[test]
    fn braces_of_frac_and_exponents_need_no_brackets() {
        assert_eq!(tex("(a + b) / (c d)"), r"\frac{a + b}{c d}");
        assert_eq!(tex("x^(-1)"), "x^{-1}");
        assert_eq!(tex("x^(a + b)"), "x^{a + b}");
        assert_eq!(tex("-(a / b)"), r"-\frac{a}{b}");
        assert_eq!(tex("x (a / b)"), r"x \frac{a}{b}");
    }

    #[test]
    fn signs_match_the_text_printer() {
        assert_eq!(tex("-x"), "-x");
        assert_eq!(tex("-x^2"), "-x^{2}");
        assert_eq!(tex("1 - tanh(x)^2"), r"1 - \tanh(x)^{2}");
        assert_eq!(tex("a - 3 b + c"), "a - 3 b + c");
        assert_eq!(tex("-2 x - y"), "-2 x - y");
        assert_eq!(tex("x * -y"), "-x y");
        assert_eq!(tex("2 sigma(2 x) - 1"), r"2 \sigma(2 x) - 1");
    }

    #[test]
    fn rationals_are_fractions() {
        assert_eq!(tex("1/2"), r"\frac{1}{2}");
        assert_eq!(tex("-1/2"), r"-\frac{1}{2}");
        assert_eq!(tex("0.5 x"), r"\frac{1}{2} x");
        assert_eq!(tex("x - 0.25 y"), r"x - \frac{1}{4} y");
        assert_eq!(tex("2 x^(1/2)"), r"2 x^{\frac{1}{2}}");
    }

    #[test]
    fn juxtaposed_factors_stay_apart() {
        assert_eq!(tex("2 * 3^x"), r"2 \cdot 3^{x}");
        assert_eq!(tex("2 (a / b)"), r"2 \cdot \frac{a}{b}");
        assert_eq!(tex("0.5 (a / b)"), r"\frac{1}{2} \cdot \frac{a}{b}");
        assert_eq!(tex("lr x"), r"\mathrm{lr} \, x");
        assert_eq!(tex("x y z"), "x y z");
        assert_eq!(tex("2 x"), "2 x");
    }

    #[test]
    fn names_and_subscripts() {
        assert_eq!(tex("x_i"), "x_{i}");
        assert_eq!(tex("w_1"), "w_{1}");
        assert_eq!(tex("w_12"), "w_{12}");
        assert_eq!(tex("x_{k1,2}"), r"x_{\mathrm{k1},2}");
        assert_eq!(tex("rate"), r"\mathrm{rate}");
        assert_eq!(tex("alpha x + theta_i"), r"\alpha x + \theta_{i}");
        assert_eq!(tex("Alpha"), r"\mathrm{Alpha}");
        assert_eq!(tex("delta_ij"), r"\delta_{ij}");
        assert_eq!(tex("delta_{i,k2}"), r"\delta_{i,\mathrm{k2}}");
        assert_eq!(to_latex(&Expr::sym("delta")), r"\delta");
    }

    #[test]
    fn functions() {
        assert_eq!(tex("sqrt(x + 1)"), r"\sqrt{x + 1}");
        assert_eq!(tex("log(x) sin(x)"), r"\log(x) \sin(x)");
        let names = Names {
            functions: [("f".to_string(), 2)].into(),
        };
        let e = parse_expr("f(x, y^2)", &names).unwrap();
        assert_eq!(to_latex(&e), r"\operatorname{f}(x, y^{2})");
    }

    #[test]
    fn derivatives() {
        assert_eq!(tex("d/dx tanh(x)"), r"\frac{\partial}{\partial x} \tanh(x)");
        assert_eq!(tex("d/dx_i p_j"), r"\frac{\partial p_{j}}{\partial x_{i}}");
        assert_eq!(
            tex("d/dx (x^2 + 1)"),
            r"\frac{\partial}{\partial x} (x^{2} + 1)"
        );
        assert_eq!(
            tex("d/dx (a / b)"),
            r"\frac{\partial}{\partial x} \frac{a}{b}"
        );
    }

    #[test]
    fn sums() {
        assert_eq!(tex("sum_k x_k w_k"), r"\sum_{k=1}^{d} x_{k} w_{k}");
        assert_eq!(
            tex("sum_{j=0}^{n} (x_j + 1)"),
            r"\sum_{j=0}^{n} (x_{j} + 1)"
        );
        assert_eq!(tex("2 sum_k x_k"), r"2 \sum_{k=1}^{d} x_{k}");
    }

    #[test]
    fn rule_names_are_escaped() {
        assert_eq!(
            escape_text(r"a_b & 50% #1 {x} \ ^ ~"),
            r"a\_b \& 50\% \#1 \{x\} \textbackslash{} \textasciicircum{} \textasciitilde{}"
        );
    }

    /// A verified chain of checked steps, as the engine returns one.
    fn chain(steps: &[(&str, Option<&'static str>)]) -> Derivation {
        Derivation {
            statement: steps[0].0.to_string(),
            steps: steps
                .iter()
                .map(|(src, rule)| match rule {
                    None => Step::start(parse(src)),
                    Some(r) => {
                        Step::by(crate::reason::Reason::rule(r), parse(src)).checked(Check::Exact)
                    }
                })
                .collect(),
            verified: true,
            conditions: Vec::new(),
        }
    }

    #[test]
    fn aligned_chain() {
        let d = chain(&[
            ("d/dx x^2", None),
            ("2 x", Some("power rule")),
            ("x + x", Some("split_terms")),
        ]);
        assert_eq!(
            derivation_to_latex(&d, &LatexOptions::default()),
            "\\begin{aligned}\n\
             \\frac{\\partial}{\\partial x} x^{2} &= 2 x && \\text{(power rule)} \\\\\n\
             &= x + x && \\text{(split\\_terms)}\n\
             \\end{aligned}"
        );
    }

    #[test]
    fn long_steps_break_at_narrow_widths_only() {
        let d = chain(&[
            ("y", None),
            ("a_1 x + a_2 x^2 - a_3 x^3 + a_4 x^4", Some("expand")),
        ]);
        let wide = LatexOptions {
            width: 200,
            ..LatexOptions::default()
        };
        assert_eq!(
            derivation_to_latex(&d, &wide),
            "\\begin{aligned}\n\
             y &= a_{1} x + a_{2} x^{2} - a_{3} x^{3} + a_{4} x^{4} && \\text{(expand)}\n\
             \\end{aligned}"
        );
        // Widths count what the page shows, not the LaTeX source.
        let narrow = LatexOptions {
            width: 20,
            ..LatexOptions::default()
        };
        assert_eq!(
            derivation_to_latex(&d, &narrow),
            "\\begin{aligned}\n\
             y &= a_{1} x && \\text{(expand)} \\\\\n\
             &\\quad {} + a_{2} x^{2} \\\\\n\
             &\\quad {} - a_{3} x^{3} \\\\\n\
             &\\quad {} + a_{4} x^{4}\n\
             \\end{aligned}"
        );
    }

    #[test]
    fn a_long_first_expression_moves_into_the_aligned_column() {
        let d = chain(&[
            ("a_1 x + a_2 x^2 + a_3 x^3 + a_4 x^4", None),
            ("x (a_1 + a_2 x + a_3 x^2 + a_4 x^3)", Some("factor out x")),
        ]);
        // Widths count what the page shows, not the LaTeX source.
        let narrow = LatexOptions {
            width: 20,
            ..LatexOptions::default()
        };
        assert_eq!(
            derivation_to_latex(&d, &narrow),
            "\\begin{aligned}\n\
             & a_{1} x \\\\\n\
             &\\quad {} + a_{2} x^{2} \\\\\n\
             &\\quad {} + a_{3} x^{3} \\\\\n\
             &\\quad {} + a_{4} x^{4} \\\\\n\
             &= x (a_{1} + a_{2} x + a_{3} x^{2} + a_{4} x^{3}) && \\text{(factor out x)}\n\
             \\end{aligned}"
        );
    }

    #[test]
    fn a_short_first_sum_moves_whole_when_the_next_step_is_long() {
        let d = chain(&[
            ("y + 1", None),
            (
                "(a_1 + a_2 + a_3 + a_4 + a_5) / (b_1 + b_2)",
                Some("expand"),
            ),
        ]);
        // Widths count what the page shows, not the LaTeX source.
        let narrow = LatexOptions {
            width: 20,
            ..LatexOptions::default()
        };
        assert_eq!(
            derivation_to_latex(&d, &narrow),
            "\\begin{aligned}\n\
             & y + 1 \\\\\n\
             &= \\frac{a_{1} + a_{2} + a_{3} + a_{4} + a_{5}}{b_{1} + b_{2}} && \\text{(expand)}\n\
             \\end{aligned}"
        );
    }

    #[test]
    fn shared_subtrees_laid_out_once_print_as_laid_out_each_time() {
        // A nested chain rule repeats each inner tanh in every factor.
        let d = crate::derive("tanh(tanh(tanh(tanh(tanh(tanh(x^2 + 1))))))", "x").unwrap();
        let steps: Vec<&Expr> = d.steps.iter().map(|s| &s.expr).collect();
        assert!(steps.iter().any(|e| {
            let mut shared = false;
            e.for_each_distinct(&mut |n| shared |= n.worth_remembering());
            shared
        }));
        for e in steps {
            // With the memo closed, every subtree is laid out where it stands.
            let each_time = expr_doc(e).pretty(usize::MAX).to_string();
            assert_eq!(to_latex(e), each_time);
        }
        assert!(
            RENDERED.with_borrow(Option::is_none),
            "closed after printing"
        );
    }

    #[test]
    fn standalone_is_a_whole_document() {
        let d = chain(&[("x", None)]);
        let doc = derivation_to_latex(
            &d,
            &LatexOptions {
                standalone: true,
                ..LatexOptions::default()
            },
        );
        assert_eq!(
            doc,
            document("\\[\n\\begin{aligned}\nx\n\\end{aligned}\n\\]")
        );
        assert!(doc.starts_with("\\documentclass{article}\n\\usepackage{amsmath}\n"));
        assert!(doc.ends_with("\\end{document}\n"));
    }
}
