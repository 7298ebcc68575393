//! Safety filter rules and their verdict on a text. Staff write phrase
//! rules (a phrase or /regex/, an action, all forums or one); the contact
//! detector is a built-in rule whose action staff can set per scope. When
//! several rules fire, the strictest action wins: block, then hold, then
//! flag, then censor. Haven ships no word list: a single word is never a
//! rule unless staff write one.

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DatabaseConnection, EntityTrait,
    QueryOrder, QuerySelect,
};

use crate::error::{AppError, AppResult};
use crate::model::{FilterEventView, FilterRuleView, FiltersPage};
use crate::server::db::now;
use crate::server::entities::{filter_event, filter_rule, forum};
use crate::server::permissions::{Action, Viewer, allows, check};
use crate::server::services::base::{audit, people, screen};

pub use crate::model::FilterAction;

/// A new rule as staff write it.
#[derive(Debug, Clone)]
pub struct NewRule {
    /// A phrase or /regex/; ignored for the contact rule.
    pub pattern: String,
    pub is_contact: bool,
    pub action: FilterAction,
    /// None: every forum.
    pub forum_id: Option<i32>,
    /// Private messages only (then `forum_id` is None).
    pub messages_only: bool,
    /// Shown to the author when the rule blocks their post.
    pub message: String,
}

/// Adds a rule (staff only); the pattern must compile.
pub async fn create_rule(
    db: &DatabaseConnection,
    viewer: Option<&Viewer>,
    rule: NewRule,
) -> AppResult<i32> {
    check(viewer, Action::ManageFilters, now())?;
    let viewer = viewer.ok_or(AppError::Unauthorized)?;
    if !rule.is_contact {
        safety::rules::compile(0, &rule.pattern)
            .map_err(|e| AppError::field("pattern", e.to_string()))?;
    }
    if let Some(forum_id) = rule.forum_id {
        forum::Entity::find_by_id(forum_id)
            .one(db)
            .await?
            .ok_or_else(|| AppError::field("forum_id", "There is no such forum."))?;
    }
    // The rule and its audit row commit together.
    let txn = crate::server::db::begin_write(db).await?;
    let row = filter_rule::ActiveModel {
        pattern: Set(if rule.is_contact {
            String::new()
        } else {
            rule.pattern.trim().to_string()
        }),
        is_contact: Set(rule.is_contact),
        action: Set(rule.action),
        forum_id: Set(if rule.messages_only {
            None
        } else {
            rule.forum_id
        }),
        messages_only: Set(rule.messages_only),
        message: Set(rule.message.trim().to_string()),
        created_by: Set(viewer.id),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let what = if rule.is_contact {
        "contact rule".to_string()
    } else {
        format!("“{}”", row.pattern)
    };
    audit::record(
        &txn,
        Some(viewer.id),
        "rule_create",
        ("rule", row.id),
        &format!("{what}: {}", rule.action.as_str()),
    )
    .await?;
    txn.commit().await?;
    Ok(row.id)
}

/// Removes a rule (staff only).
pub async fn delete_rule(
    db: &DatabaseConnection,
    viewer: Option<&Viewer>,
    rule_id: i32,
) -> AppResult<()> {
    check(viewer, Action::ManageFilters, now())?;
    let viewer = viewer.ok_or(AppError::Unauthorized)?;
    let rule = filter_rule::Entity::find_by_id(rule_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let txn = crate::server::db::begin_write(db).await?;
    let deleted = filter_rule::Entity::delete_by_id(rule.id)
        .exec(&txn)
        .await?;
    if deleted.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    audit::record(
        &txn,
        Some(viewer.id),
        "rule_delete",
        ("rule", rule.id),
        &rule.pattern,
    )
    .await?;
    txn.commit().await?;
    screen::forget_rule(rule.id);
    Ok(())
}

/// How many automatic actions the filters page lists.
pub const EVENTS_SHOWN: u64 = 50;

/// The filters page: staff manage rules; global leaders and staff review
/// what the filters did, with the texts as typed.
pub async fn page(db: &impl ConnectionTrait, viewer: Option<&Viewer>) -> AppResult<FiltersPage> {
    let at = now();
    check(viewer, Action::ReadAuditLog, at)?;
    let can_manage = allows(viewer, Action::ManageFilters, at);
    let forums: Vec<forum::Model> = forum::Entity::find()
        .order_by_asc(forum::Column::Position)
        .all(db)
        .await?;
    let forum_name = |id: i32| {
        forums
            .iter()
            .find(|f| f.id == id)
            .map(|f| f.name.clone())
            .unwrap_or_default()
    };
    let rules = if can_manage {
        filter_rule::Entity::find()
            .order_by_asc(filter_rule::Column::Id)
            .all(db)
            .await?
    } else {
        Vec::new()
    };
    let events = filter_event::Entity::find()
        .order_by_desc(filter_event::Column::Id)
        .limit(EVENTS_SHOWN)
        .all(db)
        .await?;
    let mut people: Vec<i32> = rules.iter().map(|r| r.created_by).collect();
    people.extend(events.iter().map(|e| e.user_id));
    let people = people::summaries(db, &people).await?;
    Ok(FiltersPage {
        can_manage,
        rules: rules
            .into_iter()
            .filter_map(|r| {
                Some(FilterRuleView {
                    id: r.id,
                    forum_name: r.forum_id.map(forum_name),
                    messages_only: r.messages_only,
                    created_by: people.get(&r.created_by)?.clone(),
                    pattern: r.pattern,
                    is_contact: r.is_contact,
                    action: r.action,
                    message: r.message,
                    created_at: r.created_at,
                })
            })
            .collect(),
        events: events
            .into_iter()
            .filter_map(|e| {
                // A private message's text stays in the record: leaders
                // read one only when it is held or reported.
                let private_message = e.message_id.is_some();
                Some(FilterEventView {
                    id: e.id,
                    author: people.get(&e.user_id)?.clone(),
                    forum_name: e.forum_id.map(forum_name).unwrap_or_default(),
                    post_id: e.post_id,
                    private_message,
                    action: e.action,
                    rules: e.rules,
                    title: e.title,
                    body: if private_message {
                        String::new()
                    } else {
                        e.body
                    },
                    created_at: e.created_at,
                })
            })
            .collect(),
        forums: forums.into_iter().map(|f| (f.id, f.name)).collect(),
        contact_default: FilterAction::Hold,
        contact_teen_default: FilterAction::Block,
    })
}
