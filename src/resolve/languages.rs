//! Multilingual sites. Each language gets its own copy of the section tree, pages and
//! taxonomies, resolved by the same code as a one-language site, then placed under its URL
//! prefix and appended to the [`Site`](super::Site): render sees one list of pages and needs no
//! notion of language beyond each item's [`LanguageId`].
//!
//! A language's copy takes each file's translation into that language when there is one, else
//! the original (a *fallback*: reachable, listed and marked, never a 404, as Starlight does).

use std::collections::HashMap;
use std::sync::Arc;

use crate::config::Language;
use crate::load::{PageSource, SectionSource, SourceFile, TermSource};
use crate::resolve::sections::dir_path;
use crate::resolve::{Page, Section, Taxonomy};
use crate::slugs::slugify;

/// Index of a language in [`crate::config::Config::languages`]; `LanguageId(0)` is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct LanguageId(pub usize);

impl LanguageId {
    /// The default language, served at the root.
    pub const DEFAULT: LanguageId = LanguageId(0);

    /// Whether this is the default language.
    pub fn is_default(self) -> bool {
        self == Self::DEFAULT
    }
}

/// The key `site.urls` and the lookups know a file by in a language: its path under `content/`
/// in the default language, `en:` and the original's path in another (`en:metier/veille.md`).
pub(crate) fn url_key(language: &Language, original: &str) -> String {
    match language.prefix.is_empty() {
        true => original.to_owned(),
        false => format!("{}:{original}", language.code),
    }
}

/// Whether `file` is the version of its original for `language`: a translation into it, or,
/// for the default language, the original itself.
fn is_in(file: &SourceFile, language: &Language, default: bool) -> bool {
    match &file.lang {
        None => default,
        Some(code) => *code == language.code,
    }
}

/// Picks, for each original, its version in `language`: the translation when there is one,
/// else the original. Translations into other languages are left out; a translation whose
/// original is gone is kept in its own language (`cmbook check` warns about it).
fn pick<T: Clone>(
    items: &[T],
    file: impl Fn(&T) -> &SourceFile,
    language: &Language,
    default: bool,
) -> Vec<T> {
    let translated: HashMap<&str, &T> = items
        .iter()
        .filter(|item| !default && is_in(file(item), language, false))
        .map(|item| (file(item).original.as_str(), item))
        .collect();
    let originals: std::collections::HashSet<&str> = items
        .iter()
        .filter(|item| file(item).lang.is_none())
        .map(|item| file(item).rel.as_str())
        .collect();
    items
        .iter()
        .filter_map(|item| {
            let f = file(item);
            match &f.lang {
                None => Some(
                    translated
                        .get(f.rel.as_str())
                        .copied()
                        .unwrap_or(item)
                        .clone(),
                ),
                Some(_)
                    if translated
                        .get(f.original.as_str())
                        .is_some_and(|t| std::ptr::eq(*t, item)) =>
                {
                    // A translation appears in place of its original; alone, when that is gone.
                    (!originals.contains(f.original.as_str())).then(|| item.clone())
                }
                Some(_) => None,
            }
        })
        .collect()
}

/// The sources of one language's copy of the site.
pub(crate) struct LanguageSources {
    /// Section texts.
    pub sections: Vec<SectionSource>,
    /// Published pages.
    pub pages: Vec<Arc<PageSource>>,
    /// Taxonomy texts.
    pub terms: Vec<TermSource>,
}

/// The sources `language` is built from.
pub(crate) fn sources_for(
    language: &Language,
    default: bool,
    sections: &[SectionSource],
    pages: &[Arc<PageSource>],
    terms: &[TermSource],
) -> LanguageSources {
    LanguageSources {
        sections: pick(sections, |s| &s.file, language, default),
        pages: pick(pages, |p| &p.file, language, default),
        terms: pick(terms, |t| &t.file, language, default),
    }
}

/// URL path of folder `dir` in a language: each segment the `slug` of that folder's section
/// text when it sets one (a translated `_index.en.md`), else the slugified folder name.
fn translated_dir_path(dir: &str, slugs: &HashMap<String, String>) -> String {
    let mut path = String::new();
    let mut at = 0;
    for segment in dir.split('/').filter(|s| !s.is_empty()) {
        at += segment.len();
        let folder = &dir[..at];
        at += 1;
        let slug = slugs
            .get(folder)
            .map_or_else(|| slugify(segment), |s| slugify(s));
        path.push_str(&slug);
        path.push('/');
    }
    path
}

/// Puts one language's copy under its prefix: section slugs applied, every path prefixed,
/// every item marked with its language. Indexes are still local to the copy.
pub(crate) fn place(
    language: &Language,
    id: LanguageId,
    sections: &mut [Section],
    pages: &mut [Page],
    taxonomies: &mut [Taxonomy],
) {
    // Owned: the sections are changed below.
    let slugs: HashMap<String, String> = sections
        .iter()
        .filter_map(|s| {
            let slug = s.source.as_ref()?.front.slug.clone()?;
            Some((s.dir.clone(), slug))
        })
        .collect();
    let prefix = &language.prefix;
    for section in sections.iter_mut() {
        section.path = format!("{prefix}{}", translated_dir_path(&section.dir, &slugs));
        section.language = id;
    }
    for page in pages.iter_mut() {
        let folder = page.source.file.rel.rsplit_once('/').map_or("", |(d, _)| d);
        let own = &page.path[dir_path(folder).len()..];
        page.path = format!("{prefix}{}{own}", translated_dir_path(folder, &slugs));
        page.language = id;
    }
    for taxonomy in taxonomies.iter_mut() {
        taxonomy.path = format!("{prefix}{}", taxonomy.path);
        taxonomy.language = id;
        // A translated overview (`sectors/_index.en.md`) names the taxonomy in its language.
        let translated_title = taxonomy
            .index
            .as_ref()
            .filter(|index| index.file.lang.is_some())
            .and_then(|index| index.front.title.clone());
        if let Some(title) = translated_title {
            taxonomy.config.title = title;
        }
        for term in &mut taxonomy.terms {
            term.path = format!("{prefix}{}", term.path);
        }
    }
}

/// Appends one language's copy to the whole site's lists, shifting its indexes.
pub(crate) fn append(
    all: (&mut Vec<Section>, &mut Vec<Page>, &mut Vec<Taxonomy>),
    sections: Vec<Section>,
    pages: Vec<Page>,
    taxonomies: Vec<Taxonomy>,
) {
    let (all_sections, all_pages, all_taxonomies) = all;
    let (s0, p0, t0) = (all_sections.len(), all_pages.len(), all_taxonomies.len());
    for mut section in sections {
        section.pages.iter_mut().for_each(|p| *p += p0);
        section.subsections.iter_mut().for_each(|s| *s += s0);
        section.parent = section.parent.map(|s| s + s0);
        all_sections.push(section);
    }
    for mut page in pages {
        page.section += s0;
        page.lower = page.lower.map(|p| p + p0);
        page.higher = page.higher.map(|p| p + p0);
        page.terms.iter_mut().for_each(|(t, _)| *t += t0);
        all_pages.push(page);
    }
    for mut taxonomy in taxonomies {
        for term in &mut taxonomy.terms {
            term.pages.iter_mut().for_each(|p| *p += p0);
        }
        all_taxonomies.push(taxonomy);
    }
}

/// One version of a file: its language, URL path, and whether it is written in that language
/// (`false` for a fallback showing the original).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Version {
    /// The language of the site it belongs to.
    pub language: LanguageId,
    /// URL path under the base.
    pub path: String,
    /// Whether the text is in `language` (not a fallback).
    pub translated: bool,
}

/// Every language's version of each page and section text, by the original's path; empty for
/// a one-language site, which has no alternates to show.
pub(crate) fn versions(
    config: &crate::config::Config,
    sections: &[Section],
    pages: &[Page],
) -> HashMap<String, Vec<Version>> {
    let mut versions: HashMap<String, Vec<Version>> = HashMap::new();
    if config.languages.len() < 2 {
        return versions;
    }
    for page in pages {
        versions
            .entry(page.source.file.original.clone())
            .or_default()
            .push(Version {
                language: page.language,
                path: page.path.clone(),
                translated: !page.is_fallback(),
            });
    }
    for section in sections {
        let translated = section.language.is_default()
            || section
                .source
                .as_ref()
                .is_some_and(|s| s.file.lang.is_some());
        versions
            .entry(section_key(&section.dir))
            .or_default()
            .push(Version {
                language: section.language,
                path: section.path.clone(),
                translated,
            });
    }
    versions
}

/// The key of a section in [`versions`]: its `_index.md` path under `content/`.
pub(crate) fn section_key(dir: &str) -> String {
    if dir.is_empty() {
        "_index.md".to_owned()
    } else {
        format!("{dir}/_index.md")
    }
}
