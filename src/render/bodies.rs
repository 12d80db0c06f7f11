//! Markdown bodies of a render, and the cache `serve` keeps between renders.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use rayon::prelude::*;

use crate::build_cache::CodeCache;
use crate::load::{PageSource, SourceFile};
use crate::markdown::Outline;
use crate::render::context::Bodies;
use crate::render::markdown::{render_body, BodyContext, RenderedBody};
use crate::render::search::IndexBuilder;
use crate::render::{functions, page_refs, search, Progress};
use crate::resolve::Site;

/// Renders the body of `file`; without `full_html`, see [`BodyContext::full_html`].
pub(crate) fn body_of(
    file: &SourceFile,
    outline: &Outline,
    site: &Site,
    checklist: bool,
    code: Option<&CodeCache>,
    full_html: bool,
) -> RenderedBody {
    let folder = file.rel.rsplit_once('/').map_or("", |(d, _)| d);
    let links = BodyContext {
        urls: &site.urls,
        base_path: &site.config.base_path,
        dir: crate::resolve::sections::dir_path(folder),
        code,
        full_html,
    };
    render_body(file.body(), outline, &links, checklist)
}

/// What one `serve` session remembers between renders, so an edit re-renders only what it
/// changes. Keys hash every input of a body or page: a hit is byte-identical by construction.
#[derive(Default)]
pub struct RenderCache {
    bodies: HashMap<String, CachedBody>,
    pub(crate) search: search::SearchMemo,
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
    pub(crate) fn still_valid(&self, key: u64, data: &functions::DataHashes) -> bool {
        self.key == key
            && self
                .looked_up
                .iter()
                .all(|(f, k, h)| functions::current_hash(data, f, k) == *h)
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
    source: &Arc<PageSource>,
    checklist: bool,
    cache: Option<(&RenderCache, u64)>,
) -> Option<Arc<RenderedBody>> {
    let (cache, links_hash) = cache?;
    let cached = cache.bodies.get(&source.file.rel)?;
    (Arc::ptr_eq(&cached.source, source)
        && cached.links_hash == links_hash
        && cached.checklist == checklist)
        .then(|| cached.body.clone())
}

/// Drops the entries of `map` (keyed by path under `content/`) whose page is gone from `site`:
/// `serve`'s caches hold exactly the pages of the last render.
pub(crate) fn keep_site_pages<V>(map: &mut HashMap<String, V>, site: &Site) {
    if map.len() != site.pages.len() {
        let rels: std::collections::HashSet<&str> = site
            .pages
            .iter()
            .map(|p| p.source.file.rel.as_str())
            .collect();
        map.retain(|rel, _| rels.contains(rel.as_str()));
    }
}

/// Renders every Markdown body of the site. With `index`, the pages go a slice at a time and
/// each slice is added to the search index. `lean` (a build) then keeps only each body's
/// summary: the plain text is read by the index alone, and the HTML is rendered again by the
/// page's own template job (see [`Views::page`](crate::render::views::Views::page)); holding
/// every body's HTML until the templates ran was the bulk of a build's peak memory (50,000
/// pages: ~400 MB). That first pass leaves out the code blocks outside summaries, so code is
/// highlighted once, by the page's job; the second Markdown pass costs ~3 % of a build.
/// `cache` comes with the hash of the site's link targets its bodies are compared against.
pub(crate) fn render_bodies(
    site: &Site,
    progress: Progress<'_>,
    cache: Option<(&mut RenderCache, u64)>,
    code: Option<&CodeCache>,
    mut index: Option<&mut IndexBuilder>,
    lean: bool,
) -> Bodies {
    let lookup = cache
        .as_ref()
        .map(|(cache, links_hash)| (&**cache, *links_hash));
    let total = site.pages.len();
    let done = AtomicUsize::new(0);
    let slice = if index.is_some() || lean {
        512
    } else {
        total.max(1)
    };
    let mut pages: Vec<Arc<RenderedBody>> = Vec::with_capacity(total);
    for start in (0..total).step_by(slice) {
        let end = (start + slice).min(total);
        let mut made: Vec<Arc<RenderedBody>> = site.pages[start..end]
            .par_iter()
            .map(|p| {
                let checklist = p.source.front.kind == crate::load::kinds::Kind::Checklist;
                let body = cached_body(&p.source, checklist, lookup).unwrap_or_else(|| {
                    let (file, outline) = (&p.source.file, &p.source.outline);
                    Arc::new(body_of(file, outline, site, checklist, code, !lean))
                });
                progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
                body
            })
            .collect();
        if let Some(index) = index.as_deref_mut() {
            index.add(site, start, &made);
        }
        if lean {
            for body in &mut made {
                if let Some(body) = Arc::get_mut(body) {
                    body.text = String::new();
                    body.html = String::new();
                }
            }
        }
        pages.extend(made);
    }
    let text = |src: Option<(&SourceFile, &Outline)>| {
        src.map(|(file, outline)| body_of(file, outline, site, false, code, true))
            .unwrap_or_default()
    };
    let sections = site
        .sections
        .iter()
        .map(|s| text(s.source.as_ref().map(|x| (&x.file, &x.outline))))
        .collect();
    let taxonomies = site
        .taxonomies
        .iter()
        .map(|t| {
            let index = text(t.index.as_ref().map(|x| (&x.file, &x.outline)));
            let terms = t
                .terms
                .iter()
                .map(|term| text(term.source.as_ref().map(|x| (&x.file, &x.outline))))
                .collect();
            (index, terms)
        })
        .collect();
    if let Some((cache, links_hash)) = cache {
        for (page, body) in site.pages.iter().zip(&pages) {
            let rel = &page.source.file.rel;
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
