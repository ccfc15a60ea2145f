//! Any UTF-8 text that parses as an expression with exactly one variable:
//! differentiating it with respect to that variable must not panic. Errors (step or
//! size limits, an undecidable check) are fine.

#![no_main]

use libfuzzer_sys::fuzz_target;
use stepwise::parse::{parse_statement, Names, Statement};
use stepwise::Options;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(Statement::Expr(_)) = parse_statement(src, &Names::default()) else {
        return;
    };
    // With no variable named, `derive_with` takes the expression's only variable and
    // returns `Err` when there is none or there are several.
    let _ = stepwise::derive_with(src, None, &Options::default());
});
