//! Paths as the user typed them, made absolute: lexically (no disk access), or with links
//! resolved as far as they exist, to tell where a path will really land (an output folder, a
//! new page) before anything is written there.

use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};

/// Turns `path` into an absolute path without `.` or `..`, without touching the disk.
pub(crate) fn absolute(path: &Path) -> Result<PathBuf> {
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

/// `path` made absolute, with links resolved as far as it exists: the folders that exist are
/// canonicalized, the names still to create are kept as written.
pub(crate) fn resolved(path: &Path) -> Result<PathBuf> {
    let absolute = absolute(path)?;
    if let Ok(real) = absolute.canonicalize() {
        return Ok(real);
    }
    // Not there yet: resolve the part that exists, keep the rest as written.
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    while let Some(parent) = existing.parent() {
        rest.push(existing.file_name().unwrap_or_default().to_owned());
        existing = parent;
        if let Ok(real) = existing.canonicalize() {
            return Ok(rest.iter().rev().fold(real, |p, name| p.join(name)));
        }
    }
    Ok(absolute)
}
