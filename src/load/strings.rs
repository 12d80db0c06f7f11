//! The theme's interface strings ("Aller au contenu", "Menu"…), one file per language:
//! `i18n/fr.yaml` in the theme, a flat map of `key: text`. A site's own `i18n/<code>.yaml`
//! replaces the keys it names and keeps the theme's others. Templates read them as
//! `config.ui.<key>`: a language without a file, or without a key, shows the default language's
//! text, so a new language starts readable and is translated key by key.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::config::Config;
use crate::error::{Diagnostic, Error, Result};
use crate::yaml::YamlMap;

/// The folder of interface strings, in a theme and in a site.
pub(crate) const STRINGS_FOLDER: &str = "i18n";

/// One strings file as found: its language (the file stem), text and where it is.
#[derive(Debug, Clone)]
pub struct StringsFile {
    /// Language code (`en` for `i18n/en.yaml`).
    pub lang: String,
    /// The YAML text.
    pub text: String,
    /// Where to point the user in errors.
    pub origin: PathBuf,
}

/// Interface strings by key.
pub(crate) type Strings = BTreeMap<String, String>;

/// The string that is a URL segment, not a text: the last segment of a section's print book
/// (`imprimer` in French, `print` in English; see [`crate::resolve::books`]).
pub(crate) const PRINT_SLUG_KEY: &str = "print_slug";

/// The strings of every configured language, in configured order, each completed with the
/// default language's keys it lacks. Files are applied in order: a later file's keys win.
pub(crate) fn resolve(files: &[StringsFile], config: &Config) -> Result<Vec<Strings>> {
    let mut by_language: BTreeMap<&str, Strings> = BTreeMap::new();
    let mut problems = Vec::new();
    for file in files {
        match parse(file) {
            Ok(strings) => by_language
                .entry(file.lang.as_str())
                .or_default()
                .extend(strings),
            Err(d) => problems.push(d),
        }
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let default = by_language
        .get(config.language.as_str())
        .cloned()
        .unwrap_or_default();
    Ok(config
        .languages
        .iter()
        .map(|language| {
            let mut strings = default.clone();
            if let Some(own) = by_language.get(language.code.as_str()) {
                strings.extend(own.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
            strings
        })
        .collect())
}

/// Reads one file: every value must be text.
fn parse(file: &StringsFile) -> Result<Strings, Diagnostic> {
    let fail = |message: String, line: usize| {
        Diagnostic::error(&file.origin, message).at_in(&file.text, line, 1)
    };
    let map = YamlMap::parse(&file.text, 1).map_err(|e| {
        fail(e.message, e.line.unwrap_or(1))
            .help("write one `key: text` line per string; quote text containing `:`")
    })?;
    let mut strings = Strings::new();
    for (key, line) in map.keys() {
        match map.get::<String>(key) {
            Ok(Some(text)) if key == PRINT_SLUG_KEY && crate::slugs::slugify(&text) != text => {
                let slug = crate::slugs::slugify(&text);
                return Err(fail(
                    format!("`{key}` is the last segment of print books' URLs, and `{text}` is no URL segment"),
                    line,
                )
                .help(if slug.is_empty() {
                    "write lowercase letters, digits and `-`, like `print`".to_owned()
                } else {
                    format!("write lowercase letters, digits and `-`: `{key}: {slug}`")
                }));
            }
            Ok(Some(text)) => {
                strings.insert(key.to_owned(), text);
            }
            Ok(None) | Err(_) => {
                return Err(fail(format!("`{key}` must be a text"), line)
                    .help("write the text on the same line, quoted if it contains `:`"));
            }
        }
    }
    Ok(strings)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(lang: &str, text: &str) -> StringsFile {
        StringsFile {
            lang: lang.into(),
            text: text.into(),
            origin: PathBuf::from(format!("i18n/{lang}.yaml")),
        }
    }

    fn config() -> Config {
        let yaml =
            "title: T\nbase_url: https://e.org/\nlanguage: fr\nlanguages:\n  en: {title: E}\n";
        Config::parse(yaml, std::path::Path::new("cmbook.yaml")).expect("valid")
    }

    #[test]
    fn missing_keys_fall_back_to_the_default_language_and_later_files_win() {
        let files = [
            file("fr", "menu: Menu\nskip: Aller au contenu\n"),
            file("en", "skip: Skip to content\n"),
            file("en", "skip: Jump to content\n"),
        ];
        let strings = resolve(&files, &config()).expect("valid");
        assert_eq!(strings[0]["skip"], "Aller au contenu");
        assert_eq!(strings[1]["skip"], "Jump to content");
        assert_eq!(strings[1]["menu"], "Menu");
    }

    #[test]
    fn a_print_slug_must_be_a_url_segment() {
        let Err(Error::Invalid(d)) = resolve(
            &[file("en", "menu: Menu\nprint_slug: Print book\n")],
            &config(),
        ) else {
            panic!("a slug with a space and capitals is refused")
        };
        assert_eq!(d[0].line, Some(2));
        assert!(d[0].message.contains("`print_slug`"), "{}", d[0].message);
        assert!(d[0]
            .help
            .as_deref()
            .unwrap_or("")
            .contains("`print_slug: print-book`"));
        let strings = resolve(&[file("fr", "print_slug: imprimer\n")], &config()).unwrap();
        assert_eq!(strings[1]["print_slug"], "imprimer");
    }

    #[test]
    fn a_value_that_is_not_text_names_its_line() {
        let Err(Error::Invalid(d)) = resolve(&[file("fr", "menu: Menu\nskip: [a]\n")], &config())
        else {
            panic!("a list is refused")
        };
        assert_eq!(d[0].line, Some(2));
        assert!(d[0].message.contains("`skip`"), "{}", d[0].message);
    }
}
