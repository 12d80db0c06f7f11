//! A site that overrides one of the theme's templates keeps the theme's other templates working.
//!
//! The default theme's `checklist.html` and `case_study.html` extend `page.html` and fill its
//! `aside` and `before_content` blocks. A site's own `page.html` rarely declares them, and Tera 2
//! refuses a child filling a block no parent has (Tera 1 dropped it silently). So when a theme
//! template extends a chain the site changed, the blocks that chain no longer has are left out
//! of the theme template, as Tera 1 did: the page renders with the site's layout. A site's own
//! template filling a missing block is still an error (it is the author's to fix).

use std::collections::{HashMap, HashSet};

use crate::load::theme::{Template, ThemeFiles};
use crate::render::templates::dependencies;

/// `{% … %}` tags of `text`: (start, end, the words inside).
fn tags(text: &str) -> Vec<(usize, usize, Vec<&str>)> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(start) = text[at..].find("{%").map(|i| at + i) {
        let Some(len) = text[start + 2..].find("%}") else {
            break;
        };
        let end = start + 2 + len + 2;
        let inner = text[start + 2..end - 2].trim_matches('-').trim();
        out.push((start, end, inner.split_whitespace().collect()));
        at = end;
    }
    out
}

/// Names of the blocks `text` declares.
fn blocks(text: &str) -> HashSet<&str> {
    tags(text)
        .into_iter()
        .filter(|(_, _, words)| words.first() == Some(&"block"))
        .filter_map(|(_, _, words)| words.get(1).copied())
        .collect()
}

/// `text` without the blocks not in `keep`, each replaced by as many newlines as it held so
/// that line numbers in errors stay right.
fn without_blocks(text: &str, keep: &HashSet<&str>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut depth = 0;
    let mut dropping: Option<(usize, usize)> = None; // (start, depth at start)
    for (start, end, words) in tags(text) {
        match words.first() {
            Some(&"block") => {
                depth += 1;
                let name = words.get(1).copied().unwrap_or("");
                if dropping.is_none() && depth == 1 && !keep.contains(name) {
                    dropping = Some((start, depth));
                }
            }
            Some(&"endblock") => {
                if let Some((from, _)) = dropping.filter(|(_, d)| *d == depth) {
                    out.push_str(&text[copied..from]);
                    out.push_str(&"\n".repeat(text[from..end].matches('\n').count()));
                    copied = end;
                    dropping = None;
                }
                depth -= 1;
            }
            _ => {}
        }
    }
    out.push_str(&text[copied..]);
    out
}

/// The templates to compile: the theme's and the site's, with the theme's children fitted to
/// the parents the site replaced.
pub(crate) fn fitted(theme: &ThemeFiles) -> Vec<(String, String)> {
    let by_name: HashMap<&str, &Template> = theme
        .templates
        .iter()
        .map(|t| (t.name.as_str(), t))
        .collect();
    let from_site = |t: &Template| t.origin.starts_with("templates");
    theme
        .templates
        .iter()
        .map(|t| {
            if from_site(t) {
                return (t.name.clone(), t.text.clone());
            }
            // The blocks of every template above `t`, and whether the site wrote one of them.
            let mut above = HashSet::new();
            let mut site_parent = false;
            let mut current = t;
            for _ in 0..theme.templates.len() {
                let Some(parent) = dependencies(&current.text)
                    .into_iter()
                    .find(|d| {
                        current.text.contains(&format!("extends \"{d}\""))
                            || current.text.contains(&format!("extends '{d}'"))
                    })
                    .and_then(|d| by_name.get(d.as_str()).copied())
                else {
                    break;
                };
                site_parent |= from_site(parent);
                above.extend(blocks(&parent.text));
                current = parent;
            }
            let text = if site_parent {
                without_blocks(&t.text, &above)
            } else {
                t.text.clone()
            };
            (t.name.clone(), text)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_only_the_blocks_the_parents_lack_keeping_lines() {
        let child = "{% extends \"page.html\" %}\n{%- block aside %}\n<p>{% block inner %}x{% endblock inner %}</p>\n{%- endblock aside %}\n{% block main %}y{% endblock main %}";
        let keep = HashSet::from(["main"]);
        let fitted = without_blocks(child, &keep);
        assert_eq!(
            fitted,
            "{% extends \"page.html\" %}\n\n\n\n{% block main %}y{% endblock main %}"
        );
        assert_eq!(
            without_blocks(child, &HashSet::from(["main", "aside"])),
            child
        );
    }
}
