//! Stage 3, render: Markdown to HTML, then templates, in parallel. Returns the list of files to
//! write ([`Output`]) and touches no disk.

pub mod context;
pub mod extras;
pub mod highlight;
pub mod markdown;
pub mod search;
pub mod templates;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Value};

use crate::error::{did_you_mean, Diagnostic, Error, Result};
use crate::load::theme::StaticSource;
use crate::load::SourceFile;
use crate::markdown::Outline;
use crate::resolve::Site;
use context::{Bodies, Views};
use markdown::{render_body, LinkContext, RenderedBody};
use templates::Templates;

/// The bytes of one output file.
#[derive(Debug, Clone)]
pub enum Content {
    /// Rendered in memory.
    Bytes(Vec<u8>),
    /// Part of the compiled-in theme.
    Embedded(&'static [u8]),
    /// A file on disk, copied as is.
    Copy(PathBuf),
}

/// One file of the built site.
#[derive(Debug, Clone)]
pub struct Output {
    /// Path under the output folder, `/`-separated.
    pub path: String,
    /// Its bytes.
    pub content: Content,
}

impl Output {
    fn text(path: String, text: String) -> Output {
        Output {
            path,
            content: Content::Bytes(text.into_bytes()),
        }
    }
}

/// Counts rendered pages for a progress bar: called with (done, total).
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

fn body_of(file: &SourceFile, outline: &Outline, site: &Site, checklist: bool) -> RenderedBody {
    let folder = file.rel.rsplit_once('/').map_or("", |(d, _)| d);
    let links = LinkContext {
        urls: &site.urls,
        base_path: &site.config.base_path,
        dir: crate::resolve::sections::dir_path(folder),
    };
    render_body(file.body(), outline, &links, checklist)
}

/// Renders every Markdown body of the site.
fn render_bodies(site: &Site, progress: Progress<'_>) -> Bodies {
    let total = site.pages.len();
    let done = AtomicUsize::new(0);
    let pages = site
        .pages
        .par_iter()
        .map(|p| {
            let checklist = p.source.front.kind == crate::load::kinds::Kind::Checklist;
            let body = body_of(&p.source.file, &p.source.outline, site, checklist);
            progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
            body
        })
        .collect();
    let sections = site
        .sections
        .iter()
        .map(|s| {
            s.source
                .as_ref()
                .map(|src| body_of(&src.file, &src.outline, site, false))
                .unwrap_or_default()
        })
        .collect();
    let taxonomies = site
        .taxonomies
        .iter()
        .map(|t| {
            let index = t
                .index
                .as_ref()
                .map(|src| body_of(&src.file, &src.outline, site, false))
                .unwrap_or_default();
            let terms = t
                .terms
                .iter()
                .map(|term| {
                    term.source
                        .as_ref()
                        .map(|src| body_of(&src.file, &src.outline, site, false))
                        .unwrap_or_default()
                })
                .collect();
            (index, terms)
        })
        .collect();
    Bodies {
        pages,
        sections,
        taxonomies,
    }
}

/// A template function answering from a prepared map (`get_page(path=...)` and friends).
struct Lookup {
    values: HashMap<String, Value>,
    arg: &'static str,
    what: &'static str,
}

impl tera::Function for Lookup {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let key = args
            .get(self.arg)
            .and_then(Value::as_str)
            .ok_or_else(|| format!("this function needs `{}=\"...\"`", self.arg))?;
        let key = key.trim_start_matches("@/");
        self.values.get(key).cloned().ok_or_else(|| {
            let hint = did_you_mean(key, self.values.keys().map(String::as_str))
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            format!("{} `{key}` not found{hint}", self.what).into()
        })
    }
}

/// `get_url(path="@/metier/veille.md")` or `get_url(path="style.css")`.
struct GetUrl {
    urls: HashMap<String, String>,
    base_path: String,
}

impl tera::Function for GetUrl {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let path = args
            .get("path")
            .and_then(Value::as_str)
            .ok_or("get_url needs `path=\"...\"`")?;
        let url = match path.strip_prefix("@/") {
            Some(rel) => {
                let (file, anchor) = rel
                    .split_once('#')
                    .map_or((rel, None), |(f, a)| (f, Some(a)));
                let found = self
                    .urls
                    .get(file)
                    .ok_or_else(|| format!("get_url: no content file `{file}`"))?;
                format!(
                    "{}{found}{}",
                    self.base_path,
                    anchor.map(|a| format!("#{a}")).unwrap_or_default()
                )
            }
            None => format!("{}{}", self.base_path, path.trim_start_matches('/')),
        };
        Ok(Value::String(url))
    }
}

fn to_value<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("views serialise")
}

/// Registers the lookup functions templates actually mention.
fn register_functions(tera: &mut tera::Tera, site: &Site, views: &Views<'_>) {
    tera.register_function(
        "get_url",
        GetUrl {
            urls: site.urls.clone(),
            base_path: site.config.base_path.clone(),
        },
    );
    if Templates::mention(&site.theme, "get_taxonomy") {
        let values = (0..site.taxonomies.len())
            .map(|t| {
                (
                    site.taxonomies[t].config.name.clone(),
                    to_value(&views.taxonomy(t)),
                )
            })
            .collect();
        tera.register_function(
            "get_taxonomy",
            Lookup {
                values,
                arg: "name",
                what: "taxonomy",
            },
        );
    }
    if Templates::mention(&site.theme, "get_section") {
        let mut values = HashMap::new();
        for (s, section) in site.sections.iter().enumerate() {
            let value = to_value(&views.section(s));
            let index = if section.dir.is_empty() {
                "_index.md".to_owned()
            } else {
                format!("{}/_index.md", section.dir)
            };
            values.insert(index, value.clone());
            values.insert(section.dir.clone(), value);
        }
        tera.register_function(
            "get_section",
            Lookup {
                values,
                arg: "path",
                what: "section",
            },
        );
    }
    if Templates::mention(&site.theme, "get_page") {
        let values = site
            .pages
            .iter()
            .enumerate()
            .map(|(p, page)| (page.source.file.rel.clone(), to_value(&views.page_ref(p))))
            .collect();
        tera.register_function(
            "get_page",
            Lookup {
                values,
                arg: "path",
                what: "page",
            },
        );
    }
}

/// A context with what every template receives.
fn base_context(config: &Value, current_path: &str, site: &Site) -> Context {
    let mut context = Context::new();
    context.insert("config", config);
    context.insert("current_path", current_path);
    context.insert("current_url", &site.permalink(current_path));
    context
}

/// Where the HTML of URL path `path` goes.
fn html_file(path: &str) -> String {
    format!("{path}index.html")
}

/// Renders the whole site into memory.
pub fn render(site: &Site, progress: Progress<'_>) -> Result<Vec<Output>> {
    let (templates, bodies) = rayon::join(
        || Templates::compile(&site.theme),
        || render_bodies(site, progress),
    );
    let mut templates = templates.map_err(Error::Invalid)?;
    let highlight_css = highlight::theme_css(&site.config.highlight_theme).map_err(|known| {
        let name = &site.config.highlight_theme;
        let help = match did_you_mean(name, known.iter().map(String::as_str)) {
            Some(s) => format!("did you mean `{s}`? known themes: {}", known.join(", ")),
            None => format!("known themes: {}", known.join(", ")),
        };
        Error::one(
            Diagnostic::error(
                &site.config.path,
                format!("unknown highlight_theme `{name}`"),
            )
            .help(help),
        )
    })?;
    let views = Views {
        site,
        bodies: &bodies,
    };
    register_functions(&mut templates.tera, site, &views);
    let config = to_value(&views.config());

    let mut jobs: Vec<Job> = Vec::new();
    jobs.extend((0..site.pages.len()).map(Job::Page));
    for (s, section) in site.sections.iter().enumerate() {
        let per = section
            .source
            .as_ref()
            .and_then(|src| src.front.paginate_by)
            .unwrap_or(usize::MAX);
        let count = section
            .pages
            .len()
            .div_ceil(per.min(section.pages.len().max(1)))
            .max(1);
        jobs.extend((1..=count).map(|n| Job::Section(s, n)));
    }
    for (t, taxonomy) in site.taxonomies.iter().enumerate() {
        jobs.push(Job::TaxonomyList(t));
        let per = taxonomy.config.paginate_by.unwrap_or(usize::MAX);
        for (i, term) in taxonomy.terms.iter().enumerate() {
            let count = term
                .pages
                .len()
                .div_ceil(per.min(term.pages.len().max(1)))
                .max(1);
            jobs.extend((1..=count).map(|n| Job::Term(t, i, n)));
        }
    }
    jobs.push(Job::NotFound);

    let results: Vec<Result<Output, Diagnostic>> = jobs
        .par_iter()
        .map(|job| job.render(site, &views, &templates, &config))
        .collect();
    let mut outputs = Vec::with_capacity(results.len() + 16);
    let mut problems: Vec<Diagnostic> = Vec::new();
    for result in results {
        match result {
            Ok(output) => outputs.push(output),
            // One broken template fails every page using it: report it once per template.
            Err(d) if problems.iter().any(|p| p.path == d.path) => {}
            Err(d) => problems.push(d),
        }
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    for alias in &site.aliases {
        outputs.push(Output::text(
            alias.file.clone(),
            extras::alias_page(&site.href(&alias.target)),
        ));
    }
    outputs.push(Output::text("sitemap.xml".into(), extras::sitemap(site)));
    outputs.push(Output::text("atom.xml".into(), extras::atom(site, &bodies)));
    outputs.push(Output::text("robots.txt".into(), extras::robots(site)));
    outputs.push(Output::text("highlight.css".into(), highlight_css));
    if site.config.search {
        outputs.push(Output::text(
            "search_index.json".into(),
            search::search_index(site, &bodies),
        ));
    }
    for file in &site.theme.statics {
        let content = match &file.source {
            StaticSource::Embedded(bytes) => Content::Embedded(bytes),
            StaticSource::Disk(path) => Content::Copy(path.clone()),
        };
        outputs.push(Output {
            path: file.rel.clone(),
            content,
        });
    }
    for asset in &site.assets {
        let path = format!(
            "{}{}",
            crate::resolve::sections::dir_path(asset.rel.rsplit_once('/').map_or("", |(d, _)| d)),
            asset.rel.rsplit('/').next().unwrap_or("")
        );
        outputs.push(Output {
            path,
            content: Content::Copy(asset.path.clone()),
        });
    }
    Ok(outputs)
}

/// One templated file to render.
enum Job {
    Page(usize),
    Section(usize, usize),
    TaxonomyList(usize),
    Term(usize, usize, usize),
    NotFound,
}

fn paged(path: &str, n: usize) -> String {
    if n == 1 {
        path.to_owned()
    } else {
        format!("{path}page/{n}/")
    }
}

impl Job {
    fn render(
        &self,
        site: &Site,
        views: &Views<'_>,
        templates: &Templates,
        config: &Value,
    ) -> Result<Output, Diagnostic> {
        match *self {
            Job::Page(p) => {
                let page = &site.pages[p];
                let mut context = base_context(config, &page.path, site);
                context.insert("page", &views.page(p));
                context.insert("section", &views.section_link(&site.sections[page.section]));
                let html = templates.render(
                    page.source.front.kind.template(),
                    &context,
                    &page.source.file.shown,
                )?;
                Ok(Output::text(html_file(&page.path), html))
            }
            Job::Section(s, n) => {
                let section = &site.sections[s];
                let path = paged(&section.path, n);
                let per = section
                    .source
                    .as_ref()
                    .and_then(|src| src.front.paginate_by)
                    .unwrap_or(section.pages.len().max(1));
                let mut context = base_context(config, &path, site);
                context.insert("section", &views.section(s));
                context.insert(
                    "paginator",
                    &views.paginator(&section.pages, &section.path, per, n),
                );
                let template = if s == 0 { "index.html" } else { "section.html" };
                let shown = section.source.as_ref().map_or_else(
                    || PathBuf::from("content").join(&section.dir),
                    |src| src.file.shown.clone(),
                );
                let html = templates.render(template, &context, &shown)?;
                Ok(Output::text(html_file(&path), html))
            }
            Job::TaxonomyList(t) => {
                let taxonomy = &site.taxonomies[t];
                let mut context = base_context(config, &taxonomy.path, site);
                context.insert("taxonomy", &views.taxonomy(t));
                let html = templates.render(
                    "taxonomy_list.html",
                    &context,
                    Path::new(&format!("taxonomy {}", taxonomy.config.name)),
                )?;
                Ok(Output::text(html_file(&taxonomy.path), html))
            }
            Job::Term(t, i, n) => {
                let taxonomy = &site.taxonomies[t];
                let term = &taxonomy.terms[i];
                let path = paged(&term.path, n);
                let per = taxonomy
                    .config
                    .paginate_by
                    .unwrap_or(term.pages.len().max(1));
                let mut context = base_context(config, &path, site);
                context.insert("taxonomy", &views.taxonomy(t));
                context.insert("term", &views.term(t, i));
                context.insert(
                    "paginator",
                    &views.paginator(&term.pages, &term.path, per, n),
                );
                let html = templates.render(
                    "taxonomy_term.html",
                    &context,
                    Path::new(&format!("term {}/{}", taxonomy.config.name, term.slug)),
                )?;
                Ok(Output::text(html_file(&path), html))
            }
            Job::NotFound => {
                let context = base_context(config, "404.html", site);
                let html = templates.render("404.html", &context, Path::new("404.html"))?;
                Ok(Output::text("404.html".into(), html))
            }
        }
    }
}
