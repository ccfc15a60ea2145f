//! stepwise in documents, through the real tools: a two-chapter mdBook built by the
//! real `mdbook` binary, the same chapters through `stepwise render` (Markdown and
//! `--html`, the page opened in headless Chromium) and through Pandoc with the filter.
//! Every fragment the documents hold renders in KaTeX and compiles in pdflatex.

mod common;

use common::{assert_katex_renders, assert_pdflatex_compiles, doc_tool, pipe};
use std::path::{Path, PathBuf};
use std::process::Command;
use stepwise::docs::{render_markdown, DocOptions};

const BIN: &str = env!("CARGO_BIN_EXE_stepwise");
const PANDOC_BIN: &str = env!("CARGO_BIN_EXE_stepwise-pandoc");

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/documents/book/src")
        .join(name)
}

fn chapter(name: &str) -> String {
    std::fs::read_to_string(fixture(name)).expect("read the chapter")
}

const CHAPTERS: [&str; 2] = ["calculus.md", "softmax.md"];

/// The fragments the library renders for a chapter, in order: the bodies of its
/// `$$` blocks, without the indentation of a list item.
fn fragments(markdown: &str) -> Vec<String> {
    let rendered = render_markdown(markdown, &DocOptions::default(), None);
    between(&rendered.document, "$$\n", "$$")
        .iter()
        .map(|f| dedent(f))
        .collect()
}

/// `text` without the two-space indentation of a list item's lines, and trimmed.
fn dedent(text: &str) -> String {
    let lines: Vec<&str> = text
        .lines()
        .map(|l| l.strip_prefix("  ").unwrap_or(l))
        .collect();
    lines.join("\n").trim().to_string()
}

/// Every text between `open` and the next `close`.
fn between(text: &str, open: &str, close: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(open) {
        let after = &rest[i + open.len()..];
        let Some(j) = after.find(close) else { break };
        out.push(after[..j].to_string());
        rest = &after[j + close.len()..];
    }
    out
}

fn unescape_html(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Each fragment rendered by KaTeX, and all of them set by pdflatex in one document.
fn assert_fragments_render(fragments: &[String]) {
    assert_katex_renders(fragments);
    let body: Vec<String> = fragments.iter().map(|f| format!("\\[\n{f}\n\\]")).collect();
    assert_pdflatex_compiles(&stepwise::latex_document(&body.join("\n\n")));
}

#[test]
fn every_goal_kind_gives_a_fragment_that_katex_and_pdflatex_accept() {
    let all: Vec<String> = CHAPTERS
        .iter()
        .flat_map(|c| fragments(&chapter(c)))
        .collect();
    // calculus: prove, derive, derive; softmax: 3 setups, 2 proofs, 2 convolutions.
    assert_eq!(all.len(), 10, "{all:#?}");
    assert!(all
        .iter()
        .any(|f| f.contains(r"\text{case } i = j\text{:}")));
    assert!(all.iter().any(|f| f.starts_with(r"\begin{gathered}")));
    assert_fragments_render(&all);
}

#[test]
fn a_case_proof_shows_each_case_once() {
    let all = fragments(&chapter("softmax.md"));
    let cases: Vec<&String> = all.iter().filter(|f| f.contains(r"\text{case ")).collect();
    assert_eq!(cases.len(), 1);
    assert_eq!(cases[0].matches(r"\text{case } i = j\text{:}").count(), 1);
    assert_eq!(
        cases[0].matches(r"\text{case } i \neq j\text{:}").count(),
        1
    );
    // The sheet document shows the same fragment, once.
    let sheet = "let p_j = exp(x_j) / sum_k exp(x_k)\nprove d/dx_i p_j = p_j (delta_ij - p_i) cases i = j\n";
    let entries = stepwise::sheet::run(sheet).unwrap();
    let latex = stepwise::sheet::to_latex(&entries, &Default::default());
    assert_eq!(
        latex.matches(r"\text{case } i = j\text{:}").count(),
        1,
        "{latex}"
    );
    assert!(latex.contains(cases[0].as_str()));
}

#[test]
fn render_replaces_the_blocks_and_keeps_every_other_byte() {
    let src = chapter("calculus.md");
    let out = Command::new(BIN)
        .args(["render", fixture("calculus.md").to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(!md.contains("```stepwise"));
    // Every line of the source that is not inside a stepwise block is in the output,
    // in order.
    let mut in_block = false;
    let mut rest = md.as_str();
    for line in src.lines() {
        let fence = line.trim_start().starts_with("```");
        if fence {
            in_block = !in_block;
            continue;
        }
        if in_block {
            continue;
        }
        let at = rest
            .find(line)
            .unwrap_or_else(|| panic!("{line:?} is missing or out of order in\n{md}"));
        rest = &rest[at + line.len()..];
    }
    assert!(md.ends_with("\\\\ backslashes \\_ and all.\n"));
    // The list item's block stays inside the item.
    assert!(
        md.contains("- In a list item:\n\n  $$\n  \\begin{aligned}"),
        "{md}"
    );
    // The same from stdin.
    let piped = pipe(BIN, &["render", "-"], src.as_bytes());
    assert_eq!(String::from_utf8(piped.stdout).unwrap(), md);
}

#[test]
fn a_failed_goal_is_an_error_block_and_a_non_zero_exit() {
    let out = Command::new(BIN)
        .args([
            "render",
            fixture("softmax.md").to_str().unwrap(),
            "--math",
            "mathjax",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let md = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("softmax.md:33:7"), "{stderr}");
    assert!(md.contains("<div class=\"stepwise-error\" role=\"alert\">"));
    assert!(md.contains("goal (5) is false"), "{md}");
    // Everything else is still there.
    assert!(md.contains("\\\\\\[\n\\\\begin\\{aligned\\}"), "{md}");
    assert!(md.ends_with("The end.\n"));
}

#[test]
fn bad_math_options_are_refused() {
    let out = Command::new(BIN)
        .args(["render", "-", "--math", "tex"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("katex, mathjax, mathml"));
}

/// A copy of the book with `book.toml` pointing at this build of stepwise.
fn book(extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/documents/book");
    std::fs::create_dir(dir.path().join("src")).unwrap();
    for name in ["SUMMARY.md", "calculus.md", "softmax.md"] {
        std::fs::copy(
            root.join("src").join(name),
            dir.path().join("src").join(name),
        )
        .unwrap();
    }
    let toml = std::fs::read_to_string(root.join("book.toml.in"))
        .unwrap()
        .replace("@STEPWISE@", BIN);
    std::fs::write(dir.path().join("book.toml"), toml + extra).unwrap();
    dir
}

#[test]
fn mdbook_builds_the_book_with_every_proof_and_the_error_block() {
    if !doc_tool("mdbook") {
        return;
    }
    let dir = book("keep-going = true\n");
    let out = Command::new("mdbook")
        .arg("build")
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "mdbook build failed:\n{stderr}");
    assert!(stderr.contains("goal (5) is false"), "{stderr}");
    let mut all = Vec::new();
    for name in CHAPTERS {
        let html_path = dir.path().join("book").join(name.replace(".md", ".html"));
        let html = std::fs::read_to_string(html_path).unwrap();
        assert!(
            !html.contains("language-stepwise") && !html.contains("```"),
            "{html}"
        );
        // The math came through mdBook's Markdown pass unchanged: each display holds
        // exactly the library's fragment, `\\` line breaks and all.
        let shown: Vec<String> = between(&html, "\\[\n", "\n\\]")
            .iter()
            .map(|m| unescape_html(m))
            .collect();
        let expected = fragments(&chapter(name));
        assert_eq!(shown, expected, "in {name}");
        all.extend(shown);
    }
    let softmax = std::fs::read_to_string(dir.path().join("book/softmax.html")).unwrap();
    assert!(softmax.contains("class=\"stepwise-error\""));
    assert!(softmax.contains("stepwise: this proof failed"));
    assert!(
        softmax.contains("goal (5) is false at softmax.md:33:7"),
        "{softmax}"
    );
    assert_fragments_render(&all);
}

#[test]
fn mdbook_fails_the_build_on_a_false_goal_unless_told_to_keep_going() {
    if !doc_tool("mdbook") {
        return;
    }
    let dir = book("");
    let out = Command::new("mdbook")
        .arg("build")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("goal (5) is false"));
}

#[test]
fn the_preprocessor_reads_mdbook_0_4_sections_and_touches_only_content() {
    let input = serde_json::json!([
        {"root": "/b", "config": {"preprocessor": {"stepwise": {"math": "katex", "width": 40}}},
         "renderer": "html", "mdbook_version": "0.4.52"},
        {"sections": [
            {"Chapter": {"name": "A", "content": "```stepwise\nderive x^2\n```\n", "number": [1],
              "sub_items": [{"Chapter": {"name": "B", "content": "text\n", "number": [1, 1],
                "sub_items": [], "path": "b.md", "source_path": "b.md", "parent_names": ["A"]}}],
              "path": "a.md", "source_path": "a.md", "parent_names": []}},
            "Separator",
            {"PartTitle": "Part"}
        ], "__non_exhaustive": null}
    ]);
    let out = pipe(BIN, &["mdbook"], input.to_string().as_bytes());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let book: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut expected = input[1].clone();
    let a = &mut expected["sections"][0]["Chapter"]["content"];
    *a = serde_json::Value::String(format!(
        "$$\n{}\n$$\n",
        fragments("```stepwise\nderive x^2\n```\n")[0]
    ));
    assert_eq!(book, expected);
    let supports = Command::new(BIN)
        .args(["mdbook", "supports", "html"])
        .status()
        .unwrap();
    assert!(supports.success());
}

#[test]
fn bad_book_options_are_refused() {
    let input = r#"[{"config": {"preprocessor": {"stepwise": {"width": 5}}}}, {"items": []}]"#;
    let out = pipe(BIN, &["mdbook"], input.as_bytes());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("width must be a whole number"));
}

#[test]
fn pandoc_turns_the_blocks_into_display_math_for_html_and_latex() {
    if !doc_tool("pandoc") {
        return;
    }
    for name in CHAPTERS {
        let src = chapter(name);
        let ast = pipe("pandoc", &["-f", "markdown", "-t", "json"], src.as_bytes());
        assert!(ast.status.success());
        let filtered = pipe(PANDOC_BIN, &["html"], &ast.stdout);
        let failed = name == "softmax.md";
        assert_eq!(filtered.status.success(), !failed, "{name}");
        if failed {
            let stderr = String::from_utf8_lossy(&filtered.stderr);
            assert!(
                stderr.contains("goal (5) is false at stepwise block 5:1:7"),
                "{stderr}"
            );
        }
        let expected = fragments(&src);
        // HTML with MathML: one display per fragment, and the error block.
        let html = pipe(
            "pandoc",
            &["-f", "json", "-t", "html", "--mathml"],
            &filtered.stdout,
        );
        let html = String::from_utf8(html.stdout).unwrap();
        assert_eq!(
            html.matches("<math display=\"block\"").count(),
            expected.len(),
            "{html}"
        );
        assert!(!html.contains("stepwise</code>") && !html.contains("class=\"stepwise\"><code"));
        assert_eq!(html.contains("class=\"stepwise-error\""), failed);
        // LaTeX: the fragments themselves, as displays.
        let latex = pipe("pandoc", &["-f", "json", "-t", "latex"], &filtered.stdout);
        let latex = String::from_utf8(latex.stdout).unwrap();
        let shown: Vec<String> = between(&latex, "\\[", "\\]")
            .iter()
            .map(|m| dedent(m))
            .collect();
        assert_eq!(shown, expected, "in {name}");
    }
}

/// The README's recipe, word for word: `pandoc notes.md --filter stepwise-pandoc -o
/// notes.pdf`, through Pandoc's own LaTeX template and pdflatex.
#[test]
fn pandoc_makes_a_pdf_with_the_filter() {
    if !doc_tool("pandoc") || !doc_tool("pdflatex") {
        return;
    }
    let readme = include_str!("../README.md");
    assert!(readme.contains("pandoc notes.md --filter stepwise-pandoc -o notes.pdf"));
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("calculus.md"), dir.path().join("notes.md")).unwrap();
    let bin_dir = Path::new(PANDOC_BIN).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("pandoc")
        .args(["notes.md", "--filter", "stepwise-pandoc", "-o", "notes.pdf"])
        .env("PATH", path)
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = std::fs::read(dir.path().join("notes.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
}

#[test]
fn the_html_page_renders_in_chromium_with_no_math_error() {
    let out = Command::new(BIN)
        .args(["render", fixture("softmax.md").to_str().unwrap(), "--html"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    // Self-contained: no script, stylesheet or image is fetched.
    for outside in ["<script", "<link", "src=", "http://", "https://"] {
        assert!(!page.contains(outside), "the page refers to {outside}");
    }
    let expected = fragments(&chapter("softmax.md")).len();
    assert_eq!(page.matches("<math display=\"block\"").count(), expected);
    assert!(page.contains("class=\"stepwise-error\""));
    if !doc_tool("chromium") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let page_path = dir.path().join("page.html");
    std::fs::write(&page_path, &page).unwrap();
    // A copy of the page with a check at its end: every math element laid out as
    // MathML (display `block math`) with a size, and no `merror`.
    let check = page.replace(
        "</body>",
        "<script>const m=[...document.querySelectorAll('math')];\
         const bad=m.filter(e=>{const r=e.getBoundingClientRect();\
         return !(r.width>0&&r.height>0)||!getComputedStyle(e).display.includes('math')}).length;\
         const p=document.createElement('pre');p.id='check';\
         p.textContent='maths='+m.length+' bad='+bad+' merror='+document.querySelectorAll('merror').length;\
         document.body.appendChild(p);</script></body>",
    );
    let check_path = dir.path().join("check.html");
    std::fs::write(&check_path, check).unwrap();
    let chromium = |args: &[&str], target: &Path| {
        let profile = tempfile::tempdir().unwrap();
        let out = Command::new("chromium")
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .args(args)
            .arg(format!("file://{}", target.display()))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let dom = chromium(&["--dump-dom"], &check_path);
    assert!(
        dom.contains(&format!("maths={expected} bad=0 merror=0")),
        "{}",
        dom.lines()
            .filter(|l| l.contains("id=\"check\""))
            .collect::<String>()
    );
    // Tall enough for the whole page, the error block at its end included: set
    // STEPWISE_SCREENSHOT=page.png to keep the picture and look at it.
    let shot = std::env::var_os("STEPWISE_SCREENSHOT")
        .map(PathBuf::from)
        .unwrap_or_else(|| dir.path().join("page.png"));
    chromium(
        &[
            "--window-size=1200,4400",
            &format!("--screenshot={}", shot.display()),
        ],
        &page_path,
    );
    let png = std::fs::read(&shot).unwrap();
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 20_000,
        "screenshot too small"
    );
}

/// The README's recipes, run as written: `render` to Markdown and to HTML from a
/// shell, and its `book.toml` in a real book.
#[test]
fn the_readme_recipes_work() {
    let readme = include_str!("../README.md");
    let section = &readme[readme.find("## Use it in your documents").unwrap()..];
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("calculus.md"), dir.path().join("notes.md")).unwrap();
    let bin_dir = Path::new(BIN).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    for recipe in [
        "stepwise render notes.md > notes.out.md",
        "stepwise render notes.md --html > notes.html",
    ] {
        assert!(section.contains(recipe), "the README lost `{recipe}`");
        let status = Command::new("sh")
            .args(["-c", recipe])
            .env("PATH", &path)
            .current_dir(dir.path())
            .status()
            .unwrap();
        assert!(status.success(), "{recipe}");
    }
    let md = std::fs::read_to_string(dir.path().join("notes.out.md")).unwrap();
    assert_eq!(md.matches("$$\n\\begin{aligned}").count(), 2);
    let html = std::fs::read_to_string(dir.path().join("notes.html")).unwrap();
    assert_eq!(html.matches("<math display=\"block\"").count(), 3);

    if !doc_tool("mdbook") {
        return;
    }
    let toml = between(section, "```toml\n", "```").remove(0);
    let book = tempfile::tempdir().unwrap();
    std::fs::create_dir(book.path().join("src")).unwrap();
    std::fs::write(
        book.path().join("src/SUMMARY.md"),
        "# Summary\n\n- [Notes](notes.md)\n",
    )
    .unwrap();
    std::fs::copy(fixture("calculus.md"), book.path().join("src/notes.md")).unwrap();
    std::fs::write(
        book.path().join("book.toml"),
        format!("[book]\ntitle = \"Notes\"\n\n{toml}"),
    )
    .unwrap();
    let out = Command::new("mdbook")
        .arg("build")
        .env("PATH", &path)
        .current_dir(book.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = std::fs::read_to_string(book.path().join("book/notes.html")).unwrap();
    assert_eq!(page.matches("\\[\n\\begin{aligned}").count(), 3);
    assert!(page.contains("MathJax"));
}
