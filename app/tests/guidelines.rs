//! Pinned topics and policy updates against real databases.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use app::error::AppError;
use app::model::NotificationKind;
use app::model::{Restriction, Role};
use app::server::services::base::{people, pinned};
use app::server::services::pins::{self, Scope};
use app::server::services::revisions::{self, Edit};
use app::server::services::{accounts, forums, notifications, policy, topics};
use common::*;

#[tokio::test]
async fn pins_sort_by_order_show_everywhere_when_global_and_lapse_by_themselves() {
    for t in databases().await {
        let db = &t.db;
        make_forum(db, "guidelines", Restriction::StaffWrite).await;
        let talk = make_forum(db, "talk", Restriction::Open).await;
        let staff = staff(db, "boss").await;
        let mentor = person(db, "helper", Role::Member, true, "1990-01-01").await;
        accounts::assign_mentor(db, mentor.id, talk.id)
            .await
            .unwrap();
        let mentor = people::load_viewer(db, mentor.id).await.unwrap().unwrap();
        let member = member(db, "reader").await;

        let rules = topics::create(db, Some(&staff), "guidelines", "Rules", "Be kind.")
            .await
            .unwrap();
        let a = topics::create(db, Some(&member), "talk", "A", "a")
            .await
            .unwrap();
        let b = topics::create(db, Some(&member), "talk", "B", "b")
            .await
            .unwrap();
        let plain = topics::create(db, Some(&member), "talk", "Plain", "c")
            .await
            .unwrap();

        // Mentors pin in their forum, not everywhere; members not at all.
        assert!(
            matches!(
                pins::pin(db, Some(&mentor), rules, Scope::Forum, 0, None).await,
                Err(AppError::Forbidden(_))
            ),
            "{}",
            t.name
        );
        assert!(matches!(
            pins::pin(db, Some(&mentor), a, Scope::Global, 0, None).await,
            Err(AppError::Forbidden(_))
        ));
        assert!(matches!(
            pins::pin(db, Some(&member), a, Scope::Forum, 0, None).await,
            Err(AppError::Forbidden(_))
        ));
        pins::pin(db, Some(&mentor), a, Scope::Forum, 2, None)
            .await
            .unwrap();
        pins::pin(db, Some(&mentor), b, Scope::Forum, 1, None)
            .await
            .unwrap();
        pins::pin(db, Some(&staff), rules, Scope::Global, 0, None)
            .await
            .unwrap();

        let page = forums::page(db, Some(&member), "talk", None).await.unwrap();
        let pinned: Vec<&str> = page.pinned.iter().map(|t| t.title.as_str()).collect();
        assert_eq!(
            pinned,
            ["Rules", "B", "A"],
            "global first by order, then the forum's"
        );
        assert!(page.pinned[0].pin.as_ref().unwrap().global);
        let listed: Vec<&str> = page.topics.iter().map(|t| t.title.as_str()).collect();
        assert_eq!(listed, ["Plain"], "pinned topics are not repeated below");
        let home = pinned::pinned(db, Some(&member), None).await.unwrap();
        assert_eq!(home.iter().map(|t| t.id).collect::<Vec<_>>(), [rules]);

        // A pin with a past end date is refused; one that has lapsed shows no more.
        let past = app::server::now() - chrono::Duration::days(1);
        assert!(
            pins::pin(db, Some(&mentor), plain, Scope::Forum, 0, Some(past))
                .await
                .unwrap_err()
                .field_message("until")
                .is_some()
        );
        let soon = app::server::now() + chrono::Duration::milliseconds(300);
        pins::pin(db, Some(&mentor), plain, Scope::Forum, 0, Some(soon))
            .await
            .unwrap();
        let page = forums::page(db, None, "talk", None).await.unwrap();
        assert!(page.pinned.iter().any(|t| t.id == plain));
        tokio::time::sleep(std::time::Duration::from_millis(400)).await;
        let page = forums::page(db, None, "talk", None).await.unwrap();
        assert!(
            page.pinned.iter().all(|t| t.id != plain),
            "lapsed by itself"
        );
        assert!(page.topics.iter().any(|t| t.id == plain));

        pins::unpin(db, Some(&mentor), a).await.unwrap();
        let page = forums::page(db, None, "talk", None).await.unwrap();
        assert!(page.topics.iter().any(|t| t.id == a));
        t.finish().await;
    }
}

#[tokio::test]
async fn a_dismissed_global_pin_returns_with_the_next_policy_update() {
    for t in databases().await {
        let db = &t.db;
        make_forum(db, "guidelines", Restriction::StaffWrite).await;
        make_forum(db, "talk", Restriction::Open).await;
        let staff = staff(db, "boss").await;
        let member = member(db, "reader").await;
        let rules = topics::create(db, Some(&staff), "guidelines", "Rules", "Be kind.")
            .await
            .unwrap();
        let post = topics::page(db, None, rules, None).await.unwrap().posts[0].id;
        pins::pin(db, Some(&staff), rules, Scope::Global, 0, None)
            .await
            .unwrap();

        pins::dismiss(db, Some(&member), rules).await.unwrap();
        assert!(
            pinned::pinned(db, Some(&member), None)
                .await
                .unwrap()
                .is_empty(),
            "{}",
            t.name
        );
        let elsewhere = forums::page(db, Some(&member), "talk", None).await.unwrap();
        assert!(elsewhere.pinned.is_empty());
        assert_eq!(
            pinned::pinned(db, Some(&staff), None).await.unwrap().len(),
            1,
            "only for them"
        );

        // A plain edit does not bring it back; a policy update does.
        revisions::edit(
            db,
            Some(&staff),
            post,
            Edit {
                body: "Be kind!".into(),
                base_version: 1,
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert!(
            pinned::pinned(db, Some(&member), None)
                .await
                .unwrap()
                .is_empty()
        );
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        revisions::edit(
            db,
            Some(&staff),
            post,
            Edit {
                body: "Be kind, always.".into(),
                base_version: 2,
                reason: String::new(),
                policy_summary: Some("Kindness is always expected".into()),
            },
        )
        .await
        .unwrap();
        assert_eq!(
            pinned::pinned(db, Some(&member), None).await.unwrap().len(),
            1
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn policy_updates_notify_readers_and_are_acknowledged_per_version() {
    for t in databases().await {
        let db = &t.db;
        make_forum(db, "guidelines", Restriction::StaffWrite).await;
        make_forum(db, "teens", Restriction::TeensOnly).await;
        let staff = staff(db, "boss").await;
        let member = member(db, "reader").await;
        let other = common::member(db, "other_reader").await;
        let rules = topics::create(db, Some(&staff), "guidelines", "Rules", "Be kind.")
            .await
            .unwrap();
        let post = topics::page(db, None, rules, None).await.unwrap().posts[0].id;
        let policy_edit = |body: &str, base: i32, summary: &str| Edit {
            body: body.into(),
            base_version: base,
            reason: String::new(),
            policy_summary: Some(summary.into()),
        };
        revisions::edit(
            db,
            Some(&staff),
            post,
            policy_edit("Be kind, always.", 1, "Always be kind"),
        )
        .await
        .unwrap();

        let news = notifications::list(db, Some(&member)).await.unwrap();
        assert!(
            news.iter().any(|n| n.kind == NotificationKind::PolicyUpdate
                && n.message.contains("Always be kind")),
            "{}",
            t.name
        );
        assert!(
            notifications::list(db, Some(&staff))
                .await
                .unwrap()
                .is_empty(),
            "not the editor"
        );
        // The policy update is on the record, with its summary.
        use sea_orm::EntityTrait;
        let log = app::server::entities::audit_log::Entity::find()
            .all(db)
            .await
            .unwrap();
        assert!(
            log.iter().any(|e| e.action == "policy_update"
                && e.actor_id == Some(staff.id)
                && (e.target_type.as_str(), e.target_id) == ("post", post)
                && e.reason == "Always be kind"),
            "{}: {log:?}",
            t.name
        );

        let page = topics::page(db, Some(&member), rules, None).await.unwrap();
        let notice = page.posts[0].policy.clone().unwrap();
        assert_eq!((notice.version, notice.acknowledged), (2, false));
        assert_eq!(
            policy::acknowledge(db, Some(&member), post, 1).await,
            Err(AppError::NotFound),
            "version 1 was not a policy update"
        );
        policy::acknowledge(db, Some(&member), post, 2)
            .await
            .unwrap();
        policy::acknowledge(db, Some(&member), post, 2)
            .await
            .unwrap(); // twice is harmless
        let page = topics::page(db, Some(&member), rules, None).await.unwrap();
        assert!(page.posts[0].policy.as_ref().unwrap().acknowledged);
        let theirs = topics::page(db, Some(&other), rules, None).await.unwrap();
        assert!(!theirs.posts[0].policy.as_ref().unwrap().acknowledged);
        // The staff member who wrote the update is not asked.
        let own = topics::page(db, Some(&staff), rules, None).await.unwrap();
        assert!(
            own.posts[0].policy.as_ref().unwrap().acknowledged,
            "{}",
            t.name
        );

        // A new version asks again.
        revisions::edit(
            db,
            Some(&staff),
            post,
            policy_edit("Be kind. Stay here.", 2, "Stay on Haven"),
        )
        .await
        .unwrap();
        let page = topics::page(db, Some(&member), rules, None).await.unwrap();
        let notice = page.posts[0].policy.clone().unwrap();
        assert_eq!((notice.version, notice.acknowledged), (3, false));

        assert!(matches!(
            policy::acknowledgements(db, Some(&member), post).await,
            Err(AppError::Forbidden(_))
        ));
        let report = policy::acknowledgements(db, Some(&staff), post)
            .await
            .unwrap();
        let versions: Vec<(i32, u64)> = report
            .versions
            .iter()
            .map(|v| (v.version, v.count))
            .collect();
        assert_eq!(versions, [(3, 0), (2, 1)]);
        assert_eq!(report.versions[1].people[0].username, "reader");
        t.finish().await;
    }
}

#[tokio::test]
async fn only_guideline_forums_take_policy_updates() {
    for t in databases().await {
        let db = &t.db;
        make_forum(db, "teens", Restriction::TeensOnly).await;
        let staff = staff(db, "boss").await;
        let teen = teen(db, "young_one").await;
        let adult = member(db, "grown_up").await;
        let topic = topics::create(db, Some(&staff), "teens", "Teen rules", "Be safe.")
            .await
            .unwrap();
        let post = topics::page(db, Some(&staff), topic, None)
            .await
            .unwrap()
            .posts[0]
            .id;
        revisions::edit(
            db,
            Some(&staff),
            post,
            Edit {
                body: "Be safe, always.".into(),
                base_version: 1,
                reason: String::new(),
                policy_summary: Some("Safety first".into()),
            },
        )
        .await
        .expect_err("only guideline forums take policy updates");
        assert!(
            notifications::list(db, Some(&teen))
                .await
                .unwrap()
                .is_empty(),
            "{}",
            t.name
        );
        assert!(
            notifications::list(db, Some(&adult))
                .await
                .unwrap()
                .is_empty()
        );
        t.finish().await;
    }
}
