//! Text length bounds as clients read them from the OpenAPI document.

use std::ops::RangeInclusive;

use utoipa::openapi::schema::{Array, ArrayBuilder, ObjectBuilder, Type};

/// Whether `text` fits `chars`: the lower bound counts the characters
/// without surrounding blanks (a blank text is no text), the upper bound
/// counts them as sent, as JSON Schema's `maxLength` does, so padding
/// never buys room past the documented length.
pub fn within(text: &str, chars: RangeInclusive<usize>) -> bool {
    text.trim().chars().count() >= *chars.start() && text.chars().count() <= *chars.end()
}

/// The schema of a list of at most `max_items` texts of 1 to `max_length`
/// characters each (what a `Vec<String>` field's own schema cannot say).
pub fn text_list(max_items: usize, max_length: usize, description: &str) -> Array {
    let item = ObjectBuilder::new()
        .schema_type(Type::String)
        .min_length(Some(1))
        .max_length(Some(max_length));
    ArrayBuilder::new()
        .items(item)
        .max_items(Some(max_items))
        .description(Some(description))
        .build()
}

/// The schema of a list of codes or ids matching `pattern`, at most
/// `max_items` of them when the list is bounded.
pub fn code_list(max_items: Option<usize>, pattern: &str, description: &str) -> Array {
    let item = ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(pattern));
    ArrayBuilder::new()
        .items(item)
        .max_items(max_items)
        .description(Some(description))
        .build()
}

/// A matter's code in the catalogue.
pub const MATTER_CODE: &str = "^[a-z0-9_]{2,64}$";

/// An id the server made (a UUID, or a prefix and a UUID) or an outlet id
/// given in an import: what every stored id matches.
pub const ID: &str = "^[A-Za-z0-9_-]{1,64}$";

/// A region's code: six digits, or a park's (`140703P01`).
pub const REGION_CODE: &str = "^[0-9]{6}(P[0-9]{2})?$";

#[cfg(test)]
mod tests {
    use super::within;

    #[test]
    fn blanks_count_against_the_maximum_only() {
        assert!(within("商标", 2..=2));
        assert!(
            !within(" 商标", 2..=2),
            "padding is counted towards the maximum"
        );
        assert!(!within("  ", 1..=5), "a blank text is empty");
        assert!(within(" 商 ", 1..=3));
    }
}
