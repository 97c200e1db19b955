//! `GET /changes`: every create, update and close of outlets, every region
//! (boundary) change, and every catalogue change (calendar years, matters,
//! hours, hotline rules), in commit order, from the log replicas follow too.
//! Outlets, regions, opening hours and matters come with their
//! representation as of the read; calendar years and hotline rules link to theirs.

use actix_web::{get, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::api::http::extract::ValidQuery;
use crate::api::http::params::{decode_cursor, limit};
use crate::api::outlets::dto::OutletDto;
use crate::api::regions::dto::RegionDto;
use crate::db::changes::{entity, ChangeRow};
use crate::db::{self, DbConn};
use crate::domain::coords::CoordSys;
use crate::domain::cursor;
use crate::domain::outlet::Outlet;
use crate::domain::regions::Region;
use crate::error::AppError;
use crate::state::AppState;

/// How long a gap in the sequence is waited for: on PostgreSQL a later
/// number can commit before an earlier one; a gap older than this was a rollback.
const GAP_WAIT_S: i64 = 10;

/// Position in the feed.
#[derive(Debug, Serialize, Deserialize)]
struct AfterSeq {
    seq: i64,
}

/// Where to read from.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ChangesQuery {
    /// `next_cursor` of the previous read; omitted: from the start of the log.
    pub after: Option<String>,
    /// Changes per read, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
}

/// One change.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChangeDto {
    /// Position in the log (increasing, with gaps).
    #[schema(example = 1042)]
    pub seq: i64,
    /// `outlet`, `region` or `catalogue`.
    pub entity: String,
    /// The outlet id, region code, or catalogue entry (`calendar/2027`,
    /// `matter/<code>`, `hours/<outlet id>`, `hotline_rules`).
    pub key: String,
    /// When it was committed.
    #[serde(serialize_with = "crate::domain::calendar::instant::serialize")]
    #[schema(value_type = String, format = DateTime, example = "2026-12-02T09:30:00+08:00")]
    pub changed_at: DateTime<Utc>,
    /// Where the current representation is.
    pub href: String,
    /// For outlets, regions, opening hours and matters, the current
    /// representation (WGS-84); a closed outlet has `status: closed` (nothing
    /// is ever deleted). Calendar years and hotline rules: fetch `href`.
    #[schema(value_type = Option<Object>)]
    pub representation: Option<serde_json::Value>,
}

/// A read of the feed.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChangesPage {
    /// Changes in commit order.
    pub items: Vec<ChangeDto>,
    /// Pass as `after` next time (also when `items` is empty).
    pub next_cursor: String,
    /// More changes are waiting: read again at once.
    pub has_more: bool,
}

fn href(row: &ChangeRow) -> String {
    match (row.entity.as_str(), row.entity_key.split_once('/')) {
        (entity::OUTLET, _) => format!("/api/v1/outlets/{}", row.entity_key),
        (entity::REGION, _) => format!("/api/v1/regions/{}", row.entity_key),
        (_, Some(("hours", id))) => format!("/api/v1/outlets/{id}/hours"),
        (_, Some(("matter", code))) => format!("/api/v1/matters/{code}"),
        (_, Some(("calendar", year))) => format!("/api/v1/calendar/{year}"),
        _ => "/api/v1/hotline/rules".into(),
    }
}

fn representation(conn: &mut DbConn, row: &ChangeRow) -> anyhow::Result<Option<serde_json::Value>> {
    Ok(match row.entity.as_str() {
        entity::OUTLET => match db::outlets::find(conn, &row.entity_key)? {
            Some(r) => Some(serde_json::to_value(OutletDto::new(
                &Outlet::try_from(r)?,
                CoordSys::Wgs84,
            ))?),
            None => None,
        },
        entity::REGION => match db::regions::find(conn, &row.entity_key)? {
            Some(r) => Some(serde_json::to_value(RegionDto::new(
                &Region::try_from(r)?,
                CoordSys::Wgs84,
            ))?),
            None => None,
        },
        _ => match row.entity_key.split_once('/') {
            Some(("hours", id)) => match db::matters::find_hours(conn, id)? {
                Some(h) => Some(serde_json::from_str(&h.schedule)?),
                None => None,
            },
            Some(("matter", code)) => match db::matters::find(conn, code)? {
                Some(m) => {
                    let mut guide: serde_json::Value = serde_json::from_str(&m.document)?;
                    guide["outlet_ids"] = serde_json::json!(db::matters::channels_of(conn, code)?);
                    guide["code"] = serde_json::json!(m.code);
                    guide["version"] = serde_json::json!(m.version);
                    Some(guide)
                }
                None => None,
            },
            // Calendar years and hotline rules: fetch `href`.
            _ => None,
        },
    })
}

/// The rows that are safe to hand out: in order, stopping at a gap younger
/// than [`GAP_WAIT_S`] (an earlier number may still commit).
fn settled(rows: Vec<ChangeRow>, after: i64, now: DateTime<Utc>) -> Vec<ChangeRow> {
    let mut prev = after;
    let mut out = Vec::new();
    for row in rows {
        let gap = prev > 0 && row.seq != prev + 1;
        if gap && (now - row.changed_at.and_utc()).num_seconds() < GAP_WAIT_S {
            break;
        }
        prev = row.seq;
        out.push(row);
    }
    out
}

/// Every directory change after `after`, in commit order (public).
///
/// Start without `after` to replay the log from its beginning (it is kept as
/// long as the audit trail, at least 180 days), or download the lists first and
/// follow the feed from the `next_cursor` of an empty read made before.
#[utoipa::path(tag = "outlets", params(ChangesQuery), responses(
    (status = 200, description = "Changes in commit order", body = ChangesPage),
    (status = 400, description = "Bad cursor or limit", body = crate::error::Problem, content_type = "application/problem+json")))]
#[get("/changes")]
pub async fn changes(
    state: web::Data<AppState>,
    query: ValidQuery<ChangesQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.0;
    let after = decode_cursor::<AfterSeq>(q.after.as_deref())?.map_or(0, |c| c.seq);
    let size = limit(q.limit)?;
    let page = state
        .db(move |conn| {
            let rows = db::changes::since(conn, after, size as i64 + 1)?;
            let has_more = rows.len() > size;
            let rows = settled(rows.into_iter().take(size).collect(), after, Utc::now());
            let last = rows.last().map_or(after, |r| r.seq);
            let items = (rows.iter())
                .map(|r| {
                    Ok(ChangeDto {
                        seq: r.seq,
                        entity: r.entity.clone(),
                        key: r.entity_key.clone(),
                        changed_at: r.changed_at.and_utc(),
                        href: href(r),
                        representation: representation(conn, r)?,
                    })
                })
                .collect::<anyhow::Result<Vec<_>>>()?;
            let next_cursor = cursor::encode(&AfterSeq { seq: last });
            Ok(ChangesPage {
                items,
                next_cursor,
                has_more,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(page))
}
