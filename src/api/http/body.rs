//! An answer's whole body, for the layers that read it (the ETag's hash,
//! compression).

use actix_web::body::{BoxBody, MessageBody};
use actix_web::web::Bytes;

/// The answer's bytes. A body held whole, as handlers build them, is taken as
/// it is; only a stream is collected. actix's `to_bytes` copies even a whole
/// body into a new buffer: a 7 kB nearest answer was allocated and copied
/// once for its ETag and once more for compression.
pub async fn whole(body: BoxBody) -> Result<Bytes, actix_web::Error> {
    match body.try_into_bytes() {
        Ok(bytes) => Ok(bytes),
        Err(body) => (actix_web::body::to_bytes(body).await)
            .map_err(|e| actix_web::error::ErrorInternalServerError(e.to_string())),
    }
}
