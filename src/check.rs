//! `cmbook check`: the whole pipeline but the write stage, then the warnings a build does not
//! fail on (orphans, missing alt text, duplicated titles, placeholders...), and the errors of
//! the rendered HTML a build does not look at (a heading id the template uses too). Every
//! finding is a [`Diagnostic`].

mod rendered;
mod translations;

use std::collections::{HashMap, HashSet};

use crate::error::{Diagnostic, Error, Result};
use crate::load::SourceFile;
use crate::markdown::Outline;
use crate::pipeline::{render_site, BuildOptions};
use crate::render::{Content, Output};
use crate::resolve::Site;

/// Longest description that fits in search results and link previews.
pub const MAX_DESCRIPTION: usize = 160;

/// What `check` found.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct CheckReport {
    /// Every error and warning, in file order.
    pub diagnostics: Vec<Diagnostic>,
    /// Pages checked (0 when the site could not be loaded).
    pub pages: usize,
}

impl CheckReport {
    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    /// Number of warnings (information lines are not counted).
    pub fn warnings(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == crate::error::Severity::Warning)
            .count()
    }
}

/// Checks the site: content problems are returned in the report, not as an `Err`.
pub fn check(options: &BuildOptions) -> Result<CheckReport> {
    let (site, outputs) = match render_site(options, &|_, _| {}) {
        Ok(done) => done,
        Err(Error::Invalid(diagnostics)) => {
            return Ok(CheckReport {
                diagnostics,
                pages: 0,
            })
        }
        Err(other) => return Err(other),
    };
    let mut diagnostics = lint(&site, &outputs);
    diagnostics.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    Ok(CheckReport {
        diagnostics,
        pages: site.pages.len(),
    })
}

/// Every Markdown file of the site with its outline, once: a file another language shows
/// untranslated is checked in its own language only.
fn sources(site: &Site) -> Vec<(&SourceFile, &Outline, Option<&str>)> {
    let own = |file: &SourceFile, language: crate::resolve::LanguageId| {
        file.lang.is_some() || language.is_default()
    };
    let mut all: Vec<(&SourceFile, &Outline, Option<&str>)> = site
        .pages
        .iter()
        .filter(|p| !p.is_fallback())
        .map(|p| {
            (
                &p.source.file,
                &p.source.outline,
                p.source.front.description.as_deref(),
            )
        })
        .collect();
    for section in &site.sections {
        let Some(s) = section
            .source
            .as_ref()
            .filter(|s| own(&s.file, section.language))
        else {
            continue;
        };
        all.push((&s.file, &s.outline, s.front.description.as_deref()));
    }
    for t in &site.taxonomies {
        let texts = t
            .index
            .iter()
            .chain(t.terms.iter().filter_map(|term| term.source.as_ref()))
            .filter(|s| own(&s.file, t.language));
        all.extend(texts.map(|s| (&s.file, &s.outline, s.front.description.as_deref())));
    }
    all
}

/// The 1-based line of a top-level front-matter `key`, if written.
fn key_line(text: &str, key: &str) -> Option<usize> {
    let prefix = format!("{key}:");
    text.lines()
        .position(|l| l.starts_with(&prefix))
        .map(|n| n + 1)
}

fn warn(file: &SourceFile, line: usize, column: usize, message: String, help: &str) -> Diagnostic {
    Diagnostic::warning(&file.shown, message)
        .at_in(&file.text, line, column)
        .help(help)
}

/// The warnings of a site that builds.
pub fn lint(site: &Site, outputs: &[Output]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Some(glossary) = &site.glossary {
        out.extend_from_slice(glossary.warnings());
    }
    let by_url: HashMap<&str, &str> = site
        .urls
        .iter()
        .map(|(rel, url)| (url.as_str(), rel.as_str()))
        .collect();
    for (file, outline, description) in sources(site) {
        for link in &outline.links {
            if let Some(rest) = link.dest.strip_prefix(site.config.base_url.as_str()) {
                let path = rest.split('#').next().unwrap_or("");
                let help = match by_url.get(path) {
                    Some(rel) => format!(
                        "write `@/{rel}` so the link is checked and follows the page if it moves"
                    ),
                    None => "write an `@/path/to/file.md` link so the build checks it".to_owned(),
                };
                out.push(warn(
                    file,
                    link.line,
                    link.column,
                    format!("absolute link to this site: `{}`", link.dest),
                    &help,
                ));
            }
        }
        for &(line, column) in &outline.images_without_alt {
            out.push(warn(
                file,
                line,
                column,
                "image without alt text".into(),
                "describe the image between the brackets: ![un schéma de la veille](image.png)",
            ));
        }
        for h in outline.headings.iter().filter(|h| h.text.is_empty()) {
            out.push(warn(
                file,
                h.line,
                1,
                "empty heading".into(),
                "write the heading's text or remove the `#` line",
            ));
        }
        for (id, line) in &outline.duplicate_ids {
            out.push(warn(
                file,
                *line,
                1,
                format!("heading id `{id}` is used twice in this file"),
                "rename the heading or give it its own id: `## Titre {#autre-id}`",
            ));
        }
        if let Some(d) = description.filter(|d| d.chars().count() > MAX_DESCRIPTION) {
            let line = key_line(&file.text, "description").unwrap_or(1);
            out.push(warn(
                file,
                line,
                1,
                format!(
                    "description is {} characters long (over {MAX_DESCRIPTION})",
                    d.chars().count()
                ),
                "shorten it to one sentence: search engines cut it at about 160 characters",
            ));
        }
    }
    duplicate_titles(site, &mut out);
    rendered::lint(site, outputs, &mut out);
    placeholders(site, &mut out);
    lonely_terms(site, &mut out);
    orphans(site, outputs, &mut out);
    translations::lint(site, &mut out);
    out
}

/// Two pages of one language with the same title (a translation may keep its original's).
fn duplicate_titles(site: &Site, out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<(crate::resolve::LanguageId, String), &SourceFile> = HashMap::new();
    for page in site.pages.iter().filter(|p| !p.is_fallback()) {
        let key = (
            page.language,
            crate::slugs::slugify(&page.source.front.title),
        );
        let file = &page.source.file;
        if let Some(first) = seen.get(&key) {
            let line = key_line(&file.text, "title").unwrap_or(1);
            out.push(warn(
                file,
                line,
                1,
                format!(
                    "title `{}` is also the title of {}",
                    page.source.front.title,
                    first.shown.display()
                ),
                "give each page its own title so readers and search results can tell them apart",
            ));
        } else {
            seen.insert(key, file);
        }
    }
}

/// Texts still holding what `cmbook new page` wrote for the author to replace: the page
/// builds, but is not finished.
fn placeholders(site: &Site, out: &mut Vec<Diagnostic>) {
    use crate::scaffold::PLACEHOLDER;
    let left = |text: &str| text.trim_start().starts_with(PLACEHOLDER);
    let mut report = |file: &SourceFile, key: &str| {
        let line = key_line(&file.text, key).unwrap_or(1);
        out.push(warn(
            file,
            line,
            1,
            format!("`{key}` is still the placeholder `cmbook new page` wrote"),
            &format!("replace the text starting with `{PLACEHOLDER}` with your own"),
        ));
    };
    for (file, _, description) in sources(site) {
        if description.is_some_and(left) {
            report(file, "description");
        }
    }
    for page in &site.pages {
        let file = &page.source.file;
        if left(&page.source.front.title) {
            report(file, "title");
        }
        if let Some(case) = &page.source.front.case_study {
            if left(&case.brand) {
                report(file, "brand");
            }
            if case.sources.iter().any(|s| left(&s.title)) {
                report(file, "sources");
            }
        }
    }
}

/// A term used by one page only, close to another term: most likely a typo. Checked in the
/// default language, whose copy holds every page's terms.
fn lonely_terms(site: &Site, out: &mut Vec<Diagnostic>) {
    for taxonomy in site.taxonomies.iter().filter(|t| t.language.is_default()) {
        for term in taxonomy
            .terms
            .iter()
            .filter(|t| t.pages.len() == 1 && t.source.is_none())
        {
            if taxonomy.config.terms.contains(&term.slug) {
                continue;
            }
            let others = taxonomy
                .terms
                .iter()
                .filter(|o| o.slug != term.slug && o.pages.len() > 1)
                .map(|o| o.slug.as_str());
            let Some(near) = crate::error::did_you_mean(&term.slug, others) else {
                continue;
            };
            let file = &site.pages[term.pages[0]].source.file;
            let line = key_line(&file.text, &taxonomy.config.name).unwrap_or(1);
            out.push(warn(
                file,
                line,
                1,
                format!(
                    "`{}` is used by this page only in `{}`",
                    term.name, taxonomy.config.name
                ),
                &format!("did you mean `{near}`?"),
            ));
        }
    }
}

/// Every `href` of the rendered HTML, un-escaped, with the file it appears in.
fn hrefs(outputs: &[Output]) -> HashMap<String, HashSet<&str>> {
    let mut found: HashMap<String, HashSet<&str>> = HashMap::new();
    for o in outputs.iter().filter(|o| o.path.ends_with(".html")) {
        let Content::Bytes(bytes) = &o.content else {
            continue;
        };
        let html = String::from_utf8_lossy(bytes);
        for part in html.split("href=\"").skip(1) {
            let href = part.split('"').next().unwrap_or("").replace("&#x2F;", "/");
            let href = href.split('#').next().unwrap_or("").to_owned();
            found.entry(href).or_default().insert(o.path.as_str());
        }
    }
    found
}

/// Pages no other rendered page links to: readers cannot reach them.
fn orphans(site: &Site, outputs: &[Output], out: &mut Vec<Diagnostic>) {
    let links = hrefs(outputs);
    for page in site.pages.iter().filter(|p| !p.is_fallback()) {
        let url = site.href(&page.path);
        let own = format!("{}index.html", page.path);
        // A redirect left by an alias does not make a page reachable: it only answers old URLs.
        let redirect = |f: &str| site.aliases.iter().any(|a| a.file == f);
        let reached = links
            .get(&url)
            .is_some_and(|from| from.iter().any(|f| *f != own && !redirect(f)));
        if !reached {
            let file = &page.source.file;
            out.push(
                Diagnostic::warning(&file.shown, "no page links to this page (orphan)").help(
                    "link it from another page with `@/` or list it in its section's template",
                ),
            );
        }
    }
}
