//! Builds the template views of [`crate::render::context`] from a resolved site and its
//! rendered bodies, borrowing instead of copying.

use crate::build_cache::CodeCache;
use crate::load::kinds::Kind;
use crate::markdown::Heading;
use crate::render::bodies::body_of;
use crate::render::context::{
    Bodies, ChecklistView, ConfigView, KindCounts, Link, ListedPage, ListedPages, Overview,
    PageRef, PageView, Paginator, SectionSummary, SectionView, TaxonomyLink, TaxonomyView,
    TermGroup, TermView, TocEntry,
};
use crate::render::hrefs::{Hrefs, PageTerms};
use crate::render::markdown::Pass;
use crate::resolve::{books, LanguageId, Page, Section, Site, Taxonomy};
use crate::typography::{typeset, typeset_headings, Typography};

/// The strings of a theme loaded without any (a site built from sources made in memory).
static NO_STRINGS: crate::load::strings::Strings = std::collections::BTreeMap::new();

/// Builds views from the site and its rendered bodies.
pub(crate) struct Views<'a> {
    /// The site.
    pub site: &'a Site,
    /// Its rendered bodies.
    pub bodies: &'a Bodies,
    /// Highlighted code blocks, for bodies rendered again (see [`Bodies::lean`]).
    pub code: Option<&'a CodeCache>,
    /// Every page's and term's links, made once.
    pub hrefs: &'a Hrefs,
    /// Pages as lists show them, made once per render (see [`crate::render::cards`]); without
    /// it, each list serialises the views of its pages.
    pub(crate) listed: Option<&'a crate::render::cards::Listed<'a>>,
}

impl<'a> Views<'a> {
    /// The `config` value of pages of `language`'s site: its title, description, taxonomies
    /// and sections.
    pub(crate) fn config(&self, language: LanguageId) -> ConfigView<'a> {
        let site = self.site;
        let lang = &site.config.languages[language.0];
        ConfigView {
            title: &lang.title,
            description: &lang.description,
            base_url: &site.config.base_url,
            base_path: &site.config.base_path,
            language: &lang.code,
            typography: lang.typography,
            search: site.config.search,
            extra: &site.config.extra,
            taxonomies: site
                .taxonomies
                .iter()
                .filter(|t| t.language == language)
                .map(|t| TaxonomyLink {
                    name: &t.config.name,
                    title: &t.config.title,
                    url: site.href(&t.path),
                    path: &t.path,
                    ordered: t.config.ordered,
                })
                .collect(),
            sections: site.sections[site.home(language)]
                .subsections
                .iter()
                .map(|&s| self.section_link(&site.sections[s]))
                .collect(),
            home_url: site.href(&lang.prefix),
            feed_url: site.href(&format!("{}atom.xml", lang.prefix)),
            ui: site.theme.ui.get(language.0).unwrap_or(&NO_STRINGS),
        }
    }

    /// A section as a link.
    pub(crate) fn section_link(&self, s: &'a Section) -> Link<'a> {
        Link {
            title: &s.title,
            url: self.site.href(&s.path),
            name: &s.dir,
            path: &s.path,
        }
    }

    fn page_link(&self, p: usize) -> Link<'a> {
        let page = &self.site.pages[p];
        Link {
            title: &page.source.front.title,
            url: self.site.href(&page.path),
            name: "",
            path: "",
        }
    }

    /// Page `p` as listed.
    pub(crate) fn page_ref(&self, p: usize) -> PageRef<'a> {
        let site = self.site;
        let page: &'a Page = &site.pages[p];
        let hrefs = &self.hrefs.pages[p];
        let front = &page.source.front;
        let words = page.source.outline.word_count;
        PageRef {
            title: &front.title,
            description: front.description.as_deref(),
            url: &hrefs.url,
            permalink: &hrefs.permalink,
            path: &page.path,
            fallback: page.is_fallback().then(|| &site.config.languages[0]),
            store: site.default_version_path(page),
            date: hrefs.date.as_deref(),
            updated: hrefs.updated.as_deref(),
            kind: front.kind,
            summary: &self.bodies.pages[p].summary,
            reading_time: words.div_ceil(200).max(1),
            weight: front.weight,
            taxonomies: PageTerms {
                site,
                hrefs: self.hrefs,
                page,
            },
            case_study: front.case_study.as_ref(),
            checklist_total: if front.kind == Kind::Checklist {
                page.source.outline.item_ids().count()
            } else {
                0
            },
            draft: front.draft,
            extra: &front.extra,
        }
    }

    /// Page `p` as a list shows it.
    fn listed(&self, p: usize) -> ListedPage<'a> {
        match self.listed {
            Some(listed) => ListedPage::Value(listed.page(p)),
            None => ListedPage::View(Box::new(self.page_ref(p))),
        }
    }

    fn ancestors(&self, mut section: Option<usize>) -> Vec<Link<'a>> {
        let mut out = Vec::new();
        while let Some(s) = section {
            out.push(self.section_link(&self.site.sections[s]));
            section = self.site.sections[s].parent;
        }
        out.reverse();
        out
    }

    /// The terms of page `p`, grouped by taxonomy in configuration order (the order of
    /// `Page::terms`).
    fn term_groups(&self, p: usize) -> Vec<TermGroup<'a>> {
        let site = self.site;
        site.pages[p]
            .terms
            .iter()
            .filter(|(_, terms)| !terms.is_empty())
            .map(|(t, terms)| {
                let taxonomy = &site.taxonomies[*t];
                TermGroup {
                    name: &taxonomy.config.name,
                    title: &taxonomy.config.title,
                    terms: terms
                        .iter()
                        .map(|&i| self.hrefs.term_ref(site, *t, i))
                        .collect(),
                }
            })
            .collect()
    }

    /// Page `p` in full.
    pub(crate) fn page(&self, p: usize) -> PageView<'a> {
        let page = &self.site.pages[p];
        let outline = &page.source.outline;
        let checklist = (page.source.front.kind == Kind::Checklist).then(|| ChecklistView {
            groups: typeset_headings(&outline.checklist, self.site.config.typography),
            total: outline.item_ids().count(),
        });
        PageView {
            summary_fields: self.page_ref(p),
            word_count: outline.word_count,
            content: if self.bodies.lean {
                let checklist = page.source.front.kind == Kind::Checklist;
                let (file, site) = (&page.source.file, self.site);
                let body = body_of(
                    file,
                    outline,
                    site,
                    page.language,
                    checklist,
                    self.code,
                    Pass::Full,
                );
                std::borrow::Cow::Owned(body.html)
            } else {
                std::borrow::Cow::Borrowed(&self.bodies.pages[p].html)
            },
            toc: toc(&outline.headings, self.site.config.typography),
            term_groups: self.term_groups(p),
            checklist,
            lower: page.lower.map(|i| self.page_link(i)),
            higher: page.higher.map(|i| self.page_link(i)),
            ancestors: self.ancestors(Some(page.section)),
            authors: &page.source.front.authors,
            source_path: &page.source.file.rel,
            edit_url: self
                .site
                .config
                .edit_url
                .as_ref()
                .map(|url| url.replace("{path}", &page.source.file.rel)),
        }
    }

    /// Section `s` for one of its own list pages: without its pages when it is paginated.
    pub(crate) fn section_for_list(&self, s: usize) -> SectionView<'a> {
        let paginated = self.site.sections[s]
            .source
            .as_ref()
            .is_some_and(|src| src.front.paginate_by.is_some());
        self.section_with(s, !paginated)
    }

    /// Section `s` with its pages taken from `refs`: `get_section`'s data, made without
    /// serialising every page of the site again.
    pub(crate) fn section_with_refs(&self, s: usize, refs: &'a [tera::Value]) -> SectionView<'a> {
        let mut view = self.section_with(s, false);
        // No refs: the section alone, for hashing what it shows besides its pages.
        if !refs.is_empty() {
            view.pages = ListedPages::Shared(
                self.site.sections[s]
                    .pages
                    .iter()
                    .map(|&p| &refs[p])
                    .collect(),
            );
        }
        view
    }

    fn section_with(&self, s: usize, with_pages: bool) -> SectionView<'a> {
        let site = self.site;
        let section = &site.sections[s];
        let source = section.source.as_ref();
        SectionView {
            title: &section.title,
            description: source.and_then(|src| src.front.description.as_deref()),
            url: site.href(&section.path),
            permalink: site.permalink(&section.path),
            content: &self.bodies.sections[s].html,
            pages: ListedPages::Views(if with_pages {
                section.pages.iter().map(|&p| self.listed(p)).collect()
            } else {
                Vec::new()
            }),
            page_count: section.pages.len(),
            subsections: section
                .subsections
                .iter()
                .map(|&c| self.section_link(&site.sections[c]))
                .collect(),
            ancestors: self.ancestors(section.parent),
            path: &section.dir,
            book_url: books::has_book(&site.sections, s, books::theme_has_books(&site.theme)).then(
                || {
                    site.href(&books::book_path(
                        &site.theme,
                        section.language,
                        &section.path,
                    ))
                },
            ),
            default_kind: source.and_then(|src| src.front.default_kind),
            extra: source.map_or(&serde_json::Value::Null, |src| &src.front.extra),
        }
    }

    /// Term `i` of taxonomy `t`.
    pub(crate) fn term(&self, t: usize, i: usize) -> TermView<'a> {
        let term = &self.site.taxonomies[t].terms[i];
        TermView {
            name: &term.name,
            slug: &term.slug,
            url: self.site.href(&term.path),
            permalink: self.site.permalink(&term.path),
            description: term
                .source
                .as_ref()
                .and_then(|s| s.front.description.as_deref()),
            content: &self.bodies.taxonomies[t].1[i].html,
            count: term.pages.len(),
            extra: term.source.as_ref().map(|s| &s.front.extra),
        }
    }

    /// Taxonomy `t` with all its terms.
    pub(crate) fn taxonomy(&self, t: usize) -> TaxonomyView<'a> {
        self.taxonomy_with(t, true)
    }

    /// Taxonomy `t` as its term pages see it: without its terms (templates that list them call
    /// `get_taxonomy`, a lookup `serve` tracks). Otherwise a term gaining a page would change
    /// the context of every page of every other term (10,000 pages: ~1,000 tag pages rendered
    /// again for one tag added to one page, ~270 ms of a save in `serve`).
    pub(crate) fn taxonomy_for_terms(&self, t: usize) -> TaxonomyView<'a> {
        self.taxonomy_with(t, false)
    }

    fn taxonomy_with(&self, t: usize, with_terms: bool) -> TaxonomyView<'a> {
        let taxonomy: &'a Taxonomy = &self.site.taxonomies[t];
        TaxonomyView {
            name: &taxonomy.config.name,
            title: &taxonomy.config.title,
            url: self.site.href(&taxonomy.path),
            permalink: self.site.permalink(&taxonomy.path),
            ordered: taxonomy.config.ordered,
            description: taxonomy
                .index
                .as_ref()
                .and_then(|s| s.front.description.as_deref()),
            content: &self.bodies.taxonomies[t].0.html,
            terms: with_terms.then(|| (0..taxonomy.terms.len()).map(|i| self.term(t, i)).collect()),
        }
    }

    /// The `overview` of the home page of `language`.
    pub(crate) fn overview(&self, language: LanguageId) -> Overview<'a> {
        let site = self.site;
        let mut counts = KindCounts::default();
        for page in site.pages.iter().filter(|p| p.language == language) {
            counts.add(page.source.front.kind);
        }
        let sections = site.sections[site.home(language)]
            .subsections
            .iter()
            .map(|&s| {
                let section = &site.sections[s];
                let mut counts = KindCounts::default();
                let mut stack = vec![s];
                while let Some(i) = stack.pop() {
                    for &p in &site.sections[i].pages {
                        counts.add(site.pages[p].source.front.kind);
                    }
                    stack.extend(&site.sections[i].subsections);
                }
                let source = section.source.as_ref();
                SectionSummary {
                    name: &section.dir,
                    title: &section.title,
                    url: site.href(&section.path),
                    description: source.and_then(|src| src.front.description.as_deref()),
                    default_kind: source.and_then(|src| src.front.default_kind),
                    counts,
                }
            })
            .collect();
        let articles: Vec<usize> = (0..site.pages.len())
            .filter(|&p| {
                site.pages[p].language == language
                    && site.pages[p].source.front.kind == Kind::Article
                    && site.pages[p].source.front.date.is_some()
            })
            .collect();
        let mut articles = site.newest_first(articles);
        // In another language, its own articles before those shown in the original's (stable).
        articles.sort_by_key(|&p| site.pages[p].is_fallback());
        let latest = articles
            .into_iter()
            .take(12)
            .map(|p| self.listed(p))
            .collect();
        Overview {
            counts,
            sections,
            latest,
        }
    }

    /// List page `n` (1-based) of `pages` under `path`, `per_page` at a time.
    pub(crate) fn paginator(
        &self,
        pages: &[usize],
        path: &str,
        per_page: usize,
        n: usize,
    ) -> Paginator<'a> {
        let count = pages.len().div_ceil(per_page).max(1);
        let url = |k: usize| {
            if k == 1 {
                self.site.href(path)
            } else {
                self.site.href(&format!("{path}page/{k}/"))
            }
        };
        Paginator {
            pages: pages
                .iter()
                .skip((n - 1) * per_page)
                .take(per_page)
                .map(|&p| self.listed(p))
                .collect(),
            current_index: n,
            number_pagers: count,
            total_pages: pages.len(),
            previous: (n > 1).then(|| url(n - 1)),
            next: (n < count).then(|| url(n + 1)),
            first: url(1),
            last: url(count),
        }
    }
}

/// Nests headings from level 2 down; a lone `#` title is left out. The outline holds heading
/// texts as written (their ids come from them); the list shows them as the body does.
pub(crate) fn toc(headings: &[Heading], typography: Typography) -> Vec<TocEntry<'_>> {
    fn push<'h>(list: &mut Vec<TocEntry<'h>>, h: &'h Heading, typography: Typography) {
        match list.last_mut() {
            Some(last) if h.level > last.level => push(&mut last.children, h, typography),
            _ => list.push(TocEntry {
                level: h.level,
                id: &h.id,
                title: typeset(&h.text, typography),
                children: Vec::new(),
            }),
        }
    }
    let mut out = Vec::new();
    for h in headings.iter().filter(|h| h.level >= 2) {
        push(&mut out, h, typography);
    }
    out
}
