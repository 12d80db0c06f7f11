//! What the pipeline needs to know about a Markdown body before rendering it: heading ids,
//! `@/` links with their positions, checklist items, word count.
//!
//! The load stage computes an [`Outline`] per page; resolve checks links against it and render
//! reuses its ids, so a heading's id is decided once and the anchor check and the HTML agree.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

mod item_markers;
mod summary;
pub use item_markers::{split_item_markers, ItemMarkers};
use summary::SummaryEnd;

use crate::slugs::slugify;

/// The Markdown extensions cmbook enables everywhere (GFM plus heading attributes).
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// The marker separating a page's summary from the rest.
pub const MORE_MARKER: &str = "<!-- more -->";

/// A heading with its final, unique id.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// Unique id within the page.
    pub id: String,
    /// Plain text of the heading.
    pub text: String,
    /// 1-based line in the file.
    pub line: usize,
}

/// A link written in the body, with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The destination as written (`@/metier/veille.md#x`, `https://...`, `#local`).
    pub dest: String,
    /// 1-based line in the file.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

/// One checklist item.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ChecklistItem {
    /// Stable id: from a trailing `{#id}`, else from the text.
    pub id: String,
    /// Plain text without the `{#id}` and `{learn=…}` markers.
    pub text: String,
    /// The page teaching the skill, from a trailing `{learn=@/…}` (see `item_markers`).
    pub learn: Option<String>,
    /// Whether the source box is ticked (`- [x]`).
    pub checked: bool,
}

/// Checklist items under one `##` heading.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ChecklistGroup {
    /// The heading text (empty for items before the first `##`).
    pub title: String,
    /// The heading's id (empty for the leading group).
    pub id: String,
    /// Items in document order.
    pub items: Vec<ChecklistItem>,
}

/// Facts about a Markdown body, gathered in one pass.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outline {
    /// Every heading in order, with unique ids.
    pub headings: Vec<Heading>,
    /// Every link and its position.
    pub links: Vec<Link>,
    /// Lines of images written without alt text.
    pub images_without_alt: Vec<(usize, usize)>,
    /// Headings whose id was already taken (the id wanted, the line): they got a `-N` suffix.
    pub duplicate_ids: Vec<(String, usize)>,
    /// Task-list items grouped by `##` heading (all pages; only checklists use them).
    pub checklist: Vec<ChecklistGroup>,
    /// Words outside code.
    pub word_count: usize,
    /// Where a prefix of the body holding the whole summary ends, when reading that prefix
    /// alone gives the same summary (see `markdown::summary`).
    pub summary_end: Option<usize>,
}

impl Outline {
    /// Whether the page has a heading with this id.
    pub fn has_anchor(&self, id: &str) -> bool {
        self.headings.iter().any(|h| h.id == id)
    }

    /// Ids of every task item in document order.
    pub fn item_ids(&self) -> impl Iterator<Item = &str> {
        self.checklist
            .iter()
            .flat_map(|g| g.items.iter().map(|i| i.id.as_str()))
    }
}

/// Maps byte offsets to 1-based lines and columns.
struct Lines<'t> {
    text: &'t str,
    starts: Vec<usize>,
    first_line: usize,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str, first_line: usize) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines {
            text,
            starts,
            first_line,
        }
    }

    /// 1-based line and column; columns count characters, as editors do (`é` is one).
    fn position(&self, offset: usize) -> (usize, usize) {
        let index = self.starts.partition_point(|&s| s <= offset) - 1;
        let column = self
            .text
            .get(self.starts[index]..offset)
            .map_or(offset - self.starts[index], |s| s.chars().count());
        (self.first_line + index, column + 1)
    }
}

/// Makes `base` unique among `seen` by appending `-1`, `-2`...
fn unique(base: String, seen: &mut std::collections::HashSet<String>) -> String {
    if seen.insert(base.clone()) {
        return base;
    }
    (1..)
        .map(|n| format!("{base}-{n}"))
        .find(|candidate| seen.insert(candidate.clone()))
        .expect("an unused suffix exists")
}

/// Analyses `body`, whose first line is line `first_line` of its file.
pub fn outline(body: &str, first_line: usize) -> Outline {
    let lines = Lines::new(body, first_line);
    let mut out = Outline::default();
    let mut heading_ids = std::collections::HashSet::new();
    let mut item_ids = std::collections::HashSet::new();
    // Open heading: (level, custom id, text, line).
    let mut heading: Option<(u8, Option<String>, String, usize)> = None;
    // Open task items, innermost last: (group, item index, text, lists opened inside the item).
    let mut tasks: Vec<(usize, usize, String, usize)> = Vec::new();
    let mut image: Option<(String, (usize, usize))> = None;
    // Where the open task item's `{learn=` target was written.
    let mut learn_at: Option<(usize, usize)> = None;
    let mut in_code = false;
    let events = Parser::new_ext(body, options()).into_offset_iter();
    let has_definitions = events.reference_definitions().iter().next().is_some();
    let mut summary_end = SummaryEnd::new(body, has_definitions);
    for (event, range) in events {
        summary_end.see(&event, &range);
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                let (line, _) = lines.position(range.start);
                heading = Some((
                    level_number(level),
                    id.map(|s| s.to_string()),
                    String::new(),
                    line,
                ));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, custom, text, line)) = heading.take() {
                    let text = text.trim().to_owned();
                    let base = custom.unwrap_or_else(|| match slugify(&text) {
                        s if s.is_empty() => "section".to_owned(),
                        s => s,
                    });
                    let id = unique(base.clone(), &mut heading_ids);
                    if id != base {
                        out.duplicate_ids.push((base, line));
                    }
                    if level == 2 {
                        out.checklist.push(ChecklistGroup {
                            title: text.clone(),
                            id: id.clone(),
                            items: Vec::new(),
                        });
                    }
                    out.headings.push(Heading {
                        level,
                        id,
                        text,
                        line,
                    });
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                let (line, column) = lines.position(range.start);
                out.links.push(Link {
                    dest: dest_url.to_string(),
                    line,
                    column,
                });
            }
            Event::Start(Tag::Image { .. }) => {
                image = Some((String::new(), lines.position(range.start)))
            }
            Event::End(TagEnd::Image) => {
                if let Some((alt, position)) = image.take() {
                    if alt.trim().is_empty() {
                        out.images_without_alt.push(position);
                    }
                }
            }
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::TaskListMarker(checked) => {
                if out.checklist.is_empty() {
                    out.checklist.push(ChecklistGroup {
                        title: String::new(),
                        id: String::new(),
                        items: Vec::new(),
                    });
                }
                let group = out.checklist.len() - 1;
                let items = &mut out.checklist[group].items;
                items.push(ChecklistItem {
                    id: String::new(),
                    text: String::new(),
                    learn: None,
                    checked,
                });
                tasks.push((group, items.len() - 1, String::new(), 0));
                learn_at = None;
            }
            Event::Start(Tag::List(_)) => {
                if let Some(t) = tasks.last_mut() {
                    t.3 += 1;
                }
            }
            Event::End(TagEnd::List(_)) => {
                if let Some(t) = tasks.last_mut() {
                    t.3 = t.3.saturating_sub(1);
                }
            }
            Event::End(TagEnd::Item) if tasks.last().is_some_and(|t| t.3 == 0) => {
                let (group, index, text, _) = tasks.pop().expect("checked above");
                let markers = split_item_markers(&text);
                let base = markers
                    .id
                    .map(str::to_owned)
                    .unwrap_or_else(|| item_slug(markers.text));
                if let (Some(dest), Some((line, column))) = (markers.learn, learn_at.take()) {
                    // Checked by resolve like any `@/` link of the body.
                    out.links.push(Link {
                        dest: dest.to_owned(),
                        line,
                        column,
                    });
                }
                let item = &mut out.checklist[group].items[index];
                item.id = unique(base, &mut item_ids);
                item.text = markers.text.to_owned();
                item.learn = markers.learn.map(str::to_owned);
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some(h) = heading.as_mut() {
                    h.2.push_str(&text);
                }
                if let Some((alt, _)) = image.as_mut() {
                    alt.push_str(&text);
                }
                if let Some((_, _, item, 0)) = tasks.last_mut() {
                    if let Some(at) = text.find(item_markers::LEARN_OPEN) {
                        // The target's position: where `@/` starts, as for a link.
                        let offset = range.start + at + item_markers::LEARN_OPEN.len();
                        learn_at = Some(lines.position(offset));
                    }
                    item.push_str(&text);
                }
                if !in_code {
                    out.word_count += text.split_whitespace().count();
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, _, item, 0)) = tasks.last_mut() {
                    item.push(' ');
                }
            }
            _ => {}
        }
    }
    out.checklist.retain(|g| !g.items.is_empty());
    out.summary_end = summary_end.end(body);
    out
}

/// Item ids stay short so that storage keys remain readable; 64 bytes keep them unique in practice.
fn item_slug(text: &str) -> String {
    let mut slug = slugify(text);
    if slug.len() > 64 {
        let cut = slug[..64].rfind('-').unwrap_or(64);
        slug.truncate(cut);
    }
    if slug.is_empty() {
        "item".to_owned()
    } else {
        slug
    }
}

fn level_number(level: HeadingLevel) -> u8 {
    level as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_unique_folded_ids() {
        let o = outline(
            "# Écoute active\n\n## Écoute active\n\n## Titre {#perso}\n",
            5,
        );
        let ids: Vec<_> = o.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["ecoute-active", "ecoute-active-1", "perso"]);
        assert_eq!(o.headings[1].line, 7);
    }

    #[test]
    fn links_know_their_position() {
        let o = outline("texte\n\nvoir [la veille](@/metier/veille.md#x)\n", 4);
        assert_eq!(
            o.links,
            vec![Link {
                dest: "@/metier/veille.md#x".into(),
                line: 6,
                column: 6
            }]
        );
        let o = outline("Déjà vu : [l](@/a.md)\n", 1);
        assert_eq!(o.links[0].column, 11, "columns count characters");
    }

    #[test]
    fn checklist_items_are_grouped_with_stable_ids() {
        let body = "intro\n\n## Animation\n\n- [ ] Lancer un *débat*\n- [x] Répondre {#rep}\n  - [ ] sous-item\n\n## Veille\n\n- [ ] Lancer un débat\n";
        let o = outline(body, 1);
        assert_eq!(o.checklist.len(), 2);
        let first = &o.checklist[0];
        assert_eq!(first.id, "animation");
        let ids: Vec<_> = first.items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["lancer-un-debat", "rep", "sous-item"]);
        assert_eq!(first.items[1].text, "Répondre");
        assert!(first.items[1].checked);
        assert_eq!(o.checklist[1].items[0].id, "lancer-un-debat-1");
    }

    #[test]
    fn learn_targets_are_links_with_their_position() {
        let body = "## G\n\n- [ ] Veiller {learn=@/metier/veille.md} {#v}\n- [ ] Écrire\n";
        let o = outline(body, 3);
        let item = &o.checklist[0].items[0];
        assert_eq!((item.id.as_str(), item.text.as_str()), ("v", "Veiller"));
        assert_eq!(item.learn.as_deref(), Some("@/metier/veille.md"));
        assert_eq!(o.checklist[0].items[1].learn, None);
        assert_eq!(
            o.links,
            vec![Link {
                dest: "@/metier/veille.md".into(),
                line: 5,
                column: 22
            }]
        );
    }

    #[test]
    fn words_outside_code_are_counted() {
        let o = outline("un deux trois\n\n```\nnot counted here\n```\n", 1);
        assert_eq!(o.word_count, 3);
    }

    #[test]
    fn images_without_alt_are_noticed() {
        let o = outline("![](a.png)\n\n![un chat](b.png)\n", 1);
        assert_eq!(o.images_without_alt, vec![(1, 1)]);
    }
}

thread_local! {
    /// Set while [`guarded`] runs, so its panics are reported as diagnostics, not printed.
    static GUARDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether this thread is inside [`guarded`]: a panic hook (the binary's, see `src/main.rs`)
/// stays quiet then, since the panic becomes a diagnostic naming the page.
pub fn in_guarded_parse() -> bool {
    GUARDED.with(std::cell::Cell::get)
}

/// Runs `work` (a Markdown parse), turning a panic into an error message. pulldown-cmark 0.13
/// panics on a few inputs (found by fuzzing: a setext heading with attributes in a list item);
/// one odd page must fail with its file named, not crash the build.
pub fn guarded<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    GUARDED.with(|g| g.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
    GUARDED.with(|g| g.set(false));
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown failure".to_owned())
    })
}
