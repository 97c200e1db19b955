//! How durable a commit is before it returns (落盘): flushed to the disk, or
//! only written to the log.
//!
//! Every commit on this service's connections waits for the disk by default
//! (SQLite `synchronous = FULL`, PostgreSQL `synchronous_commit = on`), so
//! what a caller is told is stored survives a power cut. Writes that can be
//! made again from what is already durable need not wait: the overdue
//! sweep's escalations and recomputed deadlines (the next sweep finds the
//! same tickets overdue, or the same summaries stale, and writes them again),
//! and the personal-data access log of a read (see the group commit,
//! `db::group_commit`).
//! Such a commit survives a crash of the service at once, and a crash of the
//! machine once the next flushed commit or checkpoint has run.

use diesel::connection::SimpleConnection;
use diesel::result::Error as DieselError;

use super::{write_transaction_after, DbConn};

/// [`super::write_transaction`] whose commit returns once the log is written, not
/// once it is on the disk. For writes that are made again when lost (see the
/// module's description); never for what a caller is told is stored.
/// Called outside any transaction: SQLite refuses to change the setting
/// inside one.
pub fn unflushed_write_transaction<T, E>(
    conn: &mut DbConn,
    f: impl FnOnce(&mut DbConn) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<DieselError>,
{
    sqlite_synchronous(conn, "NORMAL")?;
    let outcome = write_transaction_after(conn, POSTGRES_COMMIT_WITHOUT_FLUSH, f);
    restore_flushing(conn);
    outcome
}

/// Sets SQLite's `synchronous` for the connection's next commits (outside a
/// transaction; nothing on PostgreSQL).
pub fn sqlite_synchronous(conn: &mut DbConn, level: &str) -> Result<(), DieselError> {
    match conn {
        DbConn::Sqlite(c) => c.batch_execute(&format!("PRAGMA synchronous = {level}")),
        DbConn::Postgresql(_) => Ok(()),
    }
}

/// Sets a SQLite connection back to flushing every commit after an unflushed
/// one. Should that fail, the pool sets it again when the connection is next
/// checked out ([`super::pool::DbManager`]).
pub fn restore_flushing(conn: &mut DbConn) {
    if let Err(e) = sqlite_synchronous(conn, "FULL") {
        tracing::warn!(error = %e, "restoring synchronous = FULL");
    }
}

/// PostgreSQL's statement that makes the transaction's commit answer before
/// its WAL is flushed (`SET LOCAL`: the setting ends with the transaction).
pub const POSTGRES_COMMIT_WITHOUT_FLUSH: &str = "SET LOCAL synchronous_commit = off";

#[cfg(test)]
mod tests {
    use diesel::sql_types::Text;
    use diesel::RunQueryDsl;

    use super::*;
    use crate::config::DatabaseUrl;
    use crate::db::connect_pool;
    use crate::db::pool::test_postgres_pool;

    #[derive(diesel::QueryableByName)]
    struct Setting {
        #[diesel(sql_type = Text)]
        value: String,
    }

    /// SQLite's `synchronous` (1 NORMAL, 2 FULL) or PostgreSQL's `synchronous_commit`.
    fn flushing(conn: &mut DbConn) -> String {
        let sql = match conn {
            DbConn::Sqlite(_) => {
                "SELECT CAST(synchronous AS TEXT) AS value FROM pragma_synchronous"
            }
            DbConn::Postgresql(_) => "SELECT current_setting('synchronous_commit') AS value",
        };
        let found: Setting = diesel::sql_query(sql).get_result(conn).unwrap();
        found.value
    }

    fn rows(conn: &mut DbConn) -> usize {
        diesel::sql_query("SELECT CAST(v AS TEXT) AS value FROM t")
            .load::<Setting>(conn)
            .unwrap()
            .len()
    }

    /// Inside: not flushing; after: flushing again, the row kept (or, on an
    /// error, rolled back).
    fn commits_unflushed_then_flushes_again(conn: &mut DbConn, table: &str, during: &str) {
        conn.batch_execute(&format!("CREATE {table} t (v INTEGER)"))
            .unwrap();
        let seen = unflushed_write_transaction(conn, |conn| {
            diesel::sql_query("INSERT INTO t (v) VALUES (1)").execute(conn)?;
            Ok::<_, DieselError>(flushing(conn))
        });
        assert_eq!(seen.unwrap(), during);
        let failed = unflushed_write_transaction(conn, |conn| {
            diesel::sql_query("INSERT INTO t (v) VALUES (2)").execute(conn)?;
            Err::<(), _>(DieselError::RollbackTransaction)
        });
        assert!(failed.is_err());
        assert_eq!(rows(conn), 1);
        assert_ne!(flushing(conn), during);
    }

    #[test]
    fn sqlite_commits_without_flushing_then_flushes_again() {
        let dir = tempfile::tempdir().unwrap();
        let url: DatabaseUrl = format!("sqlite://{}/d.db", dir.path().display())
            .parse()
            .unwrap();
        let mut conn = connect_pool(&url, 1).unwrap().get().unwrap();
        assert_eq!(flushing(&mut conn), "2");
        commits_unflushed_then_flushes_again(&mut conn, "TABLE", "1");
        assert_eq!(flushing(&mut conn), "2");
    }

    /// Needs `TEST_POSTGRES_URL`; a temporary table, so no database of its own.
    #[test]
    fn postgres_commits_without_flushing_then_flushes_again() {
        let Some(pool) = test_postgres_pool() else {
            return;
        };
        let mut conn = pool.get().unwrap();
        commits_unflushed_then_flushes_again(&mut conn, "TEMPORARY TABLE", "off");
        assert_eq!(flushing(&mut conn), "on");
    }
}
