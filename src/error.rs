//! Typed errors. Input errors carry a byte span into the source they came from, so the
//! command line can point at the place with a caret.

use std::fmt;

/// A byte range in some source text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    pub fn at(pos: usize) -> Span {
        Span::new(pos, pos)
    }
}

/// Something wrong with what the user wrote, at a place in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    pub message: String,
    pub span: Span,
}

impl InputError {
    pub fn new(message: impl Into<String>, span: Span) -> InputError {
        InputError {
            message: message.into(),
            span,
        }
    }

    /// 1-based line and column (in characters) of the span's start in `source`.
    pub fn line_col(&self, source: &str) -> (usize, usize) {
        let start = self.span.start.min(source.len());
        let before = &source[..start];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = source[line_start..start].chars().count() + 1;
        (line, col)
    }

    /// The message with its place, the source line and a caret under the place:
    ///
    /// ```text
    /// error: unknown function `tahn` at line 1, column 1
    ///   |
    /// 1 | tahn(x)
    ///   | ^^^^
    /// ```
    pub fn render(&self, source: &str, origin: Option<&str>) -> String {
        let (line, col) = self.line_col(source);
        let text = source.lines().nth(line - 1).unwrap_or("");
        let width = {
            let start = self.span.start.min(source.len());
            let end = self.span.end.clamp(start, source.len());
            let on_line = source[start..end].split('\n').next().unwrap_or("");
            on_line.chars().count().max(1)
        };
        let place = match origin {
            Some(file) => format!("{file}:{line}:{col}"),
            None => format!("line {line}, column {col}"),
        };
        let gutter = " ".repeat(line.to_string().len());
        format!(
            "error: {} at {place}\n{gutter} |\n{line} | {text}\n{gutter} | {}{}",
            self.message,
            " ".repeat(col - 1),
            "^".repeat(width)
        )
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (bytes {}..{})",
            self.message, self.span.start, self.span.end
        )
    }
}

impl std::error::Error for InputError {}

/// Why a derivation could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input does not parse or does not make sense.
    #[error("{0}")]
    Input(InputError),
    /// A rule produced a step that the numeric check rejected: a bug in that rule.
    #[error("engine error: the step by `{rule}` failed its check: {detail}")]
    StepCheckFailed { rule: String, detail: String },
    /// Rewriting stopped at a limit before it finished.
    #[error("{0}")]
    Limit(String),
    /// `solve` could not bring the target alone to one side: not bad input, and no
    /// failure of the engine, but an answer not found (the command line's exit 1).
    #[error("could not solve for {target}: {reason}; the equation reached is `{reached}`")]
    NotSolved {
        target: String,
        reason: String,
        /// The last equation of the derivation, in the input language.
        reached: String,
    },
    /// The request itself is wrong (a bad option, a missing variable).
    #[error("{0}")]
    Usage(String),
    /// Something wrong inside the text of an option (`--let`, `--assume`), with that
    /// text, so the message can point into it.
    #[error("in {option} `{source_text}`: {error}")]
    InOption {
        option: &'static str,
        source_text: String,
        error: InputError,
    },
}

impl Error {
    /// Attach the option and its text to an input error found in it.
    pub fn in_option(self, option: &'static str, source_text: &str) -> Error {
        match self {
            Error::Input(error) => Error::InOption {
                option,
                source_text: source_text.to_string(),
                error,
            },
            other => other,
        }
    }
}

impl From<InputError> for Error {
    fn from(e: InputError) -> Error {
        Error::Input(e)
    }
}
