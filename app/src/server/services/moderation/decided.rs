//! After the decision: the resolved list (who decided what, and why), and
//! reopening a decision within a day.

use super::*;
use crate::model::DecidedItemView;
use crate::server::permissions::REOPEN_WITHIN_HOURS;
use crate::server::services::base::{audit, people};

/// How many settled items the resolved list shows.
pub const RESOLVED_PAGE: u64 = 50;

/// Settled items the viewer could have handled, newest decision first;
/// `forum` (an id) and `outcome` narrow the list.
pub async fn resolved(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    forum_id: Option<i32>,
    outcome: Option<Outcome>,
) -> AppResult<Vec<DecidedItemView>> {
    let viewer = viewer.ok_or(AppError::Unauthorized)?;
    check(Some(viewer), Action::Moderate, now())?;
    let mut query =
        queue_item::Entity::find().filter(queue_item::Column::Status.eq(QueueStatus::Resolved));
    if let Some(forum_id) = forum_id {
        query = query.filter(queue_item::Column::ForumId.eq(forum_id));
    }
    if let Some(outcome) = outcome {
        query = query.filter(queue_item::Column::Outcome.eq(outcome.as_str()));
    }
    // Only the forums the viewer moderates; escalation is checked per row
    // (a mentor does not see what went to leaders).
    let forum_names: HashMap<i32, String> =
        queue_forums(db, Some(viewer)).await?.into_iter().collect();
    let at = now();
    let items: Vec<queue_item::Model> = query
        .filter(queue_item::Column::ForumId.is_in(forum_names.keys().copied()))
        .order_by_desc(queue_item::Column::ResolvedAt)
        .order_by_desc(queue_item::Column::Id)
        .limit(RESOLVED_PAGE)
        .all(db)
        .await?
        .into_iter()
        .filter(|item| {
            allows(
                Some(viewer),
                Action::HandleItem {
                    forum_id: item.forum_id,
                    escalation: item.escalation,
                },
                at,
            )
        })
        .collect();
    let posts = posts_of(db, &items).await?;
    let mut ids: Vec<i32> = posts.values().map(|p| p.author_id).collect();
    ids.extend(items.iter().filter_map(|i| i.resolved_by));
    let people = people::summaries(db, &ids).await?;
    let reports: HashMap<i32, i64> = flag::Entity::find()
        .select_only()
        .column(flag::Column::ItemId)
        .column_as(flag::Column::Id.count(), "n")
        .filter(flag::Column::ItemId.is_in(items.iter().map(|i| i.id)))
        .filter(flag::Column::Status.ne(FlagStatus::Withdrawn))
        .group_by(flag::Column::ItemId)
        .into_tuple::<(i32, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(items
        .into_iter()
        .filter_map(|item| {
            let post = posts.get(&item.post_id)?;
            Some(DecidedItemView {
                id: item.id,
                post_id: item.post_id,
                forum_name: forum_names.get(&item.forum_id).cloned().unwrap_or_default(),
                author: people.get(&post.author_id)?.clone(),
                snapshot: item.snapshot.clone(),
                outcome: item.outcome.unwrap_or(Outcome::NoAction),
                held: item.rules.contains("(hold)"),
                note: item.resolution_note.clone().unwrap_or_default(),
                decided_by: item.resolved_by.and_then(|id| people.get(&id).cloned()),
                decided_at: item.resolved_at,
                reports: reports
                    .get(&item.id)
                    .copied()
                    .unwrap_or_default()
                    .unsigned_abs(),
                can_reopen: item.resolved_at.is_some_and(|resolved_at| {
                    allows(Some(viewer), Action::ReopenItem { resolved_at }, at)
                }),
            })
        })
        .collect())
}

/// A leader reopens a decision made in the last day: the item is back in
/// the queue, unclaimed, with its reports open again. What the decision
/// did stays until the next one undoes it: "Keep it, no action" shows a
/// hidden post again; a warning or suspension is lifted by an appeal.
/// Fails when a newer item for the post is already open.
pub async fn reopen(
    db: &DatabaseConnection,
    viewer: Option<&Viewer>,
    item_id: i32,
    note: &str,
) -> AppResult<()> {
    let note = note.trim();
    let item = queue_item::Entity::find_by_id(item_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    check(
        viewer,
        Action::HandleItem {
            forum_id: item.forum_id,
            escalation: item.escalation,
        },
        now(),
    )?;
    let resolved_at = item
        .resolved_at
        .filter(|_| item.status == QueueStatus::Resolved)
        .ok_or_else(|| AppError::Conflict("This item is still open.".into()))?;
    check(viewer, Action::ReopenItem { resolved_at }, now())?;
    let viewer = viewer.ok_or(AppError::Unauthorized)?;
    if note.is_empty() {
        return Err(AppError::field(
            "note",
            "Say why you are reopening it: it goes on the record.",
        ));
    }
    let txn = crate::server::db::begin_write(db).await?;
    let window = now() - chrono::Duration::hours(REOPEN_WITHIN_HOURS);
    // Guarded: still resolved, still recent. One open item per post is a
    // unique index, so a newer open item makes this fail, not duplicate.
    let reopened = queue_item::Entity::update_many()
        .col_expr(queue_item::Column::Status, Expr::value(QueueStatus::Open))
        .col_expr(
            queue_item::Column::Outcome,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            queue_item::Column::ClaimedBy,
            Expr::value(Option::<i32>::None),
        )
        .filter(queue_item::Column::Id.eq(item_id))
        .filter(queue_item::Column::Status.eq(QueueStatus::Resolved))
        .filter(queue_item::Column::ResolvedAt.gt(window))
        .exec(&txn)
        .await
        .map_err(already_open)?;
    if reopened.rows_affected == 0 {
        return Err(AppError::Conflict(
            "This decision was already reopened, or is too old to reopen.".into(),
        ));
    }
    flag::Entity::update_many()
        .col_expr(flag::Column::Status, Expr::value(FlagStatus::Open))
        .filter(flag::Column::ItemId.eq(item_id))
        .filter(flag::Column::Status.is_in([FlagStatus::Agreed, FlagStatus::Disagreed]))
        .exec(&txn)
        .await
        .map_err(already_open)?;
    audit::record(
        &txn,
        Some(viewer.id),
        "reopen",
        ("queue_item", item_id),
        note,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

fn already_open(err: sea_orm::DbErr) -> AppError {
    match err.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => AppError::Conflict(
            "A newer report of this post is open in the queue: decide that one instead.".into(),
        ),
        _ => err.into(),
    }
}
