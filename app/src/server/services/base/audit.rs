//! Recording audit entries, in the caller's transaction: an action and its
//! entry commit together. (Browsing the log is the `audit` use case.)

use sea_orm::ActiveValue::Set;
use sea_orm::{ActiveModelTrait, ConnectionTrait};

use crate::error::AppResult;
use crate::server::db::now;
use crate::server::entities::audit_log;

/// Records one entry; `actor` None means the system did it.
pub async fn record(
    db: &impl ConnectionTrait,
    actor: Option<i32>,
    action: &str,
    target: (&str, i32),
    reason: &str,
) -> AppResult<()> {
    audit_log::ActiveModel {
        actor_id: Set(actor),
        action: Set(action.into()),
        target_type: Set(target.0.into()),
        target_id: Set(target.1),
        reason: Set(reason.into()),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}
