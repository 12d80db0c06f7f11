//! Multilingual sites: the fixture `base` with `multilingual` laid over it, French by default
//! and English under `/en/` (a translated page, a translated section slug, an untranslated
//! page, a translated checklist and term text).

mod common;

use std::path::Path;

use common::{overlay, TestSite};

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The base fixture with the English translations and `languages` laid over it, built.
fn built_site() -> TestSite {
    let site = TestSite::copy_of("fixtures/base");
    overlay(
        &common::fixtures().join("fixtures/multilingual"),
        site.root(),
    );
    site.build_ok();
    site
}

fn page(site: &TestSite, path: &str) -> String {
    read(&site.public().join(path).join("index.html"))
}

#[test]
fn translations_live_under_the_language_prefix_with_translated_slugs() {
    let site = built_site();
    let english = page(&site, "en/guide-en/monitoring");
    assert!(english.contains("<html lang=\"en\""), "{english}");
    assert!(english.contains("Monitoring is a community manager"));
    assert!(english.contains("<title>Monitoring · Test handbook</title>"));
    // The French original keeps its URL, language and title.
    let french = page(&site, "guide/veille");
    assert!(french.contains("<html lang=\"fr\""));
    assert!(french.contains("La veille"));
    assert!(!site.public().join("en/guide/veille").exists());
}

#[test]
fn an_untranslated_page_is_shown_in_french_under_english_chrome_never_a_404() {
    let site = built_site();
    let fallback = page(&site, "en/guide-en/crise");
    assert!(fallback.contains("<html lang=\"en\""));
    assert!(fallback.contains("<main id=\"contenu\" tabindex=\"-1\" lang=\"fr\">"));
    assert!(fallback.contains("has not been translated into English yet"));
    assert!(fallback.contains("Une crise se prépare"));
    // Its canonical page is the French one, so search engines see no duplicate.
    assert!(fallback
        .contains("<link rel=\"canonical\" href=\"https://example.org/manuel/guide/crise/\">"));
    // The French page shows no notice.
    assert!(!page(&site, "guide/crise").contains("notice-untranslated"));
}

#[test]
fn links_lead_to_the_version_in_the_language_of_the_page() {
    let site = built_site();
    let home = page(&site, "en");
    assert!(
        home.contains("href=\"/manuel/en/guide-en/monitoring/\""),
        "{home}"
    );
    assert!(home.contains("href=\"/manuel/en/guide-en/crise/\""));
    let english = page(&site, "en/guide-en/monitoring");
    assert!(english.contains("href=\"/manuel/en/guide-en/crise/#le-plan\""));
    assert!(english.contains("href=\"/manuel/en/fiches/junior/\""));
    // A French page links to French pages.
    let french_home = page(&site, "");
    assert!(french_home.contains("href=\"/manuel/guide/veille/\""));
    assert!(!french_home.contains("href=\"/manuel/en/guide-en/monitoring/\">la veille"));
}

#[test]
fn hreflang_alternates_name_real_translations_only() {
    let site = built_site();
    let french = page(&site, "guide/veille");
    assert!(french.contains(
        "<link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/manuel/en/guide-en/monitoring/\">"
    ));
    assert!(french.contains(
        "<link rel=\"alternate\" hreflang=\"x-default\" href=\"https://example.org/manuel/guide/veille/\">"
    ));
    let untranslated = page(&site, "guide/crise");
    assert!(
        !untranslated.contains("hreflang=\"en\" href"),
        "{untranslated}"
    );
}

#[test]
fn the_language_switcher_lands_on_the_same_page_in_the_other_language() {
    let site = built_site();
    let switcher = |html: &str| {
        let start = html.find("<nav class=\"lang-switch\"").expect("a switcher");
        html[start..start + html[start..].find("</nav>").unwrap()].to_owned()
    };
    let french = switcher(&page(&site, "guide/veille"));
    assert!(
        french.contains(
            "<a href=\"/manuel/en/guide-en/monitoring/\" hreflang=\"en\" lang=\"en\">English</a>"
        ),
        "{french}"
    );
    assert!(french.contains("<a href=\"/manuel/guide/veille/\" hreflang=\"fr\" lang=\"fr\" aria-current=\"true\">Français</a>"));
    // An untranslated page still has an English page to land on.
    assert!(switcher(&page(&site, "guide/crise")).contains("href=\"/manuel/en/guide-en/crise/\""));
    // Term pages and sections too.
    assert!(switcher(&page(&site, "sectors/sante")).contains("href=\"/manuel/en/sectors/sante/\""));
    assert!(switcher(&page(&site, "en/guide-en")).contains("href=\"/manuel/guide/\""));
}

#[test]
fn one_sitemap_lists_alternates_and_leaves_fallbacks_out() {
    let site = built_site();
    let sitemap = read(&site.public().join("sitemap.xml"));
    assert!(sitemap.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
    assert!(sitemap.contains("<loc>https://example.org/manuel/en/guide-en/monitoring/</loc>"));
    assert!(sitemap.contains("<xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/manuel/en/guide-en/monitoring/\"/>"));
    assert!(!sitemap.contains("<loc>https://example.org/manuel/en/guide-en/crise/</loc>"));
    assert!(sitemap.contains("<loc>https://example.org/manuel/guide/crise/</loc>"));
}

#[test]
fn each_language_has_its_own_feed_of_its_own_pages() {
    let site = built_site();
    let english = read(&site.public().join("en/atom.xml"));
    assert!(english.contains("xml:lang=\"en\""));
    assert!(english.contains("<title>Monitoring</title>"));
    assert!(
        !english.contains("Gérer une crise"),
        "fallbacks are not English entries"
    );
    let french = read(&site.public().join("atom.xml"));
    assert!(french.contains("<title>La veille</title>"));
    assert!(!french.contains("<title>Monitoring</title>"));
    assert!(page(&site, "en").contains("href=\"/manuel/en/atom.xml\""));
}

#[test]
fn checklist_progress_is_kept_under_the_french_page_in_every_language() {
    let site = built_site();
    let data = |html: &str| {
        let start = html.find("id=\"checklist-data\">").expect("checklist data") + 20;
        html[start..start + html[start..].find("</script>").unwrap()].to_owned()
    };
    let french = data(&page(&site, "fiches/junior"));
    let english = data(&page(&site, "en/fiches/junior"));
    assert!(english.contains("\"page\":\"fiches/junior/\""), "{english}");
    // Same item ids in both languages, so the same ticks.
    let ids = |d: &str| d[d.find("\"groups\"").unwrap()..].replace("Monitoring", "Veille");
    assert_eq!(ids(&french).matches("\"items\"").count(), 2);
    for id in ["publier-chaque-jour", "repondre", "suivre-trois-sources"] {
        assert!(french.contains(id) && english.contains(id), "{id}");
    }
    // Cards of English lists read the same store.
    let list = page(&site, "en/fiches");
    assert!(
        list.contains("data-checklist-store=\"fiches/junior/\""),
        "{list}"
    );
}

#[test]
fn taxonomies_are_per_language_with_translated_term_texts() {
    let site = built_site();
    let health = page(&site, "en/sectors/sante");
    assert!(health.contains("Health calls for"), "{health}");
    assert!(health.contains("href=\"/manuel/en/guide-en/monitoring/\""));
    assert!(!health.contains("href=\"/manuel/guide/veille/\""));
    assert!(page(&site, "sectors/sante").contains("La santé impose"));
}

#[test]
fn english_lists_mark_the_pages_shown_in_french() {
    let site = built_site();
    let guide = page(&site, "en/guide-en");
    assert!(
        guide.contains("<span class=\"lang-badge\" lang=\"fr\">Français</span>"),
        "{guide}"
    );
    assert!(!page(&site, "guide").contains("lang-badge"));
}

#[test]
fn interface_strings_follow_the_language_and_a_site_may_replace_them() {
    let site = TestSite::copy_of("fixtures/base");
    overlay(
        &common::fixtures().join("fixtures/multilingual"),
        site.root(),
    );
    site.write("i18n/en.yaml", "skip_to_content: Jump to the text\n");
    site.build_ok();
    assert!(page(&site, "en").contains(">Jump to the text<"));
    assert!(
        page(&site, "en").contains(">Main navigation<")
            || page(&site, "en").contains("aria-label=\"Main navigation\"")
    );
    assert!(page(&site, "").contains(">Aller au contenu<"));
}

#[test]
fn a_strings_file_that_is_not_a_map_of_texts_is_refused_with_its_line() {
    let site = TestSite::copy_of("fixtures/base");
    overlay(
        &common::fixtures().join("fixtures/multilingual"),
        site.root(),
    );
    site.write("i18n/en.yaml", "menu: Menu\nskip_to_content: [a, b]\n");
    let err = site.build_err();
    assert!(err.contains("`skip_to_content` must be a text"), "{err}");
    assert!(err.contains("i18n/en.yaml:2:1"), "{err}");
    assert!(!site.public().exists(), "nothing written");
}

#[test]
fn a_language_code_that_is_not_a_tag_is_refused_in_the_configuration() {
    let site = TestSite::copy_of("fixtures/base");
    let config = read(&site.root().join("cmbook.yaml")).replace(
        "language: fr\n",
        "language: fr\nlanguages:\n  English: {title: E}\n",
    );
    site.write("cmbook.yaml", config);
    let err = site.build_err();
    assert!(
        err.contains("language code `English` is not a language tag"),
        "{err}"
    );
    assert!(err.contains("cmbook.yaml:6:1"), "{err}");
}

/// The multilingual fixture, not built.
fn multilingual_site() -> TestSite {
    let site = TestSite::copy_of("fixtures/base");
    overlay(
        &common::fixtures().join("fixtures/multilingual"),
        site.root(),
    );
    site
}

fn check(site: &TestSite, args: &[&str]) -> (bool, String) {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    let out = site.run(&all);
    (
        out.status.success(),
        common::stderr(&out) + &String::from_utf8_lossy(&out.stdout),
    )
}

#[test]
fn check_lists_untranslated_pages_as_information_unless_the_language_requires_them() {
    let site = multilingual_site();
    // The base fixture holds one warning of its own (a heading id used twice).
    let (_, text) = check(&site, &["--deny-warnings"]);
    assert!(
        text.contains("0 errors, 1 warnings"),
        "information is not a warning:\n{text}"
    );
    assert!(text.contains("info: "), "{text}");
    assert!(text.contains("not translated into English (en)"), "{text}");
    assert!(text.contains("guide/crise.md"), "{text}");
    assert!(
        !text.contains("guide/veille.md,"),
        "veille is translated:\n{text}"
    );

    let config = read(&site.root().join("cmbook.yaml")).replace(
        "    description: A small site for the tests\n",
        "    description: A small site for the tests\n    require_translations: true\n",
    );
    site.write("cmbook.yaml", config);
    let (ok, text) = check(&site, &["--deny-warnings"]);
    assert!(!ok, "required translations fail --deny-warnings:\n{text}");
    assert!(text.contains("0 errors, 2 warnings"), "{text}");
    assert!(
        text.contains("warning: ") && text.contains("not translated into English"),
        "{text}"
    );
}

#[test]
fn check_warns_about_orphaned_outdated_and_mismatched_translations() {
    let site = multilingual_site();
    site.write(
        "content/guide/disparu.en.md",
        "---\ntitle: Gone\ndescription: Orphaned.\ndate: 2026-01-01\n---\nIts original was deleted.\n",
    );
    // The original was updated after its translation was written.
    let veille = read(&site.root().join("content/guide/veille.md")).replace(
        "date: 2026-03-01\n",
        "date: 2026-03-01\nupdated: 2026-06-01\n",
    );
    site.write("content/guide/veille.md", veille);
    let junior =
        read(&site.root().join("content/fiches/junior.en.md")).replace("{#repondre}", "{#answer}");
    site.write("content/fiches/junior.en.md", junior);
    let (_, text) = check(&site, &[]);
    assert!(
        text.contains("this translates content/guide/disparu.md, which does not exist"),
        "{text}"
    );
    assert!(text.contains("content/guide/disparu.en.md"), "{text}");
    assert!(
        text.contains("is older than its original content/guide/veille.md"),
        "{text}"
    );
    assert!(text.contains("content/guide/veille.en.md:4:1"), "{text}");
    assert!(
        text.contains("missing ids [repondre], unknown ids [answer]"),
        "{text}"
    );
}

#[test]
fn a_one_language_site_gets_no_language_markup() {
    let site = TestSite::copy_of("fixtures/base");
    site.build_ok();
    let html = page(&site, "guide/veille");
    for absent in [
        "hreflang",
        "lang-switch",
        "notice-untranslated",
        "data-checklist-store",
    ] {
        assert!(!html.contains(absent), "{absent}");
    }
    assert!(!read(&site.public().join("sitemap.xml")).contains("xhtml"));
    assert!(!site.public().join("en").exists());
}

#[test]
fn page_chrome_cards_and_script_strings_are_in_the_page_language() {
    let site = built_site();
    let english = page(&site, "en/guide-en/monitoring");
    assert!(english.contains("aria-label=\"Breadcrumb\""), "{english}");
    assert!(english.contains(" min read<"), "{english}");
    assert!(!english.contains("min de lecture"), "{english}");
    assert!(english.contains("\"js_done\":\"Done\""), "{english}");
    // The reading aids (section sidebar, page foot) too.
    assert!(english.contains(">In this section<"), "{english}");
    assert!(!english.contains("Dans cette section"), "{english}");
    let french = page(&site, "guide/veille");
    assert!(
        french.contains("aria-label=\"Fil d&#39;Ariane\""),
        "{french}"
    );
    assert!(french.contains(" min de lecture<"), "{french}");
    assert!(french.contains("\"js_done\":\"Fait\""), "{french}");
    assert!(french.contains(">Dans cette section<"), "{french}");
    // Cards listed on an English section page say their reading time in English.
    let section = page(&site, "en/guide-en");
    assert!(section.contains(" min read"), "{section}");
    assert!(!section.contains("min de lecture"), "{section}");
}
