//! The output folder: cmbook replaces only what it wrote. Every refusal leaves every file that
//! was there byte for byte; `--force` never reaches `/`, a home folder, the site or its sources;
//! a killed build's leftovers are recovered by the next one; `check` writes nothing.

mod common;

use std::path::Path;
use std::process::Output;

use common::{cmbook, snapshot_all as snapshot, stderr, TestSite};

/// `cmbook build --quiet --output OUT [extra…]` in the site root, with `HOME` set to `home`.
fn build_into(site: &TestSite, out: &Path, extra: &[&str], home: &Path) -> Output {
    let mut args = vec!["build", "--quiet", "--output", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    std::process::Command::new(env!("CARGO_BIN_EXE_cmbook"))
        .args(&args)
        .current_dir(site.root())
        .env("NO_COLOR", "1")
        .env("HOME", home)
        .output()
        .expect("cmbook runs")
}

/// A folder of a user's own files, outside the site: `notes.txt` and `photos/chat.jpg`.
fn users_folder(parent: &Path, name: &str) -> std::path::PathBuf {
    let dir = parent.join(name);
    std::fs::create_dir_all(dir.join("photos")).unwrap();
    std::fs::write(dir.join("notes.txt"), "hi\n").unwrap();
    std::fs::write(dir.join("photos/chat.jpg"), [0xff, 0xd8, 0xff, 0x00]).unwrap();
    dir
}

/// Asserts the build failed naming `folder`, the `reason` and the `help`, and kept every file.
fn assert_refused(out: &Output, folder: &Path, reason: &str, help: &str) {
    let err = stderr(out);
    assert!(!out.status.success(), "the build should be refused:\n{err}");
    assert!(
        err.contains(&format!("refusing to replace {}", folder.display())),
        "{err}"
    );
    assert!(err.contains(reason), "stderr lacks {reason:?}:\n{err}");
    assert!(err.contains(help), "stderr lacks {help:?}:\n{err}");
}

/// Builds into `dir` (with `HOME` at `home`), asserts the refusal as [`assert_refused`] does,
/// and that every file of `dir` is still there byte for byte.
fn refused_and_kept(site: &TestSite, dir: &Path, home: &Path, reason: &str, help: &str) {
    let before = snapshot(dir);
    let out = build_into(site, dir, &[], home);
    assert_refused(&out, dir, reason, help);
    assert_eq!(snapshot(dir), before, "{} changed", dir.display());
}

/// A site, a scratch folder beside it for outputs and a fake home, all temporary.
fn setup() -> (TestSite, tempfile::TempDir) {
    (
        TestSite::copy_of("fixtures/base"),
        tempfile::tempdir().unwrap(),
    )
}

#[test]
fn a_folder_of_unknown_files_is_refused_and_kept() {
    let (site, scratch) = setup();
    let dir = users_folder(scratch.path(), "x");
    refused_and_kept(
        &site,
        &dir,
        scratch.path(),
        "it holds files that cmbook did not write (notes.txt, photos)",
        "pass --force",
    );
    assert!(!dir.join("index.html").exists());
}

#[test]
fn a_folder_with_an_index_html_is_not_taken_for_an_output() {
    let (site, scratch) = setup();
    let dir = users_folder(scratch.path(), "site-perso");
    std::fs::write(dir.join("index.html"), "<p>my own page</p>").unwrap();
    refused_and_kept(
        &site,
        &dir,
        scratch.path(),
        "no marker of an earlier build",
        "--force",
    );
}

#[test]
fn an_empty_or_absent_folder_is_built_into() {
    let (site, scratch) = setup();
    let empty = scratch.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    for dir in [empty, scratch.path().join("absent/deeper")] {
        let out = build_into(&site, &dir, &[], scratch.path());
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(dir.join("index.html").is_file());
        assert!(dir.join(".cmbook-output").is_file());
    }
}

#[test]
fn a_home_folder_is_refused_even_with_force() {
    let (site, scratch) = setup();
    let home = users_folder(scratch.path(), "home-of-camille");
    std::fs::write(home.join(".bashrc"), "export EDITOR=vi\n").unwrap();
    let before = snapshot(&home);
    for extra in [&[][..], &["--force"][..]] {
        let out = build_into(&site, &home, extra, &home);
        assert_refused(
            &out,
            &home,
            "it is a home folder or contains one",
            "--output",
        );
        // The folder above a home folder would take the home folder with it.
        let out = build_into(&site, scratch.path(), extra, &home);
        assert_refused(&out, scratch.path(), "home folder", "--output");
    }
    assert_eq!(snapshot(&home), before);
}

#[test]
fn force_never_accepts_the_root_the_site_or_its_sources() {
    let (site, scratch) = setup();
    let before = snapshot(site.root());
    let root = site.root().to_owned();
    let cases = [
        (Path::new("/").to_owned(), "it is the file system root"),
        (
            Path::new("/usr").to_owned(),
            "directly under the file system root",
        ),
        (root.clone(), "it is the site root or contains it"),
        (root.parent().unwrap().to_owned(), "contains"),
        (root.join("content"), "inside the site's sources"),
        (root.join("content/metier"), "inside the site's sources"),
        (root.join(".cmbook-cache"), "its build cache"),
    ];
    for (dir, reason) in cases {
        let out = build_into(&site, &dir, &["--force"], scratch.path());
        assert_refused(&out, &dir, reason, "--output");
    }
    assert_eq!(snapshot(site.root()), before);
}

#[test]
fn force_replaces_a_folder_of_other_files() {
    let (site, scratch) = setup();
    let dir = users_folder(scratch.path(), "old-site");
    let out = build_into(&site, &dir, &["--force"], scratch.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(dir.join("index.html").is_file());
    assert!(
        !dir.join("notes.txt").exists(),
        "--force replaces the folder"
    );
}

#[test]
fn the_marker_lets_the_next_build_replace_its_own_output_only() {
    let (site, scratch) = setup();
    let dir = scratch.path().join("out");
    let first = build_into(&site, &dir, &[], scratch.path());
    assert!(first.status.success(), "{}", stderr(&first));
    let page = "---\ntitle: Nouvelle\ndescription: Une page.\ndate: 2026-01-02\n---\nTexte.\n";
    site.write("content/nouvelle.md", page);
    let second = build_into(&site, &dir, &[], scratch.path());
    assert!(second.status.success(), "{}", stderr(&second));
    assert!(dir.join("nouvelle/index.html").is_file());
    // A file the user put there afterwards is not cmbook's to delete.
    std::fs::write(dir.join("nouvelle/brouillon.txt"), "à garder").unwrap();
    std::fs::create_dir(dir.join(".git")).unwrap();
    std::fs::write(dir.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    refused_and_kept(
        &site,
        &dir,
        scratch.path(),
        "files that the last build did not write: .git, nouvelle/brouillon.txt",
        "move them out",
    );
}

#[test]
fn a_marker_copied_from_another_output_is_not_trusted() {
    let (site, scratch) = setup();
    site.build_ok();
    let dir = users_folder(scratch.path(), "docs");
    std::fs::copy(
        site.public().join(".cmbook-output"),
        dir.join(".cmbook-output"),
    )
    .unwrap();
    refused_and_kept(
        &site,
        &dir,
        scratch.path(),
        "marker was written for another folder",
        "--force",
    );
}

#[test]
fn a_whole_output_copied_elsewhere_is_not_replaced() {
    let (site, scratch) = setup();
    site.build_ok();
    let copy = scratch.path().join("deployed");
    common::overlay(&site.public(), &copy);
    std::fs::write(copy.join("admin-notes.txt"), "server only").unwrap();
    refused_and_kept(&site, &copy, scratch.path(), "another folder", "--force");
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_as_output_is_refused_and_its_target_kept() {
    let (site, scratch) = setup();
    let target = users_folder(scratch.path(), "real");
    let link = scratch.path().join("link");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let before = snapshot(&target);
    for extra in [&[][..], &["--force"][..]] {
        let out = build_into(&site, &link, extra, scratch.path());
        assert_refused(
            &out,
            &link,
            "it is a symbolic link to",
            "the folder the link points to",
        );
    }
    assert_eq!(snapshot(&target), before);
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
}

#[test]
fn leftovers_of_killed_builds_are_cleaned_or_put_back() {
    let site = TestSite::copy_of("fixtures/base");
    site.build_ok();
    let root = site.root();
    // A kill between the two renames of a platform without one-step exchange: no public/, the
    // previous output moved aside under a process id that no longer runs.
    let old = root.join(".public.cmbook-old-4000000000");
    std::fs::rename(site.public(), &old).unwrap();
    let staging = root.join(".public.cmbook-staging-AbC123");
    std::fs::create_dir_all(staging.join("metier")).unwrap();
    std::fs::write(staging.join("metier/index.html"), "half a build").unwrap();
    site.build_ok();
    assert!(site.public().join("index.html").is_file());
    assert_eq!(site.leftovers(), Vec::<String>::new());
}

#[test]
fn a_running_builds_staging_folder_is_left_alone() {
    let site = TestSite::copy_of("fixtures/base");
    let live = site.root().join(".public.cmbook-staging-live01");
    std::fs::create_dir(&live).unwrap();
    std::fs::write(live.join("page.html"), "being written").unwrap();
    // This test process plays the running build: it holds the folder as cmbook does.
    let held = std::fs::File::open(&live).unwrap();
    held.lock().unwrap();
    site.build_ok();
    assert!(
        live.join("page.html").is_file(),
        "a live staging folder was deleted"
    );
    drop(held);
    site.build_ok();
    assert!(
        !live.exists(),
        "a staging folder no build holds is a leftover"
    );
}

#[test]
fn check_writes_nothing() {
    let site = TestSite::copy_of("fixtures/base");
    let before = snapshot(site.root());
    let out = cmbook(&["check"], site.root());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(snapshot(site.root()), before);
    let names: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        !names.iter().any(|n| n == "public" || n == ".cmbook-cache"),
        "{names:?}"
    );
}

#[cfg(unix)]
#[test]
fn a_build_killed_at_any_moment_leaves_a_whole_output_and_the_next_cleans_up() {
    let site = TestSite::copy_of("fixtures/base");
    for i in 0..100 {
        let page = format!(
            "---\ntitle: Page {i}\ndescription: Page {i}.\ndate: 2026-01-02\n---\n{}\n",
            "Un paragraphe de texte. ".repeat(40)
        );
        site.write(&format!("content/lot/page-{i}.md"), page);
    }
    site.build_ok();
    let before = site.snapshot();
    // One build's length only places the kills across its whole run, the swap included.
    let start = std::time::Instant::now();
    assert!(site
        .run(&["build", "--quiet", "--no-cache"])
        .status
        .success());
    let length = start.elapsed();
    for step in 1..=12 {
        let delay = length * step / 12;
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_cmbook"))
            .args(["build", "--quiet", "--no-cache"])
            .current_dir(site.root())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = child.kill();
        let _ = child.wait();
        assert_eq!(site.snapshot(), before, "killed after {delay:?}");
    }
    site.build_ok();
    assert_eq!(site.snapshot(), before);
    assert_eq!(site.leftovers(), Vec::<String>::new());
}

#[cfg(unix)]
#[test]
fn the_build_cache_is_never_written_through_a_link() {
    let (site, scratch) = setup();
    let elsewhere = users_folder(scratch.path(), "elsewhere");
    std::os::unix::fs::symlink(&elsewhere, site.root().join(".cmbook-cache")).unwrap();
    let before = snapshot(&elsewhere);
    site.build_ok();
    assert_eq!(snapshot(&elsewhere), before);
}

#[test]
fn an_output_of_an_older_cmbook_is_refused_with_the_way_out() {
    let site = TestSite::copy_of("fixtures/base");
    site.build_ok();
    // Builds before markers existed left none; their build cache still names the output.
    std::fs::remove_file(site.public().join(".cmbook-output")).unwrap();
    let before = snapshot(&site.public());
    let out = site.build();
    assert_refused(
        &out,
        Path::new("./public"),
        "no marker",
        "output of an older cmbook",
    );
    assert_eq!(snapshot(&site.public()), before);
    let forced = site.run(&["build", "--quiet", "--force"]);
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert!(site.public().join(".cmbook-output").is_file());
    site.build_ok();
}

#[cfg(unix)]
#[test]
fn a_link_put_in_place_of_a_written_file_is_replaced_never_followed() {
    let (site, scratch) = setup();
    site.build_ok();
    let user = users_folder(scratch.path(), "user");
    let before = snapshot(&user);
    let page = site.public().join("index.html");
    std::fs::remove_file(&page).unwrap();
    std::os::unix::fs::symlink(&user, &page).unwrap();
    site.build_ok();
    assert_eq!(
        snapshot(&user),
        before,
        "the old output was deleted through a link"
    );
    assert!(std::fs::symlink_metadata(&page).unwrap().is_file());
}
