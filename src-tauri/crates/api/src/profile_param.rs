//! `?profile=`: which linked number a request is about — a profile's id or name; absent, the
//! default one (or, for a key limited to one number, that number; another is refused).

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::caller::Who;
use crate::envelope::ApiError;
use crate::extract::ApiQuery;
use crate::state::AppState;

#[derive(Deserialize, IntoParams)]
pub struct ProfileParams {
    /// The WhatsApp number (profile) to use: its id or its name. Absent: the main one.
    #[param(example = "Entregas")]
    pub profile: Option<String>,
}

/// The profile a request named, if it named one.
pub struct OnProfile(pub Option<String>);

impl OnProfile {
    pub fn as_deref(&self) -> Option<&str> {
        self.0.as_deref()
    }
}

impl FromRequestParts<AppState> for OnProfile {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, s: &AppState) -> Result<Self, Self::Rejection> {
        let ApiQuery(p) = ApiQuery::<ProfileParams>::from_request_parts(parts, s).await?;
        let who = Who::from_request_parts(parts, s).await?;
        let wanted = p.profile.filter(|p| !p.trim().is_empty());
        Ok(OnProfile(who.profile(s, wanted)?))
    }
}
