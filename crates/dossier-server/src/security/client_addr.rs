//! The client's address (SPEC §10): the TCP peer, or, only when the peer is a trusted proxy,
//! the last untrusted hop of `X-Forwarded-For` read from the right. The header is never believed
//! otherwise, so a client cannot choose the address its limits are counted under.

use axum::extract::{ConnectInfo, Request, State};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;
use ipnet::IpNet;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};

/// The client address of a request, set by [`middleware`] for every handler.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

impl ClientAddr {
    /// The key that limits are counted under: the IPv4 address, or the /64 network of an IPv6
    /// address (one subscriber holds a whole /64, so counting single IPv6 addresses would let
    /// one client rotate through billions of them).
    pub fn bucket(self) -> String {
        match network(self.0) {
            IpAddr::V4(v4) => v4.to_string(),
            IpAddr::V6(net) => format!("{net}/64"),
        }
    }
}

impl std::fmt::Display for ClientAddr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// What one client is counted as: an IPv4 address, or the /64 network of an IPv6 address.
pub fn network(ip: IpAddr) -> IpAddr {
    match canonical(ip) {
        IpAddr::V6(v6) => {
            let s = v6.segments();
            IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
        }
        v4 => v4,
    }
}

/// IPv4-mapped IPv6 addresses (`::ffff:1.2.3.4`) count as the IPv4 address.
pub fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 @ IpAddr::V4(_) => v4,
    }
}

pub fn is_trusted(ip: IpAddr, trusted: &[IpNet]) -> bool {
    trusted.iter().any(|net| net.contains(&ip))
}

/// One hop of `X-Forwarded-For`: an address, possibly with a port (`1.2.3.4:80`, `[::1]:80`).
fn parse_hop(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim();
    if let Ok(ip) = hop.parse::<IpAddr>() {
        return Some(canonical(ip));
    }
    hop.parse::<SocketAddr>().ok().map(|s| canonical(s.ip()))
}

/// The client address of a request that came from `peer`.
pub fn resolve(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let peer = canonical(peer);
    if !is_trusted(peer, trusted) {
        return peer;
    }
    // Read every X-Forwarded-For header as one list, from the right (the nearest hop). Hops are
    // decoded one by one: a client's garbage in the same line cannot hide the hops after it.
    let hops: Vec<&[u8]> = headers
        .get_all("x-forwarded-for")
        .iter()
        .flat_map(|v| v.as_bytes().split(|b| *b == b','))
        .collect();
    let mut last_trusted = peer;
    for hop in hops.iter().rev() {
        match std::str::from_utf8(hop).ok().and_then(parse_hop) {
            Some(ip) if is_trusted(ip, trusted) => last_trusted = ip,
            Some(ip) => return ip,
            // A trusted proxy writes real addresses; garbage came from further out.
            None => return last_trusted,
        }
    }
    last_trusted
}

/// Sets [`ClientAddr`] on every request.
pub async fn middleware(
    State(trusted): State<std::sync::Arc<Vec<IpNet>>>,
    mut req: Request,
    next: Next,
) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::from([0, 0, 0, 0]), |c| c.0.ip());
    let client = resolve(peer, req.headers(), &trusted);
    req.extensions_mut().insert(ClientAddr(client));
    next.run(req).await
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use axum::http::HeaderValue;

    fn headers(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("x-forwarded-for", HeaderValue::from_str(v).unwrap());
        }
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn the_header_is_ignored_unless_the_peer_is_trusted() {
        let trusted: Vec<IpNet> = vec!["10.0.0.0/8".parse().unwrap()];
        let h = headers(&["1.1.1.1"]);
        assert_eq!(resolve(ip("203.0.113.9"), &h, &trusted), ip("203.0.113.9"));
        assert_eq!(resolve(ip("203.0.113.9"), &h, &[]), ip("203.0.113.9"));
        assert_eq!(resolve(ip("10.1.2.3"), &h, &trusted), ip("1.1.1.1"));
    }

    #[test]
    fn the_last_untrusted_hop_wins() {
        let trusted: Vec<IpNet> = vec![
            "10.0.0.0/8".parse().unwrap(),
            "192.168.0.0/16".parse().unwrap(),
        ];
        // The client forged "6.6.6.6"; the proxies appended what they saw.
        let h = headers(&["6.6.6.6, 198.51.100.7", "192.168.1.1"]);
        assert_eq!(resolve(ip("10.0.0.1"), &h, &trusted), ip("198.51.100.7"));
        // Only trusted hops: the leftmost of them.
        let h = headers(&["192.168.1.1, 10.0.0.2"]);
        assert_eq!(resolve(ip("10.0.0.1"), &h, &trusted), ip("192.168.1.1"));
        // Garbage to the left of trusted hops: the last trusted hop.
        let h = headers(&["not-an-ip, 192.168.1.1"]);
        assert_eq!(resolve(ip("10.0.0.1"), &h, &trusted), ip("192.168.1.1"));
        // A client's non-ASCII garbage merged into the proxy's line does not hide the real hop.
        let mut h = HeaderMap::new();
        h.append(
            "x-forwarded-for",
            HeaderValue::from_bytes(b"\xff\xfe, 198.51.100.9").unwrap(),
        );
        assert_eq!(resolve(ip("10.0.0.1"), &h, &trusted), ip("198.51.100.9"));
        // Ports and IPv6 brackets.
        let h = headers(&["[2001:db8::1]:4711"]);
        assert_eq!(resolve(ip("10.0.0.1"), &h, &trusted), ip("2001:db8::1"));
        let h = headers(&["198.51.100.8:80"]);
        assert_eq!(resolve(ip("10.0.0.1"), &h, &trusted), ip("198.51.100.8"));
        // No header: the peer.
        assert_eq!(
            resolve(ip("10.0.0.1"), &HeaderMap::new(), &trusted),
            ip("10.0.0.1")
        );
    }

    #[test]
    fn buckets_group_ipv6_by_64_and_unmap_ipv4() {
        assert_eq!(network(ip("2001:db8:1:2:3:4:5:6")), ip("2001:db8:1:2::"));
        assert_eq!(network(ip("::ffff:192.0.2.1")), ip("192.0.2.1"));
        assert_eq!(
            ClientAddr(ip("2001:db8:1:2:3:4:5:6")).bucket(),
            "2001:db8:1:2::/64"
        );
        assert_eq!(
            ClientAddr(canonical(ip("::ffff:192.0.2.1"))).bucket(),
            "192.0.2.1"
        );
    }
}
