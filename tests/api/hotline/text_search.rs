//! A queue's text search walks some ids in order and then searches the rest
//! of the table another way (see `db::tickets::queue`): the pages must be
//! the same however many ids it walks first.

use diesel::{ExpressionMethods, QueryDsl, RunQueryDsl};
use ipr_service::db::schema::tickets;
use ipr_service::db::tickets::{queue_walking_first, QueueFilter};
use ipr_service::db::DbConn;
use ipr_service::domain::ticket::TicketState;

use crate::helpers::spawn_app;

/// Every page of a search, in order: the ids found.
fn every_page(conn: &mut DbConn, search: &QueueFilter, rounds: &[i64]) -> Vec<String> {
    let (mut found, mut after) = (Vec::new(), None);
    loop {
        let f = QueueFilter {
            after_id: after,
            states: search.states.clone(),
            text: search.text.clone(),
            text_in_reporter: true,
            limit: search.limit,
            ..QueueFilter::default()
        };
        let page = queue_walking_first(conn, &f, rounds).unwrap();
        found.extend(page.iter().map(|t| t.id.clone()));
        if (page.len() as i64) < f.limit {
            return found;
        }
        after = page.last().map(|t| t.id.clone());
    }
}

#[tokio::test]
async fn a_text_search_finds_the_same_pages_whatever_it_walks_first() {
    let app = spawn_app().await;
    let pool = app.pool();
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().unwrap();
        ipr_service::seed::synthetic_tickets::insert(&mut conn, 240, 3).unwrap();
        let phone: String = (tickets::table.select(tickets::reporter_phone))
            .filter(tickets::reporter_phone.is_not_null())
            .order(tickets::id.desc())
            .first::<Option<String>>(&mut conn)
            .unwrap()
            .unwrap();
        // The seed's subjects are 合成工单 0 to 合成工单 239: "合成工单 1" is in
        // 1, 10–19 and 100–199; its descriptions hold "synthetic".
        let searches: [(&str, Vec<TicketState>, i64, Option<usize>); 6] = [
            ("合成工单 1", vec![], 9, Some(111)),
            ("合成工单", vec![], 50, Some(240)),
            ("SYNTHETIC", vec![], 100, Some(240)),
            (&phone, vec![], 5, None),
            ("合成工单 2", vec![TicketState::Closed], 4, None),
            ("找不到的词", vec![], 10, Some(0)),
        ];
        for (text, states, limit, expected) in searches {
            let search = QueueFilter {
                states,
                text: Some(text.to_owned()),
                limit,
                ..QueueFilter::default()
            };
            let in_one_walk = every_page(&mut conn, &search, &[i64::MAX]);
            assert!(in_one_walk.is_sorted(), "{text}: not in id order");
            if let Some(n) = expected {
                assert_eq!(in_one_walk.len(), n, "{text}");
            } else {
                assert!(!in_one_walk.is_empty(), "{text}");
            }
            let rounds: [&[i64]; 6] = [&[], &[1], &[7], &[3, 5], &[60, 100], &[239]];
            for rounds in rounds {
                let found = every_page(&mut conn, &search, rounds);
                assert_eq!(found, in_one_walk, "{text} walking {rounds:?} ids first");
            }
        }
    })
    .await
    .unwrap();
}
