//! Reads the term files of `glossary/`: one Markdown file per term, its YAML front matter
//! validated key by key (every problem at its line), its body the term's long text.

use std::path::Path;

use crate::error::{did_you_mean, Diagnostic};
use crate::load::fields::Fields;
use crate::load::front_matter;
use crate::markdown::{self, Outline};
use crate::yaml::YamlMap;

/// Keys a term file may hold.
pub(crate) const TERM_FILE_KEYS: &[&str] = &[
    "title",
    "abbreviation",
    "synonyms",
    "definition",
    "related",
    "pages",
];

/// One glossary term, as its file defines it.
#[derive(Debug, Clone)]
pub(crate) struct Term {
    /// The file name without `.md`: the term's anchor on the glossary page (`abonne`).
    pub(crate) id: String,
    /// The term as the glossary shows it (`Abonné`).
    pub(crate) title: String,
    /// `CM`, `KPI`: matched with its exact case.
    pub(crate) abbreviation: Option<String>,
    /// Other words for the same thing, linked like the term.
    pub(crate) synonyms: Vec<String>,
    /// One or two sentences (Markdown): the tooltip's text and the entry's first words.
    pub(crate) definition: String,
    /// The definition as plain typeset text, for the tooltip.
    pub(crate) tooltip: String,
    /// Ids of related terms, each with its line.
    pub(crate) related: Vec<(String, usize)>,
    /// `@/` links to pages about the term, each with its line.
    pub(crate) pages: Vec<(String, usize)>,
    /// The long text (Markdown), maybe empty.
    pub(crate) body: String,
    /// Path shown in messages.
    pub(crate) shown: std::path::PathBuf,
    /// The whole file, for quoting lines.
    pub(crate) text: String,
    /// Line of `title`, where the term is said to be defined.
    pub(crate) title_line: usize,
    /// Line of `synonyms` (or of `abbreviation` for it).
    pub(crate) synonyms_line: usize,
    /// Line of `abbreviation`.
    pub(crate) abbreviation_line: usize,
    /// Line of `definition`.
    pub(crate) definition_line: usize,
    /// Outline of the long text (its links, for checking), lines in the file.
    pub(crate) outline: Outline,
}

/// Reads one term file; `shown` is its path from the site root.
pub(crate) fn read_term(path: &Path, shown: &Path) -> Result<Term, Vec<Diagnostic>> {
    let bytes = std::fs::read(path).map_err(|e| {
        vec![
            Diagnostic::error(shown, format!("cannot read this file: {e}"))
                .help("check that it exists and that its permissions let you read it"),
        ]
    })?;
    let text = String::from_utf8(bytes).map_err(|_| {
        vec![
            Diagnostic::error(shown, "this file is not valid UTF-8 text")
                .help("save it as UTF-8 in your editor (cmbook reads only UTF-8)"),
        ]
    })?;
    let split = front_matter::split(&text).map_err(|e| {
        let (message, help) = e.explain();
        let line = match e {
            front_matter::SplitError::NotClosed(n) => n,
            _ => 1,
        };
        vec![Diagnostic::error(shown, message)
            .at_in(&text, line, 1)
            .help(help)]
    })?;
    let map = YamlMap::parse(split.yaml, split.yaml_line).map_err(|e| {
        vec![
            Diagnostic::error(shown, format!("invalid front matter: {}", e.message))
                .at_in(
                    &text,
                    e.line.unwrap_or(split.yaml_line),
                    e.column.unwrap_or(1),
                )
                .help("front matter is YAML: one `key: value` per line, lists as `[a, b]`"),
        ]
    })?;
    let id = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut problems = unknown_keys(&map, shown, &text);
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        problems.push(
            Diagnostic::error(shown, format!("`{id}` cannot be a term's anchor"))
                .help("name the file with lowercase letters, digits and `-` only, like `e-reputation.md`: it is the term's anchor on the glossary page"),
        );
    }
    let mut fields = Fields::new(&map, shown, &text);
    let why = "(every glossary term needs it)";
    let title = fields.required_text("title", "the term as the glossary shows it", why);
    let definition = fields.required_text("definition", "one or two sentences", why);
    let abbreviation: Option<String> = fields.optional("abbreviation", "text, like `CM`");
    let synonyms: Vec<String> = fields
        .optional("synonyms", "a list of words, like `[follower, fan]`")
        .unwrap_or_default();
    let related: Vec<String> = fields
        .optional("related", "a list of term file names, like `[engagement]`")
        .unwrap_or_default();
    let pages: Vec<String> = fields
        .optional(
            "pages",
            "a list of `@/` links, like `[\"@/metier/veille.md\"]`",
        )
        .unwrap_or_default();
    let lines = |key: &str| map.line_of(key);
    problems.append(&mut fields.problems);
    let (Some(title), Some(definition)) = (title, definition) else {
        return Err(problems);
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    let body = text[split.body_offset..].to_owned();
    let outline = markdown::outline(&body, split.body_line);
    Ok(Term {
        id,
        title: title.trim().to_owned(),
        abbreviation: abbreviation
            .map(|a| a.trim().to_owned())
            .filter(|a| !a.is_empty()),
        synonyms: synonyms
            .into_iter()
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect(),
        tooltip: String::new(),
        definition: definition.trim().to_owned(),
        related: related.into_iter().map(|r| (r, lines("related"))).collect(),
        pages: pages.into_iter().map(|p| (p, lines("pages"))).collect(),
        body,
        title_line: lines("title"),
        synonyms_line: lines("synonyms"),
        abbreviation_line: lines("abbreviation"),
        definition_line: lines("definition"),
        shown: shown.to_owned(),
        text,
        outline,
    })
}

/// Every key a term file may not hold, with a suggestion.
fn unknown_keys(map: &YamlMap, shown: &Path, text: &str) -> Vec<Diagnostic> {
    map.keys()
        .filter(|(k, _)| !TERM_FILE_KEYS.contains(k))
        .map(|(key, line)| {
            let d = Diagnostic::error(shown, format!("unknown key `{key}` in a glossary term"))
                .at_in(text, line, 1);
            match did_you_mean(key, TERM_FILE_KEYS.iter().copied()) {
                Some(s) => d.help(format!("did you mean `{s}`?")),
                None => d.help(format!("a term file holds {}", TERM_FILE_KEYS.join(", "))),
            }
        })
        .collect()
}
