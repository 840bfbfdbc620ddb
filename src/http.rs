//! HTTP plumbing that `serve` and the desk both need, and that imports
//! neither: which host a request names, and whether that is this server.

use std::net::IpAddr;

use axum::http::{HeaderMap, header};

/// The `Host` header as the browser sent it (empty when there is none).
pub fn host(headers: &HeaderMap) -> &str {
    headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default()
}

/// Whether the request names this server: `localhost` or an IP address,
/// with `port`. A page elsewhere cannot read the preview (drafts included)
/// or reach the desk through DNS rebinding, which needs a host name.
pub fn names_this_server(headers: &HeaderMap, port: u16) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return false;
    };
    let Some((name, given)) = host.rsplit_once(':') else {
        return false;
    };
    let name = name.trim_start_matches('[').trim_end_matches(']');
    given.parse() == Ok(port)
        && (name.eq_ignore_ascii_case("localhost") || name.parse::<IpAddr>().is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_host(host: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, host.parse().unwrap());
        headers
    }

    #[test]
    fn only_addresses_and_localhost_on_the_port_name_this_server() {
        assert!(names_this_server(&with_host("127.0.0.1:8080"), 8080));
        assert!(names_this_server(&with_host("LOCALHOST:8080"), 8080));
        assert!(names_this_server(&with_host("[::1]:8080"), 8080));
        assert!(!names_this_server(&with_host("127.0.0.1:8081"), 8080));
        assert!(!names_this_server(&with_host("evil.example:8080"), 8080));
        assert!(!names_this_server(&with_host("127.0.0.1"), 8080));
        assert!(!names_this_server(&HeaderMap::new(), 8080));
    }
}
