//! Where a taxonomy's pages live (`url:`, the URL segment, `secteurs` for `sectors`) and the
//! `edit_url:` template: checked when `cmbook.yaml` is read, so that two taxonomies never
//! claim one URL, nor one's redirects the other's pages.

use crate::config::TaxonomyConfig;
use crate::error::Diagnostic;

/// What to do about a segment that is not one plain URL segment.
const SEGMENT_HELP: &str =
    "write one URL segment of lowercase letters, digits, `-` or `_`, like `url: secteurs`";

/// The 1-based line of a taxonomy's entry at or after `from`: its `url:` line when it has one
/// (what an error about its URL points at), else its `name:` line, else `from`. A text search,
/// not a parse: the YAML was parsed already, this only finds where a value was written.
pub(super) fn entry_line(text: &str, from: usize, name: &str, url: Option<&str>) -> usize {
    let written = |line: &str, key: &str, value: &str| {
        let line = line.trim_start().trim_start_matches("- ");
        line.strip_prefix(key)
            .and_then(|rest| rest.trim_start().strip_prefix(':'))
            .is_some_and(|v| v.trim().trim_matches(['"', '\'']) == value)
    };
    let lines: Vec<&str> = text.lines().collect();
    let start = from.saturating_sub(1);
    let Some(name_at) = (start..lines.len()).find(|&i| written(lines[i], "name", name)) else {
        return from;
    };
    let Some(url) = url else {
        return name_at + 1;
    };
    // The `url:` of this entry comes before the next entry's `name:`.
    (name_at..lines.len())
        .take_while(|&i| i == name_at || !lines[i].trim_start().starts_with("- "))
        .find(|&i| written(lines[i], "url", url))
        .map_or(name_at + 1, |i| i + 1)
}

/// Whether `segment` is one URL segment cmbook writes as is.
fn is_segment(segment: &str) -> bool {
    !segment.is_empty()
        && segment
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// Reports every taxonomy whose segment is not a plain segment or whose URLs (its pages at
/// `url`, and its redirects at `name` when the two differ) are already another taxonomy's.
pub(super) fn check(
    taxonomies: &[TaxonomyConfig],
    fail: &impl Fn(String, Option<usize>, Option<usize>) -> Diagnostic,
    problems: &mut Vec<Diagnostic>,
) {
    // URL segment → (taxonomy, whether it holds its pages or its redirects).
    let mut claims: Vec<(&str, &TaxonomyConfig, bool)> = Vec::new();
    for t in taxonomies {
        if !is_segment(&t.url) {
            problems.push(
                fail(
                    format!(
                        "taxonomy `{}`: `url: {}` is not a URL segment",
                        t.name, t.url
                    ),
                    Some(t.line),
                    Some(1),
                )
                .help(SEGMENT_HELP),
            );
            continue;
        }
        let mut own = vec![(t.url.as_str(), true)];
        if t.url != t.name {
            own.push((t.name.as_str(), false));
        }
        for (segment, pages) in own {
            if let Some((_, other, other_pages)) = claims.iter().find(|(s, _, _)| *s == segment) {
                let what = |p: bool| {
                    if p {
                        "pages"
                    } else {
                        "redirects from its old URLs"
                    }
                };
                problems.push(
                    fail(
                        format!(
                            "taxonomy `{}` would put its {} at /{segment}/, where taxonomy `{}` puts its {}",
                            t.name,
                            what(pages),
                            other.name,
                            what(*other_pages)
                        ),
                        Some(t.line),
                        Some(1),
                    )
                    .help("give one of them another `url:` segment"),
                );
            } else {
                claims.push((segment, t, pages));
            }
        }
    }
}

/// The `edit_url:` template if it is an http(s) address holding `{path}`, else reported.
pub(super) fn check_edit_url(
    url: &str,
    fail: &impl Fn(String, Option<usize>, Option<usize>) -> Diagnostic,
    line: usize,
    problems: &mut Vec<Diagnostic>,
) -> Option<String> {
    let url = url.trim();
    let web = url.starts_with("https://") || url.starts_with("http://");
    if web && url.contains("{path}") {
        return Some(url.to_owned());
    }
    problems.push(
        fail(
            format!("`edit_url: {url}` must be an http(s) address holding `{{path}}`"),
            Some(line),
            Some(1),
        )
        .help(
            "write the address of a file's edit page with `{path}` where its path under content/ \
             goes, like https://github.com/moi/manuel/edit/main/content/{path}",
        ),
    );
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "title: T\ntaxonomies:\n  - name: sectors\n    title: S\n    url: secteurs\n  - name: tags\n  - name: skills\n    url: \"competences-cles\"\n";

    #[test]
    fn the_entry_line_is_its_url_line_else_its_name_line() {
        assert_eq!(entry_line(TEXT, 2, "sectors", Some("secteurs")), 5);
        assert_eq!(entry_line(TEXT, 2, "tags", None), 6);
        assert_eq!(entry_line(TEXT, 2, "skills", Some("competences-cles")), 8);
        // Another entry's `url:` is not this one's.
        assert_eq!(entry_line(TEXT, 2, "tags", Some("secteurs")), 6);
        assert_eq!(entry_line(TEXT, 2, "absent", None), 2);
    }

    #[test]
    fn segments_are_plain() {
        assert!(is_segment("secteurs"));
        assert!(is_segment("mots-cles"));
        assert!(!is_segment(""));
        assert!(!is_segment("a/b"));
        assert!(!is_segment("Étapes"));
        assert!(!is_segment(".."));
    }
}
