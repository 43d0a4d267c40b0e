//! The service's claim codes: give one out (the message stored, its attachment too), read
//! one with its link and QR, withdraw one. Redeeming is the engine reports' (when a customer
//! writes the code).

use mostrador_store::{CodeTaken, StoredClaim};
use mostrador_types::{Claim, ClaimStatus};

use super::Service;
use crate::input::{ClaimRequest, FilePart};
use crate::{Code, Error, Result, claims, draft};

impl Service {
    /// Stores the message for whoever writes `claim` to the shop's number (a made-up code
    /// when the request has none). It waits `customer_wait_ms`, as a held message does.
    pub async fn create_claim(&self, req: ClaimRequest, file: Option<FilePart>) -> Result<Claim> {
        let given = req.claim.as_deref().map(claims::key).transpose()?;
        let d = req.message.into_draft(file, None)?;
        let profile = self.profile_id(d.profile.as_deref())?;
        let shop = self.shop_digits(&profile)?;
        if d.send_at.is_some() {
            return Err(Error::invalid(
                "a claimed message goes when the customer writes the code: no send_at",
            ));
        }
        let (country, limits, blobs) = (self.country(), self.config.limits, self.blobs.clone());
        let content = tokio::task::spawn_blocking(move || -> Result<_> {
            let (content, media) = draft::validate_body(d.body, country, &limits)?;
            if let (Some(attachment), Some(m)) = (media, content.media()) {
                blobs.store(&m.sha256, attachment)?;
            }
            Ok(content)
        })
        .await
        .map_err(|e| Error::new(Code::Internal, format!("validation task failed: {e}")))??;
        let now = self.clock.now_ms();
        let wait = self.live.borrow().settings.customer_wait_ms;
        let expires = now.saturating_add(i64::try_from(wait).unwrap_or(i64::MAX));
        // A made-up code drawn twice is drawn again; a given one taken is the caller's to change.
        for _ in 0..4 {
            let code = match (&req.claim, &given) {
                (Some(c), Some(_)) => c.trim().to_owned(),
                _ => claims::made_up(&*self.random),
            };
            let key = given.clone().unwrap_or_else(|| code.clone());
            match (self.store)
                .insert_claim(
                    profile.clone(),
                    code.clone(),
                    key,
                    content.clone(),
                    now,
                    expires,
                )
                .await?
            {
                Ok(stored) => return Ok(view(stored, &shop, now)),
                Err(CodeTaken(_)) if given.is_none() => continue,
                Err(CodeTaken(_)) => {
                    return Err(Error::new(
                        Code::InvalidState,
                        format!(
                            "the code {code} is already waiting for a customer: use another \
                             code, or cancel that claim"
                        ),
                    ));
                }
            }
        }
        Err(Error::new(
            Code::Internal,
            "could not draw a free claim code; try again",
        ))
    }

    /// The newest claim of `code`.
    pub async fn claim(&self, code: &str) -> Result<Claim> {
        let stored = self.find_claim(code).await?;
        let shop = self.shop_digits(&stored.profile).unwrap_or_default();
        Ok(view(stored, &shop, self.clock.now_ms()))
    }

    /// The QR of a claim's link, as a PNG.
    pub async fn claim_qr(&self, code: &str) -> Result<Vec<u8>> {
        let claim = self.claim(code).await?;
        crate::qr::png(&claim.link)
    }

    /// Withdraws an open claim (the sale was voided).
    pub async fn cancel_claim(&self, code: &str) -> Result<Claim> {
        let key = claims::key(code)?;
        if !self.store.cancel_claim(&key, self.clock.now_ms()).await? {
            let current = self.claim(code).await?;
            return Err(Error::new(
                Code::InvalidState,
                format!(
                    "the claim {} is {:?}: only an open one can be cancelled",
                    current.code, current.status
                ),
            ));
        }
        self.claim(code).await
    }

    async fn find_claim(&self, code: &str) -> Result<StoredClaim> {
        let key = claims::key(code)?;
        self.store
            .claim_by_code(&key)
            .await?
            .ok_or_else(|| Error::new(Code::NotFound, format!("no claim {code:?}")))
    }

    /// The digits of the number `profile` links: a claim's link needs them.
    fn shop_digits(&self, profile: &str) -> Result<String> {
        self.session(Some(profile))?
            .phone
            .map(|p| p.trim_start_matches('+').to_owned())
            .ok_or_else(|| {
                Error::new(
                    Code::NotConnected,
                    "link the shop's WhatsApp number first: the customer's QR points to it",
                )
            })
    }
}

fn view(c: StoredClaim, shop: &str, now: i64) -> Claim {
    let status = if c.claimed_at.is_some() {
        ClaimStatus::Claimed
    } else if c.cancelled_at.is_some_and(|t| t != c.expires_at) {
        ClaimStatus::Cancelled
    } else if c.expires_at <= now || c.cancelled_at.is_some() {
        ClaimStatus::Expired
    } else {
        ClaimStatus::Open
    };
    Claim {
        text: claims::text(&c.code),
        link: claims::link(shop, &c.code),
        qr: format!("/api/v1/claims/{}/claim.png", c.code),
        code: c.code,
        status,
        created_at: c.created_at,
        expires_at: c.expires_at,
        claimed_at: c.claimed_at,
        claimed_by: c.claimed_by.map(|d| format!("+{d}")),
        message_id: c.message_id,
        profile: c.profile,
    }
}
