//! The crate's error type: what can go wrong starting the fake network or acting as its phone.

use thiserror::Error;

/// Errors returned by [`crate::FakeNetwork`].
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum Error {
    /// Binding or accepting on the loopback listener failed.
    #[error("listener I/O failed: {0}")]
    Io(#[from] std::io::Error),

    /// The string handed to `scan_qr` is not a WhatsApp pairing QR.
    #[error("not a pairing QR code: {0}")]
    InvalidQr(String),

    /// The QR's ref was never issued by this network, or its connection is gone.
    #[error("no client is waiting for QR ref {0:?}")]
    UnknownQrRef(String),

    /// The QR's keys do not match the session that asked for the ref.
    #[error("QR keys do not match the pairing session: {0}")]
    QrMismatch(&'static str),

    /// The client answered `<pair-success>` with an error instead of signing.
    #[error("client rejected pairing: {code} {text}")]
    PairingRejected {
        /// The `<error code>` the client sent.
        code: u16,
        /// The `<error text>` the client sent.
        text: String,
    },

    /// The client's `<pair-device-sign>` is malformed or badly signed.
    #[error("invalid pair-device-sign: {0}")]
    InvalidDeviceSign(String),

    /// The client's connection closed before it answered.
    #[error("connection closed before the client answered")]
    ConnectionClosed,

    /// `unlink_device` named a JID that is not a linked companion of the account.
    #[error("not a linked companion: {0}")]
    UnknownDevice(String),

    /// The string handed to `enter_pair_code` is not 8 characters of the pair-code alphabet.
    #[error("not a pair code: {0:?}")]
    InvalidPairCode(String),

    /// No companion can take a pair code right now (none asked, it expired, or its attempts
    /// are used up).
    #[error("no pair code can be entered: {0}")]
    NoPairCodeRequest(&'static str),

    /// The companion's key bundle does not open with the code typed: it shows another code.
    #[error("wrong pair code")]
    WrongPairCode,

    /// The client did not send what the phone was waiting for in time.
    #[error("the client did not send {0} in time")]
    Timeout(&'static str),

    /// `add_contact`/`add_group` got something that cannot be a contact.
    #[error("invalid contact: {0}")]
    InvalidContact(String),

    /// No group has this id.
    #[error("no such group: {0}")]
    UnknownGroup(String),

    /// `send_receipt` named a message the contact never received.
    #[error("{phone} never received message {id}")]
    UnknownMessage {
        /// The contact.
        phone: String,
        /// The message id.
        id: String,
    },

    /// `wait_received` gave up before enough messages arrived.
    #[error("{phone} received {got} of {wanted} messages in time")]
    WaitTimedOut {
        /// The contact.
        phone: String,
        /// How many messages were awaited.
        wanted: usize,
        /// How many had arrived.
        got: usize,
    },

    /// A cryptographic primitive failed (should not happen with valid keys).
    #[error("crypto failure: {0}")]
    Crypto(String),
}
