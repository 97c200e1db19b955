//! Which tickets a caller may see and act on: everything for operators, the
//! tickets of their own outlet and the outlets under it for outlet staff.

use crate::db::{self, DbConn};
use crate::directory::Directory;
use crate::domain::ticket::{Event, Ticket};
use crate::domain::vocab::Role;
use crate::error::{AppError, Resource};

/// The outlets whose tickets a caller may see: `None` for all.
pub type Scope = Option<Vec<String>>;

/// The scope of a key's role (and, for outlet staff, its outlet); 403 for roles without a queue.
pub fn scope(dir: &Directory, role: Role, outlet_id: Option<&str>) -> Result<Scope, AppError> {
    match role {
        Role::Admin | Role::Operator => Ok(None),
        Role::OutletStaff => Ok(Some(
            dir.outlet_subtree(outlet_id.ok_or(AppError::Forbidden)?),
        )),
        Role::Auditor | Role::Open311Client | Role::Commissioner | Role::Envoy => {
            Err(AppError::Forbidden)
        }
    }
}

/// Whether a ticket is assigned or escalated to an outlet in scope.
pub fn in_scope(scope: &Scope, t: &Ticket) -> bool {
    let within = |s: &Vec<String>, o: &Option<String>| o.as_ref().is_some_and(|o| s.contains(o));
    scope
        .as_ref()
        .is_none_or(|s| within(s, &t.outlet_id) || within(s, &t.escalated_to))
}

/// Loads a ticket and its history, as a 404 when it is out of the caller's scope.
pub fn load_in_scope(
    conn: &mut DbConn,
    id: &str,
    scope: &Scope,
) -> Result<(Ticket, Vec<Event>), AppError> {
    let ticket = db::tickets::find(conn, id)?
        .filter(|t| in_scope(scope, t))
        .ok_or_else(|| AppError::not_found(Resource::Ticket, id))?;
    let history = db::tickets::events(conn, &ticket.id)?;
    Ok((ticket, history))
}
