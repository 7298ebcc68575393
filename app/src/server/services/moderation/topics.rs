//! Moderating a topic as a whole: locking it (no more replies, except from
//! its moderators) and moving it to another forum. Both are audited with
//! the moderator's reason.

use super::*;
use crate::server::services::base::{access, audit};

/// Locks (`locked` true) or unlocks a topic. A guarded UPDATE: locking a
/// locked topic is a conflict, not a second audit entry.
pub async fn set_topic_locked(
    db: &DatabaseConnection,
    viewer: Option<&Viewer>,
    topic_id: i32,
    locked: bool,
    note: &str,
) -> AppResult<()> {
    let (topic, forum) = access::topic(db, viewer, topic_id).await?;
    check(viewer, Action::ModerateTopic { forum_id: forum.id }, now())?;
    let viewer = viewer.ok_or(AppError::Unauthorized)?;
    let txn = crate::server::db::begin_write(db).await?;
    let changed = topic::Entity::update_many()
        .col_expr(topic::Column::Locked, Expr::value(locked))
        .filter(topic::Column::Id.eq(topic.id))
        .filter(topic::Column::Locked.eq(!locked))
        .exec(&txn)
        .await?;
    if changed.rows_affected == 0 {
        return Err(AppError::Conflict(if locked {
            "This topic is already locked.".into()
        } else {
            "This topic is not locked.".into()
        }));
    }
    let action = if locked { "lock" } else { "unlock" };
    audit::record(
        &txn,
        Some(viewer.id),
        action,
        ("topic", topic.id),
        note.trim(),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Moves a topic to another forum; the moderator must moderate both. The
/// forums' kept topic counts follow in the same transaction, and the
/// search outbox trigger re-indexes its posts under the new forum.
pub async fn move_topic(
    db: &DatabaseConnection,
    viewer: Option<&Viewer>,
    topic_id: i32,
    to_slug: &str,
    note: &str,
) -> AppResult<()> {
    let (topic, from) = access::topic(db, viewer, topic_id).await?;
    check(viewer, Action::ModerateTopic { forum_id: from.id }, now())?;
    let to = access::forum_by_slug(db, viewer, to_slug)
        .await
        .map_err(|_| AppError::field("forum", "Choose a forum you moderate."))?;
    check(viewer, Action::ModerateTopic { forum_id: to.id }, now())
        .map_err(|_| AppError::field("forum", "Choose a forum you moderate."))?;
    if to.id == from.id {
        return Err(AppError::field(
            "forum",
            "The topic is already in this forum.",
        ));
    }
    let note = note.trim();
    if note.is_empty() {
        return Err(AppError::field(
            "note",
            "Say why it moves: it goes on the record.",
        ));
    }
    let viewer = viewer.ok_or(AppError::Unauthorized)?;
    let txn = crate::server::db::begin_write(db).await?;
    // Guarded on where it is now: of two moves at once, one wins.
    let moved = topic::Entity::update_many()
        .col_expr(topic::Column::ForumId, Expr::value(to.id))
        .filter(topic::Column::Id.eq(topic.id))
        .filter(topic::Column::ForumId.eq(from.id))
        .exec(&txn)
        .await?;
    if moved.rows_affected == 0 {
        return Err(AppError::Conflict(
            "Someone else moved this topic just now.".into(),
        ));
    }
    // Open queue items follow the topic, so the new forum's mentors see them.
    let posts: Vec<i32> = post::Entity::find()
        .select_only()
        .column(post::Column::Id)
        .filter(post::Column::TopicId.eq(topic.id))
        .into_tuple()
        .all(&txn)
        .await?;
    queue_item::Entity::update_many()
        .col_expr(queue_item::Column::ForumId, Expr::value(to.id))
        .filter(queue_item::Column::PostId.is_in(posts))
        .exec(&txn)
        .await?;
    if topic.review.is_none() {
        for (forum_id, step) in [(from.id, -1), (to.id, 1)] {
            forum::Entity::update_many()
                .col_expr(
                    forum::Column::TopicCount,
                    Expr::col(forum::Column::TopicCount).add(step),
                )
                .filter(forum::Column::Id.eq(forum_id))
                .exec(&txn)
                .await?;
        }
    }
    audit::record(
        &txn,
        Some(viewer.id),
        "move",
        ("topic", topic.id),
        &format!("{} → {}: {note}", from.name, to.name),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
