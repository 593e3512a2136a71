//! Which `Host` a request to the preview may name. A web page anywhere can
//! make a browser send requests to 127.0.0.1 under a name of its own that it
//! points there (DNS rebinding) and read the answers, the unpublished preview
//! included; the name it has to use gives it away.

use std::net::{IpAddr, SocketAddr};

/// Whether `host`, the `Host` header of a request, names the preview
/// listening on `addr`: a loopback name or address when it listens on
/// loopback, the address it listens on, or any address of this machine
/// when it listens on all of them. Never a name other than `localhost`:
/// only a name can be pointed somewhere else.
pub fn is_own(host: &str, addr: SocketAddr) -> bool {
    let Some((name, port)) = split(host) else {
        return false;
    };
    if port.is_some_and(|port| port != addr.port()) {
        return false;
    }
    let listening = addr.ip();
    if name.eq_ignore_ascii_case("localhost") {
        return listening.is_loopback() || listening.is_unspecified();
    }
    let Ok(ip) = name.parse::<IpAddr>() else {
        return false;
    };
    ip == listening || listening.is_unspecified() || (listening.is_loopback() && ip.is_loopback())
}

/// The name or address of a `Host` header and its port, if it has one.
fn split(host: &str) -> Option<(&str, Option<u16>)> {
    let (name, port) = if let Some(rest) = host.strip_prefix('[') {
        let (ip, after) = rest.split_once(']')?;
        match after {
            "" => (ip, None),
            _ => (ip, Some(after.strip_prefix(':')?)),
        }
    } else {
        match host.rsplit_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host, None),
        }
    };
    let port = match port {
        Some(port) => Some(port.parse().ok()?),
        None => None,
    };
    (!name.is_empty()).then_some((name, port))
}

#[cfg(test)]
mod tests {
    use super::is_own;

    #[test]
    fn loopback_names_are_its_own_and_other_names_are_not() {
        let addr = "127.0.0.1:1111".parse().unwrap();
        for host in [
            "127.0.0.1:1111",
            "localhost:1111",
            "LOCALHOST:1111",
            "[::1]:1111",
            "127.0.0.1",
        ] {
            assert!(is_own(host, addr), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:1111",
            "127.0.0.1.nip.io:1111",
            "localhost.evil.example:1111",
            "127.0.0.1:2222",
            "192.168.1.5:1111",
            "",
            ":1111",
            "[::1",
            "127.0.0.1:port",
        ] {
            assert!(!is_own(host, addr), "{host}");
        }
    }

    #[test]
    fn a_preview_on_the_network_answers_to_addresses_only() {
        let all = "0.0.0.0:8080".parse().unwrap();
        assert!(is_own("192.168.1.5:8080", all));
        assert!(is_own("localhost:8080", all));
        assert!(!is_own("hyoka.evil.example:8080", all));
        let one = "192.168.1.5:8080".parse().unwrap();
        assert!(is_own("192.168.1.5:8080", one));
        assert!(!is_own("192.168.1.6:8080", one));
        assert!(!is_own("localhost:8080", one));
    }
}
