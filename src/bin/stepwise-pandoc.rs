//! `stepwise-pandoc`: the Pandoc filter under a name Pandoc can run, since
//! `pandoc --filter` takes the path of one program and no arguments
//! (`pandoc notes.md --filter stepwise-pandoc -o notes.pdf`). It is `stepwise pandoc`.

use std::io::Write;
use std::process::ExitCode;
use stepwise::cli::{run, Cli, Command};

/// As in `stepwise` itself: deep but legal input recurses deeply.
const STACK_BYTES: usize = 256 * 1024 * 1024;

fn main() -> ExitCode {
    // Pandoc passes the output format as the one argument.
    let cli = Cli {
        seed: None,
        command: Command::Pandoc {
            format: std::env::args().nth(1),
        },
    };
    let report = std::thread::Builder::new()
        .stack_size(STACK_BYTES)
        .spawn(move || run(cli))
        .expect("spawn the worker thread")
        .join()
        .expect("the worker thread does not panic");
    let _ = std::io::stdout().write_all(report.stdout.as_bytes());
    let _ = std::io::stderr().write_all(report.stderr.as_bytes());
    ExitCode::from(report.code as u8)
}
