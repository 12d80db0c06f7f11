//! Markdown body → HTML: heading ids from the outline, `@/` links made URLs, code highlighted,
//! checklist items tagged with their stable ids; summary and plain text on the side.

use std::collections::HashMap;

use pulldown_cmark::{html, CodeBlockKind, CowStr, Event, Parser, Tag, TagEnd};

use crate::build_cache::CodeCache;
use crate::markdown::{options, split_item_markers, Outline, MORE_MARKER};
use crate::render::highlight::{escape_html, highlight_block};
use crate::render::images::{size_of, OpenImage};
use crate::typography::{typeset_events, Typography};

/// What rendering a body produces.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenderedBody {
    /// The body as HTML.
    pub html: String,
    /// Text before `<!-- more -->`, else the first paragraph, as HTML.
    pub summary: String,
    /// Plain text outside code, for the search index.
    pub text: String,
}

/// What rendering a body needs besides its text: link targets (source path → URL path), the
/// base path prefixed to every link, and code already highlighted by an earlier build.
pub struct BodyContext<'a> {
    /// URL paths by path under `content/` (see `resolve::languages::url_key`).
    pub urls: &'a HashMap<String, String>,
    /// The language of the page showing the body when it is not the default one (`en`): its
    /// `@/` links lead to that language's versions of their targets.
    pub language: Option<&'a str>,
    /// `/` or `/handbook/`.
    pub base_path: &'a str,
    /// URL path of the source file's folder (`guide/`): relative links and images are written
    /// from it, because pretty URLs put each page one folder below its source file.
    pub dir: String,
    /// Highlighted code of earlier builds (`build` only).
    pub code: Option<&'a CodeCache>,
    /// How much of the body is wanted.
    pub pass: Pass,
    /// The typesetting conventions its text follows.
    pub typography: Typography,
    /// The glossary, when this body's first uses of its terms are linked.
    pub glossary: Option<&'a crate::glossary::Glossary>,
    /// The folder on disk its relative images are read from, to give them a size (see
    /// [`crate::render::images`]); `None`: no sizes.
    pub image_dir: Option<std::path::PathBuf>,
    /// The interface strings of the language its text is written in, for the words a body
    /// gains (a checklist box's label, the link to where an item is taught); `None`: French.
    pub strings: Option<&'a crate::load::strings::Strings>,
}

impl BodyContext<'_> {
    /// The interface string `key`, or `french` when the theme has none.
    fn word<'w>(&'w self, key: &str, french: &'w str) -> &'w str {
        self.strings
            .and_then(|s| s.get(key))
            .map_or(french, String::as_str)
    }
}

/// How much of a body a render produces. A build renders each body twice: a first pass for
/// the summaries every list page shows, then the page's own job renders it in full (see
/// `render_bodies`). The first pass stops parsing where the summary ends, and nothing
/// highlights code outside a summary twice: highlighting is most of a body's cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pass {
    /// The summary only; `html` and `text` are left empty.
    Summary,
    /// The summary and the plain text; `html` is left empty, and code blocks outside the
    /// summary are not highlighted.
    Text,
    /// Everything.
    Full,
}

/// Whether `dest` is relative to the page's file (`image.png`, `schemas/a.svg`).
fn is_relative(dest: &str) -> bool {
    !(dest.is_empty()
        || dest.starts_with('/')
        || dest.starts_with('#')
        || dest.starts_with('?')
        || dest.starts_with("@/")
        || dest
            .split(['/', '?', '#'])
            .next()
            .is_some_and(|first| first.contains(':')))
}

impl BodyContext<'_> {
    /// Rewrites `@/metier/veille.md#x` to `/base/metier/veille/#x`; other links are kept.
    pub fn rewrite(&self, dest: &str) -> Option<String> {
        if is_relative(dest) {
            return Some(format!("{}{}{dest}", self.base_path, self.dir));
        }
        let target = dest.strip_prefix("@/")?;
        let (path, anchor) = match target.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (target, None),
        };
        let url = match self.language {
            Some(code) => self.urls.get(&format!("{code}:{path}"))?,
            None => self.urls.get(path)?,
        };
        Some(match anchor {
            Some(a) => format!("{}{url}#{a}", self.base_path),
            None => format!("{}{url}", self.base_path),
        })
    }
}

/// Renders `body`; `outline` must come from the same text. `checklist` tags task items.
pub fn render_body(
    body: &str,
    outline: &Outline,
    links: &BodyContext<'_>,
    checklist: bool,
) -> RenderedBody {
    // A summary is read from the prefix of the body holding it, when the outline found one (see
    // `markdown::summary`), and from the whole body if reading did not stop inside it.
    let prefix = outline
        .summary_end
        .filter(|_| links.pass == Pass::Summary)
        .and_then(|end| body.get(..end));
    if let Some(prefix) = prefix {
        if let (rendered, true) = render_source(prefix, outline, links, checklist) {
            return rendered;
        }
    }
    render_source(body, outline, links, checklist).0
}

/// Renders `body` (or a prefix of it), and tells whether a summary pass stopped before its end.
fn render_source(
    body: &str,
    outline: &Outline,
    links: &BodyContext<'_>,
    checklist: bool,
) -> (RenderedBody, bool) {
    let mut stopped = false;
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut headings = outline.headings.iter();
    let mut item_ids = outline.item_ids();
    let mut text = String::new();
    let mut code: Option<(String, String)> = None;
    let mut last_item_start: Option<usize> = None;
    let mut task_depth = 0usize;
    let mut more_at: Option<usize> = None;
    let mut image: Option<OpenImage> = None;
    // A code block can be in the summary only when a `<!-- more -->` ends it.
    let summary_may_hold_code = body.contains(MORE_MARKER);
    // Nesting of the parser's own events (the kept ones may be rewritten): a summary without
    // the marker ends with a top-level paragraph.
    let mut open = 0usize;
    for event in typeset_events(Parser::new_ext(body, options()), links.typography) {
        let top_paragraph_end = open == 1 && matches!(event, Event::End(TagEnd::Paragraph));
        match event {
            Event::Start(_) => open += 1,
            Event::End(_) => open = open.saturating_sub(1),
            _ => {}
        }
        match event {
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => {
                let id = headings.next().map(|h| CowStr::from(h.id.clone()));
                events.push(Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }));
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let size = links
                    .image_dir
                    .as_ref()
                    // Only files under the page's folder: nothing outside the site is read.
                    .filter(|_| is_relative(&dest_url) && !dest_url.split('/').any(|c| c == ".."))
                    .and_then(|dir| size_of(&dir.join(dest_url.split(['?', '#']).next()?)));
                let src = links
                    .rewrite(&dest_url)
                    .unwrap_or_else(|| dest_url.to_string());
                image = Some(OpenImage {
                    src,
                    title: title.to_string(),
                    alt: String::new(),
                    size,
                });
            }
            Event::End(TagEnd::Image) => {
                if let Some(open) = image.take() {
                    events.push(Event::Html(open.tag().into()));
                }
            }
            Event::Text(t) | Event::Code(t) if image.is_some() => {
                image.as_mut().expect("checked").alt.push_str(&t);
            }
            Event::Start(tag @ Tag::Link { .. }) => {
                events.push(Event::Start(rewrite_destination(tag, links)));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(lang) => lang.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((lang, source)) = code.take() {
                    let in_summary = summary_may_hold_code && more_at.is_none();
                    if !(links.pass == Pass::Full || in_summary) {
                        continue;
                    }
                    let html = match links.code {
                        Some(cache) => {
                            cache.get(&source, &lang, || highlight_block(&source, &lang))
                        }
                        None => highlight_block(&source, &lang),
                    };
                    events.push(Event::Html(html.into()));
                }
            }
            Event::Text(t) if code.is_some() => code.as_mut().expect("checked").1.push_str(&t),
            Event::Start(Tag::Item) => {
                last_item_start = Some(events.len());
                events.push(Event::Start(Tag::Item));
            }
            Event::TaskListMarker(checked) if checklist => {
                let id = item_ids.next().unwrap_or("item");
                let id = escape_html(id);
                if let Some(i) = last_item_start {
                    events[i] = Event::Html(
                        format!(
                            "<li class=\"checklist-item\" id=\"item-{id}\" data-item-id=\"{id}\">"
                        )
                        .into(),
                    );
                }
                let checked = if checked { " checked" } else { "" };
                let label = escape_html(links.word("item_state", "état"));
                events.push(Event::Html(
                    format!("<input type=\"checkbox\" class=\"checklist-box\" data-item-id=\"{id}\" disabled{checked} aria-label=\"{label}\"> ").into(),
                ));
                task_depth += 1;
            }
            Event::End(TagEnd::Item) => {
                task_depth = task_depth.saturating_sub(1);
                events.push(Event::End(TagEnd::Item));
            }
            Event::Text(t) if task_depth > 0 && split_item_markers(&t).any() => {
                let markers = split_item_markers(&t);
                text.push_str(markers.text);
                text.push(' ');
                events.push(Event::Text(CowStr::from(markers.text.to_owned())));
                if let Some(href) = markers.learn.and_then(|dest| links.rewrite(dest)) {
                    let text = links.word("learn_link", "Où l’apprendre");
                    events.push(Event::Html(learn_link(&href, text).into()));
                }
            }
            Event::Html(ref h) | Event::InlineHtml(ref h)
                if more_at.is_none() && h.contains(MORE_MARKER) =>
            {
                more_at = Some(events.len());
                events.push(event);
            }
            Event::Text(t) => {
                text.push_str(&t);
                text.push(' ');
                events.push(Event::Text(t));
            }
            other => events.push(other),
        }
        if links.pass == Pass::Summary
            && (more_at.is_some()
                || (top_paragraph_end
                    && !summary_may_hold_code
                    && !first_paragraph(&events).is_empty()))
        {
            stopped = true;
            break;
        }
    }
    let summary_events: &[Event<'_>] = match more_at {
        Some(end) => &events[..end],
        None => first_paragraph(&events),
    };
    let mut summary = String::new();
    html::push_html(&mut summary, summary_events.iter().cloned());
    let mut out = String::new();
    if links.pass == Pass::Full {
        out.reserve(body.len() * 3 / 2);
        // After the summary is taken: cards show summaries inside links, where none may nest.
        let events = match links.glossary {
            Some(glossary) => {
                let href = links
                    .rewrite(&format!("@/{}", glossary.index_rel))
                    .unwrap_or_default();
                crate::glossary::links::link_terms(glossary, &href, events)
            }
            None => events,
        };
        html::push_html(&mut out, events.into_iter());
    }
    let rendered = RenderedBody {
        html: out,
        summary,
        text: match links.pass {
            Pass::Summary => String::new(),
            Pass::Text | Pass::Full => collapse_spaces(&text),
        },
    };
    (rendered, stopped)
}

/// The link after a checklist item to the page that teaches it (`{learn=@/…}`), saying `text`.
fn learn_link(href: &str, text: &str) -> String {
    format!(
        " <a class=\"learn-link\" href=\"{}\">{}</a>",
        escape_html(href),
        escape_html(text)
    )
}

/// A link or image with its destination rewritten (`@/` links, paths relative to the page).
fn rewrite_destination<'e>(tag: Tag<'e>, links: &BodyContext<'_>) -> Tag<'e> {
    let fix = |dest: CowStr<'e>| links.rewrite(&dest).map_or(dest, CowStr::from);
    match tag {
        Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        } => Tag::Link {
            link_type,
            dest_url: fix(dest_url),
            title,
            id,
        },
        Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        } => Tag::Image {
            link_type,
            dest_url: fix(dest_url),
            title,
            id,
        },
        other => other,
    }
}

/// The events of the first top-level paragraph, tags included.
fn first_paragraph<'a, 'e>(events: &'a [Event<'e>]) -> &'a [Event<'e>] {
    let mut depth = 0usize;
    let mut start = None;
    for (i, event) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::Paragraph) if depth == 0 => start = Some(i),
            Event::End(TagEnd::Paragraph) if depth == 1 && start.is_some() => {
                return &events[start.unwrap_or(0)..=i];
            }
            _ => {}
        }
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    &[]
}

/// Words separated by one space (no vector of every word, as `collect` then `join` would make).
fn collapse_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests;
