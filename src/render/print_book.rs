//! The print book of a section (`print.html`): every page of the section as one document, each
//! a chapter under its own anchor.
//!
//! Pages are written to stand alone, so their bodies are rewritten to live together: every id
//! gets its chapter's anchor in front (`veille--ecoute`), so two pages' "Sources" headings stay
//! apart; links to a page of the book, or to a heading in one, go to the book's own anchors;
//! other links of the site become absolute URLs, which print readably after their text; body
//! headings go one level down, under the chapter's title; checklist boxes print empty. The chapters come from
//! [`crate::resolve::books`].

use std::borrow::Cow;
use std::collections::HashMap;

use chrono::NaiveDate;
use lol_html::html_content::Element;
use lol_html::{element, rewrite_str, RewriteStrSettings};
use rayon::prelude::*;
use serde::Serialize;

use crate::render::context::Views;
use crate::render::context::{Link, PageView};
use crate::resolve::books::{book_path, pages_of};
use crate::resolve::Site;

/// A section's book as `print.html` sees it (`book`).
#[derive(Debug, Serialize)]
pub(crate) struct BookView<'a> {
    /// The section printed.
    pub section: Link<'a>,
    /// Its description.
    pub description: &'a str,
    /// The latest date (update or publication) of its pages: the cover's "up to date on".
    pub updated: Option<String>,
    /// URL of the book itself.
    pub url: String,
    /// Its pages in order.
    pub chapters: Vec<Chapter<'a>>,
    /// Whether a chapter holds a highlighted code block (the book then links `highlight.css`).
    pub has_code: bool,
}

/// One page of a book.
#[derive(Debug, Serialize)]
pub(crate) struct Chapter<'a> {
    /// Id of the chapter in the book; the prefix of every id inside it.
    pub anchor: String,
    /// The page, its content rewritten for the book.
    pub page: PageView<'a>,
}

/// The book of section `s`.
pub(crate) fn book_view<'a>(site: &'a Site, views: &Views<'a>, s: usize) -> BookView<'a> {
    let section = &site.sections[s];
    let pages = pages_of(&site.sections, s);
    let anchors: HashMap<&str, String> = pages
        .iter()
        .map(|&p| {
            let path = site.pages[p].path.as_str();
            (path, anchor_of(&section.path, path))
        })
        .collect();
    let links = BookLinks {
        base_path: &site.config.base_path,
        base_url: &site.config.base_url,
        anchors: &anchors,
    };
    // A book is one job holding a whole section: its chapters are rewritten in parallel, or
    // the largest book would be the last job of a render, on one core.
    let chapters: Vec<Chapter> = pages
        .par_iter()
        .map(|&p| {
            let anchor = anchors[site.pages[p].path.as_str()].clone();
            let mut page = views.page(p);
            page.content = Cow::Owned(rewrite_body(&page.content, &anchor, &links));
            Chapter { anchor, page }
        })
        .collect();
    let updated: Option<NaiveDate> = pages
        .iter()
        .filter_map(|&p| {
            let front = &site.pages[p].source.front;
            front.updated.or(front.date)
        })
        .max();
    BookView {
        section: views.section_link(section),
        description: section
            .source
            .as_ref()
            .and_then(|src| src.front.description.as_deref())
            .unwrap_or(""),
        updated: updated.map(|d| d.format("%Y-%m-%d").to_string()),
        url: site.href(&book_path(&site.theme, section.language, &section.path)),
        has_code: chapters
            .iter()
            .any(|c| c.page.content.contains("class=\"code\"")),
        chapters,
    }
}

/// The anchor of the page at `page_path` in the book of the section at `section_path`: its
/// path below the section, `/` made `-` (`metier/outils/veille/` → `outils-veille`).
fn anchor_of(section_path: &str, page_path: &str) -> String {
    let below = page_path.strip_prefix(section_path).unwrap_or(page_path);
    below.trim_end_matches('/').replace('/', "-")
}

/// Where the links of a book's bodies go.
struct BookLinks<'a> {
    base_path: &'a str,
    base_url: &'a str,
    /// Page URL path → its chapter's anchor.
    anchors: &'a HashMap<&'a str, String>,
}

impl BookLinks<'_> {
    /// `href` of a body in chapter `anchor`, as the book needs it.
    fn href(&self, href: &str, anchor: &str) -> Option<String> {
        let in_chapter = |fragment: &str, anchor: &str| match fragment {
            "" => format!("#{anchor}"),
            f => format!("#{anchor}--{f}"),
        };
        if let Some(fragment) = href.strip_prefix('#') {
            return Some(in_chapter(fragment, anchor));
        }
        let below = href.strip_prefix(self.base_path)?;
        let (path, fragment) = below.split_once('#').unwrap_or((below, ""));
        Some(match self.anchors.get(path) {
            Some(target) => in_chapter(fragment, target),
            None => format!("{}{below}", self.base_url),
        })
    }
}

/// `html` with its ids, same-document references and links fitted to chapter `anchor`.
fn rewrite_body(html: &str, anchor: &str, links: &BookLinks<'_>) -> String {
    let prefix = |id: &str| format!("{anchor}--{id}");
    let prefix_list = |ids: &str| {
        ids.split_whitespace()
            .map(prefix)
            .collect::<Vec<_>>()
            .join(" ")
    };
    let retag = |el: &mut Element, attribute: &str, f: &dyn Fn(&str) -> String| {
        if let Some(value) = el.get_attribute(attribute) {
            // The names are constants of this function: setting them cannot fail.
            let _ = el.set_attribute(attribute, &f(&value));
        }
    };
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!("[id]", |el| {
            retag(el, "id", &prefix);
            Ok(())
        }))
        .append_element_content_handler(element!(
            "[for], [aria-labelledby], [aria-describedby], [aria-controls]",
            |el| {
                for attribute in [
                    "for",
                    "aria-labelledby",
                    "aria-describedby",
                    "aria-controls",
                ] {
                    retag(el, attribute, &prefix_list);
                }
                Ok(())
            }
        ))
        .append_element_content_handler(element!("a[href]", |el| {
            if let Some(href) = el
                .get_attribute("href")
                .and_then(|h| links.href(&h, anchor))
            {
                let _ = el.set_attribute("href", &href);
            }
            Ok(())
        }))
        // A handout's checklist is filled in by hand: its boxes print empty.
        .append_element_content_handler(element!("input.checklist-box[checked]", |el| {
            el.remove_attribute("checked");
            Ok(())
        }))
        .append_element_content_handler(element!("h1, h2, h3, h4, h5", |el| {
            let level = el.tag_name().as_bytes()[1] - b'0';
            let _ = el.set_tag_name(&format!("h{}", level + 1));
            Ok(())
        }));
    // lol_html fails only past its memory limit, which a page body never nears; the body as it
    // is would still print.
    rewrite_str(html, settings).unwrap_or_else(|_| html.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links<'a>(anchors: &'a HashMap<&'a str, String>) -> BookLinks<'a> {
        BookLinks {
            base_path: "/manuel/",
            base_url: "https://example.org/manuel/",
            anchors,
        }
    }

    #[test]
    fn ids_links_and_headings_are_fitted_to_the_chapter() {
        let anchors = HashMap::from([
            ("guide/veille/", "veille".to_owned()),
            ("guide/crise/", "crise".to_owned()),
        ]);
        let html = "<h2 id=\"ecoute\">Écoute</h2><p><a href=\"#ecoute\">ici</a> \
             <a href=\"/manuel/guide/crise/#le-plan\">plan</a> \
             <a href=\"/manuel/guide/crise/\">crise</a> \
             <a href=\"/manuel/fiches/junior/\">fiche</a> \
             <a href=\"https://example.com/x\">dehors</a>\
             <sup><a href=\"#1\">1</a></sup></p><div id=\"1\">note</div>";
        let out = rewrite_body(html, "veille", &links(&anchors));
        assert_eq!(
            out,
            "<h3 id=\"veille--ecoute\">Écoute</h3><p><a href=\"#veille--ecoute\">ici</a> \
             <a href=\"#crise--le-plan\">plan</a> \
             <a href=\"#crise\">crise</a> \
             <a href=\"https://example.org/manuel/fiches/junior/\">fiche</a> \
             <a href=\"https://example.com/x\">dehors</a>\
             <sup><a href=\"#veille--1\">1</a></sup></p><div id=\"veille--1\">note</div>"
        );
    }

    #[test]
    fn references_to_ids_follow_them() {
        let anchors = HashMap::new();
        let html = "<label for=\"a\">A</label><div aria-labelledby=\"a b\"></div>";
        let out = rewrite_body(html, "p", &links(&anchors));
        assert_eq!(
            out,
            "<label for=\"p--a\">A</label><div aria-labelledby=\"p--a p--b\"></div>"
        );
    }

    #[test]
    fn anchors_are_paths_below_the_section() {
        assert_eq!(anchor_of("guide/", "guide/veille/"), "veille");
        assert_eq!(
            anchor_of("guide/", "guide/outils/alertes/"),
            "outils-alertes"
        );
    }
}
