//! `cmbook.yaml`: the raw file as typed, then the validated [`Config`] the pipeline uses.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{did_you_mean, Diagnostic, Error, Result};
use crate::slugs::slugify;
use crate::typography::{typeset_owned, Typography};
use crate::yaml::{self, YamlMap};

mod highlight;
mod languages;
mod segments;

pub use highlight::HighlightThemes;
pub use languages::Language;

/// Front-matter keys of the page kinds, which a taxonomy may not be named after. Here, not
/// in `load::kinds`, so that the configuration checks them without importing the loader.
/// Keys every page accepts (taxonomy names are added from the configuration).
pub const PAGE_KEYS: &[&str] = &[
    "title",
    "description",
    "date",
    "updated",
    "kind",
    "slug",
    "draft",
    "weight",
    "aliases",
    "authors",
    "glossary",
    "extra",
];
/// Extra keys of `kind: case_study`.
pub const CASE_STUDY_KEYS: &[&str] = &[
    "brand", "year", "channels", "outcome", "sources", "metrics", "timeline",
];

/// Name of the configuration file at the site root.
pub const CONFIG_FILE: &str = "cmbook.yaml";

const KEYS: &[&str] = &[
    "title",
    "description",
    "author",
    "base_url",
    "language",
    "languages",
    "theme",
    "highlight_theme",
    "search",
    "typography",
    "taxonomies",
    "edit_url",
    "extra",
];

/// What to write instead of an unknown `typography:` value.
const TYPOGRAPHY_HELP: &str =
    "write `typography: fr` for French spacing and apostrophes, or `typography: none`";

/// The configuration exactly as written; validated into [`Config`].
#[derive(Debug, Deserialize)]
struct RawConfig {
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    author: Option<String>,
    base_url: String,
    #[serde(default = "default_language")]
    language: String,
    #[serde(default)]
    languages: std::collections::BTreeMap<String, languages::RawLanguage>,
    #[serde(default = "default_theme")]
    theme: String,
    #[serde(default)]
    highlight_theme: highlight::RawHighlightTheme,
    #[serde(default = "yes")]
    search: bool,
    #[serde(default)]
    typography: Option<String>,
    #[serde(default)]
    taxonomies: Vec<RawTaxonomy>,
    #[serde(default)]
    edit_url: Option<String>,
    #[serde(default)]
    extra: serde_json::Value,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTaxonomy {
    name: String,
    title: Option<String>,
    #[serde(default)]
    ordered: bool,
    #[serde(default)]
    closed: bool,
    #[serde(default)]
    terms: Vec<String>,
    paginate_by: Option<usize>,
    url: Option<String>,
}

fn default_language() -> String {
    "fr".into()
}
fn default_theme() -> String {
    "default".into()
}
fn yes() -> bool {
    true
}

/// One configured taxonomy (`sectors`, `career_stages`...).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TaxonomyConfig {
    /// The front-matter key and URL segment.
    pub name: String,
    /// Human title of the taxonomy.
    pub title: String,
    /// Terms keep the configured order everywhere instead of being sorted.
    pub ordered: bool,
    /// Terms outside `terms` are rejected.
    pub closed: bool,
    /// Configured term slugs, in order.
    pub terms: Vec<String>,
    /// Pages per term page; `None` lists all on one page.
    pub paginate_by: Option<usize>,
    /// URL segment of its pages (`url:`, by default the name): `secteurs` puts the term
    /// `sante` at `/secteurs/sante/`. When it differs from the name, the name's URLs redirect.
    pub url: String,
    /// Line of its entry in `cmbook.yaml` (its `url:` when written, else its `name:`), for
    /// errors found after the configuration is read (a section already at its URL).
    #[serde(skip)]
    pub line: usize,
}

/// The validated site configuration.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Config {
    /// Site title.
    pub title: String,
    /// One-line site description.
    pub description: String,
    /// Who writes the site: the feed's author, and each entry's when its page names none.
    pub author: Option<String>,
    /// Absolute base URL, always ending with `/`.
    pub base_url: String,
    /// Path part of `base_url` (`/handbook/`), prefixed to every link so sub-paths work.
    pub base_path: String,
    /// Content language (`lang` attribute, feed): the default language's code.
    pub language: String,
    /// Every language of the site, the default one first (only it when `languages` is absent).
    pub languages: Vec<Language>,
    /// Theme name: a folder under `themes/`, or the compiled-in `default`.
    pub theme: String,
    /// syntect themes (light and dark) whose CSS is written to `highlight.css`.
    pub highlight_theme: HighlightThemes,
    /// Whether to write the search index.
    pub search: bool,
    /// Typesetting conventions of titles, descriptions and body text (`typography:`, by
    /// default those of `language`).
    pub typography: Typography,
    /// Taxonomies in configured order.
    pub taxonomies: Vec<TaxonomyConfig>,
    /// Link to a page's source (`edit_url:`), `{path}` replaced by its path under `content/`.
    pub edit_url: Option<String>,
    /// Free map for templates.
    pub extra: serde_json::Value,
    /// Where the file was read from.
    #[serde(skip)]
    pub path: PathBuf,
}

impl Config {
    /// Reads and validates `cmbook.yaml` in `root`.
    pub fn load(root: &Path) -> Result<Config> {
        let path = root.join(CONFIG_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::Usage(format!(
                    "no {CONFIG_FILE} in {}: run cmbook from a site folder, pass --root, or create one with `cmbook new site DIR`",
                    root.display()
                )))
            }
            Err(e) => return Err(Error::io("read", &path, e)),
        };
        Config::parse(&text, Path::new(CONFIG_FILE))
    }

    /// Validates configuration text; `shown_path` names the file in errors.
    pub fn parse(text: &str, shown_path: &Path) -> Result<Config> {
        let fail = |message: String, line: Option<usize>, column: Option<usize>| {
            let mut d = Diagnostic::error(shown_path, message);
            if let Some(line) = line {
                d = d.at_in(text, line, column.unwrap_or(1));
            }
            d
        };
        let map =
            YamlMap::parse(text, 1).map_err(|e| Error::one(fail(e.message, e.line, e.column)))?;
        let mut problems = Vec::new();
        for (key, line) in map.keys() {
            if !KEYS.contains(&key) {
                let mut d = fail(
                    format!("unknown key `{key}` in {CONFIG_FILE}"),
                    Some(line),
                    Some(1),
                );
                d = match did_you_mean(key, KEYS.iter().copied()) {
                    Some(s) => d.help(format!("did you mean `{s}`?")),
                    None => d.help(format!("known keys: {}", KEYS.join(", "))),
                };
                problems.push(d);
            }
        }
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        let raw: RawConfig = yaml::from_str(text, 1).map_err(|e| {
            Error::one(
                fail(e.message, e.line, e.column)
                    .help("see the configuration reference in README.md"),
            )
        })?;
        let taxonomies_line = map.line_of("taxonomies");
        let mut taxonomies: Vec<TaxonomyConfig> = Vec::new();
        for t in raw.taxonomies {
            let at = |msg: String| fail(msg, Some(taxonomies_line), Some(1));
            if t.name.is_empty() || slugify(&t.name).replace('-', "_") != t.name.replace('-', "_") {
                problems.push(at(format!(
                    "taxonomy name `{}` must be lowercase letters, digits, `_` or `-`",
                    t.name
                )));
            }
            if PAGE_KEYS.contains(&t.name.as_str()) || CASE_STUDY_KEYS.contains(&t.name.as_str()) {
                problems.push(at(format!(
                    "taxonomy name `{}` is a reserved front-matter key",
                    t.name
                )));
            }
            if taxonomies.iter().any(|o| o.name == t.name) {
                problems.push(at(format!("taxonomy `{}` is configured twice", t.name)));
            }
            if t.closed && t.terms.is_empty() {
                problems.push(
                    at(format!(
                        "taxonomy `{}` is closed but lists no terms",
                        t.name
                    ))
                    .help("add `terms: [a, b]` or remove `closed: true`"),
                );
            }
            if t.paginate_by == Some(0) {
                problems.push(at(format!(
                    "taxonomy `{}`: paginate_by must be at least 1",
                    t.name
                )));
            }
            let line = segments::entry_line(text, taxonomies_line, &t.name, t.url.as_deref());
            taxonomies.push(TaxonomyConfig {
                title: t.title.unwrap_or_else(|| t.name.clone()),
                terms: t.terms.iter().map(|s| slugify(s)).collect(),
                url: t.url.unwrap_or_else(|| t.name.clone()),
                line,
                name: t.name,
                ordered: t.ordered,
                closed: t.closed,
                paginate_by: t.paginate_by,
            });
        }
        segments::check(&taxonomies, &fail, &mut problems);
        let edit_url = raw.edit_url.and_then(|url| {
            segments::check_edit_url(&url, &fail, map.line_of("edit_url"), &mut problems)
        });
        let base_url = normalize_base_url(&raw.base_url).map_err(|msg| {
            Error::one(
                fail(msg, Some(map.line_of("base_url")), Some(1))
                    .help("write a full URL such as https://example.org/handbook/"),
            )
        })?;
        if raw.author.as_deref().is_some_and(|a| a.trim().is_empty()) {
            problems.push(
                fail(
                    "`author` is empty".into(),
                    Some(map.line_of("author")),
                    Some(1),
                )
                .help("write the site's author, or remove the key"),
            );
        }
        let typography = match raw.typography.as_deref() {
            None => Typography::for_language(&raw.language),
            Some(name) => Typography::from_name(name).unwrap_or_else(|| {
                let line = Some(map.line_of("typography"));
                let help = match did_you_mean(name, Typography::NAMES) {
                    Some(s) => format!("did you mean `{s}`? {TYPOGRAPHY_HELP}"),
                    None => TYPOGRAPHY_HELP.to_owned(),
                };
                problems
                    .push(fail(format!("unknown typography `{name}`"), line, Some(1)).help(help));
                Typography::None
            }),
        };
        let title = typeset_owned(raw.title, typography);
        let description = typeset_owned(raw.description, typography);
        let default = languages::default_language(&raw.language, &title, &description, typography);
        let languages_at = map.line_of("languages");
        let languages_line = Some(languages_at);
        for code in raw.languages.keys() {
            if !languages::is_valid_code(code) {
                // At the code's own line under `languages:`, when written as a plain key.
                let line = text
                    .lines()
                    .enumerate()
                    .skip(languages_at)
                    .find(|(_, l)| l.trim_start().starts_with(&format!("{code}:")))
                    .map(|(n, _)| n + 1)
                    .or(languages_line);
                problems.push(
                    fail(format!("language code `{code}` is not a language tag"), line, Some(1))
                        .help("use a lowercase code such as `en`, `de` or `pt-br`: it names translated files (`veille.en.md`) and URLs (`/en/`)"),
                );
            }
        }
        let languages = languages::languages(&default, raw.languages.into_iter().collect())
            .unwrap_or_else(|(code, name)| {
                problems.push(
                    fail(
                        format!("language `{code}`: unknown typography `{name}`"),
                        languages_line,
                        Some(1),
                    )
                    .help(TYPOGRAPHY_HELP),
                );
                vec![default.clone()]
            });
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        Ok(Config {
            base_path: base_path_of(&base_url),
            base_url,
            title,
            description,
            languages,
            author: raw.author,
            language: raw.language,
            theme: raw.theme,
            highlight_theme: HighlightThemes {
                line: map
                    .contains("highlight_theme")
                    .then(|| map.line_of("highlight_theme")),
                ..raw.highlight_theme.0
            },
            search: raw.search,
            typography,
            taxonomies,
            edit_url,
            extra: if raw.extra.is_null() {
                serde_json::json!({})
            } else {
                raw.extra
            },
            path: shown_path.to_owned(),
        })
    }

    /// Replaces the base URL (the `--base-url` flag, or `serve`'s local address).
    pub fn set_base_url(&mut self, url: &str) -> Result<()> {
        self.base_url = normalize_base_url(url).map_err(Error::Usage)?;
        self.base_path = base_path_of(&self.base_url);
        Ok(())
    }

    /// The typography of a file in language `lang` (`None`: the default language).
    pub fn typography_for(&self, lang: Option<&str>) -> Typography {
        self.language_of(lang).typography
    }

    /// The language `lang` names (`None`, or an unknown code: the default language).
    pub fn language_of(&self, lang: Option<&str>) -> &Language {
        lang.and_then(|code| self.languages.iter().find(|l| l.code == code))
            .unwrap_or(&self.languages[0])
    }

    /// The taxonomy configured under `name`.
    pub fn taxonomy(&self, name: &str) -> Option<&TaxonomyConfig> {
        self.taxonomies.iter().find(|t| t.name == name)
    }
}

fn normalize_base_url(url: &str) -> Result<String, String> {
    let url = url.trim();
    let Some((scheme, rest)) = url.split_once("://") else {
        return Err(format!("base_url `{url}` is not an absolute URL"));
    };
    if !matches!(scheme, "http" | "https") || rest.is_empty() || rest.starts_with('/') {
        return Err(format!(
            "base_url `{url}` must start with http:// or https:// and a host"
        ));
    }
    Ok(if url.ends_with('/') {
        url.to_owned()
    } else {
        format!("{url}/")
    })
}

fn base_path_of(base_url: &str) -> String {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    match after_scheme.find('/') {
        Some(i) => after_scheme[i..].to_owned(),
        None => "/".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config> {
        Config::parse(text, Path::new("cmbook.yaml"))
    }

    #[test]
    fn base_path_comes_from_the_url() {
        let c = parse("title: T\nbase_url: https://example.org/handbook\n").unwrap();
        assert_eq!(c.base_url, "https://example.org/handbook/");
        assert_eq!(c.base_path, "/handbook/");
    }

    #[test]
    fn unknown_keys_get_a_suggestion() {
        let Err(Error::Invalid(d)) = parse("title: T\nbase_url: https://e.org/\ntaxonomy: []\n")
        else {
            panic!("expected an error")
        };
        assert_eq!(d[0].line, Some(3));
        assert_eq!(d[0].help.as_deref(), Some("did you mean `taxonomies`?"));
    }

    #[test]
    fn closed_taxonomies_need_terms() {
        let text =
            "title: T\nbase_url: https://e.org/\ntaxonomies:\n  - name: skills\n    closed: true\n";
        let Err(Error::Invalid(d)) = parse(text) else {
            panic!("expected an error")
        };
        assert!(d[0].message.contains("closed"), "{d:?}");
    }

    #[test]
    fn terms_are_slugified() {
        let text = "title: T\nbase_url: https://e.org/\ntaxonomies:\n  - name: sectors\n    terms: [Santé]\n";
        assert_eq!(parse(text).unwrap().taxonomies[0].terms, vec!["sante"]);
    }

    #[test]
    fn typography_follows_the_language_unless_set() {
        let typography = |extra: &str| {
            parse(&format!("title: T\nbase_url: https://e.org/\n{extra}")).map(|c| c.typography)
        };
        assert_eq!(typography("").unwrap(), Typography::Fr);
        assert_eq!(typography("language: en\n").unwrap(), Typography::None);
        assert_eq!(typography("typography: none\n").unwrap(), Typography::None);
        let fr_in_english = typography("language: en\ntypography: fr\n");
        assert_eq!(fr_in_english.unwrap(), Typography::Fr);
        let Err(Error::Invalid(d)) = typography("typography: fre\n") else {
            panic!("expected an error")
        };
        assert_eq!(d[0].line, Some(3), "{d:?}");
        assert!(d[0]
            .help
            .as_deref()
            .unwrap()
            .starts_with("did you mean `fr`?"));
    }

    #[test]
    fn author_is_optional_but_not_blank() {
        let c = parse("title: T\nbase_url: https://e.org/\nauthor: Camille\n").unwrap();
        assert_eq!(c.author.as_deref(), Some("Camille"));
        assert_eq!(
            parse("title: T\nbase_url: https://e.org/\n")
                .unwrap()
                .author,
            None
        );
        let Err(Error::Invalid(d)) = parse("title: T\nbase_url: https://e.org/\nauthor: \" \"\n")
        else {
            panic!("expected an error")
        };
        assert_eq!(d[0].line, Some(3), "{d:?}");
    }
}
