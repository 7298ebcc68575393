//! Types that cross to the browser. They are separate from the database rows
//! (`server::entities`) and never carry secrets: no password hash, no birth
//! date, no session data.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A closed set of values with one spelling each (see `closed_set!`).
pub trait ClosedSet: Sized + Copy + 'static {
    const ALL: &'static [Self];
    fn as_str(self) -> &'static str;
    fn parse(s: &str) -> Option<Self>;
}

/// A closed set of states stored in a string column and sent on the wire:
/// one spelling for both (snake_case), `as_str`/`parse`/`ALL`, and on the
/// server a SeaORM `DeriveActiveEnum`, so a row holds the enum, never a
/// free string compared with literals.
macro_rules! closed_set {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $value:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        // The OpenAPI derive reads the container's rule, not each variant's
        // rename; every value is its variant's name in snake_case (a test
        // of the document checks they agree).
        #[serde(rename_all = "snake_case")]
        #[cfg_attr(
            feature = "ssr",
            derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum, utoipa::ToSchema)
        )]
        #[cfg_attr(
            feature = "ssr",
            sea_orm(rs_type = "String", db_type = "String(sea_orm::sea_query::StringLen::None)")
        )]
        $vis enum $name {
            $(
                $(#[$vmeta])*
                #[serde(rename = $value)]
                #[cfg_attr(feature = "ssr", sea_orm(string_value = $value))]
                $variant,
            )+
        }

        impl ClosedSet for $name {
            const ALL: &'static [$name] = $name::ALL;
            fn as_str(self) -> &'static str {
                $name::as_str(self)
            }
            fn parse(s: &str) -> Option<$name> {
                $name::parse(s)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored and wire spelling.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $value,)+
                }
            }

            /// The value with this spelling, if any.
            pub fn parse(s: &str) -> Option<$name> {
                match s {
                    $($value => Some($name::$variant),)+
                    _ => None,
                }
            }
        }
    };
}

closed_set! {
    /// A site-wide role. Forum mentorship and the listener flag are separate,
    /// because they combine with any role.
    pub enum Role {
        Member = "member",
        GlobalLeader = "global_leader",
        Staff = "staff",
    }
}

closed_set! {
    /// Who may read and write in a forum.
    pub enum Restriction {
        /// Everyone reads, members write.
        Open = "open",
        /// Everyone reads, only staff start topics; members may reply (guidelines).
        StaffWrite = "staff_write",
        /// Only teens (and the people who look after them) read and write.
        TeensOnly = "teens_only",
        /// Only listeners (and mentors, leaders, staff) read and write.
        ListenersOnly = "listeners_only",
    }
}

impl Restriction {
    /// A short label shown beside the forum name, if restricted.
    pub fn label(self) -> Option<&'static str> {
        match self {
            Restriction::Open => None,
            Restriction::StaffWrite => Some("staff posts"),
            Restriction::TeensOnly => Some("teens only"),
            Restriction::ListenersOnly => Some("listeners only"),
        }
    }
}

/// Badges shown next to a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Badge {
    Listener,
    Teen,
    Mentor,
    Leader,
    Staff,
}

impl Badge {
    /// The badges a decision can take away, by their label.
    pub fn removable(label: &str) -> Option<Badge> {
        match label {
            "listener" => Some(Badge::Listener),
            "mentor" => Some(Badge::Mentor),
            _ => None,
        }
    }

    /// What the badge means, for whoever taps or hovers it.
    pub fn meaning(self) -> &'static str {
        match self {
            Badge::Listener => {
                "A volunteer listener: trained to listen and support, not a professional."
            }
            Badge::Teen => "Under 18. Haven keeps teen forums to teens and their mentors.",
            Badge::Mentor => "A mentor: looks after a forum, reviews its reports and held posts.",
            Badge::Leader => "A global leader: moderates across every forum.",
            Badge::Staff => "Staff: runs Haven and writes its guidelines.",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Badge::Listener => "listener",
            Badge::Teen => "teen",
            Badge::Mentor => "mentor",
            Badge::Leader => "leader",
            Badge::Staff => "staff",
        }
    }
}

/// A person as others see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct UserSummary {
    pub id: i32,
    pub username: String,
    #[cfg_attr(feature = "ssr", schema(value_type = Vec<String>))]
    pub badges: Vec<Badge>,
}

/// The person logged in, as the header needs them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub user: UserSummary,
    /// Counted up to 100; the header shows more than 99 as "99+".
    pub unread_notifications: u64,
    /// Conversations with messages the person has not seen.
    pub unread_messages: u64,
    pub is_staff: bool,
    /// Mentors, leaders and staff: shows the moderation queue link.
    pub moderates: bool,
    /// Warnings and suspensions not yet acknowledged.
    pub unacknowledged_sanctions: u64,
    /// Open queue items this person may act on, counted up to 100 (shown
    /// beside "Queue"; more than 99 as "99+").
    pub open_items: u64,
}

/// The person's own self-care settings, for the account page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SelfCare {
    pub on_break: bool,
    /// The end of the break (None: until they end it).
    pub break_until: Option<DateTime<Utc>>,
    pub deactivated: bool,
}

/// A conversation in the inbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ConversationSummary {
    pub id: i32,
    /// Everyone else in it.
    pub people: Vec<UserSummary>,
    pub last_message_at: DateTime<Utc>,
    /// Messages by others the person has not seen.
    pub unread: u64,
    /// Read by the teen forums' mentors and leaders too.
    pub supervised: bool,
    /// The start of the newest message the person may see.
    pub excerpt: String,
}

/// A page of the inbox: conversations, newest activity first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct InboxPage {
    pub conversations: Vec<ConversationSummary>,
    /// The cursor of the next page (`?before=`), when there is one.
    pub next: Option<String>,
}

/// One private message as its reader sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MessageView {
    pub id: i32,
    pub author: UserSummary,
    /// Rendered and sanitised like a post.
    pub body_html: String,
    pub created_at: DateTime<Utc>,
    /// Held by a filter for a moderator: only its author sees it.
    pub pending: bool,
    /// A moderator decided not to deliver it: only its author sees it.
    pub rejected: bool,
    /// A moderator hid it after a report: only a reviewer sees it, marked.
    pub hidden: bool,
    /// The viewer wrote it (it has no Flag button).
    pub mine: bool,
    /// 1 until edited; an edit names the version it started from.
    pub version: i32,
    /// When the newest version was written, once edited.
    pub edited_at: Option<DateTime<Utc>>,
    /// Its earlier versions, newest first: everyone who reads the
    /// conversation sees what an edit changed.
    pub earlier: Vec<EarlierMessage>,
    /// The text as typed, for its author's Edit form (None for others).
    pub source: Option<String>,
    /// The viewer may edit it (their own, delivered or waiting, not hidden).
    pub can_edit: bool,
}

/// An earlier version of an edited private message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EarlierMessage {
    pub version: i32,
    /// Rendered and sanitised, as it was shown.
    pub body_html: String,
    /// When this version was written.
    pub written_at: DateTime<Utc>,
}

/// A private message a filter holds, as a reviewer sees it: the message
/// alone, never the rest of its conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct HeldMessageView {
    pub id: i32,
    pub author: UserSummary,
    pub body_html: String,
    /// The rules that held it: `contact (hold)`.
    pub rules: String,
    /// The contact details found, highlighted in the author's text.
    pub explanation: Option<ContactExplanation>,
    pub created_at: DateTime<Utc>,
}

/// A conversation's page: its people and a page of messages, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ConversationPage {
    pub id: i32,
    pub people: Vec<UserSummary>,
    pub supervised: bool,
    pub messages: Vec<MessageView>,
    /// The cursor for older messages (`?before=`), when there are some.
    pub older: Option<i32>,
    /// The viewer reads it as a supervisor, not a member (cannot write).
    pub supervising: bool,
    /// The viewer is a leader or staff member reading it because a message
    /// in it is reported (each such read is in the audit log).
    pub reviewing: bool,
}

/// One message of a report's snapshot: what the reviewer sees of the
/// conversation around a reported message, as it was when reported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SnapshotMessage {
    pub id: i32,
    pub author: String,
    /// Rendered and sanitised like a post.
    pub body_html: String,
    pub created_at: DateTime<Utc>,
    /// The reported message itself.
    pub reported: bool,
}

/// One report of a message: who (None: the contact filter, about a
/// message to a teen) and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MessageReportLine {
    pub reporter: Option<UserSummary>,
    pub reason: FlagReason,
    pub note: String,
    pub created_at: DateTime<Utc>,
}

/// A reported private message waiting for a leader or staff member: the
/// message, the reports, and the few messages around it when reported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ReportedMessageView {
    pub message_id: i32,
    pub conversation_id: i32,
    pub author: UserSummary,
    pub reports: Vec<MessageReportLine>,
    pub snapshot: Vec<SnapshotMessage>,
    /// Who else was in the conversation when it was reported.
    pub to: Vec<String>,
    /// The filters reported it (contact details sent to a teen, refused; or
    /// a rule whose action is "flag"); the report's note says which.
    pub by_filter: bool,
    /// The author mentors a teen forum (the badge a reviewer can remove).
    pub author_mentors_teens: bool,
    pub author_is_listener: bool,
    /// Already hidden by an earlier decision.
    pub hidden: bool,
    /// A filter refused it: nobody but its author ever saw it.
    pub refused: bool,
    /// What the contact detector caught in it (the filters reported it),
    /// highlighted.
    pub contact: Option<ContactExplanation>,
    pub created_at: DateTime<Utc>,
}

/// E-mail, as the account page shows it to the person themselves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct EmailSettingsView {
    /// Whether this site sends e-mail at all (an SMTP server is set up).
    pub available: bool,
    /// The address they gave, if any.
    pub address: Option<String>,
    /// Whether they followed the confirmation link for it.
    pub confirmed: bool,
    pub prefs: EmailPrefs,
}

/// Which notifications also come by e-mail (on the site they always come).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailPrefs {
    pub mentions: bool,
    pub replies: bool,
    /// What happened to a report they made.
    pub reports: bool,
    pub policy: bool,
}

impl Default for EmailPrefs {
    fn default() -> Self {
        EmailPrefs {
            mentions: true,
            replies: true,
            reports: true,
            policy: true,
        }
    }
}

/// One crisis line on the crisis page (from `safety::crisis`, the directory
/// the contact filter always lets through).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrisisLineView {
    pub service: String,
    /// "Call", "Text" or "E-mail".
    pub how: String,
    /// As the service writes it.
    pub contact: String,
    /// `tel:`, `sms:` or `mailto:` link.
    pub href: String,
    /// The service's own page.
    pub source: String,
}

/// A country's lines on the crisis page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrisisCountryView {
    pub code: String,
    pub name: String,
    pub emergency: String,
    pub lines: Vec<CrisisLineView>,
}

closed_set! {
    /// Whether moderators let an account write. Every state has a writer:
    /// registration makes an account active, a suspension (or its end, or
    /// a reversed appeal) moves it between the two. A self-care break and
    /// deactivation are the person's own choices, kept in their own columns
    /// (`services::self_care`), so they never hide a suspension.
    pub enum AccountState {
        Active = "active",
        Suspended = "suspended",
    }
}

/// A profile page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub user: UserSummary,
    /// Active, or suspended (until `suspended_until`, or indefinitely).
    pub account_state: AccountState,
    pub suspended_until: Option<DateTime<Utc>>,
    /// On a self-care break (shown as "on a break").
    pub on_break: bool,
    /// Deactivated by themselves (or closed: then the name is "former member").
    pub deactivated: bool,
    pub joined: DateTime<Utc>,
    pub post_count: u64,
    pub bio: String,
    /// Their latest published posts the viewer may read, newest first.
    #[serde(default)]
    pub recent_posts: Vec<ProfilePost>,
    /// Topics they started that the viewer may read, newest first.
    #[serde(default)]
    pub recent_topics: Vec<ProfileTopic>,
    /// For mentors, leaders and staff: the person's moderation record.
    pub record: Option<ModerationRecord>,
    /// For staff: the person's roles, to change them.
    pub roles: Option<RoleSettings>,
    /// A logged-in viewer other than the person: shows Message and Block.
    pub can_message: bool,
}

/// One of a person's posts, on their profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfilePost {
    pub post_id: i32,
    pub topic_id: i32,
    pub topic_title: String,
    /// The post's text without Markdown, cut short.
    pub excerpt: String,
    pub created_at: DateTime<Utc>,
}

/// A topic a person started, on their profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileTopic {
    pub id: i32,
    pub title: String,
    pub forum_name: String,
    pub post_count: i32,
    pub created_at: DateTime<Utc>,
}

/// A person's moderation record, as moderators see it on their profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModerationRecord {
    /// Warnings and suspensions not reversed on appeal.
    pub warnings: u64,
    pub suspensions: u64,
    /// Their reports: (agreed, disagreed); leaders and staff only.
    pub flag_accuracy: Option<(u64, u64)>,
}

/// A person's role, listener status and mentorships.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleSettings {
    pub role: Role,
    pub is_listener: bool,
    /// Forums they mentor.
    pub mentor_of: Vec<i32>,
    /// Every forum, (id, name), to choose from.
    pub forums: Vec<(i32, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ForumSummary {
    pub id: i32,
    pub slug: String,
    pub name: String,
    pub description: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub restriction: Restriction,
    pub topic_count: u64,
    /// Whether the viewer may start a topic here.
    pub can_post: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TopicSummary {
    pub id: i32,
    pub title: String,
    pub author: UserSummary,
    /// Number of posts including the first.
    pub post_count: i32,
    pub locked: bool,
    pub created_at: DateTime<Utc>,
    pub last_post_at: DateTime<Utc>,
    /// Set while the topic is pinned.
    pub pin: Option<PinView>,
    /// For someone logged in: published posts by others after the last
    /// one they were shown (0 for people not logged in).
    #[serde(default)]
    pub unread: u32,
    /// The number of the last post they were shown, if they ever opened it
    /// ("jump to first unread" starts after it).
    #[serde(default)]
    pub last_read: Option<i32>,
    /// Started recently by someone else and never opened by them.
    #[serde(default)]
    pub new: bool,
}

/// How a topic is pinned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PinView {
    /// At the top of every forum and the home page, not only its own forum.
    pub global: bool,
    /// Lower comes first.
    pub position: i32,
    /// It unpins by itself after this.
    pub until: Option<DateTime<Utc>>,
}

/// A guideline post's latest policy update, as a reader sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PolicyNotice {
    pub version: i32,
    pub summary: String,
    pub updated_at: DateTime<Utc>,
    /// The viewer has read this version (guests: false).
    pub acknowledged: bool,
}

/// Who acknowledged each policy version of a post (staff).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PolicyAcknowledgements {
    pub post_id: i32,
    pub topic_title: String,
    /// Newest version first.
    pub versions: Vec<PolicyVersionAcks>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PolicyVersionAcks {
    pub version: i32,
    pub summary: String,
    pub editor: UserSummary,
    pub created_at: DateTime<Utc>,
    pub count: u64,
    pub people: Vec<UserSummary>,
}

/// One page of a forum: topics by newest activity, with the keyset cursor of
/// the next page when there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ForumPage {
    pub forum: ForumSummary,
    /// On the first page: pinned topics, in their order.
    pub pinned: Vec<TopicSummary>,
    pub topics: Vec<TopicSummary>,
    pub next_cursor: Option<String>,
}

/// A topic in the Latest list, with the forum it is in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LatestTopic {
    pub forum_slug: String,
    pub forum_name: String,
    pub topic: TopicSummary,
}

/// Text typed into a composer and saved, not posted yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// Empty for a reply.
    pub title: String,
    pub body: String,
    pub saved_at: DateTime<Utc>,
}

/// A page of Latest: topics across readable forums, newest activity first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LatestPage {
    pub topics: Vec<LatestTopic>,
    pub next_cursor: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PostView {
    pub id: i32,
    pub topic_id: i32,
    /// 1-based position in the topic.
    pub number: i32,
    pub author: UserSummary,
    /// The post's author started the topic.
    pub is_op: bool,
    /// Sanitised HTML, rendered when the post was written.
    pub body_html: String,
    pub upvotes: i32,
    /// Whether the viewer has upvoted it.
    pub upvoted: bool,
    /// Whether the viewer may upvote it (logged in, not their own post).
    pub can_upvote: bool,
    /// Whether the viewer may report it (logged in, not their own post).
    pub can_flag: bool,
    /// Whether the viewer may quote it in a reply (reads its text, may reply).
    pub can_quote: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: Option<DateTime<Utc>>,
    /// Hidden (by the weight of reports until a moderator looks, or by a
    /// moderator). Others get an empty body; the author and moderators
    /// still see it.
    pub hidden: bool,
    /// For a post a moderator hid: why, in general terms ("Harassment or
    /// bullying"). Given to its author and moderators only; None while it
    /// is hidden only by reports, pending review.
    pub hidden_reason: Option<String>,
    /// A moderator hid it (rather than the weight of reports).
    pub hidden_by_moderator: bool,
    /// 1 until first edited.
    pub version: i32,
    /// The latest editor, when the post has been edited.
    pub edited_by: Option<UserSummary>,
    /// Whether the viewer may edit it (its author, the forum's moderators).
    pub can_edit: bool,
    /// The latest policy update of a guideline post.
    pub policy: Option<PolicyNotice>,
    /// None: published. Pending: held by a filter until a moderator
    /// approves it; rejected: a moderator kept it unpublished. Only its
    /// author and moderators ever get such a post.
    pub review: Option<Review>,
    /// Why the contact filter held it (pending posts only).
    pub contact: Option<ContactExplanation>,
    /// The viewer wrote it.
    pub own: bool,
    /// The viewer blocked its author: shown folded, "post by a person you
    /// blocked — show".
    pub by_blocked: bool,
}

/// The largest count the header shows as a number (unread notifications,
/// open queue items); more shows as "99+".
pub const UNREAD_SHOWN_MAX: u64 = 99;

/// A header count: more than [`UNREAD_SHOWN_MAX`] shows as "99+".
pub fn count_text(n: u64) -> String {
    if n > UNREAD_SHOWN_MAX {
        format!("{UNREAD_SHOWN_MAX}+")
    } else {
        n.to_string()
    }
}

/// Header counts stop here: one past what is shown, so "99+" can be told
/// apart, and a count never reads more rows however many are waiting.
pub const HEADER_COUNT_CAP: u64 = UNREAD_SHOWN_MAX + 1;

/// What the contact filter found in a text, for its author and for
/// moderators: what kinds of detail, and the text in pieces with the parts
/// that triggered it marked. Rendered as text (escaped), never as HTML.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ContactExplanation {
    /// In plain words: "a phone number", "an invitation to talk somewhere else".
    pub found: Vec<String>,
    /// The text in order; `true` pieces are what the filter caught.
    pub parts: Vec<(String, bool)>,
}

impl ContactExplanation {
    /// The pieces the filter caught, in order.
    pub fn highlighted(&self) -> Vec<&str> {
        self.parts
            .iter()
            .filter(|(_, hit)| *hit)
            .map(|(text, _)| text.as_str())
            .collect()
    }
}

/// What the filters would do with a draft, checked while it is typed: the
/// final decision is still taken when it is posted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftVerdict {
    /// True: it would be refused; false: it would wait for a moderator.
    pub refused: bool,
    pub message: String,
    /// What the contact filter found, highlighted, when it fired.
    pub explanation: Option<ContactExplanation>,
}

/// One page of a topic: posts in order after `number`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TopicPage {
    pub id: i32,
    pub title: String,
    pub forum: ForumSummary,
    pub locked: bool,
    /// The viewer may lock, unlock, move, hide and restore the topic (its
    /// moderators).
    pub can_moderate: bool,
    /// A moderator hid the topic: only its author and moderators see it.
    pub hidden: bool,
    /// Forums the viewer may move it to: (slug, name).
    pub move_to: Vec<(String, String)>,
    pub posts: Vec<PostView>,
    /// Post number to continue after, when there are more posts.
    pub next_after: Option<i32>,
    /// Post number the previous page starts after, when this is not the first page.
    pub prev_after: Option<i32>,
    pub can_reply: bool,
    pub pin: Option<PinView>,
    /// Staff anywhere, mentors in their forums.
    pub can_pin: bool,
    /// Staff only.
    pub can_pin_globally: bool,
    /// A global pin the viewer may hide for themselves.
    pub can_dismiss_pin: bool,
    /// Staff: link to who acknowledged the policy updates.
    pub can_see_acknowledgements: bool,
    pub logged_in: bool,
    /// The first post on this page the viewer had not been shown before
    /// (by someone else), when they had opened the topic before: the page
    /// marks it "new since your last visit".
    #[serde(default)]
    pub first_unread: Option<i32>,
}

/// The result of toggling an upvote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct UpvoteState {
    pub post_id: i32,
    pub upvoted: bool,
    pub count: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NotificationView {
    pub id: i32,
    pub kind: NotificationKind,
    pub actor: Option<UserSummary>,
    pub message: String,
    /// Where the notification leads.
    pub link: Option<String>,
    /// The start of the post it is about (mentions and replies), as plain
    /// text, while that post is published and the person may read it: a
    /// post hidden later loses its excerpt.
    #[serde(default)]
    pub excerpt: Option<String>,
    /// The topic it concerns, to group notices by topic.
    #[serde(default)]
    pub topic_id: Option<i32>,
    pub read: bool,
    pub created_at: DateTime<Utc>,
}

/// Notifications about one topic side by side (or one on its own), newest
/// first: the notifications page shows a run of replies as one group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotificationGroup {
    pub topic_id: Option<i32>,
    pub items: Vec<NotificationView>,
}

/// Groups notifications (newest first) by topic: each topic's notices join
/// the group of its newest one, which keeps its place; notices with no
/// topic stand alone.
pub fn group_by_topic(list: Vec<NotificationView>) -> Vec<NotificationGroup> {
    let mut groups: Vec<NotificationGroup> = Vec::new();
    for n in list {
        let at = n
            .topic_id
            .and_then(|t| groups.iter().position(|g| g.topic_id == Some(t)));
        match at {
            Some(i) => groups[i].items.push(n),
            None => groups.push(NotificationGroup {
                topic_id: n.topic_id,
                items: vec![n],
            }),
        }
    }
    groups
}

closed_set! {
    /// Why someone reports a post.
    pub enum FlagReason {
        /// Sexual content or flirting.
        Sexual = "sexual",
        /// Sharing or asking for contact details, or moving off-site.
        Contact = "contact",
        Harassment = "harassment",
        Spam = "spam",
        /// Someone may be at risk (self-harm).
        AtRisk = "at_risk",
        /// Something else: a note is required.
        Other = "other",
    }
}

impl FlagReason {
    pub fn label(self) -> &'static str {
        match self {
            FlagReason::Sexual => "Sexual content or flirting",
            FlagReason::Contact => "Sharing or asking for contact details / off-site contact",
            FlagReason::Harassment => "Harassment or bullying",
            FlagReason::Spam => "Spam",
            FlagReason::AtRisk => "Someone may be at risk",
            FlagReason::Other => "Something else",
        }
    }
}

closed_set! {
    /// How a moderator settles a queue item: one decision, made of what
    /// happens to the post and what happens to its author (Discourse's
    /// "Agree and hide", "Agree and suspend", "Disagree"). Each is one
    /// button on the queue page; nothing is preselected.
    pub enum Outcome {
        /// The reports are not agreed with; a hidden post is shown again.
        /// For a held post: approve it, publish it as it is.
        NoAction = "no_action",
        /// Hide the post (a held post: reject it, keep it unpublished).
        HidePost = "hide_post",
        /// Censor part of the post; the edit goes into its history (a held
        /// post is then published).
        EditPost = "edit_post",
        /// Warn the author; the post stays as it is (a held post stays
        /// unpublished).
        WarnAuthor = "warn_author",
        /// Leaders and staff only; the post stays as it is (a held post
        /// stays unpublished).
        SuspendAuthor = "suspend_author",
        HideAndWarn = "hide_and_warn",
        /// Leaders and staff only.
        HideAndSuspend = "hide_and_suspend",
        EditAndWarn = "edit_and_warn",
        /// Hide the post and take away a badge the author misused (listener,
        /// or mentor of the forum); leaders and staff only.
        HideAndRemoveBadge = "hide_and_remove_badge",
    }
}

/// What a decision does to the post.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PostEffect {
    /// Nothing changes (a post hidden by reports is shown again only by
    /// [`Outcome::NoAction`]).
    Leave,
    Hide,
    Edit,
}

/// What a decision does to the post's author.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthorEffect {
    Nothing,
    Warn,
    Suspend,
    RemoveBadge,
}

impl Outcome {
    pub fn post_effect(self) -> PostEffect {
        match self {
            Outcome::NoAction | Outcome::WarnAuthor | Outcome::SuspendAuthor => PostEffect::Leave,
            Outcome::HidePost
            | Outcome::HideAndWarn
            | Outcome::HideAndSuspend
            | Outcome::HideAndRemoveBadge => PostEffect::Hide,
            Outcome::EditPost | Outcome::EditAndWarn => PostEffect::Edit,
        }
    }

    pub fn author_effect(self) -> AuthorEffect {
        match self {
            Outcome::NoAction | Outcome::HidePost | Outcome::EditPost => AuthorEffect::Nothing,
            Outcome::WarnAuthor | Outcome::HideAndWarn | Outcome::EditAndWarn => AuthorEffect::Warn,
            Outcome::SuspendAuthor | Outcome::HideAndSuspend => AuthorEffect::Suspend,
            Outcome::HideAndRemoveBadge => AuthorEffect::RemoveBadge,
        }
    }

    /// Whether a post held by a filter is published by this decision:
    /// approving it, or editing it (and perhaps warning its author). Every
    /// other decision keeps it unpublished.
    pub fn publishes_held(self) -> bool {
        matches!(
            self,
            Outcome::NoAction | Outcome::EditPost | Outcome::EditAndWarn
        )
    }

    /// The button that makes this decision.
    pub fn label(self, held: bool) -> &'static str {
        match (self, held) {
            (Outcome::NoAction, false) => "Keep it, no action",
            (Outcome::NoAction, true) => "Approve: publish it",
            (Outcome::HidePost, false) => "Hide",
            (Outcome::HidePost, true) => "Reject: keep it unpublished",
            (Outcome::EditPost, false) => "Save the edit",
            (Outcome::EditPost, true) => "Edit and publish",
            (Outcome::WarnAuthor, _) => "Warn only",
            (Outcome::SuspendAuthor, _) => "Suspend only",
            (Outcome::HideAndWarn, false) => "Hide and warn",
            (Outcome::HideAndWarn, true) => "Reject and warn",
            (Outcome::HideAndSuspend, false) => "Hide and suspend",
            (Outcome::HideAndSuspend, true) => "Reject and suspend",
            (Outcome::EditAndWarn, false) => "Save the edit and warn",
            (Outcome::EditAndWarn, true) => "Edit, publish and warn",
            (Outcome::HideAndRemoveBadge, false) => "Hide and remove the badge",
            (Outcome::HideAndRemoveBadge, true) => "Reject and remove the badge",
        }
    }

    /// What the people who reported are told: what actually happened, in
    /// general terms ("the post was hidden and its author was warned").
    pub fn for_flagger(self, held: bool) -> String {
        let post = match (self.post_effect(), held) {
            (PostEffect::Hide, false) => Some("the post was hidden"),
            (PostEffect::Edit, _) => Some("the post was edited"),
            (PostEffect::Leave, true) if !self.publishes_held() => {
                Some("the post was not published")
            }
            (PostEffect::Hide, true) => Some("the post was not published"),
            (PostEffect::Leave, _) => None,
        };
        let author = match self.author_effect() {
            AuthorEffect::Nothing => None,
            AuthorEffect::Warn => Some("its author was warned"),
            AuthorEffect::Suspend => Some("its author was suspended"),
            AuthorEffect::RemoveBadge => Some("its author lost a badge they misused"),
        };
        match (post, author) {
            (None, None) => "a moderator reviewed it and found it within the guidelines".into(),
            (Some(one), None) | (None, Some(one)) => format!("a moderator reviewed it: {one}"),
            (Some(post), Some(author)) => {
                format!("a moderator reviewed it: {post} and {author}")
            }
        }
    }

    /// Only global leaders and staff may make this decision.
    pub fn for_leaders(self) -> bool {
        matches!(
            self.author_effect(),
            AuthorEffect::Suspend | AuthorEffect::RemoveBadge
        )
    }
}

closed_set! {
    /// Who an item has been escalated to, lowest first.
    pub enum Escalation {
        /// The forum's mentors (and leaders, staff) handle it.
        None = "none",
        /// Global leaders and staff.
        Leaders = "leaders",
        /// Staff only.
        Staff = "staff",
    }
}

impl Escalation {
    /// The next level up, if any.
    pub fn next(self) -> Option<Escalation> {
        match self {
            Escalation::None => Some(Escalation::Leaders),
            Escalation::Leaders => Some(Escalation::Staff),
            Escalation::Staff => None,
        }
    }
}

/// One flag as moderators see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FlagView {
    pub id: i32,
    pub flagger: UserSummary,
    pub reason: FlagReason,
    pub note: String,
    pub weight: i32,
    /// The flagger's (agreed, disagreed) reports; leaders and staff only.
    #[cfg_attr(feature = "ssr", schema(value_type = Option<Vec<u64>>))]
    pub accuracy: Option<(u64, u64)>,
    pub created_at: DateTime<Utc>,
}

/// An item of the moderation queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct QueueItemView {
    pub id: i32,
    pub post_id: i32,
    pub forum_id: i32,
    pub author: UserSummary,
    pub forum_name: String,
    /// The post's text when it was first flagged.
    pub snapshot: String,
    /// The post's text now (what an edit starts from).
    pub current_source: String,
    pub score: i32,
    pub flags: Vec<FlagView>,
    pub claimed_by: Option<UserSummary>,
    pub escalation: Escalation,
    pub post_hidden: bool,
    /// Held by a filter: unpublished until approved.
    pub held: bool,
    /// The filter rules that put it here ("" when only people reported it).
    pub rules: String,
    /// What the contact filter caught in the snapshot, when it did.
    pub contact: Option<ContactExplanation>,
    /// Unhandled for longer than the configured age.
    pub overdue: bool,
    /// Earlier warnings and suspensions of the author.
    pub author_warnings: u64,
    pub author_suspensions: u64,
    /// Badges of the author the viewer may take away with this decision
    /// (listener; mentor of this forum); empty for mentors.
    #[cfg_attr(feature = "ssr", schema(value_type = Vec<String>))]
    pub removable_badges: Vec<Badge>,
    /// The viewer holds the claim (and may let it go).
    pub claimed_by_me: bool,
    /// Someone else holds the claim and the viewer may take it over.
    pub can_take_over: bool,
    pub created_at: DateTime<Utc>,
}

/// A settled queue item, on the resolved list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DecidedItemView {
    pub id: i32,
    pub post_id: i32,
    pub forum_name: String,
    pub author: UserSummary,
    /// The post's text when it was reported or held.
    pub snapshot: String,
    pub outcome: Outcome,
    /// It was a post a filter held (its decision reads approve / reject).
    pub held: bool,
    pub note: String,
    pub decided_by: Option<UserSummary>,
    pub decided_at: Option<DateTime<Utc>>,
    /// Reports it gathered.
    pub reports: u64,
    /// The viewer may reopen it (a leader, within a day of the decision).
    pub can_reopen: bool,
}

impl QueueItemView {
    /// "1 report, weight 1", "3 reports, weight 5", or what the filters did
    /// when nobody reported it.
    pub fn reports_label(&self) -> String {
        match self.flags.len() {
            0 => "No reports: the safety filters caught it".into(),
            1 => format!("1 report, weight {}", self.score),
            n => format!("{n} reports, weight {}", self.score),
        }
    }
}

/// The queue page: items, and the forums the viewer can filter by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuePage {
    pub items: Vec<QueueItemView>,
    /// (id, name) of the forums whose items the viewer handles.
    pub forums: Vec<(i32, String)>,
    /// Leaders and staff also see appeals and the audit log.
    pub leads: bool,
    /// The viewer may suspend (the form shows suspension choices only then).
    pub can_suspend: bool,
}

/// A warning or suspension, as the person who received it sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SanctionView {
    pub id: i32,
    pub kind: SanctionKind,
    pub reason: String,
    /// The post it was about, when there is one.
    pub post_id: Option<i32>,
    pub until: Option<DateTime<Utc>>,
    pub acknowledged: bool,
    pub created_at: DateTime<Utc>,
    /// Reversed on appeal: it no longer counts.
    pub reversed: bool,
    /// The appeal against it, if one was made.
    pub appeal_status: Option<AppealStatus>,
    /// The decider's note, once decided.
    pub appeal_decision: Option<String>,
}

/// An open appeal, as the leader or staff member deciding it sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AppealView {
    pub id: i32,
    pub appellant: UserSummary,
    pub kind: SanctionKind,
    pub sanction_reason: String,
    pub issued_by: UserSummary,
    pub until: Option<DateTime<Utc>>,
    pub post_id: Option<i32>,
    /// What the person wrote.
    pub body: String,
    pub created_at: DateTime<Utc>,
}

/// One audit log entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AuditEntryView {
    pub id: i32,
    /// None: done by the system (a filter, the flag threshold, a timer).
    pub actor: Option<UserSummary>,
    pub action: String,
    pub target_type: String,
    pub target_id: i32,
    /// Where the target can be seen, when it has a page.
    pub target_link: Option<String>,
    pub reason: String,
    pub created_at: DateTime<Utc>,
}

/// One page of the audit log, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AuditPage {
    pub entries: Vec<AuditEntryView>,
    /// Pass as `before` for the next (older) page.
    pub next_before: Option<i32>,
}

/// Filters for the audit log; empty fields match everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFilter {
    /// The actor's username; "system" for automatic actions.
    pub actor: String,
    pub action: String,
    pub target_type: String,
    pub before: Option<i32>,
}

/// Audit entries per page.
pub const AUDIT_PER_PAGE: u64 = 50;

/// One of the viewer's own reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MyReportView {
    pub id: i32,
    /// The reported post (None for a private message).
    pub post_id: Option<i32>,
    /// The conversation of a reported private message.
    pub conversation_id: Option<i32>,
    pub reason: FlagReason,
    pub status: FlagStatus,
    pub created_at: DateTime<Utc>,
}

/// One version of a post, in its history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RevisionView {
    pub version: i32,
    pub editor: UserSummary,
    /// Why it was edited; empty when no reason was given.
    pub reason: String,
    pub policy_update: bool,
    pub policy_summary: String,
    pub created_at: DateTime<Utc>,
}

/// A post's edit history, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PostHistory {
    pub post_id: i32,
    pub topic_id: i32,
    pub topic_title: String,
    pub number: i32,
    pub current_version: i32,
    pub revisions: Vec<RevisionView>,
    /// Staff may make an earlier version current again.
    pub can_restore: bool,
}

/// Whether a run of words is in both versions, or only the later or earlier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DiffKind {
    Same,
    Added,
    Removed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DiffSpan {
    pub kind: DiffKind,
    pub text: String,
}

/// The word-level difference between two versions of a post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RevisionDiff {
    pub from: i32,
    pub to: i32,
    /// The difference in the text a reader sees (no Markdown marks).
    pub spans: Vec<DiffSpan>,
    pub added_words: usize,
    pub removed_words: usize,
    /// Both versions as readers saw them (rendered and sanitised by the
    /// renderer that stores posts), for side by side.
    #[serde(default)]
    pub from_html: String,
    #[serde(default)]
    pub to_html: String,
}

/// A post as its editor opens it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditablePost {
    pub post_id: i32,
    pub topic_id: i32,
    pub topic_title: String,
    /// The version the edit is based on: saving refuses if it moved on.
    pub version: i32,
    pub body_source: String,
    /// Staff editing a guideline post may mark the edit as a policy update.
    pub can_mark_policy: bool,
    /// Who made the current version, and when.
    pub last_editor: UserSummary,
    pub last_edited_at: DateTime<Utc>,
}

/// Maximum length of an edit reason, in characters.
pub const MAX_EDIT_REASON_CHARS: usize = 300;

/// Maximum length of a flag's note, in characters.
pub const MAX_FLAG_NOTE_CHARS: usize = 1_000;

/// Maximum length of a post body, in characters.
pub const MAX_POST_CHARS: usize = 50_000;
/// Maximum length of a topic title, in characters.
pub const MAX_TITLE_CHARS: usize = 200;
/// Minimum password length.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// Topics per forum page.
pub const TOPICS_PER_PAGE: u64 = 20;
/// Posts per topic page.
pub const POSTS_PER_PAGE: u64 = 20;
/// Posts and topics a profile shows.
pub const PROFILE_RECENT: usize = 10;

/// A safety filter rule as staff see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FilterRuleView {
    pub id: i32,
    /// The phrase or /regex/; empty for the contact rule.
    pub pattern: String,
    pub is_contact: bool,
    pub action: FilterAction,
    /// None: every forum.
    pub forum_name: Option<String>,
    /// Applies to private messages only.
    pub messages_only: bool,
    pub message: String,
    pub created_by: UserSummary,
    pub created_at: DateTime<Utc>,
}

/// One automatic action of the filters, with the text as it was typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FilterEventView {
    pub id: i32,
    pub author: UserSummary,
    /// The post's forum; empty for a private message.
    pub forum_name: String,
    /// The post it became; None when blocked.
    pub post_id: Option<i32>,
    /// About a private message: its text is kept in the record but not
    /// shown here (`body` is empty); a held one is reviewed on
    /// `/queue/messages`, a reported one there too.
    pub private_message: bool,
    pub action: FilterAction,
    pub rules: String,
    pub title: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

/// The safety filters page: rules (staff), and recent automatic actions
/// (leaders and staff).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FiltersPage {
    pub can_manage: bool,
    pub rules: Vec<FilterRuleView>,
    /// (id, name) of every forum, for a rule's scope.
    #[cfg_attr(feature = "ssr", schema(value_type = Vec<Vec<String>>))]
    pub forums: Vec<(i32, String)>,
    pub events: Vec<FilterEventView>,
    /// The contact rule's action where no rule sets it, and in teen forums.
    pub contact_default: FilterAction,
    pub contact_teen_default: FilterAction,
}

/// Search hits per page.
pub const SEARCH_PER_PAGE: u64 = 20;

/// What someone searches for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema, utoipa::IntoParams))]
pub struct SearchQuery {
    /// The words; every word must match (as a prefix: "breath" finds
    /// "breathing").
    #[serde(default)]
    pub q: String,
    /// A forum's slug, to search only there.
    #[serde(default)]
    pub forum: Option<String>,
    /// A person's name: only their posts (with no words, all of them, newest first).
    #[serde(default)]
    pub author: Option<String>,
    /// "newest" for newest first; otherwise most relevant first.
    #[serde(default)]
    pub sort: Option<String>,
    /// 0-based page.
    #[serde(default)]
    pub page: Option<u32>,
    /// Search for the words as typed: no typo correction ("search instead
    /// for …").
    #[serde(default)]
    pub exact: Option<bool>,
}

/// A run of text, marked when it matched the search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Marked {
    pub text: String,
    pub hit: bool,
}

/// One post that matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SearchHit {
    pub post_id: i32,
    pub topic_id: i32,
    /// 1: the post that starts the topic.
    pub number: i32,
    pub title: Vec<Marked>,
    pub snippet: Vec<Marked>,
    pub forum_name: String,
    pub forum_slug: String,
    pub author: UserSummary,
    pub created_at: DateTime<Utc>,
    /// Hidden or waiting for review: only moderators get such hits.
    pub unpublished: bool,
}

/// A page of search results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SearchResults {
    pub hits: Vec<SearchHit>,
    /// The words actually searched when some were corrected ("anxeity" →
    /// "anxiety").
    pub corrected: Option<String>,
    pub more: bool,
    /// The forums the viewer may search, as (slug, name).
    pub forums: Vec<(String, String)>,
}

closed_set! {
    /// Whether a queue item is waiting for a moderator. The database keeps
    /// at most one open item per post (a partial unique index).
    pub enum QueueStatus {
        Open = "open",
        Resolved = "resolved",
    }
}

closed_set! {
    /// What put an item in the queue: members' flags, or a filter rule.
    pub enum QueueSource {
        Flags = "flags",
        Filter = "filter",
    }
}

closed_set! {
    /// Where one report stands.
    pub enum FlagStatus {
        /// Waiting for a moderator.
        Open = "open",
        /// Taken back by the person who made it.
        Withdrawn = "withdrawn",
        /// A moderator acted on the post.
        Agreed = "agreed",
        /// A moderator found the post within the guidelines.
        Disagreed = "disagreed",
    }
}

closed_set! {
    /// Where an appeal stands.
    pub enum AppealStatus {
        Open = "open",
        /// The sanction stands.
        Upheld = "upheld",
        /// The sanction was withdrawn; it no longer counts.
        Reversed = "reversed",
    }
}

closed_set! {
    /// How a moderator hears of new items in the queue.
    pub enum QueueAlerts {
        /// A notification for each new item (the default).
        Each = "each",
        /// One notification a day saying how many items wait.
        Digest = "digest",
        /// None: the count beside "Queue" in the header only.
        None = "none",
    }
}

impl QueueAlerts {
    pub fn label(self) -> &'static str {
        match self {
            QueueAlerts::Each => "Each new report or held post",
            QueueAlerts::Digest => "A daily digest",
            QueueAlerts::None => "None (the count beside Queue is enough)",
        }
    }
}

closed_set! {
    /// Who may start a private conversation with a person (anyone may
    /// answer one they are in).
    pub enum MessagePolicy {
        /// Anyone who may message at all (the default).
        Everyone = "everyone",
        /// Only people they have talked to: in the same public topic, or
        /// who wrote to them before.
        Talked = "talked",
        /// Only listeners and staff.
        Helpers = "helpers",
        /// Nobody.
        Nobody = "nobody",
    }
}

impl MessagePolicy {
    pub fn label(self) -> &'static str {
        match self {
            MessagePolicy::Everyone => "Anyone",
            MessagePolicy::Talked => "Only people I have talked to in public threads",
            MessagePolicy::Helpers => "Only listeners and staff",
            MessagePolicy::Nobody => "Nobody",
        }
    }
}

closed_set! {
    /// What a sanction is.
    pub enum SanctionKind {
        Warning = "warning",
        Suspension = "suspension",
        /// The listener badge was taken away.
        ListenerRemoved = "listener_removed",
        /// The person no longer mentors the forum of the post.
        MentorRemoved = "mentor_removed",
    }
}

impl SanctionKind {
    /// Its name on the person's record.
    pub fn label(self) -> &'static str {
        match self {
            SanctionKind::Warning => "Warning",
            SanctionKind::Suspension => "Suspension",
            SanctionKind::ListenerRemoved => "Listener badge removed",
            SanctionKind::MentorRemoved => "Removed as mentor",
        }
    }

    /// It in a sentence: "the {noun} stands".
    pub fn noun(self) -> &'static str {
        match self {
            SanctionKind::Warning => "warning",
            SanctionKind::Suspension => "suspension",
            SanctionKind::ListenerRemoved => "removal of your listener badge",
            SanctionKind::MentorRemoved => "removal of your mentor role",
        }
    }
}

closed_set! {
    /// Why a post or topic is not published (NULL in the row: published).
    pub enum Review {
        /// Held by a filter (or a held edit), waiting for a moderator.
        Pending = "pending",
        /// A moderator decided not to publish it; its author still sees it.
        Rejected = "rejected",
    }
}

closed_set! {
    /// Where a pinned topic shows (NULL in the row: not pinned).
    pub enum PinScope {
        /// At the top of its forum.
        Forum = "forum",
        /// At the top of every forum and the home page.
        Global = "global",
    }
}

closed_set! {
    /// What a rule does to a post it matches, mildest first: when several
    /// rules fire, the strictest wins.
    #[derive(PartialOrd, Ord)]
    pub enum FilterAction {
        /// Posted with the matched part masked.
        Censor = "censor",
        /// Posted, and a system flag puts it in the moderation queue.
        Flag = "flag",
        /// Kept for review; its author sees it as pending.
        Hold = "hold",
        /// Refused with the rule's message; the typed text stays in the form.
        Block = "block",
    }
}

closed_set! {
    /// What a notification is about.
    pub enum NotificationKind {
        Mention = "mention",
        Reply = "reply",
        PolicyUpdate = "policy_update",
        /// To the person who flagged: their report arrived.
        FlagReceived = "flag_received",
        /// To a forum's mentors (leaders, where it has none): a post there
        /// was reported or held and waits in the queue.
        ItemWaiting = "item_waiting",
        /// To the person who flagged: what the moderators did.
        FlagOutcome = "flag_outcome",
        PostHeld = "post_held",
        PostHidden = "post_hidden",
        PostEdited = "post_edited",
        PostApproved = "post_approved",
        PostRejected = "post_rejected",
        Warning = "warning",
        Suspension = "suspension",
        AppealWaiting = "appeal_waiting",
        AppealDecided = "appeal_decided",
        QueueOverdue = "queue_overdue",
        /// To a writer: someone they mentioned is on a self-care break and
        /// was not notified.
        MentionOnBreak = "mention_on_break",
        /// Someone mentioned the person in a private conversation.
        MessageMention = "message_mention",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notice(id: i32, topic: Option<i32>) -> NotificationView {
        NotificationView {
            id,
            kind: NotificationKind::Reply,
            actor: None,
            message: String::new(),
            link: None,
            excerpt: None,
            topic_id: topic,
            read: false,
            created_at: chrono::DateTime::UNIX_EPOCH,
        }
    }

    #[test]
    fn notices_group_by_topic_where_the_newest_one_was() {
        let list = vec![
            notice(6, Some(1)),
            notice(5, None),
            notice(4, Some(2)),
            notice(3, Some(1)),
            notice(2, None),
            notice(1, Some(2)),
        ];
        let groups: Vec<Vec<i32>> = group_by_topic(list)
            .into_iter()
            .map(|g| g.items.iter().map(|n| n.id).collect())
            .collect();
        assert_eq!(groups, [vec![6, 3], vec![5], vec![4, 1], vec![2]]);
    }

    /// Every closed set's wire spelling (serde, which the OpenAPI document
    /// follows) is its stored spelling (`as_str`), for every value.
    fn one_spelling<
        T: ClosedSet + Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
    >() {
        for value in T::ALL {
            let wire = serde_json::to_string(value).unwrap_or_default();
            assert_eq!(wire, format!("\"{}\"", value.as_str()));
            let back: T = serde_json::from_str(&wire).unwrap_or_else(|e| panic!("{wire}: {e}"));
            assert_eq!(&back, value);
            assert_eq!(T::parse(value.as_str()).as_ref(), Some(value));
        }
    }

    #[test]
    fn every_closed_set_has_one_spelling() {
        one_spelling::<Role>();
        one_spelling::<AccountState>();
        one_spelling::<Restriction>();
        one_spelling::<FlagReason>();
        one_spelling::<Outcome>();
        one_spelling::<Escalation>();
        one_spelling::<QueueStatus>();
        one_spelling::<QueueSource>();
        one_spelling::<FlagStatus>();
        one_spelling::<AppealStatus>();
        one_spelling::<SanctionKind>();
        one_spelling::<Review>();
        one_spelling::<PinScope>();
        one_spelling::<FilterAction>();
        one_spelling::<NotificationKind>();
        one_spelling::<QueueAlerts>();
    }
}
