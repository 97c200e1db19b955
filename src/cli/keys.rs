//! `ipr-service keys`: the security administrator's keys on the server
//! (admin and auditor keys are made only here), each action audited.

use clap::Subcommand;

use crate::config::Config;
use crate::db;
use crate::domain::audit::{Change, Who};
use crate::domain::vocab::Role;
use crate::keys::{generate_key, KeySpec};
use crate::startup::prepare_database;

/// What to do with keys.
#[derive(Debug, Subcommand)]
pub enum KeysAction {
    /// Create a key; the key itself is printed alone on the last line.
    Create {
        /// admin, operator, outlet_staff, auditor, open311_client, commissioner or envoy.
        #[arg(long)]
        role: Role,
        /// The outlet an outlet_staff key is scoped to.
        #[arg(long)]
        outlet: Option<String>,
        /// The person (programme pool id) a commissioner or envoy key belongs to.
        #[arg(long)]
        person: Option<String>,
        /// A note on who holds the key.
        #[arg(long)]
        label: Option<String>,
        /// Days until the key stops working (default: never).
        #[arg(long)]
        expires_in_days: Option<u32>,
    },
    /// List keys (never their secrets), newest first.
    List,
    /// Revoke a key at once.
    Revoke {
        /// The key id.
        id: String,
    },
    /// Replace a key by a new one with the same role, printed alone on the last line.
    Rotate {
        /// The key id.
        id: String,
    },
}

pub fn manage_keys(config: &Config, action: &KeysAction) -> anyhow::Result<()> {
    let pool = prepare_database(config, false)?;
    let mut conn = pool.get()?;
    match action {
        KeysAction::Create { .. } => unreachable!("handled by create_key"),
        KeysAction::List => {
            for k in db::security::keys(&mut conn)? {
                let state = k
                    .revoked_at
                    .map_or("active".to_owned(), |t| format!("revoked {t}"));
                let used = k
                    .last_used_at
                    .map_or("never used".to_owned(), |t| format!("last used {t}"));
                let outlet = k.outlet_id.unwrap_or_default();
                println!(
                    "{}\t{}\t{outlet}\t{}\t{used}\t{state}",
                    k.id,
                    k.role,
                    k.label.unwrap_or_default()
                );
            }
        }
        KeysAction::Revoke { id } => {
            let now = chrono::Utc::now().naive_utc();
            db::write_transaction(&mut conn, |c| {
                if db::security::revoke(c, id, now)? != 1 {
                    return Err(anyhow::anyhow!("no active key {id}"));
                }
                let change = Change::new("key.revoke", "key", id);
                Ok(db::audit::record(c, &Who::server(), &change, now)?)
            })?;
            eprintln!("revoked key {id}");
        }
        KeysAction::Rotate { id } => {
            let now = chrono::Utc::now().naive_utc();
            let new = db::write_transaction(&mut conn, |c| {
                let new = crate::keys::rotate(c, id, None)?;
                let change = Change::new("key.rotate", "key", id).after(&new.row.id);
                db::audit::record(c, &Who::server(), &change, now)?;
                Ok::<_, crate::error::AppError>(new)
            })
            .map_err(|e| anyhow::anyhow!("{e}"))?;
            eprintln!(
                "revoked key {id}; its successor is {} (store the key now: it is not shown again)",
                new.row.id
            );
            println!("{}", new.secret);
        }
    }
    Ok(())
}

/// Checks that a key names exactly what its role needs: an outlet for outlet
/// staff, a person of the same role for commissioners and envoys.
fn check_scope(conn: &mut db::DbConn, spec: &KeySpec) -> anyhow::Result<()> {
    let role = spec.role;
    anyhow::ensure!(
        (role == Role::OutletStaff) == spec.outlet_id.is_some(),
        "--outlet is required for outlet_staff keys and only for them"
    );
    anyhow::ensure!(
        matches!(role, Role::Commissioner | Role::Envoy) == spec.person_id.is_some(),
        "--person is required for commissioner and envoy keys and only for them"
    );
    if let Some(id) = &spec.outlet_id {
        anyhow::ensure!(db::outlets::exists(conn, id)?, "outlet {id} does not exist");
    }
    if let Some(id) = &spec.person_id {
        let person = db::programmes::people::find(conn, id)?;
        anyhow::ensure!(
            person.is_some_and(|p| p.draft.role.as_str() == role.as_str()),
            "no {} {id} in the programme pool",
            role.as_str()
        );
    }
    Ok(())
}

pub fn create_key(config: &Config, spec: KeySpec) -> anyhow::Result<()> {
    let pool = prepare_database(config, false)?;
    let mut conn = pool.get()?;
    check_scope(&mut conn, &spec)?;
    let (role, expires_at) = (spec.role, spec.expires_at);
    let key = generate_key(spec);
    let change = Change::new("key.create", "key", &key.row.id).after(serde_json::json!({
        "role": role.as_str(), "outlet_id": &key.row.outlet_id, "person_id": &key.row.person_id,
        "label": &key.row.label,
        "expires_at": expires_at, "created_by": null,
    }));
    db::write_transaction(&mut conn, |c| {
        db::api_keys::insert(c, &key.row)?;
        db::audit::record(c, &Who::server(), &change, key.row.created_at)
    })?;
    eprintln!(
        "created {} key {} (store it now: it is not shown again)",
        role.as_str(),
        key.row.id
    );
    println!("{}", key.secret);
    Ok(())
}
