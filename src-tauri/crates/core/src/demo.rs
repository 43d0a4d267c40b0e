//! The demo phone seam: in demo builds the app can ask the built-in fake WhatsApp network's
//! phone to scan the QR on screen or type a pair code, so anyone can try the whole flow with
//! no phone. Release builds never set it: then its REST routes do not exist, and the desktop's
//! demo commands answer `NOT_FOUND`.

use std::fmt;
use std::sync::Arc;

use futures_util::future::BoxFuture;

use crate::{Code, Error, Service};

/// What the demo phone can do for a person trying the app.
pub trait DemoPhoneOps: Send + Sync {
    /// Scans a QR string shown by the app; resolves once the phone has linked it.
    fn scan(&self, qr: String) -> BoxFuture<'static, Result<(), String>>;
    /// Types a pair code shown by the app; resolves once the phone has linked it.
    fn enter_code(&self, code: String) -> BoxFuture<'static, Result<(), String>>;
}

/// A shared handle to the demo phone, given to the REST API (`ApiOptions`) and the desktop
/// window alike.
#[derive(Clone)]
pub struct DemoPhone(pub Arc<dyn DemoPhoneOps>);

impl DemoPhone {
    /// The phone scans the QR code `service` shows right now (the REST route and the
    /// desktop command both come here).
    pub async fn scan_shown(&self, service: &Service, profile: Option<&str>) -> Result<(), Error> {
        let qr = service.qr(profile)?;
        self.0.scan(qr.code).await.map_err(refused)
    }

    /// The phone's user types the pair code the app showed.
    pub async fn enter_code(&self, code: String) -> Result<(), Error> {
        self.0.enter_code(code).await.map_err(refused)
    }
}

fn refused(why: String) -> Error {
    Error::new(
        Code::EngineError,
        format!("the demo phone could not link: {why}"),
    )
}

impl fmt::Debug for DemoPhone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DemoPhone")
    }
}
