//! Integration tests of `cmbook check`: the real binary on copies of `tests/fixtures/base`,
//! changed one file at a time so that each test shows one behaviour: the summary and the exit
//! code, `--deny-warnings`, `--format json`, every kind of warning with its place and its help,
//! the errors a build would stop on, and that `check` never writes anything.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Output;

use common::{cmbook, snapshot, stderr, TestSite};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// The fixture site: valid, with one known warning (two `## Le plan` in `guide/crise.md`).
fn base() -> TestSite {
    TestSite::copy_of("fixtures/base")
}

/// Front matter of a root page, the body starting on line 6.
fn root_page(body: &str) -> String {
    format!(
        "---\ntitle: À propos\ndescription: Comment ce manuel est fait.\ndate: 2026-01-01\n---\n{body}"
    )
}

/// Runs `cmbook check ARGS` in the site.
fn check(site: &TestSite, args: &[&str]) -> Output {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    site.run(&all)
}

/// Runs `check`, expects exit 0 (warnings do not fail by default) and returns stderr.
fn check_ok(site: &TestSite) -> String {
    let out = check(site, &[]);
    let err = stderr(&out);
    assert!(out.status.success(), "check failed:\n{err}");
    err
}

/// Runs `check`, expects exit 1 and returns stderr.
fn check_err(site: &TestSite) -> String {
    let out = check(site, &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "check should fail:\n{err}");
    err
}

/// Asserts that `text` contains every one of `needles`.
fn assert_has(text: &str, needles: &[&str]) {
    for needle in needles {
        assert!(text.contains(needle), "missing `{needle}` in:\n{text}");
    }
}

/// The diagnostic block of `text` (from its `warning:`/`error:` line to the blank line after
/// it) whose first line contains `message`. Panics when there is none.
fn block<'a>(text: &'a str, message: &str) -> &'a str {
    text.split("\n\n")
        .find(|b| b.lines().next().is_some_and(|l| l.contains(message)))
        .unwrap_or_else(|| panic!("no diagnostic `{message}` in:\n{text}"))
}

/// The line a diagnostic draws under source line `line` to point at column `column`
/// (source lines without tabs).
fn caret(line: usize, column: usize) -> String {
    let pad = " ".repeat(line.to_string().len());
    format!(" {pad} | {}^", " ".repeat(column - 1))
}

/// How many diagnostics of the human output start with `label` (`warning` or `error`).
fn count(text: &str, label: &str) -> usize {
    let prefix = format!("{label}: ");
    text.lines().filter(|l| l.starts_with(&prefix)).count()
}

/// Every `-->` location of the human output.
fn locations(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter_map(|l| l.trim_start().strip_prefix("--> "))
        .map(str::to_owned)
        .collect()
}

/// Parses the JSON report printed on standard output.
fn json_report(out: &Output) -> serde_json::Value {
    let stdout = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{stdout}\nstderr:\n{}",
            stderr(out)
        )
    })
}

/// The `diagnostics` array of a JSON report.
fn json_diagnostics(report: &serde_json::Value) -> &Vec<serde_json::Value> {
    report["diagnostics"]
        .as_array()
        .unwrap_or_else(|| panic!("no `diagnostics` array in {report}"))
}

/// `path:line:column` of a JSON diagnostic, shortened like the human form when a part is null.
fn json_location(d: &serde_json::Value) -> String {
    let mut location = d["path"].as_str().expect("path is text").to_owned();
    if let Some(line) = d["line"].as_u64() {
        location.push_str(&format!(":{line}"));
        if let Some(column) = d["column"].as_u64() {
            location.push_str(&format!(":{column}"));
        }
    }
    location
}

/// A site whose section template and home template list no pages, plus a section `isole/` with
/// one page no content links to and that has no taxonomy terms: nothing reaches that page.
fn site_with_unlisted_section() -> TestSite {
    let site = base();
    let bare = "{% extends \"base.html\" %}\n{% block main %}<h1>{{ section.title }}</h1>{% endblock main %}\n";
    // The default home template lists every page of the site, so it is replaced too.
    site.write("templates/section.html", bare);
    site.write("templates/index.html", bare);
    site.write(
        "content/isole/_index.md",
        "---\ntitle: Isolée\ndescription: Une partie à part.\n---\n",
    );
    site.write(
        "content/isole/seule.md",
        "---\ntitle: Page isolée\ndescription: Personne ne la lie.\ndate: 2026-02-02\n---\nTexte.\n",
    );
    site
}

// ---------------------------------------------------------------------------------------------
// Summary, exit code, --deny-warnings, --format json
// ---------------------------------------------------------------------------------------------

#[test]
fn valid_site_exits_zero_and_prints_a_summary() {
    let site = base();
    let out = check(&site, &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert_has(&err, &["0 errors, 1 warnings in 5 pages"]);
    let warning = block(&err, "heading id `le-plan` is used twice");
    assert_has(
        warning,
        &["--> content/guide/crise.md:16:1", "16 | ## Le plan"],
    );
    assert_eq!(count(&err, "warning"), 1, "{err}");
    assert_eq!(count(&err, "error"), 0, "{err}");
    assert!(out.stdout.is_empty(), "human output goes to stderr only");
}

#[test]
fn deny_warnings_turns_warnings_into_a_failure() {
    let site = base();
    let out = check(&site, &["--deny-warnings"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_has(&err, &["0 errors, 1 warnings", "--deny-warnings"]);

    // The same site without its warning passes.
    let crise = std::fs::read_to_string(site.root().join("content/guide/crise.md")).unwrap();
    let fixed = crise.replacen("## Le plan\n\nDeux", "## Le plan B\n\nDeux", 1);
    assert_ne!(crise, fixed, "the fixture changed: update this test");
    site.write("content/guide/crise.md", fixed);
    let out = check(&site, &["--deny-warnings"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert_has(&err, &["0 errors, 0 warnings in 5 pages"]);
}

#[test]
fn json_lists_the_same_diagnostics_as_the_human_output() {
    let site = base();
    site.write(
        "content/a-propos.md",
        root_page("Un schéma :\n\n![](schema.png)\n\n## Le plan\n\n## Le plan\n"),
    );
    let human = check(&site, &[]);
    let err = stderr(&human);
    assert!(human.status.success(), "{err}");

    let out = check(&site, &["--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = json_report(&out);
    assert_eq!(report["pages"], 5, "{report}");
    let diagnostics = json_diagnostics(&report);
    assert_eq!(diagnostics.len(), 3, "{report}");
    for d in diagnostics {
        assert_eq!(d["severity"], "warning", "{d}");
        assert!(d["path"].is_string(), "{d}");
        assert!(d["line"].as_u64().is_some_and(|n| n >= 1), "{d}");
        assert!(d["column"].as_u64().is_some_and(|n| n >= 1), "{d}");
        assert!(d["message"].is_string() && d["help"].is_string(), "{d}");
        // The human output has a block with the same severity, message, place and help.
        let head = format!("warning: {}", d["message"].as_str().unwrap());
        let place = format!("--> {}", json_location(d));
        let help = format!("= help: {}", d["help"].as_str().unwrap());
        let shown = err
            .split("\n\n")
            .any(|b| b.starts_with(&head) && b.contains(&place) && b.contains(&help));
        assert!(shown, "{d} is not in the human output:\n{err}");
    }
    let from_json: BTreeSet<String> = diagnostics.iter().map(json_location).collect();
    assert_eq!(from_json, locations(&err));
    let wanted: BTreeSet<String> = [
        "content/a-propos.md:8:1",
        "content/a-propos.md:12:1",
        "content/guide/crise.md:16:1",
    ]
    .map(str::to_owned)
    .into();
    assert_eq!(from_json, wanted, "{report}");
}

#[test]
fn json_reports_errors_with_their_position_and_fails() {
    let site = base();
    site.write(
        "content/a-propos.md",
        root_page("Voir [la veille](@/guide/veile.md).\n"),
    );
    let out = check(&site, &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report = json_report(&out);
    let diagnostics = json_diagnostics(&report);
    assert_eq!(diagnostics.len(), 1, "{report}");
    let d = &diagnostics[0];
    assert_eq!(d["severity"], "error");
    assert_eq!(d["path"], "content/a-propos.md");
    assert_eq!(d["line"], 6);
    assert_eq!(d["column"], 6);
    assert_eq!(d["source_line"], "Voir [la veille](@/guide/veile.md).");
    assert!(
        d["help"]
            .as_str()
            .is_some_and(|h| h.contains("`@/guide/veille.md`")),
        "{d}"
    );
}

// ---------------------------------------------------------------------------------------------
// Warnings: each kind with its place and its help
// ---------------------------------------------------------------------------------------------

#[test]
fn absolute_link_to_the_own_site_suggests_the_at_form() {
    let site = base();
    site.write(
        "content/a-propos.md",
        root_page(
            "Voir [la veille](https://example.org/manuel/guide/veille/#ecoute-active).\n\n\
             Ailleurs : [un autre site](https://example.com/manuel/guide/veille/).\n",
        ),
    );
    let err = check_ok(&site);
    let w = block(&err, "absolute link to this site");
    assert_has(
        w,
        &[
            "`https://example.org/manuel/guide/veille/#ecoute-active`",
            "--> content/a-propos.md:6:6",
            &caret(6, 6),
            "help: write `@/guide/veille.md`",
        ],
    );
    assert_eq!(
        count(&err, "warning"),
        2,
        "only the own-site link warns:\n{err}"
    );
}

#[test]
fn image_without_alt_text_is_a_warning() {
    let site = base();
    site.write(
        "content/a-propos.md",
        root_page("Texte.\n\n![](schema.png)\n\n![un schéma](autre.png)\n"),
    );
    let err = check_ok(&site);
    let w = block(&err, "image without alt text");
    assert_has(
        w,
        &[
            "--> content/a-propos.md:8:1",
            "8 | ![](schema.png)",
            "help: describe the image",
        ],
    );
    assert_eq!(
        count(&err, "warning"),
        2,
        "the described image is fine:\n{err}"
    );
}

#[test]
fn empty_headings_are_warnings() {
    let site = base();
    // `##` then spaces, and a heading holding only an id attribute, are both empty.
    site.write(
        "content/a-propos.md",
        root_page("Texte.\n\n##   \n\nSuite.\n\n## {#vide}\n\nFin.\n"),
    );
    let err = check_ok(&site);
    let empties: Vec<&str> = err
        .split("\n\n")
        .filter(|b| b.starts_with("warning: empty heading"))
        .collect();
    assert_eq!(empties.len(), 2, "{err}");
    assert_has(
        empties[0],
        &[
            "--> content/a-propos.md:8:1",
            "help: write the heading's text",
        ],
    );
    assert_has(
        empties[1],
        &["--> content/a-propos.md:12:1", "12 | ## {#vide}"],
    );
}

#[test]
fn duplicated_heading_ids_are_warnings() {
    let site = base();
    site.write(
        "content/a-propos.md",
        root_page("## Un {#perso}\n\nA.\n\n## Deux {#perso}\n\nB.\n\n## Trois\n"),
    );
    let err = check_ok(&site);
    let w = block(&err, "heading id `perso` is used twice in this file");
    assert_has(
        w,
        &[
            "--> content/a-propos.md:10:1",
            "10 | ## Deux {#perso}",
            "help: rename the heading or give it its own id",
        ],
    );
    // The fixture's own duplicate is reported too, and nothing else.
    assert_has(&err, &["0 errors, 2 warnings"]);
}

#[test]
fn the_same_title_on_two_pages_is_a_warning() {
    let site = base();
    let text = root_page("Texte.\n").replace("title: À propos", "title: La veille");
    site.write("content/a-propos.md", text);
    let err = check_ok(&site);
    let w = block(&err, "title `La veille` is also the title of");
    // One of the two pages is reported, naming the other.
    let named_propos = w.contains("also the title of content/a-propos.md");
    let (at, other) = if named_propos {
        ("--> content/guide/veille.md:2:1", "content/a-propos.md")
    } else {
        ("--> content/a-propos.md:2:1", "content/guide/veille.md")
    };
    assert_has(
        w,
        &[
            at,
            other,
            "2 | title: La veille",
            "help: give each page its own title",
        ],
    );
    assert_eq!(count(&err, "warning"), 2, "{err}");
}

#[test]
fn description_over_160_characters_is_a_warning() {
    let site = base();
    let long = "Une description qui continue bien trop longtemps. ".repeat(4);
    let long = long.trim_end();
    let chars = long.chars().count();
    assert!(chars > 160);
    let text = root_page("Texte.\n").replace("Comment ce manuel est fait.", long);
    site.write("content/a-propos.md", text);
    let err = check_ok(&site);
    let w = block(
        &err,
        &format!("description is {chars} characters long (over 160)"),
    );
    assert_has(w, &["--> content/a-propos.md:3:1", "help: shorten it"]);

    // Exactly 160 characters (accents count once) is fine.
    let exact: String = format!("{}é", "a".repeat(159));
    let text = root_page("Texte.\n").replace("Comment ce manuel est fait.", &exact);
    site.write("content/a-propos.md", text);
    let err = check_ok(&site);
    assert!(!err.contains("description is"), "{err}");
}

#[test]
fn lonely_tag_close_to_a_common_one_is_a_likely_typo() {
    let site = base();
    // `veille` is used by guide/veille.md and guide/crise.md; `veile` by this page only.
    let text =
        root_page("Texte.\n").replace("date: 2026-01-01\n", "date: 2026-01-01\ntags: [veile]\n");
    site.write("content/a-propos.md", text);
    let err = check_ok(&site);
    let w = block(&err, "`veile` is used by this page only in `tags`");
    assert_has(
        w,
        &[
            "--> content/a-propos.md:5:1",
            "5 | tags: [veile]",
            "help: did you mean `veille`?",
        ],
    );
    // A lonely tag unlike any other is not reported.
    let text =
        root_page("Texte.\n").replace("date: 2026-01-01\n", "date: 2026-01-01\ntags: [podcast]\n");
    site.write("content/a-propos.md", text);
    let err = check_ok(&site);
    assert!(!err.contains("is used by this page only"), "{err}");
}

#[test]
fn page_no_other_page_links_to_is_an_orphan() {
    let site = site_with_unlisted_section();
    let err = check_ok(&site);
    let w = block(&err, "no page links to this page (orphan)");
    assert_has(
        w,
        &[
            "--> content/isole/seule.md",
            "help: link it from another page",
        ],
    );
    // Pages linked from content, prev/next or a taxonomy term page are not orphans.
    assert_eq!(err.matches("(orphan)").count(), 1, "{err}");

    // Linking to it from another page's content fixes it.
    site.write(
        "content/a-propos.md",
        root_page("Voir [la page isolée](@/isole/seule.md).\n"),
    );
    let err = check_ok(&site);
    assert!(!err.contains("(orphan)"), "{err}");
}

/// Engine bug (src/check.rs, `hrefs`/`orphans`): every `.html` output counts as a linking page,
/// including the redirect page of an alias, which links to its own target. A page that only
/// its old URL reaches is not reported.
#[test]
fn a_redirect_from_an_alias_does_not_make_a_page_reachable() {
    let site = site_with_unlisted_section();
    site.write(
        "content/isole/seule.md",
        "---\ntitle: Page isolée\ndescription: Personne ne la lie.\ndate: 2026-02-02\naliases: [/vieille-adresse/]\n---\nTexte.\n",
    );
    let err = check_ok(&site);
    assert_has(
        &err,
        &[
            "no page links to this page (orphan)",
            "--> content/isole/seule.md",
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// Errors: what a build stops on, reported by check with exit 1
// ---------------------------------------------------------------------------------------------

#[test]
fn broken_at_link_is_an_error_with_position_and_caret() {
    let site = base();
    site.write(
        "content/a-propos.md",
        root_page("Fait avec cmbook.\n\nPour commencer, lisez [la veille](@/guide/veile.md) puis le reste.\n"),
    );
    let err = check_err(&site);
    let e = block(&err, "error: broken link `@/guide/veile.md`");
    assert_has(
        e,
        &[
            "--> content/a-propos.md:8:23",
            " 8 | Pour commencer, lisez [la veille](@/guide/veile.md) puis le reste.",
            &caret(8, 23),
            "help: did you mean `@/guide/veille.md`?",
        ],
    );
    assert_has(&err, &["1 errors, 0 warnings", "error: check found errors"]);
}

#[test]
fn link_to_a_draft_is_an_error_unless_drafts_are_checked() {
    let site = base();
    site.write(
        "content/guide/brouillon.md",
        "---\ntitle: Brouillon\ndescription: Pas encore prêt.\ndate: 2026-02-01\ndraft: true\n---\nTexte en cours.\n",
    );
    site.write(
        "content/a-propos.md",
        root_page("Fait avec cmbook, voir [le brouillon](@/guide/brouillon.md).\n"),
    );
    let err = check_err(&site);
    let e = block(&err, "`@/guide/brouillon.md` links to a draft page");
    assert_has(
        e,
        &[
            "--> content/a-propos.md:6:24",
            &caret(6, 24),
            "remove `draft: true`",
        ],
    );
    // With --drafts the draft is checked as published, and the link is fine.
    let out = check(&site, &["--drafts"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn unknown_front_matter_key_is_an_error_with_a_suggestion() {
    let site = base();
    let crise = std::fs::read_to_string(site.root().join("content/guide/crise.md")).unwrap();
    site.write(
        "content/guide/crise.md",
        crise.replace("sectors:", "sector:"),
    );
    let err = check_err(&site);
    let e = block(&err, "unknown key `sector`");
    assert_has(
        e,
        &[
            "--> content/guide/crise.md:6:1",
            "6 | sector: [luxe]",
            &caret(6, 1),
            "did you mean `sectors`?",
        ],
    );
}

#[test]
fn template_that_fails_to_render_names_the_template_and_the_page() {
    let site = base();
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ page.title }}</h1>\n<p>{{ page.no_such_field }}</p>\n{% endblock main %}\n",
    );
    let err = check_err(&site);
    let e = block(&err, "template error while rendering content/");
    assert_has(
        e,
        &[
            "page.no_such_field",
            "--> templates/page.html:4:12",
            "Field `no_such_field` is not defined",
        ],
    );
    let page_named = [
        "content/a-propos.md",
        "content/guide/veille.md",
        "content/guide/crise.md",
    ]
    .iter()
    .any(|p| e.contains(&format!("while rendering {p}")));
    assert!(
        page_named,
        "the page rendered with page.html is named:\n{e}"
    );
}

/// Engine bug (src/render/templates.rs, `Templates::render`): the theme's `case_study.html` and
/// `checklist.html` extend `page.html`; when the site's `page.html` fails, the diagnostics of
/// those pages point at `(default theme)/templates/<child>.html`, a file the user cannot fix,
/// instead of the site's `templates/page.html`.
#[test]
fn template_error_in_a_parent_points_at_the_parent() {
    let site = base();
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<p>{{ page.no_such_field }}</p>\n{% endblock main %}\n",
    );
    let err = check_err(&site);
    assert!(!err.contains("--> (default theme)/"), "{err}");
}

/// Engine bug (src/markdown.rs, `outline`, through pulldown-cmark 0.13.6 with
/// `ENABLE_HEADING_ATTRIBUTES`): a setext heading in a list item whose last line is an
/// attribute block indented past the item's content makes the parser panic (found by the
/// `markdown_page` fuzz target). `check` dies with a panic (exit 101) instead of reporting the
/// page.
#[test]
fn a_page_the_markdown_parser_chokes_on_is_reported_not_a_panic() {
    let site = base();
    site.write(
        "content/a-propos.md",
        root_page("- Titre\n   {#id}\n  ---\n"),
    );
    let out = check(&site, &[]);
    let err = stderr(&out);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_has(&err, &["content/a-propos.md"]);
}

// ---------------------------------------------------------------------------------------------
// Check writes nothing; the repository's handbook is clean
// ---------------------------------------------------------------------------------------------

#[test]
fn check_writes_nothing() {
    for broken in [false, true] {
        let site = base();
        if broken {
            site.write(
                "content/a-propos.md",
                root_page("Voir [la veille](@/guide/veile.md).\n"),
            );
        }
        let before = snapshot(site.root());
        let out = check(&site, &[]);
        assert_eq!(out.status.success(), !broken, "{}", stderr(&out));
        assert!(!site.public().exists(), "check created public/");
        assert_eq!(
            snapshot(site.root()),
            before,
            "check changed the site folder"
        );
        let mut entries: Vec<String> = std::fs::read_dir(site.root())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        entries.sort();
        assert_eq!(
            entries,
            ["cmbook.yaml", "content"],
            "check left files behind"
        );
    }
}

#[test]
fn the_repository_handbook_passes_with_deny_warnings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = cmbook(&["check", "--deny-warnings", "--root", "."], root);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert_has(&err, &["0 errors, 0 warnings"]);
}
