//! Web pages for citizens and hotline operators, served by the binary from
//! assets embedded in it (no CDN, no build step): the finder (`/`), an
//! outlet's page, filing and following a ticket, and the operator console
//! (`/console`). Their Content-Security-Policy allows `'self'` only: map
//! tiles come through this server ([`map::tile`]).

pub mod assets;
pub mod map;
pub mod pages;

use actix_web::web;

/// Registers the pages, their assets and the map's helpers.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(pages::finder))
        .route("/outlet", web::get().to(pages::outlet))
        .route("/file", web::get().to(pages::file))
        .route("/status", web::get().to(pages::status))
        .route("/console", web::get().to(pages::console))
        .route("/assets/{name}", web::get().to(assets::asset))
        .route("/map/tiles/{z}/{x}/{y}", web::get().to(map::tile))
        .route("/map/directions/{id}", web::get().to(map::directions))
        .route("/map/convert", web::get().to(map::convert));
}

/// Whether a path is one of the pages or their assets (they get the pages'
/// Content-Security-Policy instead of the API's).
pub fn is_page(path: &str) -> bool {
    matches!(path, "/" | "/outlet" | "/file" | "/status" | "/console")
        || path.starts_with("/assets/")
        || path.starts_with("/map/")
}
