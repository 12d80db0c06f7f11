//! The theme's templates and static files: the compiled-in `default` theme or a site's
//! `themes/<name>/`, then the site's own `templates/` and `static/` on top.

use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};
use walkdir::WalkDir;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::load::contain::SiteBoundary;
use crate::load::strings::{self, Strings, StringsFile, STRINGS_FOLDER};

/// The `default` theme, compiled into the binary so a site without `themes/` builds.
pub(crate) static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// A template's text and where it came from.
#[derive(Debug, Clone)]
pub struct Template {
    /// Name used by `extends`/`include` (`page.html`, `partials/nav.html`).
    pub name: String,
    /// Template source.
    pub text: String,
    /// Where to point the user in errors.
    pub origin: PathBuf,
}

/// Where a static file's bytes are.
#[derive(Debug, Clone)]
pub enum StaticSource {
    /// Inside the binary.
    Embedded(&'static [u8]),
    /// On disk.
    Disk(PathBuf),
}

/// A file copied as is into the output.
#[derive(Debug, Clone)]
pub struct StaticFile {
    /// Path relative to the output root, `/`-separated.
    pub rel: String,
    /// Its bytes.
    pub source: StaticSource,
}

/// Templates and static files after site overrides.
#[derive(Debug, Clone, Default)]
pub struct ThemeFiles {
    /// Every template by name; a site template replaces the theme's of the same name.
    pub templates: Vec<Template>,
    /// Static files; the site's replace the theme's at the same path.
    pub statics: Vec<StaticFile>,
    /// Interface strings files, the theme's before the site's.
    pub strings: Vec<StringsFile>,
    /// Interface strings of each configured language (see [`crate::load::strings`]).
    pub ui: Vec<Strings>,
}

impl ThemeFiles {
    fn add_template(&mut self, template: Template) {
        self.templates.retain(|t| t.name != template.name);
        self.templates.push(template);
    }

    fn add_static(&mut self, file: StaticFile) {
        self.statics.retain(|s| s.rel != file.rel);
        self.statics.push(file);
    }
}

/// Loads the configured theme and the site's overrides.
pub(crate) fn load_theme(root: &Path, config: &Config) -> Result<ThemeFiles> {
    let mut files = ThemeFiles::default();
    let theme_dir = root.join("themes").join(&config.theme);
    let boundary = SiteBoundary::new(root);
    if theme_dir.exists() && !boundary.contains(&theme_dir) {
        return Err(Error::Usage(format!(
            "theme `{}` is outside the site ({}): a build reads only files inside the site \
             root; copy the theme into themes/",
            config.theme,
            theme_dir.display()
        )));
    }
    if theme_dir.is_dir() {
        add_disk_dir(&mut files, &theme_dir, &boundary)?;
    } else if config.theme == "default" {
        add_embedded(&mut files, &DEFAULT_THEME);
    } else {
        return Err(Error::Usage(format!(
            "theme `{}` not found: expected a folder {} (or use `theme: default`)",
            config.theme,
            theme_dir.display()
        )));
    }
    add_disk_dir(&mut files, root, &boundary)?;
    files.ui = strings::resolve(&files.strings, config)?;
    Ok(files)
}

/// The language of a strings file at `rel` under a theme or site (`i18n/en.yaml`).
fn strings_language(rel: &str) -> Option<&str> {
    rel.strip_prefix(STRINGS_FOLDER)?
        .strip_prefix('/')?
        .strip_suffix(".yaml")
        .filter(|code| !code.contains('/'))
}

fn add_embedded(files: &mut ThemeFiles, dir: &'static Dir<'static>) {
    for entry in dir.entries() {
        if let Some(sub) = entry.as_dir() {
            add_embedded(files, sub);
        } else if let Some(file) = entry.as_file() {
            let path = file.path().to_string_lossy().replace('\\', "/");
            if let Some(name) = path.strip_prefix("templates/") {
                let text = String::from_utf8_lossy(file.contents()).into_owned();
                files.add_template(Template {
                    name: name.to_owned(),
                    text,
                    origin: PathBuf::from(format!("(default theme)/{path}")),
                });
            } else if let Some(rel) = path.strip_prefix("static/") {
                files.add_static(StaticFile {
                    rel: rel.to_owned(),
                    source: StaticSource::Embedded(file.contents()),
                });
            } else if let Some(lang) = strings_language(&path) {
                files.strings.push(StringsFile {
                    lang: lang.to_owned(),
                    text: String::from_utf8_lossy(file.contents()).into_owned(),
                    origin: PathBuf::from(format!("(default theme)/{path}")),
                });
            }
        }
    }
}

/// Adds `base/templates/**`, `base/static/**` and `base/i18n/*.yaml`.
fn add_disk_dir(files: &mut ThemeFiles, base: &Path, boundary: &SiteBoundary) -> Result<()> {
    add_strings_dir(files, base, boundary)?;
    for (sub, is_template) in [("templates", true), ("static", false)] {
        let dir = base.join(sub);
        if !dir.is_dir() {
            continue;
        }
        for entry in WalkDir::new(&dir).follow_links(true).sort_by_file_name() {
            let entry = entry.map_err(|e| {
                let path = e.path().unwrap_or(&dir).to_owned();
                Error::io(
                    "read",
                    &path,
                    e.into_io_error()
                        .unwrap_or_else(|| std::io::Error::other("symbolic link loop")),
                )
            })?;
            if entry.path_is_symlink() {
                if let Some(problem) = boundary.check_link(entry.path()) {
                    return Err(Error::one(problem));
                }
            }
            if !entry.file_type().is_file()
                || crate::load::walk::is_editor_temp(&entry.file_name().to_string_lossy())
            {
                continue;
            }
            let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
            let rel = crate::load::walk::rel_path(rel);
            if is_template {
                let text = std::fs::read_to_string(entry.path())
                    .map_err(|e| Error::io("read", entry.path(), e))?;
                let origin = boundary.shown(entry.path());
                files.add_template(Template {
                    name: rel,
                    text,
                    origin,
                });
            } else {
                files.add_static(StaticFile {
                    rel,
                    source: StaticSource::Disk(entry.path().to_owned()),
                });
            }
        }
    }
    Ok(())
}

/// Adds the strings files of `base/i18n/`.
fn add_strings_dir(files: &mut ThemeFiles, base: &Path, boundary: &SiteBoundary) -> Result<()> {
    let dir = base.join(STRINGS_FOLDER);
    if !dir.is_dir() {
        return Ok(());
    }
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .map_err(|e| Error::io("read", &dir, e))?
        .collect::<std::io::Result<_>>()
        .map_err(|e| Error::io("read", &dir, e))?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(lang) = strings_language(&format!("{STRINGS_FOLDER}/{name}")).map(str::to_owned)
        else {
            continue;
        };
        if let Some(problem) = boundary.check_path(&entry.path()) {
            return Err(Error::one(problem));
        }
        let text = std::fs::read_to_string(entry.path())
            .map_err(|e| Error::io("read", &entry.path(), e))?;
        files.strings.push(StringsFile {
            lang,
            text,
            origin: boundary.shown(&entry.path()),
        });
    }
    Ok(())
}
