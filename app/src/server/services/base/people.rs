//! People: loading a person as permissions see them, their name and
//! badges, and finding them by name.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::error::{AppError, AppResult};
use crate::model::{AccountState, Badge, Role, UserSummary};
use crate::server::db::now;
use crate::server::entities::{forum_mentor, user};
use crate::server::permissions::Viewer;

/// Age in whole years on `today`.
pub fn age_on(birth: NaiveDate, today: NaiveDate) -> u32 {
    today.years_since(birth).unwrap_or(0)
}

/// Under 18 on `today`.
pub fn is_teen(birth: NaiveDate, today: NaiveDate) -> bool {
    age_on(birth, today) < 18
}

/// The viewer for a user id, or None when the account no longer exists.
pub async fn load_viewer(db: &impl ConnectionTrait, user_id: i32) -> AppResult<Option<Viewer>> {
    let Some(user) = user::Entity::find_by_id(user_id).one(db).await? else {
        return Ok(None);
    };
    let mentor_of = forum_mentor::Entity::find()
        .filter(forum_mentor::Column::UserId.eq(user_id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.forum_id)
        .collect();
    Ok(Some(viewer_of(user, mentor_of)))
}

/// A person as permissions see them, from their row and mentorships.
/// The columns of a person that decide what they may do: loaded instead of
/// whole rows where many people are checked at once (no password hashes).
#[derive(Debug, Clone, sea_orm::FromQueryResult)]
pub struct Access {
    pub id: i32,
    pub username: String,
    pub role: Role,
    pub is_listener: bool,
    pub birth_date: NaiveDate,
    pub account_state: AccountState,
    pub suspended_until: Option<DateTime<Utc>>,
    pub break_started_at: Option<DateTime<Utc>>,
    pub break_until: Option<DateTime<Utc>>,
    pub deactivated_at: Option<DateTime<Utc>>,
}

/// A query for people's [`Access`] columns, to narrow with filters and
/// load with `.into_model::<Access>()`.
pub fn access_query() -> sea_orm::Select<user::Entity> {
    use sea_orm::QuerySelect;
    user::Entity::find().select_only().columns([
        user::Column::Id,
        user::Column::Username,
        user::Column::Role,
        user::Column::IsListener,
        user::Column::BirthDate,
        user::Column::AccountState,
        user::Column::SuspendedUntil,
        user::Column::BreakStartedAt,
        user::Column::BreakUntil,
        user::Column::DeactivatedAt,
    ])
}

impl From<user::Model> for Access {
    fn from(user: user::Model) -> Self {
        Access {
            id: user.id,
            username: user.username,
            role: user.role,
            is_listener: user.is_listener,
            birth_date: user.birth_date,
            account_state: user.account_state,
            suspended_until: user.suspended_until,
            break_started_at: user.break_started_at,
            break_until: user.break_until,
            deactivated_at: user.deactivated_at,
        }
    }
}

impl Access {
    /// The person as permissions see them.
    pub fn viewer(self, mentor_of: Vec<i32>) -> Viewer {
        Viewer {
            id: self.id,
            is_teen: is_teen(self.birth_date, now().date_naive()),
            role: self.role,
            is_listener: self.is_listener,
            mentor_of,
            account_state: self.account_state,
            suspended_until: self.suspended_until,
            on_break: on_break(self.break_started_at, self.break_until, now()),
            deactivated: self.deactivated_at.is_some(),
            username: self.username,
        }
    }
}

/// Whether a person is on a self-care break at `at`: `Some(end)` (None
/// for a break until they end it), or None once it has ended.
pub fn on_break(
    started: Option<DateTime<Utc>>,
    until: Option<DateTime<Utc>>,
    at: DateTime<Utc>,
) -> Option<Option<DateTime<Utc>>> {
    match (started, until) {
        (Some(_), Some(until)) if until <= at => None,
        (Some(_), until) => Some(until),
        (None, _) => None,
    }
}

pub fn viewer_of(user: user::Model, mentor_of: Vec<i32>) -> Viewer {
    Access::from(user).viewer(mentor_of)
}

/// Badges for a person.
pub fn badges(user: &user::Model, is_mentor: bool) -> Vec<Badge> {
    let mut badges = Vec::new();
    match user.role {
        Role::Staff => badges.push(Badge::Staff),
        Role::GlobalLeader => badges.push(Badge::Leader),
        Role::Member => {}
    }
    if is_mentor {
        badges.push(Badge::Mentor);
    }
    if user.is_listener {
        badges.push(Badge::Listener);
    }
    if is_teen(user.birth_date, now().date_naive()) {
        badges.push(Badge::Teen);
    }
    badges
}

/// Summaries (name and badges) of the given people, in two queries.
pub async fn summaries(
    db: &impl ConnectionTrait,
    ids: &[i32],
) -> AppResult<HashMap<i32, UserSummary>> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let users = user::Entity::find()
        .filter(user::Column::Id.is_in(ids.clone()))
        .all(db)
        .await?;
    let mentors: Vec<i32> = forum_mentor::Entity::find()
        .filter(forum_mentor::Column::UserId.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.user_id)
        .collect();
    Ok(users
        .into_iter()
        .map(|u| {
            let summary = summary_of(&u, mentors.contains(&u.id));
            (u.id, summary)
        })
        .collect())
}

pub fn summary_of(user: &user::Model, is_mentor: bool) -> UserSummary {
    UserSummary {
        id: user.id,
        username: user.username.clone(),
        badges: badges(user, is_mentor),
    }
}

/// The summary of one person (for the header).
pub async fn summary(db: &impl ConnectionTrait, id: i32) -> AppResult<UserSummary> {
    summaries(db, &[id])
        .await?
        .remove(&id)
        .ok_or(AppError::NotFound)
}

/// Finds people by name (case-insensitive); used to resolve @mentions.
pub async fn find_by_names(
    db: &impl ConnectionTrait,
    keys: &[String],
) -> AppResult<Vec<user::Model>> {
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    Ok(user::Entity::find()
        .filter(user::Column::UsernameKey.is_in(keys.to_vec()))
        .all(db)
        .await?)
}

/// Whether `a` blocked `b` or `b` blocked `a`.
pub async fn blocked_either(db: &impl ConnectionTrait, a: i32, b: i32) -> AppResult<bool> {
    use crate::server::entities::user_block;
    use sea_orm::Condition;
    Ok(user_block::Entity::find()
        .filter(
            Condition::any()
                .add(
                    Condition::all()
                        .add(user_block::Column::BlockerId.eq(a))
                        .add(user_block::Column::BlockedId.eq(b)),
                )
                .add(
                    Condition::all()
                        .add(user_block::Column::BlockerId.eq(b))
                        .add(user_block::Column::BlockedId.eq(a)),
                ),
        )
        .one(db)
        .await?
        .is_some())
}

/// The people `blocker_id` blocked.
pub async fn blocked_by(
    db: &impl ConnectionTrait,
    blocker_id: i32,
) -> AppResult<std::collections::HashSet<i32>> {
    use crate::server::entities::user_block;
    Ok(user_block::Entity::find()
        .filter(user_block::Column::BlockerId.eq(blocker_id))
        .all(db)
        .await?
        .into_iter()
        .map(|b| b.blocked_id)
        .collect())
}

/// The logged-in viewer, or "please log in".
pub fn signed_in(viewer: Option<&Viewer>) -> AppResult<&Viewer> {
    viewer.ok_or(AppError::Unauthorized)
}
