//! A recipients list from a CSV file as spreadsheets save it: UTF-8 with or without BOM,
//! `,` or `;` between fields (Latin American locales use `;`), quoted fields with `""`.
//! One column holds the number; every other column becomes a variable named by its header.

use std::collections::BTreeMap;

use super::request::BatchRecipient;
use crate::{Error, Result};

/// The recipients in `bytes`, the number read from the column headed `number_column`
/// (case and surrounding spaces ignored). Rows keep the file's order (row 0 is the first
/// after the header), so errors point at the line a person sees minus two.
pub fn recipients(bytes: &[u8], number_column: &str) -> Result<Vec<BatchRecipient>> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| Error::invalid(format!("the CSV file is not UTF-8 text: {e}")))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = if first_line.matches(';').count() > first_line.matches(',').count() {
        ';'
    } else {
        ','
    };
    let mut rows = parse(text, delimiter)?.into_iter();
    let header = rows
        .next()
        .ok_or_else(|| Error::invalid("the CSV file is empty"))?;
    let header: Vec<String> = header.into_iter().map(|h| h.trim().to_owned()).collect();
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
        .filter(|r| r.iter().any(|f| !f.trim().is_empty()))
        .map(|row| {
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

/// Rows of fields; quotes may hold delimiters, line breaks and `""`.
fn parse(text: &str, delimiter: char) -> Result<Vec<Vec<String>>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.trim().is_empty() => {
                field.clear();
                quoted = true;
            }
            c if c == delimiter => row.push(std::mem::take(&mut field)),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            c => field.push(c),
        }
    }
    if quoted {
        return Err(Error::invalid("the CSV file ends inside a quoted field"));
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    Ok(rows)
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
