//! The phone's first message to a freshly linked companion: the app-state sync key, as a Signal
//! `pkmsg` from device 0. With it the companion skips its 10 s wait for the key and decrypts
//! app state right away, as it does with a real phone.

use rand::rngs::StdRng;
use whatsapp_rust::NodeBuilder;
use whatsapp_rust::wacore::libsignal::protocol::{
    CiphertextMessage, DeviceId, IdentityKey, PreKeyBundle, ProtocolAddress, PublicKey,
    SignedPreKeyId, UsePQRatchet, message_encrypt, process_prekey_bundle,
};
use whatsapp_rust::wacore::messages::MessageUtils;
use whatsapp_rust::wacore_binary::Node;
use whatsapp_rust::waproto::buffa::MessageField;
use whatsapp_rust::waproto::whatsapp::{self as wa, message::protocol_message};

use crate::Error;
use crate::nodes::now_secs;
use crate::prekeys::DeviceKeys;
use crate::state::Shared;

fn crypto(e: impl std::fmt::Display) -> Error {
    Error::Crypto(e.to_string())
}

/// Builds the `<message>` carrying the account's app-state sync key to companion `device`,
/// opening the phone's Signal session with it from the keys it registered with.
pub(crate) async fn app_state_key_share(
    shared: &Shared,
    device: u16,
    keys: &DeviceKeys,
) -> Result<Node, Error> {
    let address = ProtocolAddress::new(
        &shared.device_jid(device).to_string(),
        DeviceId::from(u32::from(device)),
    );
    // The one-time prekeys are uploaded only after login; a bundle without one is valid X3DH.
    let bundle = PreKeyBundle::new(
        keys.registration_id,
        DeviceId::from(u32::from(device)),
        None,
        SignedPreKeyId::from(keys.signed_prekey.id),
        PublicKey::from_djb_public_key_bytes(&keys.signed_prekey.public).map_err(crypto)?,
        keys.signed_prekey.signature.clone(),
        IdentityKey::new(PublicKey::from_djb_public_key_bytes(&keys.identity).map_err(crypto)?),
    )
    .map_err(crypto)?;

    let plaintext = MessageUtils::encode_and_pad(&share_message(shared));
    let ciphertext = {
        let mut signal = shared.phone_signal.lock().await;
        let signal = &mut *signal;
        // StdRng, not the thread-local one, so the future stays Send across the awaits.
        let mut rng: StdRng = rand::make_rng();
        process_prekey_bundle(
            &address,
            &mut signal.sessions,
            &mut signal.identities,
            &bundle,
            &mut rng,
            UsePQRatchet::No,
        )
        .await
        .map_err(crypto)?;
        message_encrypt(
            &plaintext,
            &address,
            &mut signal.sessions,
            &mut signal.identities,
        )
        .await
        .map_err(crypto)?
    };
    let enc_type = match ciphertext {
        CiphertextMessage::PreKeySignalMessage(_) => "pkmsg",
        _ => "msg",
    };
    Ok(NodeBuilder::new("message")
        .attr("from", shared.phone.pn_jid())
        .attr("id", format!("{:032X}", rand::random::<u128>()))
        .attr("type", "text")
        .attr("t", now_secs().to_string())
        .children([NodeBuilder::new("enc")
            .attr("v", "2")
            .attr("type", enc_type)
            .bytes(ciphertext.serialize().to_vec())
            .build()])
        .build())
}

/// `ProtocolMessage{APP_STATE_SYNC_KEY_SHARE}` with the account's current sync key.
fn share_message(shared: &Shared) -> wa::Message {
    let key = wa::message::AppStateSyncKey {
        key_id: MessageField::some(wa::message::AppStateSyncKeyId {
            key_id: Some(shared.app_state_key.id.to_vec()),
        }),
        key_data: MessageField::some(wa::message::AppStateSyncKeyData {
            key_data: Some(shared.app_state_key.data.to_vec()),
            fingerprint: MessageField::some(wa::message::AppStateSyncKeyFingerprint {
                raw_id: Some(shared.phone.raw_id),
                current_index: Some(0),
                device_indexes: vec![0],
            }),
            timestamp: Some(
                i64::try_from(now_secs())
                    .unwrap_or(i64::MAX)
                    .saturating_mul(1000),
            ),
        }),
    };
    wa::Message {
        protocol_message: MessageField::some(wa::message::ProtocolMessage {
            r#type: Some(protocol_message::Type::APP_STATE_SYNC_KEY_SHARE),
            app_state_sync_key_share: MessageField::some(wa::message::AppStateSyncKeyShare {
                keys: vec![key],
            }),
            ..Default::default()
        }),
        ..Default::default()
    }
}
