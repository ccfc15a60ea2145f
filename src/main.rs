use clap::Parser;
use std::io::Write;
use std::process::ExitCode;
use stepwise::cli::{run, Cli, Report, EXIT_ENGINE, EXIT_OUTPUT};

/// Deep but legal input recurses deeply; a roomy stack keeps that from overflowing.
const STACK_BYTES: usize = 256 * 1024 * 1024;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let report = std::thread::Builder::new()
        .stack_size(STACK_BYTES)
        .spawn(move || run(cli))
        .expect("spawn the worker thread")
        .join()
        // The panic's own message is already on stderr; this says what it means.
        .unwrap_or_else(|_| Report {
            stdout: String::new(),
            stderr: "error: internal error: stepwise panicked (a bug; please report the input)\n"
                .to_string(),
            code: EXIT_ENGINE,
        });
    let code = match write_stdout(&report.stdout) {
        Ok(()) => {
            let _ = std::io::stderr().write_all(report.stderr.as_bytes());
            report.code
        }
        // Output that did not arrive is a failure, whatever the command found.
        Err(e) => {
            let _ = std::io::stderr().write_all(
                format!("{}error: cannot write the output: {e}\n", report.stderr).as_bytes(),
            );
            EXIT_OUTPUT
        }
    };
    ExitCode::from(code as u8)
}

/// Written in one piece, after all work is done: no half-printed document when a goal
/// fails. A write error (a full disk, a closed pipe) is returned, not dropped.
fn write_stdout(text: &str) -> std::io::Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()
}
