//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::io::{ErrorKind, Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// insta settings that keep every snapshot in the top-level `snapshots/` folder.
pub fn snapshot_settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings
}

/// Render every formula with KaTeX in display mode, strictly, and panic listing each one
/// KaTeX rejects with its message. One `node` process checks them all, since starting
/// node costs about a tenth of a second. A missing node or KaTeX fails the test: a
/// check that cannot run must not pass.
pub fn assert_katex_renders(formulas: &[String]) {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/katex_check.js");
    let mut child = match Command::new("node")
        .arg(script)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(e) if e.kind() == ErrorKind::NotFound => panic!(
            "`node` not found: install Node.js, then run `npm ci` in the repository root \
             to install KaTeX"
        ),
        Err(e) => panic!("cannot start node: {e}"),
    };
    let input = serde_json::to_string(formulas).expect("formulas as JSON");
    child
        .stdin
        .take()
        .expect("piped stdin")
        .write_all(input.as_bytes())
        .expect("write formulas to node");
    let out = child.wait_with_output().expect("wait for node");
    let stderr = String::from_utf8_lossy(&out.stderr);
    match out.status.code() {
        Some(0) => {}
        Some(2) => panic!("KaTeX is not installed: run `npm ci` in the repository root\n{stderr}"),
        _ => panic!("the KaTeX check failed to run ({}):\n{stderr}", out.status),
    }
    let failures: Vec<serde_json::Value> =
        serde_json::from_slice(&out.stdout).expect("the KaTeX check prints JSON");
    if !failures.is_empty() {
        let report: Vec<String> = failures
            .iter()
            .map(|f| format!("  {}\n    -> {}", f["formula"], f["message"]))
            .collect();
        panic!(
            "KaTeX rejects {} of {} formulas:\n{}",
            failures.len(),
            formulas.len(),
            report.join("\n")
        );
    }
}

/// Compile a complete LaTeX document with pdflatex and panic with the end of its log if
/// it does not compile. Where pdflatex is missing, the check is skipped with a note,
/// so `cargo test` runs on a fresh machine; CI installs pdflatex and sets
/// `STEPWISE_REQUIRE_PDFLATEX=1`, and then a missing pdflatex fails the test.
pub fn assert_pdflatex_compiles(document: &str) {
    let required = std::env::var_os("STEPWISE_REQUIRE_PDFLATEX").is_some_and(|v| v == "1");
    let installed = Command::new("pdflatex")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok();
    if !installed && !required {
        eprintln!("note: pdflatex is not installed, so the document check is skipped");
        return;
    }
    let dir = tempfile::tempdir().expect("temporary directory");
    std::fs::write(dir.path().join("doc.tex"), document).expect("write doc.tex");
    let out = match Command::new("pdflatex")
        .args(["-interaction=nonstopmode", "-halt-on-error", "doc.tex"])
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .output()
    {
        Ok(out) => out,
        Err(e) if e.kind() == ErrorKind::NotFound => panic!(
            "`pdflatex` not found: install it with \
             `apt-get install -y --no-install-recommends texlive-latex-base` (as .ci/run does)"
        ),
        Err(e) => panic!("cannot start pdflatex: {e}"),
    };
    if !out.status.success() || !dir.path().join("doc.pdf").exists() {
        let log = std::fs::read_to_string(dir.path().join("doc.log"))
            .unwrap_or_else(|_| String::from_utf8_lossy(&out.stdout).into_owned());
        let lines: Vec<&str> = log.lines().collect();
        let tail = lines[lines.len().saturating_sub(30)..].join("\n");
        panic!(
            "pdflatex rejects the document ({}):\n{document}\n--- log tail ---\n{tail}",
            out.status
        );
    }
}

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

use stepwise::expr::Expr;
use stepwise::parse::parse_statement;
use stepwise::selfcheck::{derivation_roundtrips, names_used, roundtrip};
use stepwise::{Derivation, Step};

/// `e` prints to text that parses back to `e` (with the functions it calls), and
/// printing is idempotent; else a panic naming the case `what`.
pub fn assert_roundtrip(e: &Expr, what: &str) {
    if let Err(msg) = roundtrip(e, &names_used(e)) {
        panic!("{what}: {msg}");
    }
}

/// Every step of `d` (and of its case branches) round-trips through the printer, and
/// the mathematics a rule's name quotes in backquotes parses. Called wherever the
/// tests print a derivation, so the suite's own outputs are all round-tripped.
pub fn assert_derivation_roundtrips(d: &Derivation, what: &str) {
    if let Err(msg) = derivation_roundtrips(d) {
        panic!("{what}: {msg}");
    }
    fn quotes(list: &[Step], what: &str) {
        for step in list {
            let rule = step.rule.as_deref().unwrap_or("");
            for quoted in rule.split('`').skip(1).step_by(2) {
                // A rule may quote a function the step no longer calls (`definition of
                // `softplus``); that quote is checked where the function is known.
                match parse_statement(quoted, &names_used(&step.expr)) {
                    Err(e) if !e.message.contains("unknown function") => {
                        panic!("{what}: in the rule `{rule}`, `{quoted}` does not parse: {e}")
                    }
                    _ => {}
                }
            }
            for case in &step.cases {
                quotes(&case.steps, what);
            }
        }
    }
    quotes(&d.steps, what);
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
