//! Linking by pair code: the companion asks for a code (`companion_hello`), the phone's user types
//! it, the phone answers with its own ephemeral key wrapped under that code (`primary_hello`), and
//! the companion's key bundle (`companion_finish`) yields the ADV secret the link is signed with.
//! A mistyped code is only noticed by the phone, when the bundle does not open; the companion is
//! told nothing, as with the real service.

use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use tokio::sync::oneshot;
use whatsapp_rust::wacore::crypto::hkdf_sha256;
use whatsapp_rust::wacore::libsignal::crypto::aes_256_gcm_decrypt;
use whatsapp_rust::wacore::libsignal::protocol::{KeyPair, PublicKey};
use whatsapp_rust::wacore::pair_code::PairCodeUtils;
use whatsapp_rust::wacore_binary::{Node, NodeContent};
use whatsapp_rust::{Jid, NodeBuilder};

use crate::events::{ConnId, NetEvent};
use crate::nodes::{SERVER, attr, iq_error, iq_result, new_id, now_secs};
use crate::state::{Command, Shared};
use crate::{Error, pairing};

/// How long a code stays enterable, as the client counts it.
const CODE_VALIDITY_SECS: u64 = 180;
/// The client ignores `primary_hello`s beyond this many per code.
const MAX_ATTEMPTS: u32 = 3;
/// The client sends `companion_finish` right after its own PBKDF2; far less than this.
const FINISH_PATIENCE: Duration = Duration::from_secs(30);
const BUNDLE_KEY_INFO: &[u8] = b"link_code_pairing_key_bundle_encryption_key";

/// A companion's open request for a pair code, kept per connection.
pub(crate) struct LinkCodeRequest {
    pairing_ref: Vec<u8>,
    /// The companion's ephemeral key, wrapped under the code only its user and the phone know.
    wrapped_ephemeral: Vec<u8>,
    issued_at: u64,
    attempts: u32,
    /// Set while the phone waits for the companion's answer to its `primary_hello`.
    finish: Option<oneshot::Sender<Finish>>,
}

/// What the companion sends in `companion_finish`.
struct Finish {
    wrapped_bundle: Vec<u8>,
    companion_identity: Vec<u8>,
}

/// Is this IQ one of the pair-code stages?
pub(crate) fn is_link_code_iq(iq: &Node) -> bool {
    attr(iq, "xmlns").as_deref() == Some("md")
        && iq.get_optional_child("link_code_companion_reg").is_some()
}

/// Answers `companion_hello` (with a ref) and `companion_finish` (passing the bundle to the
/// phone) from the companion on `conn`.
pub(crate) fn answer(shared: &Shared, conn: ConnId, iq: &Node) -> Node {
    let Some(reg) = iq.get_optional_child("link_code_companion_reg") else {
        return iq_error(iq, 400, "bad-request");
    };
    match attr(reg, "stage").as_deref() {
        Some("companion_hello") => hello(shared, conn, iq, reg),
        Some("companion_finish") => finish(shared, conn, iq, reg),
        other => {
            tracing::debug!(stage = ?other, "fake-whatsapp: unknown pair-code stage");
            iq_error(iq, 400, "bad-request")
        }
    }
}

fn hello(shared: &Shared, conn: ConnId, iq: &Node, reg: &Node) -> Node {
    // The server routes the code to the phone by number; this network has one account.
    let for_account = attr(reg, "jid")
        .and_then(|j| j.parse::<Jid>().ok())
        .is_some_and(|j| j.user == shared.phone.number);
    let wrapped = bytes(reg, "link_code_pairing_wrapped_companion_ephemeral_pub");
    let auth_key = bytes(reg, "companion_server_auth_key_pub");
    let mut state = shared.state();
    let registered_noise = state
        .connections
        .get(&conn)
        .and_then(|c| c.registration.as_ref())
        .map(|r| r.noise_public);
    let (Some(wrapped), Some(noise)) = (wrapped, registered_noise) else {
        return iq_error(iq, 400, "bad-request");
    };
    if !for_account || wrapped.len() != 80 || auth_key != Some(&noise[..]) {
        return iq_error(iq, 400, "bad-request");
    }
    let pairing_ref = format!("2@{}", STANDARD.encode(rand::random::<[u8; 24]>())).into_bytes();
    // Requests of closed connections can never complete.
    let live: Vec<ConnId> = state.connections.keys().copied().collect();
    state.link_codes.retain(|c, _| live.contains(c));
    // A new code replaces the connection's previous one, as on the client.
    state.link_codes.insert(
        conn,
        LinkCodeRequest {
            pairing_ref: pairing_ref.clone(),
            wrapped_ephemeral: wrapped.to_vec(),
            issued_at: now_secs(),
            attempts: 0,
            finish: None,
        },
    );
    drop(state);
    shared.emit(NetEvent::PairCodeRequested { conn });
    iq_result(
        iq,
        vec![
            NodeBuilder::new("link_code_companion_reg")
                .children([NodeBuilder::new("link_code_pairing_ref")
                    .bytes(pairing_ref)
                    .build()])
                .build(),
        ],
    )
}

fn finish(shared: &Shared, conn: ConnId, iq: &Node, reg: &Node) -> Node {
    let waiter = {
        let mut state = shared.state();
        state
            .link_codes
            .get_mut(&conn)
            .filter(|r| bytes(reg, "link_code_pairing_ref") == Some(&r.pairing_ref[..]))
            .and_then(|r| r.finish.take())
    };
    let (Some(waiter), Some(wrapped_bundle), Some(companion_identity)) = (
        waiter,
        bytes(reg, "link_code_pairing_wrapped_key_bundle"),
        bytes(reg, "companion_identity_public"),
    ) else {
        return iq_error(iq, 400, "bad-request");
    };
    // The server only acknowledges the bundle; whether the phone can open it is its business.
    let _ = waiter.send(Finish {
        wrapped_bundle: wrapped_bundle.to_vec(),
        companion_identity: companion_identity.to_vec(),
    });
    iq_result(iq, vec![])
}

/// The phone's user types `code`: link the companion that asked for it, or fail with
/// [`Error::WrongPairCode`] when the code is not the one it shows.
pub(crate) async fn enter(
    shared: &Arc<Shared>,
    code: &str,
    business_name: &str,
) -> Result<Jid, Error> {
    // Phones show the code as "ABCD-EFGH"; people type it either way.
    let code: String = code
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect::<String>()
        .to_ascii_uppercase();
    if !PairCodeUtils::validate_code(&code) {
        return Err(Error::InvalidPairCode(code));
    }
    let (conn, pairing_ref, wrapped, registration, finish_rx) = claim_request(shared)?;

    let typed = code.clone();
    let (companion_ephemeral, primary, wrapped_primary) =
        tokio::task::spawn_blocking(move || -> Result<_, Error> {
            // PBKDF2 with 131 072 rounds, twice: keep it off the async workers.
            let companion = PairCodeUtils::decrypt_primary_ephemeral_pub(&wrapped, &typed)
                .map_err(|e| Error::Crypto(e.to_string()))?;
            let primary = KeyPair::generate(&mut rand::rng());
            let primary_pub = key32(primary.public_key.public_key_bytes())?;
            let wrapped_primary = PairCodeUtils::encrypt_ephemeral_pub(&primary_pub, &typed);
            Ok((companion, primary, wrapped_primary))
        })
        .await
        .map_err(|e| Error::Crypto(e.to_string()))??;

    let hello = primary_hello(shared, &wrapped_primary, &pairing_ref);
    if !shared.state().send(conn, Command::Send(hello)) {
        return Err(Error::ConnectionClosed);
    }
    let answer = tokio::time::timeout(FINISH_PATIENCE, finish_rx)
        .await
        .map_err(|_| Error::Timeout("companion_finish"))?
        .map_err(|_| Error::ConnectionClosed)?;

    let adv_secret = open_bundle(
        shared,
        &primary,
        &companion_ephemeral,
        &registration.keys.identity,
        &answer,
    )?;
    let jid = pairing::link(shared, conn, registration, &adv_secret, business_name).await?;
    shared.state().link_codes.remove(&conn);
    Ok(jid)
}

type Claimed = (
    ConnId,
    Vec<u8>,
    Vec<u8>,
    crate::state::Registration,
    oneshot::Receiver<Finish>,
);

/// Picks the newest open request and counts the attempt against it.
fn claim_request(shared: &Shared) -> Result<Claimed, Error> {
    let mut state = shared.state();
    let state = &mut *state;
    let newest = state
        .link_codes
        .iter()
        .filter(|(c, _)| state.connections.contains_key(c))
        .max_by_key(|(c, r)| (r.issued_at, **c))
        .map(|(c, _)| *c);
    let Some(conn) = newest else {
        return Err(Error::NoPairCodeRequest(
            "no companion is waiting for a code",
        ));
    };
    let registration = state
        .connections
        .get(&conn)
        .and_then(|c| c.registration.clone())
        .ok_or(Error::NoPairCodeRequest(
            "the companion is no longer pairing",
        ))?;
    let Some(request) = state.link_codes.get_mut(&conn) else {
        return Err(Error::NoPairCodeRequest(
            "no companion is waiting for a code",
        ));
    };
    if now_secs().saturating_sub(request.issued_at) > CODE_VALIDITY_SECS {
        state.link_codes.remove(&conn);
        return Err(Error::NoPairCodeRequest("the code expired"));
    }
    if request.attempts >= MAX_ATTEMPTS {
        return Err(Error::NoPairCodeRequest(
            "every attempt for this code is used up",
        ));
    }
    if request.finish.as_ref().is_some_and(|f| !f.is_closed()) {
        return Err(Error::NoPairCodeRequest(
            "another code entry is in progress",
        ));
    }
    request.attempts += 1;
    let (tx, rx) = oneshot::channel();
    request.finish = Some(tx);
    Ok((
        conn,
        request.pairing_ref.clone(),
        request.wrapped_ephemeral.clone(),
        registration,
        rx,
    ))
}

/// `<notification type="link_code_companion_reg"><link_code_companion_reg stage="primary_hello">`.
fn primary_hello(shared: &Shared, wrapped_primary: &[u8; 80], pairing_ref: &[u8]) -> Node {
    let child = |tag: &'static str, bytes: Vec<u8>| NodeBuilder::new(tag).bytes(bytes).build();
    let reg = NodeBuilder::new("link_code_companion_reg")
        .attr("stage", "primary_hello")
        .children([
            child(
                "link_code_pairing_wrapped_primary_ephemeral_pub",
                wrapped_primary.to_vec(),
            ),
            child(
                "primary_identity_pub",
                shared.phone.identity_public().to_vec(),
            ),
            child("link_code_pairing_ref", pairing_ref.to_vec()),
        ])
        .build();
    NodeBuilder::new("notification")
        .attr("from", SERVER)
        .attr("id", new_id())
        .attr("type", "link_code_companion_reg")
        .attr("t", now_secs().to_string())
        .children([reg])
        .build()
}

/// Opens the companion's key bundle and derives the ADV secret both sides now share.
/// The bundle key comes from the ephemeral exchange, so it only opens if both sides used the
/// same code.
fn open_bundle(
    shared: &Shared,
    primary: &KeyPair,
    companion_ephemeral: &[u8; 32],
    companion_identity: &[u8; 32],
    finish: &Finish,
) -> Result<[u8; 32], Error> {
    let crypto = |e: &dyn std::fmt::Display| Error::Crypto(e.to_string());
    // A wrong code unwraps to an arbitrary point; the agreement then fails or yields a key the
    // bundle was not sealed with. Either way the code was wrong.
    let companion_eph = PublicKey::from_djb_public_key_bytes(companion_ephemeral)
        .map_err(|_| Error::WrongPairCode)?;
    let eph_shared = primary
        .private_key
        .calculate_agreement(&companion_eph)
        .map_err(|_| Error::WrongPairCode)?;
    let sealed = &finish.wrapped_bundle;
    if sealed.len() < 32 + 12 + 16 {
        return Err(Error::Crypto("key bundle too short".into()));
    }
    let (salt, rest) = sealed.split_at(32);
    let (iv, ciphertext) = rest.split_at(12);
    let key =
        key32(&hkdf_sha256(&eph_shared, 32, Some(salt), BUNDLE_KEY_INFO).map_err(|e| crypto(&e))?)?;
    let iv: [u8; 12] = iv.try_into().map_err(|e| crypto(&e))?;
    let mut bundle = Vec::new();
    aes_256_gcm_decrypt(&key, &iv, b"", ciphertext, &mut bundle)
        .map_err(|_| Error::WrongPairCode)?;

    // companion identity ‖ primary identity ‖ 32 random bytes.
    let identities_match = bundle.len() == 96
        && bundle[..32] == companion_identity[..]
        && finish.companion_identity == companion_identity[..]
        && bundle[32..64] == *shared.phone.identity_public();
    if !identities_match {
        return Err(Error::Crypto(
            "the key bundle names other identities".into(),
        ));
    }
    let companion_id =
        PublicKey::from_djb_public_key_bytes(companion_identity).map_err(|e| crypto(&e))?;
    let identity_shared = shared
        .phone
        .identity
        .private_key
        .calculate_agreement(&companion_id)
        .map_err(|e| crypto(&e))?;
    let secret_input = [&eph_shared[..], &identity_shared, &bundle[64..]].concat();
    key32(&hkdf_sha256(&secret_input, 32, None, b"adv_secret").map_err(|e| crypto(&e))?)
}

fn key32(bytes: &[u8]) -> Result<[u8; 32], Error> {
    bytes
        .try_into()
        .map_err(|_| Error::Crypto(format!("expected 32 bytes, got {}", bytes.len())))
}

/// The bytes of child `tag`, if it has any.
fn bytes<'a>(node: &'a Node, tag: &str) -> Option<&'a [u8]> {
    match &node.get_optional_child(tag)?.content {
        Some(NodeContent::Bytes(b)) => Some(b),
        _ => None,
    }
}
