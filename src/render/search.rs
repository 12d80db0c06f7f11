//! The site search index: French Snowball stems of accent-folded words, each mapped to the
//! pages that use it with a weight. The browser matches a typed word against stems by prefix
//! in both directions, so it needs no stemmer of its own: `reputation` meets the stem `reput`
//! of `e-réputation`, `communautés` meets `communaut`.

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;
use rust_stemmers::{Algorithm, Stemmer};
use serde::Serialize;

use crate::load::kinds::Kind;
use crate::render::context::Bodies;
use crate::resolve::Site;

/// Per page (path under `content/`): the hash of its source and its stem counts.
pub type StemCache = HashMap<String, (u64, Arc<HashMap<String, u32>>)>;

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

#[derive(Serialize)]
struct Index<'a> {
    docs: Vec<Doc<'a>>,
    stems: BTreeMap<String, Vec<(usize, u32)>>,
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

/// `search_index.json` for every page of the site.
/// serde_json escapes what it embeds, so a title with `<script>` stays data.
pub fn search_index(site: &Site, bodies: &Bodies, cache: Option<&mut StemCache>) -> String {
    let previous = cache.as_deref();
    // Documents are stemmed in parallel, each worker with its own memory of stems; in `serve`,
    // a page whose source did not change keeps its counts from the last index.
    let per_doc: Vec<(u64, Arc<HashMap<String, u32>>)> = site
        .pages
        .par_iter()
        .zip(&bodies.pages)
        .map_init(Stems::new, |stems, (page, body)| {
            let key = previous.map_or(0, |_| {
                let mut h = DefaultHasher::new();
                page.source.file.text.hash(&mut h);
                h.finish()
            });
            if let Some((k, counts)) = previous.and_then(|c| c.get(&page.source.file.rel)) {
                if *k == key {
                    return (key, counts.clone());
                }
            }
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
            (key, Arc::new(counts))
        })
        .collect();
    if let Some(cache) = cache {
        cache.clear();
        for (page, (key, counts)) in site.pages.iter().zip(&per_doc) {
            cache.insert(page.source.file.rel.clone(), (*key, counts.clone()));
        }
    }
    let mut stems: BTreeMap<String, Vec<(usize, u32)>> = BTreeMap::new();
    for (i, (_, counts)) in per_doc.iter().enumerate() {
        for (stem, weight) in counts.iter() {
            stems.entry(stem.clone()).or_default().push((i, *weight));
        }
    }
    for postings in stems.values_mut() {
        postings.sort_unstable();
    }
    let docs = site
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
    serde_json::to_string(&Index { docs, stems }).expect("plain data serialises")
}

#[cfg(test)]
mod tests {
    use super::*;

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
