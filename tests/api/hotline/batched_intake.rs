//! Intakes that arrive together share one commit and write their rows at its
//! end: their tracking numbers still have no gaps, the statistics count every
//! ticket, and every ticket's webhook events are queued.

use diesel::sql_types::BigInt;
use diesel::{QueryableByName, RunQueryDsl};
use reqwest::Method;

use crate::helpers::fixtures::{pingyao_ticket, subscribe};
use crate::helpers::receiver::Receiver;
use crate::helpers::{spawn_app, TestApp};

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn count(app: &TestApp, sql: &str) -> i64 {
    let found: Count = diesel::sql_query(sql)
        .get_result(&mut *app.pool().get().unwrap())
        .unwrap();
    found.n
}

async fn received(app: &TestApp) -> u64 {
    let (status, stats) = app.get_as("/api/v1/stats/tickets", &app.operator_key).await;
    assert_eq!(status, 200, "{stats}");
    let outlets = stats["outlets"].as_object().unwrap();
    outlets
        .values()
        .map(|o| o["received"].as_u64().unwrap())
        .sum()
}

#[tokio::test]
async fn concurrent_intakes_are_numbered_without_gaps_counted_and_announced() {
    const TICKETS: usize = 24;
    let app = spawn_app().await;
    // Never started: the deliveries stay queued where they can be counted.
    let receiver = Receiver::new();
    subscribe(&app, &receiver.url(), &app.admin_key).await;
    let before = received(&app).await;

    let bodies: Vec<_> = (0..TICKETS).map(pingyao_ticket).collect();
    let filed = futures_util::future::join_all(
        (bodies.iter()).map(|body| app.send(Method::POST, "/api/v1/tickets", None, body)),
    )
    .await;
    let mut numbers: Vec<String> = (filed.iter())
        .map(|(status, receipt)| {
            assert_eq!(*status, 201, "{receipt}");
            receipt["tracking_number"].as_str().unwrap().to_owned()
        })
        .collect();
    numbers.sort();
    let (day, first) = numbers[0].split_once('-').unwrap();
    let first: usize = first.parse().unwrap();
    let gapless: Vec<String> = (first..first + TICKETS)
        .map(|n| format!("{day}-{n:06}"))
        .collect();
    assert_eq!(numbers, gapless);
    let last = format!("SELECT last AS n FROM ticket_counters WHERE day = '{day}'");
    assert_eq!(
        count(&app, &last) as usize,
        first + TICKETS - 1,
        "no number is held back"
    );

    assert_eq!(received(&app).await, before + TICKETS as u64);
    // Each ticket was created and referred at once: two events, two deliveries.
    let deliveries = "SELECT COUNT(*) AS n FROM webhook_deliveries WHERE state = 'pending'";
    assert_eq!(count(&app, deliveries) as usize, 2 * TICKETS);
}
