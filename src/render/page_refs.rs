//! Each page as lists and `get_page` show it ([`PageRef`](crate::render::context::PageRef)), as
//! a Tera value made once (cloning it shares its parts) with the hash of its JSON form. In `serve` the hash is what a list page depends on, so
//! an edit that leaves a page's listing unchanged (a typo fixed in its body) renders no list
//! again; and a memo keeps each page's text between renders, so an edit serialises one page,
//! not every page of the site.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;
use tera::Value;

use crate::load::PageSource;
use crate::render::context::Views;
use crate::render::markdown::RenderedBody;
use crate::render::templates::Templates;

/// Every page's ref, in the order of the site's pages.
pub(crate) struct PageRefs {
    /// Per page, its ref as templates see it.
    pub values: Vec<Value>,
    /// Per page, the hash of its JSON form: equal hashes, equal listings.
    pub hashes: Vec<u64>,
    /// Per section, `get_section`'s answer (the section with all its pages) and its hash; only
    /// when a template calls `get_section`.
    pub sections: Option<Vec<(Value, u64)>>,
}

/// What `serve` remembers of each page's ref between renders, by source path.
#[derive(Default)]
pub(crate) struct RefMemo {
    pages: HashMap<String, Remembered>,
    /// Per section folder, `get_section`'s answer by the hash it was made from.
    sections: HashMap<String, (u64, Value)>,
}

/// A ref and everything it was made from: the source and body are kept alive so that their
/// identity can be compared; the fingerprint covers the rest (URL, terms, configuration).
struct Remembered {
    source: Arc<PageSource>,
    body: Arc<RenderedBody>,
    fingerprint: u64,
    value: Value,
    hash: u64,
}

/// The refs of every page. With a memo, only pages whose inputs changed are serialised: the
/// memo needs each page's fingerprint (see [`page_fingerprint`](crate::render::jobs)), made
/// with what every ref shares (configuration, link targets).
///
/// Their hashes are only made when `hashed` (else 0): a clean build compares nothing.
pub(crate) fn page_refs(
    views: &Views<'_>,
    memo: Option<(&mut RefMemo, &[u64])>,
    hashed: bool,
) -> PageRefs {
    let site = views.site;
    let fresh = |p: usize| {
        let value = Value::from_serializable(&views.page_ref(p));
        let hash = if hashed {
            crate::render::functions::hash_of(&value)
        } else {
            0
        };
        (value, hash)
    };
    let with_sections = Templates::mention(&site.theme, "get_section");
    let Some((memo, fingerprints)) = memo else {
        let (values, hashes) = (0..site.pages.len()).into_par_iter().map(fresh).unzip();
        let mut refs = PageRefs {
            values,
            hashes,
            sections: None,
        };
        if with_sections {
            refs.sections = Some(section_data(views, &refs, None));
        }
        return refs;
    };
    let made: Vec<(Value, u64, bool)> = (0..site.pages.len())
        .into_par_iter()
        .map(|p| {
            let source = &site.pages[p].source;
            let body = &views.bodies.pages[p];
            match memo.pages.get(&site.pages[p].path) {
                Some(r)
                    if Arc::ptr_eq(&r.source, source)
                        && Arc::ptr_eq(&r.body, body)
                        && r.fingerprint == fingerprints[p] =>
                {
                    (r.value.clone(), r.hash, false)
                }
                _ => {
                    let (json, hash) = fresh(p);
                    (json, hash, true)
                }
            }
        })
        .collect();
    // Only made refs change the memo: the others' entries are already there.
    for (p, (value, hash, _)) in made.iter().enumerate().filter(|(_, m)| m.2) {
        let source = &site.pages[p].source;
        let remembered = Remembered {
            source: source.clone(),
            body: views.bodies.pages[p].clone(),
            fingerprint: fingerprints[p],
            value: value.clone(),
            hash: *hash,
        };
        memo.pages.insert(site.pages[p].path.clone(), remembered);
    }
    crate::render::bodies::keep_site_pages(&mut memo.pages, site);
    let mut refs = PageRefs {
        values: made.iter().map(|m| m.0.clone()).collect(),
        hashes: made.iter().map(|m| m.1).collect(),
        sections: None,
    };
    if with_sections {
        refs.sections = Some(section_data(views, &refs, Some(&mut memo.sections)));
    }
    refs
}

/// Every section with all its pages, as `get_section` answers, with the hash of each answer.
/// The pages are shared with the refs; with a memo, a section whose own view and pages'
/// hashes are unchanged is not assembled again (10,000 pages: ~30 ms an edit otherwise).
fn section_data(
    views: &Views<'_>,
    refs: &PageRefs,
    memo: Option<&mut HashMap<String, (u64, Value)>>,
) -> Vec<(Value, u64)> {
    let site = views.site;
    let remembered = memo.as_deref();
    // In parallel: the home section of a large site lists thousands of pages, and serialising
    // sections one after the other left a core idle for ~40 ms at 10,000 pages.
    let data: Vec<(Value, u64)> = (0..site.sections.len())
        .into_par_iter()
        .map(|s| {
            let section = &site.sections[s];
            let mut h = DefaultHasher::new();
            let outer = serde_json::to_string(&views.section_with_refs(s, &[])).expect("serialise");
            outer.hash(&mut h);
            for &p in &section.pages {
                refs.hashes[p].hash(&mut h);
            }
            let hash = h.finish();
            let value = match remembered.and_then(|m| m.get(&section.dir)) {
                Some((k, value)) if *k == hash => value.clone(),
                _ => Value::from_serializable(&views.section_with_refs(s, &refs.values)),
            };
            (value, hash)
        })
        .collect();
    if let Some(memo) = memo {
        *memo = site
            .sections
            .iter()
            .zip(&data)
            .map(|(section, (value, hash))| (section.dir.clone(), (*hash, value.clone())))
            .collect();
    }
    data
}
