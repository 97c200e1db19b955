//! `fields=`: sparse outlet answers for apps that draw a marker layer and
//! need a few members, not the whole record (e.g.
//! `fields=id,name,location,distance_m`).

use actix_web::{HttpRequest, HttpResponse};
use serde_json::{Map, Value};
use strum::IntoEnumIterator;

use crate::api::http::dto::Page;
use crate::api::http::params::{wants_geojson, GEO_JSON};
use crate::api::outlets::dto::OutletDto;
use crate::api::outlets::geojson::OutletFeatureCollection;
use crate::error::AppError;
use crate::i18n::Text;

/// A member of an outlet answer, in [`OutletDto`]'s order (named as in JSON).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, strum::EnumString, strum::IntoStaticStr, strum::EnumIter,
)]
#[strum(serialize_all = "snake_case")]
pub enum Member {
    Id,
    Name,
    NameEn,
    Kind,
    Tier,
    RegionCode,
    ParentId,
    Address,
    Location,
    Phones,
    Email,
    Website,
    Status,
    StatusNote,
    Note,
    VerifiedAt,
    CreatedAt,
    UpdatedAt,
    Version,
    Opening,
    DistanceM,
}

impl Member {
    /// The member's name in the answer.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// Every member's name, in order, separated by commas.
pub fn all_members() -> String {
    let names: Vec<&str> = Member::iter().map(Member::as_str).collect();
    names.join(",")
}

/// The members asked for.
#[derive(Debug, Clone)]
pub struct Fields(Vec<Member>);

/// Parses `fields`: member names separated by commas, each known (and
/// `distance_m` only on nearest answers).
pub fn parse(value: Option<&str>, nearest: bool) -> Result<Option<Fields>, AppError> {
    let Some(value) = value else {
        return Ok(None);
    };
    let mut wanted = Vec::new();
    for name in value.split(',').map(str::trim) {
        let known = (name.parse::<Member>().ok()).filter(|m| nearest || *m != Member::DistanceM);
        let Some(member) = known else {
            let all = all_members();
            return Err(AppError::bad_request(
                "fields",
                Text::new(
                    format!("未知字段 `{name}`，可选：{all}"),
                    format!("unknown member `{name}`; one of {all}"),
                ),
            ));
        };
        if !wanted.contains(&member) {
            wanted.push(member);
        }
    }
    Ok(Some(Fields(wanted)))
}

impl Fields {
    /// The members asked for, in the order asked.
    pub fn members(&self) -> &[Member] {
        &self.0
    }

    /// Only the members asked for of a serialized outlet.
    pub(crate) fn keep(&self, value: Value) -> Value {
        let Value::Object(mut all) = value else {
            return value;
        };
        let kept: Map<String, Value> = (self.0.iter())
            .filter_map(|m| all.remove_entry(m.as_str()))
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
        assert_eq!(keys, all_members().split(',').collect::<Vec<_>>());
    }

    #[test]
    fn unknown_members_and_distance_on_lists_are_refused() {
        assert!(parse(Some("id,colour"), true).is_err());
        assert!(parse(Some("id,distance_m"), false).is_err());
        let f = parse(Some("id,name,id"), false).unwrap().unwrap();
        assert_eq!(f.0, [Member::Id, Member::Name]);
    }
}
