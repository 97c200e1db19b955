//! How `fields=` answers are described in the OpenAPI document.
//!
//! With `fields=` an outlet carries only the members asked for, so the full
//! record's required members may be missing. The outlet list and nearest
//! answer either the full page or the sparse one (`anyOf`), and the sparse
//! schemas are copies of the full ones whose outlets require no member.

use utoipa::openapi::path::Operation;
use utoipa::openapi::schema::{AnyOfBuilder, ArrayItems, Schema};
use utoipa::openapi::{OpenApi as OpenApiDoc, Ref, RefOr};

/// The full schemas and the names of their sparse copies.
const COPIES: [(&str, &str); 4] = [
    ("OutletDto", "OutletFields"),
    ("Page_OutletDto", "Page_OutletFields"),
    ("OutletFeature", "OutletFieldsFeature"),
    ("OutletFeatureCollection", "OutletFieldsFeatureCollection"),
];

/// The operations that take `fields=`.
const PATHS: [&str; 2] = ["/api/v1/outlets", "/api/v1/outlets/nearest"];

/// Adds the sparse schemas and lets both outlet lists answer them.
pub fn document(doc: &mut OpenApiDoc) {
    let Some(components) = doc.components.as_mut() else {
        return;
    };
    for (full, sparse) in COPIES {
        let Some(RefOr::T(Schema::Object(object))) = components.schemas.get(full) else {
            continue;
        };
        let mut copy = object.clone();
        // Only the outlet's own members become optional; pages and features keep theirs.
        if full == "OutletDto" {
            copy.required.clear();
        }
        copy.description = Some(format!(
            "{} With `fields=`, only the members asked for.",
            copy.description.unwrap_or_default()
        ));
        for property in copy.properties.values_mut() {
            point_at_sparse(property);
        }
        components
            .schemas
            .insert(sparse.to_owned(), RefOr::T(Schema::Object(copy)));
    }
    for path in PATHS {
        if let Some(operation) = doc.paths.paths.get_mut(path).and_then(|i| i.get.as_mut()) {
            answer_either(operation);
        }
    }
}

/// Inside a sparse copy, references and inline items use the sparse schemas.
fn point_at_sparse(schema: &mut RefOr<Schema>) {
    match schema {
        RefOr::Ref(reference) => {
            let target = reference
                .ref_location
                .rsplit('/')
                .next()
                .unwrap_or_default();
            if let Some((_, sparse)) = COPIES.iter().find(|(full, _)| *full == target) {
                *reference = Ref::from_schema_name(*sparse);
            }
        }
        RefOr::T(Schema::Array(array)) => {
            if let ArrayItems::RefOrSchema(items) = &mut array.items {
                point_at_sparse(items);
            }
        }
        RefOr::T(Schema::Object(object)) => object.required.clear(),
        RefOr::T(_) => {}
    }
}

/// The 200 answer's JSON and GeoJSON bodies become "full or sparse".
fn answer_either(operation: &mut Operation) {
    let Some(RefOr::T(ok)) = operation.responses.responses.get_mut("200") else {
        return;
    };
    for content in ok.content.values_mut() {
        let Some(RefOr::Ref(full)) = content.schema.as_ref() else {
            continue;
        };
        let target = full.ref_location.rsplit('/').next().unwrap_or_default();
        let Some((_, sparse)) = COPIES.iter().find(|(f, _)| *f == target) else {
            continue;
        };
        let either = AnyOfBuilder::new()
            .item(full.clone())
            .item(Ref::from_schema_name(*sparse))
            .build();
        content.schema = Some(RefOr::T(Schema::AnyOf(either)));
    }
}
