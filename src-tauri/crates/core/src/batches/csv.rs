//! A recipients list from a CSV file (read by `crate::csv`, as spreadsheets save them): one
//! column holds the number; every other column becomes a variable named by its header.

use std::collections::BTreeMap;

use super::request::BatchRecipient;
use crate::{Error, Result};

/// The recipients in `bytes`, the number read from the column headed `number_column`
/// (case and surrounding spaces ignored). Rows keep the file's order (row 0 is the first
/// after the header), so errors point at the line a person sees minus two.
pub fn recipients(bytes: &[u8], number_column: &str) -> Result<Vec<BatchRecipient>> {
    let (header, rows) = crate::csv::table(bytes)?;
    let wanted = number_column.trim();
    let number_at = header
        .iter()
        .position(|h| h.eq_ignore_ascii_case(wanted))
        .ok_or_else(|| {
            Error::invalid(format!(
                "the CSV file has no column {wanted:?}; its columns are {}",
                header.join(", ")
            ))
        })?;
    Ok(rows
        .into_iter()
        .map(|(_, row)| {
            let mut variables = BTreeMap::new();
            let mut to = String::new();
            for (i, value) in row.into_iter().enumerate() {
                if i == number_at {
                    to = value;
                } else if let Some(name) = header.get(i).filter(|h| !h.is_empty()) {
                    variables.insert(name.clone(), value.trim().to_owned());
                }
            }
            BatchRecipient { to, variables }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semicolons_bom_quotes_and_crlf() {
        let file = "\u{feff}Nombre;Teléfono;Monto\r\n\"Pérez; Ana\";71234567;\"1,50\"\r\n\r\nLuis;+591 7000-0001;2\r\n";
        let r = recipients(file.as_bytes(), "teléfono").unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].to, "71234567");
        assert_eq!(r[0].variables["Nombre"], "Pérez; Ana");
        assert_eq!(r[0].variables["Monto"], "1,50");
        assert_eq!(r[1].to, "+591 7000-0001");
    }

    #[test]
    fn commas_and_a_quote_inside_a_field() {
        let r = recipients(b"number,nota\n70000001,\"dijo \"\"hola\"\"\"", "number").unwrap();
        assert_eq!(r[0].variables["nota"], "dijo \"hola\"");
    }

    #[test]
    fn clear_errors() {
        assert!(
            recipients(b"a,b\n1,2", "number")
                .unwrap_err()
                .message
                .contains("a, b")
        );
        assert!(recipients(&[0xff, 0xfe], "number").is_err());
        assert!(recipients(b"number\n\"7000", "number").is_err());
    }
}
