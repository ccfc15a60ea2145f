//! The properties the fuzzers check, as functions, so that the fuzz targets, the
//! replay of stored fuzz findings (`tests/fuzz_regressions.rs`) and the test suite's
//! round trip of every printed step all check exactly the same thing:
//!
//! - the plain-text printer's output parses back to the same tree, and printing that
//!   again gives the same text;
//! - deriving any expression with one variable returns (a derivation or an error) and
//!   never panics, and every step it prints round-trips.

use crate::derivation::{Derivation, Step};
use crate::expr::{self, Expr, Func, Node};
use crate::parse::{parse_statement, Names, Statement};
use crate::print::text::to_text;
use crate::reason::Part;

/// The user's functions that `e` calls, with their arity, so that its printed form
/// parses with the same names it was built with.
pub(crate) fn names_used(e: &Expr) -> Names {
    let mut names = Names::default();
    e.any(&mut |n| {
        if let Node::Call(Func::User(f), args) = n.node() {
            names.functions.insert(f.to_string(), args.len());
        }
        false
    });
    names
}

/// Does `e` (an expression or an equation) print to text that parses back to `e`
/// with `names`, and does printing that again give the same text? The error says how
/// it failed.
///
/// A step may show a substitution before its arithmetic (`p_j (0 - p_i)`); the parser
/// does that arithmetic as it reads (`-p_j p_i`), so such a tree must read back as
/// itself rebuilt through the smart constructors, which every other tree already is.
pub(crate) fn roundtrip(e: &Expr, names: &Names) -> Result<(), String> {
    let printed = to_text(e);
    let e = &rebuilt(e);
    let back = match parse_statement(&printed, names)
        .map_err(|err| format!("the printed form `{printed}` does not parse: {err}"))?
    {
        Statement::Expr(b) => b,
        Statement::Equation(l, r) => expr::equation(l, r),
    };
    if back != *e {
        return Err(format!(
            "`{printed}` parses to a different tree\n  printed: {}\n  parsed:  {}",
            tree(e),
            tree(&back)
        ));
    }
    let again = to_text(&back);
    if again != to_text(e) {
        return Err(format!(
            "printing is not idempotent: `{printed}`, then `{again}`"
        ));
    }
    Ok(())
}

/// Does `e` (an expression or an equation) print to text that parses back to `e`,
/// with the user's functions it calls, and does printing that again give the same
/// text? The error says how it failed.
///
/// ```
/// let e: stepwise::Expr = "p_j (delta_ij - p_i)".parse()?;
/// assert_eq!(stepwise::selfcheck::expr_roundtrips(&e), Ok(()));
/// # Ok::<(), stepwise::Error>(())
/// ```
pub fn expr_roundtrips(e: &Expr) -> Result<(), String> {
    roundtrip(e, &names_used(e))
}

/// `e` built again from the leaves through the smart constructors, as the parser
/// builds what it reads.
fn rebuilt(e: &Expr) -> Expr {
    e.with_children(e.children().iter().map(rebuilt).collect())
}

/// Every step of `d`, and of its case branches, round-trips; the error names the step.
pub fn derivation_roundtrips(d: &Derivation) -> Result<(), String> {
    fn steps(list: &[Step], place: &str) -> Result<(), String> {
        for (i, step) in list.iter().enumerate() {
            let rule = step.rule_name().unwrap_or_else(|| "start".into());
            let here = format!("{place}step {i} ({rule})");
            roundtrip(&step.expr, &names_used(&step.expr)).map_err(|e| format!("{here}: {e}"))?;
            for case in &step.cases {
                steps(&case.steps, &format!("{here}, case {}: ", case.condition()))?;
            }
        }
        Ok(())
    }
    steps(&d.steps, "")
}

/// Every formula the justifications of `d` mention (``definition of `p_j` ``, in
/// backquotes in the text) prints to text that parses back to it, so the rule names of
/// the text and JSON outputs read as the mathematics they set.
pub fn rule_formulas_roundtrip(d: &Derivation) -> Result<(), String> {
    fn steps(list: &[Step]) -> Result<(), String> {
        for step in list {
            let formulas = step
                .rule
                .iter()
                .flat_map(|why| &why.reasons)
                .flat_map(|reason| &reason.phrase)
                .filter_map(|part| match part {
                    Part::Math(e) => Some(e),
                    Part::Words(_) => None,
                });
            for e in formulas {
                roundtrip(e, &names_used(e)).map_err(|err| {
                    format!(
                        "in the rule `{}`: {err}",
                        step.rule_name().unwrap_or_default()
                    )
                })?;
            }
            for case in &step.cases {
                steps(&case.steps)?;
            }
        }
        Ok(())
    }
    steps(&d.steps)
}

/// The fuzz target `parse`: any bytes; text that parses must round-trip.
pub fn check_parse(data: &[u8]) -> Result<(), String> {
    let Ok(src) = std::str::from_utf8(data) else {
        return Ok(());
    };
    let Ok(parsed) = parse_statement(src, &Names::default()) else {
        return Ok(());
    };
    let whole = match parsed {
        Statement::Expr(e) => e,
        Statement::Equation(l, r) => expr::equation(l, r),
    };
    roundtrip(&whole, &Names::default()).map_err(|e| format!("input {src:?}: {e}"))
}

/// The fuzz target `derive`: any bytes; an expression with exactly one variable is
/// differentiated with respect to it (a panic is the failure this looks for), and the
/// steps of the derivation must round-trip. Errors (limits, an undecidable check) are
/// fine.
pub fn check_derive(data: &[u8]) -> Result<(), String> {
    let Ok(src) = std::str::from_utf8(data) else {
        return Ok(());
    };
    let Ok(Statement::Expr(_)) = parse_statement(src, &Names::default()) else {
        return Ok(());
    };
    // With no variable named, `derive_with` takes the expression's only variable and
    // returns `Err` when there is none or there are several.
    match crate::derive_with(src, None, &crate::Options::default()) {
        Ok(d) => derivation_roundtrips(&d).map_err(|e| format!("derive {src:?}, {e}")),
        Err(_) => Ok(()),
    }
}

/// The tree's structure as an S-expression (`Debug` of an `Expr` prints its text, which
/// would hide the very difference a round-trip failure is about).
pub fn tree(e: &Expr) -> String {
    let kids = |op: &str, xs: &[Expr]| {
        let inner: Vec<String> = xs.iter().map(tree).collect();
        format!("({op} {})", inner.join(" "))
    };
    match e.node() {
        Node::Num(n) => n.to_string(),
        Node::Sym(s) => s.to_string(),
        Node::Delta(a, b) => format!("(delta {a} {b})"),
        Node::Equation(a, b) => kids("=", &[a.clone(), b.clone()]),
        Node::Add(xs) => kids("+", xs),
        Node::Mul(xs) => kids("*", xs),
        Node::Div(a, b) => kids("/", &[a.clone(), b.clone()]),
        Node::Pow(a, b) => kids("^", &[a.clone(), b.clone()]),
        Node::Call(f, xs) => kids(f.name(), xs),
        Node::Deriv(body, var) => kids(&format!("d/d{var}"), std::slice::from_ref(body)),
        Node::Sum {
            index,
            lower,
            upper,
            body,
        } => kids(
            &format!("sum_{index}"),
            &[lower.clone(), upper.clone(), body.clone()],
        ),
    }
}
