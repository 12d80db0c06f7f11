//! The Markdown pass: the first use on a page of each term (or of a synonym) becomes a link
//! to its entry with a tooltip holding its short definition. Text inside headings, links,
//! images, code and raw HTML is left alone; wrapping a word in any inline HTML element
//! (`<span>CM</span>`) is how an author keeps one occurrence plain.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use crate::glossary::Glossary;
use crate::render::highlight::escape_html;

/// Elements without a closing tag: they open nothing.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// How far a piece of raw HTML opens (+) or closes (-) elements: a rough count of its tags,
/// enough to tell whether the text after it is inside an author's element.
fn html_depth_change(html: &str) -> isize {
    let mut depth = 0isize;
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        if rest.starts_with("!--") || rest.starts_with('!') || rest.starts_with('?') {
            continue;
        }
        let closing = rest.starts_with('/');
        let name: String = rest
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() {
            continue;
        }
        let tag_end = rest.find('>').unwrap_or(rest.len());
        let self_closing = rest[..tag_end].ends_with('/');
        if closing {
            depth -= 1;
        } else if !self_closing && !VOID.contains(&name.as_str()) {
            depth += 1;
        }
    }
    depth
}

/// Where the walk is: text may be linked only outside every one of these.
#[derive(Default)]
struct Place {
    heading: usize,
    link: usize,
    code: usize,
    metadata: usize,
    html: isize,
}

impl Place {
    /// Follows `event` in and out of the places where nothing is linked.
    fn see(&mut self, event: &Event<'_>) {
        match event {
            Event::Start(Tag::Heading { .. }) => self.heading += 1,
            Event::End(TagEnd::Heading(_)) => self.heading = self.heading.saturating_sub(1),
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => self.link += 1,
            Event::End(TagEnd::Link | TagEnd::Image) => self.link = self.link.saturating_sub(1),
            Event::Start(Tag::CodeBlock(_)) => self.code += 1,
            Event::End(TagEnd::CodeBlock) => self.code = self.code.saturating_sub(1),
            Event::Start(Tag::MetadataBlock(_)) => self.metadata += 1,
            Event::End(TagEnd::MetadataBlock(_)) => self.metadata = self.metadata.saturating_sub(1),
            Event::Html(h) | Event::InlineHtml(h) => {
                self.html = (self.html + html_depth_change(h)).max(0)
            }
            _ => {}
        }
    }

    fn linkable(&self) -> bool {
        self.heading == 0
            && self.link == 0
            && self.code == 0
            && self.metadata == 0
            && self.html == 0
    }
}

/// The terms a body uses, in order of first use: what the glossary page lists as "used in".
pub(crate) fn terms_used<'e>(
    glossary: &Glossary,
    events: impl Iterator<Item = Event<'e>>,
) -> Vec<usize> {
    let mut seen = HashSet::new();
    let mut used = Vec::new();
    let mut place = Place::default();
    let mut text = String::new();
    let mut flush = |text: &mut String, used: &mut Vec<usize>| {
        for found in glossary.matcher.find(text) {
            if seen.insert(found.term) {
                used.push(found.term);
            }
        }
        text.clear();
    };
    for event in events {
        match &event {
            Event::Text(t) if place.linkable() => text.push_str(t),
            _ => {
                flush(&mut text, &mut used);
                place.see(&event);
            }
        }
    }
    flush(&mut text, &mut used);
    used
}

/// `events` with the first use of each term linked to its entry, a tooltip beside it.
pub(crate) fn link_terms<'e>(
    glossary: &Glossary,
    page_href: &str,
    events: Vec<Event<'e>>,
) -> Vec<Event<'e>> {
    let mut out = Vec::with_capacity(events.len() + 8);
    let mut seen = HashSet::new();
    let mut place = Place::default();
    let mut text = String::new();
    for event in events {
        match &event {
            Event::Text(t) if place.linkable() => text.push_str(t),
            _ => {
                flush_linked(glossary, page_href, &mut text, &mut seen, &mut out);
                place.see(&event);
                out.push(event);
            }
        }
    }
    flush_linked(glossary, page_href, &mut text, &mut seen, &mut out);
    out
}

/// Pushes `text` as events, its first uses of terms as links; empties `text`.
fn flush_linked<'e>(
    glossary: &Glossary,
    page_href: &str,
    text: &mut String,
    seen: &mut HashSet<usize>,
    out: &mut Vec<Event<'e>>,
) {
    if text.is_empty() {
        return;
    }
    let mut from = 0;
    for found in glossary.matcher.find(text) {
        if !seen.insert(found.term) {
            continue;
        }
        if found.start > from {
            out.push(Event::Text(CowStr::from(
                text[from..found.start].to_owned(),
            )));
        }
        out.push(Event::InlineHtml(CowStr::from(glossary.link_html(
            found.term,
            page_href,
            &text[found.start..found.end],
        ))));
        from = found.end;
    }
    if from < text.len() {
        out.push(Event::Text(CowStr::from(text[from..].to_owned())));
    }
    text.clear();
}

impl Glossary {
    /// The link and tooltip written for the first use of term `term`, shown as `shown`.
    fn link_html(&self, term: usize, page_href: &str, shown: &str) -> String {
        let t = &self.terms[term];
        let id = &t.id;
        format!(
            "<span class=\"gloss\"><a class=\"gloss-term\" href=\"{href}#{id}\" aria-describedby=\"glossaire-def-{id}\">{shown}</a><span class=\"gloss-tip\" id=\"glossaire-def-{id}\" role=\"tooltip\"><strong class=\"gloss-tip-title\">{title}</strong> {definition}</span></span>",
            href = page_href,
            shown = escape_html(shown),
            title = escape_html(&t.title),
            definition = escape_html(&t.tooltip),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::html_depth_change;

    #[test]
    fn html_depth_counts_elements_left_open() {
        assert_eq!(html_depth_change("<span class=\"x\">"), 1);
        assert_eq!(html_depth_change("</span>"), -1);
        assert_eq!(html_depth_change("<br><img src=x/><!-- more -->"), 0);
        assert_eq!(html_depth_change("<div>\n<p>a</p>\n</div>"), 0);
    }
}
