//! Turning what a cashier types or a POS sends into a recipient: an E.164 number (with the
//! shop's default country for local numbers) or a group JID taken as is.

use mostrador_types::recipient::is_group_jid;
use mostrador_types::{Country, NumberProblem, ParsedNumber, Recipient};
use phonenumber::metadata::DATABASE;
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
    read(input, default_country)
        .map(|r| r.normalised)
        .map_err(|refusal| refusal.error)
}

/// Reads an input as the recipient field shows it while the cashier types: what a send would
/// go to and how people write it, or the problem. Asks nobody (not WhatsApp): cheap.
pub fn parse(input: &str, default_country: country::Id) -> ParsedNumber {
    let mut parsed = ParsedNumber {
        input: input.to_owned(),
        recipient: None,
        display: None,
        country: None,
        group: input.trim().ends_with("@g.us"),
        problem: None,
        message: None,
    };
    match read(input, default_country) {
        Ok(Reading { normalised, number }) => {
            let recipient = match &normalised.recipient {
                Recipient::Phone(digits) => format!("+{digits}"),
                Recipient::Group(jid) => jid.clone(),
            };
            parsed.display = Some(match &number {
                Some(n) => n.format().mode(Mode::International).to_string(),
                None => recipient.clone(),
            });
            parsed.country = number
                .as_ref()
                .and_then(|n| n.country().id())
                .map(|id| format!("{id:?}"));
            parsed.recipient = Some(recipient);
        }
        Err(refusal) => {
            parsed.problem = Some(refusal.problem);
            parsed.message = Some(refusal.error.message);
        }
    }
    parsed
}

/// Every country a local number can belong to, by ISO code.
pub fn countries() -> Vec<Country> {
    let mut all: Vec<Country> = DATABASE
        .iter()
        .filter(|m| m.id().len() == 2 && m.id().parse::<country::Id>().is_ok())
        .map(|m| Country {
            iso: m.id().to_owned(),
            dial: m.country_code(),
        })
        .collect();
    all.sort_by(|a, b| a.iso.cmp(&b.iso));
    all.dedup_by(|a, b| a.iso == b.iso);
    all
}

/// A recipient read from an input, with the phone number it came from (none for a group).
struct Reading {
    normalised: Normalised,
    number: Option<phonenumber::PhoneNumber>,
}

/// Why an input is not a recipient: the kind of problem, and the error a send answers with.
struct Refusal {
    problem: NumberProblem,
    error: Error,
}

fn refuse(problem: NumberProblem, input: &str, why: &str) -> Refusal {
    Refusal {
        problem,
        error: invalid(input, why),
    }
}

fn read(input: &str, default_country: country::Id) -> std::result::Result<Reading, Refusal> {
    let input = input.trim();
    if input.ends_with("@g.us") {
        return if is_group_jid(input) {
            Ok(Reading {
                normalised: Normalised {
                    recipient: Recipient::Group(input.to_owned()),
                    national: String::new(),
                },
                number: None,
            })
        } else {
            Err(refuse(
                NumberProblem::BadGroup,
                input,
                "is not a valid group id (expected digits@g.us)",
            ))
        };
    }
    if input.is_empty() {
        return Err(Refusal {
            problem: NumberProblem::Empty,
            error: Error::new(Code::InvalidRecipient, "the recipient is empty"),
        });
    }
    if input.chars().any(|c| c.is_alphabetic()) {
        return Err(refuse(NumberProblem::Letters, input, "contains letters"));
    }
    let digits: String = input.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < 6 {
        return Err(refuse(
            NumberProblem::TooShort,
            input,
            "is too short to be a phone number",
        ));
    }
    if digits.len() > 15 {
        return Err(refuse(
            NumberProblem::TooLong,
            input,
            "is too long to be a phone number",
        ));
    }
    let Some(number) = parse_any(input, &digits, default_country) else {
        let problem = length_problem(input, default_country);
        return Err(if input.starts_with('+') {
            refuse(problem, input, "is not a valid phone number")
        } else {
            refuse(
                problem,
                input,
                &format!(
                    "is not a valid phone number in {default_country:?}; numbers from other countries need their code, like +52"
                ),
            )
        });
    };
    let e164 = number.format().mode(Mode::E164).to_string();
    Ok(Reading {
        normalised: Normalised {
            recipient: Recipient::Phone(e164.trim_start_matches('+').to_owned()),
            national: number.national().value().to_string(),
        },
        number: Some(number),
    })
}

/// For an input no number matches: is it shorter than its country's numbers (not finished),
/// longer, or the right length but still no number?
fn length_problem(input: &str, default_country: country::Id) -> NumberProblem {
    let Ok(number) = phonenumber::parse(Some(default_country), input) else {
        return NumberProblem::NotValid;
    };
    let Some(meta) = number.metadata(&DATABASE) else {
        return NumberProblem::NotValid;
    };
    // The general description often lists no lengths: those of fixed lines and mobiles do.
    let d = meta.descriptors();
    let lengths: Vec<u16> = [Some(d.general()), d.fixed_line(), d.mobile()]
        .into_iter()
        .flatten()
        .flat_map(|desc| desc.possible_length().iter().copied())
        .collect();
    let (Some(&min), Some(&max)) = (lengths.iter().min(), lengths.iter().max()) else {
        return NumberProblem::NotValid;
    };
    let national = number.national().value().to_string().len();
    if national < usize::from(min) {
        NumberProblem::TooShort
    } else if national > usize::from(max) {
        NumberProblem::TooLong
    } else {
        NumberProblem::NotValid
    }
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
    fn parsing_says_what_a_send_would_go_to_and_how_people_write_it() {
        let p = parse(" 7123-4567 ", country::Id::BO);
        assert_eq!(p.recipient.as_deref(), Some("+59171234567"));
        assert_eq!(p.display.as_deref(), Some("+591 71234567"));
        assert_eq!(p.country.as_deref(), Some("BO"));
        assert!(!p.group && p.problem.is_none());
        // The same digits with another default country are someone else.
        let mx = parse("5512345678", country::Id::MX);
        assert_eq!(mx.country.as_deref(), Some("MX"));
        let g = parse("120363025246125486@g.us", country::Id::BO);
        assert!(g.group);
        assert_eq!(g.recipient, g.display);
    }

    #[test]
    fn parsing_names_the_problem() {
        for (s, problem) in [
            ("", NumberProblem::Empty),
            ("12", NumberProblem::TooShort),
            // Seven of Bolivia's eight digits: still being typed.
            ("7123456", NumberProblem::TooShort),
            ("+591 1234", NumberProblem::TooShort),
            ("712345678", NumberProblem::TooLong),
            ("hola", NumberProblem::Letters),
            ("1234567890123456", NumberProblem::TooLong),
            ("12345678", NumberProblem::NotValid),
            ("abc@g.us", NumberProblem::BadGroup),
        ] {
            let p = parse(s, country::Id::BO);
            assert_eq!(p.problem, Some(problem), "{s:?}: {p:?}");
            assert!(p.recipient.is_none() && p.message.is_some(), "{s:?}");
        }
    }

    #[test]
    fn the_countries_are_every_region_with_its_calling_code() {
        let all = countries();
        assert!(all.len() > 200, "{}", all.len());
        let bo = all.iter().find(|c| c.iso == "BO").unwrap();
        assert_eq!(bo.dial, 591);
        assert!(all.windows(2).all(|w| w[0].iso < w[1].iso));
        assert!(all.iter().all(|c| parse_country(&c.iso).is_ok()));
    }

    #[test]
    fn country_codes_parse() {
        assert_eq!(parse_country("bo").unwrap(), country::Id::BO);
        assert_eq!(parse_country("XX").unwrap_err().code, Code::ValidationError);
    }
}
