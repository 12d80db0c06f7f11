//! Typed, borrowed views of the site handed to templates (documented in themes/default/README.md).
//! A typo in a field name is a compile error here, not a blank in a page.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use crate::load::kinds::{CaseStudy, Kind};
use crate::markdown::{ChecklistGroup, Heading};
use crate::render::markdown::RenderedBody;
use crate::resolve::{Page, Section, Site, Taxonomy, Term};

/// Site-wide values every template receives as `config`.
#[derive(Debug, Serialize)]
pub struct ConfigView<'a> {
    /// Site title.
    pub title: &'a str,
    /// Site description.
    pub description: &'a str,
    /// Absolute base URL ending with `/`.
    pub base_url: &'a str,
    /// Path prefix of every link (`/` or `/handbook/`).
    pub base_path: &'a str,
    /// Content language.
    pub language: &'a str,
    /// Whether the search index is written.
    pub search: bool,
    /// Free data from `cmbook.yaml`.
    pub extra: &'a serde_json::Value,
    /// Taxonomies with their overview URL.
    pub taxonomies: Vec<TaxonomyLink<'a>>,
    /// Top-level sections, for navigation.
    pub sections: Vec<Link<'a>>,
}

/// A title and a URL.
#[derive(Debug, Clone, Serialize)]
pub struct Link<'a> {
    /// Text to show.
    pub title: &'a str,
    /// Root-relative URL.
    pub url: String,
    /// Identifier (taxonomy name, section folder), when meaningful.
    #[serde(skip_serializing_if = "str::is_empty")]
    pub name: &'a str,
}

/// A taxonomy in navigation.
#[derive(Debug, Clone, Serialize)]
pub struct TaxonomyLink<'a> {
    /// Front-matter key.
    pub name: &'a str,
    /// Title.
    pub title: &'a str,
    /// Root-relative URL of its overview.
    pub url: String,
    /// Whether its terms keep the configured order (a ladder, not an index).
    pub ordered: bool,
}

/// A term as shown on a page (chip).
#[derive(Debug, Clone, Serialize)]
pub struct TermRef<'a> {
    /// Display name.
    pub name: &'a str,
    /// URL segment.
    pub slug: &'a str,
    /// Root-relative URL of its page.
    pub url: String,
}

/// A page as listed in sections, terms and functions.
#[derive(Debug, Clone, Serialize)]
pub struct PageRef<'a> {
    /// Title.
    pub title: &'a str,
    /// Description.
    pub description: Option<&'a str>,
    /// Root-relative URL.
    pub url: String,
    /// Absolute URL.
    pub permalink: String,
    /// URL path under the base (`metier/veille/`), stable across base URLs: a storage key.
    pub path: &'a str,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    /// `YYYY-MM-DD`.
    pub updated: Option<String>,
    /// `article`, `checklist` or `case_study`.
    pub kind: Kind,
    /// Summary HTML.
    pub summary: &'a str,
    /// Words outside code.
    pub word_count: usize,
    /// Minutes at 200 words a minute, at least 1.
    pub reading_time: usize,
    /// Weight.
    pub weight: Option<i64>,
    /// Terms by taxonomy name.
    pub taxonomies: BTreeMap<&'a str, Vec<TermRef<'a>>>,
    /// Case-study fields.
    pub case_study: Option<&'a CaseStudy>,
    /// Number of checklist items (checklists only, else 0).
    pub checklist_total: usize,
    /// Whether it is a draft (only built with --drafts).
    pub draft: bool,
    /// Free data.
    pub extra: &'a serde_json::Value,
}

/// One table-of-contents entry with its children.
#[derive(Debug, Clone, Serialize)]
pub struct TocEntry<'a> {
    /// Heading level.
    pub level: u8,
    /// Anchor id.
    pub id: &'a str,
    /// Heading text.
    pub title: &'a str,
    /// Deeper headings under it.
    pub children: Vec<TocEntry<'a>>,
}

/// A checklist's items for templates.
#[derive(Debug, Clone, Serialize)]
pub struct ChecklistView<'a> {
    /// Groups by `##` heading.
    pub groups: &'a [ChecklistGroup],
    /// Number of items.
    pub total: usize,
}

/// Everything about the page being rendered (`page`).
#[derive(Debug, Clone, Serialize)]
pub struct PageView<'a> {
    /// The fields shared with lists.
    #[serde(flatten)]
    pub summary_fields: PageRef<'a>,
    /// Body HTML.
    pub content: &'a str,
    /// Nested table of contents (from `##` down).
    pub toc: Vec<TocEntry<'a>>,
    /// Items of a checklist.
    pub checklist: Option<ChecklistView<'a>>,
    /// Previous page in the section.
    pub lower: Option<Link<'a>>,
    /// Next page in the section.
    pub higher: Option<Link<'a>>,
    /// Sections from home down to this page's section (breadcrumbs).
    pub ancestors: Vec<Link<'a>>,
    /// Authors.
    pub authors: &'a [String],
    /// Source path under `content/`.
    pub source_path: &'a str,
}

/// A section and one slice of its pages (`section`).
#[derive(Debug, Clone, Serialize)]
pub struct SectionView<'a> {
    /// Title.
    pub title: &'a str,
    /// Description.
    pub description: Option<&'a str>,
    /// Root-relative URL.
    pub url: String,
    /// Absolute URL.
    pub permalink: String,
    /// Body HTML of `_index.md`.
    pub content: &'a str,
    /// Every page of the section, in order; empty when the section is paginated (its list
    /// pages use `paginator.pages`), so that each list page does not carry them all.
    pub pages: Vec<PageRef<'a>>,
    /// Number of pages of the section.
    pub page_count: usize,
    /// Child sections.
    pub subsections: Vec<Link<'a>>,
    /// Sections above (breadcrumbs).
    pub ancestors: Vec<Link<'a>>,
    /// Folder under `content/`.
    pub path: &'a str,
    /// Kind of the pages that set none (`checklist` for a section of checklists).
    pub default_kind: Option<Kind>,
    /// Free data.
    pub extra: &'a serde_json::Value,
}

/// Pagination of a list (`paginator`).
#[derive(Debug, Clone, Serialize)]
pub struct Paginator<'a> {
    /// Pages on this list page.
    pub pages: Vec<PageRef<'a>>,
    /// 1-based number of this list page.
    pub current_index: usize,
    /// Number of list pages.
    pub number_pagers: usize,
    /// Total pages listed.
    pub total_pages: usize,
    /// URL of the previous list page.
    pub previous: Option<String>,
    /// URL of the next list page.
    pub next: Option<String>,
    /// URL of the first list page.
    pub first: String,
    /// URL of the last list page.
    pub last: String,
}

/// A term with its counts and texts.
#[derive(Debug, Clone, Serialize)]
pub struct TermView<'a> {
    /// Display name.
    pub name: &'a str,
    /// URL segment.
    pub slug: &'a str,
    /// Root-relative URL.
    pub url: String,
    /// Absolute URL.
    pub permalink: String,
    /// Description from the term file.
    pub description: Option<&'a str>,
    /// Body HTML of the term file.
    pub content: &'a str,
    /// Number of pages naming it.
    pub count: usize,
    /// Free data from the term file.
    pub extra: Option<&'a serde_json::Value>,
}

/// A taxonomy and its terms (`taxonomy`).
#[derive(Debug, Clone, Serialize)]
pub struct TaxonomyView<'a> {
    /// Front-matter key.
    pub name: &'a str,
    /// Title.
    pub title: &'a str,
    /// Root-relative URL.
    pub url: String,
    /// Absolute URL.
    pub permalink: String,
    /// Whether terms keep the configured order.
    pub ordered: bool,
    /// Description from `content/<name>/_index.md`.
    pub description: Option<&'a str>,
    /// Body HTML of that file.
    pub content: &'a str,
    /// Terms in display order.
    pub terms: Vec<TermView<'a>>,
}

/// How many pages of each kind.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct KindCounts {
    /// Articles.
    pub article: usize,
    /// Checklists.
    pub checklist: usize,
    /// Case studies.
    pub case_study: usize,
    /// All pages.
    pub total: usize,
}

impl KindCounts {
    fn add(&mut self, kind: Kind) {
        match kind {
            Kind::Article => self.article += 1,
            Kind::Checklist => self.checklist += 1,
            Kind::CaseStudy => self.case_study += 1,
        }
        self.total += 1;
    }
}

/// A top-level section summarised for the home page.
#[derive(Debug, Clone, Serialize)]
pub struct SectionSummary<'a> {
    /// Folder under `content/`.
    pub name: &'a str,
    /// Title.
    pub title: &'a str,
    /// Root-relative URL.
    pub url: String,
    /// Description.
    pub description: Option<&'a str>,
    /// Kind of pages that set none.
    pub default_kind: Option<Kind>,
    /// Its pages (subsections included) by kind.
    pub counts: KindCounts,
}

/// What the home page shows about the whole site (`overview`), computed once in Rust: a
/// template gathering every page of a 10,000-page site to count them took seconds.
#[derive(Debug, Clone, Serialize)]
pub struct Overview<'a> {
    /// Every page by kind.
    pub counts: KindCounts,
    /// Top-level sections in order.
    pub sections: Vec<SectionSummary<'a>>,
    /// The newest dated articles, newest first (at most 12).
    pub latest: Vec<PageRef<'a>>,
}

/// Rendered bodies, indexed like the site's pages, sections and term texts.
pub struct Bodies {
    /// Per page.
    pub pages: Vec<Arc<RenderedBody>>,
    /// Per section.
    pub sections: Vec<RenderedBody>,
    /// Per taxonomy: (overview body, per term).
    pub taxonomies: Vec<(RenderedBody, Vec<RenderedBody>)>,
}

/// Builds views from the site and its rendered bodies.
pub struct Views<'a> {
    /// The site.
    pub site: &'a Site,
    /// Its rendered bodies.
    pub bodies: &'a Bodies,
}

impl<'a> Views<'a> {
    /// The `config` value.
    pub fn config(&self) -> ConfigView<'a> {
        let site = self.site;
        ConfigView {
            title: &site.config.title,
            description: &site.config.description,
            base_url: &site.config.base_url,
            base_path: &site.config.base_path,
            language: &site.config.language,
            search: site.config.search,
            extra: &site.config.extra,
            taxonomies: site
                .taxonomies
                .iter()
                .map(|t| TaxonomyLink {
                    name: &t.config.name,
                    title: &t.config.title,
                    url: site.href(&t.path),
                    ordered: t.config.ordered,
                })
                .collect(),
            sections: site.sections[0]
                .subsections
                .iter()
                .map(|&s| self.section_link(&site.sections[s]))
                .collect(),
        }
    }

    /// A section as a link.
    pub fn section_link(&self, s: &'a Section) -> Link<'a> {
        Link {
            title: &s.title,
            url: self.site.href(&s.path),
            name: &s.dir,
        }
    }

    fn page_link(&self, p: usize) -> Link<'a> {
        let page = &self.site.pages[p];
        Link {
            title: &page.source.front.title,
            url: self.site.href(&page.path),
            name: "",
        }
    }

    /// Page `p` as listed.
    pub fn page_ref(&self, p: usize) -> PageRef<'a> {
        let site = self.site;
        let page: &'a Page = &site.pages[p];
        let front = &page.source.front;
        let words = page.source.outline.word_count;
        PageRef {
            title: &front.title,
            description: front.description.as_deref(),
            url: site.href(&page.path),
            permalink: site.permalink(&page.path),
            path: &page.path,
            date: front.date.map(|d| d.format("%Y-%m-%d").to_string()),
            updated: front.updated.map(|d| d.format("%Y-%m-%d").to_string()),
            kind: front.kind,
            summary: &self.bodies.pages[p].summary,
            word_count: words,
            reading_time: words.div_ceil(200).max(1),
            weight: front.weight,
            taxonomies: page
                .terms
                .iter()
                .map(|(t, terms)| {
                    let taxonomy = &site.taxonomies[*t];
                    (
                        taxonomy.config.name.as_str(),
                        terms
                            .iter()
                            .map(|&i| self.term_ref(&taxonomy.terms[i]))
                            .collect(),
                    )
                })
                .collect(),
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

    fn term_ref(&self, term: &'a Term) -> TermRef<'a> {
        TermRef {
            name: &term.name,
            slug: &term.slug,
            url: self.site.href(&term.path),
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

    /// Page `p` in full.
    pub fn page(&self, p: usize) -> PageView<'a> {
        let page = &self.site.pages[p];
        let outline = &page.source.outline;
        let checklist = (page.source.front.kind == Kind::Checklist).then(|| ChecklistView {
            groups: &outline.checklist,
            total: outline.item_ids().count(),
        });
        PageView {
            summary_fields: self.page_ref(p),
            content: &self.bodies.pages[p].html,
            toc: toc(&outline.headings),
            checklist,
            lower: page.lower.map(|i| self.page_link(i)),
            higher: page.higher.map(|i| self.page_link(i)),
            ancestors: self.ancestors(Some(page.section)),
            authors: &page.source.front.authors,
            source_path: &page.source.file.rel,
        }
    }

    /// Section `s` with every page.
    pub fn section(&self, s: usize) -> SectionView<'a> {
        self.section_with(s, true)
    }

    /// Section `s` for one of its own list pages: without its pages when it is paginated.
    pub fn section_for_list(&self, s: usize) -> SectionView<'a> {
        let paginated = self.site.sections[s]
            .source
            .as_ref()
            .is_some_and(|src| src.front.paginate_by.is_some());
        self.section_with(s, !paginated)
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
            pages: if with_pages {
                section.pages.iter().map(|&p| self.page_ref(p)).collect()
            } else {
                Vec::new()
            },
            page_count: section.pages.len(),
            subsections: section
                .subsections
                .iter()
                .map(|&c| self.section_link(&site.sections[c]))
                .collect(),
            ancestors: self.ancestors(section.parent),
            path: &section.dir,
            default_kind: source.and_then(|src| src.front.default_kind),
            extra: source.map_or(&serde_json::Value::Null, |src| &src.front.extra),
        }
    }

    /// Term `i` of taxonomy `t`.
    pub fn term(&self, t: usize, i: usize) -> TermView<'a> {
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
    pub fn taxonomy(&self, t: usize) -> TaxonomyView<'a> {
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
            terms: (0..taxonomy.terms.len()).map(|i| self.term(t, i)).collect(),
        }
    }

    /// The `overview` of the home page.
    pub fn overview(&self) -> Overview<'a> {
        let site = self.site;
        let mut counts = KindCounts::default();
        for page in &site.pages {
            counts.add(page.source.front.kind);
        }
        let sections = site.sections[0]
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
                site.pages[p].source.front.kind == Kind::Article
                    && site.pages[p].source.front.date.is_some()
            })
            .collect();
        let articles = site.newest_first(articles);
        let latest = articles
            .into_iter()
            .take(12)
            .map(|p| self.page_ref(p))
            .collect();
        Overview {
            counts,
            sections,
            latest,
        }
    }

    /// List page `n` (1-based) of `pages` under `path`, `per_page` at a time.
    pub fn paginator(
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
                .map(|&p| self.page_ref(p))
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

/// Nests headings from level 2 down; a lone `#` title is left out.
pub fn toc(headings: &[Heading]) -> Vec<TocEntry<'_>> {
    fn push<'h>(list: &mut Vec<TocEntry<'h>>, h: &'h Heading) {
        match list.last_mut() {
            Some(last) if h.level > last.level => push(&mut last.children, h),
            _ => list.push(TocEntry {
                level: h.level,
                id: &h.id,
                title: &h.text,
                children: Vec::new(),
            }),
        }
    }
    let mut out = Vec::new();
    for h in headings.iter().filter(|h| h.level >= 2) {
        push(&mut out, h);
    }
    out
}
