//! A person's standing: the account state their suspensions set, their
//! warnings and suspensions, and how often their reports were agreed with.

use std::collections::HashMap;

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

use crate::error::AppResult;
use crate::model::{AccountState, FlagStatus, SanctionKind};
use crate::server::entities::{flag, sanction, user};

/// Sets an account's suspension from its suspensions that stand (not
/// reversed on appeal): suspended while any of them lasts, until the
/// latest end (indefinitely if one has no end), active otherwise. A short
/// suspension never shortens a longer one, and a reversed one gives back
/// only the time no other covers.
pub async fn apply_suspensions(
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

/// (agreed, disagreed) flags of a person: their flag accuracy.
pub async fn accuracy(db: &impl ConnectionTrait, user_id: i32) -> AppResult<(u64, u64)> {
    Ok(accuracies(db, &[user_id])
        .await?
        .remove(&user_id)
        .unwrap_or_default())
}

/// [`accuracy`] of several people, in one grouped query.
pub async fn accuracies(
    db: &impl ConnectionTrait,
    user_ids: &[i32],
) -> AppResult<HashMap<i32, (u64, u64)>> {
    let rows: Vec<(i32, FlagStatus, i64)> = flag::Entity::find()
        .select_only()
        .column(flag::Column::FlaggerId)
        .column(flag::Column::Status)
        .column_as(flag::Column::Id.count(), "n")
        .filter(flag::Column::FlaggerId.is_in(user_ids.iter().copied()))
        .filter(flag::Column::Status.is_in([FlagStatus::Agreed, FlagStatus::Disagreed]))
        .group_by(flag::Column::FlaggerId)
        .group_by(flag::Column::Status)
        .into_tuple()
        .all(db)
        .await?;
    Ok(tally(user_ids, rows, FlagStatus::Agreed))
}

/// Per person asked about, (count of `first`, count of the other kind)
/// from grouped (person, kind, count) rows; (0, 0) for anyone with none.
pub fn tally<K: PartialEq>(
    user_ids: &[i32],
    rows: Vec<(i32, K, i64)>,
    first: K,
) -> HashMap<i32, (u64, u64)> {
    let mut counts: HashMap<i32, (u64, u64)> = user_ids.iter().map(|id| (*id, (0, 0))).collect();
    for (id, kind, n) in rows {
        let slot = counts.entry(id).or_default();
        let n = u64::try_from(n).unwrap_or(0);
        if kind == first {
            slot.0 += n;
        } else {
            slot.1 += n;
        }
    }
    counts
}

/// Takes a badge away after a decision (`restore` false), or gives it back
/// when an appeal reverses that decision: the listener badge, or mentoring
/// `forum_id`. Returns whether anything changed.
pub async fn set_badge(
    db: &impl ConnectionTrait,
    user_id: i32,
    kind: SanctionKind,
    forum_id: i32,
    restore: bool,
) -> AppResult<bool> {
    use crate::server::entities::forum_mentor;
    use sea_orm::sea_query::OnConflict;
    let changed = match kind {
        SanctionKind::ListenerRemoved => {
            user::Entity::update_many()
                .col_expr(user::Column::IsListener, Expr::value(restore))
                .filter(user::Column::Id.eq(user_id))
                .filter(user::Column::IsListener.eq(!restore))
                .exec(db)
                .await?
                .rows_affected
        }
        SanctionKind::MentorRemoved if restore => {
            forum_mentor::Entity::insert(forum_mentor::ActiveModel {
                forum_id: sea_orm::ActiveValue::Set(forum_id),
                user_id: sea_orm::ActiveValue::Set(user_id),
            })
            .on_conflict(
                OnConflict::columns([forum_mentor::Column::ForumId, forum_mentor::Column::UserId])
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(db)
            .await?
        }
        SanctionKind::MentorRemoved => {
            forum_mentor::Entity::delete_many()
                .filter(forum_mentor::Column::UserId.eq(user_id))
                .filter(forum_mentor::Column::ForumId.eq(forum_id))
                .exec(db)
                .await?
                .rows_affected
        }
        SanctionKind::Warning | SanctionKind::Suspension => 0,
    };
    Ok(changed > 0)
}
