//! What a profile's name and colour may be.

use crate::{Code, Error, Result};

/// Long enough for "Sucursal Centro — entregas", short enough for a header switcher.
pub const NAME_MAX: usize = 40;

/// The name as kept: trimmed, 1–40 characters, no control characters.
pub fn name(raw: &str) -> Result<String> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(Error::invalid("a number's name cannot be empty"));
    }
    if name.chars().count() > NAME_MAX {
        return Err(Error::invalid(format!(
            "a number's name has at most {NAME_MAX} characters"
        )));
    }
    if name.chars().any(char::is_control) {
        return Err(Error::invalid(
            "a number's name cannot contain line breaks or control characters",
        ));
    }
    Ok(name.to_owned())
}

/// `#rrggbb` (kept lower-case), or empty for none.
pub fn color(raw: &str) -> Result<String> {
    let c = raw.trim();
    let hex = c.strip_prefix('#').unwrap_or("x");
    if c.is_empty() || (hex.len() == 6 && hex.chars().all(|ch| ch.is_ascii_hexdigit())) {
        return Ok(c.to_ascii_lowercase());
    }
    Err(Error::new(
        Code::ValidationError,
        format!("a colour is written #rrggbb (like #2e7d32), not {c:?}"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(name("  Entregas ").unwrap(), "Entregas");
        assert!(name("   ").is_err());
        assert!(name(&"a".repeat(NAME_MAX + 1)).is_err());
        assert!(name(&"ñ".repeat(NAME_MAX)).is_ok());
        assert!(name("a\nb").is_err());
    }

    #[test]
    fn colours_are_hex_or_nothing() {
        assert_eq!(color("#2E7D32").unwrap(), "#2e7d32");
        assert_eq!(color("").unwrap(), "");
        for bad in ["2e7d32", "#2e7d3", "#2e7d3g", "red"] {
            assert!(color(bad).is_err(), "{bad}");
        }
    }
}
