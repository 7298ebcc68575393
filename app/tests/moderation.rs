//! Flags and the moderation queue against real databases.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use app::error::AppError;
use app::model::AuditFilter;
use app::model::{AccountState, Escalation, FlagReason, Outcome, Restriction, Role};
use app::model::{AppealStatus, NotificationKind, SanctionKind};
use app::server::entities::audit_log;
use app::server::permissions::Viewer;
use app::server::services::accounts::RoleChange;
use app::server::services::base::{people, standing};
use app::server::services::moderation::{self, ModerationConfig, Resolution};
use app::server::services::{accounts, appeals, audit, notifications, posts, revisions, topics};
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
    let topic = topics::create(db, Some(&author), "open", "Hello", "a rude post about xyz")
        .await
        .unwrap();
    let post = topics::page(db, None, topic, None).await.unwrap().posts[0].id;
    World {
        mentor: people::load_viewer(db, mentor.id).await.unwrap().unwrap(),
        other_mentor: people::load_viewer(db, other_mentor.id)
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
    Resolution::new(outcome, "checked the post")
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
        assert_eq!(ack[0].kind, NotificationKind::FlagReceived, "{}", t.name);
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
        assert_eq!(queue[0].snapshot, "a rude post about xyz");
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
        // The leaders are told it waits for them; staff are not, yet.
        let escalated = |list: Vec<app::model::NotificationView>| {
            list.into_iter()
                .filter(|n| n.message.contains("was escalated to"))
                .count()
        };
        let heard = escalated(notifications::list(db, Some(&w.leader)).await.unwrap());
        assert_eq!(heard, 1, "{}", t.name);
        let staff_heard = escalated(notifications::list(db, Some(&w.staff)).await.unwrap());
        assert_eq!(staff_heard, 0);
        moderation::escalate(db, Some(&w.leader), item, "needs staff")
            .await
            .unwrap();
        let staff_heard = escalated(notifications::list(db, Some(&w.staff)).await.unwrap());
        assert_eq!(staff_heard, 1, "{}", t.name);
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
        assert!(own.posts[0].hidden && own.posts[0].body_html.contains("rude"));
        let mentor_view = topics::page(db, Some(&w.mentor), w.topic, None)
            .await
            .unwrap();
        assert!(mentor_view.posts[0].body_html.contains("rude"));
        let told = notifications::list(db, Some(&w.author)).await.unwrap();
        assert!(told.iter().any(|n| n.kind == NotificationKind::PostHidden));

        let item = moderation::queue(db, &config(), Some(&w.mentor), None, None)
            .await
            .unwrap()[0]
            .id;
        moderation::resolve(db, Some(&w.mentor), item, resolution(Outcome::NoAction))
            .await
            .unwrap();
        let restored = topics::page(db, Some(&w.b), w.topic, None).await.unwrap();
        assert!(!restored.posts[0].hidden);
        assert!(restored.posts[0].body_html.contains("rude"));
        // The flags were disagreed with: it counts against the flaggers' accuracy.
        assert_eq!(standing::accuracy(db, w.a.id).await.unwrap(), (0, 1));
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
                .any(|n| n.kind == NotificationKind::Warning
                    && n.message.contains("checked the post"))
        );
        assert_eq!(standing::history(db, w.author.id).await.unwrap(), (1, 0));
        let outcome = notifications::list(db, Some(&w.a)).await.unwrap();
        assert_eq!(outcome[0].kind, NotificationKind::FlagOutcome);
        assert!(
            outcome[0].message.contains("its author was warned")
                && !outcome[0].message.contains("hidden")
                && outcome[0].message.contains("/help/reports")
        );
        assert_eq!(standing::accuracy(db, w.a.id).await.unwrap(), (1, 0));

        // A leader suspends after a second report; the author can read but not post.
        let topic2 = topics::create(db, Some(&w.author), "open", "Again", "another rude post")
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
        let author = people::load_viewer(db, w.author.id).await.unwrap().unwrap();
        assert_eq!(author.account_state, AccountState::Suspended);
        let refused = posts::reply(db, Some(&author), w.topic, "still here").await;
        assert!(matches!(refused, Err(AppError::Forbidden(m)) if m.contains("suspended until")));
        assert!(
            topics::page(db, Some(&author), w.topic, None).await.is_ok(),
            "suspended people can read"
        );
        assert_eq!(standing::history(db, w.author.id).await.unwrap(), (1, 1));
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

/// Flags the world's post and returns the queue item's id.
async fn reported(db: &DatabaseConnection, w: &World) -> i32 {
    moderation::flag(db, &config(), Some(&w.a), w.post, FlagReason::Contact, "")
        .await
        .unwrap();
    moderation::queue(db, &config(), Some(&w.staff), None, None)
        .await
        .unwrap()[0]
        .id
}

#[tokio::test]
async fn an_edit_outcome_censors_the_post_and_keeps_the_evidence() {
    for t in databases().await {
        let db = &t.db;
        let w = world(db).await;
        let item = reported(db, &w).await;
        let missing = moderation::resolve(db, Some(&w.mentor), item, resolution(Outcome::EditPost))
            .await
            .unwrap_err();
        assert!(missing.field_message("new_body").is_some(), "{}", t.name);
        let edit = Resolution {
            new_body: Some("add me on [contact details removed]".into()),
            ..resolution(Outcome::EditPost)
        };
        moderation::resolve(db, Some(&w.mentor), item, edit)
            .await
            .unwrap();

        let page = topics::page(db, None, w.topic, None).await.unwrap();
        assert!(page.posts[0].body_html.contains("contact details removed"));
        assert!(!page.posts[0].body_html.contains("xyz"));
        assert_eq!(page.posts[0].edited_by.as_ref().unwrap().id, w.mentor.id);
        let history = revisions::history(db, None, w.post).await.unwrap();
        assert_eq!(history.revisions.len(), 2, "the original is kept");
        assert!(history.revisions[0].reason.contains("checked the post"));
        let news = notifications::list(db, Some(&w.author)).await.unwrap();
        assert!(news.iter().any(|n| n.kind == NotificationKind::PostEdited));
        let outcome = notifications::list(db, Some(&w.a)).await.unwrap();
        assert!(outcome[0].message.contains("the post was edited"));
        t.finish().await;
    }
}

#[tokio::test]
async fn appeals_go_to_someone_else_once_and_a_reversal_lifts_the_suspension() {
    for t in databases().await {
        let db = &t.db;
        let w = world(db).await;
        let item = reported(db, &w).await;
        let suspend = Resolution {
            suspend_until: None,
            ..resolution(Outcome::SuspendAuthor)
        };
        moderation::resolve(db, Some(&w.leader), item, suspend)
            .await
            .unwrap();
        let sanction = moderation::my_sanctions(db, Some(&w.author)).await.unwrap()[0].clone();
        assert_eq!(sanction.kind, SanctionKind::Suspension);

        // Only the person sanctioned may appeal, with a reason, once.
        assert_eq!(
            appeals::file(db, Some(&w.a), sanction.id, "not mine").await,
            Err(AppError::NotFound),
            "{}",
            t.name
        );
        assert!(
            appeals::file(db, Some(&w.author), sanction.id, " ")
                .await
                .unwrap_err()
                .field_message("body")
                .is_some()
        );
        let appeal = appeals::file(db, Some(&w.author), sanction.id, "it was a joke, sorry")
            .await
            .unwrap();
        assert!(matches!(
            appeals::file(db, Some(&w.author), sanction.id, "again").await,
            Err(AppError::Conflict(_))
        ));

        // The leader who suspended neither sees nor decides it; staff do.
        assert!(appeals::open(db, Some(&w.leader)).await.unwrap().is_empty());
        assert!(matches!(
            appeals::decide(db, Some(&w.leader), appeal, true, "fine").await,
            Err(AppError::Forbidden(_))
        ));
        assert!(matches!(
            appeals::open(db, Some(&w.mentor)).await,
            Err(AppError::Forbidden(_))
        ));
        let waiting = appeals::open(db, Some(&w.staff)).await.unwrap();
        assert_eq!(waiting.len(), 1);
        assert_eq!(waiting[0].body, "it was a joke, sorry");
        let staff_news = notifications::list(db, Some(&w.staff)).await.unwrap();
        assert!(
            staff_news
                .iter()
                .any(|n| n.kind == NotificationKind::AppealWaiting)
        );

        appeals::decide(db, Some(&w.staff), appeal, true, "first time, lifted")
            .await
            .unwrap();
        assert!(matches!(
            appeals::decide(db, Some(&w.staff), appeal, false, "again").await,
            Err(AppError::Conflict(_))
        ));
        let author = people::load_viewer(db, w.author.id).await.unwrap().unwrap();
        assert_eq!(author.account_state, AccountState::Active);
        assert!(
            posts::reply(db, Some(&author), w.topic, "back")
                .await
                .is_ok()
        );
        assert_eq!(standing::history(db, w.author.id).await.unwrap(), (0, 0));
        let mine = moderation::my_sanctions(db, Some(&w.author)).await.unwrap();
        assert!(mine[0].reversed);
        assert_eq!(mine[0].appeal_status, Some(AppealStatus::Reversed));
        let news = notifications::list(db, Some(&w.author)).await.unwrap();
        assert!(
            news.iter()
                .any(|n| n.kind == NotificationKind::AppealDecided
                    && n.message.contains("first time, lifted"))
        );
        let logged = audit::browse(
            db,
            Some(&w.leader),
            &AuditFilter {
                action: "appeal_reversed".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert_eq!(logged.entries.len(), 1);
        assert_eq!(logged.entries[0].actor.as_ref().unwrap().id, w.staff.id);
        t.finish().await;
    }
}

#[tokio::test]
async fn an_upheld_appeal_keeps_the_warning() {
    for t in databases().await {
        let db = &t.db;
        let w = world(db).await;
        let item = reported(db, &w).await;
        moderation::resolve(db, Some(&w.mentor), item, resolution(Outcome::WarnAuthor))
            .await
            .unwrap();
        let sanction = moderation::my_sanctions(db, Some(&w.author)).await.unwrap()[0].id;
        let appeal = appeals::file(db, Some(&w.author), sanction, "please")
            .await
            .unwrap();
        // The mentor issued it; a leader decides.
        appeals::decide(db, Some(&w.leader), appeal, false, "the rule is clear")
            .await
            .unwrap();
        assert_eq!(
            standing::history(db, w.author.id).await.unwrap(),
            (1, 0),
            "{}",
            t.name
        );
        let mine = moderation::my_sanctions(db, Some(&w.author)).await.unwrap();
        assert!(!mine[0].reversed);
        assert_eq!(
            mine[0].appeal_decision.as_deref(),
            Some("the rule is clear")
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn overdue_items_are_reported_to_leaders_once() {
    for t in databases().await {
        let db = &t.db;
        let w = world(db).await;
        reported(db, &w).await;
        assert_eq!(
            moderation::notify_overdue(db, &config()).await.unwrap(),
            0,
            "a fresh item is not overdue ({})",
            t.name
        );
        let soon = ModerationConfig {
            overdue_after: chrono::Duration::seconds(-1),
            ..config()
        };
        assert_eq!(moderation::notify_overdue(db, &soon).await.unwrap(), 1);
        assert_eq!(moderation::notify_overdue(db, &soon).await.unwrap(), 0);
        let news = notifications::list(db, Some(&w.leader)).await.unwrap();
        assert_eq!(
            news.iter()
                .filter(|n| n.kind == NotificationKind::QueueOverdue)
                .count(),
            1
        );
        assert_eq!(news[0].link.as_deref(), Some("/queue"));
        let mentor_news = notifications::list(db, Some(&w.mentor)).await.unwrap();
        assert!(
            mentor_news
                .iter()
                .all(|n| n.kind != NotificationKind::QueueOverdue)
        );
        let queue = moderation::queue(db, &soon, Some(&w.mentor), None, None)
            .await
            .unwrap();
        assert!(
            queue[0].overdue,
            "still the mentor's to handle, marked overdue"
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn flag_accuracy_is_shown_to_leaders_only() {
    for t in databases().await {
        let db = &t.db;
        let w = world(db).await;
        reported(db, &w).await;
        let for_mentor = moderation::queue(db, &config(), Some(&w.mentor), None, None)
            .await
            .unwrap();
        assert_eq!(for_mentor[0].flags[0].accuracy, None, "{}", t.name);
        let for_leader = moderation::queue(db, &config(), Some(&w.leader), None, None)
            .await
            .unwrap();
        assert_eq!(for_leader[0].flags[0].accuracy, Some((0, 0)));
        let profile = accounts::profile(db, Some(&w.leader), "reporter_a")
            .await
            .unwrap();
        assert_eq!(profile.record.unwrap().flag_accuracy, Some((0, 0)));
        let as_mentor = accounts::profile(db, Some(&w.mentor), "reporter_a")
            .await
            .unwrap();
        assert_eq!(as_mentor.record.unwrap().flag_accuracy, None);
        let as_member = accounts::profile(db, Some(&w.b), "reporter_a")
            .await
            .unwrap();
        assert!(as_member.record.is_none() && as_member.roles.is_none());
        t.finish().await;
    }
}

#[tokio::test]
async fn the_audit_log_is_for_leaders_and_staff_and_filters() {
    for t in databases().await {
        let db = &t.db;
        let w = world(db).await;
        let item = reported(db, &w).await;
        moderation::claim(db, Some(&w.mentor), item).await.unwrap();
        moderation::resolve(db, Some(&w.mentor), item, resolution(Outcome::HidePost))
            .await
            .unwrap();
        for refused in [&w.mentor, &w.a] {
            assert!(matches!(
                audit::browse(db, Some(refused), &AuditFilter::default()).await,
                Err(AppError::Forbidden(_))
            ));
        }
        let all = audit::browse(db, Some(&w.staff), &AuditFilter::default())
            .await
            .unwrap();
        let actions: Vec<&str> = all.entries.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(actions, ["hide_post", "hide", "claim"], "{}", t.name);
        assert_eq!(all.entries[1].target_link, Some(format!("/p/{}", w.post)));
        let by_mentor = audit::browse(
            db,
            Some(&w.leader),
            &AuditFilter {
                actor: "Mentor_Here".into(),
                target_type: "queue_item".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert_eq!(by_mentor.entries.len(), 2);
        let by_system = audit::browse(
            db,
            Some(&w.leader),
            &AuditFilter {
                actor: "system".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert!(by_system.entries.is_empty());
        let nobody = audit::browse(
            db,
            Some(&w.leader),
            &AuditFilter {
                actor: "nobody_here".into(),
                ..Default::default()
            },
        )
        .await;
        assert!(nobody.unwrap_err().field_message("actor").is_some());
        t.finish().await;
    }
}

#[tokio::test]
async fn staff_change_roles_and_the_change_is_audited() {
    for t in databases().await {
        let db = &t.db;
        let w = world(db).await;
        let change = RoleChange {
            role: Some(Role::GlobalLeader),
            is_listener: Some(true),
            mentor: Some((w.mentor.mentor_of[0], true)),
        };
        for refused in [&w.leader, &w.mentor, &w.a] {
            assert!(matches!(
                accounts::change_roles(db, Some(refused), w.b.id, change.clone()).await,
                Err(AppError::Forbidden(_))
            ));
        }
        accounts::change_roles(db, Some(&w.staff), w.b.id, change)
            .await
            .unwrap();
        let b = people::load_viewer(db, w.b.id).await.unwrap().unwrap();
        assert_eq!(b.role, Role::GlobalLeader, "{}", t.name);
        assert!(b.is_listener);
        assert_eq!(b.mentor_of, w.mentor.mentor_of);
        let log = audit::browse(
            db,
            Some(&w.staff),
            &AuditFilter {
                action: "role_change".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert_eq!(log.entries.len(), 1);
        let reason = &log.entries[0].reason;
        assert!(
            reason.contains("member → global_leader")
                && reason.contains("made a listener")
                && reason.contains("mentor of open"),
            "{reason}"
        );
        assert_eq!(log.entries[0].target_link.as_deref(), Some("/u/reporter_b"));
        // Staff cannot change their own role.
        let own = RoleChange {
            role: Some(Role::Member),
            ..Default::default()
        };
        assert!(matches!(
            accounts::change_roles(db, Some(&w.staff), w.staff.id, own).await,
            Err(AppError::Forbidden(_))
        ));
        // A teen cannot be made staff, a leader or a mentor.
        let young = common::teen(db, "young_one").await;
        for change in [
            RoleChange {
                role: Some(Role::Staff),
                ..Default::default()
            },
            RoleChange {
                role: Some(Role::GlobalLeader),
                ..Default::default()
            },
            RoleChange {
                mentor: Some((w.mentor.mentor_of[0], true)),
                ..Default::default()
            },
        ] {
            let refused =
                accounts::change_roles(db, Some(&w.staff), young.id, change.clone()).await;
            assert!(
                refused
                    .as_ref()
                    .is_err_and(|e| e.field_message("role").is_some()),
                "{}: {change:?} {refused:?}",
                t.name
            );
        }
        let young = people::load_viewer(db, young.id).await.unwrap().unwrap();
        assert_eq!((young.role, young.mentor_of.len()), (Role::Member, 0));
        t.finish().await;
    }
}

/// A new post by `author` (written while they still may).
async fn another_post(db: &DatabaseConnection, w: &World, title: &str) -> i32 {
    let topic = topics::create(db, Some(&w.author), "open", title, "a rude post")
        .await
        .unwrap();
    topics::page(db, None, topic, None).await.unwrap().posts[0].id
}

/// Suspends `author` through a report on their post `post`.
async fn suspend(
    db: &DatabaseConnection,
    w: &World,
    until: Option<chrono::DateTime<chrono::Utc>>,
    post: i32,
) {
    moderation::flag(db, &config(), Some(&w.b), post, FlagReason::Harassment, "")
        .await
        .unwrap();
    let item = moderation::queue(db, &config(), Some(&w.leader), None, None)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.post_id == post)
        .unwrap()
        .id;
    let suspension = Resolution {
        suspend_until: until,
        ..resolution(Outcome::SuspendAuthor)
    };
    moderation::resolve(db, Some(&w.leader), item, suspension)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_shorter_suspension_never_shortens_a_longer_one() {
    for t in databases().await {
        let db = &t.db;
        let w = world(db).await;
        let state = || async {
            let user = app::server::entities::user::Entity::find_by_id(w.author.id)
                .one(db)
                .await
                .unwrap()
                .unwrap();
            (user.account_state, user.suspended_until)
        };
        let (first, second) = (
            another_post(db, &w, "First").await,
            another_post(db, &w, "Second").await,
        );
        suspend(db, &w, None, first).await;
        assert_eq!(state().await, (AccountState::Suspended, None), "{}", t.name);
        // A one-day suspension after an indefinite one: still indefinite.
        let tomorrow = app::server::now() + chrono::Duration::days(1);
        suspend(db, &w, Some(tomorrow), second).await;
        assert_eq!(state().await, (AccountState::Suspended, None), "{}", t.name);
        // The indefinite one is reversed on appeal: the day remains.
        let sanctions = moderation::my_sanctions(db, Some(&w.author)).await.unwrap();
        let indefinite = sanctions
            .iter()
            .find(|s| s.kind == SanctionKind::Suspension && s.until.is_none())
            .unwrap()
            .id;
        let appeal = app::server::services::appeals::file(
            db,
            Some(&w.author),
            indefinite,
            "I was provoked.",
        )
        .await
        .unwrap();
        app::server::services::appeals::decide(db, Some(&w.staff), appeal, true, "Fair enough.")
            .await
            .unwrap();
        assert_eq!(
            state().await,
            (AccountState::Suspended, Some(tomorrow)),
            "{}",
            t.name
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn a_lapsed_suspension_is_not_shown_on_the_profile() {
    for t in databases().await {
        let db = &t.db;
        let w = world(db).await;
        let post = another_post(db, &w, "Later").await;
        suspend(
            db,
            &w,
            Some(app::server::now() + chrono::Duration::days(2)),
            post,
        )
        .await;
        let profile = accounts::profile(db, Some(&w.staff), "author")
            .await
            .unwrap();
        assert_eq!(profile.account_state, AccountState::Suspended, "{}", t.name);
        // Two days on (moved back in time rather than waited for).
        use app::server::entities::user;
        use sea_orm::{ColumnTrait, QueryFilter, sea_query::Expr};
        let past = app::server::now() - chrono::Duration::days(1);
        user::Entity::update_many()
            .col_expr(user::Column::SuspendedUntil, Expr::value(past))
            .filter(user::Column::Id.eq(w.author.id))
            .exec(db)
            .await
            .unwrap();
        let profile = accounts::profile(db, Some(&w.staff), "author")
            .await
            .unwrap();
        assert_eq!(
            (profile.account_state, profile.suspended_until),
            (AccountState::Active, None),
            "{}",
            t.name
        );
        t.finish().await;
    }
}

/// The closed sets are stored with their wire spelling (so rows written
/// before the columns became enums read back), and a value outside the set
/// is an error when read, not a silent fallback.
#[tokio::test]
async fn closed_sets_are_stored_with_their_wire_spelling() {
    use sea_orm::{ConnectionTrait, Statement};
    for t in databases().await {
        let db = &t.db;
        let w = world(db).await;
        moderation::flag(db, &config(), Some(&w.a), w.post, FlagReason::AtRisk, "")
            .await
            .unwrap();
        let backend = db.get_database_backend();
        let row = db
            .query_one_raw(Statement::from_string(
                backend,
                "SELECT f.reason, f.status, q.status AS item_status, q.escalation, q.source \
                 FROM flags f JOIN queue_items q ON q.id = f.item_id",
            ))
            .await
            .unwrap()
            .unwrap();
        let text = |col: &str| row.try_get::<String>("", col).unwrap();
        assert_eq!(text("reason"), "at_risk", "{}", t.name);
        assert_eq!(text("status"), "open", "{}", t.name);
        assert_eq!(text("item_status"), "open", "{}", t.name);
        assert_eq!(text("escalation"), "none", "{}", t.name);
        assert_eq!(text("source"), "flags", "{}", t.name);

        db.execute_raw(Statement::from_string(
            backend,
            "UPDATE flags SET status = 'maybe'",
        ))
        .await
        .unwrap();
        let read = app::server::entities::flag::Entity::find().all(db).await;
        assert!(
            read.is_err(),
            "{}: an unknown state must not read as a default",
            t.name
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn the_forums_mentors_hear_of_a_new_item_once_and_see_the_count() {
    for t in databases().await {
        let db = &t.db;
        let w = world(db).await;
        let waiting = |list: Vec<app::model::NotificationView>| {
            list.into_iter()
                .filter(|n| n.kind == NotificationKind::ItemWaiting)
                .count()
        };
        assert_eq!(moderation::open_count(db, &w.mentor).await.unwrap(), 0);
        moderation::flag(db, &config(), Some(&w.a), w.post, FlagReason::Contact, "")
            .await
            .unwrap();
        // The forum's mentor is told; a mentor elsewhere, the reporter and
        // the author are not.
        let mentor_heard = waiting(notifications::list(db, Some(&w.mentor)).await.unwrap());
        assert_eq!(mentor_heard, 1, "{}", t.name);
        for other in [&w.other_mentor, &w.a, &w.author] {
            let heard = waiting(notifications::list(db, Some(other)).await.unwrap());
            assert_eq!(heard, 0, "{} told {}", t.name, other.username);
        }
        // A second report joins the same item: no second notice.
        moderation::flag(db, &config(), Some(&w.b), w.post, FlagReason::Spam, "")
            .await
            .unwrap();
        let mentor_heard = waiting(notifications::list(db, Some(&w.mentor)).await.unwrap());
        assert_eq!(mentor_heard, 1, "{}", t.name);
        // The header count: the mentor, leaders and staff see the item;
        // the mentor of another forum does not.
        assert_eq!(moderation::open_count(db, &w.mentor).await.unwrap(), 1);
        assert_eq!(moderation::open_count(db, &w.leader).await.unwrap(), 1);
        assert_eq!(moderation::open_count(db, &w.staff).await.unwrap(), 1);
        assert_eq!(
            moderation::open_count(db, &w.other_mentor).await.unwrap(),
            0
        );
        assert_eq!(moderation::open_count(db, &w.a).await.unwrap(), 0);
        let item = moderation::queue(db, &config(), Some(&w.mentor), None, None)
            .await
            .unwrap()[0]
            .id;
        moderation::resolve(db, Some(&w.mentor), item, resolution(Outcome::NoAction))
            .await
            .unwrap();
        assert_eq!(moderation::open_count(db, &w.mentor).await.unwrap(), 0);
    }
}

#[tokio::test]
async fn a_forum_without_mentors_tells_the_leaders() {
    for t in databases().await {
        let db = &t.db;
        let w = world(db).await;
        make_forum(db, "unwatched", Restriction::Open).await;
        let topic = topics::create(db, Some(&w.author), "unwatched", "Hi", "a post here")
            .await
            .unwrap();
        let post = topics::page(db, None, topic, None).await.unwrap().posts[0].id;
        moderation::flag(db, &config(), Some(&w.a), post, FlagReason::Spam, "")
            .await
            .unwrap();
        let heard = notifications::list(db, Some(&w.leader))
            .await
            .unwrap()
            .into_iter()
            .filter(|n| n.kind == NotificationKind::ItemWaiting)
            .filter(|n| {
                n.link
                    .as_deref()
                    .is_some_and(|l| l.contains(&post.to_string()))
            })
            .count();
        assert_eq!(heard, 1, "{}", t.name);
    }
}

/// One decision about a reported post, and what it must leave behind.
struct Decision {
    outcome: Outcome,
    leader: bool,
    /// Audit actions by the moderator, in order: one per effect, then the
    /// decision itself.
    audit: &'static [&'static str],
    /// The one notice the author gets, if any.
    author_told: Option<NotificationKind>,
    /// What the reporter reads.
    reporter_reads: &'static str,
    hidden: bool,
    edited: bool,
    /// (warnings, suspensions) on the author's record afterwards.
    record: (u64, u64),
}

#[tokio::test]
async fn each_combined_decision_leaves_its_effects_audit_rows_and_notices() {
    use NotificationKind as N;
    let decisions = [
        Decision {
            outcome: Outcome::HideAndWarn,
            leader: false,
            audit: &["hide", "warn", "hide_and_warn"],
            author_told: Some(N::Warning),
            reporter_reads: "the post was hidden and its author was warned",
            hidden: true,
            edited: false,
            record: (1, 0),
        },
        Decision {
            outcome: Outcome::HideAndSuspend,
            leader: true,
            audit: &["hide", "suspend", "hide_and_suspend"],
            author_told: Some(N::Suspension),
            reporter_reads: "the post was hidden and its author was suspended",
            hidden: true,
            edited: false,
            record: (0, 1),
        },
        Decision {
            outcome: Outcome::EditAndWarn,
            leader: false,
            audit: &["edit", "warn", "edit_and_warn"],
            author_told: Some(N::Warning),
            reporter_reads: "the post was edited and its author was warned",
            hidden: false,
            edited: true,
            record: (1, 0),
        },
        Decision {
            outcome: Outcome::HidePost,
            leader: false,
            audit: &["hide", "hide_post"],
            author_told: Some(N::PostHidden),
            reporter_reads: "a moderator reviewed it: the post was hidden.",
            hidden: true,
            edited: false,
            record: (0, 0),
        },
        Decision {
            outcome: Outcome::NoAction,
            leader: false,
            audit: &["no_action"],
            author_told: None,
            reporter_reads: "found it within the guidelines",
            hidden: false,
            edited: false,
            record: (0, 0),
        },
    ];
    for d in decisions {
        for t in databases().await {
            let db = &t.db;
            let w = world(db).await;
            let item = reported(db, &w).await;
            let decision = Resolution {
                new_body: Some("a post about [removed]".into()),
                ..resolution(d.outcome)
            };
            if d.leader {
                // Mentors are not offered it, and the server refuses it too.
                let refused =
                    moderation::resolve(db, Some(&w.mentor), item, decision.clone()).await;
                assert!(matches!(refused, Err(AppError::Forbidden(_))), "{}", t.name);
            }
            let by = if d.leader { &w.leader } else { &w.mentor };
            moderation::resolve(db, Some(by), item, decision)
                .await
                .unwrap();
            let what = format!("{} on {}", d.outcome, t.name);

            let actions: Vec<String> = audit_log::Entity::find()
                .all(db)
                .await
                .unwrap()
                .into_iter()
                .filter(|e| e.actor_id == Some(by.id))
                .map(|e| e.action)
                .collect();
            assert_eq!(actions, d.audit, "{what}");

            let page = topics::page(db, Some(&w.author), w.topic, None)
                .await
                .unwrap();
            let post = &page.posts[0];
            assert_eq!(post.hidden, d.hidden, "{what}");
            assert_eq!(post.hidden_by_moderator, d.hidden, "{what}");
            if d.hidden {
                // The author reads why in general terms, never the note.
                assert_eq!(
                    post.hidden_reason.as_deref(),
                    Some(FlagReason::Contact.label()),
                    "{what}"
                );
                let guest = topics::page(db, None, w.topic, None).await.unwrap();
                assert_eq!(guest.posts[0].hidden_reason, None, "{what}");
                assert!(guest.posts[0].hidden_by_moderator, "{what}");
            }
            assert_eq!(post.version == 2, d.edited, "{what}");

            let told: Vec<_> = notifications::list(db, Some(&w.author))
                .await
                .unwrap()
                .into_iter()
                .collect();
            match d.author_told {
                Some(kind) => {
                    assert_eq!(told.len(), 1, "one notice: {what}: {told:?}");
                    assert_eq!(told[0].kind, kind, "{what}");
                    // "A moderator": the author is not told who.
                    assert_eq!(told[0].actor, None, "{what}");
                    if d.hidden && d.record != (0, 0) {
                        assert!(told[0].message.contains("hid your post"), "{what}");
                    }
                }
                None => assert!(told.is_empty(), "{what}: {told:?}"),
            }
            let reporter = notifications::list(db, Some(&w.a)).await.unwrap();
            assert_eq!(reporter[0].kind, NotificationKind::FlagOutcome, "{what}");
            assert!(
                reporter[0].message.contains(d.reporter_reads),
                "{what}: {}",
                reporter[0].message
            );
            assert!(!reporter[0].message.contains("removed"), "{what}");
            assert_eq!(
                standing::history(db, w.author.id).await.unwrap(),
                d.record,
                "{what}"
            );
            t.finish().await;
        }
    }
}

#[tokio::test]
async fn a_leader_takes_a_misused_badge_away_and_an_appeal_gives_it_back() {
    for t in databases().await {
        let db = &t.db;
        let w = world(db).await;
        // A listener, and a mentor writing in the forum they mentor.
        let listener = person(db, "a_listener", Role::Member, true, "1990-01-01").await;
        let said = topics::create(
            db,
            Some(&listener),
            "open",
            "Hi",
            "you are all hopeless, honestly",
        )
        .await
        .unwrap();
        let post = topics::page(db, None, said, None).await.unwrap().posts[0].id;
        moderation::flag(db, &config(), Some(&w.a), post, FlagReason::Harassment, "")
            .await
            .unwrap();
        let queue = moderation::queue(db, &config(), Some(&w.leader), None, None)
            .await
            .unwrap();
        let item = queue.iter().find(|i| i.post_id == post).unwrap();
        assert_eq!(item.removable_badges, vec![app::model::Badge::Listener]);
        // Mentors are offered no badge to take, and may not take one.
        let mentor_view = moderation::queue(db, &config(), Some(&w.mentor), None, None)
            .await
            .unwrap();
        assert!(mentor_view.iter().all(|i| i.removable_badges.is_empty()));
        let removal = Resolution {
            badge: Some(app::model::Badge::Listener),
            ..resolution(Outcome::HideAndRemoveBadge)
        };
        let refused = moderation::resolve(db, Some(&w.mentor), item.id, removal.clone()).await;
        assert!(matches!(refused, Err(AppError::Forbidden(_))), "{}", t.name);
        let wrong = Resolution {
            badge: Some(app::model::Badge::Mentor),
            ..removal.clone()
        };
        let not_a_mentor = moderation::resolve(db, Some(&w.leader), item.id, wrong)
            .await
            .unwrap_err();
        assert!(not_a_mentor.field_message("badge").is_some());
        moderation::resolve(db, Some(&w.leader), item.id, removal)
            .await
            .unwrap();
        let after = people::load_viewer(db, listener.id).await.unwrap().unwrap();
        assert!(!after.is_listener, "{}", t.name);
        let record = moderation::my_sanctions(db, Some(&after)).await.unwrap();
        assert_eq!(record[0].kind, SanctionKind::ListenerRemoved);
        let log = audit_log::Entity::find().all(db).await.unwrap();
        assert!(log.iter().any(|e| e.action == "listener_removed"
            && e.target_id == listener.id
            && e.actor_id == Some(w.leader.id)));

        // Appealed, reversed by someone else: the badge comes back.
        appeals::file(db, Some(&after), record[0].id, "I was giving a crisis line")
            .await
            .unwrap();
        let appeal = appeals::open(db, Some(&w.staff)).await.unwrap()[0].id;
        appeals::decide(db, Some(&w.staff), appeal, true, "It was a helpline.")
            .await
            .unwrap();
        let back = people::load_viewer(db, listener.id).await.unwrap().unwrap();
        assert!(back.is_listener, "{}", t.name);

        // A mentor who misuses their place loses the mentorship of that forum.
        let said = topics::create(
            db,
            Some(&w.mentor),
            "open",
            "Me",
            "stop whining, all of you",
        )
        .await
        .unwrap();
        let post = topics::page(db, None, said, None).await.unwrap().posts[0].id;
        moderation::flag(db, &config(), Some(&w.b), post, FlagReason::Harassment, "")
            .await
            .unwrap();
        let queue = moderation::queue(db, &config(), Some(&w.leader), None, None)
            .await
            .unwrap();
        let item = queue.iter().find(|i| i.post_id == post).unwrap();
        assert!(item.removable_badges.contains(&app::model::Badge::Mentor));
        let removal = Resolution {
            badge: Some(app::model::Badge::Mentor),
            ..resolution(Outcome::HideAndRemoveBadge)
        };
        moderation::resolve(db, Some(&w.leader), item.id, removal)
            .await
            .unwrap();
        let after = people::load_viewer(db, w.mentor.id).await.unwrap().unwrap();
        assert!(after.mentor_of.is_empty(), "{}", t.name);
        t.finish().await;
    }
}

#[tokio::test]
async fn claims_are_let_go_or_taken_over_and_a_leader_reopens_a_recent_decision() {
    for t in databases().await {
        let db = &t.db;
        let w = world(db).await;
        let item = reported(db, &w).await;
        moderation::claim(db, Some(&w.mentor), item).await.unwrap();
        let seen = moderation::queue(db, &config(), Some(&w.mentor), None, None)
            .await
            .unwrap();
        assert!(
            seen[0].claimed_by_me && !seen[0].can_take_over,
            "{}",
            t.name
        );
        // Only the claimer lets go; a mentor cannot take over.
        let not_mine = moderation::unclaim(db, Some(&w.leader), item).await;
        assert!(matches!(not_mine, Err(AppError::Conflict(_))));
        let staff_takes = moderation::take_over(db, Some(&w.staff), item, "").await;
        assert!(staff_takes.is_ok(), "staff take over: {staff_takes:?}");
        let leader_view = moderation::queue(db, &config(), Some(&w.leader), None, None)
            .await
            .unwrap();
        assert!(leader_view[0].can_take_over);
        moderation::unclaim(db, Some(&w.staff), item).await.unwrap();
        let claimed = moderation::take_over(db, Some(&w.leader), item, "").await;
        assert!(
            matches!(claimed, Err(AppError::Conflict(_))),
            "nobody holds it: claim instead"
        );
        moderation::claim(db, Some(&w.mentor), item).await.unwrap();
        let by_mentor = moderation::take_over(db, Some(&w.mentor), item, "").await;
        assert!(
            matches!(by_mentor, Err(AppError::Forbidden(_))),
            "mentors do not take over"
        );
        let own = moderation::take_over(db, Some(&w.leader), item, "").await;
        assert!(own.is_ok(), "{own:?}");
        let already = moderation::take_over(db, Some(&w.leader), item, "").await;
        assert!(
            matches!(already, Err(AppError::Conflict(_))),
            "already theirs"
        );
        moderation::unclaim(db, Some(&w.leader), item)
            .await
            .unwrap();

        moderation::resolve(db, Some(&w.mentor), item, resolution(Outcome::HideAndWarn))
            .await
            .unwrap();
        // The resolved list: the decision and who made it, to moderators
        // of the forum only.
        let list = moderation::resolved(db, Some(&w.mentor), None, None)
            .await
            .unwrap();
        assert_eq!(list.len(), 1, "{}", t.name);
        assert_eq!(list[0].outcome, Outcome::HideAndWarn);
        assert_eq!(list[0].decided_by.as_ref().unwrap().id, w.mentor.id);
        assert_eq!(list[0].note, "checked the post");
        assert!(!list[0].can_reopen, "mentors do not reopen");
        let other = moderation::resolved(db, Some(&w.other_mentor), None, None)
            .await
            .unwrap();
        assert!(other.is_empty());
        let narrowed = moderation::resolved(db, Some(&w.leader), None, Some(Outcome::NoAction))
            .await
            .unwrap();
        assert!(narrowed.is_empty());
        let member = moderation::resolved(db, Some(&w.a), None, None).await;
        assert!(matches!(member, Err(AppError::Forbidden(_))));

        // A leader reopens it with a reason; it is back, unclaimed, its
        // report open again.
        let leader_list = moderation::resolved(db, Some(&w.leader), None, None)
            .await
            .unwrap();
        assert!(leader_list[0].can_reopen);
        let refused = moderation::reopen(db, Some(&w.mentor), item, "look again").await;
        assert!(matches!(refused, Err(AppError::Forbidden(_))));
        let no_reason = moderation::reopen(db, Some(&w.leader), item, " ").await;
        assert!(no_reason.unwrap_err().field_message("note").is_some());
        moderation::reopen(db, Some(&w.leader), item, "the warning was too harsh")
            .await
            .unwrap();
        let again = moderation::reopen(db, Some(&w.leader), item, "twice").await;
        assert!(matches!(again, Err(AppError::Conflict(_))));
        let queue = moderation::queue(db, &config(), Some(&w.mentor), None, None)
            .await
            .unwrap();
        assert_eq!(queue.len(), 1, "{}", t.name);
        assert_eq!(queue[0].claimed_by, None);
        assert_eq!(queue[0].flags.len(), 1, "the report is open again");
        // The next decision settles it: no action shows the post again.
        moderation::resolve(db, Some(&w.leader), item, resolution(Outcome::NoAction))
            .await
            .unwrap();
        let page = topics::page(db, None, w.topic, None).await.unwrap();
        assert!(!page.posts[0].hidden);
        let log = audit_log::Entity::find().all(db).await.unwrap();
        for action in ["unclaim", "take_over", "reopen"] {
            assert!(log.iter().any(|e| e.action == action), "{action}");
        }
        t.finish().await;
    }
}

#[tokio::test]
async fn a_decision_older_than_a_day_stays_closed() {
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};
    for t in databases().await {
        let db = &t.db;
        let w = world(db).await;
        let item = reported(db, &w).await;
        moderation::resolve(db, Some(&w.mentor), item, resolution(Outcome::HidePost))
            .await
            .unwrap();
        let row = app::server::entities::queue_item::Entity::find_by_id(item)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        let mut row: app::server::entities::queue_item::ActiveModel = row.into();
        row.resolved_at = Set(Some(chrono::Utc::now() - chrono::Duration::hours(25)));
        row.update(db).await.unwrap();
        let late = moderation::reopen(db, Some(&w.leader), item, "look again").await;
        assert!(matches!(late, Err(AppError::Conflict(_))), "{}", t.name);
        t.finish().await;
    }
}

#[tokio::test]
async fn moderators_lock_and_move_topics_on_the_record() {
    use app::server::services::forums;
    for t in databases().await {
        let db = &t.db;
        let w = world(db).await;
        let item = reported(db, &w).await;
        // Only the forum's moderators.
        for outsider in [&w.other_mentor, &w.a] {
            let refused = moderation::set_topic_locked(db, Some(outsider), w.topic, true, "").await;
            assert!(matches!(refused, Err(AppError::Forbidden(_))), "{}", t.name);
        }
        moderation::set_topic_locked(db, Some(&w.mentor), w.topic, true, "heated")
            .await
            .unwrap();
        let twice = moderation::set_topic_locked(db, Some(&w.mentor), w.topic, true, "").await;
        assert!(matches!(twice, Err(AppError::Conflict(_))));
        let page = topics::page(db, Some(&w.a), w.topic, None).await.unwrap();
        assert!(page.locked && !page.can_reply && !page.can_moderate);
        assert!(matches!(
            posts::reply(db, Some(&w.a), w.topic, "one more thing").await,
            Err(AppError::Forbidden(_))
        ));
        posts::reply(db, Some(&w.mentor), w.topic, "Locked for now; take care.")
            .await
            .unwrap();
        moderation::set_topic_locked(db, Some(&w.mentor), w.topic, false, "calmer")
            .await
            .unwrap();
        posts::reply(db, Some(&w.a), w.topic, "thanks")
            .await
            .unwrap();

        // Moving needs both forums: the mentor of "open" only moderates it.
        let page = topics::page(db, Some(&w.mentor), w.topic, None)
            .await
            .unwrap();
        assert!(page.can_moderate && page.move_to.is_empty());
        let not_theirs = moderation::move_topic(db, Some(&w.mentor), w.topic, "other", "fits")
            .await
            .unwrap_err();
        assert!(not_theirs.field_message("forum").is_some(), "{}", t.name);
        let no_reason = moderation::move_topic(db, Some(&w.leader), w.topic, "other", " ")
            .await
            .unwrap_err();
        assert!(no_reason.field_message("note").is_some());
        let count = |list: &[app::model::ForumSummary], slug: &str| {
            list.iter().find(|f| f.slug == slug).unwrap().topic_count
        };
        let before = forums::list(db, None).await.unwrap();
        moderation::move_topic(db, Some(&w.leader), w.topic, "other", "belongs there")
            .await
            .unwrap();
        let after = forums::list(db, None).await.unwrap();
        assert_eq!(count(&after, "open") + 1, count(&before, "open"));
        assert_eq!(count(&after, "other"), count(&before, "other") + 1);
        let page = topics::page(db, None, w.topic, None).await.unwrap();
        assert_eq!(page.forum.slug, "other");
        // Its open item follows it to the new forum's mentor.
        let there = moderation::queue(db, &config(), Some(&w.other_mentor), None, None)
            .await
            .unwrap();
        assert_eq!(there.iter().map(|i| i.id).collect::<Vec<_>>(), vec![item]);
        assert!(
            moderation::queue(db, &config(), Some(&w.mentor), None, None)
                .await
                .unwrap()
                .is_empty()
        );
        let log = audit_log::Entity::find().all(db).await.unwrap();
        for (action, by) in [
            ("lock", w.mentor.id),
            ("unlock", w.mentor.id),
            ("move", w.leader.id),
        ] {
            assert!(
                log.iter().any(|e| e.action == action
                    && e.actor_id == Some(by)
                    && (e.target_type.as_str(), e.target_id) == ("topic", w.topic)),
                "{action}"
            );
        }
        t.finish().await;
    }
}

#[tokio::test]
async fn a_mentor_chooses_each_item_a_daily_digest_or_none() {
    use app::model::QueueAlerts;
    for t in databases().await {
        let db = &t.db;
        let w = world(db).await;
        let waiting = |list: Vec<app::model::NotificationView>| {
            list.into_iter()
                .filter(|n| n.kind == NotificationKind::ItemWaiting)
                .map(|n| n.message)
                .collect::<Vec<_>>()
        };
        // Members have no queue, so no choice.
        assert_eq!(
            notifications::queue_alerts(db, Some(&w.a)).await.unwrap(),
            None
        );
        assert!(matches!(
            notifications::set_queue_alerts(db, Some(&w.a), QueueAlerts::None).await,
            Err(AppError::Forbidden(_))
        ));
        assert_eq!(
            notifications::queue_alerts(db, Some(&w.mentor))
                .await
                .unwrap(),
            Some(QueueAlerts::Each),
            "each item is the default"
        );
        notifications::set_queue_alerts(db, Some(&w.mentor), QueueAlerts::Digest)
            .await
            .unwrap();
        moderation::flag(db, &config(), Some(&w.a), w.post, FlagReason::Contact, "")
            .await
            .unwrap();
        assert!(
            waiting(notifications::list(db, Some(&w.mentor)).await.unwrap()).is_empty(),
            "{}: no notice per item for a digest reader",
            t.name
        );
        // The digest goes out once, however often the timer runs.
        assert_eq!(notifications::send_queue_digests(db).await.unwrap(), 1);
        assert_eq!(notifications::send_queue_digests(db).await.unwrap(), 0);
        let digest = waiting(notifications::list(db, Some(&w.mentor)).await.unwrap());
        assert_eq!(
            digest,
            vec!["Your daily queue digest: 1 item waits for you.".to_string()],
            "{}",
            t.name
        );

        // None: no notice at all; the header count still shows it.
        notifications::set_queue_alerts(db, Some(&w.other_mentor), QueueAlerts::None)
            .await
            .unwrap();
        let there = topics::create(
            db,
            Some(&w.author),
            "other",
            "Elsewhere",
            "you are all useless",
        )
        .await
        .unwrap();
        let post = topics::page(db, None, there, None).await.unwrap().posts[0].id;
        moderation::flag(db, &config(), Some(&w.b), post, FlagReason::Harassment, "")
            .await
            .unwrap();
        assert!(
            waiting(
                notifications::list(db, Some(&w.other_mentor))
                    .await
                    .unwrap()
            )
            .is_empty()
        );
        assert_eq!(
            moderation::open_count(db, &w.other_mentor).await.unwrap(),
            1
        );
        assert_eq!(notifications::send_queue_digests(db).await.unwrap(), 0);
        t.finish().await;
    }
}

#[tokio::test]
async fn a_hidden_topic_is_kept_to_its_author_and_moderators_until_restored() {
    use app::server::services::forums;
    for t in databases().await {
        let db = &t.db;
        let w = world(db).await;
        let open_topics = |list: Vec<app::model::ForumSummary>| {
            list.into_iter()
                .find(|f| f.slug == "open")
                .unwrap()
                .topic_count
        };
        let before = open_topics(forums::list(db, None).await.unwrap());
        let refused =
            moderation::set_topic_hidden(db, Some(&w.other_mentor), w.topic, true, "no").await;
        assert!(matches!(refused, Err(AppError::Forbidden(_))), "{}", t.name);
        let no_reason = moderation::set_topic_hidden(db, Some(&w.mentor), w.topic, true, " ")
            .await
            .unwrap_err();
        assert!(no_reason.field_message("note").is_some());
        moderation::set_topic_hidden(db, Some(&w.mentor), w.topic, true, "Too raw for now.")
            .await
            .unwrap();
        let twice = moderation::set_topic_hidden(db, Some(&w.mentor), w.topic, true, "x").await;
        assert!(matches!(twice, Err(AppError::Conflict(_))));

        // Gone for others; its author and moderators still see it, marked.
        for other in [None, Some(&w.a), Some(&w.other_mentor)] {
            assert_eq!(
                topics::page(db, other, w.topic, None).await.err(),
                Some(AppError::NotFound),
                "{}",
                t.name
            );
        }
        for insider in [&w.author, &w.mentor, &w.leader] {
            let page = topics::page(db, Some(insider), w.topic, None)
                .await
                .unwrap();
            assert!(page.hidden, "{} for {}", t.name, insider.username);
        }
        assert_eq!(
            open_topics(forums::list(db, None).await.unwrap()) + 1,
            before
        );
        let told = notifications::list(db, Some(&w.author)).await.unwrap();
        assert!(told[0].message.contains("A moderator hid your topic"));
        assert_eq!(told[0].actor, None);

        moderation::set_topic_hidden(db, Some(&w.leader), w.topic, false, "")
            .await
            .unwrap();
        let page = topics::page(db, None, w.topic, None).await.unwrap();
        assert!(!page.hidden);
        assert_eq!(open_topics(forums::list(db, None).await.unwrap()), before);
        let log = audit_log::Entity::find().all(db).await.unwrap();
        for action in ["hide_topic", "restore_topic"] {
            assert!(
                log.iter()
                    .any(|e| e.action == action && e.target_id == w.topic),
                "{action}"
            );
        }
        t.finish().await;
    }
}
