//! HTTP API: handlers per resource, one route list that also yields the OpenAPI document.

pub mod agencies;
pub mod audit;
pub mod catalogue;
pub mod changes;
pub mod coverage;
mod error_responses;
pub mod exchange;
mod extended_schemas;
pub mod health;
pub mod hsds;
pub mod http;
pub mod keys;
pub mod knowledge;
pub mod metrics;
pub mod open311;
pub mod outlets;
pub mod outreach;
pub mod plans;
pub mod programmes;
mod query_strings;
pub mod ready;
pub mod regions;
pub mod scorecards;
pub mod tickets;
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
nearest-outlet and jurisdiction (属地) lookups; the catalogue of service matters (服务事项) with \
their procedures and time limits, and the official working-day calendar; and the hotline \
(热线, 一线通答), whose tickets are referred to the competent outlet and answered within \
statutory working-day limits.\n\n\
**The hotline.** Citizens log tickets without a key (`POST /api/v1/tickets`) and get a \
tracking number and a status token, with which they follow the case \
(`GET /api/v1/tickets/status`) and supply information an outlet asks for \
(`POST /api/v1/tickets/status/supplement`). Each ticket is referred at once by jurisdiction \
and the competence matrix (`GET /api/v1/hotline/rules`); its clocks (acceptance, objection, \
handling, callback) run on the official calendar; overdue tickets are escalated (督办). \
Outlets' case systems can receive signed webhooks; civic apps can use Open311 GeoReport v2.\n\n\
**Keys and roles.** Reads of the directory, catalogue and calendar are public. Everything \
else needs `Authorization: Bearer <key>`. Keys are created on the server with \
`ipr-service keys create --role admin|operator|outlet_staff|auditor|open311_client|commissioner|envoy` (the key \
is printed once; only its hash is stored); admins make operator, outlet, Open311, commissioner and envoy keys \
through `POST /api/v1/keys`, and only a key's holder rotates it. \
`operator`: the hotline desk (all queues and actions, reporters' data in full, every view \
logged). `outlet_staff`: the tickets of one outlet and those under it. `auditor`: the admin \
audit trail, the personal-data access log and statistics (auditors only). `open311_client`: an app's server submitting requests. \
`commissioner` and `envoy` (服务专员, 特派员): their own assignments, visits and archive. \
`admin`: the directory, catalogue, rules, keys and webhooks.\n\n\
**Conventions.** Positions: `coord_sys=wgs84|gcj02|bd09` (default `wgs84`) in both \
directions; Chinese map SDKs send GCJ-02. Timestamps in answers: RFC 3339 in China Standard \
Time with whole seconds (`2026-12-02T09:30:00+08:00`). Updates carry the `ETag` of the last \
GET as `If-Match` (428 without, 412 when stale); reads answer an `ETag` and a 304 to a \
matching `If-None-Match`. Lists page with `next_cursor`.\n\n\
**Errors** are RFC 9457 `application/problem+json` with a stable `code` and the offending \
`field`: 400 for a query or body that cannot be parsed (unknown parameters included), 401 \
without a valid key, 403 for another role's operation, 404, 409 for a state that does not \
allow the change (the message says what can be done instead), 422 for an invalid field, 429 \
with `Retry-After`. `Accept-Language: en` or `zh` picks the language of messages (default zh). \
No text may contain the NUL character (U+0000): a parameter holding one is a 400, a body \
field a 422, a file's cell a 422 naming its row, each naming the field.\n\n\
The seeded Jinzhong network is a **demonstration** modelled on the Jinzhong plan \
(晋中市知识产权公共服务体系建设实施方案): real institution and park names, approximate \
positions, no phone numbers.",
        license(name = "MIT OR Apache-2.0", identifier = "MIT OR Apache-2.0"),
        contact(name = "ipr-service maintainers", url = "https://github.com/ipr-service/ipr-service")
    ),
    tags(
        (name = "meta", description = "Service health"),
        (name = "regions", description = "Administrative regions (行政区划) and jurisdiction lookups"),
        (name = "outlets", description = "Service outlets (服务网点), nearest search and opening hours"),
        (name = "matters", description = "Service matters (服务事项): procedures, materials and time limits"),
        (name = "tickets", description = "Hotline tickets (工单): intake, referral, clocks, actions"),
        (name = "keys", description = "API keys: made by admins (hotline, outlet and Open311 keys) or on the server (admin and auditor keys), rotated by their holders"),
        (name = "audit", description = "The admin audit trail and the personal-data access log, for auditors only"),
        (name = "calendar", description = "Official working-day calendar (法定节假日与调休) and due dates"),
        (name = "open311", description = "Open311 GeoReport v2 for existing civic apps: categories as services, tickets as requests, JSON or XML"),
        (name = "hsds", description = "Open Referral HSDS 3.0 (public): outlets as organizations and locations, matters offered at outlets as services, hours as schedules; paged JSON, NDJSON, or a Tabular Data Package"),
        (name = "knowledge", description = "The knowledge base (一线通答): answers searched in Chinese with the service matters, written by the hotline desk"),
        (name = "programmes", description = "Programmes on the network: service commissioners (服务专员) and special envoys (特派员), service targets, assignments per cycle, visits and their rules, service archives and evaluations; people are seen only by the programme office and themselves, the public sees counts per region"),
        (name = "agencies", description = "The register of IP service agencies (知识产权服务机构) with public credit information: evaluations and grades, list entries, penalties, each with its source; complaints about an agency are tickets of category agency_misconduct"),
        (name = "outreach", description = "Outreach campaigns (知识产权服务万里行): events with outcomes, the outcome summary per city and province, per-city rules, and public feeds (nearest, JSON-LD, iCalendar)"),
        (name = "evaluation", description = "Outlet evaluation (网点综合评价): supply, use and quality per outlet for a period, weighted scores, the ranking within each region, and roll-ups per region and tier"),
        (name = "plans", description = "Annual work plans (年度工作计划): tasks with lead and supporting units, quarterly milestones, progress and overdue milestones"),
        (name = "exchange", description = "Spreadsheet import and export of regions, outlets, service matters and opening hours"),
        (name = "webhooks", description = "Signed webhooks to outlets' case systems: subscriptions, delivery log, redelivery"),
    ),
    modifiers(&BearerAuth),
    components(schemas(
        crate::error::Problem,
        crate::domain::coords::CoordSys,
        crate::domain::ticket::TicketState,
        crate::hotline::outbox::WebhookPayload,
        crate::api::open311::format::Open311Error
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
        .service(ready::ready)
        .service(metrics::metrics)
        .service(
            scope::scope("/open311/v2")
                .service(open311::read::list_services)
                .service(open311::read::service_definition)
                .service(open311::submit::create_request)
                .service(open311::read::list_requests)
                .service(open311::read::get_request)
                .service(open311::read::get_token),
        )
        .service(
            scope::scope("/hsds/v3")
                .service(hsds::hsds_about)
                .service(hsds::resources::hsds_services)
                .service(hsds::resources::hsds_service)
                .service(hsds::resources::hsds_organizations)
                .service(hsds::resources::hsds_organization)
                .service(hsds::resources::hsds_locations)
                .service(hsds::resources::hsds_location)
                .service(hsds::resources::hsds_service_at_locations)
                .service(hsds::resources::hsds_service_at_location)
                .service(hsds::package::hsds_datapackage),
        )
        .service(
            scope::scope("/api/v1")
                // The outlets first: routes are tried in order, and each
                // templated path before the busiest ones costs a regex match.
                .service(outlets::read::list::list_outlets)
                .service(outlets::read::nearest::nearest_outlets)
                .service(outlets::read::one::get_outlet)
                .service(outlets::write::create_outlet)
                .service(outlets::write::update_outlet)
                .service(outlets::write::close_outlet)
                .service(outlets::write::outlet_history)
                .service(regions::read::list_regions)
                .service(regions::jurisdiction::locate)
                .service(regions::read::get_region)
                .service(regions::read::region_children)
                .service(outreach::feeds::region_events_ics)
                .service(regions::boundary::get_boundary)
                .service(regions::boundary::put_boundary)
                .service(regions::boundaries::import_boundaries)
                .service(regions::boundaries::boundaries_report)
                .service(coverage::read::get_coverage)
                .service(changes::feed::changes)
                .service(knowledge::search::search)
                .service(knowledge::review::entries_due_for_review)
                .service(knowledge::entries::get_entry)
                .service(knowledge::entries::create_entry)
                .service(knowledge::entries::replace_entry)
                .service(programmes::summary::programme_summary)
                .service(programmes::region_sets::list_region_sets)
                .service(programmes::region_sets::put_region_set)
                .service(programmes::people::list_people)
                .service(programmes::people::create_person)
                .service(programmes::people::get_person)
                .service(programmes::people::replace_person)
                .service(programmes::archive::person_archive)
                .service(programmes::archive::evaluate_person)
                .service(programmes::archive::list_evaluations)
                .service(programmes::handovers::person_handovers)
                .service(programmes::handovers::hand_over)
                .service(programmes::targets::list_targets)
                .service(programmes::targets::create_target)
                .service(programmes::targets::get_target)
                .service(programmes::assignments::list_assignments)
                .service(programmes::assignments::create_assignment)
                .service(programmes::assignments::end_assignment)
                .service(programmes::visits::log_visit)
                .service(programmes::visits::list_visits)
                .service(programmes::visits::close_follow_up)
                .service(programmes::compliance::commissioner_compliance)
                .service(programmes::compliance::envoy_compliance)
                .service(agencies::read::list_agencies)
                .service(agencies::read::nearest_agencies)
                .service(agencies::write::create_agency)
                .service(agencies::read::get_agency)
                .service(agencies::write::replace_agency)
                .service(agencies::write::add_record)
                .service(agencies::write::replace_record)
                .service(outreach::campaigns::create_campaign)
                .service(outreach::campaigns::list_campaigns)
                .service(outreach::campaigns::get_campaign)
                .service(outreach::summary::campaign_summary)
                .service(outreach::summary::campaign_compliance)
                .service(outreach::feeds::nearest_events)
                .service(outreach::events::create_event)
                .service(outreach::events::get_event)
                .service(outreach::events::replace_event)
                .service(outreach::events::record_outcome)
                .service(plans::read::list_plans)
                .service(plans::write::create_plan)
                .service(plans::read::get_plan)
                .service(plans::overdue::overdue_milestones)
                .service(plans::write::record_progress)
                .service(exchange::export::export_dataset)
                .service(exchange::import::import_dataset)
                .service(catalogue::matters::outlet_matters)
                .service(catalogue::hours::get_hours)
                .service(catalogue::hours::put_hours)
                .service(catalogue::matters::list_matters)
                .service(catalogue::matters::get_matter)
                .service(catalogue::matters::matter_due_date)
                .service(catalogue::matter_put::put_matter)
                .service(catalogue::calendar::due_date::due_date)
                .service(catalogue::calendar::read::get_year)
                .service(catalogue::calendar::publish::put_year)
                .service(tickets::public::ticket_status)
                .service(tickets::public::supplement_information)
                .service(tickets::intake::create_ticket)
                .service(tickets::queue::list_tickets)
                .service(tickets::view::get_ticket)
                .service(tickets::actions::ticket_action)
                .service(tickets::stats::ticket_stats)
                .service(scorecards::list::list_scorecards)
                .service(scorecards::rollup::scorecard_rollups)
                .service(scorecards::outlet::get_scorecard)
                .service(catalogue::hotline_rules::get_rules)
                .service(catalogue::hotline_rules::put_rules)
                .service(keys::list::list_keys)
                .service(keys::create::create_key)
                .service(keys::revoke::revoke_key)
                .service(keys::rotate::rotate_key)
                .service(audit::pii_access::pii_access)
                .service(audit::events::audit_events)
                .service(webhooks::subscriptions::create_subscription)
                .service(webhooks::subscriptions::list_subscriptions)
                .service(webhooks::subscriptions::get_subscription)
                .service(webhooks::subscriptions::delete_subscription)
                .service(webhooks::deliveries::list_deliveries)
                .service(webhooks::deliveries::redeliver),
        );
}

/// The OpenAPI document of the routes the server serves.
pub fn openapi() -> OpenApiDoc {
    let mut doc = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(configure)
        .split_for_parts()
        .1;
    error_responses::add(&mut doc);
    extended_schemas::open_extended(&mut doc);
    outlets::fields_schema::document(&mut doc);
    query_strings::bounded(&mut doc);
    doc
}

/// The document as committed in `openapi/openapi.json`.
pub fn openapi_json() -> String {
    openapi()
        .to_pretty_json()
        .expect("the OpenAPI document serializes")
        + "\n"
}
