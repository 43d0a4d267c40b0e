//! The WebSocket to WhatsApp's server, dialled with `TCP_NODELAY`.
//!
//! Why not whatsapp-rust's own factory: it leaves Nagle's algorithm on, and a message stanza
//! written right after a small frame then waits for the server's delayed ACK — measured: a
//! third of sends stalled 40 ms (p99 45 ms POS → server; 15 ms with the option set).
//! Everything else (TLS connector, Origin, framing) is the library's.
//!
//! It also says when WhatsApp cannot be reached from the start: the library retries quietly,
//! and without this a shop PC that starts offline would show "connecting" forever, no reason.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use mostrador_core::clock::Clock;
use mostrador_core::engine::{EngineEvent, EngineSink};
use mostrador_core::types::{SessionInfo, SessionState};

use tokio::net::TcpStream;
use tokio_websockets::ClientBuilder;
use whatsapp_rust::anyhow::{self, Context};
use whatsapp_rust::async_trait;
use whatsapp_rust::transport::{
    Transport, TransportEvent, TransportFactory, default_tls_connector, from_websocket,
};
use whatsapp_rust::wacore::net::{WHATSAPP_WEB_ORIGIN, WHATSAPP_WEB_WS_URL};

use crate::reasons;

pub struct NoDelayTransport {
    url: String,
    sink: EngineSink,
    clock: Arc<dyn Clock>,
    /// Whether a connection was ever made (then a drop is already reported as
    /// `connection_lost`, and failing retries are no news) or a failure was reported.
    reported: AtomicBool,
    /// Bumped at every dial: tells the engine a new connection begins (`ready.rs`).
    dials: Arc<AtomicU64>,
}

impl NoDelayTransport {
    /// WhatsApp's own server, or `url` (tests and the demo's fake network).
    pub fn new(
        url: Option<&str>,
        sink: EngineSink,
        clock: Arc<dyn Clock>,
        dials: Arc<AtomicU64>,
    ) -> Self {
        NoDelayTransport {
            url: url.unwrap_or(WHATSAPP_WEB_WS_URL).to_owned(),
            sink,
            clock,
            reported: AtomicBool::new(false),
            dials,
        }
    }

    async fn dial(
        &self,
    ) -> anyhow::Result<(
        Arc<dyn Transport>,
        whatsapp_rust::async_channel::Receiver<TransportEvent>,
    )> {
        let uri: http::Uri = self.url.parse().context("the server URL is not valid")?;
        let tls = uri.scheme_str() == Some("wss");
        let host = uri
            .host()
            .context("the server URL has no host")?
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_owned();
        let port = uri.port_u16().unwrap_or(if tls { 443 } else { 80 });
        let tcp = TcpStream::connect((host.as_str(), port))
            .await
            .with_context(|| format!("cannot reach {host}:{port}"))?;
        tcp.set_nodelay(true)?;
        let connector = if tls {
            default_tls_connector()
        } else {
            tokio_websockets::Connector::Plain
        };
        let stream = connector
            .wrap(&host, tcp)
            .await
            .context("TLS handshake failed")?;
        let (ws, _) = ClientBuilder::from_uri(uri)
            .add_header(
                http::header::ORIGIN,
                http::HeaderValue::from_static(WHATSAPP_WEB_ORIGIN),
            )?
            .connect_on(stream)
            .await
            .context("WebSocket upgrade failed")?;
        Ok(from_websocket(ws))
    }
}

#[async_trait]
impl TransportFactory for NoDelayTransport {
    async fn create_transport(
        &self,
    ) -> anyhow::Result<(
        Arc<dyn Transport>,
        whatsapp_rust::async_channel::Receiver<TransportEvent>,
    )> {
        self.dials.fetch_add(1, Ordering::SeqCst);
        let dialled = self.dial().await;
        match &dialled {
            Ok(_) => self.reported.store(true, Ordering::SeqCst),
            Err(e) => {
                tracing::info!(error = %format!("{e:#}"), "cannot reach WhatsApp; retrying");
                if !self.reported.swap(true, Ordering::SeqCst) {
                    self.sink.emit(EngineEvent::State(SessionInfo {
                        reason: Some(reasons::unreachable()),
                        ..SessionInfo::new(SessionState::Disconnected, self.clock.now_ms())
                    }));
                }
            }
        }
        dialled
    }
}
