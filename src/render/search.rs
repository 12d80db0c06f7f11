//! The site search index: French Snowball stems of accent-folded words, each mapped to the
//! pages that use it with a weight. The browser matches a typed word against stems by prefix
//! in both directions, so it needs no stemmer of its own: `reputation` meets the stem `reput`
//! of `e-réputation`, `communautés` meets `communaut`.

use std::collections::{BTreeMap, HashMap};

// Stems are looked up once per word of every page: a fast non-keyed hash (the index is built
// from our own files, not from adversarial input) halves the cost of counting them.
use rustc_hash::FxHashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use rust_stemmers::{Algorithm, Stemmer};
use serde::Serialize;

use crate::load::kinds::Kind;
use crate::load::PageSource;
use crate::render::context::Bodies;
use crate::render::markdown::RenderedBody;
use crate::resolve::{Page, Site};

/// Words too common in French to help a search.
const STOP_WORDS: &[&str] = &[
    "au", "aux", "avec", "ce", "ces", "cet", "cette", "dans", "de", "des", "du", "elle", "elles",
    "en", "est", "et", "eux", "il", "ils", "je", "la", "le", "les", "leur", "leurs", "lui", "ma",
    "mais", "me", "meme", "mes", "moi", "mon", "ne", "nos", "notre", "nous", "on", "ou", "par",
    "pas", "pour", "qu", "que", "qui", "sa", "se", "ses", "son", "sont", "sur", "ta", "te", "tes",
    "toi", "ton", "tu", "un", "une", "vos", "votre", "vous", "y", "a", "d", "l", "s", "n", "c",
    "j", "m", "t", "plus", "comme", "fait", "faire", "etre", "avoir", "aussi", "tout", "tous",
    "toute", "toutes", "sans", "entre", "dont", "ont", "peut", "bien", "the", "and", "of", "to",
];

/// Weight of a title, shared among its words: in a short title each word says more about the
/// page (`L'e-réputation` is about e-reputation more than `Analyste veille et e-réputation`).
const TITLE_WEIGHT: u32 = 60;
/// No title word weighs less than this.
const MIN_TITLE_WORD_WEIGHT: u32 = 10;
/// Weight of a word found in a description, a heading or the body.
const DESCRIPTION_WEIGHT: u32 = 4;
const HEADING_WEIGHT: u32 = 3;
const BODY_WEIGHT: u32 = 1;
/// Repeating a word past this adds nothing: long pages must not drown short precise ones.
const MAX_WEIGHT: u32 = 60;

#[derive(Serialize)]
struct Doc<'a> {
    title: &'a str,
    url: String,
    description: &'a str,
    kind: Kind,
    section: &'a str,
}

/// Lowercase ASCII words of `text`, accents folded, stop words dropped.
pub(crate) fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| deunicode::deunicode(w).to_lowercase())
        .flat_map(|w| {
            w.split(|c: char| !c.is_ascii_alphanumeric())
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .filter(|w| w.len() >= 2 && !STOP_WORDS.contains(&w.as_str()))
}

/// Stems words, remembering the stems of each word as written: a site repeats the same few
/// thousand words, and folding, filtering and stemming each occurrence was a sixth of a build.
struct Stems {
    stemmer: Stemmer,
    /// Per token as written (split on what is not alphanumeric), its stems: none for a stop
    /// word, several when folding splits it (`œuvre` stays one, `l’` is already split).
    known: FxHashMap<String, Box<[String]>>,
}

impl Stems {
    fn new() -> Self {
        Stems {
            stemmer: Stemmer::create(Algorithm::French),
            known: FxHashMap::default(),
        }
    }

    /// Adds the stems of `text`, `weight` each, to one document's counts.
    fn add(&mut self, counts: &mut FxHashMap<String, u32>, text: &str, weight: u32) {
        for token in text.split(|c: char| !c.is_alphanumeric()) {
            if token.is_empty() {
                continue;
            }
            // One hash of the token when it is known (nearly always): looking it up, then
            // indexing, hashed it twice.
            let stems = match self.known.get(token) {
                Some(stems) => stems,
                None => {
                    let stems = words(token)
                        .map(|w| self.stemmer.stem(&w).into_owned())
                        .collect();
                    self.known.entry(token.to_owned()).or_insert(stems)
                }
            };
            for stem in stems.iter() {
                match counts.get_mut(stem) {
                    Some(entry) => *entry = (*entry + weight).min(MAX_WEIGHT),
                    None => {
                        counts.insert(stem.clone(), weight.min(MAX_WEIGHT));
                    }
                }
            }
        }
    }
}

/// A page's stem counts and its entry in `docs`, with what they were made from (source and
/// body kept alive to compare identities; the entry also shows its URL and section title).
struct DocStems {
    source: Arc<PageSource>,
    body: Arc<RenderedBody>,
    counts: Arc<FxHashMap<String, u32>>,
    /// `(URL, section title)` the entry was made with.
    shown: Arc<(String, String)>,
    /// The entry's JSON text.
    json: Arc<str>,
}

/// The pages that use one stem, with weights, sorted by page; and the `"stem":[...]` text.
#[derive(Default)]
struct Postings {
    list: Vec<(usize, u32)>,
    json: String,
}

/// What `serve` keeps of the index between renders: an edit restems its page only and patches
/// the postings of the stems it had or has, instead of rebuilding and reserialising an index of
/// every page (10,000 pages: ~90 ms).
#[derive(Default)]
pub(crate) struct SearchMemo {
    /// In the order of the last index's documents.
    docs: Vec<DocStems>,
    stems: BTreeMap<String, Postings>,
}

/// The stem counts of one page. This index, stemmed in French, holds the default language's
/// pages only: a translation or a fallback has no stems, so it is never a result (the other
/// languages' pages would otherwise answer twice, once in French). One index per language is
/// left to the Pagefind search stage (branch `search`).
fn count_stems(stems: &mut Stems, page: &Page, text: &str) -> FxHashMap<String, u32> {
    let front = &page.source.front;
    let mut counts = FxHashMap::default();
    if !page.language.is_default() {
        return counts;
    }
    let title_words = words(&front.title).count().max(1) as u32;
    let title_weight = (TITLE_WEIGHT / title_words).max(MIN_TITLE_WORD_WEIGHT);
    stems.add(&mut counts, &front.title, title_weight);
    stems.add(
        &mut counts,
        front.description.as_deref().unwrap_or(""),
        DESCRIPTION_WEIGHT,
    );
    for heading in &page.source.outline.headings {
        stems.add(&mut counts, &heading.text, HEADING_WEIGHT);
    }
    stems.add(&mut counts, text, BODY_WEIGHT);
    counts
}

/// A page's entry in `docs`.
fn doc_json(page: &Page, shown: &(String, String)) -> Arc<str> {
    let doc = Doc {
        title: &page.source.front.title,
        url: shown.0.clone(),
        description: page.source.front.description.as_deref().unwrap_or(""),
        kind: page.source.front.kind,
        section: &shown.1,
    };
    serde_json::to_string(&doc)
        .expect("plain data serialises")
        .into()
}

impl SearchMemo {
    /// Every page's counts and entry, taken from the memo when made from the same inputs.
    /// Returns them and whether the pages are those of the memo, in the same order.
    fn doc_stems(&self, site: &Site, bodies: &Bodies) -> (Vec<DocStems>, bool) {
        let same_order = self.docs.len() == site.pages.len()
            && self
                .docs
                .iter()
                .zip(&site.pages)
                .all(|(d, p)| d.source.file.rel == p.source.file.rel);
        let by_rel: HashMap<&str, &DocStems> = if same_order {
            HashMap::new()
        } else {
            self.docs
                .iter()
                .map(|d| (d.source.file.rel.as_str(), d))
                .collect()
        };
        let docs = site
            .pages
            .par_iter()
            .zip(&bodies.pages)
            .enumerate()
            .map_init(Stems::new, |stems, (i, (page, body))| {
                let before = if same_order {
                    self.docs.get(i)
                } else {
                    by_rel.get(page.source.file.rel.as_str()).copied()
                };
                let same_source = before.filter(|d| Arc::ptr_eq(&d.source, &page.source));
                let counts = match same_source {
                    Some(d) if Arc::ptr_eq(&d.body, body) => d.counts.clone(),
                    _ => Arc::new(count_stems(stems, page, &body.text)),
                };
                let section = &site.sections[page.section].title;
                // Compared without building the URL: only a changed entry is made again.
                let same_shown = |d: &DocStems| {
                    d.shown.1 == *section
                        && d.shown.0.strip_prefix(site.config.base_path.as_str())
                            == Some(page.path.as_str())
                };
                let (shown, json) = match same_source.filter(|d| same_shown(d)) {
                    Some(d) => (d.shown.clone(), d.json.clone()),
                    None => {
                        let shown = Arc::new((site.href(&page.path), section.clone()));
                        let json = doc_json(page, &shown);
                        (shown, json)
                    }
                };
                DocStems {
                    source: page.source.clone(),
                    body: body.clone(),
                    counts,
                    shown,
                    json,
                }
            })
            .collect();
        (docs, same_order)
    }

    /// Brings the postings up to date with `docs`; returns the stems whose postings changed.
    fn update_postings(&mut self, docs: &[DocStems], same_order: bool) -> Vec<String> {
        if !same_order {
            // Pages added, removed or moved: document numbers shift, so start again.
            self.stems.clear();
            for (i, doc) in docs.iter().enumerate() {
                for (stem, weight) in doc.counts.iter() {
                    let postings = self.stems.entry(stem.clone()).or_default();
                    postings.list.push((i, *weight));
                }
            }
            return self.stems.keys().cloned().collect();
        }
        let mut dirty = Vec::new();
        for (i, (doc, old)) in docs.iter().zip(&self.docs).enumerate() {
            if Arc::ptr_eq(&old.counts, &doc.counts) {
                continue;
            }
            // Only stems whose weight for this page changed are touched: an edit changes a few
            // words, and a common stem's postings (every page) cost ~50 KB to write again.
            for (stem, weight) in old.counts.iter() {
                if doc.counts.get(stem) == Some(weight) {
                    continue;
                }
                let postings = self.stems.get_mut(stem).expect("indexed before");
                if let Ok(at) = postings.list.binary_search_by_key(&i, |p| p.0) {
                    postings.list.remove(at);
                }
                dirty.push(stem.clone());
            }
            for (stem, weight) in doc.counts.iter() {
                if old.counts.get(stem) == Some(weight) {
                    continue;
                }
                let postings = self.stems.entry(stem.clone()).or_default();
                let at = postings.list.partition_point(|p| p.0 < i);
                postings.list.insert(at, (i, *weight));
                dirty.push(stem.clone());
            }
        }
        dirty.sort_unstable();
        dirty.dedup();
        for stem in &dirty {
            if self.stems.get(stem).is_some_and(|p| p.list.is_empty()) {
                self.stems.remove(stem);
            }
        }
        dirty
    }
}

/// `search_index.json` for every page of the site; with a memo (in `serve`), only what changed
/// since the memo's index is computed again.
/// serde_json escapes what it embeds, so a title with `<script>` stays data.
pub(crate) fn search_index(site: &Site, bodies: &Bodies, memo: Option<&mut SearchMemo>) -> String {
    let Some(memo) = memo else {
        let index = IndexBuilder::new(site.pages.len());
        bodies
            .pages
            .par_iter()
            .enumerate()
            .for_each(|(p, body)| index.add(site, p, &body.text));
        return index.finish(site);
    };
    let (docs, same_order) = memo.doc_stems(site, bodies);
    let dirty = memo.update_postings(&docs, same_order);
    memo.docs = docs;
    for stem in dirty {
        if let Some(postings) = memo.stems.get_mut(&stem) {
            postings.json = postings_json(&stem, &postings.list);
        }
    }
    assemble(
        memo.docs.iter().map(|d| &*d.json),
        memo.stems.values().map(|p| p.json.as_str()),
    )
}

/// `"stem":[[page,weight],...]`.
fn postings_json(stem: &str, list: &[(usize, u32)]) -> String {
    let key = serde_json::to_string(stem).expect("strings serialise");
    let list = serde_json::to_string(list).expect("numbers serialise");
    format!("{key}:{list}")
}

/// The index of a build, made while its pages render: each page's job renders the body in
/// full and adds its plain text here, so no pass over the bodies is made for the index alone
/// and no body's text outlives its job (50,000 pages: ~250 MB held otherwise). Pages come from
/// any thread, in any order; the postings are sorted once, by [`IndexBuilder::finish`].
pub(crate) struct IndexBuilder {
    postings: Mutex<FxHashMap<String, Vec<(usize, u32)>>>,
    added: Vec<AtomicBool>,
}

impl IndexBuilder {
    /// An empty index for a site of `pages` pages.
    pub(crate) fn new(pages: usize) -> Self {
        IndexBuilder {
            postings: Mutex::default(),
            added: (0..pages).map(|_| AtomicBool::new(false)).collect(),
        }
    }

    /// Adds page `p`, whose body's plain text is `text`; a page already added is left alone.
    pub(crate) fn add(&self, site: &Site, p: usize, text: &str) {
        thread_local! {
            static STEMS: std::cell::RefCell<Option<Stems>> = const { std::cell::RefCell::new(None) };
        }
        if self.added[p].swap(true, Ordering::Relaxed) {
            return;
        }
        let counts = STEMS.with(|s| {
            let mut s = s.borrow_mut();
            let stems = s.get_or_insert_with(Stems::new);
            count_stems(stems, &site.pages[p], text)
        });
        let mut postings = self.postings.lock().expect("lock");
        for (stem, weight) in counts {
            postings.entry(stem).or_default().push((p, weight));
        }
    }

    /// The pages not added yet (in a build, those reused from the previous one).
    pub(crate) fn missing(&self) -> Vec<usize> {
        let added = self.added.iter().enumerate();
        added
            .filter(|(_, a)| !a.load(Ordering::Relaxed))
            .map(|(p, _)| p)
            .collect()
    }

    /// The index text.
    pub(crate) fn finish(self, site: &Site) -> String {
        let docs: Vec<Arc<str>> = site
            .pages
            .par_iter()
            .map(|page| {
                let section = site.sections[page.section].title.clone();
                doc_json(page, &(site.href(&page.path), section))
            })
            .collect();
        let mut postings: Vec<(String, Vec<(usize, u32)>)> = self
            .postings
            .into_inner()
            .expect("lock")
            .into_iter()
            .collect();
        postings.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let stems: Vec<String> = postings
            .par_iter_mut()
            .map(|(stem, list)| {
                list.sort_unstable_by_key(|&(p, _)| p);
                postings_json(stem, list)
            })
            .collect();
        assemble(docs.iter().map(|d| &**d), stems.iter().map(String::as_str))
    }
}

/// The index text from its documents' and stems' JSON: the same text as serialising
/// `{"docs": [...], "stems": {stem: postings}}` in one go.
fn assemble<'a>(
    docs: impl Iterator<Item = &'a str> + Clone,
    stems: impl Iterator<Item = &'a str> + Clone,
) -> String {
    let size: usize = docs.clone().map(|d| d.len() + 1).sum::<usize>()
        + stems.clone().map(|p| p.len() + 1).sum::<usize>();
    let mut out = String::with_capacity(size + 32);
    out.push_str("{\"docs\":[");
    for (n, doc) in docs.enumerate() {
        if n > 0 {
            out.push(',');
        }
        out.push_str(doc);
    }
    out.push_str("],\"stems\":{");
    for (n, postings) in stems.enumerate() {
        if n > 0 {
            out.push(',');
        }
        out.push_str(postings);
    }
    out.push_str("}}");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `base` fixture site and its bodies rendered in full (as `serve` renders them).
    fn base_site() -> (Site, Bodies) {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base");
        let options = crate::pipeline::BuildOptions {
            root,
            ..Default::default()
        };
        let site = crate::pipeline::load_site(&options).unwrap();
        let bodies = crate::render::bodies::render_bodies(&site, &|_, _| {}, None, None, false);
        (site, bodies)
    }

    #[test]
    fn assembled_index_is_valid_json_with_sorted_stems() {
        let (site, bodies) = base_site();
        let text = search_index(&site, &bodies, None);
        // A build's index (no memo) and `serve`'s (with one) are the same text.
        let with_memo = search_index(&site, &bodies, Some(&mut SearchMemo::default()));
        assert_eq!(text, with_memo);
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let stems = value["stems"].as_object().unwrap();
        assert!(stems.len() > 10);
        assert_eq!(value["docs"].as_array().unwrap().len(), site.pages.len());
        // serde_json (without preserve_order) sorts keys: reserialising the stems must give the
        // same text as the one assembled from fragments.
        let at = text.find(",\"stems\":").unwrap() + ",\"stems\":".len();
        let assembled = &text[at..text.len() - 1];
        assert_eq!(serde_json::to_string(&value["stems"]).unwrap(), assembled);
    }

    /// A build adds pages as their jobs end, from any thread and in any order, and adds the
    /// pages no job rendered at the end: the index must not depend on that order.
    #[test]
    fn pages_added_in_any_order_give_the_same_index() {
        let (site, bodies) = base_site();
        let expected = search_index(&site, &bodies, Some(&mut SearchMemo::default()));
        let index = IndexBuilder::new(site.pages.len());
        for p in (0..site.pages.len()).rev().step_by(2) {
            index.add(&site, p, &bodies.pages[p].text);
        }
        // A page added twice counts once.
        index.add(&site, site.pages.len() - 1, &bodies.pages[0].text);
        let missing = index.missing();
        assert_eq!(missing.len(), site.pages.len() / 2);
        for p in missing {
            index.add(&site, p, &bodies.pages[p].text);
        }
        assert!(index.missing().is_empty());
        assert_eq!(index.finish(&site), expected);
    }

    #[test]
    fn words_are_folded_and_split() {
        let w: Vec<String> = words("L'e-réputation des Communautés").collect();
        assert_eq!(w, ["reputation", "communautes"]);
    }

    #[test]
    fn inflections_share_a_stem_that_prefixes_the_query() {
        let stemmer = Stemmer::create(Algorithm::French);
        let stem = stemmer.stem("communaute").into_owned();
        assert!("communautes".starts_with(&stem), "{stem}");
        let stem = stemmer.stem("reputation").into_owned();
        assert!("reputation".starts_with(&stem) && stem.len() >= 3, "{stem}");
    }
}
