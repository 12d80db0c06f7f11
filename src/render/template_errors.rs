//! Tera's errors as cmbook diagnostics: each names the template file (the site's
//! `templates/…` or the theme's), its line and column, quotes the line under a caret, lists the
//! templates that called into it, and says what to do.
//!
//! Tera 2 reports like rustc (`error: …`, ` --> name:line:col`, the line, `note: called from
//! name:line:col`). Syntax and render errors carry their span as data; the checks Tera runs
//! when templates are added (unknown filters, functions, components) come as one message
//! holding a report per problem, so the reports are read back from the text in both cases.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::error::Diagnostic;

/// Where each template came from and what it says, by template name.
pub(crate) struct Sources<'t> {
    /// Template name → its file.
    pub(crate) origins: &'t HashMap<String, PathBuf>,
    /// Template name → its text.
    pub(crate) texts: &'t HashMap<String, String>,
}

/// One `error: …` report read from Tera's text.
#[derive(Debug, PartialEq, Eq)]
struct Report {
    message: String,
    /// (template name, 1-based line, 1-based column) of the error, then of each caller.
    at: Option<(String, usize, usize)>,
    called_from: Vec<(String, usize, usize)>,
}

/// `name:line:col` as Tera writes it after `-->` and `called from`.
fn location(text: &str) -> Option<(String, usize, usize)> {
    let mut parts = text.trim().rsplitn(3, ':');
    let col = parts.next()?.parse().ok()?;
    let line = parts.next()?.parse().ok()?;
    Some((parts.next()?.to_owned(), line, col))
}

/// Every report in Tera's error text; a plain message becomes one report with no position.
fn reports(text: &str) -> Vec<Report> {
    let mut out: Vec<Report> = Vec::new();
    for line in text.lines() {
        if let Some(message) = line.strip_prefix("error: ") {
            out.push(Report {
                message: message.to_owned(),
                at: None,
                called_from: Vec::new(),
            });
        } else if let (Some(rest), Some(last)) =
            (line.trim_start().strip_prefix("--> "), out.last_mut())
        {
            if last.at.is_none() {
                last.at = location(rest);
            }
        } else if let (Some(rest), Some(last)) =
            (line.strip_prefix("note: called from "), out.last_mut())
        {
            last.called_from.extend(location(rest));
        }
    }
    if out.is_empty() {
        out.push(Report {
            message: text.trim().to_owned(),
            at: None,
            called_from: Vec::new(),
        });
    }
    out
}

/// Every message of an error and its causes, joined.
pub(crate) fn chain(error: &dyn std::error::Error) -> String {
    let mut parts = vec![error.to_string()];
    let mut source = error.source();
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ")
}

impl Sources<'_> {
    fn file(&self, name: &str) -> PathBuf {
        self.origins
            .get(name)
            .cloned()
            .unwrap_or_else(|| PathBuf::from("templates").join(name))
    }

    fn shown(&self, (name, line, col): &(String, usize, usize)) -> String {
        format!("{}:{line}:{col}", self.file(name).display())
    }

    /// One diagnostic per problem Tera found while adding the templates.
    pub(crate) fn compile_errors(&self, error: &tera::Error) -> Vec<Diagnostic> {
        reports(&chain(error))
            .into_iter()
            .map(|report| {
                let help = help_for(&report.message).unwrap_or_else(|| {
                    "fix the template syntax (Tera 2, see themes/default/README.md)".into()
                });
                self.diagnostic(report, "template error").help(help)
            })
            .collect()
    }

    /// The diagnostic for a template that failed while rendering `for_file`.
    pub(crate) fn render_error(
        &self,
        error: &tera::Error,
        template: &str,
        for_file: &Path,
    ) -> Diagnostic {
        let mut report = reports(&chain(error)).swap_remove(0);
        if report.at.is_none() {
            report.at = Some((template.to_owned(), 0, 0));
        }
        let what = format!("template error while rendering {}", for_file.display());
        let help = help_for(&report.message).unwrap_or_else(|| {
            if report.message.contains("is not defined") || report.message.contains("is undefined")
            {
                "check the variables the template uses against the template reference \
                 (themes/default/README.md); `x?.y` or `x.y or \"\"` reads a field that may be \
                 absent"
                    .into()
            } else {
                "fix the template at that line (themes/default/README.md lists what templates \
                 receive)"
                    .into()
            }
        });
        self.diagnostic(report, &what).help(help)
    }

    fn diagnostic(&self, report: Report, what: &str) -> Diagnostic {
        let message = format!("{what}: {}", report.message.trim_end_matches('.'));
        let mut d = match &report.at {
            Some((name, line, col)) if *line > 0 => {
                let text = self.texts.get(name).map_or("", String::as_str);
                Diagnostic::error(self.file(name), message).at_in(text, *line, *col)
            }
            Some((name, ..)) => Diagnostic::error(self.file(name), message),
            None => Diagnostic::error(PathBuf::from("templates"), message),
        };
        for caller in &report.called_from {
            d = d.note(format!("called from {}", self.shown(caller)));
        }
        d
    }
}

/// What to write instead, for the problems Tera 1 themes meet first under Tera 2.
fn help_for(message: &str) -> Option<String> {
    let renamed: [(&str, &str); 10] = [
        (
            "Unknown filter `slice`",
            "Tera 2 slices with brackets: write `list[:12]` or `list[2:5]` instead of `| slice(…)`",
        ),
        (
            "Unknown filter `json_encode`",
            "write `| json_script` (cmbook's filter: JSON safe inside <script>)",
        ),
        (
            "Unknown filter `as_str`",
            "the filter is now called `str`: write `| str`",
        ),
        (
            "Unknown filter `linebreaksbr`",
            "the filter is now called `newlines_to_br`",
        ),
        (
            "Unknown filter `date`",
            "write `| date_fr` for a French date (`2026-03-01` → 1er mars 2026)",
        ),
        (
            "Unknown filter `concat`",
            "build the list with a spread: `[...a, b]`",
        ),
        (
            "Unknown filter `map`",
            "use a list comprehension: `[p.title for p in pages]`",
        ),
        (
            "Unknown filter `filter`",
            "use a list comprehension with a condition: `[p for p in pages if p.draft]`",
        ),
        (
            "Unknown filter `divisibleby`",
            "the test is now called `divisible_by`",
        ),
        ("Unknown function `range`", "write `range(end=…)`"),
    ];
    if let Some((_, help)) = renamed.iter().find(|(start, _)| message.starts_with(start)) {
        return Some((*help).into());
    }
    if message.starts_with("Function `range` would produce") {
        return Some(
            "a template loop must stay small enough to render in milliseconds: loop over the \
             site's pages or terms instead, or ask for fewer numbers"
                .into(),
        );
    }
    if let Some(block) = message
        .strip_prefix("Block `")
        .and_then(|rest| rest.strip_suffix("` is not defined in any parent template"))
    {
        return Some(format!(
            "every block a template fills must exist in a template it extends: add \
             `{{% block {block} %}}{{% endblock {block} %}}` to its parent (if your site overrides \
             the theme's page.html, the theme's checklist.html and case_study.html fill blocks of \
             it), or override this template too"
        ));
    }
    let general = |text: &str| Some(text.to_owned());
    if message.starts_with("Unknown filter") {
        return general("cmbook's filters are Tera 2's built-in ones plus `date_fr`, `date_en` and `json_script` (themes/default/README.md lists them)");
    }
    if message.starts_with("Unknown function") {
        return general("cmbook's functions are `get_url`, `get_page`, `get_section`, `get_taxonomy` and Tera's `range` and `throw`");
    }
    if message.starts_with("Unknown component") {
        return general("define it with `{% component name(arg) %}…{% endcomponent name %}` in any template of templates/ (components need no import)");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_reports_and_their_callers() {
        let text = "error: Field `nope` is not defined\n --> partials/components.html:4:7\n  |\n4 | {{ page.nope }}\n  |       ^^^^\n\nnote: called from page.html:12:3\n  |\n12 | x\n  | ^\n\nerror: Unknown filter `slice`\n --> base.html:2:20\n";
        let found = reports(text);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].message, "Field `nope` is not defined");
        assert_eq!(found[0].at, Some(("partials/components.html".into(), 4, 7)));
        assert_eq!(found[0].called_from, [("page.html".into(), 12, 3)]);
        assert_eq!(found[1].at, Some(("base.html".into(), 2, 20)));
    }

    #[test]
    fn a_plain_message_is_one_report_without_position() {
        let found = reports("Template 'x.html' not found");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].at, None);
    }

    #[test]
    fn renamed_filters_say_what_to_write() {
        assert!(help_for("Unknown filter `slice`")
            .unwrap()
            .contains("[:12]"));
        assert!(help_for("Unknown filter `nope`")
            .unwrap()
            .contains("date_fr"));
        assert_eq!(help_for("Variable `x` is not defined"), None);
    }
}
