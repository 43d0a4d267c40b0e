//! The public handle: starts the loopback listener and lets tests act as the shop's phone.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::sync::{broadcast, watch};
use tokio::task::{JoinHandle, JoinSet};
use whatsapp_rust::Jid;

use crate::certs::ServerIdentity;
use crate::events::NetEvent;
use crate::nodes::now_secs;
use crate::phone::{DEFAULT_LID, DEFAULT_PHONE_NUMBER, Phone};
use crate::state::{Command, Shared};
use crate::{Error, admin, conn, faults, link_code, pairing};

/// Who the fake account is, and where the network listens.
#[derive(Debug, Clone)]
pub struct NetworkConfig {
    /// The shop's phone number, digits only (no `+`).
    pub phone_number: String,
    /// The account's LID user part.
    pub lid: String,
    /// Business name the phone reports when linking (`<biz name>` in `pair-success`), which
    /// the client takes as its push name at once. Empty: a personal account, whose companion
    /// learns its name from app state (`push_name`).
    pub business_name: String,
    /// The account's own name as its phone keeps it in app state (`setting_pushName` in
    /// `critical_block`, served to companions at their first sync). Empty: the phone never
    /// synced its app state, so every collection comes back empty (`version="0"`, no
    /// snapshot) — and a client with no business name has no push name.
    pub push_name: String,
    /// Port of the WhatsApp WebSocket on 127.0.0.1; 0 picks a free one.
    pub ws_port: u16,
    /// Port of the admin HTTP API on 127.0.0.1; 0 picks a free one.
    pub admin_port: u16,
}

impl Default for NetworkConfig {
    fn default() -> Self {
        Self {
            phone_number: DEFAULT_PHONE_NUMBER.to_owned(),
            lid: DEFAULT_LID.to_owned(),
            business_name: "Tienda Demo".to_owned(),
            push_name: "Tienda Demo".to_owned(),
            ws_port: 0,
            admin_port: 0,
        }
    }
}

impl NetworkConfig {
    /// A personal account (no business name) whose phone keeps `push_name` in its app state;
    /// empty: a phone that never synced its app state, so the account has no name anywhere.
    pub fn personal(push_name: &str) -> Self {
        Self {
            business_name: String::new(),
            push_name: push_name.to_owned(),
            ..Default::default()
        }
    }
}

/// One fake WhatsApp: a server speaking the real protocol on loopback, plus the shop account's
/// phone. Any whatsapp-rust client built with `danger-skip-cert-chain-verify` can pair and log in.
pub struct FakeNetwork {
    shared: Arc<Shared>,
    config: NetworkConfig,
    addr: SocketAddr,
    admin_addr: SocketAddr,
    shutdown: watch::Sender<bool>,
    listener: Option<JoinHandle<()>>,
}

impl FakeNetwork {
    /// Starts a network with the default account on `127.0.0.1:<free port>`.
    pub async fn start() -> Result<Self, Error> {
        Self::start_with(NetworkConfig::default()).await
    }

    /// Starts a network for the given account.
    pub async fn start_with(config: NetworkConfig) -> Result<Self, Error> {
        let server = ServerIdentity::generate(now_secs())?;
        let phone = Phone::new(&config.phone_number, &config.lid);
        let shared = Arc::new(Shared::new(server, phone, &config.push_name));
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, config.ws_port)).await?;
        let addr = listener.local_addr()?;
        let admin_listener = TcpListener::bind((Ipv4Addr::LOCALHOST, config.admin_port)).await?;
        let admin_addr = admin_listener.local_addr()?;
        let (shutdown, shutdown_rx) = watch::channel(false);
        crate::world::start(&shared, shutdown_rx.clone()).await?;
        let task = tokio::spawn(accept_loop(listener, shared.clone(), shutdown_rx.clone()));
        tracing::debug!(%addr, %admin_addr, "fake-whatsapp listening");
        let net = Self {
            shared,
            config,
            addr,
            admin_addr,
            shutdown,
            listener: Some(task),
        };
        admin::spawn(admin_listener, net.handle(), shutdown_rx);
        Ok(net)
    }

    /// Another handle on this network for servers running inside it (the admin API): it can
    /// do everything the owner can, but dropping or shutting it down stops nothing.
    pub(crate) fn handle(&self) -> Self {
        Self {
            shared: self.shared.clone(),
            config: self.config.clone(),
            addr: self.addr,
            admin_addr: self.admin_addr,
            // A sender nobody listens to: the owner alone ends the network.
            shutdown: watch::channel(false).0,
            listener: None,
        }
    }

    /// Base URL of the admin HTTP API (`GET {admin_url}/admin/state`, …), for demo mode and
    /// for tests in other processes.
    pub fn admin_url(&self) -> String {
        format!("http://{}", self.admin_addr)
    }

    /// The network's state, for the `impl FakeNetwork` blocks in other modules.
    pub(crate) fn shared(&self) -> &Arc<Shared> {
        &self.shared
    }

    /// The URL to give `TokioWebSocketTransportFactory::with_url`.
    pub fn ws_url(&self) -> String {
        format!("ws://{}/ws/chat", self.addr)
    }

    /// The account's phone number (digits only).
    pub fn phone_number(&self) -> &str {
        &self.config.phone_number
    }

    /// The account's JID, `number@s.whatsapp.net`.
    pub fn account_jid(&self) -> Jid {
        self.shared.phone.pn_jid()
    }

    /// The account's LID JID, `lid@lid`.
    pub fn account_lid(&self) -> Jid {
        self.shared.phone.lid_jid()
    }

    /// The phone scans a QR code a companion displays (`Event::PairingQrCode`). Resolves with the
    /// new device's JID once the companion has countersigned its identity; the server then tells
    /// it to reconnect (stream error 515) and log in.
    pub async fn scan_qr(&self, qr: &str) -> Result<Jid, Error> {
        pairing::scan(&self.shared, qr, &self.config.business_name).await
    }

    /// The phone's user types the pair code a companion shows (`Event::PairingCode`, after
    /// `pair_with_code` with this account's number). Resolves with the new device's JID once
    /// the companion has countersigned, like [`Self::scan_qr`]. A code that is not the one the
    /// companion shows fails with [`Error::WrongPairCode`]; the companion hears nothing and may
    /// be given the right code (three attempts per code).
    pub async fn enter_pair_code(&self, code: &str) -> Result<Jid, Error> {
        link_code::enter(&self.shared, code, &self.config.business_name).await
    }

    /// Events for tests to wait on. Subscribe before triggering what you wait for.
    pub fn subscribe(&self) -> broadcast::Receiver<NetEvent> {
        self.shared.subscribe()
    }

    /// Closes every client socket, as a network outage would. Linked devices stay linked, so
    /// clients reconnect and log in again.
    pub async fn drop_connections(&self) {
        let state = self.shared.state();
        for handle in state.connections.values() {
            let _ = handle.outbox.send(Command::Close);
        }
    }

    /// Closes all connections and the listener, and waits for their tasks to end.
    pub async fn shutdown(mut self) {
        let _ = self.shutdown.send(true);
        if let Some(task) = self.listener.take() {
            let _ = task.await;
        }
    }
}

impl Drop for FakeNetwork {
    fn drop(&mut self) {
        // Without an explicit shutdown, still stop serving so no task outlives the handle.
        let _ = self.shutdown.send(true);
    }
}

async fn accept_loop(
    listener: TcpListener,
    shared: Arc<Shared>,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                // A scripted outage: closing before the upgrade looks like a service that is down.
                Ok((stream, _)) if faults::refuses_sockets(&shared) => {
                    drop(stream);
                    shared.emit(NetEvent::SocketRefused);
                }
                // Bound to 127.0.0.1, so every peer is local; the check documents the promise.
                Ok((stream, peer)) if peer.ip().is_loopback() => {
                    connections.spawn(conn::serve(shared.clone(), stream, shutdown.clone()));
                }
                Ok((_, peer)) => tracing::warn!(%peer, "fake-whatsapp: refusing non-loopback peer"),
                Err(e) => tracing::debug!("fake-whatsapp: accept failed: {e}"),
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            _ = shutdown.changed() => break,
        }
    }
    while connections.join_next().await.is_some() {}
}
