//! Programmes on the network: the pool of service commissioners (服务专员)
//! and special envoys (特派员), service targets, assignments, visits and their
//! rules, archives and evaluations, tickets handed to commissioners, and the
//! public counts per region.

pub mod archive;
pub mod assignments;
pub mod compliance;
pub mod dto;
pub mod handovers;
pub mod people;
pub mod region_sets;
pub mod summary;
pub mod targets;
pub mod visits;

use crate::api::http::auth::{Caller, ProgrammeCaller};
use crate::db::access_log::Disclosure;
use crate::db::group_commit::Durability;
use crate::error::AppError;
use crate::programmes::access::Actor;
use crate::state::AppState;

impl ProgrammeCaller {
    /// The caller as a programme actor.
    pub fn actor(&self) -> Result<Actor, AppError> {
        actor(&self.0)
    }
}

/// A key's programme actor.
pub fn actor(c: &Caller) -> Result<Actor, AppError> {
    Actor::of(c.role, &c.key_id, c.person_id.as_deref())
}

/// Logs full views of people's contacts (shares the intake's commit).
pub async fn log_views(state: &AppState, log: Disclosure) -> Result<(), AppError> {
    if log.record_ids.is_empty() {
        return Ok(());
    }
    state
        .intake
        .run_as(Durability::Written, move |conn| {
            conn.log_access(log.clone());
            Ok(())
        })
        .await
}
