//! Markdown body → HTML: heading ids from the outline, `@/` links made URLs, code highlighted,
//! checklist items tagged with their stable ids; summary and plain text on the side.

use std::collections::HashMap;

use pulldown_cmark::{html, CodeBlockKind, CowStr, Event, Parser, Tag, TagEnd};

use crate::build_cache::CodeCache;
use crate::markdown::{options, split_item_id, Outline, MORE_MARKER};
use crate::render::highlight::{escape_html, highlight_block};

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
    /// URL paths by path under `content/`.
    pub urls: &'a HashMap<String, String>,
    /// `/` or `/handbook/`.
    pub base_path: &'a str,
    /// URL path of the source file's folder (`guide/`): relative links and images are written
    /// from it, because pretty URLs put each page one folder below its source file.
    pub dir: String,
    /// Highlighted code of earlier builds (`build` only).
    pub code: Option<&'a CodeCache>,
    /// How much of the body is wanted.
    pub pass: Pass,
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
        let url = self.urls.get(path)?;
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
    // `markdown::SummaryEnd`), and from the whole body if reading did not stop inside it.
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
    // A code block can be in the summary only when a `<!-- more -->` ends it.
    let summary_may_hold_code = body.contains(MORE_MARKER);
    // Nesting of the parser's own events (the kept ones may be rewritten): a summary without
    // the marker ends with a top-level paragraph.
    let mut open = 0usize;
    for event in Parser::new_ext(body, options()) {
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
            Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
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
                events.push(Event::Html(
                    format!("<input type=\"checkbox\" class=\"checklist-box\" data-item-id=\"{id}\" disabled{checked} aria-label=\"état\"> ").into(),
                ));
                task_depth += 1;
            }
            Event::End(TagEnd::Item) => {
                task_depth = task_depth.saturating_sub(1);
                events.push(Event::End(TagEnd::Item));
            }
            Event::Text(t) if task_depth > 0 && split_item_id(&t).1.is_some() => {
                let (kept, _) = split_item_id(&t);
                text.push_str(kept);
                text.push(' ');
                events.push(Event::Text(CowStr::from(kept.to_owned())));
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
mod tests {
    use super::*;
    use crate::markdown::outline;

    #[test]
    fn spaces_collapse_as_split_then_join() {
        for text in ["", "  ", " a \n b\t\tc ", "mot", "é  à\u{a0}ü x"] {
            let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(collapse_spaces(text), joined, "{text:?}");
        }
    }

    fn render(body: &str, checklist: bool) -> RenderedBody {
        render_with(body, checklist, Pass::Full)
    }

    fn render_with(body: &str, checklist: bool, pass: Pass) -> RenderedBody {
        let urls = HashMap::from([("metier/veille.md".to_owned(), "metier/veille/".to_owned())]);
        let links = BodyContext {
            urls: &urls,
            base_path: "/hb/",
            dir: "guide/".into(),
            code: None,
            pass,
        };
        render_body(body, &outline(body, 1), &links, checklist)
    }

    #[test]
    fn links_headings_and_summary() {
        let r = render(
            "Intro [v](@/metier/veille.md#a).\n\n## Écoute\n\nSuite.\n",
            false,
        );
        assert!(
            r.html.contains("href=\"/hb/metier/veille/#a\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("<h2 id=\"ecoute\">"), "{}", r.html);
        assert_eq!(
            r.summary,
            "<p>Intro <a href=\"/hb/metier/veille/#a\">v</a>.</p>\n"
        );
    }

    #[test]
    fn relative_images_and_links_are_written_from_the_source_folder() {
        let r = render("![schéma](img/a.png) [pdf](doc.pdf) [ext](https://e.org/x) [abs](/y/) [mail](mailto:a@b.c)\n", false);
        assert!(r.html.contains("src=\"/hb/guide/img/a.png\""), "{}", r.html);
        assert!(r.html.contains("href=\"/hb/guide/doc.pdf\""), "{}", r.html);
        assert!(r.html.contains("href=\"https://e.org/x\""), "{}", r.html);
        assert!(r.html.contains("href=\"/y/\""), "{}", r.html);
        assert!(r.html.contains("href=\"mailto:a@b.c\""), "{}", r.html);
    }

    #[test]
    fn more_marker_ends_the_summary() {
        let r = render("Un.\n\nDeux.\n\n<!-- more -->\n\nTrois.\n", false);
        assert_eq!(r.summary, "<p>Un.</p>\n<p>Deux.</p>\n");
    }

    #[test]
    fn without_the_full_pass_only_summary_code_is_highlighted() {
        let body = "Un.\n\n```rust\nlet a = 1;\n```\n\n<!-- more -->\n\n```rust\nlet b = 2;\n```\n";
        let full = render_with(body, false, Pass::Full);
        for pass in [Pass::Text, Pass::Summary] {
            let lean = render_with(body, false, pass);
            assert_eq!(lean.summary, full.summary, "{pass:?}");
            assert!(lean.summary.contains("hl-"), "{}", lean.summary);
            assert_eq!(lean.html, "", "{pass:?}");
        }
        assert_eq!(render_with(body, false, Pass::Text).text, full.text);
        assert_eq!(render_with(body, false, Pass::Summary).text, "");
        assert!(full.html.contains("2</span>"), "{}", full.html);
        // Without the marker the summary is the first paragraph: no block is highlighted.
        let plain = render_with("Un.\n\n```rust\nlet a = 1;\n```\n", false, Pass::Text);
        assert_eq!(plain.summary, "<p>Un.</p>\n");
    }

    /// The summary pass stops parsing early: it must find the same summary as a full render,
    /// whatever comes before the first paragraph or the marker.
    #[test]
    fn the_summary_pass_finds_the_summary_of_the_full_render() {
        let bodies = [
            "Un [lien](@/metier/veille.md) et une note[^n].\n\nDeux.\n\n[^n]: La note.\n",
            "## Titre\n\n- liste\n- serrée\n\nPremier paragraphe.\n\nSecond.\n",
            "- ample\n\n- liste\n\n> citation\n\nEnfin **le** paragraphe.\n",
            "- [ ] Tâche {#t}\n\n  avec paragraphe\n- [x] Faite\n\nAprès la liste.\n",
            "Un.\n\n```html\n<!-- more -->\n```\n\nDeux.\n",
            "Un.\n\n```html\n<!-- more -->\n```\n\nDeux.\n\n<!-- more -->\n\nTrois.\n",
            "- Un\n- Deux <!-- more -->\n\nTrois.\n",
            "<div>brut</div>\n\nTexte.\n",
            "# Seulement un titre\n",
            "",
        ];
        for body in bodies {
            for checklist in [false, true] {
                let full = render_with(body, checklist, Pass::Full);
                let summary = render_with(body, checklist, Pass::Summary);
                assert_eq!(
                    summary.summary, full.summary,
                    "{body:?} checklist {checklist}"
                );
            }
        }
    }

    /// The summary pass reads a prefix of the body when the outline found one: the summary must
    /// be the full render's, and the prefix left out wherever what follows could change it.
    #[test]
    fn summaries_read_from_a_prefix_are_those_of_the_full_render() {
        // (body, whether it has a prefix)
        let bodies = [
            (
                "Premier.\n\nSecond [lien][g].\n\n[g]: https://e.org\n",
                true,
            ),
            (
                "Voir [le guide][g].\n\nSuite.\n\n[g]: https://e.org\n",
                false,
            ),
            ("Voir [g].\n\n[g]: https://e.org\n", false),
            ("Sans note.\n\nAvec[^n].\n\n[^n]: Note.\n", true),
            ("Avec[^n].\n\n[^n]: Note.\n", false),
            ("Un[^n] sans définition.\n\nDeux.\n", true),
            (
                "Un.\n\nDeux.\n\n<!-- more -->\n\nTrois[^n].\n\n[^n]: Note.\n",
                true,
            ),
            ("- Un\n- Deux\n\n  <!-- more -->\n\nTrois.\n", false),
            ("Un <!-- more --> deux.\n\nTrois.\n", false),
            ("a | b\n--- | ---\n1 | 2\n\nTexte.\n\nSuite.\n", true),
            ("> cite\nsuite paresseuse\n\nTexte.\n", true),
            ("Texte\n## Titre\n\nSuite.\n", true),
            ("Texte\n- a\n- b\n", true),
            ("Titre souligné\n===\n\nTexte.\n", true),
            (
                "- a\n\n- b\n\nTexte *vraiment\nlong*.\n\n- c\n\n- d\n",
                true,
            ),
        ];
        for (body, has_prefix) in bodies {
            let summary_end = outline(body, 1).summary_end;
            assert_eq!(summary_end.is_some(), has_prefix, "{body:?}");
            for checklist in [false, true] {
                let full = render_with(body, checklist, Pass::Full);
                let summary = render_with(body, checklist, Pass::Summary);
                assert_eq!(summary.summary, full.summary, "{body:?}");
            }
        }
    }

    #[test]
    fn checklist_items_carry_their_ids() {
        let r = render("## G\n\n- [ ] Faire {#faire}\n- [ ] Écrire\n", true);
        assert!(r.html.contains("data-item-id=\"faire\""), "{}", r.html);
        assert!(r.html.contains("data-item-id=\"ecrire\""), "{}", r.html);
        assert!(!r.html.contains("{#faire}"), "{}", r.html);
    }

    #[test]
    fn code_is_highlighted_and_raw_html_kept() {
        let r = render(
            "<div class=\"x\">brut</div>\n\n```rust\nlet a = 1;\n```\n",
            false,
        );
        assert!(r.html.contains("<div class=\"x\">brut</div>"), "{}", r.html);
        assert!(r.html.contains("hl-"), "{}", r.html);
        assert!(!r.text.contains("let a"), "{}", r.text);
    }
}
