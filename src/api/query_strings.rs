//! Query and path parameters in the OpenAPI document say what length the
//! server takes.
//!
//! The query extractor refuses `name=` with a 400 naming the parameter
//! (leave a parameter out instead of sending it empty), so every free string
//! parameter carries `minLength: 1`. Enums, formats and patterns already
//! exclude the empty string. The API's layers refuse a value of more than
//! [`MAX_PARAMETER_CHARS`] characters, so every string parameter without an
//! enum or a tighter limit carries that `maxLength`. Open311 reads its own
//! parameters, as GeoReport v2 clients send them (empty ones included), and
//! states its own limits.

use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::schema::{Schema, SchemaType, Type};
use utoipa::openapi::{OpenApi as OpenApiDoc, RefOr};

use crate::api::http::parameter_text::MAX_PARAMETER_CHARS;

/// Sets `minLength: 1` on every free string query or path parameter, and
/// `maxLength` on every string one without an enum or a tighter limit.
pub fn bounded(doc: &mut OpenApiDoc) {
    for (path, item) in doc.paths.paths.iter_mut() {
        if path.starts_with("/open311/") {
            continue;
        }
        for operation in super::error_responses::operations_mut(item) {
            mark(operation);
        }
    }
}

fn mark(operation: &mut Operation) {
    for parameter in operation.parameters.iter_mut().flatten() {
        if !matches!(
            parameter.parameter_in,
            ParameterIn::Query | ParameterIn::Path
        ) {
            continue;
        }
        let Some(RefOr::T(Schema::Object(object))) = parameter.schema.as_mut() else {
            continue;
        };
        let is_string = match &object.schema_type {
            SchemaType::Type(t) => *t == Type::String,
            SchemaType::Array(types) => types.contains(&Type::String),
            SchemaType::AnyValue => false,
        };
        let constrained = object.min_length.is_some()
            || object.enum_values.is_some()
            || object.format.is_some()
            || object.pattern.is_some();
        if is_string && !constrained {
            object.min_length = Some(1);
        }
        if is_string && object.enum_values.is_none() && object.max_length.is_none() {
            object.max_length = Some(MAX_PARAMETER_CHARS);
        }
    }
}
