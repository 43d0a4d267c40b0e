//! The routes, and the layers every answer passes through.

pub mod api_key;
pub mod batches;
pub mod claims;
pub mod contacts;
pub mod demo;
pub mod directory;
pub mod events;
pub mod groups;
pub mod health;
pub mod keys;
pub mod messages;
pub mod numbers;
pub mod profiles;
pub mod received;
pub mod send;
pub mod session;
pub mod settings;
pub mod ui;
pub mod webhooks;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware;
use axum::routing::{any, delete, get, post};
use mostrador_core::input::message_body_limit;

use crate::auth::Auth;
use crate::rate_limit::Limiter;
use crate::state::AppState;
use crate::{ApiOptions, auth, docs, envelope, guard, rate_limit};

/// Bodies of routes other than sending a message are small JSON documents.
const SMALL_BODY: usize = 64 * 1024;
/// Room for a batch's recipients beside its template (or its CSV file).
const BATCH_ROWS: usize = 16 * 1024 * 1024;

pub fn router(state: AppState, options: &ApiOptions) -> Router {
    let message_body =
        usize::try_from(message_body_limit(&state.service.config().limits)).unwrap_or(usize::MAX);
    // A batch: a message's body plus up to 10,000 recipients and their variables.
    let batch_body = message_body.saturating_add(BATCH_ROWS);
    let mut protected = Router::new()
        .route("/session", get(session::get))
        .route("/session/qr", get(session::qr))
        .route("/session/qr.png", get(session::qr_png))
        .route("/session/logout", post(session::logout))
        .route("/session/pair-code", post(session::pair_code))
        .route("/session/relink", post(session::relink))
        .route("/profiles", get(profiles::list).post(profiles::create))
        .route(
            "/profiles/{id}",
            get(profiles::get)
                .patch(profiles::change)
                .delete(profiles::remove),
        )
        .route("/profiles/{id}/connect", post(profiles::connect))
        .route("/profiles/{id}/disconnect", post(profiles::disconnect))
        .route("/profiles/{id}/logout", post(profiles::logout))
        .route("/profiles/{id}/relink", post(profiles::relink))
        .route("/profiles/{id}/qr", get(profiles::qr))
        .route("/profiles/{id}/qr.png", get(profiles::qr_png))
        .route("/profiles/{id}/pair-code", post(profiles::pair_code))
        .route(
            "/messages",
            post(send::send)
                .layer(DefaultBodyLimit::max(message_body))
                .get(messages::list),
        )
        .route("/messages/{id}", get(messages::get).patch(messages::edit))
        .route("/messages/{id}/media", get(messages::media))
        .route("/messages/{id}/retry", post(messages::retry))
        .route("/messages/{id}/cancel", post(messages::cancel))
        .route("/messages/{id}/replies", get(received::replies))
        .route(
            "/claims",
            post(claims::create).layer(DefaultBodyLimit::max(message_body)),
        )
        .route("/claims/{code}", get(claims::get))
        .route("/claims/{code}/claim.png", get(claims::qr))
        .route("/claims/{code}/cancel", post(claims::cancel))
        .route("/received", get(received::list))
        .route("/received/unread", get(received::unread))
        .route("/received/{id}", get(received::get))
        .route("/received/{id}/media", get(received::media))
        .route("/received/{id}/read", post(received::read))
        .route(
            "/batches",
            post(batches::create)
                .layer(DefaultBodyLimit::max(batch_body))
                .get(batches::list),
        )
        .route("/batches/{id}", get(batches::get))
        .route("/batches/{id}/items", get(batches::items))
        .route("/batches/{id}/pause", post(batches::pause))
        .route("/batches/{id}/resume", post(batches::resume))
        .route("/batches/{id}/cancel", post(batches::cancel))
        .route("/webhooks", post(webhooks::create).get(webhooks::list))
        .route(
            "/webhooks/{id}",
            get(webhooks::get)
                .patch(webhooks::change)
                .delete(webhooks::delete),
        )
        .route("/webhooks/{id}/test", post(webhooks::test))
        .route("/webhooks/{id}/deliveries", get(webhooks::deliveries))
        .route("/groups", get(directory::groups).post(groups::create))
        .route("/groups/{id}", get(groups::get).patch(groups::change))
        .route(
            "/groups/{id}/participants/{action}",
            post(groups::participants),
        )
        .route("/groups/{id}/leave", post(groups::leave))
        .route("/groups/{id}/invite-link", get(groups::invite_link))
        .route(
            "/groups/{id}/invite-link/revoke",
            post(groups::revoke_invite_link),
        )
        .route("/contacts/check", post(directory::check))
        .route("/contacts", post(contacts::create).get(contacts::list))
        .route("/contacts/tags", get(contacts::tags))
        .route(
            "/contacts/import",
            post(contacts::import).layer(DefaultBodyLimit::max(contacts::IMPORT_BODY)),
        )
        .route("/contacts/export.csv", get(contacts::export))
        .route(
            "/contacts/{id}",
            get(contacts::get)
                .patch(contacts::change)
                .delete(contacts::delete),
        )
        .route("/contacts/{id}/tags", post(contacts::tag))
        .route("/contacts/{id}/tags/{tag}", delete(contacts::untag))
        .route("/contacts/{id}/info", get(contacts::info))
        .route(
            "/numbers/parse",
            post(numbers::parse).layer(DefaultBodyLimit::max(numbers::PARSE_BODY)),
        )
        .route("/numbers/countries", get(numbers::countries))
        .route("/limits", get(numbers::limits))
        .route("/events", get(events::stream))
        .route("/settings", get(settings::get).patch(settings::update))
        .route("/api-key/rotate", post(api_key::rotate))
        .route("/keys", get(keys::list).post(keys::create))
        .route("/keys/{id}", delete(keys::revoke));
    if let Some(phone) = &options.demo_phone {
        protected = protected.merge(
            Router::new()
                .route("/demo/scan", post(demo::scan))
                .route("/demo/pair-code", post(demo::pair_code))
                .layer(axum::Extension(phone.clone())),
        );
    }
    // Layers run outside in: the key is checked first, then the rate limit counts it.
    if let Some(limit) = options.rate_limit {
        protected = protected.route_layer(middleware::from_fn_with_state(
            Arc::new(Limiter::new(limit)),
            rate_limit::per_key,
        ));
    }
    let protected = protected.route_layer(middleware::from_fn_with_state(
        Auth::new(state.key.clone(), state.service.clone()),
        auth::require_key,
    ));
    let public = Router::new()
        .route("/health", get(health::get))
        .route("/openapi.json", get(docs::openapi))
        .route("/docs", get(docs::page));
    // Any method on an unknown path under /api/ is the API's 404 (not the UI's page, nor a
    // 405 from its GET-only routes): a POS with a typo in its URL must see an error.
    let mut app = Router::new()
        .nest("/api/v1", public.merge(protected))
        .route("/api", any(envelope::not_found))
        .route("/api/", any(envelope::not_found))
        .route("/api/{*rest}", any(envelope::not_found));
    if let Some(dir) = &options.ui_dir {
        app = app.merge(ui::router(dir.clone()));
    }
    app.fallback(envelope::not_found)
        .method_not_allowed_fallback(envelope::method_not_allowed)
        .layer(DefaultBodyLimit::max(SMALL_BODY))
        .layer(middleware::map_response(envelope::envelope_errors))
        .layer(middleware::from_fn(guard::loopback_only))
        .with_state(state)
}
