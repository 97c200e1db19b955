//! An event as schema.org `Event` in JSON-LD, for search engines and apps.

use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::outreach::event::Event;

/// A schema.org `GeoCoordinates`.
#[derive(Debug, Serialize, ToSchema)]
pub struct GeoLd {
    /// `GeoCoordinates`.
    #[serde(rename = "@type")]
    pub kind: &'static str,
    /// WGS-84 latitude.
    pub latitude: f64,
    /// WGS-84 longitude.
    pub longitude: f64,
}

/// A schema.org `Place` (or `VirtualLocation` for online events).
#[derive(Debug, Serialize, ToSchema)]
pub struct PlaceLd {
    /// `Place` or `VirtualLocation`.
    #[serde(rename = "@type")]
    pub kind: &'static str,
    /// The venue or platform.
    pub name: String,
    /// The venue's position.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub geo: Option<GeoLd>,
}

/// A schema.org `Organization`.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrganizationLd {
    /// `Organization`.
    #[serde(rename = "@type")]
    pub kind: &'static str,
    /// Its name.
    pub name: String,
    /// The outlet's page, when the organiser is an outlet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A schema.org `Event`.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventLd {
    /// `https://schema.org`.
    #[serde(rename = "@context")]
    #[schema(example = "https://schema.org")]
    pub context: &'static str,
    /// `Event`.
    #[serde(rename = "@type")]
    pub kind: &'static str,
    /// The event's page here.
    #[serde(rename = "@id")]
    pub id: String,
    /// The event id.
    #[schema(example = "ev-0193a1b2c3d47e8f9a0b1c2d3e4f5a6b")]
    pub identifier: String,
    /// Title.
    #[schema(example = "苏州知识产权质押融资银企对接会")]
    pub name: String,
    /// Details.
    pub description: String,
    /// The event type's Chinese label.
    pub keywords: String,
    /// Start, RFC 3339.
    #[serde(rename = "startDate")]
    pub start_date: String,
    /// End, RFC 3339.
    #[serde(rename = "endDate")]
    pub end_date: String,
    /// schema.org `EventStatusType`.
    #[serde(rename = "eventStatus")]
    pub event_status: &'static str,
    /// schema.org `EventAttendanceModeEnumeration`.
    #[serde(rename = "eventAttendanceMode")]
    pub attendance_mode: &'static str,
    /// Where.
    pub location: PlaceLd,
    /// Who organises it.
    pub organizer: OrganizationLd,
    /// Where to register.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// `zh-CN`.
    #[serde(rename = "inLanguage")]
    pub in_language: &'static str,
}

impl EventLd {
    /// An event as JSON-LD; `organiser` is the organiser's name.
    pub fn new(e: &Event, organiser: String) -> Self {
        let d = &e.draft;
        let online = d.attendance_mode == crate::domain::outreach::vocab::AttendanceMode::Online;
        Self {
            context: "https://schema.org",
            kind: "Event",
            id: format!("/api/v1/events/{}", e.id),
            identifier: e.id.clone(),
            name: d.title.clone(),
            description: d.description.clone(),
            keywords: d.event_type.labels().0.into(),
            start_date: d.starts_at.to_rfc3339(),
            end_date: d.ends_at.to_rfc3339(),
            event_status: d.status.schema_org(),
            attendance_mode: d.attendance_mode.schema_org(),
            location: PlaceLd {
                kind: if online { "VirtualLocation" } else { "Place" },
                name: d.place.clone(),
                geo: e.location.map(|p| GeoLd {
                    kind: "GeoCoordinates",
                    latitude: p.lat(),
                    longitude: p.lng(),
                }),
            },
            organizer: OrganizationLd {
                kind: "Organization",
                name: organiser,
                url: d
                    .organiser_outlet_id
                    .as_ref()
                    .map(|o| format!("/api/v1/outlets/{o}")),
            },
            url: d.registration_url.clone(),
            in_language: "zh-CN",
        }
    }
}
