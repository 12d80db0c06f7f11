//! Stage 4, write: the only code that touches the output folder. Files go into a fresh staging
//! folder beside the output, which replaces the output only when every file is written, so a
//! failed or interrupted build leaves the previous site exactly as it was.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::Mutex;

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::render::{Content, Output};
use crate::INTERRUPTED;

/// Turns `path` into an absolute path without `.` or `..`, without touching the disk.
pub fn absolute(path: &Path) -> Result<PathBuf> {
    let joined = if path.is_absolute() {
        path.to_owned()
    } else {
        std::env::current_dir()
            .map_err(|e| Error::io("read the current folder", path, e))?
            .join(path)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    Ok(out)
}

/// Refuses output folders whose replacement would destroy sources.
pub fn check_output_dir(root: &Path, output: &Path) -> Result<()> {
    let root = absolute(root)?;
    let root = root.canonicalize().unwrap_or(root);
    let out = absolute(output)?;
    let out = out.canonicalize().unwrap_or(out);
    let refuse = |why: &str| {
        Err(Error::Usage(format!("refusing to use {} as the output folder: {why}; pass --output with a folder of its own, like public/", output.display())))
    };
    if out.parent().is_none() {
        return refuse("it is the file system root");
    }
    if root.starts_with(&out) {
        return refuse("it is the site root or contains it");
    }
    if out.starts_with(root.join("content"))
        || out.starts_with(root.join("templates"))
        || out.starts_with(root.join("static"))
        || out.starts_with(root.join("themes"))
    {
        return refuse("it is inside the site's sources");
    }
    if out.join("content").is_dir() || out.join(crate::config::CONFIG_FILE).is_file() {
        return refuse("it contains a content/ folder or a cmbook.yaml, so it looks like a site, not an output");
    }
    if out.is_file() {
        return refuse("it is a file");
    }
    Ok(())
}

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
pub struct Staging {
    dir: tempfile::TempDir,
    target: PathBuf,
    seen: Mutex<HashSet<String>>,
}

impl Staging {
    /// Creates the staging folder beside `output`.
    pub fn new(output: &Path) -> Result<Staging> {
        let target = absolute(output)?;
        let parent = target
            .parent()
            .ok_or_else(|| Error::Usage("the output folder needs a parent folder".into()))?;
        std::fs::create_dir_all(parent).map_err(|e| Error::io("create folder", parent, e))?;
        let name = target
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{name}.cmbook-staging-"))
            .tempdir_in(parent)
            .map_err(|e| Error::io("create a staging folder in", parent, e))?;
        Ok(Staging {
            dir,
            target,
            seen: Mutex::new(HashSet::new()),
        })
    }

    /// Writes one file and returns its metadata (`None` for a copied file, or when a file took
    /// its path first: a rendered page wins over a later static file). The file keeps its size
    /// and date when the staging folder becomes the output.
    pub fn put(&self, output: &Output) -> Result<Option<std::fs::Metadata>> {
        if !self.seen.lock().expect("lock").insert(output.path.clone()) {
            return Ok(None);
        }
        write_one(self.dir.path(), output)
    }

    /// Swaps the staged files in place of the output; returns how many were written.
    pub fn commit(self) -> Result<usize> {
        if INTERRUPTED.load(Ordering::Relaxed) {
            return Err(Error::Interrupted);
        }
        let count = self.seen.lock().expect("lock").len();
        let parent = self.target.parent().expect("checked in new").to_owned();
        let name = self
            .target
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        swap(self.dir, &self.target, &parent, &name)?;
        Ok(count)
    }
}

/// Writes `outputs` into a staging folder, then swaps it in place of `output`.
/// Returns the number of files written.
pub fn write(outputs: &[Output], output: &Path) -> Result<usize> {
    let staging = Staging::new(output)?;
    outputs
        .par_iter()
        .try_for_each(|o| staging.put(o).map(drop))?;
    staging.commit()
}

/// Replaces `target` with the staging folder; on failure the old output is put back.
fn swap(staging: tempfile::TempDir, target: &Path, parent: &Path, name: &str) -> Result<()> {
    let old = if target.exists() {
        let old = parent.join(format!(".{name}.cmbook-old-{}", std::process::id()));
        if old.exists() {
            let _ = std::fs::remove_dir_all(&old);
        }
        std::fs::rename(target, &old)
            .map_err(|e| Error::io("move aside the previous output", target, e))?;
        Some(old)
    } else {
        None
    };
    let staged = staging.keep();
    if let Err(e) = std::fs::rename(&staged, target) {
        if let Some(old) = &old {
            let _ = std::fs::rename(old, target);
        }
        let _ = std::fs::remove_dir_all(&staged);
        return Err(Error::io("move the new output into", target, e));
    }
    if let Some(old) = old {
        // The new site is in place; failing to delete the old copy loses nothing. Deleted in
        // parallel: 11,000 files took ~110 ms one by one, ~2 % of a 10,000-page build.
        let _ = remove_dir_all::remove_dir_all(old);
    }
    Ok(())
}
