//! The print book of a section (issue #20), as HTML: its chapters in the section's order, ids
//! unique across them, links inside the book turned into its anchors, a link from the section
//! page, nothing in the sitemap or the search index, and a page written at its URL refused.
//! The book printed to PDF by Chromium is checked in `tests/print_book_pdf.rs`.

mod common;

use std::collections::HashSet;

use common::{overlay, stderr, TestSite};

/// Every value of attribute `name` in `html` (our own output: always double-quoted).
fn attribute_values<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let needle = format!(" {name}=\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            &rest[..rest.find('"').expect("closing quote")]
        })
        .collect()
}

fn built_base() -> TestSite {
    let site = TestSite::copy_of("fixtures/base");
    site.build_ok();
    site
}

#[test]
fn a_book_holds_the_section_pages_in_order_as_chapters() {
    let site = built_base();
    let book = site.html("guide/imprimer/index.html");
    assert!(
        book.contains("<h1 id=\"book-title\">Le guide</h1>"),
        "{book}"
    );
    assert!(book.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(
        book.contains("href=\"/manuel/highlight.css\""),
        "la veille has code"
    );
    let cases = site.html("cas/imprimer/index.html");
    assert!(
        !cases.contains("highlight.css"),
        "no code in the case studies"
    );
    // The guide sorts by weight: la veille (10), then la crise.
    let veille = book.find("<article class=\"book-chapter kind-article\" id=\"veille\"");
    let crise = book.find("<article class=\"book-chapter kind-article\" id=\"crise\"");
    assert!(veille.is_some() && crise.is_some(), "{book}");
    assert!(veille < crise, "chapters out of the section's order");
    let toc = &book[book.find("class=\"book-toc\"").unwrap()..veille.unwrap()];
    assert!(
        toc.find("href=\"#veille\"") < toc.find("href=\"#crise\""),
        "{toc}"
    );
    // No navigation chrome: no site header, menu or search box.
    for chrome in ["site-header", "site-nav", "data-search", "prev-next"] {
        assert!(!book.contains(chrome), "the book has `{chrome}`");
    }
}

#[test]
fn ids_stay_unique_and_links_inside_the_book_go_to_its_anchors() {
    let site = built_base();
    let book = site.html("guide/imprimer/index.html");
    let ids = attribute_values(&book, "id");
    let unique: HashSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "repeated ids: {ids:?}");
    // Both pages hold a footnote or a heading that would clash without the chapter prefix.
    assert!(unique.contains("veille--ecoute-active") && unique.contains("crise--le-plan"));
    assert!(
        unique.contains("veille--1"),
        "the footnote keeps a prefixed id"
    );
    for href in attribute_values(&book, "href")
        .iter()
        .filter(|h| h.starts_with('#'))
    {
        assert!(
            unique.contains(&href[1..]),
            "link {href} goes to no id of the book"
        );
    }
    // @/guide/crise.md#le-plan in la veille, written for the site, now points into the book.
    assert!(
        book.contains("<a href=\"#crise--le-plan\">la crise</a>"),
        "{book}"
    );
    // Headings go one level down, under the chapter's title.
    assert!(book.contains("<h3 id=\"veille--ecoute-active\">"), "{book}");
}

#[test]
fn links_leaving_the_book_become_absolute_and_checklists_print_empty() {
    let site = TestSite::copy_of("fixtures/base");
    site.write(
        "content/guide/outils.md",
        "---\ntitle: Les outils\ndescription: Des liens vers le reste du site.\ndate: 2026-03-03\nweight: 30\n---\n\
         Voir [la fiche junior](@/fiches/junior.md#veille) et [un site](https://example.com/).\n",
    );
    site.build_ok();
    let book = site.html("fiches/imprimer/index.html");
    assert!(book.contains("class=\"checklist-box\""), "{book}");
    assert!(!book.contains(" checked"), "a checked box in the handout");
    let site_page = site.html("fiches/junior/index.html");
    assert!(
        site_page.contains(" checked"),
        "the fixture's web page has a checked item"
    );
    let cases = site.html("cas/imprimer/index.html");
    assert!(
        cases.contains("class=\"fact-box outcome-succes\""),
        "{cases}"
    );
    assert!(cases.contains("<dd class=\"fact-brand\">Marque Exemple</dd>"));
    // Inside the book, a link is an anchor of it or a full URL: what prints readably.
    let main = &cases[cases.find("<main").unwrap()..];
    let hrefs = attribute_values(main, "href");
    assert!(hrefs.contains(&"https://example.org/presse"), "{hrefs:?}");
    for href in hrefs {
        assert!(
            href.starts_with('#') || href.starts_with("https://"),
            "a link of the case study book is neither an anchor nor a full URL: {href}"
        );
    }
    let guide = site.html("guide/imprimer/index.html");
    let main = &guide[guide.find("<main").unwrap()..];
    assert!(
        main.contains(
            "<a href=\"https://example.org/manuel/fiches/junior/#veille\">la fiche junior</a>"
        ),
        "{main}"
    );
    assert!(
        attribute_values(main, "href")
            .iter()
            .all(|h| h.starts_with('#') || h.starts_with("https://")),
        "{main}"
    );
}

#[test]
fn section_pages_link_to_their_book_which_search_and_sitemap_leave_out() {
    let site = built_base();
    let section = site.html("guide/index.html");
    assert!(
        section.contains("<p class=\"print-link\"><a href=\"/manuel/guide/imprimer/\">"),
        "{section}"
    );
    let home = site.html("index.html");
    assert!(!home.contains("print-link"), "home has no book");
    assert!(!site.public().join("imprimer").exists(), "home has no book");
    assert!(!site.html("sitemap.xml").contains("imprimer"));
    let records = common::pagefind::records(&site.public());
    assert!(
        records
            .iter()
            .all(|r| !r["url"].as_str().unwrap().contains("imprimer")),
        "a print book is in the search index"
    );
}

#[test]
fn a_page_at_the_books_url_is_refused() {
    let site = built_base();
    let before = site.snapshot();
    let case = common::fixtures().join("bad/print_book_taken");
    overlay(&case, site.root());
    let out = site.build();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for line in std::fs::read_to_string(case.join("expected.txt"))
        .unwrap()
        .lines()
    {
        assert!(err.contains(line), "stderr lacks `{line}`:\n{err}");
    }
    assert!(before == site.snapshot(), "the previous output changed");
}

#[test]
fn a_second_build_shows_an_edited_page_in_its_book() {
    let site = built_base();
    let veille = site.root().join("content/guide/veille.md");
    let text = std::fs::read_to_string(&veille).unwrap();
    std::fs::write(
        &veille,
        text.replace("premier réflexe", "tout premier réflexe"),
    )
    .unwrap();
    site.build_ok();
    let book = site.html("guide/imprimer/index.html");
    assert!(
        book.contains("le tout premier réflexe"),
        "the build cache kept a stale book"
    );
    // Untouched sections keep theirs, as they were.
    assert!(site
        .html("fiches/imprimer/index.html")
        .contains("Checklist junior"));
}

#[test]
fn an_alias_at_the_books_url_is_refused() {
    let site = built_base();
    let veille = site.root().join("content/guide/veille.md");
    let text = std::fs::read_to_string(&veille).unwrap();
    std::fs::write(
        &veille,
        text.replace(
            "aliases: [/ancienne-veille/]",
            "aliases: [/guide/imprimer/]",
        ),
    )
    .unwrap();
    let err = site.build_err();
    assert!(
        err.contains(
            "this alias takes the URL /guide/imprimer/, the print book of section `Le guide`"
        ),
        "{err}"
    );
    assert!(err.contains("content/guide/veille.md:9:1"), "{err}");
    assert!(err.contains("help: remove this alias"), "{err}");
}
