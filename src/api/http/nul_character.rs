//! The NUL character (U+0000) in any text the API takes. PostgreSQL cannot
//! store or compare it in `text` (each such request was a 500 there), so it
//! is refused on both backends, before the handler, naming the field: query
//! and path parameters with their other checks (`parameter_text`), JSON
//! bodies where the extractor parses them, Open311 forms and imported files
//! where they are read.

use serde_json::Value;

use crate::i18n::Text;

/// Why a text with a NUL character is refused.
pub fn reason() -> Text {
    Text::new(
        "不能包含空字符（U+0000）",
        "must not contain the NUL character (U+0000)",
    )
}

/// The path (`a.b[2].c`) of the first string or member name in a JSON body
/// that holds a NUL character. Only a body with the escape `\u0000` in it
/// can, so other bodies are not parsed twice.
pub fn nul_in_json(body: &[u8]) -> Option<String> {
    if !body.windows(6).any(|w| w == b"\\u0000") {
        return None;
    }
    let value: Value = serde_json::from_slice(body).ok()?;
    nul_at(&value, String::new())
}

fn nul_at(value: &Value, path: String) -> Option<String> {
    let named = |path: &str| match path {
        "" => "body".to_owned(),
        p => p.to_owned(),
    };
    match value {
        Value::String(s) if s.contains('\0') => Some(named(&path)),
        Value::Array(items) => {
            (items.iter().enumerate()).find_map(|(i, item)| nul_at(item, format!("{path}[{i}]")))
        }
        Value::Object(members) => members.iter().find_map(|(name, member)| {
            let inner = match path.as_str() {
                "" => name.clone(),
                p => format!("{p}.{name}"),
            };
            match name.contains('\0') {
                true => Some(named(&path)),
                false => nul_at(member, inner),
            }
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nul_in_a_json_string_is_named_by_its_path() {
        let body = br#"{"subject":"ok","reporter":{"names":["a","b\u0000c"]}}"#;
        assert_eq!(nul_in_json(body).as_deref(), Some("reporter.names[1]"));
        assert_eq!(nul_in_json(br#"["\u0000"]"#).as_deref(), Some("[0]"));
        assert_eq!(nul_in_json(br#""\u0000""#).as_deref(), Some("body"));
        assert_eq!(nul_in_json(br#"{"a\u0000":1}"#).as_deref(), Some("body"));
        // An escaped backslash followed by the text `u0000` is no NUL.
        assert_eq!(nul_in_json(br#"{"path":"C:\\u0000"}"#), None);
        assert_eq!(nul_in_json(r#"{"subject":"专利咨询"}"#.as_bytes()), None);
    }
}
