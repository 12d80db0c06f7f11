//! Typed front matter per kind of file: pages (article, checklist, case study), sections and
//! taxonomy terms. Raw YAML goes in, validated structs come out, every problem is collected.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::error::did_you_mean;
pub use crate::load::fields::Fields;
use crate::typography::{typeset_owned, Typography};

pub use crate::config::{CASE_STUDY_KEYS, PAGE_KEYS};
/// Keys of a section's `_index.md`.
pub const SECTION_KEYS: &[&str] = &[
    "title",
    "description",
    "sort_by",
    "default_kind",
    "paginate_by",
    "weight",
    "slug",
    "extra",
];
/// Keys of a taxonomy term file (and a taxonomy's `_index.md`).
pub const TERM_KEYS: &[&str] = &["title", "description", "weight", "extra"];

/// What the glossary does on a page (front-matter key `glossary`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GlossaryUse {
    /// `true` (the default): the first use of each term links to it.
    #[default]
    Link,
    /// `false`: no term is linked on this page.
    Off,
    /// `index`: this page is the glossary; its terms are listed after its text.
    Index,
}

/// Reads `glossary: true | false | index`.
fn read_glossary_use(fields: &mut Fields<'_>) -> GlossaryUse {
    let expected = "`true`, `false` or `index`";
    match fields.optional::<serde_json::Value>("glossary", expected) {
        None | Some(serde_json::Value::Bool(true)) => GlossaryUse::Link,
        Some(serde_json::Value::Bool(false)) => GlossaryUse::Off,
        Some(serde_json::Value::String(s)) if s == "index" => GlossaryUse::Index,
        Some(other) => {
            fields.problem_at(
                "glossary",
                format!("`glossary` must be {expected}, not `{other}`"),
                "`false` links no glossary term on this page; `index` makes it the glossary page",
            );
            GlossaryUse::Link
        }
    }
}

/// The three kinds of page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Prose with headings.
    Article,
    /// Task-list items grouped by `##` heading.
    Checklist,
    /// A sourced case with a fact box.
    CaseStudy,
}

impl Kind {
    /// Template used to render pages of this kind.
    pub fn template(self) -> &'static str {
        match self {
            Kind::Article => "page.html",
            Kind::Checklist => "checklist.html",
            Kind::CaseStudy => "case_study.html",
        }
    }
}

/// How a case ended for the brand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// A crisis.
    Crise,
    /// A success.
    Succes,
    /// Mixed results.
    Mitige,
}

/// A cited source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceLink {
    /// What the source is.
    pub title: String,
    /// Where it is.
    pub url: String,
}

/// A measured figure of a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Metric {
    /// What was measured.
    pub label: String,
    /// The figure, as text.
    pub value: String,
}

/// The fields only case studies have.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseStudy {
    /// The brand or organisation.
    pub brand: String,
    /// Year of the events.
    pub year: i32,
    /// Networks involved.
    pub channels: Vec<String>,
    /// How it ended.
    pub outcome: Outcome,
    /// At least one source.
    pub sources: Vec<SourceLink>,
    /// Optional figures.
    pub metrics: Vec<Metric>,
    /// Optional dated events, in order (see [`crate::load::timeline`]).
    pub timeline: Vec<crate::load::timeline::TimelineEvent>,
}

/// A term as written in a page, with its line for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermUse {
    /// The term as written (`Santé`).
    pub name: String,
    /// 1-based line of the taxonomy key.
    pub line: usize,
}

/// Validated front matter of a page.
#[derive(Debug, Clone, PartialEq)]
pub struct PageFront {
    /// Title.
    pub title: String,
    /// One-sentence description.
    pub description: Option<String>,
    /// Publication date.
    pub date: Option<NaiveDate>,
    /// Last update.
    pub updated: Option<NaiveDate>,
    /// Kind of page.
    pub kind: Kind,
    /// URL segment replacing the file name.
    pub slug: Option<String>,
    /// Built only with `--drafts`.
    pub draft: bool,
    /// Order in a section sorted by weight.
    pub weight: Option<i64>,
    /// Terms per configured taxonomy, in configuration order.
    pub taxonomies: Vec<(String, Vec<TermUse>)>,
    /// Old URLs redirecting here, with their line.
    pub aliases: Vec<(String, usize)>,
    /// Authors.
    pub authors: Vec<String>,
    /// Free data for templates.
    pub extra: serde_json::Value,
    /// Case-study fields, for `kind: case_study`.
    pub case_study: Option<CaseStudy>,
    /// Whether glossary terms are linked here, or this is the glossary page.
    pub glossary: GlossaryUse,
}

/// How a section orders its pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    /// Lightest first.
    Weight,
    /// Newest first.
    Date,
    /// Alphabetical.
    Title,
}

/// Validated front matter of a section's `_index.md`.
#[derive(Debug, Clone, PartialEq)]
pub struct SectionFront {
    /// Title (defaults to the folder name).
    pub title: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Page order.
    pub sort_by: SortBy,
    /// Kind of pages that set none.
    pub default_kind: Option<Kind>,
    /// Pages per list page.
    pub paginate_by: Option<usize>,
    /// Order among sibling sections.
    pub weight: Option<i64>,
    /// URL segment replacing the folder name: a translation's `_index.en.md` translates it.
    pub slug: Option<String>,
    /// Free data for templates.
    pub extra: serde_json::Value,
}

/// Validated front matter of a taxonomy text (`content/sectors/luxe.md` or its `_index.md`).
#[derive(Debug, Clone, PartialEq)]
pub struct TermFront {
    /// Display name.
    pub title: Option<String>,
    /// One-sentence description.
    pub description: Option<String>,
    /// Order among terms of a taxonomy that is not `ordered`.
    pub weight: Option<i64>,
    /// Free data for templates.
    pub extra: serde_json::Value,
}

/// Reads `kind`, suggesting the closest kind for a typo (`artcle` → `article`).
fn read_kind(fields: &mut Fields<'_>) -> Option<Kind> {
    const KINDS: [(&str, Kind); 3] = [
        ("article", Kind::Article),
        ("checklist", Kind::Checklist),
        ("case_study", Kind::CaseStudy),
    ];
    let written: String = fields.optional("kind", "one of `article`, `checklist`, `case_study`")?;
    if let Some((_, kind)) = KINDS.iter().find(|(name, _)| *name == written) {
        return Some(*kind);
    }
    let help = match did_you_mean(&written, KINDS.iter().map(|(n, _)| *n)) {
        Some(s) => format!("did you mean `{s}`? kinds: article, checklist, case_study"),
        None => "kinds: article, checklist, case_study".to_owned(),
    };
    fields.problem_at("kind", format!("unknown kind `{written}`"), &help);
    None
}

/// Validates a page's front matter; `default_kind` comes from its section.
pub fn page_front(
    fields: &mut Fields<'_>,
    config: &Config,
    default_kind: Kind,
    typography: Typography,
) -> Option<PageFront> {
    let kind = read_kind(fields).unwrap_or(default_kind);
    let mut allowed: Vec<&str> = PAGE_KEYS.to_vec();
    allowed.extend(config.taxonomies.iter().map(|t| t.name.as_str()));
    if kind == Kind::CaseStudy {
        allowed.extend(CASE_STUDY_KEYS);
    }
    fields.reject_unknown(&allowed, "in a page's front matter");
    let needs = |k: Kind| {
        matches!(k, Kind::Article | Kind::CaseStudy)
            .then_some("(articles and case studies need it)")
    };
    let title = fields.required_text("title", "text", "");
    let description: Option<String> = match needs(kind) {
        Some(why) => fields.required_text("description", "one sentence", why),
        None => fields.optional("description", "one sentence"),
    };
    let date = fields.date("date", needs(kind));
    let updated = fields.date("updated", None);
    let slug: Option<String> = fields.optional("slug", "text");
    if let Some(s) = &slug {
        if s.contains('/') || s.contains('\\') || s.contains("..") || s.trim().is_empty() {
            fields.problem_at(
                "slug",
                format!("slug `{s}` must be one URL segment"),
                "use letters, digits and `-` only, with no `/` or `..`",
            );
        }
    }
    let draft = fields
        .optional::<bool>("draft", "true or false")
        .unwrap_or(false);
    let weight = fields.whole_number("weight", i64::MIN, i64::MAX);
    let mut taxonomies = Vec::new();
    for taxonomy in &config.taxonomies {
        let line = fields.line_of(&taxonomy.name);
        let terms: Vec<String> = fields
            .optional(&taxonomy.name, "a list of terms, like `[a, b]`")
            .unwrap_or_default();
        let uses = terms
            .into_iter()
            .map(|name| TermUse { name, line })
            .collect::<Vec<_>>();
        if !uses.is_empty() {
            taxonomies.push((taxonomy.name.clone(), uses));
        }
    }
    let alias_line = fields.line_of("aliases");
    let aliases: Vec<String> = fields
        .optional("aliases", "a list of paths")
        .unwrap_or_default();
    let authors: Vec<String> = fields
        .optional("authors", "a list of names")
        .unwrap_or_default();
    let extra = fields.extra();
    let glossary = read_glossary_use(fields);
    let case_study = if kind == Kind::CaseStudy {
        case_study(fields, typography)
    } else {
        None
    };
    Some(PageFront {
        title: typeset_owned(title?, typography),
        description: description.map(|d| typeset_owned(d, typography)),
        date,
        updated,
        kind,
        slug,
        draft,
        weight,
        taxonomies,
        aliases: aliases.into_iter().map(|a| (a, alias_line)).collect(),
        authors,
        extra,
        case_study,
        glossary,
    })
}

/// Reads a case study's fields; the texts its fact box shows are typeset.
fn case_study(fields: &mut Fields<'_>, typography: Typography) -> Option<CaseStudy> {
    let why = "(case studies need it)";
    let brand = fields.required_text("brand", "text", why);
    let year = fields.required::<i32>("year", "a year like 2012", why);
    let channels =
        fields.required::<Vec<String>>("channels", "a list like `[twitter, youtube]`", why);
    let outcome = fields.required::<Outcome>("outcome", "one of `crise`, `succes`, `mitige`", why);
    let sources =
        fields.required::<Vec<SourceLink>>("sources", "a list of `{title, url}` maps", why);
    if let Some(sources) = &sources {
        crate::load::urls::check_sources(fields, sources);
    }
    if sources.as_ref().is_some_and(Vec::is_empty) {
        fields.problem_at(
            "sources",
            "a case study needs at least one source".into(),
            "add `- {title: ..., url: https://...}`",
        );
    }
    let metrics = fields
        .optional::<Vec<Metric>>("metrics", "a list of `{label, value}` maps")
        .unwrap_or_default();
    let timeline = crate::load::timeline::read(fields, typography);
    let prose = |text: String| typeset_owned(text, typography);
    Some(CaseStudy {
        timeline,
        brand: prose(brand?),
        year: year?,
        channels: channels?,
        outcome: outcome?,
        sources: (sources?.into_iter())
            .map(|s| SourceLink {
                title: prose(s.title),
                ..s
            })
            .collect(),
        metrics: (metrics.into_iter())
            .map(|m| Metric {
                label: prose(m.label),
                value: prose(m.value),
            })
            .collect(),
    })
}

/// Validates a section's `_index.md` front matter; its title and description are typeset.
pub fn section_front(fields: &mut Fields<'_>, typography: Typography) -> SectionFront {
    fields.reject_unknown(SECTION_KEYS, "in a section's _index.md");
    let paginate_by = fields.optional::<usize>("paginate_by", "a whole number of pages");
    if paginate_by == Some(0) {
        fields.problem_at(
            "paginate_by",
            "`paginate_by` must be at least 1".into(),
            "remove it to list every page at once",
        );
    }
    let prose = |text: String| typeset_owned(text, typography);
    SectionFront {
        title: fields.optional("title", "text").map(prose),
        description: fields.optional("description", "one sentence").map(prose),
        sort_by: fields
            .optional("sort_by", "one of `weight`, `date`, `title`")
            .unwrap_or(SortBy::Date),
        default_kind: fields.optional(
            "default_kind",
            "one of `article`, `checklist`, `case_study`",
        ),
        paginate_by,
        weight: fields.whole_number("weight", i64::MIN, i64::MAX),
        slug: fields.optional("slug", "a URL segment"),
        extra: fields.extra(),
    }
}

/// Validates a taxonomy text's front matter; its title and description are typeset.
pub fn term_front(fields: &mut Fields<'_>, typography: Typography) -> TermFront {
    fields.reject_unknown(TERM_KEYS, "in a taxonomy term file");
    let prose = |text: String| typeset_owned(text, typography);
    TermFront {
        title: fields.optional("title", "text").map(prose),
        description: fields.optional("description", "one sentence").map(prose),
        weight: fields.whole_number("weight", i64::MIN, i64::MAX),
        extra: fields.extra(),
    }
}
