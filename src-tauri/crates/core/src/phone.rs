//! Turning what a cashier types or a POS sends into a recipient: an E.164 number (with the
//! shop's default country for local numbers) or a group JID taken as is.

use mostrador_types::Recipient;
use mostrador_types::recipient::is_group_jid;
use phonenumber::{Mode, country};

use crate::{Code, Error, Result};

/// A normalised phone number with the forms people search the log by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalised {
    pub recipient: Recipient,
    /// The national number (e.g. `71234567` for `+59171234567`), empty for groups.
    pub national: String,
}

pub fn parse_country(code: &str) -> Result<country::Id> {
    code.trim().to_ascii_uppercase().parse().map_err(|_| {
        Error::new(
            Code::ValidationError,
            format!("{code:?} is not a two-letter country code such as BO, MX or AR"),
        )
    })
}

/// `+591 7123-4567`, `59171234567` and `71234567` (default country BO) are all `+59171234567`.
pub fn normalise(input: &str, default_country: country::Id) -> Result<Normalised> {
    let input = input.trim();
    if input.ends_with("@g.us") {
        return if is_group_jid(input) {
            Ok(Normalised {
                recipient: Recipient::Group(input.to_owned()),
                national: String::new(),
            })
        } else {
            Err(invalid(
                input,
                "is not a valid group id (expected digits@g.us)",
            ))
        };
    }
    if input.is_empty() {
        return Err(Error::new(Code::InvalidRecipient, "the recipient is empty"));
    }
    if input.chars().any(|c| c.is_alphabetic()) {
        return Err(invalid(input, "contains letters"));
    }
    let digits: String = input.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < 6 {
        return Err(invalid(input, "is too short to be a phone number"));
    }
    if digits.len() > 15 {
        return Err(invalid(input, "is too long to be a phone number"));
    }
    let number = parse_any(input, &digits, default_country).ok_or_else(|| {
        if input.starts_with('+') {
            invalid(input, "is not a valid phone number")
        } else {
            invalid(
                input,
                &format!("is not a valid phone number in {default_country:?}; numbers from other countries need their code, like +52"),
            )
        }
    })?;
    let e164 = number.format().mode(Mode::E164).to_string();
    Ok(Normalised {
        recipient: Recipient::Phone(e164.trim_start_matches('+').to_owned()),
        national: number.national().value().to_string(),
    })
}

/// Tries the input as written (local to the default country, or international with `+`),
/// then bare digits as an international number: POS systems often send `59171234567`.
fn parse_any(
    input: &str,
    digits: &str,
    default_country: country::Id,
) -> Option<phonenumber::PhoneNumber> {
    let valid = |n: phonenumber::PhoneNumber| phonenumber::is_valid(&n).then_some(n);
    let as_written = phonenumber::parse(Some(default_country), input)
        .ok()
        .and_then(valid);
    if as_written.is_some() || input.trim_start().starts_with('+') {
        return as_written;
    }
    let international = digits.trim_start_matches("00");
    phonenumber::parse(None, format!("+{international}"))
        .ok()
        .and_then(valid)
}

fn invalid(input: &str, why: &str) -> Error {
    Error::new(Code::InvalidRecipient, format!("{input:?} {why}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bo(s: &str) -> Result<Normalised> {
        normalise(s, country::Id::BO)
    }

    #[test]
    fn the_same_bolivian_number_written_three_ways() {
        for s in [
            "+591 7123-4567",
            "59171234567",
            "71234567",
            " 7123 4567 ",
            "0059171234567",
        ] {
            let n = bo(s).unwrap();
            assert_eq!(n.recipient, Recipient::Phone("59171234567".into()), "{s}");
            assert_eq!(n.national, "71234567");
        }
    }

    #[test]
    fn other_countries_with_their_code() {
        let mx = bo("+52 55 1234 5678").unwrap();
        assert!(matches!(mx.recipient, Recipient::Phone(ref d) if d.starts_with("52")));
        let ar = normalise("11 2345-6789", country::Id::AR).unwrap();
        assert!(matches!(ar.recipient, Recipient::Phone(ref d) if d.starts_with("54")));
    }

    #[test]
    fn groups_pass_through() {
        let g = bo("120363025246125486@g.us").unwrap();
        assert_eq!(
            g.recipient,
            Recipient::Group("120363025246125486@g.us".into())
        );
        assert_eq!(bo("abc@g.us").unwrap_err().code, Code::InvalidRecipient);
    }

    #[test]
    fn invalid_numbers_say_why() {
        for (s, why) in [
            ("", "empty"),
            ("12", "too short"),
            ("hola", "letters"),
            ("1234567890123456", "too long"),
            ("+591 1234", "not a valid phone number"),
            ("12345678", "not a valid phone number in BO"),
            ("+591 12345678", "not a valid phone number"),
        ] {
            let e = bo(s).unwrap_err();
            assert_eq!(e.code, Code::InvalidRecipient, "{s}");
            assert!(e.message.contains(why), "{s}: {}", e.message);
        }
    }

    #[test]
    fn country_codes_parse() {
        assert_eq!(parse_country("bo").unwrap(), country::Id::BO);
        assert_eq!(parse_country("XX").unwrap_err().code, Code::ValidationError);
    }
}
