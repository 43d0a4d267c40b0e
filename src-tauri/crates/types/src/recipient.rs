//! Who a message goes to: a phone number in E.164 form, or a WhatsApp group.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A normalised recipient. Written as a string everywhere (API, database, UI):
/// `+59171234567` for a phone number, `120363025246125486@g.us` for a group.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Recipient {
    /// E.164 digits without the leading `+`.
    Phone(String),
    /// A group JID, `...@g.us`.
    Group(String),
}

impl Recipient {
    /// Reads the canonical string form back. Input from people goes through the core's
    /// phone normalisation instead; this only accepts what that produced.
    pub fn from_canonical(s: &str) -> Option<Recipient> {
        if let Some(digits) = s.strip_prefix('+') {
            (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
                .then(|| Recipient::Phone(digits.to_owned()))
        } else if is_group_jid(s) {
            Some(Recipient::Group(s.to_owned()))
        } else {
            None
        }
    }
}

/// `123456789@g.us` or the older `5917123456-1600000000@g.us` form.
pub fn is_group_jid(s: &str) -> bool {
    let Some(user) = s.strip_suffix("@g.us") else {
        return false;
    };
    let mut parts = user.splitn(2, '-');
    let all_digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    parts.next().is_some_and(all_digits) && parts.next().is_none_or(all_digits)
}

impl std::fmt::Display for Recipient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Recipient::Phone(d) => write!(f, "+{d}"),
            Recipient::Group(j) => f.write_str(j),
        }
    }
}

impl Serialize for Recipient {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Recipient {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Recipient::from_canonical(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("not a canonical recipient: {s}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_forms_round_trip() {
        for s in [
            "+59171234567",
            "120363025246125486@g.us",
            "5917123456-1600000000@g.us",
        ] {
            let r = Recipient::from_canonical(s).unwrap();
            assert_eq!(r.to_string(), s);
        }
    }

    #[test]
    fn rejects_non_canonical() {
        for s in [
            "59171234567",
            "+",
            "+591 7123",
            "abc@g.us",
            "123@s.whatsapp.net",
            "-1@g.us",
            "",
        ] {
            assert_eq!(Recipient::from_canonical(s), None, "{s}");
        }
    }
}
