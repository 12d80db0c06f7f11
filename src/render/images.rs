//! Images written in Markdown (`![alt](schemas/arbre.svg)`): their `<img>` gets the picture's
//! `width` and `height`, read from the file at build time so the page does not jump while it
//! loads, and `loading="lazy"`. PNG, JPEG, GIF and WebP sizes come from the `imagesize` crate
//! (it reads the header only); an SVG's from its root element (`width`/`height`, else
//! `viewBox`). A file that cannot be read or measured gets no size: the page still builds, and
//! `check` already warns about an image without alt text.

use std::path::Path;

use crate::render::highlight::escape_html;

/// The SVG root's size: `width`/`height` in user units or px, else the `viewBox`'s.
fn svg_size(text: &str) -> Option<(u32, u32)> {
    let start = text.find("<svg")?;
    let tag = &text[start..start + text[start..].find('>')?];
    let attr = |name: &str| {
        let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        Some(&tag[at..at + tag[at..].find('"')?])
    };
    let number = |v: &str| v.trim().trim_end_matches("px").parse::<f64>().ok();
    if let (Some(w), Some(h)) = (
        attr("width").and_then(number),
        attr("height").and_then(number),
    ) {
        return Some((w.round() as u32, h.round() as u32));
    }
    let parts: Vec<f64> = attr("viewBox")?
        .split([' ', ','])
        .filter(|p| !p.is_empty())
        .filter_map(|p| p.parse().ok())
        .collect();
    match parts[..] {
        [_, _, w, h] if w > 0.0 && h > 0.0 => Some((w.round() as u32, h.round() as u32)),
        _ => None,
    }
}

/// Width and height of the picture at `path`, when it can be read and measured.
pub(crate) fn size_of(path: &Path) -> Option<(u32, u32)> {
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"))
    {
        return svg_size(&std::fs::read_to_string(path).ok()?);
    }
    let size = imagesize::size(path).ok()?;
    Some((
        u32::try_from(size.width).ok()?,
        u32::try_from(size.height).ok()?,
    ))
}

/// A Markdown image being read: written as one `<img>` when its alt text is complete.
pub(crate) struct OpenImage {
    /// Its URL.
    pub src: String,
    /// Its title.
    pub title: String,
    /// Its alt text so far.
    pub alt: String,
    /// Its size, when measured.
    pub size: Option<(u32, u32)>,
}

impl OpenImage {
    /// The `<img>` element.
    pub(crate) fn tag(&self) -> String {
        img_tag(&self.src, &self.alt, &self.title, self.size)
    }
}

/// The `<img>` element of a Markdown image.
pub(crate) fn img_tag(src: &str, alt: &str, title: &str, size: Option<(u32, u32)>) -> String {
    let mut tag = format!(
        "<img src=\"{}\" alt=\"{}\"",
        escape_html(src),
        escape_html(alt)
    );
    if !title.is_empty() {
        tag.push_str(&format!(" title=\"{}\"", escape_html(title)));
    }
    if let Some((w, h)) = size {
        tag.push_str(&format!(" width=\"{w}\" height=\"{h}\""));
    }
    tag.push_str(" loading=\"lazy\" decoding=\"async\">");
    tag
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_sizes_come_from_the_root_element() {
        let both = r#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="800" height="450px" viewBox="0 0 10 10">"#;
        assert_eq!(svg_size(both), Some((800, 450)));
        let view_box = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 960 540">"#;
        assert_eq!(svg_size(view_box), Some((960, 540)));
        assert_eq!(svg_size(r#"<svg width="100%" height="2">"#), None);
        assert_eq!(svg_size("<html>"), None);
    }

    #[test]
    fn img_tags_are_lazy_and_escaped() {
        assert_eq!(
            img_tag("/a \"b\".svg", "Un <arbre>", "", Some((3, 2))),
            "<img src=\"/a &quot;b&quot;.svg\" alt=\"Un &lt;arbre&gt;\" width=\"3\" height=\"2\" loading=\"lazy\" decoding=\"async\">"
        );
    }
}
