//! The links and dates every listing of a page repeats, made once per render.
//!
//! A page appears as a card in ~7 lists (its section, each of its terms) besides its own page,
//! and every card carried its URL, permalink, dates and each term's URL as strings of its own,
//! formatted anew then copied into the template value: 0.9 % of a 1,000-page build's
//! instructions (callgrind) went to making and freeing those copies.

use rayon::prelude::*;
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use crate::render::context::TermRef;
use crate::resolve::{Page, Site};

/// A page's URLs and dates as written in templates.
#[derive(Debug)]
pub(crate) struct PageHrefs {
    /// Root-relative URL.
    pub url: String,
    /// Absolute URL.
    pub permalink: String,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    /// `YYYY-MM-DD`.
    pub updated: Option<String>,
}

/// Every page's and term's links, indexed like the site's pages and terms.
#[derive(Debug)]
pub(crate) struct Hrefs {
    /// Per page.
    pub pages: Vec<PageHrefs>,
    /// Per taxonomy, per term: its root-relative URL.
    pub terms: Vec<Vec<String>>,
    /// Taxonomy indexes in the order of their names: the order in which a page's terms are
    /// listed under `taxonomies` (the order of a map by name, as before).
    by_name: Vec<usize>,
}

impl Hrefs {
    /// Makes the links of `site`.
    pub(crate) fn new(site: &Site) -> Hrefs {
        let pages = site
            .pages
            .par_iter()
            .map(|page| {
                let front = &page.source.front;
                PageHrefs {
                    url: site.href(&page.path),
                    permalink: site.permalink(&page.path),
                    date: front.date.map(crate::dates::iso),
                    updated: front.updated.map(crate::dates::iso),
                }
            })
            .collect();
        let terms = site
            .taxonomies
            .iter()
            .map(|t| t.terms.iter().map(|term| site.href(&term.path)).collect())
            .collect();
        let mut by_name: Vec<usize> = (0..site.taxonomies.len()).collect();
        by_name.sort_by(|&a, &b| {
            let name = |t: usize| site.taxonomies[t].config.name.as_str();
            name(a).cmp(name(b))
        });
        Hrefs {
            pages,
            terms,
            by_name,
        }
    }

    /// Term `i` of taxonomy `t` as a page lists it.
    pub(crate) fn term_ref<'a>(&'a self, site: &'a Site, t: usize, i: usize) -> TermRef<'a> {
        let term = &site.taxonomies[t].terms[i];
        TermRef {
            name: &term.name,
            slug: &term.slug,
            url: &self.terms[t][i],
        }
    }
}

/// A page's terms by taxonomy name (`page.taxonomies`), written straight from the site.
#[derive(Clone, Copy)]
pub(crate) struct PageTerms<'a> {
    /// The site.
    pub site: &'a Site,
    /// Its links.
    pub hrefs: &'a Hrefs,
    /// The page.
    pub page: &'a Page,
}

impl std::fmt::Debug for PageTerms<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageTerms")
            .field("page", &self.page.path)
            .finish()
    }
}

impl Serialize for PageTerms<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.page.terms.len()))?;
        for &t in &self.hrefs.by_name {
            for (_, terms) in self.page.terms.iter().filter(|(pt, _)| *pt == t) {
                let list = TermList {
                    terms: self,
                    taxonomy: t,
                    indexes: terms,
                };
                map.serialize_entry(&self.site.taxonomies[t].config.name, &list)?;
            }
        }
        map.end()
    }
}

/// The terms of one taxonomy of a page.
struct TermList<'a, 'b> {
    terms: &'b PageTerms<'a>,
    taxonomy: usize,
    indexes: &'a [usize],
}

impl Serialize for TermList<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let PageTerms { site, hrefs, .. } = *self.terms;
        let mut seq = serializer.serialize_seq(Some(self.indexes.len()))?;
        for &i in self.indexes {
            seq.serialize_element(&hrefs.term_ref(site, self.taxonomy, i))?;
        }
        seq.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// `page.taxonomies` written from the site is the text a map by name of owned term lists
    /// gave (what `PageRef` held before), key order included: pre-serialised page data and
    /// `serve`'s hashes of it depend on that text.
    #[test]
    fn page_terms_serialise_as_a_map_by_name() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base");
        let options = crate::pipeline::BuildOptions {
            root,
            ..Default::default()
        };
        let site = crate::pipeline::load_site(&options).unwrap();
        let hrefs = Hrefs::new(&site);
        let mut with_several = 0;
        for page in &site.pages {
            let mut expected: BTreeMap<&str, Vec<serde_json::Value>> = BTreeMap::new();
            for (t, terms) in &page.terms {
                let taxonomy = &site.taxonomies[*t];
                let list = terms.iter().map(|&i| {
                    let term = &taxonomy.terms[i];
                    serde_json::json!({"name": term.name, "slug": term.slug, "url": site.href(&term.path)})
                });
                expected.insert(&taxonomy.config.name, list.collect());
            }
            with_several += usize::from(expected.len() > 1);
            let terms = PageTerms {
                site: &site,
                hrefs: &hrefs,
                page,
            };
            assert_eq!(
                serde_json::to_string(&terms).unwrap(),
                serde_json::to_string(&expected).unwrap(),
                "{}",
                page.path
            );
        }
        // The fixture's configuration lists `sectors` before `career_stages`: pages with both
        // check the order by name.
        assert!(with_several > 0);
    }
}
