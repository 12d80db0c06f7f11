//! Tera templates: the theme's, overridden by the site's; parse errors and include cycles are
//! reported with the template's file and line before anything renders.
//!
//! Tera 1 rather than 2, measured: `benches/tera-versions` renders a page template like ours
//! with both. Tera 2 (features `fast`) takes 0.63x the time of Tera 1 there (11.7 vs 18.4 us a
//! page). Our full theme costs more per page, and templates are ~18 % of a clean 10,000-page
//! build (callgrind), so Tera 2 could save ~7 % of a build; it would also mean rewriting the
//! theme's macros as Tera 2 components and moving every filter and function to its younger API.
//! Not done yet: the measured gain is real, and the next step for build speed. Tera 1 does
//! not report the line of a render error, so we name the template and the page that triggered it.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use tera::{Context, Tera, Value};

use crate::error::Diagnostic;
use crate::load::theme::ThemeFiles;

/// Templates every theme must provide.
pub const REQUIRED: &[&str] = &[
    "index.html",
    "section.html",
    "page.html",
    "checklist.html",
    "case_study.html",
    "taxonomy_list.html",
    "taxonomy_term.html",
    "404.html",
];

/// Compiled templates and where each came from.
pub struct Templates {
    /// The Tera instance, functions registered by the caller.
    pub tera: Tera,
    origins: HashMap<String, PathBuf>,
    texts: HashMap<String, String>,
}

/// Names a template refers to with `extends`, `include` or `import`.
pub fn dependencies(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{%") {
        let after = &rest[start + 2..];
        let end = after.find("%}").unwrap_or(after.len());
        let tag = after[..end].trim_start_matches('-').trim();
        let keyword = tag.split_whitespace().next().unwrap_or("");
        if matches!(keyword, "extends" | "include" | "import") {
            let mut quoted = tag[keyword.len()..].split(['"', '\'']);
            quoted.next();
            for (i, part) in quoted.enumerate() {
                // Odd parts sit between quotes; stop at `as name` of imports.
                if i % 2 == 0 && !part.is_empty() {
                    out.push(part.to_owned());
                }
            }
        }
        rest = &after[end.min(after.len())..];
    }
    out
}

/// Finds a chain of templates that includes itself, like `a.html → b.html → a.html`.
fn find_cycle(graph: &HashMap<&str, Vec<String>>) -> Option<Vec<String>> {
    fn visit<'g>(
        name: &'g str,
        graph: &'g HashMap<&str, Vec<String>>,
        stack: &mut Vec<&'g str>,
        done: &mut Vec<&'g str>,
    ) -> Option<Vec<String>> {
        if let Some(pos) = stack.iter().position(|n| *n == name) {
            let mut chain: Vec<String> = stack[pos..].iter().map(|s| s.to_string()).collect();
            chain.push(name.to_owned());
            return Some(chain);
        }
        if done.contains(&name) {
            return None;
        }
        stack.push(name);
        for dep in graph.get(name).into_iter().flatten() {
            if let Some(cycle) = visit(dep, graph, stack, done) {
                return Some(cycle);
            }
        }
        stack.pop();
        done.push(name);
        None
    }
    let mut done = Vec::new();
    let mut names: Vec<&&str> = graph.keys().collect();
    names.sort();
    names
        .into_iter()
        .find_map(|name| visit(name, graph, &mut Vec::new(), &mut done))
}

/// The `line:column` pest puts in parse errors (` --> 3:5`).
fn position_in(message: &str) -> Option<(usize, usize)> {
    let after = &message[message.find("--> ")? + 4..];
    let end = after
        .find(|c: char| !c.is_ascii_digit() && c != ':')
        .unwrap_or(after.len());
    let (line, col) = after[..end].split_once(':')?;
    Some((line.parse().ok()?, col.parse().ok()?))
}

/// Every message of an error and its causes, joined.
pub fn chain(error: &dyn std::error::Error) -> String {
    let mut parts = vec![error.to_string()];
    let mut source = error.source();
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ")
}

/// `"2026-03-01" | date_fr` → `1<sup>er</sup> mars 2026`. A filter, not a theme macro: a card
/// on a list page dated with a macro (a frame, a split, an array of months) made lists ~17 %
/// slower to render.
fn date_fr(value: &tera::Value, _: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    const MONTHS: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    let text = value.as_str().unwrap_or_default();
    let date = crate::dates::parse_iso(text)
        .ok_or_else(|| format!("date_fr needs a `YYYY-MM-DD` date, not `{value}`"))?;
    use chrono::Datelike;
    let day = date.day();
    let suffix = if day == 1 { "<sup>er</sup>" } else { "" };
    let month = MONTHS[date.month0() as usize];
    Ok(tera::Value::String(format!(
        "{day}{suffix} {month} {}",
        date.year()
    )))
}

/// `value | json_script`: the value as JSON, safe inside `<script>` (`<` escaped), like the
/// theme's `json` macro, without a macro frame for each of the dozen values a page's JSON-LD
/// holds.
fn json_script(value: &tera::Value, _: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    let json = serde_json::to_string(value).map_err(|e| tera::Error::msg(e.to_string()))?;
    Ok(tera::Value::String(json.replace('<', "\\u003c")))
}

impl Templates {
    /// Hash of every template's name, text and origin: equal keys compile to equal templates.
    pub fn theme_key(theme: &ThemeFiles) -> u64 {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        for t in &theme.templates {
            std::hash::Hash::hash(&(&t.name, &t.text, &t.origin), &mut h);
        }
        std::hash::Hasher::finish(&h)
    }

    /// Compiles every template; reports parse errors, missing templates and include cycles.
    pub fn compile(theme: &ThemeFiles) -> Result<Templates, Vec<Diagnostic>> {
        let origins: HashMap<String, PathBuf> = theme
            .templates
            .iter()
            .map(|t| (t.name.clone(), t.origin.clone()))
            .collect();
        let mut problems = Vec::new();
        for name in REQUIRED {
            if !origins.contains_key(*name) {
                problems.push(
                    Diagnostic::error(
                        PathBuf::from(format!("templates/{name}")),
                        format!("the theme has no `{name}` template"),
                    )
                    .help("add it to your site's templates/ folder or use a complete theme"),
                );
            }
        }
        let graph: HashMap<&str, Vec<String>> = theme
            .templates
            .iter()
            .map(|t| (t.name.as_str(), dependencies(&t.text)))
            .collect();
        for t in &theme.templates {
            for dep in &graph[t.name.as_str()] {
                if !origins.contains_key(dep) {
                    let line = t
                        .text
                        .lines()
                        .position(|l| l.contains(dep.as_str()))
                        .map_or(1, |n| n + 1);
                    problems.push(
                        Diagnostic::error(
                            &t.origin,
                            format!("template `{}` uses `{dep}`, which does not exist", t.name),
                        )
                        .at_in(&t.text, line, 1)
                        .help("create it in templates/ or fix the name"),
                    );
                }
            }
        }
        if let Some(cycle) = find_cycle(&graph) {
            let origin = origins.get(&cycle[0]).cloned().unwrap_or_default();
            problems.push(
                Diagnostic::error(
                    origin,
                    format!(
                        "templates include each other in a loop: {}",
                        cycle.join(" → ")
                    ),
                )
                .help("remove the include or extends that closes the loop"),
            );
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".htm", ".xml"]);
        tera.register_filter("date_fr", date_fr);
        tera.register_filter("json_script", json_script);
        if let Err(e) = tera.add_raw_templates(
            theme
                .templates
                .iter()
                .map(|t| (t.name.as_str(), t.text.as_str())),
        ) {
            let message = chain(&e);
            let culprit = theme
                .templates
                .iter()
                .find(|t| message.contains(&format!("'{}'", t.name)));
            let mut d = Diagnostic::error(
                culprit.map_or_else(|| PathBuf::from("templates"), |t| t.origin.clone()),
                format!("template error: {message}"),
            );
            if let (Some(t), Some((line, col))) = (culprit, position_in(&message)) {
                d = d.at_in(&t.text, line, col);
            }
            return Err(vec![d.help("fix the template syntax (Tera, like Jinja2)")]);
        }
        Ok(Templates {
            tera,
            origins,
            texts: theme
                .templates
                .iter()
                .map(|t| (t.name.clone(), t.text.clone()))
                .collect(),
        })
    }

    /// Renders `name`; a failure names the template and the page being rendered.
    pub fn render(
        &self,
        name: &str,
        context: &Context,
        for_file: &Path,
    ) -> Result<Vec<u8>, Diagnostic> {
        // Bytes, not a `String`: the output is written as is, and `Tera::render` would check the
        // whole page is UTF-8 (0.6 % of a build). Sized for the page's body and the theme's
        // chrome, instead of Tera's 2,000 bytes grown four times on a typical page.
        let body = context
            .get("page")
            .and_then(|page| page.get("content"))
            .and_then(Value::as_str)
            .map_or(0, str::len);
        let mut html = Vec::with_capacity(body + 16 * 1024);
        self.tera.render_to(name, context, &mut html).map(|()| html).map_err(|e| {
            let message = chain(&e);
            // Tera names the template that actually failed ("... while rendering 'page.html'"):
            // point there, not at a child template that only extends it.
            let culprit = message
                .rsplit("while rendering '")
                .next()
                .filter(|_| message.contains("while rendering '"))
                .and_then(|rest| rest.split('\'').next())
                .filter(|n| self.origins.contains_key(*n))
                .unwrap_or(name);
            // "(error happened in a parent template)": the child only extends; find the template
            // up the `extends` chain that mentions the failing variable.
            let culprit = if message.contains("in a parent template") {
                self.parent_mentioning(culprit, &message).unwrap_or(culprit)
            } else {
                culprit
            };
            let origin = self.origins.get(culprit).cloned().unwrap_or_else(|| PathBuf::from(culprit));
            Diagnostic::error(origin, format!("template `{culprit}` failed while rendering {}: {message}", for_file.display()))
                .help("check the variables the template uses against the template reference (themes/default/README.md)")
        })
    }

    /// The first template above `name` in its `extends` chain whose text holds the variable the
    /// error `message` names (`Variable `x` not found`).
    fn parent_mentioning<'s>(&'s self, name: &str, message: &str) -> Option<&'s str> {
        let variable = message.split("Variable `").nth(1)?.split('`').next()?;
        let mut current = self.texts.get_key_value(name)?;
        for _ in 0..self.texts.len() {
            let text = current.1;
            let parent = dependencies(text.lines().find(|l| l.contains("extends"))?)
                .into_iter()
                .next()?;
            current = self.texts.get_key_value(parent.as_str())?;
            if current.1.contains(variable) {
                return Some(current.0.as_str());
            }
        }
        None
    }

    /// Per template name, a hash of every template it pulls in (extends, include, import): a
    /// template edit renders again only the pages whose chain contains it.
    pub fn chain_hashes(&self, theme: &ThemeFiles) -> HashMap<String, u64> {
        let texts: HashMap<&str, &str> = theme
            .templates
            .iter()
            .map(|t| (t.name.as_str(), t.text.as_str()))
            .collect();
        let mut out = HashMap::new();
        for name in texts.keys() {
            let mut chain = vec![name.to_string()];
            let mut i = 0;
            while i < chain.len() {
                for dep in dependencies(texts.get(chain[i].as_str()).copied().unwrap_or("")) {
                    if !chain.contains(&dep) {
                        chain.push(dep);
                    }
                }
                i += 1;
            }
            chain.sort();
            let mut h = std::collections::hash_map::DefaultHasher::new();
            for member in &chain {
                let text = texts.get(member.as_str()).copied().unwrap_or("");
                (member, text).hash(&mut h);
            }
            out.insert(name.to_string(), h.finish());
        }
        out
    }

    /// Whether any template mentions `word` (used to skip preparing unused functions).
    pub fn mention(theme: &ThemeFiles, word: &str) -> bool {
        theme.templates.iter().any(|t| t.text.contains(word))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_script_escapes_what_could_close_a_script() {
        let value = tera::Value::from("</script><b>\"x\"");
        let out = json_script(&value, &HashMap::new()).unwrap();
        assert_eq!(out.as_str().unwrap(), r#""\u003c/script>\u003cb>\"x\"""#);
    }

    #[test]
    fn date_fr_writes_french_dates() {
        let fr = |d: &str| date_fr(&tera::Value::from(d), &HashMap::new()).map(|v| v.to_string());
        assert_eq!(fr("2026-03-01").unwrap(), "\"1<sup>er</sup> mars 2026\"");
        assert_eq!(fr("2026-02-09").unwrap(), "\"9 février 2026\"");
        assert_eq!(fr("2025-12-31").unwrap(), "\"31 décembre 2025\"");
        assert!(fr("hier").unwrap_err().to_string().contains("YYYY-MM-DD"));
    }

    #[test]
    fn finds_dependencies() {
        let deps = dependencies("{% extends \"base.html\" %}{%- include 'nav.html' -%}{% import \"macros.html\" as m %}");
        assert_eq!(deps, ["base.html", "nav.html", "macros.html"]);
    }

    #[test]
    fn finds_include_loops() {
        let graph = HashMap::from([
            ("a.html", vec!["b.html".to_owned()]),
            ("b.html", vec!["a.html".to_owned()]),
        ]);
        assert_eq!(find_cycle(&graph).unwrap(), ["a.html", "b.html", "a.html"]);
    }

    #[test]
    fn reads_pest_positions() {
        assert_eq!(
            position_in("Failed to parse 'x'\n --> 3:5\n  |"),
            Some((3, 5))
        );
    }
}
