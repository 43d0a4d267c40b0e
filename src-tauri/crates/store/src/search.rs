//! Turning what a person types in the log's search box into a safe FTS5 query.

/// Each word becomes a quoted prefix term (`"factu"*`), all of them required. Quoting keeps
/// FTS5 syntax (`AND`, `-`, `:` …) typed by a user from ever being parsed as an operator.
/// Returns None when nothing searchable is left.
pub fn fts_query(input: &str) -> Option<String> {
    let terms: Vec<String> = input
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(16)
        .map(|w| format!("\"{w}\"*"))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

#[cfg(test)]
mod tests {
    use super::fts_query;

    #[test]
    fn words_become_quoted_prefixes() {
        assert_eq!(
            fts_query("factura 001").as_deref(),
            Some("\"factura\"* \"001\"*")
        );
        assert_eq!(fts_query("  Limón!").as_deref(), Some("\"Limón\"*"));
    }

    #[test]
    fn operators_and_quotes_are_neutralised() {
        assert_eq!(
            fts_query("a\" OR b").as_deref(),
            Some("\"a\"* \"OR\"* \"b\"*")
        );
        assert_eq!(
            fts_query("body:x -y").as_deref(),
            Some("\"body\"* \"x\"* \"y\"*")
        );
        assert_eq!(fts_query(" \"*()- "), None);
    }
}
