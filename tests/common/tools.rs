//! The programs some tests need beyond cargo, installed on first need so that `cargo test` passes
//! on a fresh clone: the npm packages of `tests/browser/` (`npm ci`, run once per change of its
//! lock file) and, from Debian's packages, `chromium`, `java` and poppler's `pdftotext` when they
//! are not on `PATH`.
//!
//! Several test binaries need the same installs and may run at once (cargo runs binaries one by
//! one, other runners and people do not), so every install happens under one file lock in
//! cargo's target folder and is checked again once the lock is held.

use std::ffi::OsStr;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// `tests/browser/`: the npm project of the browser and HTML-validity tests.
pub fn npm_project() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser")
}

/// Copy of `package-lock.json` that `npm_packages` leaves in `node_modules/` after a successful
/// `npm ci`: while it matches the lock file, nothing is installed again (and no network is used).
const INSTALLED_MARKER: &str = ".cmbook-installed-package-lock.json";

/// Makes sure `tests/browser/node_modules` holds exactly what `package-lock.json` lists, running
/// `npm ci` when it does not; returns the `node_modules` folder. Panics with the way out when
/// Node.js is missing or npm fails.
pub fn npm_packages() -> PathBuf {
    let project = npm_project();
    let modules = project.join("node_modules");
    let lock_file = project.join("package-lock.json");
    let wanted = std::fs::read(&lock_file)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", lock_file.display()));
    let up_to_date = || std::fs::read(modules.join(INSTALLED_MARKER)).is_ok_and(|m| m == wanted);
    if up_to_date() {
        return modules;
    }
    with_install_lock(|| {
        if up_to_date() {
            return;
        }
        for program in ["node", "npm"] {
            assert!(
                runs(Command::new(program).arg("--version")),
                "`{program}` is not on PATH: the browser and HTML-validity tests need Node.js 20 \
                 or later with npm (https://nodejs.org/, or your system's packages)"
            );
        }
        eprintln!("installing the npm packages of tests/browser (npm ci)…");
        // `--ignore-scripts`: none of the packages needs one, and vnu-jar's would download a
        // Java runtime from outside the package registries.
        let out = run_bounded(
            Command::new("npm")
                .args(["ci", "--ignore-scripts", "--no-audit", "--no-fund"])
                .args(["--loglevel=error", "--prefix"])
                .arg(&project),
            Duration::from_secs(600),
        );
        assert!(
            out.status.success(),
            "`npm ci --prefix tests/browser` failed ({}); it needs the npm registry once:\n{}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::write(modules.join(INSTALLED_MARKER), &wanted)
            .unwrap_or_else(|e| panic!("cannot write the marker in {}: {e}", modules.display()));
    });
    modules
}

/// The Chromium to drive: `CMBOOK_CHROMIUM` when set, else `chromium` on `PATH`, else Debian's
/// `chromium` package, installed now.
pub fn chromium() -> PathBuf {
    if let Some(chosen) = std::env::var_os("CMBOOK_CHROMIUM") {
        let chosen = PathBuf::from(chosen);
        assert!(
            chosen.is_file(),
            "CMBOOK_CHROMIUM names {}, which is not a file",
            chosen.display()
        );
        return chosen;
    }
    debian_command("chromium", &["chromium", "fonts-dejavu-core"])
}

/// `pdftotext` on `PATH` (with `pdftoppm` beside it), else from Debian's `poppler-utils`
/// package, installed now.
pub fn poppler() -> PathBuf {
    debian_command("pdftotext", &["poppler-utils"])
}

/// `java` on `PATH`, else from Debian's `default-jre-headless` package, installed now.
pub fn java() -> PathBuf {
    debian_command("java", &["default-jre-headless"])
}

/// `command` on `PATH`, installing the Debian `packages` that provide it when it is missing.
fn debian_command(command: &str, packages: &[&str]) -> PathBuf {
    if let Some(found) = on_path(command) {
        return found;
    }
    with_install_lock(|| {
        if on_path(command).is_none() {
            apt_install(command, packages);
        }
    });
    on_path(command).unwrap_or_else(|| {
        panic!(
            "`{command}` is still not on PATH after installing {}",
            packages.join(" ")
        )
    })
}

/// Runs `apt-get update` then `apt-get install -y PACKAGES`, as root directly, else through
/// `sudo -n` (never prompting); panics with the command to run by hand when neither works.
fn apt_install(command: &str, packages: &[&str]) {
    let by_hand = format!(
        "install them by hand (`sudo apt-get install -y {}`) and run the tests again",
        packages.join(" ")
    );
    assert!(
        on_path("apt-get").is_some(),
        "the tests need `{command}`, which is not on PATH, and there is no apt-get to install \
         it: {by_hand}"
    );
    let as_root = rustix::process::geteuid().is_root();
    if !as_root {
        assert!(
            on_path("sudo").is_some() && runs(Command::new("sudo").args(["-n", "true"])),
            "the tests need `{command}`, which is not on PATH; installing {} needs root, and \
             this user is not root and cannot use `sudo -n` (no sudo, or it asks for a \
             password): {by_hand}",
            packages.join(" ")
        );
    }
    let apt = |args: &[&str]| {
        // Through `env`, as sudo resets the environment.
        let mut cmd = if as_root {
            Command::new("env")
        } else {
            let mut sudo = Command::new("sudo");
            sudo.args(["-n", "env"]);
            sudo
        };
        cmd.args(["DEBIAN_FRONTEND=noninteractive", "apt-get"])
            .args(args);
        let out = run_bounded(&mut cmd, Duration::from_secs(900));
        assert!(
            out.status.success(),
            "`apt-get {}` failed ({}):\n{}{}\n{by_hand}",
            args.join(" "),
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    };
    eprintln!(
        "`{command}` is not on PATH: installing {} from Debian (apt-get)…",
        packages.join(" ")
    );
    apt(&["update", "-qq"]);
    apt(&[&["install", "-y", "-qq"], packages].concat());
}

/// Runs `f` holding the exclusive lock every install of every test binary takes.
fn with_install_lock<T>(f: impl FnOnce() -> T) -> T {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cmbook-test-installs.lock");
    // Read-only will do for a lock another user created: flock needs no write access.
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .or_else(|_| File::open(&path))
        .unwrap_or_else(|e| panic!("cannot open {}: {e}", path.display()));
    rustix::fs::flock(&file, rustix::fs::FlockOperation::LockExclusive)
        .unwrap_or_else(|e| panic!("cannot lock {}: {e}", path.display()));
    // The lock goes with `file`, closed when this function returns (or unwinds).
    f()
}

/// The first executable file named `name` in the folders of `PATH`.
pub fn on_path(name: &str) -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|file| {
            file.metadata()
                .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        })
}

/// Whether `cmd` starts and exits 0, its output discarded.
fn runs(cmd: &mut Command) -> bool {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Runs `cmd` to its end with both streams captured, killing it and panicking after `limit`.
pub fn run_bounded(cmd: &mut Command, limit: Duration) -> Output {
    // Files rather than pipes: a chatty child can never block on a full pipe.
    let out = tempfile::tempfile().expect("temp file for stdout");
    let err = tempfile::tempfile().expect("temp file for stderr");
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(out.try_clone().expect("stdout file"))
        .stderr(err.try_clone().expect("stderr file"))
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", program_name(cmd)));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for the child") {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "{} was still running after {limit:?}; killed it",
                program_name(cmd)
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    Output {
        status,
        stdout: read_back(out),
        stderr: read_back(err),
    }
}

fn program_name(cmd: &Command) -> String {
    let args: Vec<&OsStr> = cmd.get_args().take(2).collect();
    format!(
        "`{} {}`",
        cmd.get_program().to_string_lossy(),
        args.join(OsStr::new(" ")).to_string_lossy()
    )
}

fn read_back(mut file: File) -> Vec<u8> {
    use std::io::{Read, Seek};
    let mut bytes = Vec::new();
    file.rewind().expect("rewind a temp file");
    file.read_to_end(&mut bytes).expect("read a temp file");
    bytes
}
