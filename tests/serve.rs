//! Integration tests of `cmbook serve`: the real binary serves a copy of the fixture site on
//! 127.0.0.1, and a tiny HTTP/1.1 client (raw `TcpStream`, so request paths reach the server
//! exactly as written) checks the pages, the live-reload events and the rebuilds after edits.
//! Every wait is bounded; the server is killed when its handle is dropped.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use common::{cmbook, stderr, TestSite};

// ---------------------------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------------------------

/// Longest wait for the `serving … at …` line (the first build happens before it).
const START_LIMIT: Duration = Duration::from_secs(20);
/// Longest wait for anything else: a response, an event, a printed line.
const WAIT: Duration = Duration::from_secs(10);
/// Pause between two polls.
const POLL: Duration = Duration::from_millis(50);
/// What the server adds to every HTML page it serves.
const LIVE_TAG: &str = r#"<script src="/__cmbook/live.js"></script>"#;

/// A running `cmbook serve`, killed on drop.
struct Server {
    child: Child,
    port: u16,
    /// Every line printed so far, as `out| …` (stdout) or `err| …` (stderr).
    output: Arc<Mutex<Vec<String>>>,
}

/// Copies the lines of `stream` into `output`, and (stdout) to `lines` for the start-up wait.
fn spawn_reader(
    stream: impl Read + Send + 'static,
    label: &'static str,
    output: Arc<Mutex<Vec<String>>>,
    lines: Option<mpsc::Sender<String>>,
) {
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            output.lock().unwrap().push(format!("{label}| {line}"));
            if let Some(tx) = &lines {
                let _ = tx.send(line);
            }
        }
    });
}

/// The port of a `serving DIR at http://127.0.0.1:PORT/ (Ctrl-C to stop)` line.
fn serving_port(line: &str, root: &Path) -> Option<u16> {
    let root = root.canonicalize().unwrap();
    let rest = line.strip_prefix(&format!("serving {} at http://127.0.0.1:", root.display()))?;
    rest.strip_suffix("/ (Ctrl-C to stop)")?.parse().ok()
}

/// `(rendered, unchanged)` of a `rebuilt in N ms (R pages rendered, U unchanged)` line.
fn rebuilt_counts(line: &str) -> Option<(usize, usize)> {
    let rest = line.strip_prefix("rebuilt in ")?;
    let (ms, rest) = rest.split_once(" ms (")?;
    ms.parse::<u64>().ok()?;
    let (rendered, rest) = rest.split_once(" pages rendered, ")?;
    let unchanged = rest.strip_suffix(" unchanged)")?;
    Some((rendered.parse().ok()?, unchanged.parse().ok()?))
}

impl Server {
    /// `cmbook serve --root ROOT --port 0`.
    fn start(root: &Path) -> Server {
        Server::start_on(root, 0)
    }

    /// `cmbook serve --root ROOT --port PORT`, waiting for the serving line.
    fn start_on(root: &Path, port: u16) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_cmbook"));
        command.arg("serve").arg("--root").arg(root);
        Server::spawn(command, root, port)
    }

    /// `cmbook serve --port 0` run inside ROOT, as writers usually start it.
    fn start_inside(root: &Path) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_cmbook"));
        command.arg("serve").current_dir(root);
        Server::spawn(command, root, 0)
    }

    fn spawn(mut command: Command, root: &Path, port: u16) -> Server {
        let mut child = command
            .args(["--port", &port.to_string()])
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("cmbook serve starts");
        let output = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = mpsc::channel();
        spawn_reader(
            child.stdout.take().unwrap(),
            "out",
            output.clone(),
            Some(tx),
        );
        spawn_reader(child.stderr.take().unwrap(), "err", output.clone(), None);
        // From here on, a panic drops `server` and so kills the child.
        let mut server = Server {
            child,
            port: 0,
            output,
        };
        let deadline = Instant::now() + START_LIMIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
                Ok(line) => {
                    if let Some(port) = serving_port(&line, root) {
                        server.port = port;
                        return server;
                    }
                }
                Err(_) => panic!(
                    "no `serving … at http://127.0.0.1:PORT/` line within {START_LIMIT:?}:\n{}",
                    server.output_text()
                ),
            }
        }
    }

    fn output_text(&self) -> String {
        self.output.lock().unwrap().join("\n")
    }

    fn lines(&self) -> Vec<String> {
        self.output.lock().unwrap().clone()
    }

    /// Waits until `count` printed lines (either stream) satisfy `matches`.
    fn wait_lines(&self, count: usize, what: &str, matches: impl Fn(&str) -> bool) -> Vec<String> {
        let deadline = Instant::now() + WAIT;
        loop {
            let found: Vec<String> = self
                .lines()
                .into_iter()
                .filter_map(|l| l.split_once("| ").map(|(_, l)| l.to_owned()))
                .filter(|l| matches(l))
                .collect();
            if found.len() >= count {
                return found;
            }
            assert!(
                Instant::now() < deadline,
                "expected {count} lines {what} within {WAIT:?}, output:\n{}",
                self.output_text()
            );
            std::thread::sleep(POLL);
        }
    }

    fn get(&self, path: &str) -> Response {
        get(self.port, path)
    }

    fn events(&self) -> Events {
        Events::connect(self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A parsed HTTP response.
#[derive(Debug)]
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Where `needle` starts in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Status line and headers of a response head (without the blank line).
fn parse_head(head: &[u8]) -> (u16, Vec<(String, String)>) {
    let head = String::from_utf8_lossy(head);
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("bad status line {status_line:?}"));
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    (status, headers)
}

/// Decodes as many complete chunks of a chunked body as `raw` holds: (data, bytes used, ended).
fn dechunk(raw: &[u8]) -> (Vec<u8>, usize, bool) {
    let mut data = Vec::new();
    let mut at = 0;
    loop {
        let Some(eol) = find(&raw[at..], b"\r\n") else {
            return (data, at, false);
        };
        let size_text = String::from_utf8_lossy(&raw[at..at + eol]);
        let size_text = size_text.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size_text, 16)
            .unwrap_or_else(|_| panic!("bad chunk size {size_text:?}"));
        let start = at + eol + 2;
        if size == 0 {
            return (data, start, true);
        }
        if raw.len() < start + size + 2 {
            return (data, at, false);
        }
        data.extend_from_slice(&raw[start..start + size]);
        at = start + size + 2;
    }
}

fn connect(port: u16) -> TcpStream {
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let stream = TcpStream::connect_timeout(&address, WAIT).expect("connect to the server");
    stream.set_read_timeout(Some(WAIT)).unwrap();
    stream.set_write_timeout(Some(WAIT)).unwrap();
    stream
}

/// Sends `raw` as is and reads the whole response (the request should ask to close).
fn request(port: u16, raw: &[u8]) -> Response {
    let mut stream = connect(port);
    stream.write_all(raw).expect("send the request");
    let mut bytes = Vec::new();
    if let Err(e) = stream.read_to_end(&mut bytes) {
        // A server that answers then resets is fine as long as the answer arrived.
        assert!(
            find(&bytes, b"\r\n\r\n").is_some(),
            "no response to {:?}: {e}",
            String::from_utf8_lossy(raw)
        );
    }
    let end = find(&bytes, b"\r\n\r\n").unwrap_or_else(|| {
        panic!(
            "incomplete response to {:?}: {:?}",
            String::from_utf8_lossy(raw),
            String::from_utf8_lossy(&bytes)
        )
    });
    let (status, headers) = parse_head(&bytes[..end]);
    let rest = &bytes[end + 4..];
    let mut response = Response {
        status,
        headers,
        body: Vec::new(),
    };
    response.body = if response
        .header("transfer-encoding")
        .is_some_and(|v| v.contains("chunked"))
    {
        dechunk(rest).0
    } else if let Some(length) = response.header("content-length") {
        let length: usize = length.parse().expect("content-length is a number");
        assert!(rest.len() >= length, "body shorter than content-length");
        rest[..length].to_vec()
    } else {
        rest.to_vec()
    };
    response
}

/// `GET path` (already percent-encoded as needed).
fn get(port: u16, path: &str) -> Response {
    let raw = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    request(port, raw.as_bytes())
}

/// Percent-encodes a path for a request line (keeps `/` and unreserved characters).
fn encode_path(path: &str) -> String {
    path.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// An open `/__cmbook/events` stream.
struct Events {
    stream: TcpStream,
    /// Bytes read and not yet decoded.
    raw: Vec<u8>,
    chunked: bool,
    /// Decoded event-stream text not yet parsed into events.
    text: Vec<u8>,
    /// Every event received, for failure messages.
    seen: Vec<(String, String)>,
}

impl Events {
    fn connect(port: u16) -> Events {
        let mut stream = connect(port);
        let raw = format!(
            "GET /__cmbook/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n\r\n"
        );
        stream.write_all(raw.as_bytes()).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_millis(100)))
            .unwrap();
        let mut events = Events {
            stream,
            raw: Vec::new(),
            chunked: false,
            text: Vec::new(),
            seen: Vec::new(),
        };
        let deadline = Instant::now() + WAIT;
        let end = loop {
            if let Some(end) = find(&events.raw, b"\r\n\r\n") {
                break end;
            }
            assert!(events.read_some(), "event stream closed before its headers");
            assert!(Instant::now() < deadline, "no event-stream headers");
        };
        let (status, headers) = parse_head(&events.raw[..end]);
        assert_eq!(status, 200, "events: {headers:?}");
        let header = |name: &str| {
            headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        assert!(
            header("content-type").starts_with("text/event-stream"),
            "{headers:?}"
        );
        events.chunked = header("transfer-encoding").contains("chunked");
        events.raw.drain(..end + 4);
        events
    }

    /// One read (up to 100 ms); false when the stream ended.
    fn read_some(&mut self) -> bool {
        let mut buf = [0u8; 8192];
        match self.stream.read(&mut buf) {
            Ok(0) => false,
            Ok(n) => {
                self.raw.extend_from_slice(&buf[..n]);
                true
            }
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                true
            }
            Err(e) => panic!("reading the event stream: {e}"),
        }
    }

    /// The next complete event in `text`, skipping keep-alive comments.
    fn pop(&mut self) -> Option<(String, String)> {
        if self.chunked {
            let (data, used, _) = dechunk(&self.raw);
            self.text.extend(data);
            self.raw.drain(..used);
        } else {
            self.text.append(&mut self.raw);
        }
        loop {
            let end = find(&self.text, b"\n\n")?;
            let block = String::from_utf8_lossy(&self.text[..end]).into_owned();
            self.text.drain(..end + 2);
            let (mut name, mut data) = (String::new(), Vec::new());
            for line in block.lines() {
                let (field, value) = line.split_once(':').unwrap_or((line, ""));
                let value = value.strip_prefix(' ').unwrap_or(value);
                match field {
                    "event" => name = value.to_owned(),
                    "data" => data.push(value.to_owned()),
                    _ => {}
                }
            }
            if name.is_empty() && data.is_empty() {
                continue;
            }
            if name.is_empty() {
                name = "message".into();
            }
            let event = (name, data.join("\n"));
            self.seen.push(event.clone());
            return Some(event);
        }
    }

    /// The next event before `deadline`.
    fn next_before(&mut self, deadline: Instant) -> Option<(String, String)> {
        loop {
            if let Some(event) = self.pop() {
                return Some(event);
            }
            if Instant::now() >= deadline || !self.read_some() {
                return None;
            }
        }
    }

    /// Waits for an event named `name` and returns its data.
    #[track_caller]
    fn expect(&mut self, name: &str) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            match self.next_before(deadline) {
                Some((n, data)) if n == name => return data,
                Some(_) => {}
                None => panic!(
                    "no `event: {name}` within {WAIT:?}; events so far: {:?}",
                    self.seen
                ),
            }
        }
    }

    /// Waits for `reload` events until `done()` holds after one; returns that event's data.
    /// (One save can raise more than one rebuild, so an earlier edit's extra reload may come
    /// first; the content is only checked right after a reload.)
    #[track_caller]
    fn reload_until(&mut self, what: &str, mut done: impl FnMut() -> bool) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            match self.next_before(deadline) {
                Some((n, data)) if n == "reload" => {
                    if done() {
                        return data;
                    }
                }
                Some(_) => {}
                None => panic!(
                    "{what}: no reload after which the change shows, within {WAIT:?}; events: {:?}",
                    self.seen
                ),
            }
        }
    }

    /// Events arriving within `within` (to prove nothing more comes).
    fn drain(&mut self, within: Duration) -> Vec<(String, String)> {
        let deadline = Instant::now() + within;
        let mut got = Vec::new();
        while let Some(event) = self.next_before(deadline) {
            got.push(event);
        }
        got
    }
}

// ---------------------------------------------------------------------------------------------
// Site helpers
// ---------------------------------------------------------------------------------------------

fn base() -> TestSite {
    TestSite::copy_of("fixtures/base")
}

fn read(site: &TestSite, relative: &str) -> String {
    std::fs::read_to_string(site.root().join(relative)).unwrap()
}

/// `relative` with `from` replaced by `to` (which must be there).
fn edit(site: &TestSite, relative: &str, from: &str, to: &str) {
    let text = read(site, relative);
    assert!(text.contains(from), "{relative} lacks {from:?}");
    site.write(relative, text.replace(from, to));
}

/// The default theme's page template with `marker` at the top of the content.
fn page_template(marker: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/page.html");
    let text = std::fs::read_to_string(path).unwrap();
    let anchor = r#"<div class="content">"#;
    assert!(text.contains(anchor));
    text.replace(
        anchor,
        &format!(r#"<div class="content"><p class="test-marker">{marker}</p>"#),
    )
}

const NEW_PAGE: &str = "---\ntitle: Nouvelle page\ndescription: Une page ajoutée pendant le serve.\ndate: 2026-05-01\nweight: 30\n---\nUn texte tout neuf, nouveau-venu.\n";

/// A served HTML page without the live-reload script (which must be there exactly once).
#[track_caller]
fn strip_live_tag(path: &str, html: &[u8]) -> Vec<u8> {
    let tag = LIVE_TAG.as_bytes();
    let at = find(html, tag).unwrap_or_else(|| panic!("{path}: no live-reload script"));
    let mut out = html[..at].to_vec();
    out.extend_from_slice(&html[at + tag.len()..]);
    assert!(
        find(&out, tag).is_none(),
        "{path}: live-reload script injected twice"
    );
    out
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[test]
fn serves_pages_styles_404_and_redirects_from_memory() {
    let site = base();
    let server = Server::start(site.root());
    // The first build is announced before the serving line.
    let out = server.output_text();
    assert!(
        out.lines()
            .any(|l| l.strip_prefix("out| ").and_then(rebuilt_counts).is_some()),
        "no `rebuilt in …` line for the first build:\n{out}"
    );

    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(home.header("cache-control"), Some("no-store"));
    let text = home.text();
    assert!(text.contains(LIVE_TAG), "{text}");
    assert!(
        text.find(LIVE_TAG).unwrap() < text.rfind("</body>").unwrap(),
        "script not inside the body"
    );
    assert!(text.contains("manuel de test"), "{text}");

    let page = server.get("/guide/veille/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("premier réflexe du community manager"));
    assert!(page.text().contains(LIVE_TAG));
    assert_eq!(page.header("cache-control"), Some("no-store"));

    let css = server.get("/style.css");
    assert_eq!(css.status, 200);
    assert!(
        css.header("content-type")
            .is_some_and(|v| v.starts_with("text/css")),
        "{:?}",
        css.headers
    );
    assert_eq!(css.header("cache-control"), Some("no-store"));
    assert!(!css.text().contains(LIVE_TAG));

    let script = server.get("/__cmbook/live.js");
    assert_eq!(script.status, 200);
    assert!(script.text().contains("/__cmbook/events"));

    let missing = server.get("/nope/");
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(missing.header("cache-control"), Some("no-store"));
    let not_found = missing.text();
    assert!(not_found.contains("Page introuvable"), "{not_found}");
    assert!(not_found.contains(LIVE_TAG));
    // The same bytes as the site's own 404.html.
    let own = server.get("/404.html");
    assert_eq!(own.status, 200);
    assert_eq!(own.body, missing.body);

    let redirect = server.get("/guide/veille");
    assert!(
        matches!(redirect.status, 301 | 302 | 307 | 308),
        "{redirect:?}"
    );
    assert_eq!(redirect.header("location"), Some("/guide/veille/"));

    // Paths are percent-decoded before the lookup; files answer by their own name too.
    let encoded = server.get("/guide/%76eille/");
    assert_eq!(encoded.status, 200);
    assert_eq!(encoded.body, page.body);
    let by_file = server.get("/guide/veille/index.html");
    assert_eq!(by_file.status, 200);
    assert_eq!(by_file.body, page.body);
}

#[test]
fn traversal_requests_are_refused() {
    let site = base();
    std::fs::create_dir_all(site.root().join("static")).unwrap();
    site.write("static/inside.txt", "inside the site");
    let server = Server::start(site.root());

    for path in [
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/guide/%2E%2E/%2E%2E/x",
        "/..%5c..%5cetc%5cpasswd",
        "/a\\..\\b",
        "/static/../../../../etc/passwd",
        "/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/..%2f..%2fCargo.toml",
    ] {
        let port = server.port;
        let raw =
            format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
        let response = request(server.port, raw.as_bytes());
        assert!(
            matches!(response.status, 400 | 404),
            "{path}: status {}",
            response.status
        );
        let body = response.text();
        assert!(!body.contains("root:"), "{path} leaked:\n{body}");
        assert!(!body.contains("[package]"), "{path} leaked:\n{body}");
    }
    assert_eq!(server.get("/inside.txt").text(), "inside the site");
}

#[test]
fn outside_symlinks_are_named_as_errors_and_never_served() {
    let site = base();
    let outside = tempfile::tempdir().unwrap();
    let secret = "TOP-SECRET-OUTSIDE-THE-SITE";
    std::fs::write(outside.path().join("secret.txt"), secret).unwrap();
    std::fs::create_dir_all(site.root().join("static")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        site.root().join("static/secret.txt"),
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.path(), site.root().join("content/outdir")).unwrap();
    let server = Server::start(site.root());
    // As in `build` and `check`: the link is an error naming it, shown over every page.
    server.wait_lines(1, "naming the link", |l| l.contains("static/secret.txt"));
    for path in ["/secret.txt", "/outdir/secret.txt", "/"] {
        let response = server.get(path);
        assert_ne!(response.status, 200, "{path} served: {}", response.text());
        assert!(!response.text().contains(secret), "{path} leaked");
    }
}

#[test]
fn editing_a_page_reloads_it() {
    let site = base();
    // Started without --root, from the site folder: the watcher must still match its paths.
    let server = Server::start_inside(site.root());
    let mut events = server.events();
    assert_eq!(events.expect("hello"), "cmbook");

    edit(
        &site,
        "content/guide/veille.md",
        "La veille est le premier réflexe",
        "La veille reste le tout premier réflexe",
    );
    let data = events.reload_until("page edit", || {
        let page = server.get("/guide/veille/");
        page.status == 200 && page.text().contains("reste le tout premier réflexe")
    });
    assert_eq!(data, "page");
    // The first build and at least this rebuild are reported.
    let rebuilt = server.wait_lines(
        2,
        "`rebuilt in N ms (R pages rendered, U unchanged)`",
        |l| rebuilt_counts(l).is_some(),
    );
    let (rendered, unchanged) = rebuilt_counts(rebuilt.last().unwrap()).unwrap();
    assert!(rendered >= 1, "{rebuilt:?}");
    assert!(
        unchanged >= 1,
        "an edit of one page re-rendered everything: {rebuilt:?}"
    );
}

#[test]
fn editing_a_template_in_a_folder_created_while_serving_reloads_the_pages() {
    let site = base();
    let server = Server::start(site.root());
    let mut events = server.events();
    events.expect("hello");

    // `templates/` does not exist yet: it is created while serving.
    site.write("templates/page.html", page_template("MARQUEUR-UN"));
    let data = events.reload_until("new template", || {
        server.get("/guide/veille/").text().contains("MARQUEUR-UN")
    });
    assert_eq!(data, "page");
    assert!(server.get("/guide/crise/").text().contains("MARQUEUR-UN"));

    // A second save of the same template, now inside the new folder.
    site.write("templates/page.html", page_template("MARQUEUR-DEUX"));
    events.reload_until("template edited again", || {
        server
            .get("/guide/veille/")
            .text()
            .contains("MARQUEUR-DEUX")
    });
}

#[test]
fn editing_a_template_in_an_existing_folder_reloads_the_pages() {
    let site = base();
    site.write("templates/page.html", page_template("MARQUEUR-UN"));
    let server = Server::start(site.root());
    assert!(server.get("/guide/veille/").text().contains("MARQUEUR-UN"));
    let mut events = server.events();
    events.expect("hello");

    site.write("templates/page.html", page_template("MARQUEUR-DEUX"));
    let data = events.reload_until("template edit", || {
        server
            .get("/guide/veille/")
            .text()
            .contains("MARQUEUR-DEUX")
    });
    assert_eq!(data, "page");
}

#[test]
fn a_stylesheet_change_in_a_folder_created_while_serving_sends_a_css_reload() {
    let site = base();
    let server = Server::start(site.root());
    let mut events = server.events();
    events.expect("hello");

    // `static/` does not exist yet: creating it and the sheet rebuilds the site.
    site.write("static/extra.css", "body { color: red; }\n");
    events.reload_until("new stylesheet", || {
        server.get("/extra.css").text().contains("color: red")
    });

    site.write("static/extra.css", "body { color: blue; }\n");
    let data = events.reload_until("stylesheet edit", || {
        server.get("/extra.css").text().contains("color: blue")
    });
    assert_eq!(data, "css");
}

#[test]
fn a_stylesheet_change_in_an_existing_static_folder_sends_a_css_reload() {
    let site = base();
    site.write("static/extra.css", "body { color: red; }\n");
    let server = Server::start(site.root());
    let mut events = server.events();
    events.expect("hello");

    site.write("static/extra.css", "body { color: blue; }\n");
    let data = events.reload_until("stylesheet edit", || {
        server.get("/extra.css").text().contains("color: blue")
    });
    assert_eq!(data, "css");
    let css = server.get("/extra.css");
    assert!(css
        .header("content-type")
        .is_some_and(|v| v.starts_with("text/css")));
}

#[test]
fn deleting_and_adding_pages() {
    let site = base();
    let server = Server::start(site.root());
    assert_eq!(server.get("/a-propos/").status, 200);
    let mut events = server.events();
    events.expect("hello");

    std::fs::remove_file(site.root().join("content/a-propos.md")).unwrap();
    events.reload_until("page deleted", || server.get("/a-propos/").status == 404);
    assert!(server.get("/a-propos/").text().contains("Page introuvable"));
    assert_eq!(server.get("/").status, 200);

    site.write("content/guide/nouvelle.md", NEW_PAGE);
    events.reload_until("page added", || {
        let page = server.get("/guide/nouvelle/");
        page.status == 200 && page.text().contains("tout neuf, nouveau-venu")
    });
    // The section lists it too.
    assert!(server.get("/guide/").text().contains("Nouvelle page"));
}

#[test]
fn a_broken_front_matter_reports_an_error_and_keeps_serving() {
    let site = base();
    let server = Server::start(site.root());
    let before = server.get("/guide/veille/").text();
    let mut events = server.events();
    events.expect("hello");

    let good = read(&site, "content/guide/veille.md");
    edit(
        &site,
        "content/guide/veille.md",
        "title: La veille",
        "title: [oops",
    );
    let error = events.expect("build-error");
    let shown = error.replace('\u{2028}', "\n");
    assert!(
        shown.contains("content/guide/veille.md:"),
        "the error does not name the file: {shown}"
    );
    let line_ok = shown
        .split("content/guide/veille.md:")
        .nth(1)
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()));
    assert!(line_ok, "the error does not name the line: {shown}");
    assert!(!error.contains('\n'), "data lines must not be split");

    // Still serving the last good build.
    let page = server.get("/guide/veille/");
    assert_eq!(page.status, 200);
    assert_eq!(page.text(), before);

    // A browser connecting now is told at once.
    let mut late = server.events();
    late.expect("hello");
    let current = late.expect("build-error");
    assert_eq!(current, error);

    site.write(
        "content/guide/veille.md",
        good.replace("premier réflexe", "réflexe numéro un"),
    );
    let data = events.reload_until("fixed page", || {
        server
            .get("/guide/veille/")
            .text()
            .contains("réflexe numéro un")
    });
    assert_eq!(data, "page");
    late.reload_until("fixed page (second browser)", || true);

    let mut fresh = server.events();
    fresh.expect("hello");
    let after = fresh.drain(Duration::from_millis(700));
    assert!(
        after.iter().all(|(name, _)| name != "build-error"),
        "a stale build error after the fix: {after:?}"
    );
}

#[test]
fn served_pages_equal_a_clean_build_after_edits() {
    let site = base();
    let server = Server::start(site.root());
    let mut events = server.events();
    events.expect("hello");

    edit(
        &site,
        "content/guide/veille.md",
        "Écouter avant de parler.",
        "Écouter longtemps avant de parler.",
    );
    events.reload_until("page edit", || {
        server.get("/guide/veille/").text().contains("longtemps")
    });
    site.write("content/guide/nouvelle.md", NEW_PAGE);
    events.reload_until("new page", || server.get("/guide/nouvelle/").status == 200);
    std::fs::remove_file(site.root().join("content/a-propos.md")).unwrap();
    events.reload_until("deleted page", || server.get("/a-propos/").status == 404);
    site.write("templates/page.html", page_template("MARQUEUR-BUILD"));
    events.reload_until("template", || {
        server
            .get("/guide/veille/")
            .text()
            .contains("MARQUEUR-BUILD")
    });
    edit(
        &site,
        "content/guide/crise.md",
        "Deux titres identiques",
        "Deux titres pareils",
    );
    events.reload_until("second page edit", || {
        server
            .get("/guide/crise/")
            .text()
            .contains("titres pareils")
    });

    let output = tempfile::tempdir().unwrap();
    let base_url = format!("http://127.0.0.1:{}/", server.port);
    let root = site.root().to_str().unwrap();
    let out = output.path().to_str().unwrap();
    let built = cmbook(
        &[
            "build",
            "--quiet",
            "--root",
            root,
            "--output",
            out,
            "--base-url",
            &base_url,
        ],
        site.root(),
    );
    assert!(built.status.success(), "{}", stderr(&built));
    let clean = common::snapshot(output.path());

    // Every page of the sitemap, fetched by its URL.
    let sitemap = server.get("/sitemap.xml");
    assert_eq!(sitemap.status, 200);
    let sitemap = sitemap.text();
    let urls: Vec<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .filter_map(|s| s.split("</loc>").next())
        .collect();
    assert!(urls.len() > 5, "{sitemap}");
    assert!(urls.iter().any(|u| u.ends_with("/guide/nouvelle/")));
    assert!(!urls.iter().any(|u| u.ends_with("/a-propos/")));
    let mut differ = Vec::new();
    for url in &urls {
        let path = url
            .strip_prefix(&base_url)
            .unwrap_or_else(|| panic!("{url} is not under {base_url}"));
        let path = percent_decode(path);
        let file = if path.is_empty() || path.ends_with('/') {
            format!("{path}index.html")
        } else {
            path.clone()
        };
        let expected = clean
            .get(Path::new(&file))
            .unwrap_or_else(|| panic!("{file} (from the sitemap) not in the clean build"));
        let response = server.get(&encode_path(&format!("/{path}")));
        assert_eq!(response.status, 200, "{url}");
        let served = strip_live_tag(url, &response.body);
        if &served != expected {
            differ.push(file);
        }
    }

    // And every other file of the clean build, by its path.
    for (file, expected) in &clean {
        let file = file.to_str().unwrap();
        let response = server.get(&encode_path(&format!("/{file}")));
        assert_eq!(response.status, 200, "{file} missing from the server");
        let served = if file.ends_with(".html") {
            strip_live_tag(file, &response.body)
        } else {
            response.body
        };
        if &served != expected && !differ.iter().any(|d| d == file) {
            differ.push(file.to_owned());
        }
    }
    assert!(
        differ.is_empty(),
        "served files differ from a clean build: {differ:?}"
    );
}

/// Undoes `%XX` escapes (sitemap URLs of non-ASCII paths).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&text[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn a_busy_port_moves_to_the_next_one() {
    let site = base();
    let blocker = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    let busy = blocker.local_addr().unwrap().port();
    let server = Server::start_on(site.root(), busy);
    assert!(
        server.port > busy,
        "served on {} (busy: {busy})",
        server.port
    );
    let out = server.output_text();
    assert!(
        out.contains(&format!("port {busy} is already in use")),
        "no word about the busy port:\n{out}"
    );
    assert_eq!(server.get("/").status, 200);
    drop(blocker);
}

#[test]
fn serve_writes_nothing_to_disk() {
    let site = base();
    let before = common::snapshot_all(site.root());
    let server = Server::start(site.root());
    assert_eq!(server.get("/").status, 200);
    assert_eq!(server.get("/guide/veille/").status, 200);
    drop(server);
    assert_eq!(common::snapshot_all(site.root()), before);
    for name in ["public", ".cmbook-cache"] {
        assert!(!site.root().join(name).exists(), "serve created {name}");
    }
}

// ---------------------------------------------------------------------------------------------
// Issue 24, part 4: Host header (DNS rebinding), listening on every interface, slowloris
// ---------------------------------------------------------------------------------------------

/// `GET path` with `host` as the Host header (`None`: no Host header, HTTP/1.0).
fn get_with_host(port: u16, path: &str, host: Option<&str>) -> Response {
    let raw = match host {
        Some(host) => format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        None => format!("GET {path} HTTP/1.0\r\n\r\n"),
    };
    request(port, raw.as_bytes())
}

/// A page on `evil.example` whose name is re-pointed at 127.0.0.1 sends its own name as Host:
/// pages, the 404 page, the script and the event stream must all refuse it.
#[test]
fn foreign_host_headers_are_refused_on_pages_and_events() {
    let site = base();
    let server = Server::start(site.root());
    let port = server.port;
    let evil = format!("evil.example.com:{port}");
    let other_port = format!("127.0.0.1:{}", port.wrapping_add(1));
    for path in [
        "/",
        "/guide/crise/",
        "/nope",
        "/__cmbook/events",
        "/__cmbook/live.js",
    ] {
        for host in [
            Some(evil.as_str()),
            Some("evil.example.com"),
            Some(other_port.as_str()),
            None,
        ] {
            let response = get_with_host(port, path, host);
            assert_eq!(
                response.status, 421,
                "{path} with Host {host:?} was answered"
            );
            assert!(
                !response.text().contains("<html"),
                "{path} with Host {host:?} leaked the site"
            );
        }
    }
    let refused = get_with_host(port, "/", Some(&evil)).text();
    assert!(
        refused.contains(&format!("http://127.0.0.1:{port}/")),
        "the refusal does not say where the preview is:\n{refused}"
    );
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LOCALHOST:{port}"),
        format!("[::1]:{port}"),
    ] {
        assert_eq!(
            get_with_host(port, "/", Some(&host)).status,
            200,
            "Host {host} refused"
        );
    }
    // The event stream still works for the right host (the harness sends 127.0.0.1:PORT).
    let mut events = server.events();
    assert_eq!(events.expect("hello"), "cmbook");
}

/// `--interface 0.0.0.0`: a warning, a URL a browser can open (not http://0.0.0.0:PORT/), and
/// the machine reachable by IP literal, still not by a foreign name.
#[test]
fn listening_on_every_interface_warns_and_prints_a_usable_url() {
    let site = base();
    let mut command = Command::new(env!("CARGO_BIN_EXE_cmbook"));
    command
        .arg("serve")
        .arg("--root")
        .arg(site.root())
        .args(["--interface", "0.0.0.0"]);
    // The harness waits for `serving … at http://127.0.0.1:PORT/`.
    let server = Server::spawn(command, site.root(), 0);
    let port = server.port;
    let out = server.output_text();
    assert!(
        out.contains(&format!("warning: listening on 0.0.0.0:{port}"))
            && out.contains("can be read by anyone on the network"),
        "no warning about the network:\n{out}"
    );
    assert!(!out.contains("http://0.0.0.0"), "an unusable URL:\n{out}");
    // How another machine names this one: an IP literal (the request still arrives on loopback).
    assert_eq!(
        get_with_host(port, "/", Some(&format!("192.0.2.7:{port}"))).status,
        200
    );
    assert_eq!(
        get_with_host(port, "/", Some(&format!("evil.example.com:{port}"))).status,
        421
    );
}

/// Slowloris: requests whose headers never end are disconnected after the header timeout
/// (shortened here through the variable meant for tests), while an open event stream, which
/// has sent its request, stays and still gets reloads.
#[test]
fn half_sent_requests_are_dropped_after_the_header_timeout() {
    const HALF_SENT: usize = 100;
    const TIMEOUT_MS: u64 = 600;
    let site = base();
    let mut command = Command::new(env!("CARGO_BIN_EXE_cmbook"));
    command
        .arg("serve")
        .arg("--root")
        .arg(site.root())
        .env("CMBOOK_SERVE_HEADER_TIMEOUT_MS", TIMEOUT_MS.to_string());
    let server = Server::spawn(command, site.root(), 0);
    let mut events = server.events();
    assert_eq!(events.expect("hello"), "cmbook");
    let started = Instant::now();
    let mut streams: Vec<TcpStream> = (0..HALF_SENT)
        .map(|_| {
            let mut stream = connect(server.port);
            stream
                .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: a")
                .expect("send half a request");
            stream
        })
        .collect();
    for (i, stream) in streams.iter_mut().enumerate() {
        let mut buf = [0u8; 512];
        // `connect` set a read timeout of WAIT: a stream still open after it fails the test.
        match stream.read(&mut buf) {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {}
            Err(e) => panic!(
                "half-sent request {i} still open after {:?}: {e}",
                started.elapsed()
            ),
        }
    }
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(TIMEOUT_MS),
        "closed after {took:?}, before the {TIMEOUT_MS} ms timeout: closed for another reason?"
    );
    assert!(
        took < WAIT,
        "{HALF_SENT} half-sent requests took {took:?} to be dropped"
    );
    // The event stream outlived the timeout, and the server still serves.
    edit(
        &site,
        "content/a-propos.md",
        "Fait avec cmbook",
        "Fait avec soin",
    );
    events.reload_until("edit after the timeout", || {
        server.get("/a-propos/").text().contains("Fait avec soin")
    });
    assert_eq!(server.get("/").status, 200);
}
