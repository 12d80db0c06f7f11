//! The typography pass over a Markdown event stream: the text of each block is typeset as one
//! text, since the parser splits it into events at emphasis, links, code and some punctuation
//! (`l'*été*`, `mot [lien](x) !`). Code (spans and blocks), raw HTML and what sits inside
//! `<code>`, `<kbd>`… written in it, autolinked URLs and image descriptions (an attribute)
//! keep what was written.

use std::collections::VecDeque;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use super::{is_french_trigger, space_for, typeset_between, Typography};

/// Inline HTML elements whose text is not prose.
const RAW_ELEMENTS: &[&str] = &[
    "code", "kbd", "samp", "pre", "var", "script", "style", "textarea", "svg", "math",
];

/// `events` with their text typeset by `typography`; the same events when it is `None`.
pub(crate) fn typeset_events<'a, I: Iterator<Item = Event<'a>>>(
    events: I,
    typography: Typography,
) -> Typeset<'a, I> {
    Typeset {
        events,
        typography,
        ready: VecDeque::new(),
        in_code_block: false,
        scratch: Scratch::default(),
    }
}

/// The iterator [`typeset_events`] returns: it holds back one block's inline events at a
/// time, so that a summary pass still stops reading where its paragraph ends.
pub(crate) struct Typeset<'a, I> {
    events: I,
    typography: Typography,
    /// Events typeset and not yet handed on: one block's inline events, then what ends them.
    ready: VecDeque<Event<'a>>,
    /// Between the start and end of a fenced or indented code block.
    in_code_block: bool,
    /// Kept from block to block so that typesetting a block allocates nothing of its own.
    scratch: Scratch,
}

/// Per event of a run: its role and the characters next to it.
#[derive(Default)]
struct Scratch {
    roles: Vec<Role>,
    before: Vec<Option<char>>,
    after: Vec<Option<char>>,
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for Typeset<'a, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        if self.typography == Typography::None {
            return self.events.next();
        }
        if let Some(event) = self.ready.pop_front() {
            return Some(event);
        }
        let mut boundary = None;
        for event in self.events.by_ref() {
            if is_inline(&event) {
                self.ready.push_back(event);
            } else {
                boundary = Some(event);
                break;
            }
        }
        if !self.in_code_block {
            let run = self.ready.make_contiguous();
            typeset_run(run, self.typography, &mut self.scratch);
        }
        match &boundary {
            Some(Event::Start(Tag::CodeBlock(_))) => self.in_code_block = true,
            Some(Event::End(TagEnd::CodeBlock)) => self.in_code_block = false,
            _ => {}
        }
        self.ready.extend(boundary);
        self.ready.pop_front()
    }
}

/// Whether `event` belongs inside a block's text (a paragraph's, a heading's, a cell's).
fn is_inline(event: &Event<'_>) -> bool {
    match event {
        Event::Text(_)
        | Event::Code(_)
        | Event::InlineHtml(_)
        | Event::InlineMath(_)
        | Event::SoftBreak
        | Event::HardBreak
        | Event::FootnoteReference(_) => true,
        Event::Start(tag) => matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
                | Tag::Image { .. }
        ),
        Event::End(tag) => matches!(
            tag,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link
                | TagEnd::Image
        ),
        _ => false,
    }
}

/// What one event of a run is to the text around it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Prose that may change.
    Prose,
    /// A line break in the source: a space, which may become a no-break one.
    SoftBreak,
    /// Text that keeps what was written but that its neighbours are read next to.
    Fixed,
    /// Nothing a reader sees beside the text (tags, image descriptions).
    Silent,
}

/// Typesets the prose of one block's inline events in place.
fn typeset_run(run: &mut [Event<'_>], typography: Typography, scratch: &mut Scratch) {
    // Every change is next to a trigger written in some text of the block.
    let triggered = |e: &Event<'_>| matches!(e, Event::Text(t) if t.contains(is_french_trigger));
    if !run.iter().any(triggered) {
        return;
    }
    let Scratch {
        roles,
        before,
        after,
    } = scratch;
    fill_roles(run, roles);
    let edge = |event: &Event<'_>, role: Role, last: bool| -> Option<char> {
        let text: &str = match (role, event) {
            // An image is seen, though not its description: `![a](b.png) !` takes a space.
            (_, Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image)) => {
                return Some('\u{fffc}')
            }
            (Role::Silent, _) => return None,
            (_, Event::SoftBreak) => return Some(' '),
            (_, Event::HardBreak) => return Some('\n'),
            (_, Event::Text(t) | Event::Code(t) | Event::InlineMath(t)) => t,
            (_, Event::FootnoteReference(t)) => t,
            _ => return None,
        };
        if last {
            text.chars().next_back()
        } else {
            text.chars().next()
        }
    };
    // The character before each event (the last one seen of those before it), then after.
    before.clear();
    let mut seen = None;
    for (event, &role) in run.iter().zip(roles.iter()) {
        before.push(seen);
        seen = edge(event, role, true).or(seen);
    }
    after.clear();
    after.resize(run.len(), None);
    seen = None;
    for (i, event) in run.iter().enumerate().rev() {
        after[i] = seen;
        seen = edge(event, roles[i], false).or(seen);
    }
    for (i, event) in run.iter_mut().enumerate() {
        match (roles[i], &*event) {
            (Role::Prose, Event::Text(text)) => {
                if let std::borrow::Cow::Owned(typeset) =
                    typeset_between(before[i], text, after[i], typography)
                {
                    *event = Event::Text(CowStr::from(typeset));
                }
            }
            (Role::SoftBreak, _) => {
                if let Some(space) = space_for(before[i], after[i]) {
                    *event = Event::Text(CowStr::from(space.to_string()));
                }
            }
            _ => {}
        }
    }
}

/// The role of each event of a run, from the links, images and raw elements it opens.
fn fill_roles(run: &[Event<'_>], roles: &mut Vec<Role>) {
    let mut autolinks = 0usize;
    let mut images = 0usize;
    let mut raw = 0usize;
    let found = run.iter().map(|event| match event {
        Event::Start(Tag::Link { link_type, .. }) => {
            if matches!(link_type, LinkType::Autolink | LinkType::Email) {
                autolinks += 1;
            }
            Role::Silent
        }
        Event::End(TagEnd::Link) => {
            autolinks = autolinks.saturating_sub(1);
            Role::Silent
        }
        Event::Start(Tag::Image { .. }) => {
            images += 1;
            Role::Silent
        }
        Event::End(TagEnd::Image) => {
            images = images.saturating_sub(1);
            Role::Silent
        }
        Event::InlineHtml(html) => {
            match raw_element(html) {
                Some(true) => raw += 1,
                Some(false) => raw = raw.saturating_sub(1),
                None => {}
            }
            Role::Silent
        }
        _ if images > 0 => Role::Silent,
        Event::Text(_) if autolinks == 0 && raw == 0 => Role::Prose,
        Event::SoftBreak if raw == 0 => Role::SoftBreak,
        Event::Start(_) | Event::End(_) => Role::Silent,
        _ => Role::Fixed,
    });
    roles.clear();
    roles.extend(found);
}

/// `Some(true)` for an opening tag of a [`RAW_ELEMENTS`] element, `Some(false)` for its
/// closing tag, `None` for any other HTML.
fn raw_element(html: &str) -> Option<bool> {
    let tag = html.trim().strip_prefix('<')?;
    let (closing, tag) = match tag.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, tag),
    };
    let name_end = tag
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(tag.len());
    let name = &tag[..name_end];
    if tag.trim_end().ends_with("/>") || !RAW_ELEMENTS.iter().any(|r| r.eq_ignore_ascii_case(name))
    {
        return None;
    }
    Some(!closing)
}
