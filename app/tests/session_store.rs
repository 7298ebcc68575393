//! The database session store keeps, loads, expires and deletes sessions.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use app::server::session_store::DbSessionStore;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{ExpiredDeletion, SessionStore};

fn record(minutes: i64) -> Record {
    let mut data = std::collections::HashMap::new();
    data.insert("uid".to_string(), serde_json::json!(7));
    Record {
        id: Id::default(),
        data,
        expiry_date: time::OffsetDateTime::now_utc() + time::Duration::minutes(minutes),
    }
}

#[tokio::test]
async fn sessions_round_trip_and_expire() {
    for t in common::databases().await {
        let store = DbSessionStore::new(t.db.clone());
        let mut live = record(30);
        store.create(&mut live).await.unwrap();
        let loaded = store.load(&live.id).await.unwrap().expect("live session");
        assert_eq!(
            loaded.data.get("uid"),
            Some(&serde_json::json!(7)),
            "{}",
            t.name
        );

        live.data.insert("uid".into(), serde_json::json!(8));
        store.save(&live).await.unwrap();
        assert_eq!(
            store.load(&live.id).await.unwrap().unwrap().data.get("uid"),
            Some(&serde_json::json!(8))
        );

        let mut old = record(-5);
        store.create(&mut old).await.unwrap();
        assert!(
            store.load(&old.id).await.unwrap().is_none(),
            "expired sessions are not loaded"
        );
        store.delete_expired().await.unwrap();
        assert!(store.load(&live.id).await.unwrap().is_some());

        store.delete(&live.id).await.unwrap();
        assert!(store.load(&live.id).await.unwrap().is_none());
        t.finish().await;
    }
}
