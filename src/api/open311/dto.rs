//! Open311 GeoReport v2 resources: services (ticket categories), their
//! attribute definitions, and service requests (tickets).

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// A service: one ticket category.
#[derive(Debug, Serialize, ToSchema)]
pub struct Open311Service {
    /// The category, e.g. `trademark`.
    #[schema(example = "trademark")]
    pub service_code: String,
    /// Its name in the `Accept-Language` language.
    #[schema(example = "商标")]
    pub service_name: String,
    /// What it covers.
    pub description: String,
    /// Always `true`: the `kind` attribute is required.
    pub metadata: bool,
    /// Always `realtime`: the request id is returned at once.
    #[serde(rename = "type")]
    pub service_type: String,
    /// Comma-separated search words, Chinese and English.
    pub keywords: String,
    /// The group of categories.
    pub group: String,
}

/// A value of a list attribute.
#[derive(Debug, Serialize, ToSchema)]
pub struct Open311Value {
    /// What to send.
    pub key: String,
    /// What to show.
    pub name: String,
}

/// An attribute of the intake form, sent as `attribute[code]`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Open311Attribute {
    /// Always `true`: the client asks the user for it.
    pub variable: bool,
    /// Sent as `attribute[<code>]`.
    pub code: String,
    /// `string` or `singlevaluelist`.
    pub datatype: String,
    /// Whether it must be sent.
    pub required: bool,
    /// Format hints.
    pub datatype_description: Option<String>,
    /// Display order.
    pub order: u32,
    /// The question to ask.
    pub description: String,
    /// The allowed values of a list.
    pub values: Vec<Open311Value>,
}

/// The attributes of a service.
#[derive(Debug, Serialize, ToSchema)]
pub struct Open311ServiceDefinition {
    /// The service.
    #[schema(example = "trademark")]
    pub service_code: String,
    /// Its attributes.
    pub attributes: Vec<Open311Attribute>,
}

/// A service request (ticket) as Open311 shows it. Complaints and reports
/// are confidential (举报人保密), so the text, position and reporter are never
/// shown here; `address` is the region concerned.
#[derive(Debug, Serialize, ToSchema)]
pub struct Open311Request {
    /// The tracking number.
    #[schema(example = "20261202-000001")]
    pub service_request_id: String,
    /// `open` or `closed`.
    pub status: String,
    /// The state in words, and the close reason once closed.
    pub status_notes: String,
    /// The category's name.
    #[schema(example = "商标")]
    pub service_name: String,
    /// The category.
    #[schema(example = "trademark")]
    pub service_code: String,
    /// Withheld (always `null`).
    pub description: Option<String>,
    /// The outlet handling it.
    pub agency_responsible: Option<String>,
    /// The reply, once given.
    pub service_notice: Option<String>,
    /// When it was received.
    pub requested_datetime: String,
    /// When it last changed.
    pub updated_datetime: String,
    /// When the handling limit runs out (end of its last working day, China
    /// time); before the outlet accepts, the latest it can be (accepted on the
    /// acceptance limit's last day). `null` when no limit applies.
    pub expected_datetime: Option<String>,
    /// True when `expected_datetime` was counted on a provisional calendar
    /// (a year whose holiday arrangement is not published yet).
    pub expected_datetime_provisional: bool,
    /// The region concerned, e.g. 「山西省 晋中市 平遥县」.
    pub address: Option<String>,
    /// Withheld (always `null`).
    pub lat: Option<f64>,
    /// Withheld (always `null`).
    pub long: Option<f64>,
}

/// The answer to a new request.
#[derive(Debug, Serialize, ToSchema)]
pub struct Open311Created {
    /// The tracking number.
    #[schema(example = "20261202-000001")]
    pub service_request_id: String,
    /// Secret token for `tokens/{token}` and `/api/v1/tickets/status`.
    #[schema(example = "4a4d7a54fd8c4bbb6a08073eedcf8e0d1792ea258c3326aa")]
    pub token: String,
    /// What happens next.
    pub service_notice: String,
    /// Not used.
    pub account_id: Option<String>,
}

/// A token resolved.
#[derive(Debug, Serialize, ToSchema)]
pub struct Open311Token {
    /// The tracking number.
    #[schema(example = "20261202-000001")]
    pub service_request_id: String,
    /// The token asked about.
    #[schema(example = "4a4d7a54fd8c4bbb6a08073eedcf8e0d1792ea258c3326aa")]
    pub token: String,
}

/// Filters of `GET requests`. Without `service_request_id`, the last 90 days
/// (or `start_date` to `end_date`), at most 1,000 requests, newest first.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct Open311Query {
    /// Comma-separated tracking numbers; the other filters are then ignored.
    #[param(max_length = 500)]
    pub service_request_id: Option<String>,
    /// Comma-separated service codes.
    #[param(max_length = 500)]
    pub service_code: Option<String>,
    /// Received at or after (W3C date-time with offset).
    #[param(format = DateTime)]
    pub start_date: Option<String>,
    /// Received before (W3C date-time with offset).
    #[param(format = DateTime)]
    pub end_date: Option<String>,
    /// `open` or `closed` (comma-separated for both).
    #[param(max_length = 500, pattern = "^ *(open|closed) *(, *(open|closed) *)*$")]
    pub status: Option<String>,
    /// Accepted and ignored: this server serves one jurisdiction.
    #[param(max_length = 500)]
    pub jurisdiction_id: Option<String>,
    /// A client key: also lists the requests it filed (reports included).
    /// Without a key only requests filed through Open311 are listed, never reports.
    #[param(pattern = "^ipr_[0-9a-f]{64}$")]
    pub api_key: Option<String>,
}

/// The form of `POST requests` (`application/x-www-form-urlencoded`).
#[derive(Debug, Serialize, ToSchema)]
pub struct Open311RequestForm {
    /// The client's key; or send it as `Authorization: Bearer` (one of the
    /// two is required).
    #[schema(pattern = "^ipr_[0-9a-f]{64}$")]
    pub api_key: Option<String>,
    /// A service code from `services`.
    #[schema(value_type = crate::domain::ticket::TicketCategory, example = "trademark")]
    pub service_code: String,
    /// What happened, 1 to 5000 characters (with `address_string`, which is
    /// kept with it).
    #[schema(max_length = 5000)]
    pub description: String,
    /// Latitude (in `attribute[coord_sys]`, default WGS-84).
    pub lat: Option<f64>,
    /// Longitude.
    pub long: Option<f64>,
    /// A written address (kept with the description; not geocoded).
    #[schema(max_length = 500)]
    pub address_string: Option<String>,
    /// Reporter's email.
    #[schema(max_length = 254)]
    pub email: Option<String>,
    /// Reporter's phone.
    #[schema(max_length = 30)]
    pub phone: Option<String>,
    /// Reporter's given name.
    #[schema(max_length = 50)]
    pub first_name: Option<String>,
    /// Reporter's family name.
    #[schema(max_length = 50)]
    pub last_name: Option<String>,
    /// A photo or document link (http or https).
    #[schema(max_length = 500)]
    pub media_url: Option<String>,
    /// The `kind` attribute, e.g. `complaint`; without it the service's
    /// default kind.
    #[serde(rename = "attribute[kind]")]
    #[schema(value_type = Option<crate::domain::ticket::TicketKind>)]
    pub attribute_kind: Option<String>,
    /// Optional: `attribute[subject]`, `attribute[region_code]`, `attribute[anonymous]`, `attribute[coord_sys]`.
    #[serde(rename = "attribute[region_code]")]
    #[schema(pattern = "^[0-9]{6}(P[0-9]{2})?$")]
    pub attribute_region_code: Option<String>,
}
