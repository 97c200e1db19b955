//! The outlet list: by id, or the best matches of a search.

use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};

use super::OutletListQuery;
use crate::api::http::dto::Page;
use crate::api::http::extract::ValidQuery;
use crate::api::http::params::{decode_cursor, limit};
use crate::api::outlets::dto::OutletDto;
use crate::api::outlets::fields;
use crate::api::outlets::filter::OutletFilter;
use crate::api::outlets::geojson::{outlet_page, OutletFeatureCollection};
use crate::api::outlets::ranked;
use crate::db;
use crate::directory::Directory;
use crate::domain::cursor::{encode, AfterId};
use crate::domain::outlet::Outlet;
use crate::error::AppError;
use crate::state::AppState;

/// Lists outlets.
///
/// The outlet list, ordered by id (creation order), or with `q` the best
/// matches first.
#[utoipa::path(tag = "outlets", params(OutletListQuery), responses(
    (status = 200, description = "A page of outlets", content(
        (Page<OutletDto> = "application/json"), (OutletFeatureCollection = "application/geo+json"))),
    (status = 400, description = "Bad parameter", body = crate::error::Problem, content_type = "application/problem+json")))]
#[get("/outlets")]
pub async fn list_outlets(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: ValidQuery<OutletListQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.0;
    let (limit, sys) = (limit(q.limit)?, q.coord_sys.unwrap_or_default());
    let fields = fields::parse(q.fields.as_deref(), false)?;
    let listing = Listing::new(&state.directory(), &q, state.now())?;
    let (after, offset) = listing.cursor(q.cursor.as_deref())?;
    let fetch = match listing.ranked {
        Some(_) => ranked::MAX_FOUND + 1,
        None => limit + 1,
    };
    let (listing, rows) = state
        .db(move |conn| {
            let rows = db::outlets::list(conn, &listing.stored(after.as_ref(), fetch))?;
            Ok((listing, rows))
        })
        .await?;
    let (rows, ranked_next) = match &listing.ranked {
        Some(order) => {
            let (rows, next) = ranked::page(rows, order, (offset, limit));
            (rows, Some(next))
        }
        None => (rows, None),
    };
    // Filtered by `open_at`, the opening shown is at that time.
    let now = listing.filter.open.map_or(state.now(), |(t, _)| t);
    let mut items = (rows.into_iter())
        .map(|r| {
            Ok(OutletDto::with_opening(
                &Outlet::try_from(r)?,
                sys,
                &state.directory(),
                now,
            ))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let next = ranked_next.unwrap_or_else(|| {
        let last = (items.len() > limit).then(|| items[limit - 1].id.clone());
        last.map(|id| encode(&AfterId { id }))
    });
    items.truncate(limit);
    Ok(match &fields {
        Some(fields) => fields::sparse_page(&req, items, next, fields),
        None => outlet_page(&req, items, next),
    })
}

/// What a list asks of the stored outlets: the filters, the regions under
/// the one asked for, the ids the catalogue's filters allow, and with `q`
/// the matching ids best first.
struct Listing {
    filter: OutletFilter,
    region_codes: Option<Vec<String>>,
    only_ids: Option<Vec<String>>,
    ranked: Option<Vec<String>>,
}

impl Listing {
    fn new(dir: &Directory, q: &OutletListQuery, now: DateTime<Utc>) -> Result<Self, AppError> {
        let sys = q.coord_sys.unwrap_or_default();
        let filter = OutletFilter::from_params(dir, q.filter_params(), sys, now)?;
        let region_codes = filter.region.map(|r| {
            (dir.regions.descendants(r).into_iter())
                .map(str::to_owned)
                .collect()
        });
        let only_ids = catalogue_ids(dir, &filter);
        let (only_ids, ranked) = match q.q.as_deref() {
            None => (only_ids, None),
            Some(text) => {
                let found = ranked::intersect(ranked::ids(dir, text)?, only_ids);
                (Some(found.clone()), Some(found))
            }
        };
        Ok(Self {
            filter,
            region_codes,
            only_ids,
            ranked,
        })
    }

    /// Where a page starts: a ranked list pages by position, the plain one by id.
    fn cursor(&self, cursor: Option<&str>) -> Result<(Option<AfterId>, usize), AppError> {
        Ok(match self.ranked {
            Some(_) => (None, ranked::offset(cursor)?),
            None => (decode_cursor::<AfterId>(cursor)?, 0),
        })
    }

    /// The stored outlets' filter: up to `fetch` after `after`.
    fn stored<'a>(
        &'a self,
        after: Option<&'a AfterId>,
        fetch: usize,
    ) -> db::outlets::ListFilter<'a> {
        let strs = |v: &'a Vec<String>| v.iter().map(String::as_str).collect();
        db::outlets::ListFilter {
            kind: self.filter.kind.map(|k| k.as_str()),
            tier: self.filter.tier.map(|t| t.as_str()),
            statuses: self.filter.statuses().iter().map(|s| s.as_str()).collect(),
            region_codes: self.region_codes.as_ref().map(strs),
            bbox: self.filter.bbox,
            after_id: after.map(|a| a.id.as_str()),
            ids: self.only_ids.as_ref().map(strs),
            limit: fetch as i64,
        }
    }
}

/// Ids the catalogue filters (matter, opening) allow, for the SQL list; `None` when unfiltered.
fn catalogue_ids(dir: &Directory, filter: &OutletFilter) -> Option<Vec<String>> {
    let by_matter: Option<Vec<String>> = filter.matter.as_deref().map(|m| dir.outlets_offering(m));
    let Some((t, open)) = filter.open else {
        return by_matter;
    };
    let candidates = by_matter.unwrap_or_else(|| dir.catalogue.hours.keys().cloned().collect());
    Some(
        candidates
            .into_iter()
            .filter(|id| dir.catalogue.is_open(id, t) == Ok(Some(open)))
            .collect(),
    )
}
