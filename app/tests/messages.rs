//! Private messages (issue 20): conversations, the same filters as posts,
//! the teen rule, blocking, who may write to whom, and who can read a
//! conversation. On SQLite and, when TEST_DATABASE_URL is set, PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use app::error::AppError;
use app::model::{MessagePolicy, NotificationKind, Restriction, Role};
use app::server::entities::{conversation, message, notification};
use app::server::permissions::{NOT_ACCEPTING, TEEN_RULE, Viewer};
use app::server::services::base::people;
use app::server::services::messages::MessagingConfig;
use app::server::services::{accounts, messages, posts, topics};
use common::*;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

const PHONE: &str = "text me on oh seven seven double oh, nine hundred, one two three";

/// How many mention notifications `who` has.
async fn mentions_of(db: &DatabaseConnection, who: &Viewer) -> usize {
    notification::Entity::find()
        .filter(notification::Column::UserId.eq(who.id))
        .filter(notification::Column::Kind.eq(NotificationKind::Mention))
        .all(db)
        .await
        .unwrap()
        .len()
}

/// The messages `who` is shown of conversation `id` (its first page).
async fn seen_by(db: &DatabaseConnection, who: &Viewer, id: i32) -> Vec<app::model::MessageView> {
    messages::conversation(db, Some(who), id, None)
        .await
        .unwrap()
        .messages
}

/// A forum, and ana (established) who starts a conversation with bob:
/// (ana, bob, the conversation's id).
async fn ana_writes_to_bob(db: &DatabaseConnection, first: &str) -> (Viewer, Viewer, i32) {
    make_forum(db, "talk", Restriction::Open).await;
    let ana = member(db, "ana").await;
    let bo = member(db, "bob").await;
    established(db, &ana).await;
    let id = messages::start(
        db,
        &MessagingConfig::default(),
        Some(&ana),
        &names(&["bob"]),
        first,
    )
    .await
    .unwrap();
    (ana, bo, id)
}

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|n| n.to_string()).collect()
}

fn refused_with(result: Result<impl std::fmt::Debug, AppError>, words: &str) {
    match result {
        Err(AppError::Forbidden(message)) => assert!(message.contains(words), "{message}"),
        other => panic!("expected “{words}”, got {other:?}"),
    }
}

#[tokio::test]
async fn a_member_writes_to_a_listener_who_answers() {
    for t in databases().await {
        let db = &t.db;
        make_forum(db, "talk", Restriction::Open).await;
        let ana = member(db, "ana").await;
        let lee = person(db, "lee", Role::Member, true, "1990-01-01").await;
        let cy = member(db, "cyd").await;
        established(db, &ana).await;

        let id = messages::start(
            db,
            &MessagingConfig::default(),
            Some(&ana),
            &names(&["@lee"]),
            "Could we talk about tonight?",
        )
        .await
        .unwrap();
        let inbox = messages::inbox(db, Some(&lee)).await.unwrap();
        assert_eq!(inbox.len(), 1, "{}", t.name);
        assert_eq!(inbox[0].unread, 1);
        assert_eq!(inbox[0].people[0].username, "ana");
        assert_eq!(inbox[0].excerpt, "Could we talk about tonight?");
        assert_eq!(
            messages::unread_conversations(db, Some(&lee))
                .await
                .unwrap(),
            1
        );

        let page = messages::conversation(db, Some(&lee), id, None)
            .await
            .unwrap();
        assert_eq!(page.messages.len(), 1);
        assert!(!page.supervised && !page.supervising);
        assert_eq!(
            messages::unread_conversations(db, Some(&lee))
                .await
                .unwrap(),
            0
        );
        // A new account may answer someone who wrote to it.
        messages::send(db, Some(&lee), id, "Of course, **I'm here**. @ana")
            .await
            .unwrap();
        let page = messages::conversation(db, Some(&ana), id, None)
            .await
            .unwrap();
        assert_eq!(page.messages.len(), 2, "{}", t.name);
        assert!(
            page.messages[1]
                .body_html
                .contains("<strong>I'm here</strong>")
        );
        let mention = notification::Entity::find()
            .filter(notification::Column::UserId.eq(ana.id))
            .filter(notification::Column::Kind.eq(NotificationKind::MessageMention))
            .one(db)
            .await
            .unwrap()
            .expect("a mention inside the conversation notifies its people");
        assert_eq!(
            mention.message,
            "lee mentioned you in a private conversation"
        );

        // Nobody else learns it exists, staff included.
        let boss = staff(db, "boss").await;
        for outsider in [&cy, &boss] {
            assert!(matches!(
                messages::conversation(db, Some(outsider), id, None).await,
                Err(AppError::NotFound)
            ));
            assert!(matches!(
                messages::send(db, Some(outsider), id, "hi").await,
                Err(AppError::NotFound)
            ));
        }
        // Leaving: gone from the inbox, cannot write any more.
        messages::leave(db, Some(&lee), id).await.unwrap();
        assert!(messages::inbox(db, Some(&lee)).await.unwrap().is_empty());
        assert!(messages::send(db, Some(&lee), id, "back").await.is_err());
        t.finish().await;
    }
}

#[tokio::test]
async fn adults_and_teens_only_through_a_teen_forums_mentor_and_supervised() {
    for t in databases().await {
        let db = &t.db;
        make_forum(db, "talk", Restriction::Open).await;
        let teens = make_forum(db, "teens", Restriction::TeensOnly).await;
        let ana = member(db, "ana").await;
        let tia = teen(db, "tia").await;
        let mo = member(db, "moe").await;
        accounts::assign_mentor(db, mo.id, teens.id).await.unwrap();
        let mo = people::load_viewer(db, mo.id).await.unwrap().unwrap();
        let leader = person(db, "lia", Role::GlobalLeader, false, "1985-01-01").await;
        for who in [&ana, &tia, &mo] {
            established(db, who).await;
        }

        refused_with(
            messages::start(
                db,
                &MessagingConfig::default(),
                Some(&ana),
                &names(&["tia"]),
                "hi",
            )
            .await,
            TEEN_RULE,
        );
        refused_with(
            messages::start(
                db,
                &MessagingConfig::default(),
                Some(&tia),
                &names(&["ana"]),
                "hi",
            )
            .await,
            TEEN_RULE,
        );
        // In a group too: one teen among adults is refused.
        refused_with(
            messages::start(
                db,
                &MessagingConfig::default(),
                Some(&ana),
                &names(&["moe", "tia"]),
                "hi",
            )
            .await,
            TEEN_RULE,
        );

        let id = messages::start(
            db,
            &MessagingConfig::default(),
            Some(&mo),
            &names(&["tia"]),
            "How did the exam go?",
        )
        .await
        .unwrap();
        let page = messages::conversation(db, Some(&tia), id, None)
            .await
            .unwrap();
        assert!(page.supervised, "{}", t.name);
        // A leader reads it as a supervisor (and cannot write in it); an
        // adult member cannot read it at all.
        let seen = messages::conversation(db, Some(&leader), id, None)
            .await
            .unwrap();
        assert!(seen.supervising && seen.messages.len() == 1);
        assert!(
            messages::send(db, Some(&leader), id, "hello")
                .await
                .is_err()
        );
        assert!(matches!(
            messages::conversation(db, Some(&ana), id, None).await,
            Err(AppError::NotFound)
        ));

        // Contact details with a teen are always blocked, and the attempt kept.
        let refused = messages::send(db, Some(&tia), id, PHONE).await;
        assert!(
            matches!(refused, Err(AppError::Validation(_))),
            "{}: {refused:?}",
            t.name
        );
        let kept = message::Entity::find()
            .filter(message::Column::ConversationId.eq(id))
            .filter(message::Column::Blocked.eq(true))
            .one(db)
            .await
            .unwrap()
            .expect("the blocked attempt is kept for review");
        assert_eq!(kept.body_source, PHONE);
        assert_eq!(
            seen_by(db, &mo, id).await.len(),
            1,
            "nobody in the conversation sees a blocked attempt"
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn contact_details_between_adults_wait_for_a_moderator() {
    for t in databases().await {
        let db = &t.db;
        let (ana, bo, id) = ana_writes_to_bob(db, "Hi Bob").await;
        let held = messages::send(db, Some(&ana), id, PHONE).await.unwrap();
        assert!(held.pending, "{}", t.name);
        let hers = messages::conversation(db, Some(&ana), id, None)
            .await
            .unwrap();
        assert_eq!(hers.messages.len(), 2);
        assert!(hers.messages[1].pending);
        let his = messages::conversation(db, Some(&bo), id, None)
            .await
            .unwrap();
        assert_eq!(
            his.messages.len(),
            1,
            "{}: the held message is the author's only",
            t.name
        );
        assert_eq!(
            messages::inbox(db, Some(&bo)).await.unwrap()[0].excerpt,
            "Hi Bob"
        );

        // Leaders and staff review the held message alone; members cannot.
        let lia = person(db, "lia", Role::GlobalLeader, false, "1985-01-01").await;
        let boss = staff(db, "boss").await;
        assert!(matches!(
            messages::held(db, Some(&bo)).await,
            Err(AppError::Forbidden(_))
        ));
        let waiting = messages::held(db, Some(&lia)).await.unwrap();
        assert_eq!(waiting.len(), 1, "{}", t.name);
        assert_eq!(waiting[0].id, held.id);
        assert!(waiting[0].explanation.is_some(), "the caught part is shown");
        // Two moderators decide at once: one decision stands.
        let tries = [(lia.clone(), true), (boss.clone(), false)].map(|(who, approve)| {
            let db = db.clone();
            tokio::spawn(
                async move { messages::decide_held(&db, Some(&who), held.id, approve).await },
            )
        });
        let outcomes = joined(tries).await;
        assert_one_stands(t.name, &outcomes);
        assert!(messages::held(db, Some(&lia)).await.unwrap().is_empty());
        let delivered = outcomes[0].is_ok();
        let his = messages::conversation(db, Some(&bo), id, None)
            .await
            .unwrap();
        assert_eq!(
            his.messages.len(),
            if delivered { 2 } else { 1 },
            "{}",
            t.name
        );
        let hers = messages::conversation(db, Some(&ana), id, None)
            .await
            .unwrap();
        assert_eq!(hers.messages[1].rejected, !delivered);
        t.finish().await;
    }
}

#[tokio::test]
async fn blocking_stops_messages_and_mentions_without_telling() {
    for t in databases().await {
        let db = &t.db;
        make_forum(db, "talk", Restriction::Open).await;
        let ana = member(db, "ana").await;
        let bo = member(db, "bob").await;
        for who in [&ana, &bo] {
            established(db, who).await;
        }
        let id = messages::start(
            db,
            &MessagingConfig::default(),
            Some(&bo),
            &names(&["ana"]),
            "hey",
        )
        .await
        .unwrap();
        messages::block(db, Some(&ana), "bob").await.unwrap();
        messages::block(db, Some(&ana), "@Bob").await.unwrap();
        assert_eq!(messages::blocked(db, Some(&ana)).await.unwrap().len(), 1);
        assert!(messages::block(db, Some(&ana), "ana").await.is_err());

        refused_with(
            messages::start(
                db,
                &MessagingConfig::default(),
                Some(&bo),
                &names(&["ana"]),
                "again",
            )
            .await,
            NOT_ACCEPTING,
        );
        refused_with(
            messages::send(db, Some(&bo), id, "still there?").await,
            "not accepting",
        );
        // Either way: the blocker cannot write to them either.
        refused_with(
            messages::start(
                db,
                &MessagingConfig::default(),
                Some(&ana),
                &names(&["bob"]),
                "hi",
            )
            .await,
            NOT_ACCEPTING,
        );

        // A post mentioning her no longer notifies her.
        let topic = topics::create(db, Some(&ana), "talk", "Evenings", "Hard ones.")
            .await
            .unwrap();
        let before = mentions_of(db, &ana).await;
        posts::reply(db, Some(&bo), topic, "@ana look")
            .await
            .unwrap();
        let after = mentions_of(db, &ana).await;
        assert_eq!(before, after, "{}", t.name);
        // His posts are folded for her, and only for her.
        let folded = |page: app::model::TopicPage| {
            page.posts
                .iter()
                .map(|p| (p.author.username.clone(), p.by_blocked))
                .collect::<Vec<_>>()
        };
        let hers = topics::page(db, Some(&ana), topic, None).await.unwrap();
        assert_eq!(
            folded(hers),
            [("ana".to_string(), false), ("bob".to_string(), true)],
            "{}",
            t.name
        );
        let his = topics::page(db, Some(&bo), topic, None).await.unwrap();
        assert!(his.posts.iter().all(|p| !p.by_blocked));

        messages::unblock(db, Some(&ana), "bob").await.unwrap();
        messages::send(db, Some(&bo), id, "sorry").await.unwrap();
        t.finish().await;
    }
}

#[tokio::test]
async fn who_may_start_a_conversation() {
    for t in databases().await {
        let db = &t.db;
        make_forum(db, "talk", Restriction::Open).await;
        let ana = member(db, "ana").await;
        let bo = member(db, "bob").await;
        let lee = person(db, "lee", Role::Member, true, "1990-01-01").await;
        let fresh = member(db, "fresh").await;
        for who in [&ana, &bo, &lee] {
            established(db, who).await;
        }
        // A new account writes first to nobody.
        refused_with(
            messages::start(
                db,
                &MessagingConfig::default(),
                Some(&fresh),
                &names(&["ana"]),
                "hi",
            )
            .await,
            "New accounts",
        );
        assert!(matches!(
            messages::start(
                db,
                &MessagingConfig::default(),
                Some(&ana),
                &names(&["nobody_here"]),
                "hi"
            )
            .await,
            Err(AppError::Validation(_))
        ));

        messages::set_policy(db, Some(&ana), MessagePolicy::Helpers)
            .await
            .unwrap();
        refused_with(
            messages::start(
                db,
                &MessagingConfig::default(),
                Some(&bo),
                &names(&["ana"]),
                "hi",
            )
            .await,
            NOT_ACCEPTING,
        );
        messages::start(
            db,
            &MessagingConfig::default(),
            Some(&lee),
            &names(&["ana"]),
            "I'm a listener",
        )
        .await
        .unwrap();

        messages::set_policy(db, Some(&ana), MessagePolicy::Talked)
            .await
            .unwrap();
        refused_with(
            messages::start(
                db,
                &MessagingConfig::default(),
                Some(&bo),
                &names(&["ana"]),
                "hi",
            )
            .await,
            NOT_ACCEPTING,
        );
        let topic = topics::create(db, Some(&ana), "talk", "Sleep", "Can't sleep.")
            .await
            .unwrap();
        posts::reply(db, Some(&bo), topic, "Same here.")
            .await
            .unwrap();
        messages::start(
            db,
            &MessagingConfig::default(),
            Some(&bo),
            &names(&["ana"]),
            "We talked about sleep",
        )
        .await
        .unwrap();

        messages::set_policy(db, Some(&ana), MessagePolicy::Nobody)
            .await
            .unwrap();
        refused_with(
            messages::start(
                db,
                &MessagingConfig::default(),
                Some(&bo),
                &names(&["ana"]),
                "hi",
            )
            .await,
            NOT_ACCEPTING,
        );

        // At most ten new conversations an hour (one above, nine here).
        for _ in 0..9 {
            messages::start(
                db,
                &MessagingConfig::default(),
                Some(&bo),
                &names(&["lee"]),
                "hello",
            )
            .await
            .unwrap();
        }
        refused_with(
            messages::start(
                db,
                &MessagingConfig::default(),
                Some(&bo),
                &names(&["lee"]),
                "hello",
            )
            .await,
            "in the last hour",
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn the_database_caps_a_conversation_at_eleven_people() {
    for t in databases().await {
        let db = &t.db;
        make_forum(db, "talk", Restriction::Open).await;
        let ana = member(db, "ana").await;
        established(db, &ana).await;
        let mut others = Vec::new();
        for n in 0..10 {
            let name = format!("person{n}");
            member(db, &name).await;
            others.push(name);
        }
        let id = messages::start(
            db,
            &MessagingConfig::default(),
            Some(&ana),
            &others,
            "Welcome, all of you",
        )
        .await
        .unwrap();
        let row = conversation::Entity::find_by_id(id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.member_count, 11, "{}", t.name);
        // Past the cap the database refuses, whoever writes.
        let over = conversation::Entity::update_many()
            .col_expr(conversation::Column::MemberCount, Expr::value(12))
            .filter(conversation::Column::Id.eq(id))
            .exec(db)
            .await;
        assert!(over.is_err(), "{}: the CHECK holds", t.name);
        t.finish().await;
    }
}

/// A message is stored like a post: its author edits it, every earlier
/// version stays readable to the conversation, an edit is screened like a
/// new message, and of two edits from the same version one is saved.
#[tokio::test]
async fn editing_a_message_keeps_its_earlier_versions() {
    use app::model::FilterAction;
    use app::server::services::filters::{self, NewRule};
    for t in databases().await {
        let db = &t.db;
        let (ana, bo, id) = ana_writes_to_bob(db, "See you at the group on Tuesday").await;
        let first = seen_by(db, &bo, id).await[0].clone();
        assert!(!first.can_edit && first.source.is_none(), "{}", t.name);
        assert_eq!(first.version, 1);
        refused_with(
            messages::edit(db, Some(&bo), first.id, 1, "I never said that").await,
            "only edit your own",
        );

        let edited = messages::edit(
            db,
            Some(&ana),
            first.id,
            1,
            "See you at the group on **Wednesday**",
        )
        .await
        .unwrap();
        assert_eq!(edited.version, 2, "{}", t.name);
        assert!(edited.edited_at.is_some());
        assert!(edited.body_html.contains("<strong>Wednesday</strong>"));
        let seen = seen_by(db, &bo, id).await[0].clone();
        assert!(seen.body_html.contains("Wednesday"), "{}", t.name);
        assert_eq!(
            seen.earlier.len(),
            1,
            "{}: the reader sees what changed",
            t.name
        );
        assert_eq!(seen.earlier[0].version, 1);
        assert!(seen.earlier[0].body_html.contains("Tuesday"));
        let hers = seen_by(db, &ana, id).await[0].clone();
        assert!(hers.can_edit);
        assert_eq!(
            hers.source.as_deref(),
            Some("See you at the group on **Wednesday**")
        );

        // A form opened before that edit is refused, its text untouched.
        assert!(matches!(
            messages::edit(db, Some(&ana), first.id, 1, "stale").await,
            Err(AppError::Conflict(_))
        ));
        // Two edits from the same version at once: one is saved.
        let tries = ["Thursday, then", "Friday, then"].map(|text| {
            let (db, ana) = (db.clone(), ana.clone());
            tokio::spawn(async move { messages::edit(&db, Some(&ana), first.id, 2, text).await })
        });
        let outcomes = joined(tries).await;
        assert_one_stands(t.name, &outcomes);
        let now = seen_by(db, &bo, id).await[0].clone();
        assert_eq!(now.version, 3, "{}", t.name);
        assert_eq!(
            now.earlier.iter().map(|e| e.version).collect::<Vec<_>>(),
            [2, 1]
        );

        // A staff rule for private messages refuses the edit; the attempt is
        // kept for review and the message stays as it was.
        let boss = staff(db, "boss").await;
        filters::create_rule(
            db,
            Some(&boss),
            NewRule {
                pattern: "meet up".into(),
                is_contact: false,
                action: FilterAction::Block,
                forum_id: None,
                messages_only: true,
                message: "Not in private messages, please.".into(),
            },
        )
        .await
        .unwrap();
        match messages::edit(db, Some(&ana), first.id, 3, "Let's meet up instead").await {
            Err(AppError::Validation(errors)) => {
                assert!(
                    errors[0].message.contains("Not in private messages"),
                    "{errors:?}"
                )
            }
            other => panic!("{}: expected the rule's words, got {other:?}", t.name),
        }
        let attempts = message::Entity::find()
            .filter(message::Column::ConversationId.eq(id))
            .filter(message::Column::Blocked.eq(true))
            .all(db)
            .await
            .unwrap();
        assert_eq!(attempts.len(), 1, "{}", t.name);
        assert_eq!(attempts[0].body_source, "Let's meet up instead");
        let unchanged = seen_by(db, &bo, id).await;
        assert_eq!(
            unchanged.len(),
            1,
            "{}: the refused edit is nobody's to read",
            t.name
        );
        assert_eq!(unchanged[0].version, 3);

        // Contact details in an edit hold the message; a rejected one
        // cannot be edited again.
        let held = messages::edit(db, Some(&ana), first.id, 3, PHONE)
            .await
            .unwrap();
        assert!(held.pending, "{}", t.name);
        assert!(
            seen_by(db, &bo, id).await.is_empty(),
            "{}: a held edit is out of view",
            t.name
        );
        messages::decide_held(db, Some(&boss), first.id, false)
            .await
            .unwrap();
        refused_with(
            messages::edit(db, Some(&ana), first.id, 4, "sorry").await,
            "can no longer be edited",
        );
        t.finish().await;
    }
}
