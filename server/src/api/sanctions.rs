//! Warnings, suspensions and appeals.

use super::*;
use app::server::services::{appeals, moderation};

/// The routes of this resource, merged into the API router.
pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/me/sanctions", get(my_sanctions))
        .route("/sanctions/{id}/acknowledge", post(acknowledge_sanction))
        .route("/sanctions/{id}/appeal", post(file_appeal))
        .route("/appeals", get(open_appeals))
        .route("/appeals/{id}/decision", post(decide_appeal))
}

/// The viewer's warnings and suspensions, newest first.
#[utoipa::path(get, path = "/api/v1/me/sanctions",
    responses((status = 200, body = [SanctionView]), (status = 401, body = ErrorBody)))]
async fn my_sanctions(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
) -> ApiResult<Json<Vec<SanctionView>>> {
    Ok(Json(
        moderation::my_sanctions(&state.db, viewer.as_ref()).await?,
    ))
}

/// Acknowledge a warning or suspension (the banner goes away).
#[utoipa::path(post, path = "/api/v1/sanctions/{id}/acknowledge", params(("id" = i32, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn acknowledge_sanction(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
    Id(id): Id,
) -> ApiResult<StatusCode> {
    moderation::acknowledge(&state.db, viewer.as_ref(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct AppealRequest {
    /// Why the decision should change.
    pub body: String,
}

/// Appeal a warning or suspension (once each).
#[utoipa::path(post, path = "/api/v1/sanctions/{id}/appeal", request_body = AppealRequest, params(("id" = i32, Path)),
    responses((status = 201, body = Created), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn file_appeal(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
    Id(id): Id,
    JsonBody(body): JsonBody<AppealRequest>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    let appeal = appeals::file(&state.db, viewer.as_ref(), id, &body.body).await?;
    Ok((StatusCode::CREATED, Json(Created { id: appeal })))
}

/// Open appeals the viewer may decide (leaders and staff, never their own
/// decisions), oldest first.
#[utoipa::path(get, path = "/api/v1/appeals",
    responses((status = 200, body = [AppealView]), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn open_appeals(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
) -> ApiResult<Json<Vec<AppealView>>> {
    Ok(Json(appeals::open(&state.db, viewer.as_ref()).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct AppealDecision {
    /// true: reverse the sanction; false: uphold it.
    pub reverse: bool,
    /// Told to the person who appealed.
    pub note: String,
}

/// Decide an appeal. Of two people deciding at once, one succeeds; the
/// other gets 409.
#[utoipa::path(post, path = "/api/v1/appeals/{id}/decision", request_body = AppealDecision, params(("id" = i32, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn decide_appeal(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
    Id(id): Id,
    JsonBody(body): JsonBody<AppealDecision>,
) -> ApiResult<StatusCode> {
    appeals::decide(&state.db, viewer.as_ref(), id, body.reverse, &body.note).await?;
    Ok(StatusCode::NO_CONTENT)
}
