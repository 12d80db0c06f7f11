//! The search stage (src/search/, Pagefind): built from the rendered pages of real fixture
//! sites, with filters and headings, without print books, in the pages' language, the same
//! from `serve`'s rebuilds as from a clean build, and the same from one build to the next.
//! The query set itself runs in headless Chromium (tests/browser/search.mjs).

use std::collections::BTreeMap;
use std::path::Path;

use cmbook::pipeline::{render_site, BuildOptions};
use cmbook::serve::session::{read, Session};

mod common;

use common::pagefind::{files, record, records, unpack};
use common::TestSite;

fn built() -> TestSite {
    let site = TestSite::copy_of("fixtures/base");
    site.build_ok();
    site
}

#[test]
fn articles_are_indexed_with_their_filters_and_headings() {
    let site = built();
    let records = records(&site.public());
    let crise = record(&records, "/manuel/guide/crise/").expect("the article is indexed");
    assert_eq!(crise["meta"]["title"], "Gérer une crise");
    assert_eq!(crise["meta"]["kind"], "Article");
    assert_eq!(crise["filters"]["kind"], serde_json::json!(["article"]));
    assert_eq!(crise["filters"]["sector"], serde_json::json!(["luxe"]));
    assert_eq!(crise["filters"]["stage"], serde_json::json!(["senior"]));
    // Headings with ids give sub-results: a result can link to `#le-plan`.
    let anchors: Vec<&str> = crise["anchors"]
        .as_array()
        .expect("anchors")
        .iter()
        .filter_map(|a| a["id"].as_str())
        .collect();
    assert!(anchors.contains(&"le-plan"), "{anchors:?}");
    // The text is the article's, not the page's chrome (kind label, reading time, chips).
    let content = crise["content"].as_str().expect("content");
    assert!(
        content.contains("Une crise se prépare avant d’arriver"),
        "{content}"
    );
    assert!(!content.contains("min de lecture"), "{content}");
    // The filter files list every kind of page indexed.
    let kinds: Vec<&str> = records
        .iter()
        .filter_map(|r| r["filters"]["kind"][0].as_str())
        .collect();
    for kind in ["article", "checklist", "case_study"] {
        assert!(kinds.contains(&kind), "no {kind} in {kinds:?}");
    }
}

#[test]
fn lists_home_and_print_books_are_left_out() {
    let site = built();
    assert!(site.public().join("guide/imprimer/index.html").is_file());
    let urls: Vec<String> = records(&site.public())
        .iter()
        .map(|r| r["url"].as_str().unwrap().to_owned())
        .collect();
    for absent in [
        "/manuel/",
        "/manuel/guide/",
        "/manuel/guide/imprimer/",
        "/manuel/404.html",
    ] {
        assert!(!urls.iter().any(|u| u == absent), "{absent} in {urls:?}");
    }
    assert!(
        urls.iter().any(|u| u == "/manuel/guide/veille/"),
        "{urls:?}"
    );
}

#[test]
fn a_print_book_is_left_out_even_when_its_template_marks_it() {
    // A theme may mark every page for the index; the stage still leaves books out.
    let site = TestSite::copy_of("fixtures/base");
    let print = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/print.html"),
    )
    .unwrap();
    let marked = print.replacen("<body", "<body data-pagefind-body", 1);
    assert_ne!(marked, print, "print.html has a <body>");
    site.write("templates/print.html", marked);
    site.build_ok();
    assert!(site
        .html("guide/imprimer/index.html")
        .contains("data-pagefind-body"));
    let records = records(&site.public());
    assert!(record(&records, "/manuel/guide/imprimer/").is_none());
}

#[test]
fn the_index_follows_the_language_of_the_pages() {
    let site = built();
    let entry: serde_json::Value =
        serde_json::from_str(&site.html("pagefind/pagefind-entry.json")).unwrap();
    let languages: Vec<&String> = entry["languages"].as_object().unwrap().keys().collect();
    assert_eq!(languages, ["fr"]);
    assert!(site
        .public()
        .join("pagefind/cmbook-words.fr.9.json")
        .is_file());
    // Nothing assumes French: an English site gets an English index and word lists.
    let config = std::fs::read_to_string(site.root().join("cmbook.yaml")).unwrap();
    site.write(
        "cmbook.yaml",
        config.replace("language: fr", "language: en"),
    );
    site.build_ok();
    let entry: serde_json::Value =
        serde_json::from_str(&site.html("pagefind/pagefind-entry.json")).unwrap();
    let languages: Vec<&String> = entry["languages"].as_object().unwrap().keys().collect();
    assert_eq!(languages, ["en"]);
    assert!(site
        .public()
        .join("pagefind/cmbook-words.en.9.json")
        .is_file());
}

#[test]
fn each_language_gets_its_own_index_without_fallback_pages() {
    let site = TestSite::copy_of("fixtures/base");
    common::overlay(
        &common::fixtures().join("fixtures/multilingual"),
        site.root(),
    );
    site.build_ok();
    let entry: serde_json::Value =
        serde_json::from_str(&site.html("pagefind/pagefind-entry.json")).unwrap();
    let languages = entry["languages"].as_object().unwrap();
    assert_eq!(languages.keys().collect::<Vec<_>>(), ["en", "fr"]);
    let records = records(&site.public());
    // The translated page is in the index; the untranslated one shown in the English site
    // (French text under English chrome) is not: it is found once, as the French page.
    assert!(record(&records, "/manuel/en/guide-en/monitoring/").is_some());
    assert!(record(&records, "/manuel/en/guide-en/crise/").is_none());
    assert!(record(&records, "/manuel/guide/crise/").is_some());
    // Each language's index counts its own pages only.
    let english = records
        .iter()
        .filter(|r| r["url"].as_str().unwrap().starts_with("/manuel/en/"))
        .count();
    assert!(english > 0);
    assert_eq!(languages["en"]["page_count"], english);
    assert_eq!(
        languages["fr"]["page_count"].as_u64().unwrap() as usize,
        records.len() - english
    );
    // The search box speaks the page's language, scripts' strings included.
    let english_page = site.html("en/guide-en/monitoring/index.html");
    assert!(english_page.contains("placeholder=\"Search…\""));
    assert!(english_page.contains(">Case studies</button>"));
    assert!(english_page.contains("\"js_search_none\":\"No results for “{query}”.\""));
    let french_page = site.html("guide/veille/index.html");
    assert!(french_page.contains("placeholder=\"Rechercher…\""));
    assert!(french_page.contains(">Études de cas</button>"));
}

#[test]
fn typo_word_lists_hold_the_site_words_by_length() {
    let site = built();
    let words: Vec<String> =
        serde_json::from_str(&site.html("pagefind/cmbook-words.fr.5.json")).unwrap();
    assert!(words.iter().any(|w| w == "crise"), "{words:?}");
    assert!(words.iter().all(|w| w.len() == 5), "{words:?}");
}

#[test]
fn search_off_writes_no_index() {
    let site = TestSite::copy_of("fixtures/base");
    let config = std::fs::read_to_string(site.root().join("cmbook.yaml")).unwrap();
    site.write(
        "cmbook.yaml",
        config.replace("search: true", "search: false"),
    );
    site.build_ok();
    assert!(!site.public().join("pagefind").exists());
}

#[test]
fn two_clean_builds_write_the_same_index() {
    let site = built();
    let first = files(&site.public());
    assert!(first.iter().any(|(p, _)| p == "pagefind.js"));
    assert!(first.iter().any(|(p, _)| p.starts_with("fragment/")));
    // A cached build (pages reused from the first one) and a build from scratch.
    site.build_ok();
    assert_eq!(files(&site.public()), first, "cached build");
    let out = site.run(&["build", "--quiet", "--no-cache"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    assert_eq!(files(&site.public()), first, "clean build");
    // Fragments unpack to the records tests read.
    let (_, fragment) = first
        .iter()
        .find(|(p, _)| p.starts_with("fragment/"))
        .unwrap();
    assert!(!unpack(fragment).is_empty());
}

/// The index files among `files`, as bytes.
fn index_of(files: impl Iterator<Item = (String, Vec<u8>)>) -> BTreeMap<String, Vec<u8>> {
    files.filter(|(p, _)| p.starts_with("pagefind/")).collect()
}

#[test]
fn serve_rebuilds_give_the_index_of_a_clean_build() {
    let site = built();
    let root = site.root().to_owned();
    let base_url = "http://127.0.0.1:1111/";
    let options = BuildOptions {
        root: root.clone(),
        ..BuildOptions::default()
    };
    let clean = || {
        let options = BuildOptions {
            root: root.clone(),
            base_url: Some(base_url.into()),
            ..BuildOptions::default()
        };
        let (_, outputs) = render_site(&options, &|_, _| {}).expect("clean render");
        index_of(outputs.into_iter().map(|o| {
            let bytes = read(&o.content, Path::new("/")).unwrap().to_vec();
            (o.path, bytes)
        }))
    };
    let mut session = Session::new(options, base_url.into());
    let served = |files: &cmbook::serve::session::Files| {
        index_of(
            files
                .iter()
                .map(|(p, c)| (p.clone(), read(c, Path::new("/")).unwrap().to_vec())),
        )
    };
    let (files, _) = session.rebuild(&[]).expect("first build");
    let first = served(&files);
    assert!(first.contains_key("pagefind/pagefind.js"));
    assert_eq!(first, clean(), "first build");
    // A body edit: the page's record changes, and serve's index with it.
    let page = root.join("content/guide/crise.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("se prépare", "se planifie")).unwrap();
    let (files, _) = session
        .rebuild(std::slice::from_ref(&page))
        .expect("rebuild");
    let edited = served(&files);
    assert_ne!(edited, first, "the index did not follow the edit");
    assert_eq!(edited, clean(), "after a body edit");
}
