//! Webhook targets must not reach loopback, private, link-local, cloud-metadata or any
//! other special-purpose address (the IANA IPv4 and IPv6 special-purpose registries,
//! plus multicast and reserved space), unless configuration allows it for local testing.
//! A name is resolved once; the delivery connects to the addresses that were checked.

use std::net::{IpAddr, SocketAddr};
use std::sync::OnceLock;

use ipnet::IpNet;
use reqwest::Url;

/// Why a target was refused.
pub type Refusal = String;

/// Every range a webhook may not reach (RFC 6890 and the IANA registries as of 2025).
const SPECIAL: [&str; 38] = [
    // IPv4
    "0.0.0.0/8",
    "10.0.0.0/8",
    "100.64.0.0/10",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "172.16.0.0/12",
    "192.0.0.0/24",
    "192.0.2.0/24",
    "192.31.196.0/24",
    "192.52.193.0/24",
    "192.88.99.0/24",
    "192.168.0.0/16",
    "192.175.48.0/24",
    "198.18.0.0/15",
    "198.51.100.0/24",
    "203.0.113.0/24",
    "224.0.0.0/4",
    "240.0.0.0/4",
    "255.255.255.255/32",
    // IPv6
    "::/127",
    "::/96",
    "::ffff:0:0/96",
    "64:ff9b::/96",
    "64:ff9b:1::/48",
    "100::/64",
    "2001::/23",
    "2001:db8::/32",
    "2002::/16",
    "2620:4f:8000::/48",
    "3fff::/20",
    "5f00::/16",
    "fc00::/7",
    "fe80::/10",
    "fec0::/10",
    "ff00::/8",
    "2001:10::/28",
    "2001:20::/28",
    "2001::/32",
];

fn special() -> &'static [IpNet] {
    static NETS: OnceLock<Vec<IpNet>> = OnceLock::new();
    NETS.get_or_init(|| SPECIAL.iter().filter_map(|n| n.parse().ok()).collect())
}

/// Whether an address is internal or special-purpose (loopback, private, link-local
/// incl. 169.254.169.254, shared, benchmarking, NAT64, 6to4, reserved, …). IPv4-mapped
/// IPv6 addresses count as their IPv4 address.
pub fn is_internal(ip: IpAddr) -> bool {
    let ip = match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    };
    special().iter().any(|net| net.contains(&ip))
}

/// Checks a target URL's form (scheme, host, no credentials).
pub fn check_url(raw: &str, allow_http: bool) -> Result<Url, Refusal> {
    let url = Url::parse(raw).map_err(|e| format!("not a URL: {e}"))?;
    match url.scheme() {
        "https" => {}
        "http" if allow_http => {}
        other => return Err(format!("the scheme must be https (got {other})")),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("credentials in the URL are not allowed".into());
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err("the URL names no host".into());
    }
    Ok(url)
}

/// Resolves the URL's host once and refuses internal addresses unless allowed; returns
/// the checked addresses, which the caller must connect to (never resolving again, so a
/// DNS answer that changes between check and use cannot reach an internal address).
pub async fn check_target(
    url: &Url,
    allow_private: bool,
    resolver: &super::resolve::Resolver,
) -> Result<Vec<SocketAddr>, Refusal> {
    let host = url.host_str().ok_or("the URL names no host")?;
    let port = url.port_or_known_default().unwrap_or(443);
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let addrs: Vec<SocketAddr> = match host.parse::<IpAddr>() {
        Ok(ip) => vec![SocketAddr::new(ip, port)],
        Err(_) => resolver.lookup(host, port).await.map_err(|e| format!("cannot resolve {host}: {e}"))?,
    };
    if addrs.is_empty() {
        return Err(format!("{host} resolves to no address"));
    }
    if !allow_private {
        if let Some(a) = addrs.iter().find(|a| is_internal(a.ip())) {
            return Err(format!("{host} resolves to an internal address ({})", a.ip()));
        }
    }
    Ok(addrs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_addresses_are_recognised() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "192.0.0.8",
            "198.19.1.1",
            "240.0.0.1",
            "255.255.255.255",
            "64:ff9b::a00:1",
            "2002:a00:1::",
            "2001:db8::1",
            "224.0.0.1",
        ] {
            assert!(is_internal(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111"] {
            assert!(!is_internal(ip.parse().unwrap()), "{ip}");
        }
    }

    #[test]
    fn urls_need_https_and_no_credentials() {
        assert!(check_url("https://city.example/hooks", false).is_ok());
        assert!(check_url("http://city.example/hooks", false).is_err());
        assert!(check_url("http://city.example/hooks", true).is_ok());
        assert!(check_url("https://user:pw@city.example/", false).is_err());
        assert!(check_url("ftp://city.example/", true).is_err());
        assert!(check_url("not a url", true).is_err());
    }
}
