//! The sidebar of a page (`sidebar` in `page.html`): its section's pages in section order, the
//! current one marked, as Starlight and mdBook readers expect. Pages of the home section (the
//! glossary, "à propos") have none: they belong to no chapter.

use serde::Serialize;

use crate::load::kinds::Kind;
use crate::render::hrefs::Hrefs;
use crate::resolve::Site;

/// Most entries a sidebar lists: in a section of thousands of pages it shows this many around
/// the current page (each page repeats its sidebar, so a full list would make a build quadratic).
pub(crate) const MAX_ENTRIES: usize = 60;

/// The current section's table of pages.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Sidebar<'a> {
    /// The section's title.
    pub title: &'a str,
    /// Root-relative URL of the section.
    pub url: String,
    /// Number of pages in the section.
    pub total: usize,
    /// Pages listed (all, or a window of [`MAX_ENTRIES`] around the current page).
    pub entries: Vec<SidebarEntry<'a>>,
    /// Pages of the section before the window, not listed.
    pub hidden_before: usize,
    /// Pages of the section after the window, not listed.
    pub hidden_after: usize,
    /// 1-based position of the current page in the section.
    pub position: usize,
}

/// One page in a sidebar.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SidebarEntry<'a> {
    /// Title.
    pub title: &'a str,
    /// Root-relative URL.
    pub url: &'a str,
    /// `article`, `checklist` or `case_study`.
    pub kind: Kind,
    /// Whether it is the page being rendered.
    pub current: bool,
}

/// The pages of its section that page `p`'s sidebar lists, as `(start, end)` in
/// `Section::pages`, or `None` for a page of the home section.
fn window(site: &Site, p: usize) -> Option<(usize, usize, usize)> {
    let s = site.pages[p].section;
    if s == 0 {
        return None;
    }
    let pages = &site.sections[s].pages;
    let at = pages.iter().position(|&q| q == p).unwrap_or(0);
    let (start, end) = around(pages.len(), at);
    Some((start, end, at))
}

/// At most [`MAX_ENTRIES`] of `total` entries around entry `at`, as `(start, end)`.
fn around(total: usize, at: usize) -> (usize, usize) {
    let start = at
        .saturating_sub(MAX_ENTRIES / 2)
        .min(total.saturating_sub(MAX_ENTRIES));
    (start, (start + MAX_ENTRIES).min(total))
}

/// Adds to `h` what page `p`'s sidebar shows of other pages (their titles, URLs and kinds, the
/// section's size), so that `serve` renders a page again when a sibling in its sidebar changes.
pub(crate) fn hash_into(site: &Site, p: usize, h: &mut impl std::hash::Hasher) {
    use std::hash::Hash;
    let Some((start, end, at)) = window(site, p) else {
        return;
    };
    let section = &site.sections[site.pages[p].section];
    (section.pages.len(), at).hash(h);
    for &q in &section.pages[start..end] {
        let page = &site.pages[q];
        let kind = page.source.front.kind.template();
        (&page.source.front.title, &page.path, kind).hash(h);
    }
}

/// The sidebar of page `p`, or `None` when its section is the home section.
pub(crate) fn of_page<'a>(site: &'a Site, hrefs: &'a Hrefs, p: usize) -> Option<Sidebar<'a>> {
    let (start, end, at) = window(site, p)?;
    let section = &site.sections[site.pages[p].section];
    let total = section.pages.len();
    let entries = section.pages[start..end]
        .iter()
        .map(|&q| SidebarEntry {
            title: &site.pages[q].source.front.title,
            url: &hrefs.pages[q].url,
            kind: site.pages[q].source.front.kind,
            current: q == p,
        })
        .collect();
    Some(Sidebar {
        title: &section.title,
        url: site.href(&section.path),
        total,
        entries,
        hidden_before: start,
        hidden_after: total - end,
        position: at + 1,
    })
}

#[cfg(test)]
mod tests {
    use super::around;

    #[test]
    fn a_long_section_shows_a_window_around_the_page() {
        assert_eq!(around(10, 3), (0, 10));
        assert_eq!(around(1000, 0), (0, 60));
        assert_eq!(around(1000, 500), (470, 530));
        assert_eq!(around(1000, 999), (940, 1000));
    }
}
