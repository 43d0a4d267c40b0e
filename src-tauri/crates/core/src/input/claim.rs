//! A claim as the POS or the cashier asks for it: the message as `POST /messages` takes it,
//! with `claim` (the ticket's code) where `to` would be.

use serde::{Deserialize, Deserializer};
use utoipa::ToSchema;

use super::SendRequest;

#[derive(Debug, ToSchema)]
pub struct ClaimRequest {
    /// The code printed on the ticket: 3 to 24 letters, digits or dashes. Left out, the
    /// service makes one up (`T-` and five letters or digits, none easily misread).
    #[schema(example = "V-1042")]
    pub claim: Option<String>,
    /// The message: any kind `/messages` takes, without `to` (e.g. `{"text": …}` or a
    /// document with its `media`).
    #[schema(value_type = Object)]
    pub message: SendRequest,
}

impl<'de> Deserialize<'de> for ClaimRequest {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let mut value = serde_json::Value::deserialize(d)?;
        let fields = value
            .as_object_mut()
            .ok_or_else(|| D::Error::custom("the request must be an object"))?;
        if fields.contains_key("to") {
            return Err(D::Error::custom(
                "a claim takes no `to`: the customer who writes the code gets it",
            ));
        }
        let claim = match fields.remove("claim") {
            Some(serde_json::Value::String(c)) => Some(c),
            None | Some(serde_json::Value::Null) => None,
            Some(_) => return Err(D::Error::custom("claim: the ticket's code, as text")),
        };
        fields.insert("to".into(), serde_json::Value::String(String::new()));
        let message = SendRequest::deserialize(value).map_err(D::Error::custom)?;
        Ok(ClaimRequest { claim, message })
    }
}
