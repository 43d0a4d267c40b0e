//! A protocol-level fake WhatsApp network for tests and demo mode.
//!
//! [`FakeNetwork`] runs a WebSocket server on loopback that speaks WhatsApp's real protocol —
//! Noise XX/IK handshakes, binary nodes, ADV device linking — so an unmodified whatsapp-rust
//! client pairs by QR, logs in and reconnects against it. It knows nothing about the app using
//! the client. Clients must be built with whatsapp-rust's `danger-skip-cert-chain-verify`
//! feature (tests and demo builds only), because no one but WhatsApp can sign the server chain.
//!
//! ```no_run
//! # async fn demo() -> Result<(), fake_whatsapp::Error> {
//! let net = fake_whatsapp::FakeNetwork::start().await?;
//! let url = net.ws_url(); // give this to TokioWebSocketTransportFactory::with_url
//! // … when the client emits Event::PairingQrCode { code, .. }:
//! # let code = String::new();
//! let device = net.scan_qr(&code).await?;
//! # let _ = (url, device);
//! net.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! The network also has people on it. [`FakeNetwork::add_contact`] puts a number on WhatsApp
//! with its own keys; what the client sends it is decrypted with that contact's Signal stores
//! and listed by [`FakeNetwork::received`] (media downloaded from the fake CDN and decrypted,
//! so tests compare plaintext hashes). The server acks each message and contacts answer with
//! receipts ([`FakeNetwork::set_auto_receipts`], [`FakeNetwork::send_receipt`]);
//! [`FakeNetwork::add_group`] makes groups whose members all decrypt group sends.
//!
//! ```no_run
//! # async fn demo(net: fake_whatsapp::FakeNetwork) -> Result<(), fake_whatsapp::Error> {
//! let ana = net.add_contact("+59171234567")?;
//! // … the client sends to ana.jid …
//! let got = net.wait_received(&ana.phone, 1, std::time::Duration::from_secs(30)).await?;
//! assert_eq!(got[0].text.as_deref(), Some("Hola"));
//! # Ok(()) }
//! ```
//!
//! Contacts also write to the shop: [`FakeNetwork::contact_writes`] sends text or media
//! (encrypted on the fake CDN) Signal-encrypted to each companion, or keeps it for one that is
//! away until its next login. [`FakeNetwork::set_reach_out_limit`] turns on WhatsApp's refusal
//! (error 463) of messages to contacts who never wrote, which a contact lifts by writing (a
//! privacy token the client then attaches). [`FakeNetwork::set_profile`] sets what a contact's
//! account shows (about, business name, a picture on the fake CDN) or hides. See `README.md`
//! for what was read in whatsapp-rust.
//!
//! The account is a business one by default ([`NetworkConfig::business_name`], sent at
//! linking); its name also lives in its app state, as a real phone keeps it
//! ([`NetworkConfig::push_name`], `setting_pushName` in `critical_block`). Empty names make a
//! personal account, or one whose phone never synced its app state (empty collections).
//!
//! The phone can also link by pair code ([`FakeNetwork::enter_pair_code`] with the code
//! `Client::pair_with_code` shows), and tests can script what goes wrong: stream errors,
//! a replaced session, unlinks from the phone, bans, outdated clients and refused sockets
//! ([`FakeNetwork::stream_error`] and its neighbours). [`FakeNetwork::admin_url`] serves all of
//! this as a loopback JSON API (`/admin/state`, `/admin/scan`, `/admin/pair-code`,
//! `/admin/faults/*`, `/admin/contacts`, `/admin/contacts/{phone}/send`,
//! `/admin/contacts/{phone}/profile`, …) for demo mode and other processes; the
//! `fake-whatsapp` binary runs a network and prints its URLs as one JSON line.

mod admin;
mod admin_world;
mod appstate;
mod bundles;
mod certs;
mod conn;
mod contacts;
mod error;
mod events;
mod faults;
mod group_admin;
mod group_view;
mod groups;
mod handshake;
mod inbox;
mod iq;
mod keyshare;
mod link_code;
mod mailbox;
mod media;
mod network;
mod nodes;
mod pairing;
mod phone;
mod preamble;
mod prekeys;
mod privacy;
mod profiles;
mod qr;
mod receipts;
mod received;
mod session;
mod signal_store;
mod state;
mod usync;
mod wire;
mod world;
mod writes;

pub use contacts::{Contact, FakeProfile};
pub use error::Error;
pub use events::{ConnId, HandshakePattern, NetEvent};
pub use group_view::FakeGroup;
pub use network::{FakeNetwork, NetworkConfig};
pub use phone::{DEFAULT_LID, DEFAULT_PHONE_NUMBER};
pub use receipts::{AckPolicy, ReceiptKind};
pub use received::{MessageKind, Received};
pub use writes::{FakeBody, FakeMedia, FakeMediaKind, FakeMessage};

#[cfg(test)]
mod handshake_tests;
