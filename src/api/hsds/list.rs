//! HSDS list answers: the `Page` envelope, or with `format=ndjson` every
//! result as one JSON object per line, streamed in batches without paging.

use std::sync::Arc;

use actix_web::web::Bytes;
use actix_web::HttpResponse;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};

use crate::directory::{Directory, SharedDirectory};
use crate::error::AppError;
use crate::i18n::Text;

/// Results per page unless `per_page` says otherwise.
const DEFAULT_PER_PAGE: usize = 50;
/// Most results on one page.
const MAX_PER_PAGE: usize = 1000;
/// Results rendered per streamed batch (the directory lock is taken per batch).
const BATCH: usize = 500;

/// `format`: a page of JSON (default) or every result as NDJSON.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// One page in the `Page` envelope.
    #[default]
    Json,
    /// Every result, one object per line, not paged (`application/x-ndjson`).
    Ndjson,
}

/// The HSDS list parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Full-text search: results whose names, description or address contain it (case-insensitive).
    #[param(example = "商标")]
    pub search: Option<String>,
    /// Page number, from 1 (default 1).
    // u32 does not fit the int32 format utoipa would give it.
    #[param(value_type = Option<i64>, minimum = 1, maximum = 4294967295_u32)]
    pub page: Option<u32>,
    /// Results per page, 1 to 1,000 (default 50).
    #[param(minimum = 1, maximum = 1000)]
    pub per_page: Option<usize>,
    /// `json` (default) or `ndjson`.
    #[param(inline)]
    pub format: Option<Format>,
    /// Only results modified on or after this time (RFC 3339, or a date `YYYY-MM-DD` meaning its start in China Standard Time).
    #[param(schema_with = crate::api::http::param_schemas::date_or_date_time)]
    pub modified_after: Option<String>,
    /// Only results of this organization (an outlet's organization id).
    pub organization_id: Option<String>,
}

/// The HSDS `Page` envelope.
#[derive(Debug, Serialize, ToSchema)]
pub struct HsdsPage {
    /// Results in all pages.
    pub total_items: usize,
    /// Pages.
    pub total_pages: usize,
    /// This page's number, from 1.
    pub page_number: usize,
    /// Results on this page.
    pub size: usize,
    /// This is the first page.
    pub first_page: bool,
    /// This is the last page.
    pub last_page: bool,
    /// There are no results.
    pub empty: bool,
    /// The results (HSDS objects).
    #[schema(value_type = Vec<Object>)]
    pub contents: Vec<Value>,
}

impl ListQuery {
    /// `modified_after` as an instant.
    pub fn modified_after(&self) -> Result<Option<DateTime<Utc>>, AppError> {
        let Some(text) = self.modified_after.as_deref() else {
            return Ok(None);
        };
        if let Ok(t) = DateTime::parse_from_rfc3339(text) {
            return Ok(Some(t.with_timezone(&Utc)));
        }
        let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
            AppError::bad_request(
                "modified_after",
                Text::new(
                    "须为 RFC 3339 时间或形如 2026-12-01 的日期",
                    "must be an RFC 3339 time or a date like 2026-12-01",
                ),
            )
        })?;
        Ok(Some(crate::domain::calendar::day_start(date)))
    }

    /// `search` lowercased.
    pub fn search(&self) -> Option<String> {
        (self.search.as_deref())
            .map(|s| s.trim().to_lowercase())
            .filter(|s| !s.is_empty())
    }

    fn paging(&self) -> Result<(usize, usize), AppError> {
        let page = self.page.unwrap_or(1) as usize;
        let per_page = self.per_page.unwrap_or(DEFAULT_PER_PAGE);
        if page == 0 {
            return Err(AppError::bad_request(
                "page",
                Text::new("页码从 1 开始", "pages are numbered from 1"),
            ));
        }
        if !(1..=MAX_PER_PAGE).contains(&per_page) {
            return Err(AppError::bad_request(
                "per_page",
                Text::new("须为 1 到 1000", "must be 1 to 1,000"),
            ));
        }
        Ok((page, per_page))
    }
}

/// Whether any of the texts contains the (lowercased) search.
pub fn matches(search: &Option<String>, texts: &[&str]) -> bool {
    search
        .as_ref()
        .is_none_or(|s| texts.iter().any(|t| t.to_lowercase().contains(s.as_str())))
}

/// Renders one result from its key.
pub type Render<K> = fn(&Directory, &K, NaiveDate) -> Value;

/// Answers the keys (already filtered, in order) as a page or as NDJSON.
pub fn answer<K: Send + Sync + 'static>(
    directory: Arc<SharedDirectory>,
    q: &ListQuery,
    (keys, today): (Vec<K>, NaiveDate),
    render: Render<K>,
) -> Result<HttpResponse, AppError> {
    let (page, per_page) = q.paging()?;
    if q.format.unwrap_or_default() == Format::Ndjson {
        return Ok(stream(directory, keys, today, render));
    }
    let total = keys.len();
    let start = (page - 1).saturating_mul(per_page).min(total);
    let end = (start + per_page).min(total);
    let contents: Vec<Value> = {
        let dir = directory.read();
        keys[start..end]
            .iter()
            .map(|k| render(&dir, k, today))
            .collect()
    };
    let total_pages = total.div_ceil(per_page);
    Ok(HttpResponse::Ok().json(HsdsPage {
        total_items: total,
        total_pages,
        page_number: page,
        size: contents.len(),
        first_page: page == 1,
        last_page: page >= total_pages,
        empty: total == 0,
        contents,
    }))
}

fn stream<K: Send + Sync + 'static>(
    directory: Arc<SharedDirectory>,
    keys: Vec<K>,
    today: NaiveDate,
    render: Render<K>,
) -> HttpResponse {
    let keys = Arc::new(keys);
    let batches = (0..keys.len().div_ceil(BATCH)).map(move |b| {
        let dir = directory.read();
        let mut out = Vec::new();
        for k in keys.iter().skip(b * BATCH).take(BATCH) {
            // A Value always serializes.
            serde_json::to_writer(&mut out, &render(&dir, k, today))
                .expect("JSON values serialize");
            out.push(b'\n');
        }
        Ok::<_, actix_web::Error>(Bytes::from(out))
    });
    HttpResponse::Ok()
        .content_type("application/x-ndjson")
        .streaming(futures_util::stream::iter(batches))
}
