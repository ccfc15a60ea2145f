//! The plain-text printer. It writes the input language itself, so what it prints
//! parses back to the same expression (tested in `tests/roundtrip.rs`).

use super::{is_plain_negation, needs_parens, Slot};
use crate::expr::{self, Expr, Node, Rational};
use crate::parse::DEFAULT_UPPER;

/// `e` in the input language.
pub fn to_text(e: &Expr) -> String {
    let mut out = String::new();
    write_expr(e, &mut out);
    out
}

fn write_slot(e: &Expr, slot: Slot, out: &mut String) {
    if needs_parens(e, slot) {
        out.push('(');
        write_expr(e, out);
        out.push(')');
    } else {
        write_expr(e, out);
    }
}

fn write_number(n: &Rational, out: &mut String) {
    out.push_str(&n.to_string());
}

fn write_expr(e: &Expr, out: &mut String) {
    match e.node() {
        Node::Num(n) => write_number(n, out),
        Node::Sym(s) => out.push_str(&s.to_string()),
        Node::Delta(a, b) => {
            out.push_str("delta_");
            out.push_str(&expr::subscript(&[a.clone(), b.clone()]));
        }
        Node::Equation(a, b) => {
            write_expr(a, out);
            out.push_str(" = ");
            write_expr(b, out);
        }
        Node::Add(terms) => {
            for (i, t) in terms.iter().enumerate() {
                if i == 0 {
                    write_expr(t, out);
                } else if t.is_negative_term() {
                    out.push_str(" - ");
                    let (c, rest) = t.split_coefficient();
                    write_slot(&expr::mul(vec![Expr::num(-c), rest]), Slot::Subtrahend, out);
                } else {
                    out.push_str(" + ");
                    write_expr(t, out);
                }
            }
        }
        Node::Mul(factors) => {
            let mut rest: &[Expr] = factors;
            if let Some(inner) = is_plain_negation(e) {
                out.push('-');
                match inner.node() {
                    Node::Mul(fs) if !fs[0].is_negative_term() => rest = &factors[1..],
                    // `-a / b` reads back as `-(a / b)`: no brackets needed.
                    Node::Div(..) => {
                        write_expr(&inner, out);
                        return;
                    }
                    _ => {
                        write_slot(&inner, Slot::Factor { last: true }, out);
                        return;
                    }
                }
            } else if let Some(c) = factors[0].as_num() {
                write_number(c, out);
                out.push(' ');
                rest = &factors[1..];
            }
            for (i, f) in rest.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                let last = i + 1 == rest.len();
                let mut factor = String::new();
                write_slot(f, Slot::Factor { last }, &mut factor);
                // `ab (x + 1)` and `ab (1/2)^100` would read as a call of an unknown
                // function `ab`: a factor that opens with a bracket after a long name
                // gets an explicit `*`.
                if i > 0 && factor.starts_with('(') && ends_in_long_name(&rest[i - 1]) {
                    out.push_str("* ");
                }
                out.push_str(&factor);
            }
        }
        Node::Div(a, b) => {
            write_slot(a, Slot::Numerator, out);
            out.push_str(" / ");
            write_slot(b, Slot::Denominator, out);
        }
        Node::Pow(base, exp) => {
            write_slot(base, Slot::PowerBase, out);
            out.push('^');
            write_slot(exp, Slot::Exponent, out);
        }
        Node::Call(f, args) => {
            out.push_str(f.name());
            out.push('(');
            for (i, a) in args.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_expr(a, out);
            }
            out.push(')');
        }
        Node::Deriv(body, var) => {
            out.push_str(&format!("d/d{var} "));
            write_slot(body, Slot::PrefixBody, out);
        }
        Node::Sum {
            index,
            lower,
            upper,
            body,
        } => {
            let short = lower.is_one()
                && upper
                    .as_symbol()
                    .is_some_and(|s| s.indices.is_empty() && &*s.name == DEFAULT_UPPER);
            if short {
                out.push_str(&format!("sum_{index} "));
            } else {
                out.push_str(&format!(
                    "sum_{{{index}={}}}^{{{}}} ",
                    to_text(lower),
                    to_text(upper)
                ));
            }
            write_slot(body, Slot::PrefixBody, out);
        }
    }
}

/// Does `e` print ending in a symbol of several letters, which before a bracket would
/// read as a call: `ab`, or a power whose exponent is one (`x^ab`, `ab^ab`)?
fn ends_in_long_name(e: &Expr) -> bool {
    match e.node() {
        Node::Pow(_, exp) if !needs_parens(exp, Slot::Exponent) => ends_in_long_name(exp),
        _ => e
            .as_symbol()
            .is_some_and(|s| s.indices.is_empty() && s.name.chars().count() > 1),
    }
}

/// A derivation as a chain of lines, each step followed by its rule:
///
/// ```text
/// d/dx tanh(x)
///   = 1 - tanh(x)^2    (derivative of tanh)
/// ```
pub fn derivation_to_text(d: &crate::derivation::Derivation) -> String {
    let mut out = String::new();
    write_steps(&d.steps, "", &mut out);
    if !d.conditions.is_empty() {
        out.push_str(&format!("for {}\n", conditions_to_text(&d.conditions)));
    }
    out
}

/// Conditions a derivation holds under, as the input language writes them:
/// `x > 0, y > 0`.
pub fn conditions_to_text(conditions: &[crate::derivation::Condition]) -> String {
    conditions
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A condition in the text language: `x >= 0`, `y != 0`.
impl std::fmt::Display for crate::derivation::Condition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (lhs, rhs) = self.sides();
        write!(
            f,
            "{} {} {}",
            to_text(&lhs),
            self.relation.text(),
            to_text(&rhs)
        )
    }
}

/// Steps as lines under `indent`; a step resting on a case distinction lists each
/// case's chain, indented, before it.
fn write_steps(steps: &[crate::derivation::Step], indent: &str, out: &mut String) {
    for (i, step) in steps.iter().enumerate() {
        for case in &step.cases {
            out.push_str(&format!("{indent}  case {}:\n", case.condition()));
            write_steps(&case.steps, &format!("{indent}      "), out);
        }
        out.push_str(indent);
        // A chain of equations has one equation per line, not `=` between lines.
        if i > 0 && !matches!(step.expr.node(), Node::Equation(..)) {
            out.push_str("  = ");
        }
        out.push_str(&to_text(&step.expr));
        if let Some(note) = step.note() {
            out.push_str(&format!("    ({note})"));
        }
        out.push('\n');
    }
}

/// An expression debugs as the text it prints to: what a failing assertion shows.
impl std::fmt::Debug for Expr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&to_text(self))
    }
}

/// The expression in the input language, which parses back to the same expression.
impl std::fmt::Display for Expr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&to_text(self))
    }
}
