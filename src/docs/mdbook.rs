//! The mdBook preprocessor protocol: mdBook writes `[context, book]` as JSON on stdin
//! and reads the book back on stdout. The book is handled as a `serde_json::Value` and
//! only the `content` of chapters is touched, so books of mdBook 0.4 (`sections`) and
//! 0.5 (`items`) both pass through with everything else as it was.
//!
//! Per-book options, in `book.toml`:
//!
//! ```toml
//! [preprocessor.stepwise]
//! command = "stepwise mdbook"
//! optional = true       # mdBook's own: build without stepwise where it is missing
//! math = "mathjax"      # katex | mathjax | mathml; mathjax goes with
//!                       # [output.html] mathjax-support = true
//! width = 80            # the LaTeX line width of proofs
//! keep-going = false    # true: a failed proof is an error block, the build goes on
//! ```

use super::markdown::{render_markdown, DocOptions, Failure};
use super::math::MathTarget;
use crate::error::Error;
use crate::print::latex::LatexOptions;
use serde_json::Value;

/// The per-book options under `[preprocessor.stepwise]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BookOptions {
    /// How chapters are rendered.
    pub doc: DocOptions,
    /// Build the book with error blocks rather than fail it.
    pub keep_going: bool,
}

impl BookOptions {
    /// Read the options from mdBook's context (`config.preprocessor.stepwise`). mdBook
    /// renders through Markdown, so math defaults to the escaped MathJax form.
    pub fn from_context(context: &Value) -> Result<BookOptions, Error> {
        let table = &context["config"]["preprocessor"]["stepwise"];
        let bad = |key: &str, want: &str| {
            Error::Usage(format!(
                "book.toml: [preprocessor.stepwise] {key} must be {want}"
            ))
        };
        let math = match &table["math"] {
            Value::Null => MathTarget::Mathjax,
            Value::String(s) => s.parse()?,
            _ => return Err(bad("math", MathTarget::NAMES)),
        };
        let width = match &table["width"] {
            Value::Null => LatexOptions::default().width,
            v => v
                .as_u64()
                .filter(|w| *w >= 20)
                .and_then(|w| usize::try_from(w).ok())
                .ok_or_else(|| bad("width", "a whole number of at least 20"))?,
        };
        let keep_going = match &table["keep-going"] {
            Value::Null => false,
            v => v
                .as_bool()
                .ok_or_else(|| bad("keep-going", "true or false"))?,
        };
        Ok(BookOptions {
            doc: DocOptions {
                math,
                latex: LatexOptions {
                    width,
                    standalone: false,
                },
            },
            keep_going,
        })
    }
}

/// A preprocessed book.
#[derive(Clone, Debug)]
pub struct Book {
    /// The book as mdBook reads it back.
    pub json: String,
    /// The failed statements, each with the chapter's path.
    pub failures: Vec<(String, Failure)>,
    /// The options the book asked for.
    pub options: BookOptions,
}

/// Run the preprocessor on mdBook's input.
///
/// ```
/// let input = r#"[{"config": {"preprocessor": {"stepwise": {"math": "katex"}}}},
///   {"items": [{"Chapter": {"name": "A", "path": "a.md", "sub_items": [],
///     "content": "```stepwise\nderive x^2\n```\n"}}]}]"#;
/// let book = stepwise::docs::mdbook::preprocess(input)?;
/// assert!(book.failures.is_empty());
/// assert!(book.json.contains(r"$$\n\\begin{aligned}"));
/// # Ok::<(), stepwise::Error>(())
/// ```
pub fn preprocess(input: &str) -> Result<Book, Error> {
    let value: Value = serde_json::from_str(input)
        .map_err(|e| Error::Usage(format!("mdBook's input is not JSON: {e}")))?;
    let Value::Array(mut pair) = value else {
        return Err(Error::Usage(
            "mdBook's input is not the pair [context, book]".into(),
        ));
    };
    if pair.len() != 2 {
        return Err(Error::Usage(
            "mdBook's input is not the pair [context, book]".into(),
        ));
    }
    let mut book = pair.pop().expect("two elements");
    let options = BookOptions::from_context(&pair[0])?;
    let mut failures = Vec::new();
    for key in ["sections", "items"] {
        if let Some(items) = book.get_mut(key) {
            chapters(items, &options.doc, &mut failures);
        }
    }
    let json = serde_json::to_string(&book).expect("JSON values serialize");
    Ok(Book {
        json,
        failures,
        options,
    })
}

/// Render every chapter in `items` and their sub-chapters; separators and part titles
/// pass as they are. Each chapter is one document: its `let`s hold in it only.
fn chapters(items: &mut Value, options: &DocOptions, failures: &mut Vec<(String, Failure)>) {
    let Some(items) = items.as_array_mut() else {
        return;
    };
    for item in items {
        let Some(chapter) = item.get_mut("Chapter") else {
            continue;
        };
        let path = ["source_path", "path"]
            .iter()
            .find_map(|k| chapter[*k].as_str())
            .unwrap_or("chapter")
            .to_string();
        if let Some(content) = chapter.get_mut("content") {
            if let Some(text) = content.as_str() {
                let rendered = render_markdown(text, options, Some(&path));
                *content = Value::String(rendered.document);
                failures.extend(rendered.failures.into_iter().map(|f| (path.clone(), f)));
            }
        }
        if let Some(sub) = chapter.get_mut("sub_items") {
            chapters(sub, options, failures);
        }
    }
}

/// `stepwise mdbook supports RENDERER`: every renderer is supported, since the
/// output is Markdown with math in the form the book asked for.
pub fn supports(_renderer: &str) -> bool {
    true
}
