//! The JSON API and the security layers, through the real router on a real
//! database (a SQLite file; PostgreSQL too when TEST_DATABASE_URL is set).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use app::server::ratelimit::AuthLimitConfig;
use common::{config, generous, login, send, sites, sqlite_site};
use haven_server::router;
use http::{StatusCode, header};
use serde_json::json;

#[tokio::test]
async fn members_read_post_reply_and_upvote_through_the_api() {
    for (name, site) in sites(generous()).await {
        let app = &site.app;
        let forums = send(app, "GET", "/api/v1/forums", None, None, &[]).await;
        assert_eq!(forums.status, StatusCode::OK);
        let slugs: Vec<&str> = forums
            .body
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["slug"].as_str().unwrap())
            .collect();
        assert!(
            slugs.contains(&"community-guidelines") && !slugs.contains(&"teen-support"),
            "{name}: {slugs:?}"
        );

        let max = login(app, "max_member").await;
        let me = send(app, "GET", "/api/v1/me", Some(&max), None, &[]).await;
        assert_eq!(me.body["username"], "max_member");

        let created = send(
            app,
            "POST",
            "/api/v1/forums/anxiety-and-stress/topics",
            Some(&max),
            Some(json!({"title": "Sleep before exams", "body": "Any tips, @lee_listener?"})),
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

        let lee = login(app, "lee_listener").await;
        let reply = send(
            app,
            "POST",
            &format!("/api/v1/topics/{topic}/posts"),
            Some(&lee),
            Some(json!({"body": "Screens off an hour before."})),
            &[],
        )
        .await;
        assert_eq!(reply.status, StatusCode::CREATED);
        assert_eq!(reply.body["number"], 2);
        let first_post = send(
            app,
            "GET",
            &format!("/api/v1/topics/{topic}"),
            Some(&lee),
            None,
            &[],
        )
        .await
        .body["posts"][0]["id"]
            .as_i64()
            .unwrap();

        let up = send(
            app,
            "POST",
            &format!("/api/v1/posts/{first_post}/upvote"),
            Some(&lee),
            None,
            &[],
        )
        .await;
        assert_eq!(
            (up.body["upvoted"].as_bool(), up.body["count"].as_i64()),
            (Some(true), Some(1)),
            "{name}"
        );
        let own = send(
            app,
            "POST",
            &format!("/api/v1/posts/{first_post}/upvote"),
            Some(&max),
            None,
            &[],
        )
        .await;
        assert_eq!(own.status, StatusCode::FORBIDDEN);

        let page = send(
            app,
            "GET",
            &format!("/api/v1/topics/{topic}"),
            Some(&max),
            None,
            &[],
        )
        .await;
        assert_eq!(page.body["posts"].as_array().unwrap().len(), 2);
        assert_eq!(page.body["posts"][0]["upvotes"], 1);
        assert_eq!(page.body["posts"][0]["is_op"], true);

        let out = send(app, "DELETE", "/api/v1/session", Some(&max), None, &[]).await;
        assert_eq!(out.status, StatusCode::NO_CONTENT);
        assert_eq!(
            send(app, "GET", "/api/v1/me", Some(&max), None, &[])
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );
        site.finish().await;
    }
}

#[tokio::test]
async fn errors_are_json_with_field_messages_and_restrictions_hold() {
    for (name, site) in sites(generous()).await {
        let app = &site.app;
        let anon = send(
            app,
            "POST",
            "/api/v1/forums/depression-support/topics",
            None,
            Some(json!({"title": "x", "body": "y"})),
            &[],
        )
        .await;
        assert_eq!(anon.status, StatusCode::UNAUTHORIZED, "{name}");
        let max = login(app, "max_member").await;
        let staff_only = send(
            app,
            "POST",
            "/api/v1/forums/community-guidelines/topics",
            Some(&max),
            Some(json!({"title": "x", "body": "y"})),
            &[],
        )
        .await;
        assert_eq!(staff_only.status, StatusCode::FORBIDDEN);
        let teen_forum = send(
            app,
            "GET",
            "/api/v1/forums/teen-support",
            Some(&max),
            None,
            &[],
        )
        .await;
        assert_eq!(teen_forum.status, StatusCode::NOT_FOUND);
        let empty = send(
            app,
            "POST",
            "/api/v1/forums/depression-support/topics",
            Some(&max),
            Some(json!({"title": "", "body": ""})),
            &[],
        )
        .await;
        assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            empty.body["fields"]["title"].is_string() && empty.body["fields"]["body"].is_string(),
            "{:?}",
            empty.body
        );
        let malformed = send(
            app,
            "POST",
            "/api/v1/forums/depression-support/topics",
            Some(&max),
            Some(json!({"nope": 1})),
            &[],
        )
        .await;
        assert_eq!(malformed.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(malformed.body["error"].is_string());
        let wrong = send(
            app,
            "POST",
            "/api/v1/session",
            None,
            Some(json!({"username": "max_member", "password": "wrong-password"})),
            &[],
        )
        .await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(wrong.body["fields"]["password"], "Wrong name or password.");
        assert_eq!(
            send(app, "GET", "/api/v1/nothing-here", None, None, &[])
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        site.finish().await;
    }
}

#[tokio::test]
async fn cross_site_requests_are_refused_everywhere() {
    for (name, site) in sites(generous()).await {
        let app = &site.app;
        let max = login(app, "max_member").await;
        let body = Some(json!({"title": "Forged", "body": "from elsewhere"}));
        let forged = send(
            app,
            "POST",
            "/api/v1/forums/depression-support/topics",
            Some(&max),
            body.clone(),
            &[("origin", "https://evil.example")],
        )
        .await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN, "{name}");
        let forged = send(
            app,
            "POST",
            "/api/v1/forums/depression-support/topics",
            Some(&max),
            body.clone(),
            &[("sec-fetch-site", "cross-site")],
        )
        .await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN);
        // Server functions and plain forms are behind the same guard.
        let forged_fn = send(
            app,
            "POST",
            "/fn/logout",
            Some(&max),
            None,
            &[("origin", "https://evil.example")],
        )
        .await;
        assert_eq!(forged_fn.status, StatusCode::FORBIDDEN);
        let same = send(
            app,
            "POST",
            "/api/v1/forums/depression-support/topics",
            Some(&max),
            body,
            &[
                ("origin", "http://127.0.0.1:3000"),
                ("sec-fetch-site", "same-origin"),
            ],
        )
        .await;
        assert_eq!(same.status, StatusCode::CREATED);
        site.finish().await;
    }
}

#[tokio::test]
async fn security_headers_and_openapi_document() {
    let site = sqlite_site(generous()).await;
    let doc = send(&site.app, "GET", "/api/v1/openapi.json", None, None, &[]).await;
    assert_eq!(doc.status, StatusCode::OK);
    assert_eq!(
        doc.headers.get("x-content-type-options").unwrap(),
        "nosniff"
    );
    assert!(
        doc.headers
            .get("content-security-policy")
            .unwrap()
            .to_str()
            .unwrap()
            .contains("frame-ancestors 'none'")
    );
    assert!(doc.body["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/api/v1/session",
        "/api/v1/forums",
        "/api/v1/forums/{slug}/topics",
        "/api/v1/topics/{id}/posts",
        "/api/v1/posts/{id}/upvote",
    ] {
        assert!(doc.body["paths"][path].is_object(), "missing {path}");
    }
    assert!(doc.body["components"]["schemas"]["PostView"].is_object());
    site.finish().await;
}

#[tokio::test]
async fn login_is_rate_limited_per_account() {
    let limits = AuthLimitConfig {
        per_address_per_minute: 100,
        per_account_per_minute: 3,
    };
    let site = sqlite_site(limits).await;
    let attempt = || {
        send(
            &site.app,
            "POST",
            "/api/v1/session",
            None,
            Some(json!({"username": "max_member", "password": "guess-guess"})),
            &[],
        )
    };
    for _ in 0..3 {
        assert_eq!(attempt().await.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let limited = attempt().await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        limited.body["error"]
            .as_str()
            .unwrap()
            .contains("Too many attempts")
    );
    site.finish().await;
}

#[tokio::test]
async fn sessions_survive_a_restart() {
    for (name, site) in sites(generous()).await {
        let cookie = login(&site.app, "lee_listener").await;
        // A new router over the same database is what a restarted server is.
        let restarted = router(site.db.clone(), config(generous()));
        let me = send(&restarted, "GET", "/api/v1/me", Some(&cookie), None, &[]).await;
        assert_eq!(me.status, StatusCode::OK, "{name}");
        assert_eq!(me.body["username"], "lee_listener");
        site.finish().await;
    }
}

#[tokio::test]
async fn post_permalinks_redirect_to_the_right_page() {
    let site = sqlite_site(generous()).await;
    let app = &site.app;
    let page = send(
        app,
        "GET",
        "/api/v1/forums/depression-support",
        None,
        None,
        &[],
    )
    .await;
    let topic = page.body["topics"][0]["id"].as_i64().unwrap();
    let posts = send(
        app,
        "GET",
        &format!("/api/v1/topics/{topic}"),
        None,
        None,
        &[],
    )
    .await;
    let second = posts.body["posts"][1]["id"].as_i64().unwrap();
    let res = send(app, "GET", &format!("/p/{second}"), None, None, &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(
        res.headers.get(header::LOCATION).unwrap(),
        &format!("/t/{topic}#post-{second}")
    );
    site.finish().await;
}

#[tokio::test]
async fn moderators_work_the_queue_and_edit_through_the_api() {
    for (name, site) in sites(generous()).await {
        let app = &site.app;
        let max = login(app, "max_member").await;
        let created = send(
            app,
            "POST",
            "/api/v1/forums/depression-support/topics",
            Some(&max),
            Some(json!({"title": "Talk?", "body": "you are all fake, nobody here cares"})),
            &[],
        )
        .await;
        let topic = created.body["id"].as_i64().unwrap();
        let post = send(
            app,
            "GET",
            &format!("/api/v1/topics/{topic}"),
            None,
            None,
            &[],
        )
        .await
        .body["posts"][0]["id"]
            .as_i64()
            .unwrap();

        let lee = login(app, "lee_listener").await;
        let no_reason = send(
            app,
            "POST",
            &format!("/api/v1/posts/{post}/flags"),
            Some(&lee),
            Some(json!({"reason": "bogus"})),
            &[],
        )
        .await;
        assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        let flagged = send(
            app,
            "POST",
            &format!("/api/v1/posts/{post}/flags"),
            Some(&lee),
            Some(json!({"reason": "contact", "note": "asks for DMs"})),
            &[],
        )
        .await;
        assert_eq!(flagged.status, StatusCode::CREATED, "{:?}", flagged.body);

        // The teen forum's mentor does not see it; this forum's mentor does.
        let tara = login(app, "tara_teenmentor").await;
        let theirs = send(app, "GET", "/api/v1/queue", Some(&tara), None, &[]).await;
        assert_eq!(theirs.body.as_array().unwrap().len(), 0, "{name}");
        let mo = login(app, "mo_mentor").await;
        let queue = send(
            app,
            "GET",
            "/api/v1/queue?reason=contact",
            Some(&mo),
            None,
            &[],
        )
        .await;
        assert_eq!(queue.status, StatusCode::OK);
        let item = &queue.body[0];
        assert_eq!(item["flags"][0]["note"], "asks for DMs");
        assert!(
            item["flags"][0]["accuracy"].is_null(),
            "mentors don't see accuracy"
        );
        let id = item["id"].as_i64().unwrap();
        let spam_only = send(
            app,
            "GET",
            "/api/v1/queue?reason=spam",
            Some(&mo),
            None,
            &[],
        )
        .await;
        assert_eq!(spam_only.body.as_array().unwrap().len(), 0);

        let claim = send(
            app,
            "POST",
            &format!("/api/v1/queue/{id}/claim"),
            Some(&mo),
            None,
            &[],
        )
        .await;
        assert_eq!(claim.status, StatusCode::NO_CONTENT);
        let lea = login(app, "lea_leader").await;
        let taken = send(
            app,
            "POST",
            &format!("/api/v1/queue/{id}/claim"),
            Some(&lea),
            None,
            &[],
        )
        .await;
        assert_eq!(taken.status, StatusCode::CONFLICT);
        let resolved = send(
            app,
            "POST",
            &format!("/api/v1/queue/{id}/resolve"),
            Some(&mo),
            Some(json!({"outcome": "edit_post", "note": "no off-site contact", "new_body": "[removed: contact details]"})),
            &[],
        )
        .await;
        assert_eq!(
            resolved.status,
            StatusCode::NO_CONTENT,
            "{:?}",
            resolved.body
        );
        let again = send(
            app,
            "POST",
            &format!("/api/v1/queue/{id}/resolve"),
            Some(&lea),
            Some(json!({"outcome": "no_action", "note": "fine"})),
            &[],
        )
        .await;
        assert_eq!(again.status, StatusCode::CONFLICT);

        let history = send(
            app,
            "GET",
            &format!("/api/v1/posts/{post}/history"),
            None,
            None,
            &[],
        )
        .await;
        assert_eq!(history.body["current_version"], 2, "{name}");
        assert_eq!(
            history.body["revisions"][0]["editor"]["username"],
            "mo_mentor"
        );
        let diff = send(
            app,
            "GET",
            &format!("/api/v1/posts/{post}/diff?from=1&to=2"),
            None,
            None,
            &[],
        )
        .await;
        assert!(diff.body["removed_words"].as_u64().unwrap() > 0);

        // The author edits from a stale version: 409, nothing saved.
        let stale = send(
            app,
            "PUT",
            &format!("/api/v1/posts/{post}"),
            Some(&max),
            Some(json!({"body": "mine again", "base_version": 1})),
            &[],
        )
        .await;
        assert_eq!(stale.status, StatusCode::CONFLICT);
        let fresh = send(
            app,
            "PUT",
            &format!("/api/v1/posts/{post}"),
            Some(&max),
            Some(json!({"body": "Sorry, I'll talk here.", "base_version": 2, "reason": "rules"})),
            &[],
        )
        .await;
        assert_eq!(fresh.body["version"], 3, "{:?}", fresh.body);

        let audit = send(
            app,
            "GET",
            "/api/v1/audit?actor=mo_mentor",
            Some(&lea),
            None,
            &[],
        )
        .await;
        let actions: Vec<&str> = audit.body["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["action"].as_str().unwrap())
            .collect();
        assert_eq!(actions, ["edit_post", "edit", "claim"], "{name}");
        let refused = send(app, "GET", "/api/v1/audit", Some(&mo), None, &[]).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        site.finish().await;
    }
}

#[tokio::test]
async fn filters_hold_and_block_posts_sent_through_the_api() {
    for (name, site) in sites(generous()).await {
        let app = &site.app;
        let max = login(app, "max_member").await;
        let created = send(
            app,
            "POST",
            "/api/v1/forums/depression-support/topics",
            Some(&max),
            Some(json!({"title": "Talk?", "body": "dm me on insta, same name"})),
            &[],
        )
        .await;
        assert_eq!(created.status, StatusCode::CREATED, "{name}");
        let topic = created.body["id"].as_i64().unwrap();
        let path = format!("/api/v1/topics/{topic}");
        let guest = send(app, "GET", &path, None, None, &[]).await;
        assert_eq!(
            guest.status,
            StatusCode::NOT_FOUND,
            "{name}: held topic leaked"
        );
        let own = send(app, "GET", &path, Some(&max), None, &[]).await;
        assert_eq!(own.body["posts"][0]["review"], "pending", "{name}");

        // Contact in the teen forum is refused, with the message on its field.
        let tia = login(app, "tia_teen").await;
        let refused = send(
            app,
            "POST",
            "/api/v1/forums/teen-support/topics",
            Some(&tia),
            Some(json!({"title": "exams", "body": "whats ur number? ill text u"})),
            &[],
        )
        .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        assert!(
            refused.body.to_string().contains("isn't allowed here"),
            "{name}: {}",
            refused.body
        );
        site.finish().await;
    }
}

#[tokio::test]
async fn search_answers_as_json_and_keeps_teen_forums_private() {
    for (name, site) in sites(generous()).await {
        let app = &site.app;
        // The demo's exam thread is in the teen forum.
        let guest = send(app, "GET", "/api/v1/search?q=exams", None, None, &[]).await;
        assert_eq!(guest.status, StatusCode::OK, "{name}");
        assert!(
            guest.body["hits"]
                .as_array()
                .unwrap()
                .iter()
                .all(|h| h["forum_slug"] != "teen-support"),
            "{name}: {}",
            guest.body
        );
        let tia = login(app, "tia_teen").await;
        let teen = send(
            app,
            "GET",
            "/api/v1/search?q=exams&forum=teen-support",
            Some(&tia),
            None,
            &[],
        )
        .await;
        assert!(
            !teen.body["hits"].as_array().unwrap().is_empty(),
            "{name}: {}",
            teen.body
        );
        assert!(
            teen.body["hits"][0].to_string().contains("\"hit\":true"),
            "{name}: matches are marked: {}",
            teen.body
        );
        let closed = send(
            app,
            "GET",
            "/api/v1/search?q=exams&forum=teen-support",
            None,
            None,
            &[],
        )
        .await;
        assert_eq!(closed.status, StatusCode::NOT_FOUND, "{name}");
        site.finish().await;
    }
}
