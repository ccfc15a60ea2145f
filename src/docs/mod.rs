//! stepwise inside documents: `stepwise` code blocks in Markdown replaced by their
//! checked proofs, as Markdown, as one HTML page, inside an mdBook build or a Pandoc
//! filter.
//!
//! - `math`: how display math is written for each math target (KaTeX, MathJax, MathML);
//! - `markdown`: finding the blocks and rendering them, everything else kept byte for byte;
//! - `html`: one self-contained page;
//! - `mdbook`, `pandoc`: the two tools' JSON protocols.

pub mod html;
pub mod markdown;
pub mod math;
pub mod mdbook;
pub mod pandoc;

pub use html::html_page;
pub use markdown::{render_markdown, DocOptions, Failure, Rendered};
pub use math::MathTarget;
