//! `POST /import/{dataset}`: a spreadsheet checked row by row, then applied.

use actix_web::http::header;
use actix_web::{post, web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::export::dataset;
use crate::api::http::auth::Admin;
use crate::api::http::extract::{body_timeout, read_body, ValidQuery};
use crate::domain::audit::Who;
use crate::domain::coords::CoordSys;
use crate::error::{AppError, PROBLEM_JSON};
use crate::exchange::table::RowError;
use crate::exchange::{apply, check, refresh, Applied, Dataset};
use crate::i18n::{Lang, Text};
use crate::state::AppState;

/// Largest file taken over HTTP; `ipr-service import` reads any size.
const LIMIT: usize = 64 * 1024 * 1024;

/// What to do when some rows are refused.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ApplyMode {
    /// Apply nothing unless every row passes (default).
    #[default]
    All,
    /// Apply the rows that pass.
    Valid,
}

/// How to read the file.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// Coordinate system of positions in the file (default `wgs84`).
    pub coord_sys: Option<CoordSys>,
    /// `all` (default): nothing is applied if any row is refused; `valid`: the rows that pass are.
    #[param(inline)]
    pub apply: Option<ApplyMode>,
}

/// A refused row.
#[derive(Debug, Serialize, ToSchema)]
pub struct RowProblem {
    /// The row as a spreadsheet numbers it (the header is row 1).
    #[schema(example = 7)]
    pub row: usize,
    /// The column at fault (`row` for the record as a whole).
    #[schema(example = "kind")]
    pub column: String,
    /// Why, in the request's language.
    pub message: String,
}

/// What an import did.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportReport {
    /// The dataset.
    pub dataset: Dataset,
    /// Rows in the file.
    pub rows: usize,
    /// Created, updated and closed records.
    #[serde(flatten)]
    pub applied: Applied,
    /// Rows equal to what was stored.
    pub unchanged: usize,
    /// Rows refused (only with `apply=valid`; otherwise the answer is a 422).
    pub refused: Vec<RowProblem>,
}

fn row_problems(refused: &[RowError], lang: Lang) -> Vec<RowProblem> {
    (refused.iter())
        .map(|e| RowProblem {
            row: e.row,
            column: e.column.clone(),
            message: e.reason.get(lang).to_owned(),
        })
        .collect()
}

/// The 422 naming the first refused row, with every refused row in `rows`.
fn refusal(refused: &[RowError], lang: Lang) -> HttpResponse {
    let (first, n) = (&refused[0], refused.len());
    let reason = Text::new(
        format!(
            "{n} 行未通过检查，未导入任何数据；第 {} 行：{}",
            first.row, first.reason.zh
        ),
        format!(
            "{n} rows refused, nothing applied; row {}: {}",
            first.row, first.reason.en
        ),
    );
    let mut problem = serde_json::to_value(AppError::invalid(&first.column, reason).problem(lang))
        .expect("problems serialize");
    problem["rows"] = serde_json::json!(row_problems(refused, lang));
    HttpResponse::UnprocessableEntity()
        .content_type(PROBLEM_JSON)
        .json(problem)
}

fn require_csv(req: &HttpRequest) -> Result<(), AppError> {
    let is_csv = (req.headers().get(header::CONTENT_TYPE))
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<mime::Mime>().ok())
        .is_some_and(|m| m.type_() == mime::TEXT && m.subtype() == mime::CSV);
    is_csv.then_some(()).ok_or(AppError::UnsupportedMediaType {
        expected: "text/csv",
    })
}

/// Imports a dataset from CSV (admin; `text/csv`, BOM or none, up to 64 MiB).
///
/// Every row is checked first (the same checks as the API); with any row
/// refused the answer is a 422 whose `rows` lists each (row, column, message)
/// and nothing is applied, unless `apply=valid`. Rows carry ids: existing
/// records are updated, with the same history, change-log and audit entries as
/// the API; rows equal to what is stored change nothing; nothing is deleted,
/// but an outlet row with `status=closed` closes it.
#[utoipa::path(tag = "exchange", params(("dataset" = String, Path, description = "`regions`, `outlets`, `matters` or `hours`"), ImportQuery),
    request_body(content = String, content_type = "text/csv", description = "A file as `GET /api/v1/export/{dataset}.csv` gives"),
    security(("api_key" = [])), responses(
    crate::api::http::responses::AdminOnly,
    (status = 200, description = "Applied", body = ImportReport),
    (status = 404, description = "No such dataset", body = crate::error::Problem, content_type = "application/problem+json"),
    (status = 409, description = "A record changed while the file was applied; nothing applied", body = crate::error::Problem, content_type = "application/problem+json"),
    (status = 413, description = "Larger than 64 MiB", body = crate::error::Problem, content_type = "application/problem+json"),
    (status = 415, description = "Not text/csv", body = crate::error::Problem, content_type = "application/problem+json"),
    (status = 422, description = "Rows refused, nothing applied; `rows` lists them", body = crate::error::Problem, content_type = "application/problem+json")))]
#[post("/import/{dataset}")]
pub async fn import_dataset(
    req: HttpRequest,
    Admin(admin): Admin,
    state: web::Data<AppState>,
    name: web::Path<String>,
    query: ValidQuery<ImportQuery>,
    mut payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let (lang, dataset) = (Lang::from_request(&req), dataset(&name)?);
    require_csv(&req)?;
    let body = read_body(&mut payload, LIMIT, body_timeout(&req)).await?;
    let (sys, now) = (query.0.coord_sys.unwrap_or_default(), state.now());
    let handle = state.directory_handle();
    let checked = web::block(move || check(&handle.read(), dataset, &body, (sys, now)))
        .await
        .map_err(anyhow::Error::from)?;
    if !checked.refused.is_empty() && query.0.apply.unwrap_or_default() == ApplyMode::All {
        return Ok(refusal(&checked.refused, lang));
    }
    let who = Who::from(&admin);
    let planned = checked.planned;
    let (applied, planned) = state
        .write(move |conn| {
            let applied = apply(conn, &planned, (&who, now), |_| {})?;
            Ok((applied, planned))
        })
        .await?;
    refresh(&mut state.directory_mut(), planned)?;
    Ok(HttpResponse::Ok().json(ImportReport {
        dataset,
        rows: checked.rows,
        applied,
        unchanged: checked.unchanged,
        refused: row_problems(&checked.refused, lang),
    }))
}
