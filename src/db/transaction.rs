//! Write transactions on either backend, begun in one round trip with what
//! must come first in them.

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::result::Error as DieselError;
use diesel::Connection;

use super::DbConn;

/// Runs `f` in a write transaction (a savepoint when one is open). On SQLite the transaction is `BEGIN IMMEDIATE`,
/// so a read-then-write never fails with a stale snapshot under concurrent writers
/// (it waits on `busy_timeout` instead).
pub fn write_transaction<T, E>(
    conn: &mut DbConn,
    f: impl FnOnce(&mut DbConn) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<DieselError>,
{
    write_transaction_after(conn, "", f)
}

/// [`write_transaction`] whose first statements on PostgreSQL are
/// `postgres_prelude` (ignored on SQLite), sent with its `BEGIN` in one
/// round trip: a group commit's batch took four round trips to log a queue
/// page's disclosure (`BEGIN`, the prelude, the insert, `COMMIT`), now three.
pub fn write_transaction_after<T, E>(
    conn: &mut DbConn,
    postgres_prelude: &str,
    f: impl FnOnce(&mut DbConn) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<DieselError>,
{
    if in_transaction(conn)? {
        // A savepoint, the prelude its first statements (rolled back with it).
        return conn.transaction(|conn| {
            if let DbConn::Postgresql(pg) = &mut *conn {
                if !postgres_prelude.is_empty() {
                    pg.batch_execute(postgres_prelude)?;
                }
            }
            f(conn)
        });
    }
    begin(conn, postgres_prelude)?;
    let outcome = f(conn);
    match conn {
        DbConn::Sqlite(sqlite) => end(sqlite, outcome),
        DbConn::Postgresql(pg) => end(pg, outcome),
    }
}

/// Whether a transaction is open on the connection (a group commit's batch,
/// whose jobs then write in savepoints).
fn in_transaction(conn: &mut DbConn) -> Result<bool, DieselError> {
    let depth = match conn {
        DbConn::Sqlite(c) => {
            AnsiTransactionManager::transaction_manager_status_mut(c).transaction_depth()?
        }
        DbConn::Postgresql(c) => {
            AnsiTransactionManager::transaction_manager_status_mut(c).transaction_depth()?
        }
    };
    Ok(depth.is_some())
}

/// Opens the transaction, with the prelude on PostgreSQL.
fn begin(conn: &mut DbConn, postgres_prelude: &str) -> Result<(), DieselError> {
    match conn {
        DbConn::Sqlite(c) => AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE"),
        DbConn::Postgresql(c) if postgres_prelude.is_empty() => {
            AnsiTransactionManager::begin_transaction(c)
        }
        DbConn::Postgresql(c) => {
            let began = AnsiTransactionManager::begin_transaction_sql(
                c,
                &format!("BEGIN; {postgres_prelude}"),
            );
            if began.is_err() {
                // `BEGIN` may have run before the prelude failed, leaving an
                // aborted transaction diesel does not know of.
                let _ = c.batch_execute("ROLLBACK");
            }
            began
        }
    }
}

/// Commits on success, rolls back on failure.
fn end<C, T, E>(conn: &mut C, outcome: Result<T, E>) -> Result<T, E>
where
    C: Connection<TransactionManager = AnsiTransactionManager>,
    E: From<DieselError>,
{
    match outcome {
        Ok(value) => {
            AnsiTransactionManager::commit_transaction(conn)?;
            Ok(value)
        }
        Err(e) => {
            // The original error matters more than a failed rollback.
            let _ = AnsiTransactionManager::rollback_transaction(conn);
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use diesel::sql_types::Text;
    use diesel::RunQueryDsl;

    use super::*;
    use crate::db::pool::test_postgres_pool;

    #[derive(diesel::QueryableByName)]
    struct Named {
        #[diesel(sql_type = Text)]
        name: String,
    }

    /// Needs `TEST_POSTGRES_URL`; touches no table.
    #[test]
    fn postgres_prelude_runs_inside_and_a_failed_one_leaves_no_transaction() {
        let Some(pool) = test_postgres_pool() else {
            return;
        };
        let mut conn = pool.get().unwrap();
        let name = |conn: &mut DbConn| {
            diesel::sql_query("SELECT current_setting('application_name') AS name")
                .get_result::<Named>(conn)
                .map(|n| n.name)
        };
        let before = name(&mut conn).unwrap();
        let inside =
            write_transaction_after(&mut conn, "SET LOCAL application_name = 'inside'", |c| {
                let outer = name(c)?;
                // A job of a batch: a savepoint, its prelude its first statement.
                let nested =
                    write_transaction_after(c, "SET LOCAL application_name = 'nested'", name)?;
                Ok::<_, DieselError>((outer, nested))
            });
        assert_eq!(inside.unwrap(), ("inside".into(), "nested".into()));
        assert_eq!(
            name(&mut conn).unwrap(),
            before,
            "SET LOCAL ends with the transaction"
        );

        let failed = write_transaction_after(&mut conn, "SELECT no_such_function()", |_| Ok(()));
        assert!(matches!(failed, Err(DieselError::DatabaseError(..))));
        assert!(!in_transaction(&mut conn).unwrap());
        // Not left in an aborted transaction: the next statement runs.
        assert_eq!(name(&mut conn).unwrap(), before);
    }
}
