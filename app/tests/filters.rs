//! Safety filter rules: each action and scope, against real databases.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use app::error::AppError;
use app::model::Restriction;
use app::server::services::filters::{self, FilterAction, NewRule};
use common::*;
use safety::Detector;

fn phrase(pattern: &str, action: FilterAction, forum_id: Option<i32>) -> NewRule {
    NewRule {
        pattern: pattern.into(),
        is_contact: false,
        action,
        forum_id,
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

        let v = filters::evaluate(db, &detector, &open, &["Title", "you STUPID  idiot"])
            .await
            .unwrap();
        assert_eq!(v.action, Some(FilterAction::Censor));
        assert_eq!(v.texts[1], "you ••••••  •••••");
        assert_eq!(v.texts[0], "Title");

        let v = filters::evaluate(db, &detector, &open, &["p i l l s for sale, cheap"])
            .await
            .unwrap();
        assert_eq!(v.action, Some(FilterAction::Flag));

        // The teen forum's rule does not apply elsewhere.
        let v = filters::evaluate(db, &detector, &open, &["can you send pics?"])
            .await
            .unwrap();
        assert_eq!(v.action, None);
        let v = filters::evaluate(db, &detector, &teens, &["can you send pics?"])
            .await
            .unwrap();
        assert_eq!(v.action, Some(FilterAction::Block));
        assert_eq!(v.fired[0].message, "“send pics” is not allowed here.");

        // No rules, no word list: hard subjects pass.
        let v = filters::evaluate(
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

        let v = filters::evaluate(db, &detector, &open, &text)
            .await
            .unwrap();
        assert_eq!(v.action, Some(FilterAction::Hold), "{}", t.name);
        assert_eq!(v.fired[0].name, "contact");
        let v = filters::evaluate(db, &detector, &teens, &text)
            .await
            .unwrap();
        assert_eq!(v.action, Some(FilterAction::Block));

        // Staff make contact a flag everywhere, but keep blocking for teens.
        let contact = |action, forum_id| NewRule {
            pattern: String::new(),
            is_contact: true,
            action,
            forum_id,
            message: "Please keep conversations on Haven.".into(),
        };
        filters::create_rule(db, Some(&staff), contact(FilterAction::Flag, None))
            .await
            .unwrap();
        let v = filters::evaluate(db, &detector, &open, &text)
            .await
            .unwrap();
        assert_eq!(v.action, Some(FilterAction::Flag));
        let v = filters::evaluate(db, &detector, &teens, &text)
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
        let v = filters::evaluate(db, &detector, &teens, &text)
            .await
            .unwrap();
        assert_eq!(v.action, Some(FilterAction::Block));
        assert_eq!(v.fired[0].message, "Please keep conversations on Haven.");

        filters::delete_rule(db, Some(&staff), teen_rule)
            .await
            .unwrap();
        let v = filters::evaluate(db, &detector, &teens, &text)
            .await
            .unwrap();
        assert_eq!(v.action, Some(FilterAction::Flag));
        let v = filters::evaluate(db, &detector, &open, &["call 988 if you need to"])
            .await
            .unwrap();
        assert_eq!(v.action, None, "crisis lines pass");
        t.finish().await;
    }
}
