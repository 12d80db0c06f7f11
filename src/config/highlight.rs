//! `highlight_theme` in `cmbook.yaml`: one syntect theme for every reader, or a light and a dark
//! one that follow the site's theme toggle and the reader's system preference.
//!
//! Both forms are accepted so that sites written before the pair existed keep building:
//!
//! ```yaml
//! highlight_theme: InspiredGitHub            # this theme in light and dark mode alike
//! highlight_theme:                           # a theme per mode (either key may be left out)
//!   light: InspiredGitHub
//!   dark: base16-ocean.dark
//! ```

use std::fmt;

use serde::de::{self, value::MapAccessDeserializer, Deserializer, MapAccess, Visitor};
use serde::Deserialize;

/// Light theme when `highlight_theme` is absent or its map leaves `light` out.
pub(crate) const DEFAULT_LIGHT: &str = "InspiredGitHub";
/// Dark theme when `highlight_theme` is absent or its map leaves `dark` out.
pub(crate) const DEFAULT_DARK: &str = "base16-ocean.dark";

/// The syntect themes of code blocks, validated against the known themes when rendering.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct HighlightThemes {
    /// Theme of light mode and of print.
    pub light: String,
    /// Theme under the dark toggle, or the system's dark preference when the reader never chose;
    /// equal to `light` when `highlight_theme` names one theme.
    pub dark: String,
    /// Line of `highlight_theme` in the file, for errors naming a theme (`None` when absent).
    #[serde(skip)]
    pub line: Option<usize>,
}

impl Default for HighlightThemes {
    fn default() -> Self {
        HighlightThemes {
            light: DEFAULT_LIGHT.into(),
            dark: DEFAULT_DARK.into(),
            line: None,
        }
    }
}

impl HighlightThemes {
    /// Whether both modes use the same theme (one rule set in `highlight.css`).
    pub fn is_single(&self) -> bool {
        self.light == self.dark
    }
}

/// `highlight_theme` as written: a theme name or a `{light, dark}` map.
#[derive(Debug, Default)]
pub(super) struct RawHighlightTheme(pub(super) HighlightThemes);

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPair {
    light: Option<String>,
    dark: Option<String>,
}

impl<'de> Deserialize<'de> for RawHighlightTheme {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ThemeVisitor)
    }
}

/// A visitor rather than `#[serde(untagged)]`: untagged enums answer "did not match any
/// variant", where the author needs the expected shape or the misspelt key.
struct ThemeVisitor;

impl<'de> Visitor<'de> for ThemeVisitor {
    type Value = RawHighlightTheme;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a syntect theme name, or a map with `light` and `dark` theme names")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<Self::Value, E> {
        Ok(RawHighlightTheme(HighlightThemes {
            light: name.to_owned(),
            dark: name.to_owned(),
            line: None,
        }))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let pair = RawPair::deserialize(MapAccessDeserializer::new(map))?;
        let defaults = HighlightThemes::default();
        Ok(RawHighlightTheme(HighlightThemes {
            light: pair.light.unwrap_or(defaults.light),
            dark: pair.dark.unwrap_or(defaults.dark),
            line: None,
        }))
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::config::Config;
    use crate::error::Error;

    fn themes(yaml: &str) -> Result<HighlightThemes, Error> {
        let text = format!("title: T\nbase_url: https://e.org/\n{yaml}");
        Config::parse(&text, Path::new("cmbook.yaml")).map(|c| c.highlight_theme)
    }

    fn pair(light: &str, dark: &str, line: Option<usize>) -> HighlightThemes {
        HighlightThemes {
            light: light.into(),
            dark: dark.into(),
            line,
        }
    }

    #[test]
    fn one_name_serves_both_modes() {
        let t = themes("highlight_theme: Solarized (dark)\n").unwrap();
        assert_eq!(t, pair("Solarized (dark)", "Solarized (dark)", Some(3)));
        assert!(t.is_single());
    }

    #[test]
    fn a_map_names_each_mode_and_defaults_the_other() {
        let both = "highlight_theme:\n  light: base16-ocean.light\n  dark: Solarized (dark)\n";
        assert_eq!(
            themes(both).unwrap(),
            pair("base16-ocean.light", "Solarized (dark)", Some(3))
        );
        let dark_only = "highlight_theme: {dark: base16-mocha.dark}\n";
        assert_eq!(
            themes(dark_only).unwrap(),
            pair(DEFAULT_LIGHT, "base16-mocha.dark", Some(3))
        );
        assert_eq!(themes("").unwrap(), pair(DEFAULT_LIGHT, DEFAULT_DARK, None));
    }

    #[test]
    fn a_misspelt_mode_is_named_at_its_line() {
        let Err(Error::Invalid(d)) =
            themes("highlight_theme:\n  light: InspiredGitHub\n  drak: x\n")
        else {
            panic!("expected an error")
        };
        assert!(d[0].message.contains("unknown field `drak`"), "{d:?}");
        assert!(d[0].message.contains("expected `light` or `dark`"), "{d:?}");
        assert_eq!(d[0].column, Some(3), "{d:?}");
        assert_eq!(d[0].line, Some(5), "{d:?}");
    }

    #[test]
    fn a_list_is_refused_with_the_expected_shapes() {
        let Err(Error::Invalid(d)) = themes("highlight_theme: [a, b]\n") else {
            panic!("expected an error")
        };
        assert!(
            d[0].message
                .contains("a syntect theme name, or a map with `light` and `dark`"),
            "{d:?}"
        );
        assert_eq!(d[0].line, Some(3), "{d:?}");
    }
}
