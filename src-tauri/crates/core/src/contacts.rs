//! The contact book's rules: what a contact's number, name, tags and notes may be, how a
//! search reads, and the CSV columns an import understands and an export writes.

use mostrador_store::ContactRow;
use mostrador_types::{Contact, ContactInput, ErrorInfo, Recipient};
use phonenumber::country;

use crate::{Code, Error, Result, phone};

pub const MAX_NAME: usize = 100;
pub const MAX_NOTES: usize = 2000;
pub const MAX_TAG: usize = 40;
pub const MAX_TAGS: usize = 20;
/// Rows one import may hold.
pub const MAX_IMPORT_ROWS: usize = 50_000;

/// A number as the book keeps it: E.164 with `+`. Groups are not contacts.
pub fn number(input: &str, country: country::Id) -> Result<String> {
    match phone::normalise(input, country)?.recipient {
        Recipient::Phone(digits) => Ok(format!("+{digits}")),
        Recipient::Group(_) => Err(Error::new(
            Code::InvalidRecipient,
            "a group is not a contact: contacts are phone numbers",
        )),
    }
}

/// A tag as it is kept and matched: trimmed, single spaces, lower case.
pub fn tag(input: &str) -> Result<String> {
    let t = input
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    if t.is_empty() || t.chars().count() > MAX_TAG || t.chars().any(char::is_control) {
        return Err(Error::invalid(format!(
            "a tag is 1 to {MAX_TAG} letters, digits or spaces; got {input:?}"
        )));
    }
    Ok(t)
}

/// Tags, each read by `tag`, without repeats, at most `MAX_TAGS`.
pub fn tags(inputs: &[String]) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for t in inputs {
        let t = tag(t)?;
        if !out.contains(&t) {
            out.push(t);
        }
    }
    if out.len() > MAX_TAGS {
        return Err(Error::invalid(format!(
            "a contact has at most {MAX_TAGS} tags"
        )));
    }
    out.sort();
    Ok(out)
}

fn text(field: &str, value: &str, max: usize) -> Result<String> {
    let v = value.trim();
    if v.chars().count() > max {
        return Err(Error::invalid(format!("{field}: at most {max} characters")));
    }
    if v.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(Error::invalid(format!("{field}: no control characters")));
    }
    Ok(v.to_owned())
}

/// `input` applied to `current` (none: a new contact, which needs a number).
pub fn apply(
    current: Option<&ContactRow>,
    input: &ContactInput,
    country: country::Id,
) -> Result<ContactRow> {
    let phone = match (&input.phone, current) {
        (Some(p), _) => number(p, country)?,
        (None, Some(c)) => c.phone.clone(),
        (None, None) => return Err(Error::invalid("phone: the contact's number is required")),
    };
    let keep = |f: Option<&String>, old: Option<String>| f.cloned().or(old).unwrap_or_default();
    Ok(ContactRow {
        phone,
        name: text(
            "name",
            &keep(input.name.as_ref(), current.map(|c| c.name.clone())),
            MAX_NAME,
        )?,
        notes: text(
            "notes",
            &keep(input.notes.as_ref(), current.map(|c| c.notes.clone())),
            MAX_NOTES,
        )?,
        tags: match &input.tags {
            Some(t) => tags(t)?,
            None => current.map(|c| c.tags.clone()).unwrap_or_default(),
        },
        opted_out: input
            .opted_out
            .or(current.map(|c| c.opted_out))
            .unwrap_or(false),
    })
}

/// Why a broadcast skips a contact.
pub fn opted_out() -> ErrorInfo {
    ErrorInfo {
        code: "OPTED_OUT".into(),
        message: "this contact does not want broadcasts (opted out)".into(),
    }
}

/// A search box's words: part of a name, or digits of a number (three or more), or both.
pub fn search(q: &str) -> (Option<String>, Option<String>) {
    let q = q.trim();
    if q.is_empty() {
        return (None, None);
    }
    let digits: String = q.chars().filter(char::is_ascii_digit).collect();
    let has_letters = q.chars().any(char::is_alphabetic);
    let name = (has_letters || digits.len() < 3).then(|| q.to_lowercase());
    (name, (digits.len() >= 3).then_some(digits))
}

/// Which column of an import holds what (header names compared in lower case).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Columns {
    pub phone: usize,
    pub name: Option<usize>,
    pub tags: Option<usize>,
    pub notes: Option<usize>,
    pub opted_out: Option<usize>,
}

const PHONE: &[&str] = &[
    "phone",
    "number",
    "telefono",
    "teléfono",
    "celular",
    "whatsapp",
    "numero",
    "número",
];
const NAME: &[&str] = &["name", "nombre"];
const TAGS: &[&str] = &["tags", "etiquetas", "tag", "etiqueta"];
const NOTES: &[&str] = &["notes", "notas", "note", "nota"];
const OPTED_OUT: &[&str] = &["opted_out", "opt_out", "no_broadcasts", "sin_difusiones"];

impl Columns {
    pub fn find(header: &[String]) -> Result<Columns> {
        let at = |names: &[&str]| {
            header
                .iter()
                .position(|h| names.contains(&h.trim().to_lowercase().as_str()))
        };
        let phone = at(PHONE).ok_or_else(|| {
            Error::invalid(format!(
                "the file has no column for the number (phone, telefono, celular…); its columns \
                 are {}",
                header.join(", ")
            ))
        })?;
        Ok(Columns {
            phone,
            name: at(NAME),
            tags: at(TAGS),
            notes: at(NOTES),
            opted_out: at(OPTED_OUT),
        })
    }

    /// One row as a contact's input.
    pub fn input(&self, row: &[String]) -> ContactInput {
        let field = |i: Option<usize>| i.and_then(|i| row.get(i)).map(|v| v.trim().to_owned());
        ContactInput {
            phone: field(Some(self.phone)),
            name: field(self.name),
            tags: field(self.tags).map(|t| {
                t.split([',', ';', '|'])
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(str::to_owned)
                    .collect()
            }),
            notes: field(self.notes),
            opted_out: field(self.opted_out).map(|v| {
                matches!(
                    v.to_lowercase().as_str(),
                    "1" | "x" | "yes" | "y" | "true" | "si" | "sí" | "s"
                )
            }),
        }
    }
}

/// The book as a CSV file a spreadsheet opens (UTF-8 with a BOM, `,`, quotes as needed).
/// A name or note that a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) is
/// written with a `'` before it, so opening the file runs nothing.
pub fn export(contacts: &[Contact]) -> String {
    let quote = |v: &str| {
        let v = if v.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            format!("'{v}")
        } else {
            v.to_owned()
        };
        if v.contains([',', '"', '\n', '\r', ';']) {
            format!("\"{}\"", v.replace('"', "\"\""))
        } else {
            v
        }
    };
    let mut out = String::from("\u{feff}name,phone,tags,notes,opted_out\r\n");
    for c in contacts {
        let line = [
            quote(&c.name),
            c.phone.clone(),
            quote(&c.tags.join("|")),
            quote(&c.notes),
            if c.opted_out { "yes" } else { "no" }.to_owned(),
        ];
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
#[path = "contacts_tests.rs"]
mod tests;
