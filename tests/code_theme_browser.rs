//! Code blocks that follow the theme, in headless Chromium (issue #20): builds the base site with
//! the light and dark pair and a page of code in ten languages, then runs
//! `tests/browser/code_themes.mjs` against it on 127.0.0.1. It compares the computed colours of
//! every highlighted token in light mode, dark mode by system preference and by the toggle,
//! light chosen under a dark system, and print, and runs axe-core's contrast rule on the code in
//! each.
//!
//! Needs what `tests/browser.rs` needs (Node.js, the npm packages, Chromium: installed on first
//! need by `common::tools`); `CMBOOK_SKIP_BROWSER=1` reports it as ignored. Screenshots and the
//! printed PDF go to `target/code-theme-artifacts/`.

mod common;

use std::net::TcpListener;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use common::{overlay, stderr, tools, TestSite};
use libtest_mimic::{Arguments, Completion, Failed, Trial};

/// Longest time the node script may run before it is killed.
const NODE_LIMIT: Duration = Duration::from_secs(120);

/// The page of the fixture that holds the code blocks.
const CODE_PAGE: &str = "/guide/code/";

fn main() {
    let args = Arguments::from_args();
    let trial = Trial::ignorable_test("code_colours_follow_the_theme_in_chromium", || {
        if std::env::var("CMBOOK_SKIP_BROWSER").as_deref() == Ok("1") {
            return Ok(Completion::ignored_with("CMBOOK_SKIP_BROWSER=1"));
        }
        code_colours_follow_the_theme().map(|()| Completion::Completed)
    });
    libtest_mimic::run(&args, vec![trial]).exit();
}

fn code_colours_follow_the_theme() -> Result<(), Failed> {
    tools::npm_packages();
    let chromium = tools::chromium();
    let site = TestSite::copy_of("fixtures/base");
    overlay(
        &common::fixtures().join("fixtures/code-themes"),
        site.root(),
    );
    // The OS picks a free port, released just before node binds it.
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port on 127.0.0.1")
        .port();
    let build = site.run(&[
        "build",
        "--quiet",
        "--base-url",
        &format!("http://127.0.0.1:{port}/"),
    ]);
    if !build.status.success() {
        return Err(format!("cmbook build failed:\n{}", stderr(&build)).into());
    }
    let artifacts = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/code-theme-artifacts");
    let _ = std::fs::remove_dir_all(&artifacts);
    std::fs::create_dir_all(&artifacts).expect("create target/code-theme-artifacts");
    let out = tools::run_bounded(
        Command::new("node")
            .arg(tools::npm_project().join("code_themes.mjs"))
            .arg(site.public())
            .arg(port.to_string())
            .arg(&artifacts)
            .arg(CODE_PAGE)
            .env("CMBOOK_CHROMIUM", &chromium)
            .current_dir(tools::npm_project()),
        NODE_LIMIT,
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    print!("{stdout}");
    if !out.status.success() {
        return Err(format!(
            "code theme checks failed ({}):\n{stdout}\n{stderr}\nscreenshots: {}",
            out.status,
            artifacts.display()
        )
        .into());
    }
    Ok(())
}
