//! Stored and reflected HTML injection: text a person typed must never end
//! the element it is shown in. Every kind of text a person can enter is
//! written with closing tags for every raw-text element, a comment opener
//! and a `<meta http-equiv=refresh>`, then every page that shows it is
//! fetched as server HTML and parsed the way a browser does (html5ever):
//! no element may have been injected. (The same pages after hydration are
//! checked in Chromium by `end2end/tests/injection.spec.ts`.)
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Reply, call_fn, first_post_id, form_encode, generous, login, send, sites};
use http::StatusCode;
use scraper::{Html, Selector};
use serde_json::json;

/// What every text field gets. It closes each raw-text element (`<title>`,
/// `<textarea>`, `<script>`, `<noscript>`, `<style>`), then tries to add an
/// element, a redirect and an unclosed comment that would swallow the page.
const PAYLOAD: &str = "Probe </title></textarea></script></noscript></style><b id=injected>x</b>\
<meta http-equiv=refresh content=\"0;url=/evil\"><!-- end";

/// Parses a page and fails if the payload became markup anywhere in it.
fn assert_clean(page: &str, what: &str, reply: &Reply) {
    assert_ne!(
        reply.status,
        StatusCode::INTERNAL_SERVER_ERROR,
        "{what}: {}",
        reply.text
    );
    let html = Html::parse_document(&reply.text);
    let select = |css: &str| Selector::parse(css).unwrap();
    assert_eq!(
        html.select(&select("#injected")).count(),
        0,
        "{what} ({page}): an element was injected"
    );
    assert_eq!(
        html.select(&select("meta[http-equiv]")).count(),
        0,
        "{what} ({page}): a meta refresh was injected"
    );
    // An unclosed comment would have swallowed the rest of the page.
    if reply.status == StatusCode::OK && reply.text.contains("<main") {
        assert_eq!(
            html.select(&select("body > main#main")).count(),
            1,
            "{what} ({page}): the page's structure was broken"
        );
        assert_eq!(
            html.select(&select("head > title")).count(),
            1,
            "{what} ({page}): the title was broken"
        );
    }
}

/// The text of the `<title>` and of every `<textarea>` as a browser reads it.
fn raw_texts(reply: &Reply) -> (String, Vec<String>) {
    let html = Html::parse_document(&reply.text);
    let title = html
        .select(&Selector::parse("title").unwrap())
        .next()
        .map(|t| t.text().collect())
        .unwrap_or_default();
    let areas = html
        .select(&Selector::parse("textarea").unwrap())
        .map(|t| t.text().collect())
        .collect();
    (title, areas)
}

#[tokio::test]
async fn typed_text_never_becomes_markup_on_any_page() {
    for (name, site) in sites(generous()).await {
        let app = &site.app;
        let ok = |r: &Reply, what: &str| {
            assert!(
                r.status.is_success(),
                "{name}: {what}: {} {}",
                r.status,
                r.text
            );
        };
        let max = login(app, "max_member").await;
        let lee = login(app, "lee_listener").await;
        let mo = login(app, "mo_mentor").await;
        let lea = login(app, "lea_leader").await;
        let sam = login(app, "sam_staff").await;

        // A topic: its title and first post, a reply that mentions the author.
        let created = send(
            app,
            "POST",
            "/api/v1/forums/depression-support/topics",
            Some(&max),
            Some(json!({"title": PAYLOAD, "body": PAYLOAD})),
            &[],
        )
        .await;
        ok(&created, "topic");
        let topic = created.body["id"].as_i64().unwrap();
        let reply = send(
            app,
            "POST",
            &format!("/api/v1/topics/{topic}/posts"),
            Some(&lee),
            Some(json!({"body": format!("@max_member {PAYLOAD}")})),
            &[],
        )
        .await;
        ok(&reply, "reply");
        let reply_id = reply.body["id"].as_i64().unwrap();
        let first = send(
            app,
            "GET",
            &format!("/api/v1/topics/{topic}"),
            Some(&max),
            None,
            &[],
        )
        .await;
        let post = first.body["posts"][0]["id"].as_i64().unwrap();

        // An edit with a reason.
        let edited = send(
            app,
            "PUT",
            &format!("/api/v1/posts/{post}"),
            Some(&max),
            Some(json!({"body": format!("{PAYLOAD} (edited)"), "base_version": 1, "reason": PAYLOAD})),
            &[],
        )
        .await;
        ok(&edited, "edit");

        // Reports with notes; one warned (a note), one escalated (a note).
        let flagged = send(
            app,
            "POST",
            &format!("/api/v1/posts/{post}/flags"),
            Some(&lee),
            Some(json!({"reason": "other", "note": PAYLOAD})),
            &[],
        )
        .await;
        ok(&flagged, "flag");
        let flagged = send(
            app,
            "POST",
            &format!("/api/v1/posts/{reply_id}/flags"),
            Some(&max),
            Some(json!({"reason": "other", "note": PAYLOAD})),
            &[],
        )
        .await;
        ok(&flagged, "second flag");
        let queue = send(app, "GET", "/api/v1/queue", Some(&mo), None, &[]).await;
        let item_of = |post_id: i64| {
            queue
                .body
                .as_array()
                .unwrap()
                .iter()
                .find(|i| i["post_id"] == post_id)
                .unwrap()["id"]
                .as_i64()
                .unwrap()
        };
        let (warned_item, escalated_item) = (item_of(post), item_of(reply_id));
        let resolved = send(
            app,
            "POST",
            &format!("/api/v1/queue/{warned_item}/resolve"),
            Some(&mo),
            Some(json!({"outcome": "warn_author", "note": PAYLOAD})),
            &[],
        )
        .await;
        ok(&resolved, "warning");
        let escalated = send(
            app,
            "POST",
            &format!("/api/v1/queue/{escalated_item}/escalate"),
            Some(&mo),
            Some(json!({"note": PAYLOAD})),
            &[],
        )
        .await;
        ok(&escalated, "escalation");

        // The warned author appeals, in their own words.
        let sanctions = call_fn(app, "/fn/my_sanctions", Some(&max), &[]).await;
        let sanction = sanctions.body[0]["id"].as_i64().unwrap().to_string();
        let appeal = call_fn(
            app,
            "/fn/appeal",
            Some(&max),
            &[("sanction_id", &sanction), ("body", PAYLOAD)],
        )
        .await;
        ok(&appeal, "appeal");

        // Staff: a filter rule with a message, which then blocks a post
        // (its text kept on /filters), and a policy update with a summary.
        let rule = call_fn(
            app,
            "/fn/create_filter_rule",
            Some(&sam),
            &[
                ("kind", "phrase"),
                ("pattern", "zebrafish"),
                ("action", "block"),
                ("forum", ""),
                ("message", PAYLOAD),
            ],
        )
        .await;
        ok(&rule, "filter rule");
        let blocked = send(
            app,
            "POST",
            &format!("/api/v1/topics/{topic}/posts"),
            Some(&lee),
            Some(json!({"body": format!("zebrafish {PAYLOAD}")})),
            &[],
        )
        .await;
        assert_eq!(
            blocked.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{name}: {}",
            blocked.text
        );
        let guideline = send(
            app,
            "POST",
            "/api/v1/forums/community-guidelines/topics",
            Some(&sam),
            Some(json!({"title": PAYLOAD, "body": "Be kind."})),
            &[],
        )
        .await;
        ok(&guideline, "guideline");
        let guideline = guideline.body["id"].as_i64().unwrap();
        let rules_post = first_post_id(app, guideline, Some(&sam)).await;
        let policy = send(
            app,
            "PUT",
            &format!("/api/v1/posts/{rules_post}"),
            Some(&sam),
            Some(json!({"body": "Be kind, always.", "base_version": 1, "reason": PAYLOAD, "policy_summary": PAYLOAD})),
            &[],
        )
        .await;
        ok(&policy, "policy update");

        let q = form_encode(PAYLOAD);
        let pages: Vec<(&str, Option<&str>, String)> = vec![
            ("guest", None, "/".into()),
            ("guest", None, "/f/depression-support".into()),
            ("guest", None, "/f/community-guidelines".into()),
            ("guest", None, format!("/t/{topic}")),
            ("guest", None, format!("/t/{guideline}")),
            ("guest", None, format!("/posts/{post}/history")),
            ("guest", None, "/search?q=Probe".into()),
            ("guest", None, format!("/search?q={q}")),
            ("guest", None, format!("/search?q=Probe&author={q}")),
            ("guest", None, format!("/search?q=Probe&forum={q}")),
            ("guest", None, format!("/u/{q}")),
            ("guest", None, format!("/login?next={q}")),
            ("guest", None, format!("/register?next={q}")),
            ("guest", None, format!("/{q}")),
            ("max", Some(&max), format!("/t/{topic}")),
            ("max", Some(&max), format!("/t/{topic}?quote={reply_id}")),
            ("max", Some(&max), format!("/t/{topic}?quote={q}")),
            ("max", Some(&max), format!("/posts/{post}/edit")),
            ("max", Some(&max), format!("/posts/{post}/history")),
            ("max", Some(&max), "/notifications".into()),
            ("max", Some(&max), "/account/warnings".into()),
            ("max", Some(&max), "/account/reports".into()),
            ("max", Some(&max), "/u/max_member".into()),
            ("lee", Some(&lee), "/account/reports".into()),
            ("lee", Some(&lee), format!("/t/{guideline}")),
            ("mo", Some(&mo), "/queue".into()),
            ("mo", Some(&mo), format!("/t/{topic}")),
            ("mo", Some(&mo), "/u/max_member".into()),
            ("lea", Some(&lea), "/queue".into()),
            ("lea", Some(&lea), "/queue/appeals".into()),
            ("lea", Some(&lea), "/audit".into()),
            ("lea", Some(&lea), format!("/audit?actor={q}&action={q}")),
            ("lea", Some(&lea), "/filters".into()),
            ("sam", Some(&sam), "/filters".into()),
            (
                "sam",
                Some(&sam),
                format!("/posts/{rules_post}/acknowledgements"),
            ),
            ("sam", Some(&sam), format!("/posts/{rules_post}/history")),
        ];
        for (who, cookie, page) in &pages {
            let reply = send(app, "GET", page, *cookie, None, &[]).await;
            assert_clean(page, &format!("{name}/{who}"), &reply);
        }

        // Where the text is meant to be, it reads exactly as typed.
        let topic_page = send(app, "GET", &format!("/t/{topic}"), None, None, &[]).await;
        assert_eq!(
            raw_texts(&topic_page).0,
            format!("{PAYLOAD} · Haven"),
            "{name}: <title>"
        );
        let edit_page = send(
            app,
            "GET",
            &format!("/posts/{post}/edit"),
            Some(&max),
            None,
            &[],
        )
        .await;
        assert_eq!(
            raw_texts(&edit_page).1,
            vec![format!("{PAYLOAD} (edited)")],
            "{name}: edit box"
        );
        let quoting = send(
            app,
            "GET",
            &format!("/t/{topic}?quote={reply_id}"),
            Some(&max),
            None,
            &[],
        )
        .await;
        let reply_box = raw_texts(&quoting).1;
        assert!(
            reply_box
                .iter()
                .any(|t| t.starts_with("> **@lee_listener** wrote:") && t.contains(PAYLOAD)),
            "{name}: reply box {reply_box:?}"
        );
        let queue_page = send(app, "GET", "/queue", Some(&lea), None, &[]).await;
        assert!(
            raw_texts(&queue_page).1.iter().any(|t| t.contains(PAYLOAD)),
            "{name}: the moderator's edit box"
        );
        site.finish().await;
    }
}
