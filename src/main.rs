//! The `ipr-service` binary: parses the command line and hands over to the library.

use clap::Parser;

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    ipr_service::telemetry::init();
    ipr_service::cli::run(ipr_service::cli::Cli::parse()).await
}
