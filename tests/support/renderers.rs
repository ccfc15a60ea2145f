//! The renderer checks and snapshot settings, shared by the integration tests (through
//! `tests/common/mod.rs`) and by the crate's unit tests that print documents (through
//! a `#[path]` module in `src/lib.rs`), so that both check output the same way.

use std::io::{ErrorKind, Write};
use std::process::{Command, Stdio};

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
