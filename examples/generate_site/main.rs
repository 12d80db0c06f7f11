//! Writes a deterministic, realistic handbook site of N pages, for benchmarks.
//!
//! `cargo run --release --example generate_site -- 10000 /tmp/site10k [--layout cmbook|zola|hugo]
//! [--profile NAME]`
//!
//! Ten sections; in each, 80 % articles, 10 % checklists, 10 % case studies; front matter names
//! sectors, career stages, skills and tags. With the default profile, `code-heavy`, articles
//! carry headings, lists, a task list, a table, a footnote, one 17-33-line code block (language
//! rotating), and `@/` links to earlier pages. The other profiles (`code-light`, `prose`,
//! `many-terms`, `long-pages`, see `profile.rs`) write varied prose (`prose.rs`) instead.
//!
//! `--layout` writes the same pages (same text, same terms, same links) for another generator,
//! so `benches/run` can compare them:
//!
//! - `cmbook` (default): `cmbook.yaml`, YAML front matter. This output must stay byte-identical
//!   from one version to the next: the benchmark figures depend on it. (Changed once, on
//!   2026-11-25: code blocks of realistic length, see `code.rs`; figures before that date were
//!   measured on 2-3-line blocks.)
//! - `zola`: `config.toml` with the same taxonomies, TOML `+++` front matter with a
//!   `[taxonomies]` table, kind-specific fields in `[extra]`, and minimal templates. Written for
//!   Zola 0.22 (`[markdown.highlighting]`, which highlights with giallo, CSS classes).
//! - `hugo`: `hugo.toml`, YAML front matter (terms as top-level keys, kind-specific fields under
//!   `extra`), `@/` links as `ref` shortcodes, and minimal `layouts/_default/` templates.
//!
//! In the Zola and Hugo layouts checklists also get a date, so that date-sorted sections list
//! them (Zola leaves undated pages out of a section sorted by date).
//!
//! The last line on stderr gives the number of distinct taxonomy terms the pages use, so a
//! benchmark can check how many term pages a tool wrote.

mod code;
mod layouts;
mod matter;
mod profile;
mod prose;
#[cfg(test)]
mod tests;

use matter::{Case, Front, Kind};
use profile::Profile;
use prose::Prose;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

const SECTIONS: usize = 10;
const SECTORS: &[&str] = &[
    "luxe",
    "sante",
    "jeu-video",
    "banque",
    "sport",
    "tourisme",
    "medias",
    "public",
];
const STAGES: &[&str] = &[
    "stagiaire",
    "junior",
    "confirme",
    "senior",
    "social-media-manager",
    "head-of-social",
];
const SKILLS: &[&str] = &[
    "animation",
    "moderation",
    "redaction",
    "veille",
    "e-reputation",
    "strategie",
    "donnees",
    "crise",
];
const LANGS: &[&str] = &[
    "rust", "python", "js", "yaml", "bash", "html", "css", "json",
];
const WORDS: &[&str] = &[
    "communauté",
    "veille",
    "réseau",
    "marque",
    "modération",
    "engagement",
    "audience",
    "stratégie",
    "contenu",
    "crise",
    "écoute",
    "signal",
    "public",
    "message",
    "réponse",
    "charte",
    "calendrier",
    "indicateur",
    "rapport",
    "client",
];

/// A tiny deterministic generator (xorshift), so every run writes the same site.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 16) as usize
    }
    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.next() % list.len()]
    }
    fn sentence(&mut self, words: usize) -> String {
        let mut s: Vec<&str> = (0..words).map(|_| self.pick(WORDS)).collect();
        let mut chars = s[0].chars();
        let capital: String = chars
            .next()
            .into_iter()
            .flat_map(char::to_uppercase)
            .chain(chars)
            .collect();
        s[0] = &capital;
        format!("{}.", s.join(" "))
    }
}

/// Which generator the site is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    Cmbook,
    Zola,
    Hugo,
}

impl Layout {
    fn parse(name: &str) -> Layout {
        match name {
            "cmbook" => Layout::Cmbook,
            "zola" => Layout::Zola,
            "hugo" => Layout::Hugo,
            other => panic!("unknown layout `{other}`: expected cmbook, zola or hugo"),
        }
    }
}

/// The taxonomies, in front-matter order.
const TAXONOMIES: [&str; 4] = ["sectors", "career_stages", "skills", "tags"];

/// The terms of one page, one list per taxonomy of [`TAXONOMIES`].
type Terms = [Vec<String>; 4];

fn front_terms(rng: &mut Rng) -> Terms {
    let sectors = vec![rng.pick(SECTORS).to_owned(), rng.pick(SECTORS).to_owned()];
    let stages = vec![rng.pick(STAGES).to_owned()];
    let skills = vec![rng.pick(SKILLS).to_owned(), rng.pick(SKILLS).to_owned()];
    let tags = vec![
        format!("t{}", rng.next() % 40),
        format!("t{}", rng.next() % 40),
    ];
    [sectors, stages, skills, tags]
}

/// The target of a page's `@/` link: (source path, anchor).
fn link_target(n: usize) -> (String, &'static str) {
    if n >= SECTIONS {
        (
            format!("s{}/p{}.md", (n - SECTIONS) % SECTIONS, n - SECTIONS),
            "#partie-1",
        )
    } else {
        ("_index.md".to_owned(), "")
    }
}

/// A link to another source file, in `layout`'s internal-link form.
fn link(layout: Layout, (path, anchor): &(String, &str)) -> String {
    match layout {
        // Zola reads cmbook's `@/` links as they are.
        Layout::Cmbook | Layout::Zola => format!("@/{path}{anchor}"),
        Layout::Hugo => format!("{{{{< ref \"/{path}{anchor}\" >}}}}"),
    }
}

/// Page `n`'s front matter: its first draws from `rng`.
fn front(rng: &mut Rng, n: usize) -> Front {
    let date = format!("2026-{:02}-{:02}", 1 + n % 12, 1 + n % 28);
    match n % 10 {
        8 => Front {
            n,
            description: rng.sentence(8),
            date,
            kind: Kind::Checklist,
            terms: front_terms(rng),
        },
        9 => {
            let description = rng.sentence(8);
            let year = 2009 + n % 15;
            let outcome = ["crise", "succes", "mitige"][n % 3];
            let metric = rng.next() % 10000;
            Front {
                n,
                description,
                date,
                kind: Kind::CaseStudy(Case {
                    year,
                    outcome,
                    metric,
                }),
                terms: front_terms(rng),
            }
        }
        _ => Front {
            n,
            description: rng.sentence(10),
            date,
            kind: Kind::Article,
            terms: front_terms(rng),
        },
    }
}

/// Page `n` of `code-heavy`: its path under `content/` and its text.
fn page(rng: &mut Rng, n: usize, layout: Layout) -> (String, String, Terms) {
    let section = n % SECTIONS;
    let rel = format!("s{section}/p{n}.md");
    let link = link(layout, &link_target(n));
    let mut body = String::new();
    // The order of the draws is part of the output: keep it.
    let front = front(rng, n);
    let checklist = matches!(front.kind, Kind::Checklist);
    let _ = writeln!(body, "{}\n\n<!-- more -->\n", rng.sentence(25));
    for part in 1..=3 {
        let _ = writeln!(
            body,
            "## Partie {part}\n\n{} {}\n",
            rng.sentence(30),
            rng.sentence(20)
        );
        let _ = writeln!(
            body,
            "- {}\n- {}\n- {}\n",
            rng.sentence(6),
            rng.sentence(6),
            rng.sentence(6)
        );
        if checklist {
            for item in 0..6 {
                let _ = writeln!(body, "- [ ] Item {part}.{item} : {}", rng.sentence(5));
            }
            body.push('\n');
        }
    }
    let _ = writeln!(
        body,
        "Voir [la page liée]({link}) et la note[^n].\n\n[^n]: {}\n",
        rng.sentence(8)
    );
    let _ = writeln!(
        body,
        "| Indicateur | Valeur |\n|---|---|\n| Portée | {} |\n| Engagement | {} |\n",
        rng.next() % 1000,
        rng.next() % 100
    );
    let _ = writeln!(
        body,
        "- [ ] {}\n- [x] {}\n",
        rng.sentence(4),
        rng.sentence(4)
    );
    let lang = LANGS[n % LANGS.len()];
    let _ = writeln!(body, "```{lang}\n{}```\n", code::block(lang, n));
    let text = document(layout, &front, &body);
    (rel, text, front.terms)
}

/// A page file: `front` in `layout`'s syntax, then `body`.
fn document(layout: Layout, front: &Front, body: &str) -> String {
    match layout {
        Layout::Cmbook => format!("---\n{}---\n{body}", front.cmbook()),
        Layout::Hugo => format!("---\n{}---\n{body}", front.hugo()),
        Layout::Zola => format!("+++\n{}+++\n{body}", front.zola()),
    }
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("has a parent")).expect("create folder");
    std::fs::write(path, text).expect("write file");
}

/// Configuration, home and section files of the cmbook layout.
fn cmbook_site(root: &Path, count: usize) {
    write(root, "cmbook.yaml", &format!(
        "title: Site de {count} pages\nbase_url: https://example.org/\ntaxonomies:\n  - name: sectors\n  - name: career_stages\n    ordered: true\n    closed: true\n    terms: [{}]\n  - name: skills\n  - name: tags\n    paginate_by: 20\n",
        STAGES.join(", ")
    ));
    write(
        root,
        "content/_index.md",
        "---\ntitle: Accueil\n---\nAccueil du site généré.\n",
    );
    for s in 0..SECTIONS {
        write(
            root,
            &format!("content/s{s}/_index.md"),
            &format!(
                "---\ntitle: Section {s}\nsort_by: date\npaginate_by: 50\n---\nSection {s}.\n"
            ),
        );
    }
}

fn usage() -> ! {
    eprintln!(
        "usage: generate_site N DIR [--layout cmbook|zola|hugo] [--profile NAME]\n  profiles: {}",
        profile::NAMES
    );
    std::process::exit(2);
}

fn main() {
    let mut layout = Layout::Cmbook;
    let mut profile = Profile::CodeHeavy;
    let mut positional = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => {
                (flag.to_owned(), Some(value.to_owned()))
            }
            _ => (arg.clone(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| args.next())
                .unwrap_or_else(|| usage())
        };
        match flag.as_str() {
            "--layout" => layout = Layout::parse(&value()),
            "--profile" => {
                let name = value();
                profile = Profile::parse(&name).unwrap_or_else(|| {
                    eprintln!("generate_site: unknown profile `{name}`");
                    usage()
                });
            }
            _ if flag.starts_with("--") => {
                eprintln!("generate_site: unknown option `{flag}`");
                usage()
            }
            _ => positional.push(arg),
        }
    }
    let [count, root] = positional.as_slice() else {
        usage()
    };
    let asked: usize = count.parse().unwrap_or_else(|_| usage());
    let count = profile.page_count(asked);
    let root = Path::new(root);
    let _ = std::fs::remove_dir_all(root);
    match layout {
        Layout::Cmbook => cmbook_site(root, count),
        Layout::Zola => layouts::zola_site(root, count),
        Layout::Hugo => layouts::hugo_site(root, count),
    }
    let mut used: [BTreeSet<String>; 4] = Default::default();
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut prose = Prose::new();
    for n in 0..count {
        let (rel, text, terms) = match profile {
            Profile::CodeHeavy => page(&mut rng, n, layout),
            other => profile::page(&mut rng, &mut prose, n, layout, other),
        };
        write(root, &format!("content/{rel}"), &text);
        for (set, list) in used.iter_mut().zip(terms) {
            set.extend(list);
        }
    }
    let terms: usize = used.iter().map(BTreeSet::len).sum();
    eprintln!("wrote {count} pages under {}", root.display());
    eprintln!("taxonomy terms used: {terms}");
}
