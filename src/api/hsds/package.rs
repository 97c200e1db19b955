//! The HSDS Tabular Data Package: a zip with `datapackage.json` and one CSV
//! per HSDS table, the same objects as the JSON endpoints, flattened.

use std::collections::BTreeMap;
use std::io::Write;

use actix_web::http::header;
use actix_web::{get, web, HttpResponse};
use chrono::NaiveDate;
use serde_json::{json, Value};
use zip::write::SimpleFileOptions;

use super::map;
use crate::api::http::extract::ValidQuery;
use crate::api::http::params::NoQuery;
use crate::directory::Directory;
use crate::domain::calendar::local_date;
use crate::error::AppError;
use crate::state::AppState;

/// The tables: (name, file, columns), in the package's order.
const TABLES: [(&str, &str, &[&str]); 8] = [
    (
        "organization",
        "organizations.csv",
        &[
            "id",
            "name",
            "alternate_name",
            "description",
            "email",
            "website",
            "parent_organization_id",
        ],
    ),
    (
        "location",
        "locations.csv",
        &[
            "id",
            "location_type",
            "organization_id",
            "name",
            "alternate_name",
            "description",
            "latitude",
            "longitude",
        ],
    ),
    (
        "address",
        "addresses.csv",
        &[
            "id",
            "location_id",
            "address_1",
            "city",
            "region",
            "state_province",
            "postal_code",
            "country",
            "address_type",
        ],
    ),
    (
        "phone",
        "phones.csv",
        &[
            "id",
            "location_id",
            "service_id",
            "organization_id",
            "number",
            "type",
        ],
    ),
    (
        "service",
        "services.csv",
        &[
            "id",
            "organization_id",
            "name",
            "alternate_name",
            "description",
            "url",
            "email",
            "status",
            "application_process",
            "fees_description",
            "eligibility_description",
            "wait_time",
            "alert",
            "last_modified",
        ],
    ),
    (
        "service_at_location",
        "service_at_locations.csv",
        &["id", "service_id", "location_id", "description"],
    ),
    (
        "schedule",
        "schedules.csv",
        &[
            "id",
            "location_id",
            "valid_from",
            "valid_to",
            "timezone",
            "freq",
            "wkst",
            "byday",
            "opens_at",
            "closes_at",
            "attending_type",
            "description",
            "notes",
        ],
    ),
    (
        "required_document",
        "required_documents.csv",
        &["id", "service_id", "document"],
    ),
];

/// Nested arrays and the table their members go to.
const NESTED: [(&str, &str); 5] = [
    ("phones", "phone"),
    ("addresses", "address"),
    ("schedules", "schedule"),
    ("required_documents", "required_document"),
    ("service_at_locations", "service_at_location"),
];

fn field_type(column: &str) -> &'static str {
    match column {
        "latitude" | "longitude" | "timezone" => "number",
        "last_modified" => "datetime",
        "valid_from" | "valid_to" => "date",
        _ => "string",
    }
}

/// Puts an object into its table and its nested arrays into theirs.
fn flatten(table: &'static str, object: &Value, rows: &mut BTreeMap<&'static str, Vec<Value>>) {
    for (key, nested) in NESTED {
        for member in object[key].as_array().into_iter().flatten() {
            flatten(nested, member, rows);
        }
    }
    rows.entry(table).or_default().push(object.clone());
}

fn tables(dir: &Directory, today: NaiveDate) -> BTreeMap<&'static str, Vec<Value>> {
    let mut rows = BTreeMap::new();
    let mut outlets: Vec<_> = dir.outlets.payloads().collect();
    outlets.sort_by(|a, b| a.id_order().cmp(b.id_order()));
    for o in outlets {
        flatten("organization", &map::organization(dir, o), &mut rows);
        flatten("location", &map::location(dir, o, today), &mut rows);
        for m in dir.catalogue.matters_of((o.id(), o.kind())) {
            let mut service = map::service(dir, (m, o), Some(today));
            // The organization and location are listed once, above.
            service.as_object_mut().map(|s| s.remove("organization"));
            for sal in service["service_at_locations"]
                .as_array_mut()
                .into_iter()
                .flatten()
            {
                sal.as_object_mut().map(|s| s.remove("location"));
            }
            flatten("service", &service, &mut rows);
        }
    }
    rows
}

fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The zip's bytes.
pub fn build(dir: &Directory, today: NaiveDate) -> zip::result::ZipResult<Vec<u8>> {
    let rows = tables(dir, today);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default();
    let mut resources = Vec::new();
    for (name, path, columns) in TABLES {
        let mut csv = csv::Writer::from_writer(Vec::new());
        csv.write_record(columns).map_err(std::io::Error::from)?;
        for row in rows.get(name).into_iter().flatten() {
            csv.write_record(columns.iter().map(|c| cell(&row[*c])))
                .map_err(std::io::Error::from)?;
        }
        zip.start_file(path, options)?;
        zip.write_all(&csv.into_inner().map_err(|e| e.into_error())?)?;
        let fields: Vec<Value> = columns
            .iter()
            .map(|c| json!({ "name": c, "type": field_type(c) }))
            .collect();
        resources.push(json!({
            "name": name, "path": path, "profile": "tabular-data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8", "schema": { "fields": fields, "primaryKey": "id" },
        }));
    }
    let package = json!({
        "name": "ipr-service-hsds",
        "title": "知识产权公共服务网络 (Open Referral HSDS 3.0)",
        "profile": "tabular-data-package",
        "created": today.to_string(),
        "resources": resources,
    });
    zip.start_file("datapackage.json", options)?;
    zip.write_all(
        serde_json::to_string_pretty(&package)
            .expect("JSON values serialize")
            .as_bytes(),
    )?;
    Ok(zip.finish()?.into_inner())
}

/// The directory as an HSDS data package.
///
/// The whole directory as an HSDS Tabular Data Package (public): a zip with
/// `datapackage.json` and organizations, locations, addresses, phones,
/// services, service_at_locations, schedules and required_documents as CSV.
#[utoipa::path(tag = "hsds", responses(
    (status = 200, description = "The package", content_type = "application/zip", body = Vec<u8>, example = "PK… (datapackage.json, organizations.csv, locations.csv, …)")))]
#[get("/datapackage.zip")]
pub async fn hsds_datapackage(
    state: web::Data<AppState>,
    _q: ValidQuery<NoQuery>,
) -> Result<HttpResponse, AppError> {
    let (handle, today) = (state.directory_handle(), local_date(state.now()));
    let bytes = web::block(move || build(&handle.read(), today))
        .await
        .map_err(anyhow::Error::from)?
        .map_err(anyhow::Error::from)?;
    Ok(HttpResponse::Ok()
        .content_type("application/zip")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"ipr-service-hsds.zip\"",
        ))
        .body(bytes))
}
