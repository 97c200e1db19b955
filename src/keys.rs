//! API keys and secrets: generation, hashing and rotation, shared by the API and the CLI.

use chrono::{NaiveDateTime, Utc};
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::db::{self, api_keys::ApiKeyRow};
use crate::domain::vocab::Role;
use crate::error::{AppError, Resource};

/// Prefix that makes keys recognisable in logs and secret scanners.
const KEY_PREFIX: &str = "ipr_";

/// A new key: the secret (shown once) and the row to store.
pub struct NewKey {
    /// The secret to hand to the client.
    pub secret: String,
    /// What is stored (hash only).
    pub row: ApiKeyRow,
}

/// What a new key is for and who makes it.
#[derive(Debug, Clone)]
pub struct KeySpec {
    /// The role.
    pub role: Role,
    /// For outlet staff: the outlet.
    pub outlet_id: Option<String>,
    /// Who holds it.
    pub label: Option<String>,
    /// When it stops working.
    pub expires_at: Option<NaiveDateTime>,
    /// The key that makes it (`None`: the CLI on the server).
    pub created_by: Option<String>,
    /// For commissioners and envoys: the person.
    pub person_id: Option<String>,
}

impl KeySpec {
    /// A key made on the server (no maker key), never expiring.
    pub fn new(role: Role, outlet_id: Option<String>, label: Option<String>) -> Self {
        Self {
            role,
            outlet_id,
            label,
            expires_at: None,
            created_by: None,
            person_id: None,
        }
    }
}

/// Makes a 256-bit random key.
pub fn generate_key(spec: KeySpec) -> NewKey {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let secret = format!("{KEY_PREFIX}{}", hex::encode(bytes));
    let row = ApiKeyRow {
        id: uuid::Uuid::now_v7().to_string(),
        key_hash: hash_key(&secret),
        role: spec.role.as_str().to_owned(),
        outlet_id: spec.outlet_id,
        label: spec.label,
        created_at: Utc::now().naive_utc(),
        last_used_at: None,
        revoked_at: None,
        created_by: spec.created_by,
        expires_at: spec.expires_at,
        person_id: spec.person_id,
    };
    NewKey { secret, row }
}

/// SHA-256 of a key. Keys carry 256 random bits, so a fast hash is enough:
/// there is nothing to brute-force that a slow password hash would protect.
pub fn hash_key(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Revokes a key and stores its successor with the same role, outlet, label
/// and expiry, made by `by` (inside a transaction).
pub fn rotate(conn: &mut db::DbConn, id: &str, by: Option<String>) -> Result<NewKey, AppError> {
    let old = db::security::key(conn, id)?
        .filter(|k| k.revoked_at.is_none())
        .ok_or_else(|| AppError::not_found(Resource::Key, id))?;
    let role: Role = old.role.parse().map_err(anyhow::Error::from)?;
    db::security::revoke(conn, id, Utc::now().naive_utc())?;
    let new = generate_key(KeySpec {
        role,
        outlet_id: old.outlet_id,
        label: old.label,
        expires_at: old.expires_at,
        created_by: by,
        person_id: old.person_id,
    });
    db::api_keys::insert(conn, &new.row)?;
    Ok(new)
}
