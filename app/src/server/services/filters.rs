//! Safety filter rules and their verdict on a text. Staff write phrase
//! rules (a phrase or /regex/, an action, all forums or one); the contact
//! detector is a built-in rule whose action staff can set per scope. When
//! several rules fire, the strictest action wins: block, then hold, then
//! flag, then censor. Haven ships no word list: a single word is never a
//! rule unless staff write one.

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait,
    QueryFilter, QueryOrder,
};

use crate::error::{AppError, AppResult};
use crate::model::Restriction;
use crate::server::entities::{filter_rule, forum};
use crate::server::now;
use crate::server::permissions::{Action, Viewer, check};
use crate::server::services::audit;

/// What a rule does to a post it matches, mildest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FilterAction {
    /// Posted with the matched part masked.
    Censor,
    /// Posted, and a system flag puts it in the moderation queue.
    Flag,
    /// Kept for review; its author sees it as pending.
    Hold,
    /// Refused with the rule's message; the typed text stays in the form.
    Block,
}

impl FilterAction {
    pub fn as_str(self) -> &'static str {
        match self {
            FilterAction::Censor => "censor",
            FilterAction::Flag => "flag",
            FilterAction::Hold => "hold",
            FilterAction::Block => "block",
        }
    }

    pub fn parse(s: &str) -> Option<FilterAction> {
        [
            FilterAction::Censor,
            FilterAction::Flag,
            FilterAction::Hold,
            FilterAction::Block,
        ]
        .into_iter()
        .find(|a| a.as_str() == s)
    }
}

/// A new rule as staff write it.
#[derive(Debug, Clone)]
pub struct NewRule {
    /// A phrase or /regex/; ignored for the contact rule.
    pub pattern: String,
    pub is_contact: bool,
    pub action: FilterAction,
    /// None: every forum.
    pub forum_id: Option<i32>,
    /// Shown to the author when the rule blocks their post.
    pub message: String,
}

/// Adds a rule (staff only); the pattern must compile.
pub async fn create_rule(
    db: &impl ConnectionTrait,
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
    let row = filter_rule::ActiveModel {
        pattern: Set(if rule.is_contact {
            String::new()
        } else {
            rule.pattern.trim().to_string()
        }),
        is_contact: Set(rule.is_contact),
        action: Set(rule.action.as_str().into()),
        forum_id: Set(rule.forum_id),
        message: Set(rule.message.trim().to_string()),
        created_by: Set(viewer.id),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let what = if rule.is_contact {
        "contact rule".to_string()
    } else {
        format!("“{}”", row.pattern)
    };
    audit::record(
        db,
        Some(viewer.id),
        "rule_create",
        ("rule", row.id),
        &format!("{what}: {}", rule.action.as_str()),
    )
    .await?;
    Ok(row.id)
}

/// Removes a rule (staff only).
pub async fn delete_rule(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    rule_id: i32,
) -> AppResult<()> {
    check(viewer, Action::ManageFilters, now())?;
    let viewer = viewer.ok_or(AppError::Unauthorized)?;
    let rule = filter_rule::Entity::find_by_id(rule_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    filter_rule::Entity::delete_by_id(rule.id).exec(db).await?;
    audit::record(
        db,
        Some(viewer.id),
        "rule_delete",
        ("rule", rule.id),
        &rule.pattern,
    )
    .await
}

/// One rule that fired.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fired {
    /// None: the built-in contact rule at its default action.
    pub rule_id: Option<i32>,
    /// "contact", or the rule's pattern.
    pub name: String,
    pub action: FilterAction,
    pub message: String,
}

/// The filters' verdict on the texts of one post (its title and body).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Verdict {
    /// The strictest action of the rules that fired.
    pub action: Option<FilterAction>,
    pub fired: Vec<Fired>,
    /// The texts with censored parts masked (unchanged when nothing censors).
    pub texts: Vec<String>,
}

/// The contact rule's action in a forum: a rule for that forum, else one
/// for all forums, else hold (block in teen forums).
fn contact_action(
    rules: &[filter_rule::Model],
    forum: &forum::Model,
) -> (Option<i32>, FilterAction, String) {
    let pick = |r: &&filter_rule::Model| r.is_contact;
    let specific = rules
        .iter()
        .filter(pick)
        .find(|r| r.forum_id == Some(forum.id));
    let general = rules.iter().filter(pick).find(|r| r.forum_id.is_none());
    match specific.or(general) {
        Some(rule) => (
            Some(rule.id),
            FilterAction::parse(&rule.action).unwrap_or(FilterAction::Hold),
            rule.message.clone(),
        ),
        None if Restriction::parse(&forum.restriction) == Some(Restriction::TeensOnly) => {
            (None, FilterAction::Block, String::new())
        }
        None => (None, FilterAction::Hold, String::new()),
    }
}

/// Masks characters `[start, end)` of `text` (indices in characters).
fn mask(text: &str, spans: &[(usize, usize)]) -> String {
    text.chars()
        .enumerate()
        .map(|(i, c)| {
            if !c.is_whitespace() && spans.iter().any(|(s, e)| (*s..*e).contains(&i)) {
                '•'
            } else {
                c
            }
        })
        .collect()
}

/// Runs every rule that applies in `forum` over `texts`.
pub async fn evaluate(
    db: &impl ConnectionTrait,
    detector: &safety::Detector,
    forum: &forum::Model,
    texts: &[&str],
) -> AppResult<Verdict> {
    let rules = filter_rule::Entity::find()
        .filter(
            Condition::any()
                .add(filter_rule::Column::ForumId.is_null())
                .add(filter_rule::Column::ForumId.eq(forum.id)),
        )
        .order_by_asc(filter_rule::Column::Id)
        .all(db)
        .await?;
    let mut verdict = Verdict {
        texts: texts.iter().map(|t| t.to_string()).collect(),
        ..Default::default()
    };
    let mut contact = false;
    for (index, text) in texts.iter().enumerate() {
        let norm = safety::normalize(text);
        contact |= detector.detect_normalized(&norm).contact;
        for rule in rules.iter().filter(|r| !r.is_contact) {
            let Ok(compiled) = safety::rules::compile(rule.id, &rule.pattern) else {
                continue;
            };
            let found = compiled.find(&norm);
            if found.is_empty() {
                continue;
            }
            let action = FilterAction::parse(&rule.action).unwrap_or(FilterAction::Flag);
            if action == FilterAction::Censor {
                let spans: Vec<(usize, usize)> =
                    found.iter().map(|(s, e)| norm.span(*s, *e)).collect();
                verdict.texts[index] = mask(&verdict.texts[index], &spans);
            }
            if !verdict.fired.iter().any(|f| f.rule_id == Some(rule.id)) {
                verdict.fired.push(Fired {
                    rule_id: Some(rule.id),
                    name: rule.pattern.clone(),
                    action,
                    message: rule.message.clone(),
                });
            }
        }
    }
    if contact {
        let (rule_id, action, message) = contact_action(&rules, forum);
        verdict.fired.push(Fired {
            rule_id,
            name: "contact".into(),
            action,
            message,
        });
    }
    verdict.action = verdict.fired.iter().map(|f| f.action).max();
    Ok(verdict)
}
