//! Finds the glossary's words in a text: one Aho-Corasick automaton over every term, synonym
//! and abbreviation, built once per build, run over case-folded text.
//!
//! Folding maps each character to one character (`É` → `é`, `’` → `'`, no-break spaces → a
//! space), so a match in the folded text maps back to the original byte for byte through a
//! table of character starts. Words are whole: the characters around a match must not be
//! letters or digits (accented letters included), and a plural `s` or `x` may follow.

use aho_corasick::{AhoCorasick, MatchKind};

/// One word to look for and the term it names.
#[derive(Debug, Clone)]
pub(crate) struct Pattern {
    /// Index of the term in the glossary.
    pub(crate) term: usize,
    /// The word as written, for abbreviations matched with their exact case.
    pub(crate) written: String,
    /// `CM`, `KPI`: matched with the case written, so that `cm` (centimetres) is left alone.
    pub(crate) exact_case: bool,
}

/// Every pattern of the glossary in one automaton.
#[derive(Debug, Clone)]
pub(crate) struct Matcher {
    automaton: AhoCorasick,
    patterns: Vec<Pattern>,
}

/// A word found: byte range in the original text and the term it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Found {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) term: usize,
}

/// One character folded for matching: lowercase, curly apostrophe and no-break spaces plain.
fn fold_char(c: char) -> char {
    match c {
        '\u{2019}' | '\u{02bc}' => '\'',
        '\u{a0}' | '\u{202f}' | '\u{2009}' => ' ',
        c => {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) => l,
                _ => c,
            }
        }
    }
}

/// `text` folded, and for each byte of the folded text the byte of `text` its character
/// starts at (one more entry: the end).
fn fold(text: &str) -> (String, Vec<usize>) {
    let mut folded = String::with_capacity(text.len());
    let mut starts = Vec::with_capacity(text.len() + 1);
    for (i, c) in text.char_indices() {
        let f = fold_char(c);
        for _ in 0..f.len_utf8() {
            starts.push(i);
        }
        folded.push(f);
    }
    starts.push(text.len());
    (folded, starts)
}

/// Whether `c` continues a word (so a match next to it is only part of a word).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

impl Matcher {
    /// Builds the automaton; `patterns` and `words` go together, one word per pattern.
    pub(crate) fn new(patterns: Vec<Pattern>) -> Matcher {
        let folded: Vec<String> = patterns.iter().map(|p| fold(p.written.trim()).0).collect();
        // Standard semantics, because overlapping matches are wanted: the longest match
        // that is a whole word wins at each position, not only the longest.
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&folded)
            .expect("glossary patterns are small enough for an automaton");
        Matcher {
            automaton,
            patterns,
        }
    }

    /// Whole-word matches in `text`, leftmost first, longest first where they overlap, never
    /// overlapping one another.
    pub(crate) fn find(&self, text: &str) -> Vec<Found> {
        let (folded, starts) = fold(text);
        let mut candidates: Vec<Found> = Vec::new();
        for m in self.automaton.find_overlapping_iter(&folded) {
            let pattern = &self.patterns[m.pattern().as_usize()];
            let (start, end) = (starts[m.start()], starts[m.end()]);
            if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
                continue;
            }
            if pattern.exact_case && text[start..end] != *pattern.written.trim() {
                continue;
            }
            let before = text[..start].chars().next_back();
            if before.is_some_and(is_word_char) {
                continue;
            }
            let mut end = end;
            let mut after = text[end..].chars();
            let next = after.next();
            // A plural: `abonnés` for `abonné`, `réseaux` for `réseau`.
            if matches!(next, Some('s' | 'x')) && !after.next().is_some_and(is_word_char) {
                end += 1;
            } else if next.is_some_and(is_word_char) {
                continue;
            }
            candidates.push(Found {
                start,
                end,
                term: pattern.term,
            });
        }
        candidates.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        let mut kept: Vec<Found> = Vec::new();
        for c in candidates {
            if kept.last().is_none_or(|k| c.start >= k.end) {
                kept.push(c);
            }
        }
        kept
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher(words: &[(&str, usize, bool)]) -> Matcher {
        Matcher::new(
            words
                .iter()
                .map(|&(w, term, exact_case)| Pattern {
                    term,
                    written: w.to_owned(),
                    exact_case,
                })
                .collect(),
        )
    }

    fn words<'a>(m: &Matcher, text: &'a str) -> Vec<(&'a str, usize)> {
        m.find(text)
            .into_iter()
            .map(|f| (&text[f.start..f.end], f.term))
            .collect()
    }

    #[test]
    fn case_and_accents_are_folded_and_words_are_whole() {
        let m = matcher(&[("Écoute active", 0, false), ("bot", 1, false)]);
        assert_eq!(
            words(&m, "L’ÉCOUTE ACTIVE des robots, un bot, des bots."),
            [("ÉCOUTE ACTIVE", 0), ("bot", 1), ("bots", 1)]
        );
    }

    #[test]
    fn the_longest_whole_word_wins() {
        let m = matcher(&[("community", 0, false), ("community manager", 1, false)]);
        assert_eq!(
            words(&m, "Un community manager et une community."),
            [("community manager", 1), ("community", 0)]
        );
    }

    #[test]
    fn apostrophes_and_no_break_spaces_match_plain_ones() {
        let m = matcher(&[("taux d'engagement", 0, false)]);
        assert_eq!(
            words(&m, "le taux\u{a0}d’engagement"),
            [("taux\u{a0}d’engagement", 0)]
        );
    }

    #[test]
    fn abbreviations_keep_their_case() {
        let m = matcher(&[("CM", 0, true)]);
        assert_eq!(words(&m, "Le CM mesure 3 cm."), [("CM", 0)]);
    }
}
