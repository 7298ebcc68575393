//! Every permission decision in Haven, in one place (like Discourse's
//! Guardian). Services ask [`check`] before they read or write; pages only
//! use the same answers to decide what to show, never to enforce.

use chrono::{DateTime, Utc};

use crate::error::AppError;
use crate::model::{AccountState, Escalation, MessagePolicy, Restriction, Role};

/// The person making a request, as permissions need them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Viewer {
    pub id: i32,
    pub username: String,
    pub role: Role,
    pub is_listener: bool,
    pub is_teen: bool,
    /// Forums this person mentors.
    pub mentor_of: Vec<i32>,
    pub account_state: AccountState,
    pub suspended_until: Option<DateTime<Utc>>,
    /// On a self-care break (when they were loaded): `Some(end)`, where
    /// the end is None for a break until they end it.
    pub on_break: Option<Option<DateTime<Utc>>>,
    /// They deactivated their account (and have not logged in since).
    pub deactivated: bool,
}

impl Viewer {
    pub fn is_staff(&self) -> bool {
        self.role == Role::Staff
    }

    pub fn is_leader(&self) -> bool {
        self.role == Role::GlobalLeader
    }

    /// Staff, global leaders and this forum's mentors look after a forum.
    pub fn moderates(&self, forum_id: i32) -> bool {
        self.is_staff() || self.is_leader() || self.mentor_of.contains(&forum_id)
    }

    /// Whether the account may write (post, vote, report) now. A
    /// suspension whose date has passed no longer counts.
    pub fn write_block_reason(&self, now: DateTime<Utc>) -> Option<String> {
        if self.deactivated {
            return Some("Your account is deactivated. Log in again to reactivate it.".into());
        }
        match self.account_state {
            AccountState::Suspended => match self.suspended_until {
                Some(until) if until <= now => None,
                Some(until) => Some(format!(
                    "Your account is suspended until {}. You can still read.",
                    until.format("%Y-%m-%d %H:%M UTC")
                )),
                None => Some("Your account is suspended. You can still read.".into()),
            },
            AccountState::Active => None,
        }
    }
}

impl Viewer {
    /// Whether a self-care break keeps them from posting: they can still
    /// read, upvote and report, and end the break at any time.
    pub fn post_block_reason(&self) -> Option<String> {
        self.on_break.map(|until| match until {
            Some(until) => format!(
                "You are on a self-care break until {}. You can still read; end the break on your account page to post.",
                until.format("%Y-%m-%d %H:%M UTC")
            ),
            None => "You are on a self-care break. You can still read; end the break on your account page to post.".into(),
        })
    }
}

/// The forum an action happens in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ForumRef {
    pub id: i32,
    pub restriction: Restriction,
}

/// How long after a decision a leader may reopen it.
pub const REOPEN_WITHIN_HOURS: i64 = 24;

/// Something a person wants to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// See the forum, its topics and posts (and find it in the list).
    ReadForum(ForumRef),
    /// Start a topic in the forum.
    StartTopic(ForumRef),
    /// Reply in a topic of the forum.
    Reply { forum: ForumRef, locked: bool },
    /// Upvote a post by `author_id`.
    Upvote { forum: ForumRef, author_id: i32 },
    /// Report a post by `author_id`.
    Flag { forum: ForumRef, author_id: i32 },
    /// See, claim and resolve a queue item of the forum escalated this far.
    HandleItem {
        forum_id: i32,
        escalation: Escalation,
    },
    /// Suspend an account.
    Suspend,
    /// Take a badge away after a decision (listener, mentor of a forum).
    RemoveBadge,
    /// Take over an item someone else claimed: leaders and staff.
    TakeOver,
    /// Lock, unlock or move a topic of the forum (moving needs it for both
    /// forums): the forum's moderators.
    ModerateTopic { forum_id: i32 },
    /// Reopen an item settled at `resolved_at`: leaders and staff, within
    /// [`REOPEN_WITHIN_HOURS`] of the decision.
    ReopenItem { resolved_at: DateTime<Utc> },
    /// Edit a post by `author_id`: its author, or the forum's moderators.
    EditPost { forum: ForumRef, author_id: i32 },
    /// Make an earlier revision of a post the current one.
    RestoreRevision,
    /// Decide an appeal against a sanction issued by `issued_by`: a leader or
    /// staff member other than the one who acted.
    DecideAppeal { issued_by: i32 },
    /// See the open appeals (each is decided under [`Action::DecideAppeal`]).
    ReviewAppeals,
    /// Browse the audit log.
    ReadAuditLog,
    /// See how often a person's reports were agreed with.
    SeeFlagAccuracy,
    /// See a person's moderation record (earlier warnings and suspensions)
    /// and work the queue: anyone who moderates a forum.
    Moderate,
    /// Mark an edit of a post in the forum as a policy update: staff, in a
    /// guideline (staff-written) forum.
    MarkPolicyUpdate(ForumRef),
    /// Change someone's role, listener status or mentorships.
    ChangeRoles,
    /// Pin or unpin a topic of the forum; `global` pins show everywhere.
    PinTopic { forum_id: i32, global: bool },
    /// See who acknowledged a policy update.
    SeePolicyAcknowledgements,
    /// Create and remove safety filter rules.
    ManageFilters,
    /// Start a private conversation with someone, or add them to one.
    MessagePerson {
        to: Recipient,
        /// The viewer mentors a teen forum.
        sender_mentors_teens: bool,
        /// The viewer's account is new (see [`NEW_ACCOUNT_HOURS`]) or has
        /// no published post.
        sender_new: bool,
    },
    /// Read held private messages (only those: never the rest of a
    /// conversation) and approve or reject them: leaders and staff, since a
    /// conversation belongs to no forum.
    ReviewMessages,
    /// Report a private message (the report goes to leaders and staff).
    ReportMessage {
        /// The viewer is in its conversation (and did not leave).
        member: bool,
        /// The viewer wrote it.
        own: bool,
    },
    /// Edit a message one sent. The edit is screened like a new message;
    /// earlier versions are kept.
    EditMessage {
        /// The viewer is in its conversation (and did not leave).
        member: bool,
        /// The viewer wrote it.
        own: bool,
        /// Delivered or waiting for review: not hidden by a moderator, not
        /// rejected, not an attempt a filter refused.
        open: bool,
        /// Someone else in the conversation blocked the viewer (or was
        /// blocked by them).
        blocked: bool,
    },
    /// Write in a conversation.
    SendMessage {
        /// The viewer is in it (and did not leave).
        member: bool,
        /// Someone else in it blocked the viewer (or was blocked by them).
        blocked: bool,
    },
}

/// Who a new conversation would reach, as permissions need to know them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recipient {
    pub id: i32,
    pub is_teen: bool,
    /// They mentor a teen forum.
    pub mentors_teens: bool,
    /// Their account takes messages: not closed or deactivated.
    pub reachable: bool,
    /// They blocked the viewer, or the viewer blocked them.
    pub blocked: bool,
    pub policy: MessagePolicy,
    /// They and the viewer both wrote in one public topic.
    pub talked_in_public: bool,
    /// They wrote to the viewer in a conversation before.
    pub wrote_to_viewer: bool,
}

/// Accounts younger than this start conversations only with people who
/// wrote to them first.
pub const NEW_ACCOUNT_HOURS: i64 = 24;

/// What someone is told whom a block, a choice or a closed account keeps
/// from them: the same words for each, so nobody learns they were blocked.
pub const NOT_ACCEPTING: &str = "This person is not accepting messages.";

/// Why an adult and a teen cannot talk privately.
pub const TEEN_RULE: &str = "Adults and teens can't message each other privately on Haven. Mentors of the teen forums can; those conversations are supervised.";

/// Whether a conversation between these two needs the teen forums'
/// supervision (an adult mentor of a teen forum and a teen).
pub fn supervised(sender_is_teen: bool, to_is_teen: bool) -> bool {
    sender_is_teen != to_is_teen
}

/// How someone may read a private conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConversationSight {
    /// Not at all: it does not exist for them (404).
    Nothing,
    /// One of its people: reads and writes.
    Member,
    /// A supervised conversation (a teen with a teen forum's mentor), read
    /// by a teen forum's mentor, a global leader or staff.
    Supervising,
    /// A leader or staff member reading it because a message in it is
    /// reported and not yet settled; each read goes into the audit log.
    Reviewing,
}

/// The facts about a conversation that decide who reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConversationFacts {
    /// The viewer is in it (and did not leave).
    pub member: bool,
    pub supervised: bool,
    /// A report about one of its messages is open.
    pub reported: bool,
    /// The viewer mentors a teen forum.
    pub viewer_mentors_teens: bool,
}

/// Who reads a private conversation: its people; for a supervised one,
/// the teen forums' mentors, leaders and staff; while a report about it is
/// open, leaders and staff. Nobody else, staff included.
pub fn conversation_sight(viewer: Option<&Viewer>, c: ConversationFacts) -> ConversationSight {
    let Some(viewer) = viewer else {
        return ConversationSight::Nothing;
    };
    let leads = viewer.is_leader() || viewer.is_staff();
    if c.member {
        ConversationSight::Member
    } else if c.supervised && (leads || c.viewer_mentors_teens) {
        ConversationSight::Supervising
    } else if c.reported && leads {
        ConversationSight::Reviewing
    } else {
        ConversationSight::Nothing
    }
}

/// May `viewer` (None for a guest) do `action`? `Err` carries the message the
/// person is shown.
pub fn check(viewer: Option<&Viewer>, action: Action, now: DateTime<Utc>) -> Result<(), AppError> {
    match action {
        Action::ReadForum(forum) => {
            if can_read(viewer, forum) {
                Ok(())
            } else {
                // Hidden forums are not admitted to exist.
                Err(AppError::NotFound)
            }
        }
        Action::StartTopic(forum) => {
            let viewer = poster(viewer, forum, now)?;
            if forum.restriction == Restriction::StaffWrite && !viewer.is_staff() {
                return Err(AppError::Forbidden(
                    "Only staff can start topics in this forum. You can reply to its topics."
                        .into(),
                ));
            }
            Ok(())
        }
        Action::Reply { forum, locked } => {
            let viewer = poster(viewer, forum, now)?;
            if locked && !viewer.moderates(forum.id) {
                return Err(AppError::Forbidden("This topic is locked.".into()));
            }
            Ok(())
        }
        Action::Upvote { forum, author_id } => {
            let viewer = writer(viewer, forum, now)?;
            if viewer.id == author_id {
                return Err(AppError::Forbidden(
                    "You can't upvote your own post.".into(),
                ));
            }
            Ok(())
        }
        Action::Flag { forum, author_id } => {
            let viewer = writer(viewer, forum, now)?;
            if viewer.id == author_id {
                return Err(AppError::Forbidden(
                    "You can't report your own post.".into(),
                ));
            }
            Ok(())
        }
        Action::HandleItem {
            forum_id,
            escalation,
        } => {
            let viewer = viewer.ok_or(AppError::Unauthorized)?;
            let allowed = match escalation {
                Escalation::None => viewer.moderates(forum_id),
                Escalation::Leaders => viewer.is_leader() || viewer.is_staff(),
                Escalation::Staff => viewer.is_staff(),
            };
            if allowed {
                Ok(())
            } else {
                // Mentors of other forums are not told the item exists.
                Err(AppError::NotFound)
            }
        }
        Action::Suspend => {
            let viewer = viewer.ok_or(AppError::Unauthorized)?;
            if viewer.is_leader() || viewer.is_staff() {
                Ok(())
            } else {
                Err(AppError::Forbidden(
                    "Only global leaders and staff can suspend accounts.".into(),
                ))
            }
        }
        Action::ModerateTopic { forum_id } => {
            let viewer = viewer.ok_or(AppError::Unauthorized)?;
            if viewer.moderates(forum_id) {
                Ok(())
            } else {
                Err(AppError::Forbidden(
                    "Only this forum's mentors, global leaders and staff can do that.".into(),
                ))
            }
        }
        Action::TakeOver => {
            let viewer = viewer.ok_or(AppError::Unauthorized)?;
            if viewer.is_leader() || viewer.is_staff() {
                Ok(())
            } else {
                Err(AppError::Forbidden(
                    "Only global leaders and staff can take over an item someone else is handling."
                        .into(),
                ))
            }
        }
        Action::ReopenItem { resolved_at } => {
            let viewer = viewer.ok_or(AppError::Unauthorized)?;
            if !(viewer.is_leader() || viewer.is_staff()) {
                Err(AppError::Forbidden(
                    "Only global leaders and staff can reopen a decision.".into(),
                ))
            } else if now - resolved_at > chrono::Duration::hours(REOPEN_WITHIN_HOURS) {
                Err(AppError::Conflict(format!(
                    "Decisions can be reopened for {REOPEN_WITHIN_HOURS} hours; this one is older. Appeals are the way back now."
                )))
            } else {
                Ok(())
            }
        }
        Action::RemoveBadge => {
            let viewer = viewer.ok_or(AppError::Unauthorized)?;
            if viewer.is_leader() || viewer.is_staff() {
                Ok(())
            } else {
                Err(AppError::Forbidden(
                    "Only global leaders and staff can take a badge away; escalate the item to them."
                        .into(),
                ))
            }
        }
        Action::EditPost { forum, author_id } => {
            let viewer = writer(viewer, forum, now)?;
            if viewer.id == author_id || viewer.moderates(forum.id) {
                Ok(())
            } else {
                Err(AppError::Forbidden(
                    "You can only edit your own posts.".into(),
                ))
            }
        }
        Action::PinTopic { forum_id, global } => {
            let viewer = viewer.ok_or(AppError::Unauthorized)?;
            if viewer.is_staff() || (!global && viewer.mentor_of.contains(&forum_id)) {
                Ok(())
            } else if global {
                Err(AppError::Forbidden(
                    "Only staff can pin topics everywhere.".into(),
                ))
            } else {
                Err(AppError::Forbidden(
                    "Only staff and this forum's mentors can pin topics here.".into(),
                ))
            }
        }
        Action::RestoreRevision
        | Action::ChangeRoles
        | Action::SeePolicyAcknowledgements
        | Action::ManageFilters => {
            let viewer = viewer.ok_or(AppError::Unauthorized)?;
            if viewer.is_staff() {
                Ok(())
            } else {
                Err(AppError::Forbidden("Only staff can do this.".into()))
            }
        }
        Action::MessagePerson {
            to,
            sender_mentors_teens,
            sender_new,
        } => {
            let viewer = viewer.ok_or(AppError::Unauthorized)?;
            if let Some(reason) = viewer.write_block_reason(now) {
                return Err(AppError::Forbidden(reason));
            }
            if let Some(reason) = viewer.post_block_reason() {
                return Err(AppError::Forbidden(reason));
            }
            if to.id == viewer.id {
                return Err(AppError::Forbidden(
                    "You can't start a conversation with yourself.".into(),
                ));
            }
            if !to.reachable || to.blocked {
                return Err(AppError::Forbidden(NOT_ACCEPTING.into()));
            }
            if viewer.is_teen != to.is_teen {
                let adult_mentors_teens = if viewer.is_teen {
                    to.mentors_teens
                } else {
                    sender_mentors_teens
                };
                if !adult_mentors_teens {
                    return Err(AppError::Forbidden(TEEN_RULE.into()));
                }
            }
            // Staff and leaders reach people whatever they chose (they may
            // need to); blocks and the teen rule hold for them too.
            let moderator = viewer.is_staff() || viewer.is_leader();
            let chosen = match to.policy {
                MessagePolicy::Everyone => true,
                MessagePolicy::Talked => to.talked_in_public || to.wrote_to_viewer,
                MessagePolicy::Helpers => viewer.is_listener,
                MessagePolicy::Nobody => false,
            };
            if !(chosen || moderator) {
                return Err(AppError::Forbidden(NOT_ACCEPTING.into()));
            }
            if sender_new && !to.wrote_to_viewer && !moderator {
                return Err(AppError::Forbidden(
                    "New accounts can start conversations once they are a day old and have a published post. You can answer anyone who writes to you.".into(),
                ));
            }
            Ok(())
        }
        // Anyone in the conversation, even suspended or on a break: being
        // harassed in private must always be reportable.
        Action::ReportMessage { member, own } => {
            viewer.ok_or(AppError::Unauthorized)?;
            if !member {
                return Err(AppError::NotFound);
            }
            if own {
                return Err(AppError::Forbidden(
                    "You can't report your own message.".into(),
                ));
            }
            Ok(())
        }
        // Only one's own, while it stands, under the rules of writing there.
        Action::EditMessage {
            member,
            own,
            open,
            blocked,
        } => {
            viewer.ok_or(AppError::Unauthorized)?;
            if !member {
                return Err(AppError::NotFound);
            }
            if !own {
                return Err(AppError::Forbidden(
                    "You can only edit your own messages.".into(),
                ));
            }
            if !open {
                return Err(AppError::Forbidden(
                    "This message can no longer be edited.".into(),
                ));
            }
            check(viewer, Action::SendMessage { member, blocked }, now)
        }
        Action::SendMessage { member, blocked } => {
            let viewer = viewer.ok_or(AppError::Unauthorized)?;
            if !member {
                return Err(AppError::NotFound);
            }
            if let Some(reason) = viewer.write_block_reason(now) {
                return Err(AppError::Forbidden(reason));
            }
            if let Some(reason) = viewer.post_block_reason() {
                return Err(AppError::Forbidden(reason));
            }
            if blocked {
                return Err(AppError::Forbidden(
                    "This conversation is not accepting your messages.".into(),
                ));
            }
            Ok(())
        }
        Action::DecideAppeal { issued_by } => {
            let viewer = leader_or_staff(viewer)?;
            if viewer.id == issued_by {
                Err(AppError::Forbidden(
                    "Someone other than the moderator who acted decides an appeal.".into(),
                ))
            } else {
                Ok(())
            }
        }
        Action::ReviewAppeals
        | Action::ReadAuditLog
        | Action::SeeFlagAccuracy
        | Action::ReviewMessages => leader_or_staff(viewer).map(|_| ()),
        Action::Moderate => {
            let viewer = viewer.ok_or(AppError::Unauthorized)?;
            if viewer.is_staff() || viewer.is_leader() || !viewer.mentor_of.is_empty() {
                Ok(())
            } else {
                Err(AppError::Forbidden(
                    "Only mentors, global leaders and staff can do this.".into(),
                ))
            }
        }
        Action::MarkPolicyUpdate(forum) => {
            let viewer = viewer.ok_or(AppError::Unauthorized)?;
            if !viewer.is_staff() {
                Err(AppError::Forbidden(
                    "Only staff can mark an edit of a guideline post as a policy update.".into(),
                ))
            } else if forum.restriction != Restriction::StaffWrite {
                Err(AppError::Forbidden(
                    "Only posts in a guideline forum can have policy updates.".into(),
                ))
            } else {
                Ok(())
            }
        }
    }
}

fn leader_or_staff(viewer: Option<&Viewer>) -> Result<&Viewer, AppError> {
    let viewer = viewer.ok_or(AppError::Unauthorized)?;
    if viewer.is_leader() || viewer.is_staff() {
        Ok(viewer)
    } else {
        Err(AppError::Forbidden(
            "Only global leaders and staff can do this.".into(),
        ))
    }
}

/// Whether a person may hold a role: staff, global leaders and mentors
/// look after others and see reports about them, so they must be adults.
/// Checked when an account is made and whenever roles change.
pub fn may_hold(role: Role, mentors: bool, is_teen: bool) -> Result<(), AppError> {
    if is_teen && (role != Role::Member || mentors) {
        Err(AppError::field(
            "role",
            "Staff, global leaders and mentors must be adults.",
        ))
    } else {
        Ok(())
    }
}

/// Shorthand for `check(..).is_ok()`, for deciding what to show.
pub fn allows(viewer: Option<&Viewer>, action: Action, now: DateTime<Utc>) -> bool {
    check(viewer, action, now).is_ok()
}

/// How much of one post a person may see. This is the one answer to "may
/// this person read this post's text": every path that returns a post's
/// text, or anything made from it (quotes, history, diffs, search hits and
/// snippets, the moderation snapshot, titles of held topics) asks
/// [`post_sight`]; lists that are queries use its SQL forms below
/// ([`searchable_sql`], [`listable_topics`], [`PUBLISHED_SQL`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PostSight {
    /// The post does not exist for them (404).
    Nothing,
    /// That a post is there, hidden pending review: its author, date and
    /// place in the topic, no text and nothing to act on.
    Placeholder,
    /// The post's text.
    Text,
}

/// The facts about a post and its topic that decide who sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PostFacts {
    pub forum: ForumRef,
    pub author_id: i32,
    pub topic_author_id: i32,
    /// The topic waits for review (its first post was held, or rejected).
    pub topic_held: bool,
    /// The post waits for review (held by a filter) or was rejected.
    pub held: bool,
    /// Hidden pending review (by reports, or a moderator).
    pub hidden: bool,
}

impl PostFacts {
    /// Published: everyone who may read the forum may read it.
    pub fn published(&self) -> bool {
        !self.topic_held && !self.held && !self.hidden
    }
}

/// The visibility rule. Nobody sees anything of a forum they may not read
/// (teen and listener forums). The forum's moderators (its mentors, global
/// leaders, staff) read every post in it. Everyone else reads published
/// posts; a held or rejected post, or any post of a held topic, exists only
/// for its author (the topic's author, for a held topic); a hidden post
/// shows others only its placeholder, and its author its text.
pub fn post_sight(viewer: Option<&Viewer>, post: &PostFacts) -> PostSight {
    if !can_read(viewer, post.forum) {
        return PostSight::Nothing;
    }
    if viewer.is_some_and(|v| v.moderates(post.forum.id)) {
        return PostSight::Text;
    }
    let is = |id: i32| viewer.is_some_and(|v| v.id == id);
    if post.topic_held && !is(post.topic_author_id) {
        return PostSight::Nothing;
    }
    if post.held && !is(post.author_id) {
        return PostSight::Nothing;
    }
    if post.hidden && !is(post.author_id) {
        return PostSight::Placeholder;
    }
    PostSight::Text
}

/// [`PostFacts::published`] in SQL, over posts `p` and their topics `t`.
pub const PUBLISHED_SQL: &str = "(p.hidden_at IS NULL AND p.review IS NULL AND t.review IS NULL)";

/// Whether search lists a post: the published posts the viewer may read,
/// and every post of the forums they moderate (marked unpublished). Search
/// is for finding the public conversation: an author finds their own held
/// or hidden post on its topic page and in their notifications, not here.
/// Never more than [`post_sight`] allows.
pub fn searchable(viewer: Option<&Viewer>, post: &PostFacts) -> bool {
    post_sight(viewer, post) == PostSight::Text
        && (post.published() || viewer.is_some_and(|v| v.moderates(post.forum.id)))
}

/// [`searchable`] in SQL, over posts `p` and their topics `t`. `readable`
/// and `moderated` are SQL lists of the forums the viewer may read
/// ([`readable_forum`]) and those among them they moderate
/// ([`Viewer::moderates`]). The integration tests check the two agree on
/// every kind of post and every role.
pub fn searchable_sql(readable: &str, moderated: &str) -> String {
    format!("t.forum_id IN ({readable}) AND ({PUBLISHED_SQL} OR t.forum_id IN ({moderated}))")
}

/// The topics of a forum a viewer may list, as a query condition on
/// `topics`: the forum's moderators all of them, others the topics not
/// waiting for review, and their own ([`post_sight`] of a held topic).
pub fn listable_topics(viewer: Option<&Viewer>, forum_id: i32) -> sea_orm::Condition {
    use crate::server::entities::topic;
    use sea_orm::{ColumnTrait, Condition};
    match viewer {
        Some(v) if v.moderates(forum_id) => Condition::all(),
        Some(v) => Condition::any()
            .add(topic::Column::Review.is_null())
            .add(topic::Column::AuthorId.eq(v.id)),
        None => Condition::all().add(topic::Column::Review.is_null()),
    }
}

/// Whether the viewer may read a forum (list it, and its published posts).
pub fn readable_forum(viewer: Option<&Viewer>, forum: ForumRef) -> bool {
    can_read(viewer, forum)
}

fn can_read(viewer: Option<&Viewer>, forum: ForumRef) -> bool {
    match forum.restriction {
        Restriction::Open | Restriction::StaffWrite => true,
        Restriction::TeensOnly => viewer.is_some_and(|v| v.is_teen || v.moderates(forum.id)),
        Restriction::ListenersOnly => {
            viewer.is_some_and(|v| v.is_listener || v.moderates(forum.id))
        }
    }
}

/// A logged-in person who may read the forum and whose account may write.
fn writer(
    viewer: Option<&Viewer>,
    forum: ForumRef,
    now: DateTime<Utc>,
) -> Result<&Viewer, AppError> {
    let viewer = viewer.ok_or(AppError::Unauthorized)?;
    if !can_read(Some(viewer), forum) {
        return Err(AppError::NotFound);
    }
    if let Some(reason) = viewer.write_block_reason(now) {
        return Err(AppError::Forbidden(reason));
    }
    Ok(viewer)
}

/// A writer who is not on a self-care break: who may start topics and reply.
fn poster(
    viewer: Option<&Viewer>,
    forum: ForumRef,
    now: DateTime<Utc>,
) -> Result<&Viewer, AppError> {
    let viewer = writer(viewer, forum, now)?;
    if let Some(reason) = viewer.post_block_reason() {
        return Err(AppError::Forbidden(reason));
    }
    Ok(viewer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    const FORUM: i32 = 7;
    const OTHER_FORUM: i32 = 8;

    fn person(role: Role, listener: bool, teen: bool, mentor_of: Vec<i32>) -> Viewer {
        Viewer {
            id: 100,
            username: "someone".into(),
            role,
            is_listener: listener,
            is_teen: teen,
            mentor_of,
            account_state: AccountState::Active,
            suspended_until: None,
            on_break: None,
            deactivated: false,
        }
    }

    /// Every role Haven knows, by name.
    fn roles() -> Vec<(&'static str, Option<Viewer>)> {
        vec![
            ("guest", None),
            ("member", Some(person(Role::Member, false, false, vec![]))),
            ("listener", Some(person(Role::Member, true, false, vec![]))),
            ("teen", Some(person(Role::Member, false, true, vec![]))),
            (
                "mentor",
                Some(person(Role::Member, true, false, vec![FORUM])),
            ),
            (
                "mentor_elsewhere",
                Some(person(Role::Member, true, false, vec![OTHER_FORUM])),
            ),
            (
                "leader",
                Some(person(Role::GlobalLeader, true, false, vec![])),
            ),
            ("staff", Some(person(Role::Staff, false, false, vec![]))),
        ]
    }

    /// An adult member who takes messages from anyone.
    fn recipient() -> Recipient {
        Recipient {
            id: 200,
            is_teen: false,
            mentors_teens: false,
            reachable: true,
            blocked: false,
            policy: MessagePolicy::Everyone,
            talked_in_public: false,
            wrote_to_viewer: false,
        }
    }

    #[test]
    fn a_break_or_a_suspension_stops_private_messages_too() {
        let now = Utc::now();
        let mut away = person(Role::Member, false, false, vec![]);
        away.on_break = Some(None);
        let send = Action::SendMessage {
            member: true,
            blocked: false,
        };
        let start = Action::MessagePerson {
            to: recipient(),
            sender_mentors_teens: false,
            sender_new: false,
        };
        assert!(!allows(Some(&away), start, now));
        assert!(!allows(Some(&away), send, now));
        let mut suspended = person(Role::Member, false, false, vec![]);
        suspended.account_state = AccountState::Suspended;
        assert!(!allows(Some(&suspended), start, now));
        assert!(!allows(Some(&suspended), send, now));
        // Whoever refused them, the words are the same.
        let blocked = Action::MessagePerson {
            to: Recipient {
                blocked: true,
                ..recipient()
            },
            sender_mentors_teens: false,
            sender_new: false,
        };
        let nobody = Action::MessagePerson {
            to: Recipient {
                policy: MessagePolicy::Nobody,
                ..recipient()
            },
            sender_mentors_teens: false,
            sender_new: false,
        };
        let member = person(Role::Member, false, false, vec![]);
        assert_eq!(
            check(Some(&member), blocked, now),
            check(Some(&member), nobody, now)
        );
    }

    fn forum(restriction: Restriction) -> ForumRef {
        ForumRef {
            id: FORUM,
            restriction,
        }
    }

    /// The whole table: (action, roles allowed). Every role not listed is refused.
    #[test]
    fn every_role_against_every_action() {
        use Restriction::*;
        let mut cases: Vec<(&str, Action, &[&str])> = vec![
            (
                "read open",
                Action::ReadForum(forum(Open)),
                &[
                    "guest",
                    "member",
                    "listener",
                    "teen",
                    "mentor",
                    "mentor_elsewhere",
                    "leader",
                    "staff",
                ],
            ),
            (
                "read guidelines",
                Action::ReadForum(forum(StaffWrite)),
                &[
                    "guest",
                    "member",
                    "listener",
                    "teen",
                    "mentor",
                    "mentor_elsewhere",
                    "leader",
                    "staff",
                ],
            ),
            (
                "read teen forum",
                Action::ReadForum(forum(TeensOnly)),
                &["teen", "mentor", "leader", "staff"],
            ),
            (
                "read listener forum",
                Action::ReadForum(forum(ListenersOnly)),
                &["listener", "mentor", "mentor_elsewhere", "leader", "staff"],
            ),
            (
                "start topic open",
                Action::StartTopic(forum(Open)),
                &[
                    "member",
                    "listener",
                    "teen",
                    "mentor",
                    "mentor_elsewhere",
                    "leader",
                    "staff",
                ],
            ),
            (
                "start topic guidelines",
                Action::StartTopic(forum(StaffWrite)),
                &["staff"],
            ),
            (
                "start topic teen forum",
                Action::StartTopic(forum(TeensOnly)),
                &["teen", "mentor", "leader", "staff"],
            ),
            (
                "start topic listener forum",
                Action::StartTopic(forum(ListenersOnly)),
                &["listener", "mentor", "mentor_elsewhere", "leader", "staff"],
            ),
            (
                "reply guidelines",
                Action::Reply {
                    forum: forum(StaffWrite),
                    locked: false,
                },
                &[
                    "member",
                    "listener",
                    "teen",
                    "mentor",
                    "mentor_elsewhere",
                    "leader",
                    "staff",
                ],
            ),
            (
                "reply locked",
                Action::Reply {
                    forum: forum(Open),
                    locked: true,
                },
                &["mentor", "leader", "staff"],
            ),
            (
                "reply teen forum",
                Action::Reply {
                    forum: forum(TeensOnly),
                    locked: false,
                },
                &["teen", "mentor", "leader", "staff"],
            ),
            (
                "upvote other's post",
                Action::Upvote {
                    forum: forum(Open),
                    author_id: 1,
                },
                &[
                    "member",
                    "listener",
                    "teen",
                    "mentor",
                    "mentor_elsewhere",
                    "leader",
                    "staff",
                ],
            ),
            (
                "upvote own post",
                Action::Upvote {
                    forum: forum(Open),
                    author_id: 100,
                },
                &[],
            ),
            (
                "flag other's post",
                Action::Flag {
                    forum: forum(Open),
                    author_id: 1,
                },
                &[
                    "member",
                    "listener",
                    "teen",
                    "mentor",
                    "mentor_elsewhere",
                    "leader",
                    "staff",
                ],
            ),
            (
                "flag own post",
                Action::Flag {
                    forum: forum(Open),
                    author_id: 100,
                },
                &[],
            ),
            (
                "flag in teen forum",
                Action::Flag {
                    forum: forum(TeensOnly),
                    author_id: 1,
                },
                &["teen", "mentor", "leader", "staff"],
            ),
            (
                "handle item",
                Action::HandleItem {
                    forum_id: FORUM,
                    escalation: Escalation::None,
                },
                &["mentor", "leader", "staff"],
            ),
            (
                "handle item escalated to leaders",
                Action::HandleItem {
                    forum_id: FORUM,
                    escalation: Escalation::Leaders,
                },
                &["leader", "staff"],
            ),
            (
                "handle item escalated to staff",
                Action::HandleItem {
                    forum_id: FORUM,
                    escalation: Escalation::Staff,
                },
                &["staff"],
            ),
            ("suspend", Action::Suspend, &["leader", "staff"]),
            ("remove a badge", Action::RemoveBadge, &["leader", "staff"]),
            ("take over an item", Action::TakeOver, &["leader", "staff"]),
            (
                "lock or move a topic",
                Action::ModerateTopic { forum_id: FORUM },
                &["mentor", "leader", "staff"],
            ),
            (
                "reopen a decision made an hour ago",
                Action::ReopenItem {
                    resolved_at: Utc::now() - chrono::Duration::hours(1),
                },
                &["leader", "staff"],
            ),
            (
                "reopen a decision made two days ago",
                Action::ReopenItem {
                    resolved_at: Utc::now() - chrono::Duration::hours(48),
                },
                &[],
            ),
        ];
        let writers: &[&str] = &[
            "member",
            "listener",
            "teen",
            "mentor",
            "mentor_elsewhere",
            "leader",
            "staff",
        ];
        cases.extend([
            (
                "edit own post",
                Action::EditPost {
                    forum: forum(Open),
                    author_id: 100,
                },
                writers,
            ),
            (
                "edit someone else's post",
                Action::EditPost {
                    forum: forum(Open),
                    author_id: 1,
                },
                &["mentor", "leader", "staff"][..],
            ),
            (
                "edit own post in teen forum",
                Action::EditPost {
                    forum: forum(TeensOnly),
                    author_id: 100,
                },
                &["teen", "mentor", "leader", "staff"][..],
            ),
            (
                "restore a revision",
                Action::RestoreRevision,
                &["staff"][..],
            ),
            (
                "decide appeal against someone else's action",
                Action::DecideAppeal { issued_by: 1 },
                &["leader", "staff"][..],
            ),
            (
                "decide appeal against own action",
                Action::DecideAppeal { issued_by: 100 },
                &[][..],
            ),
            (
                "read the audit log",
                Action::ReadAuditLog,
                &["leader", "staff"][..],
            ),
            (
                "review appeals",
                Action::ReviewAppeals,
                &["leader", "staff"][..],
            ),
            (
                "review held private messages",
                Action::ReviewMessages,
                &["leader", "staff"][..],
            ),
            (
                "see flag accuracy",
                Action::SeeFlagAccuracy,
                &["leader", "staff"][..],
            ),
            ("change roles", Action::ChangeRoles, &["staff"][..]),
            (
                "moderate (queue, records)",
                Action::Moderate,
                &["mentor", "mentor_elsewhere", "leader", "staff"][..],
            ),
            (
                "mark a policy update in a guideline forum",
                Action::MarkPolicyUpdate(forum(StaffWrite)),
                &["staff"][..],
            ),
            (
                "mark a policy update in an open forum",
                Action::MarkPolicyUpdate(forum(Open)),
                &[][..],
            ),
            (
                "pin in the forum",
                Action::PinTopic {
                    forum_id: FORUM,
                    global: false,
                },
                &["mentor", "staff"][..],
            ),
            (
                "pin globally",
                Action::PinTopic {
                    forum_id: FORUM,
                    global: true,
                },
                &["staff"][..],
            ),
            (
                "see policy acknowledgements",
                Action::SeePolicyAcknowledgements,
                &["staff"][..],
            ),
            ("manage filter rules", Action::ManageFilters, &["staff"][..]),
        ]);
        // Private messages: to an adult member, a teen, a teen forum's
        // mentor, and people who chose who may write to them.
        let adults: &[&str] = &[
            "member",
            "listener",
            "mentor",
            "mentor_elsewhere",
            "leader",
            "staff",
        ];
        let everyone: &[&str] = &[
            "member",
            "listener",
            "teen",
            "mentor",
            "mentor_elsewhere",
            "leader",
            "staff",
        ];
        let message = |to: Recipient| Action::MessagePerson {
            to,
            sender_mentors_teens: false,
            sender_new: false,
        };
        cases.extend([
            ("message an adult", message(recipient()), adults),
            (
                "message a teen",
                message(Recipient {
                    is_teen: true,
                    ..recipient()
                }),
                &["teen"][..],
            ),
            (
                "message a teen as a teen forum's mentor",
                Action::MessagePerson {
                    to: Recipient {
                        is_teen: true,
                        ..recipient()
                    },
                    sender_mentors_teens: true,
                    sender_new: false,
                },
                everyone,
            ),
            (
                "message a teen forum's mentor",
                message(Recipient {
                    mentors_teens: true,
                    ..recipient()
                }),
                everyone,
            ),
            (
                "message someone blocked either way",
                message(Recipient {
                    blocked: true,
                    ..recipient()
                }),
                &[][..],
            ),
            (
                "message a closed or deactivated account",
                message(Recipient {
                    reachable: false,
                    ..recipient()
                }),
                &[][..],
            ),
            (
                "message someone who takes listeners and staff",
                message(Recipient {
                    policy: MessagePolicy::Helpers,
                    ..recipient()
                }),
                &["listener", "mentor", "mentor_elsewhere", "leader", "staff"][..],
            ),
            (
                "message someone who takes nobody",
                message(Recipient {
                    policy: MessagePolicy::Nobody,
                    ..recipient()
                }),
                &["leader", "staff"][..],
            ),
            (
                "message a stranger who takes people they talked to",
                message(Recipient {
                    policy: MessagePolicy::Talked,
                    ..recipient()
                }),
                &["leader", "staff"][..],
            ),
            (
                "message someone met in a public topic who takes people they talked to",
                message(Recipient {
                    policy: MessagePolicy::Talked,
                    talked_in_public: true,
                    ..recipient()
                }),
                adults,
            ),
            (
                "start a conversation from a new account",
                Action::MessagePerson {
                    to: recipient(),
                    sender_mentors_teens: false,
                    sender_new: true,
                },
                &["leader", "staff"][..],
            ),
            (
                "answer from a new account someone who wrote first",
                Action::MessagePerson {
                    to: Recipient {
                        wrote_to_viewer: true,
                        ..recipient()
                    },
                    sender_mentors_teens: false,
                    sender_new: true,
                },
                adults,
            ),
            (
                "write in one's conversation",
                Action::SendMessage {
                    member: true,
                    blocked: false,
                },
                everyone,
            ),
            (
                "write in someone else's conversation",
                Action::SendMessage {
                    member: false,
                    blocked: false,
                },
                &[][..],
            ),
            (
                "report a message in one's conversation",
                Action::ReportMessage {
                    member: true,
                    own: false,
                },
                everyone,
            ),
            (
                "report one's own message",
                Action::ReportMessage {
                    member: true,
                    own: true,
                },
                &[][..],
            ),
            (
                "report a message in someone else's conversation",
                Action::ReportMessage {
                    member: false,
                    own: false,
                },
                &[][..],
            ),
            (
                "edit one's message",
                Action::EditMessage {
                    member: true,
                    own: true,
                    open: true,
                    blocked: false,
                },
                everyone,
            ),
            (
                "edit someone else's message",
                Action::EditMessage {
                    member: true,
                    own: false,
                    open: true,
                    blocked: false,
                },
                &[][..],
            ),
            (
                "edit one's message after a moderator hid it",
                Action::EditMessage {
                    member: true,
                    own: true,
                    open: false,
                    blocked: false,
                },
                &[][..],
            ),
            (
                "edit one's message in a conversation one left",
                Action::EditMessage {
                    member: false,
                    own: true,
                    open: true,
                    blocked: false,
                },
                &[][..],
            ),
            (
                "edit one's message where someone blocked you",
                Action::EditMessage {
                    member: true,
                    own: true,
                    open: true,
                    blocked: true,
                },
                &[][..],
            ),
            (
                "write where someone blocked you",
                Action::SendMessage {
                    member: true,
                    blocked: true,
                },
                &[][..],
            ),
        ]);
        let now = Utc::now();
        for (name, action, allowed) in cases {
            for (role, viewer) in roles() {
                let expected = allowed.contains(&role);
                assert_eq!(
                    allows(viewer.as_ref(), action, now),
                    expected,
                    "{name}: {role} should be {}",
                    if expected { "allowed" } else { "refused" }
                );
            }
        }
    }

    /// Who reads a private conversation, role by role, for each kind of
    /// conversation: nobody outside it browses it, staff included, unless
    /// it is supervised or a report about it is open.
    #[test]
    fn who_reads_a_conversation() {
        use ConversationSight::*;
        let facts = |member, supervised, reported| ConversationFacts {
            member,
            supervised,
            reported,
            viewer_mentors_teens: false,
        };
        type Case<'a> = (
            &'a str,
            ConversationFacts,
            &'a [(&'a str, ConversationSight)],
        );
        let cases: [Case; 4] = [
            (
                "someone else's conversation",
                facts(false, false, false),
                &[],
            ),
            (
                "a reported conversation",
                facts(false, false, true),
                &[("leader", Reviewing), ("staff", Reviewing)],
            ),
            (
                "a supervised conversation",
                facts(false, true, false),
                &[("leader", Supervising), ("staff", Supervising)],
            ),
            (
                "one's own conversation",
                facts(true, false, false),
                &[
                    ("member", Member),
                    ("listener", Member),
                    ("teen", Member),
                    ("mentor", Member),
                    ("mentor_elsewhere", Member),
                    ("leader", Member),
                    ("staff", Member),
                ],
            ),
        ];
        for (name, c, allowed) in cases {
            for (role, viewer) in roles() {
                let expected = allowed
                    .iter()
                    .find(|(r, _)| *r == role)
                    .map_or(Nothing, |(_, sight)| *sight);
                assert_eq!(
                    conversation_sight(viewer.as_ref(), c),
                    expected,
                    "{name}: {role}"
                );
            }
        }
        // A teen forum's mentor supervises, and reads nothing else.
        let mentor = person(Role::Member, true, false, vec![FORUM]);
        let as_teen_mentor = |supervised, reported| ConversationFacts {
            viewer_mentors_teens: true,
            ..facts(false, supervised, reported)
        };
        assert_eq!(
            conversation_sight(Some(&mentor), as_teen_mentor(true, false)),
            Supervising
        );
        assert_eq!(
            conversation_sight(Some(&mentor), as_teen_mentor(false, true)),
            Nothing
        );
    }

    /// The visibility rule, role by role, for each kind of post. `author`
    /// is a member who wrote the post (and started the topic).
    #[test]
    fn who_sees_what_of_a_post() {
        use PostSight::*;
        use Restriction::*;
        let post = |restriction, topic_held, held, hidden| PostFacts {
            forum: forum(restriction),
            author_id: 100,
            topic_author_id: 100,
            topic_held,
            held,
            hidden,
        };
        let published = post(Open, false, false, false);
        let hidden = post(Open, false, false, true);
        let held = post(Open, false, true, false);
        let held_topic = post(Open, true, true, false);
        let teen = post(TeensOnly, false, false, false);
        let listeners = post(ListenersOnly, false, false, false);
        let mut everyone = roles();
        everyone.push(("author", Some(person(Role::Member, false, false, vec![]))));
        // Column order: published, hidden, held, held topic, teen forum, listener forum.
        let table: &[(&str, [PostSight; 6])] = &[
            (
                "guest",
                [Text, Placeholder, Nothing, Nothing, Nothing, Nothing],
            ),
            (
                "member",
                [Text, Placeholder, Nothing, Nothing, Nothing, Nothing],
            ),
            (
                "listener",
                [Text, Placeholder, Nothing, Nothing, Nothing, Text],
            ),
            ("teen", [Text, Placeholder, Nothing, Nothing, Text, Nothing]),
            ("mentor", [Text, Text, Text, Text, Text, Text]),
            (
                "mentor_elsewhere",
                [Text, Placeholder, Nothing, Nothing, Nothing, Text],
            ),
            ("leader", [Text, Text, Text, Text, Text, Text]),
            ("staff", [Text, Text, Text, Text, Text, Text]),
            ("author", [Text, Text, Text, Text, Nothing, Nothing]),
        ];
        for (role, viewer) in everyone {
            // Only "author" wrote the posts: the others get another id.
            let viewer = viewer.map(|mut v| {
                if role != "author" {
                    v.id = 200;
                }
                v
            });
            let (_, expected) = table
                .iter()
                .find(|(r, _)| *r == role)
                .expect("role in table");
            let kinds = [published, hidden, held, held_topic, teen, listeners];
            for (kind, want) in kinds.iter().zip(expected) {
                assert_eq!(post_sight(viewer.as_ref(), kind), *want, "{role}: {kind:?}");
            }
        }
        assert!(published.published() && !hidden.published() && !held_topic.published());
    }

    #[test]
    fn only_adults_hold_roles_that_look_after_others() {
        for role in [Role::Staff, Role::GlobalLeader] {
            assert!(may_hold(role, false, true).is_err());
            assert!(may_hold(role, false, false).is_ok());
        }
        assert!(may_hold(Role::Member, true, true).is_err(), "a teen mentor");
        assert!(may_hold(Role::Member, false, true).is_ok());
        assert!(may_hold(Role::Member, true, false).is_ok());
    }

    #[test]
    fn guests_are_asked_to_log_in_and_hidden_forums_do_not_exist() {
        let now = Utc::now();
        let open = forum(Restriction::Open);
        assert_eq!(
            check(None, Action::StartTopic(open), now),
            Err(AppError::Unauthorized)
        );
        let member = person(Role::Member, false, false, vec![]);
        assert_eq!(
            check(
                Some(&member),
                Action::StartTopic(forum(Restriction::TeensOnly)),
                now
            ),
            Err(AppError::NotFound)
        );
    }

    #[test]
    fn suspension_blocks_writing_until_its_date() {
        let now = Utc::now();
        let mut member = person(Role::Member, false, false, vec![]);
        member.account_state = AccountState::Suspended;
        member.suspended_until = Some(now + Duration::days(1));
        let reply = Action::Reply {
            forum: forum(Restriction::Open),
            locked: false,
        };
        assert!(matches!(
            check(Some(&member), reply, now),
            Err(AppError::Forbidden(_))
        ));
        assert!(allows(
            Some(&member),
            Action::ReadForum(forum(Restriction::Open)),
            now
        ));
        member.suspended_until = Some(now - Duration::minutes(1));
        assert!(allows(Some(&member), reply, now));
    }
}
