//! `cmbook serve`: build in memory, serve on 127.0.0.1, watch the sources, rebuild what an
//! edit changes, and tell the browser to reload (or show the build error over the page).

mod hosts;
pub(crate) mod http;
mod listen;
pub mod session;
pub(crate) mod watch;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::{mpsc, Arc, RwLock};

use tokio::sync::broadcast;

use crate::error::{Error, Result};
use crate::pipeline::BuildOptions;
use http::{Notice, Shared};
use session::{Scope, Session};

/// What `cmbook serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Site root.
    pub root: PathBuf,
    /// Address to listen on (loopback by default).
    pub interface: IpAddr,
    /// First port to try; 0 asks the system for a free one.
    pub port: u16,
    /// Publish drafts.
    pub drafts: bool,
    /// Open the site in the default browser once it is served.
    pub open: bool,
}

/// How many ports after a busy one are tried.
const PORT_ATTEMPTS: u16 = 20;

/// Binds `port`, or the next free one when it is taken (saying so).
fn bind(interface: IpAddr, port: u16, say: &dyn Fn(String)) -> Result<TcpListener> {
    let mut last = None;
    for candidate in (0..PORT_ATTEMPTS).map(|i| port.saturating_add(i)) {
        match TcpListener::bind(SocketAddr::new(interface, candidate)) {
            Ok(listener) => return Ok(listener),
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse && port != 0 => {
                say(format!(
                    "port {candidate} is already in use, trying {}",
                    candidate.saturating_add(1)
                ));
                last = Some(e);
            }
            Err(e) => {
                return Err(Error::Server(format!(
                    "cannot listen on {interface}:{candidate}: {e}"
                )))
            }
        }
    }
    Err(Error::Server(format!(
        "ports {port} to {} are all in use ({}): pass another --port",
        port.saturating_add(PORT_ATTEMPTS - 1),
        last.map(|e| e.to_string()).unwrap_or_default()
    )))
}

/// Prints what the server does; `say` goes to the terminal.
pub fn serve(mut options: ServeOptions, say: &(dyn Fn(String) + Sync)) -> Result<()> {
    // The watcher reports absolute paths: a relative root (the default `.`) would match none.
    options.root = options.root.canonicalize().map_err(|e| {
        Error::Usage(format!(
            "cannot open the site folder {}: {e}",
            options.root.display()
        ))
    })?;
    let listener = bind(options.interface, options.port, say)?;
    let address = listener
        .local_addr()
        .map_err(|e| Error::Server(e.to_string()))?;
    let hosts = hosts::AllowedHosts::new(address);
    let base_url = local_url(address);
    if address.ip().is_unspecified() {
        say(network_warning(address, &base_url, hosts.machine_names()));
    }
    let build_options = BuildOptions {
        root: options.root.clone(),
        drafts: options.drafts,
        ..BuildOptions::default()
    };
    let mut session = Session::new(build_options, base_url.clone());
    let (notices, _) = broadcast::channel(16);
    let shared = Arc::new(Shared {
        files: RwLock::new(Arc::default()),
        error: RwLock::new(None),
        notices,
        root: options.root.clone(),
    });
    apply(&shared, session.rebuild(&[]), Scope::Site, say);
    let (sender, receiver) = mpsc::channel();
    let mut watcher = watch::watch(&options.root, sender)?;
    let rebuild_shared = shared.clone();
    let root = options.root.clone();
    std::thread::spawn(move || {
        let print = |line: String| {
            println!("{line}");
            let _ = std::io::Write::flush(&mut std::io::stdout());
        };
        while let Ok(mut changed) = receiver.recv() {
            // Take every batch already waiting: one rebuild for a burst of saves.
            while let Ok(more) = receiver.try_recv() {
                changed.extend(more);
            }
            watch::watch_new_folders(&mut watcher, &root, &changed);
            let scope = session.scope(&changed);
            if scope != Scope::Nothing {
                apply(&rebuild_shared, session.rebuild(&changed), scope, &print);
            }
        }
    });
    say(format!(
        "serving {} at {base_url} (Ctrl-C to stop)",
        options.root.display()
    ));
    if options.open {
        let _ = open::that_detached(&base_url);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::Server(format!("cannot start the server: {e}")))?;
    runtime.block_on(async move {
        listener
            .set_nonblocking(true)
            .map_err(|e| Error::Server(e.to_string()))?;
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|e| Error::Server(e.to_string()))?;
        let stop = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        let timeout = listen::header_timeout();
        listen::run(listener, http::router(shared), hosts, timeout, stop).await;
        Ok::<(), Error>(())
    })?;
    say("stopped".into());
    Ok(())
}

/// The URL to open on this machine: the bound address, or loopback when listening on every
/// interface (`http://0.0.0.0:PORT/` is no address a browser can open).
fn local_url(address: SocketAddr) -> String {
    match address.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => format!("http://127.0.0.1:{}/", address.port()),
        IpAddr::V6(ip) if ip.is_unspecified() => format!("http://[::1]:{}/", address.port()),
        _ => format!("http://{address}/"),
    }
}

/// What `serve` says when it listens on every interface.
fn network_warning(address: SocketAddr, local: &str, names: &[String]) -> String {
    let port = address.port();
    let others = match names {
        [] => format!("http://<this machine's IP address>:{port}/"),
        names => names
            .iter()
            .map(|n| format!("http://{n}:{port}/"))
            .chain([format!("http://<this machine's IP address>:{port}/")])
            .collect::<Vec<_>>()
            .join(" or "),
    };
    format!(
        "warning: listening on {address}: the preview can be read by anyone on the \
         network who can reach this machine. Open {local} here, {others} from another \
         machine; leave out --interface to keep it on this machine only."
    )
}

/// Publishes a rebuild's result: new files and a reload, or the error for the overlay.
fn apply(
    shared: &Shared,
    result: Result<(session::Files, session::Rebuilt)>,
    scope: Scope,
    say: &dyn Fn(String),
) {
    match result {
        Ok((files, stats)) => {
            *shared.files.write().expect("lock") = Arc::new(files);
            *shared.error.write().expect("lock") = None;
            say(format!(
                "rebuilt in {} ms ({} pages rendered, {} unchanged)",
                stats.elapsed.as_millis(),
                stats.rendered,
                stats.reused
            ));
            let _ = shared.notices.send(if scope == Scope::Styles {
                Notice::Styles
            } else {
                Notice::Reload
            });
        }
        Err(error) => {
            let text = describe(&error);
            say(text.clone());
            *shared.error.write().expect("lock") = Some(text.clone());
            let _ = shared.notices.send(Notice::Error(text));
        }
    }
}

/// The error as the terminal and the overlay show it (no colours: the overlay is text).
pub fn describe(error: &Error) -> String {
    error.report(false)
}
