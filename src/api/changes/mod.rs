//! The change feed: every directory change in commit order, resumable.

pub mod feed;
