//! The site search index: French Snowball stems of accent-folded words, each mapped to the
//! pages that use it with a weight. The browser matches a typed word against stems by prefix
//! in both directions, so it needs no stemmer of its own: `reputation` meets the stem `reput`
//! of `e-réputation`, `communautés` meets `communaut`.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

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
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
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

/// Stems words, remembering each word's stem: a site repeats the same few thousand words, and
/// stemming is what dominated building the index before.
struct Stems {
    stemmer: Stemmer,
    known: HashMap<String, String>,
}

impl Stems {
    fn new() -> Self {
        Stems {
            stemmer: Stemmer::create(Algorithm::French),
            known: HashMap::new(),
        }
    }

    /// Adds the stems of `text`, `weight` each, to one document's counts.
    fn add(&mut self, counts: &mut HashMap<String, u32>, text: &str, weight: u32) {
        for word in words(text) {
            let stem = match self.known.get(&word) {
                Some(stem) => stem.clone(),
                None => {
                    let stem = self.stemmer.stem(&word).into_owned();
                    self.known.insert(word, stem.clone());
                    stem
                }
            };
            let entry = counts.entry(stem).or_insert(0);
            *entry = (*entry + weight).min(MAX_WEIGHT);
        }
    }
}

/// A page's stem counts and what they were made from (kept alive to compare identities).
struct DocStems {
    source: Arc<PageSource>,
    body: Arc<RenderedBody>,
    counts: Arc<HashMap<String, u32>>,
}

/// The pages that use one stem, with weights, sorted by page; and their JSON text.
#[derive(Default)]
struct Postings {
    list: Vec<(usize, u32)>,
    json: String,
}

/// What `serve` keeps of the index between renders: an edit restems its page only and patches
/// the postings of the stems it had or has, instead of rebuilding and reserialising an index of
/// every page (10,000 pages: ~90 ms).
#[derive(Default)]
pub struct SearchMemo {
    docs: HashMap<String, DocStems>,
    /// Pages (paths under `content/`) in the order of the last index's documents.
    order: Vec<String>,
    stems: BTreeMap<String, Postings>,
}

/// The stem counts of one page.
fn count_stems(stems: &mut Stems, page: &Page, body: &RenderedBody) -> HashMap<String, u32> {
    let front = &page.source.front;
    let mut counts = HashMap::new();
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
    stems.add(&mut counts, &body.text, BODY_WEIGHT);
    counts
}

impl SearchMemo {
    /// Every page's counts, taken from the memo when its source and body are the same.
    fn doc_stems(&self, site: &Site, bodies: &Bodies) -> Vec<DocStems> {
        site.pages
            .par_iter()
            .zip(&bodies.pages)
            .map_init(Stems::new, |stems, (page, body)| {
                let counts = match self.docs.get(&page.source.file.rel) {
                    Some(d)
                        if Arc::ptr_eq(&d.source, &page.source) && Arc::ptr_eq(&d.body, body) =>
                    {
                        d.counts.clone()
                    }
                    _ => Arc::new(count_stems(stems, page, body)),
                };
                DocStems {
                    source: page.source.clone(),
                    body: body.clone(),
                    counts,
                }
            })
            .collect()
    }

    /// Brings the postings up to date with `docs`; returns the stems whose postings changed.
    fn update_postings(&mut self, docs: &[DocStems]) -> Vec<String> {
        let order: Vec<String> = docs.iter().map(|d| d.source.file.rel.clone()).collect();
        if order != self.order {
            // Pages added, removed or moved: document numbers shift, so start again.
            self.stems.clear();
            for (i, doc) in docs.iter().enumerate() {
                for (stem, weight) in doc.counts.iter() {
                    let postings = self.stems.entry(stem.clone()).or_default();
                    postings.list.push((i, *weight));
                }
            }
            self.order = order;
            return self.stems.keys().cloned().collect();
        }
        let mut dirty = Vec::new();
        for (i, doc) in docs.iter().enumerate() {
            let old = &self.docs[&doc.source.file.rel].counts;
            if Arc::ptr_eq(old, &doc.counts) {
                continue;
            }
            for stem in old.keys() {
                let postings = self.stems.get_mut(stem).expect("indexed before");
                if let Ok(at) = postings.list.binary_search_by_key(&i, |p| p.0) {
                    postings.list.remove(at);
                }
                dirty.push(stem.clone());
            }
            for (stem, weight) in doc.counts.iter() {
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
pub fn search_index(site: &Site, bodies: &Bodies, memo: Option<&mut SearchMemo>) -> String {
    let mut fresh = SearchMemo::default();
    let memo = memo.unwrap_or(&mut fresh);
    let docs = memo.doc_stems(site, bodies);
    let dirty = memo.update_postings(&docs);
    for stem in &dirty {
        if let Some(postings) = memo.stems.get_mut(stem) {
            postings.json = serde_json::to_string(&postings.list).expect("numbers serialise");
        }
    }
    memo.docs = docs
        .into_iter()
        .map(|d| (d.source.file.rel.clone(), d))
        .collect();
    let listed: Vec<Doc> = site
        .pages
        .iter()
        .map(|page| Doc {
            title: &page.source.front.title,
            url: site.href(&page.path),
            description: page.source.front.description.as_deref().unwrap_or(""),
            kind: page.source.front.kind,
            section: &site.sections[page.section].title,
        })
        .collect();
    let docs_json = serde_json::to_string(&listed).expect("plain data serialises");
    // The same text as serialising `{"docs": [...], "stems": {stem: postings}}` in one go.
    let size: usize = memo
        .stems
        .iter()
        .map(|(s, p)| s.len() + p.json.len() + 4)
        .sum();
    let mut out = String::with_capacity(docs_json.len() + size + 32);
    out.push_str("{\"docs\":");
    out.push_str(&docs_json);
    out.push_str(",\"stems\":{");
    for (n, (stem, postings)) in memo.stems.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        out.push_str(&serde_json::to_string(stem).expect("strings serialise"));
        out.push(':');
        out.push_str(&postings.json);
    }
    out.push_str("}}");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assembled_index_is_valid_json_with_sorted_stems() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base");
        let options = crate::pipeline::BuildOptions {
            root,
            ..Default::default()
        };
        let site = crate::pipeline::load_site(&options).unwrap();
        let bodies = crate::render::bodies::render_bodies(&site, &|_, _| {}, None);
        let text = search_index(&site, &bodies, None);
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
