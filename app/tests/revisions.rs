//! Post edits and their history against real databases: every version kept,
//! stale edits refused, restore, who may read a hidden post's history.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use app::error::AppError;
use app::model::{DiffKind, Restriction};
use app::server::services::base::people;
use app::server::services::moderation::{self, ModerationConfig};
use app::server::services::revisions::{self, Edit};
use app::server::services::{accounts, topics};
use common::*;

fn edit(body: &str, base_version: i32, reason: &str) -> Edit {
    Edit {
        body: body.into(),
        base_version,
        reason: reason.into(),
        policy_summary: None,
    }
}

#[tokio::test]
async fn every_edit_keeps_a_revision_and_shows_who_edited() {
    for t in databases().await {
        let db = &t.db;
        make_forum(db, "talk", Restriction::Open).await;
        let author = member(db, "writer").await;
        let other = member(db, "someone_else").await;
        let topic = topics::create(db, Some(&author), "talk", "Hi", "first words here")
            .await
            .unwrap();
        let post = topics::page(db, None, topic, None).await.unwrap().posts[0].clone();
        assert_eq!(post.version, 1);
        assert!(post.edited_by.is_none(), "{}", t.name);
        let before = revisions::history(db, None, post.id).await.unwrap();
        assert_eq!(
            before.revisions.len(),
            1,
            "an unedited post has one version"
        );

        assert!(matches!(
            revisions::edit(db, Some(&other), post.id, edit("mine now", 1, "")).await,
            Err(AppError::Forbidden(_))
        ));
        assert!(
            revisions::edit(db, Some(&author), post.id, edit("  ", 1, ""))
                .await
                .unwrap_err()
                .field_message("body")
                .is_some()
        );
        let v2 = revisions::edit(
            db,
            Some(&author),
            post.id,
            edit("first kind words here", 1, "typo"),
        )
        .await
        .unwrap();
        assert_eq!(v2, 2);
        let v3 = revisions::edit(
            db,
            Some(&author),
            post.id,
            edit("kind words here, @writer", 2, ""),
        )
        .await
        .unwrap();
        assert_eq!(v3, 3);

        let page = topics::page(db, Some(&other), topic, None).await.unwrap();
        let shown = &page.posts[0];
        assert_eq!(shown.version, 3);
        assert_eq!(shown.edited_by.as_ref().unwrap().username, "writer");
        assert!(shown.updated_at.is_some());
        assert!(
            shown.body_html.contains("href=\"/u/writer\""),
            "mentions render after an edit"
        );

        let history = revisions::history(db, Some(&other), post.id).await.unwrap();
        let versions: Vec<i32> = history.revisions.iter().map(|r| r.version).collect();
        assert_eq!(versions, [3, 2, 1], "newest first");
        assert_eq!(history.revisions[1].reason, "typo");
        assert_eq!(history.revisions[2].editor.username, "writer");
        assert!(!history.can_restore);

        let diff = revisions::diff(db, None, post.id, 1, 2).await.unwrap();
        assert_eq!((diff.added_words, diff.removed_words), (1, 0));
        assert!(
            diff.spans
                .iter()
                .any(|s| s.kind == DiffKind::Added && s.text.contains("kind"))
        );
        let diff = revisions::diff(db, None, post.id, 2, 3).await.unwrap();
        assert!(
            diff.spans
                .iter()
                .any(|s| s.kind == DiffKind::Removed && s.text.contains("first"))
        );
        assert_eq!(
            revisions::diff(db, None, post.id, 1, 9).await,
            Err(AppError::NotFound)
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn a_stale_edit_is_refused_and_exactly_one_concurrent_save_wins() {
    for t in databases().await {
        let db = &t.db;
        make_forum(db, "talk", Restriction::Open).await;
        let author = member(db, "writer").await;
        let mentor = person(db, "mentor", app::model::Role::Member, true, "1990-01-01").await;
        let forum = app::server::services::base::access::forum_by_slug(db, None, "talk")
            .await
            .unwrap();
        accounts::assign_mentor(db, mentor.id, forum.id)
            .await
            .unwrap();
        let mentor = people::load_viewer(db, mentor.id).await.unwrap().unwrap();
        let topic = topics::create(db, Some(&author), "talk", "Hi", "original")
            .await
            .unwrap();
        let post = topics::page(db, None, topic, None).await.unwrap().posts[0].id;

        // Both open version 1 and save at once: one lands, one is told.
        let (a, b) = tokio::join!(
            revisions::edit(db, Some(&author), post, edit("the author's text", 1, "")),
            revisions::edit(
                db,
                Some(&mentor),
                post,
                edit("the mentor's text", 1, "tidy")
            ),
        );
        let wins = [a.is_ok(), b.is_ok()].iter().filter(|ok| **ok).count();
        assert_eq!(wins, 1, "{}: {a:?} {b:?}", t.name);
        let loser = if a.is_err() { a } else { b };
        assert!(
            matches!(&loser, Err(AppError::Conflict(m)) if m.contains("your text is still in the form")),
            "{}: {loser:?}",
            t.name
        );
        let history = revisions::history(db, None, post).await.unwrap();
        assert_eq!(history.revisions.len(), 2);

        // An edit from the old version later is refused too.
        let stale = revisions::edit(db, Some(&author), post, edit("late", 1, "")).await;
        assert!(matches!(stale, Err(AppError::Conflict(_))));
        let open = revisions::open(db, Some(&author), post).await.unwrap();
        assert_eq!(open.version, 2);
        t.finish().await;
    }
}

#[tokio::test]
async fn staff_restore_an_earlier_version_as_a_new_one() {
    for t in databases().await {
        let db = &t.db;
        make_forum(db, "talk", Restriction::Open).await;
        let author = member(db, "writer").await;
        let staff = staff(db, "boss").await;
        let topic = topics::create(db, Some(&author), "talk", "Hi", "good words")
            .await
            .unwrap();
        let post = topics::page(db, None, topic, None).await.unwrap().posts[0].id;
        revisions::edit(db, Some(&author), post, edit("bad words", 1, ""))
            .await
            .unwrap();
        assert!(matches!(
            revisions::restore(db, Some(&author), post, 1).await,
            Err(AppError::Forbidden(_))
        ));
        assert_eq!(
            revisions::restore(db, Some(&staff), post, 1).await.unwrap(),
            3,
            "{}",
            t.name
        );
        let history = revisions::history(db, Some(&staff), post).await.unwrap();
        assert!(history.can_restore);
        assert_eq!(history.revisions.len(), 3);
        assert_eq!(history.revisions[0].reason, "Restored version 1");
        assert_eq!(history.revisions[0].editor.username, "boss");
        let page = topics::page(db, None, topic, None).await.unwrap();
        assert!(page.posts[0].body_html.contains("good words"));
        t.finish().await;
    }
}

#[tokio::test]
async fn a_hidden_posts_history_is_for_its_author_and_moderators() {
    for t in databases().await {
        let db = &t.db;
        make_forum(db, "talk", Restriction::Open).await;
        let author = member(db, "writer").await;
        let reader = member(db, "reader").await;
        let staff = staff(db, "boss").await;
        let topic = topics::create(db, Some(&author), "talk", "Hi", "words")
            .await
            .unwrap();
        let post = topics::page(db, None, topic, None).await.unwrap().posts[0].id;
        let strict = ModerationConfig {
            auto_hide_score: 1,
            ..ModerationConfig::default()
        };
        moderation::flag(
            db,
            &strict,
            Some(&reader),
            post,
            app::model::FlagReason::Spam,
            "",
        )
        .await
        .unwrap();
        assert!(
            matches!(
                revisions::history(db, Some(&reader), post).await,
                Err(AppError::Forbidden(_))
            ),
            "{}",
            t.name
        );
        assert!(matches!(
            revisions::history(db, None, post).await,
            Err(AppError::Forbidden(_))
        ));
        assert!(revisions::history(db, Some(&author), post).await.is_ok());
        assert!(revisions::history(db, Some(&staff), post).await.is_ok());
        t.finish().await;
    }
}

#[tokio::test]
async fn only_staff_mark_guideline_edits_as_policy_updates() {
    for t in databases().await {
        let db = &t.db;
        make_forum(db, "guidelines", Restriction::StaffWrite).await;
        make_forum(db, "talk", Restriction::Open).await;
        let staff = staff(db, "boss").await;
        let member = member(db, "writer").await;
        let rules = topics::create(db, Some(&staff), "guidelines", "Rules", "Be kind.")
            .await
            .unwrap();
        let rules_post = topics::page(db, None, rules, None).await.unwrap().posts[0].id;
        let chat = topics::create(db, Some(&member), "talk", "Chat", "hello")
            .await
            .unwrap();
        let chat_post = topics::page(db, None, chat, None).await.unwrap().posts[0].id;
        let policy = |body: &str, summary: &str| Edit {
            policy_summary: Some(summary.into()),
            ..edit(body, 1, "")
        };
        assert!(
            matches!(
                revisions::edit(db, Some(&member), chat_post, policy("hello!", "new rule")).await,
                Err(AppError::Forbidden(_))
            ),
            "{}",
            t.name
        );
        assert!(
            revisions::edit(db, Some(&staff), rules_post, policy("Be kind always.", " "))
                .await
                .unwrap_err()
                .field_message("policy_summary")
                .is_some()
        );
        revisions::edit(
            db,
            Some(&staff),
            rules_post,
            policy("Be kind always.", "Kindness is always expected"),
        )
        .await
        .unwrap();
        let history = revisions::history(db, None, rules_post).await.unwrap();
        assert!(history.revisions[0].policy_update);
        assert_eq!(
            history.revisions[0].policy_summary,
            "Kindness is always expected"
        );
        t.finish().await;
    }
}
