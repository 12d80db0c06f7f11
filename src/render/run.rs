//! Rendering one templated file, or reusing it: from `serve`'s memory or, in a build, from
//! the previous output (see [`crate::build_cache`]).

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use crate::build_cache::{BlockRef, BuildCache, CodeCache};
use crate::error::Diagnostic;
use crate::load::PageSource;
use crate::render::bodies::LookedUp;
use crate::render::context::Views;
use crate::render::jobs::{self, Job};
use crate::render::templates::Templates;
use crate::render::{Content, Output, RenderCache};
use crate::resolve::Site;

/// A templated page after rendering (or reuse).
pub(crate) struct Rendered {
    pub(crate) output: Output,
    pub(crate) key: u64,
    pub(crate) source: Option<Arc<PageSource>>,
    pub(crate) looked_up: LookedUp,
    pub(crate) reused: bool,
    /// The highlighted code blocks it holds, and where (in a build with a cache).
    pub(crate) code: Vec<BlockRef>,
}

/// What rendering one job needs, shared by every job of a render.
pub(crate) struct JobRun<'r, 'a> {
    pub(crate) site: &'r Site,
    pub(crate) views: &'r Views<'a>,
    pub(crate) templates: &'r Templates,
    /// The `config` value of each language.
    pub(crate) configs: &'r [tera::Value],
    pub(crate) data: &'r crate::lookups::DataHashes,
    pub(crate) chains: &'r HashMap<String, u64>,
    /// In `serve`: hash of what every context shares (configuration, link targets).
    pub(crate) shared: Option<u64>,
    /// In `serve`: per page, the hash of what its context is built from besides its source.
    pub(crate) fingerprints: &'r [u64],
    pub(crate) previous: Option<&'r RenderCache>,
    /// In a build: the previous build's pages, for reusing their files.
    pub(crate) built: Option<&'r BuildCache>,
    /// In a build with a cache: per page, the hash of its path and text (what `serve` compares
    /// by identity instead).
    pub(crate) texts: &'r [u64],
    /// In `serve`: per page and per taxonomy, what lists showing them depend on.
    pub(crate) page_keys: Vec<u64>,
    pub(crate) taxonomy_keys: Vec<u64>,
}

impl JobRun<'_, '_> {
    /// Renders one job, or reuses the cached page when nothing it is made from changed.
    pub(crate) fn job(&self, job: Job) -> Result<Rendered, Diagnostic> {
        if self.built.is_none() {
            return self.render_or_reuse(job);
        }
        CodeCache::start_recording();
        let rendered = self.render_or_reuse(job);
        let recorded = CodeCache::take_recording();
        rendered.map(|mut r| {
            if let (false, Content::Bytes(bytes)) = (r.reused, &r.output.content) {
                r.code = crate::code_cache::locate(&recorded, bytes);
            }
            r
        })
    }

    fn render_or_reuse(&self, job: Job) -> Result<Rendered, Diagnostic> {
        if let Some((key, output, source)) = self.fingerprint(job) {
            if let Some(reused) = self.reuse(output, key, source.as_ref()) {
                return Ok(reused);
            }
            let prepared = job.prepare(self.site, self.views, self.configs, false);
            let (output, looked_up) = self.render(prepared)?;
            return Ok(Rendered {
                output,
                key,
                source,
                looked_up,
                reused: false,
                code: Vec::new(),
            });
        }
        let prepared = job.prepare(self.site, self.views, self.configs, self.shared.is_some());
        let key = prepared.key.map(|k| {
            let mut h = DefaultHasher::new();
            (k, self.shared, self.chains.get(prepared.template)).hash(&mut h);
            h.finish()
        });
        if let Some(key) = key {
            if let Some(reused) = self.reuse(prepared.output.clone(), key, None) {
                return Ok(reused);
            }
        }
        let (output, looked_up) = self.render(prepared)?;
        Ok(Rendered {
            output,
            key: key.unwrap_or(0),
            source: None,
            looked_up,
            reused: false,
            code: Vec::new(),
        })
    }

    /// In `serve`, for pages and list pages: the key of what their context is built from, the
    /// file they write and (pages) their source, computed without building the context, which
    /// is what an edit in a 10,000-page site must avoid doing for every page.
    fn fingerprint(&self, job: Job) -> Option<(u64, String, Option<Arc<PageSource>>)> {
        let shared = self.shared?;
        if let Job::Page(p) = job {
            let page = &self.site.pages[p];
            let chain = self.chains.get(page.source.front.kind.template());
            let mut h = DefaultHasher::new();
            (self.fingerprints[p], chain, self.texts.get(p)).hash(&mut h);
            let key = h.finish();
            return Some((
                key,
                format!("{}index.html", page.path),
                Some(page.source.clone()),
            ));
        }
        // List pages: their pages' keys say whether anything they show changed.
        let chain = match job {
            Job::Term(..) => self.chains.get("taxonomy_term.html"),
            _ => self.chains.get("section.html"),
        };
        let key = jobs::list_fingerprint(
            self.site,
            job,
            &self.page_keys,
            &self.taxonomy_keys,
            (shared, chain),
        )?;
        Some((key, jobs::list_output(self.site, job)?, None))
    }

    /// The cached page at `output` when its key, its source (for pages) and what its templates
    /// looked up are all unchanged.
    fn reuse(
        &self,
        output: String,
        key: u64,
        source: Option<&Arc<PageSource>>,
    ) -> Option<Rendered> {
        let Some(previous) = self.previous else {
            return self.reuse_built(output, key);
        };
        let cached = previous.jobs.get(&output)?;
        let same_source = match (source, &cached.source) {
            (Some(now), Some(then)) => Arc::ptr_eq(now, then),
            (None, None) => true,
            _ => false,
        };
        if !same_source || !cached.still_valid(key, self.data) {
            return None;
        }
        Some(Rendered {
            output: Output {
                path: output,
                content: Content::Shared(cached.bytes.clone()),
            },
            key,
            source: source.cloned(),
            // The cache keeps its entry as it is: nothing to copy.
            looked_up: LookedUp::new(),
            reused: true,
            code: Vec::new(),
        })
    }

    /// In a build, the previous output's file at `output` when it was rendered from the same
    /// inputs and is untouched since: linked, not rendered again.
    fn reuse_built(&self, output: String, key: u64) -> Option<Rendered> {
        let built = self.built?;
        let (file, entry) = built.reusable(&output, key, self.data)?;
        let looked_up = entry
            .looked_up
            .iter()
            .map(|(f, k, h)| Some((crate::lookups::known_name(f)?, k.clone(), *h)))
            .collect::<Option<LookedUp>>()?;
        Some(Rendered {
            output: Output {
                path: output,
                content: Content::Reused(file),
            },
            key,
            source: None,
            looked_up,
            reused: true,
            code: entry.code.clone(),
        })
    }

    /// Renders a prepared job, recording (in `serve`) what its templates looked up.
    fn render(&self, prepared: jobs::Prepared) -> Result<(Output, LookedUp), Diagnostic> {
        if self.shared.is_some() {
            crate::lookups::start_recording();
        }
        let html = self
            .templates
            .render(prepared.template, &prepared.context, &prepared.shown);
        let looked_up = crate::lookups::take_recording()
            .into_iter()
            .map(|(f, k)| {
                let h = crate::lookups::current_hash(self.data, f, &k);
                (f, k, h)
            })
            .collect();
        Ok((Output::bytes(prepared.output, html?), looked_up))
    }
}
