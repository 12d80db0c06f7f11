//! What is wrong with a glossary: `@/` links to missing files (errors: the glossary page would
//! hold them), and the warnings `cmbook check` shows (a term defined twice, a word two terms
//! share, a related term that does not exist, a term no page uses), each at its file and line.

use std::collections::{HashMap, HashSet};

use crate::error::Diagnostic;
use crate::glossary::terms::Term;
use crate::glossary::Glossary;
use crate::load::Sources;
use crate::markdown;

/// A word folded for comparing terms: case and apostrophes and spaces as in the matcher.
fn folded(word: &str) -> String {
    word.trim()
        .chars()
        .map(|c| match c {
            '\u{2019}' => '\'',
            '\u{a0}' | '\u{202f}' => ' ',
            c => c.to_lowercase().next().unwrap_or(c),
        })
        .collect()
}

/// `@/` links of the terms (long texts, definitions and `pages`) whose file does not exist.
pub(crate) fn broken_page_links(terms: &[Term], sources: &Sources) -> Vec<Diagnostic> {
    let known: HashSet<&str> = sources
        .pages
        .iter()
        .map(|p| p.file.rel.as_str())
        .chain(sources.sections.iter().map(|s| s.file.rel.as_str()))
        .chain(sources.terms.iter().map(|t| t.file.rel.as_str()))
        .collect();
    let mut out = Vec::new();
    for t in terms {
        let definition = markdown::outline(&t.definition, t.definition_line);
        let links = t
            .outline
            .links
            .iter()
            .chain(&definition.links)
            .map(|l| (l.dest.as_str(), l.line))
            .chain(t.pages.iter().map(|(p, line)| (p.as_str(), *line)));
        for (dest, line) in links {
            let Some(target) = dest.strip_prefix("@/") else {
                if t.pages.iter().any(|(p, _)| p == dest) {
                    out.push(
                        Diagnostic::error(
                            &t.shown,
                            format!("`pages` holds `{dest}`, not an `@/` link"),
                        )
                        .at_in(&t.text, line, 1)
                        .help(
                            "name each page with its path under content/: `\"@/metier/veille.md\"`",
                        ),
                    );
                }
                continue;
            };
            let file = target.split('#').next().unwrap_or(target);
            if !known.contains(file) {
                out.push(
                    Diagnostic::error(&t.shown, format!("link to a missing file: `{dest}`"))
                        .at_in(&t.text, line, 1)
                        .help("write the path of a file under content/, like `@/metier/veille.md`"),
                );
            }
        }
    }
    out
}

/// The glossary's warnings; `used_in` holds, for each term, the pages that use it.
pub(crate) fn warnings(glossary: &Glossary, used_in: &[Vec<(String, String)>]) -> Vec<Diagnostic> {
    let terms = &glossary.terms;
    let mut out = Vec::new();
    let warn = |t: &Term, line: usize, message: String, help: String| {
        Diagnostic::warning(&t.shown, message)
            .at_in(&t.text, line, 1)
            .help(help)
    };
    // A title names its term; synonyms and abbreviations are words that also do.
    let mut titles: HashMap<String, usize> = HashMap::new();
    for (i, t) in terms.iter().enumerate() {
        if let Some(&first) = titles.get(&folded(&t.title)) {
            out.push(warn(
                t,
                t.title_line,
                format!("the term `{}` is defined twice", t.title),
                format!(
                    "it is also defined in {}: keep one file and merge the texts",
                    terms[first].shown.display()
                ),
            ));
        } else {
            titles.insert(folded(&t.title), i);
        }
    }
    let mut words: HashMap<String, usize> = titles.clone();
    for (i, t) in terms.iter().enumerate() {
        let others = t
            .synonyms
            .iter()
            .map(|s| (s, t.synonyms_line))
            .chain(t.abbreviation.iter().map(|a| (a, t.abbreviation_line)));
        for (word, line) in others {
            match words.get(&folded(word)) {
                Some(&owner) if owner != i => out.push(warn(
                    t,
                    line,
                    format!(
                        "`{word}` names two terms: `{}` and `{}`",
                        terms[owner].title, t.title
                    ),
                    format!(
                        "a word links to one term only: remove it here or from {}",
                        terms[owner].shown.display()
                    ),
                )),
                _ => {
                    words.insert(folded(word), i);
                }
            }
        }
    }
    let ids: HashSet<&str> = terms.iter().map(|t| t.id.as_str()).collect();
    for t in terms {
        for (related, line) in &t.related {
            if !ids.contains(related.as_str()) {
                let suggestion = crate::error::did_you_mean(related, ids.iter().copied());
                let help = match suggestion {
                    Some(s) => format!("did you mean `{s}`? (a term's file name, without .md)"),
                    None => "name a term by its file name in glossary/, without .md".to_owned(),
                };
                out.push(warn(
                    t,
                    *line,
                    format!("related term `{related}` does not exist"),
                    help,
                ));
            }
        }
    }
    for (t, pages) in terms.iter().zip(used_in) {
        // Pages listed under `pages:` are about the term: an author tied them to it.
        if pages.is_empty() && t.pages.is_empty() {
            out.push(warn(
                t,
                t.title_line,
                format!("no page uses the term `{}`", t.title),
                "use it in an article, add the word the pages use as a synonym, or list the pages about it under `pages:`".to_owned(),
            ));
        }
    }
    out
}
