//! Stage 4, write: the only code that touches the output folder. Files go into a fresh staging
//! folder beside the output, which replaces the output only when every file is written, so a
//! failed or interrupted build leaves the previous site exactly as it was. [`guard`] decides which
//! folders may be replaced at all.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::Mutex;

pub(crate) mod guard;
mod swap;

use crate::error::{Error, Result};
use crate::paths::absolute;
use crate::render::{Content, Output};
use crate::INTERRUPTED;

/// Writes one file under `dir`; returns its metadata as written, except for copied files (static
/// files and assets, which the build cache does not record: no stat for them).
fn write_one(dir: &Path, output: &Output) -> Result<Option<std::fs::Metadata>> {
    if INTERRUPTED.load(Ordering::Relaxed) {
        return Err(Error::Interrupted);
    }
    let path = dir.join(&output.path);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io("create folder", parent, e))?;
    }
    let result = match &output.content {
        Content::Bytes(bytes) => create(&path, bytes).map(Some),
        Content::Embedded(bytes) => create(&path, bytes).map(Some),
        Content::Shared(bytes) => create(&path, bytes).map(Some),
        Content::Copy(from) => std::fs::copy(from, &path).map(|_| None),
        // A hard link costs no write; where the file system refuses one, a copy.
        Content::Reused(from) => std::fs::hard_link(from, &path)
            .or_else(|_| std::fs::copy(from, &path).map(|_| ()))
            .and_then(|()| std::fs::metadata(&path))
            .map(Some),
    };
    result.map_err(|e| Error::io("write", &path, e))
}

/// Writes `bytes` to a new file at `path`; its metadata comes from the open file, which spares
/// the build cache a path lookup per page (11,000 took ~35 ms at the end of a build).
fn create(path: &Path, bytes: &[u8]) -> std::io::Result<std::fs::Metadata> {
    let mut file = std::fs::File::create(path)?;
    file.write_all(bytes)?;
    file.metadata()
}

/// A staging folder beside the output: files are put into it as they are rendered, and it
/// replaces the output only on [`Staging::commit`]. Dropped without a commit, it is removed.
pub(crate) struct Staging {
    dir: tempfile::TempDir,
    /// Held while the build runs, so that other builds never take the folder for a leftover.
    _held: std::fs::File,
    target: PathBuf,
    seen: Mutex<HashSet<String>>,
}

impl Staging {
    /// Checks that `output` may be replaced (see [`guard`]), recovers what killed builds left
    /// beside it, and creates the staging folder there.
    pub(crate) fn new(root: &Path, output: &Path, force: bool) -> Result<Staging> {
        swap::recover_leftovers(&absolute(output)?)?;
        let target = guard::check_output_dir(root, output, force)?;
        let (parent, name) = swap::parent_and_name(&target);
        std::fs::create_dir_all(&parent).map_err(|e| Error::io("create folder", &parent, e))?;
        // A clean-up by a concurrent build may remove a folder before it is held: take another.
        for _ in 0..3 {
            let dir = tempfile::Builder::new()
                .prefix(&swap::staging_prefix(&name))
                .tempdir_in(&parent)
                .map_err(|e| Error::io("create a staging folder in", &parent, e))?;
            if let Some(held) = swap::hold(dir.path())? {
                return Ok(Staging {
                    dir,
                    _held: held,
                    target,
                    seen: Mutex::new(HashSet::new()),
                });
            }
        }
        Err(Error::Usage(format!(
            "cannot keep a staging folder in {}: other builds keep removing it",
            parent.display()
        )))
    }

    /// Writes one file and returns its metadata (`None` for a copied file, or when a file took
    /// its path first: a rendered page wins over a later static file). The file keeps its size
    /// and date when the staging folder becomes the output.
    pub(crate) fn put(&self, output: &Output) -> Result<Option<std::fs::Metadata>> {
        if !self.seen.lock().expect("lock").insert(output.path.clone()) {
            return Ok(None);
        }
        write_one(self.dir.path(), output)
    }

    /// The text of the file written at `path` (the search stage reads the pages back).
    pub(crate) fn read(&self, path: &str) -> Result<String> {
        let file = self.dir.path().join(path);
        std::fs::read_to_string(&file).map_err(|e| Error::io("read", &file, e))
    }

    /// Leaves the marker of what was written, then swaps the staged files in place of the
    /// output in one step; returns how many files were written.
    pub(crate) fn commit(self) -> Result<usize> {
        if INTERRUPTED.load(Ordering::Relaxed) {
            return Err(Error::Interrupted);
        }
        let mut files: Vec<String> = self.seen.into_inner().expect("lock").into_iter().collect();
        files.sort_unstable();
        let marker = guard::marker_text(&self.target, files.iter().map(String::as_str));
        let marker_path = self.dir.path().join(guard::MARKER);
        std::fs::write(&marker_path, marker).map_err(|e| Error::io("write", &marker_path, e))?;
        let staged = self.dir.keep();
        if let Err(e) = swap::replace(&staged, &self.target) {
            let _ = remove_dir_all::remove_dir_all(&staged);
            return Err(e);
        }
        Ok(files.len())
    }
}
