//! Bad input made of file modes: an unreadable page, an unreadable folder, an output folder that
//! cannot be written. Like every case of `tests/bad_input.rs`, each must fail with the message
//! lines of `tests/bad/<case>/expected.txt` (naming the path), exit non-zero without panicking,
//! and leave the previous output byte for byte.
//!
//! Root reads and writes whatever the modes say, and CI runs as root: there the cmbook child
//! runs as `nobody` (uid and gid 65534; std drops root's supplementary groups when it sets a
//! uid) on a copy of the site that `nobody` owns. Where modes cannot be enforced (root that may
//! not switch users, a temp folder `nobody` cannot reach, a user with CAP_DAC_OVERRIDE) the test
//! is reported as ignored with the reason, never as passed: hence a `harness = false` target
//! (libtest-mimic), as the std harness can only ignore at compile time.

mod common;

use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

use common::{fixtures, snapshot, stderr, tools, TestSite};
use libtest_mimic::{Arguments, Completion, Failed, Trial};

/// No build of the small base site may take longer than this, even on a loaded machine.
const BUILD_LIMIT: Duration = Duration::from_secs(60);

/// The unprivileged user (and group) the child runs as when this process is root.
const NOBODY: u32 = 65534;

type Case = fn() -> Result<Completion, Failed>;

fn main() {
    let args = Arguments::from_args();
    let cases: [(&str, Case); 3] = [
        ("unreadable_file_is_named", unreadable_file_is_named),
        ("unreadable_folder_is_named", unreadable_folder_is_named),
        (
            "output_in_a_read_only_folder_fails_clearly",
            output_in_a_read_only_folder_fails_clearly,
        ),
    ];
    let trials = cases
        .into_iter()
        .map(|(name, case)| Trial::ignorable_test(name, case))
        .collect();
    libtest_mimic::run(&args, trials).exit();
}

fn unreadable_file_is_named() -> Result<Completion, Failed> {
    denied_case("unreadable_file", "content/a-propos.md", 0o000, BUILD)
}

fn unreadable_folder_is_named() -> Result<Completion, Failed> {
    denied_case("unreadable_folder", "content/guide", 0o000, BUILD)
}

fn output_in_a_read_only_folder_fails_clearly() -> Result<Completion, Failed> {
    let args = &["build", "--quiet", "--output", "lecture-seule/sortie"];
    denied_case("output_read_only_dir", "lecture-seule", 0o555, args)
}

/// The command the unreadable-input cases run.
const BUILD: &[&str] = &["build", "--quiet"];

/// Builds the base site, sets `relative` (created as an empty folder when absent) to `mode`,
/// runs `cmbook ARGS` as a user the mode applies to, and checks it failed cleanly with the lines
/// of `tests/bad/<case>/expected.txt`; for an output case, also that nothing was written under
/// `relative`.
fn denied_case(case: &str, relative: &str, mode: u32, args: &[&str]) -> Result<Completion, Failed> {
    let site = TestSite::copy_of("fixtures/base");
    site.build_ok();
    let before = site.snapshot();
    let target = site.root().join(relative);
    if !target.exists() {
        std::fs::create_dir(&target).expect("create the folder under test");
    }
    let child_user = match user_bound_by_modes(site.root()) {
        Ok(user) => user,
        Err(reason) => return Ok(Completion::ignored_with(reason)),
    };
    let was = target
        .metadata()
        .expect("stat the path under test")
        .permissions();
    set_mode(&target, mode);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cmbook"));
    cmd.args(args).current_dir(site.root()).env("NO_COLOR", "1");
    if let Some(uid) = child_user {
        cmd.uid(uid).gid(uid);
    }
    let out = tools::run_bounded(&mut cmd, BUILD_LIMIT);
    std::fs::set_permissions(&target, was).expect("restore the mode");
    assert_clean_failure(&site, &before, &out, case);
    if target.is_dir() && args.contains(&"--output") {
        let inside: Vec<_> = std::fs::read_dir(&target)
            .expect("list the read-only folder")
            .filter_map(Result::ok)
            .map(|e| e.file_name())
            .collect();
        assert!(inside.is_empty(), "the build left {inside:?} in {relative}");
    }
    Ok(Completion::Completed)
}

/// Who the child must run as for file modes to bind it: `None` (this user), `Some(NOBODY)` when
/// this process is root (the site is then handed to `nobody`), or why modes cannot bind here.
fn user_bound_by_modes(root: &Path) -> Result<Option<u32>, String> {
    let probe = root.join(".mode-probe");
    std::fs::write(&probe, "probe").expect("write the probe file");
    set_mode(&probe, 0o000);
    let bypassed = std::fs::read(&probe).is_ok();
    std::fs::remove_file(&probe).expect("remove the probe file");
    if !bypassed {
        return Ok(None);
    }
    if !rustix::process::geteuid().is_root() {
        return Err(
            "this user reads mode-000 files without being root (CAP_DAC_OVERRIDE?) \
                    and cannot switch to another user"
                .into(),
        );
    }
    for dir in root.ancestors().skip(1) {
        let mode = dir.metadata().map(|m| m.permissions().mode()).unwrap_or(0);
        if mode & 0o001 == 0 {
            return Err(format!(
                "uid {NOBODY} cannot reach the temp folder ({} is mode {:o}); set TMPDIR to a \
                 folder every user can enter",
                dir.display(),
                mode & 0o7777
            ));
        }
    }
    let switch = Command::new(env!("CARGO_BIN_EXE_cmbook"))
        .arg("--version")
        .uid(NOBODY)
        .gid(NOBODY)
        .output();
    match switch {
        Ok(out) if out.status.success() => {}
        Ok(out) => {
            return Err(format!(
                "uid {NOBODY} cannot run the cmbook binary ({}): {}",
                out.status,
                stderr(&out).trim()
            ))
        }
        Err(e) => {
            return Err(format!(
                "running as root but cannot switch to uid {NOBODY}: {e}"
            ))
        }
    }
    for entry in walkdir::WalkDir::new(root) {
        let path = entry.expect("walk the site").into_path();
        std::os::unix::fs::lchown(&path, Some(NOBODY), Some(NOBODY))
            .unwrap_or_else(|e| panic!("cannot hand {} to uid {NOBODY}: {e}", path.display()));
    }
    Ok(Some(NOBODY))
}

fn set_mode(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
        .unwrap_or_else(|e| panic!("cannot chmod {}: {e}", path.display()));
}

/// Checks a failed run: an exit code other than 0 (not a signal), no panic, every line of
/// `tests/bad/<case>/expected.txt` in stderr, the previous output byte for byte, nothing left
/// beside it.
fn assert_clean_failure(
    site: &TestSite,
    before: &BTreeMap<PathBuf, Vec<u8>>,
    out: &Output,
    case: &str,
) {
    let err = stderr(out);
    assert!(!err.contains("panicked"), "{case}: cmbook panicked:\n{err}");
    assert!(
        matches!(out.status.code(), Some(code) if code != 0),
        "{case}: expected a failure exit code, got {:?}:\n{err}",
        out.status
    );
    let expected_path = fixtures().join("bad").join(case).join("expected.txt");
    let expected = std::fs::read_to_string(&expected_path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", expected_path.display()));
    let missing: Vec<&str> = expected
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty() && !err.contains(l))
        .collect();
    assert!(
        missing.is_empty(),
        "{case}: stderr lacks {missing:?}; stderr was:\n{err}"
    );
    assert!(
        snapshot(&site.public()) == *before,
        "{case}: the previous output changed"
    );
    let left = site.leftovers();
    assert!(
        left.is_empty(),
        "{case}: the build left {left:?} beside the output"
    );
}
