//! Types that cross to the browser. They are separate from the database rows
//! (`server::entities`) and never carry secrets: no password hash, no birth
//! date, no session data.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A site-wide role. Forum mentorship and the listener flag are separate,
/// because they combine with any role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    Member,
    GlobalLeader,
    Staff,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Member => "member",
            Role::GlobalLeader => "global_leader",
            Role::Staff => "staff",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "member" => Some(Role::Member),
            "global_leader" => Some(Role::GlobalLeader),
            "staff" => Some(Role::Staff),
            _ => None,
        }
    }
}

/// Who may read and write in a forum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Restriction {
    /// Everyone reads, members write.
    Open,
    /// Everyone reads, only staff start topics; members may reply (guidelines).
    StaffWrite,
    /// Only teens (and the people who look after them) read and write.
    TeensOnly,
    /// Only listeners (and mentors, leaders, staff) read and write.
    ListenersOnly,
}

impl Restriction {
    pub fn as_str(self) -> &'static str {
        match self {
            Restriction::Open => "open",
            Restriction::StaffWrite => "staff_write",
            Restriction::TeensOnly => "teens_only",
            Restriction::ListenersOnly => "listeners_only",
        }
    }

    pub fn parse(s: &str) -> Option<Restriction> {
        match s {
            "open" => Some(Restriction::Open),
            "staff_write" => Some(Restriction::StaffWrite),
            "teens_only" => Some(Restriction::TeensOnly),
            "listeners_only" => Some(Restriction::ListenersOnly),
            _ => None,
        }
    }

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
pub enum Badge {
    Listener,
    Teen,
    Mentor,
    Leader,
    Staff,
}

impl Badge {
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
    pub unread_notifications: u64,
    pub is_staff: bool,
}

/// A profile page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub user: UserSummary,
    /// active | break | suspended | deactivated
    pub account_state: String,
    pub suspended_until: Option<DateTime<Utc>>,
    pub joined: DateTime<Utc>,
    pub post_count: u64,
    pub bio: String,
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
}

/// One page of a forum: topics by newest activity, with the keyset cursor of
/// the next page when there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ForumPage {
    pub forum: ForumSummary,
    pub topics: Vec<TopicSummary>,
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
    pub created_at: DateTime<Utc>,
    pub updated_at: Option<DateTime<Utc>>,
}

/// One page of a topic: posts in order after `number`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TopicPage {
    pub id: i32,
    pub title: String,
    pub forum: ForumSummary,
    pub locked: bool,
    pub posts: Vec<PostView>,
    /// Post number to continue after, when there are more posts.
    pub next_after: Option<i32>,
    /// Post number the previous page starts after, when this is not the first page.
    pub prev_after: Option<i32>,
    pub can_reply: bool,
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
pub struct NotificationView {
    pub id: i32,
    /// mention | reply
    pub kind: String,
    pub actor: Option<UserSummary>,
    pub message: String,
    /// Where the notification leads.
    pub link: Option<String>,
    pub read: bool,
    pub created_at: DateTime<Utc>,
}

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
