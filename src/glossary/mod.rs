//! Glossary terms defined once, in `glossary/<id>.md` beside `content/`, and explained where
//! they are used.
//!
//! [`attach`] runs before resolve: it reads the term files, builds one matcher for the whole
//! build, finds which pages use which term, and writes the glossary page (the page whose front
//! matter says `glossary: index`) from the terms. Render then links each page's first use of
//! a term with [`links::link_terms`]; `cmbook check` reports the glossary's warnings.

mod checks;
pub(crate) mod links;
pub(crate) mod matcher;
mod page;
pub(crate) mod terms;

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;
use std::sync::Arc;

use pulldown_cmark::{Event, Parser};
use rayon::prelude::*;

use crate::error::{Diagnostic, Error, Result};
use crate::load::kinds::{GlossaryUse, Kind};
use crate::load::{PageSource, Sources};
use crate::markdown;
use crate::typography::typeset_owned;
use matcher::{Matcher, Pattern};
use terms::Term;

/// The folder of term files, beside `content/`.
pub const GLOSSARY_FOLDER: &str = "glossary";

/// The site's glossary: its terms, the matcher that finds them, and what check reports.
#[derive(Debug)]
pub struct Glossary {
    pub(crate) terms: Vec<Term>,
    pub(crate) matcher: Matcher,
    /// Path under `content/` of the glossary page (`glossaire.md`).
    pub(crate) index_rel: String,
    /// Pages (paths under `content/`) whose first uses of terms are linked.
    linked: HashSet<String>,
    /// Hash of every term file: what linked bodies depend on besides their own text.
    pub(crate) hash: u64,
    /// Warnings for `cmbook check`.
    pub(crate) warnings: Vec<Diagnostic>,
}

impl Glossary {
    /// Whether the page at `rel` (under `content/`) gets its terms linked.
    pub(crate) fn links_in(&self, rel: &str) -> bool {
        self.linked.contains(rel)
    }

    /// The warnings `cmbook check` shows.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }
}

/// Whether a page's terms are linked: prose pages only. A checklist is a list of short tasks
/// to tick, read again and again: a link and a tooltip in every item would be noise, and the
/// articles beside it already explain its words.
fn is_prose(page: &PageSource) -> bool {
    page.front.kind != Kind::Checklist && page.front.glossary == GlossaryUse::Link
}

/// Reads `glossary/` (nothing happens without it), writes the glossary page into `sources`
/// and keeps the glossary there for render. `drafts`: drafts are published, so may be listed.
pub(crate) fn attach(sources: &mut Sources, drafts: bool) -> Result<()> {
    let folder = sources.root.join(GLOSSARY_FOLDER);
    if !folder.is_dir() {
        return Ok(());
    }
    let mut terms = read_terms(&folder, &sources.root)?;
    let index = find_index(sources)?;
    let typography = sources.config.typography;
    for t in &mut terms {
        t.tooltip = typeset_owned(plain_text(&t.definition), typography);
        t.title = typeset_owned(std::mem::take(&mut t.title), typography);
    }
    let mut problems = checks::broken_page_links(&terms, sources);
    if !problems.is_empty() {
        problems.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
        return Err(Error::Invalid(problems));
    }
    let matcher = Matcher::new(patterns(&terms));
    let index_rel = sources.pages[index].file.rel.clone();
    let texts = prose_texts(sources, drafts);
    let linked: HashSet<String> = texts.iter().map(|t| t.rel.to_owned()).collect();
    let mut hash = DefaultHasher::new();
    for t in &terms {
        (&t.id, &t.text).hash(&mut hash);
    }
    index_rel.hash(&mut hash);
    let mut glossary = Glossary {
        terms,
        matcher,
        index_rel,
        linked,
        hash: hash.finish(),
        warnings: Vec::new(),
    };
    let used_in = used_in(&glossary, &texts);
    drop(texts);
    glossary.warnings = checks::warnings(&glossary, &used_in);
    let page = page::index_page(&glossary, &sources.pages[index], &used_in, sources);
    sources.pages[index] = Arc::new(page);
    sources.glossary = Some(Arc::new(glossary));
    Ok(())
}

/// Every `*.md` of `folder`, in name order.
fn read_terms(folder: &Path, root: &Path) -> Result<Vec<Term>> {
    let mut paths: Vec<_> = std::fs::read_dir(folder)
        .map_err(|e| Error::io("read", folder, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    paths.sort();
    let (terms, problems): (Vec<_>, Vec<_>) = paths
        .par_iter()
        .map(|p| terms::read_term(p, p.strip_prefix(root).unwrap_or(p)))
        .partition(|r| r.is_ok());
    let problems: Vec<Diagnostic> = problems
        .into_iter()
        .flat_map(|r| r.err())
        .flatten()
        .collect();
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    Ok(terms.into_iter().flatten().collect())
}

/// The page with `glossary: index`: exactly one when there are terms.
fn find_index(sources: &Sources) -> Result<usize> {
    let found: Vec<usize> = (0..sources.pages.len())
        .filter(|&i| sources.pages[i].front.glossary == GlossaryUse::Index)
        .collect();
    match found.as_slice() {
        [one] => Ok(*one),
        [] => Err(Error::one(
            Diagnostic::error(
                Path::new(GLOSSARY_FOLDER),
                "the glossary has terms but no page shows them",
            )
            .help("add `glossary: index` to the front matter of the glossary page (content/glossaire.md)"),
        )),
        [_, second, ..] => {
            let page = &sources.pages[*second];
            Err(Error::one(
                Diagnostic::error(&page.file.shown, "a second page says `glossary: index`")
                    .at_in(&page.file.text, key_line(&page.file.text, "glossary"), 1)
                    .help(format!(
                        "one page lists the glossary: keep `glossary: index` on {} only",
                        sources.pages[found[0]].file.shown.display()
                    )),
            ))
        }
    }
}

/// The 1-based line of a top-level front-matter `key`, else 1.
fn key_line(text: &str, key: &str) -> usize {
    let prefix = format!("{key}:");
    text.lines()
        .position(|l| l.starts_with(&prefix))
        .map_or(1, |n| n + 1)
}

/// Every word that names a term: its title, its synonyms, its abbreviation (exact case).
fn patterns(terms: &[Term]) -> Vec<Pattern> {
    let mut out = Vec::new();
    for (i, t) in terms.iter().enumerate() {
        for word in std::iter::once(&t.title).chain(&t.synonyms) {
            out.push(Pattern {
                term: i,
                written: word.clone(),
                exact_case: false,
            });
        }
        if let Some(a) = &t.abbreviation {
            out.push(Pattern {
                term: i,
                written: a.clone(),
                exact_case: true,
            });
        }
    }
    out
}

/// A text whose terms are linked: a prose page, a section's or a taxonomy term's text.
pub(crate) struct ProseText<'s> {
    /// Path under `content/`.
    pub(crate) rel: &'s str,
    /// Its title, for the glossary page's "used in" lists.
    pub(crate) title: String,
    body: &'s str,
}

/// Every text of the site whose terms are linked (not the glossary page itself, not
/// checklists, not pages with `glossary: false`, not unpublished drafts).
fn prose_texts(sources: &Sources, drafts: bool) -> Vec<ProseText<'_>> {
    let pages = sources
        .pages
        .iter()
        // The terms are written in the default language: translations are not searched for them.
        .filter(|p| p.file.lang.is_none() && is_prose(p) && (drafts || !p.front.draft))
        .map(|p| ProseText {
            rel: &p.file.rel,
            title: p.front.title.clone(),
            body: p.file.body(),
        });
    let sections = sources
        .sections
        .iter()
        .filter(|s| s.file.lang.is_none())
        .map(|s| ProseText {
            rel: &s.file.rel,
            title: s.front.title.clone().unwrap_or_else(|| s.dir.clone()),
            body: s.file.body(),
        });
    let terms = sources
        .terms
        .iter()
        .filter(|t| t.file.lang.is_none())
        .map(|t| ProseText {
            rel: &t.file.rel,
            title: t
                .front
                .title
                .clone()
                .or_else(|| t.term.clone())
                .unwrap_or_else(|| t.taxonomy.clone()),
            body: t.file.body(),
        });
    pages
        .chain(sections)
        .chain(terms)
        .filter(|t| !t.body.trim().is_empty())
        .collect()
}

/// For each term, the texts (title, path under `content/`) that use it.
fn used_in(glossary: &Glossary, texts: &[ProseText<'_>]) -> Vec<Vec<(String, String)>> {
    let per_text: Vec<Vec<usize>> = texts
        .par_iter()
        .map(|t| {
            let events = Parser::new_ext(t.body, markdown::options());
            links::terms_used(glossary, events)
        })
        .collect();
    let mut used = vec![Vec::new(); glossary.terms.len()];
    for (text, terms) in texts.iter().zip(per_text) {
        for t in terms {
            used[t].push((text.title.clone(), text.rel.to_owned()));
        }
    }
    used
}

/// The text of a Markdown snippet without its markup.
fn plain_text(markdown_text: &str) -> String {
    let mut out = String::new();
    for event in Parser::new_ext(markdown_text, markdown::options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(
            super::plain_text("Un *follower*, voir [ici](@/a.md)."),
            "Un follower, voir ici."
        );
    }
}
