//! Service tests against real databases (SQLite file, and PostgreSQL when
//! configured): accounts, forums, topics, replies, mentions, upvotes,
//! notifications, pagination and sessions.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use app::error::AppError;
use app::model::NotificationKind;
use app::model::{MAX_POST_CHARS, POSTS_PER_PAGE, Restriction, TOPICS_PER_PAGE};
use app::server::services::base::notify;
use app::server::services::{accounts, forums, notifications, posts, topics};
use common::*;

#[tokio::test]
async fn registration_rules() {
    // An internal error here says why in the captured log.
    let _ = tracing_subscriber::fmt().with_test_writer().try_init();
    for t in databases().await {
        let db = &t.db;
        let robin = member(db, "Robin").await;
        assert!(!robin.is_teen);
        let dup = accounts::register(
            db,
            accounts::Registration {
                username: "robin".into(),
                password: "long enough pw".into(),
                birth_date: "1999-01-01".into(),
            },
        )
        .await
        .unwrap_err();
        assert_eq!(
            dup.field_message("username").as_deref(),
            Some("That name is taken. Please choose another."),
            "{}",
            t.name
        );
        let young = teen(db, "young_one").await;
        assert!(young.is_teen, "{}", t.name);

        assert!(
            accounts::authenticate(db, "ROBIN", "correct horse battery")
                .await
                .is_ok()
        );
        let wrong = accounts::authenticate(db, "robin", "wrong password!")
            .await
            .unwrap_err();
        assert!(wrong.field_message("password").is_some());
        let unknown = accounts::authenticate(db, "nobody", "wrong password!")
            .await
            .unwrap_err();
        assert_eq!(
            wrong, unknown,
            "unknown names and wrong passwords look the same"
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn restricted_forums_are_enforced_by_the_services() {
    for t in databases().await {
        let db = &t.db;
        make_forum(db, "guidelines", Restriction::StaffWrite).await;
        make_forum(db, "teens", Restriction::TeensOnly).await;
        make_forum(db, "lounge", Restriction::ListenersOnly).await;
        let adult = member(db, "adult").await;
        let kid = teen(db, "kid").await;
        let boss = staff(db, "boss").await;

        // Only staff start guideline topics; members may reply.
        let refused = topics::create(db, Some(&adult), "guidelines", "My rules", "text")
            .await
            .unwrap_err();
        assert!(
            matches!(refused, AppError::Forbidden(_)),
            "{}: {refused:?}",
            t.name
        );
        let rules = topics::create(db, Some(&boss), "guidelines", "Rules", "Be kind")
            .await
            .unwrap();
        posts::reply(db, Some(&adult), rules, "Thanks")
            .await
            .unwrap();

        // Teen forum: invisible and closed to adults, open to teens.
        let teen_topic = topics::create(db, Some(&kid), "teens", "Exams", "so stressed")
            .await
            .unwrap();
        assert_eq!(
            posts::reply(db, Some(&adult), teen_topic, "hi")
                .await
                .unwrap_err(),
            AppError::NotFound
        );
        assert_eq!(
            topics::page(db, Some(&adult), teen_topic, None)
                .await
                .unwrap_err(),
            AppError::NotFound
        );
        assert_eq!(
            topics::create(db, Some(&adult), "teens", "x", "y")
                .await
                .unwrap_err(),
            AppError::NotFound
        );
        let adult_sees: Vec<String> = forums::list(db, Some(&adult))
            .await
            .unwrap()
            .into_iter()
            .map(|f| f.slug)
            .collect();
        assert_eq!(adult_sees, vec!["guidelines"]);
        let kid_sees: Vec<String> = forums::list(db, Some(&kid))
            .await
            .unwrap()
            .into_iter()
            .map(|f| f.slug)
            .collect();
        assert_eq!(kid_sees, vec!["guidelines", "teens"]);
        let guest_sees = forums::list(db, None).await.unwrap();
        assert_eq!(guest_sees.len(), 1);
        assert!(!guest_sees[0].can_post);

        // Listener lounge: members are refused.
        assert_eq!(
            topics::create(db, Some(&adult), "lounge", "x", "y")
                .await
                .unwrap_err(),
            AppError::NotFound
        );
        // Guests are asked to log in.
        assert_eq!(
            posts::reply(db, None, rules, "hi").await.unwrap_err(),
            AppError::Unauthorized
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn bad_input_gets_field_errors() {
    for t in databases().await {
        let db = &t.db;
        make_forum(db, "open", Restriction::Open).await;
        let me = member(db, "writer").await;
        let err = topics::create(db, Some(&me), "open", "   ", "")
            .await
            .unwrap_err();
        assert!(err.field_message("title").is_some(), "{}", t.name);
        assert!(err.field_message("body").is_some());
        let huge = "x".repeat(MAX_POST_CHARS + 1);
        let err = topics::create(db, Some(&me), "open", "Fine title", &huge)
            .await
            .unwrap_err();
        assert!(err.field_message("body").unwrap().contains("50000"));
        assert!(err.field_message("title").is_none());
        let exactly = "y".repeat(MAX_POST_CHARS);
        assert!(
            topics::create(db, Some(&me), "open", "Long but allowed", &exactly)
                .await
                .is_ok()
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn replies_are_numbered_sanitised_and_marked_op() {
    for t in databases().await {
        let db = &t.db;
        make_forum(db, "open", Restriction::Open).await;
        let op = member(db, "starter").await;
        let other = member(db, "helper").await;
        let id = topics::create(
            db,
            Some(&op),
            "open",
            "Hello",
            "first <script>alert(1)</script>",
        )
        .await
        .unwrap();
        let reply = posts::reply(db, Some(&other), id, "**welcome** [x](javascript:alert(1))")
            .await
            .unwrap();
        assert_eq!(reply.number, 2);
        posts::reply(db, Some(&op), id, "thanks").await.unwrap();
        let page = topics::page(db, Some(&other), id, None).await.unwrap();
        let numbers: Vec<i32> = page.posts.iter().map(|p| p.number).collect();
        assert_eq!(numbers, vec![1, 2, 3], "{}", t.name);
        let ops: Vec<bool> = page.posts.iter().map(|p| p.is_op).collect();
        assert_eq!(ops, vec![true, false, true]);
        assert!(!page.posts[0].body_html.contains("<script"));
        assert!(page.posts[1].body_html.contains("<strong>welcome</strong>"));
        assert!(!page.posts[1].body_html.contains("javascript:"));
        t.finish().await;
    }
}

#[tokio::test]
async fn mentions_and_replies_notify_the_right_people() {
    for t in databases().await {
        let db = &t.db;
        make_forum(db, "open", Restriction::Open).await;
        make_forum(db, "teens", Restriction::TeensOnly).await;
        let op = member(db, "starter").await;
        let friend = member(db, "friend").await;
        let kid = teen(db, "kiddo").await;
        let id = topics::create(db, Some(&op), "open", "Hi", "hello")
            .await
            .unwrap();
        let post = posts::reply(db, Some(&kid), id, "hey @Friend and @starter and @nobody")
            .await
            .unwrap();
        assert!(
            post.body_html.contains(r#"href="/u/friend""#),
            "{}",
            post.body_html
        );

        let friend_list = notifications::list(db, Some(&friend)).await.unwrap();
        assert_eq!(friend_list.len(), 1, "{}", t.name);
        assert_eq!(friend_list[0].kind, NotificationKind::Mention);
        assert_eq!(
            friend_list[0].link.as_deref(),
            Some(format!("/p/{}", post.id).as_str())
        );
        // The topic author is mentioned too: one notification, not two.
        let op_list = notifications::list(db, Some(&op)).await.unwrap();
        assert_eq!(op_list.len(), 1);
        assert_eq!(notifications::unread_count(db, op.id).await.unwrap(), 1);
        notifications::mark_all_read(db, Some(&op)).await.unwrap();
        assert_eq!(notifications::unread_count(db, op.id).await.unwrap(), 0);

        // A plain reply notifies the topic author.
        posts::reply(db, Some(&friend), id, "me too").await.unwrap();
        let op_list = notifications::list(db, Some(&op)).await.unwrap();
        assert_eq!(op_list[0].kind, NotificationKind::Reply);

        // Mentioning an adult inside the teen forum tells them nothing.
        let teen_topic = topics::create(db, Some(&kid), "teens", "Teens", "hi @friend")
            .await
            .unwrap();
        assert!(teen_topic > 0);
        assert_eq!(
            notifications::list(db, Some(&friend)).await.unwrap().len(),
            1
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn upvotes_toggle_once_per_person() {
    for t in databases().await {
        let db = &t.db;
        make_forum(db, "open", Restriction::Open).await;
        let author = member(db, "author").await;
        let a = member(db, "voter_a").await;
        let b = member(db, "voter_b").await;
        let id = topics::create(db, Some(&author), "open", "Vote", "please")
            .await
            .unwrap();
        let post_id = topics::page(db, None, id, None).await.unwrap().posts[0].id;

        let s = posts::toggle_upvote(db, Some(&a), post_id).await.unwrap();
        assert_eq!((s.upvoted, s.count), (true, 1), "{}", t.name);
        let s = posts::toggle_upvote(db, Some(&b), post_id).await.unwrap();
        assert_eq!((s.upvoted, s.count), (true, 2));
        let s = posts::toggle_upvote(db, Some(&a), post_id).await.unwrap();
        assert_eq!((s.upvoted, s.count), (false, 1));
        let page = topics::page(db, Some(&b), id, None).await.unwrap();
        assert!(page.posts[0].upvoted);
        assert_eq!(page.posts[0].upvotes, 1);

        assert!(matches!(
            posts::toggle_upvote(db, Some(&author), post_id).await,
            Err(AppError::Forbidden(_))
        ));
        assert_eq!(
            posts::toggle_upvote(db, None, post_id).await.unwrap_err(),
            AppError::Unauthorized
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn forum_pages_walk_every_topic_once_newest_activity_first() {
    for t in databases().await {
        let db = &t.db;
        make_forum(db, "busy", Restriction::Open).await;
        let me = member(db, "poster").await;
        let total = TOPICS_PER_PAGE as usize * 2 + 5;
        let mut ids = Vec::new();
        for n in 0..total {
            ids.push(
                topics::create(db, Some(&me), "busy", &format!("Topic {n}"), "body")
                    .await
                    .unwrap(),
            );
        }
        // Activity on the oldest topic moves it to the top.
        posts::reply(db, Some(&me), ids[0], "bump").await.unwrap();

        let mut seen = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let page = forums::page(db, None, "busy", cursor.as_deref())
                .await
                .unwrap();
            assert!(page.topics.len() as u64 <= TOPICS_PER_PAGE);
            seen.extend(page.topics.iter().map(|t| t.id));
            match page.next_cursor {
                Some(c) => cursor = Some(c),
                None => break,
            }
        }
        assert_eq!(seen.len(), total, "{}: every topic exactly once", t.name);
        assert_eq!(seen[0], ids[0], "bumped topic first");
        assert_eq!(seen[1], ids[total - 1], "then the newest");
        let mut unique = seen.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), total);
        t.finish().await;
    }
}

#[tokio::test]
async fn topic_pages_continue_after_the_last_post_number() {
    for t in databases().await {
        let db = &t.db;
        make_forum(db, "open", Restriction::Open).await;
        let me = member(db, "talker").await;
        let id = topics::create(db, Some(&me), "open", "Long", "post 1")
            .await
            .unwrap();
        let total = POSTS_PER_PAGE as i32 + 7;
        for n in 2..=total {
            posts::reply(db, Some(&me), id, &format!("post {n}"))
                .await
                .unwrap();
        }
        let first = topics::page(db, None, id, None).await.unwrap();
        assert_eq!(first.posts.len() as u64, POSTS_PER_PAGE, "{}", t.name);
        assert_eq!(first.prev_after, None);
        let second = topics::page(db, None, id, first.next_after).await.unwrap();
        assert_eq!(
            second.posts.first().map(|p| p.number),
            Some(POSTS_PER_PAGE as i32 + 1)
        );
        assert_eq!(second.posts.last().map(|p| p.number), Some(total));
        assert_eq!(second.next_after, None);
        assert_eq!(second.prev_after, Some(0));
        let (topic, after) = posts::locate(db, None, second.posts[0].id).await.unwrap();
        assert_eq!((topic, after), (id, POSTS_PER_PAGE as i32));
        t.finish().await;
    }
}

#[tokio::test]
async fn quoting_a_post_gives_markdown_with_attribution() {
    for t in databases().await {
        let db = &t.db;
        make_forum(db, "open", Restriction::Open).await;
        let me = member(db, "quoted_one").await;
        let id = topics::create(db, Some(&me), "open", "Q", "line one\nline two")
            .await
            .unwrap();
        let post_id = topics::page(db, None, id, None).await.unwrap().posts[0].id;
        let quote = posts::quote(db, None, post_id).await.unwrap();
        assert_eq!(
            quote, "> **@quoted_one** wrote:\n>\n> line one\n> line two\n\n",
            "{}",
            t.name
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn demo_content_loads_once() {
    for t in databases().await {
        let db = &t.db;
        assert!(
            app::server::seed::demo_if_empty(db).await.unwrap(),
            "{}",
            t.name
        );
        assert!(!app::server::seed::demo_if_empty(db).await.unwrap());
        // The demo talks about the contact rule without tripping it.
        use sea_orm::{EntityTrait, PaginatorTrait};
        let filtered = app::server::entities::filter_event::Entity::find()
            .count(db)
            .await
            .unwrap();
        assert_eq!(
            filtered, 0,
            "{}: demo content caught by the filters",
            t.name
        );
        let forums = forums::list(db, None).await.unwrap();
        assert!(
            forums
                .iter()
                .any(|f| f.name == "Community Guidelines"
                    && f.restriction == Restriction::StaffWrite)
        );
        assert!(
            accounts::authenticate(db, "sam_staff", app::server::seed::DEMO_PASSWORD)
                .await
                .is_ok()
        );
        t.finish().await;
    }
}

/// One post notifies at most ten mentioned people (the first ten named),
/// and the header's unread count stops at 100 however many are waiting.
#[tokio::test]
async fn mentions_notify_at_most_ten_and_unread_counts_are_capped() {
    for t in databases().await {
        let db = &t.db;
        make_forum(db, "open", Restriction::Open).await;
        let op = member(db, "starter").await;
        let mut people = Vec::new();
        for i in 0..12 {
            people.push(member(db, &format!("person_{i:02}")).await);
        }
        let id = topics::create(db, Some(&op), "open", "Hi", "hello")
            .await
            .unwrap();
        let names: Vec<String> = people.iter().map(|p| format!("@{}", p.username)).collect();
        let post = posts::reply(db, Some(&op), id, &names.join(" "))
            .await
            .unwrap();
        // Every name is still linked.
        assert_eq!(
            post.body_html.matches("class=\"mention\"").count(),
            12,
            "{}",
            t.name
        );
        for (i, person) in people.iter().enumerate() {
            let told = notifications::unread_count(db, person.id).await.unwrap();
            assert_eq!(
                told,
                u64::from(i < notify::MAX_MENTIONS_NOTIFIED),
                "{} person {i}",
                t.name
            );
        }

        // 120 replies to the starter's topic: the count stops at the cap.
        let replier = &people[0];
        for i in 0..120 {
            posts::reply(db, Some(replier), id, &format!("reply {i}"))
                .await
                .unwrap();
        }
        assert_eq!(
            notifications::unread_count(db, op.id).await.unwrap(),
            notifications::UNREAD_CAP,
            "{}",
            t.name
        );
        t.finish().await;
    }
}

/// The forums list reads the counts the forums keep: a published topic
/// counts at once (several at once each count), a held one only when the
/// periodic recount finds it published, and the recount repairs drift.
#[tokio::test]
async fn forums_keep_their_topic_counts() {
    use sea_orm::{ConnectionTrait, Statement};
    for t in databases().await {
        let db = &t.db;
        make_forum(db, "chat", Restriction::Open).await;
        let people = [
            member(db, "ann").await,
            member(db, "bea").await,
            member(db, "cal").await,
            member(db, "dee").await,
        ];
        let tasks: Vec<_> = people
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let (db, p) = (db.clone(), p.clone());
                tokio::spawn(async move {
                    topics::create(&db, Some(&p), "chat", &format!("Topic {i}"), "hello").await
                })
            })
            .collect();
        for task in tasks {
            task.await.unwrap().unwrap();
        }
        let reader = people[0].clone();
        let count = || async { forums::list(db, Some(&reader)).await.unwrap()[0].topic_count };
        assert_eq!(count().await, 4, "{}", t.name);

        // Drift (a row changed by hand) is repaired by the recount.
        db.execute_raw(Statement::from_string(
            db.get_database_backend(),
            "UPDATE forums SET topic_count = 99",
        ))
        .await
        .unwrap();
        assert_eq!(count().await, 99, "{}", t.name);
        forums::refresh_topic_counts(db).await.unwrap();
        assert_eq!(count().await, 4, "{}", t.name);
        t.finish().await;
    }
}

#[tokio::test]
async fn latest_lists_readable_forums_newest_activity_first_in_pages() {
    for t in databases().await {
        let db = &t.db;
        make_forum(db, "talk", Restriction::Open).await;
        make_forum(db, "teens", Restriction::TeensOnly).await;
        let adult = member(db, "adult").await;
        let kid = teen(db, "kid").await;
        let mut ids = Vec::new();
        for n in 0..(TOPICS_PER_PAGE + 2) {
            let id = topics::create(db, Some(&adult), "talk", &format!("Topic {n}"), "text")
                .await
                .unwrap();
            ids.push(id);
        }
        // The newest topic, but in a forum the adult may not read.
        let secret = topics::create(db, Some(&kid), "teens", "Teen only", "hi")
            .await
            .unwrap();
        // A reply moves the first topic to the top.
        posts::reply(db, Some(&kid), ids[0], "bump").await.unwrap();

        let first = forums::latest(db, Some(&adult), None).await.unwrap();
        let listed: Vec<i32> = first.topics.iter().map(|l| l.topic.id).collect();
        assert_eq!(listed.len() as u64, TOPICS_PER_PAGE, "{}", t.name);
        assert_eq!(listed[0], ids[0], "{}", t.name);
        assert_eq!(first.topics[0].forum_slug, "talk");
        assert!(!listed.contains(&secret), "{}", t.name);
        let second = forums::latest(db, Some(&adult), first.next_cursor.as_deref())
            .await
            .unwrap();
        let rest: Vec<i32> = second.topics.iter().map(|l| l.topic.id).collect();
        assert_eq!(rest.len(), 2, "{}", t.name);
        assert!(rest.iter().all(|id| !listed.contains(id)));
        assert!(second.next_cursor.is_none());
        // The teen sees their forum's topic too.
        let theirs = forums::latest(db, Some(&kid), None).await.unwrap();
        assert!(
            theirs.topics.iter().any(|l| l.topic.id == secret),
            "{}",
            t.name
        );
        t.finish().await;
    }
}
