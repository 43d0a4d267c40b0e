//! Admin endpoints over the network's world: contacts, groups, what contacts received, their
//! receipts and the server's acks. Thin pass-throughs to the `FakeNetwork` methods.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::admin::{Net, Reply, body, done, fail};
use crate::{
    AckPolicy, Contact, FakeBody, FakeMedia, FakeMediaKind, FakeMessage, FakeNetwork, FakeProfile,
    ReceiptKind, Received,
};

pub(crate) fn routes() -> Router<Arc<FakeNetwork>> {
    Router::new()
        .route("/admin/contacts", get(contacts).post(add_contact))
        .route("/admin/groups", post(add_group))
        .route("/admin/groups/{id}", get(group))
        .route("/admin/groups/{id}/admins", post(group_admin))
        .route("/admin/received", get(received))
        .route("/admin/receipts", post(receipt))
        .route("/admin/auto-receipts", post(auto_receipts))
        .route("/admin/ack-next", post(ack_next))
        .route("/admin/contacts/{phone}/send", post(contact_writes))
        .route("/admin/contacts/{phone}/profile", post(set_profile))
        .route("/admin/faults/reach-out", post(reach_out))
}

#[derive(Deserialize)]
struct Writes {
    text: Option<String>,
    media: Option<WritesMedia>,
    /// The name the contact's phone sends along.
    push_name: Option<String>,
}

#[derive(Deserialize)]
struct WritesMedia {
    /// `image`, `video`, `audio`, `voice` or `document`.
    kind: String,
    mime_type: String,
    file_name: Option<String>,
    caption: Option<String>,
    /// The file's bytes, standard base64.
    base64: String,
}

/// `POST /admin/contacts/{phone}/send {"text"} | {"media": {"kind", "mime_type", "file_name"?,
/// "caption"?, "base64"}}` (+ `"push_name"?`): the contact writes to the shop; answers
/// `{"id"}`.
async fn contact_writes(
    State(net): Net,
    Path(phone): Path<String>,
    b: Result<Json<Writes>, JsonRejection>,
) -> Reply {
    let b = body(b)?;
    let body = match (b.text, b.media) {
        (Some(text), None) => FakeBody::Text(text),
        (None, Some(media)) => FakeBody::Media(writes_media(media)?),
        _ => {
            return Err(fail(
                StatusCode::BAD_REQUEST,
                "send either \"text\" or \"media\"",
            ));
        }
    };
    let message = FakeMessage {
        push_name: b.push_name,
        body,
    };
    let id = net.contact_writes(&phone, message).await?;
    Ok(Json(json!({ "id": id })))
}

fn writes_media(m: WritesMedia) -> Result<FakeMedia, crate::admin::ApiError> {
    let kind = match m.kind.as_str() {
        "image" => FakeMediaKind::Image,
        "video" => FakeMediaKind::Video,
        "audio" => FakeMediaKind::Audio,
        "voice" => FakeMediaKind::Voice,
        "document" => FakeMediaKind::Document,
        _ => {
            return Err(fail(
                StatusCode::BAD_REQUEST,
                "kind is image, video, audio, voice or document",
            ));
        }
    };
    let data = STANDARD
        .decode(m.base64.as_bytes())
        .map_err(|_| fail(StatusCode::BAD_REQUEST, "base64 is not valid base64"))?;
    Ok(FakeMedia {
        kind,
        mime_type: m.mime_type,
        file_name: m.file_name,
        caption: m.caption,
        data,
    })
}

#[derive(Deserialize)]
struct Profile {
    about: Option<String>,
    business_name: Option<String>,
    /// The picture's bytes, standard base64.
    picture_base64: Option<String>,
    #[serde(default)]
    hidden: bool,
}

/// `POST /admin/contacts/{phone}/profile {"about"?, "business_name"?, "picture_base64"?,
/// "hidden"?}`: what the contact's account shows from now on (absent fields: nothing);
/// answers `{"picture_url"}` (`null` without a picture).
async fn set_profile(
    State(net): Net,
    Path(phone): Path<String>,
    b: Result<Json<Profile>, JsonRejection>,
) -> Reply {
    let b = body(b)?;
    let picture = match b.picture_base64 {
        Some(data) => Some(STANDARD.decode(data.as_bytes()).map_err(|_| {
            fail(
                StatusCode::BAD_REQUEST,
                "picture_base64 is not valid base64",
            )
        })?),
        None => None,
    };
    let profile = FakeProfile {
        about: b.about,
        business_name: b.business_name,
        picture,
        hidden: b.hidden,
    };
    let url = net.set_profile(&phone, profile)?;
    Ok(Json(json!({ "picture_url": url })))
}

#[derive(Deserialize)]
struct ReachOut {
    on: bool,
}

/// `POST /admin/faults/reach-out {"on"}`: WhatsApp's reach-out limit (error 463) on or off.
async fn reach_out(State(net): Net, b: Result<Json<ReachOut>, JsonRejection>) -> Reply {
    net.set_reach_out_limit(body(b)?.on);
    done()
}

fn contact_json(c: &Contact) -> Value {
    json!({ "phone": c.phone, "jid": c.jid.to_string(), "lid": c.lid.to_string() })
}

/// `GET /admin/contacts`: everyone on the fake WhatsApp.
async fn contacts(State(net): Net) -> Reply {
    let mut all = net.contacts();
    all.sort_by(|a, b| a.phone.cmp(&b.phone));
    let all: Vec<Value> = all.iter().map(contact_json).collect();
    Ok(Json(json!({ "contacts": all })))
}

#[derive(Deserialize)]
struct NewContact {
    phone: String,
}

/// `POST /admin/contacts {"phone"}`: put a number on WhatsApp.
async fn add_contact(State(net): Net, b: Result<Json<NewContact>, JsonRejection>) -> Reply {
    let contact = net.add_contact(&body(b)?.phone)?;
    Ok(Json(contact_json(&contact)))
}

#[derive(Deserialize)]
struct NewGroup {
    name: String,
    members: Vec<String>,
}

/// `POST /admin/groups {"name", "members": [phone…]}`: a group with the account in it.
async fn add_group(State(net): Net, b: Result<Json<NewGroup>, JsonRejection>) -> Reply {
    let b = body(b)?;
    let members: Vec<&str> = b.members.iter().map(String::as_str).collect();
    let jid = net.add_group(&b.name, &members)?;
    Ok(Json(json!({ "jid": jid.to_string() })))
}

/// `GET /admin/groups/{id}` (`id`: the JID or its digits): the group as the network keeps it.
async fn group(State(net): Net, Path(id): Path<String>) -> Reply {
    let g = net
        .group(&id)
        .ok_or_else(|| fail(StatusCode::NOT_FOUND, "no such group"))?;
    let members: Vec<Value> = g
        .members
        .iter()
        .map(|(phone, admin)| json!({ "phone": phone, "admin": admin }))
        .collect();
    Ok(Json(json!({
        "jid": g.jid.to_string(), "subject": g.subject, "description": g.description,
        "members": members, "shop_in": g.shop_in, "shop_admin": g.shop_admin,
        "announcement": g.announcement, "locked": g.locked, "invite_code": g.invite_code,
    })))
}

#[derive(Deserialize)]
struct GroupAdmin {
    phone: String,
    admin: bool,
}

/// `POST /admin/groups/{id}/admins {"phone", "admin"}`: makes a member (or the shop's own
/// number) an admin or not, e.g. to see the shop refused as a non-admin.
async fn group_admin(
    State(net): Net,
    Path(id): Path<String>,
    b: Result<Json<GroupAdmin>, JsonRejection>,
) -> Reply {
    let b = body(b)?;
    net.set_group_admin(&id, &b.phone, b.admin)?;
    done()
}

#[derive(Deserialize)]
struct Phone {
    phone: String,
}

/// `GET /admin/received?phone=…`: what that contact decrypted, once per message id.
async fn received(State(net): Net, q: Result<Query<Phone>, QueryRejection>) -> Reply {
    let Query(q) = q.map_err(|_| fail(StatusCode::BAD_REQUEST, "expected ?phone=<number>"))?;
    let messages: Vec<Value> = net.received(&q.phone).iter().map(received_json).collect();
    Ok(Json(json!({ "phone": q.phone, "messages": messages })))
}

fn received_json(r: &Received) -> Value {
    json!({
        "id": r.id,
        "from": r.from.to_string(),
        "to": r.to.to_string(),
        "chat": r.chat.to_string(),
        "group": r.group.as_ref().map(ToString::to_string),
        "kind": format!("{:?}", r.kind).to_lowercase(),
        "text": r.text,
        "caption": r.caption,
        "file_name": r.file_name,
        "mime_type": r.mime_type,
        "media_sha256": r.media_sha256,
        "media_len": r.media_len,
        "media_error": r.media_error,
        "latitude": r.latitude,
        "longitude": r.longitude,
        "name": r.name,
        "address": r.address,
        "display_name": r.display_name,
        "vcard": r.vcard,
        "poll_question": r.poll_question,
        "poll_options": r.poll_options,
        "poll_selectable": r.poll_selectable,
        "at": r.at,
    })
}

#[derive(Deserialize)]
struct Receipt {
    phone: String,
    id: String,
    /// `delivered`, `read` or `played`.
    kind: String,
}

/// `POST /admin/receipts {"phone", "id", "kind"}`: the contact sends a receipt.
async fn receipt(State(net): Net, b: Result<Json<Receipt>, JsonRejection>) -> Reply {
    let b = body(b)?;
    let kind = match b.kind.as_str() {
        "delivered" => ReceiptKind::Delivered,
        "read" => ReceiptKind::Read,
        "played" => ReceiptKind::Played,
        _ => {
            return Err(fail(
                StatusCode::BAD_REQUEST,
                "kind is delivered, read or played",
            ));
        }
    };
    net.send_receipt(&b.phone, &b.id, kind)?;
    done()
}

#[derive(Deserialize)]
struct AutoReceipts {
    /// One contact; without it, the default for all.
    phone: Option<String>,
    delivered: bool,
    read: bool,
}

/// `POST /admin/auto-receipts {"phone"?, "delivered", "read"}`: receipts contacts send alone.
async fn auto_receipts(State(net): Net, b: Result<Json<AutoReceipts>, JsonRejection>) -> Reply {
    let b = body(b)?;
    net.set_auto_receipts(b.phone.as_deref(), b.delivered, b.read);
    done()
}

#[derive(Deserialize)]
struct AckNext {
    /// `ack`, `nack`, `delay` or `withhold`.
    policy: String,
    /// The error code of a nack.
    code: Option<u16>,
    /// How long a delayed ack waits.
    delay_ms: Option<u64>,
}

/// `POST /admin/ack-next {"policy", "code"?, "delay_ms"?}`: how the server answers the next
/// message a client sends.
async fn ack_next(State(net): Net, b: Result<Json<AckNext>, JsonRejection>) -> Reply {
    let b = body(b)?;
    let policy = match (b.policy.as_str(), b.code, b.delay_ms) {
        ("ack", _, _) => AckPolicy::Ack,
        ("nack", Some(code), _) => AckPolicy::Nack(code),
        ("delay", _, Some(ms)) => AckPolicy::Delay(Duration::from_millis(ms)),
        ("withhold", _, _) => AckPolicy::Withhold,
        _ => {
            return Err(fail(
                StatusCode::BAD_REQUEST,
                "policy is ack, nack (with code), delay (with delay_ms) or withhold",
            ));
        }
    };
    net.ack_next_message(policy);
    done()
}
