//! Lints on the rendered HTML, for what only the theme and the content together decide: two
//! pages sharing one `<title>` (paginated lists included), and a heading id the template
//! already uses on the page (`{#page-title}`), which makes the HTML invalid.

use std::collections::HashMap;
use std::path::PathBuf;

use memchr::memmem;

use super::{key_line, warn};
use crate::error::Diagnostic;
use crate::load::SourceFile;
use crate::markdown::Outline;
use crate::render::{Content, Output};
use crate::resolve::Site;

/// What rendered one list or page URL: the file whose text it shows, and the template.
struct Origin<'a> {
    source: Option<(&'a SourceFile, &'a Outline)>,
    template: &'static str,
    /// A page's title comes from its front matter, already compared by `duplicate_titles`.
    is_page: bool,
}

/// The lints of this module, over one map of what rendered each URL.
pub(super) fn lint(site: &Site, outputs: &[Output], out: &mut Vec<Diagnostic>) {
    let origins = origins(site);
    duplicate_rendered_titles(site, &origins, outputs, out);
    ids_taken_by_the_template(&origins, outputs, out);
}

/// Every URL path the templates render (pages, sections, taxonomies, terms) with its origin.
fn origins(site: &Site) -> HashMap<&str, Origin<'_>> {
    let mut all = HashMap::new();
    for page in &site.pages {
        let origin = Origin {
            source: Some((&page.source.file, &page.source.outline)),
            template: page.source.front.kind.template(),
            is_page: true,
        };
        all.insert(page.path.as_str(), origin);
    }
    for (i, section) in site.sections.iter().enumerate() {
        let origin = Origin {
            source: section.source.as_ref().map(|s| (&s.file, &s.outline)),
            template: if i == 0 { "index.html" } else { "section.html" },
            is_page: false,
        };
        all.insert(section.path.as_str(), origin);
    }
    for taxonomy in &site.taxonomies {
        let origin = Origin {
            source: taxonomy.index.as_ref().map(|s| (&s.file, &s.outline)),
            template: "taxonomy_list.html",
            is_page: false,
        };
        all.insert(taxonomy.path.as_str(), origin);
        for term in &taxonomy.terms {
            let origin = Origin {
                source: term.source.as_ref().map(|s| (&s.file, &s.outline)),
                template: "taxonomy_term.html",
                is_page: false,
            };
            all.insert(term.path.as_str(), origin);
        }
    }
    all
}

/// The URL path of an HTML output and its list page number: `tags/a/page/2/index.html` is
/// (`tags/a/`, 2), `guide/index.html` is (`guide/`, 1).
fn list_page(file: &str) -> Option<(&str, usize)> {
    let path = file.strip_suffix("index.html")?;
    let paged = path
        .strip_suffix('/')
        .and_then(|p| p.rsplit_once("page/"))
        .filter(|(list, _)| list.is_empty() || list.ends_with('/'))
        .and_then(|(list, n)| Some((list, n.parse::<usize>().ok()?)))
        .filter(|&(_, n)| n > 1);
    Some(paged.unwrap_or((path, 1)))
}

/// Each HTML output the templates rendered: its URL path, list page number, origin and bytes.
/// Redirects, `404.html` and files that are not HTML have no origin and are left out.
fn rendered<'s, 'o>(
    origins: &'o HashMap<&'s str, Origin<'s>>,
    outputs: &'o [Output],
) -> impl Iterator<Item = (&'o str, usize, &'o Origin<'s>, &'o [u8])> {
    outputs.iter().filter_map(move |o| {
        let Content::Bytes(bytes) = &o.content else {
            return None;
        };
        let (path, n) = list_page(&o.path)?;
        // A page may itself live at `…/page/2/`: its own URL wins over a list page's.
        let whole = o.path.strip_suffix("index.html").unwrap_or(&o.path);
        let (path, n) = if origins.contains_key(whole) {
            (whole, 1)
        } else {
            (path, n)
        };
        let origin = origins.get(path)?;
        Some((path, n, origin, bytes.as_slice()))
    })
}

/// The text of the first `<title>` of `html`.
fn title_of(html: &[u8]) -> Option<&str> {
    let start = memmem::find(html, b"<title>")? + "<title>".len();
    let len = memmem::find(&html[start..], b"</title>")?;
    std::str::from_utf8(&html[start..start + len])
        .ok()
        .map(str::trim)
}

/// How a list page is named in messages: `tags/a/` or `tags/a/page/2/`.
fn shown_url(path: &str, n: usize) -> String {
    let path = if path.is_empty() { "/" } else { path };
    match n {
        1 => path.to_owned(),
        n => format!("{}page/{n}/", path.trim_start_matches('/')),
    }
}

/// Where the template named `name` comes from, as shown in messages.
fn template_origin(site: &Site, name: &str) -> PathBuf {
    site.theme
        .templates
        .iter()
        .find(|t| t.name == name)
        .map_or_else(|| PathBuf::from(name), |t| t.origin.clone())
}

/// Two rendered pages with one `<title>`, other than two pages whose front matter gives them
/// the same title (reported with the title's line by `duplicate_titles`).
fn duplicate_rendered_titles(
    site: &Site,
    origins: &HashMap<&str, Origin<'_>>,
    outputs: &[Output],
    out: &mut Vec<Diagnostic>,
) {
    let mut seen: HashMap<&str, (String, bool)> = HashMap::new();
    let mut found: Vec<_> = rendered(origins, outputs).collect();
    // Outputs come in render order; compare list pages in URL order so page 1 comes first.
    found.sort_by_key(|&(path, n, _, _)| (path, n));
    for (path, n, origin, html) in found {
        let Some(title) = title_of(html) else {
            continue;
        };
        let here = shown_url(path, n);
        let is_page = origin.is_page && n == 1;
        let Some((first, first_is_page)) = seen.get(title) else {
            seen.insert(title, (here, is_page));
            continue;
        };
        if is_page && *first_is_page {
            continue;
        }
        let message = format!("the <title> of {here} is also the title of {first}: `{title}`");
        let diagnostic = match origin.source.filter(|_| n == 1) {
            Some((file, _)) => {
                let line = key_line(&file.text, "title").unwrap_or(1);
                warn(
                    file,
                    line,
                    1,
                    message,
                    "give each page its own title so readers and search results can tell them apart",
                )
            }
            None => Diagnostic::warning(template_origin(site, origin.template), message).help(
                match n {
                    1 => "give this page its own title in its file's front matter or in the template",
                    _ => "number list pages after the first in the template's <title>, e.g. with `paginator.current_index`",
                },
            ),
        };
        out.push(diagnostic);
    }
}

/// Every value of an ` id="…"` attribute in `html`, with how many elements carry it.
fn id_counts(html: &[u8]) -> HashMap<&[u8], usize> {
    let mut counts = HashMap::new();
    for at in memmem::find_iter(html, b" id=\"") {
        let start = at + " id=\"".len();
        let Some(len) = memchr::memchr(b'"', &html[start..]) else {
            continue;
        };
        *counts.entry(&html[start..start + len]).or_insert(0) += 1;
    }
    counts
}

/// A heading whose id another element of the built page has too (the template's `page-title`,
/// `contenu`...): the HTML is invalid and links to `#id` reach only the first of them.
/// Only the first list page of a section or term shows its text, so only it is looked at.
fn ids_taken_by_the_template(
    origins: &HashMap<&str, Origin<'_>>,
    outputs: &[Output],
    out: &mut Vec<Diagnostic>,
) {
    for (_, n, origin, html) in rendered(origins, outputs) {
        let Some((file, outline)) = origin.source.filter(|_| n == 1) else {
            continue;
        };
        if outline.headings.is_empty() {
            continue;
        }
        let counts = id_counts(html);
        for heading in &outline.headings {
            if counts.get(heading.id.as_bytes()).is_some_and(|&c| c > 1) {
                out.push(
                    Diagnostic::error(
                        &file.shown,
                        format!(
                            "heading id `{}` is also used on the built page, most likely by its template ({})",
                            heading.id, origin.template
                        ),
                    )
                    .at_in(&file.text, heading.line, 1)
                    .help(format!(
                        "give the heading another id, like `## Titre {{#autre-id}}`: two elements with one id are invalid HTML, and links to `#{}` reach only the first",
                        heading.id
                    )),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_pages_are_recognised() {
        assert_eq!(list_page("tags/a/index.html"), Some(("tags/a/", 1)));
        assert_eq!(list_page("tags/a/page/2/index.html"), Some(("tags/a/", 2)));
        assert_eq!(list_page("page/3/index.html"), Some(("", 3)));
        assert_eq!(list_page("guide/page/index.html"), Some(("guide/page/", 1)));
        assert_eq!(list_page("style.css"), None);
    }

    #[test]
    fn ids_are_counted_by_attribute_only() {
        let html = br#"<h1 id="a">x</h1><p data-id="a"></p><h2 id="a">y</h2><i id="b"></i>"#;
        let counts = id_counts(html);
        assert_eq!(counts.get(&b"a"[..]), Some(&2));
        assert_eq!(counts.get(&b"b"[..]), Some(&1));
    }
}
