//! Storing imported boundaries: each in the regions table with a change-log
//! entry (so other replicas reload it) and an audit entry, all in one
//! transaction; shared by `PUT /api/v1/boundaries` and `ipr-service import boundaries`.

use chrono::NaiveDateTime;
use geo::CoordsIter;

use crate::db::{self, write_transaction, DbConn};
use crate::domain::audit::{Change, Who};
use crate::domain::boundary::boundary_to_geojson;
use crate::domain::boundary::import::Accepted;
use crate::domain::coords::CoordSys;
use crate::error::AppError;

/// Stores the accepted boundaries, all or none; `progress` is told after each.
pub fn store(
    conn: &mut DbConn,
    accepted: &[Accepted],
    (who, now): (&Who, NaiveDateTime),
    mut progress: impl FnMut(usize),
) -> Result<(), AppError> {
    write_transaction(conn, |conn| {
        for (n, a) in accepted.iter().enumerate() {
            let text = boundary_to_geojson(&a.shape, CoordSys::Wgs84).to_string();
            let change = Change::new("boundary.import", "boundary", &a.code).after(
                serde_json::json!({ "polygons": a.shape.0.len(), "points": a.shape.coords_count() }),
            );
            let logged = (db::changes::entity::REGION, a.code.as_str());
            db::changes::write_logged(conn, logged, |conn| {
                db::regions::set_boundary(conn, &a.code, Some(&text), now)?;
                Ok::<_, AppError>(db::audit::record(conn, who, &change, now)?)
            })?;
            progress(n + 1);
        }
        Ok(())
    })
}
