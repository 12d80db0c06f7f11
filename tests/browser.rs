//! Browser checks of the default theme: builds this repository's handbook with the real binary,
//! then runs `tests/browser/run.mjs` (playwright-core driving Debian's headless Chromium, plus
//! axe-core) against it on 127.0.0.1.
//!
//! Needs `node`, `/usr/bin/chromium` (or `CMBOOK_CHROMIUM`) and `npm ci --prefix tests/browser`.
//! A missing piece fails the test with the command to run; `CMBOOK_SKIP_BROWSER=1` skips it.
//! Screenshots, the exported checklist and `report.json` go to `target/browser-artifacts/`.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Longest time the node script may run before it is killed.
const NODE_LIMIT: Duration = Duration::from_secs(180);

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

fn require(ok: bool, what: &str, fix: &str) {
    assert!(
        ok,
        "browser test: {what}. {fix}\n(set CMBOOK_SKIP_BROWSER=1 to skip this test on purpose)"
    );
}

fn node_works() -> bool {
    Command::new("node")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn handbook_in_headless_chromium() {
    if std::env::var("CMBOOK_SKIP_BROWSER").as_deref() == Ok("1") {
        eprintln!("browser test skipped: CMBOOK_SKIP_BROWSER=1");
        return;
    }
    let root = repo();
    let chromium = std::env::var_os("CMBOOK_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    require(
        node_works(),
        "`node` is not on PATH",
        "Install Node.js 20 or later with npm.",
    );
    require(
        chromium.is_file(),
        &format!("no Chromium at {}", chromium.display()),
        "Install it with `apt-get install -y chromium` or point CMBOOK_CHROMIUM at a Chromium binary.",
    );
    let modules = root.join("tests/browser/node_modules");
    require(
        modules.join("playwright-core").is_dir() && modules.join("axe-core").is_dir(),
        "tests/browser/node_modules is missing playwright-core or axe-core",
        "Run `npm ci --prefix tests/browser` (it downloads no browser).",
    );

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
    assert!(
        build.status.success(),
        "cmbook build failed:\n{}{}",
        String::from_utf8_lossy(&build.stdout),
        String::from_utf8_lossy(&build.stderr)
    );

    let artifacts = root.join("target/browser-artifacts");
    let _ = std::fs::remove_dir_all(&artifacts);
    std::fs::create_dir_all(&artifacts).expect("create target/browser-artifacts");
    let mut child = Command::new("node")
        .arg(root.join("tests/browser/run.mjs"))
        .arg(&site)
        .arg(port.to_string())
        .arg(&artifacts)
        .env("CMBOOK_CHROMIUM", &chromium)
        .current_dir(root.join("tests/browser"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start node");
    // Drain the pipes on threads so a chatty run cannot block on a full pipe.
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let out_thread = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut out, &mut s).ok();
        s
    });
    let err_thread = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut err, &mut s).ok();
        s
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for node") {
            break Some(status);
        }
        if started.elapsed() > NODE_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let stdout = out_thread.join().unwrap_or_default();
    let stderr = err_thread.join().unwrap_or_default();
    println!("{stdout}");
    eprintln!("{stderr}");
    let report = artifacts_note(&artifacts);
    match status {
        None => panic!(
            "browser checks did not finish within {NODE_LIMIT:?}\n{stdout}\n{stderr}{report}"
        ),
        Some(s) => assert!(
            s.success(),
            "browser checks failed ({s}):\n{stdout}\n{stderr}{report}"
        ),
    }
}

fn artifacts_note(dir: &Path) -> String {
    format!("\nscreenshots and report.json: {}", dir.display())
}
