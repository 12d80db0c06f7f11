//! The floor for a build of a cmbook site: the least work any generator must do on the same
//! files, to compare cmbook's build time with.
//!
//! `cargo run --release --example floor -- SITE_DIR OUT_DIR [--syntect-spans]`
//!
//! Walks `SITE_DIR/content/`, cuts off each file's front matter (without parsing it), renders the
//! Markdown with pulldown-cmark (tables, footnotes, strikethrough, task lists), highlights fenced
//! code with syntect (CSS classes, the default syntaxes; the spans written by cmbook's own
//! writer, `cmbook::render::classed`, which is faster than syntect's, so no ratio counts cmbook
//! beating the floor at the floor's own job; with `--syntect-spans`, syntect's
//! `ClassedHTMLGenerator`, the floor of a generator using syntect as it comes) and writes each file to
//! `OUT_DIR/<path>/index.html`, in parallel with rayon, with cmbook's allocator. Nothing else: no
//! templates, no links, no taxonomies, no checks.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use pulldown_cmark::{html, CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};
use rayon::prelude::*;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

// The allocator cmbook uses (with the crate's `override` feature, it also serves oniguruma's
// malloc): the floor must not pay for an allocator cmbook does not use (glibc's made this floor
// 1.11x slower).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// The body after the front matter: everything after the line of the second `---`.
fn body(text: &str) -> &str {
    let Some(rest) = text.strip_prefix("---") else {
        return text;
    };
    match rest.find("\n---") {
        Some(end) => {
            let after = &rest[end + 4..];
            after.find('\n').map_or("", |nl| &after[nl + 1..])
        }
        None => text,
    }
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    html::push_html(
        &mut out,
        std::iter::once(Event::Text(CowStr::Borrowed(text))),
    );
    out
}

/// Whether spans are written by syntect's `ClassedHTMLGenerator` (`--syntect-spans`) instead
/// of cmbook's writer.
static SYNTECT_SPANS: std::sync::OnceLock<bool> = std::sync::OnceLock::new();

/// A code block as `<pre><code>`, with classes where syntect knows the language.
fn code_block(code: &str, info: &str) -> String {
    let lang = info.split([' ', ',', '{']).next().unwrap_or("").trim();
    let highlighted = SYNTAXES.find_syntax_by_token(lang).and_then(|syntax| {
        if SYNTECT_SPANS.get() != Some(&true) {
            return cmbook::render::classed::classed_html(code, syntax, &SYNTAXES, "hl-");
        }
        let mut generator = ClassedHTMLGenerator::new_with_class_style(
            syntax,
            &SYNTAXES,
            ClassStyle::SpacedPrefixed { prefix: "hl-" },
        );
        for line in LinesWithEndings::from(code) {
            generator
                .parse_html_for_line_which_includes_newline(line)
                .ok()?;
        }
        Some(generator.finalize())
    });
    let html = highlighted.unwrap_or_else(|| escape(code));
    format!(
        "<pre><code class=\"language-{}\">{html}</code></pre>\n",
        escape(lang)
    )
}

/// Markdown to HTML, fenced code highlighted.
fn render(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    let mut events = Vec::new();
    let mut code: Option<(String, String)> = None;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))) => {
                code = Some((lang.to_string(), String::new()));
            }
            Event::Text(text) if code.is_some() => {
                if let Some((_, buffer)) = code.as_mut() {
                    buffer.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) if code.is_some() => {
                if let Some((lang, buffer)) = code.take() {
                    events.push(Event::Html(code_block(&buffer, &lang).into()));
                }
            }
            other => events.push(other),
        }
    }
    let mut out = String::with_capacity(markdown.len() * 2);
    html::push_html(&mut out, events.into_iter());
    out
}

/// `s0/p1.md` → `s0/p1/index.html`; `s0/_index.md` → `s0/index.html`.
fn output_path(out: &Path, rel: &Path) -> PathBuf {
    let dir = if rel.file_name().is_some_and(|n| n == "_index.md") {
        rel.parent().map(Path::to_path_buf).unwrap_or_default()
    } else {
        rel.with_extension("")
    };
    out.join(dir).join("index.html")
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (site, out) = match args.as_slice() {
        [site, out] => (site, out),
        [site, out, flag] if flag == "--syntect-spans" => {
            SYNTECT_SPANS.get_or_init(|| true);
            (site, out)
        }
        // The default since 2026-12-07; accepted so older command lines still run.
        [site, out, flag] if flag == "--cmbook-spans" => (site, out),
        _ => {
            eprintln!("usage: floor SITE_DIR OUT_DIR [--syntect-spans]");
            std::process::exit(2);
        }
    };
    let content = Path::new(site).join("content");
    let out = Path::new(out);
    let files: Vec<PathBuf> = walkdir::WalkDir::new(&content)
        .into_iter()
        .map(|entry| entry.expect("walk content/"))
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(walkdir::DirEntry::into_path)
        .collect();
    files.par_iter().for_each(|path| {
        let text = std::fs::read_to_string(path).expect("read a Markdown file");
        let html = render(body(&text));
        let rel = path.strip_prefix(&content).expect("under content/");
        let target = output_path(out, rel);
        std::fs::create_dir_all(target.parent().expect("has a parent")).expect("create folder");
        std::fs::write(&target, html).expect("write a page");
    });
    eprintln!(
        "floor: {} Markdown files rendered into {}",
        files.len(),
        out.display()
    );
}
