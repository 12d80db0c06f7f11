//! Test harness: copies fixture sites into temporary folders, runs the real `cmbook` binary on
//! them, and reads what it wrote.

#![allow(dead_code)]

pub mod pagefind;
#[cfg(unix)]
pub mod tools;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A site copied into a temporary folder; removed when dropped.
pub struct TestSite {
    /// Keeps the folder alive.
    pub dir: tempfile::TempDir,
}

/// The folder of fixtures under `tests/`.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

/// Copies every file under `from` into `to`, replacing files of the same path.
pub fn overlay(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("fixture readable");
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else if entry.file_name() != "expected.txt" {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

impl TestSite {
    /// A copy of `tests/<relative>` (for example `fixtures/base`).
    pub fn copy_of(relative: &str) -> TestSite {
        let dir = tempfile::tempdir().expect("temp dir");
        overlay(&fixtures().join(relative), dir.path());
        TestSite { dir }
    }

    /// The site root.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// The default output folder.
    pub fn public(&self) -> PathBuf {
        self.root().join("public")
    }

    /// Writes `text` to `relative` under the root, creating folders.
    pub fn write(&self, relative: &str, text: impl AsRef<[u8]>) {
        let path = self.root().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Runs `cmbook ARGS` in the site root.
    pub fn run(&self, args: &[&str]) -> Output {
        cmbook(args, self.root())
    }

    /// Runs `cmbook build --quiet` and returns the output.
    pub fn build(&self) -> Output {
        self.run(&["build", "--quiet"])
    }

    /// Builds and panics with stderr when the build fails.
    pub fn build_ok(&self) {
        let out = self.build();
        assert!(out.status.success(), "build failed:\n{}", stderr(&out));
    }

    /// Builds, expecting failure; returns stderr.
    pub fn build_err(&self) -> String {
        let out = self.build();
        assert!(!out.status.success(), "build unexpectedly succeeded");
        stderr(&out)
    }

    /// The text of a produced file, like `metier/veille/index.html`.
    pub fn html(&self, relative: &str) -> String {
        let path = self.public().join(relative);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    /// Every file of the output with its bytes, to prove it did not change.
    pub fn snapshot(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        snapshot(&self.public())
    }

    /// Entries beside the output whose names show a build left them (staging or old copies).
    pub fn leftovers(&self) -> Vec<String> {
        std::fs::read_dir(self.root())
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            // The build cache stays between builds by design.
            .filter(|n| n.contains(".cmbook-") && n != ".cmbook-cache")
            .collect()
    }
}

/// Every file under `dir` with its bytes, but the output marker: it names the folder it is in,
/// so two outputs of one site differ there and nowhere else.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = snapshot_all(dir);
    files.remove(Path::new(".cmbook-output"));
    files
}

/// Every file under `dir` with its bytes.
pub fn snapshot_all(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// Runs the real binary with `NO_COLOR` so messages are plain text.
pub fn cmbook(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cmbook"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("cmbook runs")
}

/// Standard error as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
