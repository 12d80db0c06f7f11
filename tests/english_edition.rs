//! The English edition of the handbook (issue #19): this repository's own site, built once with
//! the real binary, read on its `/en/` pages (stage pages, print book, taxonomy overviews) and
//! compared with the French ones, which must keep their French. The bad inputs of the English
//! edition (`tests/bad/print_*`) are laid over the two-language fixture.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::TestSite;

/// The handbook's output, built once for every test of this file (a build takes seconds).
fn built() -> &'static Path {
    static OUTPUT: OnceLock<PathBuf> = OnceLock::new();
    OUTPUT.get_or_init(|| {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        // A copy, so that the build cache and output stay out of the repository.
        let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("english-edition");
        if root.exists() {
            std::fs::remove_dir_all(&root).unwrap();
        }
        std::fs::create_dir_all(&root).unwrap();
        std::fs::copy(repo.join("cmbook.yaml"), root.join("cmbook.yaml")).unwrap();
        common::overlay(&repo.join("content"), &root.join("content"));
        let out = common::cmbook(&["build", "--quiet"], &root);
        assert!(out.status.success(), "{}", common::stderr(&out));
        root.join("public")
    })
}

/// The text of an output file, like `en/career/junior/index.html`.
fn html(relative: &str) -> String {
    let path = built().join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The part of `html` from the element opening with `start` to the next `end`.
fn part<'h>(html: &'h str, start: &str, end: &str) -> &'h str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("no {start} in\n{html}"));
    let len = html[from..].find(end).expect("its end");
    &html[from..from + len]
}

#[test]
fn the_english_stage_page_has_its_glance_box_in_english() {
    let page = html("en/career/junior/index.html");
    let glance = part(&page, "<aside class=\"stage-glance\"", "</aside>");
    assert!(glance.contains(">This stage at a glance<"), "{glance}");
    assert!(glance.contains("<dd>2 of 6 · Junior</dd>"), "{glance}");
    assert!(glance.contains("<dd>0 to 2 years</dd>"), "{glance}");
    // The English checklist, its progress read from the French one's store (ticks are shared).
    assert!(
        glance.contains("href=\"/manuel-cm/en/checklists/junior/\""),
        "{glance}"
    );
    assert!(
        glance.contains(
            "data-checklist-url=\"/manuel-cm/en/checklists/junior/\" \
             data-checklist-store=\"competences/junior/\""
        ),
        "{glance}"
    );
    // The French stage page keeps its box.
    let french = html("parcours/junior/index.html");
    let glance = part(&french, "<aside class=\"stage-glance\"", "</aside>");
    assert!(glance.contains("<dd>0 à 2 ans</dd>"), "{glance}");
}

#[test]
fn the_english_stage_page_groups_its_pages_english_first_and_marks_the_french_ones() {
    let page = html("en/career/junior/index.html");
    let pages = part(&page, "<section class=\"stage-pages\"", "</section>");
    assert!(pages.contains(">Pages of the Junior stage<"), "{pages}");
    let articles = part(pages, "<h3>Articles", "</ul>");
    // English articles (no badge) come before every page shown in French, which is marked.
    let marked: Vec<bool> = articles
        .split("<li>")
        .skip(1)
        .map(|item| item.contains(" <span class=\"lang-badge\" lang=\"fr\">Français</span>"))
        .collect();
    assert!(
        marked.contains(&false) && marked.contains(&true),
        "{articles}"
    );
    let first_french = marked.iter().position(|&m| m).unwrap();
    assert!(
        marked[first_french..].iter().all(|&m| m),
        "an English page after a French one:\n{articles}"
    );
    assert!(
        articles.contains(">Editorial line, tone and calendar</a></li>"),
        "{articles}"
    );
    // Links stay in the English site, fallbacks included.
    assert!(
        !articles.contains("href=\"/manuel-cm/metier/"),
        "{articles}"
    );
    let checklists = part(pages, "<h3>Checklists", "</ul>");
    assert!(
        checklists.starts_with("<h3>Checklists <span class=\"muted\">(6)</span></h3>"),
        "{checklists}"
    );
    // The French page marks nothing.
    let french = html("parcours/junior/index.html");
    let pages = part(&french, "<section class=\"stage-pages\"", "</section>");
    assert!(pages.contains(">Les pages de l’étape Junior<"), "{pages}");
    assert!(!pages.contains("lang-badge"), "{pages}");
}

#[test]
fn the_english_print_book_is_at_print_in_english_and_the_french_one_stays_at_imprimer() {
    let book = html("en/career/print/index.html");
    assert!(
        book.starts_with("<!doctype html>\n<html lang=\"en\""),
        "{book}"
    );
    // The book's own words (its chapters' bodies may be French: pages not yet translated).
    let chrome = part(&book, "<head>", "<article class=\"book-chapter");
    for english in [
        "<title>Career — printable booklet · The Community Manager Handbook</title>",
        ">Back to “Career”</a>",
        "pages in one document: print it with your browser’s Print command",
        "<h2 id=\"book-toc-title\">Contents</h2>",
    ] {
        assert!(chrome.contains(english), "{english} missing:\n{chrome}");
    }
    for french in [
        "Sommaire",
        "imprimer",
        "Retour à",
        "À jour au",
        "livret",
        "document à",
    ] {
        assert!(!chrome.contains(french), "{french} in:\n{chrome}");
    }
    assert!(!built().join("en/career/imprimer").exists());
    // English pages link to the English book.
    let section = html("en/career/index.html");
    assert!(
        section.contains("<p class=\"print-link\"><a href=\"/manuel-cm/en/career/print/\">"),
        "{section}"
    );
    assert!(!section.contains("imprimer/"), "{section}");
    // The French book keeps its address and its words.
    let french = html("parcours/imprimer/index.html");
    assert!(french.contains("<h2 id=\"book-toc-title\">Sommaire</h2>"));
    assert!(french.contains("— livret à imprimer · Manuel du community manager</title>"));
    assert!(html("parcours/index.html").contains("href=\"/manuel-cm/parcours/imprimer/\""));
}

#[test]
fn taxonomy_overviews_are_titled_and_introduced_in_english_from_their_translated_index() {
    // (URL segment, English title, start of the English text, French title)
    let overviews = [
        (
            "etapes",
            "Career stages",
            "The job is learned in steps.",
            "Étapes de carrière",
        ),
        (
            "secteurs",
            "Sectors",
            "A community manager does not work the same way",
            "Secteurs",
        ),
        (
            "competences-cles",
            "Key skills",
            "The handbook groups the many know-hows",
            "Compétences clés",
        ),
        (
            "mots-cles",
            "Keywords",
            "Keywords complete the sectors",
            "Mots-clés",
        ),
    ];
    for (url, title, text, french_title) in overviews {
        let english = html(&format!("en/{url}/index.html"));
        assert!(
            english.contains(&format!(
                "<title>{title} · The Community Manager Handbook</title>"
            )),
            "{url}: {english}"
        );
        assert!(
            english.contains(&format!("<h1>{title}</h1>")),
            "{url}: {english}"
        );
        assert!(
            english.contains(&format!("<span aria-current=\"page\">{title}</span>")),
            "{url}: breadcrumb"
        );
        assert!(english.contains(text), "{url}: {english}");
        assert!(!english.contains(french_title), "{url}: {english}");
        // A term page names its taxonomy in English too.
        let french = html(&format!("{url}/index.html"));
        assert!(
            french.contains(&format!("<h1>{french_title}</h1>")),
            "{url}: {french}"
        );
    }
    let term = html("en/etapes/junior/index.html");
    assert!(
        term.contains("<title>Junior · Career stages · The Community Manager Handbook</title>"),
        "{term}"
    );
}

#[test]
fn english_checklists_say_where_to_learn_an_item_and_label_its_box_in_english() {
    let english = html("en/checklists/junior/index.html");
    assert_eq!(
        english.matches(">Where to learn it</a>").count(),
        english.matches("class=\"learn-link\"").count(),
        "{english}"
    );
    assert!(english.contains("class=\"learn-link\""), "{english}");
    assert!(!english.contains("Où l’apprendre"), "{english}");
    assert!(
        english.contains(" disabled aria-label=\"status\">"),
        "{english}"
    );
    assert!(!english.contains("aria-label=\"état\""), "{english}");
    let french = html("competences/junior/index.html");
    assert!(french.contains(">Où l’apprendre</a>"), "{french}");
    assert!(
        french.contains(" disabled aria-label=\"état\">"),
        "{french}"
    );
}

#[test]
fn english_pay_bands_are_written_in_english_and_still_drawn_in_the_chart() {
    let english = html("en/etapes/index.html");
    assert!(english.contains(">€28k–35k a year</text>"), "{english}");
    assert!(english.contains(">€680 a month</text>"), "{english}");
    assert!(english.contains(">not published</text>"), "{english}");
    assert!(
        english.contains("Junior: 28,000 – 35,000 euros gross a year (BDM 2019"),
        "{english}"
    );
    assert!(english.contains(">€40k</text>"), "{english}");
    // The four yearly bands, as in French (a band in the default unit is yearly).
    let chart = part(&english, "class=\"salary-chart\"", "</figure>");
    assert_eq!(chart.matches("class=\"chart-bar\"").count(), 4, "{chart}");
    assert!(chart.contains(" Intern: 680 € a month"), "{chart}");
    for french in ["brut par an", "k€/an", "€/mois", "non publié", "Junior :"] {
        assert!(!english.contains(french), "{french} in the English map");
    }
    let glance = part(
        &html("en/career/junior/index.html"),
        "<aside class=\"stage-glance\"",
        "</aside>",
    )
    .to_owned();
    assert!(
        glance.contains("<dd>28,000 – 35,000 euros gross a year <span"),
        "{glance}"
    );
    let french = html("etapes/index.html");
    assert!(french.contains(">28–35 k€/an</text>"), "{french}");
    assert!(french.contains(">40 k€</text>"), "{french}");
    assert!(french.contains("Junior : 28\u{202f}000 – 35\u{202f}000 € brut par an"));
}

#[test]
fn english_redirects_and_term_descriptions_are_in_english() {
    let redirect = html("en/tags/index.html");
    assert!(
        redirect.starts_with("<!doctype html>\n<html lang=\"en\">"),
        "{redirect}"
    );
    assert!(redirect.contains("<title>Redirect</title>"), "{redirect}");
    assert!(redirect.contains("<p>This page has moved: <a href=\"/manuel-cm/en/mots-cles/\">"));
    let french = html("tags/index.html");
    assert!(french
        .contains("<html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Redirection</title>"));
    assert!(french.contains("<p>Cette page a déménagé : <a"), "{french}");
    // A term without a description of its own is described by its taxonomy and name.
    let term = html("en/mots-cles/carriere/index.html");
    assert!(
        term.contains("<meta name=\"description\" content=\"Keywords: Carrière\">"),
        "{term}"
    );
    let french = html("mots-cles/carriere/index.html");
    assert!(french.contains("<meta name=\"description\" content=\"Mots-clés : Carrière\">"));
}

#[test]
fn english_pages_hand_the_copy_button_its_english_words() {
    let english = html("en/about/index.html");
    let strings = part(
        &english,
        "<script type=\"application/json\" id=\"ui-strings\">",
        "</script>",
    );
    for pair in [
        "\"js_copy\":\"Copy\"",
        "\"js_copied\":\"Copied\"",
        "\"js_copy_which\":\" the{lang} code{n}\"",
    ] {
        assert!(strings.contains(pair), "{pair} missing: {strings}");
    }
    let reader = std::fs::read_to_string(built().join("reader.js")).unwrap();
    assert!(
        reader.contains("t(\"js_copy\", \"Copier\")"),
        "reader.js reads its words"
    );
}

#[test]
fn the_english_navigation_names_its_sections_in_english() {
    let home = html("en/index.html");
    let nav = part(&home, "<ul class=\"nav-list\">", "</ul>");
    for (url, title) in [
        ("career", "Career"),
        ("case-studies", "Case studies"),
        ("checklists", "Checklists"),
        ("start-here", "Start here"),
        ("job", "The job"),
    ] {
        assert!(
            nav.contains(&format!("<a href=\"/manuel-cm/en/{url}/\">{title}</a>")),
            "{title} missing:\n{nav}"
        );
    }
    for french in ["Études de cas", "Commencer ici"] {
        assert!(!nav.contains(french), "{french} in:\n{nav}");
    }
    // The sections' pages are still French, reachable under the English slugs, and marked.
    let cases = html("en/case-studies/index.html");
    assert!(cases.contains("<h1>Case studies</h1>"), "{cases}");
    assert!(cases.contains("href=\"/manuel-cm/en/case-studies/wendys-2017/\""));
    assert!(cases.contains("<span class=\"lang-badge\" lang=\"fr\">Français</span>"));
    assert!(html("etudes-de-cas/index.html").contains("<h1>Études de cas</h1>"));
}

#[test]
fn the_english_home_lists_english_articles_first_among_the_latest() {
    let home = html("en/index.html");
    let latest = part(&home, "<section class=\"latest\"", "</section>");
    let cards: Vec<&str> = latest.split("<li class=\"page-card").skip(1).collect();
    assert_eq!(cards.len(), 6, "{latest}");
    // The handbook has more than six English articles: none shown in French makes the list.
    assert!(
        cards.iter().all(|card| !card.contains("lang-badge")),
        "{latest}"
    );
}

/// The two-language fixture with `tests/bad/<case>/` laid over it, built once successfully
/// first: the failed build must say each line of the case's `expected.txt`, exit 1 and leave
/// the previous output as it was.
fn refused(case: &str) {
    let site = TestSite::copy_of("fixtures/base");
    common::overlay(
        &common::fixtures().join("fixtures/multilingual"),
        site.root(),
    );
    site.build_ok();
    let before = site.snapshot();
    let dir = common::fixtures().join("bad").join(case);
    common::overlay(&dir, site.root());
    let out = site.build();
    let err = common::stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for line in std::fs::read_to_string(dir.join("expected.txt"))
        .unwrap()
        .lines()
    {
        assert!(err.contains(line), "stderr lacks `{line}`:\n{err}");
    }
    assert!(before == site.snapshot(), "the previous output changed");
}

#[test]
fn an_english_page_at_the_english_books_url_is_refused() {
    refused("print_book_taken_in_english");
}

#[test]
fn a_print_slug_that_is_no_url_segment_is_refused_with_its_line() {
    refused("print_slug_not_a_segment");
}
