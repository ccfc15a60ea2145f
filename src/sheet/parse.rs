//! The sheet format: one statement per line, `#` starts a comment, blank lines are
//! ignored. Parsing here only splits a line into its keyword and parts and remembers
//! where each part sits in the file; the mathematics inside a part is parsed when the
//! statement runs, with the definitions in force at that point.

use crate::conv::{ConvArgs, VecOrder};
use crate::error::{InputError, Span};

/// A piece of a statement's text and the byte offset where it starts in the file, so
/// an error the expression parser reports inside it can be placed in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    /// The text of the part.
    pub text: String,
    /// Where the part starts in the sheet, in bytes.
    pub offset: usize,
}

impl Part {
    fn new(line: &str, line_offset: usize, range: Range) -> Part {
        Part {
            text: line[range.clone()].to_string(),
            offset: line_offset + range.start,
        }
    }

    /// The whole part, as a span in the file.
    pub fn span(&self) -> Span {
        Span::new(self.offset, self.offset + self.text.len())
    }

    /// An error whose span is relative to this part's text, placed in the file.
    pub fn locate(&self, e: InputError) -> InputError {
        InputError::new(
            e.message,
            Span::new(e.span.start + self.offset, e.span.end + self.offset),
        )
    }

    /// An error about the whole part.
    pub fn error(&self, message: impl Into<String>) -> InputError {
        InputError::new(message, self.span())
    }
}

/// What a statement asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    /// `let p_j = ...`: a definition for the goals after it.
    Let(Part),
    /// `assume sum_j y_j = 1`: a fact for the goals after it.
    Assume(Part),
    /// `given log P_i = ...`: a premise for the `solve`s after it.
    Given(Part),
    /// `derive EXPR [wrt VAR]`.
    Derive {
        /// The expression to differentiate.
        expr: Part,
        /// The variable after `wrt`.
        wrt: Option<Part>,
    },
    /// `prove [(label)] LHS = RHS [cases i = j]`, or `show ...`.
    Prove {
        /// The `(label)` that replaces the goal's number.
        label: Option<Part>,
        /// The equation to prove.
        equation: Part,
        /// The condition after `cases`.
        cases: Option<Part>,
    },
    /// `solve TARGET [eliminating A, B]`.
    Solve {
        /// The symbol to solve for.
        target: Part,
        /// The symbols after `eliminating`.
        eliminate: Vec<Part>,
    },
    /// `check FORM = FORM = ...`: a chain someone wrote, each step checked.
    Check(Part),
    /// `conv input M kernel K [padding R,C] [stride R,C] [flip] [matrix] [order row|column] [unpadded]`;
    /// the operands' parts are kept so a bad matrix is shown in place.
    Conv {
        /// The options, as `stepwise conv` takes them.
        args: ConvArgs,
        /// The input matrix or shape as written.
        input: Part,
        /// The kernel matrix or shape as written.
        kernel: Part,
    },
}

impl Kind {
    /// Is this a goal, which gets a number and an item in the output?
    pub fn is_goal(&self) -> bool {
        !matches!(self, Kind::Let(_) | Kind::Assume(_) | Kind::Given(_))
    }
}

/// One line of a sheet.
#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    /// 1-based line number in the file.
    pub line: usize,
    /// The statement without its comment, and where it starts in the file.
    pub source: Part,
    /// What the statement asks for.
    pub kind: Kind,
}

type Range = std::ops::Range<usize>;

const KEYWORDS: &str = "let, assume, given, derive, prove, show, solve, check, conv";

/// Split a sheet into statements. Errors carry spans into `src`.
pub fn parse_sheet(src: &str) -> Result<Vec<Statement>, InputError> {
    let mut out = Vec::new();
    let mut offset = 0;
    for (i, raw) in src.split_inclusive('\n').enumerate() {
        let line_offset = offset;
        offset += raw.len();
        let code = raw.split('#').next().unwrap_or("");
        let code = code.trim_end_matches(['\n', '\r']);
        let start = code.len() - code.trim_start().len();
        let end = code.trim_end().len();
        if start >= end {
            continue;
        }
        let source = Part::new(code, line_offset, start..end);
        let kind = parse_statement(code, line_offset, start..end)?;
        out.push(Statement {
            line: i + 1,
            source,
            kind,
        });
    }
    Ok(out)
}

/// The byte range of `line[range]` with surrounding whitespace removed.
fn trimmed(line: &str, range: Range) -> Range {
    let s = &line[range.clone()];
    let start = range.start + (s.len() - s.trim_start().len());
    let end = range.start + s.trim_end().len();
    start..end.max(start)
}

/// Where the word `word` stands on its own in `line[range]`, last occurrence first:
/// the clauses `wrt`, `cases` and `eliminating` end a statement.
fn last_word(line: &str, range: Range, word: &str) -> Option<usize> {
    let s = &line[range.clone()];
    let bytes = s.as_bytes();
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    s.rmatch_indices(word)
        .map(|(i, _)| i)
        .find(|&i| {
            let before = i == 0 || !is_word(bytes[i - 1]);
            let after = i + word.len() == bytes.len() || !is_word(bytes[i + word.len()]);
            before && after
        })
        .map(|i| range.start + i)
}

fn parse_statement(line: &str, line_offset: usize, range: Range) -> Result<Kind, InputError> {
    let s = &line[range.clone()];
    let keyword_len = s.find(char::is_whitespace).unwrap_or(s.len());
    let keyword = &s[..keyword_len];
    let rest = trimmed(line, range.start + keyword_len..range.end);
    let part = |r: Range| Part::new(line, line_offset, r);
    let keyword_part = part(range.start..range.start + keyword_len);
    // Every statement needs something after its keyword.
    let body = || {
        if rest.is_empty() {
            Err(keyword_part.error(format!("`{keyword}` needs a statement after it")))
        } else {
            Ok(part(rest.clone()))
        }
    };
    // `head CLAUSE tail`: the head and, when the clause is present, its tail.
    let clause = |word: &str| -> Result<(Part, Option<Part>), InputError> {
        match last_word(line, rest.clone(), word) {
            Some(at) => {
                let head = trimmed(line, rest.start..at);
                let tail = trimmed(line, at + word.len()..rest.end);
                if head.is_empty() {
                    return Err(part(at..at + word.len())
                        .error(format!("expected an expression before `{word}`")));
                }
                if tail.is_empty() {
                    return Err(part(at..at + word.len())
                        .error(format!("expected something after `{word}`")));
                }
                Ok((part(head), Some(part(tail))))
            }
            None => Ok((body()?, None)),
        }
    };
    match keyword {
        "let" => Ok(Kind::Let(body()?)),
        "assume" => Ok(Kind::Assume(body()?)),
        "given" => Ok(Kind::Given(body()?)),
        "derive" => {
            let (expr, wrt) = clause("wrt")?;
            Ok(Kind::Derive { expr, wrt })
        }
        "prove" | "show" => {
            body()?;
            let (label, after) = label(line, rest.clone())?;
            let (equation, cases) = {
                let rest = after;
                match last_word(line, rest.clone(), "cases") {
                    Some(at) => {
                        let head = trimmed(line, rest.start..at);
                        let tail = trimmed(line, at + 5..rest.end);
                        if tail.is_empty() {
                            return Err(part(at..at + 5)
                                .error("expected a condition such as `i = j` after `cases`"));
                        }
                        (part(head), Some(part(tail)))
                    }
                    None => (part(rest), None),
                }
            };
            if equation.text.is_empty() {
                return Err(keyword_part.error(format!("`{keyword}` needs an equation")));
            }
            Ok(Kind::Prove {
                label: label.map(part),
                equation,
                cases,
            })
        }
        "solve" => {
            let (target, tail) = clause("eliminating")?;
            let eliminate = match tail {
                Some(tail) => split_list(&tail),
                None => Vec::new(),
            };
            Ok(Kind::Solve { target, eliminate })
        }
        "check" => Ok(Kind::Check(body()?)),
        "conv" => conv_args(&body()?),
        _ => Err(keyword_part.error(format!(
            "unknown statement `{keyword}`; a statement starts with one of {KEYWORDS}"
        ))),
    }
}

/// An optional `(label)` at the start of a goal: a name of letters, digits, `_` and `-`
/// that is not a number (numbers are the goals' own), followed by a space. Returns the
/// label's range (without brackets) and the rest.
fn label(line: &str, rest: Range) -> Result<(Option<Range>, Range), InputError> {
    let s = &line[rest.clone()];
    let Some(inner) = s.strip_prefix('(') else {
        return Ok((None, rest));
    };
    let Some(close) = inner.find(')') else {
        return Ok((None, rest));
    };
    let name = &inner[..close];
    let followed_by_space = inner[close + 1..].starts_with(char::is_whitespace);
    let is_name = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && name.chars().any(|c| !c.is_ascii_digit());
    // `(x + 1)^2 = ...` and `(a) (b) = ...` with a one-letter name are mathematics.
    if !followed_by_space || !is_name || name.chars().count() == 1 {
        return Ok((None, rest));
    }
    let label = rest.start + 1..rest.start + 1 + close;
    Ok((Some(label), trimmed(line, rest.start + close + 2..rest.end)))
}

/// `A, B` or `A B` as parts.
fn split_list(p: &Part) -> Vec<Part> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in p.text.char_indices().chain([(p.text.len(), ' ')]) {
        let sep = c == ',' || c.is_whitespace();
        match (sep, start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                out.push(Part::new(&p.text, p.offset, s..i));
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// The words of a `conv` statement, with a bracketed matrix literal kept as one word
/// even when it contains spaces.
fn conv_words(p: &Part) -> Result<Vec<Part>, InputError> {
    let mut out = Vec::new();
    let mut start = None;
    let mut depth = 0usize;
    for (i, c) in p.text.char_indices().chain([(p.text.len(), ' ')]) {
        match c {
            '[' => {
                depth += 1;
                start.get_or_insert(i);
            }
            ']' => {
                depth = depth.saturating_sub(1);
                start.get_or_insert(i);
            }
            c if c.is_whitespace() && depth == 0 => {
                if let Some(s) = start.take() {
                    out.push(Part::new(&p.text, p.offset, s..i));
                }
            }
            _ => {
                start.get_or_insert(i);
            }
        }
    }
    if depth > 0 {
        return Err(p.error("a matrix has an unclosed `[`"));
    }
    Ok(out)
}

/// `conv input M kernel K ...`: the options of `stepwise conv`, as words.
fn conv_args(p: &Part) -> Result<Kind, InputError> {
    let words = conv_words(p)?;
    let mut args = ConvArgs {
        input: String::new(),
        kernel: String::new(),
        padding: (0, 0),
        stride: (1, 1),
        flip: false,
        matrix: false,
        order: VecOrder::Row,
        unpadded: false,
    };
    let (mut input, mut kernel) = (None, None);
    let mut it = words.iter();
    while let Some(w) = it.next() {
        let mut value = || {
            it.next()
                .ok_or_else(|| w.error(format!("expected a value after `{}`", w.text)))
        };
        match w.text.as_str() {
            "input" => input = Some(value()?.clone()),
            "kernel" => kernel = Some(value()?.clone()),
            "padding" => args.padding = pair(value()?)?,
            "stride" => args.stride = pair(value()?)?,
            "order" => {
                let v = value()?;
                args.order = match v.text.as_str() {
                    "row" => VecOrder::Row,
                    "column" => VecOrder::Column,
                    _ => return Err(v.error("expected `row` or `column`")),
                }
            }
            "flip" => args.flip = true,
            "matrix" => args.matrix = true,
            "unpadded" => args.unpadded = true,
            other => {
                return Err(w.error(format!(
                    "unknown conv option `{other}`; expected input, kernel, padding, stride, \
                     flip, matrix, order or unpadded"
                )))
            }
        }
    }
    let need = |part: Option<Part>, name: &str| {
        part.ok_or_else(|| p.error(format!("`conv` needs `{name}`")))
    };
    let (input, kernel) = (need(input, "input")?, need(kernel, "kernel")?);
    args.input = input.text.clone();
    args.kernel = kernel.text.clone();
    Ok(Kind::Conv {
        args,
        input,
        kernel,
    })
}

/// `R,C` or `N` for both.
fn pair(p: &Part) -> Result<(usize, usize), InputError> {
    let number = |s: &str| {
        s.trim()
            .parse::<usize>()
            .map_err(|_| p.error(format!("expected `R,C` or a number, found `{}`", p.text)))
    };
    match p.text.split_once(',') {
        Some((r, c)) => Ok((number(r)?, number(c)?)),
        None => number(&p.text).map(|n| (n, n)),
    }
}
