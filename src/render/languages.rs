//! What a page of a multilingual site shows of the other languages: the language switcher and
//! the `hreflang` alternates. A one-language site gets none, and its pages are unchanged.

use serde::Serialize;

use crate::render::jobs::Job;
use crate::resolve::books::book_path;
use crate::resolve::languages::section_key;
use crate::resolve::{LanguageId, Site};

/// One language's version of the current page.
#[derive(Debug, Clone, Hash, Serialize)]
pub(crate) struct LanguageLink<'a> {
    /// Language code (`en`), for `hreflang` and `lang`.
    pub code: &'a str,
    /// The language's own name (`English`).
    pub name: &'a str,
    /// Root-relative URL of the page in that language.
    pub url: String,
    /// Absolute URL of the same.
    pub permalink: String,
    /// Whether the page is written in that language (`false`: it shows the original, and is
    /// left out of `hreflang` links).
    pub translated: bool,
    /// Whether this is the language of the page being rendered.
    pub current: bool,
}

/// The interface strings of the language `file`'s text is written in: a translation's, else
/// the default language's (a fallback shows its original's text).
pub(crate) fn text_strings<'s>(
    site: &'s Site,
    file: &crate::load::SourceFile,
) -> Option<&'s crate::load::strings::Strings> {
    let language = match &file.lang {
        None => 0,
        Some(code) => site.config.languages.iter().position(|l| l.code == *code)?,
    };
    site.theme.ui.get(language)
}

/// The language of the site a job's page belongs to.
pub(crate) fn job_language(site: &Site, job: Job) -> LanguageId {
    match job {
        Job::Page(p) => site.pages[p].language,
        Job::Section(s, _) | Job::Print(s) => site.sections[s].language,
        Job::TaxonomyList(t) | Job::Term(t, _, _) => site.taxonomies[t].language,
        Job::NotFound => LanguageId::DEFAULT,
    }
}

/// The language of the text a job shows: a fallback page shows its original's.
pub(crate) fn text_language(site: &Site, job: Job) -> &str {
    let languages = &site.config.languages;
    match job {
        Job::Page(p) => match &site.pages[p].source.file.lang {
            Some(code) => code,
            None => &languages[0].code,
        },
        job => &languages[job_language(site, job).0].code,
    }
}

/// Every language's version of the page `job` renders, in configured order; empty for a
/// one-language site and for `404.html`.
pub(crate) fn alternates(site: &Site, job: Job) -> Vec<LanguageLink<'_>> {
    if site.config.languages.len() < 2 {
        return Vec::new();
    }
    let current = job_language(site, job);
    let version_paths: Vec<(LanguageId, String, bool)> = match job {
        Job::Page(p) => versions_of(site, &site.pages[p].source.file.original),
        Job::Section(s, _) => versions_of(site, &section_key(&site.sections[s].dir)),
        Job::Print(s) => versions_of(site, &section_key(&site.sections[s].dir))
            .into_iter()
            .map(|(l, path, t)| (l, book_path(&site.theme, l, &path), t))
            .collect(),
        Job::TaxonomyList(t) => same_taxonomy(site, t)
            .map(|(l, u)| (l, site.taxonomies[u].path.clone(), true))
            .collect(),
        Job::Term(t, i, _) => {
            let slug = &site.taxonomies[t].terms[i].slug;
            same_taxonomy(site, t)
                .filter_map(|(l, u)| {
                    let term = site.taxonomies[u].terms.iter().find(|x| x.slug == *slug)?;
                    Some((l, term.path.clone(), true))
                })
                .collect()
        }
        Job::NotFound => Vec::new(),
    };
    version_paths
        .into_iter()
        .map(|(language, path, translated)| {
            let lang = &site.config.languages[language.0];
            LanguageLink {
                code: &lang.code,
                name: &lang.name,
                url: site.href(&path),
                permalink: site.permalink(&path),
                translated,
                current: language == current,
            }
        })
        .collect()
}

/// The versions of the file known by `original` (see [`crate::resolve::Site::versions`]).
fn versions_of(site: &Site, original: &str) -> Vec<(LanguageId, String, bool)> {
    let mut found: Vec<(LanguageId, String, bool)> = site
        .versions
        .get(original)
        .into_iter()
        .flatten()
        .map(|v| (v.language, v.path.clone(), v.translated))
        .collect();
    found.sort_by_key(|v| v.0);
    found
}

/// Each language's copy of taxonomy `t`.
fn same_taxonomy(site: &Site, t: usize) -> impl Iterator<Item = (LanguageId, usize)> + '_ {
    let name = &site.taxonomies[t].config.name;
    site.taxonomies
        .iter()
        .enumerate()
        .filter(move |(_, x)| x.config.name == *name)
        .map(|(u, x)| (x.language, u))
}
