//! Varied French-like prose for the profiles other than `code-heavy`: words built from
//! syllables by a generator with a fixed seed, sentences of 3 to 30 words, paragraphs, lists,
//! tables, quotes, emphasis and footnotes, so that no build time depends on one paragraph
//! repeated (a cache or a branch predictor would learn it).

use std::fmt::Write as _;

const ONSETS: &[&str] = &[
    "", "b", "c", "d", "f", "g", "j", "l", "m", "n", "p", "r", "s", "t", "v", "ch", "br", "cr",
    "dr", "fl", "gr", "pl", "pr", "tr", "qu",
];
const VOWELS: &[&str] = &[
    "a", "e", "i", "o", "u", "é", "è", "ou", "au", "ai", "eu", "on", "an", "in", "oi", "ê",
];
const CODAS: &[&str] = &[
    "", "", "", "", "r", "l", "s", "n", "x", "t", "nt", "que", "tion",
];
/// Short words French sentences lean on, drawn between the invented ones.
const GLUE: &[&str] = &[
    "le", "la", "les", "des", "une", "un", "et", "ou", "pour", "avec", "dans", "sur", "par", "qui",
    "que", "sans", "leur", "son", "est", "sont", "plus", "très", "chaque", "entre",
];
const VOCABULARY: usize = 3000;

/// The prose generator of one site: its vocabulary and its own xorshift state.
pub struct Prose {
    state: u64,
    vocabulary: Vec<String>,
    /// Words written so far, so a long page can stop at the length it needs.
    pub words: usize,
}

impl Prose {
    /// A generator with a fixed seed: every run writes the same text.
    pub fn new() -> Prose {
        let mut prose = Prose {
            state: 0x9e37_79b9_7f4a_7c15,
            vocabulary: Vec::new(),
            words: 0,
        };
        for _ in 0..VOCABULARY {
            let syllables = 1 + prose.below(4);
            let mut word = String::new();
            for _ in 0..syllables {
                word.push_str(prose.pick(ONSETS));
                word.push_str(prose.pick(VOWELS));
            }
            word.push_str(prose.pick(CODAS));
            prose.vocabulary.push(word);
        }
        prose
    }

    fn next(&mut self) -> usize {
        self.state ^= self.state << 13;
        self.state ^= self.state >> 7;
        self.state ^= self.state << 17;
        (self.state >> 16) as usize
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        self.next() % n
    }

    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.below(list.len())]
    }

    /// A word, common words more often than rare ones (roughly Zipf's law, as in real text).
    fn word(&mut self) -> String {
        self.words += 1;
        if self.below(3) == 0 {
            return self.pick(GLUE).to_owned();
        }
        let rank = self.below(VOCABULARY);
        let index = self.below(rank + 1);
        self.vocabulary[index].clone()
    }

    /// A sentence of `min..=max` words, capitalised, with a comma or emphasis now and then.
    pub fn sentence_of(&mut self, min: usize, max: usize) -> String {
        let count = min + self.below(max - min + 1);
        let mut s = String::new();
        for i in 0..count {
            let word = self.word();
            if i > 0 {
                s.push(' ');
            }
            match (i, self.below(14)) {
                (0, _) => {
                    let mut chars = word.chars();
                    s.extend(chars.next().into_iter().flat_map(char::to_uppercase));
                    s.push_str(chars.as_str());
                }
                (_, 0) => {
                    let _ = write!(s, "*{word}*");
                }
                (_, 1) => {
                    let _ = write!(s, "**{word}**");
                }
                _ => s.push_str(&word),
            }
            if i + 1 < count && i > 1 && self.below(9) == 0 {
                s.push(',');
            }
        }
        s.push_str([".", ".", ".", ".", " ?", " !", " :"][self.below(7)]);
        s
    }

    /// A sentence of ordinary length (3 to 30 words, most around 12).
    pub fn sentence(&mut self) -> String {
        match self.below(4) {
            0 => self.sentence_of(3, 8),
            1 | 2 => self.sentence_of(8, 18),
            _ => self.sentence_of(18, 30),
        }
    }

    /// A paragraph of 1 to 6 sentences, then a blank line.
    pub fn paragraph(&mut self, out: &mut String) {
        let count = 1 + self.below(6);
        for i in 0..count {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(&self.sentence());
        }
        out.push_str("\n\n");
    }

    /// A heading text of 2 to 6 words.
    pub fn title(&mut self) -> String {
        let text = self.sentence_of(2, 6);
        text.trim_end_matches(['.', '?', '!', ' ', ':']).to_owned()
    }

    /// One block that is not a paragraph: a list, a numbered list, a table or a quote.
    pub fn block(&mut self, out: &mut String) {
        match self.below(4) {
            0 => {
                for _ in 0..3 + self.below(4) {
                    let _ = writeln!(out, "- {}", self.sentence_of(3, 14));
                }
            }
            1 => {
                for i in 1..=2 + self.below(5) {
                    let _ = writeln!(out, "{i}. {}", self.sentence_of(4, 16));
                }
            }
            2 => {
                let (a, b) = (self.title(), self.title());
                let _ = writeln!(out, "| {a} | {b} | Valeur |\n|---|---|---:|");
                for _ in 0..2 + self.below(5) {
                    let (x, y) = (self.sentence_of(1, 4), self.sentence_of(2, 6));
                    let _ = writeln!(out, "| {x} | {y} | {} |", self.below(10_000));
                }
            }
            _ => {
                let _ = writeln!(out, "> {}", self.sentence_of(10, 30));
            }
        }
        out.push('\n');
    }

    /// A section under `## heading`: paragraphs and blocks, a `###` subsection now and then.
    pub fn section(&mut self, out: &mut String, heading: &str) {
        let _ = writeln!(out, "## {heading}\n");
        for _ in 0..1 + self.below(3) {
            self.paragraph(out);
            if self.below(2) == 0 {
                self.block(out);
            }
        }
        if self.below(3) == 0 {
            let _ = writeln!(out, "### {}\n", self.title());
            self.paragraph(out);
        }
    }
}
