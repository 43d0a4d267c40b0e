//! What whatsapp-rust's errors mean for the dispatcher: retry later, fail now, or wait for
//! the connection.

use mostrador_core::engine::{EngineError, Failure};
use whatsapp_rust::SendError;

pub fn from_send(e: SendError) -> EngineError {
    match e {
        SendError::NotLoggedIn => EngineError::not_connected(),
        SendError::InvalidRequest(why) => EngineError::new(
            Failure::Permanent,
            "INVALID_REQUEST",
            format!("WhatsApp refused the request: {why}"),
        ),
        other => {
            let text = other.to_string();
            if text.to_ascii_lowercase().contains("not connected") {
                EngineError::not_connected()
            } else {
                EngineError::new(
                    Failure::Transient,
                    "SEND_FAILED",
                    format!("sending failed: {text}"),
                )
            }
        }
    }
}

pub fn upload(e: &whatsapp_rust::anyhow::Error) -> EngineError {
    EngineError::new(
        Failure::Transient,
        "MEDIA_UPLOAD_FAILED",
        format!("the attachment could not be uploaded: {e}"),
    )
}

pub fn not_on_whatsapp(phone: &str) -> EngineError {
    EngineError::new(
        Failure::Permanent,
        "NOT_ON_WHATSAPP",
        format!("+{phone} does not have WhatsApp"),
    )
}
