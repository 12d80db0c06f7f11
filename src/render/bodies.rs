//! Markdown bodies of a render, and the cache `serve` keeps between renders.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use rayon::prelude::*;

use crate::build_cache::CodeCache;
use crate::load::{PageSource, SourceFile};
use crate::markdown::Outline;
use crate::render::context::Bodies;
use crate::render::markdown::{render_body, BodyContext, Pass, RenderedBody};
use crate::render::{page_refs, Progress};
use crate::resolve::{LanguageId, Page, Site};

/// Renders as much of the body of `file` as `pass` asks, for a page of `language`'s site.
pub(crate) fn body_of(
    file: &SourceFile,
    outline: &Outline,
    site: &Site,
    language: LanguageId,
    checklist: bool,
    code: Option<&CodeCache>,
    pass: Pass,
) -> RenderedBody {
    let folder = file.rel.rsplit_once('/').map_or("", |(d, _)| d);
    let links = BodyContext {
        urls: &site.urls,
        language: (!language.is_default()).then(|| site.config.languages[language.0].code.as_str()),
        base_path: &site.config.base_path,
        dir: crate::resolve::sections::dir_path(folder),
        code,
        pass,
        // A fallback's text is in the original's language, and typeset as such.
        typography: site.config.typography_for(file.lang.as_deref()),
        // The glossary's terms are written in the default language: its texts only.
        glossary: site
            .glossary
            .as_deref()
            .filter(|g| file.lang.is_none() && g.links_in(&file.rel)),
        image_dir: Some(site.root.join("content").join(folder)),
        strings: crate::render::languages::text_strings(site, file),
    };
    render_body(file.body(), outline, &links, checklist)
}

/// What one `serve` session remembers between renders, so an edit re-renders only what it
/// changes. Keys hash every input of a body or page: a hit is byte-identical by construction.
#[derive(Default)]
pub struct RenderCache {
    bodies: HashMap<String, CachedBody>,
    pub(crate) refs: page_refs::RefMemo,
    /// Templates compiled last time, with the hash of the theme files they came from.
    pub(crate) templates: Option<(u64, crate::render::templates::Templates)>,
    pub(crate) jobs: HashMap<String, CachedPage>,
    /// Pages rendered by templates in the last render (not reused).
    pub rendered: usize,
    /// Pages reused from the cache in the last render.
    pub reused: usize,
}

/// What a page's templates looked up with functions, with the hash of each answer then.
pub(crate) type LookedUp = Vec<(&'static str, String, Option<u64>)>;

/// A rendered page and what it was rendered from.
pub(crate) struct CachedPage {
    /// Hash of its context and template chain (for pages: of what their context is built from).
    pub(crate) key: u64,
    /// For pages, the source it was rendered from: kept alive so its identity can be compared.
    pub(crate) source: Option<Arc<PageSource>>,
    /// What its templates looked up with functions, and the hash of each answer then.
    pub(crate) looked_up: LookedUp,
    /// The HTML.
    pub(crate) bytes: Arc<[u8]>,
}

impl CachedPage {
    /// Whether this page can be served again as is.
    pub(crate) fn still_valid(&self, key: u64, data: &crate::lookups::DataHashes) -> bool {
        self.key == key
            && self
                .looked_up
                .iter()
                .all(|(f, k, h)| crate::lookups::current_hash(data, f, k) == *h)
    }
}

/// A rendered body and what it was rendered from: the source (kept alive, compared by
/// identity: `serve` replaces the source of an edited page only), the link targets' hash and
/// whether it was rendered as a checklist.
struct CachedBody {
    source: Arc<PageSource>,
    links_hash: u64,
    checklist: bool,
    body: Arc<RenderedBody>,
}

/// Renders one page's body, or takes it from the cache when made from the same inputs.
fn cached_body(
    page: &Page,
    checklist: bool,
    cache: Option<(&RenderCache, u64)>,
) -> Option<Arc<RenderedBody>> {
    let (cache, links_hash) = cache?;
    let source = &page.source;
    let cached = cache.bodies.get(&page.path)?;
    (Arc::ptr_eq(&cached.source, source)
        && cached.links_hash == links_hash
        && cached.checklist == checklist)
        .then(|| cached.body.clone())
}

/// Drops the entries of `map` (keyed by URL path: a file has one page per language) whose page
/// is gone from `site`: `serve`'s caches hold exactly the pages of the last render.
pub(crate) fn keep_site_pages<V>(map: &mut HashMap<String, V>, site: &Site) {
    if map.len() != site.pages.len() {
        let rels: std::collections::HashSet<&str> =
            site.pages.iter().map(|p| p.path.as_str()).collect();
        map.retain(|rel, _| rels.contains(rel.as_str()));
    }
}

/// Renders every Markdown body of the site. `lean` (a build) renders each page's summary only:
/// the page's own template job renders its body in full and hands its plain text to the search
/// index (see [`Views::page`](crate::render::views::Views::page)). Holding every body's HTML
/// until the templates ran was the bulk of a build's peak memory (50,000 pages: ~400 MB), and
/// a first pass over whole bodies, for their text, cost ~2 % of a build.
/// `cache` comes with the hash of the site's link targets its bodies are compared against.
pub(crate) fn render_bodies(
    site: &Site,
    progress: Progress<'_>,
    cache: Option<(&mut RenderCache, u64)>,
    code: Option<&CodeCache>,
    lean: bool,
) -> Bodies {
    let lookup = cache
        .as_ref()
        .map(|(cache, links_hash)| (&**cache, *links_hash));
    let total = site.pages.len();
    let done = AtomicUsize::new(0);
    let pass = if lean { Pass::Summary } else { Pass::Full };
    let pages: Vec<Arc<RenderedBody>> = site
        .pages
        .par_iter()
        .map(|p| {
            let checklist = p.source.front.kind == crate::load::kinds::Kind::Checklist;
            let body = cached_body(p, checklist, lookup).unwrap_or_else(|| {
                let (file, outline) = (&p.source.file, &p.source.outline);
                Arc::new(body_of(
                    file, outline, site, p.language, checklist, code, pass,
                ))
            });
            progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
            body
        })
        .collect();
    let text = |src: Option<(&SourceFile, &Outline)>, language: LanguageId| {
        src.map(|(file, outline)| body_of(file, outline, site, language, false, code, Pass::Full))
            .unwrap_or_default()
    };
    let sections = site
        .sections
        .iter()
        .map(|s| text(s.source.as_ref().map(|x| (&x.file, &x.outline)), s.language))
        .collect();
    let taxonomies = site
        .taxonomies
        .iter()
        .map(|t| {
            let index = text(t.index.as_ref().map(|x| (&x.file, &x.outline)), t.language);
            let terms = t
                .terms
                .iter()
                .map(|term| {
                    text(
                        term.source.as_ref().map(|x| (&x.file, &x.outline)),
                        t.language,
                    )
                })
                .collect();
            (index, terms)
        })
        .collect();
    if let Some((cache, links_hash)) = cache {
        for (page, body) in site.pages.iter().zip(&pages) {
            let rel = &page.path;
            // A reused body's entry is already there.
            if cache
                .bodies
                .get(rel)
                .is_some_and(|c| Arc::ptr_eq(&c.body, body))
            {
                continue;
            }
            let cached = CachedBody {
                source: page.source.clone(),
                links_hash,
                checklist: page.source.front.kind == crate::load::kinds::Kind::Checklist,
                body: body.clone(),
            };
            cache.bodies.insert(rel.clone(), cached);
        }
        keep_site_pages(&mut cache.bodies, site);
    }
    Bodies {
        pages,
        lean,
        sections,
        taxonomies,
    }
}
