//! Contacts write to the shop: the contact's phone uploads any attachment to the CDN encrypted
//! under a fresh media key, Signal-encrypts the message to each companion device of the shop's
//! account (X3DH from the prekeys the companion uploaded when it has no session yet), and the
//! server delivers `<message from notify type><enc/></message>` to each companion that is
//! connected, or keeps it for its next login. Writing also gives the shop the contact's
//! privacy token (`privacy.rs`).

use rand::rngs::StdRng;
use whatsapp_rust::NodeBuilder;
use whatsapp_rust::wacore::download::MediaType;
use whatsapp_rust::wacore::libsignal::protocol::{
    CiphertextMessage, DeviceId, IdentityKey, PreKeyBundle, PreKeyId, ProtocolAddress, PublicKey,
    SessionStore as _, SignedPreKeyId, UsePQRatchet, message_encrypt, process_prekey_bundle,
};
use whatsapp_rust::wacore::messages::MessageUtils;
use whatsapp_rust::wacore_binary::Node;
use whatsapp_rust::waproto::buffa::MessageField;
use whatsapp_rust::waproto::whatsapp::{self as wa, message as m};

use crate::contacts::FakeUser;
use crate::events::NetEvent;
use crate::media::Uploaded;
use crate::network::FakeNetwork;
use crate::nodes::now_secs;
use crate::state::Shared;
use crate::{Error, privacy, receipts};

/// What a contact writes to the shop.
#[derive(Debug, Clone, PartialEq)]
pub struct FakeMessage {
    /// The name the contact's phone sends along (`notify`); `None` sends none.
    pub push_name: Option<String>,
    /// What it says or carries.
    pub body: FakeBody,
}

/// The content of a [`FakeMessage`].
#[derive(Debug, Clone, PartialEq)]
pub enum FakeBody {
    /// A text message (`conversation`).
    Text(String),
    /// An attachment, uploaded to the fake CDN encrypted as WhatsApp media is.
    Media(FakeMedia),
}

/// An attachment a contact sends.
#[derive(Debug, Clone, PartialEq)]
pub struct FakeMedia {
    /// Which kind of media message it travels as.
    pub kind: FakeMediaKind,
    /// The declared MIME type.
    pub mime_type: String,
    /// The file name (documents only).
    pub file_name: Option<String>,
    /// A caption (not for audio).
    pub caption: Option<String>,
    /// The plaintext bytes.
    pub data: Vec<u8>,
}

/// Kinds of attachment a contact can send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FakeMediaKind {
    /// `imageMessage`.
    Image,
    /// `videoMessage`.
    Video,
    /// `audioMessage`.
    Audio,
    /// `audioMessage` with `ptt`: a voice note.
    Voice,
    /// `documentMessage`; with a caption it travels inside `documentWithCaptionMessage`, as
    /// phones send it.
    Document,
}

impl FakeMessage {
    /// A text message.
    pub fn text(text: &str) -> Self {
        Self {
            push_name: None,
            body: FakeBody::Text(text.to_owned()),
        }
    }

    /// An attachment without caption or file name.
    pub fn media(kind: FakeMediaKind, mime_type: &str, data: Vec<u8>) -> Self {
        Self {
            push_name: None,
            body: FakeBody::Media(FakeMedia {
                kind,
                mime_type: mime_type.to_owned(),
                file_name: None,
                caption: None,
                data,
            }),
        }
    }

    /// The same message sent with the contact's push name.
    pub fn from_name(mut self, name: &str) -> Self {
        self.push_name = Some(name.to_owned());
        self
    }

    /// The same attachment with a caption (no effect on text).
    pub fn caption(mut self, caption: &str) -> Self {
        if let FakeBody::Media(media) = &mut self.body {
            media.caption = Some(caption.to_owned());
        }
        self
    }

    /// The same attachment with a file name (no effect on text).
    pub fn file_name(mut self, name: &str) -> Self {
        if let FakeBody::Media(media) = &mut self.body {
            media.file_name = Some(name.to_owned());
        }
        self
    }
}

impl FakeMediaKind {
    fn media_type(self) -> MediaType {
        match self {
            Self::Image => MediaType::Image,
            Self::Video => MediaType::Video,
            Self::Audio | Self::Voice => MediaType::Audio,
            Self::Document => MediaType::Document,
        }
    }

    /// The `mediatype` the server puts on the `<enc>` of a media message.
    fn wire_name(self) -> &'static str {
        match self {
            Self::Image => "image",
            Self::Video => "video",
            Self::Audio => "audio",
            Self::Voice => "ptt",
            Self::Document => "document",
        }
    }
}

impl FakeNetwork {
    /// The contact `phone` writes `message` to the shop's number. Returns the message id.
    /// Each linked companion gets its own Signal-encrypted copy now if connected, else at its
    /// next login (the server's offline queue); [`NetEvent::ContactWrote`] says which, and
    /// [`NetEvent::ShopAcked`]/[`NetEvent::ShopReceipt`] report the companion taking it.
    pub async fn contact_writes(&self, phone: &str, message: FakeMessage) -> Result<String, Error> {
        let shared = self.shared();
        let user = shared
            .world
            .contact(phone)
            .ok_or_else(|| Error::InvalidContact(format!("{phone} is not on the fake WhatsApp")))?;
        let id = format!("3A{:018X}", rand::random::<u128>() & ((1u128 << 72) - 1));
        let content = content(shared, &message.body)?;
        let plaintext = MessageUtils::encode_and_pad(&content);
        // The token first: a client that reads the message may answer at once.
        let token_notification = privacy::give_token(shared, &user);
        let devices: Vec<u16> = shared.state().devices.keys().copied().collect();
        let (mut live, mut queued) = (0, 0);
        for device in devices {
            let (enc_type, bytes) = seal(shared, &user, device, &plaintext).await?;
            let node = stanza(&user, &id, &message, enc_type, bytes);
            if receipts::to_device(shared, device, node) {
                live += 1;
            } else {
                queued += 1;
            }
        }
        shared.emit(NetEvent::ContactWrote {
            phone: user.number.clone(),
            id: id.clone(),
            live,
            queued,
            token_notification,
        });
        Ok(id)
    }
}

/// The `wa::Message` the contact's phone encrypts; media is uploaded first.
fn content(shared: &Shared, body: &FakeBody) -> Result<wa::Message, Error> {
    let media = match body {
        FakeBody::Text(text) => {
            return Ok(wa::Message {
                conversation: Some(text.clone()),
                ..Default::default()
            });
        }
        FakeBody::Media(media) => media,
    };
    let up = shared
        .world
        .media
        .upload(&media.data, media.kind.media_type())?;
    let stamp = i64::try_from(now_secs()).unwrap_or(i64::MAX);
    Ok(match media.kind {
        FakeMediaKind::Image => wa::Message {
            image_message: MessageField::some(image(media, up, stamp)),
            ..Default::default()
        },
        FakeMediaKind::Video => wa::Message {
            video_message: MessageField::some(m::VideoMessage {
                url: Some(up.url),
                direct_path: Some(up.direct_path),
                media_key: Some(up.media_key),
                file_sha256: Some(up.file_sha256),
                file_enc_sha256: Some(up.file_enc_sha256),
                file_length: Some(up.file_length),
                media_key_timestamp: Some(stamp),
                mimetype: Some(media.mime_type.clone()),
                caption: media.caption.clone(),
                ..Default::default()
            }),
            ..Default::default()
        },
        FakeMediaKind::Audio | FakeMediaKind::Voice => wa::Message {
            audio_message: MessageField::some(m::AudioMessage {
                url: Some(up.url),
                direct_path: Some(up.direct_path),
                media_key: Some(up.media_key),
                file_sha256: Some(up.file_sha256),
                file_enc_sha256: Some(up.file_enc_sha256),
                file_length: Some(up.file_length),
                media_key_timestamp: Some(stamp),
                mimetype: Some(media.mime_type.clone()),
                ptt: Some(media.kind == FakeMediaKind::Voice),
                ..Default::default()
            }),
            ..Default::default()
        },
        FakeMediaKind::Document => document(media, up, stamp),
    })
}

fn image(media: &FakeMedia, up: Uploaded, stamp: i64) -> m::ImageMessage {
    m::ImageMessage {
        url: Some(up.url),
        direct_path: Some(up.direct_path),
        media_key: Some(up.media_key),
        file_sha256: Some(up.file_sha256),
        file_enc_sha256: Some(up.file_enc_sha256),
        file_length: Some(up.file_length),
        media_key_timestamp: Some(stamp),
        mimetype: Some(media.mime_type.clone()),
        caption: media.caption.clone(),
        ..Default::default()
    }
}

/// A document; with a caption, wrapped in `documentWithCaptionMessage` as phones send it.
fn document(media: &FakeMedia, up: Uploaded, stamp: i64) -> wa::Message {
    let doc = m::DocumentMessage {
        url: Some(up.url),
        direct_path: Some(up.direct_path),
        media_key: Some(up.media_key),
        file_sha256: Some(up.file_sha256),
        file_enc_sha256: Some(up.file_enc_sha256),
        file_length: Some(up.file_length),
        media_key_timestamp: Some(stamp),
        mimetype: Some(media.mime_type.clone()),
        file_name: media.file_name.clone(),
        title: media.file_name.clone(),
        caption: media.caption.clone(),
        ..Default::default()
    };
    let plain = wa::Message {
        document_message: MessageField::some(doc),
        ..Default::default()
    };
    if media.caption.is_none() {
        return plain;
    }
    wa::Message {
        document_with_caption_message: MessageField::some(m::FutureProofMessage {
            message: MessageField::some(plain),
        }),
        ..Default::default()
    }
}

/// `<message from notify type t sender_lid><enc v="2" type [mediatype]/></message>`.
fn stanza(
    user: &FakeUser,
    id: &str,
    message: &FakeMessage,
    enc_type: &'static str,
    ciphertext: Vec<u8>,
) -> Node {
    let mut enc = NodeBuilder::new("enc")
        .attr("v", "2")
        .attr("type", enc_type);
    let kind = match &message.body {
        FakeBody::Text(_) => "text",
        FakeBody::Media(media) => {
            enc = enc.attr("mediatype", media.kind.wire_name());
            "media"
        }
    };
    let mut node = NodeBuilder::new("message")
        .attr("from", user.pn_jid())
        .attr("sender_lid", user.lid_jid())
        .attr("id", id.to_owned())
        .attr("type", kind)
        .attr("t", now_secs().to_string());
    if let Some(name) = &message.push_name {
        node = node.attr("notify", name.clone());
    }
    node.children([enc.bytes(ciphertext).build()]).build()
}

fn crypto(e: impl std::fmt::Display) -> Error {
    Error::Crypto(e.to_string())
}

/// Encrypts `plaintext` from the contact to companion `device`: in the session they share,
/// or in a new one opened from the prekeys the companion uploaded (taking one of its one-time
/// prekeys, as the server hands each out once).
async fn seal(
    shared: &Shared,
    user: &FakeUser,
    device: u16,
    plaintext: &[u8],
) -> Result<(&'static str, Vec<u8>), Error> {
    // The address the contact's stores know the companion by (see `inbox::Sender`).
    let address = ProtocolAddress::new(
        &shared.device_jid(device).to_string(),
        DeviceId::from(u32::from(device)),
    );
    let mut signal = user.signal.lock().await;
    let signal = &mut *signal;
    if !signal
        .sessions
        .has_session(&address)
        .await
        .map_err(crypto)?
    {
        let bundle = companion_bundle(shared, device)?;
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
    }
    let ciphertext = message_encrypt(
        plaintext,
        &address,
        &mut signal.sessions,
        &mut signal.identities,
    )
    .await
    .map_err(crypto)?;
    let enc_type = match ciphertext {
        CiphertextMessage::PreKeySignalMessage(_) => "pkmsg",
        _ => "msg",
    };
    Ok((enc_type, ciphertext.serialize().to_vec()))
}

/// The companion's prekey bundle as the server hands it out, its one-time prekey used up.
fn companion_bundle(shared: &Shared, device: u16) -> Result<PreKeyBundle, Error> {
    let mut state = shared.state();
    let keys = &mut state
        .devices
        .get_mut(&device)
        .ok_or_else(|| Error::UnknownDevice(shared.device_jid(device).to_string()))?
        .keys;
    let one_time = keys.one_time.pop_first();
    let one_time = match one_time {
        Some((id, public)) => Some((
            PreKeyId::from(id),
            PublicKey::from_djb_public_key_bytes(&public).map_err(crypto)?,
        )),
        None => None,
    };
    PreKeyBundle::new(
        keys.registration_id,
        DeviceId::from(u32::from(device)),
        one_time,
        SignedPreKeyId::from(keys.signed_prekey.id),
        PublicKey::from_djb_public_key_bytes(&keys.signed_prekey.public).map_err(crypto)?,
        keys.signed_prekey.signature.clone(),
        IdentityKey::new(PublicKey::from_djb_public_key_bytes(&keys.identity).map_err(crypto)?),
    )
    .map_err(crypto)
}
