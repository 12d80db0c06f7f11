//! Which `Host` values the preview answers, against DNS rebinding: a page on `evil.example`
//! whose name is re-pointed at 127.0.0.1 reaches the preview with `Host: evil.example:PORT`,
//! and could read drafts and the event stream. Only names that no outside page can control
//! are answered: `localhost`, loopback addresses, the bound address, all with the bound port.
//!
//! Listening on every interface (`--interface 0.0.0.0` or `::`), other machines must be able
//! to name this one, so any IP literal is accepted too, and this machine's host name (with
//! `.local`, as mDNS spells it). That stays safe: rebinding needs a DNS name the attacker
//! controls, and a page served from an IP literal is of that IP's own origin, so the browser
//! never hands its answers to another site.

use std::net::{IpAddr, SocketAddr};

use axum::http::uri::Authority;

/// The `Host` values (name and port) the server answers.
#[derive(Debug, Clone)]
pub(crate) struct AllowedHosts {
    bound: SocketAddr,
    /// This machine's names, lower-cased (only when listening on every interface).
    names: Vec<String>,
}

impl AllowedHosts {
    /// The hosts of a server listening on `bound`.
    pub(crate) fn new(bound: SocketAddr) -> AllowedHosts {
        let names = if bound.ip().is_unspecified() {
            machine_names()
        } else {
            Vec::new()
        };
        AllowedHosts { bound, names }
    }

    /// This machine's names that other machines may use, for the start-up message.
    pub(crate) fn machine_names(&self) -> &[String] {
        &self.names
    }

    /// Why a request was refused, and where the preview is.
    pub(crate) fn refusal(&self) -> String {
        let port = self.bound.port();
        let others = if self.bound.ip().is_unspecified() {
            " (or this machine's name or IP address)"
        } else {
            ""
        };
        format!(
            "this preview answers only requests addressed to localhost, 127.0.0.1 or [::1] on \
             port {port}{others}, against DNS rebinding: open http://127.0.0.1:{port}/\n"
        )
    }

    /// Whether a request whose `Host` header (or absolute-form authority) is `host` is answered.
    pub(crate) fn allows(&self, host: &str) -> bool {
        // Parsed as HTTP reads an authority: `name`, `name:port`, `[v6]:port`.
        let Ok(authority) = host.trim().parse::<Authority>() else {
            return false;
        };
        if authority.as_str().contains('@') {
            return false;
        }
        // Without a port a browser means 80: the bound port must be 80 then.
        if authority.port_u16().unwrap_or(80) != self.bound.port() {
            return false;
        }
        let name = authority.host().to_ascii_lowercase();
        if name == "localhost" {
            return true;
        }
        let literal = name.strip_prefix('[').and_then(|n| n.strip_suffix(']'));
        if let Ok(ip) = literal.unwrap_or(&name).parse::<IpAddr>() {
            // An IPv6 literal is only valid in brackets.
            if ip.is_ipv6() != literal.is_some() {
                return false;
            }
            return ip.is_loopback() || ip == self.bound.ip() || self.bound.ip().is_unspecified();
        }
        self.names.contains(&name)
    }
}

/// The host name of this machine, and its mDNS name, lower-cased.
fn machine_names() -> Vec<String> {
    let name = ["/proc/sys/kernel/hostname", "/etc/hostname"]
        .iter()
        .find_map(|f| std::fs::read_to_string(f).ok())
        .map(|n| n.trim().to_ascii_lowercase())
        .filter(|n| !n.is_empty() && n != "localhost");
    match name {
        Some(n) if n.ends_with(".local") => vec![n],
        Some(n) => vec![format!("{n}.local"), n],
        None => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// As [`AllowedHosts::new`], with `atelier` as this machine's name.
    fn hosts(bound: &str) -> AllowedHosts {
        let bound: SocketAddr = bound.parse().unwrap();
        let names = if bound.ip().is_unspecified() {
            vec!["atelier".into(), "atelier.local".into()]
        } else {
            Vec::new()
        };
        AllowedHosts { bound, names }
    }

    #[test]
    fn loopback_names_with_the_bound_port_are_answered() {
        let h = hosts("127.0.0.1:4000");
        for good in [
            "127.0.0.1:4000",
            "localhost:4000",
            "LocalHost:4000",
            "[::1]:4000",
            "127.0.0.2:4000",
        ] {
            assert!(h.allows(good), "{good}");
        }
    }

    #[test]
    fn other_names_and_ports_are_refused() {
        let h = hosts("127.0.0.1:4000");
        for bad in [
            "evil.example.com:4000",
            "evil.example.com",
            "localhost.evil.example:4000",
            "127.0.0.1:4001",
            "127.0.0.1",
            "localhost",
            "192.168.1.5:4000",
            "::1:4000",
            "[127.0.0.1]:4000",
            "127.0.0.1:notaport",
            "",
            // The machine's names are for a server listening on every interface only.
            "atelier:4000",
        ] {
            assert!(!h.allows(bad), "{bad}");
        }
    }

    #[test]
    fn port_80_may_be_left_out() {
        let h = hosts("127.0.0.1:80");
        assert!(h.allows("localhost"));
        assert!(h.allows("127.0.0.1:80"));
        assert!(!h.allows("localhost:8080"));
    }

    #[test]
    fn every_interface_adds_ip_literals_and_the_machine_names() {
        let h = hosts("0.0.0.0:4000");
        for good in [
            "192.168.1.5:4000",
            "[fe80::1]:4000",
            "atelier:4000",
            "atelier.local:4000",
            "localhost:4000",
        ] {
            assert!(h.allows(good), "{good}");
        }
        for bad in [
            "evil.example.com:4000",
            "192.168.1.5:4001",
            "atelier.evil:4000",
        ] {
            assert!(!h.allows(bad), "{bad}");
        }
    }
}
