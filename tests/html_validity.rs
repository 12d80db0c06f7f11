//! HTML validity: builds this repository's handbook with the real binary and runs the Nu HTML
//! Checker (`vnu.jar` from the npm package `vnu-jar`, on Java) over every HTML file of it, in one
//! invocation. Any error fails the test with vnu's messages; warnings are printed only.
//!
//! Needs Node.js 20+ with npm; the npm packages and Java (`java` on `PATH`, else Debian's
//! `default-jre-headless`) are installed on first need by `common::tools`.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use common::tools;
use serde_json::Value;

/// Longest time vnu may take over the whole handbook (about 3 s here for ~130 pages).
const VNU_LIMIT: Duration = Duration::from_secs(300);

#[test]
fn every_page_of_the_handbook_passes_the_nu_html_checker() {
    let vnu_jar = tools::npm_packages().join("vnu-jar/build/dist/vnu.jar");
    assert!(vnu_jar.is_file(), "{} is missing", vnu_jar.display());
    let java = tools::java();

    let tmp = tempfile::tempdir().expect("temp dir");
    let site = tmp.path().join("site");
    let build = Command::new(env!("CARGO_BIN_EXE_cmbook"))
        .args(["build", "--quiet", "--root", env!("CARGO_MANIFEST_DIR")])
        .arg("--output")
        .arg(&site)
        .env("NO_COLOR", "1")
        .output()
        .expect("run cmbook build");
    assert!(
        build.status.success(),
        "cmbook build failed:\n{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let pages = walkdir::WalkDir::new(&site)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .count();
    assert!(pages > 100, "the handbook built only {pages} HTML files");

    // One JVM for every file: vnu checks the .html files of a folder it is given.
    let out = tools::run_bounded(
        Command::new(&java)
            .arg("-jar")
            .arg(&vnu_jar)
            .args(["--skip-non-html", "--format", "json", "--stdout"])
            .arg(&site),
        VNU_LIMIT,
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "vnu did not print a JSON report ({e}; exit {}):\n{}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let messages = report["messages"]
        .as_array()
        .expect("vnu's `messages` list");
    let (errors, others): (Vec<&Value>, Vec<&Value>) =
        messages.iter().partition(|m| m["type"] != "info");
    for warning in &others {
        println!("vnu {}", describe(warning, &site));
    }
    let shown: Vec<String> = errors.iter().take(40).map(|m| describe(m, &site)).collect();
    assert!(
        errors.is_empty(),
        "vnu found {} errors in {pages} HTML files (first {}):\n{}",
        errors.len(),
        shown.len(),
        shown.join("\n")
    );
    // vnu exits non-zero on an error it could not put in the report (a crash, a bad option).
    assert!(
        out.status.success(),
        "vnu failed ({}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
}

/// One vnu message as `file:line:column: type: text` (`extract` shows the markup at fault).
fn describe(message: &Value, site: &Path) -> String {
    let url = message["url"].as_str().unwrap_or("?");
    let prefix = format!("file:{}/", site.display());
    let file = url.strip_prefix(&prefix).unwrap_or(url);
    let kind = match (message["type"].as_str(), message["subType"].as_str()) {
        (Some(t), Some(sub)) => format!("{t} {sub}"),
        (Some(t), None) => t.to_owned(),
        _ => "?".to_owned(),
    };
    format!(
        "{file}:{}:{}: {kind}: {}\n    {}",
        message["lastLine"],
        message["firstColumn"],
        message["message"].as_str().unwrap_or(""),
        message["extract"]
            .as_str()
            .unwrap_or("")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    )
}
