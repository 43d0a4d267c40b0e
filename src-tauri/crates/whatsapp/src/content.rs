//! Turning a queued message into the WhatsApp protobuf to send, uploading its attachment.

use mostrador_core::engine::{EngineError, Failure, Outgoing};
use mostrador_core::types::Content;
use sha2::{Digest, Sha256};
use whatsapp_rust::Client;
use whatsapp_rust::UploadOptions;
use whatsapp_rust::buffa::MessageField;
use whatsapp_rust::download::MediaType;
use whatsapp_rust::media::{
    AudioOptions, DocumentOptions, ImageOptions, VideoOptions, audio_message, document_message,
    image_message, video_message,
};
use whatsapp_rust::waproto::whatsapp as wa;

use crate::send_error;

/// Builds the message; media are read from disk and uploaded (encrypted) first.
/// `secret` keys the per-message secrets that must stay the same on every retry.
pub async fn build(
    client: &Client,
    msg: &Outgoing,
    secret: &[u8],
) -> Result<wa::Message, EngineError> {
    Ok(match &msg.content {
        Content::Text { text } => wa::Message {
            conversation: Some(text.clone()),
            ..Default::default()
        },
        Content::Image { media, caption } => {
            let up = upload(client, msg, MediaType::Image).await?;
            image_message(
                up,
                ImageOptions {
                    caption: caption.clone(),
                    mimetype: Some(media.mime_type.clone()),
                    ..Default::default()
                },
            )
        }
        Content::Video { media, caption } => {
            let up = upload(client, msg, MediaType::Video).await?;
            video_message(
                up,
                VideoOptions {
                    caption: caption.clone(),
                    mimetype: Some(media.mime_type.clone()),
                    ..Default::default()
                },
            )
        }
        Content::Audio { media, voice_note } => {
            let up = upload(client, msg, MediaType::Audio).await?;
            // WhatsApp plays voice notes only as Opus in OGG, and says so in the type.
            let mimetype = if *voice_note {
                "audio/ogg; codecs=opus".to_owned()
            } else {
                media.mime_type.clone()
            };
            audio_message(
                up,
                AudioOptions {
                    mimetype: Some(mimetype),
                    ptt: Some(*voice_note),
                    ..Default::default()
                },
            )
        }
        Content::Document {
            media,
            file_name,
            caption,
        } => {
            let up = upload(client, msg, MediaType::Document).await?;
            document_message(
                up,
                DocumentOptions {
                    mimetype: Some(media.mime_type.clone()),
                    file_name: Some(file_name.clone()),
                    title: Some(file_name.clone()),
                    caption: caption.clone(),
                    ..Default::default()
                },
            )
        }
        Content::Location {
            latitude,
            longitude,
            name,
            address,
        } => wa::Message {
            location_message: MessageField::some(wa::message::LocationMessage {
                degrees_latitude: Some(*latitude),
                degrees_longitude: Some(*longitude),
                name: name.clone(),
                address: address.clone(),
                ..Default::default()
            }),
            ..Default::default()
        },
        Content::Contact {
            display_name,
            vcard,
        } => wa::Message {
            contact_message: MessageField::some(wa::message::ContactMessage {
                display_name: Some(display_name.clone()),
                vcard: Some(vcard.clone()),
                ..Default::default()
            }),
            ..Default::default()
        },
        Content::Poll {
            question,
            options,
            multiple_choice,
        } => poll(
            question,
            options,
            *multiple_choice,
            &message_secret(secret, &msg.whatsapp_id),
        ),
    })
}

async fn upload(
    client: &Client,
    msg: &Outgoing,
    kind: MediaType,
) -> Result<whatsapp_rust::upload::UploadResponse, EngineError> {
    let file = msg
        .media
        .as_ref()
        .ok_or_else(|| missing("the message has no attachment file"))?;
    let bytes = file
        .read()
        .await
        .map_err(|e| missing(&format!("the attachment file cannot be read: {e}")))?;
    client
        .upload(bytes, kind, UploadOptions::default())
        .await
        .map_err(|e| send_error::upload(&e))
}

fn missing(why: &str) -> EngineError {
    EngineError::new(Failure::Permanent, "MEDIA_MISSING", why)
}

/// A poll, as WhatsApp Web builds one: v3 for single choice, v1 for several. Its secret lets
/// voters' phones encrypt their votes; it must be the same on every retry of the message.
fn poll(question: &str, options: &[String], multiple_choice: bool, secret: &[u8]) -> wa::Message {
    let selectable = if multiple_choice {
        u32::try_from(options.len()).unwrap_or(1)
    } else {
        1
    };
    let creation = wa::message::PollCreationMessage {
        name: Some(question.to_owned()),
        options: options
            .iter()
            .map(|o| wa::message::poll_creation_message::Option {
                option_name: Some(o.clone()),
                option_hash: None,
            })
            .collect(),
        selectable_options_count: Some(selectable),
        poll_content_type: Some(wa::message::PollContentType::TEXT),
        ..Default::default()
    };
    let mut message = if multiple_choice {
        wa::Message {
            poll_creation_message: MessageField::some(creation),
            ..Default::default()
        }
    } else {
        wa::Message {
            poll_creation_message_v3: MessageField::some(creation),
            ..Default::default()
        }
    };
    message.message_context_info = MessageField::some(wa::MessageContextInfo {
        message_secret: Some(secret.to_vec()),
        ..Default::default()
    });
    message
}

/// 32 bytes derived from the engine's secret and the message id: random to anyone without
/// the secret, identical on every attempt of the same message.
fn message_secret(secret: &[u8], whatsapp_id: &str) -> Vec<u8> {
    let mut h = Sha256::new();
    h.update(b"mostrador message secret v1\0");
    h.update(secret);
    h.update([0]);
    h.update(whatsapp_id.as_bytes());
    h.finalize().to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polls_pick_the_version_by_choice_and_keep_their_secret() {
        let opts = vec!["Sí".to_owned(), "No".to_owned()];
        let single = poll("¿Abrimos el domingo?", &opts, false, &[7; 32]);
        assert!(single.poll_creation_message_v3.is_set() && !single.poll_creation_message.is_set());
        let multi = poll("¿Sabores?", &opts, true, &[7; 32]);
        assert_eq!(
            multi
                .poll_creation_message
                .as_option()
                .unwrap()
                .selectable_options_count,
            Some(2)
        );
        let a = message_secret(b"k", "3EB0AA");
        assert_eq!(a, message_secret(b"k", "3EB0AA"));
        assert_ne!(a, message_secret(b"k", "3EB0AB"));
        assert_ne!(a, message_secret(b"j", "3EB0AA"));
        assert_eq!(a.len(), 32);
    }
}
