//! Notifications: what happened that concerns a person.

use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::Expr,
};

use crate::error::{AppError, AppResult};
use crate::model::NotificationKind;
use crate::model::NotificationView;
use crate::server::db::now;
use crate::server::entities::notification;
use crate::server::permissions::Viewer;
use crate::server::services::base::people;

/// The unread count stops here (the header's shared cap).
pub const UNREAD_CAP: u64 = crate::model::HEADER_COUNT_CAP;

/// How many notifications the person has not read, up to [`UNREAD_CAP`].
pub async fn unread_count(db: &impl ConnectionTrait, user_id: i32) -> AppResult<u64> {
    let ids: Vec<i32> = notification::Entity::find()
        .select_only()
        .column(notification::Column::Id)
        .filter(notification::Column::UserId.eq(user_id))
        .filter(notification::Column::ReadAt.is_null())
        .limit(UNREAD_CAP)
        .into_tuple()
        .all(db)
        .await?;
    Ok(ids.len() as u64)
}

/// The viewer's latest notifications, newest first.
pub async fn list(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
) -> AppResult<Vec<NotificationView>> {
    let viewer = viewer.ok_or(AppError::Unauthorized)?;
    let rows = notification::Entity::find()
        .filter(notification::Column::UserId.eq(viewer.id))
        .order_by_desc(notification::Column::Id)
        .limit(100)
        .all(db)
        .await?;
    let actors: Vec<i32> = rows.iter().filter_map(|n| n.actor_id).collect();
    let people = people::summaries(db, &actors).await?;
    Ok(rows
        .into_iter()
        .map(|n| NotificationView {
            id: n.id,
            actor: n.actor_id.and_then(|id| people.get(&id).cloned()),
            // /p/{id} redirects to the page of the topic that holds the post.
            link: match (n.post_id, n.topic_id) {
                _ if matches!(
                    n.kind,
                    NotificationKind::Warning
                        | NotificationKind::Suspension
                        | NotificationKind::AppealDecided
                ) =>
                {
                    Some("/account/warnings".into())
                }
                _ if n.kind == NotificationKind::QueueOverdue => Some("/queue".into()),
                _ if n.kind == NotificationKind::AppealWaiting => Some("/queue/appeals".into()),
                (Some(p), _) => Some(format!("/p/{p}")),
                (None, Some(t)) => Some(format!("/t/{t}")),
                (None, None) => None,
            },
            kind: n.kind,
            message: n.message,
            read: n.read_at.is_some(),
            created_at: n.created_at,
        })
        .collect())
}

/// Marks all of the viewer's notifications read.
pub async fn mark_all_read(db: &impl ConnectionTrait, viewer: Option<&Viewer>) -> AppResult<()> {
    let viewer = viewer.ok_or(AppError::Unauthorized)?;
    notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(now()))
        .filter(notification::Column::UserId.eq(viewer.id))
        .filter(notification::Column::ReadAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}
