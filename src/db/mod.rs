//! Storage: one diesel `MultiConnection` over SQLite (embedded default) and
//! PostgreSQL (multi-replica deployments), chosen by the database URL scheme.

pub mod access_log;
pub mod agencies;
pub mod api_keys;
pub mod audit;
pub mod backup;
pub mod calendar;
pub mod changes;
pub mod deadlines;
pub mod deliveries;
pub mod durability;
pub mod evaluation;
pub mod group_commit;
pub mod hotline_rules;
pub mod knowledge;
pub mod matters;
pub mod metrics;
pub mod migrations;
pub mod open311;
pub mod outlets;
pub mod outreach;
pub mod plans;
pub mod pool;
pub mod programmes;
pub mod rate_limits;
pub mod regions;
pub mod retention;
pub mod schema;
pub mod security;
pub mod stats;
pub mod stored_time;
pub mod tickets;
pub mod transaction;
pub mod webhooks;

pub use migrations::{pending_migrations, revert_migrations_to, run_migrations};
pub use pool::{connect_pool, DbPool};

pub use transaction::{write_transaction, write_transaction_after};

use diesel::{PgConnection, SqliteConnection};

/// A connection to either backend. Queries written against the shared schema run on both.
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    /// PostgreSQL, for several replicas on one database.
    Postgresql(PgConnection),
    /// SQLite, the embedded default.
    Sqlite(SqliteConnection),
}

/// Inserts a slice of rows into a table with multi-row statements (diesel
/// has those per backend only), a few hundred rows a statement: far below
/// both backends' caps on parameters for tables of up to 60 columns.
macro_rules! insert_many {
    ($conn:expr, $table:expr, $rows:expr) => {{
        let rows = $rows;
        for chunk in rows.chunks(500) {
            match &mut *$conn {
                $crate::db::DbConn::Sqlite(c) => {
                    ::diesel::RunQueryDsl::execute(::diesel::insert_into($table).values(chunk), c)?
                }
                $crate::db::DbConn::Postgresql(c) => {
                    ::diesel::RunQueryDsl::execute(::diesel::insert_into($table).values(chunk), c)?
                }
            };
        }
    }};
}

pub(crate) use insert_many;

/// A stored optional position (both columns or neither).
pub fn stored_point(
    lng: Option<f64>,
    lat: Option<f64>,
) -> anyhow::Result<Option<crate::domain::point::LngLat>> {
    match (lng, lat) {
        (Some(lng), Some(lat)) => Ok(Some(crate::domain::point::LngLat::new(lng, lat)?)),
        _ => Ok(None),
    }
}

/// Copies a SQLite log's committed pages into the database file, without
/// waiting for readers (`PASSIVE`); nothing on PostgreSQL. Bulk seeding calls
/// it every few batches: the automatic checkpoint was not seen to run there,
/// and the log of a 1,000,000-ticket seed grew to 45 GB before it was stopped.
pub fn checkpoint(conn: &mut DbConn) -> diesel::QueryResult<()> {
    use diesel::connection::SimpleConnection;
    match conn {
        DbConn::Sqlite(c) => c.batch_execute("PRAGMA wal_checkpoint(PASSIVE)"),
        DbConn::Postgresql(_) => Ok(()),
    }
}

/// Vacuums and gathers the planner's statistics after a bulk load, on
/// PostgreSQL (a no-op on SQLite, whose planner does well on its own here),
/// as PostgreSQL's manual advises for a freshly populated database. Until
/// autovacuum gets to a freshly loaded table (or forever, where it is turned
/// off), PostgreSQL plans as if it were empty: at 1,000,000 seeded tickets a
/// queue page read its 51 tickets' histories with a parallel scan of the
/// whole table (273 ms) instead of the index (1.4 ms). And until a vacuum
/// marks the pages visible to all, the covering index of the histories
/// (`ticket_events_clock`) cannot answer on its own: each page's 51
/// histories were read from the table's pages too.
/// Outside any transaction (`VACUUM` refuses to run in one).
pub fn vacuum_analyze(conn: &mut DbConn) -> diesel::QueryResult<()> {
    use diesel::connection::SimpleConnection;
    match conn {
        DbConn::Postgresql(c) => c.batch_execute("VACUUM (ANALYZE)"),
        DbConn::Sqlite(_) => Ok(()),
    }
}
