//! What the key endpoints take and answer. Secrets are shown once.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::api_keys::ApiKeyRow;
use crate::domain::vocab::Role;

/// An API key, without its secret.
#[derive(Debug, Serialize, ToSchema)]
pub struct KeyDto {
    /// Key id.
    pub id: String,
    /// What it may do.
    #[schema(value_type = crate::domain::vocab::Role)]
    pub role: String,
    /// For outlet staff: the outlet (and the outlets under it) it is scoped to.
    pub outlet_id: Option<String>,
    /// For commissioners and envoys: the person it belongs to.
    pub person_id: Option<String>,
    /// Who holds it.
    pub label: Option<String>,
    /// When it was created.
    #[serde(serialize_with = "crate::domain::calendar::instant::serialize")]
    #[schema(value_type = String, format = DateTime, example = "2026-12-02T09:30:00+08:00")]
    pub created_at: DateTime<Utc>,
    /// When it was last used (to the minute).
    #[serde(serialize_with = "crate::domain::calendar::instant::serialize_opt")]
    #[schema(value_type = Option<String>, format = DateTime, example = "2026-12-02T09:30:00+08:00")]
    pub last_used_at: Option<DateTime<Utc>>,
    /// When it was revoked.
    #[serde(serialize_with = "crate::domain::calendar::instant::serialize_opt")]
    #[schema(value_type = Option<String>, format = DateTime, example = "2026-12-02T09:30:00+08:00")]
    pub revoked_at: Option<DateTime<Utc>>,
    /// When it stops working; `null`: never.
    #[serde(serialize_with = "crate::domain::calendar::instant::serialize_opt")]
    #[schema(value_type = Option<String>, format = DateTime, example = "2027-06-30T00:00:00+08:00")]
    pub expires_at: Option<DateTime<Utc>>,
    /// The key that made it; `null` for keys made on the server with the CLI.
    pub created_by: Option<String>,
    /// Whether the key can read reporters' personal data in full (operator, outlet staff).
    pub reads_personal_data: bool,
}

impl From<ApiKeyRow> for KeyDto {
    fn from(r: ApiKeyRow) -> Self {
        let reads_personal_data =
            r.role == Role::Operator.as_str() || r.role == Role::OutletStaff.as_str();
        Self {
            id: r.id,
            role: r.role,
            outlet_id: r.outlet_id,
            person_id: r.person_id,
            label: r.label,
            created_at: r.created_at.and_utc(),
            last_used_at: r.last_used_at.map(|t| t.and_utc()),
            revoked_at: r.revoked_at.map(|t| t.and_utc()),
            expires_at: r.expires_at.map(|t| t.and_utc()),
            reads_personal_data,
            created_by: r.created_by,
        }
    }
}

/// A new key and its secret, shown this once.
#[derive(Debug, Serialize, ToSchema)]
pub struct NewKeyDto {
    /// The key.
    pub key: KeyDto,
    /// Send as `Authorization: Bearer <secret>`; only its hash is stored.
    pub secret: String,
}

/// A key to create.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct KeyInput {
    /// The role: `operator`, `outlet_staff`, `open311_client`, `commissioner`
    /// or `envoy` (admin and auditor keys are made on the server with the CLI).
    pub role: Role,
    /// Required for `outlet_staff`, refused for other roles.
    #[schema(pattern = "^[A-Za-z0-9_-]{1,64}$")]
    pub outlet_id: Option<String>,
    /// Required for `commissioner` and `envoy` keys (the person in the
    /// programme pool, of that role), refused for other roles.
    #[schema(pattern = "^[A-Za-z0-9_-]{1,64}$")]
    pub person_id: Option<String>,
    /// Who holds it (at most 200 characters).
    #[schema(max_length = 200)]
    pub label: Option<String>,
    /// When it stops working (RFC 3339, in the future); omitted: never.
    #[schema(value_type = Option<String>, format = DateTime, example = "2027-06-30T00:00:00+08:00")]
    pub expires_at: Option<DateTime<chrono::FixedOffset>>,
}
