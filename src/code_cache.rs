//! Highlighted code blocks reused between builds, by hash of their language and text:
//! highlighting is most of rendering Markdown (a 20-line block costs syntect ~0.5 ms), and code
//! rarely changes between builds.
//!
//! The cache has no file of its own: every highlighted block is already written, verbatim, in
//! the page that shows it. The build manifest lists, for each page file, where its blocks sit
//! in it ([`BlockRef`]), and a later build reads a block back from the previous output. Until
//! 2026-12 blocks were also copied to a cache file, ~170 MB for 10,000 pages: writing it cost
//! 5-10 % of a clean build (paired runs), for data the output already held.
//!
//! A block read back is checked against the hash of the bytes written then: a page edited,
//! moved or deleted by hand since gives a miss, never stale HTML. Blocks of pages reused from
//! the previous build stay available, since the page file (hard-linked) still holds them; blocks
//! no page of this build holds are forgotten with the previous manifest.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::fs::File;
use std::hash::{Hash, Hasher};
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Where one highlighted block sits in a page file. Saved as a 4-number array
/// `[key, offset, len, hash]` to keep the manifest small.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "(u64, u64, u32, u64)", into = "(u64, u64, u32, u64)")]
pub struct BlockRef {
    /// Hash of the block's language and code.
    pub key: u64,
    /// Byte offset of its HTML in the page file.
    pub offset: u64,
    /// Length of its HTML.
    pub len: u32,
    /// Hash of its HTML.
    pub hash: u64,
}

impl From<(u64, u64, u32, u64)> for BlockRef {
    fn from((key, offset, len, hash): (u64, u64, u32, u64)) -> Self {
        BlockRef {
            key,
            offset,
            len,
            hash,
        }
    }
}

impl From<BlockRef> for (u64, u64, u32, u64) {
    fn from(b: BlockRef) -> Self {
        (b.key, b.offset, b.len, b.hash)
    }
}

/// A block asked for while a page rendered, as much of it as finding it in the page takes:
/// not its HTML (copying ~17 KB a block showed in profiles).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    key: u64,
    /// Hash and length of its HTML.
    hash: u64,
    len: usize,
    /// The start of its HTML.
    probe: Vec<u8>,
}

/// How much of a block's start [`locate`] searches for: long enough to hit few false starts,
/// short enough for memchr's fast searchers (a whole 17 KB block as needle spent more time
/// preparing the search than searching).
const PROBE: usize = 64;

impl Recorded {
    /// Block `key`, whose HTML is `html` and hashes to `hash`.
    fn new(key: u64, html: &str, hash: u64) -> Recorded {
        let bytes = html.as_bytes();
        Recorded {
            key,
            hash,
            len: bytes.len(),
            probe: bytes[..bytes.len().min(PROBE)].to_vec(),
        }
    }

    #[cfg(test)]
    fn of(key: u64, html: &str) -> Recorded {
        Recorded::new(key, html, bytes_hash(html.as_bytes()))
    }

    /// Where this block starts in `page`, looking from `from` on.
    fn find_in(&self, page: &[u8], from: usize) -> Option<usize> {
        let rest = page.get(from..)?;
        memchr::memmem::find_iter(rest, &self.probe)
            .map(|at| from + at)
            .find(|&at| {
                page.get(at..at + self.len)
                    .is_some_and(|bytes| bytes_hash(bytes) == self.hash)
            })
    }
}

/// The code cache of one build: where the previous output's pages hold each block.
#[derive(Debug, Default)]
pub struct CodeCache {
    /// The previous output folder.
    output: PathBuf,
    /// Page files, relative to `output`.
    files: Vec<String>,
    /// By key: which of `files` holds the block, and where.
    blocks: HashMap<u64, (usize, BlockRef)>,
}

thread_local! {
    /// Blocks asked for on this thread since [`CodeCache::start_recording`].
    static RECORDED: std::cell::RefCell<Option<Vec<Recorded>>> = const { std::cell::RefCell::new(None) };
}

fn key_of(code: &str, lang: &str) -> u64 {
    let mut h = DefaultHasher::new();
    (lang, code).hash(&mut h);
    h.finish()
}

/// Hash of a block's bytes, checked when it is read back. Fx: ~10× SipHash's speed on these
/// ~17 KB blocks, and a check against accidents (a page edited by hand), not an adversary.
pub(crate) fn bytes_hash(bytes: &[u8]) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    h.write(bytes);
    h.finish()
}

impl CodeCache {
    /// The blocks held by the previous output's `pages` (path under `output`, their blocks).
    pub fn open<'p>(
        output: &Path,
        pages: impl IntoIterator<Item = (&'p str, &'p [BlockRef])>,
    ) -> Self {
        let mut cache = CodeCache {
            output: output.to_owned(),
            ..CodeCache::default()
        };
        for (path, refs) in pages {
            if refs.is_empty() {
                continue;
            }
            let file = cache.files.len();
            cache.files.push(path.to_owned());
            for r in refs {
                cache.blocks.entry(r.key).or_insert((file, *r));
            }
        }
        cache
    }

    /// Starts recording, on this thread, the blocks asked for.
    pub fn start_recording() {
        RECORDED.with(|r| *r.borrow_mut() = Some(Vec::new()));
    }

    /// The blocks recorded since [`CodeCache::start_recording`], and stops recording.
    pub fn take_recording() -> Vec<Recorded> {
        RECORDED.with(|r| r.borrow_mut().take()).unwrap_or_default()
    }

    /// The HTML of `code` in `lang`, from the previous output or made by `highlight`.
    pub fn get(&self, code: &str, lang: &str, highlight: impl FnOnce() -> String) -> String {
        let key = key_of(code, lang);
        // A block read back was hashed to check it: its record reuses that hash.
        let (html, checked) = match self.read(key) {
            Some((html, hash)) => (html, Some(hash)),
            None => (highlight(), None),
        };
        RECORDED.with(|r| {
            if let Some(blocks) = r.borrow_mut().as_mut() {
                let hash = checked.unwrap_or_else(|| bytes_hash(html.as_bytes()));
                blocks.push(Recorded::new(key, &html, hash));
            }
        });
        html
    }

    /// Block `key` read back from the previous output, with its hash, when it is there
    /// unchanged.
    fn read(&self, key: u64) -> Option<(String, u64)> {
        let (
            file,
            BlockRef {
                offset, len, hash, ..
            },
        ) = *self.blocks.get(&key)?;
        let mut file = File::open(self.output.join(&self.files[file])).ok()?;
        file.seek(SeekFrom::Start(offset)).ok()?;
        let mut bytes = vec![0; len as usize];
        file.read_exact(&mut bytes).ok()?;
        if bytes_hash(&bytes) != hash {
            return None;
        }
        String::from_utf8(bytes).ok().map(|html| (html, hash))
    }
}

/// Where the `recorded` blocks sit in `page`, the bytes of the file that shows them. A block the
/// templates did not copy verbatim is left out: the next build highlights it again.
pub(crate) fn locate(recorded: &[Recorded], page: &[u8]) -> Vec<BlockRef> {
    let mut refs: Vec<BlockRef> = Vec::with_capacity(recorded.len());
    // Blocks come in the order of the body: each is looked for after the one before, then, if
    // a template reordered them, from the start.
    let mut from = 0;
    for block in recorded {
        if block.probe.is_empty() || refs.iter().any(|r| r.key == block.key) {
            continue;
        }
        let found = block.find_in(page, from).or_else(|| block.find_in(page, 0));
        let (Some(at), Ok(len)) = (found, u32::try_from(block.len)) else {
            continue;
        };
        refs.push(BlockRef {
            key: block.key,
            offset: at as u64,
            len,
            hash: block.hash,
        });
        from = at + block.len;
    }
    refs
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    /// Asks `cache` for each block as one page would, and writes that page to `dir/path` with
    /// some text around its blocks; returns its blocks and how many had to be highlighted.
    fn page(cache: &CodeCache, dir: &Path, path: &str, blocks: &[&str]) -> (Vec<BlockRef>, usize) {
        let highlighted = Cell::new(0);
        CodeCache::start_recording();
        let mut html = String::from("<html><p>intro</p>");
        for code in blocks {
            let block = cache.get(code, "rust", || {
                highlighted.set(highlighted.get() + 1);
                format!("<pre>{code}</pre>")
            });
            assert_eq!(block, format!("<pre>{code}</pre>"));
            html.push_str(&block);
            html.push_str("<p>between</p>");
        }
        let recorded = CodeCache::take_recording();
        std::fs::write(dir.join(path), &html).unwrap();
        (locate(&recorded, html.as_bytes()), highlighted.get())
    }

    #[test]
    fn blocks_are_read_back_from_the_pages_that_show_them() {
        let dir = tempfile::tempdir().unwrap();
        let first = CodeCache::open(dir.path(), []);
        let (a, n) = page(&first, dir.path(), "a.html", &["one", "two", "one"]);
        assert_eq!(n, 3, "nothing to read back on a first build");
        assert_eq!(a.len(), 2, "a block shown twice is listed once");
        let (b, _) = page(&first, dir.path(), "b.html", &["three"]);

        let next = CodeCache::open(dir.path(), [("a.html", &a[..]), ("b.html", &b[..])]);
        let (_, n) = page(&next, dir.path(), "c.html", &["two", "three", "four"]);
        assert_eq!(n, 1, "only the new block is highlighted");
    }

    #[test]
    fn a_page_changed_or_deleted_since_gives_a_miss_not_stale_html() {
        let dir = tempfile::tempdir().unwrap();
        let (a, _) = page(
            &CodeCache::open(dir.path(), []),
            dir.path(),
            "a.html",
            &["one"],
        );
        let (b, _) = page(
            &CodeCache::open(dir.path(), []),
            dir.path(),
            "b.html",
            &["two"],
        );
        // Same length, other bytes: only the hash tells.
        let text = std::fs::read_to_string(dir.path().join("a.html")).unwrap();
        std::fs::write(dir.path().join("a.html"), text.replace("one", "eno")).unwrap();
        std::fs::remove_file(dir.path().join("b.html")).unwrap();
        let next = CodeCache::open(dir.path(), [("a.html", &a[..]), ("b.html", &b[..])]);
        let (_, n) = page(&next, dir.path(), "c.html", &["one", "two"]);
        assert_eq!(n, 2);
    }

    #[test]
    fn a_block_the_templates_changed_is_not_located() {
        let recorded = [
            Recorded::of(1, "<pre>a</pre>"),
            Recorded::of(2, "<pre>b</pre>"),
        ];
        let refs = locate(&recorded, b"<pre>b</pre> and <PRE>a</PRE>");
        assert_eq!(
            refs,
            [BlockRef {
                key: 2,
                offset: 0,
                len: 12,
                hash: bytes_hash(b"<pre>b</pre>")
            }]
        );
    }
}
