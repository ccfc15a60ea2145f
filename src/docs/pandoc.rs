//! A Pandoc JSON filter: Pandoc writes its document AST as JSON, the filter replaces
//! each code block of class `stepwise` with its goals as display math (`Math
//! DisplayMath`), and Pandoc writes whatever format was asked for, converting the math
//! itself (MathML, Word equations, LaTeX). The blocks of one document share one sheet
//! session. Everything else in the AST passes through as it was.

use super::markdown::{error_block_title, Failure};
use crate::error::Error;
use crate::print::latex::LatexOptions;
use crate::sheet::{body_math, setup_math, Entry, Session};
use serde_json::{json, Value};

/// A filtered document.
#[derive(Clone, Debug)]
pub struct Filtered {
    /// The AST as JSON, for Pandoc to read back.
    pub json: String,
    /// The failed statements; their reports name the block (`stepwise block 2`).
    pub failures: Vec<Failure>,
}

/// Filter Pandoc's JSON AST.
///
/// ```
/// let ast = r#"{"pandoc-api-version": [1, 22, 1], "meta": {}, "blocks": [
///   {"t": "CodeBlock", "c": [["", ["stepwise"], []], "derive x^2"]}]}"#;
/// let out = stepwise::docs::pandoc::filter(ast, &Default::default())?;
/// assert!(out.failures.is_empty());
/// assert!(out.json.contains(r#"{"t":"DisplayMath"}"#));
/// # Ok::<(), stepwise::Error>(())
/// ```
pub fn filter(input: &str, latex: &LatexOptions) -> Result<Filtered, Error> {
    let mut doc: Value = serde_json::from_str(input)
        .map_err(|e| Error::Usage(format!("Pandoc's input is not JSON: {e}")))?;
    let mut state = State {
        session: Session::default(),
        latex: latex.clone(),
        blocks: 0,
        failures: Vec::new(),
    };
    match doc.get_mut("blocks") {
        Some(blocks) => state.walk(blocks),
        None => {
            return Err(Error::Usage(
                "Pandoc's input has no `blocks`: is it `pandoc -t json` output?".into(),
            ))
        }
    }
    Ok(Filtered {
        json: serde_json::to_string(&doc).expect("JSON values serialize"),
        failures: state.failures,
    })
}

struct State {
    session: Session,
    latex: LatexOptions,
    blocks: usize,
    failures: Vec<Failure>,
}

impl State {
    /// Replace every `stepwise` code block found anywhere in `v`, in document order.
    fn walk(&mut self, v: &mut Value) {
        if let Some(code) = stepwise_code(v) {
            *v = self.replacement(&code);
            return;
        }
        match v {
            Value::Array(items) => items.iter_mut().for_each(|i| self.walk(i)),
            Value::Object(map) => map.values_mut().for_each(|i| self.walk(i)),
            _ => {}
        }
    }

    /// A `Div` of class `stepwise` holding one display-math paragraph per goal and an
    /// error `Div` per failed statement.
    fn replacement(&mut self, code: &str) -> Value {
        self.blocks += 1;
        let origin = format!("stepwise block {}", self.blocks);
        let mut blocks = Vec::new();
        // Pandoc converts the math itself, so the statements' spans are not needed.
        for (_, result) in self.session.run_block(code) {
            match result {
                Ok(entry) => {
                    let latex = match &entry {
                        Entry::Goal(goal) => body_math(&goal.body, &self.latex),
                        Entry::Setup(setup) => setup_math(setup),
                    };
                    blocks.push(json!({"t": "Para", "c": [
                        {"t": "Math", "c": [{"t": "DisplayMath"}, latex]}
                    ]}));
                }
                Err(e) => {
                    let error = e.placed(code);
                    let report = error.report(code, Some(&origin));
                    blocks.push(json!({"t": "Div", "c": [
                        ["", ["stepwise-error"], []],
                        [
                            {"t": "Para", "c": [{"t": "Strong", "c": words(error_block_title())}]},
                            {"t": "CodeBlock", "c": [["", [], []], report.trim_end()]}
                        ]
                    ]}));
                    self.failures.push(Failure { error, report });
                }
            }
        }
        json!({"t": "Div", "c": [["", ["stepwise"], []], blocks]})
    }
}

/// The code of `v` if it is a code block of class `stepwise`.
fn stepwise_code(v: &Value) -> Option<String> {
    if v["t"] != "CodeBlock" {
        return None;
    }
    let classes = v["c"][0][1].as_array()?;
    classes
        .iter()
        .any(|c| c == "stepwise")
        .then(|| v["c"][1].as_str().map(str::to_string))
        .flatten()
}

/// Text as Pandoc inlines: words (`Str`) separated by `Space`.
fn words(text: &str) -> Vec<Value> {
    let mut out = Vec::new();
    for (i, word) in text.split_whitespace().enumerate() {
        if i > 0 {
            out.push(json!({"t": "Space"}));
        }
        out.push(json!({"t": "Str", "c": word}));
    }
    out
}
