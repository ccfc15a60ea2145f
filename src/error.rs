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
    ///
    /// A long line is cut to 80 characters around the place, with `...`
    /// where it was cut, so a message never echoes a whole long input.
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
        let (text, caret_col, width) = neighbourhood(text, col - 1, width);
        format!(
            "error: {} at {place}\n{gutter} |\n{line} | {text}\n{gutter} | {}{}",
            self.message,
            " ".repeat(caret_col),
            "^".repeat(width)
        )
    }
}

/// How many characters of a line an error message quotes at most.
pub const QUOTE_CHARS: usize = 80;

/// The part of `line` an error quotes: all of it when it is short, else
/// [`QUOTE_CHARS`] characters around the place (`col` and `width` in characters),
/// marked `...` where it was cut. Returns the text, and the place's column and width
/// in it.
fn neighbourhood(line: &str, col: usize, width: usize) -> (String, usize, usize) {
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= QUOTE_CHARS {
        return (line.to_string(), col, width);
    }
    let col = col.min(chars.len());
    let start = col.saturating_sub(QUOTE_CHARS / 3);
    let end = (start + QUOTE_CHARS).min(chars.len());
    let start = end.saturating_sub(QUOTE_CHARS).min(start);
    let mut text = String::new();
    if start > 0 {
        text.push_str("...");
    }
    text.extend(&chars[start..end]);
    if end < chars.len() {
        text.push_str("...");
    }
    let lead = if start > 0 { 3 } else { 0 };
    let width = width.min(end.saturating_sub(col)).max(1);
    (text, col - start + lead, width)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_is_quoted_around_the_place() {
        let source = format!("{}tahn(x){}", "x + ".repeat(50_000), " + x".repeat(50_000));
        let at = source.find("tahn").unwrap();
        let e = InputError::new("unknown function `tahn`", Span::new(at, at + 4));
        let shown = e.render(&source, None);
        assert!(shown.len() < 400, "{} bytes", shown.len());
        let lines: Vec<&str> = shown.lines().collect();
        assert_eq!(lines.len(), 4, "{shown}");
        // The caret sits under `tahn` in the quoted part.
        let quoted = lines[2].split_once("| ").unwrap().1;
        let caret = lines[3].split_once("| ").unwrap().1;
        let col = caret.find('^').unwrap();
        assert_eq!(&quoted[col..col + 4], "tahn", "{shown}");
        assert_eq!(caret.trim(), "^^^^");
        assert!(
            quoted.starts_with("...") && quoted.ends_with("..."),
            "{quoted}"
        );
    }

    #[test]
    fn an_argument_is_quoted_short() {
        let long = format!("[[{}]]", vec!["1"; 5000].join(", "));
        let e = Error::Input(InputError::new("ragged matrix", Span::new(2, 3)))
            .in_argument(Argument::ConvInput, &long);
        let shown = e.to_string();
        assert!(shown.len() < 200, "{} bytes", shown.len());
        assert!(
            shown.starts_with("in the convolution input `[[1, 1, 1"),
            "{shown}"
        );
        assert!(
            shown.ends_with("...`: ragged matrix at line 1, column 3"),
            "{shown}"
        );
        let short = Error::Input(InputError::new("empty", Span::new(0, 0)))
            .in_argument(Argument::Kernel, "[]");
        assert_eq!(
            short.to_string(),
            "in the kernel `[]`: empty at line 1, column 1"
        );
    }

    #[test]
    fn a_short_line_is_quoted_whole() {
        let e = InputError::new("unknown function `tahn`", Span::new(4, 8));
        assert_eq!(
            e.render("1 + tahn(x)", None),
            "error: unknown function `tahn` at line 1, column 5\n  |\n1 | 1 + tahn(x)\n  |     ^^^^"
        );
    }
}

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
    /// `solve` could not bring the target alone to one side: not bad input, and no
    /// failure of the engine, but an answer not found (the command line's exit 1).
    #[error("could not solve for {target}: {reason}; the equation reached is `{reached}`")]
    NotSolved {
        /// The symbol asked for.
        target: String,
        /// Why it was not isolated (still on both sides, no rule to invert).
        reason: String,
        /// The last equation of the derivation, in the input language.
        reached: String,
    },
    /// The request itself is wrong (a bad option, a missing variable).
    #[error("{0}")]
    Usage(String),
    /// Something wrong inside one of the texts a call was given besides its main one
    /// (a definition, an assumption, a premise, a convolution's operand), with that
    /// text, so that the message can point into it: the error's span and position are
    /// relative to `source_text`.
    #[error("in the {argument} `{}`: {error}", quoted(.source_text))]
    InArgument {
        /// Which text it is.
        argument: Argument,
        /// The text, which the error's span points into.
        source_text: String,
        /// What is wrong in it, placed in `source_text`.
        error: InputError,
    },
    /// A sheet (or a document's `stepwise` block) failed, so that `?` takes the
    /// errors of [`sheet::run`](crate::sheet::run) into this one type too.
    #[error(transparent)]
    Sheet(Box<crate::sheet::SheetError>),
}

impl From<crate::sheet::SheetError> for Error {
    fn from(e: crate::sheet::SheetError) -> Error {
        // Boxed: a sheet's error is large, and every call returns this type.
        Error::Sheet(Box::new(e))
    }
}

/// `text` as an error message quotes it: whole when short, else its first
/// [`QUOTE_CHARS`] characters and `...`.
fn quoted(text: &str) -> String {
    match text.char_indices().nth(QUOTE_CHARS) {
        Some((cut, _)) => format!("{}...", &text[..cut]),
        None => text.to_string(),
    }
}

/// Which of a call's texts an [`Error::InArgument`] is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Argument {
    /// One of [`Options::definitions`](crate::Options::definitions).
    Definition,
    /// One of [`Options::assumptions`](crate::Options::assumptions).
    Assumption,
    /// The equation of one of [`Options::lemmas`](crate::Options::lemmas).
    Lemma,
    /// One of the premises of [`solve_with`](crate::solve_with).
    Premise,
    /// The symbol [`solve_with`](crate::solve_with) solves for.
    Target,
    /// The input matrix (or shape) of a convolution.
    ConvInput,
    /// The kernel matrix (or shape) of a convolution.
    Kernel,
}

impl fmt::Display for Argument {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Argument::Definition => "definition",
            Argument::Assumption => "assumption",
            Argument::Lemma => "lemma",
            Argument::Premise => "premise",
            Argument::Target => "target",
            Argument::ConvInput => "convolution input",
            Argument::Kernel => "kernel",
        })
    }
}

impl Error {
    /// An input error found in `source_text`, the text of `argument`, placed in it.
    /// Other errors pass unchanged.
    pub fn in_argument(self, argument: Argument, source_text: &str) -> Error {
        match self {
            Error::Input(error) => Error::InArgument {
                argument,
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
