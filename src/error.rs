//! Typed errors. Input errors carry a byte span into the source they came from, so the
//! command line can point at the place with a caret.

use std::fmt;

/// A byte range in some source text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    /// The first byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// The bytes `start..end`.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// An empty span at `pos`.
    pub fn at(pos: usize) -> Span {
        Span::new(pos, pos)
    }
}

/// A place in a text as people count it: 1-based line, and 1-based column in
/// characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// Something wrong with what the user wrote, at a place in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    /// What is wrong, in the library's words.
    pub message: String,
    /// Where, as a byte range in the text the caller passed.
    pub span: Span,
    /// Where, as line and column in that text, once the error has been placed in it
    /// (every error the public functions return is).
    pub position: Option<Position>,
}

impl InputError {
    /// An error at `span`, not yet placed in its text.
    pub fn new(message: impl Into<String>, span: Span) -> InputError {
        InputError {
            message: message.into(),
            span,
            position: None,
        }
    }

    /// This error with its line and column in `source`, the text its span is in.
    pub fn placed(mut self, source: &str) -> InputError {
        let (line, column) = self.line_col(source);
        self.position = Some(Position { line, column });
        self
    }

    /// This error with its span moved `offset` bytes on: from a part into the text
    /// that holds it. A position found before no longer holds and is dropped.
    pub fn shifted(self, offset: usize) -> InputError {
        InputError::new(
            self.message,
            Span::new(self.span.start + offset, self.span.end + offset),
        )
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
        match self.position {
            Some(p) => write!(
                f,
                "{} at line {}, column {}",
                self.message, p.line, p.column
            ),
            None => f.write_str(&self.message),
        }
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
    StepCheckFailed {
        /// The rule whose step failed.
        rule: String,
        /// What the check found.
        detail: String,
    },
    /// Rewriting stopped at a limit before it finished.
    #[error("{0}")]
    Limit(String),
    /// The request itself is wrong (a bad option, a missing variable).
    #[error("{0}")]
    Usage(String),
    /// Something wrong inside the text of an option (a definition, an assumption, a
    /// lemma), with that text, so the message can point into it.
    #[error("in the {option} `{source_text}`: {error}")]
    InOption {
        /// Which option: `definition`, `assumption` or `lemma`.
        option: &'static str,
        /// The option's text, which the error's span points into.
        source_text: String,
        /// What is wrong in it.
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
                error: error.placed(source_text),
            },
            other => other,
        }
    }

    /// An input error placed in `source`, the text the caller passed, so that it
    /// names its line and column.
    pub fn placed(self, source: &str) -> Error {
        match self {
            Error::Input(error) if error.position.is_none() => Error::Input(error.placed(source)),
            other => other,
        }
    }
}

impl From<InputError> for Error {
    fn from(e: InputError) -> Error {
        Error::Input(e)
    }
}
