//! The section tree: which section holds each page, page URLs, sort order, prev/next.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::Arc;

use crate::config::Config;
use crate::error::Diagnostic;
use crate::load::kinds::SortBy;
use crate::load::{PageSource, SectionSource};
use crate::resolve::{Page, Section};
use crate::slugs::slugify;

/// URL path of a folder under `content/`: each segment slugified, ending with `/`.
pub(crate) fn dir_path(dir: &str) -> String {
    dir.split('/')
        .filter(|s| !s.is_empty())
        .map(|s| format!("{}/", slugify(s)))
        .collect()
}

/// Builds sections (home first) and places every page in its nearest section.
pub(crate) fn build(
    sources: Vec<SectionSource>,
    pages: Vec<Arc<PageSource>>,
    config: &Config,
    problems: &mut Vec<Diagnostic>,
) -> (Vec<Section>, Vec<Page>) {
    let mut sections: Vec<Section> = Vec::with_capacity(sources.len() + 1);
    if !sources.iter().any(|s| s.dir.is_empty()) {
        sections.push(new_section(None, String::new(), config));
    }
    let mut sources = sources;
    sources.sort_by(|a, b| a.dir.cmp(&b.dir));
    for source in sources {
        let dir = source.dir.clone();
        sections.push(new_section(Some(source), dir, config));
    }
    let by_dir: HashMap<String, usize> = sections
        .iter()
        .enumerate()
        .map(|(i, s)| (s.dir.clone(), i))
        .collect();
    for i in 1..sections.len() {
        let parent = nearest(parent_dir(&sections[i].dir), &by_dir);
        sections[i].parent = Some(parent);
        sections[parent].subsections.push(i);
    }
    let mut site_pages = Vec::with_capacity(pages.len());
    for source in pages {
        // A translation (`veille.en.md`) is named after its original.
        let (dir, file) = source
            .file
            .original
            .rsplit_once('/')
            .unwrap_or(("", &source.file.original));
        let stem = file.trim_end_matches(".md");
        let slug = slugify(source.front.slug.as_deref().unwrap_or(stem));
        if slug.is_empty() {
            problems.push(
                Diagnostic::error(&source.file.shown, "this page's URL would be empty")
                    .help("rename the file or set `slug:` to letters and digits"),
            );
            continue;
        }
        let section = nearest(dir, &by_dir);
        let path = format!("{}{slug}/", dir_path(dir));
        let index = site_pages.len();
        sections[section].pages.push(index);
        site_pages.push(Page {
            source,
            path,
            section,
            lower: None,
            higher: None,
            terms: Vec::new(),
            language: Default::default(),
        });
    }
    (sections, site_pages)
}

fn new_section(source: Option<SectionSource>, dir: String, config: &Config) -> Section {
    let title = source
        .as_ref()
        .and_then(|s| s.front.title.clone())
        .unwrap_or_else(|| match dir.rsplit('/').next() {
            Some(name) if !name.is_empty() => name.replace(['-', '_'], " "),
            _ => config.title.clone(),
        });
    Section {
        path: dir_path(&dir),
        source,
        dir,
        title,
        pages: Vec::new(),
        subsections: Vec::new(),
        parent: None,
        language: Default::default(),
    }
}

fn parent_dir(dir: &str) -> &str {
    dir.rsplit_once('/').map_or("", |(parent, _)| parent)
}

/// The section of `dir` or of its nearest ancestor that has one; home at worst.
fn nearest(mut dir: &str, by_dir: &HashMap<String, usize>) -> usize {
    loop {
        if let Some(&i) = by_dir.get(dir) {
            return i;
        }
        if dir.is_empty() {
            return 0;
        }
        dir = parent_dir(dir);
    }
}

/// Text compared without case or accents, so `Écoute` sorts beside `ecoute`.
pub(crate) fn sort_key(text: &str) -> String {
    slugify(text)
}

fn compare_pages(a: &Page, b: &Page, sort_by: SortBy) -> Ordering {
    let by_title = || sort_key(&a.source.front.title).cmp(&sort_key(&b.source.front.title));
    let (fa, fb) = (&a.source.front, &b.source.front);
    let primary = match sort_by {
        // Pages without a weight or date go after those with one.
        SortBy::Weight => fa
            .weight
            .map(|w| (0, w))
            .unwrap_or((1, 0))
            .cmp(&fb.weight.map(|w| (0, w)).unwrap_or((1, 0))),
        SortBy::Date => fb.date.cmp(&fa.date),
        SortBy::Title => Ordering::Equal,
    };
    primary
        .then_with(by_title)
        .then_with(|| a.path.cmp(&b.path))
}

/// Sorts each section's pages and subsections, then links neighbours.
pub(crate) fn sort_and_link(sections: &mut [Section], pages: &mut [Page]) {
    for s in 0..sections.len() {
        let sort_by = sections[s]
            .source
            .as_ref()
            .map_or(SortBy::Date, |src| src.front.sort_by);
        let mut order = std::mem::take(&mut sections[s].pages);
        order.sort_by(|&a, &b| compare_pages(&pages[a], &pages[b], sort_by));
        for (n, &p) in order.iter().enumerate() {
            pages[p].lower = n.checked_sub(1).map(|m| order[m]);
            pages[p].higher = order.get(n + 1).copied();
        }
        sections[s].pages = order;
        let mut subs = std::mem::take(&mut sections[s].subsections);
        subs.sort_by(|&a, &b| {
            let weight = |i: usize| {
                sections[i]
                    .source
                    .as_ref()
                    .and_then(|src| src.front.weight)
                    .unwrap_or(i64::MAX)
            };
            weight(a)
                .cmp(&weight(b))
                .then_with(|| sort_key(&sections[a].title).cmp(&sort_key(&sections[b].title)))
        });
        sections[s].subsections = subs;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_become_slugified_paths() {
        assert_eq!(dir_path(""), "");
        assert_eq!(dir_path("Études de cas/2024"), "etudes-de-cas/2024/");
    }
}
