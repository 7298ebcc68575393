//! Search on the embedded index, on a real SQLite file and on PostgreSQL:
//! what it finds, what it must never show, and that edits, hides and
//! removals reach it at once.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use app::error::AppError;
use app::model::{FlagReason, Outcome, Restriction, Role, SearchQuery, SearchResults};
use app::server::entities::post;
use app::server::permissions::Viewer;
use app::server::services::base::people;
use app::server::services::moderation::{self, ModerationConfig, Resolution};
use app::server::services::revisions::{self, Edit};
use app::server::services::{accounts, posts, search, topics};
use common::*;
use sea_orm::{DatabaseConnection, EntityTrait};

fn query(q: &str) -> SearchQuery {
    SearchQuery {
        q: q.into(),
        ..Default::default()
    }
}

async fn find(db: &DatabaseConnection, viewer: Option<&Viewer>, q: SearchQuery) -> SearchResults {
    let _ = tracing_subscriber::fmt().with_test_writer().try_init();
    search::search(db, &search::Engine::embedded(), viewer, &q)
        .await
        .unwrap()
}

fn post_ids(results: &SearchResults) -> Vec<i32> {
    results.hits.iter().map(|h| h.post_id).collect()
}

#[tokio::test]
async fn finds_titles_and_replies_with_marks_prefixes_and_typos() {
    for t in databases().await {
        let db = &t.db;
        make_forum(db, "open", Restriction::Open).await;
        let author = member(db, "author").await;
        let replier = member(db, "replier").await;
        let topic = topics::create(
            db,
            Some(&author),
            "open",
            "Breathing exercises for panic",
            "Box breathing helps me when anxiety spikes at night.",
        )
        .await
        .unwrap();
        let reply = posts::reply(
            db,
            Some(&replier),
            topic,
            "Counting to four while breathing out works for me too.",
        )
        .await
        .unwrap();
        topics::create(
            db,
            Some(&author),
            "open",
            "Sleep",
            "I cannot sleep before exams.",
        )
        .await
        .unwrap();

        // A title word finds the first post, marked.
        let r = find(db, None, query("panic")).await;
        assert_eq!(r.hits.len(), 1, "{}", t.name);
        assert_eq!(r.hits[0].number, 1);
        assert!(
            r.hits[0]
                .title
                .iter()
                .any(|m| m.hit && m.text.eq_ignore_ascii_case("panic"))
        );
        // A prefix finds every form of a word, marks in the snippet.
        let r = find(db, None, query("breath")).await;
        assert_eq!(r.hits.len(), 2, "{}", t.name);
        assert!(r.hits.iter().all(|h| h.snippet.iter().any(|m| m.hit)));
        // Every word must match.
        let r = find(db, None, query("breathing counting")).await;
        assert_eq!(post_ids(&r), vec![reply.id], "{}", t.name);
        // A misspelling is corrected, and the page says so.
        let r = find(db, None, query("anxeity")).await;
        assert_eq!(r.corrected.as_deref(), Some("anxiety"), "{}", t.name);
        assert_eq!(r.hits.len(), 1);
        // "Search instead for anxeity": the words as typed, uncorrected.
        let r = find(
            db,
            None,
            SearchQuery {
                exact: Some(true),
                ..query("anxeity")
            },
        )
        .await;
        assert_eq!((r.corrected, r.hits.len()), (None, 0), "{}", t.name);
        // Newest first puts the reply before the topic's first post.
        let r = find(
            db,
            None,
            SearchQuery {
                q: "breathing".into(),
                sort: Some("newest".into()),
                ..Default::default()
            },
        )
        .await;
        assert_eq!(r.hits[0].post_id, reply.id, "{}", t.name);
        // Query syntax is just words: quotes, stars and brackets do nothing.
        let r = find(db, None, query("\"breath* ( NEAR")).await;
        assert!(r.hits.is_empty(), "{}: NEAR is a word to find", t.name);
        let r = find(db, None, query("\"breath* (")).await;
        assert_eq!(r.hits.len(), 2, "{}", t.name);
        assert!(
            find(db, None, query("nothingmatchesthis"))
                .await
                .hits
                .is_empty()
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn never_shows_what_the_viewer_may_not_read() {
    for t in databases().await {
        let db = &t.db;
        make_forum(db, "open", Restriction::Open).await;
        make_forum(db, "teens", Restriction::TeensOnly).await;
        let mentor = person(db, "mentor_here", Role::Member, true, "1990-01-01").await;
        let forum_id = app::server::services::base::access::forum_by_slug(db, None, "open")
            .await
            .unwrap()
            .id;
        accounts::assign_mentor(db, mentor.id, forum_id)
            .await
            .unwrap();
        let mentor = people::load_viewer(db, mentor.id).await.unwrap().unwrap();
        let adult = member(db, "adult").await;
        let young = teen(db, "young").await;
        let flagger = person(db, "lee", Role::GlobalLeader, true, "1990-01-01").await;

        topics::create(
            db,
            Some(&young),
            "teens",
            "Exam worries",
            "marmalade sandwiches calm me",
        )
        .await
        .unwrap();
        let hidden_topic = topics::create(db, Some(&adult), "open", "Hello", "marmalade is rude")
            .await
            .unwrap();
        let held_topic = topics::create(
            db,
            Some(&adult),
            "open",
            "marmalade club",
            "add me on snapchat: marmalade_fan",
        )
        .await
        .unwrap();
        // A leader's report (weight 3) hides the post at once.
        let hidden_post = topics::page(db, Some(&adult), hidden_topic, None)
            .await
            .unwrap()
            .posts[0]
            .id;
        moderation::flag(
            db,
            &ModerationConfig::default(),
            Some(&flagger),
            hidden_post,
            FlagReason::Harassment,
            "",
        )
        .await
        .unwrap();

        // A guest and an adult member: nothing from the teen forum, nothing hidden or held.
        for viewer in [None, Some(&adult)] {
            let r = find(db, viewer, query("marmalade")).await;
            assert!(r.hits.is_empty(), "{}: {:?}", t.name, r.hits);
        }
        // A teen finds the teen forum's post.
        let r = find(db, Some(&young), query("marmalade")).await;
        assert_eq!(r.hits.len(), 1, "{}", t.name);
        assert_eq!(r.hits[0].forum_slug, "teens");
        // The forum's mentor also finds the hidden and the held post, marked.
        let r = find(db, Some(&mentor), query("marmalade")).await;
        assert_eq!(r.hits.len(), 2, "{}", t.name);
        assert!(r.hits.iter().all(|h| h.unpublished));
        // Searching a forum one cannot read is "not found".
        assert!(matches!(
            search::search(
                db,
                &search::Engine::embedded(),
                Some(&adult),
                &SearchQuery {
                    q: "marmalade".into(),
                    forum: Some("teens".into()),
                    ..Default::default()
                }
            )
            .await,
            Err(AppError::NotFound)
        ));

        // Once the mentor restores the hidden post and approves the held one, everyone finds them.
        for item in moderation::queue(db, &ModerationConfig::default(), Some(&mentor), None, None)
            .await
            .unwrap()
        {
            moderation::resolve(
                db,
                Some(&mentor),
                item.id,
                Resolution {
                    confirmed: true,
                    ..Resolution::new(Outcome::NoAction, "fine")
                },
            )
            .await
            .unwrap();
        }
        let r = find(db, Some(&adult), query("marmalade")).await;
        assert_eq!(r.hits.len(), 2, "{}", t.name);
        let _ = held_topic;
        t.finish().await;
    }
}

#[tokio::test]
async fn edits_and_removals_reach_the_index_in_the_same_transaction() {
    for t in databases().await {
        let db = &t.db;
        make_forum(db, "open", Restriction::Open).await;
        let author = member(db, "author").await;
        let topic = topics::create(db, Some(&author), "open", "Walks", "I walked by the river")
            .await
            .unwrap();
        let post_id = topics::page(db, None, topic, None).await.unwrap().posts[0].id;
        assert_eq!(
            find(db, None, query("river")).await.hits.len(),
            1,
            "{}",
            t.name
        );

        revisions::edit(
            db,
            Some(&author),
            post_id,
            Edit {
                body: "I walked along the canal".into(),
                base_version: 1,
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert!(
            find(db, None, query("river")).await.hits.is_empty(),
            "{}",
            t.name
        );
        assert_eq!(find(db, None, query("canal")).await.hits.len(), 1);

        post::Entity::delete_by_id(post_id).exec(db).await.unwrap();
        assert!(
            find(db, None, query("canal")).await.hits.is_empty(),
            "{}",
            t.name
        );
        t.finish().await;
    }
}

/// The engine keeps a vocabulary read earlier (on SQLite), to correct typos
/// and to spell prefixes out: a word posted since then is real, must not be
/// "corrected" to an older word one letter away, and must be found by its
/// prefix like any other.
#[tokio::test]
async fn words_newer_than_the_vocabulary_are_found_and_corrected_like_the_rest() {
    for t in databases().await {
        let db = &t.db;
        make_forum(db, "open", Restriction::Open).await;
        let author = member(db, "author").await;
        topics::create(
            db,
            Some(&author),
            "open",
            "Evenings",
            "Anxiety is worse when I stay up; calm music and slow breathing help.",
        )
        .await
        .unwrap();
        let engine = search::Engine::embedded();
        engine.prepare(db).await.unwrap();
        topics::create(
            db,
            Some(&author),
            "open",
            "Names",
            "My cat is called Anxiefy.",
        )
        .await
        .unwrap();
        let find = |q: &'static str| {
            let engine = engine.clone();
            async move { search::search(db, &engine, None, &query(q)).await.unwrap() }
        };

        // Words that sort before and after the known "breathing".
        for body in ["Breathe out for longer.", "Breathwork classes helped."] {
            topics::create(db, Some(&author), "open", "Breath", body)
                .await
                .unwrap();
        }
        assert_eq!(find("breath").await.hits.len(), 3, "{}", t.name);

        // Nothing has both words, and "anxiefy" is a word of the forum now.
        let r = find("anxiefy calm").await;
        assert_eq!(r.corrected, None, "{}", t.name);
        assert!(r.hits.is_empty(), "{}", t.name);
        // A typo of a word newer than the vocabulary is corrected to it.
        topics::create(
            db,
            Some(&author),
            "open",
            "Plants",
            "Naming plants like quillwort grounds me.",
        )
        .await
        .unwrap();
        let r = find("qiullwort").await;
        assert_eq!(r.corrected.as_deref(), Some("quillwort"), "{}", t.name);
        assert_eq!(r.hits.len(), 1, "{}", t.name);
        // A real typo is still corrected from the vocabulary read earlier.
        let r = find("anxeity calm").await;
        assert_eq!(r.corrected.as_deref(), Some("anxiety calm"), "{}", t.name);
        assert_eq!(r.hits.len(), 1, "{}", t.name);
        t.finish().await;
    }
}
#[tokio::test]
async fn mentors_list_one_persons_posts_newest_first() {
    for t in databases().await {
        let db = &t.db;
        make_forum(db, "open", Restriction::Open).await;
        let author = member(db, "river_walker").await;
        let other = member(db, "someone_else").await;
        let topic = topics::create(db, Some(&author), "open", "First", "one")
            .await
            .unwrap();
        posts::reply(db, Some(&other), topic, "not theirs")
            .await
            .unwrap();
        let last = posts::reply(db, Some(&author), topic, "two").await.unwrap();
        let r = find(
            db,
            None,
            SearchQuery {
                author: Some("@River_Walker".into()),
                ..Default::default()
            },
        )
        .await;
        assert_eq!(r.hits.len(), 2, "{}", t.name);
        assert_eq!(r.hits[0].post_id, last.id);
        let nobody = search::search(
            db,
            &search::Engine::embedded(),
            None,
            &SearchQuery {
                author: Some("nobody_here".into()),
                ..Default::default()
            },
        )
        .await;
        assert!(nobody.unwrap_err().field_message("author").is_some());
        t.finish().await;
    }
}

/// The outbox rows (post id, version) in post order.
async fn outbox_rows(db: &DatabaseConnection) -> Vec<(i32, i32)> {
    use sea_orm::{ConnectionTrait, Statement};
    db.query_all_raw(Statement::from_string(
        db.get_database_backend(),
        "SELECT post_id, version FROM search_outbox ORDER BY post_id",
    ))
    .await
    .unwrap()
    .iter()
    .map(|r| {
        (
            r.try_get::<i32>("", "post_id").unwrap(),
            r.try_get::<i32>("", "version").unwrap(),
        )
    })
    .collect()
}

#[tokio::test]
async fn every_change_queues_its_post_for_meilisearch_in_the_same_transaction() {
    for t in databases().await {
        let db = &t.db;
        make_forum(db, "open", Restriction::Open).await;
        make_forum(db, "teens", Restriction::TeensOnly).await;
        let author = member(db, "author").await;
        let young = teen(db, "young").await;
        let leader = person(db, "lee", Role::GlobalLeader, true, "1990-01-01").await;
        let topic = topics::create(db, Some(&author), "open", "Walks", "by the river")
            .await
            .unwrap();
        let first = topics::page(db, None, topic, None).await.unwrap().posts[0].id;
        let reply = posts::reply(db, Some(&author), topic, "and back")
            .await
            .unwrap()
            .id;
        assert_eq!(
            outbox_rows(db).await,
            [(first, 1), (reply, 1)],
            "{}",
            t.name
        );

        // A refused post (a teen's contact details) writes nothing at all.
        assert!(
            topics::create(db, Some(&young), "teens", "hi", "text me on 07700 900123")
                .await
                .is_err()
        );
        assert_eq!(outbox_rows(db).await.len(), 2, "{}", t.name);

        // An edit and a hide each count as a change; an upvote does not.
        revisions::edit(
            db,
            Some(&author),
            first,
            Edit {
                body: "along the canal".into(),
                base_version: 1,
                ..Default::default()
            },
        )
        .await
        .unwrap();
        posts::toggle_upvote(db, Some(&leader), reply)
            .await
            .unwrap();
        moderation::flag(
            db,
            &ModerationConfig::default(),
            Some(&leader),
            reply,
            FlagReason::Harassment,
            "",
        )
        .await
        .unwrap();
        assert_eq!(
            outbox_rows(db).await,
            [(first, 2), (reply, 2)],
            "{}",
            t.name
        );

        // A deleted post keeps its row, for the index to forget it.
        post::Entity::delete_by_id(reply).exec(db).await.unwrap();
        assert_eq!(
            outbox_rows(db).await,
            [(first, 2), (reply, 3)],
            "{}",
            t.name
        );
        t.finish().await;
    }
}
