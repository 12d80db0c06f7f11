//! The accept loop of `serve`: hyper's HTTP/1 server with a header-read timeout, so that
//! connections that never finish their request (slowloris: 1,000 half-sent requests were held
//! open for ever under `axum::serve`, which sets no timer) are dropped, and a `Host` check in
//! front of every route, the event stream included (see [`hosts`](super::hosts)).

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;

use crate::serve::hosts::AllowedHosts;

/// How long a client may take to send a request's headers before it is disconnected.
pub(crate) const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// Overrides [`HEADER_TIMEOUT`] in milliseconds; meant for tests, which cannot wait 10 s.
pub(crate) const HEADER_TIMEOUT_VAR: &str = "CMBOOK_SERVE_HEADER_TIMEOUT_MS";

/// The header-read timeout: [`HEADER_TIMEOUT`], or [`HEADER_TIMEOUT_VAR`] when set.
pub(crate) fn header_timeout() -> Duration {
    std::env::var(HEADER_TIMEOUT_VAR)
        .ok()
        .and_then(|ms| ms.trim().parse().ok())
        .map_or(HEADER_TIMEOUT, Duration::from_millis)
}

/// Answers 421 to a request whose `Host` (or absolute-form authority) is not one of `hosts`.
async fn check_host(
    State(hosts): State<Arc<AllowedHosts>>,
    request: Request,
    next: Next,
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok());
    let authority = request.uri().authority().map(|a| a.as_str());
    let allowed =
        host.is_some_and(|h| hosts.allows(h)) && authority.is_none_or(|a| hosts.allows(a));
    if allowed {
        return next.run(request).await;
    }
    (StatusCode::MISDIRECTED_REQUEST, hosts.refusal()).into_response()
}

/// Serves `router` on `listener` until `stop` completes, answering only `hosts`.
pub(crate) async fn run(
    listener: tokio::net::TcpListener,
    router: Router,
    hosts: AllowedHosts,
    timeout: Duration,
    stop: impl std::future::Future<Output = ()>,
) {
    let router = router.layer(middleware::from_fn_with_state(Arc::new(hosts), check_host));
    let accept = async move {
        loop {
            let stream = match listener.accept().await {
                Ok((stream, _)) => stream,
                // Out of file descriptors or a connection reset before it was taken: wait a
                // little rather than spin, as axum::serve does.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            };
            let service = TowerToHyperService::new(router.clone());
            tokio::spawn(async move {
                let mut builder = hyper::server::conn::http1::Builder::new();
                builder
                    .timer(TokioTimer::new())
                    .header_read_timeout(timeout);
                // A client that goes away or times out ends its connection: nothing to report.
                let _ = builder
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    };
    tokio::select! {
        () = accept => {}
        () = stop => {}
    }
}
