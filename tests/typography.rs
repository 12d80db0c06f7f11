//! French typography (issue #21, part 4): a fixture site is built with the real binary and the
//! produced HTML, feed and search index are read back. Titles, descriptions and body text get
//! no-break spaces and curly apostrophes; code, URLs and raw HTML keep what was written; a
//! site can switch the pass off.

mod common;

use common::TestSite;

/// No-break space: before `:`.
const NBSP: char = '\u{a0}';
/// Narrow no-break space: before `; ! ?` and inside « ».
const NNBSP: char = '\u{202f}';

/// A page with every case the pass must handle, written into a copy of the base fixture.
const PAGE: &str = "---
title: \"United Breaks Guitars : quand un client chante\"
description: \"Un « cas » d'école ; vraiment ?\"
date: 2026-05-01
---
Le client l'a chanté ! Pourquoi ? Voir <https://example.org/l'avis> : ici.

## Étape 1 : l'écoute

## Étape 2 : répondre

Un `l'index : brut` en ligne et <kbd>Ctrl : C</kbd> au clavier, l'*émotion* du «client».

```
let note = 'a' ; // garder : tel quel !
```
";

/// The base fixture with [`PAGE`] at `guide/typo.md`, built.
fn built_site(config_extra: &str) -> TestSite {
    let site = TestSite::copy_of("fixtures/base");
    if !config_extra.is_empty() {
        let config = std::fs::read_to_string(site.root().join("cmbook.yaml")).unwrap();
        site.write("cmbook.yaml", format!("{config}{config_extra}"));
    }
    site.write("content/guide/typo.md", PAGE);
    site.build_ok();
    site
}

/// The text between the first `open` after `from` and the next `close`.
fn between<'a>(html: &'a str, open: &str, close: &str) -> &'a str {
    let start = html
        .find(open)
        .unwrap_or_else(|| panic!("no `{open}` in:\n{html}"))
        + open.len();
    let len = html[start..]
        .find(close)
        .unwrap_or_else(|| panic!("no `{close}` after `{open}`"));
    &html[start..start + len]
}

#[test]
fn the_title_gets_a_no_break_space_before_its_colon() {
    let site = built_site("");
    let page = site.html("guide/typo/index.html");
    let h1 = between(&page, "<h1", "</h1>");
    assert!(
        h1.contains(&format!("United Breaks Guitars{NBSP}: quand")),
        "H1 without a no-break space before `:`: {h1:?}"
    );
    let title = between(&page, "<title>", "</title>");
    assert!(title.contains(&format!("Guitars{NBSP}:")), "{title:?}");
}

#[test]
fn headings_are_typeset_in_the_body_and_the_table_of_contents_with_ids_as_written() {
    let site = built_site("");
    let page = site.html("guide/typo/index.html");
    let typeset = format!("Étape 1{NBSP}: l’écoute");
    assert!(
        page.contains(&format!("<h2 id=\"etape-1-l-ecoute\">{typeset}</h2>")),
        "heading not typeset, or its id changed:\n{page}"
    );
    assert!(
        page.contains(&format!("href=\"#etape-1-l-ecoute\">{typeset}</a>")),
        "table of contents not typeset:\n{page}"
    );
}

#[test]
fn body_text_is_typeset_but_code_urls_and_raw_html_are_not() {
    let site = built_site("");
    let page = site.html("guide/typo/index.html");
    let body = between(&page, "Le client", "</article>");
    for typeset in [
        format!("l’a chanté{NNBSP}!"),
        format!("Pourquoi{NNBSP}?"),
        format!("</a>{NBSP}: ici"),
        "l’<em>émotion</em>".to_owned(),
        format!("«{NNBSP}client{NNBSP}»"),
    ] {
        assert!(body.contains(&typeset), "no `{typeset}` in:\n{body}");
    }
    // The autolink keeps its straight apostrophe, in its text as in its address.
    assert!(
        body.contains(">https://example.org/l'avis</a>")
            || body.contains(">https://example.org/l&#39;avis</a>"),
        "{body}"
    );
    let inline_code = between(body, "<code>", "</code>");
    assert!(
        !inline_code.contains(['’', NBSP, NNBSP]),
        "inline code changed: {inline_code:?}"
    );
    assert!(inline_code.contains(" : brut"), "{inline_code:?}");
    let kbd = between(body, "<kbd>", "</kbd>");
    assert_eq!(kbd, "Ctrl : C", "raw HTML changed");
    let block = between(body, "<pre", "</pre>");
    assert!(
        !block.contains(['’', NBSP, NNBSP]),
        "code block changed: {block}"
    );
    assert!(
        block.contains(" ; ") && block.contains(" : ") && block.contains(" !"),
        "{block}"
    );
}

#[test]
fn description_feed_and_search_index_are_typeset() {
    let site = built_site("");
    let page = site.html("guide/typo/index.html");
    let described = format!("Un «{NNBSP}cas{NNBSP}» d’école{NNBSP}; vraiment{NNBSP}?");
    assert!(
        page.contains(&format!("content=\"{described}\"")),
        "meta description not typeset:\n{page}"
    );
    let atom = site.html("atom.xml");
    assert!(
        atom.contains(&format!("<title>United Breaks Guitars{NBSP}: quand")),
        "{atom}"
    );
    assert!(
        atom.contains(&described),
        "feed summary not typeset:\n{atom}"
    );
    // The index (made from the rendered pages) shows titles and descriptions as pages do.
    let records = common::pagefind::records(&site.public());
    let doc = common::pagefind::record(&records, "/manuel/guide/typo/").expect("indexed");
    assert_eq!(
        doc["meta"]["title"],
        format!("United Breaks Guitars{NBSP}: quand un client chante")
    );
    // Pagefind turns every space into a plain one in the text it keeps; the rest is typeset.
    let plain = |t: &str| t.replace([NBSP, NNBSP], " ");
    let content = doc["content"].as_str().expect("content");
    assert!(content.contains(&plain(&described)), "{content}");
    assert!(!content.contains("d'école"), "{content}");
}

#[test]
fn typography_none_keeps_the_text_as_written() {
    let site = built_site("typography: none\n");
    let page = site.html("guide/typo/index.html");
    assert!(
        !page.contains(['’', NNBSP]) && !page.contains(&format!("{NBSP}:")),
        "typography: none still typeset the page"
    );
    assert!(page.contains("United Breaks Guitars : quand"), "{page}");
}

#[test]
fn a_site_in_english_is_not_typeset_by_default() {
    let site = TestSite::copy_of("fixtures/base");
    let config = std::fs::read_to_string(site.root().join("cmbook.yaml")).unwrap();
    site.write(
        "cmbook.yaml",
        config.replace("language: fr", "language: en"),
    );
    site.write("content/guide/typo.md", PAGE);
    site.build_ok();
    let page = site.html("guide/typo/index.html");
    assert!(page.contains("United Breaks Guitars : quand"), "{page}");
    assert!(!page.contains(['’', NNBSP]), "an English site was typeset");
}

#[test]
fn the_theme_hyphenates_body_text_in_the_page_language() {
    let site = built_site("");
    let page = site.html("guide/typo/index.html");
    assert!(page.contains("<html lang=\"fr\""), "no lang on <html>");
    let css = site.html("style.css");
    assert!(
        css.contains("hyphens: auto"),
        "style.css does not hyphenate"
    );
}

#[test]
fn a_case_study_fact_box_is_typeset() {
    let site = TestSite::copy_of("fixtures/base");
    let case = std::fs::read_to_string(site.root().join("content/cas/exemple.md")).unwrap();
    let case = case
        .replace("brand: Marque Exemple", "brand: \"McDonald's\"")
        .replace(
            "title: Article de presse",
            "title: \"Le Monde : l'affaire\"",
        )
        .replace("label: Partages", "label: \"Partages (selon l'agence)\"");
    site.write("content/cas/exemple.md", case);
    site.build_ok();
    let page = site.html("cas/exemple/index.html");
    for typeset in [
        "McDonald’s".to_owned(),
        format!("Le Monde{NBSP}: l’affaire"),
        "Partages (selon l’agence)".to_owned(),
    ] {
        assert!(page.contains(&typeset), "no `{typeset}` in:\n{page}");
    }
}

#[test]
fn switching_typography_off_rebuilds_pages_and_the_search_index() {
    let site = built_site("");
    let config = std::fs::read_to_string(site.root().join("cmbook.yaml")).unwrap();
    site.write("cmbook.yaml", format!("{config}typography: none\n"));
    // The second build has the first one's cache: nothing may be reused as it was typeset.
    site.build_ok();
    let as_written = "United Breaks Guitars : quand un client chante";
    assert!(site.html("guide/typo/index.html").contains(as_written));
    let records = common::pagefind::records(&site.public());
    let titles: Vec<&str> = records
        .iter()
        .filter_map(|d| d["meta"]["title"].as_str())
        .collect();
    assert!(
        titles.contains(&as_written),
        "stale search index: {titles:?}"
    );
}

#[test]
fn checklist_groups_and_items_are_typeset_with_ids_as_written() {
    let site = TestSite::copy_of("fixtures/base");
    let checklist = std::fs::read_to_string(site.root().join("content/fiches/junior.md")).unwrap();
    let checklist = checklist
        .replace("## Veille", "## Préparer l'écoute")
        .replace("Suivre trois sources", "Suivre l'actualité : trois sources");
    site.write("content/fiches/junior.md", checklist);
    site.build_ok();
    let page = site.html("fiches/junior/index.html");
    // The progress summary links each group by the heading's id, made from the text as written.
    assert!(
        page.contains("<a href=\"#preparer-l-ecoute\">Préparer l’écoute</a>"),
        "group title not typeset in the summary:\n{page}"
    );
    assert!(
        page.contains(&format!("Suivre l’actualité{NBSP}: trois sources")),
        "item not typeset:\n{page}"
    );
    assert!(
        page.contains("id=\"item-suivre-l-actualite-trois-sources\""),
        "{page}"
    );
}
