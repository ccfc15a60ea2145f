//! Warnings: input that is valid and gives a correct result, but is almost certainly
//! not what the user meant. A derivative by a symbol the expression does not contain
//! is 0, legitimately, yet it usually means a misspelt name (`x_1` is entry 1 of the
//! vector `x`, while `x1` is a symbol of its own): the result stands, and the warning
//! names the symbols that do occur.

use crate::context::Context;
use crate::expr::{Expr, Node, Symbol};

/// How many of the symbols that occur a warning lists before it writes `...`.
const LISTED_SYMBOLS: usize = 8;

/// One warning for each derivative in `e` (`d/dvar body`) whose body does not depend
/// on its variable, even through a definition in `ctx`; a variable is warned about
/// once.
pub fn derivative_warnings(e: &Expr, ctx: &Context) -> Vec<String> {
    let mut absent: Vec<(Symbol, Expr)> = Vec::new();
    e.any(&mut |n| {
        if let Node::Deriv(body, var) = n.node() {
            if !ctx.depends_on(body, var) && !absent.iter().any(|(v, _)| v == var) {
                absent.push((var.clone(), body.clone()));
            }
        }
        false
    });
    absent
        .iter()
        .map(|(var, body)| absent_variable(var, body))
        .collect()
}

/// The warning for `d/dvar body` where `body` does not depend on `var`.
fn absent_variable(var: &Symbol, body: &Expr) -> String {
    let occurring = body.symbols();
    let mut msg = format!(
        "warning: `{var}` does not occur in the expression, so its derivative by `{var}` is 0"
    );
    if occurring.is_empty() {
        msg.push_str("; the expression has no symbols");
        return msg;
    }
    let mut listed: Vec<String> = occurring
        .iter()
        .take(LISTED_SYMBOLS)
        .map(|s| format!("`{s}`"))
        .collect();
    if occurring.len() > LISTED_SYMBOLS {
        listed.push("...".into());
    }
    msg.push_str(&format!("; the symbols that occur: {}", listed.join(", ")));
    if let Some(near) = occurring.iter().find(|s| spelled_alike(s, var)) {
        msg.push_str(&format!(
            " (did you mean `{near}`? `{var}` and `{near}` are different symbols)"
        ));
    }
    msg
}

/// Do two symbols read the same once subscript marks are dropped (`x1`, `x_1`,
/// `x_{1}`)?
fn spelled_alike(a: &Symbol, b: &Symbol) -> bool {
    let bare = |s: &Symbol| -> String {
        s.to_string()
            .chars()
            .filter(|c| !matches!(c, '_' | '{' | '}' | ','))
            .collect()
    };
    a != b && bare(a) == bare(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{parse_expr, Names};

    fn warnings(src: &str) -> Vec<String> {
        let e = parse_expr(src, &Names::default()).unwrap();
        derivative_warnings(&e, &Context::with_builtin_definitions())
    }

    #[test]
    fn names_the_absent_variable_and_the_symbols_that_occur() {
        let w = warnings("d/dx_1 (x1^2 + y)");
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].contains("`x_1` does not occur"), "{w:?}");
        assert!(w[0].contains("`x1`, `y`"), "{w:?}");
        assert!(w[0].contains("did you mean `x1`?"), "{w:?}");
    }

    #[test]
    fn a_variable_that_occurs_or_a_constant_body() {
        assert!(warnings("d/dx tanh(x)").is_empty());
        assert!(warnings("d/dx_i sum_k exp(x_k)").is_empty());
        let w = warnings("d/dx 5");
        assert!(w[0].contains("no symbols"), "{w:?}");
    }
}
