//! The HTTP ceiling for a payload: the same bytes served by a trivial
//! actix-web handler with the server's worker count, so that nearest's
//! throughput can be compared with what HTTP alone allows for its answer.
//!
//! This binary counts allocations (for the index bench), which costs the
//! ceiling handler a little too: the ceiling measured here is, if anything,
//! lower than a plain build's.

use std::path::Path;

use actix_web::{web, App, HttpResponse, HttpServer};

/// Serves the file's bytes as `application/json` on every path until killed.
pub fn run(port: u16, body: &Path, workers: usize) -> anyhow::Result<()> {
    let bytes = web::Bytes::from(std::fs::read(body)?);
    println!(
        "ceiling: {} bytes on 127.0.0.1:{port}, {workers} workers",
        bytes.len()
    );
    actix_web::rt::System::new().block_on(async move {
        HttpServer::new(move || {
            let bytes = bytes.clone();
            App::new().default_service(web::to(move || {
                let bytes = bytes.clone();
                async move {
                    HttpResponse::Ok()
                        .content_type("application/json")
                        .body(bytes)
                }
            }))
        })
        .workers(workers)
        .bind(("127.0.0.1", port))?
        .run()
        .await
    })?;
    Ok(())
}
