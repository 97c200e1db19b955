//! The hotline's clock rules and competence matrix (admin-editable).

use std::collections::HashSet;

use actix_web::{get, put, web, HttpResponse};

use crate::api::http::auth::Admin;
use crate::api::http::extract::ValidJson;
use crate::api::http::extract::ValidQuery;
use crate::api::http::params::NoQuery;
use crate::db;
use crate::domain::audit::{Change, Who};
use crate::domain::hotline_rules::HotlineRules;
use crate::error::AppError;
use crate::i18n::Text;
use crate::state::AppState;

type Problem = crate::error::Problem;

/// The hotline rules in force.
///
/// The rules in force, public like the matters they decide: time limits with
/// their sources, and which outlet kinds handle what (the competence matrix).
#[utoipa::path(tag = "tickets", responses(
    (status = 200, description = "The rules", body = HotlineRules)))]
#[get("/hotline/rules")]
pub async fn get_rules(_query: ValidQuery<NoQuery>, state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().json(state.directory().catalogue.rules())
}

fn check(rules: &HotlineRules) -> Result<(), AppError> {
    let bad = |field: &str, zh: &str, en: &str| AppError::invalid(field, Text::new(zh, en));
    let mut seen = HashSet::new();
    for r in &rules.clock_rules {
        if !(1..=365).contains(&r.days) || !crate::domain::length::within(&r.source, 1..=500) {
            return Err(bad(
                "clock_rules",
                "天数须为 1 到 365，且须注明来源（最多 500 个字符）",
                "days must be 1 to 365, with a source of at most 500 characters",
            ));
        }
        if !seen.insert((r.kind, r.category, r.timer)) {
            return Err(bad(
                "clock_rules",
                "同一类型、类别和时限只能有一条规则",
                "one rule per kind, category and timer",
            ));
        }
    }
    let mut seen = HashSet::new();
    if !rules
        .competence
        .iter()
        .all(|r| seen.insert((r.kind, r.category, r.outlet_kind)))
    {
        return Err(bad(
            "competence",
            "同一类型、类别和网点类型只能有一条规则",
            "one rule per kind, category and outlet kind",
        ));
    }
    Ok(())
}

/// Replaces both tables (admin). Clocks are computed on read, so open tickets follow at once.
#[utoipa::path(tag = "tickets", request_body = HotlineRules, security(("api_key" = [])), responses(
    crate::api::http::responses::AdminOnly,
    (status = 200, description = "Stored", body = HotlineRules),
    (status = 422, description = "Invalid rules", body = Problem, content_type = "application/problem+json")))]
#[put("/hotline/rules")]
pub async fn put_rules(
    Admin(admin): Admin,
    state: web::Data<AppState>,
    body: ValidJson<HotlineRules>,
) -> Result<HttpResponse, AppError> {
    let rules = body.0;
    check(&rules)?;
    let (clocks, competence) = (
        db::hotline_rules::clock_rows(&rules),
        db::hotline_rules::competence_rows(&rules),
    );
    let change = Change::new("hotline_rules.replace", "hotline_rules", "hotline_rules")
        .before(state.directory().catalogue.rules())
        .after(&rules);
    let (who, at) = (Who::from(&admin), state.now().naive_utc());
    state
        .write(move |conn| {
            let logged = (db::changes::entity::CATALOGUE, "hotline_rules");
            db::changes::write_logged(conn, logged, |conn| {
                db::hotline_rules::replace_clock_rules(conn, &clocks)?;
                db::hotline_rules::replace_competence(conn, &competence)?;
                Ok(db::audit::record(conn, &who, &change, at)?)
            })
        })
        .await?;
    state.directory_mut().catalogue.set_rules(rules.clone());
    // Stored deadlines follow the new limits before the answer.
    crate::jobs::escalation::refresh_all(&state).await?;
    Ok(HttpResponse::Ok().json(rules))
}
