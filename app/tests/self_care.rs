//! A self-care break and deactivation (issue 19), on SQLite and, when
//! TEST_DATABASE_URL is set, PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use app::error::AppError;
use app::model::{NotificationKind, Restriction};
use app::server::entities::{audit_log, user};
use app::server::services::base::people;
use app::server::services::{accounts, notifications, posts, self_care, topics};
use chrono::{Duration, Utc};
use common::*;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};

async fn reload(db: &DatabaseConnection, id: i32) -> app::server::permissions::Viewer {
    people::load_viewer(db, id).await.unwrap().unwrap()
}

async fn audit_count(db: &DatabaseConnection, action: &str, user_id: i32) -> u64 {
    audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq(action))
        .filter(audit_log::Column::TargetId.eq(user_id))
        .count(db)
        .await
        .unwrap()
}

fn kinds(list: &[app::model::NotificationView]) -> Vec<NotificationKind> {
    list.iter().map(|n| n.kind).collect()
}

#[tokio::test]
async fn a_break_silences_notifications_and_posting_until_it_ends() {
    for t in databases().await {
        let db = &t.db;
        make_forum(db, "talk", Restriction::Open).await;
        let alice = member(db, "alice").await;
        let bob = member(db, "bob").await;
        let topic = topics::create(db, Some(&alice), "talk", "Evenings", "Long ones.")
            .await
            .unwrap();

        // A date in the past is refused with a reason; no date = until ended.
        let past = (Utc::now() - Duration::days(2)).date_naive();
        let refused = self_care::start_break(db, Some(&alice), Some(past))
            .await
            .unwrap_err();
        assert!(refused.field_message("until").is_some(), "{}", t.name);
        self_care::start_break(db, Some(&alice), None)
            .await
            .unwrap();
        let alice = reload(db, alice.id).await;
        assert_eq!(alice.on_break, Some(None), "{}", t.name);
        let mine = self_care::mine(db, Some(&alice)).await.unwrap();
        assert!(mine.on_break && mine.break_until.is_none(), "{}", t.name);
        let profile = accounts::profile(db, Some(&bob), "alice").await.unwrap();
        assert!(profile.on_break, "{}", t.name);

        // Bob mentions her and replies to her topic: she is not notified,
        // Bob is told she is away.
        let bobs = posts::reply(db, Some(&bob), topic, "@alice same here, hugs")
            .await
            .unwrap();
        let hers = notifications::list(db, Some(&alice)).await.unwrap();
        assert!(hers.is_empty(), "{}: {:?}", t.name, kinds(&hers));
        let his = notifications::list(db, Some(&bob)).await.unwrap();
        assert_eq!(
            kinds(&his),
            [NotificationKind::MentionOnBreak],
            "{}",
            t.name
        );
        assert!(his[0].message.contains("alice is taking a self-care break"));

        // She cannot post, but can still upvote and read.
        let blocked = posts::reply(db, Some(&alice), topic, "back soon")
            .await
            .unwrap_err();
        match blocked {
            AppError::Forbidden(message) => {
                assert!(message.contains("self-care break"), "{message}")
            }
            other => panic!("{}: {other:?}", t.name),
        }
        posts::toggle_upvote(db, Some(&alice), bobs.id)
            .await
            .unwrap();

        // Ending it is one call: mentions reach her again.
        self_care::end_break(db, Some(&alice)).await.unwrap();
        let alice = reload(db, alice.id).await;
        assert_eq!(alice.on_break, None, "{}", t.name);
        posts::reply(db, Some(&alice), topic, "back now")
            .await
            .unwrap();
        posts::reply(db, Some(&bob), topic, "welcome back @alice")
            .await
            .unwrap();
        let hers = notifications::list(db, Some(&alice)).await.unwrap();
        assert!(
            kinds(&hers).contains(&NotificationKind::Mention),
            "{}: {:?}",
            t.name,
            kinds(&hers)
        );

        // A break with a date ends by itself once the date has passed.
        let tomorrow = (Utc::now() + Duration::days(1)).date_naive();
        self_care::start_break(db, Some(&alice), Some(tomorrow))
            .await
            .unwrap();
        assert!(reload(db, alice.id).await.on_break.unwrap().is_some());
        user::Entity::update_many()
            .col_expr(
                user::Column::BreakUntil,
                Expr::value(Some(Utc::now() - Duration::minutes(1))),
            )
            .filter(user::Column::Id.eq(alice.id))
            .exec(db)
            .await
            .unwrap();
        assert_eq!(reload(db, alice.id).await.on_break, None, "{}", t.name);
        t.finish().await;
    }
}

#[tokio::test]
async fn deactivation_comes_back_on_login_within_30_days_then_closes_once() {
    for t in databases().await {
        let db = &t.db;
        make_forum(db, "talk", Restriction::Open).await;
        let robin = member(db, "robin").await;
        let sam = member(db, "sam").await;
        let topic = topics::create(db, Some(&robin), "talk", "Hello", "First post.")
            .await
            .unwrap();

        let unconfirmed = self_care::deactivate(db, Some(&robin), false)
            .await
            .unwrap_err();
        assert!(unconfirmed.field_message("confirm").is_some(), "{}", t.name);
        self_care::deactivate(db, Some(&robin), true).await.unwrap();
        // Twice is once.
        self_care::deactivate(db, Some(&robin), true).await.unwrap();
        assert_eq!(audit_count(db, "account_deactivated", robin.id).await, 1);
        let robin_now = reload(db, robin.id).await;
        assert!(robin_now.deactivated, "{}", t.name);
        assert!(
            matches!(
                posts::reply(db, Some(&robin_now), topic, "still here?").await,
                Err(AppError::Forbidden(_))
            ),
            "{}",
            t.name
        );
        let profile = accounts::profile(db, Some(&sam), "robin").await.unwrap();
        assert!(profile.deactivated, "{}", t.name);

        // Logging in within 30 days reactivates, audited.
        let row = accounts::authenticate(db, "robin", "correct horse battery")
            .await
            .unwrap();
        assert!(self_care::reactivate_on_login(db, &row).await.unwrap());
        assert!(!reload(db, robin.id).await.deactivated, "{}", t.name);
        assert_eq!(audit_count(db, "account_reactivated", robin.id).await, 1);

        // Deactivated 31 days ago: login no longer brings it back, and the
        // timer closes it exactly once, even when two servers run it at once.
        self_care::deactivate(db, Some(&robin), true).await.unwrap();
        user::Entity::update_many()
            .col_expr(
                user::Column::DeactivatedAt,
                Expr::value(Some(Utc::now() - Duration::days(31))),
            )
            .filter(user::Column::Id.eq(robin.id))
            .exec(db)
            .await
            .unwrap();
        let row = user::Entity::find_by_id(robin.id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert!(!self_care::reactivate_on_login(db, &row).await.unwrap());
        let (a, b) = tokio::join!(self_care::close_expired(db), self_care::close_expired(db));
        assert_eq!(a.unwrap() + b.unwrap(), 1, "{}", t.name);
        assert_eq!(audit_count(db, "account_closed", robin.id).await, 1);

        let closed = user::Entity::find_by_id(robin.id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(closed.username, self_care::FORMER_MEMBER, "{}", t.name);
        assert!(closed.bio.is_empty() && closed.closed_at.is_some());
        assert!(
            accounts::authenticate(db, "robin", "correct horse battery")
                .await
                .is_err(),
            "{}",
            t.name
        );
        // The name is free again; the posts stay, under "former member".
        member(db, "robin").await;
        let page = topics::page(db, Some(&sam), topic, None).await.unwrap();
        assert_eq!(page.posts[0].author.username, self_care::FORMER_MEMBER);
        t.finish().await;
    }
}
