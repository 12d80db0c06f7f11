//! Writes a deterministic, realistic handbook site of N pages, for benchmarks.
//!
//! `cargo run --release --example generate_site -- 10000 /tmp/site10k`
//!
//! Ten sections; in each, 80 % articles, 10 % checklists, 10 % case studies. Articles carry
//! headings, lists, a task list, a table, a footnote, one code block (language rotating), and
//! `@/` links to earlier pages; front matter names sectors, career stages, skills and tags.

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

fn code(lang: &str, n: usize) -> String {
    match lang {
        "rust" => format!(
            "fn score_{n}(likes: u32, partages: u32) -> u32 {{\n    likes + 2 * partages\n}}\n"
        ),
        "python" => format!(
            "def taux_{n}(interactions, portee):\n    return interactions / max(portee, 1)\n"
        ),
        "js" => format!(
            "const taux{n} = (i, p) => i / Math.max(p, 1);\nconsole.log(taux{n}(10, 200));\n"
        ),
        "yaml" => format!("campagne: c{n}\nreseaux: [linkedin, instagram]\nbudget: 1200\n"),
        "bash" => format!("for f in rapports/*.csv; do\n  echo \"rapport {n}: $f\"\ndone\n"),
        "html" => format!("<section class=\"kpi\">\n  <h2>KPI {n}</h2>\n</section>\n"),
        "css" => format!(".kpi-{n} {{ color: #333; margin: 0 auto; }}\n"),
        _ => format!("{{\"page\": {n}, \"likes\": 42}}\n"),
    }
}

fn front_terms(rng: &mut Rng) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "sectors: [{}, {}]", rng.pick(SECTORS), rng.pick(SECTORS));
    let _ = writeln!(s, "career_stages: [{}]", rng.pick(STAGES));
    let _ = writeln!(s, "skills: [{}, {}]", rng.pick(SKILLS), rng.pick(SKILLS));
    let _ = writeln!(s, "tags: [t{}, t{}]", rng.next() % 40, rng.next() % 40);
    s
}

fn page(rng: &mut Rng, n: usize) -> (String, String) {
    let section = n % SECTIONS;
    let date = format!("2026-{:02}-{:02}", 1 + n % 12, 1 + n % 28);
    let rel = format!("s{section}/p{n}.md");
    let link = if n >= SECTIONS {
        format!(
            "@/s{}/p{}.md#partie-1",
            (n - SECTIONS) % SECTIONS,
            n - SECTIONS
        )
    } else {
        "@/_index.md".to_owned()
    };
    let mut body = String::new();
    let kind = n % 10;
    let front = match kind {
        8 => format!("title: \"Checklist {n}\"\ndescription: \"{}\"\nkind: checklist\nweight: {n}\n{}", rng.sentence(8), front_terms(rng)),
        9 => format!(
            "title: \"Cas {n}\"\ndescription: \"{}\"\ndate: {date}\nkind: case_study\nbrand: Marque {n}\nyear: {}\nchannels: [twitter, instagram]\noutcome: {}\nsources:\n  - {{title: Source {n}, url: \"https://example.org/{n}\"}}\nmetrics:\n  - {{label: Partages, value: \"{}\"}}\n{}",
            rng.sentence(8), 2009 + n % 15, ["crise", "succes", "mitige"][n % 3], rng.next() % 10000, front_terms(rng)
        ),
        _ => format!("title: \"Article {n}\"\ndescription: \"{}\"\ndate: {date}\nweight: {n}\n{}", rng.sentence(10), front_terms(rng)),
    };
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
        if kind == 8 {
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
    let _ = writeln!(body, "```{lang}\n{}```\n", code(lang, n));
    (rel, format!("---\n{front}---\n{body}"))
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("has a parent")).expect("create folder");
    std::fs::write(path, text).expect("write file");
}

fn main() {
    let mut args = std::env::args().skip(1);
    let count: usize = args
        .next()
        .and_then(|a| a.parse().ok())
        .expect("usage: generate_site N DIR");
    let root = args.next().expect("usage: generate_site N DIR");
    let root = Path::new(&root);
    let _ = std::fs::remove_dir_all(root);
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
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    for n in 0..count {
        let (rel, text) = page(&mut rng, n);
        write(root, &format!("content/{rel}"), &text);
    }
    eprintln!("wrote {count} pages under {}", root.display());
}
