//! Batches (broadcasts): the rules that turn a `BatchRequest` into items to store. Every row
//! is checked before anything is accepted (number, variables, duplicates, the text each
//! recipient gets); the template's content is checked once.

pub mod csv;
pub mod request;
pub mod template;

use std::collections::HashSet;

use mostrador_types::Content;

pub use request::{BatchRecipient, BatchRequest, MAX_PACING_MS, MAX_RECIPIENTS};
pub use template::Template;

use crate::config::Limits;
use crate::draft::{self, text_field};
use crate::error::RowError;
use crate::input::FilePart;
use crate::phone::{self, Normalised};
use crate::schedule::parse_send_at;
use crate::staging::Attachment;
use crate::{Code, Error, Result};

/// One recipient's message, ready to store.
#[derive(Debug, Clone)]
pub struct Item {
    pub to: Normalised,
    pub content: Content,
}

/// A batch that passed every check (rows that did not are in `rejected` when the request
/// asked to skip them).
#[derive(Debug)]
pub struct Checked {
    pub name: String,
    pub template: Content,
    /// The attachment, stored once for the whole batch.
    pub media: Option<Attachment>,
    pub items: Vec<Item>,
    pub rejected: Vec<RowError>,
    pub pacing_ms: Option<u64>,
    pub jitter_ms: Option<u64>,
    pub send_at: Option<i64>,
    pub idempotency_key: Option<String>,
}

/// Checks the whole request. Bad rows make it fail with `INVALID_ROWS` listing each, unless
/// `skip_invalid` is set and at least one row is good.
pub fn check(
    req: BatchRequest,
    file: Option<FilePart>,
    header_key: Option<String>,
    country: phonenumber::country::Id,
    limits: &Limits,
) -> Result<Checked> {
    let name = req.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(Error::invalid(
            "the batch needs a name of 1 to 200 characters",
        ));
    }
    if !req.template.to.is_empty() {
        return Err(Error::invalid(
            "the template takes no `to`: each recipient goes in `recipients`",
        ));
    }
    let n = req.recipients.len();
    if n == 0 || n > MAX_RECIPIENTS {
        return Err(Error::invalid(format!(
            "a batch has 1 to {MAX_RECIPIENTS} recipients, not {n}"
        )));
    }
    if req.pacing_ms.is_some_and(|p| p > MAX_PACING_MS) {
        return Err(Error::invalid(format!(
            "pacing_ms is at most {MAX_PACING_MS}"
        )));
    }
    if req
        .jitter_ms
        .is_some_and(|j| j > req.pacing_ms.unwrap_or(MAX_PACING_MS))
    {
        return Err(Error::invalid("jitter_ms is at most pacing_ms"));
    }
    let draft = req.template.into_draft(file, header_key)?;
    // `send_at` on the batch (or, as on /messages, in its template): read by the one rule.
    let send_at = match (
        req.send_at.as_deref().map(parse_send_at).transpose()?,
        draft.send_at,
    ) {
        (Some(a), Some(b)) if a != b => {
            return Err(Error::invalid(
                "give send_at once: on the batch or in its template",
            ));
        }
        (a, b) => a.or(b),
    };
    let idempotency_key = draft.idempotency_key.clone();
    if let Some(k) = &idempotency_key
        && (k.is_empty()
            || k.len() > draft::MAX_IDEMPOTENCY_KEY
            || !k.bytes().all(|b| b.is_ascii_graphic()))
    {
        return Err(Error::invalid(format!(
            "the idempotency key must be 1 to {} visible ASCII characters",
            draft::MAX_IDEMPOTENCY_KEY
        )));
    }
    let (template, media) = draft::validate_body(draft.body, country, limits)?;
    let texts = Texts::of(&template)?;
    let mut seen = HashSet::new();
    let mut items = Vec::with_capacity(n);
    let mut rejected = Vec::new();
    for (index, row) in req.recipients.into_iter().enumerate() {
        let reject = |e: Error| RowError {
            index,
            code: e.code,
            message: e.message,
        };
        let to = match phone::normalise(&row.to, country) {
            Ok(to) => to,
            Err(e) => {
                rejected.push(reject(e));
                continue;
            }
        };
        if !seen.insert(to.recipient.clone()) {
            rejected.push(reject(Error::new(
                Code::DuplicateRecipient,
                format!("{} is already in this batch", to.recipient),
            )));
            continue;
        }
        match texts.render(&template, &row.variables, limits) {
            Ok(content) => items.push(Item { to, content }),
            Err(e) => rejected.push(reject(e)),
        }
    }
    if !rejected.is_empty() && (!req.skip_invalid || items.is_empty()) {
        let mut e = Error::new(
            Code::InvalidRows,
            format!(
                "{} of {n} rows are not valid; nothing was stored{}",
                rejected.len(),
                if req.skip_invalid {
                    ""
                } else {
                    " (skip_invalid: true stores the valid ones)"
                }
            ),
        );
        e.rows = rejected;
        return Err(e);
    }
    Ok(Checked {
        name,
        template,
        media,
        items,
        rejected,
        pacing_ms: req.pacing_ms,
        jitter_ms: req.jitter_ms,
        send_at,
        idempotency_key,
    })
}

/// The template's text or caption, parsed once.
struct Texts {
    text: Option<Template>,
}

impl Texts {
    fn of(content: &Content) -> Result<Texts> {
        let text = match content {
            Content::Text { text } => Some(text.as_str()),
            Content::Image { caption, .. }
            | Content::Video { caption, .. }
            | Content::Document { caption, .. } => caption.as_deref(),
            _ => None,
        };
        let text = text
            .map(Template::parse)
            .transpose()
            .map_err(|why| Error::invalid(format!("the template's text: {why}")))?;
        Ok(Texts { text })
    }

    /// One recipient's content: the template with its variables filled in and checked again
    /// for length (a long name can push it over).
    fn render(
        &self,
        template: &Content,
        vars: &std::collections::BTreeMap<String, String>,
        limits: &Limits,
    ) -> Result<Content> {
        let Some(t) = &self.text else {
            return Ok(template.clone());
        };
        let filled = t.render(vars).map_err(|name| {
            Error::new(
                Code::MissingVariable,
                format!("the template uses {{{name}}} and this row has no value for it"),
            )
        })?;
        let mut content = template.clone();
        match &mut content {
            Content::Text { text } => *text = text_field(filled, "text", limits.text_chars)?,
            Content::Image { caption, .. }
            | Content::Video { caption, .. }
            | Content::Document { caption, .. } => {
                *caption = Some(text_field(filled, "caption", limits.caption_chars)?);
            }
            _ => {}
        }
        Ok(content)
    }
}
