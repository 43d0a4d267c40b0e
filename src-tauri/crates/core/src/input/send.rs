//! A send request as every surface receives it (the API's JSON or multipart fields, the
//! desktop's command) and the rules that make it a `Draft`: which fields each kind needs,
//! the kind guessed from the file's bytes when not given, and which kinds take a file.

use base64::Engine;
use mostrador_types::Kind;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::config::Limits;
use crate::media::guess_kind;
use crate::schedule::parse_send_at;
use crate::{Attachment, Code, Draft, DraftBody, Error, Result};

/// A message to send. `type` picks the kind (default `text`, or guessed from the file);
/// each kind reads its own fields.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SendRequest {
    /// Phone number in any common form (`+591 7123-4567`, `71234567` with the default
    /// country) or a group id (`...@g.us`).
    /// (Absent in a batch's template: each recipient is given beside it.)
    #[schema(example = "+591 7123-4567")]
    pub to: String,
    #[serde(rename = "type")]
    pub kind: Option<Kind>,
    /// text: the message.
    pub text: Option<String>,
    /// image, video, document: shown under the media.
    pub caption: Option<String>,
    /// image, video, audio, document (JSON only): the file, base64.
    pub media: Option<String>,
    /// The file's type, checked against its content.
    pub mime_type: Option<String>,
    /// document: the name the recipient sees.
    pub file_name: Option<String>,
    /// audio: send as a voice note (OGG/Opus).
    pub voice_note: Option<bool>,
    /// location
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// location: place name; contact: the person's name.
    pub name: Option<String>,
    /// location
    pub address: Option<String>,
    /// contact: a full vCard, or give `name` and `phone`.
    pub vcard: Option<String>,
    /// contact
    pub phone: Option<String>,
    /// poll
    pub question: Option<String>,
    /// poll: 2 to 12 options.
    pub options: Option<Vec<String>>,
    /// poll: allow more than one answer.
    pub multiple_choice: Option<bool>,
    /// Same as the `Idempotency-Key` header.
    pub idempotency_key: Option<String>,
    /// Send later: when, with its offset (`2026-12-24T18:00:00-04:00`). The message waits as
    /// `scheduled`; a time just past sends now.
    #[schema(example = "2026-12-24T18:00:00-04:00")]
    pub send_at: Option<String>,
    /// The WhatsApp number that sends it: a profile's id or name (default: the main one).
    /// In a batch's template: not here, beside the template.
    #[schema(example = "Entregas")]
    pub profile: Option<String>,
}

/// A file that came apart from the request: a multipart `file` part, or a file picked in the
/// desktop app.
pub struct FilePart {
    /// Staged on disk as it arrived (multipart, a picked file).
    pub data: Attachment,
    pub file_name: Option<String>,
    pub content_type: Option<String>,
}

/// The largest body `POST /messages` takes: the largest attachment as base64 (a third
/// larger), with room for the other fields.
pub fn message_body_limit(limits: &Limits) -> u64 {
    limits.largest_media().saturating_mul(4) / 3 + 1024 * 1024
}

/// Reads base64 as people paste it: standard or URL-safe, padded or not, with line breaks,
/// or as a `data:` URL.
fn decode_base64(mut s: String) -> Result<Vec<u8>> {
    use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
    // In place: the text of a large attachment is not copied again before decoding.
    if s.starts_with("data:")
        && let Some(at) = s.find(";base64,")
    {
        s.drain(..at + ";base64,".len());
    }
    s.retain(|c| !c.is_ascii_whitespace());
    let clean = s.trim_end_matches('=');
    STANDARD_NO_PAD
        .decode(clean)
        .or_else(|_| URL_SAFE_NO_PAD.decode(clean))
        .map_err(|e| {
            Error::new(
                Code::InvalidBase64,
                format!("media is not valid base64: {e}"),
            )
        })
}

impl SendRequest {
    /// What the core is asked to send: this request, its file (if not base64 inside it) and
    /// an idempotency key given beside it (the API's `Idempotency-Key` header).
    pub fn into_draft(
        mut self,
        file: Option<FilePart>,
        header_key: Option<String>,
    ) -> Result<Draft> {
        let idempotency_key = match (header_key, self.idempotency_key.clone()) {
            (Some(h), Some(f)) if h != f => {
                return Err(Error::new(
                    Code::ValidationError,
                    "the Idempotency-Key header and the idempotency_key field differ",
                ));
            }
            (h, f) => h.or(f),
        };
        // The file: a multipart part, or base64 in JSON — not both.
        let (data, part_name, part_type) = match (file, self.media.take()) {
            (Some(_), Some(_)) => {
                return Err(Error::new(
                    Code::ValidationError,
                    "send the file either as a `file` part or as `media`, not both",
                ));
            }
            (Some(f), None) => (
                Some(f.data),
                f.file_name,
                f.content_type.filter(|t| t != "application/octet-stream"),
            ),
            (None, Some(b64)) => (Some(Attachment::Bytes(decode_base64(b64)?)), None, None),
            (None, None) => (None, None, None),
        };
        let kind = match (self.kind, &data) {
            (Some(k), _) => k,
            (None, Some(data)) => guess_kind(data.head()),
            (None, None) => Kind::Text,
        };
        let needs = |what: &str| {
            Error::new(
                Code::ValidationError,
                format!("{what} is required for a {} message", kind.as_str()),
            )
        };
        let media = |data: Option<Attachment>| {
            data.ok_or_else(|| {
                Error::new(
                    Code::MediaMissing,
                    format!(
                        "a {} message needs a file: a `file` part or base64 `media`",
                        kind.as_str()
                    ),
                )
            })
        };
        if data.is_some()
            && !matches!(
                kind,
                Kind::Image | Kind::Video | Kind::Audio | Kind::Document
            )
        {
            return Err(Error::new(
                Code::ValidationError,
                format!("a {} message takes no file", kind.as_str()),
            ));
        }
        let mime_type = self.mime_type.or(part_type);
        let body = match kind {
            Kind::Text => DraftBody::Text {
                text: self.text.ok_or_else(|| needs("text"))?,
            },
            Kind::Image => DraftBody::Image {
                data: media(data)?,
                mime_type,
                caption: self.caption,
            },
            Kind::Video => DraftBody::Video {
                data: media(data)?,
                mime_type,
                caption: self.caption,
            },
            Kind::Audio => DraftBody::Audio {
                data: media(data)?,
                mime_type,
                voice_note: self.voice_note.unwrap_or(false),
            },
            Kind::Document => DraftBody::Document {
                data: media(data)?,
                mime_type,
                file_name: self.file_name.or(part_name),
                caption: self.caption,
            },
            Kind::Location => DraftBody::Location {
                latitude: self.latitude.ok_or_else(|| needs("latitude"))?,
                longitude: self.longitude.ok_or_else(|| needs("longitude"))?,
                name: self.name,
                address: self.address,
            },
            Kind::Contact => DraftBody::Contact {
                vcard: self.vcard,
                name: self.name,
                phone: self.phone,
            },
            Kind::Poll => DraftBody::Poll {
                question: self.question.ok_or_else(|| needs("question"))?,
                options: self.options.ok_or_else(|| needs("options"))?,
                multiple_choice: self.multiple_choice.unwrap_or(false),
            },
        };
        let send_at = self.send_at.as_deref().map(parse_send_at).transpose()?;
        Ok(Draft {
            to: self.to,
            body,
            idempotency_key,
            send_at,
            profile: self.profile,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_in_every_common_shape() {
        for s in [
            "aGVsbG8/",
            "aGVsbG8_",
            "aGVs\nbG8/",
            "data:application/pdf;base64,aGVsbG8/",
        ] {
            assert_eq!(decode_base64(s.into()).unwrap(), b"hello?", "{s}");
        }
        assert_eq!(decode_base64("aGk=".into()).unwrap(), b"hi");
        assert_eq!(
            decode_base64("no base64!".into()).unwrap_err().code,
            Code::InvalidBase64
        );
    }

    #[test]
    fn kinds_default_sensibly() {
        let d = SendRequest {
            to: "x".into(),
            text: Some("hola".into()),
            ..Default::default()
        }
        .into_draft(None, None)
        .unwrap();
        assert!(matches!(d.body, DraftBody::Text { .. }));
        let pdf = FilePart {
            data: b"%PDF-1.4\n".to_vec().into(),
            file_name: Some("f.pdf".into()),
            content_type: None,
        };
        let d = SendRequest {
            to: "x".into(),
            ..Default::default()
        }
        .into_draft(Some(pdf), Some("k".into()))
        .unwrap();
        assert!(
            matches!(d.body, DraftBody::Document { ref file_name, .. } if file_name.as_deref() == Some("f.pdf"))
        );
        assert_eq!(d.idempotency_key.as_deref(), Some("k"));
        let e = SendRequest {
            to: "x".into(),
            kind: Some(Kind::Image),
            ..Default::default()
        }
        .into_draft(None, None)
        .unwrap_err();
        assert_eq!(e.code, Code::MediaMissing);
        let e = SendRequest {
            to: "x".into(),
            idempotency_key: Some("a".into()),
            ..Default::default()
        }
        .into_draft(None, Some("b".into()))
        .unwrap_err();
        assert_eq!(e.code, Code::ValidationError);
    }
}
