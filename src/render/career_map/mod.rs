//! The career map: the ordered terms of the `career_stages` taxonomy and the side paths that
//! branch off them, laid out at build time for the theme's inline SVG (`career_map()` in
//! templates, drawn by `partials/career.html`), with each stage's years, sourced pay band,
//! one-line change, checklist and pages grouped by kind.
//!
//! Everything comes from the content, in one place per fact:
//! - a stage is a term of `career_stages`; its term file's `extra` holds `parcours` (the stage
//!   page, canonical), `checklist`, `years`, `change` and `pay` (`{low, high, unit, source,
//!   url, year}`, or `{note, source, url, year}` where no band is published);
//! - a side path is a page of the stage pages' section that is no stage page; it branches off
//!   the first stage its `career_stages` names.
//!
//! Geometry is computed here rather than in Tera: templates then only draw, and the layout is
//! tested in Rust. Two layouts are made: `wide` (a horizontal path, side paths below) and
//! `tall` (a vertical path, side paths as indented rows under their stage) for narrow screens.

use serde::Serialize;
use serde_json::Value as Json;

use crate::load::kinds::Kind;
use crate::resolve::{LanguageId, Site};

mod layout;
mod pay;
use layout::lay_out;
pub(crate) use pay::Pay;
use pay::{read_pay, PayWords};

/// The taxonomy whose terms are the stages.
pub(crate) const TAXONOMY: &str = "career_stages";

/// What templates get from `career_map()`.
#[derive(Debug, Clone, Serialize, Default)]
pub(crate) struct CareerMap {
    /// The stages in the taxonomy's order.
    pub stages: Vec<Stage>,
    /// The side paths, ordered by the stage they branch off.
    pub side_paths: Vec<SidePath>,
    /// The main path through the stages, wide layout (SVG path data).
    pub wide_path: String,
    /// The main path, tall layout.
    pub tall_path: String,
    /// Height of the wide layout's view box.
    pub wide_height: f64,
    /// Height of the tall layout's view box.
    pub tall_height: f64,
    /// Yearly pay bands as a bar chart.
    pub chart: SalaryChart,
}

/// One stage of the map.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Stage {
    /// 1-based position.
    pub number: usize,
    /// Term slug.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// The canonical stage page: the `parcours` page, else the term page.
    pub url: String,
    /// The term page (which points to the canonical page).
    pub term_url: String,
    /// Source path of the stage page under `content/` (`parcours/junior.md`), if any: the
    /// original's, whatever the language, as the term file names it.
    pub page_source: Option<String>,
    /// Source path of the file this language's stage page shows (`parcours/junior.en.md`, or
    /// the original for a page not yet translated): what `page.source_path` is on that page.
    pub page_file: Option<String>,
    /// The term file, for messages (`content/career_stages/junior.md`).
    pub term_file: Option<String>,
    /// Years of experience (`"0 à 2 ans"`).
    pub years: Option<String>,
    /// What changes at this step, in one line.
    pub change: Option<String>,
    /// The sourced pay band.
    pub pay: Option<Pay>,
    /// The stage's checklist.
    pub checklist: Option<ChecklistLink>,
    /// Pages naming the stage, by kind (the stage page left out).
    pub pages: PagesByKind,
    /// Centre of its node, wide layout.
    pub wide_x: f64,
    /// Centre of its node, wide layout.
    pub wide_y: f64,
    /// Centre of its node, tall layout.
    pub tall_y: f64,
}

/// A link to a stage's checklist.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ChecklistLink {
    /// Root-relative URL.
    pub url: String,
    /// Title.
    pub title: String,
    /// Number of items.
    pub total: usize,
    /// In another language than the default, the URL path its progress is stored under (the
    /// default language's checklist).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub store: Option<String>,
}

/// A page in a list.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PageLink {
    /// Title.
    pub title: String,
    /// Root-relative URL.
    pub url: String,
    /// For a page shown in the original's language (no translation yet), that language, as
    /// cards have it (`p.fallback.code`, `p.fallback.name`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fallback: Option<FallbackLanguage>,
}

/// The language a fallback page's text is in.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct FallbackLanguage {
    /// Code, for the `lang` attribute.
    pub code: String,
    /// The language's own name (`Français`).
    pub name: String,
}

/// Pages grouped by kind.
#[derive(Debug, Clone, Serialize, Default)]
pub(crate) struct PagesByKind {
    /// Articles.
    pub articles: Vec<PageLink>,
    /// Checklists.
    pub checklists: Vec<PageLink>,
    /// Case studies.
    pub cases: Vec<PageLink>,
}

/// A side path branching off a stage.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SidePath {
    /// Title of its page.
    pub title: String,
    /// Root-relative URL.
    pub url: String,
    /// Name of the stage it branches off.
    pub from: String,
    /// Names of every stage it is open to.
    pub stages: Vec<String>,
    /// Centre, wide layout.
    pub wide_x: f64,
    /// Centre, wide layout.
    pub wide_y: f64,
    /// Connector from its stage, wide layout (SVG path data).
    pub wide_link: String,
    /// Centre, tall layout.
    pub tall_y: f64,
    /// Connector from its stage, tall layout.
    pub tall_link: String,
}

/// The yearly pay bands as horizontal bars.
#[derive(Debug, Clone, Serialize, Default)]
pub(crate) struct SalaryChart {
    /// One row per stage with a yearly band.
    pub rows: Vec<ChartRow>,
    /// Axis ticks.
    pub ticks: Vec<Tick>,
    /// Height of the view box.
    pub height: f64,
}

/// A bar of the chart.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ChartRow {
    /// Stage name.
    pub name: String,
    /// The band as read.
    pub label: String,
    /// Source and year.
    pub source: String,
    /// Bar start.
    pub x: f64,
    /// Bar width.
    pub width: f64,
    /// Row top.
    pub y: f64,
}

/// An axis tick.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Tick {
    /// Position.
    pub x: f64,
    /// `40 k€`.
    pub label: String,
}

/// The map of `language`'s copy of `site`; `Err` is a message naming the term file at fault.
pub(crate) fn build(site: &Site, language: LanguageId) -> Result<CareerMap, String> {
    let Some(tax) = site
        .taxonomies
        .iter()
        .find(|t| t.config.name == TAXONOMY && t.language == language)
    else {
        return Ok(CareerMap::default());
    };
    let words = PayWords::of(site.theme.ui.get(language.0));
    let mut stages = Vec::new();
    for (i, term) in tax.terms.iter().enumerate() {
        stages.push(stage(site, language, i, term, &words)?);
    }
    let side_paths = side_paths(site, language, &stages);
    Ok(lay_out(stages, side_paths, &words))
}

/// The page of `language` showing the file written at `rel` (its original's path).
fn page_by_source<'s>(
    site: &'s Site,
    language: LanguageId,
    rel: &str,
) -> Option<&'s crate::resolve::Page> {
    site.pages
        .iter()
        .find(|p| p.language == language && p.source.file.original == rel)
}

fn stage(
    site: &Site,
    language: LanguageId,
    index: usize,
    term: &crate::resolve::Term,
    words: &PayWords<'_>,
) -> Result<Stage, String> {
    let null = Json::Null;
    let extra = term.source.as_ref().map_or(&null, |s| &s.front.extra);
    let term_file = term
        .source
        .as_ref()
        .map(|s| s.file.shown.display().to_string());
    let shown = term_file.clone().unwrap_or_else(|| term.slug.clone());
    let text = |key: &str| extra.get(key).and_then(Json::as_str).map(str::to_owned);
    let page_source = text("parcours");
    let stage_page = match &page_source {
        Some(rel) => Some(page_by_source(site, language, rel).ok_or_else(|| {
            format!("{shown}: `extra.parcours` names `{rel}`, which is no published page")
        })?),
        None => None,
    };
    let checklist = match text("checklist") {
        Some(rel) => {
            let page = page_by_source(site, language, &rel).ok_or_else(|| {
                format!("{shown}: `extra.checklist` names `{rel}`, which is no published page")
            })?;
            Some(ChecklistLink {
                url: site.href(&page.path),
                title: page.source.front.title.clone(),
                total: page.source.outline.item_ids().count(),
                store: site.default_version_path(page).map(str::to_owned),
            })
        }
        None => None,
    };
    let pay = match extra.get("pay") {
        Some(p) => Some(read_pay(p, words).map_err(|e| format!("{shown}: {e}"))?),
        None => None,
    };
    let mut pages = PagesByKind::default();
    // Pages in the reader's language first, then those shown in the original's; each group in
    // the term's order (a stable sort).
    let mut listed: Vec<&crate::resolve::Page> =
        term.pages.iter().map(|&p| &site.pages[p]).collect();
    listed.sort_by_key(|page| page.is_fallback());
    for page in listed {
        if Some(page.source.file.original.as_str()) == page_source.as_deref() {
            continue;
        }
        let original = &site.config.languages[0];
        let link = PageLink {
            title: page.source.front.title.clone(),
            url: site.href(&page.path),
            fallback: page.is_fallback().then(|| FallbackLanguage {
                code: original.code.clone(),
                name: original.name.clone(),
            }),
        };
        match page.source.front.kind {
            Kind::Article => pages.articles.push(link),
            Kind::Checklist => pages.checklists.push(link),
            Kind::CaseStudy => pages.cases.push(link),
        }
    }
    Ok(Stage {
        number: index + 1,
        slug: term.slug.clone(),
        name: term.name.clone(),
        url: site.href(stage_page.map_or(&term.path, |p| &p.path)),
        term_url: site.href(&term.path),
        page_file: stage_page.map(|p| p.source.file.rel.clone()),
        page_source,
        term_file,
        years: text("years"),
        change: text("change"),
        pay,
        checklist,
        pages,
        wide_x: 0.0,
        wide_y: 0.0,
        tall_y: 0.0,
    })
}

/// Pages of the stage pages' sections that are no stage page, each with its first stage.
fn side_paths(site: &Site, language: LanguageId, stages: &[Stage]) -> Vec<(usize, SidePath)> {
    let stage_pages: Vec<&str> = stages
        .iter()
        .filter_map(|s| s.page_source.as_deref())
        .collect();
    let mut sections: Vec<usize> = stage_pages
        .iter()
        .filter_map(|rel| page_by_source(site, language, rel).map(|p| p.section))
        .collect();
    sections.dedup();
    let Some(tax) = site
        .taxonomies
        .iter()
        .position(|t| t.config.name == TAXONOMY && t.language == language)
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for &s in &sections {
        for &p in &site.sections[s].pages {
            let page = &site.pages[p];
            if stage_pages.contains(&page.source.file.original.as_str()) {
                continue;
            }
            let terms: Vec<usize> = page
                .terms
                .iter()
                .find(|(t, _)| *t == tax)
                .map(|(_, terms)| terms.clone())
                .unwrap_or_default();
            let Some(&first) = terms.iter().min() else {
                continue;
            };
            out.push((
                first,
                SidePath {
                    title: page.source.front.title.clone(),
                    url: site.href(&page.path),
                    from: stages[first].name.clone(),
                    stages: terms.iter().map(|&t| stages[t].name.clone()).collect(),
                    wide_x: 0.0,
                    wide_y: 0.0,
                    wide_link: String::new(),
                    tall_y: 0.0,
                    tall_link: String::new(),
                },
            ));
        }
    }
    // Stable: side paths of one stage keep their section's order.
    out.sort_by_key(|(first, _)| *first);
    out
}
