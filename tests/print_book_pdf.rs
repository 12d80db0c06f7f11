//! The print book printed (issue #20): headless Chromium prints a section's book to PDF with
//! `--print-to-pdf`, poppler's `pdftotext` reads it back: a cover page, a contents page, then
//! each chapter from a new page, in the section's order, under its title. `pdftoppm` keeps the
//! first pages as PNG files (and the PDF) in `target/print-book-artifacts/` for review.
//!
//! Needs Chromium and poppler-utils (installed on first need by `common::tools`);
//! `CMBOOK_SKIP_BROWSER=1` reports it as ignored. A `harness = false` target (libtest-mimic),
//! like `tests/browser.rs`.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::{stderr, tools, TestSite};
use libtest_mimic::{Arguments, Completion, Failed, Trial};

/// Longest time Chromium may take to print the book.
const PRINT_LIMIT: Duration = Duration::from_secs(90);

fn main() {
    let args = Arguments::from_args();
    let trial = Trial::ignorable_test("a_section_book_prints_one_chapter_a_page", || {
        if std::env::var("CMBOOK_SKIP_BROWSER").as_deref() == Ok("1") {
            return Ok(Completion::ignored_with("CMBOOK_SKIP_BROWSER=1"));
        }
        a_section_book_prints_one_chapter_a_page().map(|()| Completion::Completed)
    });
    libtest_mimic::run(&args, vec![trial]).exit();
}

/// Serves `root` on 127.0.0.1 until dropped: a file per request, folders as their index.html.
struct Server {
    port: u16,
    stop: Arc<AtomicBool>,
}

impl Server {
    fn start(root: PathBuf) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = listener.local_addr().unwrap().port();
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = stop.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopped.load(Ordering::Relaxed) {
                    break;
                }
                if let Ok(stream) = stream {
                    let _ = answer(stream, &root);
                }
            }
        });
        Server { port, stop }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        // Wakes the accept loop so that it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn answer(mut stream: TcpStream, root: &Path) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request = String::new();
    reader.read_line(&mut request)?;
    let mut header = String::new();
    while reader.read_line(&mut header)? > 2 {
        header.clear();
    }
    let url = request.split_whitespace().nth(1).unwrap_or("/");
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let mut file = root.join(path.trim_start_matches('/'));
    if path.ends_with('/') {
        file.push("index.html");
    }
    let body = (!path.contains(".."))
        .then(|| std::fs::read(&file).ok())
        .flatten();
    let kind = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css",
        Some("js") => "text/javascript",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    };
    let (status, body) = match body {
        Some(body) => ("200 OK", body),
        None => ("404 Not Found", b"not found".to_vec()),
    };
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(&body)
}

fn a_section_book_prints_one_chapter_a_page() -> Result<(), Failed> {
    let chromium = tools::chromium();
    let pdftotext = tools::poppler();
    let pdftoppm = pdftotext.with_file_name("pdftoppm");

    let site = TestSite::copy_of("fixtures/base");
    // A third chapter, long enough to need a second page of its own.
    let long =
        "Un paragraphe de préparation d'atelier, assez long pour remplir des lignes. ".repeat(12);
    let body: String = (1..=12)
        .map(|n| format!("## Étape {n}\n\n{long}\n\n"))
        .collect();
    site.write(
        "content/guide/atelier.md",
        format!("---\ntitle: Préparer un atelier\ndescription: Le déroulé, étape par étape.\ndate: 2026-03-04\nweight: 30\n---\n{body}"),
    );
    let server = Server::start(site.public());
    let build = site.run(&[
        "build",
        "--quiet",
        "--base-url",
        &format!("http://127.0.0.1:{}/", server.port),
    ]);
    if !build.status.success() {
        return Err(format!("cmbook build failed:\n{}", stderr(&build)).into());
    }

    let artifacts = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/print-book-artifacts");
    let _ = std::fs::remove_dir_all(&artifacts);
    std::fs::create_dir_all(&artifacts).expect("create target/print-book-artifacts");
    let pdf = artifacts.join("guide.pdf");
    let printed = tools::run_bounded(
        Command::new(&chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
            ])
            .args(["--disable-background-networking", "--no-pdf-header-footer"])
            .arg(format!("--print-to-pdf={}", pdf.display()))
            .arg(format!("http://127.0.0.1:{}/guide/imprimer/", server.port)),
        PRINT_LIMIT,
    );
    drop(server);
    if !pdf.is_file() {
        return Err(format!(
            "chromium wrote no PDF ({}):\n{}",
            printed.status,
            String::from_utf8_lossy(&printed.stderr)
        )
        .into());
    }
    let text = tools::run_bounded(
        Command::new(&pdftotext).arg(&pdf).arg("-"),
        Duration::from_secs(30),
    );
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    // pdftotext ends every page with a form feed.
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    let report = |problem: &str| -> Failed {
        let shown: Vec<String> = pages
            .iter()
            .enumerate()
            .map(|(i, p)| format!("--- page {} ---\n{}", i + 1, p.trim()))
            .collect();
        format!("{problem}\n{}", shown.join("\n")).into()
    };
    let toppm = tools::run_bounded(
        Command::new(&pdftoppm)
            .args(["-png", "-r", "50", "-f", "1", "-l", "4"])
            .arg(&pdf)
            .arg(artifacts.join("guide-page")),
        Duration::from_secs(60),
    );
    if !toppm.status.success() {
        return Err(format!(
            "pdftoppm failed: {}",
            String::from_utf8_lossy(&toppm.stderr)
        )
        .into());
    }

    // Cover, contents, la veille, la crise, then the workshop over at least two pages.
    let chapters = ["La veille", "Gérer une crise", "Préparer un atelier"];
    if pages.len() < 2 + chapters.len() + 1 {
        return Err(report(&format!("{} pages printed", pages.len())));
    }
    let cover = pages[0];
    if !(cover.contains("Manuel de test")
        && cover.contains("Le guide")
        && cover.contains("À jour au"))
    {
        return Err(report("the first page is not the cover"));
    }
    if !(pages[1].contains("Sommaire") && chapters.iter().all(|c| pages[1].contains(c))) {
        return Err(report("the second page is not the contents"));
    }
    for (i, title) in chapters.iter().enumerate() {
        // Each chapter opens a page: its kind, then its title, at the top.
        let top: Vec<&str> = pages[2 + i]
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .take(3)
            .collect();
        if !top.contains(title) {
            return Err(report(&format!(
                "page {} does not open with “{title}”",
                3 + i
            )));
        }
    }
    let last = pages.last().unwrap();
    if !last.contains("Étape 12") || pages.iter().any(|p| p.contains("Rechercher")) {
        return Err(report(
            "the book does not end with the workshop, or prints the search box",
        ));
    }
    if !artifacts.join("guide-page-1.png").is_file()
        && !artifacts.join("guide-page-01.png").is_file()
    {
        return Err("pdftoppm wrote no PNG of the first page".into());
    }
    println!(
        "{} pages printed; PDF and PNGs in {}",
        pages.len(),
        artifacts.display()
    );
    Ok(())
}
