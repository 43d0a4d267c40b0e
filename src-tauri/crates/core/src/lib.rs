//! Mostrador's business rules: validate and enqueue messages, drain the outbox through the
//! WhatsApp engine, keep the log's statuses true, and announce what happens.

pub mod batches;
pub mod blobs;
pub mod budget;
pub mod claims;
pub mod clock;
pub mod config;
pub mod contacts;
pub mod csv;
pub mod demo;
pub mod draft;
pub mod engine;
pub mod error;
pub mod ids;
pub mod inbox;
pub mod incoming;
pub mod input;
pub mod keys;
pub mod live_settings;
pub mod media;
pub mod phone;
pub mod profiles;
pub mod qr;
pub mod reach_out;
pub mod schedule;
pub mod service;
pub mod session_actions;
pub mod staging;
pub mod vault;
pub mod webhooks;

mod announcer;
mod dispatcher;
mod engine_reports;
mod link;
mod sealed;

#[cfg(any(test, feature = "testing"))]
pub mod testing;

pub use config::Config;
pub use draft::{Draft, DraftBody};
pub use error::{Code, Error, RowError};
pub use mostrador_types as types;
pub use service::{BatchAccepted, Deps, Sent, Service};
pub use staging::{Attachment, Staged, Stager};

pub type Result<T> = std::result::Result<T, Error>;
