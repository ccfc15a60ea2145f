//! Printing a [`ConvOutput`]: plain text for the terminal, LaTeX, and the project's
//! JSON contract. Printers only print: every number shown was computed in `derive`.
//!
//! Large matrices are elided for readers (text, LaTeX, the `expr` and `result` fields)
//! and always say so; the JSON `matrix` field, meant for tools, is written out in full.

use super::derive::{ConvOutput, Outcome, Step};
use super::matrix::Matrix;
use super::weights::{Sparsity, WeightMatrix};
use crate::expr::Expr;
use crate::print::latex::{document, escape_text, to_latex};
use crate::print::text::to_text;
use crate::print::{prec, Prec};
use serde_json::{json, Value};

/// Matrices with more rows (or columns) than this show only the first `HEAD` and the
/// last `TAIL` of them.
const MATRIX_LIMIT: usize = 16;
const MATRIX_HEAD: usize = 8;
const MATRIX_TAIL: usize = 2;
/// Vectors are elided sooner, as the seed writes `x_1, x_2, x_3, ..., x_11, x_12`.
const VECTOR_LIMIT: usize = 8;
const VECTOR_HEAD: usize = 3;
const VECTOR_TAIL: usize = 2;

/// The marks standing for elided rows, columns and both.
struct Gaps {
    row: &'static str,
    col: &'static str,
    both: &'static str,
}

const TEXT_GAPS: Gaps = Gaps {
    row: "...",
    col: "...",
    both: "...",
};
const LATEX_GAPS: Gaps = Gaps {
    row: r"\vdots",
    col: r"\cdots",
    both: r"\ddots",
};

/// The indices of `0..n` that are shown, `None` where a gap stands.
fn shown(n: usize, limit: usize, head: usize, tail: usize) -> Vec<Option<usize>> {
    if n <= limit {
        (0..n).map(Some).collect()
    } else {
        (0..head)
            .map(Some)
            .chain([None])
            .chain((n - tail..n).map(Some))
            .collect()
    }
}

/// The visible cells of a `rows x cols` matrix; `cell` is called only for those, so a
/// large sparse W is never written out densely.
fn cells(
    (rows, cols): (usize, usize),
    cell: &dyn Fn(usize, usize) -> String,
    gaps: &Gaps,
) -> Vec<Vec<String>> {
    let col_ids = shown(cols, MATRIX_LIMIT, MATRIX_HEAD, MATRIX_TAIL);
    shown(rows, MATRIX_LIMIT, MATRIX_HEAD, MATRIX_TAIL)
        .into_iter()
        .map(|r| {
            col_ids
                .iter()
                .map(|c| match (r, c) {
                    (Some(r), Some(c)) => cell(r, *c),
                    (None, Some(_)) => gaps.row.to_string(),
                    (Some(_), None) => gaps.col.to_string(),
                    (None, None) => gaps.both.to_string(),
                })
                .collect()
        })
        .collect()
}

fn is_elided((rows, cols): (usize, usize)) -> bool {
    rows > MATRIX_LIMIT || cols > MATRIX_LIMIT
}

fn matrix_cells(m: &Matrix, print: fn(&Expr) -> String, gaps: &Gaps) -> Vec<Vec<String>> {
    cells(m.shape(), &|r, c| print(m.get(r, c)), gaps)
}

fn weight_cells(w: &WeightMatrix, print: fn(&Expr) -> String, gaps: &Gaps) -> Vec<Vec<String>> {
    cells(w.shape(), &|r, c| print(&w.get(r, c)), gaps)
}

fn vector_cells(v: &[Expr], print: fn(&Expr) -> String, gap: &str) -> Vec<String> {
    shown(v.len(), VECTOR_LIMIT, VECTOR_HEAD, VECTOR_TAIL)
        .into_iter()
        .map(|i| i.map_or_else(|| gap.to_string(), |i| print(&v[i])))
        .collect()
}

// ---------------------------------------------------------------- text

/// `[[a, b], [c, d]]`, the input language's matrix literal.
fn line(cells: &[Vec<String>]) -> String {
    let rows: Vec<String> = cells
        .iter()
        .map(|r| format!("[{}]", r.join(", ")))
        .collect();
    format!("[{}]", rows.join(", "))
}

/// A matrix on one line, elided when large.
pub fn matrix_line(m: &Matrix) -> String {
    line(&matrix_cells(m, to_text, &TEXT_GAPS))
}

fn vector_line(v: &[Expr]) -> String {
    format!("[{}]", vector_cells(v, to_text, TEXT_GAPS.col).join(", "))
}

/// `label = [ a  b ]` with the following rows aligned under the first.
fn grid(label: &str, cells: &[Vec<String>]) -> Vec<String> {
    let cols = cells.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            cells
                .iter()
                .map(|r| r[c].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let lead = format!("{label} = ");
    let indent = " ".repeat(lead.chars().count());
    cells
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let body: Vec<String> = row
                .iter()
                .zip(&widths)
                .map(|(cell, w)| format!("{cell:>w$}"))
                .collect();
            let start = if i == 0 { &lead } else { &indent };
            format!("{start}[ {} ]", body.join("  "))
        })
        .collect()
}

/// Does a factor of a written-out product need brackets? Anything looser than a
/// power does, and so does a negative number: `(-1)*3`, `(x + 1)*2`.
fn factor_needs_parens(e: &Expr) -> bool {
    prec(e) < Prec::Power
}

fn factor(e: &Expr, print: fn(&Expr) -> String) -> String {
    if factor_needs_parens(e) {
        format!("({})", print(e))
    } else {
        print(e)
    }
}

/// Is there anything for the folding to do? With a number among the factors the
/// folded value reads differently; with symbols only it would repeat the products.
fn folds(products: &[(Expr, Expr)]) -> bool {
    products
        .iter()
        .any(|(w, x)| w.as_num().is_some() || x.as_num().is_some())
}

fn entry_text(name: &Expr, products: &[(Expr, Expr)], value: &Expr) -> String {
    if products.is_empty() {
        return format!("{} = 0", to_text(name));
    }
    let terms: Vec<String> = products
        .iter()
        .map(|(w, x)| format!("{}*{}", factor(w, to_text), factor(x, to_text)))
        .collect();
    let mut out = format!("{} = {}", to_text(name), terms.join(" + "));
    if folds(products) {
        out.push_str(&format!(" = {}", to_text(value)));
    }
    out
}

/// How often the weights appear: one phrase when they all appear equally often, as
/// they do without padding effects, else weight by weight.
fn uses_text(s: &Sparsity) -> String {
    match s.uses.as_slice() {
        [(_, n), rest @ ..] if s.uses.len() > 1 && rest.iter().all(|(_, m)| m == n) => {
            format!(
                "each of the {} kernel weights appears {}",
                s.uses.len(),
                times(*n)
            )
        }
        uses => {
            let each: Vec<String> = uses
                .iter()
                .map(|(w, n)| format!("{} appears {}", to_text(w), times(*n)))
                .collect();
            each.join(", ")
        }
    }
}

fn sparsity_text(s: &Sparsity) -> String {
    format!(
        "{} of the {} entries of W ({} x {}) are zero ({:.1}%); {}; {} parameters against {} for a dense layer of the same shape",
        s.zeros(),
        s.entries(),
        s.shape.0,
        s.shape.1,
        100.0 * s.zero_share(),
        uses_text(s),
        s.parameters(),
        s.dense_parameters()
    )
}

fn times(n: usize) -> String {
    match n {
        1 => "once".to_string(),
        n => format!("{n} times"),
    }
}

/// The step on one line, for the JSON `expr` field.
fn step_line(step: &Step) -> String {
    match step {
        Step::Given { input, kernel } => {
            format!("x = {}, f = {}", matrix_line(input), matrix_line(kernel))
        }
        Step::Padded { grid, .. } => format!("pad(x) = {}", matrix_line(grid)),
        Step::Flipped { kernel } => format!("rot180(f) = {}", matrix_line(kernel)),
        Step::Entry {
            name,
            products,
            value,
        }
        | Step::Row {
            name,
            products,
            value,
        } => entry_text(name, products, value),
        Step::Output { output } => format!("s = {}", matrix_line(output)),
        Step::Vectorize { grid, x, .. } => {
            format!("x = vec({}) = {}", matrix_line(grid), vector_line(x))
        }
        Step::Weights { w, x, s } => format!(
            "W x = s with W = {}, x = {}, s = {}",
            line(&weight_cells(w, to_text, &TEXT_GAPS)),
            vector_line(x),
            vector_line(s)
        ),
        Step::Sparsity(s) => sparsity_text(s),
    }
}

/// The step as terminal lines, matrices as aligned grids.
fn step_block(step: &Step) -> Vec<String> {
    match step {
        Step::Given { input, kernel } => {
            let mut out = grid("x", &matrix_cells(input, to_text, &TEXT_GAPS));
            out.extend(grid("f", &matrix_cells(kernel, to_text, &TEXT_GAPS)));
            out
        }
        Step::Padded { grid: g, .. } => grid("pad(x)", &matrix_cells(g, to_text, &TEXT_GAPS)),
        Step::Flipped { kernel } => grid("rot180(f)", &matrix_cells(kernel, to_text, &TEXT_GAPS)),
        Step::Output { output } => grid("s", &matrix_cells(output, to_text, &TEXT_GAPS)),
        Step::Vectorize { grid: g, x, .. } => {
            let mut out = grid("X", &matrix_cells(g, to_text, &TEXT_GAPS));
            out.push(format!("x = vec(X) = {}", vector_line(x)));
            out
        }
        Step::Weights { w, x, s } => {
            let mut out = grid("W", &weight_cells(w, to_text, &TEXT_GAPS));
            out.push(format!("x = {}", vector_line(x)));
            out.push(format!("W x = s = {}", vector_line(s)));
            out
        }
        Step::Entry { .. } | Step::Row { .. } | Step::Sparsity(_) => vec![step_line(step)],
    }
}

/// What a reader should be told beside the step: elisions, padding symbols,
/// rows the stride skips.
fn step_notes(step: &Step) -> Vec<String> {
    let mut notes = Vec::new();
    let elided = |what: &str, (rows, cols): (usize, usize)| {
        format!(
            "{what} is {rows} x {cols}: elided, only its first {MATRIX_HEAD} and last {MATRIX_TAIL} rows and columns are written out"
        )
    };
    match step {
        Step::Given { input, kernel } => {
            for (what, m) in [("x", input), ("f", kernel)] {
                if is_elided(m.shape()) {
                    notes.push(elided(what, m.shape()));
                }
            }
        }
        Step::Padded {
            grid,
            symbolic_border,
            unreached,
            ..
        } => {
            if is_elided(grid.shape()) {
                notes.push(elided("pad(x)", grid.shape()));
            }
            if !symbolic_border.is_empty() {
                notes.push(format!(
                    "the border entries {} are the zero padding: each has the value 0",
                    vector_cells(symbolic_border, to_text, TEXT_GAPS.col).join(", ")
                ));
            }
            if *unreached != (0, 0) {
                notes.push(format!(
                    "the stride never reaches the last {} row(s) and {} column(s) of the padded input",
                    unreached.0, unreached.1
                ));
            }
        }
        Step::Flipped { kernel } if is_elided(kernel.shape()) => {
            notes.push(elided("rot180(f)", kernel.shape()))
        }
        Step::Output { output } if is_elided(output.shape()) => {
            notes.push(elided("s", output.shape()))
        }
        Step::Vectorize { grid, .. } if is_elided(grid.shape()) => {
            notes.push(elided("X", grid.shape()))
        }
        Step::Weights { w, .. } if is_elided(w.shape()) => notes.push(elided("W", w.shape())),
        _ => {}
    }
    notes
}

fn header(step: &Step) -> String {
    step.rule().unwrap_or_else(|| "given".to_string())
}

/// Consecutive steps under the same rule, printed under one heading.
fn groups(steps: &[Step]) -> Vec<&[Step]> {
    steps
        .chunk_by(|a, b| !matches!(a, Step::Given { .. }) && a.rule() == b.rule())
        .collect()
}

fn check_summary(out: &ConvOutput) -> &'static str {
    match out.result {
        Outcome::Output(_) => {
            "each sum of products equals its value, expanded exactly and at random points"
        }
        Outcome::Weights(_) => {
            "W x equals the direct convolution row by row, expanded exactly and at random inputs"
        }
    }
}

// ---------------------------------------------------------------- LaTeX

/// A bracketed matrix as an `array` with one centred column per column: unlike
/// amsmath's `pmatrix` it has no column limit, which would need a `\setcounter` that a
/// math-mode fragment cannot carry (and KaTeX does not know).
fn pmatrix(cells: &[Vec<String>]) -> String {
    let rows: Vec<String> = cells.iter().map(|r| r.join(" & ")).collect();
    let columns = "c".repeat(cells.first().map_or(1, Vec::len).max(1));
    format!(
        r"\left(\begin{{array}}{{{columns}}} {} \end{{array}}\right)",
        rows.join(r" \\ ")
    )
}

fn latex_matrix(m: &Matrix) -> String {
    pmatrix(&matrix_cells(m, to_latex, &LATEX_GAPS))
}

fn latex_column(v: &[Expr]) -> String {
    let cells: Vec<Vec<String>> = vector_cells(v, to_latex, LATEX_GAPS.row)
        .into_iter()
        .map(|c| vec![c])
        .collect();
    pmatrix(&cells)
}

/// `w x`, with a `\cdot` where juxtaposed numbers would run together.
fn latex_product(w: &Expr, x: &Expr) -> String {
    let sep = if w.as_num().is_some() || x.as_num().is_some() {
        r" \cdot "
    } else {
        " "
    };
    format!("{}{sep}{}", factor(w, to_latex), factor(x, to_latex))
}

fn latex_entry(name: &Expr, products: &[(Expr, Expr)], value: &Expr) -> String {
    if products.is_empty() {
        return format!("{} = 0", to_latex(name));
    }
    let terms: Vec<String> = products.iter().map(|(w, x)| latex_product(w, x)).collect();
    let mut out = format!("{} = {}", to_latex(name), terms.join(" + "));
    if folds(products) {
        out.push_str(&format!(" = {}", to_latex(value)));
    }
    out
}

fn latex_sparsity(s: &Sparsity) -> String {
    let uses: Vec<String> = s
        .uses
        .iter()
        .map(|(w, n)| format!(r"{}\colon {n}\times", to_latex(w)))
        .collect();
    format!(
        r"\text{{zeros: }} {} \text{{ of }} {} \; ({:.1}\,\%), \quad {}, \quad \text{{parameters: }} {} \text{{ vs. }} {} \text{{ dense}}",
        s.zeros(),
        s.entries(),
        100.0 * s.zero_share(),
        uses.join(r",\ "),
        s.parameters(),
        s.dense_parameters()
    )
}

/// The step in LaTeX math mode.
fn step_latex(step: &Step) -> String {
    match step {
        Step::Given { input, kernel } => format!(
            r"\mathbf{{x}} = {}, \quad \mathbf{{f}} = {}",
            latex_matrix(input),
            latex_matrix(kernel)
        ),
        Step::Padded { grid, .. } => {
            format!(
                r"\operatorname{{pad}}(\mathbf{{x}}) = {}",
                latex_matrix(grid)
            )
        }
        Step::Flipped { kernel } => format!(
            r"\operatorname{{rot}}_{{180^\circ}}(\mathbf{{f}}) = {}",
            latex_matrix(kernel)
        ),
        Step::Entry {
            name,
            products,
            value,
        }
        | Step::Row {
            name,
            products,
            value,
        } => latex_entry(name, products, value),
        Step::Output { output } => format!(r"\mathbf{{s}} = {}", latex_matrix(output)),
        Step::Vectorize { grid, x, .. } => format!(
            r"\mathbf{{x}} = \operatorname{{vec}}\left[{}\right] = {}",
            latex_matrix(grid),
            latex_column(x)
        ),
        Step::Weights { w, x, s } => format!(
            r"\mathbf{{W}}\mathbf{{x}} = {} {} = {} = \mathbf{{s}}",
            pmatrix(&weight_cells(w, to_latex, &LATEX_GAPS)),
            latex_column(x),
            latex_column(s)
        ),
        Step::Sparsity(s) => latex_sparsity(s),
    }
}

// ---------------------------------------------------------------- the output

impl ConvOutput {
    /// The derivation for a terminal: statement, steps grouped under their rules,
    /// and what was verified.
    pub fn to_text(&self) -> String {
        let mut out = vec![self.statement.clone()];
        for group in groups(&self.steps) {
            out.push(String::new());
            out.push(format!("{}:", header(&group[0])));
            for step in group {
                out.extend(step_block(step).into_iter().map(|l| format!("    {l}")));
                out.extend(step_notes(step).into_iter().map(|n| format!("    ({n})")));
            }
        }
        out.push(String::new());
        out.push(format!(
            "verified: {} ({})",
            self.verified,
            check_summary(self)
        ));
        out.join("\n") + "\n"
    }

    /// The derivation as one math-mode fragment: a `gathered` block of the statement,
    /// each group's heading and steps, its notes, and what was verified. KaTeX renders
    /// it in display mode and LaTeX sets it inside `\[ ... \]`.
    pub fn to_math(&self) -> String {
        let text = |s: &str| format!(r"\text{{{}}}", escape_text(s));
        let mut lines = vec![text(&self.statement)];
        for group in groups(&self.steps) {
            lines.push(format!(r"\textit{{{}}}", escape_text(&header(&group[0]))));
            lines.extend(group.iter().map(step_latex));
            lines.extend(
                group
                    .iter()
                    .flat_map(step_notes)
                    .map(|note| text(&format!("({note})"))),
            );
        }
        lines.push(text(&format!(
            "Verified: {} ({}).",
            self.verified,
            check_summary(self)
        )));
        format!(
            "\\begin{{gathered}}\n{}\n\\end{{gathered}}",
            lines.join(" \\\\\n")
        )
    }

    /// The derivation in LaTeX, the fragment of [`ConvOutput::to_math`] as a display;
    /// `standalone` wraps it in a compilable document.
    pub fn to_latex(&self, standalone: bool) -> String {
        let body = format!("\\[\n{}\n\\]", self.to_math());
        if standalone {
            document(&body)
        } else {
            body + "\n"
        }
    }

    /// The project's JSON contract, with `matrix` the output s, or W with `--matrix`,
    /// in full, and for W its sparsity.
    pub fn to_json(&self) -> Value {
        let steps: Vec<Value> = self
            .steps
            .iter()
            .map(|s| json!({"expr": step_line(s), "rule": s.rule(), "latex": step_latex(s)}))
            .collect();
        let mut out = json!({
            "statement": self.statement,
            "steps": steps,
            "result": self.result_text(),
            "verified": self.verified,
            "matrix": self.matrix_json(),
        });
        if let Outcome::Weights(w) = &self.result {
            let s = w.sparsity();
            let uses: serde_json::Map<String, Value> =
                s.uses.iter().map(|(e, n)| (to_text(e), json!(n))).collect();
            out["sparsity"] = json!({
                "rows": s.shape.0,
                "cols": s.shape.1,
                "zeros": s.zeros(),
                "zero_share": s.zero_share(),
                "uses": uses,
                "parameters": s.parameters(),
                "dense_parameters": s.dense_parameters(),
            });
        }
        out
    }

    /// The result on one line: the output matrix, or W (elided when large).
    pub fn result_text(&self) -> String {
        match &self.result {
            Outcome::Output(m) => matrix_line(m),
            Outcome::Weights(w) => line(&weight_cells(w, to_text, &TEXT_GAPS)),
        }
    }

    /// The result matrix in full, entries as text, row by row.
    pub fn matrix_json(&self) -> Vec<Vec<String>> {
        match &self.result {
            Outcome::Output(m) => m.map_rows(to_text),
            Outcome::Weights(w) => (0..w.shape().0)
                .map(|i| {
                    let mut row = vec!["0".to_string(); w.shape().1];
                    for (c, e) in w.row(i) {
                        row[c] = to_text(e);
                    }
                    row
                })
                .collect(),
        }
    }
}
