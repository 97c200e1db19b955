//! Keeping this replica's in-memory directory in step with writes committed by
//! any replica: every such write logs a row in `directory_changes` in its own
//! transaction; each replica polls the log and reloads what changed.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use crate::db::changes::{self, entity};
use crate::db::{self, DbConn};
use crate::directory::catalogue::Catalogue;
use crate::domain::changefeed::ChangeCursor;
use crate::domain::outlet::Outlet;
use crate::domain::regions::Region;
use crate::error::AppError;
use crate::state::AppState;

/// Most changes read in one poll.
const BATCH: i64 = 1000;

/// What a batch of changes asks to reload.
#[derive(Debug, Default)]
struct Reload {
    outlets: BTreeSet<String>,
    regions: BTreeSet<String>,
    catalogue: bool,
}

/// The fresh state read from the database.
struct Fresh {
    outlets: Vec<Outlet>,
    regions: Vec<Region>,
    catalogue: Option<Catalogue>,
}

fn read(conn: &mut DbConn, reload: &Reload) -> anyhow::Result<Fresh> {
    let mut outlets = Vec::new();
    for id in &reload.outlets {
        if let Some(row) = db::outlets::find(conn, id)? {
            outlets.push(Outlet::try_from(row)?);
        }
    }
    let mut regions = Vec::new();
    for code in &reload.regions {
        if let Some(row) = db::regions::find(conn, code)? {
            regions.push(Region::try_from(row)?);
        }
    }
    let catalogue = if reload.catalogue {
        Some(Catalogue::load(conn)?)
    } else {
        None
    };
    Ok(Fresh {
        outlets,
        regions,
        catalogue,
    })
}

/// Reads the changes after the cursor and applies the new ones; returns how many were applied.
pub async fn poll(state: &AppState, cursor: &mut ChangeCursor) -> Result<usize, AppError> {
    let after = cursor.watermark();
    let rows = state
        .db(move |conn| Ok(changes::since(conn, after, BATCH)?))
        .await?;
    let mut reload = Reload::default();
    let mut applied = 0;
    for row in rows.iter().filter(|r| cursor.is_new(r.seq)) {
        applied += 1;
        match row.entity.as_str() {
            entity::OUTLET => {
                reload.outlets.insert(row.entity_key.clone());
            }
            entity::REGION => {
                reload.regions.insert(row.entity_key.clone());
            }
            _ => reload.catalogue = true,
        }
    }
    if applied > 0 {
        let fresh = state.db(move |conn| Ok(read(conn, &reload)?)).await?;
        let mut dir = state.directory_mut();
        for outlet in fresh.outlets {
            dir.put_outlet(&outlet)?;
        }
        dir.put_regions(fresh.regions)?;
        if let Some(catalogue) = fresh.catalogue {
            dir.replace_catalogue(catalogue);
        }
    }
    let seqs: Vec<i64> = rows.iter().map(|r| r.seq).collect();
    cursor.advance(&seqs, Instant::now());
    (state.metrics.applied_change).store(cursor.watermark(), std::sync::atomic::Ordering::Relaxed);
    Ok(applied)
}

/// Polls the change log every `every` until the process ends.
pub fn spawn_sync(state: AppState, mut cursor: ChangeCursor, every: Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = poll(&state, &mut cursor).await {
                tracing::warn!(error = %e, "reading the directory change log failed");
            }
        }
    });
}
