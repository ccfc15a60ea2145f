//! Any bytes as a statement: parsing must not panic, and when it parses, the
//! plain-text printer's output must parse back to the same tree (both sides of an
//! equation), and printing that again must give the same text. The check itself is
//! `stepwise::selfcheck::check_parse`, which `tests/fuzz_regressions.rs` replays on
//! every stored finding.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(e) = stepwise::selfcheck::check_parse(data) {
        panic!("{e}");
    }
});
