//! Schemas of query parameters and fields that a plain Rust type does not describe.

use utoipa::openapi::schema::{
    AnyOfBuilder, Array, ArrayBuilder, KnownFormat, ObjectBuilder, Schema, SchemaFormat, Type,
};
use utoipa::openapi::RefOr;

/// A date (`2026-12-01`) or an RFC 3339 date-time.
pub fn date_or_date_time() -> RefOr<Schema> {
    let string = |format| {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(format)))
            .build()
    };
    AnyOfBuilder::new()
        .item(string(KnownFormat::Date))
        .item(string(KnownFormat::DateTime))
        .into()
}

/// A comma-separated list of one or more of `values`, without spaces.
pub fn comma_list(values: &[&str]) -> RefOr<Schema> {
    let one = values.join("|");
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(format!("^({one})(,({one}))*$")))
        .into()
}

/// A list of at most `max_items` strings of 1 to `max_length` characters each.
pub fn string_list(max_items: usize, max_length: usize, description: &str) -> Array {
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
