//! Loading the directory in parts (rowid ranges on SQLite, a reading and a
//! converting thread on PostgreSQL) gives the same directory as one reader.

use ipr_service::config::DatabaseUrl;
use ipr_service::db;
use ipr_service::directory::Directory;

use crate::helpers::spawn_app;

#[tokio::test]
async fn loading_in_parts_gives_the_directory_one_reader_gives() {
    let app = spawn_app().await;
    let url: DatabaseUrl = app.database_url().parse().unwrap();
    let (one, parts) = tokio::task::spawn_blocking(move || {
        let pool = db::connect_pool(&url, 4).unwrap();
        let mut conn = pool.get().unwrap();
        ipr_service::seed::synthetic::insert(&mut conn, 3_000, 7).unwrap();
        let one = Directory::load(&mut conn).unwrap();
        drop(conn);
        (one, Directory::load_in_parts(&pool, 0).unwrap())
    })
    .await
    .unwrap();
    assert_eq!(one.outlets.len(), 3_026);
    assert_eq!(parts.outlets.len(), one.outlets.len());
    for o in one.outlets.payloads() {
        let same = parts.outlets.get(&o.id).expect("every outlet is loaded");
        assert_eq!(***same, ***o);
    }
    let mut regions_with_outlets = 0;
    for (_, region) in one.regions.iter() {
        let ids = |d: &Directory| -> Vec<String> {
            d.outlets_in_region(&region.code)
                .map(|o| o.id.clone())
                .collect()
        };
        regions_with_outlets += usize::from(!ids(&one).is_empty());
        assert_eq!(ids(&parts), ids(&one), "{}", region.code);
    }
    assert!(regions_with_outlets > 100, "{regions_with_outlets}");
    for o in one.outlets.payloads().filter(|o| o.parent_id.is_some()) {
        let parent = o.parent_id.as_deref().unwrap();
        assert_eq!(parts.outlet_subtree(parent), one.outlet_subtree(parent));
    }
    assert_eq!(parts.regions.len(), one.regions.len());
    assert_eq!(parts.catalogue.matters.len(), one.catalogue.matters.len());
}
