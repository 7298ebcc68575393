//! Search through Meilisearch, against **recorded Meilisearch HTTP
//! exchanges** (see `recorded/mod.rs`: the cassettes in `tests/recordings`
//! were written from Meilisearch's API reference, since no Meilisearch can
//! be installed here). With `MEILISEARCH_URL` set, the same tests run
//! against that real server instead. Each test runs on a real SQLite file
//! and on PostgreSQL, replaying the same cassette on each.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod recorded;

use std::sync::Arc;

use app::model::{FlagReason, Restriction, Role, SearchQuery, SearchResults};
use app::server::entities::post;
use app::server::permissions::Viewer;
use app::server::services::base::people;
use app::server::services::moderation::{self, ModerationConfig};
use app::server::services::revisions::{self, Edit};
use app::server::services::search::meili::Meili;
use app::server::services::search::outbox::{self, BATCH, now_ms};
use app::server::services::search::{self, Engine};
use app::server::services::{accounts, posts, topics};
use common::*;
use recorded::{Recorded, unreachable};
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, Statement};

async fn find(
    db: &DatabaseConnection,
    meili: &Meili,
    viewer: Option<&Viewer>,
    q: &str,
) -> SearchResults {
    let _ = tracing_subscriber::fmt().with_test_writer().try_init();
    let engine = Engine::meilisearch(Arc::new(meili.clone()));
    let query = SearchQuery {
        q: q.into(),
        ..Default::default()
    };
    search::search(db, &engine, viewer, &query).await.unwrap()
}

fn sorted_ids(results: &SearchResults) -> Vec<i32> {
    let mut ids: Vec<i32> = results.hits.iter().map(|h| h.post_id).collect();
    ids.sort();
    ids
}

/// Delivers everything due, as the server's worker would.
async fn deliver_all(db: &DatabaseConnection, meili: &Meili) -> outbox::Delivery {
    let round = outbox::deliver(db, meili, now_ms(), BATCH).await.unwrap();
    assert_eq!(round.failure, None);
    round
}

async fn post_of(db: &DatabaseConnection, topic: i32) -> i32 {
    topics::page(db, None, topic, None).await.unwrap().posts[0].id
}

/// (attempts, due_at) of a post's outbox row.
async fn outbox_row(db: &DatabaseConnection, post_id: i32) -> Option<(i32, i64)> {
    let backend = db.get_database_backend();
    let sql = match backend {
        sea_orm::DbBackend::Postgres => {
            "SELECT attempts, due_at FROM search_outbox WHERE post_id = $1"
        }
        _ => "SELECT attempts, due_at FROM search_outbox WHERE post_id = ?",
    };
    let row = db
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            sql,
            [post_id.into()],
        ))
        .await
        .unwrap()?;
    Some((
        row.try_get::<i32>("", "attempts").unwrap(),
        row.try_get::<i64>("", "due_at").unwrap(),
    ))
}

async fn leader_hides(db: &DatabaseConnection, leader: &Viewer, post_id: i32) {
    moderation::flag(
        db,
        &ModerationConfig::default(),
        Some(leader),
        post_id,
        FlagReason::Harassment,
        "",
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn recorded_meilisearch_exchanges_settings_and_visibility_filters() {
    for t in databases().await {
        let db = &t.db;
        let recorded = Recorded::start("visibility").await;
        let meili = recorded.meili();
        let open = make_forum(db, "open", Restriction::Open).await;
        make_forum(db, "teens", Restriction::TeensOnly).await;
        let mentor = person(db, "mentor_here", Role::Member, true, "1990-01-01").await;
        accounts::assign_mentor(db, mentor.id, open.id)
            .await
            .unwrap();
        let mentor = people::load_viewer(db, mentor.id).await.unwrap().unwrap();
        let adult = member(db, "adult").await;
        let young = teen(db, "young").await;
        let leader = person(db, "lee", Role::GlobalLeader, true, "1990-01-01").await;

        let teen_post = topics::create(
            db,
            Some(&young),
            "teens",
            "Exam worries",
            "marmalade sandwiches calm me",
        )
        .await
        .unwrap();
        let teen_post = topics::page(db, Some(&young), teen_post, None)
            .await
            .unwrap()
            .posts[0]
            .id;
        let hidden = topics::create(db, Some(&adult), "open", "Hello", "marmalade is rude")
            .await
            .unwrap();
        let hidden = post_of(db, hidden).await;
        leader_hides(db, &leader, hidden).await;
        let held = topics::create(
            db,
            Some(&adult),
            "open",
            "marmalade club",
            "add me on snapchat: marmalade_fan",
        )
        .await
        .unwrap();
        let held = topics::page(db, Some(&adult), held, None)
            .await
            .unwrap()
            .posts[0]
            .id;
        let toast = topics::create(
            db,
            Some(&adult),
            "open",
            "Toast",
            "marmalade on toast is the best",
        )
        .await
        .unwrap();
        let toast = post_of(db, toast).await;

        // Start-up: the index is created with Haven's settings, then the
        // outbox sends all four posts, each as it is now.
        assert!(meili.prepare().await.unwrap(), "{}", t.name);
        let round = deliver_all(db, &meili).await;
        assert_eq!((round.taken, round.put), (4, 4), "{}", t.name);
        let docs = outbox::documents(db, &[teen_post, hidden, held, toast])
            .await
            .unwrap();
        let published: Vec<bool> = docs.iter().map(|d| d.published).collect();
        assert_eq!(published, [true, false, false, true], "{}", t.name);

        // Guests and adults: only published posts of forums they can read.
        assert_eq!(
            sorted_ids(&find(db, &meili, None, "marmalade").await),
            [toast]
        );
        assert_eq!(
            sorted_ids(&find(db, &meili, Some(&adult), "marmalade").await),
            [toast]
        );
        // A teen also reads the teen forum.
        assert_eq!(
            sorted_ids(&find(db, &meili, Some(&young), "marmalade").await),
            [teen_post, toast]
        );
        // The forum's mentor also sees the hidden and the held post, marked.
        let r = find(db, &meili, Some(&mentor), "marmalade").await;
        assert_eq!(sorted_ids(&r), [hidden, held, toast], "{}", t.name);
        assert!(
            r.hits
                .iter()
                .filter(|h| h.post_id != toast)
                .all(|h| h.unpublished)
        );
        let club = r.hits.iter().find(|h| h.post_id == held).unwrap();
        assert!(
            club.title
                .iter()
                .any(|m| m.hit && m.text.eq_ignore_ascii_case("marmalade")),
            "the title's match is marked: {:?}",
            club.title
        );

        // Hidden but not yet delivered: the index still has it published,
        // and the database check keeps it from guests all the same.
        leader_hides(db, &leader, toast).await;
        assert!(
            find(db, &meili, None, "marmalade").await.hits.is_empty(),
            "{}",
            t.name
        );
        recorded.finish();
        t.finish().await;
    }
}

#[tokio::test]
async fn recorded_meilisearch_exchanges_outbox_delivers_the_backlog_after_an_outage() {
    for t in databases().await {
        let db = &t.db;
        let recorded = Recorded::start("outage").await;
        let meili = recorded.meili();
        let down = Meili::new(&unreachable().await, None, "haven_test_outage").unwrap();
        make_forum(db, "open", Restriction::Open).await;
        let author = member(db, "walker").await;

        // Meilisearch is down: posting works all the same, and every post
        // waits in the outbox.
        let first = topics::create(db, Some(&author), "open", "Walks", "a walk by the river")
            .await
            .unwrap();
        posts::reply(db, Some(&author), first, "walking again today")
            .await
            .unwrap();
        topics::create(db, Some(&author), "open", "Sleep", "no sleep again")
            .await
            .unwrap();
        assert_eq!(outbox::pending(db).await.unwrap(), 3, "{}", t.name);

        let now = now_ms();
        let round = outbox::deliver(db, &down, now, BATCH).await.unwrap();
        assert_eq!(round.taken, 3);
        assert!(round.failure.is_some(), "{}", t.name);
        assert_eq!(outbox::pending(db).await.unwrap(), 3, "nothing is lost");
        assert_eq!(outbox_row(db, 1).await, Some((1, now + 1000)));
        // Still down a second later: the wait doubles.
        let round = outbox::deliver(db, &down, now + 1000, BATCH).await.unwrap();
        assert_eq!(round.taken, 3);
        assert_eq!(outbox_row(db, 1).await, Some((2, now + 3000)));
        // Nothing is tried before its time.
        let round = outbox::deliver(db, &down, now + 2999, BATCH).await.unwrap();
        assert_eq!(round.taken, 0);

        // While Meilisearch is down, search answers from the embedded index.
        let fallback = find(db, &down, None, "walk").await;
        assert_eq!(sorted_ids(&fallback), [1, 2], "{}", t.name);

        // Back up: the worker prepares the index and delivers the backlog.
        assert!(meili.prepare().await.unwrap());
        let round = outbox::deliver(db, &meili, now + 3000, BATCH)
            .await
            .unwrap();
        assert_eq!(round.failure, None, "{}", t.name);
        assert_eq!((round.taken, round.put), (3, 3));
        assert_eq!(outbox::pending(db).await.unwrap(), 0);
        let found = find(db, &meili, None, "walk").await;
        assert_eq!(sorted_ids(&found), [1, 2], "{}", t.name);
        assert!(
            found.hits[0].snippet.iter().any(|m| m.hit),
            "the match is marked: {:?}",
            found.hits[0].snippet
        );
        recorded.finish();
        t.finish().await;
    }
}

#[tokio::test]
async fn recorded_meilisearch_exchanges_edits_hides_and_deletions_reach_the_index() {
    for t in databases().await {
        let db = &t.db;
        let recorded = Recorded::start("changes").await;
        let meili = recorded.meili();
        make_forum(db, "open", Restriction::Open).await;
        let author = member(db, "author").await;
        let other = member(db, "other").await;
        let leader = person(db, "lee", Role::GlobalLeader, true, "1990-01-01").await;
        let topic = topics::create(db, Some(&author), "open", "Walks", "I walked by the river")
            .await
            .unwrap();
        let first = post_of(db, topic).await;
        let reply = posts::reply(db, Some(&other), topic, "the river is lovely")
            .await
            .unwrap()
            .id;
        meili.prepare().await.unwrap();
        assert_eq!(deliver_all(db, &meili).await.put, 2, "{}", t.name);
        assert_eq!(
            sorted_ids(&find(db, &meili, None, "river").await),
            [first, reply]
        );

        // An edit: the new text replaces the old.
        revisions::edit(
            db,
            Some(&author),
            first,
            Edit {
                body: "I walked along the canal".into(),
                base_version: 1,
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert_eq!(outbox::pending(db).await.unwrap(), 1, "{}", t.name);
        assert_eq!(deliver_all(db, &meili).await.put, 1);
        assert_eq!(sorted_ids(&find(db, &meili, None, "canal").await), [first]);
        assert_eq!(sorted_ids(&find(db, &meili, None, "river").await), [reply]);

        // A hide: the document stays, unpublished, for moderators only.
        leader_hides(db, &leader, reply).await;
        assert_eq!(deliver_all(db, &meili).await.put, 1);
        assert!(find(db, &meili, None, "river").await.hits.is_empty());

        // A deletion (the database's own, as an erasure would do it).
        post::Entity::delete_by_id(first).exec(db).await.unwrap();
        let round = deliver_all(db, &meili).await;
        assert_eq!((round.put, round.removed), (0, 1), "{}", t.name);
        assert!(find(db, &meili, None, "canal").await.hits.is_empty());
        recorded.finish();
        t.finish().await;
    }
}

#[tokio::test]
async fn recorded_meilisearch_exchanges_reindex_rebuilds_from_the_database() {
    for t in databases().await {
        let db = &t.db;
        let recorded = Recorded::start("reindex").await;
        let meili = recorded.meili();
        make_forum(db, "open", Restriction::Open).await;
        let author = member(db, "author").await;
        let topic = topics::create(db, Some(&author), "open", "Walks", "a walk by the river")
            .await
            .unwrap();
        posts::reply(db, Some(&author), topic, "walking again")
            .await
            .unwrap();
        topics::create(db, Some(&author), "open", "Sleep", "no sleep again")
            .await
            .unwrap();
        // The index exists and holds a document whose post is long gone.
        meili.prepare().await.unwrap();
        let mut ghost = outbox::documents(db, &[1]).await.unwrap().remove(0);
        ghost.id = 999;
        meili.put(&[ghost]).await.unwrap();

        let mut seen = Vec::new();
        let done = outbox::reindex(db, &meili, |done, total| seen.push((done, total)))
            .await
            .unwrap();
        assert_eq!((done.queued, done.orphans), (3, 1), "{}", t.name);
        assert_eq!(seen.first(), Some(&(0, 4)));
        assert_eq!(seen.last(), Some(&(4, 4)));
        assert_eq!(outbox::pending(db).await.unwrap(), 0);
        assert_eq!(meili.ids().await.unwrap().len(), 3, "{}", t.name);
        assert_eq!(sorted_ids(&find(db, &meili, None, "walk").await), [1, 2]);
        recorded.finish();
        t.finish().await;
    }
}
