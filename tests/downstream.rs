//! The library as a documentation tool written in Rust would hold it: every call with
//! `?` into `Box<dyn Error>`, errors read through `Display`, no subprocess.

use std::error::Error;
use stepwise::docs::{self, DocOptions, MathTarget};
use stepwise::{CaseSplit, Options, Outcome};

#[test]
fn a_docs_tool_uses_the_library_with_question_marks() -> Result<(), Box<dyn Error>> {
    // One goal, printed in every form a tool may want.
    let d = stepwise::derive("x^2 sin(x)", "x")?;
    assert_eq!(d.result().to_string(), "2 x sin(x) + x^2 cos(x)");
    assert!(d
        .to_string()
        .contains("(product rule, power rule, derivative of sin)"));

    // Typed options, parsed from text.
    let options = Options {
        definitions: vec!["p_j = exp(x_j) / sum_k exp(x_k)".into()],
        cases: Some("i = j".parse::<CaseSplit>()?),
        ..Default::default()
    };
    let Outcome::Proven(proof) =
        stepwise::prove_with("d/dx_i p_j = p_j (delta_ij - p_i)", &options)?
    else {
        return Err("the softmax Jacobian was not proven".into());
    };
    assert!(proof.verified);

    // A sheet, and its errors as values with a position.
    let entries = stepwise::sheet::run("derive tanh(x)\nprove d/dx tanh(x) = 1 - tanh(x)^2\n")?;
    assert_eq!(entries.len(), 2);

    // A Markdown document, rendered without a subprocess.
    let math: MathTarget = "mathml".parse()?;
    let page = docs::render_markdown(
        "# Notes\n\n```stepwise\nderive sigma(x)\n```\n",
        &DocOptions {
            math,
            ..Default::default()
        },
        Some("notes.md"),
    );
    assert!(page.failures.is_empty());
    assert!(page.document.contains("<math display=\"block\""));

    // An mdBook book, as a tool that drives mdBook's protocol itself would pass it.
    let book = docs::mdbook::preprocess(
        r#"[{"config": {}}, {"items": [{"Chapter": {"name": "A", "path": "a.md",
            "content": "```stepwise\nderive x^3\n```\n", "sub_items": []}}]}]"#,
    )?;
    assert!(book.failures.is_empty());
    Ok(())
}

#[test]
fn every_failure_is_one_error_type_with_its_place() -> Result<(), Box<dyn Error>> {
    // Bad input: the message names the place in the string the caller passed.
    let err = stepwise::derive("x + tahn(x)", "x")
        .err()
        .ok_or("no error")?;
    let message = err.to_string();
    assert!(message.starts_with("unknown function `tahn`"), "{message}");
    assert!(message.ends_with(" at line 1, column 5"), "{message}");
    let stepwise::Error::Input(input) = &err else {
        return Err(format!("not an input error: {err:?}").into());
    };
    assert_eq!((input.span.start, input.span.end), (4, 8));

    // An error in a definition is placed in the definition, in the library's words.
    let options = Options {
        definitions: vec!["p_j = exp(x_j".into()],
        ..Default::default()
    };
    let err = stepwise::derive_with("p_j", Some("x_j"), &options)
        .err()
        .ok_or("no error")?;
    let message = err.to_string();
    assert!(
        message.starts_with("in the definition `p_j = exp(x_j`: "),
        "{message}"
    );
    assert!(message.contains("at line 1, column "), "{message}");
    assert!(!message.contains("--let"));

    // A mistake in a later premise, or in the target, is placed in that text.
    let premises = ["log P_i = x".to_string(), "P_i = tahn(x)".to_string()];
    let err = stepwise::solve_with(&premises, "P_i", &[], &Options::default())
        .err()
        .ok_or("no error")?;
    assert_eq!(
        err.to_string(),
        "in the premise `P_i = tahn(x)`: unknown function `tahn` \
         (to multiply, write `tahn * (...)`) at line 1, column 7"
    );
    let stepwise::Error::InArgument {
        argument: stepwise::Argument::Premise,
        error,
        ..
    } = &err
    else {
        return Err(format!("not an error in a premise: {err:?}").into());
    };
    assert_eq!((error.span.start, error.span.end), (6, 10));
    let err = stepwise::solve_with(&premises[..1], "P_+", &[], &Options::default())
        .err()
        .ok_or("no error")?;
    assert!(
        err.to_string().starts_with("in the target `P_+`: ")
            && err.to_string().ends_with(" at line 1, column 3"),
        "{err}"
    );

    // Sheets fail with the same kind of message, and `?` takes them too.
    let err = stepwise::sheet::run("derive x\nprove sin(x) = cos(x)\n")
        .err()
        .ok_or("no error")?;
    let message = err.to_string();
    assert!(
        message.starts_with("goal (2) is false at line 2, column 7 (at x = "),
        "{message}"
    );
    let one: stepwise::Error = err.clone().into();
    assert_eq!(one.to_string(), message);
    let boxed: Box<dyn Error> = Box::new(err);
    assert!(boxed.to_string().contains("the left side is"));

    // Every error type can cross threads, as `anyhow` and `Box<dyn Error + Send + Sync>`
    // require.
    fn thread_safe<E: Error + Send + Sync + 'static>() {}
    thread_safe::<stepwise::Error>();
    thread_safe::<stepwise::sheet::SheetError>();
    thread_safe::<stepwise::InputError>();

    // Options parsed from text say what is wrong.
    let err = "i".parse::<CaseSplit>().err().ok_or("no error")?;
    assert!(err.to_string().contains("two different indices"));
    let err = "tex".parse::<MathTarget>().err().ok_or("no error")?;
    assert!(matches!(err, stepwise::Error::Usage(_)));
    assert!(err.to_string().contains("katex, mathjax, mathml"));
    Ok(())
}

/// A tool's own functions can return `stepwise::Error` alone: every call's error, a
/// sheet's and an option's parsed from text included, converts into it with `?`.
fn goal_count(sheet: &str, math: &str) -> Result<usize, stepwise::Error> {
    let entries = stepwise::sheet::run(sheet)?;
    let math: MathTarget = math.parse()?;
    let cases: CaseSplit = "i = j".parse()?;
    assert_eq!(cases.to_string(), "i = j");
    let page = docs::render_markdown(
        &format!("```stepwise\n{sheet}```\n"),
        &DocOptions {
            math,
            ..Default::default()
        },
        None,
    );
    assert!(page.failures.is_empty());
    stepwise::derive("x^2", "x")?;
    Ok(entries.len())
}

#[test]
fn one_error_type_takes_every_failure() {
    assert_eq!(goal_count("derive x^3\n", "mathml").unwrap(), 1);
    let err = goal_count("prove sin(x) = cos(x)\n", "mathml").unwrap_err();
    assert!(matches!(err, stepwise::Error::Sheet(_)), "{err:?}");
    assert!(err
        .to_string()
        .starts_with("goal (1) is false at line 1, column 7"));
    let err = goal_count("derive x^3\n", "tex").unwrap_err();
    assert!(matches!(err, stepwise::Error::Usage(_)), "{err:?}");
}
