//! Prometheus metrics (`GET /metrics`): requests and latency by route
//! pattern, method and status (never by raw path or id), time waited for a
//! database connection, and gauges read at scrape time (tickets by state,
//! open overdue tickets, webhook backlog and dead letters, directory size,
//! spatial index bytes, this replica's change-log lag).

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use prometheus_client::encoding::text::encode;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

/// A request's labels: route pattern, method, status.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    /// The route pattern, e.g. `/api/v1/outlets/{id}` (`-` when no route matched).
    pub route: String,
    /// The HTTP method.
    pub method: String,
    /// The status code.
    pub status: u16,
}

/// One label: a state, a kind, a pool.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct NameLabel {
    /// Its value.
    pub name: String,
}

/// Figures read from the database and the directory when scraped.
#[derive(Debug, Default, Clone)]
pub struct Snapshot {
    /// (state, count) of every ticket state present.
    pub tickets_by_state: Vec<(String, i64)>,
    /// Open tickets past a deadline.
    pub open_overdue: i64,
    /// Webhook deliveries waiting to be sent.
    pub outbox_pending: i64,
    /// Webhook deliveries given up on.
    pub dead_letters: i64,
    /// Outlets in memory (closed ones too).
    pub outlets: i64,
    /// Regions in memory.
    pub regions: i64,
    /// Estimated bytes of the spatial outlet index.
    pub spatial_index_bytes: i64,
    /// Outlets keeping their rendered answer JSON.
    pub rendered_outlets: i64,
    /// The change log's last number.
    pub last_change: i64,
}

/// This application's metrics, in its own registry.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RequestLabels, Histogram>,
    pool_wait: Family<NameLabel, Histogram>,
    tickets: Family<NameLabel, Gauge>,
    gauges: [Gauge; 8],
    /// The last change-log number this replica has applied.
    pub applied_change: Arc<AtomicI64>,
}

fn latency_buckets() -> impl Iterator<Item = f64> {
    [
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
    ]
    .into_iter()
}

const GAUGES: [(&str, &str); 8] = [
    ("ipr_tickets_open_overdue", "Open tickets past a deadline"),
    (
        "ipr_webhook_outbox_pending",
        "Webhook deliveries waiting to be sent",
    ),
    (
        "ipr_webhook_dead_letters",
        "Webhook deliveries given up on after every attempt",
    ),
    (
        "ipr_directory_outlets",
        "Outlets held in memory, closed ones included",
    ),
    ("ipr_directory_regions", "Regions held in memory"),
    (
        "ipr_spatial_index_bytes",
        "Estimated bytes of the in-memory spatial outlet index",
    ),
    (
        "ipr_directory_rendered_outlets",
        "Outlets keeping their rendered answer JSON in memory (bounded by IPR_RENDER_CACHE_OUTLETS)",
    ),
    (
        "ipr_change_log_lag",
        "Directory changes committed but not yet applied by this replica",
    ),
];

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::default();
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "ipr_http_requests",
            "HTTP requests answered",
            requests.clone(),
        );
        let latency = Family::<RequestLabels, Histogram>::new_with_constructor(|| {
            Histogram::new(latency_buckets())
        });
        registry.register(
            "ipr_http_request_duration_seconds",
            "Time to answer HTTP requests",
            latency.clone(),
        );
        let pool_wait = Family::<NameLabel, Histogram>::new_with_constructor(|| {
            Histogram::new(latency_buckets())
        });
        registry.register(
            "ipr_db_pool_wait_seconds",
            "Time waited for a database connection, by pool",
            pool_wait.clone(),
        );
        let tickets = Family::<NameLabel, Gauge>::default();
        registry.register("ipr_tickets", "Tickets by state", tickets.clone());
        let gauges: [Gauge; 8] = Default::default();
        for ((name, help), gauge) in GAUGES.iter().zip(&gauges) {
            registry.register(*name, *help, gauge.clone());
        }
        Self {
            registry,
            requests,
            latency,
            pool_wait,
            tickets,
            gauges,
            applied_change: Arc::default(),
        }
    }
}

impl Metrics {
    /// Counts an answered request.
    pub fn observe_request(&self, labels: &RequestLabels, elapsed: Duration) {
        self.latency
            .get_or_create(labels)
            .observe(elapsed.as_secs_f64());
        self.requests.get_or_create(labels).inc();
    }

    /// Records the wait for a connection from `pool` (`read` or `write`).
    pub fn observe_pool_wait(&self, pool: &str, waited: Duration) {
        let label = NameLabel {
            name: pool.to_owned(),
        };
        self.pool_wait
            .get_or_create(&label)
            .observe(waited.as_secs_f64());
    }

    /// The exposition text with the scrape-time figures set: OpenMetrics
    /// 1.0 when `openmetrics`, else the Prometheus text format 0.0.4.
    pub fn render(&self, s: &Snapshot, openmetrics: bool) -> String {
        self.tickets.clear();
        for (state, n) in &s.tickets_by_state {
            self.tickets
                .get_or_create(&NameLabel {
                    name: state.clone(),
                })
                .set(*n);
        }
        let lag = (s.last_change - self.applied_change.load(Ordering::Relaxed)).max(0);
        let values = [
            s.open_overdue,
            s.outbox_pending,
            s.dead_letters,
            s.outlets,
            s.regions,
            s.spatial_index_bytes,
            s.rendered_outlets,
            lag,
        ];
        for (gauge, value) in self.gauges.iter().zip(values) {
            gauge.set(value);
        }
        let mut out = String::new();
        // Writing into a String cannot fail.
        encode(&mut out, &self.registry).expect("in memory");
        match openmetrics {
            true => out,
            false => prometheus_text(&out),
        }
    }
}

/// OpenMetrics to the Prometheus text format: a counter's HELP and TYPE name
/// its `_total` samples, and there is no `# EOF`.
fn prometheus_text(openmetrics: &str) -> String {
    let counters: Vec<&str> = (openmetrics.lines())
        .filter_map(|l| l.strip_prefix("# TYPE ")?.strip_suffix(" counter"))
        .collect();
    let mut out = String::with_capacity(openmetrics.len());
    for line in openmetrics.lines().filter(|l| *l != "# EOF") {
        let renamed = counters.iter().find_map(|name| {
            for kind in ["# HELP ", "# TYPE "] {
                if let Some(rest) = line.strip_prefix(kind).and_then(|r| r.strip_prefix(name)) {
                    if rest.starts_with(' ') {
                        return Some(format!("{kind}{name}_total{rest}"));
                    }
                }
            }
            None
        });
        out.push_str(renamed.as_deref().unwrap_or(line));
        out.push('\n');
    }
    out
}
