//! Screening a text: the contact detector and staff rules give a verdict
//! (strictest action wins: block, then hold, then flag, then censor), and
//! the verdict is carried out in the writer's transaction. Managing the
//! rules is the `filters` use case.

use std::sync::{Arc, LazyLock, OnceLock, RwLock};

use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    QueryFilter, QueryOrder,
};

use super::{audit, items, notify};
use crate::error::{AppResult, FieldError};
use crate::model::{NotificationKind, QueueSource, Restriction};
use crate::server::db::now;
use crate::server::entities::{filter_event, filter_rule, forum, post, queue_item, topic};
use crate::server::permissions::Viewer;

static DETECTOR: OnceLock<safety::Detector> = OnceLock::new();

/// Sets the contact detector (with the crisis-line numbers it must never
/// flag) for this process. The server calls it once at start-up; until then,
/// and in tests, the detector has the default allow list.
pub fn configure(detector: safety::Detector) {
    // A second call keeps the first detector: configuration is start-up only.
    let _ = DETECTOR.set(detector);
}

/// Staff rules compiled once per rule (by id and pattern), not once per
/// text: a rule's pattern never changes after it is saved (a change is a
/// new rule), and a deleted rule's entry goes with it.
type RuleCache = std::collections::HashMap<i32, (String, Arc<safety::rules::CompiledRule>)>;

static COMPILED: LazyLock<RwLock<RuleCache>> = LazyLock::new(Default::default);

/// The compiled form of a staff rule; None if its pattern does not compile
/// (refused when saved, so only a rule written straight into the database).
fn compiled(rule: &filter_rule::Model) -> Option<Arc<safety::rules::CompiledRule>> {
    if let Ok(cache) = COMPILED.read()
        && let Some((pattern, compiled)) = cache.get(&rule.id)
        && *pattern == rule.pattern
    {
        return Some(compiled.clone());
    }
    let compiled = Arc::new(safety::rules::compile(rule.id, &rule.pattern).ok()?);
    if let Ok(mut cache) = COMPILED.write() {
        cache.insert(rule.id, (rule.pattern.clone(), compiled.clone()));
    }
    Some(compiled)
}

/// The process's contact detector.
pub fn detector() -> &'static safety::Detector {
    DETECTOR.get_or_init(safety::Detector::default)
}

/// Shown when the contact rule blocks a post and staff wrote no message.
pub const CONTACT_BLOCK_MESSAGE: &str = "Sharing ways to contact you off Haven (phone numbers, e-mail or home addresses, other apps) isn't allowed, for your safety. Your post was not published and your text is still here: take those details out and post again.";

/// Name of the verdict's entry when only the learned model read a text as
/// an invitation to talk elsewhere (no pattern found a contact detail).
pub const LIKELY_CONTACT: &str = "likely contact";

/// Whether a rule name is the contact detector's (patterns or model).
pub fn is_contact_rule(name: &str) -> bool {
    name == "contact" || name == LIKELY_CONTACT
}

/// What the author and the approving moderator are shown for a post held
/// or a message refused by the contact patterns: the first of `texts` the
/// patterns catch, explained (what was found, and where). The model's
/// guesses never hold a post, so they are not offered as the reason.
pub fn explain(texts: &[&str]) -> Option<crate::model::ContactExplanation> {
    texts
        .iter()
        .find_map(|text| explained(text, detector().detect(text)))
}

/// What moderators are shown for a queue item the contact detector put
/// there: the patterns' finding, or the sentence the learned model read as
/// an invitation to talk elsewhere (a flag, published meanwhile).
pub fn explain_for_review(texts: &[&str]) -> Option<crate::model::ContactExplanation> {
    texts
        .iter()
        .find_map(|text| explained(text, detector().detect_with_model(text)))
}

/// `found` in `text` as the parts a page highlights.
fn explained(text: &str, found: safety::Detection) -> Option<crate::model::ContactExplanation> {
    if !found.contact {
        return None;
    }
    let chars: Vec<char> = text.chars().collect();
    let mut parts: Vec<(String, bool)> = Vec::new();
    let mut at = 0;
    for &(start, end) in &found.spans {
        let (start, end) = (start.min(chars.len()), end.min(chars.len()));
        if start > at {
            parts.push((chars[at..start].iter().collect(), false));
        }
        if end > start.max(at) {
            parts.push((chars[start.max(at)..end].iter().collect(), true));
        }
        at = at.max(end);
    }
    if at < chars.len() {
        parts.push((chars[at..].iter().collect(), false));
    }
    let found = if found.learned {
        vec![LIKELY_DESCRIPTION.to_string()]
    } else {
        found
            .kinds
            .iter()
            .map(|k| k.describe().to_string())
            .collect()
    };
    Some(crate::model::ContactExplanation { found, parts })
}

/// How a detection by the learned model alone is described to moderators.
pub const LIKELY_DESCRIPTION: &str = "what reads like an invitation to talk somewhere else (the model's guess: no contact detail was found, so the post was flagged, not held)";

/// The parts of `texts` the contact detector caught, quoted for a message:
/// `“snap is pine_22”, “07700 900 123”`.
pub fn caught_parts(texts: &[&str]) -> String {
    explain(texts)
        .map(|e| {
            e.highlighted()
                .iter()
                .map(|text| format!("“{}”", text.trim()))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default()
}

/// Shown when a phrase rule blocks a post and staff wrote no message.
pub const RULE_BLOCK_MESSAGE: &str = "Part of this can't be posted in this forum. Your post was not published and your text is still here: change it and post again.";

pub use crate::model::FilterAction;

/// One rule that fired.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fired {
    /// None: the built-in contact rule at its default action.
    pub rule_id: Option<i32>,
    /// "contact", or the rule's pattern.
    pub name: String,
    pub action: FilterAction,
    pub message: String,
    /// Which of the evaluated texts it matched (0: the first).
    pub texts: Vec<usize>,
    /// For the contact rule: the parts it caught, quoted, so the author
    /// sees what to take out.
    pub caught: String,
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
        Some(rule) => (Some(rule.id), rule.action, rule.message.clone()),
        None if forum.restriction == Restriction::TeensOnly => {
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
        .filter(filter_rule::Column::MessagesOnly.eq(false))
        .order_by_asc(filter_rule::Column::Id)
        .all(db)
        .await?;
    let contact = contact_action(&rules, forum);
    Ok(run(&rules, contact, detector, texts))
}

/// Runs the rules for private messages over `texts`: the rules for all
/// forums and those for messages only (staff can be stricter there), and
/// the contact rule (its messages-only action, else its all-forums action,
/// else hold). In a conversation that includes a teen, contact details are
/// always blocked, whatever a rule says.
pub async fn evaluate_message(
    db: &impl ConnectionTrait,
    detector: &safety::Detector,
    with_teen: bool,
    texts: &[&str],
) -> AppResult<Verdict> {
    let rules = filter_rule::Entity::find()
        .filter(filter_rule::Column::ForumId.is_null())
        .order_by_asc(filter_rule::Column::Id)
        .all(db)
        .await?;
    let contact_rule = |messages_only: bool| {
        rules
            .iter()
            .find(|r| r.is_contact && r.messages_only == messages_only)
    };
    let general = contact_rule(true).or(contact_rule(false));
    let contact = match general {
        _ if with_teen => (
            general.map(|r| r.id),
            FilterAction::Block,
            general.map(|r| r.message.clone()).unwrap_or_default(),
        ),
        Some(rule) => (Some(rule.id), rule.action, rule.message.clone()),
        None => (None, FilterAction::Hold, String::new()),
    };
    Ok(run(&rules, contact, detector, texts))
}

/// The verdict of `rules` (and the contact rule acting as `contact`) on
/// `texts`.
fn run(
    rules: &[filter_rule::Model],
    contact: (Option<i32>, FilterAction, String),
    detector: &safety::Detector,
    texts: &[&str],
) -> Verdict {
    let mut verdict = Verdict {
        texts: texts.iter().map(|t| t.to_string()).collect(),
        ..Default::default()
    };
    let mut contact_in = Vec::new();
    let mut likely_in = Vec::new();
    for (index, text) in texts.iter().enumerate() {
        let norm = safety::normalize(text);
        let found = detector.detect_normalized_with_model(&norm);
        if found.learned {
            likely_in.push(index);
        } else if found.contact {
            contact_in.push(index);
        }
        for rule in rules.iter().filter(|r| !r.is_contact) {
            let Some(compiled) = compiled(rule) else {
                continue;
            };
            let found = compiled.find(&norm);
            if found.is_empty() {
                continue;
            }
            let action = rule.action;
            if action == FilterAction::Censor {
                let spans: Vec<(usize, usize)> =
                    found.iter().map(|(s, e)| norm.span(*s, *e)).collect();
                verdict.texts[index] = mask(&verdict.texts[index], &spans);
            }
            match verdict
                .fired
                .iter_mut()
                .find(|f| f.rule_id == Some(rule.id))
            {
                Some(fired) => fired.texts.push(index),
                None => verdict.fired.push(Fired {
                    rule_id: Some(rule.id),
                    name: rule.pattern.clone(),
                    action,
                    message: rule.message.clone(),
                    texts: vec![index],
                    caught: String::new(),
                }),
            }
        }
    }
    if !contact_in.is_empty() {
        let (rule_id, action, message) = contact;
        let caught_in: Vec<&str> = contact_in
            .iter()
            .filter_map(|i| texts.get(*i).copied())
            .collect();
        verdict.fired.push(Fired {
            rule_id,
            name: "contact".into(),
            action,
            message,
            texts: contact_in,
            caught: caught_parts(&caught_in),
        });
    }
    // Only the model read a text as an invitation to talk elsewhere: a
    // guess with no contact detail in it, so it only flags (published, in
    // the queue with the sentence it read), whatever the contact rule's
    // action. Where a pattern fired too, the contact rule already acts.
    if !likely_in.is_empty() && !verdict.fired.iter().any(|f| f.name == "contact") {
        verdict.fired.push(Fired {
            rule_id: None,
            name: LIKELY_CONTACT.into(),
            action: FilterAction::Flag,
            message: String::new(),
            texts: likely_in,
            caught: String::new(),
        });
    }
    verdict.action = verdict.fired.iter().map(|f| f.action).max();
    verdict
}

/// What a post looked like when its author sent it, before any masking.
#[derive(Debug, Clone, Copy)]
pub struct Typed<'a> {
    pub title: &'a str,
    pub body: &'a str,
}

/// Keeps a blocked post's text for review and logs the block as done by
/// the system, in one transaction of its own (the post itself is refused),
/// so the record stays even though the author's request fails.
pub async fn record_block(
    db: &DatabaseConnection,
    author: &Viewer,
    forum: &forum::Model,
    typed: Typed<'_>,
    verdict: &Verdict,
) -> AppResult<i32> {
    let txn = crate::server::db::begin_write(db).await?;
    let event = insert_event(&txn, author, forum, None, typed, verdict).await?;
    audit::record(
        &txn,
        None,
        "filter_block",
        ("filter_event", event),
        &verdict.summary(),
    )
    .await?;
    txn.commit().await?;
    Ok(event)
}

async fn insert_event(
    db: &impl ConnectionTrait,
    author: &Viewer,
    forum: &forum::Model,
    post_id: Option<i32>,
    typed: Typed<'_>,
    verdict: &Verdict,
) -> AppResult<i32> {
    let action = verdict.action.unwrap_or(FilterAction::Flag);
    let row = filter_event::ActiveModel {
        user_id: Set(author.id),
        forum_id: Set(Some(forum.id)),
        post_id: Set(post_id),
        message_id: Set(None),
        action: Set(action),
        rules: Set(verdict.summary()),
        title: Set(typed.title.to_string()),
        body: Set(typed.body.to_string()),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(row.id)
}

/// Records what the filters did to a private message (or a refused
/// attempt, kept as a message nobody is shown), with the text as typed, in
/// the caller's transaction.
pub async fn record_message_event(
    db: &impl ConnectionTrait,
    author_id: i32,
    message_id: i32,
    action: FilterAction,
    rules: &str,
    body: &str,
) -> AppResult<()> {
    filter_event::ActiveModel {
        user_id: Set(author_id),
        forum_id: Set(None),
        post_id: Set(None),
        message_id: Set(Some(message_id)),
        action: Set(action),
        rules: Set(rules.to_string()),
        title: Set(String::new()),
        body: Set(body.to_string()),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Carries out a verdict on a post just written or edited, inside the
/// caller's transaction: keeps the typed text, logs the action as the
/// system's, and puts a held or flagged post in the moderation queue (a
/// held post's author is told it waits for approval). The post was already
/// stored masked (censor) or pending (hold) by the caller.
pub async fn carry_out(
    txn: &impl ConnectionTrait,
    author: &Viewer,
    forum: &forum::Model,
    topic: &topic::Model,
    post: &post::Model,
    typed: Typed<'_>,
    verdict: &Verdict,
) -> AppResult<()> {
    let Some(action) = verdict.action else {
        return Ok(());
    };
    insert_event(txn, author, forum, Some(post.id), typed, verdict).await?;
    let summary = verdict.summary();
    audit::record(
        txn,
        None,
        &format!("filter_{}", action.as_str()),
        ("post", post.id),
        &summary,
    )
    .await?;
    if !matches!(action, FilterAction::Hold | FilterAction::Flag) {
        return Ok(());
    }
    let (item, opened) = items::open_item_for(
        txn,
        post,
        forum.id,
        typed.body,
        (QueueSource::Filter, &summary),
        author.id,
    )
    .await?;
    if !opened {
        // Already waiting (reports, or an earlier filtered version): the
        // item now also names these rules.
        let rules = if item.rules.is_empty() {
            summary
        } else {
            format!("{}; {summary}", item.rules)
        };
        queue_item::Entity::update_many()
            .col_expr(queue_item::Column::Rules, Expr::value(rules))
            .filter(queue_item::Column::Id.eq(item.id))
            .exec(txn)
            .await?;
    }
    if action == FilterAction::Hold {
        notify::create(
            txn,
            author.id,
            NotificationKind::PostHeld,
            None,
            Some(topic.id),
            Some(post.id),
            format!(
                "Your post in “{}” is waiting for a moderator to approve it. Only you can see it until then.",
                topic.title
            ),
        )
        .await?;
    }
    Ok(())
}

impl Fired {
    /// What the author is told when this rule blocks their post.
    pub fn block_message(&self) -> String {
        let message = match (self.message.trim(), self.name.as_str()) {
            ("", "contact") => CONTACT_BLOCK_MESSAGE,
            ("", _) => RULE_BLOCK_MESSAGE,
            (message, _) => message,
        };
        if self.caught.is_empty() {
            message.to_string()
        } else {
            format!("{message} What was caught: {}.", self.caught)
        }
    }
}

impl Verdict {
    /// The rules that fired and their actions, for the audit log and the
    /// queue: `contact (hold), “meet up” (flag)`.
    pub fn summary(&self) -> String {
        self.fired
            .iter()
            .map(|f| {
                let name = if is_contact_rule(&f.name) {
                    f.name.clone()
                } else {
                    format!("“{}”", f.name)
                };
                format!("{name} ({})", f.action.as_str())
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Why a blocked post was refused, one message per field (`fields`
    /// names the evaluated texts in order); each blocking rule's message
    /// goes on the field it matched.
    pub fn block_errors(&self, fields: &[&str]) -> Vec<FieldError> {
        let mut errors: Vec<FieldError> = Vec::new();
        for fired in self
            .fired
            .iter()
            .filter(|f| f.action == FilterAction::Block)
        {
            for index in &fired.texts {
                let field = fields.get(*index).copied().unwrap_or("body");
                let message = fired.block_message();
                match errors.iter_mut().find(|e| e.field == field) {
                    Some(e) if !e.message.contains(&message) => {
                        e.message.push(' ');
                        e.message.push_str(&message);
                    }
                    Some(_) => {}
                    None => errors.push(FieldError {
                        field: field.to_string(),
                        message,
                    }),
                }
            }
        }
        errors
    }

    /// Whether the post waits for a moderator.
    pub fn holds(&self) -> bool {
        self.action == Some(FilterAction::Hold)
    }
}

/// Drops a deleted rule's compiled form.
pub fn forget_rule(rule_id: i32) {
    if let Ok(mut cache) = COMPILED.write() {
        cache.remove(&rule_id);
    }
}
