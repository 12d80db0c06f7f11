//! Browser checks of the default theme: builds this repository's handbook with the real binary,
//! then runs `tests/browser/run.mjs` (playwright-core driving Debian's headless Chromium, plus
//! axe-core) against it on 127.0.0.1.
//!
//! Needs Node.js 20+ with npm; the npm packages and Chromium (`CMBOOK_CHROMIUM`, else `chromium`
//! on `PATH`, else Debian's package) are installed on first need by `common::tools`.
//! `CMBOOK_SKIP_BROWSER=1` reports the test as ignored. Screenshots, the exported checklist and
//! `report.json` go to `target/browser-artifacts/`.
//!
//! A `harness = false` target (libtest-mimic): the std harness cannot ignore a test at run time.

mod common;

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use common::tools;
use libtest_mimic::{Arguments, Completion, Failed, Trial};

/// Longest time the node script may run before it is killed.
const NODE_LIMIT: Duration = Duration::from_secs(240);

fn main() {
    let args = Arguments::from_args();
    let trial = Trial::ignorable_test("handbook_in_headless_chromium", || {
        if std::env::var("CMBOOK_SKIP_BROWSER").as_deref() == Ok("1") {
            return Ok(Completion::ignored_with("CMBOOK_SKIP_BROWSER=1"));
        }
        handbook_in_headless_chromium().map(|()| Completion::Completed)
    });
    // The written query set (tests/search_queries.json) through the real search box.
    let queries = Trial::ignorable_test("query_set_in_headless_chromium", || {
        if std::env::var("CMBOOK_SKIP_BROWSER").as_deref() == Ok("1") {
            return Ok(Completion::ignored_with("CMBOOK_SKIP_BROWSER=1"));
        }
        query_set_in_headless_chromium().map(|()| Completion::Completed)
    });
    libtest_mimic::run(&args, vec![trial, queries]).exit();
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A free loopback port (the OS picks it; released just before node binds it).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port on 127.0.0.1")
        .port()
}

fn handbook_in_headless_chromium() -> Result<(), Failed> {
    let root = repo();
    tools::npm_packages();
    let chromium = tools::chromium();

    let tmp = tempfile::tempdir().expect("temp dir");
    let site = tmp.path().join("site");
    let port = free_port();
    let base_url = format!("http://127.0.0.1:{port}/");
    let build = Command::new(env!("CARGO_BIN_EXE_cmbook"))
        .args(["build", "--quiet", "--root"])
        .arg(&root)
        .arg("--output")
        .arg(&site)
        .args(["--base-url", &base_url])
        .output()
        .expect("run cmbook build");
    if !build.status.success() {
        return Err(format!(
            "cmbook build failed:\n{}{}",
            String::from_utf8_lossy(&build.stdout),
            String::from_utf8_lossy(&build.stderr)
        )
        .into());
    }

    let artifacts = root.join("target/browser-artifacts");
    let _ = std::fs::remove_dir_all(&artifacts);
    std::fs::create_dir_all(&artifacts).expect("create target/browser-artifacts");
    let out = tools::run_bounded(
        Command::new("node")
            .arg(root.join("tests/browser/run.mjs"))
            .arg(&site)
            .arg(port.to_string())
            .arg(&artifacts)
            .env("CMBOOK_CHROMIUM", &chromium)
            .current_dir(tools::npm_project()),
        NODE_LIMIT,
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        return Err(format!(
            "browser checks failed ({}):\n{stdout}\n{stderr}\nscreenshots and report.json: {}",
            out.status,
            artifacts.display()
        )
        .into());
    }
    Ok(())
}

/// Builds the handbook and runs `tests/browser/search.mjs` over the query set: each query's
/// expected page (and heading) among the first results, `<mark>` in excerpts, typos corrected,
/// the kind filter, the keyboard.
fn query_set_in_headless_chromium() -> Result<(), Failed> {
    let root = repo();
    tools::npm_packages();
    let chromium = tools::chromium();
    let tmp = tempfile::tempdir().expect("temp dir");
    let site = tmp.path().join("site");
    let port = free_port();
    let build = Command::new(env!("CARGO_BIN_EXE_cmbook"))
        .args(["build", "--quiet", "--root"])
        .arg(&root)
        .arg("--output")
        .arg(&site)
        .args(["--base-url", &format!("http://127.0.0.1:{port}/")])
        .output()
        .expect("run cmbook build");
    if !build.status.success() {
        return Err(format!(
            "cmbook build failed:\n{}",
            String::from_utf8_lossy(&build.stderr)
        )
        .into());
    }
    // Not target/browser-artifacts: the other trial empties it, maybe at the same time.
    let artifacts = root.join("target/browser-search");
    std::fs::create_dir_all(&artifacts).expect("create target/browser-search");
    let out = tools::run_bounded(
        Command::new("node")
            .arg(root.join("tests/browser/search.mjs"))
            .arg(&site)
            .arg(port.to_string())
            .arg(root.join("tests/search_queries.json"))
            .arg(artifacts.join("search-queries.json"))
            .env("CMBOOK_CHROMIUM", &chromium)
            .current_dir(tools::npm_project()),
        NODE_LIMIT,
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Err(format!(
            "query set failed ({}):\n{stdout}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        )
        .into());
    }
    Ok(())
}
