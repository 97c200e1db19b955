//! `GET /knowledge/search`: the knowledge base and the catalogue in one search.

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
use crate::domain::vocab::Role;
use crate::error::{AppError, Resource};
use crate::i18n::Text;
use crate::state::AppState;

/// What to look for, and for whom.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// The question, in the caller's words (1 to 200 characters).
    #[param(example = "商标续展要什么材料")]
    pub q: String,
    /// The caller's region (e.g. `140728`): its local entries win over
    /// nationwide ones; other regions' local entries are left out.
    pub region: Option<String>,
    /// Results, 1 to 20 (default 5).
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

/// Searches the knowledge base and the service matters (public; hotline and
/// outlet keys also find internal entries). Chinese is segmented into words
/// (jieba) and character pairs, ranked by BM25 with the question and its
/// phrasings weighing most. Drafts, retired and expired entries are never
/// returned to the public.
#[utoipa::path(tag = "knowledge", params(SearchQuery), responses(
    (status = 200, description = "Results, best first", body = SearchResults),
    (status = 400, description = "Empty or overlong `q`, or a bad `limit`", body = crate::error::Problem, content_type = "application/problem+json"),
    (status = 404, description = "No such region", body = crate::error::Problem, content_type = "application/problem+json")))]
#[get("/knowledge/search")]
pub async fn search_knowledge(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: ValidQuery<SearchQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.0;
    if !(1..=200).contains(&q.q.trim().chars().count()) {
        return Err(AppError::bad_request(
            "q",
            Text::new("须为 1 到 200 个字符", "must be 1 to 200 characters"),
        ));
    }
    let limit = q.limit.unwrap_or(5);
    if !(1..=20).contains(&limit) {
        return Err(AppError::bad_request(
            "limit",
            Text::new("须为 1 到 20", "must be 1 to 20"),
        ));
    }
    let dir = state.directory();
    let asker = asker(&req, &dir, q.region.as_deref(), &state)?;
    let kb = &dir.catalogue.knowledge;
    let items = (kb.search(&q.q, &asker, limit).into_iter())
        .map(|(key, title, score)| match key {
            DocKey::Entry(id) => SearchHit {
                kind: "entry",
                href: format!("/api/v1/knowledge/{id}"),
                region_code: kb
                    .entries
                    .get(id)
                    .and_then(|e| e.content.region_code.clone()),
                id: id.clone(),
                title: title.to_owned(),
                score,
            },
            DocKey::Matter(code) => SearchHit {
                kind: "matter",
                href: format!("/api/v1/matters/{code}"),
                region_code: None,
                id: code.clone(),
                title: title.to_owned(),
                score,
            },
        })
        .collect();
    Ok(HttpResponse::Ok().json(SearchResults { items }))
}
