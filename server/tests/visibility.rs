//! Who may read a post's text, through every path that returns it, on a
//! real database (SQLite, and PostgreSQL when TEST_DATABASE_URL is set).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Reply, call_fn, generous, login, send, sites};
use http::StatusCode;
use serde_json::json;

/// The regression of issue 14: a hidden post's text came back from the
/// quote server function and `?quote=` to anyone who asked.
#[tokio::test]
async fn hidden_posts_are_not_quoted_to_people_who_may_not_read_them() {
    for (name, site) in sites(generous()).await {
        let app = &site.app;
        let max = login(app, "max_member").await;
        let secret = "hiddenquotemarker";
        let created = send(
            app,
            "POST",
            "/api/v1/forums/depression-support/topics",
            Some(&max),
            Some(json!({"title": "Rough week", "body": format!("I said something I regret: {secret}")})),
            &[],
        )
        .await;
        assert_eq!(
            created.status,
            StatusCode::CREATED,
            "{name}: {:?}",
            created.body
        );
        let topic = created.body["id"].as_i64().unwrap();
        let post = send(
            app,
            "GET",
            &format!("/api/v1/topics/{topic}"),
            Some(&max),
            None,
            &[],
        )
        .await
        .body["posts"][0]["id"]
            .as_i64()
            .unwrap();
        // A mentor's report weighs 3, the hiding threshold.
        let mo = login(app, "mo_mentor").await;
        let flagged = send(
            app,
            "POST",
            &format!("/api/v1/posts/{post}/flags"),
            Some(&mo),
            Some(json!({"reason": "harassment"})),
            &[],
        )
        .await;
        assert_eq!(
            flagged.status,
            StatusCode::CREATED,
            "{name}: {:?}",
            flagged.body
        );

        let quote = |cookie: Option<String>| {
            let post = post.to_string();
            async move {
                let by_fn: Reply =
                    call_fn(app, "/fn/quote", cookie.as_deref(), &[("post_id", &post)]).await;
                let by_page: Reply = send(
                    app,
                    "GET",
                    &format!("/t/{topic}?quote={post}"),
                    cookie.as_deref(),
                    None,
                    &[],
                )
                .await;
                (by_fn, by_page)
            }
        };
        let mut strangers = vec![("guest", None)];
        for who in ["lee_listener", "tia_teen", "tara_teenmentor"] {
            strangers.push((who, Some(login(app, who).await)));
        }
        for (who, cookie) in strangers {
            let (by_fn, by_page) = quote(cookie).await;
            assert_ne!(by_fn.status, StatusCode::OK, "{name}/{who}: {}", by_fn.text);
            assert!(!by_fn.text.contains(secret), "{name}/{who}: {}", by_fn.text);
            assert!(
                !by_page.text.contains(secret),
                "{name}/{who}: the page leaks it"
            );
            // The placeholder offers nothing to act on.
            assert!(
                !by_page.text.contains(&format!("?quote={post}")),
                "{name}/{who}: Quote link"
            );
        }
        for who in ["max_member", "mo_mentor"] {
            let (by_fn, by_page) = quote(Some(login(app, who).await)).await;
            assert_eq!(by_fn.status, StatusCode::OK, "{name}/{who}: {}", by_fn.text);
            assert!(by_fn.text.contains(secret), "{name}/{who}: {}", by_fn.text);
            assert!(by_page.text.contains(secret), "{name}/{who}");
        }
        // Nor can it be upvoted by someone who cannot see it.
        let lee = login(app, "lee_listener").await;
        let up = send(
            app,
            "POST",
            &format!("/api/v1/posts/{post}/upvote"),
            Some(&lee),
            None,
            &[],
        )
        .await;
        assert_ne!(up.status, StatusCode::OK, "{name}");
        site.finish().await;
    }
}
