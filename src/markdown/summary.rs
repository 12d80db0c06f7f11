//! Where a page's summary ends in its source (see [`SummaryEnd`]).

use pulldown_cmark::{Event, Tag, TagEnd};

use super::MORE_MARKER;

/// Finds where a summary ends in the source, for the summary pass of a build to parse that
/// prefix only: the parser otherwise reads the whole body before the first event (~1 % of a
/// build's instructions went to reading bodies past their first paragraph).
///
/// The prefix ends with a top-level block (the first top-level paragraph, or the HTML block
/// holding the first `<!-- more -->`), so every block before it reads the same without what
/// follows. Only definitions reach back: a body with reference definitions has a prefix only
/// when no `[` opens a link in it, one with footnote definitions only when no `[^` refers to a
/// note in it. The summary pass still checks that it stopped inside the prefix and otherwise
/// reads the whole body.
pub(super) struct SummaryEnd {
    /// Still possible: no marker met outside a top-level HTML block.
    possible: bool,
    has_marker: bool,
    reference_definitions: bool,
    footnote_definitions: bool,
    depth: usize,
    /// Inside a top-level HTML block that holds the marker.
    marker_block: bool,
    end: Option<usize>,
}

impl SummaryEnd {
    /// Starts on `body`, telling whether the parser found reference definitions in it.
    pub(super) fn new(body: &str, reference_definitions: bool) -> SummaryEnd {
        SummaryEnd {
            possible: true,
            has_marker: body.contains(MORE_MARKER),
            reference_definitions,
            footnote_definitions: false,
            depth: 0,
            marker_block: false,
            end: None,
        }
    }

    pub(super) fn see(&mut self, event: &Event<'_>, range: &std::ops::Range<usize>) {
        let depth = self.depth;
        if let Event::Start(Tag::FootnoteDefinition(_)) = event {
            self.footnote_definitions = true;
        }
        match event {
            Event::Start(_) => self.depth += 1,
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
        if self.end.is_some() || !self.possible {
            return;
        }
        match event {
            Event::End(TagEnd::Paragraph) if !self.has_marker && depth == 1 => {
                self.end = Some(range.end);
            }
            Event::Html(html) | Event::InlineHtml(html)
                if self.has_marker && html.contains(MORE_MARKER) =>
            {
                // The first marker decides: inside a top-level HTML block, the prefix ends
                // with that block; anywhere else (a paragraph, a list), no prefix.
                let top_block = depth == 1 && matches!(event, Event::Html(_));
                self.marker_block = top_block;
                self.possible = top_block;
            }
            Event::End(TagEnd::HtmlBlock) if self.marker_block && depth == 1 => {
                self.end = Some(range.end);
            }
            _ => {}
        }
    }

    pub(super) fn end(&self, body: &str) -> Option<usize> {
        let end = self.end.filter(|_| self.possible)?;
        let prefix = body.get(..end)?;
        let links_read_alike = !self.reference_definitions || !prefix.contains('[');
        let notes_read_alike = !self.footnote_definitions || !prefix.contains("[^");
        (links_read_alike && notes_read_alike).then_some(end)
    }
}
