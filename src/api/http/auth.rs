//! API keys: `Authorization: Bearer <key>`, stored as SHA-256 hashes.

use std::str::FromStr;

use actix_web::dev::Payload;
use actix_web::dev::ServiceRequest;
use actix_web::http::header;
use actix_web::HttpMessage;
use actix_web::{web, FromRequest, HttpRequest};
use chrono::Utc;
use futures_util::future::{ready, Ready};

use crate::api::http::guard::IntakeGuard;
use crate::db::{self};
use crate::domain::audit::{Change, Who};
use crate::domain::vocab::Role;
use crate::error::AppError;
use crate::hotline::actor::Actor;
use crate::keys::hash_key;
use crate::state::AppState;

/// The authenticated caller of a request.
#[derive(Debug, Clone)]
pub struct Caller {
    /// Id of the key used.
    pub key_id: String,
    /// The key's role.
    pub role: Role,
    /// For outlet staff: the outlet the key is scoped to.
    pub outlet_id: Option<String>,
    /// For commissioners and envoys: the person the key belongs to.
    pub person_id: Option<String>,
    /// The client's address, as the rate limits see it.
    pub client: String,
}

impl From<&Caller> for Who {
    /// The caller as the author of an admin audit entry.
    fn from(caller: &Caller) -> Self {
        Who {
            key_id: Some(caller.key_id.clone()),
            role: caller.role.as_str().into(),
            client: caller.client.clone(),
        }
    }
}

impl From<&Caller> for Actor {
    /// The caller as the actor of a ticket's history.
    fn from(caller: &Caller) -> Self {
        Actor {
            key_id: Some(caller.key_id.clone()),
            role: caller.role.as_str().into(),
        }
    }
}

/// A caller whose key has the `admin` role.
#[derive(Debug, Clone)]
pub struct Admin(pub Caller);

fn bearer(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
}

/// The caller a key belongs to: 401 (`Unauthenticated`) when it is unknown,
/// revoked or expired.
pub async fn authenticate(
    state: AppState,
    secret: String,
    client: String,
) -> Result<Caller, AppError> {
    let hash = hash_key(&secret);
    let now = Utc::now().naive_utc();
    let row = state
        .db(move |conn| {
            let row = db::api_keys::find_active(conn, &hash, now)?;
            // Record use at most once a minute to keep reads from becoming writes.
            if let Some(r) = row.as_ref().filter(|r| {
                r.last_used_at
                    .is_none_or(|t| now - t > chrono::Duration::minutes(1))
            }) {
                db::api_keys::touch(conn, &r.id, now)?;
            }
            Ok(row)
        })
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let role = Role::from_str(&row.role)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("key {} role: {e}", row.id)))?;
    Ok(Caller {
        key_id: row.id,
        role,
        outlet_id: row.outlet_id,
        person_id: row.person_id,
        client,
    })
}

/// The client's address as the rate limits see it (behind trusted proxies, the client's).
pub fn client_of(req: &HttpRequest) -> String {
    match req.app_data::<web::Data<IntakeGuard>>() {
        Some(guard) => guard.client_ip(req),
        None => (req.peer_addr())
            .map(|a| a.ip().to_string())
            .unwrap_or_default(),
    }
}

/// Counts and logs a failed authentication, and records it in the audit
/// trail (a few a minute per client, so a flood of bad keys cannot flood the trail).
async fn record_failure(state: &AppState, guard: Option<&IntakeGuard>, client: String, path: &str) {
    let total = state.count_failed_authentication();
    tracing::warn!(%client, path, failed_authentications = total, "authentication failed");
    if !guard.is_some_and(|g| g.note_failed_authentication(&client)) {
        return;
    }
    let who = Who {
        key_id: None,
        role: "unauthenticated".into(),
        client,
    };
    let change = Change::new("auth.fail", "auth", path);
    let at = state.now().naive_utc();
    if let Err(e) = state
        .write(move |conn| Ok(db::audit::record(conn, &who, &change, at)?))
        .await
    {
        tracing::warn!(error = %e, "recording a failed authentication failed");
    }
}

/// Authenticates a request carrying `Authorization: Bearer` before any
/// handler extractor runs (they run concurrently, so a body error could
/// otherwise answer before a 401/403). An invalid key is a 401; a valid one is
/// put in the request's extensions for [`Caller`] and the role gates.
pub async fn identify(req: &ServiceRequest) -> Result<(), AppError> {
    // `/metrics` has its own scrape token, which is not an API key.
    let scrape = req.path() == "/metrics";
    let Some(secret) = bearer(req.request()).filter(|_| !scrape) else {
        return Ok(());
    };
    let Some(state) = (req.app_data::<web::Data<AppState>>()).map(|s| s.get_ref().clone()) else {
        return Err(AppError::Internal(anyhow::anyhow!(
            "application state missing"
        )));
    };
    let guard = req.app_data::<web::Data<IntakeGuard>>().cloned();
    let client = client_of(req.request());
    match authenticate(state.clone(), secret, client.clone()).await {
        Ok(caller) => {
            req.extensions_mut().insert(caller);
            Ok(())
        }
        Err(e) => {
            // Logged with where they came from, never the key.
            let guard = guard.as_ref().map(|g| g.get_ref());
            record_failure(&state, guard, client, req.path()).await;
            Err(e)
        }
    }
}

impl FromRequest for Caller {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(
            req.extensions()
                .get::<Caller>()
                .cloned()
                .ok_or(AppError::Unauthenticated),
        )
    }
}

/// Declares an extractor that authenticates and admits only some roles (403 for the others).
macro_rules! role_gate {
    ($name:ident, [$($role:path),+]) => {
        impl FromRequest for $name {
            type Error = AppError;
            type Future = Ready<Result<Self, AppError>>;

            fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
                let caller = req.extensions().get::<Caller>().cloned();
                ready(match caller {
                    None => Err(AppError::Unauthenticated),
                    Some(c) => match c.role {
                        $($role)|+ => Ok($name(c)),
                        _ => Err(AppError::Forbidden),
                    },
                })
            }
        }
    };
}

role_gate!(Admin, [Role::Admin]);
role_gate!(
    TicketWorker,
    [Role::Admin, Role::Operator, Role::OutletStaff]
);
role_gate!(StatsReader, [Role::Admin, Role::Operator, Role::Auditor]);
role_gate!(AuditReader, [Role::Auditor]);
role_gate!(DataExporter, [Role::Admin, Role::Auditor]);
role_gate!(HotlineDesk, [Role::Admin, Role::Operator]);
role_gate!(
    EventWriter,
    [Role::Admin, Role::Operator, Role::OutletStaff]
);
role_gate!(
    ProgrammeCaller,
    [Role::Admin, Role::Operator, Role::Commissioner, Role::Envoy]
);

/// A caller who records outreach events: the office, or outlet staff for
/// their own outlet's events.
#[derive(Debug, Clone)]
pub struct EventWriter(pub Caller);

/// A caller in the programmes: the office (admins, operators) or a
/// commissioner or envoy, on their own work.
#[derive(Debug, Clone)]
pub struct ProgrammeCaller(pub Caller);

/// Who logs a ticket: the public (no key) or a hotline desk key (admin,
/// operator); other roles get a 403 before the body is read.
#[derive(Debug, Clone)]
pub struct IntakeCaller(pub Option<Caller>);

impl FromRequest for IntakeCaller {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        // An invalid key was already refused by `authenticate_request`.
        ready(match req.extensions().get::<Caller>().cloned() {
            None => Ok(IntakeCaller(None)),
            Some(c) if matches!(c.role, Role::Admin | Role::Operator) => Ok(IntakeCaller(Some(c))),
            Some(_) => Err(AppError::Forbidden),
        })
    }
}

/// A caller who works tickets: an admin, an operator or outlet staff.
#[derive(Debug, Clone)]
pub struct TicketWorker(pub Caller);

/// A caller who may read statistics: an admin, an operator or an auditor.
#[derive(Debug, Clone)]
pub struct StatsReader(pub Caller);

/// A caller at the hotline desk: an admin or an operator.
#[derive(Debug, Clone)]
pub struct HotlineDesk(pub Caller);

/// A caller who may download the directory's spreadsheets: an admin or an auditor.
#[derive(Debug, Clone)]
pub struct DataExporter(pub Caller);

/// A caller who may read the audit trails: an auditor only (admins are the audited).
#[derive(Debug, Clone)]
pub struct AuditReader(pub Caller);
