//! `haven backup` and `haven restore` for the embedded SQLite database.
//!
//! A backup is SQLite's `VACUUM INTO`: one read transaction, so the copy is
//! the database as it was at one instant, while the site keeps serving and
//! writing (WAL lets the writer go on beside the reader). The copy is
//! compact and checked (`PRAGMA quick_check`) before the command reports
//! success. A restore puts such a file in place of the database, with the
//! server stopped. For PostgreSQL, use `pg_dump` / `pg_restore` (README).

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement};

/// The file of a `sqlite://` URL, or an error naming PostgreSQL's tools.
pub fn sqlite_file(url: &str) -> anyhow::Result<PathBuf> {
    let Some(path) = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
    else {
        bail!(
            "backup and restore are for the embedded SQLite database; for PostgreSQL use \
             `pg_dump --format=custom --file=haven.dump DBNAME` and `pg_restore --clean --dbname=DBNAME haven.dump`"
        );
    };
    Ok(PathBuf::from(path.split('?').next().unwrap_or(path)))
}

/// Writes a consistent copy of the live database to `to`, with a progress
/// bar (bytes written of the database's size); returns the copy's size.
pub async fn backup(db: &DatabaseConnection, to: &Path) -> anyhow::Result<u64> {
    if db.get_database_backend() != DbBackend::Sqlite {
        sqlite_file("postgres:")?;
    }
    if to.exists() {
        bail!("{} already exists: back up to a new file", to.display());
    }
    let to_text = to
        .to_str()
        .context("the backup path must be valid UTF-8")?
        .to_string();
    let total = db
        .query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            "SELECT page_count * page_size AS bytes FROM pragma_page_count(), pragma_page_size()",
        ))
        .await?
        .map(|row| row.try_get::<i64>("", "bytes"))
        .transpose()?
        .unwrap_or(0);
    let bar = indicatif::ProgressBar::new(u64::try_from(total).unwrap_or(0)).with_style(
        indicatif::ProgressStyle::with_template(
            "backing up [{bar:40}] {bytes}/{total_bytes} ({elapsed})",
        )?
        .progress_chars("=> "),
    );
    // SQLite writes the copy as it goes: its size is the progress.
    let watched = to.to_path_buf();
    let progress = bar.clone();
    let watcher = tokio::spawn(async move {
        loop {
            if let Ok(meta) = std::fs::metadata(&watched) {
                progress.set_position(meta.len());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    });
    let copied = db
        .execute_unprepared(&format!("VACUUM INTO '{}'", to_text.replace('\'', "''")))
        .await;
    watcher.abort();
    if let Err(err) = copied {
        let _ = std::fs::remove_file(to);
        bar.abandon();
        return Err(err).context("VACUUM INTO");
    }
    let size = std::fs::metadata(to)?.len();
    bar.set_length(size);
    bar.finish();
    check(to).await?;
    Ok(size)
}

/// Opens a backup read-only and checks it is a whole Haven database.
async fn check(file: &Path) -> anyhow::Result<()> {
    let url = format!("sqlite://{}?mode=ro", file.display());
    let db = Database::connect(&url)
        .await
        .with_context(|| format!("opening {}", file.display()))?;
    let verdict = db
        .query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            "PRAGMA quick_check",
        ))
        .await?
        .map(|row| row.try_get_by_index::<String>(0))
        .transpose()?
        .unwrap_or_default();
    let migrated = db
        .query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            "SELECT COUNT(*) AS n FROM seaql_migrations",
        ))
        .await
        .ok()
        .flatten()
        .and_then(|row| row.try_get::<i64>("", "n").ok())
        .unwrap_or(0);
    let _ = db.close().await;
    if verdict != "ok" {
        bail!("{} failed SQLite's check: {verdict}", file.display());
    }
    if migrated == 0 {
        bail!("{} is not a Haven database", file.display());
    }
    Ok(())
}

/// Puts the backup `from` in place of the database file `to` (the server
/// must be stopped). An existing database is replaced only with `replace`.
pub async fn restore(from: &Path, to: &Path, replace: bool) -> anyhow::Result<()> {
    check(from).await?;
    if to.exists() && !replace {
        bail!(
            "{} exists: stop the server, then run `haven restore --replace {}` to replace it",
            to.display(),
            from.display()
        );
    }
    if let Some(parent) = to.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    // Copy beside the target, then rename: the database is never half
    // written. The old WAL and shared-memory files belong to the old
    // database and would be replayed into the new one.
    let staging = to.with_extension("restoring");
    std::fs::copy(from, &staging).with_context(|| format!("copying {}", from.display()))?;
    for companion in ["-wal", "-shm"] {
        let mut name = to.as_os_str().to_owned();
        name.push(companion);
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
    std::fs::rename(&staging, to)?;
    Ok(())
}
