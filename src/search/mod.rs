//! The search stage, after render: the rendered HTML of each page, keyed by its path under the
//! output root, goes into a Pagefind index (chunked, French or any language stemmed from the
//! page's `<html lang>`, sub-results per heading, excerpts, filters), whose files are added to
//! the site under `pagefind/`. `build` and `serve` feed it the same way (see
//! [`pipeline`](crate::pipeline)); render knows nothing of it.
//!
//! What a page gives the index is up to its template: Pagefind indexes only the elements marked
//! `data-pagefind-body` (the theme marks articles and term pages, not lists, home or 404), and
//! reads filters from `data-pagefind-filter`. Print books repeat their section's pages, and a
//! fallback page (the original's text shown in another language's site, see
//! [`Page::is_fallback`](crate::resolve::Page::is_fallback)) repeats its original: both are left
//! out here whatever the theme marks, so each text is found once, in its own language's index
//! (Pagefind makes one per `<html lang>`, stemmed for that language).

use std::collections::hash_map::DefaultHasher;
use std::collections::HashSet;
use std::hash::{Hash, Hasher};

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::render::{Content, Output};
use crate::resolve::{books, Site};

mod slim;
mod words;

/// Folder of the index under the output root; the theme's script loads `pagefind/pagefind.js`.
pub(crate) const BUNDLE_DIR: &str = "pagefind";

/// Files of Pagefind's own search UIs: the theme uses its JS API (`pagefind.js`) with a UI of
/// its own, so these ~430 KB are not written.
const UNUSED: [&str; 7] = [
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
];

/// Most bytes of a page's HTML the index reads: Pagefind took minutes over a 50 MB page (a
/// handbook page is under 200 KB); past this, a page is found by its beginning only. HTML cut
/// short is still read as HTML (open elements end with the file).
const MAX_PAGE_BYTES: usize = 2 << 20;

/// One rendered page offered to the index.
pub(crate) struct RenderedPage {
    /// Path under the output root (`metier/e-reputation/index.html`).
    path: String,
    /// The part of its HTML the index reads (see [`slim`]).
    html: String,
    /// Whether its template marked part of it for the index (`data-pagefind-body`).
    marked: bool,
}

impl RenderedPage {
    /// The page at `path` with its `html`, cut down to what the index reads.
    pub(crate) fn new(path: String, html: String) -> RenderedPage {
        RenderedPage {
            path,
            marked: slim::is_marked(&html),
            html: slim::slim(html),
        }
    }
}

/// The output paths the index leaves out: each section's print book and each fallback page.
fn excluded_paths(site: &Site) -> HashSet<String> {
    let has_books = books::theme_has_books(&site.theme);
    let print_books = books::sections_with_books(&site.sections, has_books)
        .into_iter()
        .map(|s| {
            let section = &site.sections[s];
            books::book_path(&site.theme, section.language, &section.path)
        });
    let fallbacks = site
        .pages
        .iter()
        .filter(|p| p.is_fallback())
        .map(|p| p.path.clone());
    print_books
        .chain(fallbacks)
        .map(|path| format!("{path}index.html"))
        .collect()
}

/// Whether the output file at `path` is offered to the index: an HTML page that is neither a
/// print book nor a fallback page. Lets a caller read only the files it will hand to [`index`].
pub(crate) struct Selection {
    excluded: HashSet<String>,
}

impl Selection {
    /// The pages of `site` to index.
    pub(crate) fn of(site: &Site) -> Selection {
        Selection {
            excluded: excluded_paths(site),
        }
    }

    /// Whether the file at `path` (under the output root) goes to the index.
    pub(crate) fn wants(&self, path: &str) -> bool {
        path.ends_with(".html") && !self.excluded.contains(path)
    }
}

/// The pages among `outputs` (rendered in memory, as `serve` and `check` hold them) to index.
pub(crate) fn pages_in(outputs: &[Output], selection: &Selection) -> Vec<RenderedPage> {
    outputs
        .par_iter()
        .filter(|o| selection.wants(&o.path))
        .filter_map(|o| {
            let bytes: &[u8] = match &o.content {
                Content::Bytes(b) => b,
                Content::Shared(b) => b,
                Content::Embedded(b) => b,
                // Pages are rendered, never copied: a copied `.html` is a static file.
                Content::Copy(_) | Content::Reused(_) => return None,
            };
            let html = String::from_utf8_lossy(bytes).into_owned();
            Some(RenderedPage::new(o.path.clone(), html))
        })
        .collect()
}

/// A hash of `pages` as the index of `site` sees them: equal keys, equal index files (`serve`
/// and the build cache keep the last index and make it again only when a page changed).
pub(crate) fn index_key(site: &Site, pages: &[RenderedPage]) -> u64 {
    let mut sorted: Vec<&RenderedPage> = pages.iter().collect();
    sorted.sort_unstable_by(|a, b| a.path.cmp(&b.path));
    let mut h = DefaultHasher::new();
    site.config.base_path.hash(&mut h);
    for page in sorted {
        (&page.path, &page.html).hash(&mut h);
    }
    h.finish()
}

/// URL of the page at output `path`, as links to it are written (`index.html` dropped).
fn url_of(base_path: &str, path: &str) -> String {
    let dir = path.strip_suffix("index.html").unwrap_or(path);
    format!("{base_path}{dir}")
}

/// The index files of `pages` (under [`BUNDLE_DIR`]), the same for the same pages in any order.
pub(crate) fn index(site: &Site, mut pages: Vec<RenderedPage>) -> Result<Vec<Output>> {
    // Pagefind numbers pages in the order they are added: sorted, the index does not depend on
    // which render thread finished first.
    pages.sort_unstable_by(|a, b| a.path.cmp(&b.path));
    // Pagefind's rule: once any page marks its body, unmarked pages are left out. Applied here
    // first, so the typo lists hold only indexed words and Pagefind parses no page for nothing.
    if pages.iter().any(|p| p.marked) {
        pages.retain(|p| p.marked);
    }
    let mut vocabulary = words::Vocabulary::default();
    for page in &mut pages {
        if page.html.len() > MAX_PAGE_BYTES {
            let mut end = MAX_PAGE_BYTES;
            while !page.html.is_char_boundary(end) {
                end -= 1;
            }
            page.html.truncate(end);
        }
        vocabulary.add(&page.html);
    }
    let base_path = site.config.base_path.clone();
    // The library is async; a runtime of its own on a thread of its own, because `serve` calls
    // the pipeline from inside its server's runtime, where another cannot be started.
    let files = std::thread::scope(|scope| {
        scope
            .spawn(move || {
                tokio::runtime::Builder::new_current_thread()
                    .build()
                    .map_err(|e| e.to_string())?
                    .block_on(index_async(&base_path, pages))
            })
            .join()
            .unwrap_or_else(|_| Err("the indexer panicked".to_owned()))
    })
    .map_err(Error::Search)?;
    let mut outputs: Vec<Output> = files
        .into_iter()
        .filter(|file| !UNUSED.iter().any(|u| file.filename.ends_with(u)))
        .map(|file| {
            let name = file.filename.to_string_lossy().replace('\\', "/");
            Output::bytes(format!("{BUNDLE_DIR}/{name}"), file.contents)
        })
        .collect();
    outputs.extend(words::outputs(vocabulary, BUNDLE_DIR));
    outputs.sort_unstable_by(|a, b| a.path.cmp(&b.path));
    Ok(outputs)
}

async fn index_async(
    base_path: &str,
    pages: Vec<RenderedPage>,
) -> std::result::Result<Vec<pagefind::api::SyntheticFile>, String> {
    // Pagefind's playground and logs are for its own CLI; its language comes from each page.
    let options = PagefindServiceConfig::builder().build();
    let mut index = PagefindIndex::new(Some(options)).map_err(|e| e.to_string())?;
    for page in pages {
        let url = url_of(base_path, &page.path);
        index
            .add_html_file(None, Some(url.clone()), page.html)
            .await
            .map_err(|e| format!("{url}: {e}"))?;
    }
    index.get_files().await.map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::url_of;

    #[test]
    fn urls_drop_index_html_and_keep_the_base_path() {
        assert_eq!(
            url_of("/manuel/", "metier/roi/index.html"),
            "/manuel/metier/roi/"
        );
        assert_eq!(url_of("/", "index.html"), "/");
        assert_eq!(url_of("/", "404.html"), "/404.html");
    }
}
