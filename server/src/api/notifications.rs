//! Notifications.

use super::*;
use app::server::services::notifications;

/// The routes of this resource, merged into the API router.
pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/notifications", get(list_notifications))
        .route("/notifications/read", post(read_notifications))
        .route("/email/unsubscribe/{token}", post(unsubscribe_email))
}

/// One-click unsubscribe (RFC 8058): the `List-Unsubscribe` address of
/// every notification e-mail. Mail programs POST
/// `List-Unsubscribe=One-Click` here; all notification e-mail stops for
/// the person the link was sent to. The link is the proof: no login.
#[utoipa::path(post, path = "/api/v1/email/unsubscribe/{token}",
    params(("token" = String, Path, description = "The token from the e-mail")),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn unsubscribe_email(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> ApiResult<StatusCode> {
    app::server::services::email::unsubscribe(&state.db, &token).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The viewer's latest notifications, newest first.
#[utoipa::path(get, path = "/api/v1/notifications",
    responses((status = 200, body = [NotificationView]), (status = 401, body = ErrorBody)))]
async fn list_notifications(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
) -> ApiResult<Json<Vec<NotificationView>>> {
    Ok(Json(notifications::list(&state.db, viewer.as_ref()).await?))
}

/// Mark all of the viewer's notifications read.
#[utoipa::path(post, path = "/api/v1/notifications/read",
    responses((status = 204), (status = 401, body = ErrorBody)))]
async fn read_notifications(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
) -> ApiResult<StatusCode> {
    notifications::mark_all_read(&state.db, viewer.as_ref()).await?;
    Ok(StatusCode::NO_CONTENT)
}
