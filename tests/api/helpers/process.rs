//! The real binary as a child process, for tests that kill and restart it.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use ipr_service::config::DatabaseUrl;

/// The server process; killed when dropped, so a failing test leaves nothing running.
pub struct Server(pub Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A port nothing listens on now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts the real binary on the database and port, with extra environment.
pub async fn start(database_url: &str, port: u16, env: &[(&str, &str)]) -> Server {
    let child = Command::new(env!("CARGO_BIN_EXE_ipr-service"))
        .arg("serve")
        .envs(env.iter().copied())
        .env("IPR_DATABASE_URL", database_url)
        .env("IPR_BIND", format!("127.0.0.1:{port}"))
        .env("IPR_INTAKE_PER_IP_PER_MINUTE", "1000000")
        .env("IPR_INTAKE_PER_PHONE_PER_HOUR", "1000000")
        .env("IPR_WEBHOOK_ALLOWED_NETWORKS", "127.0.0.0/8")
        .env("IPR_SECRET_KEY", "0123456789abcdef".repeat(4))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the server binary starts");
    let server = Server(child);
    let deadline = Instant::now() + Duration::from_secs(60);
    while !reqwest::get(format!("http://127.0.0.1:{port}/ready"))
        .await
        .is_ok_and(|r| r.status() == 200)
    {
        assert!(Instant::now() < deadline, "the server did not come up");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    server
}

/// The URL as the binary takes it.
pub fn url_string(url: &DatabaseUrl) -> String {
    match url {
        DatabaseUrl::Sqlite(path) => format!("sqlite://{}", path.display()),
        DatabaseUrl::Postgres(url) => url.clone(),
    }
}
