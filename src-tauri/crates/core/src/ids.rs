//! Message ids: the app's own (time-ordered) and the WhatsApp one (chosen once, reused).

use crate::clock::{Clock, Random};

const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A ULID: 48 bits of milliseconds then 80 random bits, as 26 Crockford base-32 characters.
/// Sorts by creation time, unique without coordination.
pub fn message_id(clock: &dyn Clock, random: &dyn Random) -> String {
    let mut bytes = [0u8; 16];
    let ms = u64::try_from(clock.now_ms()).unwrap_or(0);
    bytes[..6].copy_from_slice(&ms.to_be_bytes()[2..]);
    random.fill(&mut bytes[6..]);
    let value = u128::from_be_bytes(bytes);
    (0..26)
        .rev()
        .map(|i| CROCKFORD[((value >> (i * 5)) & 31) as usize] as char)
        .collect()
}

/// A WhatsApp message id in the form WhatsApp Web uses: `3EB0` and 18 upper-case hex digits.
pub fn whatsapp_id(random: &dyn Random) -> String {
    let mut bytes = [0u8; 9];
    random.fill(&mut bytes);
    let mut id = String::from("3EB0");
    for b in bytes {
        id.push_str(&format!("{b:02X}"));
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{ManualClock, SeqRandom};

    #[test]
    fn ids_have_their_shapes_and_sort_by_time() {
        let clock = ManualClock::new(1_700_000_000_000);
        let random = SeqRandom::new(7);
        let a = message_id(&clock, &random);
        clock.set(1_700_000_000_001);
        let b = message_id(&clock, &random);
        assert_eq!(a.len(), 26);
        assert!(a < b, "{a} < {b}");
        let wa = whatsapp_id(&random);
        assert_eq!(wa.len(), 22);
        assert!(wa.starts_with("3EB0"));
        assert!(
            wa.bytes()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_lowercase())
        );
        assert_ne!(wa, whatsapp_id(&random));
    }
}
