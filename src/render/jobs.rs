//! The templated files of a site, one [`Job`] each, and the context each template receives.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use serde::Serialize;
use tera::{Context, Value};

use crate::render::context::Views;
use crate::render::functions::HashWriter;
use crate::render::{languages, print_book};
use crate::resolve::books::{book_path, PRINT_TEMPLATE};
use crate::resolve::Site;

/// One templated file to render.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Job {
    /// A page.
    Page(usize),
    /// List page `n` (1-based) of a section (a home when it has no parent).
    Section(usize, usize),
    /// A taxonomy's overview.
    TaxonomyList(usize),
    /// List page `n` of term `i` of taxonomy `t`.
    Term(usize, usize, usize),
    /// `404.html`.
    NotFound,
    /// The print book of a section (see [`crate::resolve::books`]).
    Print(usize),
}

/// A job ready for its template.
pub(crate) struct Prepared {
    /// Template to render.
    pub template: &'static str,
    /// Its variables.
    pub context: Context,
    /// Output file under the output folder.
    pub output: String,
    /// Source named in errors.
    pub shown: PathBuf,
    /// Hash of every variable, when asked for (`serve` reuses pages whose inputs did not change).
    pub key: Option<u64>,
}

/// A context that can also hash what goes into it.
struct Builder {
    context: Context,
    hasher: Option<DefaultHasher>,
}

impl Builder {
    fn insert<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.context.insert(key, value);
        if let Some(h) = self.hasher.as_mut() {
            // Hash the value the template will see, already built: no second serialisation of
            // the view itself.
            key.hash(h);
            let inserted = self.context.get(key).expect("just inserted");
            serde_json::to_writer(HashWriter(h), inserted).expect("values serialise");
        }
    }
}

/// Every job of the site, pagination included.
pub(crate) fn all(site: &Site) -> Vec<Job> {
    let pages_count =
        |n: usize, per: Option<usize>| n.div_ceil(per.unwrap_or(usize::MAX).min(n.max(1))).max(1);
    // List pages first, pages last: a list of thousands of cards takes 100 ms or more, and
    // one left for the end of a parallel run keeps a core idle while the other finishes it.
    let mut jobs: Vec<Job> = Vec::with_capacity(site.pages.len() + 64);
    for (s, section) in site.sections.iter().enumerate() {
        let per = section
            .source
            .as_ref()
            .and_then(|src| src.front.paginate_by);
        jobs.extend((1..=pages_count(section.pages.len(), per)).map(|n| Job::Section(s, n)));
    }
    for (t, taxonomy) in site.taxonomies.iter().enumerate() {
        jobs.push(Job::TaxonomyList(t));
        for (i, term) in taxonomy.terms.iter().enumerate() {
            let count = pages_count(term.pages.len(), taxonomy.config.paginate_by);
            jobs.extend((1..=count).map(|n| Job::Term(t, i, n)));
        }
    }
    jobs.push(Job::NotFound);
    jobs.extend(site.books().into_iter().map(Job::Print));
    jobs.extend((0..site.pages.len()).map(Job::Page));
    jobs
}

fn paged(path: &str, n: usize) -> String {
    if n == 1 {
        path.to_owned()
    } else {
        format!("{path}page/{n}/")
    }
}

/// The first folder of URL path `path` (`metier` for `metier/veille/`, `""` for home and
/// `404.html`): which navigation entry is active, without a string built per entry and page.
fn current_root(path: &str) -> &str {
    path.split_once('/').map_or("", |(root, _)| root)
}

/// Where the HTML of URL path `path` goes.
fn html_file(path: &str) -> String {
    format!("{path}index.html")
}

/// Hash of what page `p`'s context is built from, besides its own source (compared by
/// identity): its URL, neighbours, sections above it and terms, plus `shared` (configuration,
/// link targets, template chain). Equal fingerprints build equal contexts.
pub(crate) fn page_fingerprint(site: &Site, p: usize, shared: impl Hash) -> u64 {
    let page = &site.pages[p];
    let mut h = DefaultHasher::new();
    shared.hash(&mut h);
    page.path.hash(&mut h);
    // The language switcher and `hreflang` links (nothing in a one-language site).
    (page.language, site.versions.get(&page.source.file.original)).hash(&mut h);
    for neighbour in [page.lower, page.higher] {
        neighbour
            .map(|n| (&site.pages[n].source.front.title, &site.pages[n].path))
            .hash(&mut h);
    }
    let mut section = Some(page.section);
    while let Some(s) = section {
        let s = &site.sections[s];
        (&s.title, &s.path, &s.dir).hash(&mut h);
        section = s.parent;
    }
    // The section sidebar lists siblings; `edit_url` is not in the `config` view `shared` hashes.
    super::sidebar::hash_into(site, p, &mut h);
    site.config.edit_url.hash(&mut h);
    for (t, terms) in &page.terms {
        let taxonomy = &site.taxonomies[*t];
        taxonomy.config.name.hash(&mut h);
        for &i in terms {
            let term = &taxonomy.terms[i];
            (&term.name, &term.slug, &term.path).hash(&mut h);
        }
    }
    h.finish()
}

/// Per taxonomy, a hash of what its term pages show of it: configuration and text, not its
/// terms (see [`Views::taxonomy_for_terms`]).
pub(crate) fn taxonomy_keys(site: &Site) -> Vec<u64> {
    site.taxonomies
        .iter()
        .map(|t| {
            let mut h = DefaultHasher::new();
            (
                &t.config.name,
                &t.config.title,
                t.config.ordered,
                t.index.as_ref().map(|i| &i.file.text),
            )
                .hash(&mut h);
            h.finish()
        })
        .collect()
}

/// For a term or section list page, a hash of what its context is built from, computed without
/// building it (`None` for other jobs, and for home, whose overview covers the whole site).
pub(crate) fn list_fingerprint(
    site: &Site,
    job: Job,
    page_keys: &[u64],
    taxonomy_keys: &[u64],
    shared: impl Hash,
) -> Option<u64> {
    let mut h = DefaultHasher::new();
    shared.hash(&mut h);
    // The language switcher and `hreflang` links (nothing in a one-language site).
    languages::alternates(site, job).hash(&mut h);
    match job {
        Job::Term(t, i, n) => {
            let term = &site.taxonomies[t].terms[i];
            let pages = &term.pages;
            // The term by name, not by index: a term added before it in order shifts indices.
            ("term", t, n, taxonomy_keys[t], pages.len()).hash(&mut h);
            let text = term.source.as_ref().map(|s| &s.file.text);
            (&term.name, &term.slug, &term.path, text).hash(&mut h);
            // Only the pages on this list page: an edit renders again the one pager page showing it.
            let per = site.taxonomies[t]
                .config
                .paginate_by
                .unwrap_or(pages.len().max(1));
            for &p in pages.iter().skip((n - 1) * per).take(per) {
                page_keys[p].hash(&mut h);
            }
        }
        Job::Section(s, n) if site.sections[s].parent.is_some() => {
            let section = &site.sections[s];
            (
                "section",
                s,
                n,
                &section.title,
                &section.path,
                &section.dir,
                section.source.as_ref().map(|x| &x.file.text),
            )
                .hash(&mut h);
            for &c in &section.subsections {
                (
                    &site.sections[c].title,
                    &site.sections[c].path,
                    &site.sections[c].dir,
                )
                    .hash(&mut h);
            }
            let mut above = section.parent;
            while let Some(a) = above {
                (&site.sections[a].title, &site.sections[a].path).hash(&mut h);
                above = site.sections[a].parent;
            }
            // A paginated section's view holds no pages (see `section_for_list`): its list page
            // depends on its own slice only.
            let per = section
                .source
                .as_ref()
                .and_then(|src| src.front.paginate_by);
            let shown = match per {
                Some(per) => section
                    .pages
                    .iter()
                    .skip((n - 1) * per)
                    .take(per)
                    .collect::<Vec<_>>(),
                None => section.pages.iter().collect(),
            };
            section.pages.len().hash(&mut h);
            for &p in shown {
                page_keys[p].hash(&mut h);
            }
        }
        _ => return None,
    }
    Some(h.finish())
}

/// The file a list job writes (the same as [`Job::prepare`]'s `output`).
pub(crate) fn list_output(site: &Site, job: Job) -> Option<String> {
    match job {
        Job::Term(t, i, n) => Some(html_file(&paged(&site.taxonomies[t].terms[i].path, n))),
        Job::Section(s, n) => Some(html_file(&paged(&site.sections[s].path, n))),
        _ => None,
    }
}

impl Job {
    /// Builds the template context; `hashed` also computes its key.
    pub(crate) fn prepare(
        self,
        site: &Site,
        views: &Views<'_>,
        configs: &[Value],
        hashed: bool,
    ) -> Prepared {
        let language = languages::job_language(site, self);
        let mut b = Builder {
            context: Context::new(),
            hasher: hashed.then(DefaultHasher::new),
        };
        let (template, path, shown): (&'static str, String, PathBuf) = match self {
            Job::Page(p) => {
                let page = &site.pages[p];
                b.insert("page", &views.page(p));
                b.insert("section", &views.section_link(&site.sections[page.section]));
                b.insert("sidebar", &super::sidebar::of_page(site, views.hrefs, p));
                (
                    page.source.front.kind.template(),
                    page.path.clone(),
                    page.source.file.shown.clone(),
                )
            }
            Job::Section(s, n) => {
                let section = &site.sections[s];
                let per = section
                    .source
                    .as_ref()
                    .and_then(|src| src.front.paginate_by)
                    .unwrap_or(section.pages.len().max(1));
                b.insert("section", &views.section_for_list(s));
                let home = section.parent.is_none();
                if home {
                    b.insert("overview", &views.overview(language));
                }
                b.insert(
                    "paginator",
                    &views.paginator(&section.pages, &section.path, per, n),
                );
                let shown = section.source.as_ref().map_or_else(
                    || PathBuf::from("content").join(&section.dir),
                    |src| src.file.shown.clone(),
                );
                (
                    if home { "index.html" } else { "section.html" },
                    paged(&section.path, n),
                    shown,
                )
            }
            Job::TaxonomyList(t) => {
                let taxonomy = &site.taxonomies[t];
                b.insert("taxonomy", &views.taxonomy(t));
                (
                    "taxonomy_list.html",
                    taxonomy.path.clone(),
                    PathBuf::from(format!("taxonomy {}", taxonomy.config.name)),
                )
            }
            Job::Term(t, i, n) => {
                let taxonomy = &site.taxonomies[t];
                let term = &taxonomy.terms[i];
                let per = taxonomy
                    .config
                    .paginate_by
                    .unwrap_or(term.pages.len().max(1));
                b.insert("taxonomy", &views.taxonomy_for_terms(t));
                b.insert("term", &views.term(t, i));
                b.insert(
                    "paginator",
                    &views.paginator(&term.pages, &term.path, per, n),
                );
                let shown = PathBuf::from(format!("term {}/{}", taxonomy.config.name, term.slug));
                ("taxonomy_term.html", paged(&term.path, n), shown)
            }
            Job::Print(s) => {
                let section = &site.sections[s];
                b.insert("book", &print_book::book_view(site, views, s));
                let shown = section.source.as_ref().map_or_else(
                    || PathBuf::from("content").join(&section.dir),
                    |src| src.file.shown.clone(),
                );
                (
                    PRINT_TEMPLATE,
                    book_path(&site.theme, section.language, &section.path),
                    shown,
                )
            }
            Job::NotFound => (
                "404.html",
                "404.html".to_owned(),
                Path::new("404.html").to_owned(),
            ),
        };
        b.insert("config", &configs[language.0]);
        b.insert("current_path", &path);
        let prefix = &site.config.languages[language.0].prefix;
        b.insert(
            "current_root",
            current_root(path.strip_prefix(prefix.as_str()).unwrap_or(&path)),
        );
        b.insert("lang", &site.config.languages[language.0].code);
        b.insert("text_lang", languages::text_language(site, self));
        b.insert("languages", &languages::alternates(site, self));
        b.insert("current_url", &site.permalink(&path));
        // A fallback's canonical page is the original it shows.
        let canonical = match self {
            Job::Page(p) if site.pages[p].is_fallback() => {
                let original = site.default_version_path(&site.pages[p]);
                site.permalink(original.unwrap_or(&path))
            }
            _ => site.permalink(&path),
        };
        b.insert("canonical_url", &canonical);
        // Where a checklist keeps its progress: the default language's page, in every language.
        let store = match self {
            Job::Page(p) => site.default_version_path(&site.pages[p]),
            _ => None,
        };
        b.insert("store_path", store.unwrap_or(&path));
        let output = if path == "404.html" {
            path
        } else {
            html_file(&path)
        };
        let key = b.hasher.map(|mut h| {
            template.hash(&mut h);
            h.finish()
        });
        Prepared {
            template,
            context: b.context,
            output,
            shown,
            key,
        }
    }
}
