//! `GET /coverage`: which counties and parks lack an outlet of a kind, and how
//! far the nearest one is; JSON, CSV (`Accept: text/csv`) or the gaps as
//! GeoJSON points (`Accept: application/geo+json`).

use std::collections::BTreeMap;

use actix_web::http::header;
use actix_web::{get, web, HttpRequest, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

use super::dto::{AreaDto, CoverageDto, GapDto, KindCoverageDto};
use crate::api::http::dto::Location;
use crate::api::http::extract::ValidQuery;
use crate::api::http::params::GEO_JSON;
use crate::directory::coverage::coverage;
use crate::directory::Directory;
use crate::domain::coords::CoordSys;
use crate::domain::vocab::OutletKind;
use crate::error::{AppError, Resource};
use crate::i18n::Text;
use crate::state::AppState;
use strum::IntoEnumIterator;

/// Which region, kinds and distance.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CoverageQuery {
    /// The region whose counties and parks are checked, e.g. `140700`.
    pub region: String,
    /// Comma-separated outlet kinds (default: every kind).
    #[param(schema_with = outlet_kinds)]
    pub kinds: Option<String>,
    /// Distance for the shares, km (default 10; 0.1 to 1,000).
    #[param(minimum = 0.1, maximum = 1000)]
    pub within_km: Option<f64>,
    /// Coordinate system of seats in the answer (default `wgs84`).
    pub coord_sys: Option<CoordSys>,
}

/// The schema of `kinds`: outlet kinds separated by commas.
fn outlet_kinds() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    let names: Vec<&str> = OutletKind::iter().map(|k| k.as_str()).collect();
    crate::api::http::param_schemas::comma_list(&names)
}

fn kinds(text: Option<&str>) -> Result<Vec<OutletKind>, AppError> {
    let Some(text) = text else {
        return Ok(OutletKind::iter().collect());
    };
    text.split(',')
        .map(|k| {
            k.parse::<OutletKind>().map_err(|_| {
                AppError::bad_request(
                    "kinds",
                    Text::new(format!("未知网点类型 {k}"), format!("no outlet kind {k}")),
                )
            })
        })
        .collect()
}

fn build(
    dir: &Directory,
    region: usize,
    kinds: &[OutletKind],
    (within_km, sys): (f64, CoordSys),
) -> CoverageDto {
    let found = coverage(dir, region, kinds);
    let km = |m: f64| (m / 10.0).round() / 100.0;
    let mut share: std::collections::HashMap<OutletKind, (usize, usize)> = Default::default();
    let (mut areas, mut gaps) = (Vec::new(), Vec::new());
    for area in found {
        let r = dir.regions.region(area.region);
        let mut per_kind = BTreeMap::new();
        for k in area.kinds {
            let nearest_km = k.nearest.as_ref().map(|n| km(n.2));
            if r.seat.is_some() {
                let counts = share.entry(k.kind).or_default();
                counts.1 += 1;
                counts.0 += usize::from(nearest_km.is_some_and(|d| d <= within_km));
            }
            if !k.covered {
                gaps.push(GapDto {
                    code: r.code.clone(),
                    name: r.name.clone(),
                    level: r.level,
                    kind: k.kind,
                    nearest_km,
                });
            }
            let (id, name) = k.nearest.map(|n| (n.0, n.1)).unzip();
            per_kind.insert(
                k.kind.as_str().to_owned(),
                KindCoverageDto {
                    covered: k.covered,
                    nearest_km,
                    nearest_outlet_id: id,
                    nearest_outlet_name: name,
                },
            );
        }
        let seat = r.seat.map(|p| Location::from_wgs84(p, sys));
        areas.push(AreaDto {
            code: r.code.clone(),
            name: r.name.clone(),
            level: r.level,
            seat,
            kinds: per_kind,
        });
    }
    let share_within_km = (kinds.iter())
        .map(|k| {
            let (near, all) = share.get(k).copied().unwrap_or_default();
            (
                k.as_str().to_owned(),
                (all > 0).then(|| (near as f64 / all as f64 * 1000.0).round() / 1000.0),
            )
        })
        .collect();
    let region = dir.regions.region(region);
    CoverageDto {
        region: region.code.clone(),
        region_name: region.name.clone(),
        within_km,
        share_within_km,
        areas,
        gaps,
    }
}

/// A CSV cell, quoted when it must be.
fn cell(text: &str) -> String {
    match text.contains([',', '"', '\n']) {
        true => format!("\"{}\"", text.replace('"', "\"\"")),
        false => text.to_owned(),
    }
}

/// One row per area and kind, UTF-8 with a BOM so spreadsheets read the Chinese.
fn csv(report: &CoverageDto) -> String {
    let mut out = String::from("\u{feff}code,name,level,kind,covered,nearest_km,nearest_outlet\n");
    for a in &report.areas {
        for (kind, k) in &a.kinds {
            let km = k.nearest_km.map(|d| d.to_string()).unwrap_or_default();
            let outlet = k.nearest_outlet_name.as_deref().unwrap_or_default();
            let row = [
                a.code.as_str(),
                &a.name,
                a.level.as_str(),
                kind,
                if k.covered { "true" } else { "false" },
                &km,
                outlet,
            ];
            out += &(row.iter().map(|c| cell(c)).collect::<Vec<_>>().join(",") + "\n");
        }
    }
    out
}

/// The gaps as GeoJSON points at the areas' seats.
fn geojson(report: &CoverageDto) -> serde_json::Value {
    let seats: BTreeMap<&str, &Option<Location>> = report
        .areas
        .iter()
        .map(|a| (a.code.as_str(), &a.seat))
        .collect();
    let features: Vec<serde_json::Value> = (report.gaps.iter())
        .map(|g| {
            let geometry = seats
                .get(g.code.as_str())
                .and_then(|s| s.as_ref())
                .map(|s| serde_json::json!({ "type": "Point", "coordinates": [s.lng, s.lat] }));
            serde_json::json!({ "type": "Feature", "geometry": geometry, "properties": g })
        })
        .collect();
    serde_json::json!({ "type": "FeatureCollection", "features": features })
}

/// Coverage of a region by outlet kind.
///
/// For each county and park under a region: whether an active outlet of each
/// kind is registered in it, and how far its seat is from the nearest one;
/// the share of seats within `within_km`, and the gaps. `Accept: text/csv`
/// gives one row per area and kind; `Accept: application/geo+json` gives the
/// gaps as points.
#[utoipa::path(tag = "outlets", params(CoverageQuery), responses(
    (status = 200, description = "Coverage", body = CoverageDto, content(
        (CoverageDto = "application/json"),
        (String = "text/csv"),
        (Object = "application/geo+json"))),
    (status = 400, description = "Bad parameter", body = crate::error::Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such region", body = crate::error::Problem, content_type = "application/problem+json")))]
#[get("/coverage")]
pub async fn get_coverage(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: ValidQuery<CoverageQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.0;
    let kinds = kinds(q.kinds.as_deref())?;
    let within_km = q.within_km.unwrap_or(10.0);
    if !(0.1..=1000.0).contains(&within_km) {
        return Err(AppError::bad_request(
            "within_km",
            Text::new("须为 0.1 到 1000", "must be from 0.1 to 1000"),
        ));
    }
    let sys = q.coord_sys.unwrap_or_default();
    let report = {
        let dir = state.directory();
        let region = (dir.regions.index_of(&q.region))
            .ok_or_else(|| AppError::not_found(Resource::Region, &q.region))?;
        build(&dir, region, &kinds, (within_km, sys))
    };
    let accept = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    Ok(if accept.contains("text/csv") {
        HttpResponse::Ok()
            .content_type("text/csv; charset=utf-8")
            .body(csv(&report))
    } else if accept.contains(GEO_JSON) {
        HttpResponse::Ok()
            .content_type(GEO_JSON)
            .json(geojson(&report))
    } else {
        HttpResponse::Ok().json(report)
    })
}
