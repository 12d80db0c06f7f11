//! Reading aids (issue #21 parts 2 and 6), on copies of `tests/fixtures/base`: the section
//! sidebar, term pages grouped by kind, taxonomy URL segments with redirects from the old URLs,
//! term names instead of slugs, the last update and the "edit this page" link; and the
//! configuration errors of `url:` and `edit_url:` (`tests/bad/<case>/`, as in `bad_input.rs`).

mod common;

use common::{fixtures, overlay, stderr, TestSite};

/// The base site's configuration.
fn base_config() -> String {
    std::fs::read_to_string(fixtures().join("fixtures/base/cmbook.yaml")).unwrap()
}

/// The base site with `sectors` at `/secteurs/` and `tags` at `/mots-cles/`.
fn moved_site() -> TestSite {
    let site = TestSite::copy_of("fixtures/base");
    let config = base_config()
        .replace(
            "  - name: sectors\n    title: Secteurs\n",
            "  - name: sectors\n    title: Secteurs\n    url: secteurs\n",
        )
        .replace(
            "  - name: tags\n    title: Mots-clés\n",
            "  - name: tags\n    title: Mots-clés\n    url: mots-cles\n",
        );
    assert!(config.contains("url: secteurs") && config.contains("url: mots-cles"));
    site.write("cmbook.yaml", config);
    site
}

/// An article with extra front-matter lines.
fn article(title: &str, front: &str) -> String {
    format!("---\ntitle: {title}\ndescription: Description de {title}.\n{front}---\nTexte de {title}.\n")
}

/// The part of `html` from `start` to the next `end` after it.
#[track_caller]
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("no {start:?} in:\n{html}"));
    let rest = &html[from..];
    &rest[..rest.find(end).map_or(rest.len(), |e| e + end.len())]
}

/// The links of a fragment: (href, text, whether it has `aria-current="page"`).
fn links(fragment: &str) -> Vec<(String, String, bool)> {
    fragment
        .split("<a href=\"")
        .skip(1)
        .map(|rest| {
            let href = rest[..rest.find('"').unwrap()].to_owned();
            let tag_end = rest.find('>').unwrap();
            let current = rest[..tag_end].contains("aria-current=\"page\"");
            let text = &rest[tag_end + 1..rest.find("</a>").unwrap()];
            (href, text.to_owned(), current)
        })
        .collect()
}

#[test]
fn the_sidebar_lists_the_section_in_its_order_and_marks_the_current_page() {
    let site = TestSite::copy_of("fixtures/base");
    // Weight 5 puts it first; by title or date it would not be.
    site.write(
        "content/guide/zeta.md",
        article("Zêta, lue en premier", "date: 2026-01-01\nweight: 5\n"),
    );
    site.build_ok();
    let html = site.html("guide/veille/index.html");
    let sidebar = between(&html, "<nav class=\"section-sidebar\"", "</nav>");
    assert!(sidebar.contains(">Le guide</span>"), "{sidebar}");
    let list = between(sidebar, "<ol class=\"sidebar-list\"", "</ol>");
    let listed = links(list);
    let titles: Vec<&str> = listed.iter().map(|(_, t, _)| t.as_str()).collect();
    assert_eq!(
        titles,
        ["Zêta, lue en premier", "La veille", "Gérer une crise"]
    );
    let current: Vec<&str> = listed
        .iter()
        .filter(|(_, _, c)| *c)
        .map(|(h, _, _)| h.as_str())
        .collect();
    assert_eq!(current, ["/manuel/guide/veille/"]);
    // Position and count, and a closed <details> (collapsed on phones, works without JS).
    assert!(
        sidebar.contains("2<span aria-hidden=\"true\">/</span>"),
        "{sidebar}"
    );
    assert!(sidebar.contains("<details class=\"sidebar-details\" data-sidebar>"));
    // The same list on the next page, marking that one.
    let crise = site.html("guide/crise/index.html");
    let listed = links(between(&crise, "<ol class=\"sidebar-list\"", "</ol>"));
    assert!(listed[2].2 && !listed[1].2, "{listed:?}");
    // A page of the home section belongs to no chapter: no sidebar.
    assert!(!site
        .html("a-propos/index.html")
        .contains("class=\"section-sidebar\""));
}

#[test]
fn a_term_page_groups_its_pages_by_kind() {
    let site = TestSite::copy_of("fixtures/base");
    site.write(
        "content/fiches/luxe.md",
        "---\ntitle: Checklist du luxe\nsectors: [luxe]\n---\n## A\n\n- [ ] Un item\n",
    );
    site.write(
        "content/cas/luxe.md",
        "---\ntitle: Un cas de luxe\ndescription: Un cas.\ndate: 2026-02-01\nbrand: Maison\n\
         year: 2020\nchannels: [instagram]\noutcome: crise\nsources:\n  - {title: S, url: \"https://example.org/s\"}\nsectors: [luxe]\n---\n## Contexte\n\nLe contexte.\n",
    );
    site.build_ok();
    let html = site.html("sectors/luxe/index.html");
    let groups: Vec<&str> = html
        .split("data-kind-group=\"")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect();
    assert_eq!(groups, ["article", "case_study", "checklist"]);
    let of = |kind: &str| {
        let group = between(&html, &format!("data-kind-group=\"{kind}\""), "</section>");
        links(group)
            .into_iter()
            .map(|(_, t, _)| t)
            .collect::<Vec<_>>()
    };
    assert_eq!(of("article"), ["Gérer une crise", "La veille"]);
    assert_eq!(of("case_study"), ["Un cas de luxe"]);
    assert_eq!(of("checklist"), ["Checklist du luxe"]);
    // The filter exists for JavaScript, hidden without it: every group shows.
    let filter = between(&html, "<div class=\"kind-filter\"", "</div>");
    assert!(filter.contains(" hidden>"), "{filter}");
    assert!(filter.contains("data-kind=\"case_study\""), "{filter}");
    // One kind only: no filter.
    assert!(!site
        .html("sectors/agroalimentaire/index.html")
        .contains("class=\"kind-filter\""));
}

#[test]
fn taxonomies_live_at_their_url_segment_and_their_old_urls_redirect() {
    let site = moved_site();
    site.write(
        "content/guide/troisieme.md",
        article(
            "Troisième",
            "date: 2026-02-01\nweight: 30\ntags: [veille]\n",
        ),
    );
    site.build_ok();
    let term = site.html("secteurs/sante/index.html");
    assert!(term
        .contains("<link rel=\"canonical\" href=\"https://example.org/manuel/secteurs/sante/\">"));
    assert!(site.public().join("secteurs/index.html").is_file());
    assert!(site
        .public()
        .join("mots-cles/veille/page/2/index.html")
        .is_file());
    // Pages link to the new URLs.
    let veille = site.html("guide/veille/index.html");
    assert!(
        veille.contains("href=\"/manuel/secteurs/sante/\""),
        "{veille}"
    );
    assert!(veille.contains("href=\"/manuel/mots-cles/veille/\""));
    assert!(!veille.contains("/manuel/sectors/") && !veille.contains("/manuel/tags/"));
    // Every list page of the old address redirects to its new one.
    for (old, new) in [
        ("sectors/index.html", "/manuel/secteurs/"),
        ("sectors/sante/index.html", "/manuel/secteurs/sante/"),
        ("sectors/luxe/index.html", "/manuel/secteurs/luxe/"),
        ("tags/veille/index.html", "/manuel/mots-cles/veille/"),
        (
            "tags/veille/page/2/index.html",
            "/manuel/mots-cles/veille/page/2/",
        ),
    ] {
        let page = site.html(old);
        assert!(
            page.contains(&format!(
                "<meta http-equiv=\"refresh\" content=\"0; url={new}\">"
            )),
            "{old} does not redirect to {new}:\n{page}"
        );
    }
    // A taxonomy that keeps its name writes no redirect.
    assert!(site
        .public()
        .join("career_stages/junior/index.html")
        .is_file());
    let junior = site.html("career_stages/junior/index.html");
    assert!(!junior.contains("http-equiv=\"refresh\""));
}

#[test]
fn a_term_is_named_by_its_spelling_not_its_slug_whatever_page_comes_first() {
    let site = TestSite::copy_of("fixtures/base");
    // `aa-relation.md`, read first, writes the slug; `zz-relation.md` writes the name.
    site.write(
        "content/guide/zz-relation.md",
        article(
            "Relation",
            "date: 2026-02-01\nweight: 40\ntags: [Service client]\n",
        ),
    );
    site.write(
        "content/guide/aa-relation.md",
        article(
            "Relation bis",
            "date: 2026-02-02\nweight: 41\ntags: [service-client]\n",
        ),
    );
    site.build_ok();
    for page in [
        "guide/aa-relation/index.html",
        "guide/zz-relation/index.html",
    ] {
        let html = site.html(page);
        assert!(
            html.contains("href=\"/manuel/tags/service-client/\">Service client</a>"),
            "{page} shows the slug:\n{}",
            between(&html, "<footer class=\"page-foot\"", "</footer>")
        );
    }
    assert!(!site.html("tags/index.html").contains(">service-client</a>"));
}

#[test]
fn pages_show_their_last_update_and_an_edit_link_when_configured() {
    let site = TestSite::copy_of("fixtures/base");
    site.write(
        "cmbook.yaml",
        base_config().replace(
            "search: true\n",
            "search: true\nedit_url: https://example.org/depot/edit/main/content/{path}\n",
        ),
    );
    site.write(
        "content/guide/revu.md",
        article(
            "Revu",
            "date: 2026-02-01\nupdated: 2026-06-15\nweight: 50\n",
        ),
    );
    site.build_ok();
    let revu = site.html("guide/revu/index.html");
    let foot = between(&revu, "<footer class=\"page-foot\"", "</footer>");
    assert!(
        foot.contains("Dernière mise à jour : <time datetime=\"2026-06-15\">15 juin 2026</time>"),
        "{foot}"
    );
    assert!(
        foot.contains("href=\"https://example.org/depot/edit/main/content/guide/revu.md\""),
        "{foot}"
    );
    // Without `updated`, the date is the last update.
    let veille = site.html("guide/veille/index.html");
    let foot = between(&veille, "<footer class=\"page-foot\"", "</footer>");
    assert!(foot.contains("<time datetime=\"2026-03-01\">"), "{foot}");
    // Terms moved below the text: none in the header.
    let header = between(&veille, "<header class=\"page-header\"", "</header>");
    assert!(!header.contains("class=\"taxo\""), "{header}");
    assert!(foot.contains("class=\"taxo\""));
    // No `edit_url`: no edit link.
    let plain = TestSite::copy_of("fixtures/base");
    plain.build_ok();
    assert!(!plain
        .html("guide/veille/index.html")
        .contains("class=\"edit-link\""));
}

/// Lays `tests/bad/<case>/` over a built base site, builds, and checks the build fails with
/// every line of its `expected.txt` in stderr and the previous output untouched.
fn bad(case: &str) -> String {
    let site = TestSite::copy_of("fixtures/base");
    site.build_ok();
    let before = site.snapshot();
    let dir = fixtures().join("bad").join(case);
    overlay(&dir, site.root());
    let out = site.build();
    let err = stderr(&out);
    assert!(!out.status.success(), "{case}: the build succeeded:\n{err}");
    assert!(!err.contains("panicked"), "{case}: panic:\n{err}");
    let expected = std::fs::read_to_string(dir.join("expected.txt")).unwrap();
    for line in expected
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty())
    {
        assert!(err.contains(line), "{case}: stderr lacks {line:?}:\n{err}");
    }
    assert!(
        before == site.snapshot(),
        "{case}: the previous output changed"
    );
    err
}

#[test]
fn a_taxonomy_url_a_section_uses_is_refused_at_its_line() {
    bad("taxonomy_url_taken_by_section");
}

#[test]
fn two_taxonomies_cannot_share_a_url_segment() {
    bad("taxonomy_url_twice");
}

#[test]
fn a_taxonomy_cannot_take_the_old_urls_another_redirects() {
    bad("taxonomy_url_onto_redirects");
}

#[test]
fn a_taxonomy_url_must_be_one_plain_segment() {
    bad("taxonomy_url_not_a_segment");
}

#[test]
fn an_edit_url_must_say_where_the_path_goes() {
    bad("edit_url_without_path");
}
