//! `highlight.css`: the class rules of the configured light and dark syntect themes, each made
//! readable (see [`contrast`](crate::render::contrast)), the dark one scoped to dark mode.
//!
//! Dark mode is what the default theme's stylesheet calls dark: `data-theme="dark"` on `<html>`
//! (the reader's toggle), or the system preference when the reader never chose
//! (`data-theme="light"` then wins). Print is always light.
//!
//! The two rule sets live in two cascade layers, dark last, and dark mode first resets every
//! highlighted span: so no light rule leaks into dark mode, whatever the two themes' selectors
//! and their specificities, without writing the light rules once per case. The code block's
//! own colours are the custom properties `--code-fg` and `--code-bg`, for the theme's
//! stylesheet to use on `pre.code`.

use syntect::highlighting::{Color, Theme, ThemeSet};
use syntect::html::css_for_theme_with_class_style;

use crate::config::Config;
use crate::error::{did_you_mean, Diagnostic, Error, Result};
use crate::render::contrast::readable_theme;
use crate::render::highlight::CLASS_STYLE;

/// Where each dark rule applies: the toggle, or the system preference without a choice.
const DARK_SCOPES: [(&str, &str); 2] = [
    ("screen", ":root[data-theme=\"dark\"]"),
    (
        "screen and (prefers-color-scheme: dark)",
        ":root:not([data-theme=\"light\"])",
    ),
];

/// Every highlighted span (the class prefix of [`CLASS_STYLE`]), at no specificity.
const ANY_TOKEN: &str = ":where([class*=\"hl-\"])";

/// The stylesheet for the configured themes, or an error naming the known ones.
pub(crate) fn stylesheet(config: &Config) -> Result<String> {
    let themes = ThemeSet::load_defaults();
    let chosen = &config.highlight_theme;
    let find = |mode: &str, name: &str| {
        themes
            .themes
            .get(name)
            .ok_or_else(|| unknown_theme(config, mode, name, &themes))
    };
    let light = find("light", &chosen.light)?;
    let mut css = format!(
        "/* Code colours written by cmbook: syntect themes \"{}\" (light) and \"{}\" (dark), \
         token colours raised to WCAG AA contrast where the theme falls short. */\n\
         @layer cmbook-code-light, cmbook-code-dark;\n\n",
        chosen.light, chosen.dark
    );
    css.push_str("@layer cmbook-code-light {\n");
    css.push_str(&rules(light, ":root", "")?);
    css.push_str("}\n");
    if !chosen.is_single() {
        let dark = find("dark", &chosen.dark)?;
        for (media, root) in DARK_SCOPES {
            css.push_str(&format!(
                "\n@media {media} {{\n@layer cmbook-code-dark {{\n"
            ));
            css.push_str(&format!(
                "{root} {ANY_TOKEN} {{ color: inherit; background-color: transparent; \
                 font-style: inherit; font-weight: inherit; text-decoration: inherit; }}\n"
            ));
            css.push_str(&rules(dark, root, &format!("{root} "))?);
            css.push_str("}\n}\n");
        }
    }
    Ok(css)
}

/// The rules of `theme` made readable: its colours as custom properties on `root`, then
/// syntect's class rules, each selector written after `prefix`.
fn rules(theme: &Theme, root: &str, prefix: &str) -> Result<String> {
    let theme = readable_theme(theme);
    let hex = |c: Option<Color>| c.map(|c| format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b));
    let mut out = format!(
        "{root} {{ --code-fg: {}; --code-bg: {}; }}\n",
        hex(theme.settings.foreground).unwrap_or_default(),
        hex(theme.settings.background).unwrap_or_default(),
    );
    let css = css_for_theme_with_class_style(&theme, CLASS_STYLE)
        .map_err(|e| Error::Usage(format!("cannot write the highlight CSS: {e}")))?;
    for (selectors, body) in split_rules(&css) {
        // `.hl-code` styles an element we never write; its colours are the properties above.
        if selectors == ".hl-code" {
            continue;
        }
        let scoped: Vec<String> = selectors
            .split(", ")
            .map(|s| format!("{prefix}{s}"))
            .collect();
        out.push_str(&format!("{} {{ {body} }}\n", scoped.join(", ")));
    }
    Ok(out)
}

/// syntect's CSS as (selector list, declarations) pairs, its opening comment dropped.
///
/// syntect writes neither braces nor commas inside a selector (odd characters of scope names
/// come out as `\2b ` escapes) nor in a declaration, so braces delimit every rule.
fn split_rules(css: &str) -> Vec<(&str, String)> {
    let css = css.split_once("*/").map_or(css, |(_, rest)| rest);
    css.split('}')
        .filter_map(|rule| rule.split_once('{'))
        .map(|(selectors, body)| {
            let body: Vec<&str> = body
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            (selectors.trim(), body.join(" "))
        })
        .collect()
}

fn unknown_theme(config: &Config, mode: &str, name: &str, themes: &ThemeSet) -> Error {
    let known: Vec<&str> = themes.themes.keys().map(String::as_str).collect();
    let help = match did_you_mean(name, known.iter().copied()) {
        Some(s) => format!("did you mean `{s}`? known themes: {}", known.join(", ")),
        None => format!("known themes: {}", known.join(", ")),
    };
    let key = if config.highlight_theme.is_single() {
        "highlight_theme".to_owned()
    } else {
        format!("highlight_theme.{mode}")
    };
    let mut d = Diagnostic::error(&config.path, format!("unknown {key} `{name}`")).help(help);
    if let Some(line) = config.highlight_theme.line {
        d = d.at(line, 1);
    }
    Error::one(d)
}

#[cfg(test)]
mod tests;
