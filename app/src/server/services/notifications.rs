//! Notifications: what happened that concerns a person.

use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, ExprTrait, QueryFilter,
    QueryOrder, QuerySelect, sea_query::Expr,
};

use crate::error::{AppError, AppResult};
use crate::model::NotificationKind;
use crate::model::{NotificationView, QueueAlerts};
use crate::server::db::now;

use crate::server::entities::{notification, user};
use crate::server::permissions::{Action, Viewer, allows, check};
use crate::server::services::base::{items, notify, people};

/// Characters of a post shown under a mention or reply notice.
pub const EXCERPT_CHARS: usize = 160;

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
    let about: Vec<i32> = rows
        .iter()
        .filter(|n| matches!(n.kind, NotificationKind::Mention | NotificationKind::Reply))
        .filter_map(|n| n.post_id)
        .collect();
    let excerpts = notify::excerpts(db, viewer, &about, EXCERPT_CHARS).await?;
    Ok(rows
        .into_iter()
        .map(|n| {
            let actor = n.actor_id.and_then(|id| people.get(&id).cloned());
            // The page shows the actor's name (with badges) first: the
            // message does not repeat it.
            let message = match &actor {
                Some(a) => n
                    .message
                    .strip_prefix(&format!("{} ", a.username))
                    .map(str::to_string)
                    .unwrap_or_else(|| n.message.clone()),
                None => n.message.clone(),
            };
            (n, actor, message)
        })
        .map(|(n, actor, message)| NotificationView {
            id: n.id,
            actor,
            excerpt: n.post_id.and_then(|p| excerpts.get(&p).cloned()),
            topic_id: n.topic_id,
            link: notify::link(n.kind, n.post_id, n.topic_id),
            kind: n.kind,
            message,
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

/// How the viewer hears of new queue items; None for people who moderate
/// nothing (they have no queue).
pub async fn queue_alerts(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
) -> AppResult<Option<QueueAlerts>> {
    let viewer = viewer.ok_or(AppError::Unauthorized)?;
    if !allows(Some(viewer), Action::Moderate, now()) {
        return Ok(None);
    }
    Ok(user::Entity::find_by_id(viewer.id)
        .one(db)
        .await?
        .map(|u| u.queue_alerts))
}

/// The viewer chooses how they hear of new queue items.
pub async fn set_queue_alerts(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    choice: QueueAlerts,
) -> AppResult<()> {
    check(viewer, Action::Moderate, now())?;
    let viewer = viewer.ok_or(AppError::Unauthorized)?;
    user::Entity::update_many()
        .col_expr(user::Column::QueueAlerts, Expr::value(choice))
        .filter(user::Column::Id.eq(viewer.id))
        .exec(db)
        .await?;
    Ok(())
}

/// Sends each moderator who chose a daily digest, and whose last one is a
/// day old, one notification saying how many open items they could act
/// on (none when nothing waits). The guarded UPDATE of `queue_digest_at`
/// makes it once a day however many servers run this. Returns how many
/// digests went out.
pub async fn send_queue_digests(db: &DatabaseConnection) -> AppResult<usize> {
    let at = now();
    let due = at - chrono::Duration::hours(24);
    let candidates: Vec<people::Access> = people::access_query()
        .filter(user::Column::QueueAlerts.eq(QueueAlerts::Digest))
        .filter(
            user::Column::QueueDigestAt
                .is_null()
                .or(user::Column::QueueDigestAt.lt(due)),
        )
        .into_model()
        .all(db)
        .await?;
    let mut sent = 0;
    for candidate in candidates {
        let Some(person) = people::load_viewer(db, candidate.id).await? else {
            continue;
        };
        let waiting = items::count_open_for(db, &person, crate::model::HEADER_COUNT_CAP).await?;
        if waiting == 0 {
            continue;
        }
        let txn = crate::server::db::begin_write(db).await?;
        let claimed = user::Entity::update_many()
            .col_expr(user::Column::QueueDigestAt, Expr::value(at))
            .filter(user::Column::Id.eq(person.id))
            .filter(
                user::Column::QueueDigestAt
                    .is_null()
                    .or(user::Column::QueueDigestAt.lt(due)),
            )
            .exec(&txn)
            .await?;
        if claimed.rows_affected == 0 {
            continue;
        }
        let message = match waiting {
            1 => "Your daily queue digest: 1 item waits for you.".to_string(),
            n => format!(
                "Your daily queue digest: {} items wait for you.",
                crate::model::count_text(n)
            ),
        };
        notify::create(
            &txn,
            person.id,
            NotificationKind::ItemWaiting,
            None,
            None,
            None,
            message,
        )
        .await?;
        txn.commit().await?;
        sent += 1;
    }
    Ok(sent)
}
