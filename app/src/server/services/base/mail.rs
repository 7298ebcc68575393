//! E-mail's shared parts: the site's mail settings, single-use links
//! (confirm an address, reset a password) and the outbox every e-mail is
//! written to, in the transaction that causes it. Delivery is the e-mail
//! use case's `deliver_due`.

use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use sha2::{Digest, Sha256};

use crate::error::AppResult;
use crate::server::db::now;
use crate::server::entities::{email_outbox, email_token};

/// How the site sends e-mail; `None` in `AppState` when no SMTP server is
/// configured (then nothing is ever written to the outbox).
#[derive(Debug, Clone)]
pub struct MailSettings {
    /// The site's address as people reach it (`https://forum.example`),
    /// for links in e-mails; no trailing slash.
    pub public_url: String,
    /// At most one notification e-mail per person this often.
    pub batch_every: Duration,
    /// A notification is e-mailed only when still unread this long after
    /// it happened (someone on the site sees it there instead).
    pub grace: Duration,
}

impl MailSettings {
    /// `path` (starting with `/`) as an absolute link.
    pub fn link(&self, path: &str) -> String {
        format!("{}{path}", self.public_url.trim_end_matches('/'))
    }
}

/// What a single-use link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Confirm,
    Reset,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::Confirm => "confirm",
            Purpose::Reset => "reset",
        }
    }
}

/// A confirmation link works this long.
pub const CONFIRM_VALID_HOURS: i64 = 48;
/// A password-reset link works this long.
pub const RESET_VALID_MINUTES: i64 = 60;

/// 32 random bytes as 64 hex digits: unguessable, safe in a URL.
pub fn new_token() -> String {
    let bytes: [u8; 32] = rand::rng().random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What is stored for a token: its SHA-256.
fn hash(token: &str) -> String {
    Sha256::digest(token.trim().as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Issues a single-use link token for `user_id`; returns the token (only
/// its hash is stored).
pub async fn issue(
    db: &impl ConnectionTrait,
    user_id: i32,
    purpose: Purpose,
    address: Option<String>,
    valid_for: Duration,
) -> AppResult<String> {
    let token = new_token();
    let at = now();
    email_token::ActiveModel {
        user_id: Set(user_id),
        purpose: Set(purpose.as_str().to_string()),
        token_hash: Set(hash(&token)),
        address: Set(address),
        created_at: Set(at),
        expires_at: Set(at + valid_for),
        used_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// The unused, unexpired token row for `token`, without using it.
pub async fn peek(
    db: &impl ConnectionTrait,
    purpose: Purpose,
    token: &str,
) -> AppResult<Option<email_token::Model>> {
    Ok(email_token::Entity::find()
        .filter(email_token::Column::TokenHash.eq(hash(token)))
        .filter(email_token::Column::Purpose.eq(purpose.as_str()))
        .filter(email_token::Column::UsedAt.is_null())
        .filter(email_token::Column::ExpiresAt.gt(now()))
        .one(db)
        .await?)
}

/// Uses `token` once: a guarded UPDATE, so of two requests with the same
/// link only one gets the row; expired and used tokens give `None`.
pub async fn consume(
    db: &impl ConnectionTrait,
    purpose: Purpose,
    token: &str,
) -> AppResult<Option<email_token::Model>> {
    let at = now();
    let used = email_token::Entity::update_many()
        .col_expr(email_token::Column::UsedAt, Expr::value(at))
        .filter(email_token::Column::TokenHash.eq(hash(token)))
        .filter(email_token::Column::Purpose.eq(purpose.as_str()))
        .filter(email_token::Column::UsedAt.is_null())
        .filter(email_token::Column::ExpiresAt.gt(at))
        .exec(db)
        .await?;
    if used.rows_affected != 1 {
        return Ok(None);
    }
    Ok(email_token::Entity::find()
        .filter(email_token::Column::TokenHash.eq(hash(token)))
        .one(db)
        .await?)
}

/// How many tokens of `purpose` were issued to `user_id` since `since`.
pub async fn issued_since(
    db: &impl ConnectionTrait,
    user_id: i32,
    purpose: Purpose,
    since: DateTime<Utc>,
) -> AppResult<u64> {
    use sea_orm::PaginatorTrait;
    Ok(email_token::Entity::find()
        .filter(email_token::Column::UserId.eq(user_id))
        .filter(email_token::Column::Purpose.eq(purpose.as_str()))
        .filter(email_token::Column::CreatedAt.gt(since))
        .count(db)
        .await?)
}

/// An e-mail to write to the outbox.
#[derive(Debug, Clone)]
pub struct Mail {
    pub user_id: i32,
    pub to: String,
    pub subject: String,
    /// Plain text.
    pub body: String,
    /// Notification e-mails: the one-click unsubscribe link (RFC 8058).
    pub unsubscribe_url: Option<String>,
}

/// Writes `mail` to the outbox; the delivery worker sends it.
pub async fn enqueue(db: &impl ConnectionTrait, mail: Mail) -> AppResult<()> {
    let at = now();
    email_outbox::ActiveModel {
        user_id: Set(mail.user_id),
        to_address: Set(mail.to),
        subject: Set(mail.subject),
        body: Set(mail.body),
        unsubscribe_url: Set(mail.unsubscribe_url),
        created_at: Set(at),
        attempts: Set(0),
        next_attempt_at: Set(at),
        sent_at: Set(None),
        last_error: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_stored_hashed() {
        let (a, b) = (new_token(), new_token());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_ne!(hash(&a), a);
        assert_eq!(hash(&a), hash(&format!(" {a}\n")));
    }

    #[test]
    fn links_join_without_double_slashes() {
        let mail = MailSettings {
            public_url: "https://forum.example/".into(),
            batch_every: Duration::minutes(15),
            grace: Duration::minutes(10),
        };
        assert_eq!(mail.link("/account"), "https://forum.example/account");
    }
}
