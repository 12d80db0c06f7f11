//! The kinds of handbook `--profile` writes. `code-heavy` is the site the benchmarks have
//! always used (every page with a 17-33-line code block, see `code.rs`); the others stress
//! what that site hides behind highlighting: prose (`code-light`, `prose`), taxonomies
//! (`many-terms`) and page length (`long-pages`).

use std::fmt::Write as _;

use super::prose::Prose;
use super::{document, front, link, link_target, Layout, Rng, Terms, SECTIONS};

/// A kind of generated site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// Today's site, byte for byte: a long code block on every page.
    CodeHeavy,
    /// Varied prose; a 3-5-line code block on one page in three.
    CodeLight,
    /// Varied prose, no code at all.
    Prose,
    /// Prose, and 1,200+ tags: eight on ~30 % of the pages each, the rest on a few dozen.
    ManyTerms,
    /// One page in 25 of the count asked for, each of 10,000+ words of prose.
    LongPages,
}

/// Every profile's name, in the order usage lists them.
pub const NAMES: &str = "code-heavy (default), code-light, prose, many-terms, long-pages";

/// Tags shared by thousands of pages in `many-terms` (each on ~30 % of the pages).
const HOT_TAGS: usize = 8;
/// Tags of the long tail in `many-terms`.
const RARE_TAGS: usize = 1200;
/// Words of a page in `long-pages`, at least.
const LONG_PAGE_WORDS: usize = 10_000;
/// `long-pages` writes one page for this many asked for: 400 at 10,000.
pub const LONG_PAGES_DIVISOR: usize = 25;

impl Profile {
    /// The profile named `name`, or `None`.
    pub fn parse(name: &str) -> Option<Profile> {
        Some(match name {
            "code-heavy" => Profile::CodeHeavy,
            "code-light" => Profile::CodeLight,
            "prose" => Profile::Prose,
            "many-terms" => Profile::ManyTerms,
            "long-pages" => Profile::LongPages,
            _ => return None,
        })
    }

    /// How many pages the site has when `asked` are asked for.
    pub fn page_count(self, asked: usize) -> usize {
        match self {
            Profile::LongPages => asked.div_ceil(LONG_PAGES_DIVISOR),
            _ => asked,
        }
    }
}

/// Page `n` of a profile other than `code-heavy`: its path under `content/`, text and terms.
pub fn page(
    rng: &mut Rng,
    prose: &mut Prose,
    n: usize,
    layout: Layout,
    profile: Profile,
) -> (String, String, Terms) {
    let rel = format!("s{}/p{n}.md", n % SECTIONS);
    let mut front = front(rng, n);
    if profile == Profile::ManyTerms {
        let tags = &mut front.terms[3];
        tags.clear();
        for _ in 0..2 {
            tags.push(format!("hot{}", rng.next() % HOT_TAGS));
        }
        for _ in 0..4 {
            tags.push(format!("mot{}", rng.next() % RARE_TAGS));
        }
    }
    let mut body = String::new();
    prose.paragraph(&mut body);
    body.push_str("<!-- more -->\n\n");
    // The first heading stays `Partie 1`: other pages link to its anchor, `#partie-1`.
    prose.section(&mut body, "Partie 1");
    let _ = writeln!(
        body,
        "Voir [la page liée]({}), [une autre]({}) et [la source](https://example.org/{n}) ; la note[^1].\n",
        link(layout, &link_target(n)),
        link(layout, &(other_page(n), "")),
    );
    prose.words = 0;
    let (sections, words) = match profile {
        Profile::LongPages => (usize::MAX, LONG_PAGE_WORDS),
        _ => (2 + prose.below(4), 0),
    };
    let mut written = 0;
    while written < sections && (written == 0 || words == 0 || prose.words < words) {
        let heading = prose.title();
        prose.section(&mut body, &heading);
        written += 1;
        if words > 0 && written.is_multiple_of(7) {
            let _ = writeln!(body, "Comme le dit la note[^{}].\n", 1 + written / 7);
        }
    }
    if profile == Profile::CodeLight && n.is_multiple_of(3) {
        let _ = writeln!(body, "{}", short_code(n));
    }
    for note in 1..=1 + written / 7 * usize::from(words > 0) {
        let _ = writeln!(body, "[^{note}]: {}", prose.sentence());
    }
    body.push('\n');
    let text = document(layout, &front, &body);
    (rel, text, front.terms)
}

/// An earlier page (or the home page), linked without an anchor.
fn other_page(n: usize) -> String {
    if n == 0 {
        "_index.md".to_owned()
    } else {
        format!("s{}/p{}.md", (n / 2) % SECTIONS, n / 2)
    }
}

/// The 3-5-line code block of `code-light`, its language rotating.
fn short_code(n: usize) -> String {
    match n % 4 {
        0 => format!("```yaml\npublication: {n}\nreseau: instagram\nheure: \"18:30\"\n```\n"),
        1 => format!("```bash\ncurl -s https://example.org/api/stats/{n} \\\n  | jq '.engagement'\n```\n"),
        2 => format!("```json\n{{\n  \"page\": {n},\n  \"portee\": {}\n}}\n```\n", n * 7 % 1000),
        _ => format!("```python\ntaux = interactions / portee\nprint(f\"page {n} : {{taux:.1%}}\")\nenvoyer(rapport_{n})\n```\n"),
    }
}
