//! The JSON API and the security layers, through the real router on a real
//! database (a SQLite file; PostgreSQL too when TEST_DATABASE_URL is set).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use app::server::ratelimit::AuthLimitConfig;
use common::{config, first_post_id, generous, login, send, sites, sqlite_site};
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
        let first_post = first_post_id(app, topic, Some(&lee)).await;

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
    // Closed sets are enums in the document, with the wire spellings.
    let reasons = &doc.body["components"]["schemas"]["FlagReason"]["enum"];
    assert!(
        reasons.as_array().unwrap().contains(&json!("at_risk")),
        "{reasons}"
    );
    let status = &doc.body["components"]["schemas"]["QueueStatus"]["enum"];
    assert_eq!(status, &json!(["open", "resolved"]));
    assert_eq!(
        doc.body["components"]["schemas"]["NewFlag"]["properties"]["reason"]["$ref"],
        "#/components/schemas/FlagReason"
    );
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
        let post = first_post_id(app, topic, None).await;

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
        // An unknown value is refused naming the field and what it takes.
        let reason_error = no_reason.body.to_string();
        assert!(reason_error.contains("reason"), "{reason_error}");
        assert!(reason_error.contains("at_risk"), "{reason_error}");
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
        // Enums go out as they come in: snake_case.
        assert_eq!(item["flags"][0]["reason"], "contact", "{name}");
        assert_eq!(item["escalation"], "none", "{name}");
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
            refused
                .body
                .to_string()
                .contains("isn't allowed, for your safety")
                && refused
                    .body
                    .to_string()
                    .contains("What was caught: “whats ur number"),
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

/// Control characters never reach the database (PostgreSQL cannot store
/// NUL at all), and a title must have something to see.
#[tokio::test]
async fn control_characters_are_dropped_and_invisible_titles_refused() {
    for (name, site) in sites(generous()).await {
        let app = &site.app;
        let max = login(app, "max_member").await;
        let created = send(
            app,
            "POST",
            "/api/v1/forums/anxiety-and-stress/topics",
            Some(&max),
            Some(json!({"title": "Nul\u{0}l title\u{7}", "body": "Body\u{0} with\u{1b} controls\nand a line"})),
            &[],
        )
        .await;
        assert_eq!(
            created.status,
            StatusCode::CREATED,
            "{name}: {}",
            created.text
        );
        let topic = created.body["id"].as_i64().unwrap();
        let page = send(
            app,
            "GET",
            &format!("/api/v1/topics/{topic}"),
            None,
            None,
            &[],
        )
        .await;
        assert_eq!(page.body["title"], "Null title", "{name}");
        let html = page.body["posts"][0]["body_html"].as_str().unwrap();
        assert!(
            html.contains("Body with controls") && !html.contains('\u{0}'),
            "{name}: {html}"
        );
        let reply = send(
            app,
            "POST",
            &format!("/api/v1/topics/{topic}/posts"),
            Some(&max),
            Some(json!({"body": "\u{0}\u{0}a reply"})),
            &[],
        )
        .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{name}: {}", reply.text);
        for invisible in [
            "\u{200B}\u{200D}\u{FEFF}",
            "\u{3164}\u{3164}",
            "   ",
            "\u{0}",
        ] {
            let refused = send(
                app,
                "POST",
                "/api/v1/forums/anxiety-and-stress/topics",
                Some(&max),
                Some(json!({"title": invisible, "body": "Something to say."})),
                &[],
            )
            .await;
            assert_eq!(
                refused.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{name}: {invisible:?}"
            );
            assert!(refused.text.contains("title"), "{name}: {}", refused.text);
        }
        site.finish().await;
    }
}

/// Malformed ids and queries, and oversized bodies, are refused with the
/// JSON error body and the right status.
#[tokio::test]
async fn bad_paths_queries_and_bodies_get_json_errors() {
    let site = sqlite_site(generous()).await;
    let app = &site.app;
    for path in [
        "/api/v1/topics/+1",
        "/api/v1/topics/abc",
        "/api/v1/topics/-3",
        "/api/v1/topics/99999999999",
        "/api/v1/topics/1?after=soon",
    ] {
        let reply = send(app, "GET", path, None, None, &[]).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{path}: {}",
            reply.text
        );
        assert!(
            reply.body["error"].is_string(),
            "{path}: not the JSON error body: {}",
            reply.text
        );
    }
    let max = login(app, "max_member").await;
    let huge = "x".repeat(3 * 1024 * 1024);
    let reply = send(
        app,
        "POST",
        "/api/v1/forums/anxiety-and-stress/topics",
        Some(&max),
        Some(json!({"title": "Big", "body": huge})),
        &[],
    )
    .await;
    assert_eq!(
        reply.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        reply.text
    );
    assert!(reply.body["error"].is_string());
    site.finish().await;
}

/// What the account pages do, through the API: sign up, read and clear
/// notifications, see and acknowledge a warning, appeal it, decide the
/// appeal, and list and withdraw one's reports.
#[tokio::test]
async fn the_api_covers_accounts_notifications_sanctions_appeals_and_reports() {
    for (name, site) in sites(generous()).await {
        let app = &site.app;
        // Sign up: 201 and a session; a child under 13 is refused by field.
        let child = send(
            app,
            "POST",
            "/api/v1/users",
            None,
            Some(json!({"username": "tiny_one", "password": "long enough pw", "birth_date": "2020-01-01"})),
            &[],
        )
        .await;
        assert_eq!(child.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        assert!(
            child.body["fields"]["birth_date"].is_string(),
            "{name}: {}",
            child.text
        );
        let joined = send(
            app,
            "POST",
            "/api/v1/users",
            None,
            Some(json!({"username": "api_newbie", "password": "long enough pw", "birth_date": "1995-05-05"})),
            &[],
        )
        .await;
        assert_eq!(
            joined.status,
            StatusCode::CREATED,
            "{name}: {}",
            joined.text
        );
        let newbie = joined
            .headers
            .get(header::SET_COOKIE)
            .unwrap()
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_string();
        let me = send(app, "GET", "/api/v1/me", Some(&newbie), None, &[]).await;
        assert_eq!(me.body["username"], "api_newbie", "{name}");

        // The newbie posts; a listener reports it; the mentor warns them.
        let created = send(
            app,
            "POST",
            "/api/v1/forums/depression-support/topics",
            Some(&newbie),
            Some(json!({"title": "Hello", "body": "you are all pathetic"})),
            &[],
        )
        .await;
        let topic = created.body["id"].as_i64().unwrap();
        let page = send(
            app,
            "GET",
            &format!("/api/v1/topics/{topic}"),
            None,
            None,
            &[],
        )
        .await;
        let post = page.body["posts"][0]["id"].as_i64().unwrap();
        let lee = login(app, "lee_listener").await;
        let flagged = send(
            app,
            "POST",
            &format!("/api/v1/posts/{post}/flags"),
            Some(&lee),
            Some(json!({"reason": "harassment"})),
            &[],
        )
        .await;
        assert_eq!(
            flagged.status,
            StatusCode::CREATED,
            "{name}: {}",
            flagged.text
        );
        let reports = send(app, "GET", "/api/v1/me/reports", Some(&lee), None, &[]).await;
        assert_eq!(reports.status, StatusCode::OK, "{name}");
        let report = reports.body[0]["id"].as_i64().unwrap();
        assert_eq!(reports.body[0]["reason"], "harassment", "{name}");
        let mo = login(app, "mo_mentor").await;
        let queue = send(app, "GET", "/api/v1/queue", Some(&mo), None, &[]).await;
        let item = queue
            .body
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["post_id"] == post)
            .unwrap()["id"]
            .as_i64()
            .unwrap();
        let warned = send(
            app,
            "POST",
            &format!("/api/v1/queue/{item}/resolve"),
            Some(&mo),
            Some(json!({"outcome": "warn_author", "note": "Please be kind here."})),
            &[],
        )
        .await;
        assert_eq!(
            warned.status,
            StatusCode::NO_CONTENT,
            "{name}: {}",
            warned.text
        );
        // A report someone acted on can no longer be withdrawn.
        let late = send(
            app,
            "DELETE",
            &format!("/api/v1/flags/{report}"),
            Some(&lee),
            None,
            &[],
        )
        .await;
        assert_eq!(late.status, StatusCode::CONFLICT, "{name}: {}", late.text);

        // The warning: listed, acknowledged (only by its owner), appealed once.
        let sanctions = send(app, "GET", "/api/v1/me/sanctions", Some(&newbie), None, &[]).await;
        assert_eq!(
            sanctions.body[0]["kind"], "warning",
            "{name}: {}",
            sanctions.text
        );
        let sanction = sanctions.body[0]["id"].as_i64().unwrap();
        let not_mine = send(
            app,
            "POST",
            &format!("/api/v1/sanctions/{sanction}/acknowledge"),
            Some(&lee),
            None,
            &[],
        )
        .await;
        assert_eq!(not_mine.status, StatusCode::NOT_FOUND, "{name}");
        let acked = send(
            app,
            "POST",
            &format!("/api/v1/sanctions/{sanction}/acknowledge"),
            Some(&newbie),
            None,
            &[],
        )
        .await;
        assert_eq!(
            acked.status,
            StatusCode::NO_CONTENT,
            "{name}: {}",
            acked.text
        );
        let appealed = send(
            app,
            "POST",
            &format!("/api/v1/sanctions/{sanction}/appeal"),
            Some(&newbie),
            Some(json!({"body": "I was upset, it won't happen again."})),
            &[],
        )
        .await;
        assert_eq!(
            appealed.status,
            StatusCode::CREATED,
            "{name}: {}",
            appealed.text
        );
        let twice = send(
            app,
            "POST",
            &format!("/api/v1/sanctions/{sanction}/appeal"),
            Some(&newbie),
            Some(json!({"body": "again"})),
            &[],
        )
        .await;
        assert_eq!(twice.status, StatusCode::CONFLICT, "{name}: {}", twice.text);

        // Appeals: members may not list them; the leader decides.
        let refused = send(app, "GET", "/api/v1/appeals", Some(&newbie), None, &[]).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{name}");
        let lea = login(app, "lea_leader").await;
        let open = send(app, "GET", "/api/v1/appeals", Some(&lea), None, &[]).await;
        let appeal = open
            .body
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["appellant"]["username"] == "api_newbie")
            .unwrap()["id"]
            .as_i64()
            .unwrap();
        let no_note = send(
            app,
            "POST",
            &format!("/api/v1/appeals/{appeal}/decision"),
            Some(&lea),
            Some(json!({"reverse": true, "note": ""})),
            &[],
        )
        .await;
        assert_eq!(no_note.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        let decided = send(
            app,
            "POST",
            &format!("/api/v1/appeals/{appeal}/decision"),
            Some(&lea),
            Some(json!({"reverse": true, "note": "Thanks for explaining."})),
            &[],
        )
        .await;
        assert_eq!(
            decided.status,
            StatusCode::NO_CONTENT,
            "{name}: {}",
            decided.text
        );

        // Notifications told the newbie both; reading them clears them.
        let notes = send(
            app,
            "GET",
            "/api/v1/notifications",
            Some(&newbie),
            None,
            &[],
        )
        .await;
        let kinds: Vec<&str> = notes
            .body
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|n| n["kind"].as_str())
            .collect();
        assert!(
            kinds.contains(&"warning") && kinds.contains(&"appeal_decided"),
            "{name}: {kinds:?}"
        );
        let read = send(
            app,
            "POST",
            "/api/v1/notifications/read",
            Some(&newbie),
            None,
            &[],
        )
        .await;
        assert_eq!(read.status, StatusCode::NO_CONTENT, "{name}");
        let notes = send(
            app,
            "GET",
            "/api/v1/notifications",
            Some(&newbie),
            None,
            &[],
        )
        .await;
        assert!(
            notes
                .body
                .as_array()
                .unwrap()
                .iter()
                .all(|n| n["read"] == true),
            "{name}"
        );
        let guest = send(app, "GET", "/api/v1/notifications", None, None, &[]).await;
        assert_eq!(guest.status, StatusCode::UNAUTHORIZED, "{name}");

        // A fresh report can be withdrawn.
        let second = send(
            app,
            "POST",
            &format!("/api/v1/posts/{post}/flags"),
            Some(&lee),
            Some(json!({"reason": "spam"})),
            &[],
        )
        .await;
        let second = second.body["id"].as_i64().unwrap();
        let withdrawn = send(
            app,
            "DELETE",
            &format!("/api/v1/flags/{second}"),
            Some(&lee),
            None,
            &[],
        )
        .await;
        assert_eq!(
            withdrawn.status,
            StatusCode::NO_CONTENT,
            "{name}: {}",
            withdrawn.text
        );
        site.finish().await;
    }
}

/// Staff actions through the API: pins, policy updates and who
/// acknowledged them, filter rules, and roles; each refused to members.
#[tokio::test]
async fn the_api_covers_pins_policy_acknowledgements_filters_and_roles() {
    for (name, site) in sites(generous()).await {
        let app = &site.app;
        let sam = login(app, "sam_staff").await;
        let max = login(app, "max_member").await;
        let id_of = |cookie: String| async move {
            send(app, "GET", "/api/v1/me", Some(&cookie), None, &[])
                .await
                .body["id"]
                .as_i64()
                .unwrap()
        };
        let max_id = id_of(max.clone()).await;
        let tia_id = id_of(login(app, "tia_teen").await).await;

        // A guideline topic, pinned everywhere by staff, dismissed by a member.
        let created = send(
            app,
            "POST",
            "/api/v1/forums/community-guidelines/topics",
            Some(&sam),
            Some(json!({"title": "Be kind", "body": "Version one of the rule."})),
            &[],
        )
        .await;
        assert_eq!(
            created.status,
            StatusCode::CREATED,
            "{name}: {}",
            created.text
        );
        let topic = created.body["id"].as_i64().unwrap();
        let post = first_post_id(app, topic, None).await;
        let pin = |who: String, body: serde_json::Value| async move {
            send(
                app,
                "PUT",
                &format!("/api/v1/topics/{topic}/pin"),
                Some(&who),
                Some(body),
                &[],
            )
            .await
        };
        assert_eq!(
            pin(max.clone(), json!({"scope": "global"})).await.status,
            StatusCode::FORBIDDEN,
            "{name}"
        );
        let bad = pin(sam.clone(), json!({"scope": "sideways"})).await;
        assert!(
            bad.body["fields"]["scope"].is_string(),
            "{name}: {}",
            bad.text
        );
        assert_eq!(
            pin(sam.clone(), json!({"scope": "global", "position": 1}))
                .await
                .status,
            StatusCode::NO_CONTENT,
            "{name}"
        );
        let dismissed = send(
            app,
            "POST",
            &format!("/api/v1/topics/{topic}/pin/dismiss"),
            Some(&max),
            None,
            &[],
        )
        .await;
        assert_eq!(
            dismissed.status,
            StatusCode::NO_CONTENT,
            "{name}: {}",
            dismissed.text
        );
        let unpinned = send(
            app,
            "DELETE",
            &format!("/api/v1/topics/{topic}/pin"),
            Some(&sam),
            None,
            &[],
        )
        .await;
        assert_eq!(
            unpinned.status,
            StatusCode::NO_CONTENT,
            "{name}: {}",
            unpinned.text
        );

        // A policy update; the member acknowledges it; staff see who did.
        let edited = send(
            app,
            "PUT",
            &format!("/api/v1/posts/{post}"),
            Some(&sam),
            Some(json!({"body": "Version two of the rule.", "base_version": 1, "policy_summary": "Clearer wording"})),
            &[],
        )
        .await;
        assert_eq!(edited.status, StatusCode::OK, "{name}: {}", edited.text);
        let acked = send(
            app,
            "POST",
            &format!("/api/v1/posts/{post}/acknowledge"),
            Some(&max),
            Some(json!({"version": 2})),
            &[],
        )
        .await;
        assert_eq!(
            acked.status,
            StatusCode::NO_CONTENT,
            "{name}: {}",
            acked.text
        );
        let who = send(
            app,
            "GET",
            &format!("/api/v1/posts/{post}/acknowledgements"),
            Some(&max),
            None,
            &[],
        )
        .await;
        assert_eq!(who.status, StatusCode::FORBIDDEN, "{name}");
        let who = send(
            app,
            "GET",
            &format!("/api/v1/posts/{post}/acknowledgements"),
            Some(&sam),
            None,
            &[],
        )
        .await;
        assert!(who.text.contains("max_member"), "{name}: {}", who.text);

        // Filter rules: a bad regex is refused when saved; members may not add.
        let rule = |who: String, body: serde_json::Value| async move {
            send(
                app,
                "POST",
                "/api/v1/filters/rules",
                Some(&who),
                Some(body),
                &[],
            )
            .await
        };
        let phrase = json!({"kind": "phrase", "pattern": "secret spot", "action": "block", "message": "Keep it here."});
        assert_eq!(
            rule(max.clone(), phrase.clone()).await.status,
            StatusCode::FORBIDDEN,
            "{name}"
        );
        let broken = rule(
            sam.clone(),
            json!({"kind": "phrase", "pattern": "/(unclosed/", "action": "flag"}),
        )
        .await;
        assert!(
            broken.body["fields"]["pattern"].is_string(),
            "{name}: {}",
            broken.text
        );
        let added = rule(sam.clone(), phrase).await;
        assert_eq!(added.status, StatusCode::CREATED, "{name}: {}", added.text);
        let rule_id = added.body["id"].as_i64().unwrap();
        let blocked = send(
            app,
            "POST",
            &format!("/api/v1/topics/{topic}/posts"),
            Some(&max),
            Some(json!({"body": "meet at the secret spot"})),
            &[],
        )
        .await;
        assert_eq!(
            blocked.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{name}: {}",
            blocked.text
        );
        let removed = send(
            app,
            "DELETE",
            &format!("/api/v1/filters/rules/{rule_id}"),
            Some(&sam),
            None,
            &[],
        )
        .await;
        assert_eq!(removed.status, StatusCode::NO_CONTENT, "{name}");
        let again = send(
            app,
            "DELETE",
            &format!("/api/v1/filters/rules/{rule_id}"),
            Some(&sam),
            None,
            &[],
        )
        .await;
        assert_eq!(again.status, StatusCode::NOT_FOUND, "{name}");

        // Roles: only what is given changes; a teen cannot lead; members may not.
        let roles = |who: String, user: i64, body: serde_json::Value| async move {
            send(
                app,
                "PATCH",
                &format!("/api/v1/users/{user}/roles"),
                Some(&who),
                Some(body),
                &[],
            )
            .await
        };
        assert_eq!(
            roles(max.clone(), max_id, json!({"role": "staff"}))
                .await
                .status,
            StatusCode::FORBIDDEN,
            "{name}"
        );
        assert_eq!(
            roles(sam.clone(), max_id, json!({"listener": true}))
                .await
                .status,
            StatusCode::NO_CONTENT,
            "{name}"
        );
        let teen_lead = roles(sam.clone(), tia_id, json!({"role": "global_leader"})).await;
        assert!(
            teen_lead.body["fields"]["role"].is_string(),
            "{name}: {}",
            teen_lead.text
        );
        let unknown = roles(sam.clone(), max_id, json!({"role": "boss"})).await;
        assert_eq!(
            unknown.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{name}: {}",
            unknown.text
        );
        let me = send(app, "GET", "/api/v1/me", Some(&max), None, &[]).await;
        assert!(me.text.contains("listener"), "{name}: {}", me.text);
        site.finish().await;
    }
}

/// Every operation in the OpenAPI document is routed, and answers a
/// request with no useful input (as a guest and as staff) with a JSON body
/// and a 2xx or 4xx status: never a missing route, a wrong method, a plain
/// text rejection or a 500.
#[tokio::test]
async fn every_documented_operation_answers_in_json_without_server_errors() {
    let site = sqlite_site(generous()).await;
    let app = &site.app;
    let doc = send(app, "GET", "/api/v1/openapi.json", None, None, &[]).await;
    let paths = doc.body["paths"].as_object().unwrap();
    let mut operations = 0;
    for (path, item) in paths {
        for method in item.as_object().unwrap().keys() {
            operations += 1;
            // Placeholder ids that exist in the demo data, and ones that do not.
            for (id, slug) in [("1", "depression-support"), ("999999", "no-such-forum")] {
                let uri = path.replace("{id}", id).replace("{slug}", slug);
                let method = method.to_uppercase();
                let body = (method != "GET" && method != "DELETE").then(|| json!({}));
                for who in [None, Some(login(app, "sam_staff").await)] {
                    let res = send(app, &method, &uri, who.as_deref(), body.clone(), &[]).await;
                    let status = res.status.as_u16();
                    let label = format!(
                        "{method} {uri} as {}",
                        if who.is_some() { "staff" } else { "guest" }
                    );
                    assert!(
                        (200..500).contains(&status) && status != 405,
                        "{label}: {status} {}",
                        res.text
                    );
                    if status >= 400 {
                        assert!(
                            res.body["error"].is_string(),
                            "{label}: not a JSON error: {}",
                            res.text
                        );
                    }
                }
            }
        }
    }
    assert!(operations >= 37, "{operations} operations documented");
    site.finish().await;
}

/// Without SMTP the forgotten-password page points to staff and nothing
/// can be sent; the one-click unsubscribe address (RFC 8058) works with
/// the token from an e-mail and nothing else.
#[tokio::test]
async fn email_without_smtp_and_one_click_unsubscribe() {
    use app::server::services::base::mail::MailSettings;
    use app::server::services::{accounts, email};
    use sea_orm::EntityTrait;
    for (name, site) in sites(generous()).await {
        let app = &site.app;
        let page = send(app, "GET", "/password/forgot", None, None, &[]).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.text.contains("reset-by-staff"), "{name}");
        assert!(!page.text.contains("Send the link"), "{name}");
        let asked = common::call_fn(
            app,
            "/fn/request_password_reset",
            None,
            &[("who", "max_member")],
        )
        .await;
        assert_eq!(
            asked.status,
            StatusCode::FORBIDDEN,
            "{name}: {}",
            asked.text
        );

        let settings = MailSettings {
            public_url: "http://haven.test".into(),
            batch_every: chrono::Duration::minutes(15),
            grace: chrono::Duration::zero(),
        };
        let max = accounts::authenticate(&site.db, "max_member", app::server::seed::DEMO_PASSWORD)
            .await
            .unwrap();
        let viewer = app::server::services::base::people::load_viewer(&site.db, max.id)
            .await
            .unwrap()
            .unwrap();
        email::set_address(&site.db, Some(&viewer), Some(&settings), "max@example.org")
            .await
            .unwrap();
        let token = app::server::entities::email_setting::Entity::find_by_id(max.id)
            .one(&site.db)
            .await
            .unwrap()
            .unwrap()
            .unsubscribe_token;
        let wrong = send(
            app,
            "POST",
            &format!("/api/v1/email/unsubscribe/{}", "0".repeat(64)),
            None,
            None,
            &[],
        )
        .await;
        assert_eq!(wrong.status, StatusCode::NOT_FOUND, "{name}");
        // A mail provider's one-click POST: no cookie, no Origin.
        let done = send(
            app,
            "POST",
            &format!("/api/v1/email/unsubscribe/{token}"),
            None,
            None,
            &[],
        )
        .await;
        assert_eq!(done.status, StatusCode::NO_CONTENT, "{name}: {}", done.text);
        let prefs = email::settings(&site.db, Some(&viewer), Some(&settings))
            .await
            .unwrap()
            .prefs;
        assert!(
            !(prefs.mentions || prefs.replies || prefs.reports || prefs.policy),
            "{name}"
        );
        site.finish().await;
    }
}

#[tokio::test]
async fn private_messages_reports_and_blocks_through_the_api() {
    for (name, site) in sites(generous()).await {
        let app = &site.app;
        let max = login(app, "max_member").await;
        let lee = login(app, "lee_listener").await;
        let lea = login(app, "lea_leader").await;
        let mo = login(app, "mo_mentor").await;

        // Max starts a conversation with Lee; Lee sees it unread and answers.
        let started = send(
            app,
            "POST",
            "/api/v1/conversations",
            Some(&max),
            Some(json!({"to": ["lee_listener"], "body": "Can we talk tonight?"})),
            &[],
        )
        .await;
        assert_eq!(
            started.status,
            StatusCode::CREATED,
            "{name}: {}",
            started.text
        );
        let id = started.body["id"].as_i64().unwrap();
        let inbox = send(app, "GET", "/api/v1/conversations", Some(&lee), None, &[]).await;
        assert_eq!(inbox.status, StatusCode::OK, "{name}");
        let row = inbox.body["conversations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap()
            .clone();
        assert_eq!(row["unread"], 1, "{name}");
        let answer = send(
            app,
            "POST",
            &format!("/api/v1/conversations/{id}/messages"),
            Some(&lee),
            Some(json!({"body": "Of course, **I'm here**."})),
            &[],
        )
        .await;
        assert_eq!(
            answer.status,
            StatusCode::CREATED,
            "{name}: {}",
            answer.text
        );
        assert!(
            answer.body["body_html"]
                .as_str()
                .unwrap()
                .contains("<strong>")
        );
        let message = answer.body["id"].as_i64().unwrap();
        // Lee edits the answer (from version 1); Max cannot, and a second
        // edit from version 1 is a conflict.
        let edit = |who: &str, version: i64, body: &str| {
            let (who, body) = (who.to_string(), body.to_string());
            async move {
                send(
                    app,
                    "PUT",
                    &format!("/api/v1/messages/{message}"),
                    Some(&who),
                    Some(json!({"body": body, "base_version": version})),
                    &[],
                )
                .await
            }
        };
        let not_his = edit(&max, 1, "Go away").await;
        assert_eq!(not_his.status, StatusCode::FORBIDDEN, "{name}");
        let edited = edit(&lee, 1, "Of course, **I'm here** all evening.").await;
        assert_eq!(edited.status, StatusCode::OK, "{name}: {}", edited.text);
        assert_eq!(edited.body["version"], 2, "{name}");
        assert!(
            edited.body["earlier"][0]["body_html"]
                .as_str()
                .unwrap()
                .contains("I’m here")
                || edited.body["earlier"][0]["body_html"]
                    .as_str()
                    .unwrap()
                    .contains("I'm here"),
            "{name}: {}",
            edited.text
        );
        let stale = edit(&lee, 1, "Again").await;
        assert_eq!(stale.status, StatusCode::CONFLICT, "{name}");
        // Lee's message is reported by Max; the mentor (not a leader) can
        // neither see the report nor read the conversation.
        let bad = send(
            app,
            "POST",
            &format!("/api/v1/messages/{message}/flags"),
            Some(&max),
            Some(json!({"reason": "rude"})),
            &[],
        )
        .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        let reported = send(
            app,
            "POST",
            &format!("/api/v1/messages/{message}/flags"),
            Some(&max),
            Some(json!({"reason": "harassment", "note": "Testing the API."})),
            &[],
        )
        .await;
        assert_eq!(
            reported.status,
            StatusCode::NO_CONTENT,
            "{name}: {}",
            reported.text
        );
        let again = send(
            app,
            "POST",
            &format!("/api/v1/messages/{message}/flags"),
            Some(&max),
            Some(json!({"reason": "harassment"})),
            &[],
        )
        .await;
        assert_eq!(again.status, StatusCode::CONFLICT, "{name}");
        for (who, status) in [(&mo, StatusCode::FORBIDDEN), (&max, StatusCode::FORBIDDEN)] {
            let list = send(
                app,
                "GET",
                "/api/v1/queue/messages/reported",
                Some(who),
                None,
                &[],
            )
            .await;
            assert_eq!(list.status, status, "{name}");
        }
        let hidden_from_mentor = send(
            app,
            "GET",
            &format!("/api/v1/conversations/{id}"),
            Some(&mo),
            None,
            &[],
        )
        .await;
        assert_eq!(hidden_from_mentor.status, StatusCode::NOT_FOUND, "{name}");
        let list = send(
            app,
            "GET",
            "/api/v1/queue/messages/reported",
            Some(&lea),
            None,
            &[],
        )
        .await;
        assert_eq!(list.status, StatusCode::OK, "{name}");
        let item = list
            .body
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["message_id"] == message)
            .unwrap()
            .clone();
        assert_eq!(item["snapshot"].as_array().unwrap().len(), 2, "{name}");
        let read = send(
            app,
            "GET",
            &format!("/api/v1/conversations/{id}"),
            Some(&lea),
            None,
            &[],
        )
        .await;
        assert_eq!(read.status, StatusCode::OK, "{name}");
        assert_eq!(read.body["reviewing"], true);
        let edit = send(
            app,
            "POST",
            &format!("/api/v1/queue/messages/reported/{message}/resolve"),
            Some(&lea),
            Some(json!({"outcome": "edit_post", "note": "no", "new_body": "x"})),
            &[],
        )
        .await;
        assert_eq!(edit.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        let settled = send(
            app,
            "POST",
            &format!("/api/v1/queue/messages/reported/{message}/resolve"),
            Some(&lea),
            Some(json!({"outcome": "no_action", "note": ""})),
            &[],
        )
        .await;
        assert_eq!(
            settled.status,
            StatusCode::NO_CONTENT,
            "{name}: {}",
            settled.text
        );
        let twice = send(
            app,
            "POST",
            &format!("/api/v1/queue/messages/reported/{message}/resolve"),
            Some(&lea),
            Some(json!({"outcome": "hide_post", "note": "late"})),
            &[],
        )
        .await;
        assert_eq!(twice.status, StatusCode::CONFLICT, "{name}");
        let mine = send(app, "GET", "/api/v1/me/reports", Some(&max), None, &[]).await;
        assert!(
            mine.body
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["conversation_id"] == id && r["status"] == "disagreed"),
            "{name}: {}",
            mine.text
        );

        // Lee blocks Max: Max can no longer write; the block list shows it.
        let blocked = send(
            app,
            "PUT",
            "/api/v1/users/max_member/block",
            Some(&lee),
            None,
            &[],
        )
        .await;
        assert_eq!(blocked.status, StatusCode::NO_CONTENT, "{name}");
        let list = send(app, "GET", "/api/v1/me/blocks", Some(&lee), None, &[]).await;
        assert_eq!(list.body[0]["username"], "max_member", "{name}");
        let refused = send(
            app,
            "POST",
            &format!("/api/v1/conversations/{id}/messages"),
            Some(&max),
            Some(json!({"body": "Hello?"})),
            &[],
        )
        .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{name}");
        let unblocked = send(
            app,
            "DELETE",
            "/api/v1/users/max_member/block",
            Some(&lee),
            None,
            &[],
        )
        .await;
        assert_eq!(unblocked.status, StatusCode::NO_CONTENT, "{name}");

        // Who may write: a closed choice.
        let wrong = send(
            app,
            "PUT",
            "/api/v1/me/message-policy",
            Some(&lee),
            Some(json!({"policy": "friends"})),
            &[],
        )
        .await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        let set = send(
            app,
            "PUT",
            "/api/v1/me/message-policy",
            Some(&lee),
            Some(json!({"policy": "nobody"})),
            &[],
        )
        .await;
        assert_eq!(set.status, StatusCode::NO_CONTENT, "{name}");
        let got = send(
            app,
            "GET",
            "/api/v1/me/message-policy",
            Some(&lee),
            None,
            &[],
        )
        .await;
        assert_eq!(got.body["policy"], "nobody", "{name}");

        // Leaving: the conversation is gone from Lee's inbox and page.
        let left = send(
            app,
            "POST",
            &format!("/api/v1/conversations/{id}/leave"),
            Some(&lee),
            None,
            &[],
        )
        .await;
        assert_eq!(left.status, StatusCode::NO_CONTENT, "{name}");
        let gone = send(
            app,
            "GET",
            &format!("/api/v1/conversations/{id}"),
            Some(&lee),
            None,
            &[],
        )
        .await;
        assert_eq!(gone.status, StatusCode::NOT_FOUND, "{name}");
        let anonymous = send(app, "GET", "/api/v1/conversations", None, None, &[]).await;
        assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED, "{name}");
        site.finish().await;
    }
}
