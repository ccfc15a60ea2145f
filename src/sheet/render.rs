//! A sheet's output as one document: text, LaTeX or JSON. Goals are headed by their
//! number or label, and setups (`let`, `assume`, `given`) are stated where they occur.
//! In LaTeX each goal's math is the fragment of [`body_math`], which documents in other
//! formats (Markdown, mdBook, Pandoc) show as it is.

use super::run::{Ask, Body, Entry, Goal, Setup};
use crate::context::Assumed;
use crate::print::json::derivation_to_json;
use crate::print::latex::{
    conditions_to_latex, derivation_to_latex, to_latex as expr_latex, LatexOptions,
};
use crate::print::text::{derivation_to_text, to_text as expr_text};
use serde_json::{json, Value};

// ---------------------------------------------------------------- text

/// The sheet as plain text: setups as they are stated, each goal under a heading,
/// blocks separated by one blank line.
pub fn to_text(entries: &[Entry]) -> String {
    let mut blocks: Vec<String> = Vec::new();
    let mut after_setup = false;
    for entry in entries {
        match entry {
            Entry::Setup(s) => {
                let (word, text, _) = setup_parts(s);
                let line = format!("{word} {text}\n");
                // Consecutive setups stay together as one block.
                match blocks.last_mut() {
                    Some(block) if after_setup => block.push_str(&line),
                    _ => blocks.push(line),
                }
                after_setup = true;
            }
            Entry::Goal(g) => {
                let body = match &g.body {
                    Body::Derivation(d) => derivation_to_text(d),
                    Body::Conv(c) => c.to_text(),
                    Body::Check(c) => crate::check::report::to_text(c),
                };
                blocks.push(format!("({}) {}\n{body}", g.tag, heading_text(&g.ask)));
                after_setup = false;
            }
        }
    }
    blocks.join("\n")
}

/// `Let`, `Assume`, `Given`.
fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A setup's word, and what it states in the text language and in LaTeX.
fn setup_parts(s: &Setup) -> (&'static str, String, String) {
    let of = |word, e| (word, expr_text(e), expr_latex(e));
    match s {
        Setup::Let(e) => of("let", e),
        Setup::Given(e) => of("given", e),
        Setup::Assume(Assumed::Fact(e)) => of("assume", e),
        Setup::Assume(Assumed::Condition(c)) => (
            "assume",
            c.to_string(),
            conditions_to_latex(std::slice::from_ref(c)),
        ),
        Setup::Assume(Assumed::OneHot(v)) => (
            "assume",
            format!("{v} one-hot"),
            format!(
                r"{} \text{{ one-hot}}",
                expr_latex(&crate::expr::Expr::sym(v))
            ),
        ),
    }
}

fn heading_text(ask: &Ask) -> String {
    match ask {
        Ask::Derive(e) => format!("derive {}", expr_text(e)),
        Ask::Prove { equation, cases } => match cases {
            Some(c) => format!("prove {} by cases {}", expr_text(equation), expr_text(c)),
            None => format!("prove {}", expr_text(equation)),
        },
        Ask::Solve { target, eliminate } => {
            let mut s = format!("solve for {}", expr_text(target));
            if !eliminate.is_empty() {
                let names: Vec<String> = eliminate.iter().map(expr_text).collect();
                s.push_str(&format!(", eliminating {}", names.join(", ")));
            }
            s
        }
        Ask::Conv => "convolution".to_string(),
        Ask::Check(chain) => format!("check {chain}"),
    }
}

// ---------------------------------------------------------------- LaTeX

/// The sheet as one LaTeX document body, or with `opts.standalone` a complete
/// document for pdflatex. Every item's math is a `\[...\]` display or `$...$`.
pub fn to_latex(entries: &[Entry], opts: &LatexOptions) -> String {
    let chain_opts = LatexOptions {
        standalone: false,
        ..opts.clone()
    };
    let mut parts = Vec::new();
    for entry in entries {
        match entry {
            Entry::Setup(s) => {
                let (word, _, latex) = setup_parts(s);
                parts.push(format!(r"\noindent {} ${latex}$.", capitalized(word)));
            }
            Entry::Goal(g) => parts.push(goal_latex(g, &chain_opts)),
        }
    }
    let body = parts.join("\n\n");
    if opts.standalone {
        crate::print::latex::document(&body)
    } else {
        body + "\n"
    }
}

fn goal_latex(g: &Goal, opts: &LatexOptions) -> String {
    let heading = match &g.ask {
        Ask::Derive(e) => format!("Derive ${}$.", expr_latex(e)),
        Ask::Prove { equation, cases } => match cases {
            Some(c) => format!(
                "Show ${}$, by cases on ${}$.",
                expr_latex(equation),
                expr_latex(c)
            ),
            None => format!("Show ${}$.", expr_latex(equation)),
        },
        Ask::Solve { target, eliminate } => {
            let mut s = format!("Solve for ${}$", expr_latex(target));
            if !eliminate.is_empty() {
                let names: Vec<String> = eliminate
                    .iter()
                    .map(|e| format!("${}$", expr_latex(e)))
                    .collect();
                s.push_str(&format!(", eliminating {}", names.join(", ")));
            }
            s + "."
        }
        Ask::Conv => "Convolution.".to_string(),
        Ask::Check(_) => "Check each step.".to_string(),
    };
    let body = format!("\\[\n{}\n\\]", body_math(&g.body, opts));
    format!(
        "\\paragraph{{({})}} {heading}\n{body}",
        crate::print::latex::escape_text(&g.tag)
    )
}

/// A setup as a math-mode fragment for documents: `\text{Let } p_{j} = ...`.
pub fn setup_math(s: &Setup) -> String {
    let (word, _, latex) = setup_parts(s);
    format!(r"\text{{{} }} {latex}", capitalized(word))
}

/// A goal's result as one math-mode fragment, the same that a document shows in
/// `\[ ... \]` and that KaTeX renders in display mode: a derivation's `aligned` chain
/// (with its cases inside it), or a convolution's `gathered` block.
pub fn body_math(body: &Body, opts: &LatexOptions) -> String {
    match body {
        Body::Derivation(d) => derivation_to_latex(d, opts),
        Body::Conv(c) => c.to_math(),
        Body::Check(c) => crate::check::report::to_latex(c).trim_end().to_string(),
    }
}

// ---------------------------------------------------------------- JSON

/// `{"items": [...]}`: one object per goal in the core contract, with the goal's tag
/// (`goal`), kind and line.
pub fn to_json(entries: &[Entry]) -> Value {
    let items: Vec<Value> = entries
        .iter()
        .filter_map(|entry| match entry {
            Entry::Goal(g) => Some(g),
            Entry::Setup(_) => None,
        })
        .map(|g| {
            let (kind, mut item) = match (&g.ask, &g.body) {
                (_, Body::Conv(c)) => ("conv", c.to_json()),
                (_, Body::Check(c)) => ("check", crate::check::report::to_json(c)),
                (Ask::Derive(_), Body::Derivation(d)) => ("derive", derivation_to_json(d)),
                (Ask::Solve { .. }, Body::Derivation(d)) => ("solve", derivation_to_json(d)),
                (_, Body::Derivation(d)) => ("prove", derivation_to_json(d)),
            };
            item["goal"] = json!(g.tag);
            item["kind"] = json!(kind);
            item["line"] = json!(g.line);
            item
        })
        .collect();
    json!({ "items": items })
}
