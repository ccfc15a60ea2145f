//! The command line: argument parsing, output formats, exit codes. All output is
//! assembled in memory and written at once, so an error never leaves half a document.

use crate::derivation::Derivation;
use crate::engine::Outcome;
use crate::error::{Argument, Error};
use crate::print::{latex, text};
use clap::{Args, Parser, Subcommand, ValueEnum};

mod documents;

/// Exit codes: 0 done, 1 not proven, 2 bad input, 3 engine error, 4 output not written.
pub use crate::exit::{EXIT_ENGINE, EXIT_INPUT, EXIT_NOT_PROVEN, EXIT_OUTPUT};

#[derive(Parser, Debug)]
#[command(
    name = "stepwise",
    version,
    about = "Symbolic derivations as checked, step-by-step proofs in LaTeX",
    long_about = "stepwise reads mathematics as text, rewrites it with named rules \
(quotient rule, chain rule, definitions, algebra), checks every step numerically at \
random points, and prints the derivation as LaTeX, plain text or JSON.\n\n\
Exit codes: 0 success, 1 identity not proven, 2 bad input, 3 engine error.",
    after_help = "Examples:
  stepwise run --example ml-classwork
  stepwise derive 'tanh(x)' --wrt x
  stepwise prove 'd/dx tanh(x) = 1 - tanh(x)^2'
  stepwise derive 'x^3 sin(2x) / (1 + exp(-x))' --format json
  stepwise prove 'd/dx_i p_j = p_j (delta_ij - p_i)' --let 'p_j = exp(x_j) / sum_k exp(x_k)' --cases i=j
  stepwise solve P_i --given 'log P_i = w_i x + b_i - log Z' --assume 'sum_i P_i = 1' --eliminate Z
  stepwise conv --input '[[4,-2,1],[3,8,5]]' --kernel '[[2],[4],[-1]]' --padding 1,0"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Seed of the random points every step is checked at, to reproduce a run
    /// exactly (default: drawn anew on every run, or STEPWISE_SEED).
    #[arg(long, global = true, value_name = "N")]
    pub seed: Option<u64>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Differentiate an expression step by step.
    Derive {
        /// The expression, e.g. 'x^2 sin(x)'.
        #[arg(allow_hyphen_values = true)]
        expr: String,
        /// The variable to differentiate with respect to (default: the only one).
        #[arg(long, value_name = "VAR")]
        wrt: Option<String>,
        #[command(flatten)]
        defs: DefinitionArgs,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Prove an identity 'lhs = rhs' from the definitions.
    Prove {
        /// The equation, e.g. 'd/dx tanh(x) = 1 - tanh(x)^2'.
        #[arg(allow_hyphen_values = true)]
        equation: String,
        /// Prove by cases on two indices: 'i=j' proves the goal under i = j and under
        /// i != j, then combines the cases with the Kronecker delta.
        #[arg(long, value_name = "I=J")]
        cases: Option<String>,
        #[command(flatten)]
        defs: DefinitionArgs,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Derive an equation for a symbol from premises, eliminating others.
    Solve {
        /// The symbol to solve for, e.g. 'P_i'.
        target: String,
        /// A premise, repeatable, holding for every value of its free indices:
        /// 'log P_i = w_i x + b_i - log Z'.
        #[arg(long = "given", value_name = "EQUATION", required = true)]
        premises: Vec<String>,
        /// A symbol to eliminate through the assumptions, repeatable: 'Z'.
        #[arg(long, value_name = "SYMBOL")]
        eliminate: Vec<String>,
        #[command(flatten)]
        defs: DefinitionArgs,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// A convolution, computed entry by entry or written as a sparse W x = s.
    Conv {
        #[command(flatten)]
        conv: crate::conv::ConvArgs,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Run a sheet: a file of definitions, assumptions and goals, into one document.
    #[command(group = clap::ArgGroup::new("sheet").required(true).args(["file", "example"]))]
    Run {
        /// The sheet file (one statement a line: let, assume, given, derive, prove,
        /// show, solve, conv; `#` comments).
        file: Option<std::path::PathBuf>,
        /// Run a built-in example instead (see `stepwise examples`).
        #[arg(long, value_name = "NAME")]
        example: Option<String>,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Check a derivation someone wrote, step by step: a chain in the text language or
    /// LaTeX chains (aligned, align, equation, $$ ... $$). Exit 0 when every step follows
    /// or is true, 1 when a step is wrong (or cannot be confirmed), 2 for unreadable input.
    Check {
        /// The file: text (a form, then one `= form` per line) or LaTeX.
        file: std::path::PathBuf,
        #[command(flatten)]
        defs: DefinitionArgs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// List the built-in example sheets.
    Examples,
    /// Render the `stepwise` code blocks of a Markdown file (`-` for stdin) into their
    /// checked proofs; everything else is copied byte for byte.
    Render {
        /// The Markdown file, or `-` for stdin.
        file: std::path::PathBuf,
        /// How display math is written: katex ($$ blocks), mathjax (escaped \[ \] that
        /// survive a Markdown pass) or mathml.
        #[arg(long, default_value_t = crate::docs::MathTarget::Katex)]
        math: crate::docs::MathTarget,
        /// Write one self-contained HTML page instead (math as MathML, no scripts).
        #[arg(long)]
        html: bool,
        /// Line width for the proofs' LaTeX.
        #[arg(long, default_value_t = 80, value_parser = clap::value_parser!(u16).range(20..))]
        width: u16,
    },
    /// The mdBook preprocessor: book.toml `[preprocessor.stepwise] command = "stepwise mdbook"`.
    Mdbook {
        #[command(subcommand)]
        command: Option<MdbookCommand>,
    },
    /// A Pandoc JSON filter: `pandoc notes.md --filter 'stepwise pandoc' -o notes.pdf`.
    Pandoc {
        /// The output format Pandoc passes to filters (the proofs are the same for all).
        format: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum MdbookCommand {
    /// Whether the preprocessor supports a renderer (it supports all).
    Supports {
        /// The renderer's name, such as `html`.
        renderer: String,
    },
}

#[derive(Args, Debug, Clone)]
pub struct DefinitionArgs {
    /// A definition, repeatable: 'p_j = exp(x_j) / sum_k exp(x_k)', 'softplus(x) = log(1 + exp(x))'.
    #[arg(long = "let", value_name = "DEF")]
    pub definitions: Vec<String>,
    /// An assumption a step may use, repeatable: 'sum_j y_j = 1', 'x > 0', 'x != 1', 'y one-hot'.
    #[arg(long = "assume", value_name = "FACT")]
    pub assumptions: Vec<String>,
}

impl DefinitionArgs {
    fn options(&self) -> crate::Options {
        crate::Options {
            definitions: self.definitions.clone(),
            assumptions: self.assumptions.clone(),
            ..Default::default()
        }
    }
}

#[derive(Args, Debug, Clone)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Latex)]
    pub format: Format,
    /// Line width for LaTeX; longer steps break at top-level + and -.
    #[arg(long, default_value_t = 80, value_parser = clap::value_parser!(u16).range(20..))]
    pub width: u16,
    /// Wrap LaTeX in a complete document that compiles with pdflatex.
    #[arg(long)]
    pub standalone: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Latex,
    Text,
    Json,
}

/// What a command produced: text for stdout, an optional note for stderr, and the
/// exit code.
pub struct Report {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

/// Run a parsed command line. A document past the output limit is not printed.
pub fn run(cli: Cli) -> Report {
    if let Some(seed) = cli.seed {
        crate::verify::set_run_seed(seed);
    }
    let warnings = command_warnings(&cli.command);
    let report = run_command(cli);
    match crate::input_limits::check_output_size(&report.stdout) {
        Ok(()) => with_warnings(report, warnings),
        Err(msg) => Report {
            stdout: String::new(),
            stderr: format!("error: {msg}\n"),
            code: EXIT_ENGINE,
        },
    }
}

/// What `derive` and `prove` warn about (see [`crate::warnings`]).
fn command_warnings(command: &Command) -> Vec<String> {
    match command {
        Command::Derive {
            expr, wrt, defs, ..
        } => crate::input_warnings(expr, wrt.as_deref(), &defs.options()),
        Command::Prove { equation, defs, .. } => {
            crate::input_warnings(equation, None, &defs.options())
        }
        _ => Vec::new(),
    }
}

/// `report` with `warnings` first on its stderr, one a line, where it has a result
/// (a derivation, or an identity not proven): an error is the message that matters.
fn with_warnings(report: Report, warnings: Vec<String>) -> Report {
    if ![0, EXIT_NOT_PROVEN].contains(&report.code) {
        return report;
    }
    let mut stderr: String = warnings.into_iter().map(|w| w + "\n").collect();
    stderr.push_str(&report.stderr);
    Report { stderr, ..report }
}

fn run_command(cli: Cli) -> Report {
    match cli.command {
        Command::Derive {
            expr,
            wrt,
            defs,
            output,
        } => match derive(&expr, wrt.as_deref(), &defs) {
            Ok(d) => success(&d, &output),
            Err(e) => error_report(&e, &expr),
        },
        Command::Prove {
            equation,
            cases,
            defs,
            output,
        } => match cases
            .as_deref()
            .map(str::parse)
            .transpose()
            .and_then(|cases| {
                crate::prove_with(
                    &equation,
                    &crate::Options {
                        cases,
                        ..defs.options()
                    },
                )
            }) {
            Ok(Outcome::Proven(d)) => success(&d, &output),
            Ok(Outcome::NotProven {
                lhs_reached,
                rhs_reached,
                counterexample,
            }) => Report {
                stdout: String::new(),
                stderr: crate::sheet::not_proven_detail(
                    &text::to_text(&lhs_reached),
                    &text::to_text(&rhs_reached),
                    counterexample.as_ref(),
                ),
                code: EXIT_NOT_PROVEN,
            },
            Err(e) => error_report(&e, &equation),
        },
        Command::Run {
            file,
            example,
            output,
        } => run_sheet(file.as_deref(), example.as_deref(), &output),
        Command::Check { file, defs, format } => check_file(&file, &defs, format),
        Command::Examples => {
            let width = crate::sheet::EXAMPLES.iter().map(|e| e.name.len()).max();
            let lines: Vec<String> = crate::sheet::EXAMPLES
                .iter()
                .map(|e| {
                    format!(
                        "{:width$}  {}\n",
                        e.name,
                        e.description,
                        width = width.unwrap_or(0)
                    )
                })
                .collect();
            Report {
                stdout: lines.concat(),
                stderr: String::new(),
                code: 0,
            }
        }
        Command::Render {
            file,
            math,
            html,
            width,
        } => documents::render(&file, math, html, width),
        Command::Mdbook { command: None } => documents::mdbook(),
        Command::Mdbook {
            command: Some(MdbookCommand::Supports { renderer }),
        } => Report {
            stdout: String::new(),
            stderr: String::new(),
            code: if crate::docs::mdbook::supports(&renderer) {
                0
            } else {
                1
            },
        },
        Command::Pandoc { format: _ } => documents::pandoc(),
        Command::Solve {
            target,
            premises,
            eliminate,
            defs,
            output,
        } => match crate::solve_with(&premises, &target, &eliminate, &defs.options()) {
            Ok(d) => success(&d, &output),
            // A mistake in a premise or the target names its own text.
            Err(e) => error_report(&e, ""),
        },
        Command::Conv { conv, output } => match crate::conv::run(&conv) {
            Ok(out) => Report {
                stdout: with_newline(match output.format {
                    Format::Latex => out.to_latex(output.standalone),
                    Format::Text => out.to_text(),
                    Format::Json => {
                        serde_json::to_string_pretty(&out.to_json()).expect("JSON values serialize")
                    }
                }),
                stderr: String::new(),
                code: 0,
            },
            Err(e) => error_report(&e, ""),
        },
    }
}

/// `stepwise run`: read the sheet, run it, and print it whole, or only the error.
fn run_sheet(file: Option<&std::path::Path>, example: Option<&str>, output: &OutputArgs) -> Report {
    let (origin, source) = match (file, example) {
        (_, Some(name)) => match crate::sheet::example(name) {
            Some(e) => (e.path.to_string(), e.source.to_string()),
            None => {
                let known: Vec<&str> = crate::sheet::EXAMPLES.iter().map(|e| e.name).collect();
                return error_report(
                    &Error::Usage(format!(
                        "no example `{name}`; the examples are: {}",
                        known.join(", ")
                    )),
                    "",
                );
            }
        },
        (Some(path), None) => match crate::input_limits::read_sheet(path) {
            Ok(s) => (path.display().to_string(), s),
            Err(e) => {
                return error_report(
                    &Error::Usage(format!("cannot read {}: {e}", path.display())),
                    "",
                )
            }
        },
        (None, None) => unreachable!("clap requires a file or --example"),
    };
    let entries = match crate::sheet::run(&source) {
        Ok(entries) => entries,
        Err(e) => return sheet_error_report(&e, &source, &origin),
    };
    let stdout = match output.format {
        Format::Latex => crate::sheet::to_latex(
            &entries,
            &latex::LatexOptions {
                width: usize::from(output.width),
                standalone: output.standalone,
            },
        ),
        Format::Text => crate::sheet::to_text(&entries),
        Format::Json => with_newline(
            serde_json::to_string_pretty(&crate::sheet::to_json(&entries))
                .expect("JSON values serialize"),
        ),
    };
    let unchecked = entries.iter().any(|e| match e {
        crate::sheet::Entry::Goal(g) => match &g.body {
            crate::sheet::Body::Derivation(d) => !d.verified,
            crate::sheet::Body::Conv(c) => !c.verified,
            crate::sheet::Body::Check(_) => false,
        },
        crate::sheet::Entry::Setup(_) => false,
    });
    // A `check` is printed with its verdicts; one that does not hold sets the exit code.
    let checks_hold = entries.iter().all(|e| match e {
        crate::sheet::Entry::Goal(g) => match &g.body {
            crate::sheet::Body::Check(c) => c.exit_code() == 0,
            _ => true,
        },
        crate::sheet::Entry::Setup(_) => true,
    });
    Report {
        stdout,
        stderr: if unchecked {
            UNCHECKED_WARNING.to_string()
        } else {
            String::new()
        },
        code: if checks_hold { 0 } else { EXIT_NOT_PROVEN },
    }
}

/// `stepwise check`: every step of the file's chains with its verdict.
fn check_file(path: &std::path::Path, defs: &DefinitionArgs, format: Format) -> Report {
    let source = match std::fs::read_to_string(path) {
        Ok(s) => s,
        Err(e) => {
            return error_report(
                &Error::Usage(format!("cannot read {}: {e}", path.display())),
                "",
            )
        }
    };
    let options = crate::check::CheckOptions {
        definitions: defs.definitions.clone(),
        assumptions: defs.assumptions.clone(),
        ..Default::default()
    };
    let checked = match crate::check::check(&source, &options) {
        Ok(c) => c,
        Err(Error::Input(ie)) => {
            return Report {
                stdout: String::new(),
                stderr: ie.render(&source, Some(&path.display().to_string())) + "\n",
                code: EXIT_INPUT,
            }
        }
        Err(e) => return error_report(&e, &source),
    };
    let stdout = match format {
        Format::Text => crate::check::report::to_text(&checked),
        Format::Latex => crate::check::report::to_latex(&checked),
        Format::Json => with_newline(
            serde_json::to_string_pretty(&crate::check::report::to_json(&checked))
                .expect("JSON values serialize"),
        ),
    };
    Report {
        stdout,
        stderr: String::new(),
        code: checked.exit_code(),
    }
}

/// A failed sheet: the place in the file with a caret, and the exit code of its kind.
fn sheet_error_report(e: &crate::sheet::SheetError, source: &str, origin: &str) -> Report {
    Report {
        stdout: String::new(),
        stderr: e.report(source, Some(origin)),
        code: sheet_error_code(e),
    }
}

/// The exit code for a failed sheet statement.
fn sheet_error_code(e: &crate::sheet::SheetError) -> i32 {
    use crate::sheet::SheetError;
    match e {
        SheetError::Input(_) => EXIT_INPUT,
        SheetError::NotProven { .. } => EXIT_NOT_PROVEN,
        SheetError::Engine(_) => EXIT_ENGINE,
        SheetError::NotSolved(_) => EXIT_NOT_PROVEN,
    }
}

fn with_newline(mut s: String) -> String {
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s
}

fn derive(expr: &str, wrt: Option<&str>, defs: &DefinitionArgs) -> Result<Derivation, Error> {
    crate::derive_with(expr, wrt, &defs.options())
}

fn render(d: &Derivation, output: &OutputArgs) -> String {
    with_newline(match output.format {
        Format::Latex => d.to_latex_with(&latex::LatexOptions {
            width: usize::from(output.width),
            standalone: output.standalone,
        }),
        Format::Text => d.to_text(),
        Format::Json => serde_json::to_string_pretty(&d.to_json()).expect("JSON values serialize"),
    })
}

const UNCHECKED_WARNING: &str = "warning: some steps could not be checked numerically (too few points where both sides are defined)\n";

/// The rendered derivation, with a warning when a step could not be checked.
fn success(d: &Derivation, output: &OutputArgs) -> Report {
    let stderr = if d.verified {
        String::new()
    } else {
        UNCHECKED_WARNING.to_string()
    };
    Report {
        stdout: render(d, output),
        stderr,
        code: 0,
    }
}

/// The message for an error, with a caret under the place for input errors.
pub fn error_report(e: &Error, source: &str) -> Report {
    let (stderr, code) = match e {
        Error::Input(ie) => (ie.render(source, None), EXIT_INPUT),
        Error::Usage(msg) => (format!("error: {msg}"), EXIT_INPUT),
        Error::InArgument {
            argument,
            source_text,
            error,
        } => (error.render(source_text, flag(*argument)), EXIT_INPUT),
        Error::StepCheckFailed { .. } | Error::Limit(_) => (format!("error: {e}"), EXIT_ENGINE),
        Error::NotSolved { .. } => (format!("error: {e}"), EXIT_NOT_PROVEN),
        Error::Sheet(sheet) => (format!("error: {sheet}"), sheet_error_code(sheet)),
    };
    Report {
        stdout: String::new(),
        stderr: stderr + "\n",
        code,
    }
}

/// The command-line flag that carries a text the library names, for the place of an
/// error in it (`--let:1:7`); `None` for the positional TARGET of `solve`, whose
/// place is a plain line and column.
fn flag(argument: Argument) -> Option<&'static str> {
    match argument {
        Argument::Definition => Some("--let"),
        Argument::Assumption => Some("--assume"),
        // Lemmas come from a sheet's proven goals; the command line takes none.
        Argument::Lemma => Some("lemma"),
        Argument::Premise => Some("--given"),
        Argument::Target => None,
        Argument::ConvInput => Some("--input"),
        Argument::Kernel => Some("--kernel"),
    }
}
