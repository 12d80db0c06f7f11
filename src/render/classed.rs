//! Highlighted lines as HTML spans with classes: the text syntect's `ClassedHTMLGenerator`
//! writes, with each scope's opening tag made once per thread.
//!
//! syntect builds the class list of a scope anew on every push, under a global mutex shared
//! by every thread (the scope repository): 3 % of a 1,000-page build's instructions
//! (callgrind) went to `line_tokens_to_classed_spans` alone. A handbook uses a few hundred
//! scopes; their tags are kept in a thread-local map instead, and writing takes 1.6 %. Tests
//! compare the output with syntect's generator.

use std::cell::RefCell;

use rustc_hash::FxHashMap;
use syntect::parsing::{
    BasicScopeStackOp, ParseState, Scope, ScopeStack, ScopeStackOp, SyntaxReference, SyntaxSet,
};
use syntect::util::LinesWithEndings;

thread_local! {
    /// Per scope, its opening tag (`<span class="hl-source hl-rust">`).
    static OPENING_TAGS: RefCell<FxHashMap<Scope, Box<str>>> = RefCell::new(FxHashMap::default());
}

/// `code` highlighted as `syntax`, one class per scope atom, each written after `prefix`
/// (syntect's `ClassStyle::SpacedPrefixed`); `None` when the grammar fails on it.
pub fn classed_html(
    code: &str,
    syntax: &SyntaxReference,
    syntaxes: &SyntaxSet,
    prefix: &str,
) -> Option<String> {
    let mut state = ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    let mut html = String::with_capacity(code.len() * 3);
    let mut open_spans: isize = 0;
    OPENING_TAGS.with(|tags| {
        let tags = &mut tags.borrow_mut();
        for line in LinesWithEndings::from(code) {
            let ops = state.parse_line(line, syntaxes).ok()?;
            open_spans += write_line(&mut html, line, &ops, &mut stack, tags, prefix).ok()?;
        }
        Some(())
    })?;
    for _ in 0..open_spans {
        html.push_str("</span>");
    }
    Some(html)
}

/// One line's tokens, as syntect's `line_tokens_to_classed_spans` writes them (a span opened
/// and closed around no text is left out); returns the change in open spans.
fn write_line(
    out: &mut String,
    line: &str,
    ops: &[(usize, ScopeStackOp)],
    stack: &mut ScopeStack,
    tags: &mut FxHashMap<Scope, Box<str>>,
    prefix: &str,
) -> Result<isize, syntect::parsing::ScopeError> {
    let mut written = 0;
    let mut delta = 0;
    let mut span_empty = false;
    let mut span_start = 0;
    for &(i, ref op) in ops {
        if i > written {
            span_empty = false;
            push_escaped(out, &line[written..i]);
            written = i;
        }
        stack.apply_with_hook(op, |basic, _| match basic {
            BasicScopeStackOp::Push(scope) => {
                span_start = out.len();
                span_empty = true;
                out.push_str(
                    tags.entry(scope)
                        .or_insert_with(|| opening_tag(scope, prefix)),
                );
                delta += 1;
            }
            BasicScopeStackOp::Pop => {
                if span_empty {
                    out.truncate(span_start);
                } else {
                    out.push_str("</span>");
                }
                delta -= 1;
                span_empty = false;
            }
        })?;
    }
    push_escaped(out, &line[written..]);
    Ok(delta)
}

/// `<span class="…">` for `scope`: one class per atom, as syntect writes it.
fn opening_tag(scope: Scope, prefix: &str) -> Box<str> {
    let mut tag = String::from("<span class=\"");
    let text = scope.build_string();
    let atoms = text.split('.').take(scope.len() as usize);
    for (n, atom) in atoms.enumerate() {
        if n > 0 {
            tag.push(' ');
        }
        tag.push_str(prefix);
        tag.push_str(atom);
    }
    tag.push_str("\">");
    tag.into()
}

/// `text` escaped as syntect escapes code (`<`, `>`, `&`, `'`, `"`), runs of other bytes copied
/// at once.
fn push_escaped(out: &mut String, text: &str) {
    let mut last = 0;
    for (i, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'&' => "&amp;",
            b'\'' => "&#39;",
            b'"' => "&quot;",
            _ => continue,
        };
        out.push_str(&text[last..i]);
        out.push_str(entity);
        last = i + 1;
    }
    out.push_str(&text[last..]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use syntect::html::{ClassStyle, ClassedHTMLGenerator};

    /// syntect's own generator, as cmbook used it before.
    fn syntect_html(code: &str, syntax: &SyntaxReference, syntaxes: &SyntaxSet) -> String {
        let style = ClassStyle::SpacedPrefixed { prefix: "hl-" };
        let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes, style);
        for line in LinesWithEndings::from(code) {
            generator
                .parse_html_for_line_which_includes_newline(line)
                .unwrap();
        }
        generator.finalize()
    }

    #[test]
    fn lines_are_written_as_syntect_writes_them() {
        let syntaxes = SyntaxSet::load_defaults_newlines();
        let samples = [
            (
                "rust",
                "/// Doc <b>&'\"\nfn main() {\n    let s = \"a<b>\"; // x & y\n}\n",
            ),
            (
                "python",
                "def f(x):\n    return x < 2 and 'é' != \"\\\"\"\n\n\n# fin\n",
            ),
            ("js", "const a = `t ${b}`;\nif (a && b) { /* c */ }\n"),
            ("yaml", "title: \"Un <titre>\"\nliste:\n  - a\n  - 'b'\n"),
            ("bash", "for f in *.md; do echo \"$f\" > /dev/null; done\n"),
            (
                "html",
                "<!doctype html>\n<p class=\"x\">a &amp; b</p>\n<script>let a = 1 < 2;</script>\n",
            ),
            ("css", ".a > .b::after { content: \"<\"; }\n"),
            ("json", "{\"a\": [1, 2.5, true, null], \"b\": \"<&>\"}\n"),
            ("md", "# Titre\n\n- [ ] tâche\n\n```rust\nlet a = 1;\n```\n"),
            ("rust", "fn unclosed() {\n    let s = \"no end\n"),
            ("rust", ""),
        ];
        for (lang, code) in samples {
            let syntax = syntaxes.find_syntax_by_token(lang).unwrap();
            let ours = classed_html(code, syntax, &syntaxes, "hl-").unwrap();
            assert_eq!(
                ours,
                syntect_html(code, syntax, &syntaxes),
                "{lang}: {code:?}"
            );
        }
    }

    #[test]
    fn text_is_escaped_as_syntect_escapes_it() {
        let mut out = String::new();
        push_escaped(&mut out, "a<b>&'\"é€ z");
        assert_eq!(out, "a&lt;b&gt;&amp;&#39;&quot;é€ z");
    }
}
