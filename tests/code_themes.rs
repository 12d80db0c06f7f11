//! Code blocks that follow the site's theme (issue #20): `highlight_theme` as a light and dark
//! pair writes both rule sets into `highlight.css`, the dark one scoped to dark mode; the single
//! name of older sites keeps one rule set; a bad pair fails cleanly. The colours as a browser
//! computes them are checked in `tests/code_theme_browser.rs`.

mod common;

use common::{overlay, stderr, TestSite};

/// The base site with the pair configured and a page of code in ten languages.
fn code_site() -> TestSite {
    let site = TestSite::copy_of("fixtures/base");
    overlay(
        &common::fixtures().join("fixtures/code-themes"),
        site.root(),
    );
    site
}

/// The part of `css` from `opening` to the next top-level `@media` (or the end).
fn block<'a>(css: &'a str, opening: &str) -> &'a str {
    let start = css
        .find(opening)
        .unwrap_or_else(|| panic!("no `{opening}` in highlight.css:\n{css}"));
    let rest = &css[start + opening.len()..];
    &rest[..rest.find("\n@media").unwrap_or(rest.len())]
}

#[test]
fn the_pair_writes_the_light_and_the_dark_rule_sets() {
    let site = code_site();
    site.build_ok();
    let css = site.html("highlight.css");
    assert!(
        css.starts_with("/* Code colours written by cmbook"),
        "{css}"
    );
    assert!(css.contains("@layer cmbook-code-light, cmbook-code-dark;"));

    let light = block(&css, "@layer cmbook-code-light {\n");
    assert!(light.contains(":root { --code-fg: #323232; --code-bg: #ffffff; }"));
    assert!(
        light.contains("\n.hl-string { color: #183691; }"),
        "{light}"
    );
    assert!(!light.contains("data-theme"), "{light}");

    for (media, root) in [
        ("screen", ":root[data-theme=\"dark\"]"),
        (
            "screen and (prefers-color-scheme: dark)",
            ":root:not([data-theme=\"light\"])",
        ),
    ] {
        let dark = block(
            &css,
            &format!("@media {media} {{\n@layer cmbook-code-dark {{\n"),
        );
        assert!(
            dark.contains(&format!(
                "{root} {{ --code-fg: #c0c5ce; --code-bg: #2b303b; }}"
            )),
            "{media}:\n{dark}"
        );
        assert!(dark.contains(&format!("\n{root} .hl-string, ")), "{dark}");
        assert!(dark.contains(&format!("\n{root} .hl-comment")), "{dark}");
    }
    let html = site.html("guide/code/index.html");
    assert!(html.contains("href=\"/manuel/highlight.css\""));
    assert!(
        html.contains("<span class=\"hl-comment"),
        "no highlighted comment"
    );
}

#[test]
fn one_theme_name_keeps_a_single_rule_set() {
    let site = TestSite::copy_of("fixtures/base");
    site.build_ok();
    let css = site.html("highlight.css");
    assert!(css.contains("\"InspiredGitHub\" (light) and \"InspiredGitHub\" (dark)"));
    assert!(css.contains("\n.hl-string { color: #183691; }"), "{css}");
    assert!(!css.contains("data-theme"), "{css}");
    assert!(!css.contains("@media"), "{css}");
}

/// Builds the code site, lays `tests/bad/<case>/` over it, builds again: the second build must
/// fail with every line of its `expected.txt` and leave the first output as it was.
fn fails_cleanly(case: &str) -> String {
    let site = code_site();
    site.build_ok();
    let before = site.snapshot();
    let dir = common::fixtures().join("bad").join(case);
    overlay(&dir, site.root());
    let out = site.build();
    let err = stderr(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{case}: exit code; stderr:\n{err}"
    );
    assert!(!err.contains("panicked"), "{case}: {err}");
    let expected = std::fs::read_to_string(dir.join("expected.txt")).unwrap();
    for line in expected.lines().filter(|l| !l.trim().is_empty()) {
        assert!(
            err.contains(line.trim_end()),
            "{case}: stderr lacks `{line}`:\n{err}"
        );
    }
    assert!(
        before == site.snapshot(),
        "{case}: the previous output changed"
    );
    err
}

#[test]
fn an_unknown_dark_theme_is_named_with_the_known_ones() {
    fails_cleanly("highlight_theme_unknown_dark");
}

#[test]
fn a_misspelt_mode_is_named_at_its_line() {
    fails_cleanly("highlight_theme_misspelt_mode");
}
