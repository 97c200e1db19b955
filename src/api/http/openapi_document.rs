//! `/openapi.json`, serialized once. Swagger UI's own handler kept a copy of
//! the document per worker and serialized it on every request; the copies
//! were a quarter of an idle server's heap (26 MB with two workers).

use actix_web::http::header::ContentType;
use actix_web::{web, HttpResponse};
use utoipa::openapi::OpenApi as OpenApiDoc;

/// The OpenAPI document as JSON, shared by every worker.
#[derive(Debug, Clone)]
pub struct OpenApiDocument(web::Bytes);

impl OpenApiDocument {
    /// Serializes `doc`.
    pub fn new(doc: &OpenApiDoc) -> anyhow::Result<Self> {
        Ok(Self(serde_json::to_vec(doc)?.into()))
    }
}

/// Serves the document.
pub async fn serve_openapi(doc: web::Data<OpenApiDocument>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(ContentType::json())
        .body(doc.0.clone())
}
