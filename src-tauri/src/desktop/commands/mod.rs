//! The commands the web UI invokes: each a few lines over the core `Service` (reading their
//! input through `core::input`, as the REST API does), failing with the API's
//! `{code, message}`.

mod app;
mod batches;
mod claims;
mod contacts;
mod files;
mod groups;
mod keys;
mod messages;
mod numbers;
mod profiles;
mod received;
mod session;
mod update;
mod webhooks;

pub use update::{UpdateInfo, check as check_updates};

use mostrador_core::{Code, Error, RowError};
use serde::Serialize;
use tauri::Runtime;
use tauri::ipc::Invoke;

/// The error half of the API's envelope: the UI branches on `code`, shows `message`.
#[derive(Debug, Serialize)]
pub struct CommandError {
    pub code: Code,
    pub message: String,
    /// With `INVALID_ROWS`: each batch row that is not valid.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<RowError>,
}

pub type Result<T> = std::result::Result<T, CommandError>;

impl From<Error> for CommandError {
    fn from(e: Error) -> Self {
        CommandError {
            code: e.code,
            message: e.message,
            rows: e.rows,
        }
    }
}

impl From<crate::Error> for CommandError {
    fn from(e: crate::Error) -> Self {
        internal(e)
    }
}

/// For failures of the machine rather than of the request (a file, the keyring).
fn internal(e: impl std::fmt::Display) -> CommandError {
    Error::new(Code::Internal, e.to_string()).into()
}

/// Every command, for `Builder::invoke_handler`.
pub fn handler<R: Runtime>() -> impl Fn(Invoke<R>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        session::session,
        session::qr,
        session::pair_code,
        session::relink,
        session::logout,
        session::demo_scan,
        session::demo_pair_code,
        keys::named_keys,
        keys::create_named_key,
        keys::revoke_named_key,
        profiles::profiles,
        profiles::add_profile,
        profiles::change_profile,
        profiles::remove_profile,
        profiles::connect_profile,
        profiles::disconnect_profile,
        messages::send,
        batches::create_batch,
        batches::batches,
        batches::batch,
        batches::batch_items,
        batches::pause_batch,
        batches::resume_batch,
        batches::cancel_batch,
        claims::create_claim,
        claims::claim,
        claims::claim_qr,
        claims::cancel_claim,
        claims::open_customer_window,
        contacts::create_contact,
        contacts::contacts,
        contacts::contact,
        contacts::change_contact,
        contacts::delete_contact,
        contacts::tag_contact,
        contacts::untag_contact,
        contacts::contact_tags,
        contacts::import_contacts,
        contacts::export_contacts,
        contacts::contact_info,
        received::received_list,
        received::received,
        received::received_media,
        received::mark_received_read,
        received::unread_count,
        webhooks::create_webhook,
        webhooks::webhooks,
        webhooks::change_webhook,
        webhooks::delete_webhook,
        webhooks::test_webhook,
        webhooks::webhook_deliveries,
        messages::messages,
        messages::message,
        messages::retry,
        messages::cancel,
        messages::reschedule,
        messages::attachment,
        messages::groups,
        groups::create_group,
        groups::group,
        groups::change_group,
        groups::group_participants,
        groups::leave_group,
        groups::group_invite_link,
        messages::check_contacts,
        numbers::parse_numbers,
        numbers::countries,
        numbers::limits,
        files::pick_image,
        files::pick_document,
        app::about,
        app::api_key,
        app::rotate_api_key,
        app::settings,
        app::save_settings,
        app::desktop_prefs,
        app::save_desktop_prefs,
        app::save_file,
        update::check_update,
        update::install_update,
        update::pending_update,
    ]
}
