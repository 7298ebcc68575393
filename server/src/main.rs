//! `haven`: reads configuration, opens the database, migrates, and runs the
//! chosen command. See `haven --help`.

use std::io::Read;
use std::net::SocketAddr;

use anyhow::Context;
use app::model::Role;
use app::server::services::base::mail::MailSettings;
use app::server::services::email::Smtp;
use app::server::services::messages::MessagingConfig;
use app::server::services::moderation::ModerationConfig;
use app::server::services::search::{self, meili::Meili};
use app::server::{connect_and_migrate, ratelimit::AuthLimitConfig, seed, services::accounts};
use clap::Parser;
use haven_server::backup;
use haven_server::client_ip::TrustedProxies;
use haven_server::config::{
    Cli, Command, CreateForumArgs, CreateStaffArgs, ResetPasswordArgs, ServeArgs,
};
use haven_server::{
    RouterConfig, router, spawn_mail_worker, spawn_overdue_check, spawn_session_cleanup,
    spawn_topic_count_refresh,
};
use leptos::prelude::LeptosOptions;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // A missing .env is normal; the environment and flags still apply.
    let _ = dotenvy::dotenv();
    let cli = Cli::parse();
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "info,sqlx=warn,sea_orm=warn".into());
    let logs = tracing_subscriber::fmt().with_env_filter(filter);
    if cli.global.log_format == "json" {
        // One JSON object per line, with the request's span (its id,
        // method, path and client) on every line logged while serving it.
        logs.json()
            .with_current_span(true)
            .with_span_list(false)
            .init();
    } else {
        logs.init();
    }
    // Checking text needs no database.
    if let Some(Command::CheckText(_)) = &cli.command {
        let detector = cli.global.detector();
        let stdin = std::io::stdin().lock();
        let stdout = std::io::BufWriter::new(std::io::stdout().lock());
        haven_server::check_text::run(&detector, stdin, stdout)?;
        return Ok(());
    }
    // Restoring replaces the database file: it must not be opened first.
    if let Some(Command::Restore(args)) = &cli.command {
        let target = backup::sqlite_file(&cli.global.database_url)?;
        backup::restore(&args.path, &target, args.replace).await?;
        println!("restored {} from {}", target.display(), args.path.display());
        return Ok(());
    }
    app::server::services::base::screen::configure(cli.global.detector());
    let db = connect_and_migrate(&cli.global.database_url)
        .await
        .with_context(|| format!("opening the database at {}", cli.global.database_url))?;

    match cli
        .command
        .unwrap_or_else(|| Command::Serve(ServeArgs::parse_defaults()))
    {
        Command::Migrate => {
            tracing::info!("migrations applied");
        }
        Command::Seed(args) => {
            if seed::demo_if_empty(&db).await? {
                tracing::info!("demo content loaded");
            }
            if args.topics > 0 {
                seed::synthetic(&db, args.topics, args.replies).await?;
            }
        }
        Command::CreateStaff(args) => create_staff(&db, args).await?,
        Command::CreateForum(args) => create_forum(&db, args).await?,
        Command::ResetPassword(args) => reset_password(&db, args).await?,
        Command::Reindex => reindex(&db, cli.global.meilisearch()?).await?,
        Command::Backup(args) => {
            let size = backup::backup(&db, &args.path).await?;
            println!(
                "backed up to {} ({size} bytes, checked)",
                args.path.display()
            );
        }
        Command::Restore(_) => {}
        Command::Serve(args) => serve(db, args, cli.global.meilisearch()?).await?,
        Command::CheckText(_) => {}
    }
    Ok(())
}

trait ParseDefaults {
    fn parse_defaults() -> Self;
}

impl ParseDefaults for ServeArgs {
    /// `haven` with no subcommand serves, with flags from the environment.
    fn parse_defaults() -> Self {
        #[derive(Parser)]
        struct Only {
            #[command(flatten)]
            serve: ServeArgs,
        }
        Only::parse_from(["haven"]).serve
    }
}

/// A start without `--demo` is a real community's: it refuses to run while
/// any demo account still opens with the published password, and on a
/// database with no staff yet it says how to begin.
async fn production_checks(db: &sea_orm::DatabaseConnection) -> anyhow::Result<()> {
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let exposed = seed::exposed_demo_accounts(db).await?;
    if !exposed.is_empty() {
        anyhow::bail!(
            "this database has demo accounts whose password is published in the README ({}). \
             Run the demo with `haven serve --demo` (HAVEN_DEMO=1), or serve a community from a \
             database without the demo content.",
            exposed.join(", ")
        );
    }
    let staff = app::server::entities::user::Entity::find()
        .filter(app::server::entities::user::Column::Role.eq(Role::Staff.as_str()))
        .count(db)
        .await?;
    if staff == 0 {
        eprintln!(
            "\nHaven has no staff account yet. Create the first one, then log in and add forums:\n\n\
             \x20   HAVEN_STAFF_PASSWORD='…' haven create-staff --username NAME --birth-date YYYY-MM-DD\n\
             \x20   haven create-forum --slug general --name General --description 'Talk about anything'\n\
             \x20   haven create-forum --slug guidelines --name 'Community Guidelines' --restriction staff_write\n\n\
             To try Haven with demo content instead: haven serve --demo (see README).\n"
        );
    }
    Ok(())
}

/// A password from the environment variable `var`, else standard input.
fn password_from(var: &str) -> anyhow::Result<String> {
    match std::env::var(var) {
        Ok(p) => Ok(p),
        Err(_) => {
            let mut input = String::new();
            std::io::stdin().read_to_string(&mut input)?;
            Ok(input.trim_end_matches(['\n', '\r']).to_string())
        }
    }
}

/// `haven reset-password`: what staff do for someone who forgot theirs.
async fn reset_password(
    db: &sea_orm::DatabaseConnection,
    args: ResetPasswordArgs,
) -> anyhow::Result<()> {
    let password = password_from("HAVEN_NEW_PASSWORD")?;
    match accounts::reset_password(db, &args.username, &password).await {
        Ok(()) => {
            println!("set a new password for {}", args.username);
            Ok(())
        }
        Err(app::error::AppError::Validation(errors)) => {
            for e in &errors {
                eprintln!("{}: {}", e.field, e.message);
            }
            anyhow::bail!("the password was not changed")
        }
        Err(err) => Err(anyhow::anyhow!("{err}")),
    }
}

async fn create_staff(
    db: &sea_orm::DatabaseConnection,
    args: CreateStaffArgs,
) -> anyhow::Result<()> {
    let password = password_from("HAVEN_STAFF_PASSWORD")?;
    let input = accounts::Registration {
        username: args.username,
        password,
        birth_date: args.birth_date,
    };
    match accounts::create_account(db, input, Role::Staff, false).await {
        Ok(user) => {
            println!("created staff account {}", user.username);
            Ok(())
        }
        Err(app::error::AppError::Validation(errors)) => {
            for e in &errors {
                eprintln!("{}: {}", e.field, e.message);
            }
            anyhow::bail!("the staff account was not created")
        }
        Err(err) => Err(anyhow::anyhow!("{err}")),
    }
}

async fn create_forum(
    db: &sea_orm::DatabaseConnection,
    args: CreateForumArgs,
) -> anyhow::Result<()> {
    let new = app::server::services::forums::NewForum {
        slug: args.slug,
        name: args.name,
        description: args.description,
        restriction: args.restriction,
    };
    match app::server::services::forums::create(db, new).await {
        Ok(forum) => {
            println!("created forum {} at /f/{}", forum.name, forum.slug);
            Ok(())
        }
        Err(app::error::AppError::Validation(errors)) => {
            for e in &errors {
                eprintln!("{}: {}", e.field, e.message);
            }
            anyhow::bail!("the forum was not created")
        }
        Err(err) => Err(anyhow::anyhow!("{err}")),
    }
}

/// `haven reindex`: queues every post and delivers the outbox, with a
/// progress bar.
async fn reindex(db: &sea_orm::DatabaseConnection, meili: Option<Meili>) -> anyhow::Result<()> {
    let Some(meili) = meili else {
        anyhow::bail!(
            "MEILISEARCH_URL is not set. The embedded index needs no rebuild: the database updates it in the same transaction as every post."
        );
    };
    let bar = indicatif::ProgressBar::new(0).with_style(
        indicatif::ProgressStyle::with_template(
            "{msg} [{bar:40}] {pos}/{len} posts ({per_sec}, {eta} left)",
        )?
        .progress_chars("=> "),
    );
    bar.set_message(format!("reindexing {}", meili.uid()));
    let done = search::outbox::reindex(db, &meili, |done, total| {
        bar.set_length(total);
        bar.set_position(done);
    })
    .await;
    bar.finish();
    let done = done.map_err(|e| anyhow::anyhow!("{e}"))?;
    println!(
        "reindexed {}: {} posts sent, {} documents of deleted posts removed",
        meili.uid(),
        done.queued,
        done.orphans
    );
    Ok(())
}

async fn serve(
    db: sea_orm::DatabaseConnection,
    args: ServeArgs,
    meili: Option<Meili>,
) -> anyhow::Result<()> {
    if args.demo {
        if seed::demo_if_empty(&db).await? {
            tracing::info!(
                "demo content loaded (password of every demo account: {})",
                seed::DEMO_PASSWORD
            );
        }
    } else {
        production_checks(&db).await?;
    }
    let addr: SocketAddr = args
        .site_addr
        .parse()
        .with_context(|| format!("bad address {}", args.site_addr))?;
    let leptos_options = leptos_options(&args, addr);
    spawn_session_cleanup(db.clone());
    let moderation = ModerationConfig {
        auto_hide_score: args.auto_hide_score,
        daily_flag_limit: args.daily_flag_limit,
        overdue_after: chrono::Duration::hours(i64::from(args.overdue_hours)),
    };
    spawn_overdue_check(db.clone(), moderation);
    let mail = match args.smtp_url.as_deref().filter(|u| !u.is_empty()) {
        None => {
            tracing::info!("no SMTP_URL: Haven sends no e-mail");
            None
        }
        Some(url) => {
            let smtp = Smtp::new(url, &args.mail_from).map_err(|e| anyhow::anyhow!(e))?;
            let settings = MailSettings {
                public_url: args
                    .public_url
                    .clone()
                    .filter(|u| !u.is_empty())
                    .unwrap_or_else(|| format!("http://{addr}")),
                batch_every: chrono::Duration::minutes(i64::from(args.email_batch_minutes)),
                grace: chrono::Duration::seconds(i64::from(args.email_grace_seconds)),
            };
            spawn_mail_worker(
                db.clone(),
                settings.clone(),
                smtp,
                std::time::Duration::from_secs(u64::from(args.email_poll_seconds.max(1))),
            );
            Some(settings)
        }
    };
    spawn_topic_count_refresh(db.clone());
    let search = match meili {
        Some(meili) => {
            tracing::info!("search uses Meilisearch index {}", meili.uid());
            tokio::spawn(search::outbox::run_worker(db.clone(), meili.clone()));
            search::Engine::meilisearch(std::sync::Arc::new(meili))
        }
        None => search::Engine::embedded(),
    };
    // The vocabulary snapshot for typo correction, read before the first
    // search needs it.
    let (engine, pool) = (search.clone(), db.clone());
    tokio::spawn(async move {
        if let Err(err) = engine.prepare(&pool).await {
            tracing::warn!("reading the search vocabulary failed: {err}");
        }
    });
    if let Some(metrics_addr) = args.metrics_addr.as_deref().filter(|a| !a.is_empty()) {
        let listener = tokio::net::TcpListener::bind(metrics_addr)
            .await
            .with_context(|| format!("binding the metrics address {metrics_addr}"))?;
        let handle = haven_server::metrics::install().context("installing the metrics recorder")?;
        let metrics = haven_server::metrics::router(db.clone(), handle);
        tracing::info!("metrics at http://{}/metrics", listener.local_addr()?);
        tokio::spawn(async move {
            if let Err(err) = axum::serve(listener, metrics).await {
                tracing::warn!("the metrics server stopped: {err}");
            }
        });
    }
    let app = router(
        db,
        RouterConfig {
            leptos_options,
            auth_limits: AuthLimitConfig {
                per_address_per_minute: args.auth_attempts_per_address,
                per_account_per_minute: args.auth_attempts_per_account,
            },
            secure_cookies: args.secure_cookies,
            moderation,
            messaging: MessagingConfig {
                conversations_per_hour: args.conversations_per_hour,
            },
            search,
            trusted_proxies: TrustedProxies::parse(&args.trusted_proxies)
                .map_err(|e| anyhow::anyhow!("--trusted-proxies: {e}"))?,
            mail,
        },
    );
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("binding {addr}"))?;
    tracing::info!("Haven is listening on http://{}", listener.local_addr()?);
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    Ok(())
}

/// Leptos options from the flags; cargo-leptos's own variables
/// (LEPTOS_OUTPUT_NAME, LEPTOS_SITE_PKG_DIR, LEPTOS_ENV) are honoured when set.
fn leptos_options(args: &ServeArgs, addr: SocketAddr) -> LeptosOptions {
    let env =
        |name: &str, default: &str| std::env::var(name).unwrap_or_else(|_| default.to_string());
    LeptosOptions::builder()
        .output_name(env("LEPTOS_OUTPUT_NAME", "haven"))
        .site_root(args.site_root.clone())
        .site_pkg_dir(env("LEPTOS_SITE_PKG_DIR", "pkg"))
        .site_addr(addr)
        .env(if env("LEPTOS_ENV", "PROD").eq_ignore_ascii_case("DEV") {
            leptos::config::Env::DEV
        } else {
            leptos::config::Env::PROD
        })
        .build()
}
