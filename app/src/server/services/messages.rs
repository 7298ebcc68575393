//! Private messages (issue 20): conversations of up to eleven people,
//! under the same filters as posts, the teen rule, blocking and each
//! person's choice of who may write to them.
//!
//! Who may start a conversation with whom is decided in `permissions.rs`
//! (`Action::MessagePerson`); this module gathers the facts it needs.
//!
//! - **Who reads what**: the people in a conversation (until they leave).
//!   A supervised conversation (a teen forum's mentor with a teen) is also
//!   readable by the teen forums' mentors, global leaders and staff, and
//!   both people are shown that it is. Nobody else, staff included, can
//!   open a conversation.
//! - **Filters**: every message goes through the contact detector and the
//!   rules for all forums (`screen::evaluate_message`): block refuses it
//!   (the attempt is kept for review; the text stays in the composer),
//!   hold keeps it pending (only its author sees it), censor masks, flag
//!   records. With a teen in the conversation contact details are always
//!   blocked.
//! - **Size**: `conversations.member_count` is raised by a guarded UPDATE
//!   and capped by a CHECK: concurrent additions never pass eleven.
//! - **Rate**: at most [`MessagingConfig::conversations_per_hour`] new
//!   conversations per person per hour, counted under a lock on the
//!   person's row (concurrent starts cannot pass it). Refused first
//!   messages count too.
//! - **Reports**: a message can be reported by the people in its
//!   conversation (`moderation::report_message`); contact details sent to a
//!   teen are reported by the filter itself. While a report is open,
//!   leaders and staff can read the conversation, each read audited.

use std::collections::{HashMap, HashSet};

use chrono::Duration;
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::error::{AppError, AppResult};
use crate::model::{
    ConversationPage, ConversationSummary, EarlierMessage, HeldMessageView, InboxPage,
    MessagePolicy, MessageView, NotificationKind, Review, UserSummary,
};
use crate::server::db::{begin_write, now};
use crate::server::entities::{
    conversation, conversation_member, message, message_revision, post, user, user_block,
};
use crate::server::markdown;
use crate::server::permissions::{
    Action, ConversationFacts, ConversationSight, NEW_ACCOUNT_HOURS, Recipient, Viewer, check,
    conversation_sight, supervised,
};
use crate::server::services::base::conversations::{
    self, current_members, delivered, mentors_teens, visible_to,
};
use crate::server::services::base::{audit, content, notify, people, screen};

/// People one conversation can be started with.
pub const MAX_RECIPIENTS: usize = 10;
/// Everyone in a conversation (its starter and ten others); the database
/// holds the same number (migration 17).
pub const MAX_MEMBERS: i32 = 11;
/// Tunable rules of private messages.
#[derive(Debug, Clone, Copy)]
pub struct MessagingConfig {
    /// New conversations one person may start in an hour
    /// (`HAVEN_CONVERSATIONS_PER_HOUR`).
    pub conversations_per_hour: u64,
}

impl Default for MessagingConfig {
    fn default() -> Self {
        Self {
            conversations_per_hour: 10,
        }
    }
}
/// An edit refused because the message changed since the form was opened.
pub const EDIT_CONFLICT: &str = "This message changed since you started editing it (in another tab?). Your text is still in the form: reload the conversation to see the newest version, then save again.";
/// Messages on one page of a conversation.
pub const PAGE: u64 = 50;
/// Conversations listed in the inbox.
pub const INBOX: u64 = 50;
/// Characters of the newest message shown in the inbox.
pub const EXCERPT_CHARS: usize = 120;

use crate::server::services::base::people::signed_in;

/// Whether the account is new: under a day old, or without a published post.
async fn is_new(db: &impl ConnectionTrait, viewer: &Viewer) -> AppResult<bool> {
    let Some(row) = user::Entity::find_by_id(viewer.id).one(db).await? else {
        return Ok(true);
    };
    if row.created_at > now() - Duration::hours(NEW_ACCOUNT_HOURS) {
        return Ok(true);
    }
    let published = post::Entity::find()
        .filter(post::Column::AuthorId.eq(viewer.id))
        .filter(post::Column::Review.is_null())
        .filter(post::Column::HiddenAt.is_null())
        .one(db)
        .await?;
    Ok(published.is_none())
}

/// Whether `a` and `b` both wrote in one public topic.
async fn talked_in_public(db: &impl ConnectionTrait, a: i32, b: i32) -> AppResult<bool> {
    let topics: Vec<i32> = post::Entity::find()
        .select_only()
        .column(post::Column::TopicId)
        .filter(post::Column::AuthorId.eq(a))
        .filter(post::Column::Review.is_null())
        .distinct()
        .into_tuple()
        .all(db)
        .await?;
    if topics.is_empty() {
        return Ok(false);
    }
    Ok(post::Entity::find()
        .filter(post::Column::AuthorId.eq(b))
        .filter(post::Column::Review.is_null())
        .filter(post::Column::TopicId.is_in(topics))
        .one(db)
        .await?
        .is_some())
}

/// The conversations `user_id` is in (and did not leave).
async fn memberships(
    db: &impl ConnectionTrait,
    user_id: i32,
) -> AppResult<Vec<conversation_member::Model>> {
    Ok(conversation_member::Entity::find()
        .filter(conversation_member::Column::UserId.eq(user_id))
        .filter(conversation_member::Column::LeftAt.is_null())
        .all(db)
        .await?)
}

/// Whether `author` wrote to `reader` in a conversation they share.
async fn wrote_to(db: &impl ConnectionTrait, author: i32, reader: i32) -> AppResult<bool> {
    let shared: Vec<i32> = memberships(db, reader)
        .await?
        .into_iter()
        .map(|m| m.conversation_id)
        .collect();
    if shared.is_empty() {
        return Ok(false);
    }
    Ok(message::Entity::find()
        .filter(message::Column::AuthorId.eq(author))
        .filter(message::Column::ConversationId.is_in(shared))
        .filter(message::Column::Blocked.eq(false))
        .one(db)
        .await?
        .is_some())
}

/// What permissions need to know of `person` as a recipient of `viewer`.
async fn recipient(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    person: &user::Model,
) -> AppResult<Recipient> {
    let is_teen = people::is_teen(person.birth_date, now().date_naive());
    Ok(Recipient {
        id: person.id,
        is_teen,
        mentors_teens: mentors_teens(db, person.id).await?,
        reachable: person.closed_at.is_none() && person.deactivated_at.is_none(),
        blocked: people::blocked_either(db, viewer.id, person.id).await?,
        policy: person.message_policy.unwrap_or(MessagePolicy::Everyone),
        talked_in_public: talked_in_public(db, viewer.id, person.id).await?,
        wrote_to_viewer: wrote_to(db, person.id, viewer.id).await?,
    })
}

/// The names typed in the To field: trimmed, without `@`, each once.
fn parse_names(names: &[String]) -> AppResult<Vec<String>> {
    let mut seen = HashSet::new();
    let list: Vec<String> = names
        .iter()
        .flat_map(|n| n.split([',', ' ', '\n']))
        .map(|n| n.trim().trim_start_matches('@').to_string())
        .filter(|n| !n.is_empty())
        .filter(|n| seen.insert(n.to_lowercase()))
        .collect();
    if list.is_empty() {
        return Err(AppError::field(
            "to",
            "Who is it for? Enter at least one name.",
        ));
    }
    if list.len() > MAX_RECIPIENTS {
        return Err(AppError::field(
            "to",
            format!("A conversation can include at most {MAX_RECIPIENTS} other people."),
        ));
    }
    Ok(list)
}

/// Adds `user_id` to a conversation: the guarded UPDATE of
/// `member_count` holds the size limit under concurrent additions.
async fn add_member(
    txn: &impl ConnectionTrait,
    conversation_id: i32,
    user_id: i32,
) -> AppResult<()> {
    let raised = conversation::Entity::update_many()
        .col_expr(
            conversation::Column::MemberCount,
            sea_orm::ExprTrait::add(Expr::col(conversation::Column::MemberCount), 1),
        )
        .filter(conversation::Column::Id.eq(conversation_id))
        .filter(conversation::Column::MemberCount.lt(MAX_MEMBERS))
        .exec(txn)
        .await?;
    if raised.rows_affected != 1 {
        return Err(AppError::Conflict(format!(
            "A conversation can have at most {MAX_MEMBERS} people."
        )));
    }
    conversation_member::ActiveModel {
        conversation_id: Set(conversation_id),
        user_id: Set(user_id),
        joined_at: Set(now()),
        left_at: Set(None),
        last_read_message_id: Set(0),
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// What a filter verdict means for a message about to be stored.
struct Screened {
    html: String,
    mentioned: Vec<user::Model>,
    review: Option<Review>,
    rules: String,
    /// A rule flags it: delivered, and reported by the filters for leaders
    /// and staff to look at.
    flagged: Option<crate::model::FlagReason>,
    /// What the filters did (hold, censor, flag), when they did anything.
    action: Option<screen::FilterAction>,
}

/// Where a message goes: a conversation, or a new one with these people.
enum Place<'a> {
    Conversation(i32),
    New(&'a [user::Model]),
}

/// Screens `body`; a block is refused with the rule's message after the
/// attempt was kept as a message nobody in the conversation sees (for a
/// first message, in a conversation nobody was added to). Contact details
/// sent to a teen are also reported, by the filter, for leaders and staff
/// to review (they can remove the sender's teen-related badge).
async fn screen_message(
    db: &DatabaseConnection,
    viewer: &Viewer,
    place: Place<'_>,
    with_teen: bool,
    body: &str,
) -> AppResult<Screened> {
    let verdict = screen::evaluate_message(db, screen::detector(), with_teen, &[body]).await?;
    let rules = verdict.summary();
    if verdict.action == Some(screen::FilterAction::Block) {
        let txn = begin_write(db).await?;
        let conversation_id = match place {
            Place::Conversation(id) => id,
            Place::New(_) => {
                conversation::ActiveModel {
                    created_by: Set(viewer.id),
                    created_at: Set(now()),
                    last_message_at: Set(now()),
                    supervised: Set(false),
                    member_count: Set(0),
                    ..Default::default()
                }
                .insert(&txn)
                .await?
                .id
            }
        };
        let attempt = message::ActiveModel {
            conversation_id: Set(conversation_id),
            author_id: Set(viewer.id),
            body_source: Set(body.to_string()),
            body_html: Set(String::new()),
            created_at: Set(now()),
            review: Set(None),
            blocked: Set(true),
            filter_rules: Set(rules.clone()),
            hidden_at: Set(None),
            version: Set(1),
            edited_at: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        audit::record(&txn, None, "filter_block", ("message", attempt.id), &rules).await?;
        screen::record_message_event(
            &txn,
            viewer.id,
            attempt.id,
            screen::FilterAction::Block,
            &rules,
            body,
        )
        .await?;
        let contact = verdict.fired.iter().any(|f| f.name == "contact");
        if with_teen && contact {
            let mut snapshot = conversations::snapshot(&txn, &attempt).await?;
            if let Place::New(to) = place {
                snapshot.to = to.iter().map(|u| u.username.clone()).collect();
            }
            conversations::file_report(
                &txn,
                &attempt,
                None,
                crate::model::FlagReason::Contact,
                "Contact details in a conversation with a teen (refused by the filter).",
                &snapshot,
            )
            .await?;
        }
        txn.commit().await?;
        return Err(AppError::Validation(verdict.block_errors(&["body"])));
    }
    let shown = verdict.texts.first().cloned().unwrap_or_default();
    let (html, mentioned) = content::render(db, &shown).await?;
    Ok(Screened {
        html,
        mentioned,
        review: (verdict.action == Some(screen::FilterAction::Hold)).then_some(Review::Pending),
        flagged: (verdict.action == Some(screen::FilterAction::Flag)).then(|| {
            if verdict
                .fired
                .iter()
                .any(|f| screen::is_contact_rule(&f.name))
            {
                crate::model::FlagReason::Contact
            } else {
                crate::model::FlagReason::Other
            }
        }),
        action: verdict.action,
        rules,
    })
}

/// Stores a screened message in the caller's transaction, moves the
/// conversation's activity and the author's read mark, and tells the
/// members it mentions (a published message only).
async fn store(
    txn: &impl ConnectionTrait,
    viewer: &Viewer,
    conversation_id: i32,
    members: &[i32],
    body: &str,
    mut screened: Screened,
) -> AppResult<message::Model> {
    let at = now();
    let row = message::ActiveModel {
        conversation_id: Set(conversation_id),
        author_id: Set(viewer.id),
        body_source: Set(body.to_string()),
        body_html: Set(std::mem::take(&mut screened.html)),
        created_at: Set(at),
        review: Set(screened.review),
        blocked: Set(false),
        filter_rules: Set(screened.rules.clone()),
        hidden_at: Set(None),
        version: Set(1),
        edited_at: Set(None),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    conversation_member::Entity::update_many()
        .col_expr(
            conversation_member::Column::LastReadMessageId,
            Expr::value(row.id),
        )
        .filter(conversation_member::Column::ConversationId.eq(conversation_id))
        .filter(conversation_member::Column::UserId.eq(viewer.id))
        .exec(txn)
        .await?;
    record_verdict(txn, viewer.id, &row, body, &screened, false).await?;
    if row.review.is_some() {
        return Ok(row);
    }
    conversation::Entity::update_many()
        .col_expr(conversation::Column::LastMessageAt, Expr::value(at))
        .filter(conversation::Column::Id.eq(conversation_id))
        .exec(txn)
        .await?;
    // Mentions reach only the conversation's people, not on a break, not
    // blocked either way.
    for person in screened.mentioned {
        if person.id == viewer.id || !members.contains(&person.id) {
            continue;
        }
        let Some(target) = people::load_viewer(txn, person.id).await? else {
            continue;
        };
        if target.on_break.is_some() || people::blocked_either(txn, person.id, viewer.id).await? {
            continue;
        }
        notify::create(
            txn,
            person.id,
            NotificationKind::MessageMention,
            Some(viewer.id),
            None,
            None,
            format!(
                "{} mentioned you in a private conversation",
                viewer.username
            ),
        )
        .await?;
    }
    Ok(row)
}

/// Keeps what the filters did to a message just stored or edited, in the
/// caller's transaction: an audit entry and the filters' record with the
/// text as typed, and a report by the filters when a rule flags it.
async fn record_verdict(
    txn: &impl ConnectionTrait,
    author_id: i32,
    row: &message::Model,
    body: &str,
    screened: &Screened,
    edit: bool,
) -> AppResult<()> {
    if let Some(action) = screened.action {
        let kind = if edit {
            "filter_message_edit"
        } else {
            "filter_message"
        };
        audit::record(txn, None, kind, ("message", row.id), &screened.rules).await?;
        screen::record_message_event(txn, author_id, row.id, action, &screened.rules, body).await?;
    }
    if let Some(reason) = screened.flagged {
        let snapshot = conversations::snapshot(txn, row).await?;
        let note = if edit {
            format!("Caught by the filters in an edit: {}.", screened.rules)
        } else {
            format!("Caught by the filters: {}.", screened.rules)
        };
        conversations::file_report(txn, row, None, reason, &note, &snapshot).await?;
    }
    Ok(())
}

/// Starts a conversation with the people named in `to` and its first
/// message; returns its id.
pub async fn start(
    db: &DatabaseConnection,
    config: &MessagingConfig,
    viewer: Option<&Viewer>,
    to: &[String],
    body: &str,
) -> AppResult<i32> {
    let viewer = signed_in(viewer)?;
    let body = &crate::server::text::clean(body);
    let names = parse_names(to)?;
    if let Some(error) = content::validate_body(body) {
        return Err(AppError::Validation(vec![error]));
    }
    let sender_mentors_teens = mentors_teens(db, viewer.id).await?;
    let sender_new = is_new(db, viewer).await?;
    let mut recipients = Vec::new();
    for name in &names {
        let person = user::Entity::find()
            .filter(user::Column::UsernameKey.eq(name.to_lowercase()))
            .filter(user::Column::ClosedAt.is_null())
            .one(db)
            .await?
            .ok_or_else(|| AppError::field("to", format!("Nobody here is called {name}.")))?;
        let facts = recipient(db, viewer, &person).await?;
        let action = Action::MessagePerson {
            to: facts,
            sender_mentors_teens,
            sender_new,
        };
        check(Some(viewer), action, now()).map_err(|e| match e {
            AppError::Forbidden(why) if names.len() > 1 => {
                AppError::Forbidden(format!("{}: {why}", person.username))
            }
            other => other,
        })?;
        recipients.push((person, facts));
    }
    let with_teen = viewer.is_teen || recipients.iter().any(|(_, r)| r.is_teen);
    let is_supervised = recipients
        .iter()
        .any(|(_, r)| supervised(viewer.is_teen, r.is_teen));
    let per_hour = config.conversations_per_hour;
    let rate_error = || {
        AppError::Forbidden(format!(
            "You have started {per_hour} conversations in the last hour. Please wait a while, or write in one you have."
        ))
    };
    if started_last_hour(db, viewer.id).await? >= per_hour {
        return Err(rate_error());
    }
    let people: Vec<user::Model> = recipients.iter().map(|(p, _)| p.clone()).collect();
    let screened = screen_message(db, viewer, Place::New(&people), with_teen, body).await?;
    let txn = begin_write(db).await?;
    // Counted again under a lock on the person's row (SQLite's BEGIN
    // IMMEDIATE takes the write lock): starts sent at once are counted one
    // after the other, so none passes the limit.
    user::Entity::find_by_id(viewer.id)
        .lock_exclusive()
        .one(&txn)
        .await?;
    if started_last_hour(&txn, viewer.id).await? >= per_hour {
        return Err(rate_error());
    }
    let at = now();
    let conversation = conversation::ActiveModel {
        created_by: Set(viewer.id),
        created_at: Set(at),
        last_message_at: Set(at),
        supervised: Set(is_supervised),
        member_count: Set(0),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    add_member(&txn, conversation.id, viewer.id).await?;
    let mut members = vec![viewer.id];
    for (person, _) in &recipients {
        add_member(&txn, conversation.id, person.id).await?;
        members.push(person.id);
    }
    store(&txn, viewer, conversation.id, &members, body, screened).await?;
    txn.commit().await?;
    Ok(conversation.id)
}

/// Conversations `user_id` started in the last hour (refused first
/// messages included).
async fn started_last_hour(db: &impl ConnectionTrait, user_id: i32) -> AppResult<u64> {
    Ok(conversation::Entity::find()
        .filter(conversation::Column::CreatedBy.eq(user_id))
        .filter(conversation::Column::CreatedAt.gt(now() - Duration::hours(1)))
        .count(db)
        .await?)
}

/// Of the other people in a conversation: whether one of them and the
/// viewer blocked each other, and whether the conversation includes a teen.
async fn among(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    members: &[i32],
) -> AppResult<(bool, bool)> {
    let mut blocked = false;
    let mut with_teen = viewer.is_teen;
    for other in members.iter().filter(|id| **id != viewer.id) {
        blocked |= people::blocked_either(db, viewer.id, *other).await?;
        if let Some(person) = people::load_viewer(db, *other).await? {
            with_teen |= person.is_teen;
        }
    }
    Ok((blocked, with_teen))
}

/// Writes a message in a conversation the viewer is in.
pub async fn send(
    db: &DatabaseConnection,
    viewer: Option<&Viewer>,
    conversation_id: i32,
    body: &str,
) -> AppResult<MessageView> {
    let viewer = signed_in(viewer)?;
    let body = &crate::server::text::clean(body);
    let members = current_members(db, conversation_id).await?;
    let member = members.contains(&viewer.id);
    let (blocked, with_teen) = among(db, viewer, &members).await?;
    check(Some(viewer), Action::SendMessage { member, blocked }, now())?;
    if let Some(error) = content::validate_body(body) {
        return Err(AppError::Validation(vec![error]));
    }
    let screened = screen_message(
        db,
        viewer,
        Place::Conversation(conversation_id),
        with_teen,
        body,
    )
    .await?;
    let txn = begin_write(db).await?;
    let row = store(&txn, viewer, conversation_id, &members, body, screened).await?;
    txn.commit().await?;
    let author = people::summary(db, viewer.id).await?;
    Ok(view_of(row, author, viewer.id, true, Vec::new()))
}

/// What a reader of the conversation is shown of a message; `member`:
/// the viewer is in the conversation (only then can they edit their own).
fn view_of(
    row: message::Model,
    author: UserSummary,
    viewer_id: i32,
    member: bool,
    earlier: Vec<EarlierMessage>,
) -> MessageView {
    let mine = row.author_id == viewer_id;
    MessageView {
        mine,
        can_edit: mine && member && editable(&row),
        source: mine.then(|| row.body_source.clone()),
        id: row.id,
        author,
        body_html: row.body_html,
        created_at: row.created_at,
        pending: row.review == Some(Review::Pending),
        rejected: row.review == Some(Review::Rejected),
        hidden: row.hidden_at.is_some(),
        version: row.version,
        edited_at: row.edited_at,
        earlier,
    }
}

/// Delivered or waiting for review: not hidden, rejected or refused.
fn editable(row: &message::Model) -> bool {
    !row.blocked && row.hidden_at.is_none() && row.review != Some(Review::Rejected)
}

/// The earlier versions of these messages, newest first for each.
async fn earlier_versions(
    db: &impl ConnectionTrait,
    messages: &[i32],
) -> AppResult<HashMap<i32, Vec<EarlierMessage>>> {
    let mut out: HashMap<i32, Vec<EarlierMessage>> = HashMap::new();
    if messages.is_empty() {
        return Ok(out);
    }
    let rows = message_revision::Entity::find()
        .filter(message_revision::Column::MessageId.is_in(messages.iter().copied()))
        .order_by_desc(message_revision::Column::Version)
        .all(db)
        .await?;
    for r in rows {
        out.entry(r.message_id).or_default().push(EarlierMessage {
            version: r.version,
            body_html: r.body_html,
            written_at: r.written_at,
        });
    }
    Ok(out)
}

/// Edits a message the viewer sent, starting from `base_version`. The new
/// text is screened like a new message (a block refuses it and keeps the
/// attempt for review; a hold takes the message out of view until a
/// moderator delivers it); the version it replaces is kept whole in
/// `message_revisions`. The save is a guarded UPDATE on `base_version`: of
/// two edits from the same version one is saved, the other refused (409)
/// with its text left in the form. Mentions added by an edit notify nobody
/// (as Discourse, an edit does not ping again).
pub async fn edit(
    db: &DatabaseConnection,
    viewer: Option<&Viewer>,
    message_id: i32,
    base_version: i32,
    body: &str,
) -> AppResult<MessageView> {
    let viewer = signed_in(viewer)?;
    let body = &crate::server::text::clean(body);
    let row = message::Entity::find_by_id(message_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let members = current_members(db, row.conversation_id).await?;
    let (blocked, with_teen) = among(db, viewer, &members).await?;
    check(
        Some(viewer),
        Action::EditMessage {
            member: members.contains(&viewer.id),
            own: row.author_id == viewer.id,
            open: editable(&row),
            blocked,
        },
        now(),
    )?;
    if let Some(error) = content::validate_body(body) {
        return Err(AppError::Validation(vec![error]));
    }
    if base_version != row.version {
        return Err(AppError::Conflict(EDIT_CONFLICT.into()));
    }
    let mut screened = screen_message(
        db,
        viewer,
        Place::Conversation(row.conversation_id),
        with_teen,
        body,
    )
    .await?;
    let txn = begin_write(db).await?;
    let at = now();
    message_revision::ActiveModel {
        message_id: Set(row.id),
        version: Set(row.version),
        body_source: Set(row.body_source.clone()),
        body_html: Set(row.body_html.clone()),
        written_at: Set(row.edited_at.unwrap_or(row.created_at)),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| conflict_on_unique(e, EDIT_CONFLICT))?;
    // A hold takes it out of view; otherwise it keeps its state (a message
    // still waiting stays waiting).
    let review = screened.review.or(row.review);
    let saved = message::Entity::update_many()
        .col_expr(message::Column::BodySource, Expr::value(body.to_string()))
        .col_expr(
            message::Column::BodyHtml,
            Expr::value(std::mem::take(&mut screened.html)),
        )
        .col_expr(message::Column::Review, Expr::value(review))
        .col_expr(
            message::Column::FilterRules,
            Expr::value(screened.rules.clone()),
        )
        .col_expr(message::Column::Version, Expr::value(row.version + 1))
        .col_expr(message::Column::EditedAt, Expr::value(Some(at)))
        .filter(message::Column::Id.eq(row.id))
        .filter(message::Column::Version.eq(base_version))
        .filter(message::Column::Blocked.eq(false))
        .filter(message::Column::HiddenAt.is_null())
        .exec(&txn)
        .await?;
    if saved.rows_affected != 1 {
        return Err(AppError::Conflict(EDIT_CONFLICT.into()));
    }
    let row = message::Entity::find_by_id(row.id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    record_verdict(&txn, viewer.id, &row, body, &screened, true).await?;
    txn.commit().await?;
    let author = people::summary(db, viewer.id).await?;
    let earlier = earlier_versions(db, &[row.id])
        .await?
        .remove(&row.id)
        .unwrap_or_default();
    Ok(view_of(row, author, viewer.id, true, earlier))
}

/// A unique index refusing a second row written at the same moment is a
/// conflict the person can resolve (reload and try again), not a failure.
fn conflict_on_unique(error: sea_orm::DbErr, message: &str) -> AppError {
    match error.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => AppError::Conflict(message.into()),
        _ => error.into(),
    }
}

/// Held private messages, oldest first, for leaders and staff: each
/// message alone (its conversation stays private), with what held it.
pub async fn held(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
) -> AppResult<Vec<HeldMessageView>> {
    check(viewer, Action::ReviewMessages, now())?;
    let rows = message::Entity::find()
        .filter(message::Column::Review.eq(Review::Pending))
        .filter(message::Column::Blocked.eq(false))
        .order_by_asc(message::Column::Id)
        .limit(100)
        .all(db)
        .await?;
    let authors: Vec<i32> = rows.iter().map(|m| m.author_id).collect();
    let names = people::summaries(db, &authors).await?;
    Ok(rows
        .into_iter()
        .filter_map(|m| {
            Some(HeldMessageView {
                id: m.id,
                author: names.get(&m.author_id).cloned()?,
                explanation: screen::explain(&[&m.body_source]),
                body_html: m.body_html,
                rules: m.filter_rules,
                created_at: m.created_at,
            })
        })
        .collect())
}

/// A leader or staff member delivers a held message (`approve`) or
/// keeps it from the conversation. A guarded UPDATE on its review state:
/// of two decisions at once, one wins; the other is told it was decided.
pub async fn decide_held(
    db: &DatabaseConnection,
    viewer: Option<&Viewer>,
    message_id: i32,
    approve: bool,
) -> AppResult<()> {
    check(viewer, Action::ReviewMessages, now())?;
    let viewer = signed_in(viewer)?;
    let txn = begin_write(db).await?;
    let next: Option<Review> = if approve {
        None
    } else {
        Some(Review::Rejected)
    };
    let decided = message::Entity::update_many()
        .col_expr(message::Column::Review, Expr::value(next))
        .filter(message::Column::Id.eq(message_id))
        .filter(message::Column::Review.eq(Review::Pending))
        .filter(message::Column::Blocked.eq(false))
        .exec(&txn)
        .await?;
    if decided.rows_affected != 1 {
        return Err(AppError::Conflict(
            "This message was already decided, or is not held.".into(),
        ));
    }
    let row = message::Entity::find_by_id(message_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if approve {
        conversation::Entity::update_many()
            .col_expr(conversation::Column::LastMessageAt, Expr::value(now()))
            .filter(conversation::Column::Id.eq(row.conversation_id))
            .exec(&txn)
            .await?;
    }
    audit::record(
        &txn,
        Some(viewer.id),
        if approve {
            "message_approved"
        } else {
            "message_rejected"
        },
        ("message", message_id),
        &row.filter_rules,
    )
    .await?;
    notify::create(
        &txn,
        row.author_id,
        if approve {
            NotificationKind::PostApproved
        } else {
            NotificationKind::PostRejected
        },
        Some(viewer.id),
        None,
        None,
        if approve {
            "A moderator delivered your private message that was waiting for review.".to_string()
        } else {
            "A moderator did not deliver your private message: it seemed to share contact details. Only you can see it.".to_string()
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The inbox cursor of a conversation: when its last message came, and its
/// id (two conversations can share a time).
fn cursor_of(c: &conversation::Model) -> String {
    format!(
        "{}~{}",
        c.last_message_at
            .to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
        c.id
    )
}

/// Reads a cursor made by [`cursor_of`].
fn parse_cursor(cursor: &str) -> AppResult<(chrono::DateTime<chrono::Utc>, i32)> {
    let bad = || AppError::field("before", "This is not a page of your inbox.");
    let (at, id) = cursor.split_once('~').ok_or_else(bad)?;
    let at = chrono::DateTime::parse_from_rfc3339(at)
        .map_err(|_| bad())?
        .with_timezone(&chrono::Utc);
    Ok((at, id.parse().map_err(|_| bad())?))
}

/// A page of the viewer's conversations, newest activity first, with
/// unread counts; `before` (a page's `next`) gives the following page.
/// Keyset pages on (last message time, id): a conversation that moves to
/// the top while someone pages is not shown twice on later pages.
pub async fn inbox_page(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    before: Option<&str>,
) -> AppResult<InboxPage> {
    let viewer = signed_in(viewer)?;
    let mine: HashMap<i32, conversation_member::Model> = memberships(db, viewer.id)
        .await?
        .into_iter()
        .map(|m| (m.conversation_id, m))
        .collect();
    let mut query =
        conversation::Entity::find().filter(conversation::Column::Id.is_in(mine.keys().copied()));
    if let Some(cursor) = before.filter(|c| !c.is_empty()) {
        let (at, id) = parse_cursor(cursor)?;
        query = query.filter(
            sea_orm::Condition::any()
                .add(conversation::Column::LastMessageAt.lt(at))
                .add(
                    sea_orm::Condition::all()
                        .add(conversation::Column::LastMessageAt.eq(at))
                        .add(conversation::Column::Id.lt(id)),
                ),
        );
    }
    let mut conversations = if mine.is_empty() {
        Vec::new()
    } else {
        query
            .order_by_desc(conversation::Column::LastMessageAt)
            .order_by_desc(conversation::Column::Id)
            .limit(INBOX + 1)
            .all(db)
            .await?
    };
    let next = (conversations.len() as u64 > INBOX).then(|| {
        conversations.truncate(INBOX as usize);
        conversations.last().map(cursor_of).unwrap_or_default()
    });
    let mut out = Vec::new();
    for c in conversations {
        let others: Vec<i32> = current_members(db, c.id)
            .await?
            .into_iter()
            .filter(|id| *id != viewer.id)
            .collect();
        let people_by_id = people::summaries(db, &others).await?;
        let last_read = mine.get(&c.id).map(|m| m.last_read_message_id).unwrap_or(0);
        let unread = unread_query(viewer.id, c.id, last_read).count(db).await?;
        let newest = message::Entity::find()
            .filter(message::Column::ConversationId.eq(c.id))
            .filter(visible_to(viewer.id))
            .order_by_desc(message::Column::Id)
            .one(db)
            .await?;
        out.push(ConversationSummary {
            id: c.id,
            people: others
                .iter()
                .filter_map(|id| people_by_id.get(id).cloned())
                .collect(),
            last_message_at: c.last_message_at,
            unread,
            supervised: c.supervised,
            excerpt: newest
                .map(|m| markdown::excerpt(&m.body_source, EXCERPT_CHARS))
                .unwrap_or_default(),
        });
    }
    Ok(InboxPage {
        conversations: out,
        next,
    })
}

/// The first page of the viewer's conversations.
pub async fn inbox(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
) -> AppResult<Vec<ConversationSummary>> {
    Ok(inbox_page(db, viewer, None).await?.conversations)
}

/// Messages of conversation `c` by others that `viewer_id` has not read.
fn unread_query(viewer_id: i32, c: i32, last_read: i32) -> sea_orm::Select<message::Entity> {
    message::Entity::find()
        .filter(message::Column::ConversationId.eq(c))
        .filter(visible_to(viewer_id))
        .filter(message::Column::AuthorId.ne(viewer_id))
        .filter(message::Column::Id.gt(last_read))
}

/// How many of the viewer's conversations (all of them, not one page)
/// have unread messages: the header's count.
pub async fn unread_conversations(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
) -> AppResult<u64> {
    let viewer = signed_in(viewer)?;
    let mut count = 0;
    for m in memberships(db, viewer.id).await? {
        let unread = unread_query(viewer.id, m.conversation_id, m.last_read_message_id)
            .one(db)
            .await?;
        count += u64::from(unread.is_some());
    }
    Ok(count)
}

/// A page of a conversation (messages before `before`, oldest first)
/// for whoever `permissions::conversation_sight` lets read it: its people;
/// supervisors of a supervised one; leaders and staff while a report about
/// it is open (each such read is audited). For anyone else it does not
/// exist. Marks what a member was shown as read.
pub async fn conversation(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    conversation_id: i32,
    before: Option<i32>,
) -> AppResult<ConversationPage> {
    let viewer = signed_in(viewer)?;
    let c = conversation::Entity::find_by_id(conversation_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let members = current_members(db, c.id).await?;
    let member = members.contains(&viewer.id);
    let outsider = !member && (viewer.is_leader() || viewer.is_staff());
    let facts = ConversationFacts {
        member,
        supervised: c.supervised,
        reported: outsider && conversations::reported(db, c.id).await?,
        viewer_mentors_teens: !member && mentors_teens(db, viewer.id).await?,
    };
    let sight = conversation_sight(Some(viewer), facts);
    let reviewing = sight == ConversationSight::Reviewing;
    let mut query = message::Entity::find().filter(message::Column::ConversationId.eq(c.id));
    query = match sight {
        ConversationSight::Nothing => return Err(AppError::NotFound),
        ConversationSight::Member => query.filter(visible_to(viewer.id)),
        ConversationSight::Supervising => query.filter(visible_to(viewer.id)),
        // A reviewer also sees what was hidden, marked.
        ConversationSight::Reviewing => query.filter(delivered()),
    };
    if reviewing {
        audit::record(
            db,
            Some(viewer.id),
            "read_conversation",
            ("conversation", c.id),
            "a message in it is reported",
        )
        .await?;
    }
    if let Some(before) = before {
        query = query.filter(message::Column::Id.lt(before));
    }
    let mut rows = query
        .order_by_desc(message::Column::Id)
        .limit(PAGE + 1)
        .all(db)
        .await?;
    let older = (rows.len() as u64 > PAGE).then(|| {
        rows.truncate(PAGE as usize);
        rows.last().map(|m| m.id).unwrap_or_default()
    });
    rows.reverse();
    if member && let Some(newest) = rows.last().map(|m| m.id) {
        conversation_member::Entity::update_many()
            .col_expr(
                conversation_member::Column::LastReadMessageId,
                Expr::value(newest),
            )
            .filter(conversation_member::Column::ConversationId.eq(c.id))
            .filter(conversation_member::Column::UserId.eq(viewer.id))
            .filter(conversation_member::Column::LastReadMessageId.lt(newest))
            .exec(db)
            .await?;
    }
    let mut ids: Vec<i32> = rows.iter().map(|m| m.author_id).collect();
    ids.extend(members.iter().copied());
    let names = people::summaries(db, &ids).await?;
    let shown: Vec<i32> = rows.iter().map(|m| m.id).collect();
    let mut earlier = earlier_versions(db, &shown).await?;
    Ok(ConversationPage {
        id: c.id,
        people: members
            .iter()
            .filter(|id| **id != viewer.id)
            .filter_map(|id| names.get(id).cloned())
            .collect(),
        supervised: c.supervised,
        messages: rows
            .into_iter()
            .filter_map(|m| {
                let author = names.get(&m.author_id).cloned()?;
                let before = earlier.remove(&m.id).unwrap_or_default();
                Some(view_of(m, author, viewer.id, member, before))
            })
            .collect(),
        older,
        supervising: sight == ConversationSight::Supervising,
        reviewing,
    })
}

/// Leaves a conversation: it no longer shows or notifies.
pub async fn leave(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    conversation_id: i32,
) -> AppResult<()> {
    let viewer = signed_in(viewer)?;
    let left = conversation_member::Entity::update_many()
        .col_expr(conversation_member::Column::LeftAt, Expr::value(now()))
        .filter(conversation_member::Column::ConversationId.eq(conversation_id))
        .filter(conversation_member::Column::UserId.eq(viewer.id))
        .filter(conversation_member::Column::LeftAt.is_null())
        .exec(db)
        .await?;
    if left.rows_affected != 1 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Finds an open account by name, for blocking.
async fn by_name(db: &impl ConnectionTrait, name: &str) -> AppResult<user::Model> {
    user::Entity::find()
        .filter(user::Column::UsernameKey.eq(name.trim().trim_start_matches('@').to_lowercase()))
        .filter(user::Column::ClosedAt.is_null())
        .one(db)
        .await?
        .ok_or_else(|| AppError::field("name", "Nobody here is called that."))
}

/// Blocks someone: they cannot start or continue a conversation with the
/// viewer, and their mentions no longer reach them. They are not told.
/// Blocking twice is one block (the primary key).
pub async fn block(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    name: &str,
) -> AppResult<()> {
    let viewer = signed_in(viewer)?;
    let person = by_name(db, name).await?;
    if person.id == viewer.id {
        return Err(AppError::field("name", "You can't block yourself."));
    }
    user_block::Entity::insert(user_block::ActiveModel {
        blocker_id: Set(viewer.id),
        blocked_id: Set(person.id),
        created_at: Set(now()),
    })
    .on_conflict(
        OnConflict::columns([user_block::Column::BlockerId, user_block::Column::BlockedId])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Unblocks someone.
pub async fn unblock(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    name: &str,
) -> AppResult<()> {
    let viewer = signed_in(viewer)?;
    let person = by_name(db, name).await?;
    user_block::Entity::delete_many()
        .filter(user_block::Column::BlockerId.eq(viewer.id))
        .filter(user_block::Column::BlockedId.eq(person.id))
        .exec(db)
        .await?;
    Ok(())
}

/// The people the viewer blocked.
pub async fn blocked(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
) -> AppResult<Vec<UserSummary>> {
    let viewer = signed_in(viewer)?;
    let ids: Vec<i32> = people::blocked_by(db, viewer.id)
        .await?
        .into_iter()
        .collect();
    let names = people::summaries(db, &ids).await?;
    let mut list: Vec<UserSummary> = ids.iter().filter_map(|id| names.get(id).cloned()).collect();
    list.sort_by_key(|u| u.username.to_lowercase());
    Ok(list)
}

/// Who may start a conversation with the viewer.
pub async fn policy(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
) -> AppResult<MessagePolicy> {
    let viewer = signed_in(viewer)?;
    Ok(user::Entity::find_by_id(viewer.id)
        .one(db)
        .await?
        .and_then(|u| u.message_policy)
        .unwrap_or(MessagePolicy::Everyone))
}

/// Chooses who may start a conversation with the viewer.
pub async fn set_policy(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    policy: MessagePolicy,
) -> AppResult<()> {
    let viewer = signed_in(viewer)?;
    user::Entity::update_many()
        .col_expr(user::Column::MessagePolicy, Expr::value(policy))
        .filter(user::Column::Id.eq(viewer.id))
        .exec(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_read_leniently_and_counted() {
        let names = parse_names(&["@Ana, bob  ana".into(), "\ncara".into()]).unwrap();
        assert_eq!(names, ["Ana", "bob", "cara"]);
        assert!(parse_names(&[" , ".into()]).is_err());
        let many: Vec<String> = (0..11).map(|n| format!("p{n}")).collect();
        assert!(parse_names(&many).is_err());
    }
}
