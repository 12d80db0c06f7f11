//! The only place the stages are chained: load → resolve → render → write → search for
//! `build`, load → resolve → render → search for `check`, and reload → resolve (or patch) →
//! render with the render cache → search for each of `serve`'s rebuilds. The search stage
//! ([`crate::search`]) is fed the same way by all three: the rendered pages, by output path.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::build_cache::BuildCache;
use crate::config::Config;
use crate::error::Result;
use crate::incremental::{Files, Memory, Rebuilt};
use crate::render::{Output, Progress};
use crate::resolve::{ResolveOptions, Site};
use crate::timings::timed;
use crate::{load, render, resolve, search, write};

/// What `cmbook build` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Site root (holds `cmbook.yaml`).
    pub root: PathBuf,
    /// Output folder; `<root>/public` when `None`.
    pub output: Option<PathBuf>,
    /// Replaces `base_url` from the configuration.
    pub base_url: Option<String>,
    /// Publish drafts.
    pub drafts: bool,
    /// Render every page, ignoring and leaving alone the build cache (see [`crate::build_cache`]).
    pub no_cache: bool,
    /// Replace an output folder that holds files cmbook did not write (never a protected one:
    /// see [`crate::write::guard`]).
    pub force: bool,
}

impl BuildOptions {
    /// The output folder these options write to.
    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

/// Counts reported after a build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuildSummary {
    /// Pages rendered.
    pub pages: usize,
    /// Sections rendered.
    pub sections: usize,
    /// Taxonomy terms rendered.
    pub terms: usize,
    /// Files written.
    pub files: usize,
    /// Templated files taken unchanged from the previous build.
    pub reused: usize,
    /// Wall time.
    pub elapsed: Duration,
}

/// Loads and resolves the site: every content error is found here.
pub fn load_site(options: &BuildOptions) -> Result<Site> {
    let mut config = Config::load(&options.root)?;
    if let Some(url) = &options.base_url {
        config.set_base_url(url)?;
    }
    let sources = timed("load", || load::load(&options.root, config))?;
    let resolve_options = ResolveOptions {
        drafts: options.drafts,
    };
    timed("resolve", || resolve::resolve(sources, resolve_options))
}

/// Everything but writing: the files a build would produce.
pub fn render_site(options: &BuildOptions, progress: Progress<'_>) -> Result<(Site, Vec<Output>)> {
    let site = load_site(options)?;
    let mut outputs = timed("render", || render::render(&site, progress))?;
    if site.config.search {
        let pages = search::pages_in(&outputs, &search::Selection::of(&site));
        outputs.extend(timed("search", || search::index(&site, pages))?);
    }
    Ok((site, outputs))
}

/// Builds the site into the output folder, replacing it only on success.
pub fn build(options: &BuildOptions, progress: Progress<'_>) -> Result<BuildSummary> {
    let start = Instant::now();
    let output = options.output_dir();
    // Pages go to the staging folder as they are rendered; it replaces the output only if
    // everything rendered and was written, and only if the output is cmbook's to replace.
    let staging = write::Staging::new(&options.root, &output, options.force)?;
    let site = load_site(options)?;
    let mut cache = match options.no_cache {
        true => None,
        false => Some(BuildCache::open(
            &options.root,
            &crate::paths::absolute(&output)?,
        )),
    };
    // The search stage reads back the pages the sink wrote: a large site is never held whole.
    let selection = site.config.search.then(|| search::Selection::of(&site));
    let to_index = std::sync::Mutex::new(Vec::new());
    let sink = |file: render::Output| {
        let written = staging.put(&file)?;
        if selection.as_ref().is_some_and(|s| s.wants(&file.path)) {
            to_index.lock().expect("lock").push(file.path);
        }
        Ok(written)
    };
    timed("render+write", || {
        render::render_with(&site, progress, None, Some(&sink), cache.as_mut())
    })?;
    if selection.is_some() {
        let paths = to_index.into_inner().expect("lock");
        let pages = paths
            .into_par_iter()
            .map(|path| {
                let html = staging.read(&path)?;
                Ok(search::RenderedPage::new(path, html))
            })
            .collect::<Result<Vec<_>>>()?;
        // Unchanged pages, unchanged index: a build with nothing changed takes back the
        // previous index files (checked against their hashes) instead of indexing again.
        let key = search::index_key(&site, &pages);
        let reused = cache.as_ref().and_then(|c| c.reusable_search(key));
        let index = match reused {
            Some(files) => files
                .into_iter()
                .map(|(path, bytes)| render::Output::bytes(path, bytes))
                .collect(),
            None => timed("search", || search::index(&site, pages))?,
        };
        if let Some(cache) = cache.as_mut() {
            let files = index.iter().filter_map(|o| match &o.content {
                render::Content::Bytes(bytes) => Some((o.path.as_str(), &bytes[..])),
                _ => None,
            });
            cache.keep_search(key, files);
        }
        for file in &index {
            staging.put(file)?;
        }
    }
    let files = timed("swap", || staging.commit())?;
    let summary = BuildSummary {
        pages: site.pages.len(),
        sections: site.sections.len(),
        terms: site.taxonomies.iter().map(|t| t.terms.len()).sum(),
        files,
        reused: cache.as_ref().map_or(0, |c| c.reused),
        elapsed: Duration::ZERO,
    };
    // Freeing a large site (~20 ms at 10,000 pages) goes on beside the cache's save.
    std::thread::scope(|scope| {
        scope.spawn(move || drop(site));
        if let Some(cache) = cache {
            timed("cache", || cache.save());
        }
    });
    Ok(BuildSummary {
        elapsed: start.elapsed(),
        ..summary
    })
}

/// `serve`'s rebuild after `changed` paths (empty: the first build): the sources that changed
/// are read again, the site patched or resolved again, and rendered with the cache of the
/// last rebuild. After an error the next rebuild reads every source from disk.
pub fn rebuild(memory: &mut Memory, changed: &[PathBuf]) -> Result<(Files, Rebuilt)> {
    let start = Instant::now();
    let site = timed("reload", || memory.reload(changed))
        .and_then(|()| timed("resolve", || memory.resolved(changed)));
    let site = match site {
        Ok(site) => site,
        Err(e) => {
            memory.forget_sources();
            return Err(e);
        }
    };
    let mut outputs = render::render_with(&site, &|_, _| {}, Some(&mut memory.cache), None, None)?;
    if site.config.search {
        let pages = search::pages_in(&outputs, &search::Selection::of(&site));
        let key = search::index_key(&site, &pages);
        let index = match memory.search.take().filter(|(k, _)| *k == key) {
            Some((_, index)) => index,
            None => timed("search", || search::index(&site, pages))?,
        };
        outputs.extend(index.iter().cloned());
        memory.search = Some((key, index));
    }
    let files: Files = timed("files", || {
        outputs.into_iter().map(|o| (o.path, o.content)).collect()
    });
    let stats = Rebuilt {
        rendered: memory.cache.rendered,
        reused: memory.cache.reused,
        elapsed: start.elapsed(),
    };
    memory.keep(site);
    Ok((files, stats))
}
