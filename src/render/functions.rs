//! Functions templates call: `get_url`, `get_taxonomy`, `get_section`, `get_page`. Their data is
//! prepared once per render, and only for the functions some template mentions.

use std::collections::HashMap;
use std::hash::Hasher;
use std::sync::Arc;

use serde::Serialize;
use tera::{Kwargs, State, Value};

use crate::error::did_you_mean;
use crate::lookups::{record, DataHashes};
use crate::render::context::Views;
use crate::render::page_refs::PageRefs;
use crate::render::templates::Templates;
use crate::resolve::languages::url_key;
use crate::resolve::LanguageId;
use crate::resolve::Site;

/// Every function cmbook gives templates (besides Tera's own `range` and `throw`).
pub(crate) const NAMES: [&str; 5] = [
    "get_url",
    "get_page",
    "get_section",
    "get_taxonomy",
    "career_map",
];

/// A template function answering from a prepared map (`get_page(path=...)` and friends).
///
/// Answers are Tera values made once per render: cloning one shares its strings, lists and
/// maps (Tera 2 keeps them behind `Arc`), so a page looked up by a thousand templates is built
/// once.
///
/// In a multilingual site, a template rendering a page of another language than the default
/// one is answered in that language: the key is prefixed with the `lang` it sees (a component
/// that calls a lookup declares `@lang`, so it receives its caller's).
struct Lookup {
    values: HashMap<String, Value>,
    arg: &'static str,
    what: &'static str,
    name: &'static str,
    default_language: String,
}

/// The key of `key` in the language of the template being rendered (see [`url_key`]).
fn in_language(key: &str, state: &State, default_language: &str) -> String {
    match state.get::<String>("lang").ok().flatten() {
        Some(lang) if lang != default_language => format!("{lang}:{key}"),
        _ => key.to_owned(),
    }
}

impl tera::Function<tera::TeraResult<Value>> for Lookup {
    fn call(&self, kwargs: Kwargs, state: &State) -> tera::TeraResult<Value> {
        let key = kwargs.must_get::<&str>(self.arg)?;
        let key = key.trim_start_matches("@/");
        // Sections answer to their folder and to their `_index.md` alike.
        let key = if self.name == "get_section" {
            key.trim_end_matches("_index.md").trim_end_matches('/')
        } else {
            key
        };
        let key = &in_language(key, state, &self.default_language);
        record(self.name, key);
        self.values.get(key).cloned().ok_or_else(|| {
            let hint = did_you_mean(key, self.values.keys().map(String::as_str))
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            tera::Error::message(format!("{} `{key}` not found{hint}", self.what))
        })
    }
}

/// `career_map()`: the stages and side paths laid out (see [`crate::render::career_map`]), or
/// the message naming the term file whose data is wrong.
/// One map per language, answered in the language of the template being rendered.
struct CareerMapFn {
    maps: HashMap<String, Result<Value, String>>,
    default_language: String,
}

impl tera::Function<tera::TeraResult<Value>> for CareerMapFn {
    fn call(&self, _: Kwargs, state: &State) -> tera::TeraResult<Value> {
        let key = in_language("", state, &self.default_language);
        record("career_map", &key);
        let map = self.maps.get(&key).or_else(|| self.maps.get(""));
        map.cloned()
            .unwrap_or_else(|| Ok(Value::none()))
            .map_err(tera::Error::message)
    }
}

/// `get_url(path="@/metier/veille.md")` or `get_url(path="style.css")`.
struct GetUrl {
    urls: Arc<HashMap<String, String>>,
    base_path: String,
    default_language: String,
}

impl tera::Function<tera::TeraResult<String>> for GetUrl {
    fn call(&self, kwargs: Kwargs, state: &State) -> tera::TeraResult<String> {
        let path = kwargs.must_get::<&str>("path")?;
        Ok(match path.strip_prefix("@/") {
            Some(rel) => {
                let (file, anchor) = rel
                    .split_once('#')
                    .map_or((rel, None), |(f, a)| (f, Some(a)));
                let key = in_language(file, state, &self.default_language);
                let found = self.urls.get(&key).ok_or_else(|| {
                    tera::Error::message(format!("get_url: no content file `{file}`"))
                })?;
                let anchor = anchor.map(|a| format!("#{a}")).unwrap_or_default();
                format!("{}{found}{anchor}", self.base_path)
            }
            None => format!("{}{}", self.base_path, path.trim_start_matches('/')),
        })
    }
}

/// Serialises a view for templates.
pub(crate) fn to_value<T: Serialize + ?Sized>(value: &T) -> Value {
    Value::from_serializable(value)
}

/// Feeds what a serialiser writes into a hasher, so a value is hashed without building a string.
pub(crate) struct HashWriter<'a, H: Hasher>(pub &'a mut H);

impl<H: Hasher> std::io::Write for HashWriter<'_, H> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.write(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Hash of a serialisable value (stable within one process).
pub(crate) fn hash_of<T: Serialize + ?Sized>(value: &T) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    serde_json::to_writer(HashWriter(&mut hasher), value).expect("views serialise");
    hasher.finish()
}

/// Hash of every value of a lookup map, by key.
fn hash_values(values: &HashMap<String, Value>) -> HashMap<String, u64> {
    values
        .iter()
        .map(|(k, v)| (k.clone(), hash_of(v)))
        .collect()
}

/// Registers the functions; in `serve` (`hashed`) also returns the hash of each value they can
/// answer with, so a page is rendered again only when data it looked up has changed.
pub(crate) fn register(
    tera: &mut tera::Tera,
    site: &Site,
    views: &Views<'_>,
    refs: &PageRefs,
    hashed: bool,
) -> DataHashes {
    let theme = &site.theme;
    // No hashes for `get_url`: its answers depend on the link targets and base path only, which
    // every cached page's key already covers (see `render_with`'s `shared`).
    let mut hashes: DataHashes = HashMap::new();
    tera.register_function(
        "get_url",
        GetUrl {
            urls: site.urls.clone(),
            base_path: site.config.base_path.clone(),
            default_language: site.config.language.clone(),
        },
    );
    if Templates::mention(theme, "career_map(") {
        let maps: HashMap<String, Result<Value, String>> = site
            .config
            .languages
            .iter()
            .enumerate()
            .map(|(l, language)| {
                let map = crate::render::career_map::build(site, LanguageId(l));
                (url_key(language, ""), map.map(|m| to_value(&m)))
            })
            .collect();
        if hashed {
            let known = maps
                .iter()
                .map(|(k, m)| (k.clone(), m.as_ref().map_or(0, hash_of)))
                .collect();
            hashes.insert("career_map", known);
        }
        let default_language = site.config.language.clone();
        tera.register_function(
            "career_map",
            CareerMapFn {
                maps,
                default_language,
            },
        );
    }
    let mut add = |tera: &mut tera::Tera,
                   name: &'static str,
                   arg: &'static str,
                   what: &'static str,
                   values: HashMap<String, Value>,
                   known: Option<HashMap<String, u64>>| {
        if hashed {
            hashes.insert(name, known.unwrap_or_else(|| hash_values(&values)));
        }
        tera.register_function(
            name,
            Lookup {
                values,
                arg,
                what,
                name,
                default_language: site.config.language.clone(),
            },
        );
    };
    if Templates::mention(theme, "get_taxonomy") {
        let values = (0..site.taxonomies.len())
            .map(|t| {
                let taxonomy = &site.taxonomies[t];
                let language = &site.config.languages[taxonomy.language.0];
                (
                    url_key(language, &taxonomy.config.name),
                    to_value(&views.taxonomy(t)),
                )
            })
            .collect();
        add(tera, "get_taxonomy", "name", "taxonomy", values, None);
    }
    if let Some(sections) = refs.sections.as_ref() {
        // Keyed by folder only: `metier/_index.md` is looked up as `metier` (see `Lookup::call`),
        // so each section, with all its pages, is held once.
        let dir = |s: usize| {
            let section = &site.sections[s];
            url_key(&site.config.languages[section.language.0], &section.dir)
        };
        let values = (0..sections.len())
            .map(|s| (dir(s), sections[s].0.clone()))
            .collect();
        let known = hashed.then(|| {
            (0..sections.len())
                .map(|s| (dir(s), sections[s].1))
                .collect()
        });
        add(tera, "get_section", "path", "section", values, known);
    }
    if Templates::mention(theme, "get_page") {
        let rel = |p: usize| {
            let page = &site.pages[p];
            url_key(
                &site.config.languages[page.language.0],
                &page.source.file.original,
            )
        };
        let values = (0..site.pages.len())
            .map(|p| (rel(p), refs.values[p].clone()))
            .collect();
        // The refs come hashed already: no second pass over every page's text.
        let known = hashed.then(|| {
            (0..site.pages.len())
                .map(|p| (rel(p), refs.hashes[p]))
                .collect()
        });
        add(tera, "get_page", "path", "page", values, known);
    }
    hashes
}
