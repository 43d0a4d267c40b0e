//! Claim codes: a receipt sent to "whoever writes this code" instead of a typed number. The
//! customer scans a QR (a wa.me link with the code in the prefilled text) and sends it; the
//! waiting message then goes to the number they wrote from — no typo, and never a refused
//! first contact, since the customer wrote first. Here: what a code may be, the text and link
//! a customer gets, and which words of a customer's message could be a code.

use crate::clock::Random;
use crate::{Code, Error, Result};

/// Codes are short, as printed on a ticket: letters, digits and dashes.
const MIN_LEN: usize = 3;
const MAX_LEN: usize = 24;
/// Words of one message looked at (a long message is not a claim).
const MAX_WORDS: usize = 12;

/// The form a code is stored and matched in: trimmed, upper case. Refuses what could not be
/// read back from a customer's message.
pub fn key(code: &str) -> Result<String> {
    let code = code.trim();
    let ok = (MIN_LEN..=MAX_LEN).contains(&code.chars().count())
        && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && code.chars().any(|c| c.is_ascii_alphanumeric());
    if !ok {
        return Err(Error::new(
            Code::ValidationError,
            format!(
                "code: {MIN_LEN} to {MAX_LEN} letters, digits or dashes, as printed on the \
                 ticket (e.g. V-1042)"
            ),
        ));
    }
    Ok(code.to_ascii_uppercase())
}

/// Letters and digits of a made-up code: none that reads as another (no 0/O, 1/I/L).
const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/// A code for a claim the shop did not number itself: `T-` and five characters (28 million
/// of them, so two open claims rarely draw the same one; the store refuses it if they do).
pub fn made_up(random: &dyn Random) -> String {
    let mut bytes = [0u8; 5];
    random.fill(&mut bytes);
    let tail: String = bytes
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect();
    format!("T-{tail}")
}

/// What the customer's phone sends (prefilled by the link).
pub fn text(code: &str) -> String {
    format!("Ticket {code}")
}

/// The `https://wa.me/…` link a QR carries: the shop's number and the prefilled text.
pub fn link(shop_digits: &str, code: &str) -> String {
    let text: String = text(code)
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect();
    format!("https://wa.me/{shop_digits}?text={text}")
}

/// The words of a customer's message that could be codes, in their stored form.
pub fn candidates(message: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in message
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
        .take(MAX_WORDS * 4)
    {
        if let Ok(k) = key(word.trim_matches('-'))
            && !out.contains(&k)
        {
            out.push(k);
            if out.len() == MAX_WORDS {
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_what_a_ticket_prints() {
        assert_eq!(key(" v-1042 ").unwrap(), "V-1042");
        assert!(key("ab").is_err());
        assert!(key("V 1042").is_err());
        assert!(key("---").is_err());
        assert!(key(&"X".repeat(25)).is_err());
    }

    #[test]
    fn a_made_up_code_is_a_valid_one_and_they_differ() {
        let random = crate::testing::SeqRandom::new(7);
        let a = made_up(&random);
        let b = made_up(&random);
        assert_ne!(a, b);
        for code in [a, b] {
            assert_eq!(key(&code).unwrap(), code);
            assert_eq!(code.len(), 7);
            assert!(!code[2..].contains(['0', 'O', '1', 'I', 'L']), "{code}");
        }
    }

    #[test]
    fn the_link_prefills_the_code_and_a_reply_is_read_back() {
        assert_eq!(
            link("59170000001", "V-1042"),
            "https://wa.me/59170000001?text=Ticket%20V-1042"
        );
        let words = candidates(&text("V-1042"));
        assert!(words.contains(&"V-1042".to_owned()));
        assert!(candidates("hola, mi ticket es v-1042!").contains(&"V-1042".to_owned()));
    }
}
