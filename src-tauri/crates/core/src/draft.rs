//! A message as it arrives from the POS or the cashier, and its validation: everything is
//! checked before anything is stored.

use mostrador_types::{Content, Kind, MediaRef};

use crate::config::Limits;
use crate::phone::{self, Normalised};
use crate::staging::Attachment;
use crate::{Code, Error, Result, media};

/// What the caller wants sent.
#[derive(Debug, Clone)]
pub struct Draft {
    /// A phone number in any common form, or a group JID.
    pub to: String,
    pub body: DraftBody,
    pub idempotency_key: Option<String>,
    /// When to send it (ms since the epoch); None is now. Checked against the clock by
    /// `schedule::send_time`.
    pub send_at: Option<i64>,
    /// The WhatsApp number that sends it: a profile's id or name; none: the main one.
    pub profile: Option<String>,
}

#[derive(Debug, Clone)]
pub enum DraftBody {
    Text {
        text: String,
    },
    Image {
        data: Attachment,
        mime_type: Option<String>,
        caption: Option<String>,
    },
    Document {
        data: Attachment,
        mime_type: Option<String>,
        file_name: Option<String>,
        caption: Option<String>,
    },
    Video {
        data: Attachment,
        mime_type: Option<String>,
        caption: Option<String>,
    },
    Audio {
        data: Attachment,
        mime_type: Option<String>,
        voice_note: bool,
    },
    Location {
        latitude: f64,
        longitude: f64,
        name: Option<String>,
        address: Option<String>,
    },
    /// Either a ready vCard, or a name and phone to build one from.
    Contact {
        vcard: Option<String>,
        name: Option<String>,
        phone: Option<String>,
    },
    Poll {
        question: String,
        options: Vec<String>,
        multiple_choice: bool,
    },
}

/// A draft that passed every check.
#[derive(Debug, Clone)]
pub struct Validated {
    pub to: Normalised,
    pub content: Content,
    /// The attachment, to store under `content`'s media hash.
    pub media: Option<Attachment>,
}

pub const MAX_IDEMPOTENCY_KEY: usize = 255;

pub fn validate(
    draft: Draft,
    country: phonenumber::country::Id,
    limits: &Limits,
) -> Result<Validated> {
    let key_ok = |k: &String| {
        !k.is_empty() && k.len() <= MAX_IDEMPOTENCY_KEY && k.bytes().all(|b| b.is_ascii_graphic())
    };
    if draft.idempotency_key.as_ref().is_some_and(|k| !key_ok(k)) {
        return Err(Error::invalid(format!(
            "the idempotency key must be 1 to {MAX_IDEMPOTENCY_KEY} visible ASCII characters"
        )));
    }
    let to = phone::normalise(&draft.to, country)?;
    let (content, media) = validate_body(draft.body, country, limits)?;
    Ok(Validated { to, content, media })
}

/// The content's own checks (everything but the recipient): a batch's template is checked
/// once this way, then each recipient's copy only for what its variables change.
pub fn validate_body(
    body: DraftBody,
    country: phonenumber::country::Id,
    limits: &Limits,
) -> Result<(Content, Option<Attachment>)> {
    Ok(match body {
        DraftBody::Text { text } => (
            Content::Text {
                text: text_field(text, "text", limits.text_chars)?,
            },
            None,
        ),
        DraftBody::Image {
            data,
            mime_type,
            caption,
        } => {
            let (media, data) = attach(Kind::Image, data, mime_type, limits)?;
            (
                Content::Image {
                    media,
                    caption: caption_field(caption, limits)?,
                },
                Some(data),
            )
        }
        DraftBody::Video {
            data,
            mime_type,
            caption,
        } => {
            let (media, data) = attach(Kind::Video, data, mime_type, limits)?;
            (
                Content::Video {
                    media,
                    caption: caption_field(caption, limits)?,
                },
                Some(data),
            )
        }
        DraftBody::Audio {
            data,
            mime_type,
            voice_note,
        } => {
            let (media, data) = attach(Kind::Audio, data, mime_type, limits)?;
            if voice_note && media.mime_type != "audio/ogg" {
                return Err(Error::new(
                    Code::UnsupportedMediaType,
                    format!(
                        "a voice note must be OGG/Opus audio, not {}",
                        media.mime_type
                    ),
                ));
            }
            (Content::Audio { media, voice_note }, Some(data))
        }
        DraftBody::Document {
            data,
            mime_type,
            file_name,
            caption,
        } => {
            let (media, data) = attach(Kind::Document, data, mime_type, limits)?;
            let file_name = file_name_field(file_name, &media.mime_type)?;
            (
                Content::Document {
                    media,
                    file_name,
                    caption: caption_field(caption, limits)?,
                },
                Some(data),
            )
        }
        DraftBody::Location {
            latitude,
            longitude,
            name,
            address,
        } => (location(latitude, longitude, name, address)?, None),
        DraftBody::Contact { vcard, name, phone } => (contact(vcard, name, phone, country)?, None),
        DraftBody::Poll {
            question,
            options,
            multiple_choice,
        } => (poll(question, options, multiple_choice)?, None),
    })
}

pub(crate) fn text_field(text: String, what: &str, max: usize) -> Result<String> {
    if text.trim().is_empty() {
        return Err(Error::new(Code::TextEmpty, format!("the {what} is empty")));
    }
    let chars = text.chars().count();
    if chars > max {
        return Err(Error::new(
            Code::TextTooLong,
            format!("the {what} has {chars} characters and the limit is {max}"),
        ));
    }
    Ok(text)
}

pub(crate) fn caption_field(caption: Option<String>, limits: &Limits) -> Result<Option<String>> {
    match caption {
        Some(c) if !c.trim().is_empty() => text_field(c, "caption", limits.caption_chars).map(Some),
        _ => Ok(None),
    }
}

fn attach(
    kind: Kind,
    data: Attachment,
    declared: Option<String>,
    limits: &Limits,
) -> Result<(MediaRef, Attachment)> {
    let mime_type = media::check(kind, data.head(), data.size(), declared.as_deref(), limits)?;
    let media = MediaRef {
        sha256: data.sha256(),
        mime_type,
        size: data.size(),
    };
    Ok((media, data))
}

/// Keeps the last path component, drops control and bidi-override characters, and names
/// unnamed files.
fn file_name_field(name: Option<String>, mime: &str) -> Result<String> {
    let cleaned: String = name
        .as_deref()
        .unwrap_or("")
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_control() && !is_bidi_control(*c))
        .collect();
    let cleaned = cleaned.trim();
    if cleaned.chars().count() > 255 {
        return Err(Error::invalid(
            "the file name is longer than 255 characters",
        ));
    }
    if cleaned.is_empty() || cleaned == "." || cleaned == ".." {
        return Ok(format!("documento.{}", media::extension_for(mime)));
    }
    Ok(cleaned.to_owned())
}

/// Embeddings, overrides and isolates (U+202A–202E, U+2066–2069): in a file name they make
/// `factura<U+202E>fdp.exe` reads as `facturaexe.pdf` on the customer's phone.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn location(
    latitude: f64,
    longitude: f64,
    name: Option<String>,
    address: Option<String>,
) -> Result<Content> {
    if !latitude.is_finite() || !(-90.0..=90.0).contains(&latitude) {
        return Err(Error::new(
            Code::InvalidLocation,
            format!("latitude {latitude} is outside -90..90"),
        ));
    }
    if !longitude.is_finite() || !(-180.0..=180.0).contains(&longitude) {
        return Err(Error::new(
            Code::InvalidLocation,
            format!("longitude {longitude} is outside -180..180"),
        ));
    }
    let short = |v: Option<String>, what: &str| -> Result<Option<String>> {
        match v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()) {
            Some(s) if s.chars().count() > 1024 => Err(Error::new(
                Code::InvalidLocation,
                format!("the {what} is longer than 1024 characters"),
            )),
            other => Ok(other),
        }
    };
    Ok(Content::Location {
        latitude,
        longitude,
        name: short(name, "name")?,
        address: short(address, "address")?,
    })
}

fn contact(
    vcard: Option<String>,
    name: Option<String>,
    phone: Option<String>,
    country: phonenumber::country::Id,
) -> Result<Content> {
    let bad = |m: &str| Error::new(Code::InvalidContact, m.to_owned());
    if let Some(vcard) = vcard.filter(|v| !v.trim().is_empty()) {
        let upper = vcard.to_ascii_uppercase();
        if !upper.trim_start().starts_with("BEGIN:VCARD") || !upper.contains("END:VCARD") {
            return Err(bad(
                "the vCard must start with BEGIN:VCARD and end with END:VCARD",
            ));
        }
        if vcard.len() > 64 * 1024 {
            return Err(bad("the vCard is larger than 64 KB"));
        }
        let display_name = name
            .filter(|n| !n.trim().is_empty())
            .or_else(|| vcard_field(&vcard, "FN"))
            .ok_or_else(|| bad("the vCard has no name (FN) and no name was given"))?;
        return Ok(Content::Contact {
            display_name,
            vcard,
        });
    }
    let name = name.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
    let (Some(name), Some(phone)) = (name, phone) else {
        return Err(bad("a contact needs a vCard, or a name and a phone number"));
    };
    if name.chars().count() > 256 || name.contains(['\r', '\n']) {
        return Err(bad(
            "the contact's name must be one line of at most 256 characters",
        ));
    }
    let number = phone::normalise(&phone, country).map_err(|e| {
        Error::new(
            Code::InvalidContact,
            format!("the contact's phone: {}", e.message),
        )
    })?;
    let mostrador_types::Recipient::Phone(digits) = number.recipient else {
        return Err(bad(
            "the contact's phone must be a phone number, not a group",
        ));
    };
    let vcard = format!(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{}\r\nTEL;type=CELL;waid={digits}:+{digits}\r\nEND:VCARD\r\n",
        escape_vcard(&name)
    );
    Ok(Content::Contact {
        display_name: name,
        vcard,
    })
}

fn vcard_field(vcard: &str, field: &str) -> Option<String> {
    vcard.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        let key = key.split(';').next()?;
        (key.eq_ignore_ascii_case(field) && !value.trim().is_empty())
            .then(|| value.trim().to_owned())
    })
}

fn escape_vcard(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace(',', "\\,")
        .replace(';', "\\;")
}

fn poll(question: String, options: Vec<String>, multiple_choice: bool) -> Result<Content> {
    let bad = |m: String| Error::new(Code::InvalidPoll, m);
    let question = question.trim().to_owned();
    if question.is_empty() || question.chars().count() > 255 {
        return Err(bad("the poll question must have 1 to 255 characters".into()));
    }
    if !(2..=12).contains(&options.len()) {
        return Err(bad(format!(
            "a poll needs 2 to 12 options, not {}",
            options.len()
        )));
    }
    let mut seen = std::collections::HashSet::new();
    let mut cleaned = Vec::with_capacity(options.len());
    for o in options {
        let o = o.trim().to_owned();
        if o.is_empty() || o.chars().count() > 100 {
            return Err(bad("each poll option must have 1 to 100 characters".into()));
        }
        if !seen.insert(o.to_lowercase()) {
            return Err(bad(format!("the option {o:?} appears twice")));
        }
        cleaned.push(o);
    }
    Ok(Content::Poll {
        question,
        options: cleaned,
        multiple_choice,
    })
}
