//! One client connection: WebSocket in, frames out of it, the Noise handshake, then a session.
//! This task alone owns the socket and the cipher counters; others reach it through `Command`s.

use std::collections::HashMap;
use std::sync::Arc;

use tokio::net::TcpStream;
use tokio::sync::{mpsc, oneshot, watch};
use tokio_websockets::{CloseCode, Message, ServerBuilder, WebSocketStream};
use whatsapp_rust::futures::{SinkExt as _, StreamExt as _};
use whatsapp_rust::wacore::framing::{FrameDecoder, encode_frame};
use whatsapp_rust::wacore_binary::Node;

use crate::events::{ConnId, NetEvent};
use crate::handshake::{self, AwaitingFinish, Established, HelloOutcome};
use crate::nodes::attr;
use crate::preamble::{self, Preamble};
use crate::session::{Outbound, Session};
use crate::state::{Command, ConnHandle, Shared};
use crate::wire::SecureChannel;

/// The only path a WhatsApp client connects to.
const CHAT_PATH: &str = "/ws/chat";

enum Phase {
    /// Collecting the preamble bytes that precede the first frame.
    Preamble(Vec<u8>),
    AwaitHello,
    AwaitFinish(Box<AwaitingFinish>),
    Open(SecureChannel, Session),
    Closed,
}

struct Connection {
    shared: Arc<Shared>,
    id: ConnId,
    ws: WebSocketStream<TcpStream>,
    decoder: FrameDecoder,
    phase: Phase,
    /// Server-initiated IQs waiting for the client's answer, by id.
    pending: HashMap<String, oneshot::Sender<Node>>,
}

/// Serves one accepted TCP stream until either side closes it or the network shuts down.
pub(crate) async fn serve(
    shared: Arc<Shared>,
    stream: TcpStream,
    mut shutdown: watch::Receiver<bool>,
) {
    let ws = match ServerBuilder::new().accept(stream).await {
        Ok((request, ws)) if request.uri().path() == CHAT_PATH => ws,
        Ok((request, mut ws)) => {
            tracing::debug!(path = request.uri().path(), "fake-whatsapp: wrong path");
            let _ = ws.close().await;
            return;
        }
        Err(e) => {
            tracing::debug!("fake-whatsapp: WebSocket upgrade failed: {e}");
            return;
        }
    };
    let (outbox, mut commands) = mpsc::unbounded_channel();
    let id = {
        let mut state = shared.state();
        let id = state.next_conn_id();
        state.connections.insert(
            id,
            ConnHandle {
                outbox,
                registration: None,
                device: None,
            },
        );
        id
    };
    shared.emit(NetEvent::ClientConnected { conn: id });

    let mut conn = Connection {
        shared: shared.clone(),
        id,
        ws,
        decoder: FrameDecoder::new(),
        phase: Phase::Preamble(Vec::new()),
        pending: HashMap::new(),
    };
    conn.run(&mut commands, &mut shutdown).await;

    let device = {
        let mut state = shared.state();
        state.qr_refs.retain(|_, c| *c != id);
        state.connections.remove(&id).and_then(|h| h.device)
    };
    shared.emit(NetEvent::Disconnected {
        conn: id,
        jid: device.map(|d| shared.device_jid(d)),
    });
}

impl Connection {
    async fn run(
        &mut self,
        commands: &mut mpsc::UnboundedReceiver<Command>,
        shutdown: &mut watch::Receiver<bool>,
    ) {
        loop {
            if matches!(self.phase, Phase::Closed) {
                break;
            }
            tokio::select! {
                incoming = self.ws.next() => match incoming {
                    Some(Ok(msg)) if msg.is_binary() => {
                        let bytes = msg.into_payload();
                        self.on_bytes(&bytes).await;
                    }
                    Some(Ok(msg)) if msg.is_close() => break,
                    Some(Ok(_)) => {}
                    Some(Err(e)) => {
                        tracing::debug!(conn = %self.id, "fake-whatsapp: socket error: {e}");
                        break;
                    }
                    None => break,
                },
                command = commands.recv() => match command {
                    Some(Command::Send(node)) => self.send_nodes(vec![node]).await,
                    Some(Command::Request { node, reply }) => {
                        if let Some(id) = attr(&node, "id") {
                            self.pending.insert(id, reply);
                        }
                        self.send_nodes(vec![node]).await;
                    }
                    Some(Command::Close) | None => self.close().await,
                },
                _ = shutdown.changed() => self.close().await,
            }
        }
    }

    async fn on_bytes(&mut self, bytes: &[u8]) {
        let rest = match &mut self.phase {
            Phase::Preamble(buf) => {
                buf.extend_from_slice(bytes);
                match preamble::measure(buf) {
                    Preamble::Incomplete => return,
                    Preamble::Invalid => {
                        tracing::debug!(conn = %self.id, "fake-whatsapp: not a WhatsApp preamble");
                        self.close().await;
                        return;
                    }
                    Preamble::Complete(len) => {
                        let rest = buf.split_off(len);
                        self.phase = Phase::AwaitHello;
                        rest
                    }
                }
            }
            _ => bytes.to_vec(),
        };
        self.decoder.feed(&rest);
        while let Some(frame) = self.decoder.decode_frame() {
            self.on_frame(&frame).await;
            if matches!(self.phase, Phase::Closed) {
                return;
            }
        }
    }

    async fn on_frame(&mut self, frame: &[u8]) {
        match std::mem::replace(&mut self.phase, Phase::Closed) {
            Phase::AwaitHello => match handshake::on_client_hello(&self.shared.server, frame) {
                Ok(HelloOutcome::Done(reply, established)) => {
                    if self.write_raw(&reply).await {
                        self.open(*established).await;
                    }
                }
                Ok(HelloOutcome::AwaitFinish(reply, awaiting)) => {
                    if self.write_raw(&reply).await {
                        self.phase = Phase::AwaitFinish(awaiting);
                    }
                }
                Err(e) => self.fail_handshake(e).await,
            },
            Phase::AwaitFinish(awaiting) => match awaiting.on_client_finish(frame) {
                Ok(established) => self.open(established).await,
                Err(e) => self.fail_handshake(e).await,
            },
            Phase::Open(mut channel, mut session) => match channel.open(frame) {
                Ok(node) => {
                    let out = self.route(&mut session, &node);
                    self.phase = Phase::Open(channel, session);
                    self.write_outbound(out).await;
                }
                Err(e) => {
                    tracing::debug!(conn = %self.id, "fake-whatsapp: dropping connection: {e}");
                    self.phase = Phase::Open(channel, session);
                    self.close().await;
                }
            },
            phase @ (Phase::Preamble(_) | Phase::Closed) => self.phase = phase,
        }
    }

    /// Answers to the server's own IQs go to whoever is waiting; everything else to the session.
    fn route(&mut self, session: &mut Session, node: &Node) -> Outbound {
        if node.tag == "iq"
            && matches!(attr(node, "type").as_deref(), Some("result" | "error"))
            && let Some(waiter) = attr(node, "id").and_then(|id| self.pending.remove(&id))
        {
            let _ = waiter.send(node.clone());
            return Outbound::default();
        }
        session.on_node(node)
    }

    async fn open(&mut self, established: Established) {
        let (session, out) = Session::start(self.shared.clone(), self.id, &established);
        let channel = SecureChannel::new(established.read, established.write);
        self.phase = Phase::Open(channel, session);
        self.write_outbound(out).await;
    }

    async fn fail_handshake(&mut self, e: handshake::HandshakeFailure) {
        tracing::debug!(conn = %self.id, "fake-whatsapp: handshake failed: {e}");
        self.close().await;
    }

    async fn send_nodes(&mut self, nodes: Vec<Node>) {
        self.write_outbound(Outbound {
            nodes,
            close: false,
        })
        .await;
    }

    async fn write_outbound(&mut self, out: Outbound) {
        if let Phase::Open(channel, _) = &mut self.phase {
            for node in &out.nodes {
                tracing::trace!(conn = %self.id, ?node, "fake-whatsapp: sending");
                match channel.seal(node) {
                    Ok(frame) => {
                        if self.ws.send(Message::binary(frame)).await.is_err() {
                            self.phase = Phase::Closed;
                            return;
                        }
                    }
                    Err(e) => tracing::warn!("fake-whatsapp: cannot seal node: {e}"),
                }
            }
        } else if !out.nodes.is_empty() {
            tracing::debug!(conn = %self.id, "fake-whatsapp: dropping nodes for a connection that is not open");
        }
        if out.close {
            self.close().await;
        }
    }

    /// Writes a handshake message as a plain frame. Returns false if the socket is gone.
    async fn write_raw(&mut self, payload: &[u8]) -> bool {
        let frame = match encode_frame(payload, None) {
            Ok(frame) => frame,
            Err(e) => {
                tracing::warn!("fake-whatsapp: cannot frame handshake message: {e}");
                self.close().await;
                return false;
            }
        };
        if self.ws.send(Message::binary(frame)).await.is_err() {
            self.phase = Phase::Closed;
            return false;
        }
        true
    }

    async fn close(&mut self) {
        self.phase = Phase::Closed;
        let _ = self
            .ws
            .send(Message::close(Some(CloseCode::NORMAL_CLOSURE), ""))
            .await;
        let _ = self.ws.close().await;
    }
}
