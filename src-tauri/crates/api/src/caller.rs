//! Who the request comes from (set by `auth`): the main key or a named one — and the checks
//! handlers ask of it, each the service's rule.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use mostrador_core::keys::Caller;

use crate::envelope::ApiError;
use crate::state::AppState;

/// The caller; the main key when `auth` did not run (routes without a key).
pub struct Who(pub Caller);

impl<S: Send + Sync> FromRequestParts<S> for Who {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Who(parts
            .extensions
            .get::<Caller>()
            .cloned()
            .unwrap_or(Caller::Main)))
    }
}

impl Who {
    /// The profile a request about `wanted` (or none) is about, as this caller may use it.
    pub fn profile(
        &self,
        s: &AppState,
        wanted: Option<String>,
    ) -> Result<Option<String>, ApiError> {
        Ok(s.service.profile_for(&self.0, wanted.as_deref())?)
    }

    /// Refuses a caller limited to another number than `profile` (a message's, say).
    pub fn owns(&self, s: &AppState, profile: &str) -> Result<(), ApiError> {
        self.profile(s, Some(profile.to_owned())).map(|_| ())
    }

    /// As `owns`, for what a route is about to act on: `read` (a message, a broadcast…) is
    /// awaited only for a caller limited to one number, so the main key's requests do not read
    /// it twice.
    pub async fn owns_read<T>(
        &self,
        s: &AppState,
        read: impl Future<Output = mostrador_core::Result<T>>,
        profile: impl FnOnce(T) -> String,
    ) -> Result<(), ApiError> {
        if self.0.profile().is_none() {
            return Ok(());
        }
        self.owns(s, &profile(read.await?))
    }
}

/// Present only for the main key: the routes that change how Mostrador is set up.
pub struct Manager;

impl FromRequestParts<AppState> for Manager {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, s: &AppState) -> Result<Self, ApiError> {
        let Who(caller) = Who::from_request_parts(parts, s).await?;
        s.service.may_manage(&caller)?;
        Ok(Manager)
    }
}
