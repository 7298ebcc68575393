//! Pinned topics. Staff pin a topic to the top of its forum or everywhere
//! (every forum's list and the home page); mentors pin within their forums.
//! Pins sort by the position staff set, then age, and a pin with an end date
//! lapses by itself: a pin counts only while `pinned_until` is in the
//! future, so nothing has to run to unpin it. A person may hide a global pin
//! for themselves; the next policy update of that topic brings it back.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    QueryFilter, QueryOrder, sea_query::Expr, sea_query::OnConflict,
};

use crate::error::{AppError, AppResult};
use crate::model::{PinView, TopicSummary};
use crate::server::db::now;
use crate::server::entities::{forum, pin_dismissal, topic};
use crate::server::permissions::{Action, Viewer, allows, check};
use crate::server::services::{accounts, audit, forums, topics};

/// Where a pin shows.
pub use crate::model::PinScope as Scope;

/// The topic's pin, if it is pinned now.
pub fn pin_of(topic: &topic::Model, at: DateTime<Utc>) -> Option<PinView> {
    let scope = topic.pin_scope?;
    if topic.pinned_until.is_some_and(|until| until <= at) {
        return None;
    }
    Some(PinView {
        global: scope == Scope::Global,
        position: topic.pin_position,
        until: topic.pinned_until,
    })
}

/// Topics pinned now: a pin scope set, and no end date or one still ahead.
fn active(at: DateTime<Utc>) -> Condition {
    Condition::all()
        .add(topic::Column::PinScope.is_not_null())
        .add(
            Condition::any()
                .add(topic::Column::PinnedUntil.is_null())
                .add(topic::Column::PinnedUntil.gt(at)),
        )
}

/// Topics not pinned now (the ordinary activity list).
pub fn not_pinned(at: DateTime<Utc>) -> Condition {
    Condition::any()
        .add(topic::Column::PinScope.is_null())
        .add(topic::Column::PinnedUntil.lte(at))
}

/// Pins a topic (again, when already pinned: the new settings replace the old).
pub async fn pin(
    db: &DatabaseConnection,
    viewer: Option<&Viewer>,
    topic_id: i32,
    scope: Scope,
    position: i32,
    until: Option<DateTime<Utc>>,
) -> AppResult<()> {
    let (topic, forum) = topics::readable(db, viewer, topic_id).await?;
    check(
        viewer,
        Action::PinTopic {
            forum_id: forum.id,
            global: scope == Scope::Global,
        },
        now(),
    )?;
    let viewer = viewer.ok_or(AppError::Unauthorized)?;
    if until.is_some_and(|until| until <= now()) {
        return Err(AppError::field("until", "Choose a date in the future."));
    }
    // The pin and its audit row commit together.
    let txn = crate::server::db::begin_write(db).await?;
    topic::Entity::update_many()
        .col_expr(topic::Column::PinScope, Expr::value(scope))
        .col_expr(topic::Column::PinPosition, Expr::value(position))
        .col_expr(topic::Column::PinnedUntil, Expr::value(until))
        .filter(topic::Column::Id.eq(topic.id))
        .exec(&txn)
        .await?;
    let reason = match until {
        Some(until) => format!(
            "{} pin at position {position} until {}",
            scope.as_str(),
            until.format("%Y-%m-%d")
        ),
        None => format!("{} pin at position {position}", scope.as_str()),
    };
    audit::record(&txn, Some(viewer.id), "pin", ("topic", topic.id), &reason).await?;
    txn.commit().await?;
    Ok(())
}

/// Unpins a topic.
pub async fn unpin(
    db: &DatabaseConnection,
    viewer: Option<&Viewer>,
    topic_id: i32,
) -> AppResult<()> {
    let (topic, forum) = topics::readable(db, viewer, topic_id).await?;
    check(
        viewer,
        Action::PinTopic {
            forum_id: forum.id,
            global: topic.pin_scope == Some(Scope::Global),
        },
        now(),
    )?;
    let viewer = viewer.ok_or(AppError::Unauthorized)?;
    let txn = crate::server::db::begin_write(db).await?;
    topic::Entity::update_many()
        .col_expr(topic::Column::PinScope, Expr::value(Option::<String>::None))
        .col_expr(
            topic::Column::PinnedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(topic::Column::Id.eq(topic.id))
        .exec(&txn)
        .await?;
    audit::record(&txn, Some(viewer.id), "unpin", ("topic", topic.id), "").await?;
    txn.commit().await?;
    Ok(())
}

/// Hides a global pin for the viewer until its next policy update.
pub async fn dismiss(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    topic_id: i32,
) -> AppResult<()> {
    let viewer = viewer.ok_or(AppError::Unauthorized)?;
    let (topic, _) = topics::readable(db, Some(viewer), topic_id).await?;
    if !pin_of(&topic, now()).is_some_and(|p| p.global) {
        return Err(AppError::Conflict(
            "This topic is not pinned everywhere.".into(),
        ));
    }
    let at = now();
    pin_dismissal::Entity::insert(pin_dismissal::ActiveModel {
        user_id: Set(viewer.id),
        topic_id: Set(topic.id),
        dismissed_at: Set(at),
    })
    .on_conflict(
        OnConflict::columns([
            pin_dismissal::Column::UserId,
            pin_dismissal::Column::TopicId,
        ])
        .update_column(pin_dismissal::Column::DismissedAt)
        .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// A dismissal holds until the topic's next policy update.
fn still_dismissed(dismissal: &pin_dismissal::Model, topic: &topic::Model) -> bool {
    topic
        .policy_updated_at
        .is_none_or(|updated| dismissal.dismissed_at > updated)
}

/// Whether the viewer has hidden this global pin (and no policy update
/// came after).
pub async fn dismissed(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    topic: &topic::Model,
) -> AppResult<bool> {
    let Some(viewer) = viewer else {
        return Ok(false);
    };
    let row = pin_dismissal::Entity::find_by_id((viewer.id, topic.id))
        .one(db)
        .await?;
    Ok(row.is_some_and(|d| still_dismissed(&d, topic)))
}

/// Pinned topics for a forum's list (`forum_id` Some) or the home page
/// (None: global pins only), in pin order. Global pins the viewer hid, or
/// from forums they cannot read, are left out.
pub async fn pinned(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    forum_id: Option<i32>,
) -> AppResult<Vec<TopicSummary>> {
    let at = now();
    let mut scope = Condition::any().add(topic::Column::PinScope.eq(Scope::Global));
    if let Some(forum_id) = forum_id {
        scope = scope.add(topic::Column::ForumId.eq(forum_id));
    }
    let rows = topic::Entity::find()
        .filter(active(at))
        .filter(scope)
        .filter(topic::Column::Review.is_null())
        .order_by_asc(topic::Column::PinPosition)
        .order_by_asc(topic::Column::Id)
        .all(db)
        .await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let forums: HashMap<i32, forum::Model> = forum::Entity::find()
        .filter(forum::Column::Id.is_in(rows.iter().map(|t| t.forum_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|f| (f.id, f))
        .collect();
    let hidden: HashSet<i32> = match viewer {
        Some(v) => pin_dismissal::Entity::find()
            .filter(pin_dismissal::Column::UserId.eq(v.id))
            .all(db)
            .await?
            .into_iter()
            .filter(|d| {
                rows.iter()
                    .find(|t| t.id == d.topic_id)
                    .is_some_and(|t| still_dismissed(d, t))
            })
            .map(|d| d.topic_id)
            .collect(),
        None => HashSet::new(),
    };
    let rows: Vec<topic::Model> = rows
        .into_iter()
        .filter(|t| {
            let readable = forums
                .get(&t.forum_id)
                .is_some_and(|f| allows(viewer, Action::ReadForum(forums::forum_ref(f)), at));
            let own_forum = Some(t.forum_id) == forum_id;
            readable && (own_forum || !hidden.contains(&t.id))
        })
        .collect();
    let authors: Vec<i32> = rows.iter().map(|t| t.author_id).collect();
    let people = accounts::summaries(db, &authors).await?;
    Ok(rows
        .into_iter()
        .filter_map(|t| summary(t, &people, at))
        .collect())
}

/// A topic row as a list entry.
pub fn summary(
    t: topic::Model,
    people: &HashMap<i32, crate::model::UserSummary>,
    at: DateTime<Utc>,
) -> Option<TopicSummary> {
    Some(TopicSummary {
        author: people.get(&t.author_id)?.clone(),
        pin: pin_of(&t, at),
        id: t.id,
        title: t.title,
        post_count: t.post_count,
        locked: t.locked,
        created_at: t.created_at,
        last_post_at: t.last_post_at,
    })
}
