//! A `serve` session: which changed paths matter, and each rebuild handed to the pipeline
//! with the session's memory ([`crate::incremental`]), so that only the pages whose inputs
//! changed go through their templates; the result equals a clean build's files.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::CONFIG_FILE;
use crate::error::Result;
use crate::incremental::Memory;
use crate::load;
use crate::pipeline::BuildOptions;
use crate::render::Content;

pub use crate::incremental::{Files, Rebuilt};

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

/// A `serve` session: what it remembers between rebuilds, and which changes matter.
pub struct Session {
    memory: Memory,
}

impl Session {
    /// A session for the site in `options.root`, served under `base_url`.
    pub fn new(options: BuildOptions, base_url: String) -> Session {
        Session {
            memory: Memory::new(options.root, options.drafts, base_url),
        }
    }

    /// Which paths matter and whether only styles changed.
    pub fn scope(&self, changed: &[PathBuf]) -> Scope {
        let root = self.memory.root();
        let watched = |p: &Path| {
            load::SOURCE_FOLDERS
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

    /// Rebuilds after `changed` (empty: the first build) through the pipeline, with this
    /// session's memory, and returns the site's files.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<(Files, Rebuilt)> {
        crate::pipeline::rebuild(&mut self.memory, changed)
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
    fn glossary_edits_equal_a_clean_build() {
        let dir = copied_fixture();
        let overlay = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/glossary");
        for entry in walkdir::WalkDir::new(&overlay)
            .into_iter()
            .filter_map(|e| e.ok())
        {
            let dest = dir
                .path()
                .join(entry.path().strip_prefix(&overlay).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&dest).unwrap();
            } else {
                std::fs::copy(entry.path(), &dest).unwrap();
            }
        }
        let options = BuildOptions {
            root: dir.path().to_owned(),
            ..BuildOptions::default()
        };
        let mut s = Session::new(options, "http://127.0.0.1:1111/".into());
        s.rebuild(&[]).unwrap();
        // A definition shows in every page using the term; a new use lists a page under it.
        let term = dir.path().join("glossary/moderation.md");
        edit_and_compare(&mut s, dir.path(), &term, "Tri des", "Tri réfléchi des");
        let page = dir.path().join("content/a-propos.md");
        edit_and_compare(
            &mut s,
            dir.path(),
            &page,
            "Fait avec",
            "E-réputation faite avec",
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
