//! Keeps a build inside its site: a symbolic link whose target leaves the site root is an error
//! naming the link and its target, whether it sits under `content/`, `templates/`, `static/` or
//! a theme, and in `build`, `check` and `serve` alike (they all load through here). Without it,
//! `ln -s /etc/passwd static/leak.txt` would publish the host's file.

use std::path::{Path, PathBuf};

use crate::error::Diagnostic;

/// The site root as the file system resolves it, to test where links lead.
#[derive(Debug, Clone)]
pub(crate) struct SiteBoundary {
    root: PathBuf,
    real_root: PathBuf,
}

impl SiteBoundary {
    /// The boundary of the site at `root`.
    pub(crate) fn new(root: &Path) -> SiteBoundary {
        SiteBoundary {
            root: root.to_owned(),
            real_root: root.canonicalize().unwrap_or_else(|_| root.to_owned()),
        }
    }

    /// `path` as messages show it: relative to the site root when inside it.
    pub(crate) fn shown(&self, path: &Path) -> PathBuf {
        crate::load::walk::shown(path, &self.root)
    }

    /// Whether `path`, once every link in it is followed, is inside the site.
    pub(crate) fn contains(&self, path: &Path) -> bool {
        path.canonicalize()
            .is_ok_and(|real| real.starts_with(&self.real_root))
    }

    /// An error when the link at `link` leads out of the site (or nowhere); `None` when it
    /// stays inside.
    pub(crate) fn check_link(&self, link: &Path) -> Option<Diagnostic> {
        if self.contains(link) {
            return None;
        }
        let target = std::fs::read_link(link)
            .map(|t| t.display().to_string())
            .unwrap_or_else(|_| "?".into());
        Some(
            Diagnostic::error(
                self.shown(link),
                format!("this symbolic link leads out of the site, to {target}"),
            )
            .help(
                "a build reads only files inside the site root: copy the file into the site, \
                 or remove the link",
            ),
        )
    }

    /// An error when `path` or any folder between the site root and it is a link that leads
    /// out of the site (for paths named one by one, like a file `serve` was told changed).
    pub(crate) fn check_path(&self, path: &Path) -> Option<Diagnostic> {
        let relative = path.strip_prefix(&self.root).ok()?;
        let mut at = self.root.clone();
        for part in relative.components() {
            at.push(part);
            let is_link = std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink());
            if is_link {
                if let Some(d) = self.check_link(&at) {
                    return Some(d);
                }
            }
        }
        None
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn links_inside_pass_and_links_outside_are_named() {
        let site = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(site.path().join("a.md"), "a").unwrap();
        std::fs::write(outside.path().join("secret"), "s").unwrap();
        let inside = site.path().join("inside.md");
        let leak = site.path().join("leak.txt");
        std::os::unix::fs::symlink(site.path().join("a.md"), &inside).unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret"), &leak).unwrap();
        let boundary = SiteBoundary::new(site.path());
        assert_eq!(boundary.check_link(&inside), None);
        let d = boundary
            .check_link(&leak)
            .expect("the link leaves the site");
        assert_eq!(d.path.as_deref(), Some(Path::new("leak.txt")));
        assert!(d
            .message
            .contains(&outside.path().join("secret").display().to_string()));
        assert!(boundary.check_path(&leak).is_some());
        assert!(boundary.check_path(&inside).is_none());
    }
}
