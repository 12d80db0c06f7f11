//! Taxonomies and their terms: closed lists enforced, configured order kept, term texts attached.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use crate::config::Config;
use crate::error::{did_you_mean, Diagnostic};
use crate::load::kinds::TermUse;
use crate::load::TermSource;
use crate::resolve::sections::sort_key;
use crate::resolve::{Page, Taxonomy, Term};
use crate::slugs::slugify;

/// How many terms of one taxonomy a page may name. Each term's page lists the page with all its
/// terms, so a page naming `n` terms costs `n × n` in rendering: 4,000 tags took 4 s, 100,000
/// never finished. Real pages name a handful; 200 leaves room and keeps the cost bounded.
pub(crate) const MAX_TERMS_PER_TAXONOMY: usize = 200;

/// Builds every configured taxonomy and records on each page the terms it names.
pub(crate) fn build(
    config: &Config,
    sources: Vec<TermSource>,
    pages: &mut [Page],
    problems: &mut Vec<Diagnostic>,
) -> Vec<Taxonomy> {
    let mut taxonomies: Vec<Taxonomy> = config
        .taxonomies
        .iter()
        .map(|c| Taxonomy {
            config: c.clone(),
            path: format!("{}/", c.url),
            index: None,
            terms: Vec::new(),
            language: Default::default(),
        })
        .collect();
    // Per taxonomy: term slug → (index in `terms`, spelling first seen).
    let mut lookup: Vec<HashMap<String, usize>> = vec![HashMap::new(); taxonomies.len()];
    for (t, taxonomy) in taxonomies.iter_mut().enumerate() {
        for slug in taxonomy.config.terms.clone() {
            add_term(taxonomy, &mut lookup[t], &slug, &slug);
        }
    }
    for source in sources {
        let t = taxonomies
            .iter()
            .position(|x| x.config.name == source.taxonomy)
            .expect("walk only matches configured taxonomies");
        let Some(stem) = source.term.clone() else {
            taxonomies[t].index = Some(source);
            continue;
        };
        let slug = slugify(&stem);
        if taxonomies[t].config.closed && !lookup[t].contains_key(&slug) {
            problems.push(unknown_term(
                &taxonomies[t],
                &source.file.shown,
                &stem,
                None,
            ));
            continue;
        }
        let i = add_term(&mut taxonomies[t], &mut lookup[t], &slug, &stem);
        if let Some(title) = &source.front.title {
            taxonomies[t].terms[i].name = title.clone();
        }
        taxonomies[t].terms[i].source = Some(source);
    }
    // Pages name terms by slug until terms are sorted; then slugs become indexes.
    let mut named: Vec<Vec<(usize, Vec<String>)>> = Vec::with_capacity(pages.len());
    // A site names the same few terms on every page: slugify each spelling once.
    let mut slug_of: HashMap<&str, String> = HashMap::new();
    for page in pages.iter() {
        let mut per_page = Vec::new();
        for (name, uses) in &page.source.front.taxonomies {
            let t = taxonomies
                .iter()
                .position(|x| &x.config.name == name)
                .expect("front matter only reads configured taxonomies");
            if uses.len() > MAX_TERMS_PER_TAXONOMY {
                problems.push(too_many_terms(page, name, uses));
                continue;
            }
            let mut slugs: Vec<String> = Vec::new();
            // A set beside the list: `slugs.contains` made a page with 4,000 terms quadratic.
            let mut seen: HashSet<String> = HashSet::with_capacity(uses.len());
            for term in uses {
                let slug = slug_of
                    .entry(term.name.as_str())
                    .or_insert_with(|| slugify(&term.name))
                    .clone();
                if slug.is_empty() {
                    problems.push(
                        Diagnostic::error(
                            &page.source.file.shown,
                            format!("empty term in `{name}`"),
                        )
                        .at_in(&page.source.file.text, term.line, 1)
                        .help("write each term with at least one letter or digit"),
                    );
                    continue;
                }
                if taxonomies[t].config.closed && !lookup[t].contains_key(&slug) {
                    let d = unknown_term(
                        &taxonomies[t],
                        &page.source.file.shown,
                        &term.name,
                        Some((&page.source.file.text, term.line)),
                    );
                    problems.push(d);
                    continue;
                }
                add_term(&mut taxonomies[t], &mut lookup[t], &slug, &term.name);
                if seen.insert(slug.clone()) {
                    slugs.push(slug);
                }
            }
            per_page.push((t, slugs));
        }
        named.push(per_page);
    }
    for taxonomy in &mut taxonomies {
        sort_terms(taxonomy);
    }
    let positions: Vec<HashMap<String, usize>> = taxonomies
        .iter()
        .map(|t| {
            t.terms
                .iter()
                .enumerate()
                .map(|(i, term)| (term.slug.clone(), i))
                .collect()
        })
        .collect();
    for (p, per_page) in named.into_iter().enumerate() {
        for (t, slugs) in per_page {
            let mut indexes: Vec<usize> = slugs.iter().map(|s| positions[t][s]).collect();
            for &i in &indexes {
                taxonomies[t].terms[i].pages.push(p);
            }
            indexes.sort_unstable();
            pages[p].terms.push((t, indexes));
        }
    }
    // Title keys made once per page: made in each comparison they were most of resolving a
    // 10,000-page site (~30 ms).
    let titles: Vec<String> = pages
        .par_iter()
        .map(|p| sort_key(&p.source.front.title))
        .collect();
    for taxonomy in &mut taxonomies {
        for term in &mut taxonomy.terms {
            term.pages.sort_by(|&a, &b| {
                let (fa, fb) = (&pages[a].source.front, &pages[b].source.front);
                fb.date
                    .cmp(&fa.date)
                    .then_with(|| titles[a].cmp(&titles[b]))
            });
        }
    }
    taxonomies
}

fn add_term(
    taxonomy: &mut Taxonomy,
    lookup: &mut HashMap<String, usize>,
    slug: &str,
    spelling: &str,
) -> usize {
    if let Some(&i) = lookup.get(slug) {
        // A spelling with capitals, accents or spaces (`Service client`) names the term better
        // than its bare slug (`service-client`), whichever page happens to be read first; a term
        // file's title, set before pages are read, stays.
        let term = &mut taxonomy.terms[i];
        if term.source.is_none() && term.name == slug && spelling != slug {
            term.name = spelling.to_owned();
        }
        return i;
    }
    taxonomy.terms.push(Term {
        slug: slug.to_owned(),
        name: spelling.to_owned(),
        path: format!("{}{slug}/", taxonomy.path),
        source: None,
        pages: Vec::new(),
    });
    lookup.insert(slug.to_owned(), taxonomy.terms.len() - 1);
    taxonomy.terms.len() - 1
}

/// A page naming more than [`MAX_TERMS_PER_TAXONOMY`] terms of `taxonomy`.
fn too_many_terms(page: &Page, taxonomy: &str, uses: &[TermUse]) -> Diagnostic {
    let file = &page.source.file;
    let line = uses.first().map_or(1, |u| u.line);
    Diagnostic::error(
        &file.shown,
        format!(
            "`{taxonomy}` names {} terms; a page may name at most {MAX_TERMS_PER_TAXONOMY}",
            uses.len()
        ),
    )
    .at_in(&file.text, line, 1)
    .help(format!(
        "keep the few `{taxonomy}` that describe this page: each term gets a page listing this one \
         with all its terms, so thousands of terms make the build quadratic"
    ))
}

fn unknown_term(
    taxonomy: &Taxonomy,
    shown: &std::path::Path,
    term: &str,
    at: Option<(&str, usize)>,
) -> Diagnostic {
    let mut d = Diagnostic::error(
        shown,
        format!(
            "`{term}` is not a term of the closed taxonomy `{}`",
            taxonomy.config.name
        ),
    );
    if let Some((text, line)) = at {
        let column = text
            .lines()
            .nth(line - 1)
            .and_then(|l| l.find(term).map(|c| l[..c].chars().count()))
            .map_or(1, |c| c + 1);
        d = d.at_in(text, line, column);
    }
    let allowed = taxonomy.config.terms.iter().map(String::as_str);
    match did_you_mean(&slugify(term), allowed) {
        Some(s) => d.help(format!(
            "did you mean `{s}`? allowed terms: {}",
            taxonomy.config.terms.join(", ")
        )),
        None => d.help(format!(
            "allowed terms: {} (or add it to `terms` in cmbook.yaml)",
            taxonomy.config.terms.join(", ")
        )),
    }
}

/// Ordered taxonomies keep the configured order; others sort by term weight, then name.
/// Keys are made once per term (a configured position looked up in each comparison made a
/// long `terms:` list quadratic).
fn sort_terms(taxonomy: &mut Taxonomy) {
    let ordered = taxonomy.config.ordered;
    let mut configured: HashMap<&str, usize> = HashMap::new();
    if ordered {
        for (i, slug) in taxonomy.config.terms.iter().enumerate() {
            configured.entry(slug.as_str()).or_insert(i);
        }
    }
    let mut keyed: Vec<((usize, i64, String), Term)> = taxonomy
        .terms
        .drain(..)
        .map(|t| {
            let position = if ordered {
                configured
                    .get(t.slug.as_str())
                    .copied()
                    .unwrap_or(usize::MAX)
            } else {
                0
            };
            let weight = t
                .source
                .as_ref()
                .and_then(|s| s.front.weight)
                .unwrap_or(i64::MAX);
            ((position, weight, sort_key(&t.name)), t)
        })
        .collect();
    // Stable, like the comparison sort it replaces: equal keys keep their first-seen order.
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    taxonomy.terms = keyed.into_iter().map(|(_, t)| t).collect();
}
