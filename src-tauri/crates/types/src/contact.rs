//! The shop's contact book: a customer's or a staff member's number with a name, tags, notes
//! and whether they want broadcasts.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Contact {
    #[schema(example = "ct_01JF3Q7Z8K")]
    pub id: String,
    /// E.164, as the service wrote the number it was given.
    #[schema(example = "+59171234567")]
    pub phone: String,
    #[schema(example = "Ana Quispe")]
    pub name: String,
    /// Lower case, as they are matched (`clientes frecuentes`).
    pub tags: Vec<String>,
    pub notes: String,
    /// Does not want broadcasts: every broadcast skips them (and says so).
    pub opted_out: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

/// What a request sets on a contact; absent fields stay as they are (on a new contact:
/// empty, and `phone` is required).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "71234567")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opted_out: Option<bool>,
}

/// What an import did, or (a preview) would do.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ContactImport {
    /// Rows read (blank lines left out).
    pub rows: u32,
    /// New contacts.
    pub added: u32,
    /// Contacts already in the book (or repeated in the file), merged.
    pub merged: u32,
    /// Rows that cannot be imported, and why; none is imported unless `skip_invalid`.
    pub errors: Vec<ImportRowError>,
    /// True for a preview: nothing was saved.
    pub dry_run: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ImportRowError {
    /// The line in the file (the header is line 1).
    pub line: u32,
    pub input: String,
    pub message: String,
}

/// What WhatsApp (and the shop's own log) says of a number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ContactInfo {
    #[schema(example = "+59171234567")]
    pub phone: String,
    pub on_whatsapp: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jid: Option<String>,
    /// The name the customer gave WhatsApp, as their last message to the shop carried it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub push_name: Option<String>,
    /// The customer's "about" text, when they show it to the shop.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "Disponible")]
    pub about: Option<String>,
    /// A business account's verified (business) name, as WhatsApp gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "Farmacia Central")]
    pub business_name: Option<String>,
    /// Where WhatsApp serves the profile picture, when the customer shows it to the shop; the
    /// address is WhatsApp's and expires after a while (ask again for a fresh one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub picture_url: Option<String>,
    /// The shop's contact for this number, if there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<Contact>,
}

/// A tag in use, and how many contacts have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TagCount {
    #[schema(example = "clientes frecuentes")]
    pub tag: String,
    pub contacts: u32,
}
