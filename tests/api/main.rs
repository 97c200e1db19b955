//! Black-box tests of the HTTP API against a real database (SQLite, or
//! PostgreSQL when `TEST_POSTGRES_URL` is set).

mod admin;
mod agencies;
mod authz;
mod backup;
mod boundaries;
mod calendar;
mod catalogue;
mod changes;
mod cli;
mod coverage;
mod crash;
mod directory;
mod duties;
mod errors;
mod exchange;
mod helpers;
mod hotline;
mod hsds;
mod knowledge;
mod layers;
mod messages;
mod metrics;
mod open311;
mod openapi;
mod outreach;
mod pages;
mod plans;
mod programmes;
mod readme;
mod ready;
mod replicas;
mod scorecards;
mod security;
mod webhooks;
mod webhooks_restart;
