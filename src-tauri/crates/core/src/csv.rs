//! CSV files as spreadsheets save them: UTF-8 with or without BOM, `,` or `;` between fields
//! (Latin American locales use `;`), quoted fields with `""`, line breaks inside quotes. Read
//! into a header and rows, each row with the line it starts on, so errors point at what a
//! person sees in the file.

use crate::{Error, Result};

/// A row's fields, with the line it starts on (the header is line 1).
pub type Row = (u32, Vec<String>);

/// The header (trimmed) and the rows that are not blank.
pub fn table(bytes: &[u8]) -> Result<(Vec<String>, Vec<Row>)> {
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
    let (_, header) = rows
        .next()
        .ok_or_else(|| Error::invalid("the CSV file is empty"))?;
    let header = header.into_iter().map(|h| h.trim().to_owned()).collect();
    let rows = rows
        .filter(|(_, r)| r.iter().any(|f| !f.trim().is_empty()))
        .collect();
    Ok((header, rows))
}

/// Rows of fields with the line each starts on; quotes may hold delimiters, line breaks and
/// `""`.
fn parse(text: &str, delimiter: char) -> Result<Vec<Row>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let (mut line, mut row_line) = (1_u32, 1_u32);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' || (c == '\r' && chars.peek() != Some(&'\n')) {
            line += 1;
        }
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
                rows.push((row_line, std::mem::take(&mut row)));
                row_line = line;
            }
            c => field.push(c),
        }
    }
    if quoted {
        return Err(Error::invalid("the CSV file ends inside a quoted field"));
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push((row_line, row));
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semicolons_bom_quotes_crlf_and_lines() {
        let file = "\u{feff}Nombre;Teléfono\r\n\"Pérez;\r\nAna\";71234567\r\n\r\nLuis;7000\r\n";
        let (header, rows) = table(file.as_bytes()).unwrap();
        assert_eq!(header, ["Nombre", "Teléfono"]);
        assert_eq!(rows.len(), 2);
        assert_eq!(
            rows[0],
            (2, vec!["Pérez;\r\nAna".to_owned(), "71234567".into()])
        );
        assert_eq!(rows[1].0, 5, "after a field over two lines and a blank one");
    }

    #[test]
    fn clear_errors() {
        assert!(table(&[0xff, 0xfe]).is_err());
        assert!(table(b"").is_err());
        assert!(table(b"number\n\"7000").is_err());
    }
}
