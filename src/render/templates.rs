//! Tera 2 templates: the theme's, overridden by the site's. Tera 1 syntax, parse errors,
//! unknown filters, functions and components, and include cycles are reported with the
//! template's file, line and column before anything renders; render errors likewise, with the
//! page that triggered them (see [`template_errors`](crate::render::template_errors)).

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use tera::{Context, Kwargs, State, Tera, TeraResult, Value};

use crate::error::Diagnostic;
use crate::load::theme::ThemeFiles;
use crate::render::template_errors::Sources;

/// Templates every theme must provide.
pub(crate) const REQUIRED: &[&str] = &[
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
pub(crate) struct Templates {
    /// The Tera instance; the caller registers the functions' data before each render.
    pub tera: Tera,
    origins: HashMap<String, PathBuf>,
    texts: HashMap<String, String>,
}

/// Names a template refers to with `extends` or `include` (and Tera 1's `import`).
pub(crate) fn dependencies(text: &str) -> Vec<String> {
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

/// `"2026-03-01" | date_fr` → `1<sup>er</sup> mars 2026`, marked safe (the only markup is
/// ours). A filter, not a theme component: every card of a list is dated.
fn date_fr(text: &str, _: Kwargs, _: &State) -> TeraResult<Value> {
    let date = crate::dates::parse_iso(text).ok_or_else(|| {
        tera::Error::message(format!("date_fr needs a `YYYY-MM-DD` date, not `{text}`"))
    })?;
    use chrono::Datelike;
    let day = date.day();
    let suffix = if day == 1 { "<sup>er</sup>" } else { "" };
    let month = crate::dates::FRENCH_MONTHS[date.month0() as usize];
    Ok(Value::safe_string(&format!(
        "{day}{suffix} {month} {}",
        date.year()
    )))
}

/// `"2026-12-07" | date_en` → `7 December 2026`: the English counterpart of `date_fr`, for
/// sites in another language than French.
fn date_en(text: &str, _: Kwargs, _: &State) -> TeraResult<Value> {
    let date = crate::dates::parse_iso(text).ok_or_else(|| {
        tera::Error::message(format!("date_en needs a `YYYY-MM-DD` date, not `{text}`"))
    })?;
    Ok(Value::from(date.format("%-d %B %Y").to_string()))
}

/// `value | json_script`: the value as JSON, safe inside `<script>` (`<` escaped, so no text
/// can close the script), marked safe.
fn json_script(value: &Value, _: Kwargs, _: &State) -> TeraResult<Value> {
    let json = serde_json::to_string(value).map_err(tera::Error::message)?;
    Ok(Value::safe_string(&json.replace('<', "\\u003c")))
}

/// A function whose data [`register`](crate::render::functions::register) supplies before
/// each render; registered at compile time because Tera 2 checks every call then.
fn not_ready(_: Kwargs, _: &State) -> TeraResult<Value> {
    Err(tera::Error::message(
        "this function has no data outside a render",
    ))
}

/// Whether a template defines components: every template may call them without naming the
/// file, so such a file belongs to every template's chain.
fn defines_components(text: &str) -> bool {
    text.contains("{% component") || text.contains("{%- component")
}

impl Templates {
    /// Hash of every template's name, text and origin: equal keys compile to equal templates.
    pub(crate) fn theme_key(theme: &ThemeFiles) -> u64 {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        for t in &theme.templates {
            std::hash::Hash::hash(&(&t.name, &t.text, &t.origin), &mut h);
        }
        std::hash::Hasher::finish(&h)
    }

    /// Compiles every template; reports parse errors, missing templates and include cycles.
    pub(crate) fn compile(theme: &ThemeFiles) -> Result<Templates, Vec<Diagnostic>> {
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
        let legacy = crate::render::legacy::check(theme);
        if !legacy.is_empty() {
            return Err(legacy);
        }
        let texts: HashMap<String, String> = crate::render::overrides::fitted(theme)
            .into_iter()
            .collect();
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".htm", ".xml"]);
        tera.register_filter("date_fr", date_fr);
        tera.register_filter("date_en", date_en);
        tera.register_filter("json_script", json_script);
        for name in crate::render::functions::NAMES {
            tera.register_function(name, not_ready);
        }
        if let Err(e) = tera.add_raw_templates(texts.iter()) {
            let sources = Sources {
                origins: &origins,
                texts: &texts,
            };
            return Err(sources.compile_errors(&e));
        }
        Ok(Templates {
            tera,
            origins,
            texts,
        })
    }

    /// Renders `name`; a failure names the template, its line and the page being rendered.
    pub(crate) fn render(
        &self,
        name: &str,
        context: &Context,
        for_file: &Path,
    ) -> Result<Vec<u8>, Diagnostic> {
        // Bytes, not a `String`: the output is written as is. Sized for the page's body and the
        // theme's chrome, so that the buffer is not grown several times on a typical page.
        let body = context
            .get("page")
            .and_then(|page| page.get_from_path("content"))
            .and_then(Value::as_str)
            .map_or(0, str::len);
        let mut html = Vec::with_capacity(body + 16 * 1024);
        self.tera
            .render_to(name, context, &mut html)
            .map(|()| html)
            .map_err(|e| self.sources().render_error(&e, name, for_file))
    }

    fn sources(&self) -> Sources<'_> {
        Sources {
            origins: &self.origins,
            texts: &self.texts,
        }
    }

    /// Per template name, a hash of every template it pulls in (extends, include, and every
    /// template defining components): a template edit renders again only the pages whose chain
    /// contains it.
    pub(crate) fn chain_hashes(&self, theme: &ThemeFiles) -> HashMap<String, u64> {
        let texts: HashMap<&str, &str> = theme
            .templates
            .iter()
            .map(|t| (t.name.as_str(), t.text.as_str()))
            .collect();
        let components: Vec<String> = texts
            .iter()
            .filter(|(_, text)| defines_components(text))
            .map(|(name, _)| name.to_string())
            .collect();
        let mut out = HashMap::new();
        for name in texts.keys() {
            let mut chain = vec![name.to_string()];
            chain.extend(components.iter().filter(|c| *c != name).cloned());
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
    pub(crate) fn mention(theme: &ThemeFiles, word: &str) -> bool {
        theme.templates.iter().any(|t| t.text.contains(word))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(f: fn(&str, Kwargs, &State) -> TeraResult<Value>, input: &str) -> TeraResult<String> {
        let mut tera = Tera::new();
        tera.register_filter("f", f);
        tera.add_raw_template("t.html", "{{ v | f }}").unwrap();
        let mut context = Context::new();
        context.insert("v", input);
        tera.render("t.html", &context)
    }

    #[test]
    fn json_script_escapes_what_could_close_a_script() {
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html"]);
        tera.register_filter("json_script", json_script);
        tera.add_raw_template("t.html", "{{ v | json_script }}")
            .unwrap();
        let mut context = Context::new();
        context.insert("v", "</script><b>\"x\"");
        let out = tera.render("t.html", &context).unwrap();
        assert_eq!(out, r#""\u003c/script>\u003cb>\"x\"""#);
    }

    #[test]
    fn date_en_writes_english_dates() {
        assert_eq!(filter(date_en, "2026-12-07").unwrap(), "7 December 2026");
        assert_eq!(filter(date_en, "2026-03-01").unwrap(), "1 March 2026");
        assert!(filter(date_en, "yesterday").is_err());
    }

    #[test]
    fn date_fr_writes_french_dates() {
        assert_eq!(
            filter(date_fr, "2026-03-01").unwrap(),
            "1<sup>er</sup> mars 2026"
        );
        assert_eq!(filter(date_fr, "2026-02-09").unwrap(), "9 février 2026");
        assert_eq!(filter(date_fr, "2025-12-31").unwrap(), "31 décembre 2025");
        let err = filter(date_fr, "hier").unwrap_err();
        assert!(super::super::template_errors::chain(&err).contains("YYYY-MM-DD"));
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
}
