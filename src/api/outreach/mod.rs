//! Outreach campaigns (知识产权服务万里行): campaigns and their rules, events
//! recorded by the office or the organising outlet, outcomes, the outcome
//! summary per city and province, and public feeds (nearest, JSON-LD, iCalendar).

pub mod campaigns;
pub mod events;
pub mod feeds;
pub mod jsonld;
pub mod summary;

use crate::api::http::auth::Caller;
use crate::directory::Directory;
use crate::domain::vocab::Role;
use crate::outreach::events::OutletScope;

/// The outlets whose events a caller records: all for the office, their own
/// outlet and those under it for outlet staff.
pub fn scope(dir: &Directory, caller: &Caller) -> OutletScope {
    match (caller.role, &caller.outlet_id) {
        (Role::OutletStaff, Some(o)) => Some(dir.outlet_subtree(o)),
        (Role::OutletStaff, None) => Some(Vec::new()),
        _ => None,
    }
}
