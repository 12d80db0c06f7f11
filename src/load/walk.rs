//! Finds the files under `content/` and sorts them into sections, pages, taxonomy texts and assets.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::config::Config;
use crate::error::Diagnostic;
use crate::load::contain::SiteBoundary;

/// What a file under `content/` is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Entry {
    /// A section's `_index.md`; holds the section folder relative to `content/` (`""` for home).
    Section(String),
    /// A Markdown page.
    Page,
    /// A taxonomy's `_index.md` (`content/sectors/_index.md`).
    TaxonomyIndex(String),
    /// A term description (`content/sectors/luxe.md`): taxonomy and file stem.
    Term(String, String),
    /// Any other file, copied as is.
    Asset,
}

/// A file found under `content/`.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    /// Absolute (or root-joined) path on disk.
    pub path: PathBuf,
    /// Path relative to `content/`, `/`-separated.
    pub rel: String,
    /// What it is.
    pub entry: Entry,
    /// The language of a translation (`en` for `veille.en.md`); `None` in the default language.
    pub lang: Option<String>,
}

/// A relative path as sources name it: `/`-separated on every system.
pub(crate) fn rel_path(relative: &std::path::Path) -> String {
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Hidden files and editor leftovers are never content.
pub(crate) fn is_ignored(name: &str) -> bool {
    name.starts_with('.') || is_editor_temp(name)
}

/// Editors leave these beside the files they edit (static files may be hidden, like `.nojekyll`).
pub(crate) fn is_editor_temp(name: &str) -> bool {
    name == ".DS_Store"
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || (name.starts_with('#') && name.ends_with('#'))
}

/// Walks `content_dir`; unreadable entries, symlink loops and links leading out of the site
/// become diagnostics.
pub(crate) fn walk(
    content_dir: &Path,
    root: &Path,
    config: &Config,
) -> (Vec<Found>, Vec<Diagnostic>) {
    let mut found = Vec::new();
    let mut problems = Vec::new();
    let boundary = SiteBoundary::new(root);
    let mut walker = WalkDir::new(content_dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()));
    while let Some(item) = walker.next() {
        let entry = match item {
            Ok(entry) => entry,
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| shown(p, root))
                    .unwrap_or_else(|| shown(content_dir, root));
                let (message, help) = if e.loop_ancestor().is_some() {
                    (
                        "this symbolic link points back to a folder that contains it".to_owned(),
                        "remove the link or point it elsewhere",
                    )
                } else {
                    (
                        format!(
                            "cannot read this entry: {}",
                            e.io_error()
                                .map_or_else(|| e.to_string(), |io| io.to_string())
                        ),
                        "check that the file exists and that its permissions let you read it",
                    )
                };
                problems.push(Diagnostic::error(path, message).help(help));
                continue;
            }
        };
        if entry.path_is_symlink() {
            if let Some(problem) = boundary.check_link(entry.path()) {
                problems.push(problem);
                if entry.file_type().is_dir() {
                    walker.skip_current_dir();
                }
                continue;
            }
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let rel_path = entry
            .path()
            .strip_prefix(content_dir)
            .unwrap_or(entry.path());
        let rel = self::rel_path(rel_path);
        found.push(Found::new(entry.path().to_owned(), rel, config));
    }
    (found, problems)
}

impl Found {
    /// Classifies the file at `path`, named `rel` under `content/`.
    pub(crate) fn new(path: PathBuf, rel: String, config: &Config) -> Found {
        let (original, lang) = split_language(&rel, config);
        Found {
            path,
            entry: classify(&original, config),
            rel,
            lang,
        }
    }
}

/// The original a translation translates and its language: `metier/veille.en.md` is
/// (`metier/veille.md`, `en`) when `en` is one of the site's other languages. Any other file is
/// its own original.
pub(crate) fn split_language(rel: &str, config: &Config) -> (String, Option<String>) {
    let Some(stem) = rel.strip_suffix(".md") else {
        return (rel.to_owned(), None);
    };
    if let Some((original, code)) = stem.rsplit_once('.') {
        let is_other_language = config.languages[1..].iter().any(|l| l.code == code);
        if is_other_language && !original.ends_with('/') && !original.is_empty() {
            return (format!("{original}.md"), Some(code.to_owned()));
        }
    }
    (rel.to_owned(), None)
}

/// What the file at `rel` (under `content/`) is.
pub(crate) fn classify(rel: &str, config: &Config) -> Entry {
    let is_markdown = rel.ends_with(".md");
    let (dir, file) = rel.rsplit_once('/').unwrap_or(("", rel));
    if let Some(taxonomy) = config.taxonomies.iter().find(|t| dir == t.name) {
        if file == "_index.md" {
            return Entry::TaxonomyIndex(taxonomy.name.clone());
        }
        if is_markdown {
            let stem = file.trim_end_matches(".md").to_owned();
            return Entry::Term(taxonomy.name.clone(), stem);
        }
    }
    match (file, is_markdown) {
        ("_index.md", _) => Entry::Section(dir.to_owned()),
        (_, true) => Entry::Page,
        _ => Entry::Asset,
    }
}

/// The path to show in messages: relative to the site root when possible.
pub(crate) fn shown(path: &Path, root: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_owned)
        .unwrap_or_else(|_| path.to_owned())
}
