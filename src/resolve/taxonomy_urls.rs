//! A taxonomy whose `url:` segment differs from its name (`sectors` published at `/secteurs/`)
//! keeps its old URLs alive: every list page of the old address (`/sectors/`, `/sectors/sante/`,
//! `/sectors/sante/page/2/`) becomes a redirect to the new one. And a segment a section or a
//! page already uses is refused at its `cmbook.yaml` line rather than as two files clashing.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::config::CONFIG_FILE;
use crate::error::Diagnostic;
use crate::resolve::{Alias, Taxonomy};

/// The redirects from the old URLs (named after the taxonomy) of every moved taxonomy.
pub(crate) fn redirects(taxonomies: &[Taxonomy]) -> Vec<Alias> {
    let mut out = Vec::new();
    for t in taxonomies.iter().filter(|t| t.config.url != t.config.name) {
        let (line, old) = (t.config.line, &format!("{}{}", prefix(t), t.config.name));
        let alias = |from: String, target: String| Alias {
            file: format!("{from}index.html"),
            target,
            line,
        };
        out.push(alias(format!("{old}/"), t.path.clone()));
        for term in &t.terms {
            out.push(alias(format!("{old}/{}/", term.slug), term.path.clone()));
            let per = t.config.paginate_by.unwrap_or(usize::MAX);
            let list_pages = term.pages.len().div_ceil(per.max(1)).max(1);
            for n in 2..=list_pages {
                let page = format!("page/{n}/");
                out.push(alias(
                    format!("{old}/{}/{page}", term.slug),
                    format!("{}{page}", term.path),
                ));
            }
        }
    }
    out
}

/// The URL prefix of the language of taxonomy copy `t` (`en/`; `""` in the default language):
/// its old URLs sit under it too.
fn prefix(t: &Taxonomy) -> &str {
    t.path
        .strip_suffix(&format!("{}/", t.config.url))
        .unwrap_or("")
}

/// The first file claiming a URL at or under `/<segment>/`, if any.
fn first_under<'c>(claims: &'c HashMap<String, PathBuf>, segment: &str) -> Option<&'c PathBuf> {
    let prefix = format!("{segment}/");
    let mut under: Vec<(&String, &PathBuf)> = claims
        .iter()
        .filter(|(url, _)| url.starts_with(&prefix) || **url == segment)
        .collect();
    under.sort();
    under.first().map(|(_, by)| *by)
}

/// Reports taxonomy `t` when its pages or its redirects would land where `claims` (sections,
/// pages) already write; returns whether it did, so that its terms are not reported one by one.
pub(crate) fn check_taken(
    t: &Taxonomy,
    claims: &HashMap<String, PathBuf>,
    problems: &mut Vec<Diagnostic>,
) -> bool {
    let mut taken = false;
    let prefix = prefix(t);
    let mut segments = vec![(format!("{prefix}{}", t.config.url), "its pages")];
    if t.config.url != t.config.name {
        let old = format!("{prefix}{}", t.config.name);
        segments.push((old, "the redirects from its old URLs"));
    }
    for (segment, what) in segments {
        if let Some(by) = first_under(claims, &segment) {
            taken = true;
            problems.push(
                Diagnostic::error(
                    CONFIG_FILE,
                    format!(
                        "taxonomy `{}` would put {what} at /{segment}/, which {} already uses",
                        t.config.name,
                        by.display()
                    ),
                )
                .at(t.config.line, 1)
                .help(format!(
                    "give the taxonomy another segment (`url: {}-index`, say) or move the section",
                    t.config.url
                )),
            );
        }
    }
    taken
}
