//! Mostrador's WhatsApp engine: the core's `Messenger` seam over whatsapp-rust — linking by QR
//! or code, sending every content kind with the id the core chose, and reporting session
//! changes, server acks and receipts back to the core.

mod content;
mod engine;
mod files;
mod forgetting;
mod groups;
mod host;
mod lifecycle;
#[cfg(feature = "fake-network")]
mod loopback_http;
mod numbers;
mod ready;
mod reasons;
mod received;
mod receiving;
mod send_error;
mod translate;
mod transport;
mod user_info;

pub use engine::WhatsAppEngine;
pub use host::EngineConfig;

/// The WhatsApp Web version announced at connect. Pinned, so connecting needs no extra
/// fetch of WhatsApp's web bundle; bump it when WhatsApp reports the client as outdated.
pub const WEB_VERSION: (u32, u32, u32) = (2, 3000, 1_026_131_876);
pub use files::session_files;
