//! A document to chains: the forms of each chain, where each sits in the file, the
//! author's notes, and what the surrounding text says (a case, the meaning of
//! `\delta_{ij}`, a `let` or `assume` line). Only the layout is read here; the forms
//! are read later, by the text parser or the LaTeX reader.
//!
//! Text: a chain is a first form and then one `= form` per line, as the text printer
//! writes it; a final `(note)` after two or more spaces is the author's note. `let`,
//! `assume` and `case i = j` lines apply to the chains after them.
//!
//! LaTeX: each display (`$$ ... $$`, `\[ ... \]`, `aligned`, `align`, `align*`,
//! `equation`, `equation*`) is a chain; rows end at `\\`, `&` marks alignment, and
//! `&& \text{(...)}` is a note. Every `=` of a row starts a new step.

use crate::error::{InputError, Span};
use crate::sheet::parse::Part;

/// The language a checked document is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    /// The text language: a form, then one `= form` per line.
    Text,
    /// LaTeX displays (`aligned`, `align`, `equation`, `$$ ... $$`, `\[ ... \]`).
    Latex,
}

/// A case a chain is stated under: `for $i = j$` (equal) or `for $i \neq j$`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseCondition {
    pub left: String,
    pub right: String,
    pub equal: bool,
}

/// One form of a chain: its text (a part of the file), and the note that follows it.
#[derive(Clone, Debug)]
pub struct SourceForm {
    pub part: Part,
    pub note: Option<String>,
}

#[derive(Clone, Debug)]
pub struct SourceChain {
    pub forms: Vec<SourceForm>,
    pub case: Option<CaseCondition>,
    /// Definitions and assumptions stated (in `let` and `assume` lines) before it.
    pub definitions: Vec<Part>,
    pub assumptions: Vec<Part>,
}

#[derive(Clone, Debug)]
pub struct Document {
    pub language: Language,
    pub chains: Vec<SourceChain>,
    /// The text says what `\delta_{ij}` means ("where `\delta_{ij}` is 1 if `i = j`
    /// and 0 otherwise").
    pub delta_explained: bool,
}

/// A text with a backslash is LaTeX: the text language has none.
pub fn language_of(src: &str) -> Language {
    if src.contains('\\') || src.contains("$$") {
        Language::Latex
    } else {
        Language::Text
    }
}

pub fn split(src: &str) -> Result<Document, InputError> {
    let language = language_of(src);
    let chains = match language {
        Language::Text => text_chains(src)?,
        Language::Latex => latex_chains(src)?,
    };
    if chains.is_empty() {
        return Err(InputError::new(
            match language {
                Language::Text => "no chain found: write a form, then one `= form` per line",
                Language::Latex => {
                    "no chain found: write it in $$ ... $$, \\[ ... \\], or an aligned, align or equation environment"
                }
            },
            Span::at(0),
        ));
    }
    Ok(Document {
        language,
        chains,
        delta_explained: explains_delta(src),
    })
}

// ---------------------------------------------------------------- text

fn text_chains(src: &str) -> Result<Vec<SourceChain>, InputError> {
    let mut chains: Vec<SourceChain> = Vec::new();
    let mut definitions = Vec::new();
    let mut assumptions = Vec::new();
    let mut case = None;
    let mut offset = 0;
    for raw in src.split_inclusive('\n') {
        let line_start = offset;
        offset += raw.len();
        let content = raw.split('#').next().unwrap_or("").trim_end();
        let trimmed = content.trim_start();
        if trimmed.is_empty() {
            continue;
        }
        let start = line_start + (content.len() - trimmed.len());
        let after = |word: &str| -> Option<Part> {
            let rest = trimmed.strip_prefix(word)?;
            rest.starts_with([' ', '\t']).then(|| Part {
                text: rest.trim().to_string(),
                offset: start + word.len() + (rest.len() - rest.trim_start().len()),
            })
        };
        if let Some(p) = after("let") {
            definitions.push(p);
            continue;
        }
        if let Some(p) = after("assume") {
            assumptions.push(p);
            continue;
        }
        if let Some(p) = after("case") {
            case = Some(text_case(&p)?);
            continue;
        }
        if trimmed.starts_with("=>") {
            return Err(InputError::new(
                "`=>` steps are not checked: a chain of `=` only",
                Span::new(start, start + 2),
            ));
        }
        let (body, note) = split_note(trimmed);
        let row = Part {
            text: body.to_string(),
            offset: start,
        };
        let mut pieces = split_at_equals(&row)?;
        if trimmed.starts_with('=') {
            // A continuation: its first piece is the empty text before the `=`.
            let Some(chain) = chains.last_mut() else {
                return Err(InputError::new(
                    "a step `= ...` before the first form of a chain",
                    Span::at(start),
                ));
            };
            pieces.remove(0);
            push_row(&mut chain.forms, pieces, note);
        } else {
            let mut forms = Vec::new();
            push_row(&mut forms, pieces, note);
            chains.push(SourceChain {
                forms,
                case: case.take(),
                definitions: definitions.clone(),
                assumptions: assumptions.clone(),
            });
        }
    }
    if let Some(lone) = chains.iter().find(|c| c.forms.len() < 2) {
        return Err(lone.forms[0]
            .part
            .error("a form without steps: a chain continues with one `= form` per line"));
    }
    Ok(chains)
}

/// `case i = j` or `case i != j`.
fn text_case(p: &Part) -> Result<CaseCondition, InputError> {
    let (left, right, equal) = match p.text.split_once("!=") {
        Some((l, r)) => (l, r, false),
        None => match p.text.split_once('=') {
            Some((l, r)) => (l, r, true),
            None => return Err(p.error("write a case as `case i = j` or `case i != j`")),
        },
    };
    let index = |s: &str| {
        let s = s.trim();
        (!s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric())).then(|| s.to_string())
    };
    match (index(left), index(right)) {
        (Some(left), Some(right)) if left != right => Ok(CaseCondition { left, right, equal }),
        _ => Err(p.error("a case compares two different indices: `case i = j`")),
    }
}

/// A final `(note)` after two or more spaces.
fn split_note(line: &str) -> (&str, Option<String>) {
    if !line.ends_with(')') {
        return (line, None);
    }
    let mut depth = 0i32;
    for (at, c) in line.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' => {
                depth -= 1;
                if depth == 0 {
                    let before = &line[..at];
                    if before.ends_with("  ") && !before.trim().is_empty() {
                        let note = line[at + 1..line.len() - 1].trim().to_string();
                        return (before.trim_end(), Some(note));
                    }
                    return (line, None);
                }
            }
            _ => {}
        }
    }
    (line, None)
}

fn push_row(forms: &mut Vec<SourceForm>, pieces: Vec<Part>, note: Option<String>) {
    let last = pieces.len().saturating_sub(1);
    for (n, part) in pieces.into_iter().enumerate() {
        forms.push(SourceForm {
            part,
            note: if n == last { note.clone() } else { None },
        });
    }
}

/// Split a row at every `=` outside brackets, each piece trimmed and placed in the
/// file. An empty piece (other than before a leading `=`) is an error.
fn split_at_equals(row: &Part) -> Result<Vec<Part>, InputError> {
    let text = &row.text;
    let mut pieces = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    let bytes = text.as_bytes();
    for (at, c) in text.char_indices() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            '=' if depth == 0 => {
                if bytes.get(at + 1) == Some(&b'>') {
                    return Err(InputError::new(
                        "`=>` steps are not checked: a chain of `=` only",
                        Span::new(row.offset + at, row.offset + at + 2),
                    ));
                }
                pieces.push(piece(row, start, at));
                start = at + 1;
            }
            _ => {}
        }
    }
    pieces.push(piece(row, start, text.len()));
    for (n, p) in pieces.iter().enumerate() {
        if p.text.is_empty() && n > 0 {
            return Err(InputError::new(
                "expected a form after `=`",
                Span::at(p.offset),
            ));
        }
    }
    Ok(pieces)
}

fn piece(row: &Part, start: usize, end: usize) -> Part {
    let raw = &row.text[start..end];
    let lead = raw.len() - raw.trim_start().len();
    Part {
        text: raw.trim().to_string(),
        offset: row.offset + start + lead,
    }
}

// ---------------------------------------------------------------- LaTeX

const ENVIRONMENTS: [&str; 5] = ["aligned", "align*", "align", "equation*", "equation"];

/// The displays of a LaTeX text: (start, end) of their contents, and where the text
/// before them (since the previous display) begins.
fn displays(src: &str) -> Result<Vec<(usize, usize, usize)>, InputError> {
    let mut out = Vec::new();
    let mut at = 0;
    let mut prose_from = 0;
    while at < src.len() {
        let rest = &src[at..];
        let open = if rest.starts_with("$$") {
            Some(("$$".to_string(), "$$".to_string()))
        } else if rest.starts_with("\\[") {
            Some(("\\[".to_string(), "\\]".to_string()))
        } else {
            ENVIRONMENTS.iter().find_map(|env| {
                let tag = format!("\\begin{{{env}}}");
                rest.starts_with(&tag)
                    .then(|| (tag, format!("\\end{{{env}}}")))
            })
        };
        let Some((open, close)) = open else {
            at += rest.chars().next().map_or(1, char::len_utf8);
            continue;
        };
        let inner_start = at + open.len();
        let Some(len) = src[inner_start..].find(&close) else {
            return Err(InputError::new(
                format!("`{open}` is never closed by `{close}`"),
                Span::new(at, inner_start),
            ));
        };
        let inner_end = inner_start + len;
        // `$$ \begin{aligned} ... \end{aligned} $$`: the environment is the chain.
        let inner = &src[inner_start..inner_end];
        let nested = ENVIRONMENTS.iter().find_map(|env| {
            let tag = format!("\\begin{{{env}}}");
            let end_tag = format!("\\end{{{env}}}");
            let s = inner.find(&tag)?;
            let e = inner.rfind(&end_tag)?;
            (s + tag.len() <= e).then(|| (inner_start + s + tag.len(), inner_start + e))
        });
        let (s, e) = nested.unwrap_or((inner_start, inner_end));
        out.push((s, e, prose_from));
        at = inner_end + close.len();
        prose_from = at;
    }
    Ok(out)
}

fn latex_chains(src: &str) -> Result<Vec<SourceChain>, InputError> {
    let mut chains = Vec::new();
    for (start, end, prose_from) in displays(src)? {
        let body = &src[start..end];
        for refused in [
            "\\begin{", "\\geq", "\\leq", "\\neq", "\\approx", "\\vdots", "\\dots",
        ] {
            if let Some(at) = body.find(refused) {
                let at = start + at;
                return Err(InputError::new(
                    format!(
                        "`{refused}` in a chain: only chains of `=` between formulas are checked"
                    ),
                    Span::new(at, at + refused.len()),
                ));
            }
        }
        let mut forms = Vec::new();
        let mut row_start = 0;
        let rows: Vec<(usize, usize)> = {
            let mut v = Vec::new();
            let mut search = 0;
            while let Some(n) = body[search..].find("\\\\") {
                v.push((row_start, search + n));
                search += n + 2;
                row_start = search;
            }
            v.push((row_start, body.len()));
            v
        };
        for (n, (rs, re)) in rows.into_iter().enumerate() {
            let row = &body[rs..re];
            if row.trim().is_empty() {
                continue;
            }
            let (math, note) = match row.find("&&") {
                Some(k) => (&row[..k], Some(latex_note(&row[k + 2..]))),
                None => (row, None),
            };
            // Alignment marks and labels become spaces, so offsets stay those of the file.
            let mut blanked = math.replace('&', " ");
            for tag in ["\\nonumber", "\\notag"] {
                blanked = blanked.replace(tag, &" ".repeat(tag.len()));
            }
            let part = Part {
                text: blanked,
                offset: start + rs,
            };
            let mut pieces = split_at_equals(&part)?;
            let continues = part.text.trim_start().starts_with('=');
            if continues {
                if n == 0 || forms.is_empty() {
                    return Err(InputError::new(
                        "a row `= ...` before the first form of a chain",
                        Span::at(part.offset),
                    ));
                }
                pieces.remove(0);
            }
            push_row(&mut forms, pieces, note);
        }
        // A display without `=` states something; it is not a chain.
        if forms.len() < 2 {
            continue;
        }
        chains.push(SourceChain {
            forms,
            case: latex_case(&src[prose_from..start]),
            definitions: Vec::new(),
            assumptions: Vec::new(),
        });
    }
    Ok(chains)
}

/// The note's words: `\text{...}` unwrapped, brackets kept as written.
fn latex_note(raw: &str) -> String {
    let mut out = raw.replace("\\text{", "").replace("\\mathrm{", "");
    // Each unwrapped command leaves one closing brace; drop unmatched ones.
    let mut depth = 0i32;
    out = out
        .chars()
        .filter(|&c| match c {
            '{' => {
                depth += 1;
                false
            }
            '}' => {
                depth -= 1;
                false
            }
            _ => true,
        })
        .collect();
    let trimmed = out.trim();
    let unwrapped = trimmed
        .strip_prefix('(')
        .and_then(|s| s.strip_suffix(')'))
        .unwrap_or(trimmed);
    unwrapped.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The last "for $i = j$" or "for $i \neq j$" in the prose before a display.
fn latex_case(prose: &str) -> Option<CaseCondition> {
    let prose = prose.split_whitespace().collect::<Vec<_>>().join(" ");
    let lower = prose.to_lowercase();
    let at = lower.rfind("for $")?;
    let rest = &prose[at + 5..];
    let math = &rest[..rest.find('$')?];
    let (left, right, equal) = if let Some((l, r)) = math.split_once("\\neq") {
        (l, r, false)
    } else if let Some((l, r)) = math.split_once("\\ne") {
        (l, r, false)
    } else {
        let (l, r) = math.split_once('=')?;
        (l, r, true)
    };
    let index = |s: &str| {
        let s = s.trim();
        (s.len() == 1 && s.chars().all(|c| c.is_ascii_alphabetic())).then(|| s.to_string())
    };
    Some(CaseCondition {
        left: index(left)?,
        right: index(right)?,
        equal,
    })
}

/// Does the text say that `\delta_{ij}` is 1 if `i = j` and 0 otherwise?
fn explains_delta(src: &str) -> bool {
    let flat: String = src.split_whitespace().collect::<Vec<_>>().join(" ");
    let lower = flat.to_lowercase();
    [
        "delta_{ij}$ is 1 if $i = j$ and 0 otherwise",
        "delta_ij is 1 if i = j and 0 otherwise",
    ]
    .iter()
    .any(|phrase| lower.contains(phrase))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_chains_with_notes_and_lets() {
        let src = "let p_j = exp(x_j)\n  d/dx x^2\n  = 2 x    (power rule)\n  = x + x\n";
        let doc = split(src).unwrap();
        assert_eq!(doc.language, Language::Text);
        let chain = &doc.chains[0];
        let texts: Vec<&str> = chain.forms.iter().map(|f| f.part.text.as_str()).collect();
        assert_eq!(texts, ["d/dx x^2", "2 x", "x + x"]);
        assert_eq!(chain.forms[1].note.as_deref(), Some("power rule"));
        assert_eq!(&src[chain.forms[1].part.offset..][..3], "2 x");
        assert_eq!(chain.definitions[0].text, "p_j = exp(x_j)");
    }

    #[test]
    fn latex_rows_notes_and_cases() {
        let src = "For $i = j$ we have\n$$\\begin{aligned} a &= b && \\text{(separate } \\exp(x_j)) \\\\ &= c = d. \\end{aligned}$$\nwhere $\\delta_{ij}$ is 1 if $i = j$ and 0 otherwise.";
        let doc = split(src).unwrap();
        assert!(doc.delta_explained);
        let chain = &doc.chains[0];
        let texts: Vec<&str> = chain.forms.iter().map(|f| f.part.text.as_str()).collect();
        assert_eq!(texts, ["a", "b", "c", "d."]);
        assert_eq!(chain.forms[1].note.as_deref(), Some("separate \\exp(x_j)"));
        assert_eq!(&src[chain.forms[2].part.offset..][..1], "c");
        assert_eq!(
            chain.case,
            Some(CaseCondition {
                left: "i".into(),
                right: "j".into(),
                equal: true
            })
        );
    }

    #[test]
    fn what_is_not_a_chain_is_refused_in_place() {
        let e = split("$$ a \\geq b $$").unwrap_err();
        assert_eq!(e.span.start, 5);
        assert!(split("x\n  => y\n").is_err());
        assert!(split("$$ a = b")
            .unwrap_err()
            .message
            .contains("never closed"));
    }
}
