//! Stage 2, resolve: the cross-file facts. Sections and their sorted pages, prev/next,
//! taxonomies and terms, URLs and their collisions, `@/` links and anchors, aliases.
//! Takes [`Sources`], returns a [`Site`] that render only reads.

pub(crate) mod books;
pub(crate) mod languages;
pub(crate) mod links;
pub(crate) mod sections;
pub(crate) mod taxonomy;
pub(crate) mod taxonomy_urls;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::config::Config;
use crate::error::{Diagnostic, Error, Result};
use crate::load::theme::ThemeFiles;
use crate::load::{Asset, PageSource, SectionSource, Sources, TermSource};
pub(crate) use languages::{LanguageId, Version};

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
    /// The language of the site this page belongs to; its text may be the original's (see
    /// [`Page::is_fallback`]).
    pub language: LanguageId,
}

impl Page {
    /// Whether this page shows the original text because it has no translation yet.
    pub fn is_fallback(&self) -> bool {
        !self.language.is_default() && self.source.file.lang.is_none()
    }
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
    /// The language of the site this section belongs to.
    pub language: LanguageId,
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
    /// The language of the site this copy of the taxonomy belongs to.
    pub language: LanguageId,
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
    /// URL path of every linkable source file, by its path under `content/` (in another
    /// language than the default, by [`languages::url_key`]: `en:metier/veille.md`).
    /// Shared: `get_url` holds it for a whole render without copying 10,000 entries.
    pub urls: Arc<HashMap<String, String>>,
    /// Every language's version of each page and section text, by the original's path under
    /// `content/`; empty for a one-language site.
    pub versions: HashMap<String, Vec<Version>>,
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

    /// For a page of another language than the default, the URL path of its default-language
    /// version (the original it translates or shows); `None` in the default language.
    pub fn default_version_path(&self, page: &Page) -> Option<&str> {
        if page.language.is_default() {
            return None;
        }
        let versions = self.versions.get(&page.source.file.original)?;
        let default = versions.iter().find(|v| v.language.is_default())?;
        Some(&default.path)
    }

    /// The home section of `language`'s copy of the site (section 0 for the default language).
    pub fn home(&self, language: LanguageId) -> usize {
        self.sections
            .iter()
            .position(|s| s.parent.is_none() && s.language == language)
            .expect("every language has a home section")
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
        "pagefind/pagefind.js",
        "pagefind/pagefind-entry.json",
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
        mut sections,
        mut terms,
        assets,
        theme,
        glossary,
    } = sources;
    let mut problems: Vec<Diagnostic> = Vec::new();
    let (mut published, drafts): (Vec<Arc<PageSource>>, Vec<Arc<PageSource>>) = pages
        .into_iter()
        .partition(|p| options.drafts || !p.front.draft);
    let draft_paths: Vec<String> = drafts.iter().map(|p| p.file.rel.clone()).collect();

    let mut site_sections = Vec::new();
    let mut site_pages = Vec::new();
    let mut taxonomies = Vec::new();
    let mut urls = HashMap::new();
    for (l, language) in config.languages.iter().enumerate() {
        let id = LanguageId(l);
        let picked = match config.languages.len() {
            // One language: the sources as they are, without a copy.
            1 => languages::LanguageSources {
                sections: std::mem::take(&mut sections),
                pages: std::mem::take(&mut published),
                terms: std::mem::take(&mut terms),
            },
            _ => languages::sources_for(language, id.is_default(), &sections, &published, &terms),
        };
        // Problems of the original files are reported once, by the default language's copy.
        let mut found = Vec::new();
        let (mut s, mut p) = sections::build(picked.sections, picked.pages, &config, &mut found);
        let mut t = taxonomy::build(&config, picked.terms, &mut p, &mut found);
        sections::sort_and_link(&mut s, &mut p);
        languages::place(language, id, &mut s, &mut p, &mut t);
        for d in found {
            if id.is_default() || !problems.contains(&d) {
                problems.push(d);
            }
        }
        record_urls(language, &s, &p, &t, &mut urls);
        languages::append(
            (&mut site_sections, &mut site_pages, &mut taxonomies),
            s,
            p,
            t,
        );
    }
    let versions = languages::versions(&config, &site_sections, &site_pages);
    let mut aliases = links::aliases(&site_pages, &mut problems);
    aliases.extend(taxonomy_urls::redirects(&taxonomies));
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
        versions,
        glossary,
    };
    links::check_links(&site, &draft_paths, &mut problems);
    if problems.iter().any(Diagnostic::is_error) {
        return Err(Error::Invalid(problems));
    }
    Ok(site)
}

/// Records the URL path of every file of one language's copy under its key in that language.
fn record_urls(
    language: &crate::config::Language,
    sections: &[Section],
    pages: &[Page],
    taxonomies: &[Taxonomy],
    urls: &mut HashMap<String, String>,
) {
    let key = |original: &str| languages::url_key(language, original);
    for section in sections {
        urls.insert(
            key(&languages::section_key(&section.dir)),
            section.path.clone(),
        );
    }
    for page in pages {
        urls.insert(key(&page.source.file.original), page.path.clone());
    }
    for t in taxonomies {
        urls.insert(key(&format!("{}/_index.md", t.config.name)), t.path.clone());
        for term in &t.terms {
            if let Some(source) = &term.source {
                urls.insert(key(&source.file.original), term.path.clone());
            }
        }
    }
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
    // A file is shown by one page per language that has no translation of it: patch them all.
    let mut at: Vec<(usize, &Arc<PageSource>)> = Vec::with_capacity(edited.len());
    for page in edited {
        let before = at.len();
        for (p, old) in site.pages.iter().enumerate() {
            if old.source.file.rel != page.file.rel {
                continue;
            }
            if old.source.file.head() != page.file.head() {
                return Ok(false);
            }
            at.push((p, page));
        }
        if at.len() == before {
            return Ok(false);
        }
    }
    for (p, page) in at {
        site.pages[p].source = page.clone();
    }
    let mut problems = Vec::new();
    links::check_links(site, draft_paths, &mut problems);
    if problems.iter().any(Diagnostic::is_error) {
        return Err(Error::Invalid(problems));
    }
    Ok(true)
}
