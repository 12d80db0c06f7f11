//! Exit codes (issue #22): 0 when all went well, 1 when the site has errors, 2 for a usage or
//! I/O problem, so that scripts and CI tell a broken page from a wrong command.

mod common;

use common::{cmbook, stderr, TestSite};

#[test]
fn a_clean_build_exits_0() {
    let site = TestSite::copy_of("fixtures/base");
    assert_eq!(
        site.build().status.code(),
        Some(0),
        "{}",
        stderr(&site.build())
    );
}

#[test]
fn site_errors_exit_1_in_build_and_check() {
    let site = TestSite::copy_of("fixtures/base");
    site.write("content/cassee.md", "---\ntitle: [oups\n---\n");
    let build = site.build();
    assert_eq!(build.status.code(), Some(1), "{}", stderr(&build));
    let check = cmbook(&["check"], site.root());
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    assert!(
        stderr(&check).contains("check found errors"),
        "{}",
        stderr(&check)
    );
}

#[test]
fn usage_and_io_problems_exit_2() {
    let site = TestSite::copy_of("fixtures/base");
    // An output folder holding a file cmbook did not write.
    let foreign = tempfile::tempdir().unwrap();
    std::fs::write(foreign.path().join("notes.txt"), "à garder").unwrap();
    let out = cmbook(
        &["build", "--output", foreign.path().to_str().unwrap()],
        site.root(),
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(foreign.path().join("notes.txt").exists());
    // A folder that is not a site.
    let empty = tempfile::tempdir().unwrap();
    let out = cmbook(&["build"], empty.path());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    // A command-line mistake (clap's own code).
    let out = cmbook(&["build", "--no-such-option"], site.root());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}
