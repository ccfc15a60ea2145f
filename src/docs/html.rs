//! One self-contained HTML page from a Markdown document: the proofs as MathML, which
//! browsers render without scripts, fonts or network, and a little CSS inline.

use super::markdown::{render_markdown, DocOptions, Rendered};
use super::math::{escape_html, MathTarget};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

const STYLE: &str = "body { max-width: 52rem; margin: 2rem auto; padding: 0 1rem; \
font-family: Georgia, serif; line-height: 1.5; }
math[display=block] { overflow-x: auto; overflow-y: hidden; padding: 0.2em 0; margin: 1em 0; }
.stepwise-error { border-left: 0.3rem solid #b00020; background: #fdecee; \
padding: 0.2rem 1rem; margin: 1em 0; }
.stepwise-error pre { white-space: pre-wrap; }
pre { background: #f4f4f4; padding: 0.5rem; overflow-x: auto; }
";

/// The Markdown document `src` as one HTML page, its `stepwise` blocks rendered as
/// MathML (whatever `options.math` says) and failed statements as error blocks.
///
/// ```
/// use stepwise::docs::{html_page, DocOptions};
/// let page = html_page("# Notes\n\n```stepwise\nderive x^2\n```\n", &DocOptions::default(), None);
/// assert!(page.failures.is_empty());
/// assert!(page.document.starts_with("<!DOCTYPE html>"));
/// assert!(page.document.contains("<title>Notes</title>"));
/// assert!(page.document.contains("<math display=\"block\""));
/// ```
pub fn html_page(src: &str, options: &DocOptions, origin: Option<&str>) -> Rendered {
    let options = DocOptions {
        math: MathTarget::Mathml,
        ..options.clone()
    };
    let rendered = render_markdown(src, &options, origin);
    let mut body = String::new();
    pulldown_cmark::html::push_html(&mut body, Parser::new(&rendered.document));
    let title = first_heading(src).unwrap_or_else(|| origin.unwrap_or("stepwise").to_string());
    Rendered {
        document: format!(
            "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
            escape_html(&title)
        ),
        failures: rendered.failures,
    }
}

/// The text of the document's first heading.
fn first_heading(src: &str) -> Option<String> {
    let mut title: Option<String> = None;
    for event in Parser::new(src) {
        match (event, title.as_mut()) {
            (Event::Start(Tag::Heading { .. }), None) => title = Some(String::new()),
            (Event::Text(t) | Event::Code(t), Some(s)) => s.push_str(&t),
            (Event::End(TagEnd::Heading(_)), Some(_)) => break,
            _ => {}
        }
    }
    title.filter(|t| !t.is_empty())
}
