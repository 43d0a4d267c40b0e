//! The phone's side of QR linking: scan the code, have the server send `<pair-success>` to the
//! companion that showed it, check the companion's countersignature, and register the device.
//! Pair-code linking (`link_code`) ends in the same [`link`].

use std::sync::Arc;

use tokio::sync::oneshot;
use whatsapp_rust::wacore_binary::{Node, NodeContent};
use whatsapp_rust::{Jid, NodeBuilder};

use crate::Error;
use crate::events::{ConnId, NetEvent};
use crate::nodes::{attr, iq_request, now_secs};
use crate::session::stream_error;
use crate::state::{Command, Device, Registration, Shared};
use crate::{keyshare, qr};

/// How the phone shows up in the companion's `PairSuccess` (SMB Android = WhatsApp Business).
const PHONE_PLATFORM: &str = "smba";

/// Links the companion whose QR is `code` as a new device of the phone's account.
/// Resolves once the companion has countersigned (or refused) the device identity.
pub(crate) async fn scan(
    shared: &Arc<Shared>,
    code: &str,
    business_name: &str,
) -> Result<Jid, Error> {
    let scanned = qr::parse(code)?;
    let (conn, registration) = {
        let state = shared.state();
        let conn = *state
            .qr_refs
            .get(&scanned.pairing_ref)
            .ok_or_else(|| Error::UnknownQrRef(scanned.pairing_ref.clone()))?;
        let registration = state
            .connections
            .get(&conn)
            .and_then(|c| c.registration.clone())
            .ok_or_else(|| Error::UnknownQrRef(scanned.pairing_ref.clone()))?;
        // The QR must come from the session the ref was issued to (the server relays the scan
        // there and both sides derive keys from it).
        if registration.noise_public != scanned.noise_public {
            return Err(Error::QrMismatch("noise key"));
        }
        if registration.keys.identity != scanned.identity_public {
            return Err(Error::QrMismatch("identity key"));
        }
        (conn, registration)
    };
    link(
        shared,
        conn,
        registration,
        &scanned.adv_secret,
        business_name,
    )
    .await
}

/// Registers the companion on `conn` as a new device once the phone trusts it (by QR or by
/// pair code): `<pair-success>` with an identity HMAC-keyed by `adv_secret`, the companion's
/// countersignature, then stream error 515 so it logs in as the new device.
pub(crate) async fn link(
    shared: &Arc<Shared>,
    conn: ConnId,
    registration: Registration,
    adv_secret: &[u8; 32],
    business_name: &str,
) -> Result<Jid, Error> {
    let (device_id, key_index) = shared.state().allocate_device();
    let identity = registration.keys.identity;
    let grant = shared
        .phone
        .grant_device(&identity, adv_secret, key_index, now_secs())?;
    let jid = shared.device_jid(device_id);
    let lid = shared.device_lid(device_id);
    let mut success = vec![
        NodeBuilder::new("device-identity")
            .bytes(grant.hmac_container.clone())
            .build(),
        NodeBuilder::new("device")
            .attr("jid", jid.clone())
            .attr("lid", lid.clone())
            .build(),
        NodeBuilder::new("platform")
            .attr("name", PHONE_PLATFORM)
            .build(),
    ];
    if !business_name.is_empty() {
        // Becomes the companion's push name, which also lets later logins skip the initial
        // app-state bootstrap.
        success.push(
            NodeBuilder::new("biz")
                .attr("name", business_name.to_owned())
                .build(),
        );
    }
    let request = iq_request(
        "md",
        "set",
        NodeBuilder::new("pair-success").children(success).build(),
    );

    let (reply_tx, reply_rx) = oneshot::channel();
    if !shared.state().send(
        conn,
        Command::Request {
            node: request,
            reply: reply_tx,
        },
    ) {
        return Err(Error::ConnectionClosed);
    }
    let answer = reply_rx.await.map_err(|_| Error::ConnectionClosed)?;
    let (signed_identity, answered_index) = device_sign(&answer)?;
    if answered_index != Some(key_index) {
        return Err(Error::InvalidDeviceSign(format!(
            "key-index {answered_index:?}, granted {key_index}"
        )));
    }
    shared
        .phone
        .verify_device_sign(&grant, &identity, &signed_identity)?;

    // Like a real phone, share the app-state key at once; the server holds it until the new
    // device logs in and goes active.
    let offline = match keyshare::app_state_key_share(shared, device_id, &registration.keys).await {
        Ok(share) => vec![share],
        Err(e) => {
            tracing::warn!("fake-whatsapp: no app-state key share for the new device: {e}");
            Vec::new()
        }
    };
    {
        let mut state = shared.state();
        state.devices.insert(
            device_id,
            Device {
                id: device_id,
                key_index,
                noise_public: registration.noise_public,
                keys: registration.keys,
                adv_identity: signed_identity,
                offline,
            },
        );
        state.qr_refs.retain(|_, c| *c != conn);
    }
    shared.emit(NetEvent::Paired {
        jid: jid.clone(),
        lid,
    });
    // The companion ignores `<success>` on the pairing socket; 515 makes it reconnect and log
    // in as the new device.
    let state = shared.state();
    state.send(conn, Command::Send(stream_error("515")));
    state.send(conn, Command::Close);
    Ok(jid)
}

/// Extracts `<pair-device-sign><device-identity key-index>bytes</…>` from the companion's
/// answer, or the error it sent instead.
fn device_sign(answer: &Node) -> Result<(Vec<u8>, Option<u32>), Error> {
    if attr(answer, "type").as_deref() == Some("error") {
        let error = answer.get_optional_child("error");
        return Err(Error::PairingRejected {
            code: error
                .and_then(|e| attr(e, "code"))
                .and_then(|c| c.parse().ok())
                .unwrap_or(0),
            text: error.and_then(|e| attr(e, "text")).unwrap_or_default(),
        });
    }
    let identity = answer
        .get_optional_child("pair-device-sign")
        .and_then(|s| s.get_optional_child("device-identity"))
        .ok_or_else(|| Error::InvalidDeviceSign("no <pair-device-sign><device-identity>".into()))?;
    let Some(NodeContent::Bytes(bytes)) = &identity.content else {
        return Err(Error::InvalidDeviceSign("empty <device-identity>".into()));
    };
    let key_index = attr(identity, "key-index").and_then(|k| k.parse().ok());
    Ok((bytes.clone(), key_index))
}
