//! The markers a checklist item may end with: `{#id}` (a stable id, so that rewording an item
//! keeps the reader's progress) and `{learn=@/metier/veille.md}` (the page that teaches the
//! skill), in either order:
//!
//! ```text
//! - [ ] Tenir une revue de veille hebdomadaire {#revue} {learn=@/metier/veille-et-signaux-faibles.md}
//! ```
//!
//! A learn target is an `@/` link like any other: the outline records it with its position, so
//! resolve checks it (a broken one is an error with file:line:column), and render writes it as a
//! link after the item's text.

/// The opening of a learn marker.
pub(crate) const LEARN_OPEN: &str = "{learn=";

/// An item's text with its trailing markers split off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemMarkers<'t> {
    /// The text without the markers, trimmed at the end.
    pub text: &'t str,
    /// From `{#id}`.
    pub id: Option<&'t str>,
    /// From `{learn=@/…}`.
    pub learn: Option<&'t str>,
}

impl ItemMarkers<'_> {
    /// Whether the text ended with any marker.
    pub fn any(&self) -> bool {
        self.id.is_some() || self.learn.is_some()
    }
}

fn is_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Splits the trailing `{#id}` and `{learn=…}` markers (each at most once, either order) off
/// `text`. A learn target must start with `@/` and hold no space or brace; anything else is
/// left in the text, where a reader sees it.
pub fn split_item_markers(text: &str) -> ItemMarkers<'_> {
    let mut rest = text.trim_end();
    let mut markers = ItemMarkers {
        text: rest,
        id: None,
        learn: None,
    };
    for _ in 0..2 {
        if !rest.ends_with('}') {
            break;
        }
        let Some(open) = rest.rfind('{') else { break };
        let inner = &rest[open + 1..rest.len() - 1];
        if let Some(id) = inner.strip_prefix('#').filter(|id| is_id(id)) {
            if markers.id.is_some() {
                break;
            }
            markers.id = Some(id);
        } else if let Some(target) = inner.strip_prefix("learn=").filter(|t| {
            t.starts_with("@/")
                && t.len() > 2
                && !t.contains(|c: char| c.is_whitespace() || c == '{')
        }) {
            if markers.learn.is_some() {
                break;
            }
            markers.learn = Some(target);
        } else {
            break;
        }
        rest = rest[..open].trim_end();
        markers.text = rest;
    }
    markers
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_markers_in_either_order() {
        let m = split_item_markers("Faire la veille {#veille} {learn=@/metier/veille.md}");
        assert_eq!(m.text, "Faire la veille");
        assert_eq!(m.id, Some("veille"));
        assert_eq!(m.learn, Some("@/metier/veille.md"));
        let m = split_item_markers("Faire la veille {learn=@/metier/veille.md#x} {#veille} ");
        assert_eq!((m.text, m.id), ("Faire la veille", Some("veille")));
        assert_eq!(m.learn, Some("@/metier/veille.md#x"));
    }

    #[test]
    fn other_braces_stay_in_the_text() {
        for text in [
            "Écrire {learn=https://example.org}",
            "Écrire {learn=@/a b.md}",
            "Écrire {note}",
            "Écrire {#a} {#b}",
        ] {
            let m = split_item_markers(text);
            assert!(
                m.text.starts_with("Écrire {") || m.id == Some("b"),
                "{text}: {m:?}"
            );
            assert_eq!(m.learn, None, "{text}");
        }
        assert_eq!(split_item_markers("Écrire {#a} {#b}").text, "Écrire {#a}");
    }
}
