//! Symbolic links never carry host files into the site: a link under `content/`, `static/`,
//! `templates/` or a theme whose target leaves the site root is an error naming the link and
//! its target, in `build` and `check` alike, and the previous output stays as it was. Links
//! that stay inside the site keep working.
#![cfg(unix)]

mod common;

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use common::{stderr, TestSite};

/// A file outside every site, holding a secret no output may contain.
struct Outside {
    dir: tempfile::TempDir,
}

const SECRET: &str = "SECRET-HOST-FILE-root:x:0:0";

impl Outside {
    fn new() -> Outside {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("passwd"), SECRET).unwrap();
        std::fs::create_dir(dir.path().join("pages")).unwrap();
        let page = format!("---\ntitle: Fuite\ndescription: D.\ndate: 2026-01-01\n---\n{SECRET}\n");
        std::fs::write(dir.path().join("pages/fuite.md"), page).unwrap();
        std::fs::write(dir.path().join("partial.html"), SECRET).unwrap();
        Outside { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

/// Builds the base site once, adds `link` → `target`, then asserts that `build` and `check`
/// fail naming the link and the target, and that the output is unchanged and secret-free.
fn assert_link_refused(site: &TestSite, link: &str, target: &Path) {
    site.build_ok();
    let before = site.snapshot();
    let at = site.root().join(link);
    std::fs::create_dir_all(at.parent().unwrap()).unwrap();
    // A file the first build used is replaced by the link.
    let _ = std::fs::remove_file(&at);
    symlink(target, &at).unwrap();
    for command in [&["build", "--quiet"][..], &["check"][..]] {
        let out = site.run(command);
        let err = stderr(&out);
        assert!(!out.status.success(), "{command:?} accepted {link}:\n{err}");
        assert!(
            err.contains("this symbolic link leads out of the site"),
            "{err}"
        );
        assert!(
            err.contains(link),
            "the message names the link {link}:\n{err}"
        );
        assert!(err.contains(&target.display().to_string()), "{err}");
    }
    assert_eq!(site.snapshot(), before, "the previous output changed");
    for (path, bytes) in site.snapshot() {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains(SECRET),
            "{} holds the host file",
            path.display()
        );
    }
    assert!(site.leftovers().is_empty(), "{:?}", site.leftovers());
}

#[test]
fn a_static_file_linked_to_a_host_file() {
    let outside = Outside::new();
    let site = TestSite::copy_of("fixtures/base");
    assert_link_refused(&site, "static/leak.txt", &outside.path("passwd"));
}

#[test]
fn a_content_page_linked_to_a_host_file() {
    let outside = Outside::new();
    let site = TestSite::copy_of("fixtures/base");
    assert_link_refused(
        &site,
        "content/guide/fuite.md",
        &outside.path("pages/fuite.md"),
    );
}

#[test]
fn a_content_asset_linked_to_a_host_file() {
    let outside = Outside::new();
    let site = TestSite::copy_of("fixtures/base");
    assert_link_refused(&site, "content/guide/leak.txt", &outside.path("passwd"));
}

#[test]
fn a_content_folder_linked_outside_the_site() {
    let outside = Outside::new();
    let site = TestSite::copy_of("fixtures/base");
    assert_link_refused(&site, "content/ailleurs", &outside.path("pages"));
}

#[test]
fn a_template_linked_to_a_host_file_then_included() {
    let outside = Outside::new();
    let site = TestSite::copy_of("fixtures/base");
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block main %}{% include \"partials/leak.html\" %}{% endblock main %}",
    );
    site.write("templates/partials/leak.html", "<p>partie</p>");
    assert_link_refused(
        &site,
        "templates/partials/leak.html",
        &outside.path("partial.html"),
    );
}

#[test]
fn a_theme_outside_the_site_is_refused() {
    let outside = Outside::new();
    std::fs::create_dir_all(outside.path("theme/templates")).unwrap();
    std::fs::write(outside.path("theme/templates/page.html"), SECRET).unwrap();
    let site = TestSite::copy_of("fixtures/base");
    site.build_ok();
    let before = site.snapshot();
    let config = std::fs::read_to_string(site.root().join("cmbook.yaml")).unwrap();
    let theme = outside.path("theme");
    let config = config.replace("theme: default", &format!("theme: {}", theme.display()));
    std::fs::write(site.root().join("cmbook.yaml"), config).unwrap();
    let out = site.build();
    let err = stderr(&out);
    assert!(!out.status.success(), "{err}");
    assert!(err.contains("is outside the site"), "{err}");
    assert!(err.contains(&theme.display().to_string()), "{err}");
    assert_eq!(site.snapshot(), before);
}

#[test]
fn links_that_stay_inside_the_site_still_work() {
    let site = TestSite::copy_of("fixtures/base");
    site.write("content/guide/fiche.txt", "une fiche");
    std::fs::create_dir_all(site.root().join("static")).unwrap();
    symlink(
        site.root().join("content/guide/fiche.txt"),
        site.root().join("static/fiche.txt"),
    )
    .unwrap();
    site.build_ok();
    assert_eq!(
        std::fs::read_to_string(site.public().join("fiche.txt")).unwrap(),
        "une fiche"
    );
}
