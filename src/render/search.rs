//! The site search index: French Snowball stems of accent-folded words, each mapped to the
//! pages that use it with a weight. The browser matches a typed word against stems by prefix
//! in both directions, so it needs no stemmer of its own: `reputation` meets the stem `reput`
//! of `e-réputation`, `communautés` meets `communaut`.

use std::collections::{BTreeMap, HashMap};

use rust_stemmers::{Algorithm, Stemmer};
use serde::Serialize;

use crate::load::kinds::Kind;
use crate::render::context::Bodies;
use crate::resolve::Site;

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

/// Weight of a word found in a title, a description or the body.
const TITLE_WEIGHT: u32 = 10;
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

/// Stems of `text` with `weight` each, added to one document's counts.
fn add(counts: &mut HashMap<String, u32>, stemmer: &Stemmer, text: &str, weight: u32) {
    for word in words(text) {
        let stem = stemmer.stem(&word).into_owned();
        let entry = counts.entry(stem).or_insert(0);
        *entry = (*entry + weight).min(MAX_WEIGHT);
    }
}

/// `search_index.json` for every page of the site.
/// serde_json escapes what it embeds, so a title with `<script>` stays data.
pub fn search_index(site: &Site, bodies: &Bodies) -> String {
    let stemmer = Stemmer::create(Algorithm::French);
    let mut stems: BTreeMap<String, Vec<(usize, u32)>> = BTreeMap::new();
    let mut docs = Vec::with_capacity(site.pages.len());
    for (i, (page, body)) in site.pages.iter().zip(&bodies.pages).enumerate() {
        let front = &page.source.front;
        let mut counts = HashMap::new();
        add(&mut counts, &stemmer, &front.title, TITLE_WEIGHT);
        add(
            &mut counts,
            &stemmer,
            front.description.as_deref().unwrap_or(""),
            DESCRIPTION_WEIGHT,
        );
        for heading in &page.source.outline.headings {
            add(&mut counts, &stemmer, &heading.text, HEADING_WEIGHT);
        }
        add(&mut counts, &stemmer, &body.text, BODY_WEIGHT);
        for (stem, weight) in counts {
            stems.entry(stem).or_default().push((i, weight));
        }
        docs.push(Doc {
            title: &front.title,
            url: site.href(&page.path),
            description: front.description.as_deref().unwrap_or(""),
            kind: front.kind,
            section: &site.sections[page.section].title,
        });
    }
    for postings in stems.values_mut() {
        postings.sort_unstable();
    }
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
