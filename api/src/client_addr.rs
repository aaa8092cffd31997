//! The one answer to "which address is this client at?", used by every per-address
//! limit (sign-in throttling, public tips). Behind a load balancer the TCP peer is the
//! balancer, so the address it forwards is believed, but only from proxies the operator
//! listed in `HAZARD_TRUSTED_PROXIES`: anyone else could write any `X-Forwarded-For`.

use std::net::{IpAddr, SocketAddr};

use actix_web::http::header::HeaderMap;
use actix_web::{web, HttpRequest};
use ipnet::IpNet;

use crate::state::AppState;

/// The client address of `req` as text (`unknown` when the peer is not known).
pub fn of(req: &HttpRequest) -> String {
    let trusted = req.app_data::<web::Data<AppState>>().map_or(&[][..], |s| &s.settings.limits.trusted_proxies[..]);
    client_ip(req.headers(), req.peer_addr(), trusted).map_or_else(|| "unknown".to_owned(), |ip| ip.to_string())
}

/// Walks the forwarding chain from the nearest hop outwards and stops at the first
/// address that is not a trusted proxy: that is the client. Hops a trusted proxy did not
/// vouch for are never believed, and a chain made only of proxies yields its far end.
pub fn client_ip(headers: &HeaderMap, peer: Option<SocketAddr>, trusted: &[IpNet]) -> Option<IpAddr> {
    let mut current = canonical(peer?.ip());
    if !is_trusted(current, trusted) {
        return Some(current);
    }
    for hop in forwarded_chain(headers).into_iter().rev() {
        let Some(ip) = hop else { break };
        current = canonical(ip);
        if !is_trusted(current, trusted) {
            break;
        }
    }
    Some(current)
}

fn is_trusted(ip: IpAddr, trusted: &[IpNet]) -> bool {
    trusted.iter().any(|net| net.contains(&ip))
}

/// IPv4 peers reached over an IPv6 socket count as their IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// The `for=` addresses of `Forwarded` (RFC 7239) when present, else `X-Forwarded-For`,
/// nearest hop last; an entry that is not an address (`unknown`, an obfuscated name,
/// garbage) is `None` and ends the walk there.
fn forwarded_chain(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let forwarded: Vec<&str> = headers.get_all("forwarded").filter_map(|v| v.to_str().ok()).collect();
    if !forwarded.is_empty() {
        return forwarded
            .iter()
            .flat_map(|v| v.split(','))
            .map(|element| {
                element
                    .split(';')
                    .filter_map(|pair| pair.trim().split_once('='))
                    .find(|(k, _)| k.trim().eq_ignore_ascii_case("for"))
                    .and_then(|(_, v)| parse_node(v.trim().trim_matches('"')))
            })
            .collect();
    }
    headers
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|s| parse_node(s.trim()))
        .collect()
}

/// `1.2.3.4`, `1.2.3.4:5678`, `[2001:db8::1]`, `[2001:db8::1]:443` or a bare IPv6 address.
fn parse_node(s: &str) -> Option<IpAddr> {
    if let Ok(ip) = s.parse::<IpAddr>() {
        return Some(ip);
    }
    if let Ok(sa) = s.parse::<SocketAddr>() {
        return Some(sa.ip());
    }
    s.strip_prefix('[').and_then(|r| r.split(']').next()).and_then(|r| r.parse().ok())
}

#[cfg(test)]
mod tests {
    use actix_web::http::header::{HeaderName, HeaderValue};

    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(HeaderName::from_static(k), HeaderValue::from_str(v).unwrap());
        }
        h
    }

    fn peer(s: &str) -> Option<SocketAddr> {
        Some(SocketAddr::new(s.parse().unwrap(), 4000))
    }

    fn nets(list: &[&str]) -> Vec<IpNet> {
        list.iter().map(|n| n.parse().unwrap()).collect()
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_claims() {
        let h = headers(&[("x-forwarded-for", "1.1.1.1")]);
        assert_eq!(client_ip(&h, peer("203.0.113.9"), &nets(&["10.0.0.0/8"])), "203.0.113.9".parse().ok());
        assert_eq!(client_ip(&h, peer("10.0.0.2"), &[]), "10.0.0.2".parse().ok());
    }

    #[test]
    fn a_trusted_chain_is_walked_to_the_first_untrusted_hop() {
        let trusted = nets(&["10.0.0.0/8"]);
        // The client forged the left-most entry; the proxies appended the rest.
        let h = headers(&[("x-forwarded-for", "6.6.6.6, 198.51.100.7, 10.0.0.5")]);
        assert_eq!(client_ip(&h, peer("10.0.0.2"), &trusted), "198.51.100.7".parse().ok());
        let f = headers(&[("forwarded", "for=6.6.6.6, for=\"[2001:db8::7]:443\";proto=https")]);
        assert_eq!(client_ip(&f, peer("10.0.0.2"), &trusted), "2001:db8::7".parse().ok());
        let garbage = headers(&[("x-forwarded-for", "not-an-ip")]);
        assert_eq!(client_ip(&garbage, peer("10.0.0.2"), &trusted), "10.0.0.2".parse().ok());
        assert_eq!(client_ip(&HeaderMap::new(), peer("::ffff:10.0.0.2"), &trusted), "10.0.0.2".parse().ok());
    }
}
