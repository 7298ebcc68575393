//! What a person chooses for themselves: a self-care break, and stepping
//! away (deactivation, then closing).
//!
//! - **Break**: until a date or until they end it. While on it they get no
//!   mention, reply, policy-update or queue notifications (moderation
//!   notices about their own account still arrive), are not notified when
//!   mentioned (the writer is told they are on a break), cannot post, and
//!   their profile says "on a break". They can read, upvote and report, and
//!   end the break with one click.
//! - **Deactivation**: they cannot post, their profile says deactivated,
//!   their posts stay. Logging in within [`REACTIVATE_WITHIN_DAYS`] undoes
//!   it; after that [`close_expired`] closes the account: the name becomes
//!   "former member", the bio, birth date, password, roles, badges,
//!   notifications and e-mail address are removed. Both are in the audit log.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter};

use crate::error::{AppError, AppResult};
use crate::model::{AccountState, Role, SelfCare};
use crate::server::db::{begin_write, now};
use crate::server::entities::{
    email_outbox, email_setting, email_token, forum_mentor, notification, user,
};
use crate::server::permissions::Viewer;
use crate::server::services::base::{audit, people};

/// How long a deactivated account can come back by logging in.
pub const REACTIVATE_WITHIN_DAYS: i64 = 30;

/// The longest break one can choose ahead (a break "until I end it" has
/// no end).
pub const MAX_BREAK_DAYS: i64 = 365;

/// The name a closed account is shown under.
pub const FORMER_MEMBER: &str = "former member";

use crate::server::services::base::people::signed_in;

/// The person's own break and account state, for the account page.
pub async fn mine(db: &impl ConnectionTrait, viewer: Option<&Viewer>) -> AppResult<SelfCare> {
    let viewer = signed_in(viewer)?;
    let user = user::Entity::find_by_id(viewer.id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let at = now();
    let on_break = people::on_break(user.break_started_at, user.break_until, at);
    Ok(SelfCare {
        on_break: on_break.is_some(),
        break_until: on_break.flatten(),
        deactivated: user.deactivated_at.is_some(),
    })
}

/// Starts a break until the end of `until` (UTC), or until they end it.
pub async fn start_break(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    until: Option<NaiveDate>,
) -> AppResult<()> {
    let viewer = signed_in(viewer)?;
    let at = now();
    let end = match until {
        None => None,
        Some(date) => {
            let end = date
                .succ_opt()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map(|t| t.and_utc())
                .ok_or_else(|| AppError::field("until", "That date is not valid."))?;
            if end <= at {
                return Err(AppError::field(
                    "until",
                    "Choose a day from today on, or leave it empty to take a break until you end it.",
                ));
            }
            if end - at > Duration::days(MAX_BREAK_DAYS + 1) {
                return Err(AppError::field(
                    "until",
                    "A break can be planned up to a year ahead; leave the date empty for one with no end.",
                ));
            }
            Some(end)
        }
    };
    user::Entity::update_many()
        .col_expr(user::Column::BreakStartedAt, Expr::value(Some(at)))
        .col_expr(user::Column::BreakUntil, Expr::value(end))
        .filter(user::Column::Id.eq(viewer.id))
        .exec(db)
        .await?;
    Ok(())
}

/// Ends the break now.
pub async fn end_break(db: &impl ConnectionTrait, viewer: Option<&Viewer>) -> AppResult<()> {
    let viewer = signed_in(viewer)?;
    user::Entity::update_many()
        .col_expr(
            user::Column::BreakStartedAt,
            Expr::value(None::<DateTime<Utc>>),
        )
        .col_expr(user::Column::BreakUntil, Expr::value(None::<DateTime<Utc>>))
        .filter(user::Column::Id.eq(viewer.id))
        .exec(db)
        .await?;
    Ok(())
}

/// Deactivates the account (the caller then ends the session). `confirm`
/// is the person ticking "I understand".
pub async fn deactivate(
    db: &DatabaseConnection,
    viewer: Option<&Viewer>,
    confirm: bool,
) -> AppResult<()> {
    let viewer = signed_in(viewer)?;
    if !confirm {
        return Err(AppError::field(
            "confirm",
            "Tick the box to confirm you want to deactivate your account.",
        ));
    }
    // Guarded: only an active account is deactivated, once.
    let update = user::Entity::update_many()
        .col_expr(user::Column::DeactivatedAt, Expr::value(Some(now())))
        .filter(user::Column::DeactivatedAt.is_null());
    change_and_audit(
        db,
        update,
        viewer.id,
        "account_deactivated",
        "deactivated by its owner",
    )
    .await?;
    Ok(())
}

/// Runs a guarded UPDATE of the person `user_id`'s row and, when it changed
/// the row, records `action` by them in the audit log, in one transaction.
/// Returns whether the row changed.
async fn change_and_audit(
    db: &DatabaseConnection,
    update: sea_orm::UpdateMany<user::Entity>,
    user_id: i32,
    action: &str,
    reason: &str,
) -> AppResult<bool> {
    let txn = begin_write(db).await?;
    let changed = update
        .filter(user::Column::Id.eq(user_id))
        .exec(&txn)
        .await?
        .rows_affected
        == 1;
    if changed {
        audit::record(&txn, Some(user_id), action, ("user", user_id), reason).await?;
    }
    txn.commit().await?;
    Ok(changed)
}

/// Called at login: a deactivated account that logs in within the window
/// is active again. Returns whether it was reactivated.
pub async fn reactivate_on_login(
    db: &DatabaseConnection,
    account: &user::Model,
) -> AppResult<bool> {
    if account.deactivated_at.is_none() || account.closed_at.is_some() {
        return Ok(false);
    }
    let cutoff = now() - Duration::days(REACTIVATE_WITHIN_DAYS);
    let update = user::Entity::update_many()
        .col_expr(
            user::Column::DeactivatedAt,
            Expr::value(None::<DateTime<Utc>>),
        )
        .filter(user::Column::DeactivatedAt.gt(cutoff))
        .filter(user::Column::ClosedAt.is_null());
    change_and_audit(
        db,
        update,
        account.id,
        "account_reactivated",
        "logged in again",
    )
    .await
}

/// Closes every account deactivated more than [`REACTIVATE_WITHIN_DAYS`]
/// ago (run by the server's periodic timer). Each is closed by one guarded
/// UPDATE, so two servers running this at once close it once. Returns how
/// many were closed.
pub async fn close_expired(db: &DatabaseConnection) -> AppResult<u64> {
    let cutoff = now() - Duration::days(REACTIVATE_WITHIN_DAYS);
    let due: Vec<i32> = user::Entity::find()
        .filter(user::Column::DeactivatedAt.lte(cutoff))
        .filter(user::Column::ClosedAt.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|u| u.id)
        .collect();
    let mut closed = 0;
    for id in due {
        let txn = begin_write(db).await?;
        let changed = user::Entity::update_many()
            .col_expr(user::Column::ClosedAt, Expr::value(Some(now())))
            .col_expr(user::Column::Username, Expr::value(FORMER_MEMBER))
            // Spaces never pass registration, so this key is never anyone's name.
            .col_expr(
                user::Column::UsernameKey,
                Expr::value(format!("{FORMER_MEMBER} {id}")),
            )
            .col_expr(user::Column::PasswordHash, Expr::value("closed"))
            .col_expr(user::Column::Bio, Expr::value(""))
            .col_expr(
                user::Column::BirthDate,
                Expr::value(NaiveDate::from_ymd_opt(1900, 1, 1)),
            )
            .col_expr(user::Column::Role, Expr::value(Role::Member.as_str()))
            .col_expr(user::Column::IsListener, Expr::value(false))
            .col_expr(
                user::Column::AccountState,
                Expr::value(AccountState::Active.as_str()),
            )
            .col_expr(
                user::Column::SuspendedUntil,
                Expr::value(None::<DateTime<Utc>>),
            )
            .col_expr(
                user::Column::BreakStartedAt,
                Expr::value(None::<DateTime<Utc>>),
            )
            .col_expr(user::Column::BreakUntil, Expr::value(None::<DateTime<Utc>>))
            .filter(user::Column::Id.eq(id))
            .filter(user::Column::DeactivatedAt.lte(cutoff))
            .filter(user::Column::ClosedAt.is_null())
            .exec(&txn)
            .await?
            .rows_affected;
        if changed == 1 {
            forum_mentor::Entity::delete_many()
                .filter(forum_mentor::Column::UserId.eq(id))
                .exec(&txn)
                .await?;
            notification::Entity::delete_many()
                .filter(notification::Column::UserId.eq(id))
                .exec(&txn)
                .await?;
            // The e-mail address and everything that would go to it.
            email_setting::Entity::delete_by_id(id).exec(&txn).await?;
            email_token::Entity::delete_many()
                .filter(email_token::Column::UserId.eq(id))
                .exec(&txn)
                .await?;
            email_outbox::Entity::delete_many()
                .filter(email_outbox::Column::UserId.eq(id))
                .exec(&txn)
                .await?;
            audit::record(
                &txn,
                None,
                "account_closed",
                ("user", id),
                "deactivated for more than 30 days",
            )
            .await?;
            closed += 1;
        }
        txn.commit().await?;
    }
    Ok(closed)
}
