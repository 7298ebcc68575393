//! Logging in and out: the session side of accounts, shared by the server
//! functions and the JSON API so both behave the same.

use tower_sessions::Session;

use crate::error::{AppError, AppResult};
use crate::server::entities::user;
use crate::server::services::accounts::{self, Registration};
use crate::server::services::self_care;
use crate::server::{AppState, SESSION_USER_KEY};

/// Checks the rate limits and the password, then starts a session under a
/// new id (so an id planted before login is worthless after it).
pub async fn log_in(
    state: &AppState,
    session: &Session,
    address: &str,
    username: &str,
    password: &str,
) -> AppResult<user::Model> {
    state.limits.attempt(address, username.trim())?;
    let user = accounts::authenticate(&state.db, username, password).await?;
    // Logging in within 30 days of deactivating comes back (the returned
    // row still has `deactivated_at`: the caller can say welcome back).
    self_care::reactivate_on_login(&state.db, &user).await?;
    start_session(session, &user).await?;
    Ok(user)
}

/// Registers a member and logs them in.
pub async fn register(
    state: &AppState,
    session: &Session,
    address: &str,
    input: Registration,
) -> AppResult<user::Model> {
    state.limits.attempt(address, input.username.trim())?;
    let user = accounts::register(&state.db, input).await?;
    start_session(session, &user).await?;
    Ok(user)
}

async fn start_session(session: &Session, user: &user::Model) -> AppResult<()> {
    session.cycle_id().await.map_err(AppError::internal)?;
    session
        .insert(SESSION_USER_KEY, user.id)
        .await
        .map_err(AppError::internal)
}

/// Ends the session and deletes its record.
pub async fn log_out(session: &Session) -> AppResult<()> {
    session.flush().await.map_err(AppError::internal)
}

/// A redirect target from a form: only a path on this site.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') => {
            path.to_string()
        }
        _ => "/".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_stays_on_site() {
        assert_eq!(safe_next(Some("/t/3")), "/t/3");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(None), "/");
    }
}
