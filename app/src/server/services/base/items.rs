//! Queue items: one open item per post (the database's rule), its score,
//! and hiding the post it is about.

use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, ExprTrait, PaginatorTrait, QueryFilter, QuerySelect,
};

use super::notify;
use crate::error::{AppError, AppResult};
use crate::model::{Escalation, NotificationKind, QueueAlerts, QueueSource, QueueStatus, Role};
use crate::server::db::now;
use crate::server::entities::{forum_mentor, notification, post, queue_item, user};
use crate::server::permissions::{Action, Viewer, check};

/// The partial unique indexes' condition, as the conflict target of an
/// insert names it: a literal, since SQLite must see that it implies the
/// index's `WHERE status = 'open'` (a bound parameter would not).
pub fn open_only() -> Expr {
    Expr::cust("status = 'open'")
}

/// The post's open queue item, opened now if it has none, keeping
/// `snapshot` (its text when it was reported or caught) as the evidence;
/// true when this call opened it. `origin` is the source ("flags" or
/// "filter") and, for a filter, the rules that fired. One open item per
/// post is the database's rule (a partial unique index): of two calls at
/// once, one opens it and the other finds it. On PostgreSQL the item's row
/// stays locked until the caller commits.
///
/// A newly opened item is announced to the people who look after the forum
/// ([`announce_to_moderators`]), except `actor` (who caused it).
pub async fn open_item_for(
    db: &impl ConnectionTrait,
    post: &post::Model,
    forum_id: i32,
    snapshot: &str,
    origin: (QueueSource, &str),
    actor: i32,
) -> AppResult<(queue_item::Model, bool)> {
    let opened = queue_item::Entity::insert(queue_item::ActiveModel {
        post_id: Set(post.id),
        forum_id: Set(forum_id),
        status: Set(QueueStatus::Open),
        score: Set(0),
        snapshot: Set(snapshot.to_string()),
        escalation: Set(Escalation::None),
        created_at: Set(now()),
        source: Set(origin.0),
        rules: Set(origin.1.into()),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::column(queue_item::Column::PostId)
            .target_and_where(open_only())
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    let item = queue_item::Entity::find()
        .filter(queue_item::Column::PostId.eq(post.id))
        .filter(queue_item::Column::Status.eq(QueueStatus::Open))
        .lock_exclusive()
        .one(db)
        .await?
        .ok_or_else(|| AppError::internal("the open queue item just written is missing"))?;
    if opened == 1 {
        announce_to_moderators(db, post, forum_id, origin.0, actor).await?;
    }
    Ok((item, opened == 1))
}

/// Tells the forum's mentors that an item about `post` is waiting; a forum
/// with no mentors tells the global leaders, so someone always hears. One
/// statement for everyone, in the caller's transaction, to those whose
/// [`QueueAlerts`] is `each` (Discourse's reviewable notifications are the
/// model).
pub async fn announce_to_moderators(
    db: &impl ConnectionTrait,
    post: &post::Model,
    forum_id: i32,
    source: QueueSource,
    actor: i32,
) -> AppResult<()> {
    let mut people: Vec<i32> = forum_mentor::Entity::find()
        .filter(forum_mentor::Column::ForumId.eq(forum_id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.user_id)
        .collect();
    if people.is_empty() {
        people = user::Entity::find()
            .select_only()
            .column(user::Column::Id)
            .filter(user::Column::Role.eq(Role::GlobalLeader))
            .into_tuple()
            .all(db)
            .await?;
    }
    people.retain(|id| *id != actor && *id != post.author_id);
    if people.is_empty() {
        return Ok(());
    }
    let message = match source {
        QueueSource::Flags => {
            "A post in a forum you look after was reported and waits in the queue."
        }
        QueueSource::Filter => {
            "A post in a forum you look after was caught by a filter and waits in the queue."
        }
    };
    announce_waiting(db, people, Some(post.topic_id), post.id, message).await
}

/// Tells those of `people` who hear of each item ([`QueueAlerts::Each`];
/// the others get a daily digest or nothing, and the header count) that
/// something about `post_id` waits in the queue: one statement, in the
/// caller's transaction.
pub async fn announce_waiting(
    db: &impl ConnectionTrait,
    people: Vec<i32>,
    topic_id: Option<i32>,
    post_id: i32,
    message: &str,
) -> AppResult<()> {
    let people: Vec<i32> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .filter(user::Column::Id.is_in(people))
        .filter(user::Column::QueueAlerts.eq(QueueAlerts::Each))
        .into_tuple()
        .all(db)
        .await?;
    if people.is_empty() {
        return Ok(());
    }
    let rows: Vec<_> = people
        .into_iter()
        .map(|id| {
            notify::row(
                id,
                NotificationKind::ItemWaiting,
                None,
                topic_id,
                Some(post_id),
                message.to_string(),
            )
        })
        .collect();
    notification::Entity::insert_many(rows).exec(db).await?;
    Ok(())
}

/// How many open items `viewer` may act on, counted up to `cap`: the
/// number beside "Queue" in the header. Reads two columns of the open
/// items only (there are few), and asks `permissions` about each.
pub async fn count_open_for(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    cap: u64,
) -> AppResult<u64> {
    let open: Vec<(i32, Escalation)> = queue_item::Entity::find()
        .select_only()
        .column(queue_item::Column::ForumId)
        .column(queue_item::Column::Escalation)
        .filter(queue_item::Column::Status.eq(QueueStatus::Open))
        .into_tuple()
        .all(db)
        .await?;
    let at = now();
    let count = open
        .into_iter()
        .filter(|(forum_id, escalation)| {
            check(
                Some(viewer),
                Action::HandleItem {
                    forum_id: *forum_id,
                    escalation: *escalation,
                },
                at,
            )
            .is_ok()
        })
        .count() as u64;
    // Private messages to review (held, or with open reports) wait for
    // leaders and staff in the same queue.
    let messages = if check(Some(viewer), Action::ReviewMessages, at).is_ok() {
        use crate::server::entities::{message, message_report};
        let reported: Vec<i32> = message_report::Entity::find()
            .select_only()
            .column(message_report::Column::MessageId)
            .filter(message_report::Column::Status.eq(crate::model::FlagStatus::Open))
            .distinct()
            .into_tuple()
            .all(db)
            .await?;
        let held = message::Entity::find()
            .filter(message::Column::Review.eq(crate::model::Review::Pending))
            .filter(message::Column::Blocked.eq(false))
            .count(db)
            .await?;
        reported.len() as u64 + held
    } else {
        0
    };
    Ok(std::cmp::min(count + messages, cap))
}

/// Adds `weight` (negative to take away) to an item's score in one
/// statement and returns the new score.
pub async fn add_score(db: &impl ConnectionTrait, item_id: i32, weight: i32) -> AppResult<i32> {
    queue_item::Entity::update_many()
        .col_expr(
            queue_item::Column::Score,
            Expr::col(queue_item::Column::Score).add(weight),
        )
        .filter(queue_item::Column::Id.eq(item_id))
        .exec(db)
        .await?;
    Ok(queue_item::Entity::find_by_id(item_id)
        .one(db)
        .await?
        .map_or(0, |item| item.score))
}

/// Hides a post unless it is hidden already; true when this call hid it,
/// so the automatic hide is recorded and announced exactly once.
pub async fn hide_once(db: &impl ConnectionTrait, post_id: i32) -> AppResult<bool> {
    let hidden = post::Entity::update_many()
        .col_expr(post::Column::HiddenAt, Expr::value(Some(now())))
        .filter(post::Column::Id.eq(post_id))
        .filter(post::Column::HiddenAt.is_null())
        .exec(db)
        .await?;
    Ok(hidden.rows_affected == 1)
}

/// A moderator hides a post (`reason`: why, in general terms, shown to its
/// author) or shows it again (`None`).
pub async fn set_hidden(
    db: &impl ConnectionTrait,
    post_id: i32,
    reason: Option<&str>,
) -> AppResult<()> {
    let at = reason.map(|_| now());
    post::Entity::update_many()
        .col_expr(post::Column::HiddenAt, Expr::value(at))
        .col_expr(
            post::Column::HiddenReason,
            Expr::value(reason.map(str::to_string)),
        )
        .filter(post::Column::Id.eq(post_id))
        .exec(db)
        .await?;
    Ok(())
}

pub fn escalation_of(item: &queue_item::Model) -> Escalation {
    item.escalation
}

/// An open item the viewer may handle.
pub async fn handleable(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    item_id: i32,
) -> AppResult<queue_item::Model> {
    let item = queue_item::Entity::find_by_id(item_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    check(
        viewer,
        Action::HandleItem {
            forum_id: item.forum_id,
            escalation: escalation_of(&item),
        },
        now(),
    )?;
    Ok(item)
}
