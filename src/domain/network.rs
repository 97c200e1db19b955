//! Networks in configuration (trusted proxies, webhook targets) and where
//! webhooks may go: not into the service's own network. Loopback, private,
//! link-local (cloud metadata), shared (CGNAT), unspecified, broadcast and
//! multicast addresses are refused unless an operator lists their network as
//! allowed (e.g. an outlet's case system on the intranet).

use std::net::IpAddr;

use ipnet::IpNet;

/// An address or CIDR (`10.0.0.0/8`, `::1`), as a network.
pub fn network(text: &str) -> Option<ipnet::IpNet> {
    text.parse().ok().or_else(|| {
        text.parse::<std::net::IpAddr>()
            .ok()
            .map(ipnet::IpNet::from)
    })
}

/// Whether an address is an internal one a webhook may not reach by default.
pub fn is_internal(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
        }
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => is_internal(IpAddr::V4(v4)),
            None => {
                let first = v6.segments()[0];
                v6.is_loopback()
                    || v6.is_unspecified()
                    || v6.is_multicast()
                    || (first & 0xfe00) == 0xfc00
                    || (first & 0xffc0) == 0xfe80
            }
        },
    }
}

/// The internal networks webhooks may reach, from configuration.
#[derive(Debug, Clone, Default)]
pub struct AllowedNetworks(pub Vec<IpNet>);

impl AllowedNetworks {
    /// Parses the configured CIDRs (checked when the configuration loads).
    pub fn parse(cidrs: &[String]) -> Self {
        Self(cidrs.iter().filter_map(|c| network(c)).collect())
    }

    /// Whether a webhook may be sent to `ip`.
    pub fn allows(&self, ip: IpAddr) -> bool {
        !is_internal(ip) || self.lists(ip)
    }

    /// Whether `ip` is in a listed network, where plain `http` is accepted.
    pub fn lists(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|n| n.contains(&ip))
    }
}

/// The address a URL names literally (`https://10.0.0.5/`), which no
/// resolver sees.
pub fn literal_ip(url: &url::Url) -> Option<IpAddr> {
    match url.host()? {
        url::Host::Ipv4(ip) => Some(IpAddr::V4(ip)),
        url::Host::Ipv6(ip) => Some(IpAddr::V6(ip)),
        url::Host::Domain(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_addresses_are_refused_unless_allowed() {
        for internal in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "224.0.0.1",
            "::1",
            "::",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
        ] {
            let ip: IpAddr = internal.parse().unwrap();
            assert!(!AllowedNetworks::default().allows(ip), "{internal}");
        }
        assert!(AllowedNetworks::default().allows("203.0.113.5".parse().unwrap()));
        assert!(AllowedNetworks::default().allows("2001:db8::1".parse().unwrap()));
        let lab = AllowedNetworks::parse(&["127.0.0.0/8".into()]);
        assert!(lab.allows("127.0.0.1".parse().unwrap()));
    }
}
