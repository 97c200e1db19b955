//! The error answers every operation can give, added to the OpenAPI document.
//!
//! Handlers document the errors of their own logic (404 for a missing
//! resource, 409, 412, 428…). The errors that come from the shared layers
//! (the query and body extractors, the key check, the role guard) are the same
//! for every operation that uses those layers, so they are added here from
//! what the operation declares: its parameters, its body and its security.

use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::{
    ComponentsBuilder, ContentBuilder, OpenApi as OpenApiDoc, Ref, RefOr, ResponseBuilder,
};

/// A shared error answer: status, component name and what it says.
struct Shared {
    status: &'static str,
    name: &'static str,
    description: &'static str,
}

const BAD_REQUEST: Shared = Shared {
    status: "400",
    name: "BadRequest",
    description: "`bad_request`: a query or path parameter is unknown, missing or malformed, or \
the body is not valid JSON; `field` names it",
};
const UNAUTHENTICATED: Shared = Shared {
    status: "401",
    name: "Unauthenticated",
    description: "`unauthenticated`: the operation needs a key, or the `Authorization` header \
carries a key that is not valid (also on public operations)",
};
const FORBIDDEN: Shared = Shared {
    status: "403",
    name: "Forbidden",
    description: "`forbidden` or `denied`: the key's role may not do this, or not to this resource",
};
const NOT_FOUND: Shared = Shared {
    status: "404",
    name: "NotFound",
    description: "`not_found`: nothing has the identifier in the path",
};
const PAYLOAD_TOO_LARGE: Shared = Shared {
    status: "413",
    name: "PayloadTooLarge",
    description: "`payload_too_large`: the body is larger than the operation takes",
};
const UNSUPPORTED_MEDIA_TYPE: Shared = Shared {
    status: "415",
    name: "UnsupportedMediaType",
    description: "`unsupported_media_type`: the body is not of the media type the operation takes",
};
const INVALID: Shared = Shared {
    status: "422",
    name: "InvalidField",
    description: "`invalid_field`: the body parsed but a value is not acceptable; `field` names it",
};

const ALL: [&Shared; 7] = [
    &BAD_REQUEST,
    &UNAUTHENTICATED,
    &FORBIDDEN,
    &NOT_FOUND,
    &PAYLOAD_TOO_LARGE,
    &UNSUPPORTED_MEDIA_TYPE,
    &INVALID,
];

/// Operations outside the key check and the extractors: probes and metrics.
const PROBES: [&str; 3] = ["/health", "/ready", "/metrics"];

/// Adds the shared error answers to the components and to every operation.
pub fn add(doc: &mut OpenApiDoc) {
    let mut components = doc.components.take().unwrap_or_default();
    let built = ALL
        .iter()
        .fold(ComponentsBuilder::from(components), |c, s| {
            c.response(s.name, problem_response(s.description))
        });
    components = built.build();
    doc.components = Some(components);
    for (path, item) in doc.paths.paths.iter_mut() {
        if PROBES.contains(&path.as_str()) {
            continue;
        }
        let open311 = path.starts_with("/open311/");
        for operation in operations_mut(item) {
            if open311 {
                add_open311_format(operation);
            } else {
                add_to_operation(operation);
            }
        }
    }
}

fn problem_response(description: &str) -> utoipa::openapi::Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            crate::error::PROBLEM_JSON,
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Problem")))
                .build(),
        )
        .build()
}

fn add_to_operation(operation: &mut Operation) {
    let has_path_parameter = operation
        .parameters
        .iter()
        .flatten()
        .any(|p| matches!(p.parameter_in, ParameterIn::Path));
    let secured = operation.security.as_ref().is_some_and(|s| !s.is_empty());
    let has_body = operation.request_body.is_some();
    let mut wanted = vec![&BAD_REQUEST, &UNAUTHENTICATED];
    if secured {
        wanted.push(&FORBIDDEN);
    }
    if has_path_parameter {
        wanted.push(&NOT_FOUND);
    }
    if has_body {
        wanted.extend([&PAYLOAD_TOO_LARGE, &UNSUPPORTED_MEDIA_TYPE, &INVALID]);
    }
    let responses = &mut operation.responses.responses;
    for shared in wanted {
        responses
            .entry(shared.status.to_owned())
            .or_insert_with(|| {
                RefOr::Ref(Ref::new(format!("#/components/responses/{}", shared.name)))
            });
    }
}

/// Open311 answers its own error list; every path ends in a format, and any
/// other than `.json` or `.xml` is a 404.
fn add_open311_format(operation: &mut Operation) {
    let errors = utoipa::openapi::schema::ArrayBuilder::new()
        .items(Ref::from_schema_name("Open311Error"))
        .build();
    let not_found = ResponseBuilder::new()
        .description("The format is neither `json` nor `xml`, or nothing has the identifier")
        .content(
            "application/json",
            ContentBuilder::new().schema(Some(errors)).build(),
        )
        .build();
    operation
        .responses
        .responses
        .entry("404".to_owned())
        .or_insert(RefOr::T(not_found));
}

/// The operations of a path, to change each.
pub(crate) fn operations_mut(
    item: &mut utoipa::openapi::path::PathItem,
) -> impl Iterator<Item = &mut Operation> {
    [
        &mut item.get,
        &mut item.put,
        &mut item.post,
        &mut item.delete,
        &mut item.patch,
    ]
    .into_iter()
    .flatten()
}
