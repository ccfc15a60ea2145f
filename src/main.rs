use clap::Parser;
use std::io::Write;
use std::process::ExitCode;
use stepwise::cli::{run, Cli};

/// Deep but legal input recurses deeply; a roomy stack keeps that from overflowing.
const STACK_BYTES: usize = 256 * 1024 * 1024;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let report = std::thread::Builder::new()
        .stack_size(STACK_BYTES)
        .spawn(move || run(cli))
        .expect("spawn the worker thread")
        .join()
        .expect("the worker thread does not panic");
    // Written in one piece each, after all work is done: no half-printed output.
    let _ = std::io::stdout().write_all(report.stdout.as_bytes());
    let _ = std::io::stderr().write_all(report.stderr.as_bytes());
    ExitCode::from(report.code as u8)
}
