//! Each page as lists and `get_page` show it ([`PageRef`](crate::render::context::PageRef)), as
//! JSON text with the hash of that text. In `serve` the hash is what a list page depends on, so
//! an edit that leaves a page's listing unchanged (a typo fixed in its body) renders no list
//! again; and a memo keeps each page's text between renders, so an edit serialises one page,
//! not every page of the site.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;

use crate::load::PageSource;
use crate::render::context::Views;
use crate::render::jobs::page_fingerprint;
use crate::render::markdown::RenderedBody;

/// Every page's ref, in the order of the site's pages.
pub struct PageRefs {
    /// Per page, the JSON text of its ref.
    pub json: Vec<Arc<str>>,
    /// Per page, the hash of that text: equal hashes, equal listings.
    pub hashes: Vec<u64>,
}

/// What `serve` remembers of each page's ref between renders, by source path.
#[derive(Default)]
pub struct RefMemo(HashMap<String, Remembered>);

/// A ref and everything it was made from: the source and body are kept alive so that their
/// identity can be compared; the fingerprint covers the rest (URL, terms, configuration).
struct Remembered {
    source: Arc<PageSource>,
    body: Arc<RenderedBody>,
    fingerprint: u64,
    json: Arc<str>,
    hash: u64,
}

/// The refs of every page; `shared` hashes what every ref depends on beside its page
/// (configuration, link targets). With a memo, only pages whose inputs changed are serialised.
pub fn page_refs(views: &Views<'_>, shared: u64, memo: Option<&mut RefMemo>) -> PageRefs {
    let site = views.site;
    let fresh = |p: usize| {
        let json: Arc<str> = serde_json::to_string(&views.page_ref(p))
            .expect("views serialise")
            .into();
        let mut h = DefaultHasher::new();
        json.hash(&mut h);
        (json, h.finish())
    };
    let Some(memo) = memo else {
        let (json, hashes) = (0..site.pages.len()).into_par_iter().map(fresh).unzip();
        return PageRefs { json, hashes };
    };
    let made: Vec<Remembered> = (0..site.pages.len())
        .into_par_iter()
        .map(|p| {
            let source = &site.pages[p].source;
            let body = &views.bodies.pages[p];
            let fingerprint = page_fingerprint(site, p, shared);
            let (json, hash) = match memo.0.get(&source.file.rel) {
                Some(r)
                    if Arc::ptr_eq(&r.source, source)
                        && Arc::ptr_eq(&r.body, body)
                        && r.fingerprint == fingerprint =>
                {
                    (r.json.clone(), r.hash)
                }
                _ => fresh(p),
            };
            Remembered {
                source: source.clone(),
                body: body.clone(),
                fingerprint,
                json,
                hash,
            }
        })
        .collect();
    let refs = PageRefs {
        json: made.iter().map(|r| r.json.clone()).collect(),
        hashes: made.iter().map(|r| r.hash).collect(),
    };
    // Deleted pages drop out: the memo holds exactly the pages of this render.
    memo.0 = made
        .into_iter()
        .map(|r| (r.source.file.rel.clone(), r))
        .collect();
    refs
}
