//! URLs written by authors (a case study's `sources`, links in Markdown bodies) may only use
//! schemes that navigate: `http`, `https`, `mailto`, or none (a relative URL). Anything else
//! (`javascript:`, `data:`, `vbscript:`, `file:`...) would run or open something in the
//! reader's browser from a page that looks like a citation, so it is refused with its position.
//!
//! The scheme is read the way browsers read it (the WHATWG URL standard, through the `url`
//! crate): leading spaces and control characters are dropped, tabs and newlines inside are
//! removed, case is ignored. `" JaVa\tScRiPt:alert(1)"` is therefore `javascript:`, as a
//! browser would run it.

use std::path::Path;

use crate::error::Diagnostic;
use crate::load::fields::Fields;
use crate::load::kinds::SourceLink;
use crate::markdown::Outline;

/// Schemes an author's URL may use.
pub(crate) const ALLOWED_SCHEMES: &[&str] = &["http", "https", "mailto"];

/// Why a URL is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum BadUrl {
    /// It uses a scheme outside [`ALLOWED_SCHEMES`] (lower-cased, as a browser reads it).
    Scheme(String),
    /// It has an allowed scheme but is not a URL (`http://` with no host, a bad port...).
    Malformed(String),
}

impl BadUrl {
    /// The message, naming the URL as written.
    fn message(&self, url: &str, what: &str) -> String {
        match self {
            BadUrl::Scheme(scheme) => format!(
                "{what} `{}` uses the scheme `{scheme}:`, which cmbook refuses",
                url.escape_debug()
            ),
            BadUrl::Malformed(reason) => {
                format!(
                    "{what} `{}` is not a valid URL ({reason})",
                    url.escape_debug()
                )
            }
        }
    }
}

/// Checks `url` against [`ALLOWED_SCHEMES`]; a URL without a scheme (`/a/`, `../b`, `#c`,
/// `//host/x`, `@/page.md`) is relative and accepted.
pub(crate) fn check(url: &str) -> Result<(), BadUrl> {
    match url::Url::parse(url) {
        Ok(parsed) if ALLOWED_SCHEMES.contains(&parsed.scheme()) => Ok(()),
        Ok(parsed) => Err(BadUrl::Scheme(parsed.scheme().to_owned())),
        Err(url::ParseError::RelativeUrlWithoutBase) => Ok(()),
        Err(reason) => Err(BadUrl::Malformed(reason.to_string())),
    }
}

const HELP: &str = "write an http:// or https:// address, a mailto: address, or a path of this \
                    site; links that run code (javascript:, data:, vbscript:) are refused";

/// The 1-based (line, column) of `needle` at or after line `from` of `text`, columns counted in
/// characters; `None` when it is not written as is (an escaped YAML string).
fn locate(text: &str, from: usize, needle: &str) -> Option<(usize, usize)> {
    if needle.is_empty() {
        return None;
    }
    text.lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .find_map(|(n, line)| {
            line.find(needle)
                .map(|at| (n + 1, line[..at].chars().count() + 1))
        })
}

/// Reports every source of a case study whose URL is refused, at the line and column of the
/// URL when it is written as is (else at the `sources` key).
pub(crate) fn check_sources(fields: &mut Fields<'_>, sources: &[SourceLink]) {
    let (shown, text) = fields.file();
    let key_line = fields.line_of("sources");
    let mut from = key_line;
    for source in sources {
        // As written, or escaped the way YAML's double quotes escape it (`\t`, `\n`).
        let found = locate(text, from, &source.url)
            .or_else(|| locate(text, from, &source.url.escape_debug().to_string()));
        if let Some((line, _)) = found {
            // The next source is written after this one: two equal URLs get their own lines.
            from = line;
        }
        if let Err(bad) = check(&source.url) {
            let (line, column) = found.unwrap_or((key_line, 1));
            fields.problems.push(
                Diagnostic::error(shown, bad.message(&source.url, "source URL"))
                    .at_in(text, line, column)
                    .help(HELP),
            );
        }
    }
}

/// Reports every link of a Markdown body (`[x](url)`, `<url>`) whose URL is refused.
pub(crate) fn check_body_links(
    outline: &Outline,
    shown: &Path,
    text: &str,
    problems: &mut Vec<Diagnostic>,
) {
    for link in &outline.links {
        if let Err(bad) = check(&link.dest) {
            problems.push(
                Diagnostic::error(shown, bad.message(&link.dest, "link"))
                    .at_in(text, link.line, link.column)
                    .help(HELP),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn navigating_and_relative_urls_pass() {
        for good in [
            "https://example.org/a?b#c",
            "http://example.org",
            "HTTPS://EXAMPLE.ORG/",
            "mailto:cm@example.org",
            "/metier/veille/",
            "../autre/",
            "page.html",
            "#ancre",
            "//example.org/x",
            "@/guide/crise.md#le-plan",
            "?page=2",
        ] {
            assert_eq!(check(good), Ok(()), "{good}");
        }
    }

    #[test]
    fn schemes_that_run_code_are_refused_however_written() {
        for (bad, scheme) in [
            ("javascript:alert(3)", "javascript"),
            ("JaVaScRiPt:alert(3)", "javascript"),
            ("  javascript:alert(3)", "javascript"),
            ("\u{1}javascript:alert(3)", "javascript"),
            ("java\tscript:alert(3)", "javascript"),
            ("java\nscript:alert(3)", "javascript"),
            ("jav\r\nascript:alert(3)", "javascript"),
            ("data:text/html,<script>alert(1)</script>", "data"),
            ("vbscript:msgbox(1)", "vbscript"),
            ("file:///etc/passwd", "file"),
        ] {
            assert_eq!(check(bad), Err(BadUrl::Scheme(scheme.into())), "{bad:?}");
        }
    }

    #[test]
    fn an_allowed_scheme_must_still_be_a_url() {
        assert!(matches!(check("http://"), Err(BadUrl::Malformed(_))));
        assert!(matches!(
            check("https://example.org:99999/"),
            Err(BadUrl::Malformed(_))
        ));
    }

    #[test]
    fn urls_are_found_on_their_own_line() {
        let text = "---\nsources:\n  - {title: A, url: \"x:1\"}\n  - {title: B, url: \"x:1\"}\n";
        assert_eq!(locate(text, 2, "x:1"), Some((3, 22)));
        assert_eq!(locate(text, 4, "x:1"), Some((4, 22)));
        assert_eq!(locate(text, 2, "absent"), None);
    }
}
