//! Flags and the moderation queue against real databases.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use app::error::AppError;
use app::model::{Escalation, FlagReason, Outcome, Restriction, Role};
use app::server::entities::audit_log;
use app::server::permissions::Viewer;
use app::server::services::moderation::{self, ModerationConfig, Resolution};
use app::server::services::{accounts, notifications, posts, topics};
use common::*;
use sea_orm::{DatabaseConnection, EntityTrait};

/// A forum "open" with a mentor, a second forum with its own mentor, a
/// leader, staff, an author with one post, and two members.
struct World {
    mentor: Viewer,
    other_mentor: Viewer,
    leader: Viewer,
    staff: Viewer,
    author: Viewer,
    a: Viewer,
    b: Viewer,
    topic: i32,
    post: i32,
}

async fn world(db: &DatabaseConnection) -> World {
    let open = make_forum(db, "open", Restriction::Open).await;
    let other = make_forum(db, "other", Restriction::Open).await;
    let mentor = person(db, "mentor_here", Role::Member, true, "1990-01-01").await;
    accounts::assign_mentor(db, mentor.id, open.id)
        .await
        .unwrap();
    let other_mentor = person(db, "mentor_there", Role::Member, true, "1990-01-01").await;
    accounts::assign_mentor(db, other_mentor.id, other.id)
        .await
        .unwrap();
    let leader = person(db, "the_leader", Role::GlobalLeader, true, "1985-01-01").await;
    let staff = staff(db, "the_staff").await;
    let author = member(db, "author").await;
    let a = member(db, "reporter_a").await;
    let b = member(db, "reporter_b").await;
    let topic = topics::create(db, Some(&author), "open", "Hello", "add me on snap: xyz")
        .await
        .unwrap();
    let post = topics::page(db, None, topic, None).await.unwrap().posts[0].id;
    World {
        mentor: accounts::load_viewer(db, mentor.id).await.unwrap().unwrap(),
        other_mentor: accounts::load_viewer(db, other_mentor.id)
            .await
            .unwrap()
            .unwrap(),
        leader,
        staff,
        author,
        a,
        b,
        topic,
        post,
    }
}

fn config() -> ModerationConfig {
    ModerationConfig::default()
}

fn resolution(outcome: Outcome) -> Resolution {
    Resolution {
        outcome,
        note: "checked the post".into(),
        suspend_until: None,
    }
}

#[tokio::test]
async fn reports_are_acknowledged_limited_and_grouped() {
    for t in databases().await {
        let db = &t.db;
        let w = world(db).await;
        moderation::flag(db, &config(), Some(&w.a), w.post, FlagReason::Contact, "")
            .await
            .unwrap();
        let ack = notifications::list(db, Some(&w.a)).await.unwrap();
        assert_eq!(ack[0].kind, "flag_received", "{}", t.name);
        assert!(ack[0].message.contains("We received your report"));

        let again = moderation::flag(db, &config(), Some(&w.a), w.post, FlagReason::Spam, "").await;
        assert!(matches!(again, Err(AppError::Conflict(_))));
        let own =
            moderation::flag(db, &config(), Some(&w.author), w.post, FlagReason::Spam, "").await;
        assert!(matches!(own, Err(AppError::Forbidden(_))));
        let guest = moderation::flag(db, &config(), None, w.post, FlagReason::Spam, "").await;
        assert_eq!(guest, Err(AppError::Unauthorized));
        let no_note =
            moderation::flag(db, &config(), Some(&w.b), w.post, FlagReason::Other, "  ").await;
        assert!(no_note.unwrap_err().field_message("note").is_some());

        moderation::flag(
            db,
            &config(),
            Some(&w.b),
            w.post,
            FlagReason::Sexual,
            "made me uneasy",
        )
        .await
        .unwrap();
        let queue = moderation::queue(db, &config(), Some(&w.mentor), None, None)
            .await
            .unwrap();
        assert_eq!(queue.len(), 1, "two flags, one item");
        assert_eq!(queue[0].flags.len(), 2);
        assert_eq!(queue[0].snapshot, "add me on snap: xyz");
        assert_eq!(queue[0].score, 2);
        let contact_only = moderation::queue(
            db,
            &config(),
            Some(&w.mentor),
            None,
            Some(FlagReason::Contact),
        )
        .await
        .unwrap();
        assert_eq!(contact_only[0].flags.len(), 1);

        // A daily limit, with a clear message.
        let tight = ModerationConfig {
            daily_flag_limit: 1,
            ..config()
        };
        let second_topic = topics::create(db, Some(&w.author), "open", "Two", "second")
            .await
            .unwrap();
        let second_post = topics::page(db, None, second_topic, None)
            .await
            .unwrap()
            .posts[0]
            .id;
        let limited =
            moderation::flag(db, &tight, Some(&w.a), second_post, FlagReason::Spam, "").await;
        assert!(
            matches!(limited, Err(AppError::Forbidden(m)) if m.contains("reports in the last 24 hours"))
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn only_the_right_people_see_and_handle_an_item() {
    for t in databases().await {
        let db = &t.db;
        let w = world(db).await;
        moderation::flag(db, &config(), Some(&w.a), w.post, FlagReason::Contact, "")
            .await
            .unwrap();
        for (who, viewer, sees) in [
            ("mentor of the forum", &w.mentor, true),
            ("mentor of another forum", &w.other_mentor, false),
            ("leader", &w.leader, true),
            ("staff", &w.staff, true),
            ("member", &w.b, false),
        ] {
            let queue = moderation::queue(db, &config(), Some(viewer), None, None)
                .await
                .unwrap();
            assert_eq!(queue.len() == 1, sees, "{}: {who}", t.name);
        }
        let item = moderation::queue(db, &config(), Some(&w.staff), None, None)
            .await
            .unwrap()[0]
            .id;
        let outsider = moderation::claim(db, Some(&w.other_mentor), item).await;
        assert_eq!(outsider, Err(AppError::NotFound));

        // Claiming shows who is on it; a second claimant is refused.
        moderation::claim(db, Some(&w.mentor), item).await.unwrap();
        let queue = moderation::queue(db, &config(), Some(&w.leader), None, None)
            .await
            .unwrap();
        assert_eq!(
            queue[0].claimed_by.as_ref().map(|u| u.username.as_str()),
            Some("mentor_here")
        );
        assert!(matches!(
            moderation::claim(db, Some(&w.leader), item).await,
            Err(AppError::Conflict(_))
        ));

        // Escalated to leaders, the forum's mentor no longer sees it.
        assert_eq!(
            moderation::escalate(db, Some(&w.mentor), item, "needs a leader")
                .await
                .unwrap(),
            Escalation::Leaders
        );
        assert!(
            moderation::queue(db, &config(), Some(&w.mentor), None, None)
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            moderation::queue(db, &config(), Some(&w.leader), None, None)
                .await
                .unwrap()
                .len(),
            1
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn enough_flags_hide_the_post_until_a_moderator_restores_it() {
    for t in databases().await {
        let db = &t.db;
        let w = world(db).await;
        let c = person(db, "listener_c", Role::Member, true, "1990-01-01").await;
        moderation::flag(db, &config(), Some(&w.a), w.post, FlagReason::Contact, "")
            .await
            .unwrap();
        let visible = topics::page(db, Some(&w.b), w.topic, None).await.unwrap();
        assert!(
            !visible.posts[0].hidden,
            "{}: one member's flag does not hide",
            t.name
        );
        // A listener's flag weighs 2: 1 + 2 reaches the threshold of 3.
        moderation::flag(db, &config(), Some(&c), w.post, FlagReason::Contact, "")
            .await
            .unwrap();

        let others = topics::page(db, Some(&w.b), w.topic, None).await.unwrap();
        assert!(others.posts[0].hidden);
        assert_eq!(others.posts[0].body_html, "", "others do not see the text");
        let guest = topics::page(db, None, w.topic, None).await.unwrap();
        assert_eq!(guest.posts[0].body_html, "");
        let own = topics::page(db, Some(&w.author), w.topic, None)
            .await
            .unwrap();
        assert!(own.posts[0].hidden && own.posts[0].body_html.contains("snap"));
        let mentor_view = topics::page(db, Some(&w.mentor), w.topic, None)
            .await
            .unwrap();
        assert!(mentor_view.posts[0].body_html.contains("snap"));
        let told = notifications::list(db, Some(&w.author)).await.unwrap();
        assert!(told.iter().any(|n| n.kind == "post_hidden"));

        let item = moderation::queue(db, &config(), Some(&w.mentor), None, None)
            .await
            .unwrap()[0]
            .id;
        moderation::resolve(db, Some(&w.mentor), item, resolution(Outcome::NoAction))
            .await
            .unwrap();
        let restored = topics::page(db, Some(&w.b), w.topic, None).await.unwrap();
        assert!(!restored.posts[0].hidden);
        assert!(restored.posts[0].body_html.contains("snap"));
        // The flags were disagreed with: it counts against the flaggers' accuracy.
        assert_eq!(moderation::accuracy(db, w.a.id).await.unwrap(), (0, 1));
        let log = audit_log::Entity::find().all(db).await.unwrap();
        assert!(
            log.iter()
                .any(|e| e.action == "auto_hide" && e.actor_id.is_none())
        );
        assert!(
            log.iter()
                .any(|e| e.action == "restore" && e.actor_id == Some(w.mentor.id))
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn exactly_one_of_two_moderators_resolves_an_item() {
    for t in databases().await {
        let db = &t.db;
        let w = world(db).await;
        moderation::flag(db, &config(), Some(&w.a), w.post, FlagReason::Contact, "")
            .await
            .unwrap();
        let item = moderation::queue(db, &config(), Some(&w.mentor), None, None)
            .await
            .unwrap()[0]
            .id;
        let (first, second) = tokio::join!(
            moderation::resolve(db, Some(&w.mentor), item, resolution(Outcome::HidePost)),
            moderation::resolve(db, Some(&w.leader), item, resolution(Outcome::NoAction)),
        );
        let oks = [first.is_ok(), second.is_ok()]
            .iter()
            .filter(|ok| **ok)
            .count();
        assert_eq!(oks, 1, "{}: {first:?} / {second:?}", t.name);
        let loser = if first.is_ok() { second } else { first };
        assert!(matches!(loser, Err(AppError::Conflict(m)) if m.contains("already handled")));
        let again =
            moderation::resolve(db, Some(&w.staff), item, resolution(Outcome::NoAction)).await;
        assert!(matches!(again, Err(AppError::Conflict(_))));
        t.finish().await;
    }
}

#[tokio::test]
async fn warnings_and_suspensions_reach_the_author_and_the_flagger_hears_back() {
    for t in databases().await {
        let db = &t.db;
        let w = world(db).await;
        moderation::flag(db, &config(), Some(&w.a), w.post, FlagReason::Contact, "")
            .await
            .unwrap();
        let item = moderation::queue(db, &config(), Some(&w.mentor), None, None)
            .await
            .unwrap()[0]
            .id;
        let empty_note = Resolution {
            note: " ".into(),
            ..resolution(Outcome::WarnAuthor)
        };
        assert!(
            moderation::resolve(db, Some(&w.mentor), item, empty_note)
                .await
                .unwrap_err()
                .field_message("note")
                .is_some()
        );
        // Mentors may warn but not suspend.
        let suspend = moderation::resolve(
            db,
            Some(&w.mentor),
            item,
            resolution(Outcome::SuspendAuthor),
        )
        .await;
        assert!(matches!(suspend, Err(AppError::Forbidden(_))), "{}", t.name);
        moderation::resolve(db, Some(&w.mentor), item, resolution(Outcome::WarnAuthor))
            .await
            .unwrap();

        let author_news = notifications::list(db, Some(&w.author)).await.unwrap();
        assert!(
            author_news
                .iter()
                .any(|n| n.kind == "warning" && n.message.contains("checked the post"))
        );
        assert_eq!(moderation::history(db, w.author.id).await.unwrap(), (1, 0));
        let outcome = notifications::list(db, Some(&w.a)).await.unwrap();
        assert_eq!(outcome[0].kind, "flag_outcome");
        assert!(
            outcome[0].message.contains("took action")
                && outcome[0].message.contains("/help/reports")
        );
        assert_eq!(moderation::accuracy(db, w.a.id).await.unwrap(), (1, 0));

        // A leader suspends after a second report; the author can read but not post.
        let topic2 = topics::create(db, Some(&w.author), "open", "Again", "text me 555 0100")
            .await
            .unwrap();
        let post2 = topics::page(db, None, topic2, None).await.unwrap().posts[0].id;
        moderation::flag(db, &config(), Some(&w.b), post2, FlagReason::Contact, "")
            .await
            .unwrap();
        let item2 = moderation::queue(db, &config(), Some(&w.leader), None, None)
            .await
            .unwrap()[0]
            .id;
        let until = app::server::now() + chrono::Duration::days(7);
        let suspend = Resolution {
            suspend_until: Some(until),
            ..resolution(Outcome::SuspendAuthor)
        };
        moderation::resolve(db, Some(&w.leader), item2, suspend)
            .await
            .unwrap();
        let author = accounts::load_viewer(db, w.author.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(author.account_state, "suspended");
        let refused = posts::reply(db, Some(&author), w.topic, "still here").await;
        assert!(matches!(refused, Err(AppError::Forbidden(m)) if m.contains("suspended until")));
        assert!(
            topics::page(db, Some(&author), w.topic, None).await.is_ok(),
            "suspended people can read"
        );
        assert_eq!(moderation::history(db, w.author.id).await.unwrap(), (1, 1));
        t.finish().await;
    }
}

#[tokio::test]
async fn a_withdrawn_report_no_longer_counts() {
    for t in databases().await {
        let db = &t.db;
        let w = world(db).await;
        let flag = moderation::flag(db, &config(), Some(&w.a), w.post, FlagReason::Spam, "")
            .await
            .unwrap();
        assert_eq!(
            moderation::withdraw(db, Some(&w.b), flag).await,
            Err(AppError::NotFound),
            "{}",
            t.name
        );
        moderation::withdraw(db, Some(&w.a), flag).await.unwrap();
        assert!(
            moderation::queue(db, &config(), Some(&w.staff), None, None)
                .await
                .unwrap()
                .is_empty()
        );
        // Withdrawn, the person may report again.
        moderation::flag(db, &config(), Some(&w.a), w.post, FlagReason::Contact, "")
            .await
            .unwrap();
        t.finish().await;
    }
}
