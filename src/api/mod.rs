//! HTTP API: handlers per resource, one route list that also yields the OpenAPI document.

pub mod audit;
pub mod auth;
pub mod calendar;
pub mod disclosure;
pub mod dto;
pub mod etag;
pub mod extract;
pub mod fallback;
pub mod geojson;
pub mod guard;
pub mod headers;
pub mod health;
pub mod hotline_rules;
pub mod hours;
pub mod jurisdiction;
pub mod keys;
pub mod matters;
pub mod open311;
pub mod open311_dto;
pub mod open311_format;
pub mod open311_input;
pub mod open311_services;
pub mod open311_submit;
pub mod open311_view;
pub mod outlet_input;
pub mod outlet_json;
pub mod outlets;
pub mod outlets_write;
pub mod params;
pub mod regions;
pub mod stats;
pub mod ticket_actions;
pub mod ticket_dto;
pub mod ticket_history_dto;
pub mod ticket_input;
pub mod ticket_queue;
pub mod tickets;
pub mod webhook_deliveries;
pub mod webhook_dto;
pub mod webhooks;

use actix_web::App;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::openapi::OpenApi as OpenApiDoc;
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::service_config::ServiceConfig;
use utoipa_actix_web::{scope, AppExt};

/// Base document: info, tags and security schemes; paths come from [`configure`].
#[derive(OpenApi)]
#[openapi(
    info(
        title = "ipr-service",
        description = "REST API of China's public intellectual-property service network \
(知识产权公共服务网络): the city / county / park directory of service outlets with \
nearest-outlet and jurisdiction lookups.\n\nCoordinates: every endpoint that takes or returns \
positions accepts `coord_sys=wgs84|gcj02|bd09` (default `wgs84`); Chinese map SDKs send GCJ-02.\n\n\
Errors are RFC 9457 `application/problem+json`; `Accept-Language: en` or `zh` picks the language \
of messages (default zh).\n\nThe seeded Jinzhong network is a **demonstration** modelled on the \
Jinzhong plan (晋中市知识产权公共服务体系建设实施方案): real institution and park names, \
approximate positions.",
        license(name = "MIT OR Apache-2.0", identifier = "MIT OR Apache-2.0"),
        contact(name = "ipr-service maintainers", url = "https://github.com/ipr-service/ipr-service")
    ),
    tags(
        (name = "meta", description = "Service health"),
        (name = "regions", description = "Administrative regions (行政区划) and jurisdiction lookups"),
        (name = "outlets", description = "Service outlets (服务网点), nearest search and opening hours"),
        (name = "matters", description = "Service matters (服务事项): procedures, materials and time limits"),
        (name = "tickets", description = "Hotline tickets (工单): intake, referral, clocks, actions"),
        (name = "keys", description = "API keys and the personal-data access log"),
        (name = "calendar", description = "Official working-day calendar (法定节假日与调休) and due dates"),
        (name = "open311", description = "Open311 GeoReport v2 for existing civic apps: categories as services, tickets as requests, JSON or XML"),
        (name = "webhooks", description = "Signed webhooks to outlets' case systems: subscriptions, delivery log, redelivery"),
    ),
    modifiers(&BearerAuth),
    components(schemas(
        crate::error::Problem,
        crate::domain::coords::CoordSys,
        crate::domain::ticket::TicketState,
        crate::hotline::outbox::WebhookPayload,
        crate::api::open311_format::Open311Error
    ))
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut OpenApiDoc) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let mut scheme = Http::new(HttpAuthScheme::Bearer);
        scheme.description = Some("API key created with `ipr-service keys create`".into());
        components.add_security_scheme("api_key", SecurityScheme::Http(scheme));
    }
}

/// Registers every documented route.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(health::health)
        .service(
            scope::scope("/open311/v2")
                .service(open311::list_services)
                .service(open311::service_definition)
                .service(open311_submit::create_request)
                .service(open311::list_requests)
                .service(open311::get_request)
                .service(open311::get_token),
        )
        .service(
            scope::scope("/api/v1")
                .service(regions::list_regions)
                .service(jurisdiction::locate)
                .service(regions::get_region)
                .service(regions::region_children)
                .service(jurisdiction::get_boundary)
                .service(jurisdiction::put_boundary)
                .service(outlets::list_outlets)
                .service(outlets::nearest_outlets)
                .service(outlets::get_outlet)
                .service(outlets_write::create_outlet)
                .service(outlets_write::update_outlet)
                .service(outlets_write::close_outlet)
                .service(outlets_write::outlet_history)
                .service(matters::outlet_matters)
                .service(hours::get_hours)
                .service(hours::put_hours)
                .service(matters::list_matters)
                .service(matters::get_matter)
                .service(matters::matter_due_date)
                .service(matters::put_matter)
                .service(calendar::due_date)
                .service(calendar::get_year)
                .service(calendar::put_year)
                .service(tickets::ticket_status)
                .service(tickets::create_ticket)
                .service(ticket_queue::list_tickets)
                .service(ticket_queue::get_ticket)
                .service(ticket_actions::ticket_action)
                .service(stats::ticket_stats)
                .service(hotline_rules::get_rules)
                .service(hotline_rules::put_rules)
                .service(keys::list_keys)
                .service(keys::create_key)
                .service(keys::revoke_key)
                .service(keys::rotate_key)
                .service(audit::pii_access)
                .service(webhooks::create_subscription)
                .service(webhooks::list_subscriptions)
                .service(webhooks::get_subscription)
                .service(webhooks::delete_subscription)
                .service(webhook_deliveries::list_deliveries)
                .service(webhook_deliveries::redeliver),
        );
}

/// The OpenAPI document of the routes the server serves.
pub fn openapi() -> OpenApiDoc {
    App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(configure)
        .split_for_parts()
        .1
}

/// The document as committed in `openapi/openapi.json`.
pub fn openapi_json() -> String {
    openapi()
        .to_pretty_json()
        .expect("the OpenAPI document serializes")
        + "\n"
}
