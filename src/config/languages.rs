//! `languages` in `cmbook.yaml`: the languages a site is written in. The default language
//! (`language:`) is served at the root, every other one under `/<code>/`:
//!
//! ```yaml
//! language: fr                      # the default language, at the root
//! languages:
//!   en:
//!     title: Community Manager Handbook
//!     description: The job, the skills, the career paths
//!     require_translations: true    # untranslated pages fail `check --deny-warnings`
//! ```
//!
//! A site without `languages` has one language, and builds exactly as before.

use serde::Deserialize;

use crate::typography::{typeset_owned, Typography};

/// One language of the site, the default one first in [`super::Config::languages`].
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Language {
    /// Code, as in `lang` attributes and file names (`en` in `veille.en.md`).
    pub code: String,
    /// The language's own name, for the language switcher (`English`, `Français`).
    pub name: String,
    /// Site title in this language.
    pub title: String,
    /// Site description in this language.
    pub description: String,
    /// Typesetting of this language's texts.
    pub typography: Typography,
    /// URL prefix of this language's pages: `""` for the default language, else `en/`.
    pub prefix: String,
    /// Whether `cmbook check --deny-warnings` fails on pages not translated into it.
    pub require_translations: bool,
}

/// A `languages` entry as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLanguage {
    title: Option<String>,
    description: Option<String>,
    name: Option<String>,
    typography: Option<String>,
    #[serde(default)]
    require_translations: bool,
}

/// The language's own name for codes a handbook is likely to use; others show their code.
fn native_name(code: &str) -> String {
    match code {
        "fr" => "Français",
        "en" => "English",
        "de" => "Deutsch",
        "es" => "Español",
        "it" => "Italiano",
        "pt" => "Português",
        "nl" => "Nederlands",
        _ => code,
    }
    .to_owned()
}

/// Whether `code` can name a language in file names and URLs: 2 or 3 lowercase letters,
/// optionally followed by `-` and a region (`pt-br`).
pub(super) fn is_valid_code(code: &str) -> bool {
    let (language, region) = match code.split_once('-') {
        Some((language, region)) => (language, Some(region)),
        None => (code, None),
    };
    (2..=3).contains(&language.len())
        && language.bytes().all(|b| b.is_ascii_lowercase())
        && region.is_none_or(|r| {
            (2..=4).contains(&r.len())
                && r.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// Makes the validated language list, default first; `Err` carries the typography name that
/// is unknown.
pub(super) fn languages(
    default: &Language,
    raw: Vec<(String, RawLanguage)>,
) -> Result<Vec<Language>, (String, String)> {
    let mut out = vec![default.clone()];
    for (code, entry) in raw {
        let typography = match entry.typography.as_deref() {
            None => Typography::for_language(&code),
            Some(name) => {
                Typography::from_name(name).ok_or_else(|| (code.clone(), name.to_owned()))?
            }
        };
        if code == default.code {
            // The default language's entry may only name it and set its options.
            let first = &mut out[0];
            if let Some(name) = entry.name {
                first.name = name;
            }
            first.require_translations = entry.require_translations;
            continue;
        }
        out.push(Language {
            name: entry.name.unwrap_or_else(|| native_name(&code)),
            title: typeset_owned(
                entry.title.unwrap_or_else(|| default.title.clone()),
                typography,
            ),
            description: typeset_owned(
                entry
                    .description
                    .unwrap_or_else(|| default.description.clone()),
                typography,
            ),
            typography,
            prefix: format!("{code}/"),
            require_translations: entry.require_translations,
            code,
        });
    }
    Ok(out)
}

/// The default language, from the top-level keys.
pub(super) fn default_language(
    code: &str,
    title: &str,
    description: &str,
    typography: Typography,
) -> Language {
    Language {
        code: code.to_owned(),
        name: native_name(code),
        title: title.to_owned(),
        description: description.to_owned(),
        typography,
        prefix: String::new(),
        require_translations: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_short_lowercase_tags() {
        for good in ["fr", "en", "pt-br", "fil", "zh-hant"] {
            assert!(is_valid_code(good), "{good}");
        }
        for bad in ["", "f", "EN", "english", "en_US", "en-", "fr/x", "e1"] {
            assert!(!is_valid_code(bad), "{bad}");
        }
    }
}
