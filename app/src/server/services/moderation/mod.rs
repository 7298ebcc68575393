//! Flags and the moderation queue: a person reports a post, the report joins
//! the post's queue item, enough weight hides the post until someone looks,
//! and a mentor, leader or staff member settles the item. The people who
//! reported are told at once that their report arrived, and later what came
//! of it; every moderator action goes into the audit log.

use std::collections::HashMap;

use chrono::Duration;
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, ExprTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, OnConflict},
};

use crate::error::{AppError, AppResult, FieldError};
use crate::model::NotificationKind;
use crate::model::{AppealStatus, FlagStatus, QueueSource, QueueStatus, Review, SanctionKind};
use crate::model::{
    Escalation, FlagReason, FlagView, MAX_FLAG_NOTE_CHARS, MyReportView, Outcome, QueueItemView,
    Role, SanctionView,
};
use crate::server::db::now;
use crate::server::entities::{appeal, flag, forum, post, queue_item, sanction, topic, user};
use crate::server::permissions::{Action, Viewer, allows, check};
use crate::server::services::base::items::*;

mod decided;
mod flags;
mod message_reports;
mod overdue;
mod queue;
mod resolve;
mod sanctions;
mod topics;

pub use decided::*;
pub use flags::*;
pub use message_reports::*;
pub use overdue::*;
pub use queue::*;
pub use resolve::*;
pub use sanctions::*;
pub use topics::*;

/// Tunable rules of moderation.
#[derive(Debug, Clone, Copy)]
pub struct ModerationConfig {
    /// An item whose open flags weigh this much hides its post at once.
    pub auto_hide_score: i32,
    /// Reports one person may make in 24 hours.
    pub daily_flag_limit: u64,
    /// Items unhandled for longer than this are overdue.
    pub overdue_after: Duration,
}

impl Default for ModerationConfig {
    fn default() -> Self {
        Self {
            auto_hide_score: 3,
            daily_flag_limit: 20,
            overdue_after: Duration::hours(24),
        }
    }
}

/// The posts the items are about, by id, in one query.
async fn posts_of(
    db: &impl ConnectionTrait,
    items: &[queue_item::Model],
) -> AppResult<HashMap<i32, post::Model>> {
    Ok(post::Entity::find()
        .filter(post::Column::Id.is_in(items.iter().map(|i| i.post_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect())
}

/// The page that explains what happens after a report.
pub const AFTER_A_REPORT: &str = "/help/reports";
