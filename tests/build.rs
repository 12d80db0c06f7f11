//! Integration tests of `cmbook build` (and `new`, `--help`): real sites built by the real
//! binary, produced HTML checked page by page.

mod common;

use std::path::{Path, PathBuf};

use common::{cmbook, stderr, TestSite};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// Tera escapes `/` and `'` inside attributes; undo that so assertions read naturally.
fn unescape(html: &str) -> String {
    html.replace("&#x2F;", "/").replace("&#x27;", "'")
}

/// A produced file, un-escaped.
fn page(site: &TestSite, relative: &str) -> String {
    unescape(&site.html(relative))
}

/// The fixture site, built with the default command.
fn built_base() -> TestSite {
    let site = TestSite::copy_of("fixtures/base");
    site.build_ok();
    site
}

#[track_caller]
fn assert_contains(haystack: &str, needle: &str) {
    assert!(
        haystack.contains(needle),
        "expected to find {needle:?} in:\n{haystack}"
    );
}

#[track_caller]
fn assert_absent(haystack: &str, needle: &str) {
    assert!(
        !haystack.contains(needle),
        "expected NOT to find {needle:?} in:\n{haystack}"
    );
}

/// Byte position of `needle`, panicking with the text when it is missing.
#[track_caller]
fn position(haystack: &str, needle: &str) -> usize {
    haystack
        .find(needle)
        .unwrap_or_else(|| panic!("expected to find {needle:?} in:\n{haystack}"))
}

/// Asserts that every needle appears, in this order.
#[track_caller]
fn assert_in_order(haystack: &str, needles: &[&str]) {
    let positions: Vec<usize> = needles.iter().map(|n| position(haystack, n)).collect();
    for (pair, needle) in positions.windows(2).zip(needles.windows(2)) {
        assert!(
            pair[0] < pair[1],
            "expected {:?} before {:?} in:\n{haystack}",
            needle[0],
            needle[1]
        );
    }
}

/// Every value of attribute `attr` (`href`, `src`) in un-escaped HTML.
fn attribute_values(html: &str, attr: &str) -> Vec<String> {
    let marker = format!("{attr}=\"");
    html.split(marker.as_str())
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap_or("").to_owned())
        .collect()
}

/// The text of the `<main>` element, to ignore navigation and footer.
fn main_of(html: &str) -> &str {
    let start = position(html, "<main");
    let end = position(html, "</main>");
    &html[start..end]
}

/// Every `<tag …>…</tag>` element of `html`, from its opening tag to the first closing tag
/// after it (not nesting-aware: use it for elements that do not contain their own tag).
fn elements<'a>(html: &'a str, tag: &str) -> Vec<&'a str> {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = html[from..].find(open.as_str()) {
        let start = from + found;
        let after = start + open.len();
        from = after;
        // `<a` must not match `<abbr`, nor `<nav` match `<navigation`.
        if !html[after..].starts_with([' ', '>', '\n', '\t']) {
            continue;
        }
        if let Some(len) = html[start..].find(close.as_str()) {
            out.push(&html[start..start + len + close.len()]);
        }
    }
    out
}

/// The value of attribute `name` on the opening tag of `element`.
fn attr(element: &str, name: &str) -> Option<String> {
    let open_tag = &element[..element.find('>').unwrap_or(element.len())];
    let marker = format!(" {name}=\"");
    let start = open_tag.find(marker.as_str())? + marker.len();
    open_tag[start..].split('"').next().map(str::to_owned)
}

/// Whether the opening tag of `element` has `class` among its classes.
fn has_class(element: &str, class: &str) -> bool {
    attr(element, "class").is_some_and(|c| c.split_whitespace().any(|c| c == class))
}

/// The first `<tag>` element that has the class `class`, panicking when there is none.
#[track_caller]
fn element_with_class<'a>(html: &'a str, tag: &str, class: &str) -> &'a str {
    elements(html, tag)
        .into_iter()
        .find(|e| has_class(e, class))
        .unwrap_or_else(|| panic!("expected a <{tag} class=\"{class}\"> in:\n{html}"))
}

/// The first `<tag>` element whose attribute `name` is `value`, panicking when there is none.
#[track_caller]
fn element_with_attr<'a>(html: &'a str, tag: &str, name: &str, value: &str) -> &'a str {
    elements(html, tag)
        .into_iter()
        .find(|e| attr(e, name).as_deref() == Some(value))
        .unwrap_or_else(|| panic!("expected a <{tag} {name}=\"{value}\"> in:\n{html}"))
}

/// The text of an HTML fragment: tags dropped, whitespace collapsed.
fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every link of `html` as (target, text).
fn links(html: &str) -> Vec<(String, String)> {
    elements(html, "a")
        .into_iter()
        .map(|a| (attr(a, "href").unwrap_or_default(), text(a)))
        .collect()
}

/// Asserts that a link to `href` reading exactly `label` exists.
#[track_caller]
fn assert_link(html: &str, href: &str, label: &str) {
    assert!(
        links(html).iter().any(|(h, t)| h == href && t == label),
        "expected a link to {href:?} reading {label:?} in:\n{html}"
    );
}

/// Asserts that links to these (target, text) pairs exist, their first occurrences in this order.
#[track_caller]
fn assert_links_in_order(html: &str, expected: &[(&str, &str)]) {
    let all = links(html);
    let indexes: Vec<usize> = expected
        .iter()
        .map(|(href, label)| {
            all.iter()
                .position(|(h, t)| h == href && t == label)
                .unwrap_or_else(|| {
                    panic!("expected a link to {href:?} reading {label:?} in:\n{html}")
                })
        })
        .collect();
    for (pair, names) in indexes.windows(2).zip(expected.windows(2)) {
        assert!(
            pair[0] < pair[1],
            "expected the link {:?} before {:?} in:\n{html}",
            names[0],
            names[1]
        );
    }
}

/// The only `<a rel="…">` link (`prev`, `next`) of `html` as (target, text), if any.
#[track_caller]
fn neighbour(html: &str, rel: &str) -> Option<(String, String)> {
    let found: Vec<&str> = elements(html, "a")
        .into_iter()
        .filter(|a| attr(a, "rel").is_some_and(|r| r.split_whitespace().any(|r| r == rel)))
        .collect();
    assert!(
        found.len() <= 1,
        "expected at most one rel=\"{rel}\" link, found {found:?}"
    );
    found
        .first()
        .map(|a| (attr(a, "href").unwrap_or_default(), text(a)))
}

/// The chunk of `html` that starts at one occurrence of `open` (the start of a repeated item,
/// such as `<li class="term-card`) and runs to the next one, for the only chunk holding `needle`.
#[track_caller]
fn item_with<'a>(html: &'a str, open: &str, needle: &str) -> &'a str {
    let starts: Vec<usize> = html.match_indices(open).map(|(i, _)| i).collect();
    let chunks: Vec<&str> = starts
        .iter()
        .enumerate()
        .map(|(n, &s)| &html[s..starts.get(n + 1).copied().unwrap_or(html.len())])
        .filter(|chunk| chunk.contains(needle))
        .collect();
    assert_eq!(
        chunks.len(),
        1,
        "expected one item starting with {open:?} to hold {needle:?} in:\n{html}"
    );
    chunks[0]
}

/// The text of the `<dd>` that follows `<dt>label</dt>` in a definition list.
#[track_caller]
fn definition(html: &str, label: &str) -> String {
    let start = position(html, &format!("<dt>{label}</dt>"));
    let dd = elements(&html[start..], "dd")
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no <dd> after <dt>{label}</dt> in:\n{html}"));
    text(dd)
}

/// Asserts that the page's only `rel` link (`prev` / `next`) goes to `href` and names `title`.
#[track_caller]
fn assert_neighbour(html: &str, rel: &str, href: &str, title: &str) {
    let (found_href, label) =
        neighbour(html, rel).unwrap_or_else(|| panic!("expected a rel=\"{rel}\" link in:\n{html}"));
    assert_eq!(found_href, href, "rel=\"{rel}\" link");
    assert!(
        label.contains(title),
        "the rel=\"{rel}\" link reads {label:?}, not the title {title:?}"
    );
}

/// The number of pages a list page says it lists in total (`3 pages`), from its
/// `<p class="term-total">`, without the `· page n sur m` that follows.
#[track_caller]
fn listed_total(main: &str) -> String {
    let heading = text(element_with_class(main, "p", "term-total"));
    heading.split('·').next().unwrap_or("").trim().to_owned()
}

/// An article page with the given front-matter lines added.
fn article(title: &str, extra_front: &str, body: &str) -> String {
    format!("---\ntitle: {title}\ndescription: Description de {title}.\n{extra_front}---\n{body}\n")
}

/// A case study with the required keys.
fn case_study(title: &str, date: &str) -> String {
    format!(
        "---\ntitle: {title}\ndescription: Le cas {title}.\ndate: {date}\nbrand: Marque {title}\nyear: 2020\nchannels: [twitter]\noutcome: crise\nsources:\n  - {{title: Source, url: \"https://example.org/s\"}}\n---\nLe cas.\n"
    )
}

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn count_files_named(dir: &Path, name: &str) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file() && e.file_name() == name)
        .count()
}

// ---------------------------------------------------------------------------------------------
// URLs and base_url
// ---------------------------------------------------------------------------------------------

#[test]
fn pages_get_pretty_urls() {
    let site = built_base();
    for file in [
        "index.html",
        "a-propos/index.html",
        "guide/index.html",
        "guide/veille/index.html",
        "guide/crise/index.html",
        "fiches/junior/index.html",
        "cas/exemple/index.html",
        "sectors/index.html",
        "sectors/sante/index.html",
        "career_stages/junior/index.html",
        "tags/veille/index.html",
    ] {
        assert!(site.public().join(file).is_file(), "{file} was not written");
    }
    assert!(!site.public().join("guide/veille.html").exists());
}

#[test]
fn links_carry_the_base_url_sub_path() {
    let site = built_base();
    let html = page(&site, "guide/veille/index.html");
    assert_contains(&html, "href=\"/manuel/style.css\"");
    assert_contains(&html, "href=\"/manuel/guide/\"");
    assert_contains(&html, "href=\"/manuel/sectors/sante/\"");
    assert_contains(&html, "href=\"/manuel/guide/crise/\"");
    let rooted: Vec<String> = attribute_values(&html, "href")
        .into_iter()
        .filter(|h| h.starts_with('/'))
        .collect();
    assert!(rooted.len() > 10, "few root-relative links: {rooted:?}");
    for href in &rooted {
        assert!(
            href.starts_with("/manuel/"),
            "link {href} misses the /manuel/ base path"
        );
    }
}

#[test]
fn canonical_and_permalinks_are_absolute() {
    let site = built_base();
    let html = page(&site, "guide/veille/index.html");
    assert_contains(
        &html,
        "<link rel=\"canonical\" href=\"https://example.org/manuel/guide/veille/\">",
    );
    let section = page(&site, "guide/index.html");
    assert_contains(
        &section,
        "<link rel=\"canonical\" href=\"https://example.org/manuel/guide/\">",
    );
    let term = page(&site, "sectors/sante/index.html");
    assert_contains(
        &term,
        "<link rel=\"canonical\" href=\"https://example.org/manuel/sectors/sante/\">",
    );
}

#[test]
fn base_url_flag_replaces_the_configured_one() {
    let site = TestSite::copy_of("fixtures/base");
    let out = site.run(&["build", "--quiet", "--base-url", "http://localhost:9999/x/"]);
    assert!(out.status.success(), "build failed:\n{}", stderr(&out));
    let html = page(&site, "guide/veille/index.html");
    assert_contains(
        &html,
        "<link rel=\"canonical\" href=\"http://localhost:9999/x/guide/veille/\">",
    );
    assert_contains(&html, "href=\"/x/style.css\"");
    assert_contains(&html, "href=\"/x/guide/crise/#le-plan\"");
    assert_absent(&html, "example.org/manuel");
    assert_absent(&html, "/manuel/");
    for href in attribute_values(&html, "href")
        .into_iter()
        .filter(|h| h.starts_with('/'))
    {
        assert!(
            href.starts_with("/x/"),
            "link {href} misses the /x/ base path"
        );
    }
    let sitemap = site.html("sitemap.xml");
    assert_contains(&sitemap, "<loc>http://localhost:9999/x/guide/veille/</loc>");
    assert_absent(&sitemap, "example.org");
    assert_contains(
        &site.html("robots.txt"),
        "Sitemap: http://localhost:9999/x/sitemap.xml",
    );
    assert_contains(
        &site.html("atom.xml"),
        "<link href=\"http://localhost:9999/x/guide/veille/\"/>",
    );
}

#[test]
fn output_flag_writes_to_another_folder() {
    let site = TestSite::copy_of("fixtures/base");
    let out = site.run(&["build", "--quiet", "--output", "other-dir"]);
    assert!(out.status.success(), "build failed:\n{}", stderr(&out));
    let other = site.root().join("other-dir");
    assert!(other.join("guide/veille/index.html").is_file());
    assert!(other.join("sitemap.xml").is_file());
    assert!(
        !site.public().exists(),
        "public/ was written although --output named another folder"
    );
}

// ---------------------------------------------------------------------------------------------
// Markdown rendering
// ---------------------------------------------------------------------------------------------

#[test]
fn headings_get_unique_accent_folded_ids() {
    let site = built_base();
    let veille = page(&site, "guide/veille/index.html");
    assert_contains(&veille, "<h2 id=\"ecoute-active\">Écoute active</h2>");
    assert_contains(&veille, "<h2 id=\"signaux-faibles\">Signaux faibles</h2>");
    let crise = page(&site, "guide/crise/index.html");
    assert_contains(&crise, "<h2 id=\"le-plan\">Le plan</h2>");
    assert_contains(&crise, "<h2 id=\"le-plan-1\">Le plan</h2>");
}

#[test]
fn at_links_become_urls_with_anchors() {
    let site = built_base();
    let veille = page(&site, "guide/veille/index.html");
    assert_contains(
        &veille,
        "<a href=\"/manuel/guide/crise/#le-plan\">la crise</a>",
    );
    let crise = page(&site, "guide/crise/index.html");
    assert_contains(
        &crise,
        "<a href=\"/manuel/guide/veille/#ecoute-active\">l’écoute</a>",
    );
    let home = page(&site, "index.html");
    assert_contains(&home, "<a href=\"/manuel/guide/veille/\">la veille</a>");
    for html in [&veille, &crise, &home] {
        assert_absent(html, "@/");
    }
}

#[test]
fn tables_footnotes_and_strikethrough_are_rendered() {
    let site = built_base();
    let html = page(&site, "guide/veille/index.html");
    assert_contains(&html, "<table>");
    assert_contains(&html, "<th>Signal</th>");
    assert_contains(&html, "<td>Hausse des mentions</td>");
    assert_contains(&html, "class=\"footnote-reference\"");
    assert_contains(&html, "class=\"footnote-definition\"");
    assert_contains(&html, "Une note de bas de page.");
    assert_absent(&html, "[^1]");
    assert_contains(&html, "<del>barré</del>");
}

#[test]
fn table_of_contents_lists_the_headings() {
    let site = built_base();
    let html = page(&site, "guide/veille/index.html");
    let toc = element_with_class(&html, "nav", "toc");
    assert_links_in_order(
        toc,
        &[
            ("#ecoute-active", "Écoute active"),
            ("#signaux-faibles", "Signaux faibles"),
        ],
    );
    let crise = page(&site, "guide/crise/index.html");
    let toc = element_with_class(&crise, "nav", "toc");
    assert_links_in_order(toc, &[("#le-plan", "Le plan"), ("#le-plan-1", "Le plan")]);
}

#[test]
fn summary_stops_at_the_more_marker() {
    let site = TestSite::copy_of("fixtures/base");
    // A section template that lists each page's summary.
    site.write(
        "templates/section.html",
        "{% extends \"base.html\" %}{% block main %}{% for p in paginator.pages %}<div class=\"resume\" data-url=\"{{ p.url }}\">{{ p.summary | safe }}</div>{% endfor %}{% endblock main %}",
    );
    site.build_ok();
    let list = main_of(&page(&site, "guide/index.html")).to_owned();
    // Text before `<!-- more -->`, nothing after.
    assert_contains(
        &list,
        "<div class=\"resume\" data-url=\"/manuel/guide/veille/\"><p>La veille est le premier réflexe du community manager.</p>\n</div>",
    );
    assert_absent(&list, "Écouter avant de parler");
    // Without the marker: the first paragraph.
    assert_contains(&list, "<p>Une crise se prépare avant d’arriver.</p>");
    assert_absent(&list, "Deux titres identiques");

    // The feed uses the same summary.
    let atom = site.html("atom.xml");
    assert_contains(
        &atom,
        "&lt;p&gt;La veille est le premier réflexe du community manager.&lt;/p&gt;",
    );
    assert_absent(&atom, "Écouter avant de parler");
}

#[test]
fn reading_time_is_shown_and_ignores_code() {
    let site = TestSite::copy_of("fixtures/base");
    let prose = vec!["mot"; 450].join(" ");
    let code = vec!["code"; 2000].join(" ");
    site.write(
        "content/guide/long.md",
        article(
            "Article long",
            "date: 2026-02-01\n",
            &format!("{prose}\n\n```\n{code}\n```\n"),
        ),
    );
    site.build_ok();
    // 450 words at 200 a minute: 3 minutes; the code block does not count.
    let long = page(&site, "guide/long/index.html");
    assert_contains(&long, "3 min de lecture");
    let short = page(&site, "guide/veille/index.html");
    assert_contains(&short, "1 min de lecture");
    let list = page(&site, "guide/index.html");
    assert_contains(&list, "3 min de lecture");
}

// ---------------------------------------------------------------------------------------------
// Code
// ---------------------------------------------------------------------------------------------

#[test]
fn rust_code_is_highlighted_with_classes() {
    let site = built_base();
    let html = page(&site, "guide/veille/index.html");
    let start = position(&html, "data-lang=\"rust\"");
    let block = &html[start..start + position(&html[start..], "</pre>")];
    assert_contains(block, "class=\"hl-");
    assert_contains(block, "main");
    assert_absent(&html, "style=\"color");
}

#[test]
fn unknown_language_is_escaped_plain_text() {
    let site = built_base();
    let html = site.html("guide/veille/index.html");
    assert_contains(&html, "texte &lt;brut&gt;");
    assert_absent(&html, "<brut>");
    let start = position(&html, "data-lang=\"langage-inconnu\"");
    let block = &html[start..start + position(&html[start..], "</pre>")];
    assert_absent(block, "hl-");
}

#[test]
fn highlight_stylesheet_is_written() {
    let site = built_base();
    let css = site.html("highlight.css");
    assert_contains(&css, ".hl-");
    let html = page(&site, "guide/veille/index.html");
    assert_contains(&html, "href=\"/manuel/highlight.css\"");
}

// ---------------------------------------------------------------------------------------------
// Kinds: checklist and case study
// ---------------------------------------------------------------------------------------------

#[test]
fn checklist_items_have_stable_ids() {
    let site = built_base();
    let html = page(&site, "fiches/junior/index.html");
    for id in [
        "publier-chaque-jour",
        "repondre",
        "suivre-trois-sources",
        "rediger-une-synthese-hebdomadaire",
    ] {
        assert_contains(
            &html,
            &format!("<li class=\"checklist-item\" id=\"item-{id}\" data-item-id=\"{id}\">"),
        );
    }
    assert_contains(&html, "Répondre aux commentaires</li>");
    assert_absent(&html, "{#repondre}");
    assert_absent(&html, "{#");
    // The ticked source box stays ticked.
    assert_contains(
        &html,
        "data-item-id=\"suivre-trois-sources\" disabled checked",
    );
}

#[test]
fn checklist_ids_survive_edits_to_other_items() {
    let site = TestSite::copy_of("fixtures/base");
    site.write(
        "content/fiches/junior.md",
        "---\ntitle: Checklist junior\ndescription: Ce que sait faire un junior.\ncareer_stages: [junior]\n---\nCochez.\n\n## Animation\n\n- [ ] Un tout nouvel item\n- [ ] Publier chaque jour\n- [ ] Répondre à tous les commentaires, même les pénibles {#repondre}\n\n## Veille\n\n- [x] Suivre trois sources\n",
    );
    site.build_ok();
    let html = page(&site, "fiches/junior/index.html");
    assert_contains(&html, "data-item-id=\"un-tout-nouvel-item\"");
    assert_contains(&html, "data-item-id=\"publier-chaque-jour\"");
    assert_contains(&html, "data-item-id=\"repondre\"");
    assert_contains(&html, "data-item-id=\"suivre-trois-sources\"");
}

#[test]
fn checklist_shows_groups_and_total() {
    let site = built_base();
    let html = page(&site, "fiches/junior/index.html");
    let summary = element_with_class(&html, "section", "checklist-summary");
    assert_eq!(attr(summary, "data-total").as_deref(), Some("4"));
    assert_contains(&text(summary), "4 items répartis en 2 groupes");
    // One line per group, in order: a link to its heading and its item count.
    assert_links_in_order(
        summary,
        &[("#animation", "Animation"), ("#veille", "Veille")],
    );
    for id in ["animation", "veille"] {
        let group = item_with(summary, "<li data-group=", &format!("href=\"#{id}\""));
        assert_contains(&text(group), "2 items");
    }
    assert_in_order(
        &html,
        &[
            "<h2 id=\"animation\">Animation</h2>",
            "data-item-id=\"publier-chaque-jour\"",
            "data-item-id=\"repondre\"",
            "<h2 id=\"veille\">Veille</h2>",
            "data-item-id=\"suivre-trois-sources\"",
        ],
    );
    let list = page(&site, "fiches/index.html");
    let card = item_with(
        main_of(&list),
        "<li class=\"page-card",
        "href=\"/manuel/fiches/junior/\"",
    );
    assert_eq!(
        text(element_with_class(card, "p", "card-kind")),
        "Checklist"
    );
    assert_eq!(text(element_with_class(card, "p", "meta")), "4 items");
}

#[test]
fn case_study_facts_are_rendered() {
    let site = built_base();
    let html = page(&site, "cas/exemple/index.html");
    let facts = element_with_class(&html, "aside", "fact-box");
    assert_eq!(definition(facts, "Marque"), "Marque Exemple");
    assert_eq!(definition(facts, "Année"), "2013");
    // Channels in the order of the front matter.
    assert_eq!(definition(facts, "Canaux"), "twitter facebook");
    let outcome = element_with_class(facts, "p", "outcome-badge");
    assert!(has_class(outcome, "outcome-succes"), "{outcome}");
    assert!(text(outcome).ends_with("Succès"), "{outcome}");
    assert_eq!(definition(facts, "Partages"), "15 000");
    let source = element_with_attr(facts, "a", "href", "https://example.org/presse");
    assert_eq!(text(source), "Article de presse");
    assert!(
        attr(source, "rel").is_some_and(|r| r.split_whitespace().any(|r| r == "noopener")),
        "{source}"
    );
    assert_link(facts, "/manuel/sectors/agroalimentaire/", "agroalimentaire");
    assert_contains(&html, "<h2 id=\"lecons-pour-le-cm\">Leçons pour le CM</h2>");
    let list = page(&site, "cas/index.html");
    let card = item_with(
        main_of(&list),
        "<li class=\"page-card",
        "href=\"/manuel/cas/exemple/\"",
    );
    assert_eq!(
        text(element_with_class(card, "p", "card-kind")),
        "Étude de cas"
    );
    let meta = text(element_with_class(card, "p", "meta"));
    assert!(meta.starts_with("Marque Exemple, 2013"), "{meta}");
}

// ---------------------------------------------------------------------------------------------
// Taxonomies
// ---------------------------------------------------------------------------------------------

#[test]
fn taxonomy_list_shows_terms_counts_and_descriptions() {
    let site = built_base();
    let html = page(&site, "sectors/index.html");
    let main = main_of(&html);
    assert_contains(main, "<h1>Secteurs</h1>");
    assert_contains(main, "Les secteurs où travaille un CM.");
    assert_contains(main, "Chaque secteur a ses codes.");
    // `Santé` in front matter and the term file `sante.md` are one term, titled by the file.
    let terms = [
        ("agroalimentaire", "agroalimentaire", "1 page"),
        ("luxe", "luxe", "2 pages"),
        ("sante", "Santé", "1 page"),
    ];
    for (slug, name, count) in terms {
        let href = format!("/manuel/sectors/{slug}/");
        let card = item_with(main, "<li class=\"term-card", &format!("href=\"{href}\""));
        assert_link(card, &href, name);
        assert_eq!(text(element_with_class(card, "p", "count")), count);
    }
    let sante = item_with(
        main,
        "<li class=\"term-card",
        "href=\"/manuel/sectors/sante/\"",
    );
    assert_contains(&text(sante), "Un secteur très réglementé.");
    assert_links_in_order(
        main,
        &[
            ("/manuel/sectors/agroalimentaire/", "agroalimentaire"),
            ("/manuel/sectors/luxe/", "luxe"),
            ("/manuel/sectors/sante/", "Santé"),
        ],
    );
}

#[test]
fn term_page_lists_its_pages_and_text() {
    let site = built_base();
    let sante = page(&site, "sectors/sante/index.html");
    let main = main_of(&sante);
    assert_contains(main, "<h1>Santé</h1>");
    assert_contains(main, "Un secteur très réglementé.");
    assert_contains(
        main,
        "La santé impose une <strong>grande prudence</strong>.",
    );
    assert_contains(main, "<a href=\"/manuel/guide/veille/\">La veille</a>");
    assert_absent(main, "Gérer une crise");

    let luxe = page(&site, "sectors/luxe/index.html");
    let main = main_of(&luxe);
    // Newest first.
    assert_in_order(
        main,
        &[
            "<a href=\"/manuel/guide/crise/\">Gérer une crise</a>",
            "<a href=\"/manuel/guide/veille/\">La veille</a>",
        ],
    );
}

#[test]
fn ordered_taxonomy_keeps_configured_order() {
    let site = TestSite::copy_of("fixtures/base");
    // Named in reverse order in the front matter.
    site.write(
        "content/guide/parcours.md",
        article(
            "Parcours",
            "date: 2026-02-01\ncareer_stages: [senior, stagiaire]\n",
            "Du stage au poste senior.",
        ),
    );
    site.build_ok();
    let html = page(&site, "career_stages/index.html");
    let main = main_of(&html);
    // `career_stages` is listed as the career map, whose detail list is ordered like its terms.
    let ladder = element_with_class(main, "ol", "map-details");
    assert_in_order(
        ladder,
        &[
            "/manuel/career_stages/stagiaire/",
            "/manuel/career_stages/junior/",
            "/manuel/career_stages/confirme/",
            "/manuel/career_stages/senior/",
        ],
    );
    // Chips on a page follow the configured order too.
    let parcours = page(&site, "guide/parcours/index.html");
    assert_in_order(
        &parcours,
        &[
            "chip-career_stages\" href=\"/manuel/career_stages/stagiaire/\"",
            "chip-career_stages\" href=\"/manuel/career_stages/senior/\"",
        ],
    );
    // A configured term without pages still gets its page.
    let base = built_base();
    let html = page(&base, "career_stages/index.html");
    let step = item_with(
        main_of(&html),
        "<li class=\"map-detail\"",
        "href=\"/manuel/career_stages/stagiaire/\"",
    );
    // Without a stage page (`extra.parcours`), a stage links to its term page.
    let step_links = links(step);
    assert!(
        step_links
            .iter()
            .all(|(h, _)| h == "/manuel/career_stages/stagiaire/"),
        "{step}"
    );
    assert!(
        step_links.iter().any(|(_, t)| t.ends_with("stagiaire")),
        "{step}"
    );
    assert!(base
        .public()
        .join("career_stages/stagiaire/index.html")
        .is_file());
}

#[test]
fn term_pages_are_paginated() {
    let site = TestSite::copy_of("fixtures/base");
    site.write(
        "content/guide/troisieme.md",
        article(
            "Troisième article",
            "date: 2026-02-01\nweight: 30\ntags: [veille]\n",
            "Un troisième article de veille.",
        ),
    );
    site.build_ok();
    // tags: paginate_by 2, and `veille` now has 3 pages.
    let first = page(&site, "tags/veille/index.html");
    let main1 = main_of(&first);
    assert_eq!(listed_total(main1), "3 pages");
    assert_contains(main1, "Gérer une crise");
    assert_contains(main1, "La veille");
    assert_absent(main1, "Troisième article");
    assert_contains(main1, "Page 1 sur 2");
    assert_eq!(neighbour(main1, "prev"), None);
    assert_eq!(
        neighbour(main1, "next").map(|(href, _)| href).as_deref(),
        Some("/manuel/tags/veille/page/2/")
    );

    let second = page(&site, "tags/veille/page/2/index.html");
    let main2 = main_of(&second);
    assert_contains(main2, "Troisième article");
    assert_absent(main2, "Gérer une crise");
    assert_absent(main2, ">La veille<");
    assert_eq!(listed_total(main2), "3 pages");
    assert_contains(main2, "Page 2 sur 2");
    assert_eq!(
        neighbour(main2, "prev").map(|(href, _)| href).as_deref(),
        Some("/manuel/tags/veille/")
    );
    assert_eq!(neighbour(main2, "next"), None);
    assert_contains(
        &second,
        "<link rel=\"canonical\" href=\"https://example.org/manuel/tags/veille/page/2/\">",
    );

    // A term with exactly 2 pages fits on one page.
    assert!(site.public().join("tags/outils/index.html").is_file());
    assert!(!site.public().join("tags/outils/page/2").exists());
    assert!(!site.public().join("tags/veille/page/3").exists());
}

#[test]
fn term_outside_closed_taxonomy_is_rejected() {
    let site = TestSite::copy_of("fixtures/base");
    site.write(
        "content/guide/expert.md",
        article(
            "Expert",
            "date: 2026-02-01\ncareer_stages: [grand-manitou]\n",
            "Un niveau inconnu.",
        ),
    );
    let out = site.build();
    assert_eq!(out.status.code(), Some(1), "stderr:\n{}", stderr(&out));
    let message = stderr(&out);
    assert_contains(&message, "grand-manitou");
    assert!(!site.public().exists(), "a failed build wrote an output");
}

// ---------------------------------------------------------------------------------------------
// Sections
// ---------------------------------------------------------------------------------------------

#[test]
fn section_sorted_by_weight_then_title() {
    let site = TestSite::copy_of("fixtures/base");
    site.write(
        "content/guide/zebre.md",
        article(
            "Zèbre",
            "date: 2026-01-10\nweight: 5\n",
            "Premier par le poids.",
        ),
    );
    site.write(
        "content/guide/beta.md",
        article("Bêta", "date: 2026-01-11\nweight: 15\n", "Poids égal."),
    );
    site.write(
        "content/guide/alpha.md",
        article("Alpha", "date: 2026-01-12\nweight: 15\n", "Poids égal."),
    );
    site.write(
        "content/guide/sans-poids.md",
        article(
            "Aaa sans poids",
            "date: 2026-01-13\n",
            "Sans poids : à la fin.",
        ),
    );
    site.build_ok();
    let html = page(&site, "guide/index.html");
    assert_in_order(
        main_of(&html),
        &[
            ">Zèbre</a>",
            ">La veille</a>",
            ">Alpha</a>",
            ">Bêta</a>",
            ">Gérer une crise</a>",
            ">Aaa sans poids</a>",
        ],
    );
}

#[test]
fn section_sorted_by_date_newest_first() {
    let site = TestSite::copy_of("fixtures/base");
    site.write("content/cas/ancien.md", case_study("Ancien", "2020-01-01"));
    site.write("content/cas/recent.md", case_study("Récent", "2026-09-01"));
    site.build_ok();
    let html = page(&site, "cas/index.html");
    assert_in_order(
        main_of(&html),
        &[">Récent</a>", ">Un cas d’école</a>", ">Ancien</a>"],
    );
}

#[test]
fn section_sorted_by_title_ignoring_accents() {
    let site = TestSite::copy_of("fixtures/base");
    let checklist = |title: &str| format!("---\ntitle: {title}\n---\n## G\n\n- [ ] Faire\n");
    site.write("content/fiches/ecrire.md", checklist("Écrire"));
    site.write("content/fiches/autre.md", checklist("Autre"));
    site.write("content/fiches/fermer.md", checklist("Fermer"));
    site.build_ok();
    let html = page(&site, "fiches/index.html");
    assert_in_order(
        main_of(&html),
        &[
            ">Autre</a>",
            ">Checklist junior</a>",
            ">Écrire</a>",
            ">Fermer</a>",
        ],
    );
}

#[test]
fn section_pages_are_paginated() {
    let site = TestSite::copy_of("fixtures/base");
    site.write(
        "content/guide/_index.md",
        "---\ntitle: Le guide\ndescription: Les articles du guide.\nsort_by: weight\npaginate_by: 1\n---\nLes articles.\n",
    );
    site.build_ok();
    let first = page(&site, "guide/index.html");
    assert_contains(main_of(&first), ">La veille</a>");
    assert_absent(main_of(&first), ">Gérer une crise</a>");
    assert_eq!(
        neighbour(main_of(&first), "next")
            .map(|(href, _)| href)
            .as_deref(),
        Some("/manuel/guide/page/2/")
    );
    let second = page(&site, "guide/page/2/index.html");
    assert_contains(main_of(&second), ">Gérer une crise</a>");
    assert_absent(main_of(&second), ">La veille</a>");
    assert_eq!(
        neighbour(main_of(&second), "prev")
            .map(|(href, _)| href)
            .as_deref(),
        Some("/manuel/guide/")
    );
    assert_eq!(neighbour(main_of(&second), "next"), None);
    assert!(!site.public().join("guide/page/3").exists());
}

#[test]
fn prev_next_links_stay_within_the_section() {
    let site = TestSite::copy_of("fixtures/base");
    site.write(
        "content/guide/milieu.md",
        article(
            "Milieu",
            "date: 2026-01-10\nweight: 15\n",
            "Entre les deux.",
        ),
    );
    site.build_ok();
    let veille = page(&site, "guide/veille/index.html");
    assert_absent(&veille, "rel=\"prev\"");
    assert_neighbour(&veille, "next", "/manuel/guide/milieu/", "Milieu");
    let milieu = page(&site, "guide/milieu/index.html");
    assert_neighbour(&milieu, "prev", "/manuel/guide/veille/", "La veille");
    assert_neighbour(&milieu, "next", "/manuel/guide/crise/", "Gérer une crise");
    let crise = page(&site, "guide/crise/index.html");
    assert_neighbour(&crise, "prev", "/manuel/guide/milieu/", "Milieu");
    assert_absent(&crise, "rel=\"next\"");
    // Alone in their sections: no neighbours, and never a page of another section.
    for alone in [
        "fiches/junior/index.html",
        "cas/exemple/index.html",
        "a-propos/index.html",
    ] {
        let html = page(&site, alone);
        assert_absent(&html, "rel=\"prev\"");
        assert_absent(&html, "rel=\"next\"");
    }
}

#[test]
fn home_lists_root_pages_and_sections() {
    let site = built_base();
    let html = page(&site, "index.html");
    let main = main_of(&html);
    let h1s = elements(main, "h1");
    assert_eq!(h1s.len(), 1, "{main}");
    assert_eq!(text(h1s[0]), "Accueil du manuel");
    assert_link(main, "/manuel/a-propos/", "À propos");
    assert_links_in_order(
        main,
        &[
            ("/manuel/cas/", "Études de cas"),
            ("/manuel/fiches/", "Fiches"),
            ("/manuel/guide/", "Le guide"),
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// Files around the pages
// ---------------------------------------------------------------------------------------------

#[test]
fn sitemap_lists_pages_with_lastmod() {
    let site = built_base();
    let sitemap = site.html("sitemap.xml");
    assert!(sitemap.starts_with("<?xml"));
    for (url, date) in [
        ("guide/veille/", "2026-03-01"),
        ("guide/crise/", "2026-04-01"),
        ("cas/exemple/", "2026-05-01"),
        ("a-propos/", "2026-01-01"),
    ] {
        assert_contains(
            &sitemap,
            &format!(
                "<url><loc>https://example.org/manuel/{url}</loc><lastmod>{date}</lastmod></url>"
            ),
        );
    }
    assert_contains(
        &sitemap,
        "<loc>https://example.org/manuel/fiches/junior/</loc>",
    );
    assert_contains(
        &sitemap,
        "<loc>https://example.org/manuel/sectors/sante/</loc>",
    );
}

#[test]
fn atom_feed_has_entries_with_absolute_links() {
    let site = built_base();
    let atom = site.html("atom.xml");
    assert_contains(&atom, "<feed xmlns=\"http://www.w3.org/2005/Atom\"");
    // The four dated pages, newest first; the undated checklist is left out.
    assert_eq!(atom.matches("<entry>").count(), 4, "{atom}");
    assert_in_order(
        &atom,
        &[
            "<link href=\"https://example.org/manuel/cas/exemple/\"/>",
            "<link href=\"https://example.org/manuel/guide/crise/\"/>",
            "<link href=\"https://example.org/manuel/guide/veille/\"/>",
            "<link href=\"https://example.org/manuel/a-propos/\"/>",
        ],
    );
    assert_absent(&atom, "fiches/junior");
    for href in attribute_values(&atom, "href") {
        assert!(
            href.starts_with("https://example.org/manuel/"),
            "feed link {href} is not absolute"
        );
    }
}

#[test]
fn atom_feed_updated_is_not_older_than_its_entries() {
    let site = TestSite::copy_of("fixtures/base");
    // An old page updated recently: its entry is the most recently updated one.
    site.write(
        "content/a-propos.md",
        "---\ntitle: À propos\ndescription: Comment ce manuel est fait.\ndate: 2026-01-01\nupdated: 2026-10-01\n---\nFait avec cmbook.\n",
    );
    site.build_ok();
    let atom = site.html("atom.xml");
    let stamps: Vec<&str> = atom
        .split("<updated>")
        .skip(1)
        .map(|rest| rest.split("</updated>").next().unwrap_or(""))
        .collect();
    let (feed, entries) = stamps.split_first().expect("a feed <updated>");
    assert_contains(&atom, "<updated>2026-10-01T00:00:00Z</updated>");
    for entry in entries {
        assert!(
            feed >= entry,
            "feed <updated> {feed} is older than an entry's <updated> {entry}:\n{atom}"
        );
    }
}

#[test]
fn robots_names_the_sitemap() {
    let site = built_base();
    assert_contains(
        &site.html("robots.txt"),
        "Sitemap: https://example.org/manuel/sitemap.xml",
    );
}

#[test]
fn not_found_page_is_written() {
    let site = built_base();
    let html = page(&site, "404.html");
    assert_contains(&html, "Page introuvable");
    assert_contains(&html, "href=\"/manuel/\"");
}

#[test]
fn alias_writes_a_redirect_to_the_page() {
    let site = built_base();
    let html = page(&site, "ancienne-veille/index.html");
    assert_contains(&html, "http-equiv=\"refresh\"");
    assert_contains(&html, "url=/manuel/guide/veille/\"");
    assert_contains(&html, "href=\"/manuel/guide/veille/\"");
}

#[test]
fn search_index_holds_each_page_once() {
    let site = built_base();
    let records = common::pagefind::records(&site.public());
    let urls: Vec<&str> = records.iter().filter_map(|d| d["url"].as_str()).collect();
    for url in [
        "/manuel/guide/veille/",
        "/manuel/guide/crise/",
        "/manuel/fiches/junior/",
        "/manuel/cas/exemple/",
        "/manuel/a-propos/",
    ] {
        assert_eq!(
            urls.iter().filter(|u| **u == url).count(),
            1,
            "{url} should appear once in {urls:?}"
        );
    }
    let veille = common::pagefind::record(&records, "/manuel/guide/veille/").expect("checked");
    assert_eq!(veille["meta"]["title"], "La veille");
    assert_eq!(veille["filters"]["kind"][0], "article");
}

// ---------------------------------------------------------------------------------------------
// Static files and assets
// ---------------------------------------------------------------------------------------------

#[test]
fn theme_static_files_are_copied() {
    let site = built_base();
    let expected = std::fs::read(repo_root().join("themes/default/static/style.css")).unwrap();
    let written = std::fs::read(site.public().join("style.css")).unwrap();
    assert_eq!(written, expected, "style.css differs from the theme's");
}

#[test]
fn site_static_files_are_copied() {
    let site = TestSite::copy_of("fixtures/base");
    site.write("static/extra.txt", "fichier en plus\n");
    site.write("static/docs/notice.txt", "rangé dans un dossier\n");
    site.build_ok();
    assert_eq!(site.html("extra.txt"), "fichier en plus\n");
    assert_eq!(site.html("docs/notice.txt"), "rangé dans un dossier\n");
}

#[test]
fn site_static_file_overrides_the_theme() {
    let site = TestSite::copy_of("fixtures/base");
    site.write(
        "static/style.css",
        "/* style du site */\nbody { color: red; }\n",
    );
    site.build_ok();
    assert_eq!(
        site.html("style.css"),
        "/* style du site */\nbody { color: red; }\n"
    );
}

#[test]
fn content_assets_are_copied_beside_pages() {
    let site = TestSite::copy_of("fixtures/base");
    let bytes: Vec<u8> = vec![0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 255];
    site.write("content/guide/image.png", &bytes);
    site.build_ok();
    let written = std::fs::read(site.public().join("guide/image.png")).expect("asset copied");
    assert_eq!(written, bytes);
}

/// The output file a link found on the page at URL path `page_url` (like `/manuel/guide/veille/`)
/// points to, relative to the output root, for a site whose base path is `base_path`.
fn resolve_link(page_url: &str, base_path: &str, link: &str) -> String {
    let absolute = if link.starts_with('/') {
        link.to_owned()
    } else {
        format!("{page_url}{link}")
    };
    let mut segments: Vec<&str> = Vec::new();
    for segment in absolute.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    let joined = format!("/{}", segments.join("/"));
    joined
        .strip_prefix(base_path.trim_end_matches('/'))
        .unwrap_or(&joined)
        .trim_start_matches('/')
        .to_owned()
}

#[test]
fn relative_image_in_a_page_resolves_to_the_copied_asset() {
    // content/guide/veille.md and content/guide/image.png sit side by side, so the
    // Markdown `![...](image.png)` works in any editor; it must work in the built site too.
    let site = TestSite::copy_of("fixtures/base");
    site.write("content/guide/image.png", b"\x89PNG\r\n\x1a\n");
    let veille = std::fs::read_to_string(site.root().join("content/guide/veille.md")).unwrap();
    site.write(
        "content/guide/veille.md",
        format!("{veille}\n![Un schéma de veille](image.png)\n"),
    );
    site.build_ok();
    let html = page(&site, "guide/veille/index.html");
    let start = position(&html, "<img ");
    let img = &html[start..start + position(&html[start..], ">")];
    let src = attribute_values(img, "src")
        .into_iter()
        .next()
        .expect("img has a src");
    let target = resolve_link("/manuel/guide/veille/", "/manuel/", &src);
    assert!(
        site.public().join(&target).is_file(),
        "the page at /manuel/guide/veille/ shows <img src=\"{src}\">, which the browser loads from \
         /manuel/{target}; no such file was written (the asset is at guide/image.png)"
    );
}

// ---------------------------------------------------------------------------------------------
// Templates and themes
// ---------------------------------------------------------------------------------------------

#[test]
fn site_template_overrides_the_theme() {
    let site = TestSite::copy_of("fixtures/base");
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block main %}<p class=\"marqueur\">GABARIT-DU-SITE {{ page.title }}</p>{{ page.content | safe }}{% block before_content %}{% endblock before_content %}{% endblock main %}",
    );
    site.build_ok();
    let veille = page(&site, "guide/veille/index.html");
    assert_contains(&veille, "GABARIT-DU-SITE La veille");
    assert_absent(&veille, "min de lecture");
    // The theme's base.html still wraps it.
    assert_contains(
        &veille,
        "<link rel=\"stylesheet\" href=\"/manuel/style.css\">",
    );
    // Sections keep the theme's template.
    assert_absent(&page(&site, "guide/index.html"), "GABARIT-DU-SITE");
}

#[test]
fn site_theme_folder_is_used() {
    let site = TestSite::copy_of("fixtures/base");
    common::overlay(
        &common::fixtures().join("fixtures/theme-maison"),
        site.root(),
    );
    let config = std::fs::read_to_string(site.root().join("cmbook.yaml")).unwrap();
    assert!(config.contains("theme: default"));
    site.write(
        "cmbook.yaml",
        config.replace("theme: default", "theme: maison"),
    );
    site.build_ok();
    let veille = page(&site, "guide/veille/index.html");
    assert_contains(&veille, "THEME-MAISON");
    assert_contains(&veille, "<article class=\"maison-page\"><h1>La veille</h1>");
    assert_contains(&veille, "href=\"/manuel/maison.css\"");
    assert_absent(&veille, "skip-link");
    assert_contains(
        &page(&site, "fiches/junior/index.html"),
        "<p class=\"maison-total\">4 items</p>",
    );
    assert_contains(
        &page(&site, "cas/exemple/index.html"),
        "<p class=\"maison-marque\">Marque Exemple</p>",
    );
    assert_contains(&page(&site, "404.html"), "Introuvable (maison)");
    assert!(site.public().join("maison.css").is_file());
}

#[test]
fn site_without_themes_folder_uses_the_compiled_in_theme() {
    let site = TestSite::copy_of("fixtures/base");
    assert!(!site.root().join("themes").exists());
    assert!(!site.root().join("templates").exists());
    site.build_ok();
    let html = page(&site, "guide/veille/index.html");
    assert_contains(&html, "<a class=\"skip-link\" href=\"#contenu\">");
    assert!(site.public().join("style.css").is_file());
}

// ---------------------------------------------------------------------------------------------
// Drafts and rebuilds
// ---------------------------------------------------------------------------------------------

fn site_with_draft() -> TestSite {
    let site = TestSite::copy_of("fixtures/base");
    site.write(
        "content/guide/brouillon.md",
        article(
            "Brouillon secret",
            "date: 2026-02-01\nweight: 15\ndraft: true\ntags: [veille]\nsectors: [energie]\n",
            "Pas encore prêt.",
        ),
    );
    site
}

#[test]
fn drafts_are_left_out_by_default() {
    let site = site_with_draft();
    site.build_ok();
    assert!(!site.public().join("guide/brouillon").exists());
    assert_absent(&page(&site, "guide/index.html"), "Brouillon secret");
    assert_absent(&page(&site, "tags/veille/index.html"), "Brouillon secret");
    assert!(!site.public().join("tags/veille/page/2").exists());
    assert!(!site.public().join("sectors/energie").exists());
    assert_absent(&page(&site, "sectors/index.html"), "energie");
    assert_absent(&site.html("sitemap.xml"), "brouillon");
    assert_absent(&site.html("atom.xml"), "Brouillon secret");
    let records = common::pagefind::records(&site.public());
    assert!(common::pagefind::record(&records, "/manuel/guide/brouillon/").is_none());
    assert_neighbour(
        &page(&site, "guide/veille/index.html"),
        "next",
        "/manuel/guide/crise/",
        "Gérer une crise",
    );
}

#[test]
fn drafts_are_built_with_the_drafts_flag() {
    let site = site_with_draft();
    let out = site.run(&["build", "--quiet", "--drafts"]);
    assert!(out.status.success(), "build failed:\n{}", stderr(&out));
    let draft = page(&site, "guide/brouillon/index.html");
    let h1s = elements(main_of(&draft), "h1");
    assert_eq!(h1s.len(), 1, "{draft}");
    assert_eq!(text(h1s[0]), "Brouillon secret");
    assert_contains(&page(&site, "guide/index.html"), "Brouillon secret");
    assert!(site.public().join("sectors/energie/index.html").is_file());
    assert!(site
        .public()
        .join("tags/veille/page/2/index.html")
        .is_file());
    assert_contains(&site.html("sitemap.xml"), "/manuel/guide/brouillon/");
    let records = common::pagefind::records(&site.public());
    let draft = common::pagefind::record(&records, "/manuel/guide/brouillon/").expect("indexed");
    assert_eq!(draft["meta"]["title"], "Brouillon secret");
    assert_neighbour(
        &page(&site, "guide/veille/index.html"),
        "next",
        "/manuel/guide/brouillon/",
        "Brouillon secret",
    );
}

#[test]
fn stale_files_are_removed_by_a_rebuild() {
    let site = TestSite::copy_of("fixtures/base");
    site.build_ok();
    assert!(site.public().join("a-propos/index.html").is_file());
    // A page removed between two builds disappears from the output: cmbook wrote it. Files
    // cmbook did not write stop the build instead (tests/output_safety.rs).
    std::fs::remove_file(site.root().join("content/a-propos.md")).unwrap();
    site.build_ok();
    assert!(!site.public().join("a-propos").exists());
    assert!(site.public().join("guide/veille/index.html").is_file());
    assert!(site.leftovers().is_empty(), "{:?}", site.leftovers());
}

#[test]
fn rebuilding_unchanged_sources_gives_the_same_files() {
    let site = built_base();
    let first = site.snapshot();
    site.build_ok();
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        site.snapshot().keys().collect::<Vec<_>>()
    );
    assert_eq!(first, site.snapshot());
}

// ---------------------------------------------------------------------------------------------
// `cmbook new`
// ---------------------------------------------------------------------------------------------

#[test]
fn new_site_builds_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let out = cmbook(&["new", "site", "monsite"], dir.path());
    assert!(out.status.success(), "new site failed:\n{}", stderr(&out));
    let root = dir.path().join("monsite");
    assert!(root.join("cmbook.yaml").is_file());
    let out = cmbook(&["build", "--quiet", "--root", "monsite"], dir.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "build failed:\n{}",
        stderr(&out)
    );
    assert!(root.join("public/index.html").is_file());
    let html = unescape(
        &std::fs::read_to_string(root.join("public/checklists/demarrer/index.html")).unwrap(),
    );
    assert_contains(&html, "data-item-id=\"repondre\"");
}

#[test]
fn new_page_writes_the_kind_front_matter() {
    let site = TestSite::copy_of("fixtures/base");
    let out = site.run(&["new", "page", "content/x/y.md", "--kind", "checklist"]);
    assert!(out.status.success(), "new page failed:\n{}", stderr(&out));
    let text = std::fs::read_to_string(site.root().join("content/x/y.md")).unwrap();
    assert!(text.starts_with("---\n"), "{text}");
    let front = text.split("---\n").nth(1).expect("front matter");
    assert!(
        front.lines().any(|l| l.trim() == "kind: checklist"),
        "{text}"
    );
    assert_contains(&text, "- [ ]");
    // The new page builds with the site.
    site.build_ok();
    assert!(site.public().join("x/y/index.html").is_file());
}

#[test]
fn new_page_refuses_to_overwrite() {
    let site = TestSite::copy_of("fixtures/base");
    let path = site.root().join("content/guide/veille.md");
    let before = std::fs::read(&path).unwrap();
    let out = site.run(&["new", "page", "content/guide/veille.md"]);
    assert!(!out.status.success(), "new page overwrote a file");
    assert_contains(&stderr(&out), "already exists");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

// ---------------------------------------------------------------------------------------------
// `--help`
// ---------------------------------------------------------------------------------------------

fn help(args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = cmbook(args, dir.path());
    assert!(out.status.success(), "{args:?} failed:\n{}", stderr(&out));
    stdout(&out)
}

#[test]
fn build_help_lists_its_flags() {
    let text = help(&["build", "--help"]);
    for flag in ["--root", "--output", "--base-url", "--drafts", "--quiet"] {
        assert_contains(&text, flag);
    }
}

#[test]
fn check_help_lists_its_flags() {
    let text = help(&["check", "--help"]);
    for flag in ["--root", "--drafts"] {
        assert_contains(&text, flag);
    }
}

#[test]
fn new_help_lists_its_commands_and_flags() {
    let text = help(&["new", "--help"]);
    assert_contains(&text, "site");
    assert_contains(&text, "page");
    let page_help = help(&["new", "page", "--help"]);
    for flag in ["--kind", "--root", "checklist", "case-study"] {
        assert_contains(&page_help, flag);
    }
}

// ---------------------------------------------------------------------------------------------
// The repository's own handbook
// ---------------------------------------------------------------------------------------------

#[test]
fn repository_handbook_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let output = tmp.path().join("out");
    let root = repo_root();
    let out = cmbook(
        &[
            "build",
            "--root",
            root.to_str().unwrap(),
            "--output",
            output.to_str().unwrap(),
        ],
        tmp.path(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "build failed:\n{}",
        stderr(&out)
    );
    let summary = stderr(&out);
    let pages: usize = summary
        .split("built ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no page count in {summary:?}"));
    assert!(pages > 50, "only {pages} pages built");
    assert!(count_files_named(&output, "index.html") > 50);
    assert!(output.join("index.html").is_file());
    assert!(output.join("sitemap.xml").is_file());
    assert!(output.join("pagefind/pagefind.js").is_file());
}

#[test]
fn a_page_shows_its_terms_by_taxonomy_in_configuration_order() {
    let site = TestSite::copy_of("fixtures/base");
    // The front matter names tags first; the configuration says sectors, career_stages, tags
    // (and alphabetical order would put career stages first).
    let file = site.root().join("content/guide/crise.md");
    let text = std::fs::read_to_string(&file).unwrap();
    let reordered = text.replacen("tags: [veille]\n", "", 1).replacen(
        "sectors: [luxe]\n",
        "tags: [veille]\nsectors: [luxe]\n",
        1,
    );
    assert_ne!(reordered, text);
    site.write("content/guide/crise.md", reordered);
    site.build_ok();
    let html = page(&site, "guide/crise/index.html");
    assert_in_order(
        &html,
        &[
            "id=\"taxo-sectors\">Secteurs</span>",
            "class=\"chip chip-sectors\" href=\"/manuel/sectors/luxe/\"",
            "id=\"taxo-career_stages\">Étapes de carrière</span>",
            "class=\"chip chip-career_stages\" href=\"/manuel/career_stages/senior/\"",
            "id=\"taxo-tags\">Mots-clés</span>",
            "class=\"chip chip-tags\" href=\"/manuel/tags/veille/\"",
        ],
    );
}

#[test]
fn the_navigation_marks_the_current_section_and_its_pages() {
    let site = built_base();
    let nav = |relative: &str| {
        let html = page(&site, relative);
        let start = html.find("id=\"site-nav\"").expect("a main navigation");
        let end = start + html[start..].find("</nav>").expect("its end");
        html[start..end].to_owned()
    };
    // On a section's or taxonomy's own page: the current page; on a page below it: the active
    // entry.
    let expected = [
        (
            "guide/index.html",
            "href=\"/manuel/guide/\" aria-current=\"page\">Le guide</a>",
        ),
        (
            "guide/crise/index.html",
            "href=\"/manuel/guide/\" class=\"is-active\">Le guide</a>",
        ),
        (
            "sectors/index.html",
            "href=\"/manuel/sectors/\" aria-current=\"page\">",
        ),
        (
            "sectors/luxe/index.html",
            "href=\"/manuel/sectors/\" class=\"is-active\">",
        ),
    ];
    for (file, link) in expected {
        let nav = nav(file);
        assert!(nav.contains(link), "{file}: {nav}");
    }
}
