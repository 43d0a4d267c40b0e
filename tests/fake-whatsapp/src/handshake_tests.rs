//! The responder against wacore's own initiator state machines: XX, IK, and IK falling back.

#![allow(clippy::unwrap_used)]

use whatsapp_rust::wacore::handshake::{
    IkHandshakeState, IkServerHelloOutcome, XxFallbackHandshakeState, XxHandshakeState,
};
use whatsapp_rust::wacore::libsignal::protocol::KeyPair;
use whatsapp_rust::wacore::noise::NoiseCipher;
use whatsapp_rust::wacore_binary::consts::WA_CONN_HEADER;
use whatsapp_rust::waproto::buffa::Message as _;
use whatsapp_rust::waproto::whatsapp as wa;

use crate::certs::ServerIdentity;
use crate::handshake::{Established, HandshakePattern, HelloOutcome, on_client_hello};

fn payload() -> Vec<u8> {
    wa::ClientPayload {
        username: Some(59170000001),
        device: Some(3),
        ..Default::default()
    }
    .encode_to_vec()
}

fn assert_keys_agree(client_write: &NoiseCipher, client_read: &NoiseCipher, server: &Established) {
    let mut up = client_write
        .encrypt_with_counter(0, b"client to server")
        .unwrap();
    server
        .read
        .decrypt_in_place_with_counter(0, &mut up)
        .unwrap();
    assert_eq!(up, b"client to server");
    let mut down = server
        .write
        .encrypt_with_counter(0, b"server to client")
        .unwrap();
    client_read
        .decrypt_in_place_with_counter(0, &mut down)
        .unwrap();
    assert_eq!(down, b"server to client");
}

#[test]
fn xx_handshake_completes_and_keys_agree() {
    let server = ServerIdentity::generate(1_800_000_000).unwrap();
    let client_static = KeyPair::generate(&mut rand::rng());
    let mut client =
        XxHandshakeState::new(client_static.clone(), payload(), &WA_CONN_HEADER).unwrap();

    let hello = client.build_client_hello().unwrap();
    let HelloOutcome::AwaitFinish(reply, awaiting) = on_client_hello(&server, &hello).unwrap()
    else {
        panic!("XX must wait for the client finish");
    };
    let finish = client
        .read_server_hello_and_build_client_finish(&reply)
        .unwrap();
    let established = awaiting.on_client_finish(&finish).unwrap();
    let outcome = client.finish().unwrap();

    assert_eq!(established.pattern, HandshakePattern::Xx);
    assert_eq!(
        established.client_static,
        client_static.public_key.public_key_bytes()
    );
    assert_eq!(established.payload.device, Some(3));
    assert_eq!(outcome.server_cert_chain.leaf_key, server.static_public());
    assert_keys_agree(&outcome.write_cipher, &outcome.read_cipher, &established);
}

#[test]
fn ik_resumes_with_the_cached_server_key() {
    let server = ServerIdentity::generate(1_800_000_000).unwrap();
    let client_static = KeyPair::generate(&mut rand::rng());
    let mut client = IkHandshakeState::new(
        client_static,
        server.static_public(),
        payload(),
        &WA_CONN_HEADER,
    )
    .unwrap();

    let hello = client.build_client_hello().unwrap();
    let HelloOutcome::Done(reply, established) = on_client_hello(&server, &hello).unwrap() else {
        panic!("IK completes in one round trip");
    };
    let IkServerHelloOutcome::Continue(outcome) = client.read_server_hello(&reply).unwrap() else {
        panic!("the client must accept the IK answer");
    };
    assert_eq!(established.pattern, HandshakePattern::Ik);
    assert_eq!(established.payload.username, Some(59170000001));
    assert_keys_agree(&outcome.write_cipher, &outcome.read_cipher, &established);
}

#[test]
fn ik_with_a_stale_server_key_falls_back_to_xx() {
    let server = ServerIdentity::generate(1_800_000_000).unwrap();
    let stale = ServerIdentity::generate(1_800_000_000).unwrap();
    let client_static = KeyPair::generate(&mut rand::rng());
    let mut client = IkHandshakeState::new(
        client_static,
        stale.static_public(),
        payload(),
        &WA_CONN_HEADER,
    )
    .unwrap();

    let hello = client.build_client_hello().unwrap();
    let HelloOutcome::AwaitFinish(reply, awaiting) = on_client_hello(&server, &hello).unwrap()
    else {
        panic!("a stale IK hello is answered XX-style");
    };
    let IkServerHelloOutcome::Fallback(inputs) = client.read_server_hello(&reply).unwrap() else {
        panic!("the client must take the XXfallback path");
    };
    let mut fallback = XxFallbackHandshakeState::from_ik_failure(*inputs, &WA_CONN_HEADER).unwrap();
    let finish = fallback.build_client_finish().unwrap();
    let established = awaiting.on_client_finish(&finish).unwrap();
    let outcome = fallback.finish().unwrap();

    assert_eq!(established.pattern, HandshakePattern::XxFallback);
    assert_keys_agree(&outcome.write_cipher, &outcome.read_cipher, &established);
}
