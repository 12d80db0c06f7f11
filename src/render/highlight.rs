//! Code highlighting with syntect, as CSS classes so one stylesheet serves every page.
//!
//! The syntax set is loaded on first use: a site without code blocks never pays for it, and
//! every rayon thread shares the one set.

use std::sync::LazyLock;

use syntect::html::ClassStyle;
use syntect::parsing::SyntaxSet;

use crate::render::classed::classed_html;

/// Class prefix of highlighted tokens, so theme CSS cannot clash with ours.
const CLASS_PREFIX: &str = "hl-";

/// How highlighted tokens are classed: each scope atom after [`CLASS_PREFIX`].
pub(crate) const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed {
    prefix: CLASS_PREFIX,
};

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// Escapes text for HTML element content and attribute values.
pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Renders a code block as `<pre><code>`; unknown languages fall back to escaped plain text.
pub(crate) fn highlight_block(code: &str, lang: &str) -> String {
    let lang = lang.split([' ', ',', '{']).next().unwrap_or("").trim();
    let attr = escape_html(lang);
    let body = if lang.is_empty() {
        None
    } else {
        highlight(code, lang)
    };
    match body {
        Some(html) => format!("<pre class=\"code\" data-lang=\"{attr}\"><code class=\"language-{attr}\">{html}</code></pre>\n"),
        None if lang.is_empty() => format!("<pre class=\"code\"><code>{}</code></pre>\n", escape_html(code)),
        None => format!("<pre class=\"code\" data-lang=\"{attr}\"><code class=\"language-{attr}\">{}</code></pre>\n", escape_html(code)),
    }
}

fn highlight(code: &str, lang: &str) -> Option<String> {
    let syntaxes = &*SYNTAXES;
    let syntax = syntaxes.find_syntax_by_token(lang)?;
    // A grammar failing on odd input must not fail the build: fall back to plain text.
    classed_html(code, syntax, syntaxes, CLASS_PREFIX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_languages_get_classes() {
        let html = highlight_block("fn main() {}\n", "rust");
        assert!(html.contains("hl-"), "{html}");
        assert!(html.contains("data-lang=\"rust\""), "{html}");
    }

    #[test]
    fn unknown_languages_are_plain_text() {
        let html = highlight_block("<b>x</b>\n", "nosuchlang");
        assert!(html.contains("&lt;b&gt;x&lt;/b&gt;"), "{html}");
    }
}
