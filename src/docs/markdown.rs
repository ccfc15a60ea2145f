//! Markdown in, Markdown out: each fenced code block whose info string starts with
//! `stepwise` is replaced by its rendered goals, and every other byte of the document
//! stays as it was. pulldown-cmark finds the blocks and their source offsets; the
//! document itself is never re-rendered. The blocks of one document share one sheet
//! session, so a `let` or `assume` holds for the blocks after it.

use super::math::{display_block, escape_html, MathTarget};
use crate::error::{InputError, Span};
use crate::print::latex::LatexOptions;
use crate::sheet::{body_math, setup_math, Entry, Session, SheetError};
use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
use std::ops::Range;

/// How documents are rendered.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocOptions {
    /// How display math is written.
    pub math: MathTarget,
    /// The LaTeX line width of proofs.
    pub latex: LatexOptions,
}

/// A rendered document and what failed in it.
#[derive(Clone, Debug)]
pub struct Rendered {
    /// The document (Markdown, HTML or a tool's JSON), every failed statement shown as
    /// an error block in its place.
    pub document: String,
    /// What failed, in document order, with spans into the document.
    pub failures: Vec<Failure>,
}

/// A statement of a `stepwise` block that failed, placed in the document.
#[derive(Clone, Debug)]
pub struct Failure {
    /// The error, its span and position in the document.
    pub error: SheetError,
    /// The report a reader sees: the message at line and column, the line, a caret.
    pub report: String,
}

/// A `stepwise` fence found in a document.
struct Block {
    /// The whole block, fences included.
    range: Range<usize>,
    /// The code between the fences, and where it starts in the document.
    code: String,
    code_start: usize,
}

/// Is `info` (a fence's info string) that of a `stepwise` block?
pub fn is_stepwise(info: &str) -> bool {
    info.split_whitespace().next() == Some("stepwise")
}

fn blocks(src: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut open: Option<Block> = None;
    for (event, range) in Parser::new(src).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if is_stepwise(&info) => {
                open = Some(Block {
                    range,
                    code: String::new(),
                    code_start: usize::MAX,
                });
            }
            Event::Text(text) => {
                if let Some(block) = open.as_mut() {
                    block.code_start = block.code_start.min(range.start);
                    block.code.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => out.extend(open.take()),
            _ => {}
        }
    }
    out
}

/// Render the `stepwise` blocks of the Markdown document `src`; `origin` names the
/// document in error reports (`notes.md:12:9`).
///
/// ```
/// use stepwise::docs::{render_markdown, DocOptions};
/// let doc = "# Notes\n\n```stepwise\nderive x^2\n```\n\nThe end.\n";
/// let out = render_markdown(doc, &DocOptions::default(), None);
/// assert!(out.failures.is_empty());
/// assert!(out.document.starts_with("# Notes\n\n$$\n\\begin{aligned}"));
/// assert!(out.document.ends_with("$$\n\nThe end.\n"));
/// ```
pub fn render_markdown(src: &str, options: &DocOptions, origin: Option<&str>) -> Rendered {
    let mut session = Session::default();
    let mut markdown = String::with_capacity(src.len());
    let mut failures = Vec::new();
    let mut copied = 0;
    for block in blocks(src) {
        markdown.push_str(&src[copied..block.range.start]);
        let mut parts = Vec::new();
        // An empty block has no text event, and nothing to place.
        let code_start = block.code_start.min(block.range.end);
        for (span, result) in session.run_block(&block.code) {
            match result.and_then(|entry| entry_math(&entry, span, options)) {
                Ok(math) => parts.push(math),
                Err(e) => {
                    let error = e.shifted(code_start).placed(src);
                    let report = error.report(src, origin);
                    parts.push(error_block(&report));
                    failures.push(Failure { error, report });
                }
            }
        }
        markdown.push_str(&indented(
            &parts.join("\n\n"),
            line_prefix(src, block.range.start),
        ));
        // The block's range ends after its closing fence line; keep the newline that
        // ends it, so the text after the block stays where it was.
        let end = block.range.end;
        copied = if src[..end].ends_with('\n') {
            end - 1
        } else {
            end
        };
    }
    markdown.push_str(&src[copied..]);
    Rendered {
        document: markdown,
        failures,
    }
}

/// The display math of a statement's entry, for `target`.
fn entry_math(entry: &Entry, span: Span, options: &DocOptions) -> Result<String, SheetError> {
    let latex = match entry {
        Entry::Goal(goal) => body_math(&goal.body, &options.latex),
        Entry::Setup(setup) => setup_math(setup),
    };
    shown(&latex, span, options.math)
}

/// The fragment `latex` of the statement at `span` as display math for `target`. A
/// fragment the MathML converter cannot read is stepwise's failure, not the author's:
/// an engine error placed on the statement, so that the document shows it and the
/// command fails as for any failed goal, rather than the proof being lost.
fn shown(latex: &str, span: Span, target: MathTarget) -> Result<String, SheetError> {
    display_block(latex, target).map_err(|message| {
        SheetError::Engine(InputError::new(
            format!("this statement's LaTeX could not be converted to MathML: {message}"),
            span,
        ))
    })
}

/// What stands before the fence on its line (`> ` in a quote, spaces in a list item),
/// as the lines after the first must repeat it to stay inside the same container.
fn line_prefix(src: &str, start: usize) -> String {
    let line_start = src[..start].rfind('\n').map_or(0, |i| i + 1);
    src[line_start..start]
        .chars()
        .map(|c| if c == '>' || c == '\t' { c } else { ' ' })
        .collect()
}

fn indented(text: &str, prefix: String) -> String {
    if prefix.is_empty() {
        return text.to_string();
    }
    text.split('\n')
        .collect::<Vec<_>>()
        .join(&format!("\n{prefix}"))
}

/// A visible, clearly marked error block: an HTML block (one with no blank line, so
/// Markdown keeps it whole) that every Markdown tool shows.
pub fn error_block(report: &str) -> String {
    let lines: Vec<&str> = report.lines().filter(|l| !l.trim().is_empty()).collect();
    format!(
        "<div class=\"stepwise-error\" role=\"alert\"><p><strong>{}</strong></p><pre>{}</pre></div>",
        error_block_title(),
        escape_html(&lines.join("\n"))
    )
}

/// The heading of every error block, whatever the format.
pub fn error_block_title() -> &'static str {
    "stepwise: this proof failed"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(src: &str) -> Rendered {
        render_markdown(src, &DocOptions::default(), Some("notes.md"))
    }

    #[test]
    fn only_stepwise_blocks_change() {
        let src =
            "Intro *text*  \n\n```rust\nlet x = 1;\n```\n\n```stepwise\nderive x^2\n```\nafter\n";
        let out = render(src);
        assert!(out.failures.is_empty());
        let math = display_block(&body_math_of("derive x^2"), MathTarget::Katex).unwrap();
        assert_eq!(
            out.document,
            format!("Intro *text*  \n\n```rust\nlet x = 1;\n```\n\n{math}\nafter\n")
        );
    }

    fn body_math_of(sheet: &str) -> String {
        let entries = crate::sheet::run(sheet).unwrap();
        match &entries[0] {
            Entry::Goal(g) => body_math(&g.body, &LatexOptions::default()),
            Entry::Setup(_) => unreachable!(),
        }
    }

    #[test]
    fn definitions_carry_over_to_later_blocks() {
        let src = "```stepwise\nlet f(x) = x^2\n```\n\ntext\n\n```stepwise\nderive f(x)\n```\n";
        let out = render(src);
        assert!(out.failures.is_empty(), "{:?}", out.failures);
        assert!(
            out.document
                .starts_with("$$\n\\text{Let } \\operatorname{f}(x) = x^{2}\n$$\n\ntext\n\n$$\n"),
            "{}",
            out.document
        );
    }

    #[test]
    fn a_failed_goal_is_an_error_block_placed_in_the_document() {
        let src = "# T\n\n```stepwise\nderive x^2\nprove sin(x) = cos(x)\n```\n";
        let out = render(src);
        assert_eq!(out.failures.len(), 1);
        let report = &out.failures[0].report;
        assert!(
            report.starts_with("error: goal (2) is false at notes.md:5:7"),
            "{report}"
        );
        assert!(out
            .document
            .contains("<div class=\"stepwise-error\" role=\"alert\">"));
        assert!(out.document.contains("the identity is false"));
        // The goal before it is still shown.
        assert!(out.document.contains("$$\n\\begin{aligned}"));
    }

    #[test]
    fn a_fragment_mathml_cannot_show_is_an_engine_error_on_its_statement() {
        // math-core knows no `\textasciitilde`; no statement prints one today, so the
        // fragment is written by hand.
        let latex = r"\text{a \textasciitilde{} b}";
        assert!(shown(latex, Span::new(4, 9), MathTarget::Katex).is_ok());
        let Err(SheetError::Engine(e)) = shown(latex, Span::new(4, 9), MathTarget::Mathml) else {
            panic!("a fragment MathML cannot show must fail");
        };
        assert_eq!(e.span, Span::new(4, 9));
        assert!(
            e.message
                .starts_with("this statement's LaTeX could not be converted to MathML: "),
            "{}",
            e.message
        );
        assert!(e.message.contains("textasciitilde"), "{}", e.message);
    }

    #[test]
    fn blocks_in_containers_keep_their_prefix() {
        let src = "> ```stepwise\n> derive x^2\n> ```\n";
        let out = render(src);
        assert!(out.failures.is_empty());
        for line in out.document.lines() {
            assert!(line.starts_with("> "), "{line:?} in {}", out.document);
        }
    }
}
