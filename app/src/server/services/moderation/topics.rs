//! Moderating a topic as a whole: locking it (no more replies, except from
//! its moderators), moving it to another forum, hiding it. Each is audited
//! with the moderator's reason.

use super::*;
use crate::server::services::base::{access, audit, content, notify};

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
        content::count_topics(&txn, from.id, -1).await?;
        content::count_topics(&txn, to.id, 1).await?;
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

/// Hides a published topic (`hidden` true) from everyone but its author and
/// its moderators, or shows it again. A hidden topic is kept unpublished
/// the way a rejected one is (`topics.review`), so every read that already
/// keeps unpublished topics to their author and moderators (pages, lists,
/// search, counts) keeps this one too. Only a topic a moderator hid can be
/// restored here: a topic the filters held and a moderator rejected stays
/// with the queue's decision.
pub async fn set_topic_hidden(
    db: &DatabaseConnection,
    viewer: Option<&Viewer>,
    topic_id: i32,
    hidden: bool,
    note: &str,
) -> AppResult<()> {
    let (topic, forum) = access::topic(db, viewer, topic_id).await?;
    check(viewer, Action::ModerateTopic { forum_id: forum.id }, now())?;
    let viewer = viewer.ok_or(AppError::Unauthorized)?;
    let note = note.trim();
    if hidden && note.is_empty() {
        return Err(AppError::field(
            "note",
            "Say why it is hidden: its author is told, and it goes on the record.",
        ));
    }
    if !hidden && !access::first_post_published(db, &topic).await? {
        return Err(AppError::Conflict(
            "The filters held this topic and it was not published; decide it from the queue."
                .into(),
        ));
    }
    let txn = crate::server::db::begin_write(db).await?;
    let (state, before) = if hidden {
        (Some(Review::Rejected), None)
    } else {
        (None, Some(Review::Rejected))
    };
    let mut update = topic::Entity::update_many()
        .col_expr(topic::Column::Review, Expr::value(state))
        .filter(topic::Column::Id.eq(topic.id));
    update = match before {
        None => update.filter(topic::Column::Review.is_null()),
        Some(review) => update.filter(topic::Column::Review.eq(review)),
    };
    if update.exec(&txn).await?.rows_affected == 0 {
        return Err(AppError::Conflict(if hidden {
            "This topic is not published: it is already hidden or waiting for review.".into()
        } else {
            "This topic is not hidden.".into()
        }));
    }
    content::count_topics(&txn, forum.id, if hidden { -1 } else { 1 }).await?;
    let action = if hidden {
        "hide_topic"
    } else {
        "restore_topic"
    };
    audit::record(&txn, Some(viewer.id), action, ("topic", topic.id), note).await?;
    let message = if hidden {
        format!(
            "A moderator hid your topic “{}”: {note} You and the moderators can still see it.",
            topic.title
        )
    } else {
        format!(
            "A moderator restored your topic “{}”: everyone can see it again.",
            topic.title
        )
    };
    notify::create(
        &txn,
        topic.author_id,
        if hidden {
            NotificationKind::PostHidden
        } else {
            NotificationKind::PostApproved
        },
        None,
        Some(topic.id),
        None,
        message,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
