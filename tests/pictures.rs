//! Pictures (issue #21, part 5): case-study timelines, image sizes and lazy loading, the alt
//! text warning, and the per-section social card. A copy of this repository's handbook is
//! built with the real binary and its HTML read back.

mod common;

use common::TestSite;

/// A copy of the handbook (configuration, content and the site's static files).
fn handbook() -> TestSite {
    let dir = tempfile::tempdir().expect("temp dir");
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(repo.join("cmbook.yaml"), dir.path().join("cmbook.yaml")).unwrap();
    common::overlay(&repo.join("content"), &dir.path().join("content"));
    common::overlay(&repo.join("static"), &dir.path().join("static"));
    TestSite { dir }
}

#[test]
fn a_case_timeline_is_an_ordered_list_of_dated_events() {
    let site = handbook();
    site.build_ok();
    let html = site.html("etudes-de-cas/united-breaks-guitars-2009/index.html");
    let timeline = &html[html
        .find("<section class=\"timeline\"")
        .expect("a timeline")..];
    let timeline = &timeline[..timeline.find("</section>").unwrap()];
    assert!(timeline.contains("<ol class=\"timeline-list\">"));
    assert!(timeline
        .contains("<time class=\"timeline-date\" datetime=\"2009-07-06\">6 juillet 2009</time>"));
    assert!(timeline.contains("datetime=\"2009-08\">août 2009</time>"));
    assert_eq!(timeline.matches("<li class=\"timeline-event\">").count(), 3);
}

#[test]
fn a_timeline_out_of_order_is_an_error_at_its_key() {
    let site = handbook();
    let path = site.root().join("content/etudes-de-cas/kfc-fck-2018.md");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("date: \"2018-06\"", "date: \"2017-06\"");
    std::fs::write(&path, text).unwrap();
    let err = site.build_err();
    assert!(
        err.contains("timeline event `2017-06` comes before `2018-02-23`"),
        "{err}"
    );
    assert!(
        err.contains("content/etudes-de-cas/kfc-fck-2018.md:"),
        "{err}"
    );
}

#[test]
fn images_get_their_size_lazy_loading_and_alt() {
    let site = handbook();
    site.build_ok();
    let html = site.html("metier/moderation-et-charte/index.html");
    let start = html
        .find("<img src=\"/manuel-cm/metier/schemas/arbre-moderation.svg\"")
        .expect("the tree");
    let img = &html[start..start + html[start..].find('>').unwrap()];
    assert!(
        img.contains("alt=\"Arbre de décision de la modération"),
        "{img}"
    );
    assert!(img.contains("width=\"440\" height=\"852\""), "{img}");
    assert!(img.contains("loading=\"lazy\""), "{img}");
    let dash = site.html("metier/reporting/index.html");
    assert!(dash.contains("tableau-de-bord-exemple.svg\" alt=\"Exemple de tableau de bord mensuel aux chiffres inventés"));
    assert!(dash.contains("width=\"480\" height=\"600\" loading=\"lazy\""));
}

#[test]
fn an_image_without_alt_is_a_check_warning_with_its_line() {
    let site = handbook();
    let path = site.root().join("content/metier/reporting.md");
    let text = std::fs::read_to_string(&path).unwrap().replace(
        "![Exemple de tableau de bord mensuel aux chiffres inventés",
        "![](x.svg) ![Exemple de tableau de bord mensuel aux chiffres inventés",
    );
    std::fs::write(&path, text).unwrap();
    let out = site.run(&["check"]);
    let err = common::stderr(&out);
    assert!(err.contains("content/metier/reporting.md:"), "{err}");
    assert!(err.to_lowercase().contains("alt"), "{err}");
}

#[test]
fn pages_share_with_their_section_card() {
    let site = handbook();
    site.build_ok();
    let page = site.html("metier/reporting/index.html");
    assert!(page.contains(
        "<meta property=\"og:image\" content=\"https://example.org/manuel-cm/og/metier.png\">"
    ));
    assert!(page.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"));
    let home = site.html("index.html");
    assert!(home.contains("content=\"https://example.org/manuel-cm/og/manuel.png\""));
    let png = std::fs::read(site.public().join("og/metier.png")).expect("card copied");
    let size = imagesize::blob_size(&png).expect("a PNG");
    assert_eq!((size.width, size.height), (1200, 630));
}
