//! What `serve` keeps between rebuilds: the sources, the last resolved site and the render
//! cache, and how an edit updates them (sources read again only where they changed, a body
//! edit patched into the last site instead of resolving it all again). The stages themselves
//! are chained by [`pipeline::rebuild`](crate::pipeline::rebuild).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use crate::config::{Config, CONFIG_FILE};
use crate::error::Result;
use crate::load::{self, theme, Sources};
use crate::render::{Content, RenderCache};
use crate::resolve::{self, ResolveOptions, Site};

/// The files of the built site, by path under the output root.
pub type Files = HashMap<String, Content>;

/// What a rebuild did, for the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rebuilt {
    /// Pages that went through their template.
    pub rendered: usize,
    /// Pages reused unchanged.
    pub reused: usize,
    /// Time taken.
    pub elapsed: Duration,
}

/// The in-memory state of a site being served.
pub struct Memory {
    root: PathBuf,
    drafts: bool,
    base_url: String,
    sources: Option<Sources>,
    /// The site of the last successful rebuild, patched in place after body edits.
    site: Option<Site>,
    pub(crate) cache: RenderCache,
    /// The last search index, with the hash of the pages it was made from.
    pub(crate) search: Option<(u64, Vec<crate::render::Output>)>,
}

impl Memory {
    /// Nothing remembered yet for the site at `root`, served under `base_url`.
    pub fn new(root: PathBuf, drafts: bool, base_url: String) -> Memory {
        Memory {
            root,
            drafts,
            base_url,
            sources: None,
            site: None,
            cache: RenderCache::default(),
            search: None,
        }
    }

    /// The site's root folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn load_all(&mut self) -> Result<()> {
        let mut config = Config::load(&self.root)?;
        config.set_base_url(&self.base_url)?;
        // The render cache stays: its keys hash every input, so reloaded sources reuse it safely.
        let mut sources = load::load(&self.root, config)?;
        // Pages are compared by identity: a page read again unchanged keeps its old source, so
        // that editing a section's text does not render every page again.
        if let Some(old) = &self.sources {
            let before: HashMap<&str, &Arc<load::PageSource>> =
                old.pages.iter().map(|p| (p.file.rel.as_str(), p)).collect();
            for page in &mut sources.pages {
                if let Some(same) = before
                    .get(page.file.rel.as_str())
                    .filter(|old| old.file.text == page.file.text && old.front == page.front)
                {
                    *page = Arc::clone(same);
                }
            }
        }
        self.sources = Some(sources);
        Ok(())
    }

    /// Applies `changed` paths to the sources (everything on the first call).
    pub(crate) fn reload(&mut self, changed: &[PathBuf]) -> Result<()> {
        let root = self.root.clone();
        let Some(sources) = self.sources.as_mut() else {
            return self.load_all();
        };
        for path in changed {
            if path == &root.join(CONFIG_FILE) {
                return self.load_all();
            }
            if path.starts_with(root.join("content")) {
                if !load::reload_page(sources, path)? {
                    return self.load_all();
                }
            } else if load::THEME_FOLDERS
                .iter()
                .any(|d| path.starts_with(root.join(d)))
            {
                sources.theme = theme::load_theme(&root, &sources.config)?;
            }
        }
        Ok(())
    }

    /// The last site with the pages of `changed` put in, when they are all body edits of pages
    /// it has (see [`resolve::patch_bodies`]); `None` when it must be resolved again.
    fn patched(&mut self, changed: &[PathBuf], sources: &Sources) -> Result<Option<Site>> {
        let Some(mut site) = self.site.take() else {
            return Ok(None);
        };
        // Any edit may change which pages use a term: the glossary page is written again.
        if site.glossary.is_some() {
            return Ok(None);
        }
        let content = self.root.join("content");
        let mut edited = Vec::new();
        for path in changed {
            let Ok(relative) = path.strip_prefix(&content) else {
                return Ok(None);
            };
            let rel = load::walk::rel_path(relative);
            match sources.pages.iter().find(|p| p.file.rel == rel) {
                Some(page) => edited.push(page.clone()),
                // Editor temp files and hidden files change nothing.
                None if relative
                    .components()
                    .any(|c| load::walk::is_ignored(&c.as_os_str().to_string_lossy())) => {}
                None => return Ok(None),
            }
        }
        if edited.is_empty() {
            return Ok(None);
        }
        let draft_paths: Vec<String> = sources
            .pages
            .iter()
            .filter(|p| p.front.draft && !self.drafts)
            .map(|p| p.file.rel.clone())
            .collect();
        Ok(resolve::patch_bodies(&mut site, &edited, &draft_paths)?.then_some(site))
    }

    /// The site after `changed`, from the sources [`reload`](Self::reload) updated: the last
    /// site patched when only page bodies changed, else resolved again.
    pub(crate) fn resolved(&mut self, changed: &[PathBuf]) -> Result<Site> {
        let sources = self.sources.clone().expect("reloaded first");
        let drafts = self.drafts;
        match self.patched(changed, &sources)? {
            Some(site) => Ok(site),
            None => resolve::resolve(sources, ResolveOptions { drafts }),
        }
    }

    /// Forgets the sources: after an error the next rebuild reads everything from disk, so a
    /// broken file never leaves half-updated sources behind.
    pub(crate) fn forget_sources(&mut self) {
        self.sources = None;
    }

    /// Keeps the site just rendered for the next rebuild to patch.
    pub(crate) fn keep(&mut self, site: Site) {
        self.site = Some(site);
    }
}
