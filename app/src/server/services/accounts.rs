//! Registration, login, roles and the people behind posts.

use argon2::Argon2;
use argon2::password_hash::{
    PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng,
};
use chrono::{Datelike, NaiveDate};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, SqlErr,
};

use crate::error::{AppError, AppResult, FieldError};
use sea_orm::sea_query::{Expr, Func};
use std::collections::HashMap;

use crate::model::{
    AccountState, MIN_PASSWORD_CHARS, ModerationRecord, PROFILE_RECENT, Profile, ProfilePost,
    ProfileTopic, Role, RoleSettings,
};
use crate::server::db::now;
use crate::server::entities::{email_setting, forum, forum_mentor, post, topic, user};
use crate::server::markdown;
use crate::server::permissions::{self, Action, Viewer, allows, check};
use crate::server::services::base::mail::{self, Mail, MailSettings, Purpose};
use crate::server::services::base::{access, audit, people, standing};

/// What a person types to register.
#[derive(Debug, Clone)]
pub struct Registration {
    pub username: String,
    pub password: String,
    /// YYYY-MM-DD
    pub birth_date: String,
}

/// People younger than this cannot register (the usual minimum age of
/// online services under COPPA and the GDPR).
pub const MIN_AGE: u32 = 13;

fn validate_username(name: &str) -> Option<String> {
    if name.chars().count() < 3 || name.chars().count() > 32 {
        return Some("Names are 3 to 32 characters long.".into());
    }
    if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Some(
            "Use only letters, digits and _ (your name is how others @mention you).".into(),
        );
    }
    None
}

fn validate_registration(input: &Registration, today: NaiveDate) -> Result<NaiveDate, AppError> {
    let mut errors = Vec::new();
    let mut field = |field: &str, message: String| {
        errors.push(FieldError {
            field: field.into(),
            message,
        });
    };
    if let Some(message) = validate_username(input.username.trim()) {
        field("username", message);
    }
    let password_chars = input.password.chars().count();
    if password_chars < MIN_PASSWORD_CHARS {
        field(
            "password",
            format!("Use at least {MIN_PASSWORD_CHARS} characters."),
        );
    } else if password_chars > 1000 {
        field("password", "Use at most 1000 characters.".into());
    }
    let birth = NaiveDate::parse_from_str(input.birth_date.trim(), "%Y-%m-%d").ok();
    match birth {
        None => field(
            "birth_date",
            "Enter your date of birth as YYYY-MM-DD.".into(),
        ),
        Some(birth) if birth > today || today.year() - birth.year() > 120 => field(
            "birth_date",
            "That date of birth doesn't look right.".into(),
        ),
        Some(birth) if people::age_on(birth, today) < MIN_AGE => field(
            "birth_date",
            format!("You need to be at least {MIN_AGE} to join Haven."),
        ),
        Some(_) => {}
    }
    match birth {
        Some(birth) if errors.is_empty() => Ok(birth),
        _ => Err(AppError::Validation(errors)),
    }
}

fn hash_password(password: &str) -> AppResult<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(AppError::internal)
}

fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Argon2 is deliberately slow: keep it off the async workers.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> AppResult<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(AppError::internal)
}

/// Creates a member account (teen when under 18).
pub async fn register(db: &impl ConnectionTrait, input: Registration) -> AppResult<user::Model> {
    create_account(db, input, Role::Member, false).await
}

/// Creates an account with a given role; used by registration, the
/// `create-staff` command and the demo content.
pub async fn create_account(
    db: &impl ConnectionTrait,
    input: Registration,
    role: Role,
    is_listener: bool,
) -> AppResult<user::Model> {
    let today = now().date_naive();
    let username = input.username.trim().to_string();
    let key = username.to_lowercase();
    let taken = || AppError::field("username", "That name is taken. Please choose another.");
    let name_taken = user::Entity::find()
        .filter(user::Column::UsernameKey.eq(&key))
        .one(db)
        .await?
        .is_some();
    // Every problem at once, so the person fixes the form in one go.
    let birth = match (validate_registration(&input, today), name_taken) {
        (Ok(birth), false) => birth,
        (Ok(_), true) => return Err(taken()),
        (Err(AppError::Validation(mut errors)), true) => {
            if !errors.iter().any(|e| e.field == "username") {
                errors.extend(taken().field_errors());
            }
            return Err(AppError::Validation(errors));
        }
        (Err(err), _) => return Err(err),
    };
    if let Err(refused) = permissions::may_hold(role, false, people::is_teen(birth, today)) {
        let message = refused.field_message("role").unwrap_or_default();
        return Err(AppError::field("birth_date", message));
    }
    let password = input.password;
    let password_hash = blocking(move || hash_password(&password)).await??;
    let row = user::ActiveModel {
        username: Set(username),
        username_key: Set(key),
        password_hash: Set(password_hash),
        birth_date: Set(birth),
        role: Set(role),
        is_listener: Set(is_listener),
        account_state: Set(AccountState::Active),
        suspended_until: Set(None),
        bio: Set(String::new()),
        created_at: Set(now()),
        ..Default::default()
    };
    // The unique key settles a race between two registrations of one name.
    row.insert(db).await.map_err(|err| match err.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => taken(),
        _ => AppError::internal(err),
    })
}

/// Checks a name and password. Wrong name and wrong password get the same
/// answer, and take the same time, so names cannot be probed.
pub async fn authenticate(
    db: &impl ConnectionTrait,
    username: &str,
    password: &str,
) -> AppResult<user::Model> {
    let found = user::Entity::find()
        .filter(user::Column::UsernameKey.eq(username.trim().to_lowercase()))
        .one(db)
        .await?;
    // A fixed hash of a random password, so unknown names cost the same time.
    const DUMMY: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Lfxlb5Q8Z7ZKf5lVp3Qm3b6hQf6vS3u2tWmZ0aZbV2I";
    let hash = found
        .as_ref()
        .map(|u| u.password_hash.clone())
        .unwrap_or_else(|| DUMMY.into());
    let password = password.to_string();
    let ok = blocking(move || verify_password(&password, &hash)).await?;
    match found {
        Some(user) if ok => Ok(user),
        _ => Err(AppError::field("password", "Wrong name or password.")),
    }
}

/// Sets a new password for the account named `username`, from the
/// command line (`haven reset-password`, run by whoever operates the
/// site, the way to reset when the site sends no e-mail); audited with no
/// actor.
pub async fn reset_password(db: &impl ConnectionTrait, username: &str, new: &str) -> AppResult<()> {
    let chars = new.chars().count();
    if !(MIN_PASSWORD_CHARS..=1000).contains(&chars) {
        return Err(AppError::field(
            "password",
            format!("Use {MIN_PASSWORD_CHARS} to 1000 characters."),
        ));
    }
    let user = user::Entity::find()
        .filter(user::Column::UsernameKey.eq(username.trim().to_lowercase()))
        .filter(user::Column::ClosedAt.is_null())
        .one(db)
        .await?
        .ok_or_else(|| AppError::field("username", "No open account has that name."))?;
    let new = new.to_string();
    let hash = blocking(move || hash_password(&new)).await??;
    user::Entity::update_many()
        .col_expr(
            user::Column::PasswordHash,
            sea_orm::sea_query::Expr::value(hash),
        )
        .filter(user::Column::Id.eq(user.id))
        .exec(db)
        .await?;
    audit::record(
        db,
        None,
        "password_reset",
        ("user", user.id),
        "reset from the command line",
    )
    .await
}

/// Resets asked for one account in this many minutes (the rest are
/// quietly not sent: a link already waits in their mailbox).
pub const RESET_EVERY_MINUTES: i64 = 2;

/// "Forgot your password?": sends a single-use reset link to the
/// confirmed address of the open account named `who`, or of every open
/// account whose confirmed address is `who`. Says nothing about whether
/// one was found (that would tell anyone who has an account here).
pub async fn request_password_reset(
    db: &DatabaseConnection,
    mail: Option<&MailSettings>,
    who: &str,
) -> AppResult<()> {
    let mail = mail.ok_or_else(|| {
        AppError::Forbidden(
            "This site does not send e-mail: ask the people who run it to set a new password for you."
                .into(),
        )
    })?;
    let who = who.trim();
    if who.is_empty() {
        return Err(AppError::field(
            "who",
            "Enter your name or your e-mail address.",
        ));
    }
    let by_name = user::Entity::find()
        .filter(user::Column::UsernameKey.eq(who.to_lowercase()))
        .all(db)
        .await?
        .into_iter()
        .map(|u| u.id);
    let by_address = email_setting::Entity::find()
        .filter(sea_orm::ExprTrait::eq(
            Expr::expr(Func::lower(Expr::col(email_setting::Column::Address))),
            who.to_lowercase(),
        ))
        .all(db)
        .await?
        .into_iter()
        .map(|s| s.user_id);
    let mut ids: Vec<i32> = by_name.chain(by_address).collect();
    ids.sort_unstable();
    ids.dedup();
    for id in ids {
        let Some(settings) = email_setting::Entity::find_by_id(id).one(db).await? else {
            continue;
        };
        if settings.confirmed_at.is_none() {
            continue;
        }
        let Some(person) = user::Entity::find_by_id(id).one(db).await? else {
            continue;
        };
        if person.closed_at.is_some() {
            continue;
        }
        let txn = crate::server::db::begin_write(db).await?;
        let recent = mail::issued_since(
            &txn,
            id,
            Purpose::Reset,
            now() - chrono::Duration::minutes(RESET_EVERY_MINUTES),
        )
        .await?;
        if recent > 0 {
            continue;
        }
        let token = mail::issue(
            &txn,
            id,
            Purpose::Reset,
            None,
            chrono::Duration::minutes(mail::RESET_VALID_MINUTES),
        )
        .await?;
        mail::enqueue(
            &txn,
            Mail {
                user_id: id,
                to: settings.address.clone(),
                subject: "Reset your Haven password".into(),
                body: format!(
                    "Hello {name},\n\n\
                     Someone asked to reset the password of your Haven account. To choose a new one,\n\
                     open this link within {minutes} minutes (it works once):\n\n\
                     {link}\n\n\
                     If this was not you, ignore this e-mail: your password stays as it is.\n",
                    name = person.username,
                    minutes = mail::RESET_VALID_MINUTES,
                    link = mail.link(&format!("/password/reset/{token}")),
                ),
                unsubscribe_url: None,
            },
        )
        .await?;
        txn.commit().await?;
    }
    Ok(())
}

/// Whether `token` is a reset link that still works (for the page).
pub async fn reset_link_valid(db: &impl ConnectionTrait, token: &str) -> AppResult<bool> {
    Ok(mail::peek(db, Purpose::Reset, token).await?.is_some())
}

/// Sets a new password from a reset link; the link works once. Audited.
pub async fn reset_password_with_link(
    db: &DatabaseConnection,
    token: &str,
    new: &str,
) -> AppResult<()> {
    let chars = new.chars().count();
    if !(MIN_PASSWORD_CHARS..=1000).contains(&chars) {
        return Err(AppError::field(
            "new_password",
            format!("Use {MIN_PASSWORD_CHARS} to 1000 characters."),
        ));
    }
    let new = new.to_string();
    let hash = blocking(move || hash_password(&new)).await??;
    let txn = crate::server::db::begin_write(db).await?;
    let used = mail::consume(&txn, Purpose::Reset, token)
        .await?
        .ok_or_else(|| {
            AppError::Conflict(
                "This link was already used or has expired. Ask for a new one.".into(),
            )
        })?;
    let changed = user::Entity::update_many()
        .col_expr(
            user::Column::PasswordHash,
            sea_orm::sea_query::Expr::value(hash),
        )
        .filter(user::Column::Id.eq(used.user_id))
        .filter(user::Column::ClosedAt.is_null())
        .exec(&txn)
        .await?;
    if changed.rows_affected != 1 {
        return Err(AppError::Conflict("This account is closed.".into()));
    }
    audit::record(
        &txn,
        None,
        "password_reset",
        ("user", used.user_id),
        "reset by e-mail link",
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Changes the person's password after checking the current one. Other
/// sessions stay logged in (Haven keeps no per-person session list).
pub async fn change_password(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    current: &str,
    new: &str,
) -> AppResult<()> {
    let viewer = viewer.ok_or(AppError::Unauthorized)?;
    let chars = new.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(AppError::field(
            "new_password",
            format!("Use at least {MIN_PASSWORD_CHARS} characters."),
        ));
    }
    if chars > 1000 {
        return Err(AppError::field(
            "new_password",
            "Use at most 1000 characters.",
        ));
    }
    let user = user::Entity::find_by_id(viewer.id)
        .one(db)
        .await?
        .ok_or(AppError::Unauthorized)?;
    let (current, hash) = (current.to_string(), user.password_hash.clone());
    if !blocking(move || verify_password(&current, &hash)).await? {
        return Err(AppError::field(
            "current_password",
            "That is not your current password.",
        ));
    }
    let new = new.to_string();
    let new_hash = blocking(move || hash_password(&new)).await??;
    user::Entity::update_many()
        .col_expr(
            user::Column::PasswordHash,
            sea_orm::sea_query::Expr::value(new_hash),
        )
        .filter(user::Column::Id.eq(viewer.id))
        .exec(db)
        .await?;
    Ok(())
}

/// Whether the person has written any post (published or waiting).
pub async fn has_posted(db: &impl ConnectionTrait, user_id: i32) -> AppResult<bool> {
    Ok(post::Entity::find()
        .filter(post::Column::AuthorId.eq(user_id))
        .one(db)
        .await?
        .is_some())
}

/// A public profile by name; moderators also see the person's record, and
/// staff their roles.
pub async fn profile(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    username: &str,
) -> AppResult<Profile> {
    let user = user::Entity::find()
        .filter(user::Column::UsernameKey.eq(username.to_lowercase()))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let mentor_of: Vec<i32> = forum_mentor::Entity::find()
        .filter(forum_mentor::Column::UserId.eq(user.id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.forum_id)
        .collect();
    let post_count = post::Entity::find()
        .filter(post::Column::AuthorId.eq(user.id))
        .filter(post::Column::Review.is_null())
        .count(db)
        .await?;
    let at = now();
    let record = match viewer {
        Some(_) if allows(viewer, Action::Moderate, at) => {
            let (warnings, suspensions) = standing::history(db, user.id).await?;
            let flag_accuracy = if allows(viewer, Action::SeeFlagAccuracy, at) {
                Some(standing::accuracy(db, user.id).await?)
            } else {
                None
            };
            Some(ModerationRecord {
                warnings,
                suspensions,
                flag_accuracy,
            })
        }
        _ => None,
    };
    let roles = if allows(viewer, Action::ChangeRoles, at) {
        Some(RoleSettings {
            role: user.role,
            is_listener: user.is_listener,
            mentor_of: mentor_of.clone(),
            forums: forum::Entity::find()
                .order_by_asc(forum::Column::Position)
                .all(db)
                .await?
                .into_iter()
                .map(|f| (f.id, f.name))
                .collect(),
        })
    } else {
        None
    };
    let (recent_posts, recent_topics) = recent_activity(db, viewer, user.id).await?;
    // A suspension whose end has passed no longer counts (as permissions
    // say), so the profile does not show it either.
    let lapsed = user.account_state == AccountState::Suspended
        && user.suspended_until.is_some_and(|until| until <= at);
    Ok(Profile {
        user: people::summary_of(&user, !mentor_of.is_empty()),
        account_state: if lapsed {
            AccountState::Active
        } else {
            user.account_state
        },
        suspended_until: if lapsed { None } else { user.suspended_until },
        on_break: people::on_break(user.break_started_at, user.break_until, at).is_some(),
        deactivated: user.deactivated_at.is_some(),
        joined: user.created_at,
        post_count,
        bio: user.bio.clone(),
        recent_posts,
        recent_topics,
        record,
        roles,
        can_message: viewer.is_some_and(|v| v.id != user.id) && user.closed_at.is_none(),
    })
}

/// A person's latest posts and topics that the viewer may read: published,
/// not hidden, in a published topic of a forum the viewer may read (a
/// teen's posts in teen forums stay out of an adult's view of them).
async fn recent_activity(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    user_id: i32,
) -> AppResult<(Vec<ProfilePost>, Vec<ProfileTopic>)> {
    let forums: HashMap<i32, forum::Model> = access::forums(db, viewer)
        .await?
        .into_iter()
        .map(|f| (f.id, f))
        .collect();
    let topics: Vec<topic::Model> = topic::Entity::find()
        .filter(topic::Column::AuthorId.eq(user_id))
        .filter(topic::Column::Review.is_null())
        .filter(topic::Column::ForumId.is_in(forums.keys().copied()))
        .order_by_desc(topic::Column::CreatedAt)
        .limit(PROFILE_RECENT as u64)
        .all(db)
        .await?;
    let recent_topics = topics
        .into_iter()
        .filter_map(|t| {
            Some(ProfileTopic {
                forum_name: forums.get(&t.forum_id)?.name.clone(),
                id: t.id,
                title: t.title,
                post_count: t.post_count,
                created_at: t.created_at,
            })
        })
        .collect();
    // Read a few more than shown: some may sit in topics the viewer cannot
    // read.
    let posts = post::Entity::find()
        .filter(post::Column::AuthorId.eq(user_id))
        .filter(post::Column::Review.is_null())
        .filter(post::Column::HiddenAt.is_null())
        .order_by_desc(post::Column::CreatedAt)
        .limit(PROFILE_RECENT as u64 * 5)
        .all(db)
        .await?;
    let topic_ids: Vec<i32> = posts.iter().map(|p| p.topic_id).collect();
    let their_topics: HashMap<i32, topic::Model> = topic::Entity::find()
        .filter(topic::Column::Id.is_in(topic_ids))
        .filter(topic::Column::Review.is_null())
        .filter(topic::Column::ForumId.is_in(forums.keys().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    let recent_posts = posts
        .into_iter()
        .filter_map(|p| {
            let topic = their_topics.get(&p.topic_id)?;
            Some(ProfilePost {
                post_id: p.id,
                topic_id: topic.id,
                topic_title: topic.title.clone(),
                excerpt: markdown::excerpt(&p.body_source, 200),
                created_at: p.created_at,
            })
        })
        .take(PROFILE_RECENT)
        .collect();
    Ok((recent_posts, recent_topics))
}

/// What staff change about someone's roles; None keeps what is there.
/// Applied to the person as they are inside the transaction, so two staff
/// members changing different things at once both take effect.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoleChange {
    pub role: Option<Role>,
    pub is_listener: Option<bool>,
    /// A forum to start (true) or stop (false) mentoring.
    pub mentor: Option<(i32, bool)>,
}

/// Staff change a person's role, listener status or mentorships; the
/// change goes into the audit log, saying what changed.
pub async fn change_roles(
    db: &DatabaseConnection,
    viewer: Option<&Viewer>,
    user_id: i32,
    change: RoleChange,
) -> AppResult<()> {
    check(viewer, Action::ChangeRoles, now())?;
    let viewer = viewer.ok_or(AppError::Unauthorized)?;
    if viewer.id == user_id && change.role.is_some_and(|role| role != viewer.role) {
        return Err(AppError::Forbidden(
            "Ask another staff member to change your own role.".into(),
        ));
    }
    let txn = crate::server::db::begin_write(db).await?;
    // Read, change and write under a lock on the person's row (PostgreSQL;
    // on SQLite the transaction already holds the write lock).
    let user = user::Entity::find_by_id(user_id)
        .lock_exclusive()
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let before = people::load_viewer(&txn, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let forums = forum::Entity::find().all(&txn).await?;
    let name_of = |id: i32| {
        forums
            .iter()
            .find(|f| f.id == id)
            .map(|f| f.slug.clone())
            .unwrap_or_else(|| id.to_string())
    };
    let role = change.role.unwrap_or(before.role);
    let is_listener = change.is_listener.unwrap_or(before.is_listener);
    let mut mentor_of = before.mentor_of.clone();
    if let Some((forum_id, mentor)) = change.mentor {
        if !forums.iter().any(|f| f.id == forum_id) {
            return Err(AppError::field(
                "mentor_of",
                format!("There is no forum {forum_id}."),
            ));
        }
        mentor_of.retain(|f| *f != forum_id);
        if mentor {
            mentor_of.push(forum_id);
        }
    }
    permissions::may_hold(role, !mentor_of.is_empty(), before.is_teen)?;

    let mut changes = Vec::new();
    if before.role != role {
        changes.push(format!("role {} → {}", before.role.as_str(), role.as_str()));
    }
    if before.is_listener != is_listener {
        changes.push(if is_listener {
            "made a listener".to_string()
        } else {
            "no longer a listener".to_string()
        });
    }
    for added in mentor_of.iter().filter(|f| !before.mentor_of.contains(f)) {
        changes.push(format!("mentor of {}", name_of(*added)));
        assign_mentor(&txn, user_id, *added).await?;
    }
    for removed in before.mentor_of.iter().filter(|f| !mentor_of.contains(f)) {
        changes.push(format!("no longer mentor of {}", name_of(*removed)));
        forum_mentor::Entity::delete_many()
            .filter(forum_mentor::Column::UserId.eq(user_id))
            .filter(forum_mentor::Column::ForumId.eq(*removed))
            .exec(&txn)
            .await?;
    }
    if changes.is_empty() {
        return Ok(());
    }
    let mut row: user::ActiveModel = user.into();
    row.role = Set(role);
    row.is_listener = Set(is_listener);
    row.update(&txn).await?;
    audit::record(
        &txn,
        Some(viewer.id),
        "role_change",
        ("user", user_id),
        &changes.join("; "),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Makes `user_id` a mentor of `forum_id` (staff tooling and demo content).
pub async fn assign_mentor(
    db: &impl ConnectionTrait,
    user_id: i32,
    forum_id: i32,
) -> AppResult<()> {
    forum_mentor::ActiveModel {
        forum_id: Set(forum_id),
        user_id: Set(user_id),
    }
    .insert(db)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn teen_means_under_eighteen_on_the_day() {
        let today = date("2026-11-23");
        assert!(people::is_teen(date("2008-11-24"), today));
        assert!(!people::is_teen(date("2008-11-23"), today));
    }

    #[test]
    fn registration_reports_every_bad_field() {
        let today = date("2026-11-23");
        let input = Registration {
            username: "a b".into(),
            password: "short".into(),
            birth_date: "soon".into(),
        };
        let Err(err) = validate_registration(&input, today) else {
            panic!("accepted bad input")
        };
        assert!(err.field_message("username").is_some());
        assert!(err.field_message("password").is_some());
        assert!(err.field_message("birth_date").is_some());
        let child = Registration {
            username: "kiddo".into(),
            password: "long enough pw".into(),
            birth_date: "2016-01-01".into(),
        };
        assert!(validate_registration(&child, today).is_err());
    }
}
