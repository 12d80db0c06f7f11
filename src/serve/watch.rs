//! Watches the site's sources and hands batches of changed paths to the rebuild loop.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

use crate::config::CONFIG_FILE;
use crate::error::{Error, Result};
// Folders of the site root whose whole tree is watched: the ones the loader reads.
use crate::load::SOURCE_FOLDERS as WATCHED;

/// Starts watching any of the site's folders that `changed` shows were just created (the root
/// is watched alone, so a new `static/` would otherwise never report what is saved in it).
pub(crate) fn watch_new_folders(watcher: &mut Watcher, root: &Path, changed: &[PathBuf]) {
    for dir in WATCHED.iter().map(|d| root.join(d)) {
        if changed.contains(&dir) && dir.is_dir() {
            let _ = watcher.watch(&dir, RecursiveMode::Recursive);
        }
    }
}

/// Editors save in bursts (temp file, rename, metadata) that last a few milliseconds: wait
/// this long for the burst to end. It adds to every reload, so it stays short.
pub(crate) const DEBOUNCE: Duration = Duration::from_millis(10);

/// A running watcher; dropping it stops watching.
pub(crate) type Watcher =
    Debouncer<notify_debouncer_full::notify::RecommendedWatcher, RecommendedCache>;

/// Starts watching `root`'s sources; each batch of changed paths is sent to `changes`.
pub(crate) fn watch(root: &Path, changes: Sender<Vec<PathBuf>>) -> Result<Watcher> {
    let mut debouncer = new_debouncer(DEBOUNCE, None, move |result: DebounceEventResult| {
        if let Ok(events) = result {
            // Reading files (ours included) raises access events: only changes count.
            let mut paths: Vec<PathBuf> = events
                .into_iter()
                .filter(|e| !matches!(e.event.kind, EventKind::Access(_) | EventKind::Other))
                .flat_map(|e| e.event.paths)
                .collect();
            paths.sort();
            paths.dedup();
            if !paths.is_empty() {
                let _ = changes.send(paths);
            }
        }
    })
    .map_err(|e| Error::Server(format!("cannot watch {}: {e}", root.display())))?;
    for dir in WATCHED {
        let path = root.join(dir);
        if path.is_dir() {
            debouncer
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| Error::Server(format!("cannot watch {}: {e}", path.display())))?;
        }
    }
    // The root itself, not recursively: for cmbook.yaml and folders created later.
    debouncer
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(|e| {
            Error::Server(format!(
                "cannot watch {}: {e}",
                root.join(CONFIG_FILE).display()
            ))
        })?;
    Ok(debouncer)
}
