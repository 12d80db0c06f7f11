//! Measures `cmbook serve` from saving a file to the browser's reload event, on a site made by
//! `generate_site`, for a page edit, a taxonomy change and a template edit; and, in the same
//! run, a full `cmbook build` of the same site for comparison.
//!
//! `cargo build --release && cargo run --release --example serve_latency -- /tmp/site10k 5`

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = "target/release/cmbook";

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_server(root: &Path) -> (Server, u16) {
    let mut child = Command::new(BIN)
        .args(["serve", "--port", "0", "--root"])
        .arg(root)
        .stdout(Stdio::piped())
        .spawn()
        .expect("run target/release/cmbook (build it first)");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let port = loop {
        let line = lines.next().expect("server output").expect("a line");
        if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
            break rest
                .trim_end_matches(|c: char| !c.is_ascii_digit())
                .split('/')
                .next()
                .unwrap()
                .parse()
                .unwrap();
        }
    };
    // Keep reading the server's output so it never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    (Server(child), port)
}

/// Opens the event stream and waits for its `hello`.
fn events(port: u16) -> BufReader<TcpStream> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(120)))
        .unwrap();
    // The server answers only its own host and port (DNS rebinding guard).
    write!(
        stream,
        "GET /__cmbook/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
    )
    .unwrap();
    let mut reader = BufReader::new(stream);
    wait_for(&mut reader, "event: hello");
    reader
}

fn wait_for(reader: &mut BufReader<TcpStream>, wanted: &str) {
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line).expect("event stream") == 0 {
            panic!("event stream closed");
        }
        if line.trim_end() == wanted {
            return;
        }
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Applies `edit` (the n-th variant) and times until the reload event.
fn measure(port: u16, runs: usize, edit: &dyn Fn(usize)) -> f64 {
    let mut times = Vec::new();
    for n in 0..runs {
        let mut reader = events(port);
        let start = Instant::now();
        edit(n);
        wait_for(&mut reader, "event: reload");
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        std::thread::sleep(Duration::from_millis(200));
    }
    median(times)
}

fn replace(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).expect("read");
    assert!(text.contains(from), "{} lacks {from}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).expect("write");
}

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().expect("usage: serve_latency SITE_DIR [RUNS]"));
    let runs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(5);
    let pages = walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "md"))
        })
        .count();

    let start = Instant::now();
    let _ = std::fs::remove_dir_all(root.join("public"));
    let status = Command::new(BIN)
        .args(["build", "--quiet", "--root"])
        .arg(&root)
        .status()
        .expect("build");
    assert!(status.success());
    let build_ms = start.elapsed().as_secs_f64() * 1000.0;

    let (_server, port) = start_server(&root);
    let page = root.join("content/s3/p13.md");
    let page_edit = measure(port, runs, &|n| {
        let text = std::fs::read_to_string(&page).unwrap();
        std::fs::write(&page, format!("{text}\nModification {n}.\n")).unwrap();
    });
    let taxonomy = measure(port, runs, &|n| {
        // A tag no page has: each run adds or removes a term for real (a tag the page already
        // had, as `nouveau` once was, changed nothing a list shows and measured too little).
        let text = std::fs::read_to_string(&page).unwrap();
        let (from, to) = if text.contains("tags: [essai-latence, ") {
            ("tags: [essai-latence, ", "tags: [")
        } else {
            ("tags: [", "tags: [essai-latence, ")
        };
        let _ = n;
        replace(&page, from, to);
    });
    let template_dir = root.join("templates");
    std::fs::create_dir_all(&template_dir).unwrap();
    let template = template_dir.join("checklist.html");
    std::fs::write(&template, "{% extends \"page.html\" %}\n").unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    let template_edit = measure(port, runs, &|n| {
        std::fs::write(
            &template,
            format!("{{% extends \"page.html\" %}}\n{{# edit {n} #}}\n"),
        )
        .unwrap();
    });
    std::fs::remove_file(&template).ok();
    println!("site: {pages} Markdown files, {runs} runs each, medians");
    println!("full cmbook build        {build_ms:>9.1} ms");
    println!(
        "page edit → reload       {page_edit:>9.1} ms  ({:.3}x the full build)",
        page_edit / build_ms
    );
    println!(
        "taxonomy change → reload {taxonomy:>9.1} ms  ({:.3}x)",
        taxonomy / build_ms
    );
    println!(
        "template edit → reload   {template_edit:>9.1} ms  ({:.3}x)",
        template_edit / build_ms
    );
}
