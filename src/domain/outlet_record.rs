//! An outlet as the audit trail, revision snapshots and imports keep it:
//! the API's outlet in WGS-84 (`opening` is `null`: hours are kept apart).
//! Below the API, so the CLI's import and the API's writes store the same
//! thing; a test in `api/outlets` holds it equal to the API's outlet.

use serde_json::{json, Value};

use super::calendar::instant::china_time;
use super::outlet::Outlet;
use super::point::round_degrees;

/// The outlet's record, as JSON.
pub fn outlet_record(o: &Outlet) -> Value {
    json!({
        "id": o.id,
        "name": o.name,
        "name_en": o.name_en,
        "kind": o.kind,
        "tier": o.tier,
        "region_code": o.region_code,
        "parent_id": o.parent_id,
        "address": o.address,
        "location": {
            "lng": round_degrees(o.location.lng()),
            "lat": round_degrees(o.location.lat()),
        },
        "phones": o.phones,
        "email": o.email,
        "website": o.website,
        "status": o.status,
        "status_note": o.status_note,
        "note": o.note,
        "verified_at": o.verified_at.map(china_time),
        "created_at": china_time(o.created_at),
        "updated_at": china_time(o.updated_at),
        "version": o.version,
        "opening": null,
    })
}
