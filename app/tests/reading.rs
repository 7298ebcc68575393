//! Reading and writing (issue 19): unread counts, "new" topics and where
//! the reader left off; drafts kept on the server; @-mention suggestions.
//! On SQLite and, when TEST_DATABASE_URL is set, PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use app::error::AppError;
use app::model::{LatestPage, Restriction, Review};
use app::server::entities::topic_read;
use app::server::permissions::Viewer;
use app::server::services::base::{people, reading};
use app::server::services::{accounts, composer, forums, posts, self_care, topics};
use common::*;
use sea_orm::EntityTrait;

const PHONE: &str = "ring me: eight zero one, five five five, zero one nine nine";

fn row(page: &LatestPage, topic: i32) -> Option<&app::model::TopicSummary> {
    page.topics.iter().map(|l| &l.topic).find(|t| t.id == topic)
}

/// An open forum and a teen forum, two adults and a teen, a topic by Alice
/// in the first and one by Tia in the second.
struct Setup {
    alice: Viewer,
    bob: Viewer,
    tia: Viewer,
    topic: i32,
    teen_topic: i32,
}

async fn setup(db: &sea_orm::DatabaseConnection) -> Setup {
    make_forum(db, "talk", Restriction::Open).await;
    make_forum(db, "teens", Restriction::TeensOnly).await;
    let alice = member(db, "alice").await;
    let tia = teen(db, "tia").await;
    let topic = topics::create(db, Some(&alice), "talk", "Nights", "Hard ones.")
        .await
        .unwrap();
    let teen_topic = topics::create(db, Some(&tia), "teens", "School", "Exams.")
        .await
        .unwrap();
    Setup {
        bob: member(db, "bob").await,
        alice,
        tia,
        topic,
        teen_topic,
    }
}

#[tokio::test]
async fn unread_counts_follow_what_each_person_was_shown() {
    for t in databases().await {
        let db = &t.db;
        let Setup {
            alice,
            bob,
            topic,
            teen_topic,
            ..
        } = setup(db).await;

        // New to Bob, not to its author; the teen topic is nowhere for him.
        let bobs = forums::unread(db, Some(&bob), None).await.unwrap();
        let listed = row(&bobs, topic).expect("new topic listed");
        assert!(listed.new && listed.unread == 0, "{}", t.name);
        assert!(row(&bobs, teen_topic).is_none(), "{}", t.name);
        let hers = forums::unread(db, Some(&alice), None).await.unwrap();
        assert!(row(&hers, topic).is_none(), "{}", t.name);
        // Guests have no unread list.
        assert!(matches!(
            forums::unread(db, None, None).await,
            Err(AppError::Unauthorized)
        ));

        // Bob reads it: no longer new, nothing unread, nowhere marked.
        let page = topics::page(db, Some(&bob), topic, None).await.unwrap();
        assert_eq!(page.first_unread, None, "{}: first visit", t.name);
        let bobs = forums::unread(db, Some(&bob), None).await.unwrap();
        assert!(row(&bobs, topic).is_none(), "{}", t.name);

        // Two replies by Alice (her own are never unread to her), one held.
        posts::reply(db, Some(&alice), topic, "Thank you all.")
            .await
            .unwrap();
        posts::reply(db, Some(&alice), topic, "Still here.")
            .await
            .unwrap();
        let held = posts::reply(db, Some(&alice), topic, PHONE).await.unwrap();
        assert_eq!(held.review, Some(Review::Pending));
        let latest = forums::latest(db, Some(&bob), None).await.unwrap();
        let listed = row(&latest, topic).unwrap();
        assert_eq!(
            (listed.unread, listed.last_read, listed.new),
            (2, Some(1), false),
            "{}: the held reply is not counted",
            t.name
        );
        let hers = forums::latest(db, Some(&alice), None).await.unwrap();
        assert_eq!(row(&hers, topic).unwrap().unread, 0, "{}", t.name);
        let bobs = forums::unread(db, Some(&bob), None).await.unwrap();
        assert_eq!(row(&bobs, topic).unwrap().unread, 2, "{}", t.name);

        // "Jump to first unread" opens after his mark, on post 2.
        let page = topics::page(db, Some(&bob), topic, Some(1)).await.unwrap();
        assert_eq!(page.first_unread, Some(2), "{}", t.name);
        let latest = forums::latest(db, Some(&bob), None).await.unwrap();
        assert_eq!(row(&latest, topic).unwrap().unread, 0, "{}", t.name);
        let bobs = forums::unread(db, Some(&bob), None).await.unwrap();
        assert!(
            row(&bobs, topic).is_none(),
            "{}: only a held reply is left, nothing to read",
            t.name
        );

        // Bob's own reply moves his mark past itself.
        let his = posts::reply(db, Some(&bob), topic, "Glad you are.")
            .await
            .unwrap();
        let mark = reading::last_read(db, bob.id, topic).await.unwrap();
        assert_eq!(mark, Some(his.number), "{}", t.name);

        // A forum's list carries the same marks.
        posts::reply(db, Some(&alice), topic, "Night all.")
            .await
            .unwrap();
        let forum = forums::page(db, Some(&bob), "talk", None).await.unwrap();
        let listed = forum.topics.iter().find(|x| x.id == topic).unwrap();
        assert_eq!(listed.unread, 1, "{}", t.name);
        t.finish().await;
    }
}

#[tokio::test]
async fn a_read_mark_only_grows_even_when_pages_are_read_at_once() {
    for t in databases().await {
        let db = &t.db;
        make_forum(db, "talk", Restriction::Open).await;
        let alice = member(db, "alice").await;
        let topic = topics::create(db, Some(&alice), "talk", "Long", "One.")
            .await
            .unwrap();
        let at = app::server::now();
        reading::mark_read(db, alice.id, topic, 40, at)
            .await
            .unwrap();
        reading::mark_read(db, alice.id, topic, 20, at)
            .await
            .unwrap();
        assert_eq!(
            reading::last_read(db, alice.id, topic).await.unwrap(),
            Some(40)
        );

        // Twenty marks from separate tasks on the pool's connections, in no
        // order: the highest stays, and there is one row.
        let mut tasks = Vec::new();
        for n in (41..=60).rev() {
            let db = db.clone();
            tasks.push(tokio::spawn(async move {
                reading::mark_read(&db, alice.id, topic, n, app::server::now()).await
            }));
        }
        for task in tasks {
            task.await.unwrap().unwrap();
        }
        assert_eq!(
            reading::last_read(db, alice.id, topic).await.unwrap(),
            Some(60),
            "{}",
            t.name
        );
        let rows = topic_read::Entity::find().all(db).await.unwrap();
        assert_eq!(rows.len(), 1, "{}", t.name);
        t.finish().await;
    }
}

#[tokio::test]
async fn drafts_are_kept_per_person_and_composer_and_go_when_posted() {
    for t in databases().await {
        let db = &t.db;
        let Setup {
            alice,
            bob,
            tia,
            topic,
            teen_topic,
        } = setup(db).await;
        let key = format!("topic:{topic}");

        assert!(
            composer::load(db, Some(&bob), &key)
                .await
                .unwrap()
                .is_none()
        );
        composer::save(db, Some(&bob), &key, "", "I was going to say")
            .await
            .unwrap();
        composer::save(db, Some(&bob), &key, "", "I was going to say this")
            .await
            .unwrap();
        let draft = composer::load(db, Some(&bob), &key).await.unwrap().unwrap();
        assert_eq!(draft.body, "I was going to say this", "{}", t.name);
        // Alice's composer for the same topic is hers alone.
        assert!(
            composer::load(db, Some(&alice), &key)
                .await
                .unwrap()
                .is_none()
        );

        // A new topic's draft keeps its title; clearing both removes it.
        composer::save(db, Some(&bob), "forum:talk", "A title", "")
            .await
            .unwrap();
        let new = composer::load(db, Some(&bob), "forum:talk")
            .await
            .unwrap()
            .unwrap();
        assert_eq!((new.title.as_str(), new.body.as_str()), ("A title", ""));
        composer::save(db, Some(&bob), "forum:talk", " ", "")
            .await
            .unwrap();
        assert!(
            composer::load(db, Some(&bob), "forum:talk")
                .await
                .unwrap()
                .is_none()
        );

        // Posting the reply removes its draft, in the same transaction.
        posts::reply(db, Some(&bob), topic, "I was going to say this")
            .await
            .unwrap();
        assert!(
            composer::load(db, Some(&bob), &key)
                .await
                .unwrap()
                .is_none(),
            "{}",
            t.name
        );
        composer::save(db, Some(&bob), "forum:talk", "Title", "Body")
            .await
            .unwrap();
        topics::create(db, Some(&bob), "talk", "Title", "Body")
            .await
            .unwrap();
        assert!(
            composer::load(db, Some(&bob), "forum:talk")
                .await
                .unwrap()
                .is_none()
        );

        // Nobody keeps a draft where they cannot read; guests keep none.
        let teen_key = format!("topic:{teen_topic}");
        assert!(matches!(
            composer::save(db, Some(&bob), &teen_key, "", "hi").await,
            Err(AppError::NotFound)
        ));
        assert!(
            composer::save(db, Some(&tia), &teen_key, "", "hi")
                .await
                .is_ok()
        );
        assert!(matches!(
            composer::save(db, None, &key, "", "hi").await,
            Err(AppError::Unauthorized)
        ));
        let unknown = composer::save(db, Some(&bob), "post:1", "", "hi")
            .await
            .unwrap_err();
        assert!(unknown.field_message("key").is_some());
        let too_long = "a".repeat(app::model::MAX_POST_CHARS + 1);
        let refused = composer::save(db, Some(&bob), &key, "", &too_long)
            .await
            .unwrap_err();
        assert!(refused.field_message("body").is_some());
        t.finish().await;
    }
}

#[tokio::test]
async fn mention_suggestions_name_only_people_a_mention_would_reach() {
    for t in databases().await {
        let db = &t.db;
        make_forum(db, "talk", Restriction::Open).await;
        let teens = make_forum(db, "teens", Restriction::TeensOnly).await;
        let lee = member(db, "lee").await;
        member(db, "leah").await;
        member(db, "le_x").await;
        member(db, "lexi").await;
        let lena = member(db, "lena").await;
        let lou = teen(db, "lou_teen").await;
        let leo = member(db, "leo_mentor").await;
        accounts::assign_mentor(db, leo.id, teens.id).await.unwrap();
        let leo = people::load_viewer(db, leo.id).await.unwrap().unwrap();
        self_care::start_break(db, Some(&lena), None).await.unwrap();

        let names = composer::mention_suggestions(db, Some(&lee), "talk", "@Le")
            .await
            .unwrap();
        // Not herself, not someone on a break; a teen reads open forums too.
        assert_eq!(names, ["le_x", "leah", "leo_mentor", "lexi"], "{}", t.name);
        // `_` is a letter here, not LIKE's wildcard.
        let names = composer::mention_suggestions(db, Some(&lee), "talk", "le_")
            .await
            .unwrap();
        assert_eq!(names, ["le_x"], "{}", t.name);
        // In the teen forum: teens and its mentor only.
        let names = composer::mention_suggestions(db, Some(&lou), "teens", "l")
            .await
            .unwrap();
        assert_eq!(names, ["leo_mentor"], "{}", t.name);
        let names = composer::mention_suggestions(db, Some(&leo), "teens", "lou")
            .await
            .unwrap();
        assert_eq!(names, ["lou_teen"], "{}", t.name);
        // An adult cannot ask about a forum they cannot read; odd input
        // matches nobody; guests get nothing.
        assert!(matches!(
            composer::mention_suggestions(db, Some(&lee), "teens", "l").await,
            Err(AppError::NotFound)
        ));
        let odd = composer::mention_suggestions(db, Some(&lee), "talk", "l%")
            .await
            .unwrap();
        assert!(odd.is_empty());
        assert!(matches!(
            composer::mention_suggestions(db, None, "talk", "l").await,
            Err(AppError::Unauthorized)
        ));
        t.finish().await;
    }
}
