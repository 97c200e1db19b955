//! `fields=`: sparse outlet answers for apps that draw a marker layer and
//! need a few members, not the whole record (e.g.
//! `fields=id,name,location,distance_m`).

use actix_web::{HttpRequest, HttpResponse};
use serde_json::{Map, Value};

use crate::api::http::dto::Page;
use crate::api::http::params::{wants_geojson, GEO_JSON};
use crate::api::outlets::dto::OutletDto;
use crate::api::outlets::geojson::OutletFeatureCollection;
use crate::error::AppError;
use crate::i18n::Text;

/// The members of an outlet answer, in [`OutletDto`]'s order.
pub const MEMBERS: [&str; 21] = [
    "id",
    "name",
    "name_en",
    "kind",
    "tier",
    "region_code",
    "parent_id",
    "address",
    "location",
    "phones",
    "email",
    "website",
    "status",
    "status_note",
    "note",
    "verified_at",
    "created_at",
    "updated_at",
    "version",
    "opening",
    "distance_m",
];

/// The members asked for.
#[derive(Debug, Clone)]
pub struct Fields(Vec<&'static str>);

/// Parses `fields`: member names separated by commas, each known (and
/// `distance_m` only on nearest answers).
pub fn parse(value: Option<&str>, nearest: bool) -> Result<Option<Fields>, AppError> {
    let Some(value) = value else {
        return Ok(None);
    };
    let mut wanted = Vec::new();
    for name in value.split(',').map(str::trim) {
        let known = (MEMBERS.iter())
            .find(|m| **m == name)
            .filter(|m| nearest || **m != "distance_m");
        let Some(member) = known else {
            return Err(AppError::bad_request(
                "fields",
                Text::new(
                    format!("未知字段 `{name}`，可选：{}", MEMBERS.join(",")),
                    format!("unknown member `{name}`; one of {}", MEMBERS.join(",")),
                ),
            ));
        };
        if !wanted.contains(member) {
            wanted.push(*member);
        }
    }
    Ok(Some(Fields(wanted)))
}

impl Fields {
    /// The members asked for, in the order asked.
    pub fn members(&self) -> &[&'static str] {
        &self.0
    }

    /// Only the members asked for of a serialized outlet.
    pub(crate) fn keep(&self, value: Value) -> Value {
        let Value::Object(mut all) = value else {
            return value;
        };
        let kept: Map<String, Value> = (self.0.iter())
            .filter_map(|m| all.remove_entry(*m))
            .collect();
        Value::Object(kept)
    }
}

/// A page of outlets with only the members asked for: in each item, or in
/// each GeoJSON feature's `properties` (its geometry stays).
pub fn sparse_page(
    req: &HttpRequest,
    items: Vec<OutletDto>,
    next_cursor: Option<String>,
    fields: &Fields,
) -> HttpResponse {
    if wants_geojson(req) {
        let mut collection = serde_json::to_value(OutletFeatureCollection::new(items, next_cursor))
            .expect("features serialize");
        if let Some(features) = collection["features"].as_array_mut() {
            for f in features {
                f["properties"] = fields.keep(f["properties"].take());
            }
        }
        return HttpResponse::Ok().content_type(GEO_JSON).json(collection);
    }
    let items: Vec<Value> = (items.into_iter())
        .map(|o| fields.keep(serde_json::to_value(o).expect("outlets serialize")))
        .collect();
    HttpResponse::Ok().json(Page { items, next_cursor })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_are_those_of_the_dto_in_its_order() {
        let o = crate::api::outlets::json::tests::outlet("a", 2);
        let mut dto = OutletDto::new(&o, crate::domain::coords::CoordSys::Wgs84);
        dto.distance_m = Some(1.0);
        let value = serde_json::to_value(dto).unwrap();
        let keys: Vec<&str> = value
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, MEMBERS);
    }

    #[test]
    fn unknown_members_and_distance_on_lists_are_refused() {
        assert!(parse(Some("id,colour"), true).is_err());
        assert!(parse(Some("id,distance_m"), false).is_err());
        let f = parse(Some("id,name,id"), false).unwrap().unwrap();
        assert_eq!(f.0, ["id", "name"]);
    }
}
