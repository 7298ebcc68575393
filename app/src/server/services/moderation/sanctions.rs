//! Warnings and suspensions: recording them, a person's record, and the
//! account state a suspension sets.

use super::*;

pub(super) async fn sanction(
    db: &impl ConnectionTrait,
    user_id: i32,
    kind: SanctionKind,
    reason: &str,
    item: &queue_item::Model,
    issued_by: i32,
    until: Option<chrono::DateTime<chrono::Utc>>,
) -> AppResult<sanction::Model> {
    record_sanction(
        db,
        about_item(item),
        (user_id, kind, reason),
        issued_by,
        until,
    )
    .await
}

/// What a sanction decided on a queue item names: the item and its post.
pub(super) fn about_item(item: &queue_item::Model) -> sanction::ActiveModel {
    sanction::ActiveModel {
        post_id: Set(Some(item.post_id)),
        item_id: Set(Some(item.id)),
        ..Default::default()
    }
}

/// Suspends `user_id` until `until` (None: until further notice) for
/// `note`, about a post's item or a message (`about`): the sanction, the
/// account state, the audit row. Returns the sentence the person is told.
pub(super) async fn suspend(
    txn: &impl ConnectionTrait,
    about: sanction::ActiveModel,
    (user_id, note): (i32, &str),
    moderator_id: i32,
    until: Option<chrono::DateTime<chrono::Utc>>,
) -> AppResult<String> {
    use crate::server::services::base::{audit, standing};
    let who = (user_id, SanctionKind::Suspension, note);
    record_sanction(txn, about, who, moderator_id, until).await?;
    standing::apply_suspensions(txn, user_id, now()).await?;
    audit::record(txn, Some(moderator_id), "suspend", ("user", user_id), note).await?;
    let until = match until {
        Some(until) => format!("until {}", until.format("%Y-%m-%d %H:%M UTC")),
        None => "until further notice".to_string(),
    };
    Ok(format!("Your account is suspended {until}: {note}"))
}

/// Records a sanction `about` a post's item or a message (the columns set
/// in `about`): `who` gets `kind` for `reason`.
pub(super) async fn record_sanction(
    db: &impl ConnectionTrait,
    about: sanction::ActiveModel,
    (user_id, kind, reason): (i32, SanctionKind, &str),
    issued_by: i32,
    until: Option<chrono::DateTime<chrono::Utc>>,
) -> AppResult<sanction::Model> {
    Ok(sanction::ActiveModel {
        user_id: Set(user_id),
        kind: Set(kind),
        reason: Set(reason.into()),
        issued_by: Set(issued_by),
        until: Set(until),
        acknowledged_at: Set(None),
        created_at: Set(now()),
        ..about
    }
    .insert(db)
    .await?)
}

/// The viewer's warnings and suspensions, newest first.
pub async fn my_sanctions(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
) -> AppResult<Vec<SanctionView>> {
    let viewer = viewer.ok_or(AppError::Unauthorized)?;
    let rows = sanction::Entity::find()
        .filter(sanction::Column::UserId.eq(viewer.id))
        .order_by_desc(sanction::Column::Id)
        .all(db)
        .await?;
    let appeals: HashMap<i32, appeal::Model> = appeal::Entity::find()
        .filter(appeal::Column::SanctionId.is_in(rows.iter().map(|s| s.id)))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.sanction_id, a))
        .collect();
    Ok(rows
        .into_iter()
        .map(|s| {
            let appeal = appeals.get(&s.id);
            SanctionView {
                id: s.id,
                kind: s.kind,
                reason: s.reason,
                post_id: s.post_id,
                until: s.until,
                acknowledged: s.acknowledged_at.is_some(),
                created_at: s.created_at,
                reversed: s.reversed_at.is_some(),
                appeal_status: appeal.map(|a| a.status),
                appeal_decision: appeal
                    .filter(|a| a.status != AppealStatus::Open)
                    .map(|a| a.decision_note.clone()),
            }
        })
        .collect())
}

/// How many of the viewer's warnings and suspensions await acknowledgement.
pub async fn unacknowledged(db: &impl ConnectionTrait, user_id: i32) -> AppResult<u64> {
    Ok(sanction::Entity::find()
        .filter(sanction::Column::UserId.eq(user_id))
        .filter(sanction::Column::AcknowledgedAt.is_null())
        .count(db)
        .await?)
}

/// The viewer confirms they have read a warning or suspension.
pub async fn acknowledge(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    sanction_id: i32,
) -> AppResult<()> {
    let viewer = viewer.ok_or(AppError::Unauthorized)?;
    let done = sanction::Entity::update_many()
        .col_expr(sanction::Column::AcknowledgedAt, Expr::value(now()))
        .filter(sanction::Column::Id.eq(sanction_id))
        .filter(sanction::Column::UserId.eq(viewer.id))
        .filter(sanction::Column::AcknowledgedAt.is_null())
        .exec(db)
        .await?;
    if done.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}
