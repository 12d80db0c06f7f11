//! What `cmbook build` remembers between builds, in `<root>/.cmbook-cache/`: for every page it
//! wrote, the key of everything the page was rendered from and what its templates looked up.
//! A page whose key and looked-up data are unchanged, and whose file in the previous output is
//! still the one written then (same size and modification time), is hard-linked from the
//! previous output instead of being rendered and written again. The search index is kept the
//! same way: the key of the pages it was made from and the size and hash of each of its files;
//! when the pages hash the same, the previous output's index files are taken back (checked).
//!
//! The cache never serves stale output: keys hash the page's text, everything its context is
//! built from, its templates, and this very executable. Deleting the folder is always safe: the
//! next build renders everything. A cache that cannot be read or written is ignored.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

pub(crate) use crate::code_cache::{BlockRef, CodeCache};
use crate::lookups::{current_hash, DataHashes};

/// Folder of the cache under the site root.
pub(crate) const CACHE_DIR: &str = ".cmbook-cache";
const MANIFEST: &str = "pages-v2.json";
/// Files of earlier cache formats, deleted by the next build that saves.
const LEGACY: [&str; 5] = [
    "pages-v1.json",
    "code-v1.bin",
    "code-v2.bin",
    "search-v1.txt",
    "search-v2.txt",
];

/// What a page's templates looked up: (function, key, hash of the answer then).
pub(crate) type LookedUp = Vec<(String, String, Option<u64>)>;

/// A page of this build, as the next build's manifest describes it.
#[derive(Debug)]
pub struct Written {
    /// Path under the output folder.
    pub path: String,
    /// Key of everything it was rendered from.
    pub key: u64,
    /// What its templates looked up.
    pub looked_up: LookedUp,
    /// The highlighted code blocks it holds, and where.
    pub code: Vec<BlockRef>,
    /// The file as written (taken from the open file, which spares a path lookup per page).
    pub file: Option<std::fs::Metadata>,
}

/// One page file of the previous build.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    /// Key of everything it was rendered from.
    pub key: u64,
    /// What its templates looked up.
    pub looked_up: LookedUp,
    /// Size of the file written.
    pub len: u64,
    /// Its modification time, in nanoseconds since the Unix epoch.
    pub modified: u128,
    /// The highlighted code blocks it holds, and where: the code cache reads them back.
    #[serde(default)]
    pub code: Vec<BlockRef>,
}

/// The pages of the previous build into one output folder.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Manifest {
    /// The executable that wrote it: another build of cmbook may render differently.
    tool: String,
    /// The output folder it describes.
    output: PathBuf,
    /// By path under the output folder.
    pages: HashMap<String, Entry>,
    /// The search index written with these pages.
    #[serde(default)]
    search: Option<SearchRecord>,
}

/// The search index of a build: the key of the pages it was made from and its files.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct SearchRecord {
    /// Key of the indexed pages (their paths and indexed HTML, and the base path).
    key: u64,
    /// Each file under the output folder: (path, size, hash of its bytes).
    files: Vec<(String, u64, u64)>,
}

/// The hash by which an index file is recognised as the one written (SipHash with fixed keys:
/// the same from one run to the next).
fn bytes_hash(bytes: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// The previous build's pages, and the pages of this build as they are written.
#[derive(Debug)]
pub struct BuildCache {
    file: PathBuf,
    output: PathBuf,
    previous: Manifest,
    written: Vec<Written>,
    /// The search index of this build, to save.
    search: Option<SearchRecord>,
    /// Pages of this build taken from the previous output.
    pub reused: usize,
    /// Highlighted code blocks.
    pub code: CodeCache,
}

/// Identifies this executable: its version, size and modification time.
fn tool_id() -> &'static str {
    static ID: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    ID.get_or_init(|| {
        let stamp = std::env::current_exe()
            .and_then(std::fs::metadata)
            .map(|m| format!("{} {}", m.len(), modified_ns(&m)))
            .unwrap_or_default();
        format!("cmbook {} {stamp}", env!("CARGO_PKG_VERSION"))
    })
}

fn modified_ns(meta: &std::fs::Metadata) -> u128 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

/// Whether the cache of the site at `root` records a build into `output` (absolute): how an
/// output written before builds left a marker in their output is recognised.
pub(crate) fn recorded_output(root: &Path, output: &Path) -> bool {
    let file = root.join(CACHE_DIR).join(MANIFEST);
    std::fs::read(file)
        .ok()
        .and_then(|bytes| serde_json::from_slice::<Manifest>(&bytes).ok())
        .is_some_and(|m| m.output == output)
}

impl BuildCache {
    /// The cache of the site at `root` for builds into `output` (an absolute path). A missing,
    /// unreadable or foreign cache is an empty one.
    pub fn open(root: &Path, output: &Path) -> BuildCache {
        let file = root.join(CACHE_DIR).join(MANIFEST);
        let previous = std::fs::read(&file)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Manifest>(&bytes).ok())
            .filter(|m| m.tool == tool_id() && m.output == output)
            .unwrap_or_default();
        let blocks = previous
            .pages
            .iter()
            .map(|(path, entry)| (path.as_str(), &entry.code[..]));
        let code = CodeCache::open(output, blocks);
        BuildCache {
            file,
            output: output.to_owned(),
            previous,
            written: Vec::new(),
            search: None,
            reused: 0,
            code,
        }
    }

    /// The previous output's file for `path` when it was rendered with `key`, what it looked
    /// up still has the same answers, and the file is untouched since.
    pub fn reusable(&self, path: &str, key: u64, data: &DataHashes) -> Option<(PathBuf, &Entry)> {
        let entry = self.previous.pages.get(path)?;
        if entry.key != key
            || !entry
                .looked_up
                .iter()
                .all(|(f, k, h)| current_hash(data, f, k) == *h)
        {
            return None;
        }
        let file = self.output.join(path);
        let meta = std::fs::symlink_metadata(&file).ok()?;
        (meta.is_file() && meta.len() == entry.len && modified_ns(&meta) == entry.modified)
            .then_some((file, entry))
    }

    /// The previous build's search index files, (path, bytes), when it was made from pages
    /// with `key` and every file is still as written (a file edited or gone: `None`).
    pub(crate) fn reusable_search(&self, key: u64) -> Option<Vec<(String, Vec<u8>)>> {
        let record = self.previous.search.as_ref().filter(|r| r.key == key)?;
        record
            .files
            .iter()
            .map(|(path, len, hash)| {
                let file = self.output.join(path);
                let meta = std::fs::symlink_metadata(&file).ok()?;
                if !meta.is_file() || meta.len() != *len {
                    return None;
                }
                let bytes = std::fs::read(&file).ok()?;
                (bytes_hash(&bytes) == *hash).then(|| (path.clone(), bytes))
            })
            .collect()
    }

    /// Keeps the search index of this build, made from pages with `key`, for the next one.
    pub(crate) fn keep_search<'a>(
        &mut self,
        key: u64,
        files: impl Iterator<Item = (&'a str, &'a [u8])>,
    ) {
        let files = files
            .map(|(path, bytes)| (path.to_owned(), bytes.len() as u64, bytes_hash(bytes)))
            .collect();
        self.search = Some(SearchRecord { key, files });
    }

    fn dir(&self) -> &Path {
        self.file
            .parent()
            .expect("the manifest is in the cache folder")
    }

    /// Records the pages of this build, and how many of them were reused.
    pub fn record(&mut self, written: Vec<Written>, reused: usize) {
        self.written = written;
        self.reused = reused;
    }

    /// Saves what this build wrote, once its output is in place. Failing to save only means
    /// the next build renders everything.
    pub fn save(self) {
        let dir = self.dir().to_owned();
        // The cache lives in the site's own folder: never written through a link to elsewhere.
        if std::fs::symlink_metadata(&dir).is_ok_and(|m| !m.is_dir()) {
            return;
        }
        for legacy in LEGACY {
            let _ = std::fs::remove_file(dir.join(legacy));
        }
        save_manifest(&self.file, &self.output, self.written, self.search);
    }
}

/// Saves the manifest of the pages this build wrote into `output`.
fn save_manifest(file: &Path, output: &Path, written: Vec<Written>, search: Option<SearchRecord>) {
    let pages = written
        .into_iter()
        .filter_map(|w| {
            let meta = w.file?;
            let entry = Entry {
                key: w.key,
                looked_up: w.looked_up,
                len: meta.len(),
                modified: modified_ns(&meta),
                code: w.code,
            };
            Some((w.path, entry))
        })
        .collect();
    let manifest = Manifest {
        tool: tool_id().to_owned(),
        output: output.to_owned(),
        pages,
        search,
    };
    if let Ok(json) = serde_json::to_vec(&manifest) {
        write_aside(file, &json);
    }
}

/// Writes `bytes` beside `file`, then renames it: a crash never leaves half a file.
fn write_aside(file: &Path, bytes: &[u8]) {
    let Some(dir) = file.parent() else {
        return;
    };
    let _ = std::fs::create_dir_all(dir);
    let mut temp = file.as_os_str().to_owned();
    temp.push(format!(".{}", std::process::id()));
    if std::fs::write(&temp, bytes).is_ok() && std::fs::rename(&temp, file).is_err() {
        let _ = std::fs::remove_file(&temp);
    }
}
