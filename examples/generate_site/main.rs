//! Writes a deterministic, realistic handbook site of N pages, for benchmarks.
//!
//! `cargo run --release --example generate_site -- 10000 /tmp/site10k [--layout cmbook|zola|hugo]`
//!
//! Ten sections; in each, 80 % articles, 10 % checklists, 10 % case studies. Articles carry
//! headings, lists, a task list, a table, a footnote, one code block (language rotating), and
//! `@/` links to earlier pages; front matter names sectors, career stages, skills and tags.
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

/// What a case study adds to a page.
struct Case {
    year: usize,
    outcome: &'static str,
    metric: usize,
}

/// A page's kind, and the fields that come with it.
enum Kind {
    Article,
    Checklist,
    CaseStudy(Case),
}

/// A page's front matter, independent of any syntax.
struct Front {
    n: usize,
    description: String,
    date: String,
    kind: Kind,
    terms: Terms,
}

impl Front {
    fn title(&self) -> String {
        let n = self.n;
        match self.kind {
            Kind::Article => format!("Article {n}"),
            Kind::Checklist => format!("Checklist {n}"),
            Kind::CaseStudy(_) => format!("Cas {n}"),
        }
    }

    /// cmbook's YAML, exactly as the benchmark sites have always been written.
    fn cmbook(&self) -> String {
        let (n, title, description, date) = (self.n, self.title(), &self.description, &self.date);
        let terms = yaml_terms(&self.terms);
        match &self.kind {
            Kind::Checklist => format!("title: \"{title}\"\ndescription: \"{description}\"\nkind: checklist\nweight: {n}\n{terms}"),
            Kind::CaseStudy(c) => format!(
                "title: \"{title}\"\ndescription: \"{description}\"\ndate: {date}\nkind: case_study\nbrand: Marque {n}\nyear: {}\nchannels: [twitter, instagram]\noutcome: {}\nsources:\n  - {{title: Source {n}, url: \"https://example.org/{n}\"}}\nmetrics:\n  - {{label: Partages, value: \"{}\"}}\n{terms}",
                c.year, c.outcome, c.metric
            ),
            Kind::Article => format!("title: \"{title}\"\ndescription: \"{description}\"\ndate: {date}\nweight: {n}\n{terms}"),
        }
    }

    /// Hugo's YAML: terms as top-level keys, the rest of cmbook's fields under `extra`.
    fn hugo(&self) -> String {
        let (n, title, description, date) = (self.n, self.title(), &self.description, &self.date);
        let mut s = format!("title: \"{title}\"\ndescription: \"{description}\"\ndate: {date}\n");
        if !matches!(self.kind, Kind::CaseStudy(_)) {
            let _ = writeln!(s, "weight: {n}");
        }
        s.push_str(&yaml_terms(&self.terms));
        match &self.kind {
            Kind::Article => {}
            Kind::Checklist => s.push_str("extra:\n  kind: checklist\n"),
            Kind::CaseStudy(c) => {
                let _ = write!(
                    s,
                    "extra:\n  kind: case_study\n  brand: Marque {n}\n  year: {}\n  channels: [twitter, instagram]\n  outcome: {}\n  sources:\n    - {{title: Source {n}, url: \"https://example.org/{n}\"}}\n  metrics:\n    - {{label: Partages, value: \"{}\"}}\n",
                    c.year, c.outcome, c.metric
                );
            }
        }
        s
    }

    /// Zola's TOML: a `[taxonomies]` table, the rest of cmbook's fields under `[extra]`.
    fn zola(&self) -> String {
        let (n, date) = (self.n, &self.date);
        let mut s = format!(
            "title = {}\ndescription = {}\ndate = {date}\n",
            toml_str(&self.title()),
            toml_str(&self.description)
        );
        if !matches!(self.kind, Kind::CaseStudy(_)) {
            let _ = writeln!(s, "weight = {n}");
        }
        s.push_str("\n[taxonomies]\n");
        for (name, terms) in TAXONOMIES.iter().zip(&self.terms) {
            let list: Vec<String> = terms.iter().map(|t| toml_str(t)).collect();
            let _ = writeln!(s, "{name} = [{}]", list.join(", "));
        }
        match &self.kind {
            Kind::Article => {}
            Kind::Checklist => s.push_str("\n[extra]\nkind = \"checklist\"\n"),
            Kind::CaseStudy(c) => {
                let _ = write!(
                    s,
                    "\n[extra]\nkind = \"case_study\"\nbrand = \"Marque {n}\"\nyear = {}\nchannels = [\"twitter\", \"instagram\"]\noutcome = \"{}\"\nsources = [{{ title = \"Source {n}\", url = \"https://example.org/{n}\" }}]\nmetrics = [{{ label = \"Partages\", value = \"{}\" }}]\n",
                    c.year, c.outcome, c.metric
                );
            }
        }
        s
    }
}

fn yaml_terms(terms: &Terms) -> String {
    let mut s = String::new();
    for (name, list) in TAXONOMIES.iter().zip(terms) {
        let _ = writeln!(s, "{name}: [{}]", list.join(", "));
    }
    s
}

/// A TOML basic string.
fn toml_str(text: &str) -> String {
    let mut s = String::with_capacity(text.len() + 2);
    s.push('"');
    for c in text.chars() {
        match c {
            '"' => s.push_str("\\\""),
            '\\' => s.push_str("\\\\"),
            c => s.push(c),
        }
    }
    s.push('"');
    s
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

/// Page `n`: its path under `content/` and its text.
fn page(rng: &mut Rng, n: usize, layout: Layout) -> (String, String, Terms) {
    let section = n % SECTIONS;
    let date = format!("2026-{:02}-{:02}", 1 + n % 12, 1 + n % 28);
    let rel = format!("s{section}/p{n}.md");
    let link = link(layout, &link_target(n));
    let mut body = String::new();
    // The order of the draws is part of the output: keep it.
    let front = match n % 10 {
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
    };
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
    let text = match layout {
        Layout::Cmbook => format!("---\n{}---\n{body}", front.cmbook()),
        Layout::Hugo => format!("---\n{}---\n{body}", front.hugo()),
        Layout::Zola => format!("+++\n{}+++\n{body}", front.zola()),
    };
    (rel, text, front.terms)
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

/// The head and foot shared by the minimal templates of the Zola and Hugo layouts.
const HTML_HEAD: &str =
    "<!doctype html>\n<html lang=\"fr\">\n<head><meta charset=\"utf-8\"><title>";

const ZOLA_PAGE_LIST: &str = "<ul>{% for p in pages %}<li><a href=\"{{ p.permalink }}\">{{ p.title }}</a> {{ p.date }} {{ p.description }}</li>{% endfor %}</ul>";

/// Configuration, home, sections and templates of the Zola layout.
fn zola_site(root: &Path, count: usize) {
    write(
        root,
        "config.toml",
        &format!(
            "base_url = \"https://example.org/\"\ntitle = \"Site de {count} pages\"\ndefault_language = \"fr\"\ncompile_sass = false\nbuild_search_index = false\ntaxonomies = [\n    {{ name = \"sectors\" }},\n    {{ name = \"career_stages\" }},\n    {{ name = \"skills\" }},\n    {{ name = \"tags\", paginate_by = 20 }},\n]\n\n[markdown.highlighting]\ntheme = \"github-light\"\nstyle = \"class\"\n"
        ),
    );
    write(
        root,
        "content/_index.md",
        "+++\ntitle = \"Accueil\"\n+++\nAccueil du site généré.\n",
    );
    for s in 0..SECTIONS {
        write(
            root,
            &format!("content/s{s}/_index.md"),
            &format!(
                "+++\ntitle = \"Section {s}\"\nsort_by = \"date\"\npaginate_by = 50\n+++\nSection {s}.\n"
            ),
        );
    }
    let list = |pages: &str| ZOLA_PAGE_LIST.replace("in pages", &format!("in {pages}"));
    let pager = "{% if paginator.previous %}<a href=\"{{ paginator.previous }}\">précédent</a>{% endif %} {% if paginator.next %}<a href=\"{{ paginator.next }}\">suivant</a>{% endif %}";
    let templates = [
        (
            "index.html",
            "{{ section.title }}</title></head>\n<body>\n<h1>{{ section.title }}</h1>\n{{ section.content | safe }}\n<ul>{% for path in section.subsections %}{% set s = get_section(path=path, metadata_only=true) %}<li><a href=\"{{ s.permalink }}\">{{ s.title }}</a></li>{% endfor %}</ul>\n".to_owned(),
        ),
        (
            "section.html",
            format!("{{{{ section.title }}}}</title></head>\n<body>\n<h1>{{{{ section.title }}}}</h1>\n{{{{ section.content | safe }}}}\n{}\n{pager}\n", list("paginator.pages")),
        ),
        (
            "page.html",
            "{{ page.title }}</title></head>\n<body>\n<h1>{{ page.title }}</h1>\n<p>{{ page.description }}</p>\n{% if page.extra.kind %}<p>{{ page.extra.kind }}{% if page.extra.brand %} · {{ page.extra.brand }}, {{ page.extra.year }}{% endif %}</p>{% endif %}\n{{ page.content | safe }}\n<ul>{% for name, terms in page.taxonomies %}<li>{{ name }} : {% for t in terms %}<a href=\"{{ get_taxonomy_url(kind=name, name=t) }}\">{{ t }}</a> {% endfor %}</li>{% endfor %}</ul>\n".to_owned(),
        ),
        (
            "taxonomy_list.html",
            "{{ taxonomy.name }}</title></head>\n<body>\n<h1>{{ taxonomy.name }}</h1>\n<ul>{% for term in terms %}<li><a href=\"{{ term.permalink }}\">{{ term.name }}</a> ({{ term.page_count }})</li>{% endfor %}</ul>\n".to_owned(),
        ),
        (
            "taxonomy_single.html",
            format!("{{{{ term.name }}}}</title></head>\n<body>\n<h1>{{{{ term.name }}}}</h1>\n{{% if paginator %}}{}\n{pager}{{% else %}}{}{{% endif %}}\n", list("paginator.pages"), list("term.pages")),
        ),
    ];
    for (name, body) in templates {
        write(
            root,
            &format!("templates/{name}"),
            &format!("{HTML_HEAD}{body}</body>\n</html>\n"),
        );
    }
}

/// Configuration, home, sections and templates of the Hugo layout.
fn hugo_site(root: &Path, count: usize) {
    write(
        root,
        "hugo.toml",
        &format!(
            "baseURL = \"https://example.org/\"\ntitle = \"Site de {count} pages\"\nlanguageCode = \"fr\"\ndefaultContentLanguage = \"fr\"\n# The generated dates run to the end of 2026: build them all, as cmbook does.\nbuildFuture = true\n\n[outputs]\nhome = [\"HTML\", \"RSS\"]\nsection = [\"HTML\"]\ntaxonomy = [\"HTML\"]\nterm = [\"HTML\"]\n\n[services.rss]\nlimit = 20\n\n[taxonomies]\nsector = \"sectors\"\ncareer_stage = \"career_stages\"\nskill = \"skills\"\ntag = \"tags\"\n\n[markup.goldmark.renderer]\nunsafe = true\n\n[markup.highlight]\nnoClasses = false\n"
        ),
    );
    write(
        root,
        "content/_index.md",
        "---\ntitle: Accueil\n---\nAccueil du site généré.\n",
    );
    for s in 0..SECTIONS {
        write(
            root,
            &format!("content/s{s}/_index.md"),
            &format!("---\ntitle: Section {s}\n---\nSection {s}.\n"),
        );
    }
    let item = "<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> {{ .Date.Format \"2006-01-02\" }} {{ .Description }}</li>";
    let paged = |size: usize| {
        format!("{{{{ $pag := .Paginate .Pages.ByDate.Reverse {size} }}}}<ul>{{{{ range $pag.Pages }}}}{item}{{{{ end }}}}</ul>\n{{{{ with $pag.Prev }}}}<a href=\"{{{{ .URL }}}}\">précédent</a>{{{{ end }}}} {{{{ with $pag.Next }}}}<a href=\"{{{{ .URL }}}}\">suivant</a>{{{{ end }}}}")
    };
    let layouts = [
        (
            "baseof.html",
            format!("{HTML_HEAD}{{{{ .Title }}}}</title></head>\n<body>\n{{{{ block \"main\" . }}}}{{{{ end }}}}\n</body>\n</html>\n"),
        ),
        (
            "single.html",
            "{{ define \"main\" }}<h1>{{ .Title }}</h1>\n<p>{{ .Description }}</p>\n{{ with .Params.extra }}<p>{{ .kind }}{{ with .brand }} · {{ . }}{{ end }}{{ with .year }}, {{ . }}{{ end }}</p>{{ end }}\n{{ .Content }}\n<ul>{{ range $name, $_ := site.Taxonomies }}{{ with $.GetTerms $name }}<li>{{ $name }} : {{ range . }}<a href=\"{{ .RelPermalink }}\">{{ .LinkTitle }}</a> {{ end }}</li>{{ end }}{{ end }}</ul>\n{{ end }}\n".to_owned(),
        ),
        (
            "list.html",
            format!("{{{{ define \"main\" }}}}<h1>{{{{ .Title }}}}</h1>\n{{{{ .Content }}}}\n{{{{ if .IsHome }}}}<ul>{{{{ range .Sections }}}}<li><a href=\"{{{{ .RelPermalink }}}}\">{{{{ .Title }}}}</a></li>{{{{ end }}}}</ul>{{{{ else }}}}{}{{{{ end }}}}\n{{{{ end }}}}\n", paged(50)),
        ),
        (
            "terms.html",
            "{{ define \"main\" }}<h1>{{ .Title }}</h1>\n<ul>{{ range .Data.Terms.Alphabetical }}<li><a href=\"{{ .Page.RelPermalink }}\">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>\n{{ end }}\n".to_owned(),
        ),
        (
            "taxonomy.html",
            format!("{{{{ define \"main\" }}}}<h1>{{{{ .Title }}}}</h1>\n{{{{ if eq .Data.Plural \"tags\" }}}}{}{{{{ else }}}}<ul>{{{{ range .Pages.ByDate.Reverse }}}}{item}{{{{ end }}}}</ul>{{{{ end }}}}\n{{{{ end }}}}\n", paged(20)),
        ),
    ];
    for (name, text) in layouts {
        write(root, &format!("layouts/_default/{name}"), &text);
    }
}

fn usage() -> ! {
    eprintln!("usage: generate_site N DIR [--layout cmbook|zola|hugo]");
    std::process::exit(2);
}

fn main() {
    let mut layout = Layout::Cmbook;
    let mut positional = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--layout" => layout = Layout::parse(&args.next().unwrap_or_else(|| usage())),
            _ => match arg.strip_prefix("--layout=") {
                Some(name) => layout = Layout::parse(name),
                None => positional.push(arg),
            },
        }
    }
    let [count, root] = positional.as_slice() else {
        usage()
    };
    let count: usize = count.parse().unwrap_or_else(|_| usage());
    let root = Path::new(root);
    let _ = std::fs::remove_dir_all(root);
    match layout {
        Layout::Cmbook => cmbook_site(root, count),
        Layout::Zola => zola_site(root, count),
        Layout::Hugo => hugo_site(root, count),
    }
    let mut used: [BTreeSet<String>; 4] = Default::default();
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    for n in 0..count {
        let (rel, text, terms) = page(&mut rng, n, layout);
        write(root, &format!("content/{rel}"), &text);
        for (set, list) in used.iter_mut().zip(terms) {
            set.extend(list);
        }
    }
    let terms: usize = used.iter().map(BTreeSet::len).sum();
    eprintln!("wrote {count} pages under {}", root.display());
    eprintln!("taxonomy terms used: {terms}");
}
