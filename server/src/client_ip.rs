//! The client's address, for rate limits and logs.
//!
//! It is the socket's peer, unless the peer is one of the configured trusted
//! proxies (`--trusted-proxies`): only then are `Forwarded` (RFC 7239) or,
//! without it, `X-Forwarded-For` read. Each proxy appends the address it
//! received the request from, so the list is walked from the right, past
//! the trusted proxies, and the first address that is not one of them is
//! the client. Anything before it was written by the client itself and is
//! ignored: a spoofed header from a direct connection changes nothing.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use app::server::ClientIp;
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::HeaderMap;
use ipnet::IpNet;

/// The proxies whose forwarding headers are believed.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Arc<Vec<IpNet>>);

impl TrustedProxies {
    /// From CIDRs (`10.0.0.0/8`, `::1/128`) or single addresses.
    pub fn parse(entries: &[String]) -> Result<Self, String> {
        let mut nets = Vec::new();
        for entry in entries.iter().map(|e| e.trim()).filter(|e| !e.is_empty()) {
            let net = entry
                .parse::<IpNet>()
                .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| format!("not an address or CIDR range: {entry}"))?;
            nets.push(net);
        }
        Ok(TrustedProxies(Arc::new(nets)))
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// The client's address for a request that came from `peer`.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = canonical(peer);
        if !self.trusts(peer) {
            return peer;
        }
        let hops = forwarded_for(headers);
        let mut client = peer;
        for hop in hops.iter().rev() {
            match hop {
                Some(ip) => {
                    client = canonical(*ip);
                    if !self.trusts(client) {
                        return client;
                    }
                }
                // An obfuscated or unreadable hop ("unknown"): nothing
                // beyond it can be checked, so the last trusted hop stands.
                None => return client,
            }
        }
        client
    }
}

/// IPv4 addresses seen over IPv6 sockets (`::ffff:1.2.3.4`) as IPv4.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// The forwarded-for hops, nearest the client first: from `Forwarded` when
/// present, else from `X-Forwarded-For`. None for a hop that is not an IP.
fn forwarded_for(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let forwarded: Vec<&str> = headers
        .get_all(http::header::FORWARDED)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    if !forwarded.is_empty() {
        return forwarded
            .iter()
            .flat_map(|line| line.split(','))
            .filter_map(|element| {
                element.split(';').find_map(|pair| {
                    let (key, value) = pair.split_once('=')?;
                    key.trim()
                        .eq_ignore_ascii_case("for")
                        .then(|| node_address(value.trim()))
                })
            })
            .collect();
    }
    headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|line| line.split(','))
        .map(|hop| node_address(hop.trim()))
        .collect()
}

/// An address from a `for=` node or an X-Forwarded-For entry: quoted or
/// not, IPv6 in brackets, with or without a port.
fn node_address(node: &str) -> Option<IpAddr> {
    let node = node.trim_matches('"');
    if let Ok(ip) = node.parse::<IpAddr>() {
        return Some(ip);
    }
    if let Ok(socket) = node.parse::<SocketAddr>() {
        return Some(socket.ip());
    }
    let bracketed = node.strip_prefix('[')?;
    bracketed.split(']').next()?.parse().ok()
}

/// Sets [`ClientIp`] on every request, for the rate limits, the API and
/// the request's log span.
pub async fn resolve(
    State(trusted): State<TrustedProxies>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip());
    if let Some(peer) = peer {
        let client = trusted.client(peer, request.headers());
        request.extensions_mut().insert(ClientIp(client));
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap_or(IpAddr::from([0, 0, 0, 0]))
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.append(*k, HeaderValue::from_static(v));
        }
        map
    }

    fn trusted(list: &[&str]) -> TrustedProxies {
        let list: Vec<String> = list.iter().map(|s| s.to_string()).collect();
        TrustedProxies::parse(&list).unwrap_or_default()
    }

    #[test]
    fn a_spoofed_header_from_an_untrusted_peer_is_ignored() {
        let spoofed = headers(&[("x-forwarded-for", "9.9.9.9"), ("forwarded", "for=8.8.8.8")]);
        // Nothing trusted: the peer, whatever the headers say.
        assert_eq!(
            trusted(&[]).client(ip("203.0.113.5"), &spoofed),
            ip("203.0.113.5")
        );
        // A proxy is trusted, but this request did not come through it.
        let proxy = trusted(&["10.0.0.0/8"]);
        assert_eq!(proxy.client(ip("203.0.113.5"), &spoofed), ip("203.0.113.5"));
    }

    #[test]
    fn behind_a_trusted_proxy_the_forwarded_client_counts() {
        let proxy = trusted(&["127.0.0.1", "10.0.0.0/8"]);
        let xff = headers(&[("x-forwarded-for", "198.51.100.7")]);
        assert_eq!(proxy.client(ip("127.0.0.1"), &xff), ip("198.51.100.7"));
        // The client prepended a lie; nginx appended the real address.
        let chain = headers(&[("x-forwarded-for", "1.2.3.4, 198.51.100.7, 10.1.2.3")]);
        assert_eq!(proxy.client(ip("10.0.0.1"), &chain), ip("198.51.100.7"));
        // Several header lines are one list, in order.
        let lines = headers(&[
            ("x-forwarded-for", "1.2.3.4"),
            ("x-forwarded-for", "198.51.100.9"),
        ]);
        assert_eq!(proxy.client(ip("127.0.0.1"), &lines), ip("198.51.100.9"));
        // No header: the proxy itself.
        assert_eq!(
            proxy.client(ip("127.0.0.1"), &HeaderMap::new()),
            ip("127.0.0.1")
        );
        // Only trusted hops: the one nearest the client.
        let inner = headers(&[("x-forwarded-for", "10.9.9.9, 10.1.1.1")]);
        assert_eq!(proxy.client(ip("127.0.0.1"), &inner), ip("10.9.9.9"));
    }

    #[test]
    fn forwarded_header_syntax() {
        let proxy = trusted(&["::1", "127.0.0.0/8"]);
        let h = headers(&[(
            "forwarded",
            "for=\"[2001:db8:cafe::17]:4711\";proto=https, For=192.0.2.60;by=203.0.113.43",
        )]);
        assert_eq!(proxy.client(ip("::1"), &h), ip("192.0.2.60"));
        let v6 = headers(&[("forwarded", "for=\"[2001:db8:cafe::17]:4711\"")]);
        assert_eq!(proxy.client(ip("127.0.0.1"), &v6), ip("2001:db8:cafe::17"));
        // Forwarded wins over X-Forwarded-For.
        let both = headers(&[
            ("forwarded", "for=192.0.2.1"),
            ("x-forwarded-for", "192.0.2.2"),
        ]);
        assert_eq!(proxy.client(ip("127.0.0.1"), &both), ip("192.0.2.1"));
        // An obfuscated hop: the trusted proxy's own address stands.
        let hidden = headers(&[("forwarded", "for=_hidden")]);
        assert_eq!(proxy.client(ip("127.0.0.1"), &hidden), ip("127.0.0.1"));
        let with_port = headers(&[("x-forwarded-for", "192.0.2.3:5555")]);
        assert_eq!(proxy.client(ip("127.0.0.1"), &with_port), ip("192.0.2.3"));
    }

    #[test]
    fn ipv4_over_ipv6_sockets_and_bad_entries() {
        let proxy = trusted(&["127.0.0.1"]);
        let xff = headers(&[("x-forwarded-for", "198.51.100.7")]);
        assert_eq!(
            proxy.client(ip("::ffff:127.0.0.1"), &xff),
            ip("198.51.100.7")
        );
        assert!(TrustedProxies::parse(&["10.0.0.0/33".into()]).is_err());
        assert!(TrustedProxies::parse(&["proxy.example".into()]).is_err());
    }
}
