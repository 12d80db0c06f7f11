//! Highlighted code blocks kept between builds, by hash of their language and text:
//! highlighting is most of rendering Markdown (a 20-line block costs syntect ~0.5 ms), and code
//! rarely changes between builds.
//!
//! One file, `code-v2.bin`: a header line naming the executable, then for each block its key
//! (8 bytes, little-endian), the length of its HTML (4 bytes, little-endian) and the HTML. Only
//! where each block sits is held in memory, not its HTML (10,000 blocks of ~25 lines: ~170 MB):
//! a block is read from the file when a page asks for it.
//!
//! A build keeps the blocks its pages used, rendered or reused (a reused page names its blocks
//! in the build manifest, see [`crate::build_cache::Entry::code`]), plus those it highlighted.
//! When that is exactly the previous file's set, the file is left as it is. Highlighted blocks
//! are written once, as they come, to the file that becomes the next cache; the blocks kept
//! from the previous file are added to it at the end.

use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::hash::{Hash, Hasher};
use std::io::{BufRead, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Where a block's HTML sits in a file: offset and length.
type Span = (u64, u32);

/// A file of blocks, open for reading, and where each block is.
#[derive(Debug)]
struct Blocks {
    file: Mutex<File>,
    spans: HashMap<u64, Span>,
}

impl Blocks {
    /// The blocks of `path`, or `None` when it is not a file `header` wrote whole.
    fn open(path: &Path, header: &str) -> Option<Blocks> {
        let mut reader = BufReader::new(File::open(path).ok()?);
        let mut first = String::new();
        reader.read_line(&mut first).ok()?;
        if first.strip_suffix('\n')? != header {
            return None;
        }
        let end = reader.get_ref().metadata().ok()?.len();
        let mut at = first.len() as u64;
        let mut spans = HashMap::new();
        let mut head = [0u8; 12];
        while at < end {
            reader.read_exact(&mut head).ok()?;
            let key = u64::from_le_bytes(head[..8].try_into().ok()?);
            let len = u32::from_le_bytes(head[8..].try_into().ok()?);
            at += 12;
            if at + u64::from(len) > end {
                return None;
            }
            spans.insert(key, (at, len));
            reader.seek_relative(i64::from(len)).ok()?;
            at += u64::from(len);
        }
        Some(Blocks {
            file: Mutex::new(reader.into_inner()),
            spans,
        })
    }

    /// The HTML of block `key`, when the file has it and it reads back as UTF-8.
    fn read(&self, key: u64) -> Option<String> {
        let (offset, len) = *self.spans.get(&key)?;
        let mut bytes = vec![0; len as usize];
        let mut file = self.file.lock().expect("lock");
        file.seek(SeekFrom::Start(offset)).ok()?;
        file.read_exact(&mut bytes).ok()?;
        String::from_utf8(bytes).ok()
    }
}

/// Blocks highlighted by this build, written to a side file as they come.
#[derive(Debug)]
struct Fresh {
    path: PathBuf,
    writer: BufWriter<File>,
    keys: HashSet<u64>,
}

impl Fresh {
    /// Closes and deletes the side file: it will not become the next cache.
    fn discard(self) {
        drop(self.writer);
        let _ = std::fs::remove_file(self.path);
    }
}

/// The code cache of one build.
#[derive(Debug)]
pub struct CodeCache {
    file: PathBuf,
    before: Option<Blocks>,
    /// Keys of the previous file's blocks this build used.
    used: Mutex<HashSet<u64>>,
    /// `None` when the cache folder cannot be written.
    fresh: Mutex<Option<Fresh>>,
}

thread_local! {
    /// Keys of the blocks asked for on this thread since [`CodeCache::start_recording`].
    static RECORDED: std::cell::RefCell<Option<Vec<u64>>> = const { std::cell::RefCell::new(None) };
}

fn key_of(code: &str, lang: &str) -> u64 {
    let mut h = DefaultHasher::new();
    (lang, code).hash(&mut h);
    h.finish()
}

impl CodeCache {
    /// The cache in `file`, valid when written by the executable named `header`.
    pub fn open(file: &Path, header: &str) -> CodeCache {
        // The blocks this build highlights go to a side file in the cache's own format, which
        // becomes the next cache file: a build with nothing to keep from the last one (the
        // first, or after every block changed) writes its blocks once.
        let fresh = file.parent().and_then(|dir| {
            std::fs::create_dir_all(dir).ok()?;
            let mut path = file.as_os_str().to_owned();
            path.push(format!(".{}", std::process::id()));
            let path = PathBuf::from(path);
            let mut writer = BufWriter::new(File::create(&path).ok()?);
            writeln!(writer, "{header}").ok()?;
            Some(Fresh {
                path,
                writer,
                keys: HashSet::new(),
            })
        });
        CodeCache {
            file: file.to_owned(),
            before: Blocks::open(file, header),
            used: Mutex::default(),
            fresh: Mutex::new(fresh),
        }
    }

    /// Starts recording, on this thread, the keys of the blocks asked for.
    pub fn start_recording() {
        RECORDED.with(|r| *r.borrow_mut() = Some(Vec::new()));
    }

    /// The keys recorded since [`CodeCache::start_recording`], and stops recording.
    pub fn take_recording() -> Vec<u64> {
        RECORDED.with(|r| r.borrow_mut().take()).unwrap_or_default()
    }

    /// The HTML of `code` in `lang`, from the cache or made by `highlight`.
    pub fn get(&self, code: &str, lang: &str, highlight: impl FnOnce() -> String) -> String {
        let key = key_of(code, lang);
        RECORDED.with(|r| {
            if let Some(keys) = r.borrow_mut().as_mut() {
                keys.push(key);
            }
        });
        if let Some(html) = self.before.as_ref().and_then(|b| b.read(key)) {
            self.used.lock().expect("lock").insert(key);
            return html;
        }
        let html = highlight();
        let mut fresh = self.fresh.lock().expect("lock");
        if let Some(f) = fresh.as_mut() {
            if f.keys.insert(key) && write_block(&mut f.writer, key, &html).is_err() {
                // A cache file that cannot be written whole is not saved at all.
                if let Some(f) = fresh.take() {
                    f.discard();
                }
            }
        }
        html
    }

    /// Keeps the blocks of a page taken whole from the previous build.
    pub fn keep(&self, keys: &[u64]) {
        let Some(before) = &self.before else {
            return;
        };
        let mut used = self.used.lock().expect("lock");
        used.extend(keys.iter().filter(|k| before.spans.contains_key(k)));
    }

    /// Puts the next file in place when this build's blocks differ from the previous file's:
    /// the side file, with the kept blocks of the previous file added.
    pub fn save(self) {
        let Some(mut fresh) = self.fresh.lock().expect("lock").take() else {
            return;
        };
        let used = self.used.lock().expect("lock");
        let before_count = self.before.as_ref().map_or(0, |b| b.spans.len());
        let changed = !fresh.keys.is_empty() || used.len() != before_count;
        let kept = match &self.before {
            Some(before) => used
                .iter()
                .filter(|k| !fresh.keys.contains(k))
                .try_for_each(|&key| {
                    let html = before.read(key).ok_or(std::io::ErrorKind::InvalidData)?;
                    write_block(&mut fresh.writer, key, &html)
                })
                .is_ok(),
            None => true,
        };
        let written = changed && kept && fresh.writer.flush().is_ok();
        if !(written && std::fs::rename(&fresh.path, &self.file).is_ok()) {
            fresh.discard();
        }
    }
}

/// Appends block `key` to a cache file being written.
fn write_block(writer: &mut BufWriter<File>, key: u64, html: &str) -> std::io::Result<()> {
    let len = u32::try_from(html.len()).map_err(std::io::Error::other)?;
    writer.write_all(&key.to_le_bytes())?;
    writer.write_all(&len.to_le_bytes())?;
    writer.write_all(html.as_bytes())
}

impl Drop for CodeCache {
    /// A build that failed leaves no side file behind.
    fn drop(&mut self) {
        if let Some(fresh) = self.fresh.get_mut().expect("lock").take() {
            fresh.discard();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    const HEADER: &str = "cmbook test";

    fn dir() -> tempfile::TempDir {
        tempfile::tempdir().expect("a temporary folder")
    }

    /// Asks `cache` for each block; returns how many had to be highlighted.
    fn ask(cache: &CodeCache, blocks: &[&str]) -> usize {
        let highlighted = Cell::new(0);
        for code in blocks {
            let html = cache.get(code, "rust", || {
                highlighted.set(highlighted.get() + 1);
                format!("<b>{code}</b>")
            });
            assert_eq!(html, format!("<b>{code}</b>"));
        }
        highlighted.get()
    }

    #[test]
    fn blocks_of_reused_pages_stay_and_unused_ones_go() {
        let dir = dir();
        let file = dir.path().join("code.bin");
        let first = CodeCache::open(&file, HEADER);
        CodeCache::start_recording();
        assert_eq!(ask(&first, &["a", "b", "c"]), 3);
        let keys = CodeCache::take_recording();
        first.save();
        // A build that reuses every page asks for no block, but keeps those of its pages.
        let reusing = CodeCache::open(&file, HEADER);
        reusing.keep(&keys[..2]);
        reusing.save();
        let next = CodeCache::open(&file, HEADER);
        assert_eq!(ask(&next, &["a", "b"]), 0, "kept blocks come from the file");
        assert_eq!(ask(&next, &["c"]), 1, "a block no page holds is dropped");
        next.save();
        // Kept and fresh blocks together make the next file.
        let last = CodeCache::open(&file, HEADER);
        assert_eq!(ask(&last, &["a", "b", "c"]), 0);
        last.save();
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["code.bin"], "no side file is left");
    }

    #[test]
    fn a_damaged_or_foreign_file_is_ignored() {
        let dir = dir();
        let file = dir.path().join("code.bin");
        let cache = CodeCache::open(&file, HEADER);
        ask(&cache, &["a", "b"]);
        cache.save();
        let whole = std::fs::read(&file).unwrap();
        std::fs::write(&file, &whole[..whole.len() - 2]).unwrap();
        assert_eq!(ask(&CodeCache::open(&file, HEADER), &["a"]), 1, "truncated");
        std::fs::write(&file, &whole).unwrap();
        assert_eq!(ask(&CodeCache::open(&file, "other"), &["a"]), 1, "foreign");
        assert_eq!(ask(&CodeCache::open(&file, HEADER), &["a", "b"]), 0);
    }

    #[test]
    fn a_build_that_fails_leaves_no_side_file() {
        let dir = dir();
        let file = dir.path().join("code.bin");
        let cache = CodeCache::open(&file, HEADER);
        ask(&cache, &["a"]);
        drop(cache);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
