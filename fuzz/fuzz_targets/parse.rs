//! Any UTF-8 text as a statement: parsing must not panic, and when it parses, the
//! plain-text printer's output must parse back to the same expression (both sides of
//! an equation), and printing that again must give the same text.

#![no_main]

use libfuzzer_sys::fuzz_target;
use stepwise::expr::Expr;
use stepwise::parse::{parse_statement, Names, Statement};
use stepwise::to_text;

fn sides(s: &Statement) -> Vec<&Expr> {
    match s {
        Statement::Expr(e) => vec![e],
        Statement::Equation(l, r) => vec![l, r],
    }
}

fn print(s: &Statement) -> String {
    sides(s)
        .into_iter()
        .map(to_text)
        .collect::<Vec<_>>()
        .join(" = ")
}

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    let names = Names::default();
    let Ok(parsed) = parse_statement(src, &names) else {
        return;
    };
    let printed = print(&parsed);
    let back = parse_statement(&printed, &names).unwrap_or_else(|e| {
        panic!("input {src:?} prints as {printed:?}, which does not parse: {e}")
    });
    assert_eq!(
        back, parsed,
        "input {src:?} prints as {printed:?}, which parses to a different tree"
    );
    let again = print(&back);
    assert_eq!(again, printed, "printing {src:?} is not idempotent");
});
