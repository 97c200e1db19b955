//! Answers that extend a request body's schema.
//!
//! A body type refuses unknown members (`additionalProperties: false`), and
//! the answer built on it adds `id`, `version` and the like through
//! `allOf`. Each part of an `allOf` is checked on its own, so the strict part
//! would refuse the answer's own added members. The answer's `allOf` gets its
//! own copy of the body schema that does not close the object; the body keeps
//! the strict one.

use utoipa::openapi::schema::{AdditionalProperties, ArrayItems, Schema};
use utoipa::openapi::{OpenApi as OpenApiDoc, RefOr};

/// Replaces, in every `allOf`, a reference to a closed object schema by an open copy.
pub fn open_extended(doc: &mut OpenApiDoc) {
    let Some(components) = doc.components.as_mut() else {
        return;
    };
    let closed: Vec<(String, Schema)> = components
        .schemas
        .iter()
        .filter_map(|(name, schema)| match schema {
            RefOr::T(Schema::Object(object))
                if matches!(
                    object.additional_properties.as_deref(),
                    Some(AdditionalProperties::FreeForm(false))
                ) =>
            {
                let mut open = object.clone();
                open.additional_properties = None;
                Some((name.clone(), Schema::Object(open)))
            }
            _ => None,
        })
        .collect();
    for schema in components.schemas.values_mut() {
        open_in(schema, &closed);
    }
}

/// Walks a schema; in each `allOf`, references to closed schemas become open copies.
fn open_in(schema: &mut RefOr<Schema>, closed: &[(String, Schema)]) {
    let RefOr::T(schema) = schema else {
        return;
    };
    match schema {
        Schema::AllOf(all_of) => {
            for part in all_of.items.iter_mut() {
                if let RefOr::Ref(reference) = part {
                    let target = reference
                        .ref_location
                        .rsplit('/')
                        .next()
                        .unwrap_or_default();
                    if let Some((_, open)) = closed.iter().find(|(name, _)| name == target) {
                        *part = RefOr::T(open.clone());
                    }
                }
                open_in(part, closed);
            }
        }
        Schema::OneOf(one_of) => one_of.items.iter_mut().for_each(|s| open_in(s, closed)),
        Schema::AnyOf(any_of) => any_of.items.iter_mut().for_each(|s| open_in(s, closed)),
        Schema::Object(object) => object
            .properties
            .values_mut()
            .for_each(|s| open_in(s, closed)),
        Schema::Array(array) => {
            if let ArrayItems::RefOrSchema(items) = &mut array.items {
                open_in(items, closed);
            }
        }
        _ => {}
    }
}
