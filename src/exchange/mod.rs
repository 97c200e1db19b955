//! Data exchange with spreadsheets (数据交换): each dataset (regions, outlets,
//! service matters, opening hours) exports as a CSV file and imports from
//! one. An import checks every row first and applies nothing unless all pass
//! (or the caller asks for the valid rows); rows carry ids, so existing
//! records are updated and new ones created, through the same writes as the
//! API ([`crate::directory::store`]). Nothing is deleted: an outlet row with
//! `status=closed` closes the outlet.
//!
//! Export → import into an empty database → export gives the same bytes.

mod apply;
mod hours;
mod matters;
mod outlets;
mod regions;
pub mod table;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::directory::catalogue::MatterRecord;
use crate::directory::Directory;
use crate::domain::coords::CoordSys;
use crate::domain::hours::OpeningHours;
use crate::domain::outlet::Outlet;
use crate::domain::regions::Region;
pub use apply::{apply, refresh, Applied};
use table::RowError;

/// What a file holds.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    ToSchema,
    strum::EnumString,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Dataset {
    /// Regions and parks (行政区划与园区): code, name, level, parent, seat.
    Regions,
    /// Service outlets (服务网点).
    Outlets,
    /// Service matters (服务事项) with their guides.
    Matters,
    /// Opening hours (办公时间) of open outlets.
    Hours,
}

impl Dataset {
    /// The file's columns, in export order.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            Dataset::Regions => &regions::COLUMNS,
            Dataset::Outlets => &outlets::COLUMNS,
            Dataset::Matters => &matters::COLUMNS,
            Dataset::Hours => &hours::COLUMNS,
        }
    }

    /// The dataset's name, as in paths and on the command line.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// One change an import will make.
#[derive(Debug, Clone)]
pub enum Planned {
    /// A region created (`is_new`) or renamed, recategorised or moved.
    Region { region: Region, is_new: bool },
    /// An outlet created (`before` is `None`), changed or closed.
    Outlet {
        outlet: Outlet,
        before: Option<Box<Outlet>>,
    },
    /// A matter published or replaced.
    Matter {
        record: Box<MatterRecord>,
        before: Option<Box<MatterRecord>>,
    },
    /// An outlet's hours set or replaced.
    Hours {
        outlet_id: String,
        hours: Box<OpeningHours>,
        before: Option<Box<OpeningHours>>,
    },
}

/// A checked file: the changes of the rows that passed, the rows that
/// change nothing, and the rows refused.
#[derive(Debug, Default)]
pub struct Checked {
    /// Rows in the file.
    pub rows: usize,
    /// Changes of the rows that passed.
    pub planned: Vec<Planned>,
    /// Rows equal to what is stored.
    pub unchanged: usize,
    /// Rows refused, in file order.
    pub refused: Vec<RowError>,
}

/// The dataset as CSV bytes (BOM, header, rows in key order), positions in `sys`.
pub fn export(dir: &Directory, dataset: Dataset, sys: CoordSys) -> Vec<u8> {
    let rows = match dataset {
        Dataset::Regions => regions::export(dir, sys),
        Dataset::Outlets => outlets::export(dir, sys),
        Dataset::Matters => matters::export(dir),
        Dataset::Hours => hours::export(dir),
    };
    table::write(dataset.columns(), rows)
}

/// Checks a file against the directory; a file that cannot be read at all
/// (not CSV, unknown columns) is one refusal.
pub fn check(
    dir: &Directory,
    dataset: Dataset,
    bytes: &[u8],
    (sys, now): (CoordSys, DateTime<Utc>),
) -> Checked {
    let key = dataset.columns()[0];
    let table = match table::read(bytes, dataset.columns(), key) {
        Ok(table) => table,
        Err(refused) => {
            return Checked {
                refused: vec![refused],
                ..Default::default()
            }
        }
    };
    let mut checked = match dataset {
        Dataset::Regions => regions::check(dir, &table, sys),
        Dataset::Outlets => outlets::check(dir, &table, (sys, now)),
        Dataset::Matters => matters::check(dir, &table, now),
        Dataset::Hours => hours::check(dir, &table),
    };
    checked.rows = table.len();
    checked
}

/// A position's coordinate in a file: six decimals (about 0.1 m).
fn coordinate(value: f64) -> String {
    format!("{value:.6}")
}

/// Same position within the precision of a file after a datum round trip (1.5e-6°, under 0.2 m).
fn same_position(a: (f64, f64), b: (f64, f64)) -> bool {
    (a.0 - b.0).abs() < 1.5e-6 && (a.1 - b.1).abs() < 1.5e-6
}
