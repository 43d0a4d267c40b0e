//! What the surfaces receive, and the rules that make it something the service acts on: a
//! send request (JSON, form fields, or the desktop's command) becomes a `Draft`, the log's
//! filters a `MessageQuery`, a change to a scheduled message a `MessageEdit`. The REST API and the desktop commands both read input through
//! here, so they accept the same things and refuse the rest with the same codes and words.

mod claim;
mod contacts;
mod edit;
mod form;
mod list;
mod received;
mod send;
mod webhook;

pub use claim::ClaimRequest;
pub use contacts::{ContactParams, ImportParams};
pub use edit::MessageEdit;
pub use form::Form;
pub use list::ListParams;
pub use received::ReceivedParams;
pub use send::{FilePart, SendRequest, message_body_limit};
pub use webhook::WebhookInput;
