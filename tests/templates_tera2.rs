//! Templates on Tera 2 (issue #17): URLs written plainly, text still escaped, each page's card
//! rendered once and shared by every list, and template errors in `cmbook check`'s JSON with
//! their position and callers.

mod common;

use common::{cmbook, TestSite};

/// Every `.html` file of the built site, concatenated.
fn all_html(site: &TestSite) -> String {
    site.snapshot()
        .into_iter()
        .filter(|(path, _)| path.extension().is_some_and(|e| e == "html"))
        .map(|(_, bytes)| String::from_utf8(bytes).expect("utf-8 html"))
        .collect()
}

#[test]
fn urls_are_written_plainly_and_text_is_still_escaped() {
    let site = TestSite::copy_of("fixtures/base");
    site.write(
        "content/piege.md",
        "---\ntitle: \"L'<script>alert(1)</script> & co\"\ndescription: \"a \\\"b\\\" c\"\ndate: 2026-01-05\n---\nTexte.\n",
    );
    site.build_ok();
    let html = all_html(&site);
    assert!(!html.contains("&#x2F;"), "a `/` was escaped");
    assert!(html.contains("href=\"/"), "no plain root-relative link");
    let page = site.html("piege/index.html");
    assert!(
        page.contains(
            "<h1 id=\"page-title\">L&#39;&lt;script&gt;alert(1)&lt;/script&gt; &amp; co</h1>"
        ),
        "the title is not escaped as text:\n{page}"
    );
    assert!(!page.contains("<script>alert(1)"), "raw script in the page");
    assert!(
        page.contains(r#""headline":"L'\u003cscript>alert(1)\u003c/script> & co""#),
        "the JSON-LD headline is not JSON escaped for a script:\n{page}"
    );
    assert!(
        page.contains("content=\"a &quot;b&quot; c\""),
        "quotes in attributes"
    );
}

/// A site whose list shows whether each card came from the engine's shared `card` or was
/// rendered by the list itself.
fn site_marking_cards() -> TestSite {
    let site = TestSite::copy_of("fixtures/base");
    let components = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("themes/default/templates/partials/components.html"),
    )
    .expect("theme components");
    let marked = components.replace(
        "{{ p?.card or <page_card page={p} /> }}",
        "{% if p?.card %}<!-- shared -->{{ p.card }}{% else %}<!-- inline -->{{<page_card page={p} />}}{% endif %}",
    );
    assert_ne!(
        marked, components,
        "the theme's page_list changed: update this test"
    );
    site.write("templates/partials/components.html", marked);
    site
}

#[test]
fn every_list_shows_the_card_rendered_once_per_page() {
    let site = site_marking_cards();
    site.build_ok();
    let html = all_html(&site);
    let shared = html.matches("<!-- shared -->").count();
    assert!(shared > 0, "no list used the shared cards");
    assert_eq!(
        html.matches("<!-- inline -->").count(),
        0,
        "a list rendered its own cards"
    );
}

#[test]
fn a_card_that_fails_is_reported_with_the_list_page_that_shows_it() {
    let site = site_marking_cards();
    let path = site.root().join("templates/partials/components.html");
    let text = std::fs::read_to_string(&path).unwrap();
    site.write(
        "templates/partials/components.html",
        text.replace(
            "<h3 class=\"card-title\">",
            "<h3 class=\"card-title\" data-x=\"{{ p.pas_la }}\">",
        ),
    );
    let err = site.build_err();
    assert!(err.contains("Field `pas_la` is not defined"), "{err}");
    assert!(err.contains("templates/partials/components.html:"), "{err}");
    assert!(err.contains("while rendering"), "{err}");
}

#[test]
fn check_reports_template_errors_in_json_with_position_and_callers() {
    let site = TestSite::copy_of("fixtures/base");
    site.write(
        "templates/partials/encadres.html",
        "{% component encadre(texte) %}\n<aside>{{ texte.inexistant }}</aside>\n{% endcomponent encadre %}\n",
    );
    let base = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/base.html"),
    )
    .unwrap();
    site.write(
        "templates/base.html",
        base.replace(
            "{% block main %}{% endblock main %}",
            "{{<encadre texte={config} />}}{% block main %}{% endblock main %}",
        ),
    );
    let out = cmbook(&["check", "--format", "json"], site.root());
    assert_ne!(out.status.code(), Some(0));
    let report: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("check prints one JSON document");
    let d = &report["diagnostics"][0];
    assert_eq!(d["path"], "templates/partials/encadres.html", "{report:#}");
    assert_eq!(d["line"], 2, "{report:#}");
    assert!(
        d["message"].as_str().unwrap().contains("inexistant"),
        "{report:#}"
    );
    let note = d["notes"][0].as_str().unwrap_or_default();
    assert!(
        note.starts_with("called from templates/base.html:"),
        "{report:#}"
    );
}
