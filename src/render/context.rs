//! Typed, borrowed views of the site handed to templates (documented in themes/default/README.md).
//! A typo in a field name is a compile error here, not a blank in a page.

use std::sync::Arc;

use serde::Serialize;

use crate::load::kinds::{CaseStudy, Kind};
use crate::markdown::ChecklistGroup;
use crate::render::hrefs::PageTerms;
use crate::render::markdown::RenderedBody;

pub(crate) use crate::render::views::Views;

/// Site-wide values every template receives as `config`.
#[derive(Debug, Serialize)]
pub(crate) struct ConfigView<'a> {
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
    /// Typesetting conventions of the text (`fr`, `none`).
    pub typography: crate::typography::Typography,
    /// Whether the search index is written.
    pub search: bool,
    /// Free data from `cmbook.yaml`.
    pub extra: &'a serde_json::Value,
    /// Taxonomies with their overview URL.
    pub taxonomies: Vec<TaxonomyLink<'a>>,
    /// Top-level sections, for navigation.
    pub sections: Vec<Link<'a>>,
    /// Root-relative URL of this language's home page.
    pub home_url: String,
    /// Root-relative URL of this language's Atom feed.
    pub feed_url: String,
    /// Interface strings in this language (see [`crate::load::strings`]).
    pub ui: &'a crate::load::strings::Strings,
}

/// A title and a URL.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Link<'a> {
    /// Text to show.
    pub title: &'a str,
    /// Root-relative URL.
    pub url: String,
    /// Identifier (taxonomy name, section folder), when meaningful.
    #[serde(skip_serializing_if = "str::is_empty")]
    pub name: &'a str,
    /// URL path under the base (`metier/`), compared with `current_path`; sections only.
    #[serde(skip_serializing_if = "str::is_empty")]
    pub path: &'a str,
}

/// A taxonomy in navigation.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TaxonomyLink<'a> {
    /// Front-matter key.
    pub name: &'a str,
    /// Title.
    pub title: &'a str,
    /// Root-relative URL of its overview.
    pub url: String,
    /// URL path of its overview under the base (`sectors/`), compared with `current_path`.
    pub path: &'a str,
    /// Whether its terms keep the configured order (a ladder, not an index).
    pub ordered: bool,
}

/// A term as shown on a page (chip).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TermRef<'a> {
    /// Display name.
    pub name: &'a str,
    /// URL segment.
    pub slug: &'a str,
    /// Root-relative URL of its page.
    pub url: &'a str,
}

/// A page as listed in sections, terms and functions.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PageRef<'a> {
    /// Title.
    pub title: &'a str,
    /// Description.
    pub description: Option<&'a str>,
    /// Root-relative URL.
    pub url: &'a str,
    /// Absolute URL.
    pub permalink: &'a str,
    /// URL path under the base (`metier/veille/`), stable across base URLs: a storage key.
    pub path: &'a str,
    /// For a page shown in its original language because it has no translation yet, that
    /// language (lists mark it); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fallback: Option<&'a crate::config::Language>,
    /// In another language than the default, the URL path of the default language's version:
    /// checklist progress is stored under it, so a reader keeps their ticks across languages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub store: Option<&'a str>,
    /// `YYYY-MM-DD`.
    pub date: Option<&'a str>,
    /// `YYYY-MM-DD`.
    pub updated: Option<&'a str>,
    /// `article`, `checklist` or `case_study`.
    pub kind: Kind,
    /// Summary HTML.
    pub summary: &'a str,
    /// Minutes at 200 words a minute, at least 1.
    pub reading_time: usize,
    /// Weight.
    pub weight: Option<i64>,
    /// Terms by taxonomy name.
    pub taxonomies: PageTerms<'a>,
    /// Case-study fields.
    pub case_study: Option<&'a CaseStudy>,
    /// Number of checklist items (checklists only, else 0).
    pub checklist_total: usize,
    /// Whether it is a draft (only built with --drafts).
    pub draft: bool,
    /// Free data.
    pub extra: &'a serde_json::Value,
}

/// The terms of a page in one taxonomy.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TermGroup<'a> {
    /// The taxonomy's front-matter key.
    pub name: &'a str,
    /// The taxonomy's title.
    pub title: &'a str,
    /// The page's terms in it.
    pub terms: Vec<TermRef<'a>>,
}

/// One table-of-contents entry with its children.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TocEntry<'a> {
    /// Heading level.
    pub level: u8,
    /// Anchor id.
    pub id: &'a str,
    /// Heading text, typeset.
    pub title: std::borrow::Cow<'a, str>,
    /// Deeper headings under it.
    pub children: Vec<TocEntry<'a>>,
}

/// A checklist's items for templates.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ChecklistView<'a> {
    /// Groups by `##` heading, their titles typeset.
    pub groups: std::borrow::Cow<'a, [ChecklistGroup]>,
    /// Number of items.
    pub total: usize,
}

/// Everything about the page being rendered (`page`).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PageView<'a> {
    /// The fields shared with lists.
    #[serde(flatten)]
    pub summary_fields: PageRef<'a>,
    /// Words outside code (not in [`PageRef`]: a list would change with every word written).
    pub word_count: usize,
    /// Body HTML (owned when rendered for this page only, see [`Bodies::lean`]).
    pub content: std::borrow::Cow<'a, str>,
    /// Nested table of contents (from `##` down).
    pub toc: Vec<TocEntry<'a>>,
    /// Its terms grouped by taxonomy, in configuration order, taxonomies without terms left out:
    /// what a page lists without looking terms up by name (`page.taxonomies[t.name]` on every
    /// page cost ~15 % of the page template's time).
    pub term_groups: Vec<TermGroup<'a>>,
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
    /// Its "edit this page" address (`edit_url` of `cmbook.yaml`), when configured.
    pub edit_url: Option<String>,
}

/// A page in a list: its view, or its value made once per render and shared by every list
/// (see [`crate::render::cards`]).
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub(crate) enum ListedPage<'a> {
    /// Serialised with the list.
    View(Box<PageRef<'a>>),
    /// Shared as it is (serialising a Tera value into a context clones it).
    Value(tera::Value),
}

/// The pages of a section as templates see them: views, or (for `get_section`'s data) the
/// pages' values already made once per page (see `render::page_refs`).
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub(crate) enum ListedPages<'a> {
    /// Listed pages, serialised with the section.
    Views(Vec<ListedPage<'a>>),
    /// Values shared as they are (serialising a Tera value into a context clones it).
    Shared(Vec<&'a tera::Value>),
}

/// A section and one slice of its pages (`section`).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SectionView<'a> {
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
    pub pages: ListedPages<'a>,
    /// Number of pages of the section.
    pub page_count: usize,
    /// Child sections.
    pub subsections: Vec<Link<'a>>,
    /// Sections above (breadcrumbs).
    pub ancestors: Vec<Link<'a>>,
    /// Folder under `content/`.
    pub path: &'a str,
    /// Root-relative URL of its print book, when it has one (see [`crate::resolve::books`]).
    pub book_url: Option<String>,
    /// Kind of the pages that set none (`checklist` for a section of checklists).
    pub default_kind: Option<Kind>,
    /// Free data.
    pub extra: &'a serde_json::Value,
}

/// Pagination of a list (`paginator`).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Paginator<'a> {
    /// Pages on this list page.
    pub pages: Vec<ListedPage<'a>>,
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
pub(crate) struct TermView<'a> {
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
pub(crate) struct TaxonomyView<'a> {
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
    /// Terms in display order; absent on term pages (see [`Views::taxonomy_for_terms`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub terms: Option<Vec<TermView<'a>>>,
}

/// How many pages of each kind.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub(crate) struct KindCounts {
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
    /// Counts one page of `kind`.
    pub(crate) fn add(&mut self, kind: Kind) {
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
pub(crate) struct SectionSummary<'a> {
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
pub(crate) struct Overview<'a> {
    /// Every page by kind.
    pub counts: KindCounts,
    /// Top-level sections in order.
    pub sections: Vec<SectionSummary<'a>>,
    /// The newest dated articles, newest first (at most 12).
    pub latest: Vec<ListedPage<'a>>,
}

/// Rendered bodies, indexed like the site's pages, sections and term texts.
pub(crate) struct Bodies {
    /// Per page.
    pub pages: Vec<Arc<RenderedBody>>,
    /// Whether the pages' bodies keep only their summary (a build): each page's HTML is then
    /// rendered again by its own template job.
    pub lean: bool,
    /// Per section.
    pub sections: Vec<RenderedBody>,
    /// Per taxonomy: (overview body, per term).
    pub taxonomies: Vec<(RenderedBody, Vec<RenderedBody>)>,
}
