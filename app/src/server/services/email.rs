//! E-mail for a person, when the site has an SMTP server (`SMTP_URL`):
//! their address and its confirmation, which notifications also come by
//! e-mail, one-click unsubscribe, the batches that carry notifications,
//! and delivery of the outbox.
//!
//! - **Only confirmed addresses** get anything but the confirmation link,
//!   so nobody can sign someone else up for mail.
//! - **Batched**: at most one notification e-mail per person per
//!   `batch_every`, holding every notification they wanted that is still
//!   unread `grace` after it happened (seen on the site: not e-mailed).
//! - **Never the text of a hidden post**: an excerpt is included only for a
//!   post that is published and readable as text by the recipient when the
//!   batch is written (the same check as the notifications page).
//! - **Unsubscribe in one click**: every notification e-mail carries a
//!   link, and `List-Unsubscribe` / `List-Unsubscribe-Post` headers
//!   (RFC 8058), that turn all notification e-mail off.
//! - **Delivery** claims each outbox row with a guarded UPDATE (several
//!   servers never send one twice), retries with backoff, and keeps what
//!   failed with its error.

use std::str::FromStr;

use chrono::Duration;
use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, Message};
use lettre::{Address, AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, ExprTrait,
    QueryFilter, QueryOrder, QuerySelect,
};

use crate::error::{AppError, AppResult};
use crate::model::{EmailPrefs, EmailSettingsView, NotificationKind};
use crate::server::db::{begin_write, now};
use crate::server::entities::{email_outbox, email_setting, notification, user};
use crate::server::permissions::Viewer;
use crate::server::services::base::mail::{self, Mail, MailSettings, Purpose};
use crate::server::services::base::{notify, people};

/// Confirmation e-mails one person may ask for in an hour.
pub const CONFIRMATIONS_PER_HOUR: u64 = 5;
/// Notifications listed in one e-mail (the rest: "and N more").
pub const BATCH_MAX: usize = 20;
/// Characters of a post quoted under a notification in an e-mail.
pub const EXCERPT_CHARS: usize = 200;
/// Delivery attempts before an e-mail is given up (kept, with its error).
pub const MAX_ATTEMPTS: i32 = 8;
/// Delivered e-mails are kept this long (they hold excerpts), then deleted.
pub const KEEP_SENT_DAYS: i64 = 30;
/// Notifications older than this are never e-mailed (turning a preference
/// on does not send a backlog).
pub const BATCH_LOOKBACK_HOURS: i64 = 48;

use crate::server::services::base::people::signed_in;

fn available(mail: Option<&MailSettings>) -> AppResult<&MailSettings> {
    mail.ok_or_else(|| AppError::Forbidden("This site does not send e-mail.".into()))
}

/// The person's address and e-mail choices.
pub async fn settings(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    mail: Option<&MailSettings>,
) -> AppResult<EmailSettingsView> {
    let viewer = signed_in(viewer)?;
    let row = email_setting::Entity::find_by_id(viewer.id).one(db).await?;
    Ok(EmailSettingsView {
        available: mail.is_some(),
        address: row.as_ref().map(|r| r.address.clone()),
        confirmed: row.as_ref().is_some_and(|r| r.confirmed_at.is_some()),
        prefs: row.as_ref().map(prefs_of).unwrap_or_default(),
    })
}

fn prefs_of(row: &email_setting::Model) -> EmailPrefs {
    EmailPrefs {
        mentions: row.mentions,
        replies: row.replies,
        reports: row.reports,
        policy: row.policy,
    }
}

/// A well-formed address, as lettre reads one, or a field error.
pub fn parse_address(input: &str) -> AppResult<String> {
    let address = input.trim();
    if address.is_empty() {
        return Err(AppError::field("address", "Enter an e-mail address."));
    }
    if address.chars().count() > 254 {
        return Err(AppError::field("address", "That address is too long."));
    }
    Address::from_str(address)
        .map(|a| a.to_string())
        .map_err(|_| AppError::field("address", "That does not look like an e-mail address."))
}

/// Sets (or changes) the person's address and sends it a confirmation
/// link. Until it is followed nothing else goes there.
pub async fn set_address(
    db: &DatabaseConnection,
    viewer: Option<&Viewer>,
    mail: Option<&MailSettings>,
    input: &str,
) -> AppResult<()> {
    let viewer = signed_in(viewer)?;
    let mail = available(mail)?;
    let address = parse_address(input)?;
    let txn = begin_write(db).await?;
    let at = now();
    if mail::issued_since(&txn, viewer.id, Purpose::Confirm, at - Duration::hours(1)).await?
        >= CONFIRMATIONS_PER_HOUR
    {
        return Err(AppError::RateLimited);
    }
    match email_setting::Entity::find_by_id(viewer.id)
        .one(&txn)
        .await?
    {
        Some(row) if row.address.eq_ignore_ascii_case(&address) && row.confirmed_at.is_some() => {
            return Ok(());
        }
        Some(_) => {
            email_setting::Entity::update_many()
                .col_expr(email_setting::Column::Address, Expr::value(address.clone()))
                .col_expr(
                    email_setting::Column::ConfirmedAt,
                    Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None),
                )
                .filter(email_setting::Column::UserId.eq(viewer.id))
                .exec(&txn)
                .await?;
        }
        None => {
            let prefs = EmailPrefs::default();
            email_setting::ActiveModel {
                user_id: Set(viewer.id),
                address: Set(address.clone()),
                confirmed_at: Set(None),
                mentions: Set(prefs.mentions),
                replies: Set(prefs.replies),
                reports: Set(prefs.reports),
                policy: Set(prefs.policy),
                batch_sent_at: Set(None),
                unsubscribe_token: Set(mail::new_token()),
            }
            .insert(&txn)
            .await?;
        }
    }
    let token = mail::issue(
        &txn,
        viewer.id,
        Purpose::Confirm,
        Some(address.clone()),
        Duration::hours(mail::CONFIRM_VALID_HOURS),
    )
    .await?;
    mail::enqueue(
        &txn,
        Mail {
            user_id: viewer.id,
            to: address,
            subject: "Confirm your e-mail address for Haven".into(),
            body: format!(
                "Hello {name},\n\n\
                 You (or someone using your account) asked Haven to send e-mail to this address.\n\
                 To confirm it, open this link within {hours} hours and press Confirm:\n\n\
                 {link}\n\n\
                 If this was not you, ignore this e-mail: nothing will be sent here.\n",
                name = viewer.username,
                hours = mail::CONFIRM_VALID_HOURS,
                link = mail.link(&format!("/email/confirm/{token}")),
            ),
            unsubscribe_url: None,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Forgets the person's address: no e-mail of any kind goes out.
pub async fn remove_address(db: &impl ConnectionTrait, viewer: Option<&Viewer>) -> AppResult<()> {
    let viewer = signed_in(viewer)?;
    email_setting::Entity::delete_by_id(viewer.id)
        .exec(db)
        .await?;
    Ok(())
}

/// Whether `token` is a confirmation link that still works (for the page).
pub async fn confirmation_pending(db: &impl ConnectionTrait, token: &str) -> AppResult<bool> {
    Ok(mail::peek(db, Purpose::Confirm, token).await?.is_some())
}

/// Follows a confirmation link: the address it was sent to is confirmed,
/// if it is still the person's address. Works once.
pub async fn confirm(db: &DatabaseConnection, token: &str) -> AppResult<()> {
    let txn = begin_write(db).await?;
    let used = mail::consume(&txn, Purpose::Confirm, token)
        .await?
        .ok_or_else(|| {
            AppError::Conflict(
                "This link was already used or has expired. Enter your address again on your account page for a new one.".into(),
            )
        })?;
    let confirmed = email_setting::Entity::update_many()
        .col_expr(email_setting::Column::ConfirmedAt, Expr::value(now()))
        .filter(email_setting::Column::UserId.eq(used.user_id))
        .filter(email_setting::Column::Address.eq(used.address.unwrap_or_default()))
        .exec(&txn)
        .await?;
    if confirmed.rows_affected != 1 {
        return Err(AppError::Conflict(
            "This link is for an address you have since changed.".into(),
        ));
    }
    txn.commit().await?;
    Ok(())
}

/// Chooses which notifications also come by e-mail.
pub async fn set_prefs(
    db: &impl ConnectionTrait,
    viewer: Option<&Viewer>,
    prefs: EmailPrefs,
) -> AppResult<()> {
    let viewer = signed_in(viewer)?;
    let changed = email_setting::Entity::update_many()
        .col_expr(email_setting::Column::Mentions, Expr::value(prefs.mentions))
        .col_expr(email_setting::Column::Replies, Expr::value(prefs.replies))
        .col_expr(email_setting::Column::Reports, Expr::value(prefs.reports))
        .col_expr(email_setting::Column::Policy, Expr::value(prefs.policy))
        .filter(email_setting::Column::UserId.eq(viewer.id))
        .exec(db)
        .await?;
    if changed.rows_affected == 0 {
        return Err(AppError::field("address", "Add an e-mail address first."));
    }
    Ok(())
}

/// One-click unsubscribe: every notification e-mail off for whoever the
/// link was sent to. Needs no login (the link is the proof).
pub async fn unsubscribe(db: &impl ConnectionTrait, token: &str) -> AppResult<()> {
    let token = token.trim();
    if token.len() != 64 {
        return Err(AppError::NotFound);
    }
    let changed = email_setting::Entity::update_many()
        .col_expr(email_setting::Column::Mentions, Expr::value(false))
        .col_expr(email_setting::Column::Replies, Expr::value(false))
        .col_expr(email_setting::Column::Reports, Expr::value(false))
        .col_expr(email_setting::Column::Policy, Expr::value(false))
        .filter(email_setting::Column::UnsubscribeToken.eq(token))
        .exec(db)
        .await?;
    if changed.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// The notification kinds `prefs` asks to have e-mailed.
fn wanted(prefs: EmailPrefs) -> Vec<NotificationKind> {
    let mut kinds = Vec::new();
    if prefs.mentions {
        kinds.push(NotificationKind::Mention);
    }
    if prefs.replies {
        kinds.push(NotificationKind::Reply);
    }
    if prefs.reports {
        kinds.push(NotificationKind::FlagOutcome);
    }
    if prefs.policy {
        kinds.push(NotificationKind::PolicyUpdate);
    }
    kinds
}

/// Writes one e-mail per person whose batch is due and who has unread
/// notifications they want by e-mail; returns how many. Safe to run on
/// several servers: each person's batch is claimed by a guarded UPDATE
/// of `batch_sent_at`, and each notification by one of `emailed_at`.
pub async fn compose_batches(db: &DatabaseConnection, mail: &MailSettings) -> AppResult<usize> {
    let at = now();
    let due = at - mail.batch_every;
    let settled = at - mail.grace;
    let candidates = email_setting::Entity::find()
        .filter(email_setting::Column::ConfirmedAt.is_not_null())
        .filter(
            email_setting::Column::BatchSentAt
                .is_null()
                .or(email_setting::Column::BatchSentAt.lte(due)),
        )
        .all(db)
        .await?;
    let mut written = 0;
    for settings in candidates {
        let kinds = wanted(prefs_of(&settings));
        if kinds.is_empty() {
            continue;
        }
        let pending = notification::Entity::find()
            .filter(notification::Column::UserId.eq(settings.user_id))
            .filter(notification::Column::ReadAt.is_null())
            .filter(notification::Column::EmailedAt.is_null())
            .filter(notification::Column::Kind.is_in(kinds))
            .filter(notification::Column::CreatedAt.lte(settled))
            .filter(notification::Column::CreatedAt.gt(at - Duration::hours(BATCH_LOOKBACK_HOURS)))
            .order_by_asc(notification::Column::Id)
            .all(db)
            .await?;
        if pending.is_empty() {
            continue;
        }
        let Some(person) = user::Entity::find_by_id(settings.user_id).one(db).await? else {
            continue;
        };
        if person.deactivated_at.is_some() || person.closed_at.is_some() {
            continue;
        }
        let Some(viewer) = people::load_viewer(db, person.id).await? else {
            continue;
        };
        let txn = begin_write(db).await?;
        let claimed = email_setting::Entity::update_many()
            .col_expr(email_setting::Column::BatchSentAt, Expr::value(at))
            .filter(email_setting::Column::UserId.eq(settings.user_id))
            .filter(
                email_setting::Column::BatchSentAt
                    .is_null()
                    .or(email_setting::Column::BatchSentAt.lte(due)),
            )
            .exec(&txn)
            .await?;
        if claimed.rows_affected != 1 {
            continue;
        }
        let ids: Vec<i32> = pending.iter().map(|n| n.id).collect();
        notification::Entity::update_many()
            .col_expr(notification::Column::EmailedAt, Expr::value(at))
            .filter(notification::Column::Id.is_in(ids))
            .filter(notification::Column::EmailedAt.is_null())
            .exec(&txn)
            .await?;
        let about: Vec<i32> = pending
            .iter()
            .filter(|n| matches!(n.kind, NotificationKind::Mention | NotificationKind::Reply))
            .filter_map(|n| n.post_id)
            .collect();
        let excerpts = notify::excerpts(&txn, &viewer, &about, EXCERPT_CHARS).await?;
        let unsubscribe = mail.link(&format!(
            "/email/unsubscribe/{}",
            settings.unsubscribe_token
        ));
        let one_click = mail.link(&format!(
            "/api/v1/email/unsubscribe/{}",
            settings.unsubscribe_token
        ));
        let mut body = format!(
            "Hello {},\n\nHere is what happened on Haven that concerns you:\n\n",
            person.username
        );
        for n in pending.iter().take(BATCH_MAX) {
            body.push_str(&format!("* {}\n", n.message));
            if let Some(excerpt) = n.post_id.and_then(|p| excerpts.get(&p)) {
                body.push_str(&format!("  \"{excerpt}\"\n"));
            }
            if let Some(link) = notify::link(n.kind, n.post_id, n.topic_id) {
                body.push_str(&format!("  {}\n", mail.link(&link)));
            }
            body.push('\n');
        }
        if pending.len() > BATCH_MAX {
            body.push_str(&format!("…and {} more.\n\n", pending.len() - BATCH_MAX));
        }
        body.push_str(&format!(
            "All your notifications: {}\n\n\
             --\n\
             You get this because you chose these e-mails on Haven.\n\
             Choose which ones: {}\n\
             Stop all notification e-mails: {unsubscribe}\n",
            mail.link("/notifications"),
            mail.link("/account#email"),
        ));
        let subject = match pending.as_slice() {
            [one] => one.message.clone(),
            many => format!("{} new notifications on Haven", many.len()),
        };
        mail::enqueue(
            &txn,
            Mail {
                user_id: person.id,
                to: settings.address.clone(),
                subject,
                body,
                unsubscribe_url: Some(one_click),
            },
        )
        .await?;
        txn.commit().await?;
        written += 1;
    }
    Ok(written)
}

/// An SMTP server to deliver through, and who e-mails come from.
#[derive(Clone)]
pub struct Smtp {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Smtp {
    /// From `SMTP_URL` (`smtp://host:port`, `smtp://user:pass@host?tls=required`,
    /// `smtps://host`) and the From address.
    pub fn new(url: &str, from: &str) -> Result<Self, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| format!("SMTP_URL: {e}"))?
            .build();
        let from = Mailbox::from_str(from).map_err(|e| format!("the From address {from}: {e}"))?;
        Ok(Smtp { transport, from })
    }

    async fn send(&self, row: &email_outbox::Model) -> Result<(), String> {
        let to = Mailbox::from_str(&row.to_address).map_err(|e| e.to_string())?;
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(row.subject.clone())
            .header(ContentType::TEXT_PLAIN);
        if let Some(url) = &row.unsubscribe_url {
            builder = builder
                .header(ListUnsubscribe(url.clone()))
                .header(ListUnsubscribePost);
        }
        let message = builder.body(row.body.clone()).map_err(|e| e.to_string())?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}

/// `List-Unsubscribe: <https://…>` (RFC 2369).
#[derive(Debug, Clone)]
struct ListUnsubscribe(String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }

    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribe(
            s.trim()
                .trim_start_matches('<')
                .trim_end_matches('>')
                .to_string(),
        ))
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), format!("<{}>", self.0))
    }
}

/// `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058).
#[derive(Debug, Clone)]
struct ListUnsubscribePost;

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }

    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribePost)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".into())
    }
}

/// Minutes to wait before attempt `n` (1-based) of a failed e-mail.
fn backoff_minutes(attempt: i32) -> i64 {
    std::cmp::min(1i64 << attempt.clamp(0, 9), 360)
}

/// Sends what is due in the outbox; returns how many were delivered.
pub async fn deliver_due(db: &DatabaseConnection, smtp: &Smtp) -> AppResult<usize> {
    let at = now();
    email_outbox::Entity::delete_many()
        .filter(email_outbox::Column::SentAt.lt(at - Duration::days(KEEP_SENT_DAYS)))
        .exec(db)
        .await?;
    let due = email_outbox::Entity::find()
        .filter(email_outbox::Column::SentAt.is_null())
        .filter(email_outbox::Column::NextAttemptAt.lte(at))
        .filter(email_outbox::Column::Attempts.lt(MAX_ATTEMPTS))
        .order_by_asc(email_outbox::Column::Id)
        .limit(50)
        .all(db)
        .await?;
    let mut delivered = 0;
    for row in due {
        // The claim doubles as a lease: until the retry time nobody else
        // takes it, and if this server dies it is retried then.
        let claimed = email_outbox::Entity::update_many()
            .col_expr(
                email_outbox::Column::Attempts,
                Expr::value(row.attempts + 1),
            )
            .col_expr(
                email_outbox::Column::NextAttemptAt,
                Expr::value(at + Duration::minutes(backoff_minutes(row.attempts + 1))),
            )
            .filter(email_outbox::Column::Id.eq(row.id))
            .filter(email_outbox::Column::SentAt.is_null())
            .filter(email_outbox::Column::Attempts.eq(row.attempts))
            .exec(db)
            .await?;
        if claimed.rows_affected != 1 {
            continue;
        }
        let outcome = smtp.send(&row).await;
        let update =
            email_outbox::Entity::update_many().filter(email_outbox::Column::Id.eq(row.id));
        match outcome {
            Ok(()) => {
                update
                    .col_expr(email_outbox::Column::SentAt, Expr::value(now()))
                    .col_expr(
                        email_outbox::Column::LastError,
                        Expr::value(Option::<String>::None),
                    )
                    .exec(db)
                    .await?;
                delivered += 1;
            }
            Err(error) => {
                tracing::warn!(outbox_id = row.id, "e-mail not delivered: {error}");
                update
                    .col_expr(email_outbox::Column::LastError, Expr::value(error))
                    .exec(db)
                    .await?;
            }
        }
    }
    Ok(delivered)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_checked_by_lettre() {
        assert_eq!(
            parse_address("  robin@example.org ").ok().as_deref(),
            Some("robin@example.org")
        );
        for bad in ["", "robin", "robin@", "@example.org", "ro bin@example.org"] {
            assert!(parse_address(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn preferences_choose_kinds() {
        let none = EmailPrefs {
            mentions: false,
            replies: false,
            reports: false,
            policy: false,
        };
        assert!(wanted(none).is_empty());
        assert_eq!(
            wanted(EmailPrefs {
                reports: true,
                ..none
            }),
            [NotificationKind::FlagOutcome]
        );
        assert_eq!(wanted(EmailPrefs::default()).len(), 4);
    }

    #[test]
    fn retries_back_off_to_six_hours() {
        assert_eq!(backoff_minutes(1), 2);
        assert_eq!(backoff_minutes(3), 8);
        assert_eq!(backoff_minutes(20), 360);
    }
}
