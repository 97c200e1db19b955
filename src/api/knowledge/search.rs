//! `GET /search`: one search over knowledge entries, service matters and outlets.

use actix_web::{get, web, HttpMessage, HttpRequest, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

use super::dto::{SearchHit, SearchResults};
use crate::api::http::auth::Caller;
use crate::api::http::extract::ValidQuery;
use crate::directory::knowledge::Asker;
use crate::directory::Directory;
use crate::domain::calendar::local_date;
use crate::domain::knowledge::search::DocKey;
use crate::domain::knowledge::text::{snippet, words};
use crate::domain::vocab::{OutletStatus, Role};
use crate::error::{AppError, Resource};
use crate::i18n::Text;
use crate::state::AppState;

/// Characters of a snippet.
const SNIPPET: usize = 60;

/// What to look for, what kinds of results, and for whom.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// The question or words, in the caller's words (1 to 200 characters).
    #[param(
        example = "商标续展要什么材料",
        min_length = 1,
        max_length = 200,
        pattern = "\\S"
    )]
    pub q: String,
    /// Comma-separated result kinds: `entry`, `matter`, `outlet` (default all).
    #[param(pattern = "^(entry|matter|outlet)(,(entry|matter|outlet))*$")]
    pub types: Option<String>,
    /// The caller's region (e.g. `140728`): its local entries win over
    /// nationwide ones, its outlets come first; other regions' local entries
    /// are left out.
    pub region: Option<String>,
    /// Results, 1 to 20 (default 5).
    #[param(minimum = 1, maximum = 20)]
    pub limit: Option<usize>,
}

/// Who asks: staff keys see internal entries; the region and those above it.
pub fn asker(
    req: &HttpRequest,
    dir: &Directory,
    region: Option<&str>,
    state: &AppState,
) -> Result<Asker, AppError> {
    let staff = (req.extensions().get::<Caller>())
        .is_some_and(|c| matches!(c.role, Role::Admin | Role::Operator | Role::OutletStaff));
    let regions = match region {
        None => Vec::new(),
        Some(code) => {
            let index = (dir.regions.index_of(code))
                .ok_or_else(|| AppError::not_found(Resource::Region, code))?;
            std::iter::once(index)
                .chain(dir.regions.ancestors(index))
                .map(|i| dir.regions.region(i).code.clone())
                .collect()
        }
    };
    Ok(Asker {
        staff,
        regions,
        today: Some(local_date(state.now())),
    })
}

fn kinds(types: Option<&str>) -> Result<[bool; 3], AppError> {
    let Some(types) = types else {
        return Ok([true; 3]);
    };
    let mut wanted = [false; 3];
    for t in types.split(',') {
        let i = ["entry", "matter", "outlet"]
            .iter()
            .position(|k| *k == t)
            .ok_or_else(|| {
                AppError::bad_request(
                    "types",
                    Text::new(
                        format!("未知类型 `{t}`：可用条目、事项、网点三类"),
                        format!("unknown type `{t}`: entry, matter or outlet"),
                    ),
                )
            })?;
        wanted[i] = true;
    }
    Ok(wanted)
}

fn hits(
    dir: &Directory,
    q: &SearchQuery,
    asker: &Asker,
    (wanted, limit): ([bool; 3], usize),
) -> Vec<SearchHit> {
    let kb = &dir.catalogue.knowledge;
    let words = words(&q.q);
    let mut out: Vec<SearchHit> = (kb.search(&q.q, asker, limit * 2).into_iter())
        .filter_map(|(key, title, score)| match key {
            DocKey::Entry(id) if wanted[0] => {
                let e = kb.entries.get(&**id)?;
                Some(
                    SearchHit::new("entry", id, title, score)
                        .at(
                            format!("/api/v1/knowledge/{id}"),
                            e.content.region_code.clone(),
                        )
                        .with_snippet(snippet(&e.content.answer, &words, SNIPPET)),
                )
            }
            DocKey::Matter(code) if wanted[1] => {
                let m = dir.catalogue.matters.get(&**code)?;
                Some(
                    SearchHit::new("matter", code, title, score)
                        .at(format!("/api/v1/matters/{code}"), None)
                        .with_snippet(snippet(&m.guide.description, &words, SNIPPET)),
                )
            }
            _ => None,
        })
        .collect();
    if wanted[2] {
        let local = |o: &crate::directory::IndexedOutlet| {
            // Closed outlets are not offered; the caller's region's come first.
            match (
                o.status(),
                asker.regions.iter().any(|r| r == o.region_code()),
            ) {
                (OutletStatus::Closed, _) => None,
                (_, true) => Some(1.5),
                (_, false) => Some(1.0),
            }
        };
        out.extend(
            (dir.outlet_search
                .search(dir, &q.q, limit, local)
                .into_iter())
            .map(|(o, score)| {
                let d = o.details();
                SearchHit::new("outlet", o.id(), d.name(), score)
                    .at(
                        format!("/api/v1/outlets/{}", o.id()),
                        Some(o.region_code().to_owned()),
                    )
                    .with_snippet(snippet(
                        &format!("{}　{}", d.name(), d.address()),
                        &words,
                        SNIPPET,
                    ))
            }),
        );
    }
    out.sort_by(|a, b| b.score.total_cmp(&a.score));
    out.truncate(limit);
    out
}

/// Searches entries, matters and outlets.
///
/// Searches knowledge entries, service matters and outlets in one ranked list
/// (public; hotline and outlet keys also find internal entries). Chinese is
/// segmented into words (jieba) and character pairs, with the pinyin
/// initials of words (`sbxz` finds 商标续展); results are ranked by BM25, an
/// entry's question and phrasings weighing most, an outlet's name, then its
/// kind and the service matters it offers, then its address. Drafts, retired and expired
/// entries are never returned to the public. Snippets mark the words found
/// with `<mark>`; the rest is HTML-escaped.
#[utoipa::path(tag = "knowledge", params(SearchQuery), responses(
    (status = 200, description = "Results, best first", body = SearchResults),
    (status = 400, description = "Empty or overlong `q`, an unknown type, or a bad `limit`", body = crate::error::Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such region", body = crate::error::Problem, content_type = "application/problem+json")))]
#[get("/search")]
pub async fn search(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: ValidQuery<SearchQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.0;
    crate::api::http::params::search_text(&q.q)?;
    let limit = q.limit.unwrap_or(5);
    if !(1..=20).contains(&limit) {
        return Err(AppError::bad_request(
            "limit",
            Text::new("须为 1 到 20", "must be 1 to 20"),
        ));
    }
    let wanted = kinds(q.types.as_deref())?;
    let dir = state.directory();
    let asker = asker(&req, &dir, q.region.as_deref(), &state)?;
    Ok(HttpResponse::Ok().json(SearchResults {
        items: hits(&dir, &q, &asker, (wanted, limit)),
    }))
}
