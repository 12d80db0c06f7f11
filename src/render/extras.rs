//! The files around the pages: sitemap.xml, atom.xml, robots.txt, alias redirects, and the
//! static files added to them (the search index is a stage of its own: [`crate::search`]).

use std::fmt::Write as _;

use chrono::Datelike;

use crate::config::Language;
use crate::load::strings::Strings;
use crate::load::theme::StaticSource;
use crate::render::context::Bodies;
use crate::render::highlight::escape_html;
use crate::render::{Content, Output};
use crate::resolve::languages::section_key;
use crate::resolve::{LanguageId, Site, Version};
use crate::timings::timed;

/// Escapes text for XML content and attributes.
pub(crate) fn escape_xml(text: &str) -> String {
    escape_html(text)
}

/// Appends `text` escaped for XML, copying it as is when nothing needs escaping (nearly always).
fn push_xml(out: &mut String, text: &str) {
    if text.contains(['&', '<', '>', '"', '\'']) {
        out.push_str(&escape_xml(text));
    } else {
        out.push_str(text);
    }
}

/// `sitemap.xml`: every page, section, taxonomy and term. In a multilingual site, one sitemap
/// for all languages: fallbacks (a copy of the original) are left out, and each page and
/// section lists its translations as `hreflang` alternates, the form search engines read.
/// Written without a string per entry: 10,000 pages took ~4 ms of every `serve` edit that way.
pub(crate) fn sitemap(site: &Site) -> String {
    let multilingual = site.config.languages.len() > 1;
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"");
    if multilingual {
        out.push_str(" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\"");
    }
    out.push_str(">\n");
    let mut add =
        |path: &str, lastmod: Option<chrono::NaiveDate>, versions: Option<&Vec<Version>>| {
            out.push_str("  <url><loc>");
            push_xml(&mut out, &site.config.base_url);
            push_xml(&mut out, path);
            out.push_str("</loc>");
            if let Some(d) = lastmod {
                let _ = write!(
                    out,
                    "<lastmod>{:04}-{:02}-{:02}</lastmod>",
                    d.year(),
                    d.month(),
                    d.day()
                );
            }
            for v in versions.into_iter().flatten().filter(|v| v.translated) {
                out.push_str("<xhtml:link rel=\"alternate\" hreflang=\"");
                push_xml(&mut out, &site.config.languages[v.language.0].code);
                out.push_str("\" href=\"");
                push_xml(&mut out, &site.config.base_url);
                push_xml(&mut out, &v.path);
                out.push_str("\"/>");
            }
            out.push_str("</url>\n");
        };
    for s in &site.sections {
        let versions = site.versions.get(&section_key(&s.dir));
        let shown = versions.into_iter().flatten().find(|v| v.path == s.path);
        if shown.is_none_or(|v| v.translated) {
            add(&s.path, None, versions);
        }
    }
    for p in site.pages.iter().filter(|p| !p.is_fallback()) {
        let f = &p.source.front;
        add(
            &p.path,
            f.updated.or(f.date),
            site.versions.get(&p.source.file.original),
        );
    }
    for t in &site.taxonomies {
        add(&t.path, None, None);
        for term in &t.terms {
            add(&term.path, None, None);
        }
    }
    out.push_str("</urlset>\n");
    out
}

/// `atom.xml` of `language` (`en/atom.xml` for another than the default): the 20 newest dated
/// pages written in it, with their summary.
pub(crate) fn atom(site: &Site, bodies: &Bodies, language: LanguageId) -> String {
    let dated: Vec<usize> = (0..site.pages.len())
        .filter(|&p| {
            let page = &site.pages[p];
            page.language == language && !page.is_fallback() && page.source.front.date.is_some()
        })
        .collect();
    let mut dated = site.newest_first(dated);
    dated.truncate(20);
    let stamp = |d: chrono::NaiveDate| format!("{}T00:00:00Z", crate::dates::iso(d));
    // Atom wants the feed's date to be the latest change of any entry.
    let updated = dated
        .iter()
        .filter_map(|&p| {
            site.pages[p]
                .source
                .front
                .updated
                .or(site.pages[p].source.front.date)
        })
        .max()
        .map_or_else(|| "1970-01-01T00:00:00Z".to_owned(), stamp);
    let c = &site.config;
    let lang = &c.languages[language.0];
    let home = format!("{}{}", c.base_url, lang.prefix);
    // RFC 4287 wants an author on the feed or on every entry: the configured one, else the
    // site's title (an organisation is a valid Atom author).
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n  <subtitle>{}</subtitle>\n  <link rel=\"self\" href=\"{}atom.xml\"/>\n  <link href=\"{}\"/>\n  <id>{}</id>\n  <updated>{updated}</updated>\n  <author><name>{}</name></author>\n",
        escape_xml(&lang.code), escape_xml(&lang.title), escape_xml(&lang.description), escape_xml(&home), escape_xml(&home), escape_xml(&home),
        escape_xml(c.author.as_deref().unwrap_or(&lang.title))
    );
    for p in dated {
        let page = &site.pages[p];
        let f = &page.source.front;
        let link = escape_xml(&site.permalink(&page.path));
        // A page's own authors; else the configured author; else none, inheriting the feed's.
        let authors: Vec<&str> = if f.authors.is_empty() {
            c.author.as_deref().into_iter().collect()
        } else {
            f.authors.iter().map(String::as_str).collect()
        };
        let authors: String = authors
            .into_iter()
            .map(|a| format!("    <author><name>{}</name></author>\n", escape_xml(a)))
            .collect();
        let _ = write!(
            out,
            "  <entry>\n    <title>{}</title>\n    <link href=\"{link}\"/>\n    <id>{link}</id>\n    <updated>{}</updated>\n{authors}    <summary>{}</summary>\n    <content type=\"html\">{}</content>\n  </entry>\n",
            escape_xml(&f.title),
            f.updated.or(f.date).map(stamp).unwrap_or_default(),
            escape_xml(f.description.as_deref().unwrap_or("")),
            escape_xml(&bodies.pages[p].summary),
        );
    }
    out.push_str("</feed>\n");
    out
}

/// `robots.txt` allowing everything and naming the sitemap.
pub(crate) fn robots(site: &Site) -> String {
    format!(
        "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
        site.config.base_url
    )
}

/// A redirect page for an old URL, sending readers to `target_href` (root-relative, so that
/// a local preview stays local). Its canonical link is `permalink`, absolute as search engines
/// require; `language` is the target's, whose interface strings its two texts are.
pub(crate) fn alias_page(
    target_href: &str,
    permalink: &str,
    language: &Language,
    strings: Option<&Strings>,
) -> String {
    let url = escape_html(target_href);
    let canonical = escape_html(permalink);
    let code = escape_html(&language.code);
    let word = |key: &str, french: &'static str| {
        escape_html(
            strings
                .and_then(|s| s.get(key))
                .map_or(french, String::as_str),
        )
    };
    let (title, moved) = (
        word("redirect_title", "Redirection"),
        word("redirect_moved", "Cette page a déménagé :"),
    );
    format!(
        "<!doctype html>\n<html lang=\"{code}\"><head><meta charset=\"utf-8\"><title>{title}</title><link rel=\"canonical\" href=\"{canonical}\"><meta http-equiv=\"refresh\" content=\"0; url={url}\"><meta name=\"robots\" content=\"noindex\"></head><body><p>{moved} <a href=\"{url}\">{url}</a>.</p></body></html>\n"
    )
}

/// The language whose pages live at URL path `path`: the one whose prefix it starts with,
/// else the default (at the root).
fn language_at(site: &Site, path: &str) -> usize {
    let languages = &site.config.languages;
    (1..languages.len())
        .find(|&l| !languages[l].prefix.is_empty() && path.starts_with(&languages[l].prefix))
        .unwrap_or(0)
}

/// Everything beside the templated pages: redirects, feeds, sitemap, static files.
pub(crate) fn all(site: &Site, bodies: &Bodies, highlight_css: String, outputs: &mut Vec<Output>) {
    for alias in &site.aliases {
        let l = language_at(site, &alias.target);
        outputs.push(Output::text(
            alias.file.clone(),
            alias_page(
                &site.href(&alias.target),
                &site.permalink(&alias.target),
                &site.config.languages[l],
                site.theme.ui.get(l),
            ),
        ));
    }
    let map = timed("sitemap", || sitemap(site));
    outputs.push(Output::text("sitemap.xml".into(), map));
    for (l, language) in site.config.languages.iter().enumerate() {
        let feed = timed("atom", || atom(site, bodies, LanguageId(l)));
        outputs.push(Output::text(format!("{}atom.xml", language.prefix), feed));
    }
    outputs.push(Output::text("robots.txt".into(), robots(site)));
    outputs.push(Output::text("highlight.css".into(), highlight_css));
    for file in &site.theme.statics {
        let content = match &file.source {
            StaticSource::Embedded(bytes) => Content::Embedded(bytes),
            StaticSource::Disk(path) => Content::Copy(path.clone()),
        };
        outputs.push(Output {
            path: file.rel.clone(),
            content,
        });
    }
    for asset in &site.assets {
        let (dir, name) = asset.rel.rsplit_once('/').unwrap_or(("", &asset.rel));
        let path = format!("{}{name}", crate::resolve::sections::dir_path(dir));
        outputs.push(Output {
            path,
            content: Content::Copy(asset.path.clone()),
        });
    }
}
