//! What Pagefind is given of a page: its `<html>` tag (for the language) and the elements the
//! theme marked `data-pagefind-body`, without the head, header, navigation and footer around
//! them. Pagefind reads pages one at a time; at 10,000 pages, parsing whole pages made the index
//! the longest stage of a build and holding them all tripled its memory. The index is the same:
//! Pagefind reads nothing outside the marked elements of a page that has them.

/// The attribute by which a theme marks what Pagefind indexes.
const MARK: &str = " data-pagefind-body";

/// Whether `html` marks an element for the index.
pub(crate) fn is_marked(html: &str) -> bool {
    html.contains(MARK)
}

/// The part of `html` the index reads: the whole page when no element is marked (Pagefind then
/// decides by its own rules, as for a theme that marks nothing).
pub(crate) fn slim(html: String) -> String {
    let Some(first) = html.find(MARK) else {
        return html;
    };
    let html_tag = html
        .find("<html")
        .and_then(|start| {
            html[start..]
                .find('>')
                .map(|end| &html[start..=start + end])
        })
        .unwrap_or("<html>");
    let mut out = String::with_capacity(html.len() / 2);
    out.push_str(html_tag);
    out.push_str("<body>");
    let mut from = first;
    while let Some(at) = html[from..].find(MARK).map(|i| from + i) {
        let Some(element) = element_around(&html, at) else {
            return html;
        };
        out.push_str(&html[element.clone()]);
        from = element.end;
    }
    out.push_str("</body></html>");
    out
}

/// The byte range of the element whose start tag holds the byte `at`, through its end tag
/// (same-named elements inside it counted); `None` when the page is not that regular.
fn element_around(html: &str, at: usize) -> Option<std::ops::Range<usize>> {
    let start = html[..at].rfind('<')?;
    let name_end = html[start + 1..]
        .find(|c: char| !c.is_ascii_alphanumeric())
        .map(|i| start + 1 + i)?;
    let name = &html[start + 1..name_end];
    let (open, close) = (format!("<{name}"), format!("</{name}>"));
    let mut depth = 0usize;
    let mut i = start;
    loop {
        let next_open = html[i..].find(&open).map(|j| i + j);
        let next_close = html[i..].find(&close).map(|j| i + j)?;
        match next_open {
            // `<div` but not `<divx`: the name ends there.
            Some(o) if o < next_close => {
                let after = html[o + open.len()..].chars().next();
                if after.is_some_and(|c| c == '>' || c.is_ascii_whitespace() || c == '/') {
                    depth += 1;
                }
                i = o + open.len();
            }
            _ => {
                depth = depth.checked_sub(1)?;
                i = next_close + close.len();
                if depth == 0 {
                    return Some(start..i);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::slim;

    #[test]
    fn keeps_the_html_tag_and_the_marked_elements_only() {
        let page = "<!doctype html><html lang=\"fr\" data-x><head><title>T</title></head><body>\
                    <nav>Menu</nav><div class=\"wrap\"><article class=\"a\" data-pagefind-body>\
                    <h1>Titre</h1><div><div>texte</div></div></article><aside>À côté</aside>\
                    </div><footer>Pied</footer></body></html>";
        assert_eq!(
            slim(page.to_owned()),
            "<html lang=\"fr\" data-x><body><article class=\"a\" data-pagefind-body>\
             <h1>Titre</h1><div><div>texte</div></div></article></body></html>"
        );
    }

    #[test]
    fn a_page_without_a_marked_element_or_irregular_stays_whole() {
        let page = "<html lang=\"fr\"><body><p>Tout</p></body></html>".to_owned();
        assert_eq!(slim(page.clone()), page);
        let unclosed = "<html><body><div data-pagefind-body><p>sans fin</body>".to_owned();
        assert_eq!(slim(unclosed.clone()), unclosed);
    }
}
