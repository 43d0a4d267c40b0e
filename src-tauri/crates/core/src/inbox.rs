//! What customers write to the shop: an engine's report turned into a log entry (kept once,
//! linked to what the shop last sent them), and the limits for fetching an attachment.

use mostrador_store::NewReceived;
use mostrador_types::Kind;

use crate::config::Limits;
use crate::incoming::{Incoming, IncomingBody};

/// The row to keep for `incoming`, under the app's id `id`, received at `now`.
pub fn to_row(incoming: Incoming, id: String, now: i64) -> NewReceived {
    let mut row = NewReceived {
        id,
        whatsapp_id: incoming.whatsapp_id,
        sender: incoming.from,
        group: incoming.group,
        push_name: incoming.push_name,
        kind: String::new(),
        body: None,
        what: None,
        file_name: None,
        mime_type: None,
        size: None,
        handle: None,
        sent_at: incoming.at,
        received_at: now,
        profile: mostrador_types::DEFAULT_PROFILE.to_owned(),
    };
    match incoming.body {
        IncomingBody::Text { text } => {
            row.kind = "text".into();
            row.body = Some(text);
        }
        IncomingBody::Media {
            kind,
            caption,
            file_name,
            mime_type,
            size,
            handle,
        } => {
            row.kind = kind.as_str().into();
            row.body = caption.filter(|c| !c.is_empty());
            row.file_name = file_name;
            row.mime_type = Some(mime_type);
            row.size = Some(size);
            row.handle = Some(handle);
        }
        IncomingBody::Other { what } => {
            row.kind = "other".into();
            row.what = Some(what);
        }
    }
    row
}

/// The most bytes accepted when fetching a received attachment of `kind`: what the shop may
/// send of that kind (WhatsApp's own limits are the same).
pub fn max_bytes(kind: &str, limits: &Limits) -> u64 {
    match kind {
        k if k == Kind::Image.as_str() => limits.image_bytes,
        k if k == Kind::Video.as_str() => limits.video_bytes,
        k if k == Kind::Audio.as_str() => limits.audio_bytes,
        _ => limits.document_bytes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn incoming(body: IncomingBody) -> Incoming {
        Incoming {
            whatsapp_id: "3A1".into(),
            from: "59171234567".into(),
            group: None,
            push_name: Some("Ana".into()),
            at: 5,
            body,
        }
    }

    #[test]
    fn text_media_and_the_rest_become_rows() {
        let t = to_row(
            incoming(IncomingBody::Text {
                text: "¿a qué hora abren?".into(),
            }),
            "a".into(),
            9,
        );
        assert_eq!(
            (t.kind.as_str(), t.body.as_deref()),
            ("text", Some("¿a qué hora abren?"))
        );
        assert_eq!((t.sent_at, t.received_at), (5, 9));
        let m = to_row(
            incoming(IncomingBody::Media {
                kind: Kind::Document,
                caption: Some(String::new()),
                file_name: Some("pedido.pdf".into()),
                mime_type: "application/pdf".into(),
                size: 1234,
                handle: "{}".into(),
            }),
            "b".into(),
            9,
        );
        assert_eq!(m.kind, "document");
        assert_eq!(m.body, None, "an empty caption is no caption");
        assert_eq!((m.size, m.handle.as_deref()), (Some(1234), Some("{}")));
        let o = to_row(
            incoming(IncomingBody::Other {
                what: "sticker".into(),
            }),
            "c".into(),
            9,
        );
        assert_eq!(
            (o.kind.as_str(), o.what.as_deref()),
            ("other", Some("sticker"))
        );
    }
}
