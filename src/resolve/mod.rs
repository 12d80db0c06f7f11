//! Stage 2, resolve: the cross-file facts. Sections and their sorted pages, prev/next,
//! taxonomies and terms, URLs and their collisions, `@/` links and anchors, aliases.
//! Takes [`Sources`], returns a [`Site`] that render only reads.

pub(crate) mod books;
pub(crate) mod links;
pub(crate) mod sections;
pub(crate) mod taxonomy;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::config::Config;
use crate::error::{Diagnostic, Error, Result};
use crate::load::theme::ThemeFiles;
use crate::load::{Asset, PageSource, SectionSource, Sources, TermSource};

/// A page placed in the site.
#[derive(Debug, Clone)]
pub struct Page {
    /// What was loaded.
    pub source: Arc<PageSource>,
    /// URL path under the base, ending with `/` (`metier/veille/`).
    pub path: String,
    /// Index of its section in [`Site::sections`].
    pub section: usize,
    /// Previous page in its section's order.
    pub lower: Option<usize>,
    /// Next page in its section's order.
    pub higher: Option<usize>,
    /// Terms per taxonomy, in configuration order (the order front matter is read in):
    /// (taxonomy index, term indexes).
    pub terms: Vec<(usize, Vec<usize>)>,
}

/// A section: a folder of pages, with or without its own `_index.md`.
#[derive(Debug, Clone)]
pub struct Section {
    /// Its `_index.md`, when the folder has one.
    pub source: Option<SectionSource>,
    /// Folder relative to `content/` (`""` for home).
    pub dir: String,
    /// URL path under the base (`""` for home, else ending with `/`).
    pub path: String,
    /// Title: front matter, else the folder name, else the site title.
    pub title: String,
    /// Pages in display order.
    pub pages: Vec<usize>,
    /// Child sections in order.
    pub subsections: Vec<usize>,
    /// Parent section.
    pub parent: Option<usize>,
}

/// A term of a taxonomy with its pages.
#[derive(Debug, Clone)]
pub struct Term {
    /// URL segment (`sante`).
    pub slug: String,
    /// Display name (term file title, else as first written).
    pub name: String,
    /// URL path under the base (`sectors/sante/`).
    pub path: String,
    /// Its description file, when there is one.
    pub source: Option<TermSource>,
    /// Pages naming it, newest first.
    pub pages: Vec<usize>,
}

/// A taxonomy with its ordered terms.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    /// Its configuration.
    pub config: crate::config::TaxonomyConfig,
    /// URL path under the base (`sectors/`).
    pub path: String,
    /// The text of its overview page (`content/sectors/_index.md`).
    pub index: Option<TermSource>,
    /// Terms in display order.
    pub terms: Vec<Term>,
}

/// An old URL that redirects to a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    /// File to write, relative to the output root (`old/url/index.html`).
    pub file: String,
    /// URL path of the target under the base.
    pub target: String,
    /// Line of the page's `aliases` key.
    pub line: usize,
}

/// The resolved site: everything render needs, nothing it must compute across files.
#[derive(Debug, Clone)]
pub struct Site {
    /// Site root.
    pub root: PathBuf,
    /// Configuration.
    pub config: Config,
    /// Published pages (drafts only with `--drafts`).
    pub pages: Vec<Page>,
    /// Sections; index 0 is home.
    pub sections: Vec<Section>,
    /// Taxonomies in configured order.
    pub taxonomies: Vec<Taxonomy>,
    /// Redirect pages.
    pub aliases: Vec<Alias>,
    /// Files under `content/` copied as is.
    pub assets: Vec<Asset>,
    /// Templates and static files.
    pub theme: ThemeFiles,
    /// URL path of every linkable source file, by its path under `content/`.
    /// Shared: `get_url` holds it for a whole render without copying 10,000 entries.
    pub urls: Arc<HashMap<String, String>>,
    /// The glossary's terms and matcher, when the site has a `glossary/` folder.
    pub glossary: Option<Arc<crate::glossary::Glossary>>,
}

impl Site {
    /// Absolute URL of a path under the base.
    pub fn permalink(&self, path: &str) -> String {
        [self.config.base_url.as_str(), path].concat()
    }

    /// `pages` (indexes) sorted newest first by date; equal dates keep index order.
    pub fn newest_first(&self, mut pages: Vec<usize>) -> Vec<usize> {
        let date = |p: usize| self.pages[p].source.front.date;
        pages.sort_by(|&a, &b| date(b).cmp(&date(a)).then(a.cmp(&b)));
        pages
    }

    /// Root-relative URL (base path included) of a path under the base.
    pub fn href(&self, path: &str) -> String {
        // `concat`, not `format!`: made for every link of every card (~20 per card).
        [self.config.base_path.as_str(), path].concat()
    }
}

/// Files every build writes besides pages, with what writes them: no alias may take them.
fn reserved_files(theme: &ThemeFiles, assets: &[Asset]) -> Vec<(String, PathBuf)> {
    let generated = [
        "sitemap.xml",
        "atom.xml",
        "robots.txt",
        "404.html",
        "highlight.css",
        "search_index.json",
    ];
    let mut out: Vec<(String, PathBuf)> = generated
        .iter()
        .map(|f| (f.to_string(), PathBuf::from(format!("cmbook ({f})"))))
        .collect();
    out.extend(theme.statics.iter().map(|s| {
        (
            s.rel.clone(),
            PathBuf::from(format!("static file {}", s.rel)),
        )
    }));
    out.extend(
        assets
            .iter()
            .map(|a| (a.rel.clone(), PathBuf::from(format!("content/{}", a.rel)))),
    );
    out
}

/// Options that change what is resolved.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ResolveOptions {
    /// Publish drafts.
    pub drafts: bool,
}

/// Resolves loaded sources into a site, or reports every cross-file problem.
pub(crate) fn resolve(mut sources: Sources, options: ResolveOptions) -> Result<Site> {
    crate::glossary::attach(&mut sources, options.drafts)?;
    let Sources {
        root,
        config,
        pages,
        sections,
        terms,
        assets,
        theme,
        glossary,
    } = sources;
    let mut problems: Vec<Diagnostic> = Vec::new();
    let (published, drafts): (Vec<Arc<PageSource>>, Vec<Arc<PageSource>>) = pages
        .into_iter()
        .partition(|p| options.drafts || !p.front.draft);
    let draft_paths: Vec<String> = drafts.iter().map(|p| p.file.rel.clone()).collect();

    let (mut site_sections, mut site_pages) =
        sections::build(sections, published, &config, &mut problems);
    let taxonomies = taxonomy::build(&config, terms, &mut site_pages, &mut problems);
    sections::sort_and_link(&mut site_sections, &mut site_pages);

    let mut urls = HashMap::new();
    for section in &site_sections {
        let rel = if section.dir.is_empty() {
            "_index.md".to_owned()
        } else {
            format!("{}/_index.md", section.dir)
        };
        urls.insert(rel, section.path.clone());
    }
    for page in &site_pages {
        urls.insert(page.source.file.rel.clone(), page.path.clone());
    }
    for t in &taxonomies {
        urls.insert(format!("{}/_index.md", t.config.name), t.path.clone());
        for term in &t.terms {
            if let Some(source) = &term.source {
                urls.insert(source.file.rel.clone(), term.path.clone());
            }
        }
    }
    let aliases = links::aliases(&site_pages, &mut problems);
    let reserved = reserved_files(&theme, &assets);
    links::check_collisions(
        &site_sections,
        &site_pages,
        &taxonomies,
        &aliases,
        &reserved,
        &mut problems,
    );
    books::check_book_paths(&site_sections, &site_pages, &aliases, &theme, &mut problems);
    let site = Site {
        root,
        config,
        pages: site_pages,
        sections: site_sections,
        taxonomies,
        aliases,
        assets,
        theme,
        urls: Arc::new(urls),
        glossary,
    };
    links::check_links(&site, &draft_paths, &mut problems);
    if problems.iter().any(Diagnostic::is_error) {
        return Err(Error::Invalid(problems));
    }
    Ok(site)
}

/// Puts edited pages whose front matter did not change (body edits) into an already resolved
/// site and checks its links again: nothing else a resolve computes depends on a page's body, so
/// this equals resolving every source again (10,000 pages: ~2 ms instead of ~30).
/// Returns `Ok(false)`, with the site unchanged, when a page is not in the site or its front
/// matter changed: the site must then be resolved from its sources.
pub(crate) fn patch_bodies(
    site: &mut Site,
    edited: &[Arc<PageSource>],
    draft_paths: &[String],
) -> Result<bool> {
    let mut at = Vec::with_capacity(edited.len());
    for page in edited {
        let Some(p) = site
            .pages
            .iter()
            .position(|old| old.source.file.rel == page.file.rel)
        else {
            return Ok(false);
        };
        if site.pages[p].source.file.head() != page.file.head() {
            return Ok(false);
        }
        at.push(p);
    }
    for (p, page) in at.into_iter().zip(edited) {
        site.pages[p].source = page.clone();
    }
    let mut problems = Vec::new();
    links::check_links(site, draft_paths, &mut problems);
    if problems.iter().any(Diagnostic::is_error) {
        return Err(Error::Invalid(problems));
    }
    Ok(true)
}
