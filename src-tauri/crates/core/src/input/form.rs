//! A send request given as form fields (the API's multipart/form-data): each field's text is
//! read as the JSON document's field of that name would be, so a form and a JSON body meet
//! the same rules.

use serde_json::{Map, Value};

use super::send::SendRequest;
use crate::{Error, Result};

/// The text fields of a form, gathered one at a time as they arrive.
#[derive(Debug, Default)]
pub struct Form {
    fields: Map<String, Value>,
    options: Vec<String>,
}

impl Form {
    /// Adds the field `name`: numbers and yes/no fields are read as such, and `options` (or
    /// `options[]`) may repeat, one poll option each.
    pub fn add(&mut self, name: &str, text: String) -> Result<()> {
        let value = match name {
            "latitude" | "longitude" => Value::from(
                text.trim()
                    .parse::<f64>()
                    .map_err(|_| Error::invalid(format!("{name} must be a number")))?,
            ),
            "voice_note" | "multiple_choice" => Value::Bool(
                parse_bool(&text)
                    .ok_or_else(|| Error::invalid(format!("{name} must be true or false")))?,
            ),
            "options" | "options[]" => {
                self.options.push(text);
                return Ok(());
            }
            "type" => Value::String(text.trim().to_owned()),
            _ => Value::String(text),
        };
        self.fields.insert(name.to_owned(), value);
        Ok(())
    }

    /// The request the fields make, checked as a JSON body would be (unknown fields refused).
    pub fn finish(self) -> Result<SendRequest> {
        let mut fields = self.fields;
        if !self.options.is_empty() {
            fields.insert("options".into(), Value::from(self.options));
        }
        serde_json::from_value(Value::Object(fields)).map_err(|e| Error::invalid(e.to_string()))
    }
}

fn parse_bool(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "on" | "yes" => Some(true),
        "false" | "0" | "off" | "no" | "" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Code;

    #[test]
    fn fields_read_as_the_json_document_would() {
        let mut form = Form::default();
        for (name, text) in [
            ("to", "70000001"),
            ("type", " poll "),
            ("question", "¿Qué día?"),
            ("options[]", "lunes"),
            ("options", "martes"),
            ("multiple_choice", "yes"),
        ] {
            form.add(name, text.into()).unwrap();
        }
        let r = form.finish().unwrap();
        assert_eq!(r.kind, Some(mostrador_types::Kind::Poll));
        assert_eq!(r.options.unwrap(), ["lunes", "martes"]);
        assert_eq!(r.multiple_choice, Some(true));
        let mut form = Form::default();
        assert_eq!(
            form.add("latitude", "north".into()).unwrap_err().code,
            Code::ValidationError
        );
        form.add("colour", "red".into()).unwrap();
        assert_eq!(form.finish().unwrap_err().code, Code::ValidationError);
    }
}
