//! Reminding global leaders of items nobody handled in time.

use super::*;
use crate::server::services::base::{audit, notify};

/// Tells global leaders about items unhandled for longer than the configured
/// age, once per item; the queue already shows them as overdue. Run by the
/// server on a timer. Returns how many items were reported.
pub async fn notify_overdue(
    db: &DatabaseConnection,
    config: &ModerationConfig,
) -> AppResult<usize> {
    let at = now();
    let overdue = queue_item::Entity::find()
        .filter(queue_item::Column::Status.eq(QueueStatus::Open))
        .filter(queue_item::Column::OverdueNotifiedAt.is_null())
        .filter(queue_item::Column::CreatedAt.lt(at - config.overdue_after))
        .order_by_asc(queue_item::Column::Id)
        .all(db)
        .await?;
    if overdue.is_empty() {
        return Ok(0);
    }
    let leaders = user::Entity::find()
        .filter(user::Column::Role.eq(Role::GlobalLeader.as_str()))
        .all(db)
        .await?;
    let mut reported = 0;
    for item in overdue {
        let txn = crate::server::db::begin_write(db).await?;
        // Marked in a guarded UPDATE: two servers never both send it.
        let marked = queue_item::Entity::update_many()
            .col_expr(queue_item::Column::OverdueNotifiedAt, Expr::value(at))
            .filter(queue_item::Column::Id.eq(item.id))
            .filter(queue_item::Column::OverdueNotifiedAt.is_null())
            .exec(&txn)
            .await?;
        if marked.rows_affected == 0 {
            continue;
        }
        let hours = (at - item.created_at).num_hours();
        for leader in &leaders {
            notify::create(
                &txn,
                leader.id,
                NotificationKind::QueueOverdue,
                None,
                None,
                Some(item.post_id),
                format!("A report has waited {hours} hours without being handled."),
            )
            .await?;
        }
        audit::record(
            &txn,
            None,
            "overdue",
            ("queue_item", item.id),
            &format!("unhandled for {hours} hours; leaders notified"),
        )
        .await?;
        txn.commit().await?;
        reported += 1;
    }
    Ok(reported)
}
