//! Stage 1, load: read `cmbook.yaml`, every file under `content/` and the theme, and turn them
//! into typed [`Sources`]. Files are read and parsed in parallel; every problem is collected.

pub(crate) mod contain;
pub mod fields;
pub mod front_matter;
pub mod kinds;
pub(crate) mod strings;
pub(crate) mod theme;
pub(crate) mod timeline;
pub(crate) mod urls;
pub(crate) mod walk;

/// The folders of a site that cmbook reads (besides `cmbook.yaml`): what `serve` watches.
pub const SOURCE_FOLDERS: [&str; 6] = [
    "content",
    "glossary",
    "templates",
    "static",
    "themes",
    "i18n",
];
/// Of those, the folders that make up the theme (templates, static files, interface strings).
pub const THEME_FOLDERS: [&str; 4] = ["templates", "static", "themes", "i18n"];

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::error::{Diagnostic, Error, Result};
use crate::markdown::{self, Outline};
use crate::yaml::YamlMap;
use kinds::{Fields, Kind, PageFront, SectionFront, TermFront};
use theme::ThemeFiles;
use walk::{Entry, Found};

/// A source file's text and names.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path shown in messages (relative to the site root).
    pub shown: PathBuf,
    /// Path relative to `content/`, `/`-separated: what `@/` links name.
    pub rel: String,
    /// For a translation (`veille.en.md`), the original's `rel` (`veille.md`); else `rel`.
    pub original: String,
    /// The language of a translation; `None` for a file in the default language.
    pub lang: Option<String>,
    /// The whole file, BOM included, for quoting lines in messages.
    pub text: String,
    /// Byte offset of the Markdown body.
    pub body_offset: usize,
    /// 1-based line where the body starts.
    pub body_line: usize,
}

impl SourceFile {
    /// The Markdown after the front matter.
    pub fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }

    /// Everything before the body: the front matter with its fences.
    pub fn head(&self) -> &str {
        &self.text[..self.body_offset]
    }
}

/// A page as loaded: front matter validated, body analysed.
#[derive(Debug, Clone)]
pub struct PageSource {
    /// The file.
    pub file: SourceFile,
    /// Its front matter.
    pub front: PageFront,
    /// Headings, links, checklist items of the body.
    pub outline: Outline,
}

/// A section's `_index.md`.
#[derive(Debug, Clone)]
pub struct SectionSource {
    /// The file.
    pub file: SourceFile,
    /// Folder relative to `content/` (`""` for home).
    pub dir: String,
    /// Its front matter.
    pub front: SectionFront,
    /// Headings and links of its body.
    pub outline: Outline,
}

/// A taxonomy text: the taxonomy's `_index.md` (`term: None`) or one term's file.
#[derive(Debug, Clone)]
pub struct TermSource {
    /// The file.
    pub file: SourceFile,
    /// Taxonomy name.
    pub taxonomy: String,
    /// The file stem, i.e. the term slug; `None` for the taxonomy's own `_index.md`.
    pub term: Option<String>,
    /// Its front matter.
    pub front: TermFront,
    /// Headings and links of its body.
    pub outline: Outline,
}

/// A non-Markdown file under `content/`, copied beside the pages.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Path relative to `content/`.
    pub rel: String,
    /// Path on disk.
    pub path: PathBuf,
}

/// Everything the later stages need, read and validated.
#[derive(Debug, Clone)]
pub struct Sources {
    /// Site root.
    pub root: PathBuf,
    /// Validated configuration.
    pub config: Config,
    /// Pages, drafts included, in path order.
    /// Shared so that `serve` can keep the sources and resolve again without copying them.
    pub pages: Vec<Arc<PageSource>>,
    /// Sections in path order (home first).
    pub sections: Vec<SectionSource>,
    /// Taxonomy texts.
    pub terms: Vec<TermSource>,
    /// Files copied as is.
    pub assets: Vec<Asset>,
    /// Templates and static files.
    pub theme: ThemeFiles,
    /// Glossary terms, once resolve has read `glossary/` (see [`crate::glossary::attach`]).
    pub glossary: Option<Arc<crate::glossary::Glossary>>,
}

/// Loads the site at `root` with an already validated `config`.
pub fn load(root: &Path, config: Config) -> Result<Sources> {
    let content_dir = root.join("content");
    if !content_dir.is_dir() {
        return Err(Error::Usage(format!(
            "no content/ folder in {}: put your Markdown pages there",
            root.display()
        )));
    }
    let theme = theme::load_theme(root, &config)?;
    let (found, mut problems) = walk::walk(&content_dir, root, &config);
    let (markdown, assets): (Vec<Found>, Vec<Found>) =
        found.into_iter().partition(|f| f.entry != Entry::Asset);
    let read: Vec<_> = markdown
        .par_iter()
        .map(|f| (f, read_source(f, root, &config)))
        .collect();

    let mut sections = Vec::new();
    let mut terms = Vec::new();
    let mut page_files = Vec::new();
    let typography = |file: &SourceFile| config.typography_for(file.lang.as_deref());
    for (found, file) in read {
        let file = match file {
            Ok(file) => file,
            Err(d) => {
                problems.push(d);
                continue;
            }
        };
        match &found.entry {
            Entry::Section(dir) => {
                match parse_with(&file, |f| kinds::section_front(f, typography(&file))) {
                    Ok((front, outline)) => sections.push(SectionSource {
                        file,
                        dir: dir.clone(),
                        front,
                        outline,
                    }),
                    Err(mut d) => problems.append(&mut d),
                }
            }
            Entry::TaxonomyIndex(taxonomy) | Entry::Term(taxonomy, _) => {
                let term = match &found.entry {
                    Entry::Term(_, stem) => Some(stem.clone()),
                    _ => None,
                };
                match parse_with(&file, |f| kinds::term_front(f, typography(&file))) {
                    Ok((front, outline)) => terms.push(TermSource {
                        file,
                        taxonomy: taxonomy.clone(),
                        term,
                        front,
                        outline,
                    }),
                    Err(mut d) => problems.append(&mut d),
                }
            }
            Entry::Page => page_files.push(file),
            Entry::Asset => unreachable!("assets were set apart"),
        }
    }
    let default_kinds: HashMap<&str, Kind> = sections
        .iter()
        .filter_map(|s| s.front.default_kind.map(|k| (s.dir.as_str(), k)))
        .collect();
    let parsed: Vec<_> = page_files
        .into_par_iter()
        .map(|file| {
            let kind = default_kind_for(&file.rel, &default_kinds);
            let typography = config.typography_for(file.lang.as_deref());
            let front = parse_with(&file, |fields| {
                kinds::page_front(fields, &config, kind, typography)
            });
            (file, front)
        })
        .collect();
    let mut pages = Vec::with_capacity(parsed.len());
    for (file, result) in parsed {
        match result {
            Ok((Some(front), outline)) => pages.push(Arc::new(PageSource {
                file,
                front,
                outline,
            })),
            Ok((None, _)) => {}
            Err(mut d) => problems.append(&mut d),
        }
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let assets = assets
        .into_iter()
        .map(|f| Asset {
            rel: f.rel,
            path: f.path,
        })
        .collect();
    Ok(Sources {
        root: root.to_owned(),
        config,
        pages,
        sections,
        terms,
        assets,
        theme,
        glossary: None,
    })
}

/// The `default_kind` of the nearest section folder above `rel`, else `article`.
fn default_kind_for(rel: &str, kinds: &HashMap<&str, Kind>) -> Kind {
    let mut dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
    loop {
        if let Some(kind) = kinds.get(dir) {
            return *kind;
        }
        if dir.is_empty() {
            return Kind::Article;
        }
        dir = dir.rsplit_once('/').map_or("", |(d, _)| d);
    }
}

/// Reads a Markdown file as UTF-8 and splits off its front matter.
fn read_source(found: &Found, root: &Path, config: &Config) -> Result<SourceFile, Diagnostic> {
    let shown = walk::shown(&found.path, root);
    let bytes = std::fs::read(&found.path).map_err(|e| {
        Diagnostic::error(&shown, format!("cannot read this file: {e}"))
            .help("check that it exists and that its permissions let you read it")
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        // Columns count characters; the bytes before the bad one are valid UTF-8.
        let column = std::str::from_utf8(&valid[line_start..]).map_or(1, |s| s.chars().count() + 1);
        Diagnostic::error(&shown, "this file is not valid UTF-8 text")
            .at(line, column)
            .help("save it as UTF-8 in your editor (cmbook reads only UTF-8)")
    })?;
    let split = front_matter::split(&text).map_err(|e| {
        let (message, help) = e.explain();
        let line = match e {
            front_matter::SplitError::NotClosed(n) => n,
            _ => 1,
        };
        Diagnostic::error(&shown, message)
            .at_in(&text, line, 1)
            .help(help)
    })?;
    let (body_offset, body_line) = (split.body_offset, split.body_line);
    let original = match found.lang {
        Some(_) => walk::split_language(&found.rel, config).0,
        None => found.rel.clone(),
    };
    Ok(SourceFile {
        shown,
        rel: found.rel.clone(),
        original,
        lang: found.lang.clone(),
        text,
        body_offset,
        body_line,
    })
}

/// Parses the front matter with `read` and outlines the body.
fn parse_with<T>(
    file: &SourceFile,
    read: impl FnOnce(&mut Fields<'_>) -> T,
) -> Result<(T, Outline), Vec<Diagnostic>> {
    let split = front_matter::split(&file.text).expect("split succeeded when the file was read");
    let map = YamlMap::parse(split.yaml, split.yaml_line).map_err(|e| {
        let d = Diagnostic::error(&file.shown, format!("invalid front matter: {}", e.message))
            .at_in(&file.text, e.line.unwrap_or(split.yaml_line), e.column.unwrap_or(1))
            .help("front matter is YAML: one `key: value` per line, lists as `[a, b]`; quote text containing `:`");
        vec![d]
    })?;
    let mut fields = Fields::new(&map, &file.shown, &file.text);
    let value = read(&mut fields);
    if !fields.problems.is_empty() {
        return Err(fields.problems);
    }
    let outline = markdown::guarded(|| markdown::outline(file.body(), file.body_line)).map_err(|reason| {
        vec![Diagnostic::error(&file.shown, format!("the Markdown parser failed on this file ({reason})"))
            .help("this is a bug of the pulldown-cmark parser on an unusual construct: simplify the lists or headings of this page (a setext `---` heading with `{#id}` inside a list item is known to trigger it)")]
    })?;
    let mut refused = Vec::new();
    urls::check_body_links(&outline, &file.shown, &file.text, &mut refused);
    if !refused.is_empty() {
        return Err(refused);
    }
    Ok((value, outline))
}

/// Orders paths under `content/` the way the walk visits them (folder by folder, names sorted),
/// so that a page reloaded alone lands where a full load would put it.
fn walk_order(a: &str, b: &str) -> std::cmp::Ordering {
    a.split('/').cmp(b.split('/'))
}

/// Re-reads one page after an edit (`serve`). Returns `Ok(false)` when `path` is not a page
/// (a section, a taxonomy text, an asset): those changes need a full [`load`].
pub fn reload_page(sources: &mut Sources, path: &Path) -> Result<bool> {
    let content_dir = sources.root.join("content");
    let Ok(relative) = path.strip_prefix(&content_dir) else {
        return Ok(false);
    };
    let rel = walk::rel_path(relative);
    let found = Found::new(path.to_owned(), rel.clone(), &sources.config);
    let hidden = relative
        .components()
        .any(|c| walk::is_ignored(&c.as_os_str().to_string_lossy()));
    if found.entry != Entry::Page || hidden {
        return Ok(hidden);
    }
    let position = sources
        .pages
        .binary_search_by(|p| walk_order(&p.file.rel, &rel));
    if let Some(problem) = contain::SiteBoundary::new(&sources.root).check_path(path) {
        return Err(Error::one(problem));
    }
    if !path.is_file() {
        if let Ok(i) = position {
            sources.pages.remove(i);
        }
        return Ok(true);
    }
    let file = read_source(&found, &sources.root, &sources.config).map_err(Error::one)?;
    let kinds: HashMap<&str, Kind> = sources
        .sections
        .iter()
        .filter_map(|s| s.front.default_kind.map(|k| (s.dir.as_str(), k)))
        .collect();
    let kind = default_kind_for(&rel, &kinds);
    let (front, outline) = parse_with(&file, |fields| {
        let typography = sources.config.typography_for(file.lang.as_deref());
        kinds::page_front(fields, &sources.config, kind, typography)
    })
    .map_err(Error::Invalid)?;
    let Some(front) = front else {
        return Err(Error::Invalid(Vec::new()));
    };
    let page = Arc::new(PageSource {
        file,
        front,
        outline,
    });
    match position {
        Ok(i) => sources.pages[i] = page,
        Err(i) => sources.pages.insert(i, page),
    }
    Ok(true)
}
