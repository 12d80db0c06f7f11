//! Reads the search index a build wrote (Pagefind, under `pagefind/`): its page records
//! ("fragments": URL, text, meta, filters, headings) and its file names.

use std::io::Read;
use std::path::Path;

/// What Pagefind prefixes to each of its files before gzipping them.
const SIGNATURE: &[u8] = b"pagefind_dcd";

/// The bytes of a Pagefind file, ungzipped, without its signature.
pub fn unpack(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .expect("a gzipped Pagefind file");
    assert!(out.starts_with(SIGNATURE), "not a Pagefind file");
    out.split_off(SIGNATURE.len())
}

/// Every page record of the index in `public`, sorted by URL.
pub fn records(public: &Path) -> Vec<serde_json::Value> {
    let dir = public.join("pagefind/fragment");
    let mut records: Vec<serde_json::Value> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| {
            let bytes = std::fs::read(entry.expect("entry").path()).expect("read fragment");
            serde_json::from_slice(&unpack(&bytes)).expect("a fragment is JSON")
        })
        .collect();
    records.sort_by(|a, b| a["url"].as_str().cmp(&b["url"].as_str()));
    records
}

/// The record of the page at `url`, if the index holds it.
pub fn record<'a>(records: &'a [serde_json::Value], url: &str) -> Option<&'a serde_json::Value> {
    records.iter().find(|r| r["url"] == url)
}

/// Every file under `public/pagefind`, as (path under it, bytes), sorted.
pub fn files(public: &Path) -> Vec<(String, Vec<u8>)> {
    let root = public.join("pagefind");
    let mut out = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read pagefind folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.push((rel, std::fs::read(&path).expect("read")));
            }
        }
    }
    out.sort();
    out
}
