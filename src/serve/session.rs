//! The site kept in memory while serving: sources, the render cache and the files served.
//! An edit reloads what changed and renders again with the cache, so only the pages whose
//! inputs changed go through their templates; the result equals a clean build's files.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::config::{Config, CONFIG_FILE};
use crate::error::Result;
use crate::load::{self, theme, Sources};
use crate::pipeline::BuildOptions;
use crate::render::{self, Content, RenderCache};
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

/// How a set of changed paths is handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Nothing cmbook reads.
    Nothing,
    /// Only stylesheets: the browser can swap styles without reloading.
    Styles,
    /// Pages, templates or static files.
    Site,
}

/// The in-memory site of a `serve` session.
pub struct Session {
    options: BuildOptions,
    base_url: String,
    sources: Option<Sources>,
    /// The site of the last successful rebuild, patched in place after body edits.
    site: Option<Site>,
    cache: RenderCache,
}

impl Session {
    /// A session for the site in `options.root`, served under `base_url`.
    pub fn new(options: BuildOptions, base_url: String) -> Session {
        Session {
            options,
            base_url,
            sources: None,
            site: None,
            cache: RenderCache::default(),
        }
    }

    /// Which paths matter and whether only styles changed.
    pub fn scope(&self, changed: &[PathBuf]) -> Scope {
        let root = &self.options.root;
        let watched = |p: &Path| {
            ["content", "templates", "static", "themes"]
                .iter()
                .any(|d| p.starts_with(root.join(d)))
                || p == root.join(CONFIG_FILE)
        };
        let relevant: Vec<&PathBuf> = changed
            .iter()
            .filter(|p| watched(p))
            .filter(|p| {
                !p.file_name()
                    .is_some_and(|n| load::walk::is_editor_temp(&n.to_string_lossy()))
            })
            .collect();
        if relevant.is_empty() {
            Scope::Nothing
        } else if relevant.iter().all(|p| {
            p.extension().is_some_and(|e| e == "css") && !p.starts_with(root.join("content"))
        }) {
            Scope::Styles
        } else {
            Scope::Site
        }
    }

    fn load_all(&mut self) -> Result<()> {
        let mut config = Config::load(&self.options.root)?;
        config.set_base_url(&self.base_url)?;
        // The render cache stays: its keys hash every input, so reloaded sources reuse it safely.
        let mut sources = load::load(&self.options.root, config)?;
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
    fn reload(&mut self, changed: &[PathBuf]) -> Result<()> {
        let root = self.options.root.clone();
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
            } else if ["templates", "static", "themes"]
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
        let content = self.options.root.join("content");
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
            .filter(|p| p.front.draft && !self.options.drafts)
            .map(|p| p.file.rel.clone())
            .collect();
        Ok(resolve::patch_bodies(&mut site, &edited, &draft_paths)?.then_some(site))
    }

    /// Rebuilds after `changed` (empty: the first build) and returns the site's files.
    /// After an error the next rebuild reloads every source from disk.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<(Files, Rebuilt)> {
        let start = Instant::now();
        if let Err(e) = crate::timings::timed("reload", || self.reload(changed)) {
            // A broken file must not leave half-updated sources: start from disk next time.
            self.sources = None;
            return Err(e);
        }
        let sources = self.sources.clone().expect("loaded above");
        let drafts = self.options.drafts;
        let site = crate::timings::timed("resolve", || match self.patched(changed, &sources) {
            Ok(Some(site)) => Ok(site),
            Ok(None) => resolve::resolve(sources, ResolveOptions { drafts }),
            Err(e) => Err(e),
        });
        let site = match site {
            Ok(site) => site,
            Err(e) => {
                self.sources = None;
                return Err(e);
            }
        };
        let outputs = render::render_with(&site, &|_, _| {}, Some(&mut self.cache), None, None)?;
        let files: Files = crate::timings::timed("files", || {
            outputs.into_iter().map(|o| (o.path, o.content)).collect()
        });
        let stats = Rebuilt {
            rendered: self.cache.rendered,
            reused: self.cache.reused,
            elapsed: start.elapsed(),
        };
        self.site = Some(site);
        Ok((files, stats))
    }
}

/// Bytes of a served file; files copied from disk are read now, and only from inside `root`.
pub fn read(content: &Content, root: &Path) -> Option<Arc<[u8]>> {
    match content {
        Content::Bytes(b) => Some(b.clone().into()),
        Content::Shared(b) => Some(b.clone()),
        Content::Embedded(b) => Some(Arc::from(*b)),
        // Only builds reuse files of a previous output; `serve` keeps its pages in memory.
        Content::Reused(path) => std::fs::read(path).ok().map(Arc::from),
        // A file turned into a link out of the site since the last load is never served.
        Content::Copy(path) => crate::load::contain::SiteBoundary::new(root)
            .contains(path)
            .then(|| std::fs::read(path).ok().map(Arc::from))
            .flatten(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    fn session() -> Session {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base");
        let options = BuildOptions {
            root,
            ..BuildOptions::default()
        };
        Session::new(options, "http://127.0.0.1:1111/".into())
    }

    /// Every file of a session's site, as bytes.
    fn contents(files: &Files) -> std::collections::BTreeMap<String, Vec<u8>> {
        files
            .iter()
            .map(|(k, c)| (k.clone(), read(c, Path::new("/")).unwrap().to_vec()))
            .collect()
    }

    /// A copy of the base fixture, safe to edit.
    fn copied_fixture() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base");
        for entry in walkdir::WalkDir::new(&fixture)
            .into_iter()
            .filter_map(|e| e.ok())
        {
            let dest = dir
                .path()
                .join(entry.path().strip_prefix(&fixture).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&dest).unwrap();
            } else {
                std::fs::copy(entry.path(), &dest).unwrap();
            }
        }
        dir
    }

    /// A session on a copy of the base fixture, after its first build.
    fn built_copy() -> (tempfile::TempDir, Session, Rebuilt) {
        let dir = copied_fixture();
        let options = BuildOptions {
            root: dir.path().to_owned(),
            ..BuildOptions::default()
        };
        let mut s = Session::new(options, "http://127.0.0.1:1111/".into());
        let (_, first) = s.rebuild(&[]).unwrap();
        (dir, s, first)
    }

    /// Replaces `from` by `to` in `page`, rebuilds, and checks the files equal a clean build's.
    fn edit_and_compare(
        s: &mut Session,
        root: &Path,
        page: &Path,
        from: &str,
        to: &str,
    ) -> Rebuilt {
        let text = std::fs::read_to_string(page).unwrap();
        assert!(text.contains(from), "{from}");
        std::fs::write(page, text.replace(from, to)).unwrap();
        let (files, stats) = s.rebuild(&[page.to_owned()]).unwrap();
        let clean = BuildOptions {
            root: root.to_owned(),
            base_url: Some("http://127.0.0.1:1111/".into()),
            ..BuildOptions::default()
        };
        let (_, outputs) = crate::pipeline::render_site(&clean, &|_, _| {}).unwrap();
        let expected: Files = outputs.into_iter().map(|o| (o.path, o.content)).collect();
        assert_eq!(contents(&files), contents(&expected));
        stats
    }

    #[test]
    fn an_edit_renders_few_pages_and_equals_a_clean_build() {
        let (dir, mut s, first) = built_copy();
        let page = dir.path().join("content/guide/crise.md");
        // A heading in the body: the page, its search entry and its section's print book,
        // which holds the body too; no list shows it.
        let stats = edit_and_compare(
            &mut s,
            dir.path(),
            &page,
            "Deux titres identiques",
            "Deux titres pareils",
        );
        assert_eq!(stats.rendered, 2, "{stats:?} vs {first:?}");
        // The title: every list showing the page, and its neighbours, render again.
        let stats = edit_and_compare(
            &mut s,
            dir.path(),
            &page,
            "title: Gérer une crise",
            "title: Traverser une crise",
        );
        assert!(
            stats.rendered > 3 && stats.rendered < first.rendered,
            "{stats:?}"
        );
    }

    #[test]
    fn a_section_edit_does_not_render_every_page_again() {
        let (dir, mut s, first) = built_copy();
        let section = dir.path().join("content/guide/_index.md");
        let text = std::fs::read_to_string(&section).unwrap();
        let edited = text.replacen("\n---\n", "\n---\nUne phrase de plus.\n\n", 1);
        assert_ne!(edited, text);
        let stats = edit_and_compare(&mut s, dir.path(), &section, &text, &edited);
        // The section's own list (and what shows its text); not its pages.
        assert!(stats.rendered <= 3, "{stats:?} vs {first:?}");
    }

    #[test]
    fn a_body_edit_with_a_broken_link_is_an_error_until_fixed() {
        let (dir, mut s, _) = built_copy();
        let page = dir.path().join("content/guide/crise.md");
        let text = std::fs::read_to_string(&page).unwrap();
        let broken = text.replace(
            "Une crise se prépare",
            "Voir [la page](@/guide/absente.md). Une crise se prépare",
        );
        std::fs::write(&page, &broken).unwrap();
        let Err(Error::Invalid(problems)) = s.rebuild(std::slice::from_ref(&page)) else {
            panic!("a link to a missing page must fail the rebuild");
        };
        assert!(
            problems.iter().any(|d| d
                .path
                .as_ref()
                .is_some_and(|p| p.ends_with("content/guide/crise.md"))
                && d.line == Some(10)),
            "{problems:?}"
        );
        edit_and_compare(
            &mut s,
            dir.path(),
            &page,
            "Voir [la page](@/guide/absente.md). ",
            "",
        );
    }

    #[test]
    fn a_new_term_renders_the_lists_of_the_page_not_every_term_page() {
        let (dir, mut s, _) = built_copy();
        let shared = |f: &Files, k: &str| match &f[k] {
            Content::Shared(bytes) => bytes.clone(),
            _ => panic!("{k} is not a rendered page"),
        };
        let (before, _) = s.rebuild(&[]).unwrap();
        let page = dir.path().join("content/guide/crise.md");
        // A term sorted before every other: their indices shift, their pages must not render.
        let from = "sectors: [luxe]";
        let stats = edit_and_compare(&mut s, dir.path(), &page, from, "sectors: [aaa, luxe]");
        let (after, _) = s.rebuild(&[]).unwrap();
        let untouched = "sectors/agroalimentaire/index.html";
        assert!(
            Arc::ptr_eq(&shared(&before, untouched), &shared(&after, untouched)),
            "{untouched} was rendered again ({stats:?})"
        );
        let shows_the_page = "sectors/luxe/index.html";
        assert!(!Arc::ptr_eq(
            &shared(&before, shows_the_page),
            &shared(&after, shows_the_page)
        ));
    }

    #[test]
    fn an_unchanged_site_reuses_every_page() {
        let mut s = session();
        let (first, stats) = s.rebuild(&[]).unwrap();
        assert_eq!(stats.reused, 0);
        let (second, stats) = s.rebuild(&[]).unwrap();
        assert_eq!(stats.rendered, 0, "{stats:?}");
        let bytes = |f: &Files, k: &str| read(&f[k], Path::new("/")).map(|b| b.to_vec());
        assert_eq!(
            bytes(&first, "guide/veille/index.html"),
            bytes(&second, "guide/veille/index.html")
        );
    }
}
