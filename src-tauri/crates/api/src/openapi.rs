//! The OpenAPI 3 document, generated from the handlers' annotations and the shared types.

use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::handlers::{
    api_key, batches, claims, contacts, directory, events, groups, health, keys, messages, numbers,
    profiles, received, send, session, settings, webhooks,
};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Mostrador API",
        description = "Send WhatsApp messages from the shop's own number. Loopback only; every \
            route but /health needs the API key (`X-API-Key` or `Authorization: Bearer`). Every \
            answer is `{\"success\":true,\"data\":…}` or `{\"success\":false,\"error\":{\"code\",\"message\"}}`."
    ),
    paths(
        health::get,
        session::get, session::qr, session::qr_png, session::logout, session::pair_code, session::relink,
        profiles::list, profiles::create, profiles::get, profiles::change, profiles::remove,
        profiles::connect, profiles::disconnect, profiles::logout, profiles::relink, profiles::qr,
        profiles::qr_png, profiles::pair_code,
        send::send, messages::list, messages::get, messages::media, messages::retry, messages::cancel, messages::edit,
        batches::create, batches::list, batches::get, batches::items, batches::pause,
        batches::resume, batches::cancel,
        webhooks::create, webhooks::list, webhooks::get, webhooks::change, webhooks::delete,
        webhooks::test, webhooks::deliveries,
        claims::create, claims::get, claims::qr, claims::cancel,
        received::list, received::unread, received::replies, received::get, received::media, received::read,
        directory::groups, directory::check,
        groups::create, groups::get, groups::change, groups::participants, groups::leave,
        groups::invite_link, groups::revoke_invite_link,
        contacts::create, contacts::list, contacts::get, contacts::change, contacts::delete,
        contacts::tag, contacts::untag, contacts::tags, contacts::import, contacts::export,
        contacts::info,
        numbers::parse, numbers::countries, numbers::limits,
        events::stream,
        settings::get, settings::update, api_key::rotate, keys::list, keys::create, keys::revoke,
    ),
    modifiers(&Security),
    tags(
        (name = "messages", description = "Send and follow messages"),
        (name = "batches", description = "Broadcasts: one template to many recipients, sent by the service"),
        (name = "claims", description = "A message for whoever writes the ticket's code (a QR at the counter)"),
        (name = "received", description = "What customers write to the shop's number"),
        (name = "contacts", description = "The shop's contact book: names, tags, who wants no broadcasts"),
        (name = "groups", description = "The account's groups: create, settings, participants, invite link"),
        (name = "webhooks", description = "Endpoints told of changes, signed per Standard Webhooks"),
        (name = "session", description = "The link to the shop's WhatsApp account (the main number, or `?profile=`)"),
        (name = "profiles", description = "The shop's linked numbers: each its own session, pace and queue"),
        (name = "settings", description = "The shop's country, the pace of sending, the API key"),
    )
)]
pub struct Doc;

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "api_key",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::new("X-API-Key"))),
        );
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}
