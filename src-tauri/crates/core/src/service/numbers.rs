//! Reading numbers without asking WhatsApp: what the recipient field and a pasted list show
//! while the cashier types, by the country in effect, and the countries there are.

use mostrador_types::{Country, ParsedNumber, SendLimits};

use super::Service;
use crate::{Error, Result, media, phone};

/// The most inputs one call reads: a broadcast list's worth.
pub const MAX_PARSE: usize = 10_000;

impl Service {
    /// Each input read as a recipient with the default country in effect now.
    pub fn parse_numbers(&self, inputs: &[String]) -> Result<Vec<ParsedNumber>> {
        if inputs.is_empty() || inputs.len() > MAX_PARSE {
            return Err(Error::invalid(format!(
                "send between 1 and {MAX_PARSE} numbers"
            )));
        }
        let country = self.country();
        Ok(inputs.iter().map(|i| phone::parse(i, country)).collect())
    }

    /// The countries the default-country setting may take.
    pub fn countries(&self) -> Vec<Country> {
        phone::countries()
    }

    /// What a send may carry (sizes, text lengths, file types).
    pub fn limits(&self) -> SendLimits {
        media::published(&self.config.limits)
    }
}
