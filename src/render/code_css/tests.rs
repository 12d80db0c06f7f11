use std::path::Path;

use syntect::highlighting::ThemeSet;

use super::*;
use crate::render::contrast::{ratio, AA_TEXT};

fn config(yaml: &str) -> Config {
    let text = format!("title: T\nbase_url: https://e.org/\n{yaml}");
    Config::parse(&text, Path::new("cmbook.yaml")).expect("valid config")
}

/// The rules of `css` inside the block that opens with `opening`, up to the next `@media`.
fn block<'a>(css: &'a str, opening: &str) -> &'a str {
    let start = css
        .find(opening)
        .unwrap_or_else(|| panic!("no `{opening}` in:\n{css}"));
    let rest = &css[start + opening.len()..];
    &rest[..rest.find("\n@media").unwrap_or(rest.len())]
}

#[test]
fn every_bundled_theme_is_made_readable() {
    for (name, theme) in ThemeSet::load_defaults().themes {
        let theme = readable_theme(&theme);
        let page = theme.settings.background.unwrap();
        let text = theme.settings.foreground.unwrap();
        assert!(ratio(text, page) >= AA_TEXT, "{name}: text");
        for item in &theme.scopes {
            if let Some(fg) = item.style.foreground {
                let bg = item.style.background.unwrap_or(page);
                assert!(ratio(fg, bg) >= AA_TEXT, "{name}: {:?}", item.scope);
            }
        }
    }
}

#[test]
fn the_pair_writes_a_light_layer_and_a_dark_one_per_dark_scope() {
    let css = stylesheet(&config(
        "highlight_theme:\n  light: InspiredGitHub\n  dark: base16-ocean.dark\n",
    ))
    .unwrap();
    let light = block(&css, "@layer cmbook-code-light {\n");
    assert!(
        light.contains(":root { --code-fg: #323232; --code-bg: #ffffff; }"),
        "{light}"
    );
    // InspiredGitHub's strings pass as they are; its grey comments (#969896) are darkened.
    assert!(
        light.contains("\n.hl-string { color: #183691; }"),
        "{light}"
    );
    assert!(!light.contains("#969896"), "{light}");
    assert!(!light.contains("data-theme"), "{light}");
    for (media, root) in DARK_SCOPES {
        let dark = block(
            &css,
            &format!("@media {media} {{\n@layer cmbook-code-dark {{\n"),
        );
        assert!(dark.contains(&format!(
            "{root} {{ --code-fg: #c0c5ce; --code-bg: #2b303b; }}"
        )));
        assert!(
            dark.contains(&format!("{root} {ANY_TOKEN} {{ color: inherit;")),
            "{dark}"
        );
        assert!(dark.contains(&format!("\n{root} .hl-string, ")), "{dark}");
        assert!(
            dark.contains("-symbol, ") && dark.contains(" { color: #a3be8c; }"),
            "{dark}"
        );
        // Every rule of the dark block is scoped, each selector of a list included.
        for line in dark.lines().filter(|l| l.contains('{')) {
            for selector in line.split(" {").next().unwrap().split(", ") {
                assert!(selector.starts_with(root), "{selector} in\n{dark}");
            }
        }
    }
}

#[test]
fn one_theme_name_writes_one_rule_set() {
    let css = stylesheet(&config("highlight_theme: Solarized (light)\n")).unwrap();
    assert!(css.contains("@layer cmbook-code-light {"));
    assert!(!css.contains("data-theme"), "{css}");
    assert!(!css.contains("@media"), "{css}");
}

#[test]
fn without_the_key_the_default_pair_is_written() {
    let css = stylesheet(&config("")).unwrap();
    assert!(css.contains("\"InspiredGitHub\" (light) and \"base16-ocean.dark\" (dark)"));
    assert!(css.contains(":root[data-theme=\"dark\"] .hl-"));
}

#[test]
fn syntect_rules_are_split_whole() {
    let theme = &ThemeSet::load_defaults().themes["InspiredGitHub"];
    let css = css_for_theme_with_class_style(theme, CLASS_STYLE).unwrap();
    let rules = split_rules(&css);
    assert_eq!(rules.len(), theme.scopes.len() + 1);
    assert_eq!(rules[0].0, ".hl-code");
    assert!(rules.iter().all(|(s, b)| !s.is_empty() && b.ends_with(';')));
}

#[test]
fn an_unknown_dark_theme_is_named_with_its_key_and_line() {
    let c = config("search: true\nhighlight_theme:\n  dark: Monokai\n");
    let Err(Error::Invalid(d)) = stylesheet(&c) else {
        panic!("expected an error")
    };
    assert_eq!(d[0].message, "unknown highlight_theme.dark `Monokai`");
    assert_eq!((d[0].line, d[0].column), (Some(4), Some(1)));
    assert!(d[0].help.as_deref().unwrap().contains("base16-mocha.dark"));
    let c = config("highlight_theme: InspiredGithub\n");
    let Err(Error::Invalid(d)) = stylesheet(&c) else {
        panic!("expected an error")
    };
    assert_eq!(d[0].message, "unknown highlight_theme `InspiredGithub`");
    assert!(d[0]
        .help
        .as_deref()
        .unwrap()
        .starts_with("did you mean `InspiredGitHub`?"));
}
