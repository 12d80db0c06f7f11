//! Typography of prose: the spaces and apostrophes a language's typesetting expects, applied
//! to titles, descriptions and Markdown text (see [`events`]), never to code, URLs or HTML.
//!
//! French (`fr`): a narrow no-break space (U+202F) before `; ! ?` and inside « », a no-break
//! space (U+00A0) before `:`, and `’` for an apostrophe between two letters. Only spaces the
//! author wrote become no-break ones (« » excepted, which always take one): `12:30`,
//! `https://x` or an English quotation such as « Weak signals: early warnings » have none, and
//! guessing one would be wrong there. Applying the pass twice changes nothing more.

pub(crate) mod events;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::ops::Range;

use serde::Serialize;

use crate::markdown::ChecklistGroup;

pub(crate) use events::typeset_events;

/// No-break space, before `:` in French.
const NBSP: char = '\u{a0}';
/// Narrow no-break space, before `; ! ?` and inside « » in French.
const NNBSP: char = '\u{202f}';

/// Which typesetting conventions prose follows (`typography:` in `cmbook.yaml`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Typography {
    /// Text is left exactly as written.
    #[default]
    None,
    /// French conventions (Imprimerie nationale): no-break spaces and curly apostrophes.
    Fr,
}

impl Typography {
    /// The names `typography:` accepts, as written in `cmbook.yaml`.
    pub const NAMES: [&'static str; 2] = ["fr", "none"];

    /// The conventions named `name` in `cmbook.yaml`.
    pub fn from_name(name: &str) -> Option<Typography> {
        match name {
            "fr" => Some(Typography::Fr),
            "none" => Some(Typography::None),
            _ => None,
        }
    }

    /// The conventions a site in `language` (a BCP 47 tag: `fr`, `fr-BE`) follows by default.
    pub fn for_language(language: &str) -> Typography {
        let primary = language.split(['-', '_']).next().unwrap_or_default();
        if primary.eq_ignore_ascii_case("fr") {
            Typography::Fr
        } else {
            Typography::None
        }
    }
}

/// `text` typeset by `typography`; borrowed when nothing changes.
pub(crate) fn typeset(text: &str, typography: Typography) -> Cow<'_, str> {
    typeset_between(None, text, None, typography)
}

/// [`typeset`] for an owned text, which is given back as is when nothing changes.
pub(crate) fn typeset_owned(text: String, typography: Typography) -> String {
    match typeset(&text, typography) {
        Cow::Borrowed(_) => text,
        Cow::Owned(typeset) => typeset,
    }
}

/// Checklist groups with their heading titles typeset: the outline keeps them as written,
/// since their ids come from them. Borrowed when no title changes.
pub(crate) fn typeset_headings(
    groups: &[ChecklistGroup],
    typography: Typography,
) -> Cow<'_, [ChecklistGroup]> {
    let changes = |g: &ChecklistGroup| matches!(typeset(&g.title, typography), Cow::Owned(_));
    if !groups.iter().any(changes) {
        return Cow::Borrowed(groups);
    }
    let typeset_group = |g: &ChecklistGroup| ChecklistGroup {
        title: typeset(&g.title, typography).into_owned(),
        ..g.clone()
    };
    Cow::Owned(groups.iter().map(typeset_group).collect())
}

/// [`typeset`] for a piece of a longer text: `before` and `after` are the characters next to
/// it (`None` at the start or end of the block), so that `l’*été*` or `mot !` split across
/// Markdown events are read as one text.
pub(crate) fn typeset_between(
    before: Option<char>,
    text: &str,
    after: Option<char>,
    typography: Typography,
) -> Cow<'_, str> {
    match typography {
        Typography::None => Cow::Borrowed(text),
        Typography::Fr if !text.contains(is_french_trigger) => Cow::Borrowed(text),
        Typography::Fr => french(before, text, after),
    }
}

/// Characters next to which French typography may change something.
fn is_french_trigger(c: char) -> bool {
    matches!(c, ':' | ';' | '!' | '?' | '«' | '»' | '\'')
}

/// A space that may sit before a French punctuation mark (ordinary, no-break, thin).
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | NBSP | NNBSP | '\u{2009}' | '\u{2007}')
}

/// The French pass over `text`, which has at least one trigger character.
fn french(before: Option<char>, text: &str, after: Option<char>) -> Cow<'_, str> {
    let protected = protected_ranges(text);
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let char_before = |i: usize| if i == 0 { before } else { at(i - 1) };
    let char_after = |i: usize| {
        if i + 1 < chars.len() {
            at(i + 1)
        } else {
            after
        }
    };
    let is_protected = |byte: usize| protected.iter().any(|r| r.contains(&byte));
    let mut out = String::with_capacity(text.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let (byte, c) = chars[i];
        if is_protected(byte) {
            out.push(c);
            i += 1;
            continue;
        }
        if is_space(c) {
            let end = (i..chars.len())
                .find(|&j| !is_space(chars[j].1) || is_protected(chars[j].0))
                .unwrap_or(chars.len());
            let next = if end < chars.len() { at(end) } else { after };
            match space_for(char_before(i), next) {
                Some(space) => out.push(space),
                None => out.push_str(&text[byte..chars.get(end).map_or(text.len(), |&(b, _)| b)]),
            }
            i = end;
            continue;
        }
        let (prev, next) = (char_before(i), char_after(i));
        match c {
            '»' if prev.is_some_and(|p| !is_space(p)) => {
                out.push(NNBSP);
                out.push('»');
            }
            '«' if next.is_some_and(|n| !is_space(n)) => {
                out.push('«');
                out.push(NNBSP);
            }
            '\'' if prev.is_some_and(char::is_alphabetic)
                && next.is_some_and(char::is_alphabetic) =>
            {
                out.push('’');
            }
            _ => out.push(c),
        }
        i += 1;
    }
    if out == text {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(out)
    }
}

/// The space a run of spaces between `prev` and `next` becomes, or `None` to keep it.
pub(crate) fn space_for(prev: Option<char>, next: Option<char>) -> Option<char> {
    // A run at the very start of a block follows nothing a mark could be glued to.
    let prev = prev.filter(|p| !is_space(*p) && *p != '\n')?;
    match next {
        Some(':') => Some(NBSP),
        Some(';' | '!' | '?' | '»') => Some(NNBSP),
        Some(n) if prev == '«' && !is_space(n) && n != '\n' => Some(NNBSP),
        _ => None,
    }
}

/// Byte ranges of `text` that are not prose: URLs (`https://…`, `www.…`, `mailto:…`, up to
/// the next space) and code between backticks (titles and descriptions are plain text, where
/// an author still writes `robots.txt` in backticks).
fn protected_ranges(text: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                if is_url(&text[s..i]) {
                    ranges.push(s..i);
                }
                start = None;
            }
            _ => {}
        }
    }
    ranges.extend(code_spans(text));
    ranges
}

/// Whether a word (text between spaces) is or holds a URL.
fn is_url(word: &str) -> bool {
    let word = word.trim_start_matches(|c: char| !c.is_alphanumeric());
    word.contains("://") || word.starts_with("www.") || word.starts_with("mailto:")
}

/// Byte ranges of backtick code spans, backticks included: a run of N backticks up to the
/// next run of exactly N, as in Markdown.
fn code_spans(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let run_at = |i: usize| bytes[i..].iter().take_while(|&&b| b == b'`').count();
    let mut spans = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'`' {
            i += 1;
            continue;
        }
        let open = run_at(i);
        let mut j = i + open;
        let mut close = None;
        while j < bytes.len() {
            if bytes[j] == b'`' {
                let run = run_at(j);
                if run == open {
                    close = Some(j + run);
                    break;
                }
                j += run;
            } else {
                j += 1;
            }
        }
        match close {
            Some(end) => {
                spans.push(i..end);
                i = end;
            }
            None => i += open,
        }
    }
    spans
}
