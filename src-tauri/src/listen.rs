//! The REST API's sockets: 127.0.0.1 and, where the computer has IPv6, [::1] on the same
//! port — a POS that resolves `localhost` to ::1 first (Node 17+ does) connects too. Never
//! any other address: the API is for programs on this PC, not the shop's network.

use std::io::ErrorKind;
use std::net::{Ipv4Addr, Ipv6Addr};

use tokio::net::TcpListener;

use crate::Error;

/// With `--port 0` the OS picks the IPv4 port, which another program may hold on [::1]:
/// pick again, a few times, before settling for IPv4 alone.
const ATTEMPTS: usize = 5;

pub struct Listeners {
    pub port: u16,
    pub sockets: Vec<TcpListener>,
}

pub async fn bind(port: u16) -> Result<Listeners, Error> {
    for _ in 0..ATTEMPTS {
        let (v4, chosen) = bind_v4(port).await?;
        match TcpListener::bind((Ipv6Addr::LOCALHOST, chosen)).await {
            Ok(v6) => {
                return Ok(Listeners {
                    port: chosen,
                    sockets: vec![v4, v6],
                });
            }
            Err(e) if e.kind() == ErrorKind::AddrInUse && port == 0 => continue,
            // Someone else answering on [::1]:port would get the POS's key: refuse.
            Err(e) if e.kind() == ErrorKind::AddrInUse => return Err(bind_error(port, e)),
            Err(e) => {
                tracing::info!(error = %e, "no IPv6 loopback on this computer; the API listens on 127.0.0.1 only");
                return Ok(Listeners {
                    port: chosen,
                    sockets: vec![v4],
                });
            }
        }
    }
    let (v4, chosen) = bind_v4(port).await?;
    tracing::warn!(
        port = chosen,
        "no free port on both 127.0.0.1 and [::1]; the API listens on 127.0.0.1 only"
    );
    Ok(Listeners {
        port: chosen,
        sockets: vec![v4],
    })
}

/// 127.0.0.1 on `port` (0: any free one), and the port it got.
async fn bind_v4(port: u16) -> Result<(TcpListener, u16), Error> {
    let v4 = TcpListener::bind((Ipv4Addr::LOCALHOST, port))
        .await
        .map_err(|source| bind_error(port, source))?;
    let chosen = v4
        .local_addr()
        .map_err(|source| Error::Bind { port, source })?
        .port();
    Ok((v4, chosen))
}

fn bind_error(port: u16, source: std::io::Error) -> Error {
    match source.kind() {
        ErrorKind::AddrInUse => Error::PortInUse { port },
        _ => Error::Bind { port, source },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn one_port_on_both_loopbacks_and_a_taken_one_is_refused() {
        let Listeners { port, sockets } = bind(0).await.unwrap();
        assert_ne!(port, 0);
        for s in &sockets {
            let addr = s.local_addr().unwrap();
            assert!(addr.ip().is_loopback(), "{addr}");
            assert_eq!(addr.port(), port);
        }
        if std::net::TcpListener::bind("[::1]:0").is_ok() {
            assert_eq!(sockets.len(), 2, "IPv6 loopback is there: listen on it too");
        }
        assert!(matches!(bind(port).await, Err(Error::PortInUse { .. })));
    }
}
