//! Which folders a build may replace. cmbook deletes an output folder only when it is absent,
//! empty, or holds nothing but what an earlier build wrote there, as told by the marker file that
//! every build leaves in its output. `--force` lifts that rule, never the ones that protect the
//! file system root, the home folder, the folders above the site and the site's own sources.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::error::{Error, Result};
use crate::paths::{absolute, resolved};

/// The file every build leaves in its output: the output's own path, then every file written.
pub(crate) const MARKER: &str = ".cmbook-output";

/// First line of the marker; a file with another first line is not ours.
const MARKER_HEADER: &str = "cmbook output v1: files written by cmbook; do not edit";

/// How many of a refused folder's entries the error names.
const SHOWN_ENTRIES: usize = 5;

/// The marker's text for an output at `output` (absolute) holding `files` (relative paths).
pub(crate) fn marker_text<'a>(output: &Path, files: impl Iterator<Item = &'a str>) -> String {
    let mut text = format!("{MARKER_HEADER}\n{}\n", output.display());
    for file in files {
        text.push_str(file);
        text.push('\n');
    }
    text
}

/// Refuses an output folder whose replacement could destroy anything cmbook did not write;
/// returns where it really is (links resolved), the path its marker names. `force` accepts a
/// folder holding other files, never a protected one.
pub(crate) fn check_output_dir(root: &Path, output: &Path, force: bool) -> Result<PathBuf> {
    let root = resolved(root)?;
    let out = resolved(output)?;
    let refuse = |reason: String, help: &str| Error::OutputRefused {
        folder: output.to_owned(),
        reason,
        help: help.to_owned(),
    };
    let elsewhere = "pass --output with a folder of its own, like public/";
    if let Some(reason) = protected(&root, &out) {
        return Err(refuse(reason, elsewhere));
    }
    let meta = match std::fs::symlink_metadata(output) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(Error::io("read", output, e)),
    };
    if meta.file_type().is_symlink() {
        return Err(refuse(
            format!("it is a symbolic link to {}", out.display()),
            "pass the folder the link points to as --output, or remove the link",
        ));
    }
    if !meta.is_dir() {
        return Err(refuse("it is a file, not a folder".into(), elsewhere));
    }
    if force {
        return Ok(out);
    }
    match foreign_entries(output, &out)? {
        Foreign::None => Ok(out),
        Foreign::Unmarked(entries) => {
            // Outputs of cmbook before markers existed: the build cache still names them.
            let help = match crate::build_cache::recorded_output(&root, &absolute(output)?) {
                true => {
                    "this looks like the output of an older cmbook, which left no marker: \
                         check it holds nothing of yours, then pass --force once"
                }
                false => "pick an empty or new folder, or pass --force to delete everything in it",
            };
            Err(refuse(
                format!(
                    "it holds files that cmbook did not write ({}) and no marker of an earlier build",
                    list(&entries)
                ),
                help,
            ))
        }
        Foreign::MarkedElsewhere(path) => Err(refuse(
            format!(
                "its {MARKER} marker was written for another folder ({}), so it may hold anything",
                path
            ),
            "pick an empty or new folder, or pass --force to delete everything in it",
        )),
        Foreign::Extra(entries) => Err(refuse(
            format!(
                "it holds files that the last build did not write: {}",
                list(&entries)
            ),
            "move them out (files to publish belong in static/), or pass --force to delete them",
        )),
    }
}

/// Why `out` may never be replaced, even with `--force`.
fn protected(root: &Path, out: &Path) -> Option<String> {
    if out.parent().is_none() {
        return Some("it is the file system root".into());
    }
    if home_folders().iter().any(|home| home.starts_with(out)) {
        return Some("it is a home folder or contains one".into());
    }
    if root.starts_with(out) {
        return Some("it is the site root or contains it".into());
    }
    if out.parent() == Some(Path::new("/")) {
        return Some("it sits directly under the file system root".into());
    }
    let sources = [
        "content",
        "templates",
        "static",
        "themes",
        crate::build_cache::CACHE_DIR,
    ];
    if sources.iter().any(|s| out.starts_with(root.join(s))) {
        return Some("it is inside the site's sources or its build cache".into());
    }
    if out.join("content").is_dir() || out.join(crate::config::CONFIG_FILE).is_file() {
        return Some(
            "it holds a content/ folder or a cmbook.yaml: it is a site, not an output".into(),
        );
    }
    None
}

/// The home folders a mistaken `--output` could wipe out: the user's, root's, and `/home/*`.
fn home_folders() -> Vec<PathBuf> {
    let mut homes: Vec<PathBuf> = ["/root", "/home"].iter().map(PathBuf::from).collect();
    if let Some(home) = std::env::var_os("HOME").filter(|h| !h.is_empty()) {
        let home = PathBuf::from(home);
        homes.push(home.canonicalize().unwrap_or(home));
    }
    if let Ok(entries) = std::fs::read_dir("/home") {
        homes.extend(entries.flatten().map(|e| e.path()));
    }
    homes
}

/// What in an existing output folder an earlier build did not write.
enum Foreign {
    /// Nothing: empty, or only files of the build that left the marker.
    None,
    /// No marker; a few of its entries.
    Unmarked(Vec<String>),
    /// A marker naming another folder (copied from elsewhere).
    MarkedElsewhere(String),
    /// A marker, and entries it does not list.
    Extra(Vec<String>),
}

/// Compares the folder `output` (canonical path `canonical`) with its marker.
fn foreign_entries(output: &Path, canonical: &Path) -> Result<Foreign> {
    let marker = match std::fs::read_to_string(output.join(MARKER)) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(Error::io("read", &output.join(MARKER), e)),
    };
    let Some(marker) = marker.filter(|m| m.starts_with(MARKER_HEADER)) else {
        let entries = first_entries(output)?;
        return Ok(match entries.is_empty() {
            true => Foreign::None,
            false => Foreign::Unmarked(entries),
        });
    };
    let mut lines = marker.lines().skip(1);
    let written_for = lines.next().unwrap_or_default();
    if Path::new(written_for) != canonical {
        return Ok(Foreign::MarkedElsewhere(written_for.to_owned()));
    }
    let files: HashSet<&str> = lines.collect();
    let folders: HashSet<&str> = files
        .iter()
        .flat_map(|f| f.match_indices('/').map(|(at, _)| &f[..at]))
        .collect();
    let mut extra = Vec::new();
    let mut walk = WalkDir::new(output)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walk.next() {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(output).to_owned();
            Error::io("read", &path, e.into())
        })?;
        let rel =
            crate::load::walk::rel_path(entry.path().strip_prefix(output).unwrap_or(entry.path()));
        let known = match entry.file_type().is_dir() {
            true => folders.contains(rel.as_str()),
            false => rel == MARKER || files.contains(rel.as_str()),
        };
        if !known {
            extra.push(rel);
            if entry.file_type().is_dir() {
                walk.skip_current_dir();
            }
        }
    }
    Ok(match extra.is_empty() {
        true => Foreign::None,
        false => Foreign::Extra(extra),
    })
}

/// The names of a few entries of `folder`, sorted.
fn first_entries(folder: &Path) -> Result<Vec<String>> {
    let entries = std::fs::read_dir(folder).map_err(|e| Error::io("read", folder, e))?;
    let mut names: Vec<String> = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    Ok(names)
}

/// `a, b, c and 4 more`.
fn list(entries: &[String]) -> String {
    let shown = entries[..entries.len().min(SHOWN_ENTRIES)].join(", ");
    match entries.len().saturating_sub(SHOWN_ENTRIES) {
        0 => shown,
        more => format!("{shown} and {more} more"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_a_few_entries_then_counts() {
        let names: Vec<String> = (1..=7).map(|i| format!("f{i}")).collect();
        assert_eq!(list(&names[..2]), "f1, f2");
        assert_eq!(list(&names), "f1, f2, f3, f4, f5 and 2 more");
    }

    #[test]
    fn a_marker_lists_folders_through_its_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(out.join("a/b")).unwrap();
        std::fs::write(out.join("a/b/index.html"), "x").unwrap();
        let text = marker_text(&out, ["a/b/index.html"].into_iter());
        std::fs::write(out.join(MARKER), &text).unwrap();
        assert!(matches!(
            foreign_entries(&out, &out).unwrap(),
            Foreign::None
        ));
        std::fs::create_dir_all(out.join("a/c")).unwrap();
        std::fs::write(out.join("a/notes.txt"), "mine").unwrap();
        match foreign_entries(&out, &out).unwrap() {
            Foreign::Extra(extra) => assert_eq!(extra, ["a/c", "a/notes.txt"]),
            _ => panic!("a/c and a/notes.txt are not in the marker"),
        }
    }
}
