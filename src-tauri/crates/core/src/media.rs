//! Checking an attachment: its real type (sniffed from the bytes, never trusted from the
//! name or the declared type), that it fits the message kind, and its size.

use mostrador_types::{Kind, SendLimits};

use crate::config::Limits;
use crate::{Code, Error, Result};

const IMAGE: &[&str] = &["image/jpeg", "image/png", "image/webp", "image/gif"];
const VIDEO: &[&str] = &["video/mp4", "video/3gpp"];
const AUDIO: &[&str] = &[
    "audio/ogg",
    "audio/mpeg",
    "audio/m4a",
    "audio/mp4",
    "audio/aac",
    "audio/amr",
];
/// Zip-based formats `infer` may report as plain zip; their declared type is believed.
const ZIP_FAMILY: &[&str] = &[
    "application/vnd.openxmlformats-officedocument.",
    "application/vnd.oasis.opendocument.",
    "application/epub+zip",
];

/// The limits as a surface shows them: sizes per kind and the types each kind takes.
pub fn published(limits: &Limits) -> SendLimits {
    let owned = |types: &[&str]| types.iter().map(|t| (*t).to_owned()).collect();
    SendLimits {
        text_chars: limits.text_chars,
        caption_chars: limits.caption_chars,
        image_bytes: limits.image_bytes,
        video_bytes: limits.video_bytes,
        audio_bytes: limits.audio_bytes,
        document_bytes: limits.document_bytes,
        image_types: owned(IMAGE),
        video_types: owned(VIDEO),
        audio_types: owned(AUDIO),
    }
}

/// The media type of a file's content, if it is one `infer` recognises (a file's first few
/// KiB are enough).
pub fn sniff(bytes: &[u8]) -> Option<String> {
    infer::get(bytes).map(|t| canonical_mime(t.mime_type()))
}

/// The kind a file would be sent as when the caller did not say: by its content.
pub fn guess_kind(bytes: &[u8]) -> Kind {
    match sniff(bytes) {
        Some(m) if IMAGE.contains(&m.as_str()) => Kind::Image,
        Some(m) if VIDEO.contains(&m.as_str()) => Kind::Video,
        Some(m) if AUDIO.contains(&m.as_str()) => Kind::Audio,
        _ => Kind::Document,
    }
}

/// Returns the media type to send with, or why the file cannot go as `kind`. `head` is the
/// start of the file (its type is told from it), `size` its whole length.
pub fn check(
    kind: Kind,
    head: &[u8],
    size: u64,
    declared: Option<&str>,
    limits: &Limits,
) -> Result<String> {
    if size == 0 {
        return Err(Error::new(Code::MediaMissing, "the attachment is empty"));
    }
    let limit = match kind {
        Kind::Image => limits.image_bytes,
        Kind::Video => limits.video_bytes,
        Kind::Audio => limits.audio_bytes,
        _ => limits.document_bytes,
    };
    if size > limit {
        return Err(Error::new(
            Code::MediaTooLarge,
            format!(
                "the {} is {} and the limit is {}",
                kind.as_str(),
                human_size(size),
                human_size(limit)
            ),
        ));
    }
    let declared = declared.map(canonical_mime).filter(|d| !d.is_empty());
    let sniffed = sniff(head);
    if let (Some(d), Some(s)) = (&declared, &sniffed) {
        let believable_zip = s == "application/zip" && ZIP_FAMILY.iter().any(|p| d.starts_with(p));
        if d != s && !believable_zip {
            return Err(Error::new(
                Code::MimeMismatch,
                format!("the file was declared as {d} but its content is {s}"),
            ));
        }
        if believable_zip {
            return Ok(d.clone());
        }
    }
    let allowed = match kind {
        Kind::Image => IMAGE,
        Kind::Video => VIDEO,
        Kind::Audio => AUDIO,
        // Any file can be a document; fall back to what the sender said it is.
        _ => {
            return Ok(sniffed
                .or(declared)
                .unwrap_or_else(|| "application/octet-stream".into()));
        }
    };
    let Some(sniffed) = sniffed else {
        return Err(Error::new(
            Code::UnsupportedMediaType,
            format!(
                "the file's content is not a recognised {} format",
                kind.as_str()
            ),
        ));
    };
    if allowed.contains(&sniffed.as_str()) {
        return Ok(sniffed);
    }
    let family = kind.as_str();
    if sniffed.starts_with(family) {
        Err(Error::new(
            Code::UnsupportedMediaType,
            format!(
                "{sniffed} is not supported for {family}; use {}",
                allowed.join(", ")
            ),
        ))
    } else {
        Err(Error::new(
            Code::MimeMismatch,
            format!("the file is {sniffed}, not {}", article(family)),
        ))
    }
}

fn article(kind: &str) -> String {
    if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
        format!("an {kind}")
    } else {
        format!("a {kind}")
    }
}

/// Lower case, parameters dropped, common aliases folded (`image/jpg` is `image/jpeg`).
fn canonical_mime(m: &str) -> String {
    let base = m
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match base.as_str() {
        "image/jpg" | "image/pjpeg" => "image/jpeg".into(),
        "audio/mp3" => "audio/mpeg".into(),
        "audio/opus" => "audio/ogg".into(),
        "audio/x-m4a" => "audio/m4a".into(),
        "application/x-pdf" => "application/pdf".into(),
        _ => base,
    }
}

/// A file extension for a media type, for documents sent without a name.
pub fn extension_for(mime: &str) -> &'static str {
    match mime {
        "application/pdf" => "pdf",
        "image/jpeg" => "jpg",
        "image/png" => "png",
        "image/webp" => "webp",
        "image/gif" => "gif",
        "video/mp4" => "mp4",
        "audio/ogg" => "ogg",
        "audio/mpeg" => "mp3",
        "application/zip" => "zip",
        "text/plain" => "txt",
        "text/csv" => "csv",
        _ => "bin",
    }
}

pub fn human_size(bytes: u64) -> String {
    const MB: f64 = 1024.0 * 1024.0;
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / MB)
    } else if bytes >= 1024 {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";
    pub const PDF: &[u8] = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n";
    const BMP: &[u8] = b"BM\x3a\0\0\0\0\0\0\0\x36\0\0\0\x28\0\0\0\x01\0\0\0\x01\0\0\0\x01\0\x18\0";

    fn limits() -> Limits {
        Limits::default()
    }

    fn check(kind: Kind, bytes: &[u8], declared: Option<&str>, limits: &Limits) -> Result<String> {
        super::check(kind, bytes, bytes.len() as u64, declared, limits)
    }

    #[test]
    fn types_come_from_the_bytes() {
        assert_eq!(
            check(Kind::Image, PNG, None, &limits()).unwrap(),
            "image/png"
        );
        assert_eq!(
            check(Kind::Image, PNG, Some("IMAGE/PNG"), &limits()).unwrap(),
            "image/png"
        );
        assert_eq!(
            check(Kind::Document, PDF, Some("application/pdf"), &limits()).unwrap(),
            "application/pdf"
        );
        assert_eq!(
            check(Kind::Document, b"a,b\n1,2\n", Some("text/csv"), &limits()).unwrap(),
            "text/csv"
        );
        assert_eq!(
            check(Kind::Document, b"plain", None, &limits()).unwrap(),
            "application/octet-stream"
        );
    }

    #[test]
    fn lies_and_wrong_kinds_are_caught() {
        let e = check(Kind::Document, PNG, Some("application/pdf"), &limits()).unwrap_err();
        assert_eq!(e.code, Code::MimeMismatch);
        assert!(e.message.contains("image/png"), "{}", e.message);
        assert_eq!(
            check(Kind::Image, PDF, None, &limits()).unwrap_err().code,
            Code::MimeMismatch
        );
        assert_eq!(
            check(Kind::Audio, PDF, None, &limits())
                .unwrap_err()
                .message,
            "the file is application/pdf, not an audio"
        );
        assert_eq!(
            check(Kind::Image, BMP, None, &limits()).unwrap_err().code,
            Code::UnsupportedMediaType
        );
        assert_eq!(
            check(Kind::Video, b"not a video", None, &limits())
                .unwrap_err()
                .code,
            Code::UnsupportedMediaType
        );
        assert_eq!(
            check(Kind::Image, b"", None, &limits()).unwrap_err().code,
            Code::MediaMissing
        );
    }

    #[test]
    fn sizes_are_limited_per_kind() {
        let small = Limits {
            image_bytes: 10,
            document_bytes: 100,
            ..Limits::default()
        };
        let e = check(Kind::Image, PNG, None, &small).unwrap_err();
        assert_eq!(e.code, Code::MediaTooLarge);
        assert_eq!(e.message, "the image is 29 bytes and the limit is 10 bytes");
        assert!(check(Kind::Document, PNG, None, &small).is_ok());
    }
}
