//! Safety filter rules: each action and scope, against real databases.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use app::error::AppError;
use app::model::{FlagReason, Outcome, Restriction, Role};
use app::model::{NotificationKind, Review};
use app::server::entities::audit_log;
use app::server::permissions::Viewer;
use app::server::services::base::{people, screen};
use app::server::services::filters::{self, FilterAction, NewRule};
use app::server::services::moderation::{self, ModerationConfig, Resolution};
use app::server::services::revisions::{self, Edit};
use app::server::services::{accounts, forums, notifications, posts, topics};
use common::*;
use safety::Detector;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

fn phrase(pattern: &str, action: FilterAction, forum_id: Option<i32>) -> NewRule {
    NewRule {
        pattern: pattern.into(),
        is_contact: false,
        action,
        forum_id,
        messages_only: false,
        message: format!("“{pattern}” is not allowed here."),
    }
}

#[tokio::test]
async fn phrase_rules_censor_flag_hold_and_block_in_their_scope() {
    for t in databases().await {
        let db = &t.db;
        let open = make_forum(db, "open", Restriction::Open).await;
        let teens = make_forum(db, "teens", Restriction::TeensOnly).await;
        let staff = staff(db, "boss").await;
        let member = member(db, "someone").await;
        let detector = Detector::default();

        assert!(
            matches!(
                filters::create_rule(db, Some(&member), phrase("x", FilterAction::Block, None))
                    .await,
                Err(AppError::Forbidden(_))
            ),
            "{}",
            t.name
        );
        let bad = filters::create_rule(
            db,
            Some(&staff),
            phrase("/(oops/", FilterAction::Block, None),
        )
        .await;
        assert!(bad.unwrap_err().field_message("pattern").is_some());

        filters::create_rule(
            db,
            Some(&staff),
            phrase("stupid idiot", FilterAction::Censor, None),
        )
        .await
        .unwrap();
        filters::create_rule(
            db,
            Some(&staff),
            phrase("pills for sale", FilterAction::Flag, None),
        )
        .await
        .unwrap();
        filters::create_rule(
            db,
            Some(&staff),
            phrase("send pics", FilterAction::Block, Some(teens.id)),
        )
        .await
        .unwrap();

        let v = screen::evaluate(db, &detector, &open, &["Title", "you STUPID  idiot"])
            .await
            .unwrap();
        assert_eq!(v.action, Some(FilterAction::Censor));
        assert_eq!(v.texts[1], "you ••••••  •••••");
        assert_eq!(v.texts[0], "Title");

        let v = screen::evaluate(db, &detector, &open, &["p i l l s for sale, cheap"])
            .await
            .unwrap();
        assert_eq!(v.action, Some(FilterAction::Flag));

        // The teen forum's rule does not apply elsewhere.
        let v = screen::evaluate(db, &detector, &open, &["did you send pics of the garden?"])
            .await
            .unwrap();
        assert_eq!(v.action, None);
        let v = screen::evaluate(db, &detector, &teens, &["did you send pics of the garden?"])
            .await
            .unwrap();
        assert_eq!(v.action, Some(FilterAction::Block));
        assert_eq!(v.fired[0].message, "“send pics” is not allowed here.");

        // No rules, no word list: hard subjects pass.
        let v = screen::evaluate(
            db,
            &detector,
            &open,
            &["I want to talk about sex, abuse and self-harm"],
        )
        .await
        .unwrap();
        assert_eq!(v.action, None);
        t.finish().await;
    }
}

#[tokio::test]
async fn contact_holds_by_default_blocks_for_teens_and_staff_can_change_it() {
    for t in databases().await {
        let db = &t.db;
        let open = make_forum(db, "open", Restriction::Open).await;
        let teens = make_forum(db, "teens", Restriction::TeensOnly).await;
        let staff = staff(db, "boss").await;
        let detector = Detector::default();
        let text = ["add me on ѕnapchat: lotus"];

        let v = screen::evaluate(db, &detector, &open, &text).await.unwrap();
        assert_eq!(v.action, Some(FilterAction::Hold), "{}", t.name);
        assert_eq!(v.fired[0].name, "contact");
        let v = screen::evaluate(db, &detector, &teens, &text)
            .await
            .unwrap();
        assert_eq!(v.action, Some(FilterAction::Block));

        // Staff make contact a flag everywhere, but keep blocking for teens.
        let contact = |action, forum_id| NewRule {
            pattern: String::new(),
            is_contact: true,
            action,
            forum_id,
            messages_only: false,
            message: "Please keep conversations on Haven.".into(),
        };
        filters::create_rule(db, Some(&staff), contact(FilterAction::Flag, None))
            .await
            .unwrap();
        let v = screen::evaluate(db, &detector, &open, &text).await.unwrap();
        assert_eq!(v.action, Some(FilterAction::Flag));
        let v = screen::evaluate(db, &detector, &teens, &text)
            .await
            .unwrap();
        assert_eq!(
            v.action,
            Some(FilterAction::Flag),
            "a general rule replaces the default"
        );
        let teen_rule = filters::create_rule(
            db,
            Some(&staff),
            contact(FilterAction::Block, Some(teens.id)),
        )
        .await
        .unwrap();
        let v = screen::evaluate(db, &detector, &teens, &text)
            .await
            .unwrap();
        assert_eq!(v.action, Some(FilterAction::Block));
        assert_eq!(v.fired[0].message, "Please keep conversations on Haven.");

        filters::delete_rule(db, Some(&staff), teen_rule)
            .await
            .unwrap();
        let v = screen::evaluate(db, &detector, &teens, &text)
            .await
            .unwrap();
        assert_eq!(v.action, Some(FilterAction::Flag));
        let v = screen::evaluate(db, &detector, &open, &["call 988 if you need to"])
            .await
            .unwrap();
        assert_eq!(v.action, None, "crisis lines pass");
        t.finish().await;
    }
}

/// An open forum with a mentor, staff, a topic by `starter` and a member.
struct Setup {
    forum: app::server::entities::forum::Model,
    mentor: Viewer,
    staff: Viewer,
    member: Viewer,
    starter: Viewer,
    topic: i32,
}

async fn setup(db: &DatabaseConnection) -> Setup {
    let forum = make_forum(db, "open", Restriction::Open).await;
    make_forum(db, "teens", Restriction::TeensOnly).await;
    let mentor = person(db, "mentor_here", Role::Member, true, "1990-01-01").await;
    accounts::assign_mentor(db, mentor.id, forum.id)
        .await
        .unwrap();
    let mentor = people::load_viewer(db, mentor.id).await.unwrap().unwrap();
    let staff = staff(db, "boss").await;
    let starter = member(db, "starter").await;
    let member = member(db, "someone").await;
    let topic = topics::create(db, Some(&starter), "open", "Evenings", "Evenings are hard.")
        .await
        .unwrap();
    Setup {
        forum,
        mentor,
        staff,
        member,
        starter,
        topic,
    }
}

/// A moderator's decision on a queue item.
fn decision(outcome: Outcome, note: &str, new_body: Option<String>) -> Resolution {
    Resolution {
        new_body,
        ..Resolution::new(outcome, note)
    }
}

fn config() -> ModerationConfig {
    ModerationConfig::default()
}

async fn system_entries(db: &DatabaseConnection, action: &str) -> Vec<audit_log::Model> {
    audit_log::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.action == action && e.actor_id.is_none())
        .collect()
}

const OBFUSCATED_PHONE: &str = "ring me: eight zero one, five five five, zero one nine nine";

#[tokio::test]
async fn a_held_reply_is_pending_for_its_author_until_a_mentor_approves_it() {
    for t in databases().await {
        let db = &t.db;
        let s = setup(db).await;
        let body = format!("@starter {OBFUSCATED_PHONE}");
        let held = posts::reply(db, Some(&s.member), s.topic, &body)
            .await
            .unwrap();
        assert_eq!(held.review, Some(Review::Pending), "{}", t.name);

        // The author sees it pending; a guest and other members do not see it.
        let own = topics::page(db, Some(&s.member), s.topic, None)
            .await
            .unwrap();
        assert_eq!(own.posts.len(), 2);
        assert_eq!(own.posts[1].review, Some(Review::Pending));
        assert!(own.posts[1].body_html.contains("five five five"));
        for viewer in [None, Some(&s.starter)] {
            let page = topics::page(db, viewer, s.topic, None).await.unwrap();
            assert_eq!(page.posts.len(), 1, "{}: held post leaked", t.name);
        }
        assert!(matches!(
            posts::quote(db, Some(&s.starter), held.id).await,
            Err(AppError::NotFound)
        ));
        // Nobody is notified of a post nobody can see yet.
        let starter_notes = notifications::list(db, Some(&s.starter)).await.unwrap();
        assert!(starter_notes.is_empty(), "{}", t.name);
        let author_notes = notifications::list(db, Some(&s.member)).await.unwrap();
        assert!(
            author_notes
                .iter()
                .any(|n| n.kind == NotificationKind::PostHeld)
        );

        // It waits in the mentor's queue, named by its rule, with the text as typed.
        let queue = moderation::queue(db, &config(), Some(&s.mentor), None, None)
            .await
            .unwrap();
        assert_eq!(queue.len(), 1, "{}", t.name);
        assert!(queue[0].held && queue[0].flags.is_empty());
        assert_eq!(queue[0].rules, "contact (hold)");
        assert_eq!(queue[0].snapshot, body);
        let hold = system_entries(db, "filter_hold").await;
        assert_eq!(hold.len(), 1);
        assert_eq!(
            (hold[0].target_type.as_str(), hold[0].target_id),
            ("post", held.id)
        );
        assert_eq!(hold[0].reason, "contact (hold)");

        // Approving a post held for contact details asks first, naming
        // what was found; nothing is published until confirmed.
        let unconfirmed = moderation::resolve(
            db,
            Some(&s.mentor),
            queue[0].id,
            decision(Outcome::NoAction, "", None),
        )
        .await
        .unwrap_err();
        let asked = unconfirmed.field_message("confirm").unwrap_or_default();
        assert!(asked.contains("held because it contains"), "{asked}");
        let page = topics::page(db, Some(&s.starter), s.topic, None)
            .await
            .unwrap();
        assert_eq!(page.posts.len(), 1, "{}", t.name);

        // Approving needs no note; the post is published and announced.
        moderation::resolve(
            db,
            Some(&s.mentor),
            queue[0].id,
            Resolution {
                confirmed: true,
                ..decision(Outcome::NoAction, "", None)
            },
        )
        .await
        .unwrap();
        let page = topics::page(db, Some(&s.starter), s.topic, None)
            .await
            .unwrap();
        assert_eq!(page.posts.len(), 2, "{}", t.name);
        assert_eq!(page.posts[1].review, None);
        let starter_notes = notifications::list(db, Some(&s.starter)).await.unwrap();
        assert!(
            starter_notes
                .iter()
                .any(|n| n.kind == NotificationKind::Mention),
            "{}",
            t.name
        );
        let author_notes = notifications::list(db, Some(&s.member)).await.unwrap();
        assert!(
            author_notes
                .iter()
                .any(|n| n.kind == NotificationKind::PostApproved)
        );
        assert!(
            moderation::queue(db, &config(), Some(&s.mentor), None, None)
                .await
                .unwrap()
                .is_empty()
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn a_rejected_topic_stays_unpublished_but_its_author_keeps_it() {
    for t in databases().await {
        let db = &t.db;
        let s = setup(db).await;
        let topic = topics::create(
            db,
            Some(&s.member),
            "open",
            "Anyone on snapchat?",
            "add me on ѕnapchat: lotus_22",
        )
        .await
        .unwrap();
        let listed = |viewer: Option<&Viewer>| {
            let viewer = viewer.cloned();
            async move {
                forums::page(db, viewer.as_ref(), "open", None)
                    .await
                    .unwrap()
                    .topics
                    .iter()
                    .any(|x| x.id == topic)
            }
        };
        assert!(listed(Some(&s.member)).await, "{}", t.name);
        assert!(listed(Some(&s.mentor)).await);
        assert!(
            !listed(Some(&s.starter)).await,
            "{}: held topic listed",
            t.name
        );
        assert!(!listed(None).await);
        assert!(matches!(
            topics::page(db, Some(&s.starter), topic, None).await,
            Err(AppError::NotFound)
        ));
        assert!(matches!(
            posts::reply(db, Some(&s.starter), topic, "hi").await,
            Err(AppError::NotFound)
        ));

        let item = moderation::queue(db, &config(), Some(&s.mentor), None, None)
            .await
            .unwrap()[0]
            .id;
        let no_note = moderation::resolve(
            db,
            Some(&s.mentor),
            item,
            decision(Outcome::HidePost, " ", None),
        )
        .await;
        assert!(no_note.unwrap_err().field_message("note").is_some());
        moderation::resolve(
            db,
            Some(&s.mentor),
            item,
            decision(
                Outcome::HidePost,
                "Please keep conversations on Haven.",
                None,
            ),
        )
        .await
        .unwrap();
        assert!(!listed(Some(&s.starter)).await, "{}", t.name);
        let own = topics::page(db, Some(&s.member), topic, None)
            .await
            .unwrap();
        assert_eq!(own.posts[0].review, Some(Review::Rejected));
        assert!(
            own.posts[0].body_html.contains("lotus_22"),
            "nothing is lost"
        );
        let notes = notifications::list(db, Some(&s.member)).await.unwrap();
        assert!(
            notes
                .iter()
                .any(|n| n.kind == NotificationKind::PostRejected
                    && n.message.contains("keep conversations"))
        );
        let reject = audit_log::Entity::find()
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .find(|e| e.action == "reject")
            .unwrap();
        assert_eq!(reject.actor_id, Some(s.mentor.id));
        t.finish().await;
    }
}

#[tokio::test]
async fn a_blocked_post_is_refused_with_the_rule_message_and_kept_for_review() {
    for t in databases().await {
        let db = &t.db;
        let s = setup(db).await;
        let teen = teen(db, "young_one").await;
        // Contact in a teen forum is blocked by default, on the field it is in.
        let refused = topics::create(
            db,
            Some(&teen),
            "teens",
            "what's your number? I'll text you",
            "I just want to talk",
        )
        .await
        .unwrap_err();
        // The message says why, and quotes what was caught.
        let message = refused.field_message("title").unwrap_or_default();
        assert!(
            message.starts_with(screen::CONTACT_BLOCK_MESSAGE)
                && message.contains("What was caught: “what's your number"),
            "{}: {message}",
            t.name
        );
        assert!(refused.field_message("body").is_none());
        assert!(
            forums::page(db, Some(&teen), "teens", None)
                .await
                .unwrap()
                .topics
                .is_empty()
        );

        // A staff rule blocks with its own message, replies and edits alike.
        filters::create_rule(
            db,
            Some(&s.staff),
            phrase("meet me offline", FilterAction::Block, None),
        )
        .await
        .unwrap();
        let reply = posts::reply(db, Some(&s.member), s.topic, "Please m e e t  me OFFLINE")
            .await
            .unwrap_err();
        assert_eq!(
            reply.field_message("body").as_deref(),
            Some("“meet me offline” is not allowed here.")
        );
        let post = posts::reply(db, Some(&s.member), s.topic, "Thank you all")
            .await
            .unwrap();
        let edit = revisions::edit(
            db,
            Some(&s.member),
            post.id,
            Edit {
                body: "Thank you all, meet me offline".into(),
                base_version: 1,
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
        assert!(edit.field_message("body").is_some());
        let page = topics::page(db, None, s.topic, None).await.unwrap();
        assert!(page.posts[1].body_html.contains("Thank you all</p>"));

        // All three attempts are kept, as typed, and logged as the system's.
        let page = filters::page(db, Some(&s.staff)).await.unwrap();
        let blocked: Vec<_> = page
            .events
            .iter()
            .filter(|e| e.action == FilterAction::Block)
            .collect();
        assert_eq!(blocked.len(), 3, "{}", t.name);
        assert!(blocked.iter().all(|e| e.post_id.is_none()));
        assert!(
            blocked
                .iter()
                .any(|e| e.title == "what's your number? I'll text you")
        );
        assert!(
            blocked
                .iter()
                .any(|e| e.body == "Please m e e t  me OFFLINE")
        );
        assert_eq!(system_entries(db, "filter_block").await.len(), 3);
        // Leaders review them too; members cannot.
        assert!(matches!(
            filters::page(db, Some(&s.member)).await,
            Err(AppError::Forbidden(_))
        ));
        t.finish().await;
    }
}

#[tokio::test]
async fn censored_and_flagged_posts_are_published_and_logged() {
    for t in databases().await {
        let db = &t.db;
        let s = setup(db).await;
        filters::create_rule(
            db,
            Some(&s.staff),
            phrase("stupid idiot", FilterAction::Censor, None),
        )
        .await
        .unwrap();
        filters::create_rule(
            db,
            Some(&s.staff),
            phrase("pills for sale", FilterAction::Flag, Some(s.forum.id)),
        )
        .await
        .unwrap();

        let censored = posts::reply(db, Some(&s.member), s.topic, "what a stupid idiot I was")
            .await
            .unwrap();
        assert!(
            censored.body_html.contains("what a •••••• ••••• I was"),
            "{}",
            t.name
        );
        let page = topics::page(db, None, s.topic, None).await.unwrap();
        assert!(!page.posts[1].body_html.contains("stupid"));
        let event = filters::page(db, Some(&s.staff)).await.unwrap().events;
        assert_eq!(event[0].action, FilterAction::Censor);
        assert_eq!(
            event[0].body, "what a stupid idiot I was",
            "the typed text is kept"
        );
        assert_eq!(system_entries(db, "filter_censor").await.len(), 1);

        let flagged = posts::reply(db, Some(&s.member), s.topic, "pills for sale, ask me")
            .await
            .unwrap();
        assert_eq!(flagged.review, None, "a flagged post is published");
        let queue = moderation::queue(db, &config(), Some(&s.mentor), None, None)
            .await
            .unwrap();
        assert_eq!(queue.len(), 1, "{}", t.name);
        assert_eq!(queue[0].post_id, flagged.id);
        assert!(!queue[0].held);
        assert_eq!(queue[0].rules, "“pills for sale” (flag)");
        // Narrowed to a reason it does not match, it is left out.
        let harassment = moderation::queue(
            db,
            &config(),
            Some(&s.mentor),
            None,
            Some(FlagReason::Harassment),
        )
        .await
        .unwrap();
        assert!(harassment.is_empty());
        assert_eq!(system_entries(db, "filter_flag").await.len(), 1);

        // The flag rule is only for its forum.
        let elsewhere = make_forum(db, "elsewhere", Restriction::Open).await;
        let other = topics::create(db, Some(&s.member), &elsewhere.slug, "Hi", "pills for sale")
            .await
            .unwrap();
        assert!(topics::page(db, None, other, None).await.is_ok());
        assert_eq!(
            system_entries(db, "filter_flag").await.len(),
            1,
            "{}",
            t.name
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn a_held_edit_takes_the_post_out_of_view_until_approved_as_edited() {
    for t in databases().await {
        let db = &t.db;
        let s = setup(db).await;
        let post = posts::reply(db, Some(&s.member), s.topic, "Tonight was better")
            .await
            .unwrap();
        let version = revisions::edit(
            db,
            Some(&s.member),
            post.id,
            Edit {
                body: "Tonight was better. text me at 312-555-0187".into(),
                base_version: 1,
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert_eq!(version, 2);
        let page = topics::page(db, Some(&s.starter), s.topic, None)
            .await
            .unwrap();
        assert_eq!(page.posts.len(), 1, "{}: held edit visible", t.name);
        let item = moderation::queue(
            db,
            &config(),
            Some(&s.mentor),
            None,
            Some(FlagReason::Contact),
        )
        .await
        .unwrap();
        assert_eq!(item.len(), 1, "{}", t.name);
        assert!(item[0].held);
        // "Edit it, then publish": the mentor takes the number out.
        moderation::resolve(
            db,
            Some(&s.mentor),
            item[0].id,
            decision(
                Outcome::EditPost,
                "Took the phone number out",
                Some("Tonight was better.".into()),
            ),
        )
        .await
        .unwrap();
        let page = topics::page(db, Some(&s.starter), s.topic, None)
            .await
            .unwrap();
        assert_eq!(page.posts.len(), 2, "{}", t.name);
        assert!(page.posts[1].body_html.contains("Tonight was better.</p>"));
        assert_eq!(page.posts[1].version, 3);
        t.finish().await;
    }
}

/// An invitation to talk elsewhere that names no app, number or address:
/// no pattern catches it, the learned model does.
const LIKELY: &str = "Thanks for listening today. Honestly it would be easier to keep chatting somewhere away from this site, just the two of us.";
const LIKELY_SENTENCE: &str = "Honestly it would be easier to keep chatting somewhere away from this site, just the two of us.";

#[tokio::test]
async fn what_only_the_model_reads_as_an_invitation_is_published_and_flagged_with_its_sentence() {
    for t in databases().await {
        let db = &t.db;
        let s = setup(db).await;
        let detector = Detector::default();
        assert!(!detector.detect(LIKELY).contact, "no pattern fires");

        // Published, not held: nobody is silenced by a guess.
        let reply = posts::reply(db, Some(&s.member), s.topic, LIKELY)
            .await
            .unwrap();
        assert_eq!(reply.review, None, "{}", t.name);
        assert!(reply.contact.is_none(), "the author is not told of a flag");
        let page = topics::page(db, None, s.topic, None).await.unwrap();
        assert!(page.posts.iter().any(|p| p.id == reply.id));
        let notes = notifications::list(db, Some(&s.member)).await.unwrap();
        assert!(
            notes.iter().all(|n| n.kind != NotificationKind::PostHeld),
            "{}",
            t.name
        );

        // The forum's mentor finds it in the queue with the sentence the
        // model read highlighted, and it counts as a contact item.
        let queue = moderation::queue(
            db,
            &config(),
            Some(&s.mentor),
            None,
            Some(FlagReason::Contact),
        )
        .await
        .unwrap();
        assert_eq!(queue.len(), 1, "{}", t.name);
        assert_eq!(queue[0].post_id, reply.id);
        assert!(!queue[0].held);
        assert_eq!(queue[0].rules, "likely contact (flag)");
        let explained = queue[0].contact.clone().expect("the sentence is shown");
        assert_eq!(
            explained.found,
            vec![screen::LIKELY_DESCRIPTION.to_string()]
        );
        let hits = explained.highlighted();
        assert_eq!(hits, vec![LIKELY_SENTENCE], "{}", t.name);
        assert_eq!(system_entries(db, "filter_flag").await.len(), 1);

        // It only flags, whatever the contact rule does: in a teen forum
        // (where contact details are blocked) and where staff made the
        // contact rule block everywhere.
        let teens = app::server::entities::forum::Entity::find()
            .filter(app::server::entities::forum::Column::Slug.eq("teens"))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        let v = screen::evaluate(db, &detector, &teens, &[LIKELY])
            .await
            .unwrap();
        assert_eq!(v.action, Some(FilterAction::Flag), "{}", t.name);
        filters::create_rule(
            db,
            Some(&s.staff),
            NewRule {
                pattern: String::new(),
                is_contact: true,
                action: FilterAction::Block,
                forum_id: None,
                messages_only: false,
                message: String::new(),
            },
        )
        .await
        .unwrap();
        let v = screen::evaluate(db, &detector, &s.forum, &[LIKELY])
            .await
            .unwrap();
        assert_eq!(v.action, Some(FilterAction::Flag));
        assert_eq!(v.summary(), "likely contact (flag)");
        // When a pattern fires too, the contact rule acts alone.
        let both = format!("{LIKELY} My snap is lotus_22.");
        let v = screen::evaluate(db, &detector, &s.forum, &[&both])
            .await
            .unwrap();
        assert_eq!(v.action, Some(FilterAction::Block), "{}", t.name);
        assert_eq!(v.summary(), "contact (block)");
        // Ordinary talk about talking is left alone.
        let v = screen::evaluate(
            db,
            &detector,
            &s.forum,
            &["Thanks, talking here tonight helped. I'll post again tomorrow on the evening thread."],
        )
        .await
        .unwrap();
        assert_eq!(v.action, None, "{}", t.name);
        t.finish().await;
    }
}
