//! Running a sheet: statements in order, definitions, assumptions and premises
//! accumulating for the goals after them, each proven `prove` becoming a lemma that
//! later goals may cite. Every part is checked when its statement is reached, so an
//! error is placed on the statement that caused it; the first error stops the run and
//! nothing of the sheet is returned (all or nothing).

use super::parse::{self as sheet_parse, parse_sheet, Kind, Part};
use crate::context::{self, Assumed, Context};
use crate::conv::{self, ConvOutput};
use crate::derivation::Derivation;
use crate::engine::{Counterexample, Outcome};
use crate::error::{Argument, Error, InputError, Span};
use crate::expr::{self, Expr};
use crate::parse::{parse_expr, parse_statement, Names, Statement};
use crate::print::text::to_text;
use crate::{Lemma, Options};
use num_traits::Signed;

/// A statement that sets up the goals after it.
#[derive(Clone, Debug, PartialEq)]
pub enum Setup {
    /// `let`: a definition.
    Let(Expr),
    /// `assume`: a fact steps may use, a condition, or a one-hot vector.
    Assume(Assumed),
    /// `given`: a premise for `solve`.
    Given(Expr),
}

/// What a goal asked, parsed, for its heading.
#[derive(Clone, Debug, PartialEq)]
pub enum Ask {
    /// `derive`: the derivative asked for (`d/dx tanh(x)`).
    Derive(Expr),
    /// `prove`/`show`: the equation, and the case condition (`i = j`) if any.
    Prove {
        /// The equation.
        equation: Expr,
        /// The case condition, such as `i = j`.
        cases: Option<Expr>,
    },
    /// `solve`: the target and the symbols eliminated.
    Solve {
        /// The symbol solved for.
        target: Expr,
        /// The symbols eliminated.
        eliminate: Vec<Expr>,
    },
    /// `conv`: a convolution.
    Conv,
    /// `check`: the chain as written.
    Check(String),
}

/// A goal's result.
#[derive(Clone, Debug, PartialEq)]
pub enum Body {
    /// A derivation: `derive`, `prove` or `solve`.
    Derivation(Derivation),
    /// A convolution's derivation.
    Conv(ConvOutput),
    /// The verdicts on a `check` chain's steps.
    Check(crate::check::Checked),
}

/// A goal and its result.
#[derive(Clone, Debug, PartialEq)]
pub struct Goal {
    /// How the output and citations name it: its number (`1`) or its label (`softmax`).
    pub tag: String,
    /// 1-based line of the statement in the sheet.
    pub line: usize,
    /// What it asked.
    pub ask: Ask,
    /// Its result.
    pub body: Body,
}

/// One item of a sheet's output, in the sheet's order.
#[derive(Clone, Debug, PartialEq)]
pub enum Entry {
    /// A `let`, `assume` or `given`.
    Setup(Setup),
    /// A goal and its result.
    Goal(Goal),
}

/// Why a sheet failed. Every span is a byte range in the sheet's source.
#[derive(Clone, Debug)]
pub enum SheetError {
    /// The sheet is wrong at this place.
    Input(InputError),
    /// A `prove` goal could not be proven (false, or no proof found).
    NotProven {
        /// The goal's equation in the sheet, with the message.
        at: InputError,
        /// Where the left side's rewriting stopped, in the input language. (Text, not
        /// an `Expr`, so that the error is `Send` and `Sync`, as error types that
        /// `anyhow` or `Box<dyn Error + Send + Sync>` hold must be.)
        lhs_reached: String,
        /// Where the right side's rewriting stopped, in the input language.
        rhs_reached: String,
        /// A point where the two sides differ, if one was found (boxed, so that the
        /// error stays small to return).
        counterexample: Option<Box<Counterexample>>,
    },
    /// The engine failed on a goal: a step failed its check, or a limit was reached.
    Engine(InputError),
    /// A `solve` goal found no answer; the message names the equation it reached.
    NotSolved(InputError),
}

impl SheetError {
    /// The place of the error, as a byte range in the sheet and, once placed, as line
    /// and column.
    pub fn at(&self) -> &InputError {
        match self {
            SheetError::Input(e) | SheetError::Engine(e) | SheetError::NotSolved(e) => e,
            SheetError::NotProven { at, .. } => at,
        }
    }

    fn map_at(self, f: impl FnOnce(InputError) -> InputError) -> SheetError {
        match self {
            SheetError::Input(e) => SheetError::Input(f(e)),
            SheetError::Engine(e) => SheetError::Engine(f(e)),
            SheetError::NotSolved(e) => SheetError::NotSolved(f(e)),
            SheetError::NotProven {
                at,
                lhs_reached,
                rhs_reached,
                counterexample,
            } => SheetError::NotProven {
                at: f(at),
                lhs_reached,
                rhs_reached,
                counterexample,
            },
        }
    }

    /// This error with its line and column in `source`, the text of the sheet.
    pub fn placed(self, source: &str) -> SheetError {
        self.map_at(|e| e.placed(source))
    }

    /// This error moved `offset` bytes on: from a block into the document holding it.
    pub fn shifted(self, offset: usize) -> SheetError {
        self.map_at(|e| e.shifted(offset))
    }

    /// The error for a reader: its message at `origin:line:column` with the line of
    /// `source` and a caret under the place, then for a goal not proven what each
    /// side reached and a point where the sides differ.
    pub fn report(&self, source: &str, origin: Option<&str>) -> String {
        let mut out = self.at().render(source, origin) + "\n";
        if let SheetError::NotProven {
            lhs_reached,
            rhs_reached,
            counterexample,
            ..
        } = self
        {
            out.push_str(&not_proven_detail(
                lhs_reached,
                rhs_reached,
                counterexample.as_deref(),
            ));
        }
        out
    }
}

impl std::fmt::Display for SheetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.at())?;
        if let SheetError::NotProven {
            counterexample: Some(c),
            ..
        } = self
        {
            write!(f, " ({})", counterexample_text(c))?;
        }
        Ok(())
    }
}

impl std::error::Error for SheetError {}

/// `at x = 0.5, the left side is 1 and the right side is 2`.
fn counterexample_text(c: &Counterexample) -> String {
    let (lhs, rhs) = crate::verify::describe_pair(c.lhs, c.rhs);
    format!(
        "at {}, the left side is {lhs} and the right side is {rhs}",
        crate::verify::describe_point(&c.at),
    )
}

/// Why an identity was not proven, for a reader: a point where it is false, or that no
/// common form was found, then the forms the two sides reached.
pub fn not_proven_detail(lhs: &str, rhs: &str, cx: Option<&Counterexample>) -> String {
    let mut msg = match cx {
        Some(c) => format!("the identity is false: {}\n", counterexample_text(c)),
        None => {
            "could not prove the identity: the two sides did not reach a common form\n".to_string()
        }
    };
    msg.push_str(&format!(
        "  left side reached:  {lhs}\n  right side reached: {rhs}\n"
    ));
    msg
}

impl From<InputError> for SheetError {
    fn from(e: InputError) -> SheetError {
        SheetError::Input(e)
    }
}

/// An error of a call on `part`'s text, placed in the file. Usage errors have no
/// span, so they point at the whole part.
fn located(part: &Part, e: Error) -> SheetError {
    match e {
        Error::Input(ie) => SheetError::Input(part.locate(ie)),
        Error::Usage(msg) => SheetError::Input(part.error(msg)),
        // Definitions and assumptions were checked at their own lines; should one
        // still fail here, the goal that needed it is the place to point at.
        Error::InArgument { .. } => SheetError::Input(part.error(e.to_string())),
        Error::StepCheckFailed { .. } | Error::Limit(_) => {
            SheetError::Engine(part.error(e.to_string()))
        }
        Error::NotSolved { .. } => SheetError::NotSolved(part.error(e.to_string())),
        // Its spans are relative to the part's text, as every error of a call on it.
        Error::Sheet(inner) => inner.shifted(part.offset),
    }
}

fn parse_equation_at(part: &Part, names: &Names) -> Result<Expr, SheetError> {
    let (l, r) = context::parse_equation(&part.text, names).map_err(|e| located(part, e))?;
    Ok(expr::equation(l, r))
}

/// `i = j` (or `i = 1`): a condition on two different indices.
fn case_condition(part: &Part) -> Result<Expr, SheetError> {
    let bad = || part.error("expected a condition on two indices such as `i = j`");
    match parse_statement(&part.text, &Names::default()) {
        Ok(Statement::Equation(a, b)) => {
            let index = |e: &Expr| {
                e.as_symbol().is_some_and(|s| s.indices.is_empty())
                    || e.as_num()
                        .is_some_and(|n| n.is_integer() && !n.is_negative())
            };
            if index(&a) && index(&b) && a != b {
                Ok(expr::equation(a, b))
            } else {
                Err(bad().into())
            }
        }
        Ok(Statement::Expr(_)) => Err(bad().into()),
        Err(e) => Err(part.locate(e).into()),
    }
}

/// What the goals so far may use: the state of a sheet between its statements, which
/// a document carries from one `stepwise` block to the next.
#[derive(Default)]
pub struct Session {
    /// Mirrors what `options` describes, so each statement is checked as it comes.
    names: Names,
    context: Context,
    options: Options,
    /// Proven goals, each with its equation parsed, for `options.lemmas`.
    lemmas: Vec<(Lemma, Expr)>,
    givens: Vec<String>,
    goals: usize,
}

/// Run the sheet `src`, all or nothing: every entry in order, or the first error.
///
/// ```
/// let sheet = "let p_j = exp(x_j) / sum_k exp(x_k)\n\
///              prove (softmax) d/dx_i p_j = p_j (delta_ij - p_i) cases i = j\n\
///              derive tanh(x)\n";
/// let entries = stepwise::sheet::run(sheet)?;
/// assert_eq!(entries.len(), 3);
/// let latex = stepwise::sheet::to_latex(&entries, &Default::default());
/// assert!(latex.contains(r"\paragraph{(softmax)}"));
/// let err = stepwise::sheet::run("derive x\nprove x = 2 x\n").unwrap_err();
/// assert!(err.to_string().starts_with("goal (2) is false at line 2, column 7"));
/// # Ok::<(), stepwise::sheet::SheetError>(())
/// ```
pub fn run(src: &str) -> Result<Vec<Entry>, SheetError> {
    Session::default()
        .statements(src, false)
        .into_iter()
        .map(|(_, result)| result)
        .collect::<Result<_, _>>()
        .map_err(|e| e.placed(src))
}

impl Session {
    /// Run the statements of `src` after those run so far, in this session, and keep
    /// going past a failed statement: each statement gives its span in `src` (the
    /// place to point at should showing its entry fail) and its entry or its error, in
    /// order, and a failed `prove` is no lemma for the goals after it. A block that
    /// does not split into statements is one error. Spans are relative to `src`.
    pub fn run_block(&mut self, src: &str) -> Vec<(Span, Result<Entry, SheetError>)> {
        self.statements(src, true)
    }

    fn statements(
        &mut self,
        src: &str,
        keep_going: bool,
    ) -> Vec<(Span, Result<Entry, SheetError>)> {
        let statements = match parse_sheet(src) {
            Ok(s) => s,
            Err(e) => return vec![(e.span, Err(e.into()))],
        };
        let mut out = Vec::new();
        for statement in statements {
            let span = statement.source.span();
            let entry = self.statement(statement);
            let failed = entry.is_err();
            out.push((span, entry));
            if failed && !keep_going {
                break;
            }
        }
        out
    }

    fn statement(&mut self, statement: sheet_parse::Statement) -> Result<Entry, SheetError> {
        let state = self;
        let entry = match statement.kind {
            Kind::Let(p) => {
                let def = context::parse_definition(&p.text, &mut state.names)
                    .map_err(|e| located(&p, e))?;
                state.context.definitions.push(def);
                state.options.definitions.push(p.text.clone());
                Entry::Setup(Setup::Let(parse_equation_at(&p, &state.names)?))
            }
            Kind::Assume(p) => {
                let assumed = state
                    .context
                    .add_assumption(&p.text, &state.names)
                    .map_err(|e| located(&p, e))?;
                state.options.assumptions.push(p.text.clone());
                Entry::Setup(Setup::Assume(assumed))
            }
            Kind::Given(p) => {
                let e = parse_equation_at(&p, &state.names)?;
                state.givens.push(p.text.clone());
                Entry::Setup(Setup::Given(e))
            }
            Kind::Derive { expr, wrt } => {
                let tag = state.next_tag(None)?;
                derive(state, tag, statement.line, &expr, wrt.as_ref())?
            }
            Kind::Prove {
                label,
                equation,
                cases,
            } => {
                let tag = state.next_tag(label.as_ref())?;
                let goal = prove(state, tag, statement.line, &equation, cases.as_ref())?;
                // A proven goal is a lemma for the goals after it.
                if let Ask::Prove { equation: e, .. } = &goal.ask {
                    let lemma = Lemma {
                        name: goal.tag.clone(),
                        equation: equation.text.clone(),
                    };
                    state.lemmas.push((lemma, e.clone()));
                }
                Entry::Goal(goal)
            }
            Kind::Solve { target, eliminate } => {
                let tag = state.next_tag(None)?;
                solve(
                    state,
                    tag,
                    statement.line,
                    &statement.source,
                    &target,
                    &eliminate,
                )?
            }
            Kind::Check(chain) => {
                let tag = state.next_tag(None)?;
                let options = crate::CheckOptions {
                    definitions: state.options.definitions.clone(),
                    assumptions: state.options.assumptions.clone(),
                    ..Default::default()
                };
                // The chain is text of the language; a backslash would make it LaTeX.
                if let Some(at) = chain.text.find('\\') {
                    return Err(chain
                        .locate(InputError::new(
                            "a sheet's `check` chain is in the text language, not LaTeX",
                            Span::new(at, at + 1),
                        ))
                        .into());
                }
                let checked =
                    crate::check::check(&chain.text, &options).map_err(|e| located(&chain, e))?;
                Entry::Goal(Goal {
                    tag,
                    line: statement.line,
                    ask: Ask::Check(chain.text.clone()),
                    body: Body::Check(checked),
                })
            }
            Kind::Conv {
                args,
                input,
                kernel,
            } => {
                let tag = state.next_tag(None)?;
                let out = conv::run(&args).map_err(|e| match e {
                    // A mistake in an operand is shown in the operand as written.
                    Error::InArgument {
                        argument: Argument::ConvInput,
                        error,
                        ..
                    } => SheetError::Input(input.locate(error)),
                    Error::InArgument {
                        argument: Argument::Kernel,
                        error,
                        ..
                    } => SheetError::Input(kernel.locate(error)),
                    other => located(&statement.source, other),
                })?;
                Entry::Goal(Goal {
                    tag,
                    line: statement.line,
                    ask: Ask::Conv,
                    body: Body::Conv(out),
                })
            }
        };
        Ok(entry)
    }
}

impl Session {
    /// The options for a goal: everything stated so far, and the lemmas proven so far
    /// except those that state `goal` itself. A sheet may prove one equation twice
    /// (by cases, then directly), and the second proof must not merely cite the first.
    fn options_for(&self, goal: Option<&Expr>) -> Options {
        let lemmas = self
            .lemmas
            .iter()
            .filter(|(_, e)| goal.is_none_or(|g| g.canonical() != e.canonical()))
            .map(|(l, _)| l.clone())
            .collect();
        Options {
            lemmas,
            ..self.options.clone()
        }
    }

    /// The next goal's tag: its label, or its number. Goals are numbered whether or
    /// not they have a label, so a label does not shift the numbers after it.
    fn next_tag(&mut self, label: Option<&Part>) -> Result<String, SheetError> {
        self.goals += 1;
        match label {
            Some(l) if self.lemmas.iter().any(|(m, _)| m.name == l.text) => Err(l
                .error(format!("the label ({}) is already taken", l.text))
                .into()),
            Some(l) => Ok(l.text.clone()),
            None => Ok(self.goals.to_string()),
        }
    }
}

fn derive(
    state: &Session,
    tag: String,
    line: usize,
    expr: &Part,
    wrt: Option<&Part>,
) -> Result<Entry, SheetError> {
    let e = parse_expr(&expr.text, &state.names).map_err(|e| expr.locate(e))?;
    if let Some(wrt) = wrt {
        let var = crate::parse_variable(&wrt.text).map_err(|e| located(wrt, e))?;
        if !state.context.depends_on(&e, &var) {
            return Err(wrt
                .error(format!("the expression does not depend on `{}`", wrt.text))
                .into());
        }
    }
    let d = crate::derive_with(
        &expr.text,
        wrt.map(|w| w.text.as_str()),
        &state.options_for(None),
    )
    .map_err(|e| located(expr, e))?;
    let asked = d.steps[0].expr.clone();
    Ok(Entry::Goal(Goal {
        tag,
        line,
        ask: Ask::Derive(asked),
        body: Body::Derivation(d),
    }))
}

fn prove(
    state: &Session,
    tag: String,
    line: usize,
    equation: &Part,
    cases: Option<&Part>,
) -> Result<Goal, SheetError> {
    let parsed = match parse_statement(&equation.text, &state.names) {
        Ok(Statement::Equation(l, r)) => expr::equation(l, r),
        Ok(Statement::Expr(_)) => {
            return Err(equation
                .error("expected an equation `lhs = rhs` to prove")
                .into())
        }
        Err(e) => return Err(equation.locate(e).into()),
    };
    let condition = cases.map(case_condition).transpose()?;
    let options = Options {
        cases: cases
            .map(|c| c.text.parse().map_err(|e| located(c, e)))
            .transpose()?,
        ..state.options_for(Some(&parsed))
    };
    match crate::prove_with(&equation.text, &options) {
        Ok(Outcome::Proven(d)) => Ok(Goal {
            tag,
            line,
            ask: Ask::Prove {
                equation: parsed,
                cases: condition,
            },
            body: Body::Derivation(d),
        }),
        Ok(Outcome::NotProven {
            lhs_reached,
            rhs_reached,
            counterexample,
        }) => {
            let what = if counterexample.is_some() {
                "is false"
            } else {
                "could not be proven"
            };
            Err(SheetError::NotProven {
                at: equation.error(format!("goal ({tag}) {what}")),
                lhs_reached: to_text(&lhs_reached),
                rhs_reached: to_text(&rhs_reached),
                counterexample: counterexample.map(Box::new),
            })
        }
        Err(e) => Err(located(equation, e)),
    }
}

fn solve(
    state: &Session,
    tag: String,
    line: usize,
    source: &Part,
    target: &Part,
    eliminate: &[Part],
) -> Result<Entry, SheetError> {
    let t = parse_expr(&target.text, &state.names).map_err(|e| target.locate(e))?;
    let mut eliminated = Vec::new();
    for v in eliminate {
        let var = crate::parse_variable(&v.text).map_err(|e| located(v, e))?;
        eliminated.push(Expr::symbol(var));
    }
    if state.givens.is_empty() {
        return Err(source
            .error("`solve` needs premises: state them with `given` before it")
            .into());
    }
    let names: Vec<String> = eliminate.iter().map(|v| v.text.clone()).collect();
    let d = crate::solve_with(
        &state.givens,
        &target.text,
        &names,
        &state.options_for(None),
    )
    .map_err(|e| located(target, e))?;
    Ok(Entry::Goal(Goal {
        tag,
        line,
        ask: Ask::Solve {
            target: t,
            eliminate: eliminated,
        },
        body: Body::Derivation(d),
    }))
}
