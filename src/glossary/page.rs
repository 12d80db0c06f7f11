//! The glossary page, written from the terms: the page's own text, then a `## A` heading per
//! letter and a `### Term {#id}` entry per term (its id is its file name, so the anchors of
//! the hand-written page it replaces keep working), with its definition, long text, other
//! names, related terms, pages about it and the pages that use it. Written as Markdown, so
//! the rest of the pipeline (heading ids, letter index, links, typography, search) treats it as
//! any page.

use crate::glossary::Glossary;
use crate::load::{PageSource, SourceFile, Sources};
use crate::markdown;
use crate::slugs::slugify;

/// Longest "used in" list shown open.
const FOLD_ABOVE: usize = 6;

/// The words the glossary page adds, by site language.
struct Labels {
    also: &'static str,
    related: &'static str,
    pages: &'static str,
    used_in: &'static str,
    and: &'static str,
    colon: &'static str,
    pages_word: &'static str,
}

impl Labels {
    /// `A, B et C`.
    fn join(&self, items: &[String]) -> String {
        match items {
            [] => String::new(),
            [one] => one.clone(),
            [rest @ .., last] => format!("{} {} {last}", rest.join(", "), self.and),
        }
    }
}

fn labels(language: &str) -> Labels {
    if language.starts_with("en") {
        Labels {
            also: "Also",
            related: "Related terms",
            pages: "See",
            used_in: "Used in",
            and: "and",
            colon: ":",
            pages_word: "pages",
        }
    } else {
        Labels {
            also: "Aussi",
            related: "Termes liés",
            pages: "Voir",
            used_in: "Utilisé dans",
            and: "et",
            colon: " :",
            pages_word: "pages",
        }
    }
}

/// How terms are sorted: accents, case, hyphens and spaces ignored (`A/B test` after `Abonné`).
fn sort_key(title: &str) -> String {
    slugify(title).replace('-', "")
}

/// `text` safe as a link's text.
fn escape_link_text(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('[', "\\[")
        .replace(']', "\\]")
        .replace('*', "\\*")
        .replace('_', "\\_")
}

/// Whether a long text starts with a paragraph, which then continues the definition's.
fn starts_with_paragraph(body: &str) -> bool {
    let first = body.trim_start();
    !first.is_empty()
        && !first.starts_with(['#', '-', '*', '+', '>', '|', '<', '`', '~'])
        && !first.chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// The glossary page: `index`'s own text followed by every term.
pub(crate) fn index_page(
    glossary: &Glossary,
    index: &PageSource,
    used_in: &[Vec<(String, String)>],
    sources: &Sources,
) -> PageSource {
    let words = labels(&sources.config.language);
    let mut order: Vec<usize> = (0..glossary.terms.len()).collect();
    order.sort_by_cached_key(|&i| sort_key(&glossary.terms[i].title));
    let mut md = String::new();
    md.push_str(index.file.body().trim_end());
    md.push_str("\n\n");
    let mut letter = String::new();
    for &i in &order {
        let t = &glossary.terms[i];
        let first = sort_key(&t.title)
            .chars()
            .next()
            .map_or_else(|| "#".to_owned(), |c| c.to_ascii_uppercase().to_string());
        if first != letter {
            md.push_str(&format!("## {first}\n\n"));
            letter = first;
        }
        md.push_str(&format!("### {} {{#{}}}\n\n", t.title, t.id));
        md.push_str(&t.definition);
        let body = t.body.trim();
        if starts_with_paragraph(body) {
            md.push(' ');
        } else {
            md.push_str("\n\n");
        }
        md.push_str(body);
        md.push_str("\n\n");
        let others: Vec<String> = t
            .abbreviation
            .iter()
            .chain(&t.synonyms)
            .map(|w| format!("*{}*", escape_link_text(w)))
            .collect();
        let mut lines: Vec<String> = Vec::new();
        if !others.is_empty() {
            lines.push(format!(
                "{}{} {}.",
                words.also,
                words.colon,
                words.join(&others)
            ));
        }
        let related: Vec<String> = t
            .related
            .iter()
            .filter_map(|(id, _)| glossary.terms.iter().find(|o| &o.id == id))
            .map(|o| format!("[{}](#{})", escape_link_text(&o.title), o.id))
            .collect();
        if !related.is_empty() {
            lines.push(format!(
                "{}{} {}.",
                words.related,
                words.colon,
                words.join(&related)
            ));
        }
        let title_of = |rel: &str| {
            sources
                .pages
                .iter()
                .find(|p| p.file.rel == rel)
                .map(|p| p.front.title.clone())
        };
        let about: Vec<String> = t
            .pages
            .iter()
            .filter_map(|(link, _)| {
                let rel = link.strip_prefix("@/")?;
                let file = rel.split('#').next().unwrap_or(rel);
                let title = title_of(file).unwrap_or_else(|| file.to_owned());
                Some(format!("[{}]({link})", escape_link_text(&title)))
            })
            .collect();
        if !about.is_empty() {
            lines.push(format!("{} {}.", words.pages, words.join(&about)));
        }
        let mut users: Vec<&(String, String)> = used_in[i].iter().collect();
        users.sort_by_cached_key(|(title, _)| sort_key(title));
        let users: Vec<String> = users
            .iter()
            .map(|(title, rel)| format!("[{}](@/{rel})", escape_link_text(title)))
            .collect();
        // A long list folds away: a common word is used on most pages.
        match users.len() {
            0 => {}
            1..=FOLD_ABOVE => lines.push(format!(
                "{}{} {}.",
                words.used_in,
                words.colon,
                words.join(&users)
            )),
            n => lines.push(format!(
                "<details class=\"glossary-used\"><summary>{} {n} {}</summary>\n\n{}.\n\n</details>",
                words.used_in, words.pages_word, words.join(&users)
            )),
        }
        if !lines.is_empty() {
            md.push_str(&format!(
                "<div class=\"glossary-meta\">\n\n{}\n\n</div>\n\n",
                lines.join("\n\n")
            ));
        }
    }
    let head = index.file.head();
    let text = format!("{head}{md}");
    let file = SourceFile {
        text,
        ..index.file.clone()
    };
    let outline = markdown::outline(file.body(), file.body_line);
    PageSource {
        file,
        front: index.front.clone(),
        outline,
    }
}
