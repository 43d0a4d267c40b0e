//! Turning what a person types in the log's search box into a safe, fast FTS5 query.

/// The longest prefix the index keeps (`prefix='2 … 8'` in the schema). Longer prefix
/// queries make FTS5 merge every matching doclist: 25 ms instead of 0.2 ms at 1M messages.
const MAX_PREFIX: usize = 8;

/// Each word is required, and matches as a prefix (`fact` finds factura) so results follow
/// the cashier's typing. Words longer than the prefix index are cut to it — `cotizacio`
/// searches `cotizaci*` — except numbers, which match whole: `59171234567` must not find
/// `59171234568`. One-letter words are ignored. Quoting every term keeps FTS5 syntax typed
/// by a user (`AND`, `-`, `:` …) from being parsed as an operator.
/// Returns None when nothing searchable is left.
pub fn fts_query(input: &str) -> Option<String> {
    let terms: Vec<String> = input
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() > 1)
        .take(16)
        .map(|w| {
            if w.chars().count() <= MAX_PREFIX {
                format!("\"{w}\"*")
            } else if w.chars().all(|c| c.is_ascii_digit()) {
                format!("\"{w}\"")
            } else {
                format!("\"{}\"*", w.chars().take(MAX_PREFIX).collect::<String>())
            }
        })
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

#[cfg(test)]
mod tests {
    use super::fts_query;

    fn q(s: &str) -> Option<String> {
        fts_query(s)
    }

    #[test]
    fn words_become_quoted_prefixes() {
        assert_eq!(q("factura 001").as_deref(), Some(r#""factura"* "001"*"#));
        assert_eq!(q("  Limón!").as_deref(), Some(r#""Limón"*"#));
        assert_eq!(q("a de").as_deref(), Some(r#""de"*"#));
    }

    #[test]
    fn long_words_are_cut_to_the_prefix_index_and_numbers_match_whole() {
        assert_eq!(q("cotización").as_deref(), Some(r#""cotizaci"*"#));
        assert_eq!(q("59171234567").as_deref(), Some(r#""59171234567""#));
        assert_eq!(q("71234567").as_deref(), Some(r#""71234567"*"#));
    }

    #[test]
    fn operators_and_quotes_are_neutralised() {
        assert_eq!(q(r#"ab" OR cd"#).as_deref(), Some(r#""ab"* "OR"* "cd"*"#));
        assert_eq!(q("body:xx -yy").as_deref(), Some(r#""body"* "xx"* "yy"*"#));
        assert_eq!(q(r#" "*()- "#), None);
    }
}
