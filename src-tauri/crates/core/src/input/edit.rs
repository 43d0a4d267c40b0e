//! A change to a message that still waits for its time: a new `send_at`, new text, or a new
//! caption. What may change is decided here; the store applies it only while it waits.

use mostrador_types::Content;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::config::Limits;
use crate::draft::{caption_field, text_field};
use crate::schedule::parse_send_at;
use crate::{Error, Result};

/// What to change; what is left out stays.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MessageEdit {
    /// The new time, with its offset (`2026-12-24T18:00:00-04:00`).
    pub send_at: Option<String>,
    /// A text message's new text.
    pub text: Option<String>,
    /// A picture's, video's or document's new caption (empty removes it).
    pub caption: Option<String>,
}

impl MessageEdit {
    /// The new time asked for (ms), if any.
    pub fn send_at(&self) -> Result<Option<i64>> {
        self.send_at.as_deref().map(parse_send_at).transpose()
    }

    /// `content` with the new words, or None when the words do not change.
    pub fn content(&self, content: &Content, limits: &Limits) -> Result<Option<Content>> {
        if self.text.is_none() && self.caption.is_none() {
            if self.send_at.is_none() {
                return Err(Error::invalid(
                    "say what to change: send_at, text or caption",
                ));
            }
            return Ok(None);
        }
        let mut next = content.clone();
        match (&mut next, &self.text, &self.caption) {
            (Content::Text { text }, Some(new), None) => {
                *text = text_field(new.clone(), "text", limits.text_chars)?;
            }
            (
                Content::Image { caption, .. }
                | Content::Video { caption, .. }
                | Content::Document { caption, .. },
                None,
                Some(new),
            ) => *caption = caption_field(Some(new.clone()), limits)?,
            _ => {
                return Err(Error::invalid(format!(
                    "a {} message has no {} to change",
                    content.kind().as_str(),
                    if self.text.is_some() {
                        "text"
                    } else {
                        "caption"
                    }
                )));
            }
        }
        Ok(Some(next))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Code;

    #[test]
    fn only_the_words_a_kind_has_change() {
        let limits = Limits::default();
        let text = Content::Text {
            text: "hola".into(),
        };
        let edit = |t: Option<&str>, c: Option<&str>| MessageEdit {
            send_at: None,
            text: t.map(str::to_owned),
            caption: c.map(str::to_owned),
        };
        assert_eq!(
            edit(Some("chau"), None).content(&text, &limits).unwrap(),
            Some(Content::Text {
                text: "chau".into()
            })
        );
        assert_eq!(
            edit(None, Some("x"))
                .content(&text, &limits)
                .unwrap_err()
                .code,
            Code::ValidationError
        );
        assert_eq!(
            edit(Some(" "), None)
                .content(&text, &limits)
                .unwrap_err()
                .code,
            Code::TextEmpty
        );
        assert!(
            edit(None, None).content(&text, &limits).is_err(),
            "nothing to change"
        );
        let only_time = MessageEdit {
            send_at: Some("2026-12-24T18:00:00-04:00".into()),
            ..MessageEdit::default()
        };
        assert_eq!(only_time.content(&text, &limits).unwrap(), None);
        assert!(only_time.send_at().unwrap().is_some());
    }
}
