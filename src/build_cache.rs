//! What `cmbook build` remembers between builds, in `<root>/.cmbook-cache/`: for every page it
//! wrote, the key of everything the page was rendered from and what its templates looked up.
//! A page whose key and looked-up data are unchanged, and whose file in the previous output is
//! still the one written then (same size and modification time), is hard-linked from the
//! previous output instead of being rendered and written again.
//!
//! The cache never serves stale output: keys hash the page's text, everything its context is
//! built from, its templates, and this very executable. Deleting the folder is always safe: the
//! next build renders everything. A cache that cannot be read or written is ignored.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use crate::render::functions::{current_hash, DataHashes};

/// Folder of the cache under the site root.
pub const CACHE_DIR: &str = ".cmbook-cache";
const MANIFEST: &str = "pages-v1.json";
const CODE: &str = "code-v1.bin";
const SEARCH: &str = "search-v1.txt";

/// What a page's templates looked up: (function, key, hash of the answer then).
pub type LookedUp = Vec<(String, String, Option<u64>)>;

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
}

/// The previous build's pages, and the pages of this build as they are written.
#[derive(Debug)]
pub struct BuildCache {
    file: PathBuf,
    output: PathBuf,
    previous: Manifest,
    written: Vec<(String, u64, LookedUp)>,
    /// Pages of this build taken from the previous output.
    pub reused: usize,
    /// Highlighted code blocks.
    pub code: CodeCache,
    /// The search index made by this build, to save: (key, text).
    search: Option<(u64, String)>,
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
        BuildCache {
            file,
            output: output.to_owned(),
            previous,
            written: Vec::new(),
            reused: 0,
            code: CodeCache::open(&root.join(CACHE_DIR).join(CODE)),
            search: None,
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

    fn dir(&self) -> &Path {
        self.file
            .parent()
            .expect("the manifest is in the cache folder")
    }

    /// The search index of the previous build, when it was made from pages hashing to `key`.
    pub fn cached_search(&self, key: u64) -> Option<String> {
        let saved = std::fs::read_to_string(self.dir().join(SEARCH)).ok()?;
        let header = format!("{}\n{key}\n", tool_id());
        saved.strip_prefix(&header).map(str::to_owned)
    }

    /// Keeps the search index of this build, made from pages hashing to `key`, for the next.
    pub fn keep_search(&mut self, key: u64, index: String) {
        self.search = Some((key, index));
    }

    /// Records the pages of this build: (path under the output, key, what was looked up), and
    /// how many of them were reused.
    pub fn record(&mut self, written: Vec<(String, u64, LookedUp)>, reused: usize) {
        self.written = written;
        self.reused = reused;
    }

    /// Saves what this build wrote, once its output is in place. Failing to save only means
    /// the next build renders everything.
    pub fn save(self) {
        if let Some((key, index)) = &self.search {
            let file = self.dir().join(SEARCH);
            write_aside(&file, format!("{}\n{key}\n{index}", tool_id()).as_bytes());
        }
        self.code.save();
        let pages = self
            .written
            .into_iter()
            .filter_map(|(path, key, looked_up)| {
                let meta = std::fs::metadata(self.output.join(&path)).ok()?;
                let entry = Entry {
                    key,
                    looked_up,
                    len: meta.len(),
                    modified: modified_ns(&meta),
                };
                Some((path, entry))
            })
            .collect();
        let manifest = Manifest {
            tool: tool_id().to_owned(),
            output: self.output,
            pages,
        };
        let Ok(json) = serde_json::to_vec(&manifest) else {
            return;
        };
        write_aside(&self.file, &json);
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

/// Highlighted code blocks by hash of their language and text: highlighting is ~80 % of
/// rendering Markdown (10,000 pages: ~450 of ~560 ms), and code rarely changes between builds.
/// Kept in one file: a header line naming the executable, then for each block its key (8
/// bytes), the length of its HTML (4 bytes, little-endian) and the HTML.
#[derive(Debug, Default)]
pub struct CodeCache {
    file: PathBuf,
    before: HashMap<u64, Arc<str>>,
    /// The next file, written as blocks come (holding them all cost ~17 MB at 10,000 pages):
    /// its path and writer, or `None` when the cache folder cannot be written.
    next: Mutex<Option<(PathBuf, std::io::BufWriter<std::fs::File>)>>,
    /// Keys of the blocks of this build.
    used: Mutex<std::collections::HashSet<u64>>,
    /// Blocks highlighted by this build: a build renders a body twice (see
    /// `render::bodies::render_bodies`) and highlights each block once.
    made: Mutex<HashMap<u64, Arc<str>>>,
    /// Whether a block was highlighted anew.
    missed: AtomicBool,
}

impl CodeCache {
    fn open(file: &Path) -> CodeCache {
        let before = std::fs::read(file)
            .ok()
            .and_then(|bytes| parse_code(&bytes))
            .unwrap_or_default();
        let next = file.parent().and_then(|dir| {
            std::fs::create_dir_all(dir).ok()?;
            let mut temp = file.as_os_str().to_owned();
            temp.push(format!(".{}", std::process::id()));
            let temp = PathBuf::from(temp);
            let mut writer = std::io::BufWriter::new(std::fs::File::create(&temp).ok()?);
            writeln!(writer, "{}", tool_id()).ok()?;
            Some((temp, writer))
        });
        CodeCache {
            file: file.to_owned(),
            before,
            next: Mutex::new(next),
            used: Mutex::default(),
            made: Mutex::default(),
            missed: AtomicBool::new(false),
        }
    }

    /// A cache of this build's blocks only, kept nowhere (`--no-cache`, `check`).
    pub fn in_memory() -> CodeCache {
        CodeCache::default()
    }

    /// The HTML of `code` in `lang`, from the cache or made by `highlight`.
    pub fn get(&self, code: &str, lang: &str, highlight: impl FnOnce() -> String) -> String {
        let mut h = DefaultHasher::new();
        (lang, code).hash(&mut h);
        let key = h.finish();
        if let Some(html) = self.before.get(&key) {
            self.remember(key, html);
            return html.to_string();
        }
        if let Some(html) = self.made.lock().expect("lock").get(&key) {
            return html.to_string();
        }
        self.missed.store(true, Ordering::Relaxed);
        let html: Arc<str> = highlight().into();
        self.made.lock().expect("lock").insert(key, html.clone());
        self.remember(key, &html);
        html.to_string()
    }

    /// Writes a block of this build to the next file, once.
    fn remember(&self, key: u64, html: &str) {
        if self.used.lock().expect("lock").insert(key) {
            let mut next = self.next.lock().expect("lock");
            if let Some((_, writer)) = next.as_mut() {
                let written = u32::try_from(html.len()).ok().and_then(|len| {
                    writer.write_all(&key.to_le_bytes()).ok()?;
                    writer.write_all(&len.to_le_bytes()).ok()?;
                    writer.write_all(html.as_bytes()).ok()
                });
                if written.is_none() {
                    *next = None;
                }
            }
        }
    }

    /// Puts the next file in place when its blocks differ from the previous file's.
    fn save(self) {
        let Some((temp, writer)) = self.next.lock().expect("lock").take() else {
            return;
        };
        let changed = self.missed.load(Ordering::Relaxed)
            || self.used.lock().expect("lock").len() != self.before.len();
        let flushed = writer.into_inner().is_ok();
        if !(changed && flushed && std::fs::rename(&temp, &self.file).is_ok()) {
            let _ = std::fs::remove_file(&temp);
        }
    }
}

impl Drop for CodeCache {
    /// A build that failed leaves no half-written file behind.
    fn drop(&mut self) {
        if let Some((temp, writer)) = self.next.get_mut().expect("lock").take() {
            drop(writer);
            let _ = std::fs::remove_file(temp);
        }
    }
}

/// The blocks of a code cache file, or `None` when it is not one this executable wrote whole.
fn parse_code(bytes: &[u8]) -> Option<HashMap<u64, Arc<str>>> {
    let newline = bytes.iter().position(|&b| b == b'\n')?;
    if bytes[..newline] != *tool_id().as_bytes() {
        return None;
    }
    let mut rest = &bytes[newline + 1..];
    let mut blocks = HashMap::new();
    while !rest.is_empty() {
        let key = u64::from_le_bytes(rest.get(..8)?.try_into().ok()?);
        let len = u32::from_le_bytes(rest.get(8..12)?.try_into().ok()?) as usize;
        let html = std::str::from_utf8(rest.get(12..12 + len)?).ok()?;
        blocks.insert(key, Arc::from(html));
        rest = &rest[12 + len..];
    }
    Some(blocks)
}
