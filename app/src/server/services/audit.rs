//! The audit log: who did what to what, why and when. Services append to it
//! in the same transaction as the action; nothing updates or deletes a row.
//! Staff and global leaders browse it, newest first, filtered by actor,
//! action and kind of target.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::error::{AppError, AppResult};
use crate::model::{AUDIT_PER_PAGE, AuditEntryView, AuditFilter, AuditPage, UserSummary};
use crate::server::db::now;
use crate::server::entities::{audit_log, user};
use crate::server::permissions::{Action, Viewer, check};
use crate::server::services::base::people;

/// Where an entry's target can be looked at.
fn link(target_type: &str, target_id: i32, people: &HashMap<i32, UserSummary>) -> Option<String> {
    match target_type {
        "post" => Some(format!("/p/{target_id}")),
        "filter_event" | "rule" => Some("/filters".into()),
        "user" => people
            .get(&target_id)
            .map(|person| format!("/u/{}", person.username)),
        _ => None,
    }
}

/// One page of the log, newest first.
pub async fn browse(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    filter: &AuditFilter,
) -> AppResult<AuditPage> {
    check(viewer, Action::ReadAuditLog, now())?;
    let mut query = audit_log::Entity::find();
    let actor = filter.actor.trim().trim_start_matches('@');
    if actor.eq_ignore_ascii_case("system") {
        query = query.filter(audit_log::Column::ActorId.is_null());
    } else if !actor.is_empty() {
        let Some(person) = user::Entity::find()
            .filter(user::Column::UsernameKey.eq(actor.to_lowercase()))
            .one(db)
            .await?
        else {
            return Err(AppError::field("actor", "No one has that username."));
        };
        query = query.filter(audit_log::Column::ActorId.eq(person.id));
    }
    if !filter.action.trim().is_empty() {
        query = query.filter(audit_log::Column::Action.eq(filter.action.trim()));
    }
    if !filter.target_type.trim().is_empty() {
        query = query.filter(audit_log::Column::TargetType.eq(filter.target_type.trim()));
    }
    if let Some(before) = filter.before {
        query = query.filter(audit_log::Column::Id.lt(before));
    }
    let mut rows = query
        .order_by_desc(audit_log::Column::Id)
        .limit(AUDIT_PER_PAGE + 1)
        .all(db)
        .await?;
    let more = rows.len() as u64 > AUDIT_PER_PAGE;
    rows.truncate(AUDIT_PER_PAGE as usize);
    let mut ids: Vec<i32> = rows.iter().filter_map(|r| r.actor_id).collect();
    ids.extend(
        rows.iter()
            .filter(|r| r.target_type == "user")
            .map(|r| r.target_id),
    );
    let people = people::summaries(db, &ids).await?;
    Ok(AuditPage {
        next_before: if more {
            rows.last().map(|r| r.id)
        } else {
            None
        },
        entries: rows
            .into_iter()
            .map(|r| AuditEntryView {
                id: r.id,
                actor: r.actor_id.and_then(|id| people.get(&id).cloned()),
                target_link: link(&r.target_type, r.target_id, &people),
                action: r.action,
                target_type: r.target_type,
                target_id: r.target_id,
                reason: r.reason,
                created_at: r.created_at,
            })
            .collect(),
    })
}
