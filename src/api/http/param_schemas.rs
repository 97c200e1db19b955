//! Schemas of query parameters that a plain Rust type does not describe.

use utoipa::openapi::schema::{
    AnyOfBuilder, KnownFormat, ObjectBuilder, Schema, SchemaFormat, Type,
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
