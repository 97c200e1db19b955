//! Outreach campaigns (知识产权服务万里行) and their events (pure rules): the
//! outcome summary, the campaign's per-city rules, and the iCalendar feed.

pub mod event;
pub mod ical;
pub mod summary;
pub mod vocab;
