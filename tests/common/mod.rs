//! Helpers shared by the integration tests.
// Each test crate uses a part of them.
#![allow(dead_code, unused_imports)]

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[path = "../support/renderers.rs"]
mod renderers;
pub use renderers::{assert_katex_renders, assert_pdflatex_compiles, snapshot_settings};

/// What one run of the binary produced.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Run `stepwise args...`, killing it after `timeout`.
pub fn run_with_timeout(args: &[&str], timeout: Duration) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_stepwise"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    // Drain both pipes on their own threads so a large output cannot block the child.
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let out_reader = std::thread::spawn(move || {
        let mut s = String::new();
        out.read_to_string(&mut s).map(|_| s)
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        err.read_to_string(&mut s).map(|_| s)
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for the child") {
            break status;
        }
        if started.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "stepwise {:?} did not finish within {timeout:?}",
                short(args)
            );
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Run {
        // A process killed by a signal has no code; -1 fails every assertion below.
        code: status.code().unwrap_or(-1),
        stdout: out_reader.join().unwrap().expect("stdout is UTF-8"),
        stderr: err_reader.join().unwrap().expect("stderr is UTF-8"),
    }
}

/// The arguments for a failure message, each cut to 60 characters.
pub fn short(args: &[&str]) -> Vec<String> {
    args.iter()
        .map(|a| match a.char_indices().nth(60) {
            Some((at, _)) => format!("{}... ({} bytes)", &a[..at], a.len()),
            None => a.to_string(),
        })
        .collect()
}

// ---------------------------------------------------------------- printer round trip

use stepwise::selfcheck::{derivation_roundtrips, expr_roundtrips, rule_formulas_roundtrip};
use stepwise::{Derivation, Expr};

/// `e` prints to text that parses back to `e` (with the functions it calls), and
/// printing is idempotent; else a panic naming the case `what`.
pub fn assert_roundtrip(e: &Expr, what: &str) {
    if let Err(msg) = expr_roundtrips(e) {
        panic!("{what}: {msg}");
    }
}

/// Every step of `d` (and of its case branches) round-trips through the printer, and
/// the mathematics a rule's name quotes in backquotes parses. Called wherever the
/// tests print a derivation, so the suite's own outputs are all round-tripped.
pub fn assert_derivation_roundtrips(d: &Derivation, what: &str) {
    if let Err(msg) = derivation_roundtrips(d).and_then(|()| rule_formulas_roundtrip(d)) {
        panic!("{what}: {msg}");
    }
}

/// Is the documentation tool `program` (mdbook, pandoc, chromium) installed? Where it
/// is missing the test that needs it is skipped with a loud note, so `cargo test` runs
/// on a fresh machine; CI installs the tools and sets `STEPWISE_REQUIRE_DOC_TOOLS=1`,
/// and then a missing tool fails the test.
pub fn doc_tool(program: &str) -> bool {
    let installed = Command::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    let required = std::env::var_os("STEPWISE_REQUIRE_DOC_TOOLS").is_some_and(|v| v == "1");
    if !installed {
        assert!(
            !required,
            "`{program}` is not installed, and STEPWISE_REQUIRE_DOC_TOOLS=1 requires it \
             (.ci/run installs it)"
        );
        eprintln!(
            "\n!!! SKIPPED: `{program}` is not installed, so this test checks nothing. \
             Install it as .ci/run does to run it.\n"
        );
    }
    installed
}

/// Run `program args` with `input` on stdin; its output, whatever its exit status.
pub fn pipe(program: &str, args: &[&str], input: &[u8]) -> std::process::Output {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {program}: {e}"));
    let mut stdin = child.stdin.take().expect("piped stdin");
    let input = input.to_vec();
    // Written from a thread, so a child that writes much before reading cannot block us.
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().expect("wait for the child");
    writer.join().expect("writer thread").expect("write stdin");
    out
}
