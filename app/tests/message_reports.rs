//! Reports about private messages (issue 20): a member reports a message,
//! it reaches leaders and staff with the messages around it, they may read
//! the conversation only while the report is open (each read audited), a
//! decision hides, warns, suspends or removes a badge and the reporter is
//! told; the filter reports contact details sent to a teen; rules for
//! messages only; the conversation rate. On SQLite and, when
//! TEST_DATABASE_URL is set, PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use app::error::AppError;
use app::model::{Badge, FilterAction, FlagReason, NotificationKind, Outcome, Restriction, Role};
use app::server::entities::{
    audit_log, filter_event, forum_mentor, message, notification, sanction,
};
use app::server::permissions::Viewer;
use app::server::services::base::{items, people};
use app::server::services::filters::{self, NewRule};
use app::server::services::messages::{self, MessagingConfig};
use app::server::services::moderation::{self, ModerationConfig, Resolution};
use app::server::services::{accounts, posts, topics};
use common::*;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

const PHONE: &str = "text me on oh seven seven double oh, nine hundred, one two three";

fn to(list: &[&str]) -> Vec<String> {
    list.iter().map(|n| n.to_string()).collect()
}

async fn start(db: &DatabaseConnection, from: &Viewer, names: &[&str], body: &str) -> i32 {
    messages::start(
        db,
        &MessagingConfig::default(),
        Some(from),
        &to(names),
        body,
    )
    .await
    .unwrap()
}

async fn notes_of(db: &DatabaseConnection, who: &Viewer, kind: NotificationKind) -> Vec<String> {
    notification::Entity::find()
        .filter(notification::Column::UserId.eq(who.id))
        .filter(notification::Column::Kind.eq(kind))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|n| n.message)
        .collect()
}

async fn reads_audited(db: &DatabaseConnection, conversation_id: i32) -> usize {
    audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("read_conversation"))
        .filter(audit_log::Column::TargetId.eq(conversation_id))
        .all(db)
        .await
        .unwrap()
        .len()
}

#[tokio::test]
async fn a_reported_message_reaches_leaders_with_context_and_the_reporter_hears() {
    for t in databases().await {
        let db = &t.db;
        make_forum(db, "talk", Restriction::Open).await;
        let ana = member(db, "ana").await;
        let bob = member(db, "bob").await;
        let cy = member(db, "cyd").await;
        let lia = person(db, "lia", Role::GlobalLeader, false, "1985-01-01").await;
        let boss = staff(db, "boss").await;
        established(db, &ana).await;
        let id = start(db, &ana, &["bob"], "Hi Bob, one").await;
        for body in ["two", "three", "You are worthless", "five", "six", "seven"] {
            let who = if body == "three" { &bob } else { &ana };
            messages::send(db, Some(who), id, body).await.unwrap();
        }
        let page = messages::conversation(db, Some(&bob), id, None)
            .await
            .unwrap();
        let nasty = page
            .messages
            .iter()
            .find(|m| m.body_html.contains("worthless"))
            .unwrap()
            .id;
        let config = ModerationConfig::default();

        // Only someone in the conversation reports, and not their own words.
        for (who, expected) in [(&cy, "not found"), (&ana, "own")] {
            let refused = moderation::report_message(
                db,
                &config,
                Some(who),
                nasty,
                FlagReason::Harassment,
                "",
            )
            .await;
            match (expected, refused) {
                ("not found", Err(AppError::NotFound)) | ("own", Err(AppError::Forbidden(_))) => {}
                (_, other) => panic!("{}: {expected}: {other:?}", t.name),
            }
        }
        // Two reports by one person sent at once: one is filed.
        let tries = [0, 1].map(|_| {
            let (db, bob) = (db.clone(), bob.clone());
            tokio::spawn(async move {
                moderation::report_message(
                    &db,
                    &ModerationConfig::default(),
                    Some(&bob),
                    nasty,
                    FlagReason::Harassment,
                    "She keeps saying this.",
                )
                .await
            })
        });
        let outcomes = joined(tries).await;
        assert_one_stands(t.name, &outcomes);
        assert_eq!(
            notes_of(db, &bob, NotificationKind::FlagReceived)
                .await
                .len(),
            1
        );

        // It counts in the leaders' queue number in the header.
        assert_eq!(items::count_open_for(db, &lia, 99).await.unwrap(), 1);
        assert_eq!(items::count_open_for(db, &cy, 99).await.unwrap(), 0);

        // Leaders and staff see it with the messages around it; a member
        // does not.
        assert!(matches!(
            moderation::reported_messages(db, Some(&cy)).await,
            Err(AppError::Forbidden(_))
        ));
        let queue = moderation::reported_messages(db, Some(&lia)).await.unwrap();
        assert_eq!(queue.len(), 1, "{}", t.name);
        let item = &queue[0];
        assert_eq!(item.message_id, nasty);
        assert_eq!(item.author.username, "ana");
        assert_eq!(item.to, ["bob"]);
        assert_eq!(item.reports.len(), 1);
        assert_eq!(item.reports[0].reporter.as_ref().unwrap().username, "bob");
        let texts: Vec<String> = item.snapshot.iter().map(|m| m.body_html.clone()).collect();
        assert_eq!(item.snapshot.len(), 7, "{}: {texts:?}", t.name);
        assert!(texts[0].contains("one") && texts[6].contains("seven"));
        assert!(item.snapshot[3].reported && item.snapshot[3].body_html.contains("worthless"));
        assert_eq!(item.snapshot.iter().filter(|m| m.reported).count(), 1);

        // While the report is open, leaders and staff read the conversation,
        // each read audited; other outsiders still cannot.
        let read = messages::conversation(db, Some(&boss), id, None)
            .await
            .unwrap();
        assert!(read.reviewing && !read.supervising, "{}", t.name);
        assert_eq!(read.messages.len(), 7);
        messages::conversation(db, Some(&lia), id, None)
            .await
            .unwrap();
        assert_eq!(reads_audited(db, id).await, 2, "{}", t.name);
        assert!(matches!(
            messages::conversation(db, Some(&cy), id, None).await,
            Err(AppError::NotFound)
        ));
        assert!(
            messages::send(db, Some(&lia), id, "hello").await.is_err(),
            "a reviewer does not write in it"
        );

        // Two leaders decide at once: one decision stands.
        let decisions = [
            (lia.clone(), Outcome::HideAndWarn),
            (boss.clone(), Outcome::NoAction),
        ]
        .map(|(who, outcome)| {
            let db = db.clone();
            tokio::spawn(async move {
                moderation::resolve_message(
                    &db,
                    Some(&who),
                    nasty,
                    Resolution::new(outcome, "Insults are not allowed in messages either."),
                )
                .await
            })
        });
        let decided = joined(decisions).await;
        assert_one_stands(t.name, &decided);
        let hidden = decided[0].is_ok();
        let outcome_note = notes_of(db, &bob, NotificationKind::FlagOutcome).await;
        assert_eq!(outcome_note.len(), 1, "{}", t.name);
        let warnings = sanction::Entity::find()
            .filter(sanction::Column::UserId.eq(ana.id))
            .all(db)
            .await
            .unwrap();
        let bobs_view = messages::conversation(db, Some(&bob), id, None)
            .await
            .unwrap();
        if hidden {
            assert!(outcome_note[0].contains("the message was hidden and its author was warned"));
            assert_eq!(warnings.len(), 1);
            assert_eq!(warnings[0].message_id, Some(nasty));
            assert_eq!(notes_of(db, &ana, NotificationKind::Warning).await.len(), 1);
            assert_eq!(bobs_view.messages.len(), 6, "the hidden message is gone");
        } else {
            assert!(outcome_note[0].contains("within the guidelines"));
            assert!(warnings.is_empty());
            assert_eq!(bobs_view.messages.len(), 7);
        }
        assert!(
            moderation::reported_messages(db, Some(&lia))
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(items::count_open_for(db, &lia, 99).await.unwrap(), 0);
        // Settled: the conversation is private again.
        assert!(matches!(
            messages::conversation(db, Some(&boss), id, None).await,
            Err(AppError::NotFound)
        ));
        let mine = moderation::my_reports(db, Some(&bob)).await.unwrap();
        assert_eq!(mine.len(), 1);
        assert_eq!(mine[0].conversation_id, Some(id));
        assert_eq!(mine[0].post_id, None);
        t.finish().await;
    }
}

#[tokio::test]
async fn contact_details_sent_to_a_teen_are_reported_and_the_badge_can_go() {
    for t in databases().await {
        let db = &t.db;
        make_forum(db, "talk", Restriction::Open).await;
        let teens = make_forum(db, "teens", Restriction::TeensOnly).await;
        let tia = teen(db, "tia").await;
        let tom = teen(db, "tom").await;
        let mo = member(db, "moe").await;
        accounts::assign_mentor(db, mo.id, teens.id).await.unwrap();
        let mo = people::load_viewer(db, mo.id).await.unwrap().unwrap();
        let boss = staff(db, "boss").await;
        for who in [&tia, &tom, &mo] {
            established(db, who).await;
        }
        let id = start(db, &mo, &["tia"], "How did the exam go?").await;
        let refused = messages::send(db, Some(&mo), id, PHONE).await;
        assert!(
            matches!(refused, Err(AppError::Validation(_))),
            "{}",
            t.name
        );
        // A teen's first message to a teen with contact details: refused,
        // kept, reported, and no conversation appears for either.
        let first = messages::start(
            db,
            &MessagingConfig::default(),
            Some(&tia),
            &to(&["tom"]),
            PHONE,
        )
        .await;
        assert!(matches!(first, Err(AppError::Validation(_))), "{}", t.name);
        assert_eq!(messages::inbox(db, Some(&tom)).await.unwrap().len(), 0);
        assert_eq!(messages::inbox(db, Some(&tia)).await.unwrap().len(), 1);

        let queue = moderation::reported_messages(db, Some(&boss))
            .await
            .unwrap();
        assert_eq!(queue.len(), 2, "{}", t.name);
        assert!(
            queue
                .iter()
                .all(|i| i.by_filter && i.refused && i.reports[0].reporter.is_none())
        );
        let from_mo = queue.iter().find(|i| i.author.username == "moe").unwrap();
        assert!(from_mo.author_mentors_teens);
        assert!(
            from_mo
                .snapshot
                .iter()
                .any(|m| m.reported && m.body_html.contains("seven"))
        );
        let from_tia = queue.iter().find(|i| i.author.username == "tia").unwrap();
        assert_eq!(from_tia.to, ["tom"]);

        // Staff remove the teen-forum mentor badge from the review.
        let resolution = Resolution {
            badge: Some(Badge::Mentor),
            ..Resolution::new(Outcome::HideAndRemoveBadge, "Contact details to a teen.")
        };
        moderation::resolve_message(db, Some(&boss), from_mo.message_id, resolution)
            .await
            .unwrap();
        let still = forum_mentor::Entity::find()
            .filter(forum_mentor::Column::UserId.eq(mo.id))
            .all(db)
            .await
            .unwrap();
        assert!(still.is_empty(), "{}: the mentor badge is gone", t.name);
        let removed = sanction::Entity::find()
            .filter(sanction::Column::UserId.eq(mo.id))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(removed.forum_id, Some(teens.id));
        assert_eq!(notes_of(db, &mo, NotificationKind::Warning).await.len(), 1);
        // Nothing to remove from a teen who mentors nothing.
        let wrong = Resolution {
            badge: Some(Badge::Mentor),
            ..Resolution::new(Outcome::HideAndRemoveBadge, "no")
        };
        assert!(matches!(
            moderation::resolve_message(db, Some(&boss), from_tia.message_id, wrong).await,
            Err(AppError::Validation(_))
        ));
        t.finish().await;
    }
}

#[tokio::test]
async fn rules_for_messages_only_are_stricter_there_and_not_in_forums() {
    for t in databases().await {
        let db = &t.db;
        make_forum(db, "talk", Restriction::Open).await;
        let ana = member(db, "ana").await;
        member(db, "bob").await;
        let boss = staff(db, "boss").await;
        established(db, &ana).await;
        let id = start(db, &ana, &["bob"], "Hello Bob").await;
        let rule = |pattern: &str, is_contact, action| NewRule {
            pattern: pattern.into(),
            is_contact,
            action,
            forum_id: None,
            messages_only: true,
            message: "Not in private messages, please.".into(),
        };
        filters::create_rule(db, Some(&boss), rule("meet up", false, FilterAction::Block))
            .await
            .unwrap();
        filters::create_rule(db, Some(&boss), rule("", true, FilterAction::Block))
            .await
            .unwrap();
        // In a forum the phrase is fine and contact details are held, as
        // before.
        let topic = topics::create(
            db,
            Some(&ana),
            "talk",
            "Meeting",
            "Shall we meet up at the group?",
        )
        .await
        .unwrap();
        let reply = posts::reply(db, Some(&ana), topic, PHONE).await.unwrap();
        assert_eq!(
            reply.review,
            Some(app::model::Review::Pending),
            "{}: contact in a forum is held",
            t.name
        );
        // In a message both are refused, with the rule's words.
        for body in ["Shall we meet up?", PHONE] {
            match messages::send(db, Some(&ana), id, body).await {
                Err(AppError::Validation(errors)) => {
                    assert!(
                        errors[0].message.contains("Not in private messages"),
                        "{errors:?}"
                    )
                }
                other => panic!("{}: {body}: {other:?}", t.name),
            }
        }
        let kept = message::Entity::find()
            .filter(message::Column::Blocked.eq(true))
            .all(db)
            .await
            .unwrap();
        assert_eq!(kept.len(), 2, "nothing typed is lost");
        // A rule that censors masks the words and delivers the rest.
        filters::create_rule(
            db,
            Some(&boss),
            rule("stupid cow", false, FilterAction::Censor),
        )
        .await
        .unwrap();
        let masked = messages::send(db, Some(&ana), id, "she called me a stupid cow today")
            .await
            .unwrap();
        assert!(!masked.body_html.contains("stupid"), "{}", masked.body_html);
        assert!(masked.body_html.contains("called me a"));
        // A rule that flags does not silence: the message is delivered and
        // leaders and staff are asked to look.
        filters::create_rule(
            db,
            Some(&boss),
            rule("pills saved", false, FilterAction::Flag),
        )
        .await
        .unwrap();
        let sent = messages::send(db, Some(&ana), id, "I have pills saved up and I'm scared")
            .await
            .unwrap();
        assert!(!sent.pending, "{}", t.name);
        let queue = moderation::reported_messages(db, Some(&boss))
            .await
            .unwrap();
        assert_eq!(queue.len(), 1, "{}", t.name);
        assert!(queue[0].by_filter && !queue[0].refused);
        assert_eq!(queue[0].message_id, sent.id);
        assert_eq!(queue[0].reports[0].reason, FlagReason::Other);
        assert!(
            queue[0].reports[0].note.contains("pills saved"),
            "{:?}",
            queue[0].reports
        );
        // Every action is in the filters' record with the text as typed;
        // the filters page lists them without the text.
        let events = filter_event::Entity::find()
            .filter(filter_event::Column::MessageId.is_not_null())
            .all(db)
            .await
            .unwrap();
        let typed: Vec<&str> = events.iter().map(|e| e.body.as_str()).collect();
        for body in [
            "Shall we meet up?",
            PHONE,
            "she called me a stupid cow today",
            "I have pills saved up and I'm scared",
        ] {
            assert!(
                typed.contains(&body),
                "{}: {body} not kept: {typed:?}",
                t.name
            );
        }
        assert!(events.iter().all(|e| e.forum_id.is_none()));
        let page = filters::page(db, Some(&boss)).await.unwrap();
        let private: Vec<_> = page.events.iter().filter(|e| e.private_message).collect();
        assert_eq!(private.len(), events.len(), "{}", t.name);
        assert!(
            private
                .iter()
                .all(|e| e.body.is_empty() && e.forum_name.is_empty())
        );
        assert!(
            page.events
                .iter()
                .any(|e| !e.private_message && !e.body.is_empty()),
            "{}: the forum reply held above is listed with its text",
            t.name
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn the_conversation_rate_is_configurable_and_holds_when_sent_at_once() {
    for t in databases().await {
        let db = &t.db;
        make_forum(db, "talk", Restriction::Open).await;
        let ana = member(db, "ana").await;
        established(db, &ana).await;
        let mut names = Vec::new();
        for n in 0..6 {
            let name = format!("friend{n}");
            member(db, &name).await;
            names.push(name);
        }
        let config = MessagingConfig {
            conversations_per_hour: 3,
        };
        let tries: Vec<_> = names
            .iter()
            .map(|name| {
                let (db, ana, name) = (db.clone(), ana.clone(), name.clone());
                tokio::spawn(async move {
                    messages::start(&db, &config, Some(&ana), &[name], "Hello there").await
                })
            })
            .collect();
        let outcomes = joined(tries).await;
        assert_eq!(
            outcomes.iter().filter(|o| o.is_ok()).count(),
            3,
            "{}: {outcomes:?}",
            t.name
        );
        assert!(outcomes.iter().all(|o| match o {
            Ok(_) => true,
            Err(AppError::Forbidden(why)) => why.contains("3 conversations in the last hour"),
            Err(_) => false,
        }));
        t.finish().await;
    }
}

#[tokio::test]
async fn what_only_the_model_reads_as_an_invitation_is_delivered_and_reported_with_its_sentence() {
    const LIKELY: &str = "Thanks for listening today. Honestly it would be easier to keep chatting somewhere away from this site, just the two of us.";
    for t in databases().await {
        let db = &t.db;
        make_forum(db, "talk", Restriction::Open).await;
        let teens = make_forum(db, "teens", Restriction::TeensOnly).await;
        let mo = member(db, "moe").await;
        accounts::assign_mentor(db, mo.id, teens.id).await.unwrap();
        let mo = people::load_viewer(db, mo.id).await.unwrap().unwrap();
        let tia = teen(db, "tia").await;
        let boss = staff(db, "boss").await;
        for who in [&tia, &mo] {
            established(db, who).await;
        }
        // Even to a teen, where contact details are always refused, a guess
        // is delivered: leaders and staff are asked to look.
        let id = start(db, &mo, &["tia"], "How did the exam go?").await;
        let sent = messages::send(db, Some(&mo), id, LIKELY).await.unwrap();
        assert!(!sent.pending, "{}", t.name);
        let queue = moderation::reported_messages(db, Some(&boss))
            .await
            .unwrap();
        assert_eq!(queue.len(), 1, "{}", t.name);
        let item = &queue[0];
        assert!(item.by_filter && !item.refused);
        assert_eq!(item.message_id, sent.id);
        assert_eq!(item.reports[0].reason, FlagReason::Contact);
        assert!(
            item.reports[0].note.contains("likely contact (flag)"),
            "{:?}",
            item.reports
        );
        let explained = item.contact.clone().expect("the sentence is shown");
        let hits = explained.highlighted();
        assert_eq!(
            hits,
            vec![
                "Honestly it would be easier to keep chatting somewhere away from this site, just the two of us."
            ],
            "{}",
            t.name
        );
        t.finish().await;
    }
}
