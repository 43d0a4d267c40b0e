//! Noise responder: answers the client's XX, IK and XXfallback handshakes without any I/O.
//!
//! wacore only ships the initiator side, but its `NoiseHandshake` is symmetric, so the responder
//! replays the same transcript operations in the responder's order (Noise spec §7.5).

use whatsapp_rust::wacore::handshake::NoiseHandshake;
use whatsapp_rust::wacore::libsignal::protocol::KeyPair;
use whatsapp_rust::wacore::noise::NoiseCipher;
use whatsapp_rust::wacore_binary::consts::{
    NOISE_PATTERN_IK, NOISE_PATTERN_XX, NOISE_PATTERN_XXFALLBACK, WA_CONN_HEADER,
};
use whatsapp_rust::waproto::buffa::{self, Message as _};
use whatsapp_rust::waproto::whatsapp::{self as wa, HandshakeMessage};

use crate::certs::ServerIdentity;

/// Which Noise pattern a connection completed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HandshakePattern {
    /// Full handshake: first connect, or a client without a cached certificate chain.
    Xx,
    /// Resumption with the cached server static key (0-RTT login payload).
    Ik,
    /// The client tried IK with a stale server key; the server answered XX-style.
    XxFallback,
}

/// Why a handshake message was refused.
#[derive(Debug, thiserror::Error)]
pub(crate) enum HandshakeFailure {
    #[error("malformed handshake message: {0}")]
    Malformed(String),
    #[error("noise: {0}")]
    Noise(String),
}

fn noise_err(e: impl std::fmt::Display) -> HandshakeFailure {
    HandshakeFailure::Noise(e.to_string())
}

/// A finished handshake: transport ciphers from the server's point of view, plus what the client
/// proved about itself.
pub(crate) struct Established {
    pub(crate) pattern: HandshakePattern,
    /// The client's static Noise key, authenticated by the handshake.
    pub(crate) client_static: [u8; 32],
    pub(crate) payload: wa::ClientPayload,
    pub(crate) read: NoiseCipher,
    pub(crate) write: NoiseCipher,
}

/// Result of reading the ClientHello.
pub(crate) enum HelloOutcome {
    /// IK succeeded: the reply completes the handshake.
    Done(Vec<u8>, Box<Established>),
    /// XX or XXfallback: send the reply and wait for the ClientFinish.
    AwaitFinish(Vec<u8>, Box<AwaitingFinish>),
}

/// Responder state between ServerHello and ClientFinish.
pub(crate) struct AwaitingFinish {
    noise: NoiseHandshake,
    ephemeral: KeyPair,
    pattern: HandshakePattern,
}

/// Reads a ClientHello and produces the ServerHello.
pub(crate) fn on_client_hello(
    server: &ServerIdentity,
    bytes: &[u8],
) -> Result<HelloOutcome, HandshakeFailure> {
    let msg = HandshakeMessage::decode_from_slice(bytes)
        .map_err(|e| HandshakeFailure::Malformed(e.to_string()))?;
    let hello = msg
        .client_hello
        .into_option()
        .ok_or_else(|| HandshakeFailure::Malformed("no client_hello".into()))?;
    let client_ephemeral = key32(hello.ephemeral.as_deref(), "client ephemeral")?;

    match (hello.r#static.as_deref(), hello.payload.as_deref()) {
        (Some(enc_static), Some(enc_payload)) => {
            match respond_ik(server, client_ephemeral, enc_static, enc_payload) {
                Ok((reply, established)) => Ok(HelloOutcome::Done(reply, Box::new(established))),
                // The client encrypted to a server key we do not hold (e.g. a cache from another
                // network): answer with a full XX-shaped hello; the client pivots to XXfallback.
                Err(e) => {
                    tracing::debug!("IK hello rejected ({e}); answering with XXfallback");
                    respond_xx(server, client_ephemeral, HandshakePattern::XxFallback)
                }
            }
        }
        _ => respond_xx(server, client_ephemeral, HandshakePattern::Xx),
    }
}

/// `<- e, ee, s, es` with the certificate chain as payload.
fn respond_xx(
    server: &ServerIdentity,
    client_ephemeral: [u8; 32],
    pattern: HandshakePattern,
) -> Result<HelloOutcome, HandshakeFailure> {
    let name = match pattern {
        HandshakePattern::XxFallback => NOISE_PATTERN_XXFALLBACK,
        _ => NOISE_PATTERN_XX,
    };
    let mut noise = NoiseHandshake::new(name, &WA_CONN_HEADER).map_err(noise_err)?;
    noise.authenticate(&client_ephemeral);

    let ephemeral = KeyPair::generate(&mut rand::rng());
    noise.authenticate(ephemeral.public_key.public_key_bytes());
    noise
        .mix_shared_secret(ephemeral.private_key.serialize(), &client_ephemeral)
        .map_err(noise_err)?;
    let enc_static = noise.encrypt(&server.static_public()).map_err(noise_err)?;
    noise
        .mix_shared_secret(server.static_key.private_key.serialize(), &client_ephemeral)
        .map_err(noise_err)?;
    let enc_certs = noise.encrypt(&server.cert_chain).map_err(noise_err)?;

    let reply = server_hello(
        ephemeral.public_key.public_key_bytes(),
        Some(enc_static),
        enc_certs,
    );
    Ok(HelloOutcome::AwaitFinish(
        reply,
        Box::new(AwaitingFinish {
            noise,
            ephemeral,
            pattern,
        }),
    ))
}

/// Reads `-> e, es, s, ss, payload` and answers `<- e, ee, se, payload` (no static: that would
/// tell the client to fall back).
fn respond_ik(
    server: &ServerIdentity,
    client_ephemeral: [u8; 32],
    enc_static: &[u8],
    enc_payload: &[u8],
) -> Result<(Vec<u8>, Established), HandshakeFailure> {
    let server_private = server.static_key.private_key.serialize();
    let mut noise = NoiseHandshake::new(NOISE_PATTERN_IK, &WA_CONN_HEADER).map_err(noise_err)?;
    noise.authenticate(&server.static_public());
    noise.authenticate(&client_ephemeral);
    noise
        .mix_shared_secret(server_private, &client_ephemeral)
        .map_err(noise_err)?;
    let client_static = noise.decrypt(enc_static).map_err(noise_err)?;
    let client_static = key32(Some(&client_static), "client static")?;
    noise
        .mix_shared_secret(server_private, &client_static)
        .map_err(noise_err)?;
    let payload = noise.decrypt(enc_payload).map_err(noise_err)?;
    let payload = decode_payload(&payload)?;

    let ephemeral = KeyPair::generate(&mut rand::rng());
    noise.authenticate(ephemeral.public_key.public_key_bytes());
    noise
        .mix_shared_secret(ephemeral.private_key.serialize(), &client_ephemeral)
        .map_err(noise_err)?;
    noise
        .mix_shared_secret(ephemeral.private_key.serialize(), &client_static)
        .map_err(noise_err)?;
    let enc_certs = noise.encrypt(&server.cert_chain).map_err(noise_err)?;
    let reply = server_hello(ephemeral.public_key.public_key_bytes(), None, enc_certs);

    let (initiator_write, initiator_read) = noise.finish().map_err(noise_err)?;
    Ok((
        reply,
        Established {
            pattern: HandshakePattern::Ik,
            client_static,
            payload,
            read: initiator_write,
            write: initiator_read,
        },
    ))
}

impl AwaitingFinish {
    /// Reads `-> s, se, payload` (the ClientFinish) and completes the handshake.
    pub(crate) fn on_client_finish(
        mut self,
        bytes: &[u8],
    ) -> Result<Established, HandshakeFailure> {
        let msg = HandshakeMessage::decode_from_slice(bytes)
            .map_err(|e| HandshakeFailure::Malformed(e.to_string()))?;
        let finish = msg
            .client_finish
            .into_option()
            .ok_or_else(|| HandshakeFailure::Malformed("no client_finish".into()))?;
        let enc_static = finish
            .r#static
            .ok_or_else(|| HandshakeFailure::Malformed("client_finish without static".into()))?;
        let enc_payload = finish
            .payload
            .ok_or_else(|| HandshakeFailure::Malformed("client_finish without payload".into()))?;

        let client_static = self.noise.decrypt(&enc_static).map_err(noise_err)?;
        let client_static = key32(Some(&client_static), "client static")?;
        self.noise
            .mix_shared_secret(self.ephemeral.private_key.serialize(), &client_static)
            .map_err(noise_err)?;
        let payload = self.noise.decrypt(&enc_payload).map_err(noise_err)?;
        let payload = decode_payload(&payload)?;

        // `finish` names the keys from the initiator's side; the responder reads with the
        // initiator's write key and writes with its read key.
        let (initiator_write, initiator_read) = self.noise.finish().map_err(noise_err)?;
        Ok(Established {
            pattern: self.pattern,
            client_static,
            payload,
            read: initiator_write,
            write: initiator_read,
        })
    }
}

fn server_hello(ephemeral: &[u8], enc_static: Option<Vec<u8>>, enc_payload: Vec<u8>) -> Vec<u8> {
    HandshakeMessage {
        server_hello: buffa::MessageField::some(wa::handshake_message::ServerHello {
            ephemeral: Some(ephemeral.to_vec()),
            r#static: enc_static,
            payload: Some(enc_payload),
            ..Default::default()
        }),
        ..Default::default()
    }
    .encode_to_vec()
}

fn decode_payload(bytes: &[u8]) -> Result<wa::ClientPayload, HandshakeFailure> {
    wa::ClientPayload::decode_from_slice(bytes)
        .map_err(|e| HandshakeFailure::Malformed(format!("client payload: {e}")))
}

fn key32(bytes: Option<&[u8]>, what: &str) -> Result<[u8; 32], HandshakeFailure> {
    bytes
        .and_then(|b| <[u8; 32]>::try_from(b).ok())
        .ok_or_else(|| HandshakeFailure::Malformed(format!("{what} is not 32 bytes")))
}
