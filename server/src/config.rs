//! Command line and environment. Every setting is a flag and an environment
//! variable (also read from `.env`), named as the Leptos and SeaORM
//! ecosystems name them.

use clap::builder::BoolishValueParser;
use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "haven",
    version,
    about = "Haven: a forum for peer-support communities"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args)]
pub struct Global {
    /// Database: sqlite://path/to/file.db or postgres://user@host/db.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://data/haven.db",
        global = true
    )]
    pub database_url: String,
    /// Numbers never treated as contact details (crisis lines), comma-separated digits; replaces the built-in list. Used when posting and by check-text.
    #[arg(
        long,
        env = "HAVEN_ALLOWED_NUMBERS",
        value_delimiter = ',',
        global = true
    )]
    pub allowed_numbers: Option<Vec<String>>,
    /// Meilisearch's address (e.g. http://127.0.0.1:7700). When set, search uses Meilisearch, kept up to date through the outbox; otherwise the embedded index.
    #[arg(long, env = "MEILISEARCH_URL", global = true)]
    pub meilisearch_url: Option<String>,
    /// Meilisearch API key (a key allowed to manage the index, search and write documents).
    #[arg(
        long,
        env = "MEILISEARCH_API_KEY",
        global = true,
        hide_env_values = true
    )]
    pub meilisearch_api_key: Option<String>,
    /// Log lines as text (for people) or json (one object per line, for log collectors).
    #[arg(long, env = "HAVEN_LOG_FORMAT", default_value = "text", value_parser = ["text", "json"], global = true)]
    pub log_format: String,
    /// Name of Haven's Meilisearch index.
    #[arg(long, env = "MEILISEARCH_INDEX", default_value = app::server::services::search::meili::DEFAULT_INDEX, global = true)]
    pub meilisearch_index: String,
}

impl Global {
    /// The contact detector with the configured crisis-line allow list.
    pub fn detector(&self) -> safety::Detector {
        match &self.allowed_numbers {
            Some(numbers) => safety::Detector::new(numbers.iter().cloned()),
            None => safety::Detector::default(),
        }
    }

    /// The Meilisearch index, when one is configured.
    pub fn meilisearch(
        &self,
    ) -> anyhow::Result<Option<app::server::services::search::meili::Meili>> {
        use app::server::services::search::meili::Meili;
        match self.meilisearch_url.as_deref().filter(|u| !u.is_empty()) {
            None => Ok(None),
            Some(url) => Ok(Some(
                Meili::new(
                    url,
                    self.meilisearch_api_key.as_deref(),
                    &self.meilisearch_index,
                )
                .map_err(|e| anyhow::anyhow!("MEILISEARCH_URL {url}: {e}"))?,
            )),
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the forum (the default). Migrates first; with --demo, loads demo content into an empty database.
    Serve(ServeArgs),
    /// Apply pending database migrations and exit.
    Migrate,
    /// Load demo content into an empty database; with --topics, also add synthetic content for load tests.
    Seed(SeedArgs),
    /// Create a staff account. The password is read from HAVEN_STAFF_PASSWORD or standard input.
    CreateStaff(CreateStaffArgs),
    /// Create a forum (staff can pin, and mentors are assigned on profiles).
    CreateForum(CreateForumArgs),
    /// Set a new password for an account that lost its own (when the site
    /// sends no e-mail, or the person gave no address). The password is
    /// read from HAVEN_NEW_PASSWORD or standard input.
    ResetPassword(ResetPasswordArgs),
    /// Write a consistent copy of the SQLite database to PATH, with a progress bar. Safe while the site is live.
    Backup(BackupArgs),
    /// Replace the SQLite database with a backup (stop the server first).
    Restore(RestoreArgs),
    /// Rebuild the Meilisearch index from the database, with a progress bar. Safe while the site is live.
    Reindex,
    /// Check texts for off-site contact: JSON lines {"text": "..."} on standard input, one JSON result per line on standard output.
    CheckText(CheckTextArgs),
}

#[derive(Debug, Args)]
pub struct CheckTextArgs {}

#[derive(Debug, Args, Default)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "LEPTOS_SITE_ADDR", default_value = "127.0.0.1:3000")]
    pub site_addr: String,
    /// Folder with the built site (pkg/ with the JS, WASM and CSS).
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: String,
    /// Run the demo: load demo content into an empty database, and accept
    /// the demo accounts (whose password is published). Without it, Haven
    /// refuses to start while any demo account still has that password.
    #[arg(long, env = "HAVEN_DEMO", value_parser = BoolishValueParser::new())]
    pub demo: bool,
    /// Reverse proxies to trust, comma-separated CIDRs or addresses (e.g. 127.0.0.1,10.0.0.0/8). Only requests from these have their X-Forwarded-For / Forwarded header read for the client's address (rate limits, logs); otherwise the socket's peer address is used.
    #[arg(long, env = "HAVEN_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<String>,
    /// Serve Prometheus metrics at http://ADDR/metrics (e.g. 127.0.0.1:9100), apart from the site; off when unset.
    #[arg(long, env = "HAVEN_METRICS_ADDR")]
    pub metrics_addr: Option<String>,
    /// Mark the session cookie Secure (when served over HTTPS).
    #[arg(long, env = "HAVEN_SECURE_COOKIES", value_parser = BoolishValueParser::new())]
    pub secure_cookies: bool,
    /// Login and registration attempts allowed per client address per minute.
    #[arg(long, env = "HAVEN_AUTH_ATTEMPTS_PER_ADDRESS", default_value_t = 20)]
    pub auth_attempts_per_address: u32,
    /// Login attempts allowed per account name per minute.
    #[arg(long, env = "HAVEN_AUTH_ATTEMPTS_PER_ACCOUNT", default_value_t = 5)]
    pub auth_attempts_per_account: u32,
    /// Flag weight at which a post is hidden until a moderator reviews it.
    #[arg(long, env = "HAVEN_AUTO_HIDE_SCORE", default_value_t = 3)]
    pub auto_hide_score: i32,
    /// Reports one person may make in 24 hours.
    #[arg(long, env = "HAVEN_DAILY_FLAG_LIMIT", default_value_t = 20)]
    pub daily_flag_limit: u64,
    /// New private conversations one person may start in an hour.
    #[arg(long, env = "HAVEN_CONVERSATIONS_PER_HOUR", default_value_t = 10)]
    pub conversations_per_hour: u64,
    /// Hours a report may wait unhandled before it is overdue and leaders are told.
    #[arg(long, env = "HAVEN_OVERDUE_HOURS", default_value_t = 24)]
    pub overdue_hours: u32,
    /// SMTP server for e-mail (smtp://host:25, smtp://user:password@host:587?tls=required, smtps://host:465). When unset Haven sends no e-mail: no notification e-mails, and passwords are reset by staff (`haven reset-password`).
    #[arg(long, env = "SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// The From of every e-mail, e.g. "Haven <noreply@forum.example>".
    #[arg(
        long,
        env = "HAVEN_MAIL_FROM",
        default_value = "Haven <noreply@localhost>"
    )]
    pub mail_from: String,
    /// The site's public address, for links in e-mails (e.g. https://forum.example). Defaults to http://LEPTOS_SITE_ADDR.
    #[arg(long, env = "HAVEN_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// At most one notification e-mail per person this many minutes.
    #[arg(long, env = "HAVEN_EMAIL_BATCH_MINUTES", default_value_t = 15)]
    pub email_batch_minutes: u32,
    /// A notification is e-mailed only if still unread this many seconds after it happened.
    #[arg(long, env = "HAVEN_EMAIL_GRACE_SECONDS", default_value_t = 600)]
    pub email_grace_seconds: u32,
    /// Seconds between two passes of the e-mail worker (batches, then delivery).
    #[arg(long, env = "HAVEN_EMAIL_POLL_SECONDS", default_value_t = 30)]
    pub email_poll_seconds: u32,
}

#[derive(Debug, Args)]
pub struct SeedArgs {
    /// Synthetic topics to add (0: only the demo content).
    #[arg(long, default_value_t = 0)]
    pub topics: u64,
    /// Replies per synthetic topic.
    #[arg(long, default_value_t = 10)]
    pub replies: u64,
}

#[derive(Debug, Args)]
pub struct CreateStaffArgs {
    /// The staff member's name.
    #[arg(long)]
    pub username: String,
    /// Date of birth, YYYY-MM-DD (staff must be adults).
    #[arg(long)]
    pub birth_date: String,
}

#[derive(Debug, Args)]
pub struct ResetPasswordArgs {
    /// The account's name.
    #[arg(long)]
    pub username: String,
}

#[derive(Debug, Args)]
pub struct CreateForumArgs {
    /// The forum's address: /f/SLUG (lowercase letters, digits and -).
    #[arg(long)]
    pub slug: String,
    /// The forum's name, as listed.
    #[arg(long)]
    pub name: String,
    /// One line about what the forum is for.
    #[arg(long, default_value = "")]
    pub description: String,
    /// Who reads and writes: open (everyone reads, members write),
    /// staff_write (guidelines: only staff start topics), teens_only,
    /// listeners_only.
    #[arg(long, default_value = "open")]
    pub restriction: String,
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The file to write (must not exist).
    pub path: std::path::PathBuf,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// A file written by `haven backup`.
    pub path: std::path::PathBuf,
    /// Replace an existing database (its data is lost; back it up first).
    #[arg(long)]
    pub replace: bool,
}
