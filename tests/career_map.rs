//! The career map and the canonical stage pages (issue #21, part 1): a copy of this repository's
//! handbook is built with the real binary, then changed (a new stage, a pay band without its
//! source, a broken `{learn=…}` link) and built again.

mod common;

use common::TestSite;

/// A copy of the handbook (configuration and content, the compiled-in theme).
fn handbook() -> TestSite {
    let dir = tempfile::tempdir().expect("temp dir");
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(repo.join("cmbook.yaml"), dir.path().join("cmbook.yaml")).unwrap();
    common::overlay(&repo.join("content"), &dir.path().join("content"));
    TestSite { dir }
}

/// The `<svg class="map-svg map-wide" …>…</svg>` element of a page.
fn wide_map(html: &str) -> &str {
    let start = html
        .find("<svg class=\"map-svg map-wide\"")
        .expect("a wide career map");
    let len = html[start..].find("</svg>\n  <svg").expect("the map's end");
    &html[start..start + len]
}

fn read(site: &TestSite, rel: &str) -> String {
    std::fs::read_to_string(site.root().join(rel)).unwrap()
}

#[test]
fn the_map_draws_every_stage_and_side_path_from_the_content() {
    let site = handbook();
    site.build_ok();
    let html = site.html("etapes/index.html");
    let map = wide_map(&html);
    assert!(map.contains("role=\"group\"") && map.contains("<title id=\"map-wide-title\">"));
    let stages = [
        "Stagiaire",
        "Junior",
        "Confirmé",
        "Senior",
        "Social media manager",
        "Head of social",
    ];
    let mut at = 0;
    for name in stages {
        let found = map[at..]
            .find(&format!(">{name}</text>"))
            .unwrap_or_else(|| panic!("{name} missing or out of order in the map"));
        at += found;
    }
    // Each stage links to its canonical page, the parcours page.
    assert!(
        map.contains("<a href=\"/manuel-cm/parcours/junior/\">\n        <text class=\"map-name\"")
    );
    for side in [
        "Community manager freelance",
        "Modérateur de communautés en ligne",
        "Analyste veille et e-réputation",
        "Social media analyst",
    ] {
        assert!(map.contains(&format!(">{side}</text>")), "side path {side}");
    }
    assert_eq!(map.matches("class=\"map-branch\"").count(), 4);
    // The list under the map gives each band with its source and year.
    assert!(html.contains("28\u{202f}000 – 35\u{202f}000 € brut par an</span> <span class=\"map-source\">(source : <a href=\"https://www.lesjeudis.com/"));
    assert!(html.contains(">BDM 2019 (Courrier Cadres) et Apec (Les Jeudis)</a>, 2019)"));
    // The progress meter is there for site.js to fill, per stage checklist.
    assert!(map.contains("data-checklist-url=\"/manuel-cm/competences/junior/\" data-total=\"24\""));
    // The salary chart comes from the same data: four yearly bands (not the gratification,
    // nor the stage without a published band).
    let chart = &html[html.find("class=\"salary-chart\"").expect("salary chart")..];
    assert_eq!(chart.matches("class=\"chart-bar\"").count(), 4);
    assert!(chart.contains("Junior : 28\u{202f}000 – 35\u{202f}000 € brut par an (BDM 2019"));
}

#[test]
fn a_new_stage_file_appears_in_the_map() {
    let site = handbook();
    let config = read(&site, "cmbook.yaml").replace(
        "social-media-manager, head-of-social]",
        "social-media-manager, head-of-social, directeur]",
    );
    site.write("cmbook.yaml", config);
    site.write(
        "content/career_stages/directeur.md",
        "---\ntitle: Directeur de la communication\nextra:\n  years: \"12 ans et plus\"\n  change: \"On répond de toute la communication.\"\n  pay: {low: 70000, high: 90000, source: \"Enquête fictive\", year: 2025}\n---\n\nTexte.\n",
    );
    site.build_ok();
    let html = site.html("etapes/index.html");
    let map = wide_map(&html);
    assert!(
        map.contains(">Directeur de la communication</text>"),
        "{map}"
    );
    assert!(map.contains(">12 ans et plus</text>"));
    assert!(map.contains(">70–90 k€/an</text>"));
    assert!(html.contains("On répond de toute la communication."));
    assert!(html.contains("(source : Enquête fictive, 2025)"));
    // Without a stage page it links to its term page.
    assert!(map.contains("href=\"/manuel-cm/etapes/directeur/\""));
    assert_eq!(map.matches("class=\"map-node\"").count(), 7);
}

#[test]
fn a_pay_band_without_its_source_is_an_error_naming_the_term_file() {
    let site = handbook();
    let stage = read(&site, "content/career_stages/junior.md").replace(
        ", source: \"BDM 2019 (Courrier Cadres) et Apec (Les Jeudis)\"",
        "",
    );
    site.write("content/career_stages/junior.md", stage);
    let before = site.snapshot();
    let err = site.build_err();
    assert!(
        err.contains("content/career_stages/junior.md: `extra.pay` needs a `source`"),
        "{err}"
    );
    assert_eq!(
        before,
        site.snapshot(),
        "a failed build leaves the output untouched"
    );
}

#[test]
fn the_parcours_page_is_the_canonical_stage_page() {
    let site = handbook();
    site.build_ok();
    let page = site.html("parcours/junior/index.html");
    let glance = &page[page
        .find("class=\"stage-glance\"")
        .expect("at-a-glance box")..];
    assert!(glance.contains("<dd>0 à 2 ans</dd>"));
    assert!(glance.contains("28\u{202f}000 – 35\u{202f}000 € brut par an"));
    assert!(glance.contains("href=\"/manuel-cm/competences/junior/\""));
    assert!(glance.contains("data-checklist-url=\"/manuel-cm/competences/junior/\""));
    // The stage's pages, grouped by kind, the stage page itself left out.
    let pages = &page[page.find("class=\"stage-pages\"").expect("pages by kind")..];
    for kind in ["<h3>Articles", "<h3>Checklists", "<h3>Études de cas"] {
        assert!(pages.contains(kind), "{kind}");
    }
    assert!(!pages.contains("href=\"/manuel-cm/parcours/junior/\""));
    assert!(pages.contains("href=\"/manuel-cm/competences/junior/\""));
    // A side path is no stage page: no box there.
    assert!(!site
        .html("parcours/freelance/index.html")
        .contains("stage-glance"));
    // The term page points to the canonical page.
    let term = site.html("etapes/junior/index.html");
    let pointer = &term[term.find("class=\"stage-pointer\"").expect("pointer")..];
    assert!(pointer.contains("href=\"/manuel-cm/parcours/junior/\""));
}

#[test]
fn learn_links_resolve_and_a_broken_one_is_an_error_with_its_position() {
    let site = handbook();
    site.build_ok();
    let list = site.html("competences/junior/index.html");
    assert!(list.contains(
        "ni doublon <a class=\"learn-link\" href=\"/manuel-cm/metier/ligne-editoriale/\">Où l’apprendre</a>"
    ));
    assert!(!list.contains("{learn="), "no marker left in the page");
    assert_eq!(list.matches("class=\"learn-link\"").count(), 22);

    let text = read(&site, "content/competences/junior.md").replacen(
        "{learn=@/metier/ligne-editoriale.md}",
        "{learn=@/metier/ligne-editorial.md}",
        1,
    );
    site.write("content/competences/junior.md", text);
    let err = site.build_err();
    assert!(
        err.contains("broken link `@/metier/ligne-editorial.md`"),
        "{err}"
    );
    assert!(err.contains("content/competences/junior.md:15:"), "{err}");
    assert!(
        err.contains("did you mean `@/metier/ligne-editoriale.md`?"),
        "{err}"
    );
}

#[test]
fn the_english_map_speaks_english_and_the_french_one_french() {
    let site = handbook();
    site.build_ok();
    let english = site.html("en/etapes/index.html");
    assert!(
        wide_map(&english).contains("Career map: 6 stages"),
        "{english}"
    );
    assert!(english.contains(">Side paths<"), "{english}");
    assert!(!english.contains("Carte des métiers"), "{english}");
    assert!(!english.contains("Parcours de côté"), "{english}");
    let french = site.html("etapes/index.html");
    assert!(
        wide_map(&french).contains("Carte des métiers : 6 étapes"),
        "{french}"
    );
    assert!(french.contains(">Parcours de côté<"), "{french}");
}
