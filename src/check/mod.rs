//! `stepwise check`: verify a derivation someone else wrote, step by step.
//!
//! A document (text or LaTeX, see `source`) is split into chains; every form is read
//! (the text parser, or `latex`); every step, a form and the one after it, is
//! compared at random points by `verify::compare`, and a step that holds is explained
//! by the engine's rules (`explain`). The result is one [`StepRecord`] per step, which
//! [`report`] prints as text, LaTeX or JSON.

mod explain;
mod latex;
pub mod report;
mod source;
#[cfg(test)]
mod teacher_tests;

pub use explain::Budget;
pub use source::Language;

use crate::context::{self, Context, Fact, FactKind, Head};
use crate::derivation::Condition;
use crate::error::{Error, InputError, Span};
use crate::eval::IndexConstraint;
use crate::expr::{self, Expr, Index, Node};
use crate::parse::{parse_expr, Names};
use crate::print::text::to_text;
use crate::reason::{Kind, Reason};
use crate::rules::calculus::differentiate_fully;
use crate::sheet::parse::Part;
use crate::verify::{
    check_step, compare, differs_at_wide_precision, nonzero_conditions, CheckContext,
    Verdict as Numbers,
};
use latex::{Form, LatexNames};
use source::{CaseCondition, SourceChain};

/// What a check may use: definitions and assumptions (as for `prove`), and the search
/// budget for explaining a step.
#[derive(Clone, Debug, Default)]
pub struct CheckOptions {
    /// Definitions such as `p_j = exp(x_j) / sum_k exp(x_k)`.
    pub definitions: Vec<String>,
    /// Facts such as `sum_j y_j = 1`: steps may use them, and the points drawn
    /// satisfy them.
    pub assumptions: Vec<String>,
    /// How much searching explaining one step may do.
    pub budget: Budget,
    /// The seed of the points drawn (by default the run's, see `verify`).
    pub seed: Option<u64>,
}

/// The verdict on one step.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    /// The rules, in order, that take the line above to this one; whether the author's
    /// note names the same idea (`None` without a note).
    Follows {
        /// The rules, in order.
        rules: Vec<Reason>,
        /// Whether the author's note names one of them (`None` without a note).
        note_agrees: Option<bool>,
    },
    /// Equal at every point drawn, but no rule sequence within the budget: a jump a
    /// reader may not follow.
    TrueNoRule,
    /// A point where the line above and this line differ, and both values there.
    Wrong {
        /// The point: each symbol (or index) with its value.
        point: Vec<(String, f64)>,
        /// The line above's value there.
        before: f64,
        /// This line's value there.
        after: f64,
    },
    /// Too few points where both lines are defined to decide.
    Undecided,
    /// The notation reads more than one way; each reading and its verdict.
    Ambiguous {
        /// Every reading, with its verdict.
        readings: Vec<ReadingVerdict>,
    },
}

/// One reading of an ambiguous step.
#[derive(Clone, Debug, PartialEq)]
pub struct ReadingVerdict {
    /// What the reading takes the notation to mean.
    pub reading: String,
    /// The form under this reading, in the text language, or why it is no formula.
    pub form: Result<String, String>,
    /// The verdict under this reading (none for a reading that is no formula).
    pub verdict: Option<Verdict>,
}

impl Verdict {
    /// Does the step hold (follows, or true without a rule)?
    pub fn holds(&self) -> bool {
        matches!(self, Verdict::Follows { .. } | Verdict::TrueNoRule)
    }

    /// Is the step wrong under every reading there is?
    pub fn is_wrong(&self) -> bool {
        match self {
            Verdict::Wrong { .. } => true,
            Verdict::Ambiguous { readings } => {
                let judged: Vec<&Verdict> =
                    readings.iter().filter_map(|r| r.verdict.as_ref()).collect();
                !judged.is_empty() && judged.iter().all(|v| v.is_wrong())
            }
            _ => false,
        }
    }
}

/// A form as it stands in the file.
#[derive(Clone, Debug, PartialEq)]
pub struct FormRecord {
    /// 1-based line in the file.
    pub line: usize,
    /// 1-based column (in characters) in the file.
    pub column: usize,
    /// The form as written.
    pub source: String,
    /// The form in the text language, when it reads one way.
    pub form: Option<String>,
    /// The form in LaTeX: as written, for LaTeX input.
    pub latex: String,
}

/// One step: the form it arrives at, the author's note, and the verdict.
#[derive(Clone, Debug, PartialEq)]
pub struct StepRecord {
    /// The form the step arrives at.
    pub to: FormRecord,
    /// The author's note on the step, as written.
    pub note: Option<String>,
    /// Whether the step holds, and why.
    pub verdict: Verdict,
    /// Where a step that holds does: `x >= 0` for `sqrt(x)^2 = x`, `x != 0` for
    /// `x / x = 1` (empty: wherever both lines have a value).
    pub conditions: Vec<Condition>,
}

/// One chain: its first form, its steps, the case it is stated under, and what the
/// reader should know about how it was read.
#[derive(Clone, Debug, PartialEq)]
pub struct ChainRecord {
    /// The case the text states the chain under (`i = j`, `i != j`).
    pub case: Option<String>,
    /// The chain's first form.
    pub start: FormRecord,
    /// One record per step after it.
    pub steps: Vec<StepRecord>,
    /// What the reader should know about how the chain was read.
    pub remarks: Vec<String>,
}

impl ChainRecord {
    /// The line of the first step that is wrong (under every reading).
    pub fn first_wrong_line(&self) -> Option<usize> {
        self.first_wrong().map(|f| f.line)
    }

    /// The form of the first step that is wrong (under every reading).
    pub fn first_wrong(&self) -> Option<&FormRecord> {
        self.steps
            .iter()
            .find(|s| s.verdict.is_wrong())
            .map(|s| &s.to)
    }
}

/// Every chain of a document, checked.
#[derive(Clone, Debug, PartialEq)]
pub struct Checked {
    /// The language the document was read in.
    pub language: Language,
    /// Every chain, in document order.
    pub chains: Vec<ChainRecord>,
}

impl Checked {
    /// 0 when every step follows or is true, 1 otherwise (a step wrong, undecided or
    /// ambiguous).
    pub fn exit_code(&self) -> i32 {
        let all_hold = self
            .chains
            .iter()
            .all(|c| c.steps.iter().all(|s| s.verdict.holds()));
        if all_hold {
            0
        } else {
            crate::exit::EXIT_NOT_PROVEN
        }
    }
}

/// Check every chain of `text` (the text language or LaTeX). An error is input that
/// cannot be read, with its place in `text`.
///
/// ```
/// let text = "d/dx x^2 sin(x)\n= 2 x sin(x) + x^2 cos(x)\n= 2 x sin(x)\n";
/// let checked = stepwise::check(text, &Default::default())?;
/// let steps = &checked.chains[0].steps;
/// assert!(steps[0].verdict.holds());
/// assert!(steps[1].verdict.is_wrong());
/// assert_eq!(checked.chains[0].first_wrong_line(), Some(3));
/// # Ok::<(), stepwise::Error>(())
/// ```
pub fn check(text: &str, options: &CheckOptions) -> Result<Checked, Error> {
    let doc = source::split(text)?;
    let chains = doc
        .chains
        .iter()
        .map(|chain| check_chain(text, chain, doc.language, doc.delta_explained, options))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Checked {
        language: doc.language,
        chains,
    })
}

/// One form's readings: a description (none when there is only one) and the
/// expression, or why that reading is no formula.
type Readings = Vec<(Option<String>, Result<Expr, String>)>;

fn check_chain(
    text: &str,
    chain: &SourceChain,
    language: Language,
    delta_explained: bool,
    options: &CheckOptions,
) -> Result<ChainRecord, Error> {
    let (ctx, names) = chain_context(chain, options)?;
    let mut check_ctx = crate::check_context(&ctx, options.seed);
    check_ctx.constraints = chain.case.iter().filter_map(constraint).collect();
    let latex_names = LatexNames {
        names,
        defined_symbols: ctx
            .definitions
            .iter()
            .filter_map(|d| match &d.head {
                Head::Symbol(s) if s.indices.is_empty() => Some(s.name.clone()),
                _ => None,
            })
            .collect(),
    };
    let mut forms: Vec<(FormRecord, Readings)> = Vec::new();
    for f in &chain.forms {
        let readings = read(&f.part, language, &latex_names)?;
        let (line, column) = line_col(text, f.part.offset);
        let only = match readings.as_slice() {
            [(None, Ok(e))] => Some(e),
            _ => None,
        };
        let latex = match (language, only) {
            (Language::Text, Some(e)) => crate::print::latex::to_latex(e),
            _ => f.part.text.clone(),
        };
        forms.push((
            FormRecord {
                line,
                column,
                source: f.part.text.clone(),
                form: only.map(to_text),
                latex,
            },
            readings,
        ));
    }
    let mut remarks = Vec::new();
    let all: Vec<&Expr> = forms
        .iter()
        .flat_map(|(_, r)| r.iter().filter_map(|(_, e)| e.as_ref().ok()))
        .collect();
    if language == Language::Latex && all.iter().any(|e| has_delta(e)) {
        remarks.push(if delta_explained {
            "`\\delta_{ij}` is read as the Kronecker delta, as the text says".to_string()
        } else {
            "`\\delta_{ij}` is read as the Kronecker delta, which the text does not say".to_string()
        });
    }
    for d in leibniz_variables(&all, &ctx) {
        remarks.push(format!(
            "a derivative by `{d}` is read with `{d}` held as a variable and then replaced by \
             its definition (the chain rule in Leibniz's notation)"
        ));
    }
    let mut steps = Vec::new();
    for (n, (to, readings)) in forms.iter().enumerate().skip(1) {
        let note = chain.forms[n].note.clone();
        let (verdict, conditions) = step_verdict(
            &forms[n - 1].1,
            readings,
            note.as_deref(),
            &ctx,
            &check_ctx,
            options,
        );
        steps.push(StepRecord {
            to: to.clone(),
            note,
            verdict,
            conditions,
        });
    }
    let start = forms.into_iter().next().expect("a chain has a form").0;
    Ok(ChainRecord {
        case: chain.case.as_ref().map(|c| {
            format!(
                "{} {} {}",
                c.left,
                if c.equal { "=" } else { "!=" },
                c.right
            )
        }),
        start,
        steps,
        remarks,
    })
}

/// The context of one chain: the options' definitions and assumptions, the chain's own
/// `let` and `assume` lines, and its case as a fact about the delta.
fn chain_context(chain: &SourceChain, options: &CheckOptions) -> Result<(Context, Names), Error> {
    let base = crate::Options {
        definitions: options.definitions.clone(),
        assumptions: options.assumptions.clone(),
        ..Default::default()
    };
    let (mut ctx, mut names) = base.context(Context::with_builtin_definitions())?;
    for part in &chain.definitions {
        let def = context::parse_definition(&part.text, &mut names).map_err(|e| locate(part, e))?;
        ctx.definitions.push(def);
    }
    for part in &chain.assumptions {
        ctx.add_assumption(&part.text, &names)
            .map_err(|e| locate(part, e))?;
    }
    if let Some(case) = &chain.case {
        ctx.facts.push(Fact {
            name: Reason::new(
                Kind::Case,
                format!(
                    "since {} {} {}",
                    case.left,
                    if case.equal { "=" } else { "!=" },
                    case.right
                ),
            ),
            lhs: expr::delta(index(&case.left), index(&case.right)),
            rhs: if case.equal {
                Expr::one()
            } else {
                Expr::zero()
            },
            params: Vec::new(),
            kind: FactKind::Case,
        });
    }
    Ok((ctx, names))
}

/// An input error inside `part`, placed in the file.
fn locate(part: &Part, e: Error) -> Error {
    match e {
        Error::Input(ie) => Error::Input(part.locate(ie)),
        other => other,
    }
}

fn index(name: &str) -> Index {
    match name.parse() {
        Ok(n) => Index::Fixed(n),
        Err(_) => Index::Var(name.into()),
    }
}

fn constraint(case: &CaseCondition) -> Option<IndexConstraint> {
    let (a, b) = (case.left.as_str().into(), case.right.as_str().into());
    Some(if case.equal {
        IndexConstraint::Equal(a, b)
    } else {
        IndexConstraint::Distinct(a, b)
    })
}

fn read(part: &Part, language: Language, names: &LatexNames) -> Result<Readings, Error> {
    match language {
        Language::Text => {
            let e = parse_expr(&part.text, &names.names).map_err(|e| part.locate(e))?;
            Ok(vec![(None, Ok(e))])
        }
        Language::Latex => match latex::read_form(&part.text, names).map_err(|e| part.locate(e))? {
            Form::One(e) => Ok(vec![(None, Ok(e))]),
            Form::Readings(rs) => Ok(rs
                .into_iter()
                .map(|r| (Some(r.description), r.expr))
                .collect()),
        },
    }
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    InputError::new("", Span::at(offset)).line_col(text)
}

fn has_delta(e: &Expr) -> bool {
    e.any(&mut |n| matches!(n.node(), Node::Delta(..)))
}

/// The verdict on the step from `before` to `after`, under every pair of readings,
/// and where a step that reads one way holds.
fn step_verdict(
    before: &Readings,
    after: &Readings,
    note: Option<&str>,
    ctx: &Context,
    check: &CheckContext,
    options: &CheckOptions,
) -> (Verdict, Vec<Condition>) {
    let judge = |a: &Expr, b: &Expr| judge(a, b, note, ctx, check, options);
    if let ([(None, Ok(a))], [(None, Ok(b))]) = (before.as_slice(), after.as_slice()) {
        return judge(a, b);
    }
    let mut readings = Vec::new();
    for (before_desc, a) in before {
        let Ok(a) = a else { continue };
        for (after_desc, b) in after {
            let reading = match (before_desc, after_desc) {
                (Some(d), None) => format!("the line above read as: {d}"),
                (None, Some(d)) => d.clone(),
                (Some(x), Some(y)) => format!("{y} (the line above: {x})"),
                (None, None) => String::new(),
            };
            readings.push(match b {
                Ok(b) => ReadingVerdict {
                    reading,
                    form: Ok(to_text(b)),
                    verdict: Some(judge(a, b).0),
                },
                Err(why) => ReadingVerdict {
                    reading,
                    form: Err(why.clone()),
                    verdict: None,
                },
            });
        }
    }
    // An ambiguous step does not hold, so it has no domain to state.
    (Verdict::Ambiguous { readings }, Vec::new())
}

/// The verdict on one step, and the conditions it holds under. `compare` decides
/// whether the lines agree where both have values; the step's check, as a proof's
/// steps are checked, then says where that is (the conditions a logarithm, root or
/// cancelled denominator needs). A step whose domain cannot be stated that way is
/// undecided, not passed.
fn judge(
    a: &Expr,
    b: &Expr,
    note: Option<&str>,
    ctx: &Context,
    check: &CheckContext,
    options: &CheckOptions,
) -> (Verdict, Vec<Condition>) {
    let (a_read, b_read) = (leibniz(a, ctx), leibniz(b, ctx));
    match compare(&a_read, &b_read, check) {
        Numbers::Differ { at, lhs, rhs, .. } => (
            Verdict::Wrong {
                point: at,
                before: lhs,
                after: rhs,
            },
            Vec::new(),
        ),
        Numbers::Undecided => (Verdict::Undecided, Vec::new()),
        Numbers::Agree => {
            let Some(conditions) = domain_of_step(&a_read, &b_read, ctx, check) else {
                return (Verdict::Undecided, Vec::new());
            };
            let verdict = match explain::explain(a, b, ctx, &options.budget) {
                Some(rules) => Verdict::Follows {
                    note_agrees: note.map(|n| note_agrees(n, &rules)),
                    rules,
                },
                // Without a rule the numbers alone say the step holds: they look
                // once more, at 640 bits.
                None => match differs_at_wide_precision(&a_read, &b_read, check) {
                    Some(Numbers::Differ { at, lhs, rhs, .. }) => {
                        return (
                            Verdict::Wrong {
                                point: at,
                                before: lhs,
                                after: rhs,
                            },
                            Vec::new(),
                        )
                    }
                    _ => Verdict::TrueNoRule,
                },
            };
            (verdict, conditions)
        }
    }
}

/// Where the step from `a` to `b` holds, beyond the conditions assumed: what its
/// check needs (`x >= 0` for `sqrt(x)^2 = x`), and the zeros of a denominator that
/// one line has and the other lacks. `None` when the check does not agree.
fn domain_of_step(
    a: &Expr,
    b: &Expr,
    ctx: &Context,
    check: &CheckContext,
) -> Option<Vec<Condition>> {
    let mut conditions = Vec::new();
    if check_step(a, b, check, &mut conditions).0 != Numbers::Agree {
        return None;
    }
    let mut known = conditions.clone();
    known.extend(ctx.conditions.iter().cloned());
    for c in nonzero_conditions(&[a, b], &known, ctx, check.seed) {
        Condition::add_to(&mut conditions, c);
    }
    Some(conditions)
}

/// The defined symbols that some derivative is taken by (`p_j` in `d/dp_j log(p_j)`).
fn leibniz_variables(forms: &[&Expr], ctx: &Context) -> Vec<String> {
    let mut out = Vec::new();
    for e in forms {
        e.any(&mut |n| {
            if let Node::Deriv(_, var) = n.node() {
                let text = to_text(&Expr::symbol(var.clone()));
                if ctx.definition_of(&Expr::symbol(var.clone())).is_some() && !out.contains(&text) {
                    out.push(text);
                }
            }
            false
        });
    }
    out
}

/// A derivative by a defined symbol, `d/dp_j log(p_j)`, is the chain rule's notation:
/// differentiate with the symbol held as a variable, so that only the definition of
/// the result is unfolded by the numeric check.
fn leibniz(e: &Expr, ctx: &Context) -> Expr {
    e.map_bottom_up(&mut |n| {
        let Node::Deriv(body, var) = n.node() else {
            return n.clone();
        };
        let Some(def) = ctx.definition_of(&Expr::symbol(var.clone())) else {
            return n.clone();
        };
        let mut held = ctx.clone();
        held.definitions.retain(|d| d != def);
        differentiate_fully(body, var, &held).unwrap_or_else(|| n.clone())
    })
}

/// Does the author's note name what the rules found do? Words are compared by their
/// first five letters (so "fractions" meets "fraction", "cancelling" meets "cancel"),
/// and words for one idea count as the same ("separate" and "common factor").
fn note_agrees(note: &str, rules: &[Reason]) -> bool {
    let rules: Vec<String> = rules.iter().map(Reason::name).collect();
    // Words every second rule has say nothing about which rule it is.
    const NOT_A_RULE: [&str; 12] = [
        "rule",
        "with",
        "from",
        "into",
        "both",
        "sides",
        "that",
        "then",
        "each",
        "term",
        "derivative",
        "definition",
    ];
    const SAME_IDEA: [&[&str]; 4] = [
        &["ratio", "quoti"],
        &["separ", "facto", "commo"],
        &["expan", "distr"],
        &["cance", "simpl"],
    ];
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| {
                let w = w.to_lowercase();
                w.len() >= 4 && !NOT_A_RULE.iter().any(|n| w.starts_with(n))
            })
            .map(|w| {
                let stem: String = w.to_lowercase().chars().take(5).collect();
                let idea = SAME_IDEA
                    .iter()
                    .find(|group| group.contains(&stem.as_str()));
                idea.map_or(stem, |group| group[0].to_string())
            })
            .collect()
    };
    let note_lower = note.to_lowercase();
    let said = words(note);
    rules.iter().any(|r| note_lower.contains(&r.to_lowercase()))
        || rules
            .iter()
            .flat_map(|r| words(r))
            .any(|w| said.contains(&w))
}
