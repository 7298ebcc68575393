//! Warnings and suspensions: recording them, a person's record, and the
//! account state a suspension sets.

use super::*;

/// Sets an account's suspension from its suspensions that stand (not
/// reversed on appeal): suspended while any of them lasts, until the
/// latest end (indefinitely if one has no end), active otherwise. A short
/// suspension never shortens a longer one, and a reversed one gives back
/// only the time no other covers.
pub(crate) async fn apply_suspensions(
    db: &impl ConnectionTrait,
    user_id: i32,
    at: chrono::DateTime<chrono::Utc>,
) -> AppResult<()> {
    let standing: Vec<Option<chrono::DateTime<chrono::Utc>>> = sanction::Entity::find()
        .filter(sanction::Column::UserId.eq(user_id))
        .filter(sanction::Column::Kind.eq(SanctionKind::Suspension))
        .filter(sanction::Column::ReversedAt.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|s| s.until)
        .filter(|until| until.is_none_or(|until| until > at))
        .collect();
    let (state, until) = if standing.is_empty() {
        (AccountState::Active, None)
    } else if standing.iter().any(Option::is_none) {
        (AccountState::Suspended, None)
    } else {
        (
            AccountState::Suspended,
            standing.into_iter().flatten().max(),
        )
    };
    user::Entity::update_many()
        .col_expr(user::Column::AccountState, Expr::value(state))
        .col_expr(user::Column::SuspendedUntil, Expr::value(until))
        .filter(user::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

/// (warnings, suspensions) a person has received.
pub async fn history(db: &impl ConnectionTrait, user_id: i32) -> AppResult<(u64, u64)> {
    Ok(histories(db, &[user_id])
        .await?
        .remove(&user_id)
        .unwrap_or_default())
}

/// [`history`] of several people, in one grouped query.
pub async fn histories(
    db: &impl ConnectionTrait,
    user_ids: &[i32],
) -> AppResult<HashMap<i32, (u64, u64)>> {
    let rows: Vec<(i32, SanctionKind, i64)> = sanction::Entity::find()
        .select_only()
        .column(sanction::Column::UserId)
        .column(sanction::Column::Kind)
        .column_as(sanction::Column::Id.count(), "n")
        .filter(sanction::Column::UserId.is_in(user_ids.iter().copied()))
        .filter(sanction::Column::Kind.is_in([SanctionKind::Warning, SanctionKind::Suspension]))
        .filter(sanction::Column::ReversedAt.is_null())
        .group_by(sanction::Column::UserId)
        .group_by(sanction::Column::Kind)
        .into_tuple()
        .all(db)
        .await?;
    Ok(tally(user_ids, rows, SanctionKind::Warning))
}

pub(super) async fn sanction(
    db: &impl ConnectionTrait,
    user_id: i32,
    kind: SanctionKind,
    reason: &str,
    item: &queue_item::Model,
    issued_by: i32,
    until: Option<chrono::DateTime<chrono::Utc>>,
) -> AppResult<sanction::Model> {
    Ok(sanction::ActiveModel {
        user_id: Set(user_id),
        kind: Set(kind),
        reason: Set(reason.into()),
        post_id: Set(Some(item.post_id)),
        item_id: Set(Some(item.id)),
        issued_by: Set(issued_by),
        until: Set(until),
        acknowledged_at: Set(None),
        created_at: Set(now()),
        ..Default::default()
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
