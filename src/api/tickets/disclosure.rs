//! Showing tickets to a key holder: outlets named, the reader's next actions
//! listed, personal data masked by role, and every full view logged (who,
//! when, which ticket) before the response leaves.

use chrono::Utc;

use crate::api::http::auth::Caller;
use crate::api::tickets::dto::TicketDto;
use crate::db::access_log::Disclosure;
use crate::db::group_commit::Durability;
use crate::error::AppError;
use crate::state::AppState;

/// Masks what the caller may not see and logs what it sees in full.
pub async fn disclose(
    state: &AppState,
    caller: &Caller,
    tickets: Vec<TicketDto>,
    purpose: &'static str,
) -> Result<Vec<TicketDto>, AppError> {
    let mut log = Disclosure::new(
        Utc::now().naive_utc(),
        (&caller.key_id, caller.role.as_str()),
        purpose,
        "ticket",
    );
    let shown: Vec<TicketDto> = {
        let dir = state.directory();
        tickets
            .into_iter()
            .map(|t| {
                let (t, full) = t.for_reader(&dir, caller.role).with_privacy(caller);
                if full {
                    log.record_ids.push(t.id.clone());
                }
                t
            })
            .collect()
    };
    if !log.record_ids.is_empty() {
        // Shares a commit with other requests' entries (and intakes): every
        // queue read by an operator logs. Written before the answer leaves,
        // without waiting for the disk (see `Durability::Written`).
        state
            .intake
            .run_as(Durability::Written, move |conn| {
                conn.log_access(log.clone());
                Ok(())
            })
            .await?;
    }
    Ok(shown)
}

/// One ticket through [`disclose`].
pub async fn disclose_one(
    state: &AppState,
    caller: &Caller,
    ticket: TicketDto,
    purpose: &'static str,
) -> Result<TicketDto, AppError> {
    let mut shown = disclose(state, caller, vec![ticket], purpose).await?;
    Ok(shown.remove(0))
}
