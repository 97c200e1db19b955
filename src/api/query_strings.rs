//! Query parameters in the OpenAPI document say that none may be empty.
//!
//! The query extractor refuses `name=` with a 400 naming the parameter
//! (leave a parameter out instead of sending it empty), so every free string
//! parameter carries `minLength: 1`. Enums, formats and patterns already
//! exclude the empty string. Open311 reads its own parameters, as GeoReport v2
//! clients send them (empty ones included), and is left as it is.

use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::schema::{Schema, SchemaType, Type};
use utoipa::openapi::{OpenApi as OpenApiDoc, RefOr};

/// Sets `minLength: 1` on every free string query or path parameter.
pub fn never_empty(doc: &mut OpenApiDoc) {
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
    }
}
