//! The commands for documents: `render` (Markdown or one HTML page), `mdbook` (the
//! preprocessor) and `pandoc` (the filter). Each writes its whole document even when
//! a proof in it failed, with the failure as an error block in place, and reports
//! every failure on stderr; the exit code is that of the first failure.

use super::{sheet_error_code, Report};
use crate::docs::{self, DocOptions, Failure, MathTarget};
use crate::error::Error;
use crate::print::latex::LatexOptions;
use std::io::Read;
use std::path::Path;

/// `stepwise render FILE|- [--math M] [--html] [--width N]`.
pub fn render(file: &Path, math: MathTarget, html: bool, width: u16) -> Report {
    let (origin, source) = match read_input(file) {
        Ok(read) => read,
        Err(e) => return super::error_report(&e, ""),
    };
    let options = DocOptions {
        math,
        latex: LatexOptions {
            width: usize::from(width),
            standalone: false,
        },
    };
    let rendered = if html {
        docs::html_page(&source, &options, Some(&origin))
    } else {
        docs::render_markdown(&source, &options, Some(&origin))
    };
    with_failures(rendered.document, &rendered.failures, true)
}

/// `stepwise mdbook`: the book from stdin to stdout.
pub fn mdbook() -> Report {
    let input = match read_stdin() {
        Ok(s) => s,
        Err(e) => return super::error_report(&e, ""),
    };
    match docs::mdbook::preprocess(&input) {
        Ok(book) => {
            let failures: Vec<Failure> = book.failures.into_iter().map(|(_, f)| f).collect();
            let mut report = with_failures(book.json, &failures, !book.options.keep_going);
            if book.options.keep_going && !failures.is_empty() {
                report.stderr.push_str(
                    "note: keep-going is set in book.toml, so the book is built with the error blocks\n",
                );
            }
            report
        }
        Err(e) => super::error_report(&e, ""),
    }
}

/// `stepwise pandoc [FORMAT]`: the AST from stdin to stdout.
pub fn pandoc() -> Report {
    let input = match read_stdin() {
        Ok(s) => s,
        Err(e) => return super::error_report(&e, ""),
    };
    match docs::pandoc::filter(&input, &LatexOptions::default()) {
        Ok(filtered) => with_failures(filtered.json, &filtered.failures, true),
        Err(e) => super::error_report(&e, ""),
    }
}

/// The document on stdout, each failure's report on stderr, and (when `fail`) a
/// non-zero exit code for the first failure.
fn with_failures(document: String, failures: &[Failure], fail: bool) -> Report {
    let stderr: String = failures.iter().map(|f| f.report.clone()).collect();
    let code = match failures.first() {
        Some(f) if fail => sheet_error_code(&f.error),
        _ => 0,
    };
    Report {
        stdout: document,
        stderr,
        code,
    }
}

/// The file's name and text; `-` is stdin.
fn read_input(file: &Path) -> Result<(String, String), Error> {
    if file == Path::new("-") {
        return read_stdin().map(|s| ("<stdin>".to_string(), s));
    }
    std::fs::read_to_string(file)
        .map(|s| (file.display().to_string(), s))
        .map_err(|e| Error::Usage(format!("cannot read {}: {e}", file.display())))
}

fn read_stdin() -> Result<String, Error> {
    let mut s = String::new();
    std::io::stdin()
        .read_to_string(&mut s)
        .map_err(|e| Error::Usage(format!("cannot read stdin: {e}")))?;
    Ok(s)
}
