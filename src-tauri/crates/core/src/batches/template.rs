//! A batch's text or caption with `{variable}` placeholders, filled in per recipient. `{{`
//! writes `{` and `}}` writes `}`; a lone `}` is itself.

use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Literal(String),
    Variable(String),
}

/// A parsed text: literal pieces and variables, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Template(Vec<Piece>);

impl Template {
    /// Reads `text`; an opening brace with no closing one (or an empty name) is an error
    /// that says where, so the shop fixes the template once, not every row.
    pub fn parse(text: &str) -> Result<Template, String> {
        let mut pieces = Vec::new();
        let mut literal = String::new();
        let mut chars = text.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            match c {
                '{' if chars.peek().map(|p| p.1) == Some('{') => {
                    chars.next();
                    literal.push('{');
                }
                '}' if chars.peek().map(|p| p.1) == Some('}') => {
                    chars.next();
                    literal.push('}');
                }
                '{' => {
                    let mut name = String::new();
                    let mut closed = false;
                    for (_, n) in chars.by_ref() {
                        if n == '}' {
                            closed = true;
                            break;
                        }
                        if n == '{' {
                            break;
                        }
                        name.push(n);
                    }
                    let name = name.trim();
                    if !closed || name.is_empty() {
                        let position = text[..at].chars().count() + 1;
                        return Err(format!(
                            "the brace at character {position} opens no {{variable}}; write {{{{ for a brace"
                        ));
                    }
                    if !literal.is_empty() {
                        pieces.push(Piece::Literal(std::mem::take(&mut literal)));
                    }
                    pieces.push(Piece::Variable(name.to_owned()));
                }
                c => literal.push(c),
            }
        }
        if !literal.is_empty() {
            pieces.push(Piece::Literal(literal));
        }
        Ok(Template(pieces))
    }

    /// The variables it uses, in order of first use.
    pub fn variables(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for p in &self.0 {
            if let Piece::Variable(v) = p
                && !out.contains(&v.as_str())
            {
                out.push(v);
            }
        }
        out
    }

    /// The text for one recipient, or the first variable it lacks. Names match exactly,
    /// else ignoring case (`{nombre}` reads a `Nombre` column).
    pub fn render(&self, vars: &BTreeMap<String, String>) -> Result<String, String> {
        let mut out = String::new();
        for p in &self.0 {
            match p {
                Piece::Literal(s) => out.push_str(s),
                Piece::Variable(name) => {
                    let value = vars.get(name).or_else(|| {
                        vars.iter()
                            .find(|(k, _)| k.trim().eq_ignore_ascii_case(name))
                            .map(|(_, v)| v)
                    });
                    match value {
                        Some(v) => out.push_str(v),
                        None => return Err(name.clone()),
                    }
                }
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn fills_variables_and_writes_escaped_braces() {
        let t = Template::parse("Hola {nombre}, {{promo}} 2x1 {monto}}} }").unwrap();
        assert_eq!(t.variables(), ["nombre", "monto"]);
        let out = t
            .render(&vars(&[("Nombre", "Ana"), ("monto", "Bs 50")]))
            .unwrap();
        assert_eq!(out, "Hola Ana, {promo} 2x1 Bs 50} }");
    }

    #[test]
    fn a_missing_variable_is_named() {
        let t = Template::parse("Hola { nombre }").unwrap();
        assert_eq!(t.render(&vars(&[])), Err("nombre".into()));
    }

    #[test]
    fn an_unclosed_brace_says_where() {
        let e = Template::parse("Hola {nombre").unwrap_err();
        assert!(e.contains("character 6"), "{e}");
        assert!(Template::parse("a {} b").is_err());
        assert!(Template::parse("a {x{y} b").is_err());
    }
}
