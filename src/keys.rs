//! API keys and secrets: generation, hashing and rotation, shared by the API and the CLI.

use chrono::Utc;
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

/// Makes a 256-bit random key for a role.
pub fn generate_key(role: Role, outlet_id: Option<String>, label: Option<String>) -> NewKey {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let secret = format!("{KEY_PREFIX}{}", hex::encode(bytes));
    let row = ApiKeyRow {
        id: uuid::Uuid::now_v7().to_string(),
        key_hash: hash_key(&secret),
        role: role.as_str().to_owned(),
        outlet_id,
        label,
        created_at: Utc::now().naive_utc(),
        last_used_at: None,
        revoked_at: None,
    };
    NewKey { secret, row }
}

/// SHA-256 of a key. Keys carry 256 random bits, so a fast hash is enough:
/// there is nothing to brute-force that a slow password hash would protect.
pub fn hash_key(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Revokes a key and stores its successor (inside a transaction).
pub fn rotate(conn: &mut db::DbConn, id: &str) -> Result<NewKey, AppError> {
    let old = db::security::key(conn, id)?
        .filter(|k| k.revoked_at.is_none())
        .ok_or_else(|| AppError::not_found(Resource::Key, id))?;
    let role: Role = old.role.parse().map_err(anyhow::Error::from)?;
    db::security::revoke(conn, id, Utc::now().naive_utc())?;
    let new = generate_key(role, old.outlet_id, old.label);
    db::api_keys::insert(conn, &new.row)?;
    Ok(new)
}
