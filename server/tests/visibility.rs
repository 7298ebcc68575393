//! Who may read a post's text, through every path that returns it, on a
//! real database (SQLite, and PostgreSQL when TEST_DATABASE_URL is set).
//!
//! The table test writes one post of each kind a person may not be able to
//! read (hidden, held, rejected, in a held topic, in a teen forum, in a
//! listener forum; and a published control), each with its own marker word,
//! then asks for it through every route that returns post text, as every
//! role, and checks the marker is there exactly when the rule (written out
//! below, independently of the code) says so. Every route the server has,
//! under `/fn/` (the server-function registry) and `/api/v1/` (the OpenAPI
//! document), must be in this file's lists: a new route fails the test
//! until someone decides what it shows.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::{BTreeSet, HashMap};

use app::model::Role as AccountRole;
use app::server::services::accounts::{self, Registration};
use app::server::services::base::people;
use common::{Reply, Site, call_fn, first_post_id, generous, login, login_with, send, sites};
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
        let post = first_post_id(app, topic, Some(&max)).await;
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

/// The roles of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Role {
    Guest,
    Member,
    Teen,
    Listener,
    /// A mentor of a forum other than the post's.
    MentorElsewhere,
    /// A mentor of the post's forum.
    MentorHere,
    Leader,
    Staff,
    /// The post's author.
    Author,
}

const ROLES: [Role; 9] = [
    Role::Guest,
    Role::Member,
    Role::Teen,
    Role::Listener,
    Role::MentorElsewhere,
    Role::MentorHere,
    Role::Leader,
    Role::Staff,
    Role::Author,
];

/// The kinds of post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    /// The control: a published reply everyone who reads the forum reads.
    Published,
    /// A reply hidden by reports.
    Hidden,
    /// A reply held by the contact filter.
    Held,
    /// A held reply a moderator decided not to publish.
    Rejected,
    /// A topic whose first post is held (marker in its title too).
    HeldTopic,
    /// A topic in the teen forum (marker in its title too).
    TeenForum,
    /// A topic in the listener forum (marker in its title too).
    ListenerForum,
}

const KINDS: [Kind; 7] = [
    Kind::Published,
    Kind::Hidden,
    Kind::Held,
    Kind::Rejected,
    Kind::HeldTopic,
    Kind::TeenForum,
    Kind::ListenerForum,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sight {
    Nothing,
    Placeholder,
    Text,
}

/// The visibility rule, written out: what each role sees of each kind.
/// (Mentors here are listeners, as in the demo; the teen forum's mentor is
/// an adult.)
fn rule(role: Role, kind: Kind) -> Sight {
    use Sight::*;
    let moderator = matches!(role, Role::MentorHere | Role::Leader | Role::Staff);
    if moderator || role == Role::Author {
        return Text;
    }
    match kind {
        Kind::Published => Text,
        Kind::Hidden => Placeholder,
        Kind::Held | Kind::Rejected | Kind::HeldTopic => Nothing,
        Kind::TeenForum => {
            if role == Role::Teen {
                Text
            } else {
                Nothing
            }
        }
        Kind::ListenerForum => {
            if matches!(role, Role::Listener | Role::MentorElsewhere) {
                Text
            } else {
                Nothing
            }
        }
    }
}

fn published(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Published | Kind::TeenForum | Kind::ListenerForum
    )
}

fn moderates(role: Role) -> bool {
    matches!(role, Role::MentorHere | Role::Leader | Role::Staff)
}

/// One post under test.
struct Subject {
    kind: Kind,
    marker: String,
    post: i64,
    topic: i64,
    forum: &'static str,
    /// The marker is in the topic's title too.
    titled: bool,
    /// A queue item is open for it (reports, or a hold).
    queued: bool,
    /// The filters recorded its text (held, rejected).
    filtered: bool,
    /// Who plays each role for this post (None: a guest).
    people: HashMap<Role, Option<&'static str>>,
}

/// What each route shows of a subject, for a role that sees it `sight`.
/// `true`: the marker must be in the answer; `false`: it must not.
#[derive(Clone, Copy)]
enum Shows {
    /// The post's text: whoever reads it.
    Text,
    /// The topic's title: whoever may know the topic exists.
    Title,
    /// Search lists published posts, and everything to moderators.
    Search,
    /// The editor: people who read it and may edit it (author, moderators).
    Editor,
    /// The moderation queue: the forum's moderators, while an item is open.
    Queue,
    /// The resolved list: the forum's moderators, once an item is decided.
    Decided,
    /// The filters' record of typed text: leaders and staff.
    FilterLog,
    /// Unread: a subset of the titles (only topics the person has not read
    /// to the end, which depends on what they opened before): never a
    /// title the person may not know of, so only its absence is checked.
    Unread,
    /// Notifications: an excerpt for the person mentioned (the member),
    /// while the post is published and they read it.
    Notified,
    /// A profile's recent posts and topics: published and not hidden, to
    /// whoever reads the forum (moderators and the author included: a
    /// profile is the public view).
    Profile,
}

fn expected(shows: Shows, role: Role, subject: &Subject) -> bool {
    let sight = rule(role, subject.kind);
    match shows {
        Shows::Text => sight == Sight::Text,
        Shows::Title => subject.titled && sight == Sight::Text,
        Shows::Search => sight == Sight::Text && (published(subject.kind) || moderates(role)),
        Shows::Editor => sight == Sight::Text && (role == Role::Author || moderates(role)),
        Shows::Queue => subject.queued && moderates(role),
        Shows::Decided => subject.kind == Kind::Rejected && moderates(role),
        Shows::FilterLog => subject.filtered && matches!(role, Role::Leader | Role::Staff),
        Shows::Profile => published(subject.kind) && sight == Sight::Text,
        Shows::Unread => subject.titled && sight == Sight::Text,
        Shows::Notified => {
            (role == Role::Member
                && subject.forum == "depression-support"
                && published(subject.kind)
                && sight == Sight::Text)
                // The author of a held topic is told it waits, by its title.
                || (role == Role::Author && subject.kind == Kind::HeldTopic)
        }
    }
}

/// A route that returns post text, called for one subject.
struct Route {
    /// The route as the registry or the OpenAPI document names it.
    name: &'static str,
    shows: Shows,
    call: fn(&Subject) -> Call,
}

enum Call {
    Get(String),
    Fn(&'static str, Vec<(String, String)>),
}

fn get(path: String) -> Call {
    Call::Get(path)
}

fn call(endpoint: &'static str, args: &[(&str, String)]) -> Call {
    Call::Fn(
        endpoint,
        args.iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
    )
}

/// Every route that returns post text (or a title of a topic), with what
/// it should show. Pages are listed by their server path.
fn routes() -> Vec<Route> {
    vec![
        Route {
            name: "GET /t/{id}",
            shows: Shows::Text,
            call: |s| get(format!("/t/{}", s.topic)),
        },
        Route {
            name: "GET /t/{id}?quote=",
            shows: Shows::Text,
            call: |s| get(format!("/t/{}?quote={}", s.topic, s.post)),
        },
        Route {
            name: "/fn/topic_page",
            shows: Shows::Text,
            call: |s| call("/fn/topic_page", &[("id", s.topic.to_string())]),
        },
        Route {
            name: "/fn/quote",
            shows: Shows::Text,
            call: |s| call("/fn/quote", &[("post_id", s.post.to_string())]),
        },
        Route {
            name: "GET /api/v1/topics/{id}",
            shows: Shows::Text,
            call: |s| get(format!("/api/v1/topics/{}", s.topic)),
        },
        Route {
            name: "GET /api/v1/posts/{id}/diff",
            shows: Shows::Text,
            call: |s| get(format!("/api/v1/posts/{}/diff?from=1&to=1", s.post)),
        },
        Route {
            name: "/fn/revision_diff",
            shows: Shows::Text,
            call: |s| {
                call(
                    "/fn/revision_diff",
                    &[
                        ("post_id", s.post.to_string()),
                        ("from", "1".into()),
                        ("to", "1".into()),
                    ],
                )
            },
        },
        Route {
            name: "GET /posts/{id}/history",
            shows: Shows::Text,
            call: |s| get(format!("/posts/{}/history", s.post)),
        },
        Route {
            name: "GET /api/v1/posts/{id}/history",
            shows: Shows::Title,
            call: |s| get(format!("/api/v1/posts/{}/history", s.post)),
        },
        Route {
            name: "/fn/post_history",
            shows: Shows::Title,
            call: |s| call("/fn/post_history", &[("post_id", s.post.to_string())]),
        },
        Route {
            name: "GET /posts/{id}/edit",
            shows: Shows::Editor,
            call: |s| get(format!("/posts/{}/edit", s.post)),
        },
        Route {
            name: "/fn/open_edit",
            shows: Shows::Editor,
            call: |s| call("/fn/open_edit", &[("post_id", s.post.to_string())]),
        },
        Route {
            name: "GET /search",
            shows: Shows::Search,
            call: |s| get(format!("/search?q={}", prefix(&s.marker))),
        },
        Route {
            name: "GET /search (typo)",
            shows: Shows::Search,
            call: |s| get(format!("/search?q={}", typo(&s.marker))),
        },
        Route {
            name: "GET /api/v1/search",
            shows: Shows::Search,
            call: |s| get(format!("/api/v1/search?q={}", prefix(&s.marker))),
        },
        Route {
            name: "/fn/search",
            shows: Shows::Search,
            call: |s| call("/fn/search", &[("query[q]", prefix(&s.marker))]),
        },
        Route {
            name: "GET /f/{slug}",
            shows: Shows::Title,
            call: |s| get(format!("/f/{}", s.forum)),
        },
        Route {
            name: "GET /api/v1/forums/{slug}",
            shows: Shows::Title,
            call: |s| get(format!("/api/v1/forums/{}", s.forum)),
        },
        Route {
            name: "GET /u/{name}",
            shows: Shows::Profile,
            call: |s| {
                get(format!(
                    "/u/{}",
                    s.people[&Role::Author].unwrap_or_default()
                ))
            },
        },
        Route {
            name: "/fn/profile",
            shows: Shows::Profile,
            call: |s| {
                let author = s.people[&Role::Author].unwrap_or_default();
                call("/fn/profile", &[("name", author.to_string())])
            },
        },
        Route {
            name: "GET /notifications",
            shows: Shows::Notified,
            call: |_| get("/notifications".into()),
        },
        Route {
            name: "/fn/notifications",
            shows: Shows::Notified,
            call: |_| call("/fn/notifications", &[]),
        },
        Route {
            name: "GET /api/v1/notifications",
            shows: Shows::Notified,
            call: |_| get("/api/v1/notifications".into()),
        },
        Route {
            name: "/fn/forum_page",
            shows: Shows::Title,
            call: |s| call("/fn/forum_page", &[("slug", s.forum.to_string())]),
        },
        Route {
            name: "GET /",
            shows: Shows::Title,
            call: |_| get("/".into()),
        },
        Route {
            name: "GET /latest",
            shows: Shows::Title,
            call: |_| get("/latest".into()),
        },
        Route {
            name: "/fn/latest",
            shows: Shows::Title,
            call: |_| call("/fn/latest", &[]),
        },
        Route {
            name: "GET /unread",
            shows: Shows::Unread,
            call: |_| get("/unread".into()),
        },
        Route {
            name: "/fn/unread",
            shows: Shows::Unread,
            call: |_| call("/fn/unread", &[]),
        },
        Route {
            name: "GET /queue",
            shows: Shows::Queue,
            call: |_| get("/queue".into()),
        },
        Route {
            name: "GET /api/v1/queue",
            shows: Shows::Queue,
            call: |_| get("/api/v1/queue".into()),
        },
        Route {
            name: "/fn/queue",
            shows: Shows::Queue,
            call: |_| call("/fn/queue", &[]),
        },
        Route {
            name: "GET /queue/resolved",
            shows: Shows::Decided,
            call: |_| get("/queue/resolved".into()),
        },
        Route {
            name: "GET /api/v1/queue/resolved",
            shows: Shows::Decided,
            call: |_| get("/api/v1/queue/resolved".into()),
        },
        Route {
            name: "/fn/resolved",
            shows: Shows::Decided,
            call: |_| call("/fn/resolved", &[]),
        },
        Route {
            name: "GET /filters",
            shows: Shows::FilterLog,
            call: |_| get("/filters".into()),
        },
        Route {
            name: "/fn/filters",
            shows: Shows::FilterLog,
            call: |_| call("/fn/filters", &[]),
        },
        Route {
            name: "GET /api/v1/filters",
            shows: Shows::FilterLog,
            call: |_| get("/api/v1/filters".into()),
        },
    ]
}

/// Routes that read but never return post text (names, counts, notices,
/// the person's own records); they are called too, by every role, and must
/// not contain any marker. Notifications name topics, never quote posts.
const NO_TEXT_READS: &[(&str, &str)] = &[
    ("/fn/me", "GET /"),
    ("/fn/forums", "GET /"),
    ("/fn/global_pins", "GET /"),
    ("/fn/forum", "GET /f/{slug}/new"),
    ("/fn/queue_alerts", "GET /notifications"),
    ("/fn/crisis_lines", "GET /help/crisis"),
    ("/fn/first_post", "GET /f/{slug}/new"),
    ("/fn/self_care", "GET /account"),
    // The caller's own address and choices; whether a link still works.
    ("/fn/email_settings", "GET /account"),
    ("/fn/email_available", "GET /password/forgot"),
    ("/fn/confirmation_pending", "GET /account"),
    ("/fn/reset_link_valid", "GET /password/forgot"),
    // Private messages: no post text; who reads a conversation is tested
    // in app/tests/messages.rs and message_reports.rs (its people,
    // supervisors of a supervised one, leaders and staff while a report is
    // open; nobody else) and as a table in permissions.rs.
    ("/fn/inbox", "GET /messages"),
    ("/fn/conversation", "GET /messages"),
    ("/fn/blocked_people", "GET /account"),
    ("/fn/message_policy", "GET /account"),
    // Held private messages, to leaders and staff only (Action::ReviewMessages).
    ("/fn/held_messages", "GET /queue"),
    // Reported private messages with their snapshots, to leaders and staff
    // only (Action::ReviewMessages).
    ("/fn/reported_messages", "GET /queue"),
    // The verdict on the caller's own draft (never stored text).
    ("/fn/check_draft", "GET /f/{slug}/new"),
    ("/fn/preview", "GET /f/{slug}/new"),
    // The caller's own draft, and names of people who may read the forum.
    ("/fn/load_draft", "GET /f/{slug}/new"),
    ("/fn/mention_suggestions", "GET /f/{slug}/new"),
    ("/fn/my_sanctions", "GET /account/warnings"),
    ("/fn/my_reports", "GET /account/reports"),
    ("/fn/appeals", "GET /queue/appeals"),
    ("/fn/audit", "GET /audit"),
    (
        "/fn/policy_acknowledgements",
        "GET /posts/{id}/acknowledgements",
    ),
    ("GET /api/v1/me", ""),
    ("GET /api/v1/forums", ""),
    ("GET /api/v1/audit", ""),
    ("GET /api/v1/openapi.json", ""),
    ("GET /api/v1/me/sanctions", ""),
    ("GET /api/v1/me/reports", ""),
    ("GET /api/v1/appeals", ""),
    ("GET /api/v1/posts/{id}/acknowledgements", ""),
    ("GET /api/v1/queue/count", ""),
    // Private messages (see the note on /fn/conversation above).
    ("GET /api/v1/conversations", ""),
    ("GET /api/v1/conversations/{id}", ""),
    ("GET /api/v1/queue/messages/held", ""),
    ("GET /api/v1/queue/messages/reported", ""),
    ("GET /api/v1/me/blocks", ""),
    ("GET /api/v1/me/message-policy", ""),
];

/// Routes that change something. What they return is the caller's own
/// (a post they wrote, a new version number, a count), never someone
/// else's text; each refuses a post the caller may not read, through the
/// same `access::post`.
const WRITES: &[&str] = &[
    "/fn/login",
    "/fn/register",
    "/fn/logout",
    "/fn/reply",
    "/fn/create_topic",
    "/fn/save_draft",
    "/fn/toggle_upvote",
    "/fn/flag",
    "/fn/save_edit",
    "/fn/restore_revision",
    "/fn/claim",
    "/fn/unclaim",
    "/fn/take_over",
    "/fn/reopen",
    "/fn/lock_topic",
    "/fn/hide_topic",
    "/fn/set_queue_alerts",
    "/fn/start_break",
    "/fn/end_break",
    "/fn/deactivate",
    "/fn/change_password",
    "/fn/set_email",
    "/fn/remove_email",
    "/fn/set_email_prefs",
    "/fn/confirm_email",
    "/fn/unsubscribe_email",
    "/fn/request_password_reset",
    "/fn/reset_password",
    "/fn/start_conversation",
    "/fn/send_message",
    "/fn/edit_message",
    "/fn/leave_conversation",
    "/fn/block_person",
    "/fn/unblock_person",
    "/fn/set_message_policy",
    "/fn/decide_message",
    "/fn/report_message",
    "/fn/resolve_message_report",
    "POST /api/v1/email/unsubscribe/{token}",
    "POST /api/v1/conversations",
    "POST /api/v1/conversations/{id}/messages",
    "PUT /api/v1/messages/{id}",
    "POST /api/v1/conversations/{id}/leave",
    "POST /api/v1/messages/{id}/flags",
    "POST /api/v1/queue/messages/held/{id}",
    "POST /api/v1/queue/messages/reported/{id}/resolve",
    "PUT /api/v1/users/{name}/block",
    "DELETE /api/v1/users/{name}/block",
    "PUT /api/v1/me/message-policy",
    "/fn/theme",
    "/fn/move_topic",
    "/fn/resolve",
    "/fn/decide_appeal",
    "/fn/acknowledge",
    "/fn/appeal",
    "/fn/withdraw_report",
    "/fn/create_filter_rule",
    "/fn/delete_filter_rule",
    "/fn/pin_topic",
    "/fn/unpin_topic",
    "/fn/dismiss_pin",
    "/fn/acknowledge_policy",
    "/fn/set_role",
    "/fn/set_mentor",
    "POST /api/v1/session",
    "DELETE /api/v1/session",
    "POST /api/v1/forums/{slug}/topics",
    "POST /api/v1/topics/{id}/posts",
    "POST /api/v1/posts/{id}/upvote",
    "PUT /api/v1/posts/{id}",
    "POST /api/v1/posts/{id}/flags",
    "POST /api/v1/queue/{id}/claim",
    "POST /api/v1/queue/{id}/unclaim",
    "POST /api/v1/queue/{id}/take-over",
    "POST /api/v1/queue/{id}/reopen",
    "POST /api/v1/topics/{id}/lock",
    "POST /api/v1/topics/{id}/move",
    "POST /api/v1/topics/{id}/hide",
    "POST /api/v1/queue/{id}/escalate",
    "POST /api/v1/queue/{id}/resolve",
    "POST /api/v1/users",
    "POST /api/v1/notifications/read",
    "POST /api/v1/sanctions/{id}/acknowledge",
    "POST /api/v1/sanctions/{id}/appeal",
    "POST /api/v1/appeals/{id}/decision",
    "DELETE /api/v1/flags/{id}",
    "PUT /api/v1/topics/{id}/pin",
    "DELETE /api/v1/topics/{id}/pin",
    "POST /api/v1/topics/{id}/pin/dismiss",
    "POST /api/v1/posts/{id}/acknowledge",
    "POST /api/v1/filters/rules",
    "DELETE /api/v1/filters/rules/{id}",
    "PATCH /api/v1/users/{id}/roles",
];

/// The start of a word, which search finds by prefix. Searching for the
/// whole marker would put it on the page as the query typed.
fn prefix(word: &str) -> String {
    word[..word.len() - 2].to_string()
}

/// One letter changed: a typo the search corrects.
fn typo(word: &str) -> String {
    let mut chars: Vec<char> = word.chars().collect();
    let last = chars.len() - 2;
    chars[last] = if chars[last] == 'x' { 'y' } else { 'x' };
    chars.into_iter().collect()
}

/// Every route the server has: server functions and the JSON API.
async fn registered_routes(site: &Site) -> BTreeSet<String> {
    let mut all: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_string())
        .collect();
    // The document describes every route but itself.
    all.insert("GET /api/v1/openapi.json".into());
    let doc = send(&site.app, "GET", "/api/v1/openapi.json", None, None, &[]).await;
    for (path, item) in doc.body["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            all.insert(format!("{} {path}", method.to_uppercase()));
        }
    }
    all
}

#[tokio::test]
async fn every_route_is_listed_with_what_it_shows() {
    let site = common::sqlite_site(generous()).await;
    let listed: BTreeSet<String> = routes()
        .iter()
        .map(|r| r.name.to_string())
        .chain(NO_TEXT_READS.iter().map(|(r, _)| r.to_string()))
        .chain(WRITES.iter().map(|r| r.to_string()))
        .collect();
    let registered = registered_routes(&site).await;
    // Both sources answered: the registry and the OpenAPI document.
    assert!(
        registered.iter().filter(|r| r.starts_with("/fn/")).count() >= 40,
        "{registered:?}"
    );
    assert!(
        registered
            .iter()
            .filter(|r| r.contains(" /api/v1/"))
            .count()
            >= 15,
        "{registered:?}"
    );
    // Nothing is listed that does not exist (a renamed route would
    // otherwise leave a stale entry and an unchecked new one).
    let stale: Vec<&String> = listed
        .iter()
        .filter(|r| {
            !registered.contains(*r)
                && !r.starts_with("GET /t/")
                && !r.starts_with("GET /posts/")
                && !r.starts_with("GET /search")
                && !r.starts_with("GET /f/")
                && !r.starts_with("GET /queue")
                && !r.starts_with("GET /filters")
                && !r.starts_with("GET /u/")
                && *r != "GET /"
                && *r != "GET /latest"
                && *r != "GET /unread"
                && *r != "GET /notifications"
        })
        .collect();
    assert!(stale.is_empty(), "listed but not registered: {stale:?}");
    let missing: Vec<String> = registered
        .into_iter()
        .filter(|r| !listed.contains(r))
        .collect();
    assert!(
        missing.is_empty(),
        "routes nobody has classified in server/tests/visibility.rs (does it return post text?): {missing:?}"
    );
    site.finish().await;
}

/// Registers a person through the service layer and returns their name.
async fn person(site: &Site, name: &'static str, role: AccountRole, listener: bool, teen: bool) {
    let birth = if teen {
        (chrono::Utc::now().date_naive() - chrono::Duration::days(15 * 365))
            .format("%Y-%m-%d")
            .to_string()
    } else {
        "1990-01-01".to_string()
    };
    accounts::create_account(
        &site.db,
        Registration {
            username: name.into(),
            password: PASSWORD.into(),
            birth_date: birth,
        },
        role,
        listener,
    )
    .await
    .unwrap();
}

const PASSWORD: &str = "correct horse battery";

async fn forum_id(site: &Site, slug: &str) -> i32 {
    let forums = send(
        &site.app,
        "GET",
        "/api/v1/forums",
        Some(&login(&site.app, "sam_staff").await),
        None,
        &[],
    )
    .await;
    forums
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["slug"] == slug)
        .unwrap()["id"]
        .as_i64()
        .unwrap() as i32
}

fn id(reply: &Reply) -> i64 {
    assert!(reply.status.is_success(), "{} {}", reply.status, reply.text);
    reply.body["id"].as_i64().unwrap()
}

/// Writes one post of every kind; returns them.
async fn subjects(site: &Site, cookies: &HashMap<&'static str, String>) -> Vec<Subject> {
    let app = &site.app;
    let ann = &cookies["ann_author"];
    let mo = &cookies["mo_mentor"];
    let post = |body: String| json!({ "body": body });
    let topic = id(&send(
        app,
        "POST",
        "/api/v1/forums/depression-support/topics",
        Some(ann),
        Some(json!({"title": "A place to talk", "body": "Hello everyone."})),
        &[],
    )
    .await);
    let reply = |body: String| {
        let body = post(body);
        async move {
            send(
                app,
                "POST",
                &format!("/api/v1/topics/{topic}/posts"),
                Some(ann),
                Some(body),
                &[],
            )
            .await
        }
    };
    // Both mention max_member, who is notified with an excerpt of each
    // while he may read it.
    let published = id(&reply("@max_member vismarkpublished is a word".into()).await);
    let hidden = id(&reply("@max_member vismarkhidden is a word".into()).await);
    // A mentor's report weighs 3, the hiding threshold.
    let flagged = send(
        app,
        "POST",
        &format!("/api/v1/posts/{hidden}/flags"),
        Some(mo),
        Some(json!({"reason": "harassment"})),
        &[],
    )
    .await;
    assert_eq!(flagged.status, StatusCode::CREATED, "{}", flagged.text);
    let held = reply("vismarkheld add me on snapchat: kind_soul_21".into()).await;
    assert_eq!(held.body["review"], "pending", "{}", held.text);
    let held = id(&held);
    let rejected = id(&reply("vismarkrejected add me on snapchat: kind_soul_22".into()).await);
    let queue = send(app, "GET", "/api/v1/queue", Some(mo), None, &[]).await;
    let item = queue
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["post_id"] == rejected)
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let decided = send(
        app,
        "POST",
        &format!("/api/v1/queue/{item}/resolve"),
        Some(mo),
        Some(json!({"outcome": "hide_post", "note": "Contact details are not allowed here."})),
        &[],
    )
    .await;
    assert!(decided.status.is_success(), "{}", decided.text);
    let held_topic = id(&send(
        app,
        "POST",
        "/api/v1/forums/depression-support/topics",
        Some(ann),
        Some(json!({"title": "vismarkheldtopic chat", "body": "vismarkheldtopic add me on snapchat: kind_soul_23"})),
        &[],
    )
    .await);
    let teen_topic = id(&send(
        app,
        "POST",
        "/api/v1/forums/teen-support/topics",
        Some(&cookies["tim_teen"]),
        Some(json!({"title": "vismarkteen exams", "body": "vismarkteen worried about exams"})),
        &[],
    )
    .await);
    let lounge_topic = id(&send(
        app,
        "POST",
        "/api/v1/forums/listener-lounge/topics",
        Some(&cookies["lia_listener"]),
        Some(json!({"title": "vismarklistener shift", "body": "vismarklistener a long shift"})),
        &[],
    )
    .await);
    let staff = &cookies["sam_staff"];
    let first_post = |topic: i64| async move { first_post_id(app, topic, Some(staff)).await };
    let here = |mentor: &'static str, elsewhere: &'static str, author: &'static str| {
        HashMap::from([
            (Role::Guest, None),
            (Role::Member, Some("max_member")),
            (Role::Teen, Some("tia_teen")),
            (Role::Listener, Some("lee_listener")),
            (Role::MentorElsewhere, Some(elsewhere)),
            (Role::MentorHere, Some(mentor)),
            (Role::Leader, Some("lea_leader")),
            (Role::Staff, Some("sam_staff")),
            (Role::Author, Some(author)),
        ])
    };
    let depression = || here("mo_mentor", "tara_teenmentor", "ann_author");
    let subject =
        |kind, marker: &str, post, topic, forum, titled, queued, filtered, people| Subject {
            kind,
            marker: marker.to_string(),
            post,
            topic,
            forum,
            titled,
            queued,
            filtered,
            people,
        };
    vec![
        subject(
            Kind::Published,
            "vismarkpublished",
            published,
            topic,
            "depression-support",
            false,
            false,
            false,
            depression(),
        ),
        subject(
            Kind::Hidden,
            "vismarkhidden",
            hidden,
            topic,
            "depression-support",
            false,
            true,
            false,
            depression(),
        ),
        subject(
            Kind::Held,
            "vismarkheld",
            held,
            topic,
            "depression-support",
            false,
            true,
            true,
            depression(),
        ),
        subject(
            Kind::Rejected,
            "vismarkrejected",
            rejected,
            topic,
            "depression-support",
            false,
            false,
            true,
            depression(),
        ),
        subject(
            Kind::HeldTopic,
            "vismarkheldtopic",
            first_post(held_topic).await,
            held_topic,
            "depression-support",
            true,
            true,
            true,
            depression(),
        ),
        subject(
            Kind::TeenForum,
            "vismarkteen",
            first_post(teen_topic).await,
            teen_topic,
            "teen-support",
            true,
            false,
            false,
            here("tara_teenmentor", "mo_mentor", "tim_teen"),
        ),
        subject(
            Kind::ListenerForum,
            "vismarklistener",
            first_post(lounge_topic).await,
            lounge_topic,
            "listener-lounge",
            true,
            false,
            false,
            here("lou_lounge", "mo_mentor", "lia_listener"),
        ),
    ]
}

/// The route answered (with the data, or a refusal), rather than failing:
/// a call this test gets wrong must not pass as "no text". Server
/// functions answer every error with 500 and the error as JSON.
fn assert_sound(reply: &Reply, what: &str) {
    let failed = reply.text.contains("\"Internal\"")
        || reply.text.contains("\"Transport\"")
        || reply.text.contains("Something went wrong on our side")
        || (reply.status == StatusCode::INTERNAL_SERVER_ERROR
            && !reply.text.starts_with('"')
            && !reply.text.starts_with('{'));
    assert!(!failed, "{what}: {} {}", reply.status, reply.text);
}

/// Whether the answer carries the marker as a word of its own (the held
/// topic's marker starts with the held reply's).
fn carries(text: &str, marker: &str) -> bool {
    text.match_indices(marker).any(|(at, _)| {
        !text[at + marker.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric())
    })
}

#[tokio::test]
async fn post_text_reaches_exactly_the_people_the_rule_allows() {
    for (name, site) in sites(generous()).await {
        let app = &site.app;
        person(&site, "ann_author", AccountRole::Member, false, false).await;
        person(&site, "tim_teen", AccountRole::Member, false, true).await;
        person(&site, "lia_listener", AccountRole::Member, true, false).await;
        person(&site, "lou_lounge", AccountRole::Member, false, false).await;
        let lounge = forum_id(&site, "listener-lounge").await;
        let lou = people::find_by_names(&site.db, &["lou_lounge".to_string()])
            .await
            .unwrap()[0]
            .id;
        accounts::assign_mentor(&site.db, lou, lounge)
            .await
            .unwrap();

        let mut cookies: HashMap<&'static str, String> = HashMap::new();
        for who in [
            "max_member",
            "tia_teen",
            "lee_listener",
            "tara_teenmentor",
            "mo_mentor",
            "lea_leader",
            "sam_staff",
        ] {
            cookies.insert(who, login(app, who).await);
        }
        for who in ["ann_author", "tim_teen", "lia_listener", "lou_lounge"] {
            cookies.insert(who, login_with(app, who, PASSWORD).await);
        }
        let subjects = subjects(&site, &cookies).await;
        assert!(KINDS.iter().all(|k| subjects.iter().any(|s| s.kind == *k)));

        let mut checked = 0;
        let mut wrong = Vec::new();
        for subject in &subjects {
            for role in ROLES {
                let cookie = subject.people[&role].map(|who| cookies[who].as_str());
                for route in routes() {
                    let reply = match (route.call)(subject) {
                        Call::Get(path) => send(app, "GET", &path, cookie, None, &[]).await,
                        Call::Fn(endpoint, args) => {
                            let args: Vec<(&str, &str)> =
                                args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                            call_fn(app, endpoint, cookie, &args).await
                        }
                    };
                    assert_sound(&reply, &format!("{name}: {} {role:?}", route.name));
                    let want = expected(route.shows, role, subject);
                    let got = carries(&reply.text, &subject.marker);
                    checked += 1;
                    // A subset route may leave out what it could show.
                    let subset = matches!(route.shows, Shows::Unread);
                    if want != got && !(subset && want) {
                        wrong.push(format!(
                            "{:?} {role:?} {}: expected {}",
                            subject.kind,
                            route.name,
                            if want { "text" } else { "no text" }
                        ));
                    }
                }
                // The permalink: a post that does not exist for them is a 404.
                let permalink = send(
                    app,
                    "GET",
                    &format!("/p/{}", subject.post),
                    cookie,
                    None,
                    &[],
                )
                .await;
                let exists = rule(role, subject.kind) != Sight::Nothing;
                if permalink.status.is_redirection() != exists {
                    wrong.push(format!(
                        "{:?} {role:?} /p/{{id}}: {}",
                        subject.kind, permalink.status
                    ));
                }
                // The placeholder: a hidden post's author and place, no
                // text, and nothing to act on.
                if rule(role, subject.kind) == Sight::Placeholder {
                    let page = send(
                        app,
                        "GET",
                        &format!("/api/v1/topics/{}", subject.topic),
                        cookie,
                        None,
                        &[],
                    )
                    .await;
                    let shown = page.body["posts"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .find(|p| p["id"] == subject.post)
                        .unwrap();
                    assert_eq!(
                        (
                            shown["hidden"].as_bool(),
                            shown["body_html"].as_str(),
                            shown["can_upvote"].as_bool(),
                            shown["can_flag"].as_bool(),
                            shown["can_quote"].as_bool()
                        ),
                        (Some(true), Some(""), Some(false), Some(false), Some(false)),
                        "{name}: {role:?} sees the placeholder of a hidden post"
                    );
                }
            }
        }
        // Reads that never carry post text, by every role.
        for role in ROLES {
            let cookie = subjects[0].people[&role].map(|who| cookies[who].as_str());
            let post = subjects[1].post.to_string();
            let mut replies = vec![
                call_fn(app, "/fn/me", cookie, &[]).await,
                call_fn(app, "/fn/forums", cookie, &[]).await,
                call_fn(app, "/fn/global_pins", cookie, &[]).await,
                call_fn(app, "/fn/forum", cookie, &[("slug", "depression-support")]).await,
                call_fn(app, "/fn/my_sanctions", cookie, &[]).await,
                call_fn(app, "/fn/my_reports", cookie, &[]).await,
                call_fn(app, "/fn/appeals", cookie, &[]).await,
                call_fn(
                    app,
                    "/fn/audit",
                    cookie,
                    &[
                        ("filter[actor]", ""),
                        ("filter[action]", ""),
                        ("filter[target_type]", ""),
                    ],
                )
                .await,
                call_fn(
                    app,
                    "/fn/policy_acknowledgements",
                    cookie,
                    &[("post_id", &post)],
                )
                .await,
            ];
            for path in [
                "/api/v1/me",
                "/api/v1/forums",
                "/api/v1/audit",
                // "/" lists Latest titles: a Title route above.
                "/help/crisis",
                "/account",
                "/account/warnings",
                "/account/reports",
                "/queue/appeals",
                "/audit",
            ] {
                replies.push(send(app, "GET", path, cookie, None, &[]).await);
            }
            let person = subjects[0].people[&role];
            for reply in replies {
                assert_sound(&reply, &format!("{name}: {role:?}"));
                for subject in &subjects {
                    // Their own notices may name what they may read (the
                    // author is told their topic waits for approval).
                    let role_there = subject
                        .people
                        .iter()
                        .find(|(_, p)| **p == person)
                        .map_or(Role::Member, |(r, _)| *r);
                    if carries(&reply.text, &subject.marker)
                        && rule(role_there, subject.kind) != Sight::Text
                    {
                        wrong.push(format!(
                            "{role:?}: a no-text read carries {}",
                            subject.marker
                        ));
                    }
                }
            }
        }
        assert!(
            wrong.is_empty(),
            "{name}: {} of {checked} checks wrong:\n{}",
            wrong.len(),
            wrong.join("\n")
        );
        assert!(checked > 1000, "{name}: {checked}");
        site.finish().await;
    }
}
