//! Glossary terms (issue #20): `tests/fixtures/base` with `tests/fixtures/glossary` laid over
//! it (three terms in `glossary/`, a glossary page, articles using the terms), built by the
//! real binary. Each test shows one behaviour: first-use links and their tooltips, synonyms and
//! abbreviations, the places nothing is linked, the per-page and per-occurrence switches, the
//! generated glossary page, the build cache following a term's edit, and every `tests/bad/
//! glossary_*` case (check warnings and build errors, each at its file and line).

mod common;

use common::{fixtures, overlay, stderr, TestSite};

/// The base site with the glossary fixture over it, built.
fn built() -> TestSite {
    let site = TestSite::copy_of("fixtures/base");
    overlay(&fixtures().join("fixtures/glossary"), site.root());
    site.build_ok();
    site
}

/// The `<div class="content">` of a page: what the Markdown produced, without the chrome.
fn content(site: &TestSite, page: &str) -> String {
    let html = site.html(page);
    let start = html.find("<div class=\"content\">").expect("a content div");
    let end = html[start..]
        .find("</article>")
        .map_or(html.len(), |e| start + e);
    html[start..end].to_owned()
}

/// How many links to term `id` of the glossary the HTML holds.
fn links_to(html: &str, id: &str) -> usize {
    html.matches(&format!(
        "class=\"gloss-term\" href=\"/manuel/glossaire/#{id}\""
    ))
    .count()
}

#[test]
fn the_first_use_of_a_term_links_to_it_with_an_accessible_tooltip() {
    let site = built();
    let html = content(&site, "guide/termes/index.html");
    assert_eq!(links_to(&html, "community-manager"), 1, "{html}");
    // The first use, as written (case kept), described by the tooltip.
    assert!(
        html.contains("<a class=\"gloss-term\" href=\"/manuel/glossaire/#community-manager\" aria-describedby=\"glossaire-def-community-manager\">Community Manager</a><span class=\"gloss-tip\" id=\"glossaire-def-community-manager\" role=\"tooltip\"><strong class=\"gloss-tip-title\">Community manager</strong> Professionnel qui fait vivre une marque sur les réseaux sociaux.</span>"),
        "{html}"
    );
    assert!(html.contains("Un community manager de plus."), "{html}");
    assert!(!html.contains(" title="), "no title attribute: {html}");
}

#[test]
fn synonyms_plurals_and_abbreviations_link_to_their_term() {
    let site = built();
    let html = content(&site, "guide/synonymes/index.html");
    assert!(
        html.contains(
            "aria-describedby=\"glossaire-def-community-manager\">gestionnaire de communautés</a>"
        ),
        "{html}"
    );
    assert_eq!(links_to(&html, "community-manager"), 1, "{html}");
    // `cm` is not `CM`: an abbreviation keeps its case.
    assert!(html.contains("Un cm est un centimètre."), "{html}");
}

#[test]
fn nothing_is_linked_in_headings_links_code_or_raw_html() {
    let site = built();
    let html = content(&site, "guide/termes/index.html");
    assert!(
        html.contains("<h2 id=\"la-moderation-au-quotidien\">La modération au quotidien</h2>"),
        "{html}"
    );
    assert!(html.contains(">modération active</a>"), "{html}");
    assert!(html.contains("<code>modération</code>"), "{html}");
    // The first linkable use comes after the heading, the link and the code.
    assert!(
        html.contains("en code, la <span class=\"gloss\"><a class=\"gloss-term\" href=\"/manuel/glossaire/#moderation\""),
        "{html}"
    );
    // A code block, then a word wrapped in an element: plain; the next use is the linked one.
    assert!(
        html.contains("<span>e-réputation</span> reste en clair"),
        "{html}"
    );
    assert!(
        html.contains("l’<span class=\"gloss\"><a class=\"gloss-term\" href=\"/manuel/glossaire/#e-reputation\""),
        "{html}"
    );
    assert_eq!(links_to(&html, "e-reputation"), 1, "{html}");
}

#[test]
fn a_page_can_switch_the_glossary_off_and_checklists_are_not_linked() {
    let site = built();
    let off = content(&site, "guide/sans-glossaire/index.html");
    assert!(!off.contains("gloss-term"), "{off}");
    assert!(
        off.contains("Le community manager et la modération"),
        "{off}"
    );
    let checklist = content(&site, "fiches/moderation/index.html");
    assert!(!checklist.contains("gloss-term"), "{checklist}");
}

#[test]
fn summaries_hold_no_glossary_link() {
    let site = built();
    // The feed shows each page's summary, as cards do (inside a link, where none may nest).
    let feed = std::fs::read_to_string(site.public().join("atom.xml")).unwrap();
    assert!(
        feed.contains("premier réflexe du community manager"),
        "{feed}"
    );
    assert!(!feed.contains("gloss-term"), "{feed}");
    // The page itself links it.
    assert_eq!(
        links_to(
            &content(&site, "guide/veille/index.html"),
            "community-manager"
        ),
        1
    );
}

#[test]
fn the_glossary_page_is_written_from_the_terms() {
    let site = built();
    let html = content(&site, "glossaire/index.html");
    assert!(html.contains("Les termes du manuel, de A à Z."), "{html}");
    // A heading per letter, an entry per term, anchored by its file name, in order.
    let order = [
        "<h2 id=\"c\">C</h2>",
        "<h3 id=\"community-manager\">Community manager</h3>",
        "<h2 id=\"e\">E</h2>",
        "<h3 id=\"e-reputation\">E-réputation</h3>",
        "<h2 id=\"m\">M</h2>",
        "<h3 id=\"moderation\">Modération</h3>",
    ];
    let at: Vec<usize> = order
        .iter()
        .map(|h| {
            html.find(h)
                .unwrap_or_else(|| panic!("{h} missing in {html}"))
        })
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "out of order: {html}");
    // Definition and long text, other names, related terms, pages about it, pages using it.
    assert!(html.contains("<p>Professionnel qui fait vivre une marque sur les réseaux sociaux. Le poste varie selon la taille de la structure.</p>"), "{html}");
    assert!(
        html.contains("Aussi&nbsp;: <em>CM</em> et <em>gestionnaire de communauté</em>.")
            || html.contains("Aussi\u{a0}: <em>CM</em> et <em>gestionnaire de communauté</em>."),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"#moderation\">Modération</a>"),
        "{html}"
    );
    assert!(
        html.contains("Voir <a href=\"/manuel/guide/veille/\">La veille</a>."),
        "{html}"
    );
    let used =
        &html[html.find("id=\"community-manager\"").unwrap()..html.find("id=\"e\"").unwrap()];
    for page in [
        "/manuel/guide/termes/",
        "/manuel/guide/synonymes/",
        "/manuel/guide/veille/",
    ] {
        assert!(
            used.contains(&format!("<a href=\"{page}\"")),
            "{page} not in used-in: {used}"
        );
    }
    assert!(!used.contains("/manuel/guide/sans-glossaire/"), "{used}");
    assert!(!used.contains("/manuel/fiches/moderation/"), "{used}");
    // Nothing is linked on the glossary itself, and its letter index is there.
    assert!(!html.contains("gloss-term"), "{html}");
    let page = site.html("glossaire/index.html");
    assert!(page.contains("<li><a href=\"#c\">C</a></li>"), "{page}");
    assert!(page.contains("class=\"glossary-filter\""), "{page}");
}

#[test]
fn editing_a_term_renders_the_pages_that_use_it_again() {
    let site = built();
    let path = "glossary/community-manager.md";
    let text = std::fs::read_to_string(site.root().join(path)).unwrap();
    site.write(
        path,
        text.replace("Professionnel qui fait vivre", "Personne qui fait vivre"),
    );
    site.build_ok();
    let html = content(&site, "guide/termes/index.html");
    assert!(
        html.contains("Personne qui fait vivre une marque"),
        "{html}"
    );
    let glossary = content(&site, "glossaire/index.html");
    assert!(
        glossary.contains("<p>Personne qui fait vivre"),
        "{glossary}"
    );
}

/// The `tests/bad/glossary_*` cases: each folder is laid over the glossary site, then
/// `check` runs; stderr must hold every line of `expected.txt`. A case with an `error` line
/// in its `expected.txt` must also fail `build` and leave the previous output as it was.
#[test]
fn every_bad_glossary_case_is_reported_at_its_file_and_line() {
    let bad = fixtures().join("bad");
    let mut cases: Vec<_> = std::fs::read_dir(&bad)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("glossary_")
        })
        .collect();
    cases.sort();
    assert!(cases.len() >= 8, "glossary cases missing: {cases:?}");
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let site = built();
        let before = site.snapshot();
        overlay(&case, site.root());
        for removed in std::fs::read_to_string(case.join("remove.txt"))
            .unwrap_or_default()
            .lines()
        {
            std::fs::remove_file(site.root().join(removed)).unwrap();
        }
        let expected = std::fs::read_to_string(case.join("expected.txt")).unwrap();
        let out = site.run(&["check"]);
        let err = stderr(&out);
        for line in expected
            .lines()
            .map(str::trim_end)
            .filter(|l| !l.is_empty())
        {
            assert!(err.contains(line), "{name}: `{line}` not in:\n{err}");
        }
        if expected.lines().any(|l| l.starts_with("error")) {
            assert_eq!(out.status.code(), Some(1), "{name}: {err}");
            let build = site.build();
            assert_eq!(build.status.code(), Some(1), "{name}: {}", stderr(&build));
            assert!(
                site.snapshot() == before,
                "{name}: a failed build changed the output"
            );
        } else {
            assert_eq!(
                out.status.code(),
                Some(0),
                "{name}: warnings do not fail check: {err}"
            );
            let denied = site.run(&["check", "--deny-warnings"]);
            assert_eq!(denied.status.code(), Some(1), "{name}");
        }
    }
}
