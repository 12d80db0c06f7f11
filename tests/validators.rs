//! What third-party validators check, asserted on the real output (issue #24, part 3): the
//! Atom feed's authors (RFC 4287), redirect pages' canonical URL and language, distinct titles
//! on paginated lists, and the `check` findings that keep the output valid (duplicate titles
//! across rendered pages, heading ids that collide with the template's own, placeholders left
//! by `cmbook new page`).

mod common;

use std::process::Output;

use common::{stderr, TestSite};

/// The fixture site (`base_url: https://example.org/manuel/`, a sub-path).
fn base() -> TestSite {
    TestSite::copy_of("fixtures/base")
}

/// Runs `cmbook check ARGS` in the site.
fn check(site: &TestSite, args: &[&str]) -> Output {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    site.run(&all)
}

/// Every `<tag>…</tag>` block of `xml`, in order.
fn blocks<'a>(xml: &'a str, tag: &str) -> Vec<&'a str> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    xml.split(open.as_str())
        .skip(1)
        .map(|rest| rest.split(close.as_str()).next().unwrap_or(""))
        .collect()
}

/// The text of the `<title>` of an HTML page.
fn title(html: &str) -> &str {
    blocks(html, "title").first().copied().unwrap_or("")
}

/// The feed without its entries: what RFC 4287 calls the feed's own metadata.
fn feed_head(xml: &str) -> &str {
    xml.split("<entry>").next().unwrap_or("")
}

// ---------------------------------------------------------------------------------------------
// Atom feed

#[test]
fn atom_feed_names_the_configured_author_and_each_page_s_authors() {
    let site = base();
    let config = std::fs::read_to_string(site.root().join("cmbook.yaml")).unwrap();
    site.write(
        "cmbook.yaml",
        config.replace(
            "language: fr\n",
            "language: fr\nauthor: Équipe <du> manuel\n",
        ),
    );
    site.write(
        "content/a-propos.md",
        "---\ntitle: À propos\ndescription: Comment ce manuel est fait.\ndate: 2026-01-01\n\
         authors: [Camille Martin, Lou & Zoé]\n---\nFait avec cmbook.\n",
    );
    site.build_ok();
    let feed = site.html("atom.xml");
    assert!(
        feed_head(&feed).contains("<author><name>Équipe &lt;du&gt; manuel</name></author>"),
        "the feed has no escaped site author:\n{feed}"
    );
    let entries = blocks(&feed, "entry");
    assert!(entries.len() >= 3, "too few entries:\n{feed}");
    for entry in &entries {
        assert!(
            entry.contains("<author><name>"),
            "entry without author:\n{entry}"
        );
    }
    let about = entries
        .iter()
        .find(|e| e.contains("<title>À propos</title>"))
        .expect("the about page is in the feed");
    assert!(
        about.contains("<author><name>Camille Martin</name></author>")
            && about.contains("<author><name>Lou &amp; Zoé</name></author>"),
        "the page's own authors are missing:\n{about}"
    );
    assert!(
        !about.contains("Équipe"),
        "the page's authors replace the site's:\n{about}"
    );
    let other = entries
        .iter()
        .find(|e| !e.contains("<title>À propos</title>"))
        .unwrap();
    assert!(
        other.contains("<author><name>Équipe &lt;du&gt; manuel</name></author>"),
        "a page without authors should name the site's author:\n{other}"
    );
}

/// With no `author:` configured, the feed still has the author RFC 4287 requires: the site's
/// title, which entries without authors inherit.
#[test]
fn atom_feed_without_a_configured_author_falls_back_to_the_site_title() {
    let site = base();
    site.build_ok();
    let feed = site.html("atom.xml");
    assert!(
        feed_head(&feed).contains("<author><name>Manuel de test</name></author>"),
        "no feed-level author:\n{feed}"
    );
}

#[test]
fn config_author_must_be_text() {
    let site = base();
    let config = std::fs::read_to_string(site.root().join("cmbook.yaml")).unwrap();
    site.write(
        "cmbook.yaml",
        config.replace("language: fr\n", "language: fr\nauthor: [a, b]\n"),
    );
    let err = site.build_err();
    assert!(err.contains("cmbook.yaml:5"), "{err}");
    assert!(err.contains("author"), "{err}");
    assert!(
        !err.contains("unknown key"),
        "`author` is not a known key:\n{err}"
    );
}

// ---------------------------------------------------------------------------------------------
// Alias redirects

#[test]
fn alias_page_has_an_absolute_canonical_url_and_the_site_language() {
    let site = base();
    site.build_ok();
    let redirect = site.html("ancienne-veille/index.html");
    assert!(
        redirect
            .contains("<link rel=\"canonical\" href=\"https://example.org/manuel/guide/veille/\">"),
        "the canonical URL is not absolute under the base URL's sub-path:\n{redirect}"
    );
    assert!(
        redirect.contains("<html lang=\"fr\">"),
        "no lang attribute:\n{redirect}"
    );
}

// ---------------------------------------------------------------------------------------------
// Paginated lists

/// `tags` are paginated 2 a page in the fixture; a third page tagged `veille` makes two list
/// pages, which must not share their `<title>`.
#[test]
fn page_two_of_a_term_has_its_own_title() {
    let site = base();
    site.write(
        "content/guide/ecoute.md",
        "---\ntitle: L'écoute\ndescription: Écouter avant de parler.\ndate: 2026-01-05\n\
         tags: [veille]\n---\nVoir [la veille](@/guide/veille.md).\n",
    );
    site.build_ok();
    let first = site.html("tags/veille/index.html");
    let second = site.html("tags/veille/page/2/index.html");
    assert_ne!(
        title(&first),
        title(&second),
        "page 2 repeats page 1's title"
    );
    assert!(
        title(&second).contains("page 2"),
        "page 2 does not say so: {}",
        title(&second)
    );
    assert!(
        title(&second).ends_with("· Manuel de test"),
        "the site name moved: {}",
        title(&second)
    );
}

/// Sections paginate the same way: `guide/page/2/` is not titled like `guide/`.
#[test]
fn page_two_of_a_section_has_its_own_title() {
    let site = base();
    let index = std::fs::read_to_string(site.root().join("content/guide/_index.md")).unwrap();
    site.write(
        "content/guide/_index.md",
        index.replacen("---\n", "---\npaginate_by: 1\n", 1),
    );
    site.build_ok();
    let first = site.html("guide/index.html");
    let second = site.html("guide/page/2/index.html");
    assert_ne!(
        title(&first),
        title(&second),
        "page 2 repeats page 1's title"
    );
    assert!(title(&second).contains("page 2"), "{}", title(&second));
}

/// A theme whose term template gives every list page the same title: `check` says so, naming
/// both pages.
#[test]
fn check_warns_on_duplicate_titles_across_paginated_pages() {
    let site = base();
    site.write(
        "content/guide/ecoute.md",
        "---\ntitle: L'écoute\ndescription: Écouter avant de parler.\ndate: 2026-01-05\n\
         tags: [veille]\n---\nVoir [la veille](@/guide/veille.md).\n",
    );
    site.write(
        "templates/taxonomy_term.html",
        "{% extends \"base.html\" %}\n{% block title %}{{ term.name }}{% endblock title %}\n\
         {% block main %}<h1>{{ term.name }}</h1>{% endblock main %}\n",
    );
    let out = check(&site, &[]);
    let err = stderr(&out);
    let warning = err
        .split("\n\n")
        .find(|b| b.contains("tags/veille/page/2/"))
        .unwrap_or_else(|| panic!("no warning about tags/veille/page/2/:\n{err}"));
    assert!(warning.starts_with("warning:"), "{warning}");
    assert!(warning.contains("tags/veille/"), "{warning}");
    assert!(warning.contains("taxonomy_term.html"), "{warning}");
    let denied = check(&site, &["--deny-warnings"]);
    assert_eq!(denied.status.code(), Some(1), "{}", stderr(&denied));
}

// ---------------------------------------------------------------------------------------------
// Ids the template uses

#[test]
fn check_reports_a_heading_id_the_template_also_uses() {
    let site = base();
    site.write(
        "content/a-propos.md",
        "---\ntitle: À propos\ndescription: Comment ce manuel est fait.\ndate: 2026-01-01\n---\n\
         Fait avec cmbook.\n\n## Le titre {#page-title}\n\n## Le contenu {#contenu}\n\n## Libre\n",
    );
    let out = check(&site, &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "check should fail:\n{err}");
    for (id, line) in [("page-title", 8), ("contenu", 10)] {
        let block = err
            .split("\n\n")
            .find(|b| b.contains(&format!("`{id}`")))
            .unwrap_or_else(|| panic!("`{id}` is not reported:\n{err}"));
        assert!(block.starts_with("error:"), "{block}");
        assert!(
            block.contains(&format!("content/a-propos.md:{line}:")),
            "{block}"
        );
    }
    assert!(!err.contains("`libre`"), "a free id was reported:\n{err}");
}

// ---------------------------------------------------------------------------------------------
// `cmbook new page` placeholders

#[test]
fn new_page_writes_a_placeholder_that_builds_but_check_flags() {
    for kind in ["article", "case-study", "checklist"] {
        let site = base();
        let rel = format!("content/guide/nouvelle-{kind}.md");
        let out = site.run(&["new", "page", &rel, "--kind", kind]);
        assert!(out.status.success(), "{kind}: {}", stderr(&out));
        let text = std::fs::read_to_string(site.root().join(&rel)).unwrap();
        assert!(
            !text.contains("description: \"\""),
            "{kind}: an empty description was written:\n{text}"
        );
        site.build_ok();
        let out = check(&site, &["--deny-warnings"]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{kind}: check passed:\n{err}");
        let line = text
            .lines()
            .position(|l| l.starts_with("description:"))
            .unwrap()
            + 1;
        let warning = err
            .split("\n\n")
            .find(|b| b.contains(&format!("{rel}:{line}:")))
            .unwrap_or_else(|| panic!("{kind}: the description line is not named:\n{err}"));
        assert!(warning.starts_with("warning:"), "{warning}");
        assert!(warning.contains("placeholder"), "{warning}");
    }
}
