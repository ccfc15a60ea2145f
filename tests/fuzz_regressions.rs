//! CI replays the fuzzers' findings: every file of `fuzz/regressions/` goes through
//! the checks of both fuzz targets (`stepwise::selfcheck`), so a finding that was
//! fixed cannot come back. A panic or a failed check names the file.

use std::path::PathBuf;

fn findings() -> Vec<PathBuf> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/regressions");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("fuzz/regressions exists")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|p| p.extension().is_none_or(|e| e != "md"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_fuzz_finding_passes_both_targets_checks() {
    let files = findings();
    assert!(
        files.len() >= 4,
        "only {} findings in fuzz/regressions",
        files.len()
    );
    let mut failures = Vec::new();
    for path in &files {
        let data = std::fs::read(path).expect("read a finding");
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        for (target, check) in [
            (
                "parse",
                stepwise::selfcheck::check_parse as fn(&[u8]) -> Result<(), String>,
            ),
            ("derive", stepwise::selfcheck::check_derive),
        ] {
            let started = std::time::Instant::now();
            match std::panic::catch_unwind(|| check(&data)) {
                Ok(Ok(())) => {}
                Ok(Err(e)) => failures.push(format!("{name} ({target}): {e}")),
                Err(_) => failures.push(format!("{name} ({target}): panicked")),
            }
            // The findings include a hang; each must now be prompt.
            let took = started.elapsed();
            if took > std::time::Duration::from_secs(20) {
                failures.push(format!("{name} ({target}): took {took:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
