//! The HTTP side of `serve`: files from memory, the site's 404 page, live-reload events.
//! Request paths are decoded and checked before any lookup, and lookups only ever hit the
//! in-memory file map, so no request can read outside the built site.

use std::convert::Infallible;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tokio::sync::broadcast;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::{Stream, StreamExt};

use crate::serve::session::{read, Files};

/// Path of the live-reload event stream.
pub(crate) const EVENTS_PATH: &str = "/__cmbook/events";
/// Path of the live-reload script.
pub(crate) const SCRIPT_PATH: &str = "/__cmbook/live.js";

const LIVE_SCRIPT: &str = include_str!("live.js");

/// What the browser is told after a rebuild.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Notice {
    /// Reload the page.
    Reload,
    /// Reload stylesheets only.
    Styles,
    /// Show this build error over the page.
    Error(String),
}

/// State shared by the HTTP handlers and the rebuild loop.
pub(crate) struct Shared {
    /// The site's files.
    pub files: RwLock<Arc<Files>>,
    /// The current build error, shown to browsers that connect now.
    pub error: RwLock<Option<String>>,
    /// Rebuild notices to connected browsers.
    pub notices: broadcast::Sender<Notice>,
    /// Site root, the only place copied files may be read from.
    pub root: PathBuf,
}

/// The router serving `shared`.
pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(events))
        .route(SCRIPT_PATH, get(script))
        .fallback(get(file))
        .with_state(shared)
}

async fn script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        LIVE_SCRIPT,
    )
        .into_response()
}

fn to_event(notice: &Notice) -> Event {
    match notice {
        Notice::Reload => Event::default().event("reload").data("page"),
        Notice::Styles => Event::default().event("reload").data("css"),
        Notice::Error(text) => Event::default()
            .event("build-error")
            .data(text.replace('\n', "\u{2028}")),
    }
}

async fn events(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let current = shared.error.read().expect("lock").clone();
    let first = tokio_stream::iter(current.map(|e| Ok(to_event(&Notice::Error(e)))));
    let hello = tokio_stream::once(Ok(Event::default().event("hello").data("cmbook")));
    let later = BroadcastStream::new(shared.notices.subscribe())
        .filter_map(|n| n.ok().map(|n| Ok(to_event(&n))));
    Sse::new(hello.chain(first).chain(later)).keep_alive(KeepAlive::default())
}

/// Why a request path was refused.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum BadPath {
    /// Not decodable or trying to leave the site: 400.
    Malformed,
}

/// Turns a raw request path into a key of the file map.
pub(crate) fn file_key(raw_path: &str) -> Result<String, BadPath> {
    let decoded = percent_encoding::percent_decode_str(raw_path)
        .decode_utf8()
        .map_err(|_| BadPath::Malformed)?;
    if decoded.contains('\\') || decoded.contains('\0') {
        return Err(BadPath::Malformed);
    }
    let mut parts = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return Err(BadPath::Malformed),
            s if s.contains(':') => return Err(BadPath::Malformed),
            s => parts.push(s),
        }
    }
    let mut key = parts.join("/");
    if decoded.ends_with('/') || key.is_empty() {
        if !key.is_empty() {
            key.push('/');
        }
        key.push_str("index.html");
    }
    Ok(key)
}

/// Adds the live-reload script to an HTML page (serve only: built files never contain it).
fn inject(html: &[u8]) -> Vec<u8> {
    let tag = format!("<script src=\"{SCRIPT_PATH}\"></script>");
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{tag}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

fn respond(status: StatusCode, key: &str, bytes: &[u8]) -> Response {
    let mime = mime_guess::from_path(key).first_or_octet_stream();
    let is_html = mime.essence_str() == "text/html";
    let body = if is_html {
        inject(bytes)
    } else {
        bytes.to_vec()
    };
    let content_type = if mime.type_() == "text" || mime.essence_str() == "application/javascript" {
        format!("{}; charset=utf-8", mime.essence_str())
    } else {
        mime.essence_str().to_owned()
    };
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&content_type)
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    // Every save must show at once: no caching while serving.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

async fn file(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    let key = match file_key(uri.path()) {
        Ok(key) => key,
        Err(BadPath::Malformed) => {
            return (StatusCode::BAD_REQUEST, "bad request path\n").into_response()
        }
    };
    let files = shared.files.read().expect("lock").clone();
    if let Some(bytes) = files.get(&key).and_then(|c| read(c, &shared.root)) {
        return respond(StatusCode::OK, &key, &bytes);
    }
    // `/metier/veille` → `/metier/veille/` when that page exists.
    let folder = format!("{key}/index.html");
    if !key.ends_with(".html") && files.contains_key(&folder) {
        let query = uri.query().map(|q| format!("?{q}")).unwrap_or_default();
        let location = format!("{}/{query}", uri.path());
        return (
            StatusCode::PERMANENT_REDIRECT,
            [(header::LOCATION, location)],
        )
            .into_response();
    }
    match files.get("404.html").and_then(|c| read(c, &shared.root)) {
        Some(bytes) => respond(StatusCode::NOT_FOUND, "404.html", &bytes),
        None => (StatusCode::NOT_FOUND, "not found\n").into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths_map_to_files() {
        assert_eq!(file_key("/").unwrap(), "index.html");
        assert_eq!(
            file_key("/metier/veille/").unwrap(),
            "metier/veille/index.html"
        );
        assert_eq!(file_key("/style.css").unwrap(), "style.css");
        assert_eq!(file_key("/%C3%A9t%C3%A9/").unwrap(), "été/index.html");
    }

    #[test]
    fn traversal_is_refused() {
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/a/%2E%2E/%2e%2e/x",
            "/a\\..\\b",
            "/%5c..%5cb",
            "/c:/windows",
            "/%00",
        ] {
            assert_eq!(file_key(bad), Err(BadPath::Malformed), "{bad}");
        }
        assert_eq!(file_key("//etc/passwd").unwrap(), "etc/passwd");
    }
}
