//! A local webhook receiver: records every request, answers with a settable
//! status, and can be started late or stopped to play a receiver that is down.

use std::collections::HashMap;
use std::net::TcpListener;
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::dev::ServerHandle;
use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// One request as received.
#[derive(Debug, Clone)]
pub struct Received {
    pub id: String,
    pub timestamp: i64,
    pub signature: String,
    pub event_type: String,
    pub body: Vec<u8>,
    /// The status the receiver answered.
    pub answered: u16,
}

impl Received {
    /// Checks `webhook-signature` from the Standard Webhooks definition,
    /// independently of the server's code.
    pub fn signature_verifies(&self, secret: &str) -> bool {
        let b64 = base64::engine::general_purpose::STANDARD;
        let key = b64.decode(secret.strip_prefix("whsec_").unwrap()).unwrap();
        let mut mac = Hmac::<Sha256>::new_from_slice(&key).unwrap();
        mac.update(format!("{}.{}.", self.id, self.timestamp).as_bytes());
        mac.update(&self.body);
        let expected = b64.encode(mac.finalize().into_bytes());
        self.signature
            .split(' ')
            .any(|s| s.strip_prefix("v1,") == Some(expected.as_str()))
    }

    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap()
    }
}

/// The receiver; stopped when dropped.
pub struct Receiver {
    port: u16,
    pub got: Arc<Mutex<Vec<Received>>>,
    pub status: Arc<AtomicU16>,
    handle: Option<ServerHandle>,
}

impl Receiver {
    /// A receiver on a free port, not listening yet.
    pub fn new() -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        Self {
            port,
            got: Arc::default(),
            status: Arc::new(AtomicU16::new(200)),
            handle: None,
        }
    }

    /// Where to send events.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/hooks/ipr", self.port)
    }

    /// Starts listening.
    pub fn start(&mut self) {
        let (got, status) = (self.got.clone(), self.status.clone());
        let server = HttpServer::new(move || {
            let (got, status) = (got.clone(), status.clone());
            App::new().route(
                "/hooks/ipr",
                web::post().to(move |req: HttpRequest, body: web::Bytes| {
                    let (got, status) = (got.clone(), status.clone());
                    async move { record(&req, body, &got, status.load(Ordering::SeqCst)) }
                }),
            )
        })
        .workers(1)
        .bind(("127.0.0.1", self.port))
        .unwrap()
        .run();
        self.handle = Some(server.handle());
        tokio::spawn(server);
    }

    /// Requests answered with a 2xx, by event id.
    pub fn accepted_by_id(&self) -> HashMap<String, Vec<Received>> {
        let mut by_id: HashMap<String, Vec<Received>> = HashMap::new();
        for r in self.got.lock().unwrap().iter().filter(|r| r.answered < 300) {
            by_id.entry(r.id.clone()).or_default().push(r.clone());
        }
        by_id
    }

    /// Waits until `n` distinct events were accepted (panics after `secs`).
    pub async fn wait_for(&self, n: usize, secs: u64) {
        let deadline = Instant::now() + Duration::from_secs(secs);
        while self.accepted_by_id().len() < n {
            assert!(
                Instant::now() < deadline,
                "only {} of {n} events arrived",
                self.accepted_by_id().len()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        if let Some(h) = self.handle.take() {
            drop(h.stop(false));
        }
    }
}

fn record(
    req: &HttpRequest,
    body: web::Bytes,
    got: &Mutex<Vec<Received>>,
    status: u16,
) -> HttpResponse {
    let header = |name: &str| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    got.lock().unwrap().push(Received {
        id: header("webhook-id"),
        timestamp: header("webhook-timestamp").parse().unwrap_or_default(),
        signature: header("webhook-signature"),
        event_type: header("x-ipr-event-type"),
        body: body.to_vec(),
        answered: status,
    });
    HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap()).finish()
}
