//! Typo tolerance for the search box. Pagefind matches a query word by its stem or as a prefix,
//! never with a typo ("infuenceur" finds nothing it should). So the stage also writes, per
//! language and per word length, the words the site uses (accents folded, the most widespread
//! first). When no highlighted word of Pagefind's answer comes near a query word, the theme's
//! script fetches the lists of that word's length and the two beside it (one edit changes the
//! length by one at most), and if the site does not use the word, replaces it with the most
//! widespread word one edit away (a letter left out, added, changed, or two swapped), searches
//! again and says so. A query without a typo never fetches a list.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use crate::render::Output;

/// Shortest word worth correcting: below that, one edit reaches too many words.
const MIN_LEN: usize = 4;
/// Longest word kept (longer ones are identifiers, URLs, hashes).
const MAX_LEN: usize = 24;
/// Most words kept per language: the list must stay small next to the index.
const MAX_WORDS: usize = 20_000;

/// File of the words of `language` that are `len` letters long, under the index folder.
pub(crate) fn file_name(language: &str, len: usize) -> String {
    format!("cmbook-words.{language}.{len}.json")
}

/// Per language, in how many pages each word appears.
#[derive(Default)]
pub(crate) struct Vocabulary {
    languages: BTreeMap<String, FxHashMap<String, u32>>,
}

impl Vocabulary {
    /// Counts the words of one page's HTML (text outside tags, scripts and styles).
    pub(crate) fn add(&mut self, html: &str) {
        let language = language_of(html).unwrap_or("unknown").to_owned();
        let mut seen: Vec<String> = words_of(html).collect();
        seen.sort_unstable();
        seen.dedup();
        let counts = self.languages.entry(language).or_default();
        for word in seen {
            *counts.entry(word).or_default() += 1;
        }
    }

    /// One JSON list per language and word length, the most widespread word first; every
    /// length a typed word can reach has its file (maybe `[]`), so the script never asks for a
    /// missing one.
    pub(crate) fn files(self) -> Vec<(String, Vec<u8>)> {
        let mut files = Vec::new();
        for (language, counts) in self.languages {
            let mut words: Vec<(String, u32)> = counts.into_iter().collect();
            words.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            words.truncate(MAX_WORDS);
            let mut by_len: BTreeMap<usize, Vec<String>> = (MIN_LEN - 1..=MAX_LEN + 1)
                .map(|l| (l, Vec::new()))
                .collect();
            for (word, _) in words {
                by_len.entry(word.len()).or_default().push(word);
            }
            for (len, words) in by_len {
                let json = serde_json::Value::from(words).to_string();
                files.push((file_name(&language, len), json.into_bytes()));
            }
        }
        files
    }
}

/// The index files of the vocabulary, under `dir`.
pub(crate) fn outputs(vocabulary: Vocabulary, dir: &str) -> Vec<Output> {
    vocabulary
        .files()
        .into_iter()
        .map(|(name, bytes)| Output::bytes(format!("{dir}/{name}"), bytes))
        .collect()
}

/// The `lang` of the page's `<html>` element.
fn language_of(html: &str) -> Option<&str> {
    let start = html.find("<html")?;
    let tag = &html[start..start + html[start..].find('>')?];
    let value = tag.split_once("lang=\"")?.1;
    value.split('"').next().filter(|l| !l.is_empty())
}

/// Folded lowercase words of the text of `html`.
fn words_of(html: &str) -> impl Iterator<Item = String> + '_ {
    text_runs(html)
        .flat_map(|run| run.split(|c: char| !c.is_alphabetic()))
        .filter(|w| w.chars().count() >= MIN_LEN)
        .map(|w| deunicode::deunicode(w).to_lowercase())
        .flat_map(|w| {
            w.split(|c: char| !c.is_ascii_lowercase())
                .filter(|w| (MIN_LEN..=MAX_LEN).contains(&w.len()))
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
}

/// The text between tags, without scripts, styles and character references.
fn text_runs(html: &str) -> impl Iterator<Item = &str> {
    let mut rest = html;
    std::iter::from_fn(move || loop {
        if rest.is_empty() {
            return None;
        }
        let Some(open) = rest.find('<') else {
            let run = rest;
            rest = "";
            return Some(run);
        };
        let run = &rest[..open];
        let after = &rest[open..];
        let skip_to = ["<script", "<style"]
            .iter()
            .find(|t| after.starts_with(**t))
            .and_then(|t| after.find(&format!("</{}>", &t[1..])))
            .unwrap_or(0);
        let close = after[skip_to..]
            .find('>')
            .map_or(after.len(), |i| skip_to + i + 1);
        rest = &after[close..];
        if !run.is_empty() {
            return Some(run);
        }
    })
    .flat_map(|run| run.split('&').enumerate())
    .map(|(i, part)| match i {
        // After a `&`, drop the reference up to its `;`.
        0 => part,
        _ => part.split_once(';').map_or(part, |(_, after)| after),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_come_from_text_only_folded() {
        let html = "<html lang=\"fr\"><head><style>.stratégie{}</style><script>var influence;</script></head>\
                    <body><h1 class=\"titre\">L&#x27;e-réputation</h1><p>Stratégie &amp; modération</p></body></html>";
        let words: Vec<String> = words_of(html).collect();
        assert_eq!(words, ["reputation", "strategie", "moderation"]);
        assert_eq!(language_of(html), Some("fr"));
    }

    #[test]
    fn the_most_widespread_word_comes_first_per_language() {
        let mut v = Vocabulary::default();
        v.add("<html lang=\"fr\"><p>crise marque</p></html>");
        v.add("<html lang=\"fr\"><p>crise crise</p></html>");
        v.add("<html lang=\"en\"><p>crisis</p></html>");
        v.add("<html lang=\"fr\"><p>marque marché</p></html>");
        let files: std::collections::HashMap<String, String> = v
            .files()
            .into_iter()
            .map(|(n, b)| (n, String::from_utf8(b).unwrap()))
            .collect();
        assert_eq!(files["cmbook-words.fr.5.json"], r#"["crise"]"#);
        assert_eq!(files["cmbook-words.fr.6.json"], r#"["marque","marche"]"#);
        assert_eq!(files["cmbook-words.en.6.json"], r#"["crisis"]"#);
        assert_eq!(files["cmbook-words.en.3.json"], "[]");
        assert_eq!(files.len(), 2 * (MAX_LEN - MIN_LEN + 3));
    }
}
