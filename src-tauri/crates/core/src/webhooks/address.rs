//! Where a webhook may point: `https://` anywhere; plain `http://` only to this computer,
//! or to the shop's own network when the manager allowed it in Settings. Nothing else.

use std::net::IpAddr;

use crate::{Code, Error, Result};

/// The longest URL accepted.
const MAX_LEN: usize = 2048;

/// Checks `url` and returns it trimmed.
pub fn check(url: &str, allow_lan: bool) -> Result<String> {
    let url = url.trim();
    let bad = |why: &str| Error::new(Code::ValidationError, format!("url: {why}"));
    if url.is_empty() {
        return Err(bad("give the address of the endpoint (https://…)"));
    }
    if url.len() > MAX_LEN {
        return Err(bad(&format!("at most {MAX_LEN} characters")));
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad("an address has no spaces"));
    }
    let (scheme, rest) = url
        .split_once("://")
        .ok_or_else(|| bad("start with https:// (or http:// for this computer)"))?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return Err(bad("user names and passwords do not go in the address"));
    }
    let host = host_of(authority).ok_or_else(|| bad("no host name"))?;
    match scheme.to_ascii_lowercase().as_str() {
        "https" => Ok(url.to_owned()),
        "http" if is_loopback(&host) => Ok(url.to_owned()),
        "http" if allow_lan && is_lan(&host) => Ok(url.to_owned()),
        "http" if is_lan(&host) => Err(bad(
            "plain http:// to another computer of the shop is off; turn on \"webhooks on the \
             shop's network\" in Settings, or use https://",
        )),
        "http" => Err(bad(
            "plain http:// only reaches this computer (127.0.0.1, localhost); use https://",
        )),
        _ => Err(bad("start with https:// (or http:// for this computer)")),
    }
}

/// The host of `host[:port]` or `[v6]:port`, lowercased, brackets removed.
fn host_of(authority: &str) -> Option<String> {
    let host = if let Some(v6) = authority.strip_prefix('[') {
        v6.split(']').next()?
    } else {
        authority.split(':').next()?
    };
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

fn is_loopback(host: &str) -> bool {
    host == "localhost" || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// A private address, or a name only the shop's own network resolves (`caja2`, `pos.local`).
fn is_lan(host: &str) -> bool {
    match host.parse::<IpAddr>() {
        Ok(IpAddr::V4(ip)) => ip.is_private() || ip.is_link_local(),
        Ok(IpAddr::V6(ip)) => {
            let first = ip.segments()[0];
            (first & 0xfe00) == 0xfc00 || (first & 0xffc0) == 0xfe80
        }
        Err(_) => !host.contains('.') || host.ends_with(".local") || host.ends_with(".lan"),
    }
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn https_anywhere_http_only_here_or_on_the_shops_network_when_allowed() {
        assert!(check("https://pos.example.com/hooks", false).is_ok());
        assert!(check(" http://127.0.0.1:8080/h ", false).is_ok());
        assert!(check("http://localhost/h", false).is_ok());
        assert!(check("http://[::1]:9/h", false).is_ok());
        assert!(check("http://192.168.1.20/h", false).is_err());
        assert!(check("http://192.168.1.20/h", true).is_ok());
        assert!(check("http://caja2:8080/h", true).is_ok());
        assert!(check("http://pos.example.com/h", true).is_err());
        assert!(check("http://8.8.8.8/h", true).is_err());
        assert!(check("ftp://127.0.0.1/h", false).is_err());
        assert!(check("https://user:pw@pos.example.com/h", false).is_err());
        assert!(check("pos.example.com", false).is_err());
        assert!(check("", false).is_err());
        assert!(check("https:///x", false).is_err());
    }
}
