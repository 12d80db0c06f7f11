//! Stage 3, render: Markdown to HTML, then templates, in parallel. Returns the list of files to
//! write ([`Output`]) and touches no disk.

pub(crate) mod bodies;
mod cards;
pub(crate) mod career_map;
pub mod classed;
mod code_css;
pub(crate) mod context;
mod contrast;
pub(crate) mod extras;
pub(crate) mod functions;
pub(crate) mod highlight;
pub(crate) mod hrefs;
mod images;
pub(crate) mod jobs;
mod languages;
mod legacy;
pub mod markdown;
mod overrides;
pub(crate) mod page_refs;
pub(crate) mod print_book;
mod run;
pub(crate) mod sidebar;
mod template_errors;
pub(crate) mod templates;
pub(crate) mod views;

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::build_cache::BuildCache;
use crate::error::{Diagnostic, Error, Result};
use crate::resolve::Site;
use crate::timings::timed;
pub use bodies::RenderCache;
use bodies::{render_bodies, CachedPage};
use context::Views;
use run::{JobRun, Rendered};
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
    /// Rendered earlier and shared with the `serve` cache.
    Shared(Arc<[u8]>),
    /// A file of the previous output rendered from the same inputs: linked, not rewritten.
    Reused(PathBuf),
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
        Output::bytes(path, text.into_bytes())
    }

    pub(crate) fn bytes(path: String, bytes: Vec<u8>) -> Output {
        Output {
            path,
            content: Content::Bytes(bytes),
        }
    }
}

/// Receives each output file as soon as it is rendered (the write stage's staging folder).
pub type Sink<'a> = &'a (dyn Fn(Output) -> Result<Option<std::fs::Metadata>> + Sync);

/// Counts rendered pages for a progress bar: called with (done, total).
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

/// The stylesheet for the configured highlight themes, or an error naming the known ones.
fn highlight_css(site: &Site) -> Result<String> {
    code_css::stylesheet(&site.config)
}

/// Renders the whole site into memory.
pub fn render(site: &Site, progress: Progress<'_>) -> Result<Vec<Output>> {
    render_with(site, progress, None, None, None)
}

/// Renders the site, reusing what `cache` holds from the previous render (`serve`), or the
/// files of the previous build that `built` shows unchanged (`build`), when given. With a
/// `sink`, files go to it as they are made instead of being returned.
pub fn render_with(
    site: &Site,
    progress: Progress<'_>,
    mut cache: Option<&mut RenderCache>,
    sink: Option<Sink<'_>>,
    built: Option<&mut BuildCache>,
) -> Result<Vec<Output>> {
    // In `serve`, templates compiled for the same theme files are used again (~7 ms an edit);
    // functions registered on them below replace those of the last render.
    let theme_key = cache.is_some().then(|| Templates::theme_key(&site.theme));
    let compiled = cache
        .as_deref_mut()
        .and_then(|c| c.templates.take())
        .filter(|(key, _)| Some(*key) == theme_key)
        .map(|(_, templates)| templates);
    // A build compares pages with the previous build's by content, not by identity.
    let texts = match built {
        Some(_) => content_hashes(site),
        None => Vec::new(),
    };
    // A build renders each body twice, highlighting code once (see `render_bodies`).
    let lean = cache.is_none();
    // What every rendered link depends on: bodies and keys are compared against it.
    let hashed = cache.is_some() || built.is_some();
    let links = hashed.then(|| links_hash(site));
    let (templates, bodies) = rayon::join(
        || {
            timed("compile", || match compiled {
                Some(templates) => Ok(templates),
                None => Templates::compile(&site.theme),
            })
        },
        || {
            timed("bodies", || {
                let code = built.as_deref().map(|b| &b.code);
                let cache = cache.as_deref_mut().zip(links);
                render_bodies(site, progress, cache, code, lean)
            })
        },
    );
    let mut templates = templates.map_err(Error::Invalid)?;
    let highlight_css = highlight_css(site)?;
    let hrefs = hrefs::Hrefs::new(site);
    let views = Views {
        site,
        bodies: &bodies,
        code: built.as_deref().map(|b| &b.code),
        hrefs: &hrefs,
        listed: None,
    };
    let configs: Vec<tera::Value> = (0..site.config.languages.len())
        .map(|l| functions::to_value(&views.config(crate::resolve::LanguageId(l))))
        .collect();
    let shared = links.map(|links| {
        let mut h = DefaultHasher::new();
        (functions::hash_of(&configs), links).hash(&mut h);
        h.finish()
    });
    // What each page's context is built from besides its source: computed once, used by the
    // refs' memo and by every page's key.
    let fingerprints: Vec<u64> = match shared {
        Some(shared) => (0..site.pages.len())
            .into_par_iter()
            .map(|p| jobs::page_fingerprint(site, p, shared))
            .collect(),
        None => Vec::new(),
    };
    // Every list shows its pages' refs (shared values, made once); with keys, their hashes
    // also key every list page.
    let refs = timed("refs", || {
        let memo = cache
            .as_deref_mut()
            .map(|c| (&mut c.refs, &fingerprints[..]));
        page_refs::page_refs(&views, memo, hashed)
    });
    let data = timed("functions", || {
        functions::register(&mut templates.tera, site, &views, &refs, hashed)
    });
    let listed = cards::Listed::new(&templates, &refs.values, &configs, site);
    let views = Views {
        listed: Some(&listed),
        ..views
    };
    let chains = if hashed {
        templates.chain_hashes(&site.theme)
    } else {
        HashMap::new()
    };
    let previous = cache.as_deref();
    let run = JobRun {
        site,
        views: &views,
        templates: &templates,
        configs: &configs,
        data: &data,
        chains: &chains,
        shared,
        fingerprints: &fingerprints,
        previous,
        built: built.as_deref(),
        texts: &texts,
        page_keys: if hashed {
            refs.hashes.clone()
        } else {
            Vec::new()
        },
        taxonomy_keys: if hashed {
            jobs::taxonomy_keys(site)
        } else {
            Vec::new()
        },
    };
    // Without a cache to fill, each page goes to the sink as soon as it is rendered, so a
    // large site is never held in memory whole (10,000 pages peaked near 800 MiB that way).
    let sink = sink.filter(|_| cache.is_none());
    let sink_error: std::sync::Mutex<Option<Error>> = std::sync::Mutex::new(None);
    let reused = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<Result<Done, Diagnostic>> = timed("templates", || {
        jobs::all(site)
            .par_iter()
            // One job per task: rayon otherwise hands out runs of jobs that are not split
            // again near the end, and a profile showed one core rendering the last run alone.
            // A job takes ~1 ms, a task far less: 0.99x the wall time at 10,000 pages (9 pairs).
            .with_max_len(1)
            .map(|job| {
                let rendered = run.job(*job)?;
                let Some(sink) = sink else {
                    return Ok(Done::Kept(rendered));
                };
                if rendered.reused {
                    reused.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
                let mut record = run.built.map(|_| {
                    let looked_up = rendered.looked_up.iter();
                    let looked_up = looked_up.map(|(f, k, h)| (f.to_string(), k.clone(), *h));
                    crate::build_cache::Written {
                        path: rendered.output.path.clone(),
                        key: rendered.key,
                        looked_up: looked_up.collect(),
                        code: rendered.code,
                        file: None,
                    }
                });
                match sink(rendered.output) {
                    Ok(file) => {
                        if let Some(record) = record.as_mut() {
                            record.file = file;
                        }
                    }
                    Err(e) => {
                        sink_error.lock().expect("lock").get_or_insert(e);
                    }
                }
                Ok(Done::Written(record))
            })
            .collect()
    });
    if let Some(e) = sink_error.into_inner().expect("lock") {
        return Err(e);
    }
    let mut outputs = Vec::with_capacity(results.len() + 16);
    let mut problems: Vec<Diagnostic> = Vec::new();
    let mut pages = Vec::with_capacity(results.len());
    let mut records = Vec::new();
    for result in results {
        match result {
            Ok(Done::Kept(rendered)) => pages.push(rendered),
            Ok(Done::Written(record)) => records.extend(record),
            // One broken template fails every page using it: report it once per template.
            Err(d) if problems.iter().any(|p| p.path == d.path) => {}
            Err(d) => problems.push(d),
        }
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    if let Some(built) = built {
        built.record(records, reused.into_inner());
    }
    let _store = crate::timings::Span::new("store");
    match cache.as_deref_mut() {
        Some(cache) => {
            cache.reused = pages.iter().filter(|p| p.reused).count();
            cache.rendered = pages.len() - cache.reused;
            let count = pages.len();
            for page in pages {
                let bytes: Arc<[u8]> = match page.output.content {
                    Content::Bytes(b) => b.into(),
                    Content::Shared(b) => b,
                    _ => unreachable!("pages are rendered in memory"),
                };
                let path = page.output.path;
                // A reused page's entry is already in the cache, unchanged.
                if !page.reused {
                    let cached = CachedPage {
                        key: page.key,
                        source: page.source,
                        looked_up: page.looked_up,
                        bytes: bytes.clone(),
                    };
                    cache.jobs.insert(path.clone(), cached);
                }
                outputs.push(Output {
                    path,
                    content: Content::Shared(bytes),
                });
            }
            if cache.jobs.len() != count {
                // Files no longer written (a page deleted or moved) leave the cache.
                let written: std::collections::HashSet<&str> =
                    outputs.iter().map(|o| o.path.as_str()).collect();
                cache.jobs.retain(|path, _| written.contains(path.as_str()));
            }
        }
        None => outputs.extend(pages.into_iter().map(|p| p.output)),
    }
    drop(_store);
    if let (Some(cache), Some(key)) = (cache, theme_key) {
        cache.templates = Some((key, templates));
    }
    timed("extras", || {
        extras::all(site, &bodies, highlight_css, &mut outputs)
    });
    if let Some(sink) = sink {
        for output in outputs.drain(..) {
            sink(output)?;
        }
    }
    Ok(outputs)
}

/// Per page, a hash of its path and text.
fn content_hashes(site: &Site) -> Vec<u64> {
    site.pages
        .par_iter()
        .map(|page| {
            let mut h = DefaultHasher::new();
            (&page.source.file.rel, &page.source.file.text).hash(&mut h);
            h.finish()
        })
        .collect()
}

/// What became of one job: kept in memory, or written to the sink (with, in a build, what the
/// build cache records of it).
enum Done {
    Kept(Rendered),
    Written(Option<crate::build_cache::Written>),
}

/// Hash of every link target and the base path: what rendered links depend on.
pub(crate) fn links_hash(site: &Site) -> u64 {
    // A sum of each entry's hash does not depend on the map's order, so nothing is sorted
    // (10,000 links: sorting was ~2 ms of every `serve` edit).
    let entries: u64 = site
        .urls
        .par_iter()
        .map(|entry| {
            let mut h = DefaultHasher::new();
            entry.hash(&mut h);
            h.finish()
        })
        .reduce(|| 0, u64::wrapping_add);
    let mut h = DefaultHasher::new();
    let glossary = site.glossary.as_ref().map(|g| g.hash);
    // Bodies say a few interface words (see `BodyContext::strings`).
    let strings = &site.theme.ui;
    (
        entries,
        site.urls.len(),
        &site.config.base_path,
        glossary,
        strings,
    )
        .hash(&mut h);
    h.finish()
}
