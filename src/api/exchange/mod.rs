//! Spreadsheet exchange (admin): `GET /export/{dataset}.csv` and `POST /import/{dataset}`.

pub mod export;
pub mod import;
