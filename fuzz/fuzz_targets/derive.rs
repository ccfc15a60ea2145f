//! Any bytes that parse as an expression with exactly one variable: differentiating it
//! with respect to that variable must not panic, and every step of the derivation must
//! print to text that parses back to it. Errors (step or size limits, an undecidable
//! check) are fine. The check itself is `stepwise::selfcheck::check_derive`, which
//! `tests/fuzz_regressions.rs` replays on every stored finding.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(e) = stepwise::selfcheck::check_derive(data) {
        panic!("{e}");
    }
});
