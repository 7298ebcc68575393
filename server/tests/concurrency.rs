//! Invariants under simultaneous requests, on SQLite and PostgreSQL: the
//! counts and "one of" rules are the database's (constraints, one-statement
//! updates, row locks), not a read before a write. Each test sends its
//! requests at the same moment through the real router.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;

use app::model::Role;
use app::server::services::accounts::{self, Registration};
use app::server::services::moderation::ModerationConfig;
use common::{Site, config, first_post_id, generous, login, login_with, send, sites};
use haven_server::router;
use http::StatusCode;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::json;
use tokio::sync::Barrier;

const PASSWORD: &str = "correct horse battery";

/// `n` new members, logged in: their session cookies.
async fn members(site: &Site, prefix: &str, n: usize) -> Vec<String> {
    let mut cookies = Vec::new();
    for i in 0..n {
        let name = format!("{prefix}{i}");
        accounts::create_account(
            &site.db,
            Registration {
                username: name.clone(),
                password: PASSWORD.into(),
                birth_date: "1990-01-01".into(),
            },
            Role::Member,
            false,
        )
        .await
        .unwrap();
        cookies.push(login_with(&site.app, &name, PASSWORD).await);
    }
    cookies
}

/// A new topic by max_member; its first post's id.
async fn a_post(site: &Site, title: &str) -> i64 {
    let max = login(&site.app, "max_member").await;
    let topic = send(
        &site.app,
        "POST",
        "/api/v1/forums/anxiety-and-stress/topics",
        Some(&max),
        Some(json!({"title": title, "body": "Something worth reacting to."})),
        &[],
    )
    .await;
    assert_eq!(topic.status, StatusCode::CREATED, "{}", topic.text);
    let id = topic.body["id"].as_i64().unwrap();
    first_post_id(&site.app, id, Some(&max)).await
}

/// Sends one POST per cookie, all released at the same moment; the statuses.
async fn at_once(
    app: &axum::Router,
    uri: &str,
    cookies: &[String],
    body: serde_json::Value,
) -> Vec<StatusCode> {
    let barrier = Arc::new(Barrier::new(cookies.len()));
    let tasks: Vec<_> = cookies
        .iter()
        .map(|cookie| {
            let (app, uri, cookie, body, barrier) = (
                app.clone(),
                uri.to_string(),
                cookie.clone(),
                body.clone(),
                barrier.clone(),
            );
            tokio::spawn(async move {
                barrier.wait().await;
                send(&app, "POST", &uri, Some(&cookie), Some(body), &[])
                    .await
                    .status
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.unwrap());
    }
    statuses
}

async fn count(site: &Site, sql: &str) -> i64 {
    let row = site
        .db
        .query_one_raw(Statement::from_string(
            site.db.get_database_backend(),
            sql.to_string(),
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index::<i64>(0).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn thirty_two_simultaneous_upvotes_all_count() {
    for (name, site) in sites(generous()).await {
        let voters = members(&site, "voter", 32).await;
        for round in 0..3 {
            let post = a_post(&site, &format!("Upvote me {round}")).await;
            let statuses = at_once(
                &site.app,
                &format!("/api/v1/posts/{post}/upvote"),
                &voters,
                json!({}),
            )
            .await;
            assert!(
                statuses.iter().all(|s| *s == StatusCode::OK),
                "{name}: {statuses:?}"
            );
            let rows = count(
                &site,
                &format!("SELECT COUNT(*) FROM upvotes WHERE post_id = {post}"),
            )
            .await;
            let stored = count(
                &site,
                &format!("SELECT CAST(upvote_count AS BIGINT) FROM posts WHERE id = {post}"),
            )
            .await;
            assert_eq!((rows, stored), (32, 32), "{name}, round {round}");
            // And all taken back at once.
            at_once(
                &site.app,
                &format!("/api/v1/posts/{post}/upvote"),
                &voters,
                json!({}),
            )
            .await;
            let stored = count(
                &site,
                &format!("SELECT CAST(upvote_count AS BIGINT) FROM posts WHERE id = {post}"),
            )
            .await;
            assert_eq!(stored, 0, "{name}, round {round}");
        }
        site.finish().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn simultaneous_reports_share_one_item_and_hide_the_post() {
    for (name, site) in sites(generous()).await {
        let reporters = members(&site, "reporter", 4).await;
        for round in 0..5 {
            let post = a_post(&site, &format!("Reported {round}")).await;
            let statuses = at_once(
                &site.app,
                &format!("/api/v1/posts/{post}/flags"),
                &reporters,
                json!({"reason": "harassment"}),
            )
            .await;
            // A report that arrives once the others have hidden the post
            // is told so (409); the others all count.
            assert!(
                statuses
                    .iter()
                    .all(|s| matches!(*s, StatusCode::CREATED | StatusCode::CONFLICT)),
                "{name}: {statuses:?}"
            );
            let created = statuses
                .iter()
                .filter(|s| **s == StatusCode::CREATED)
                .count() as i64;
            assert!(created >= 3, "{name}: {statuses:?}");
            let items = count(
                &site,
                &format!(
                    "SELECT COUNT(*) FROM queue_items WHERE post_id = {post} AND status = 'open'"
                ),
            )
            .await;
            let score = count(&site, &format!("SELECT CAST(score AS BIGINT) FROM queue_items WHERE post_id = {post} AND status = 'open'")).await;
            let hidden = count(
                &site,
                &format!("SELECT COUNT(*) FROM posts WHERE id = {post} AND hidden_at IS NOT NULL"),
            )
            .await;
            let hides = count(&site, &format!("SELECT COUNT(*) FROM audit_log WHERE action = 'auto_hide' AND target_id = {post}")).await;
            assert_eq!(
                (items, score, hidden, hides),
                (1, created, 1, 1),
                "{name}, round {round}: items, score, hidden, audit rows"
            );
        }
        site.finish().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_person_reporting_four_times_at_once_is_one_report() {
    for (name, site) in sites(generous()).await {
        let person = members(&site, "insistent", 1).await.remove(0);
        for round in 0..5 {
            let post = a_post(&site, &format!("Insisted on {round}")).await;
            let same = vec![person.clone(); 4];
            let mut statuses = at_once(
                &site.app,
                &format!("/api/v1/posts/{post}/flags"),
                &same,
                json!({"reason": "spam"}),
            )
            .await;
            statuses.sort();
            assert_eq!(
                statuses,
                [
                    StatusCode::CREATED,
                    StatusCode::CONFLICT,
                    StatusCode::CONFLICT,
                    StatusCode::CONFLICT
                ],
                "{name}, round {round}"
            );
            let reports = count(
                &site,
                &format!("SELECT COUNT(*) FROM flags WHERE post_id = {post}"),
            )
            .await;
            let hidden = count(
                &site,
                &format!("SELECT COUNT(*) FROM posts WHERE id = {post} AND hidden_at IS NOT NULL"),
            )
            .await;
            // A member's report weighs 1: alone, nobody reaches the threshold of 3.
            assert_eq!((reports, hidden), (1, 0), "{name}, round {round}");
        }
        site.finish().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_daily_report_limit_holds_for_simultaneous_reports() {
    for (name, site) in sites(generous()).await {
        let mut limited = config(generous());
        limited.moderation = ModerationConfig {
            daily_flag_limit: 2,
            ..Default::default()
        };
        let app = router(site.db.clone(), limited);
        let person = members(&site, "busy", 1).await.remove(0);
        let mut posts = Vec::new();
        for n in 0..6 {
            posts.push(a_post(&site, &format!("One of many {n}")).await);
        }
        let barrier = Arc::new(Barrier::new(posts.len()));
        let tasks: Vec<_> = posts
            .iter()
            .map(|post| {
                let (app, person, barrier, post) =
                    (app.clone(), person.clone(), barrier.clone(), *post);
                tokio::spawn(async move {
                    barrier.wait().await;
                    send(
                        &app,
                        "POST",
                        &format!("/api/v1/posts/{post}/flags"),
                        Some(&person),
                        Some(json!({"reason": "spam"})),
                        &[],
                    )
                    .await
                    .status
                })
            })
            .collect();
        let mut created = 0;
        for task in tasks {
            let status = task.await.unwrap();
            assert!(
                matches!(status, StatusCode::CREATED | StatusCode::FORBIDDEN),
                "{name}: {status}"
            );
            created += usize::from(status == StatusCode::CREATED);
        }
        assert_eq!(created, 2, "{name}");
        site.finish().await;
    }
}

/// Moderators acting on the same thing at the same moment: a reopen, a
/// topic hide and a topic move each take effect once (guarded UPDATEs),
/// the others are told 409, and the kept counts stay true.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn simultaneous_moderator_actions_take_effect_once() {
    for (name, site) in sites(generous()).await {
        let moderators = vec![
            login(&site.app, "lea_leader").await,
            login(&site.app, "sam_staff").await,
        ];
        let reporter = members(&site, "spotter", 1).await;
        for round in 0..3 {
            // Reopen: one decided item, two leaders at once.
            let post = a_post(&site, &format!("Decided {round}")).await;
            let flagged = send(
                &site.app,
                "POST",
                &format!("/api/v1/posts/{post}/flags"),
                Some(&reporter[0]),
                Some(json!({"reason": "spam"})),
                &[],
            )
            .await;
            assert_eq!(flagged.status, StatusCode::CREATED, "{}", flagged.text);
            let item = count(
                &site,
                &format!("SELECT CAST(id AS BIGINT) FROM queue_items WHERE post_id = {post}"),
            )
            .await;
            let decided = send(
                &site.app,
                "POST",
                &format!("/api/v1/queue/{item}/resolve"),
                Some(&moderators[0]),
                Some(json!({"outcome": "hide_post", "note": "spam"})),
                &[],
            )
            .await;
            assert_eq!(decided.status, StatusCode::NO_CONTENT, "{}", decided.text);
            let mut statuses = at_once(
                &site.app,
                &format!("/api/v1/queue/{item}/reopen"),
                &moderators,
                json!({"note": "look again"}),
            )
            .await;
            statuses.sort();
            assert_eq!(
                statuses,
                vec![StatusCode::NO_CONTENT, StatusCode::CONFLICT],
                "{name}, reopen round {round}"
            );
            let reopens = count(
                &site,
                &format!(
                    "SELECT COUNT(*) FROM audit_log WHERE action = 'reopen' AND target_id = {item}"
                ),
            )
            .await;
            assert_eq!(reopens, 1, "{name}");

            // Hide a topic: two moderators at once, one hide, one less topic.
            let max = login(&site.app, "max_member").await;
            let topic = send(
                &site.app,
                "POST",
                "/api/v1/forums/anxiety-and-stress/topics",
                Some(&max),
                Some(json!({"title": format!("Hide me {round}"), "body": "Something."})),
                &[],
            )
            .await;
            let topic = topic.body["id"].as_i64().unwrap();
            let kept =
                "SELECT CAST(topic_count AS BIGINT) FROM forums WHERE slug = 'anxiety-and-stress'";
            let before = count(&site, kept).await;
            let mut statuses = at_once(
                &site.app,
                &format!("/api/v1/topics/{topic}/hide"),
                &moderators,
                json!({"hidden": true, "note": "not here"}),
            )
            .await;
            statuses.sort();
            assert_eq!(
                statuses,
                vec![StatusCode::NO_CONTENT, StatusCode::CONFLICT],
                "{name}, hide round {round}"
            );
            assert_eq!(count(&site, kept).await, before - 1, "{name}");

            // Move it back into view first, then two moves to different
            // forums at once. Each move is guarded on where the topic was
            // when it looked, so two that overlap cannot both apply: one
            // gets 409. (If one finishes before the other looks, both are
            // honest moves, one after the other.) Either way it lands in
            // exactly one forum, each move is on the record once, and the
            // kept counts stay true.
            let restored = send(
                &site.app,
                "POST",
                &format!("/api/v1/topics/{topic}/hide"),
                Some(&moderators[0]),
                Some(json!({"hidden": false})),
                &[],
            )
            .await;
            assert_eq!(restored.status, StatusCode::NO_CONTENT, "{}", restored.text);
            let barrier = Arc::new(Barrier::new(2));
            let moves: Vec<_> = [("depression-support", 0), ("listener-lounge", 1)]
                .into_iter()
                .map(|(forum, who)| {
                    let (app, cookie, barrier) =
                        (site.app.clone(), moderators[who].clone(), barrier.clone());
                    tokio::spawn(async move {
                        barrier.wait().await;
                        send(
                            &app,
                            "POST",
                            &format!("/api/v1/topics/{topic}/move"),
                            Some(&cookie),
                            Some(json!({"forum": forum, "note": "fits"})),
                            &[],
                        )
                        .await
                        .status
                    })
                })
                .collect();
            let mut moved = 0;
            for task in moves {
                let status = task.await.unwrap();
                assert!(
                    matches!(status, StatusCode::NO_CONTENT | StatusCode::CONFLICT),
                    "{name}, move round {round}: {status}"
                );
                moved += i64::from(status == StatusCode::NO_CONTENT);
            }
            assert!(moved >= 1, "{name}, move round {round}");
            let recorded = count(
                &site,
                &format!(
                    "SELECT COUNT(*) FROM audit_log WHERE action = 'move' AND target_id = {topic}"
                ),
            )
            .await;
            assert_eq!(
                recorded, moved,
                "{name}: one audit row per move that applied"
            );
            let counted = count(&site, "SELECT CAST(SUM(topic_count) AS BIGINT) FROM forums").await;
            let published = count(&site, "SELECT COUNT(*) FROM topics WHERE review IS NULL").await;
            assert_eq!(counted, published, "{name}: kept counts match the topics");
        }
        site.finish().await;
    }
}
