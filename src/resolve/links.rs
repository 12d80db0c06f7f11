//! Cross-file checks: `@/` links and their anchors, aliases, two sources claiming one URL.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::error::{did_you_mean, Diagnostic};
use crate::load::SourceFile;
use crate::markdown::Outline;
use crate::resolve::languages::{url_key, LanguageId};
use crate::resolve::{Alias, Page, Section, Site, Taxonomy};

/// Validates every page's aliases and turns them into files to write.
pub(crate) fn aliases(pages: &[Page], problems: &mut Vec<Diagnostic>) -> Vec<Alias> {
    let mut out = Vec::new();
    // A fallback shows the original, whose aliases lead to the original's own page.
    for page in pages.iter().filter(|p| !p.is_fallback()) {
        for (alias, line) in &page.source.front.aliases {
            match alias_file(alias) {
                Some(file) => out.push(Alias { file, target: page.path.clone(), line: *line }),
                None => problems.push(
                    Diagnostic::error(&page.source.file.shown, format!("alias `{alias}` points outside the site's output"))
                        .at_in(&page.source.file.text, *line, 1)
                        .help("write an old path of this site, like `/ancien/chemin/`, without `..` or a domain"),
                ),
            }
        }
    }
    out
}

/// The file an alias is written to, or `None` when it would escape the output.
pub(crate) fn alias_file(alias: &str) -> Option<String> {
    let path = alias.trim().trim_start_matches('/');
    let bad_segment = path.split('/').any(|s| s == ".." || s == ".");
    if path.is_empty()
        || path.contains("://")
        || path.contains('\\')
        || path.contains(':')
        || bad_segment
    {
        return None;
    }
    if path.ends_with(".html") || path.ends_with(".htm") {
        Some(path.to_owned())
    } else {
        Some(format!("{}/index.html", path.trim_end_matches('/')))
    }
}

/// Reports every output file claimed by two sources.
pub(crate) fn check_collisions(
    sections: &[Section],
    pages: &[Page],
    taxonomies: &[Taxonomy],
    aliases: &[Alias],
    reserved: &[(String, PathBuf)],
    problems: &mut Vec<Diagnostic>,
) {
    let mut claims: HashMap<String, PathBuf> = HashMap::new();
    let claim = |claims: &mut HashMap<String, PathBuf>,
                 url: &str,
                 by: PathBuf,
                 problems: &mut Vec<Diagnostic>| {
        if let Some(first) = claims.get(url) {
            problems.push(
                Diagnostic::error(
                    &by,
                    format!(
                        "this file produces the URL /{url}, already produced by {}",
                        first.display()
                    ),
                )
                .help("rename one of the files or give it another `slug:`"),
            );
        } else {
            claims.insert(url.to_owned(), by);
        }
    };
    for s in sections {
        let by = s.source.as_ref().map_or_else(
            || PathBuf::from(format!("content/{}", s.dir)),
            |src| src.file.shown.clone(),
        );
        claim(&mut claims, &s.path, by, problems);
    }
    for p in pages {
        claim(&mut claims, &p.path, p.source.file.shown.clone(), problems);
    }
    for t in taxonomies {
        // Before claiming: a taken segment is one error at its cmbook.yaml line, not one a term.
        if crate::resolve::taxonomy_urls::check_taken(t, &claims, problems) {
            continue;
        }
        claim(
            &mut claims,
            &t.path,
            PathBuf::from(format!("cmbook.yaml (taxonomy {})", t.config.name)),
            problems,
        );
        for term in &t.terms {
            let by = term.source.as_ref().map_or_else(
                || PathBuf::from(format!("taxonomy {} term {}", t.config.name, term.slug)),
                |s| s.file.shown.clone(),
            );
            claim(&mut claims, &term.path, by, problems);
        }
    }
    // Files the build writes besides pages (feeds, theme files, assets) cannot be aliases.
    for (file, by) in reserved {
        claims.entry(file.clone()).or_insert_with(|| by.clone());
    }
    for alias in aliases {
        let url = alias.file.trim_end_matches("index.html");
        let Some(page) = pages.iter().find(|p| p.path == alias.target) else {
            continue;
        };
        // `/style.css` becomes `style.css/index.html`: a folder where the file must go.
        if let Some(first) = claims
            .get(url)
            .or_else(|| claims.get(url.trim_end_matches('/')))
        {
            let file = &page.source.file;
            problems.push(
                Diagnostic::error(
                    &file.shown,
                    format!(
                        "alias `/{url}` is a URL the site already uses ({})",
                        first.display()
                    ),
                )
                .at_in(&file.text, alias.line, 1)
                .help(
                    "remove this alias or point it to an old URL that no other page or file uses",
                ),
            );
        } else {
            claims.insert(url.to_owned(), page.source.file.shown.clone());
        }
    }
}

/// Every Markdown source of the site with its outline and the language of the copy it
/// belongs to (a file is listed once per language that shows it).
fn outlines(site: &Site) -> Vec<(&SourceFile, &Outline, LanguageId)> {
    let mut all: Vec<(&SourceFile, &Outline, LanguageId)> = site
        .pages
        .iter()
        .map(|p| (&p.source.file, &p.source.outline, p.language))
        .collect();
    all.extend(
        site.sections
            .iter()
            .filter_map(|s| Some((s.source.as_ref()?, s.language)))
            .map(|(s, l)| (&s.file, &s.outline, l)),
    );
    for t in &site.taxonomies {
        all.extend(t.index.iter().map(|s| (&s.file, &s.outline, t.language)));
        all.extend(
            t.terms
                .iter()
                .filter_map(|term| term.source.as_ref())
                .map(|s| (&s.file, &s.outline, t.language)),
        );
    }
    all
}

/// Checks that every `@/` link names a published source file and an existing anchor. A link
/// is checked in the language of the file it is written in: its target is that language's
/// version of the file, whose headings a translation names.
pub(crate) fn check_links(site: &Site, drafts: &[String], problems: &mut Vec<Diagnostic>) {
    let all = outlines(site);
    let languages = &site.config.languages;
    let key = |l: LanguageId, original: &str| url_key(&languages[l.0], original);
    let by_rel: HashMap<String, &Outline> = all
        .iter()
        .map(|(f, o, l)| (key(*l, &f.original), *o))
        .collect();
    let originals: Vec<&str> = all
        .iter()
        .filter(|(_, _, l)| l.is_default())
        .map(|(f, _, _)| f.original.as_str())
        .collect();
    // Each file once, in its own language: a fallback's links are the original's.
    let written = all.iter().filter(|(f, _, l)| match &f.lang {
        None => l.is_default(),
        Some(code) => languages[l.0].code == *code,
    });
    for (file, outline, language) in written {
        for link in &outline.links {
            let Some(target) = link.dest.strip_prefix("@/") else {
                continue;
            };
            let (path, anchor) = match target.split_once('#') {
                Some((p, a)) => (p, Some(a)),
                None => (target, None),
            };
            let at = |message: String| {
                Diagnostic::error(&file.shown, message).at_in(&file.text, link.line, link.column)
            };
            match by_rel.get(&key(*language, path)) {
                Some(target_outline) => {
                    if let Some(anchor) = anchor.filter(|a| !target_outline.has_anchor(a)) {
                        let ids = target_outline.headings.iter().map(|h| h.id.as_str());
                        let help = match did_you_mean(anchor, ids) {
                            Some(s) => format!("did you mean `#{s}`?"),
                            None => format!("the headings of {path} have the ids: {}", list(target_outline.headings.iter().map(|h| h.id.as_str()))),
                        };
                        problems.push(at(format!("anchor `#{anchor}` does not exist in {path}")).help(help));
                    }
                }
                None if drafts.iter().any(|d| d == path) => problems.push(
                    at(format!("`{}` links to a draft page, which is not published", link.dest))
                        .help("publish the target (remove `draft: true`), build with --drafts, or remove the link"),
                ),
                None => {
                    let help = match did_you_mean(path, originals.iter().copied()) {
                        Some(s) => format!("did you mean `@/{s}`?"),
                        None => "write the target's path under content/, like `@/metier/veille.md`".to_owned(),
                    };
                    problems.push(at(format!("broken link `{}`: no file content/{path}", link.dest)).help(help));
                }
            }
        }
    }
}

fn list<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let items: Vec<&str> = items.take(12).collect();
    if items.is_empty() {
        "(none: the page has no headings)".to_owned()
    } else {
        items.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_stay_inside_the_output() {
        assert_eq!(
            alias_file("/ancien/chemin/").as_deref(),
            Some("ancien/chemin/index.html")
        );
        assert_eq!(alias_file("vieux.html").as_deref(), Some("vieux.html"));
        assert_eq!(alias_file("../../etc/passwd"), None);
        assert_eq!(alias_file("https://evil.example/"), None);
        assert_eq!(alias_file("a\\..\\b"), None);
    }
}
