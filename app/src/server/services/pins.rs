//! Pinned topics. Staff pin a topic to the top of its forum or everywhere
//! (every forum's list and the home page); mentors pin within their forums.
//! Pins sort by the position staff set, then age, and a pin with an end date
//! lapses by itself: a pin counts only while `pinned_until` is in the
//! future, so nothing has to run to unpin it. A person may hide a global pin
//! for themselves; the next policy update of that topic brings it back.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    sea_query::Expr, sea_query::OnConflict,
};

use crate::error::{AppError, AppResult};
use crate::server::db::now;
use crate::server::entities::{pin_dismissal, topic};
use crate::server::permissions::{Action, Viewer, check};
use crate::server::services::base::{access, audit, pinned};

/// Where a pin shows.
pub use crate::model::PinScope as Scope;

/// Pins a topic (again, when already pinned: the new settings replace the old).
pub async fn pin(
    db: &DatabaseConnection,
    viewer: Option<&Viewer>,
    topic_id: i32,
    scope: Scope,
    position: i32,
    until: Option<DateTime<Utc>>,
) -> AppResult<()> {
    let (topic, forum) = access::topic(db, viewer, topic_id).await?;
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
    let (topic, forum) = access::topic(db, viewer, topic_id).await?;
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
    let (topic, _) = access::topic(db, Some(viewer), topic_id).await?;
    if !pinned::pin_of(&topic, now()).is_some_and(|p| p.global) {
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
