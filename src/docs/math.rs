//! How a fragment of display math is written into a document, for each way documents
//! show math: as `$$` source for Markdown tools that read math themselves, as escaped
//! `\[ ... \]` that survives any CommonMark pass for MathJax or KaTeX to find in the
//! HTML, or as MathML that a browser renders without scripts.

use crate::error::Error;
use std::fmt;
use std::str::FromStr;

/// Which math convention a rendered document uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MathTarget {
    /// `$$ ... $$` with the LaTeX as it is, for Markdown tools that parse math before
    /// Markdown (Pandoc, GitHub, mdbook-katex, markdown-it-katex).
    #[default]
    Katex,
    /// `\[ ... \]` with every ASCII punctuation character backslash-escaped, so that a
    /// CommonMark pass (mdBook's, with `mathjax-support`) hands MathJax the LaTeX
    /// unchanged: unescaped, `\\` would become `\` and `_` emphasis.
    Mathjax,
    /// MathML, rendered by browsers without scripts or fonts.
    Mathml,
}

impl MathTarget {
    /// The names [`MathTarget::from_str`] accepts.
    pub const NAMES: &'static str = "katex, mathjax, mathml";
}

impl FromStr for MathTarget {
    type Err = Error;

    /// `katex`, `mathjax` or `mathml`.
    fn from_str(s: &str) -> Result<MathTarget, Error> {
        match s {
            "katex" => Ok(MathTarget::Katex),
            "mathjax" => Ok(MathTarget::Mathjax),
            "mathml" => Ok(MathTarget::Mathml),
            _ => Err(Error::Usage(format!(
                "`{s}` is no math target; the targets are {}",
                MathTarget::NAMES
            ))),
        }
    }
}

impl fmt::Display for MathTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MathTarget::Katex => "katex",
            MathTarget::Mathjax => "mathjax",
            MathTarget::Mathml => "mathml",
        })
    }
}

/// The display-math fragment `latex` as a Markdown block for `target`, without blank
/// lines, so that it stays one block. MathML fails only if the converter does not
/// know a command the printer used.
pub fn display_block(latex: &str, target: MathTarget) -> Result<String, String> {
    Ok(match target {
        MathTarget::Katex => format!("$$\n{latex}\n$$"),
        MathTarget::Mathjax => escape_markdown(&format!("\\[\n{latex}\n\\]")),
        MathTarget::Mathml => format!("<div class=\"stepwise-math\">{}</div>", mathml(latex)?),
    })
}

/// `latex` as one line of MathML in display mode; the error is the converter's
/// message.
pub fn mathml(latex: &str) -> Result<String, String> {
    math_core::LatexToMathML::default()
        .convert_with_local_state(latex, math_core::MathDisplay::Block)
        .map(|r| r.mathml)
        .map_err(|e| format!("math-core: {e}"))
}

/// Every ASCII punctuation character with a backslash before it: CommonMark reads
/// `\x` as the character `x` for exactly these, so the text comes out of a Markdown
/// pass as it went in, and no line can start a list, a heading or a code block.
pub fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(2 * s.len());
    for c in s.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `s` with `&`, `<`, `>` and `"` as HTML entities.
pub fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_parse_and_print() {
        for name in ["katex", "mathjax", "mathml"] {
            assert_eq!(name.parse::<MathTarget>().unwrap().to_string(), name);
        }
        assert!("tex"
            .parse::<MathTarget>()
            .unwrap_err()
            .to_string()
            .contains("katex, mathjax, mathml"));
    }

    #[test]
    fn escaped_math_comes_back_from_a_markdown_pass() {
        let latex = "\\begin{aligned}\na_{1} &= b \\\\\n&= c && \\text{(x_y)}\n\\end{aligned}";
        let block = display_block(latex, MathTarget::Mathjax).unwrap();
        let html = {
            let mut out = String::new();
            pulldown_cmark::html::push_html(&mut out, pulldown_cmark::Parser::new(&block));
            out
        };
        let unescaped = html
            .trim()
            .strip_prefix("<p>")
            .and_then(|h| h.strip_suffix("</p>"))
            .unwrap()
            .replace("&amp;", "&");
        assert_eq!(unescaped, format!("\\[\n{latex}\n\\]"));
    }

    #[test]
    fn mathml_is_one_line() {
        let m = mathml(r"\begin{aligned} x &= \frac{1}{2} \\ &= y \end{aligned}").unwrap();
        assert!(m.starts_with("<math display=\"block\""), "{m}");
        assert!(!m.contains('\n'));
    }
}
