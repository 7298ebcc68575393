//! A topic's posts, replies, and pins.

use super::*;
use app::server::services::{pins, posts, topics};

/// The routes of this resource, merged into the API router.
pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/topics/{id}", get(topic_page))
        .route("/topics/{id}/posts", post(reply))
        .route(
            "/topics/{id}/pin",
            axum::routing::put(pin_topic).delete(unpin_topic),
        )
        .route("/topics/{id}/pin/dismiss", post(dismiss_pin))
        .route("/topics/{id}/lock", post(lock_topic))
        .route("/topics/{id}/move", post(move_topic))
        .route("/topics/{id}/hide", post(hide_topic))
}

#[derive(Deserialize, ToSchema)]
pub struct LockRequest {
    /// true locks, false unlocks.
    pub locked: bool,
    #[serde(default)]
    pub note: String,
}

/// Lock or unlock a topic (its forum's moderators); 409 when it already is.
#[utoipa::path(post, path = "/api/v1/topics/{id}/lock", request_body = LockRequest, params(("id" = i32, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn lock_topic(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
    Id(id): Id,
    JsonBody(body): JsonBody<LockRequest>,
) -> ApiResult<StatusCode> {
    app::server::services::moderation::set_topic_locked(
        &state.db,
        viewer.as_ref(),
        id,
        body.locked,
        &body.note,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct MoveRequest {
    /// The slug of a forum the caller moderates.
    pub forum: String,
    pub note: String,
}

/// Move a topic to another forum the caller moderates (a reason required).
#[utoipa::path(post, path = "/api/v1/topics/{id}/move", request_body = MoveRequest, params(("id" = i32, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn move_topic(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
    Id(id): Id,
    JsonBody(body): JsonBody<MoveRequest>,
) -> ApiResult<StatusCode> {
    app::server::services::moderation::move_topic(
        &state.db,
        viewer.as_ref(),
        id,
        &body.forum,
        &body.note,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
struct AfterQuery {
    after: Option<i32>,
}

/// One page of a topic's posts, in order.
#[utoipa::path(get, path = "/api/v1/topics/{id}",
    params(("id" = i32, Path), ("after" = Option<i32>, Query, description = "post number to continue after")),
    responses((status = 200, body = TopicPage), (status = 404, body = ErrorBody)))]
async fn topic_page(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
    Id(id): Id,
    ApiQuery(q): ApiQuery<AfterQuery>,
) -> ApiResult<Json<TopicPage>> {
    Ok(Json(
        topics::page(&state.db, viewer.as_ref(), id, q.after).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct NewPost {
    pub body: String,
}

/// Reply to a topic.
#[utoipa::path(post, path = "/api/v1/topics/{id}/posts", request_body = NewPost, params(("id" = i32, Path)),
    responses((status = 201, body = PostView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn reply(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
    Id(id): Id,
    JsonBody(body): JsonBody<NewPost>,
) -> ApiResult<(StatusCode, Json<PostView>)> {
    Ok((
        StatusCode::CREATED,
        Json(posts::reply(&state.db, viewer.as_ref(), id, &body.body).await?),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct PinRequest {
    /// forum (its forum's list) or global (every forum's list); anything
    /// else is a 422 naming `scope`.
    #[schema(value_type = app::model::PinScope)]
    pub scope: String,
    /// Order among pins, lowest first.
    #[serde(default)]
    pub position: i32,
    /// When the pin ends; none: until unpinned.
    pub until: Option<chrono::DateTime<chrono::Utc>>,
}

/// Pin a topic in its forum (its mentors, staff) or everywhere (staff).
#[utoipa::path(put, path = "/api/v1/topics/{id}/pin", request_body = PinRequest, params(("id" = i32, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn pin_topic(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
    Id(id): Id,
    JsonBody(body): JsonBody<PinRequest>,
) -> ApiResult<StatusCode> {
    let scope: pins::Scope = AppError::parse_field("scope", &body.scope)?;
    pins::pin(
        &state.db,
        viewer.as_ref(),
        id,
        scope,
        body.position,
        body.until,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Unpin a topic.
#[utoipa::path(delete, path = "/api/v1/topics/{id}/pin", params(("id" = i32, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn unpin_topic(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
    Id(id): Id,
) -> ApiResult<StatusCode> {
    pins::unpin(&state.db, viewer.as_ref(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Hide a global pin from one's own lists (it comes back on a policy update).
#[utoipa::path(post, path = "/api/v1/topics/{id}/pin/dismiss", params(("id" = i32, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn dismiss_pin(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
    Id(id): Id,
) -> ApiResult<StatusCode> {
    pins::dismiss(&state.db, viewer.as_ref(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct HideRequest {
    /// true hides, false restores.
    pub hidden: bool,
    /// Why: required to hide (its author is told).
    #[serde(default)]
    pub note: String,
}

/// Hide a topic from everyone but its author and moderators, or restore it.
#[utoipa::path(post, path = "/api/v1/topics/{id}/hide", request_body = HideRequest, params(("id" = i32, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn hide_topic(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
    Id(id): Id,
    JsonBody(body): JsonBody<HideRequest>,
) -> ApiResult<StatusCode> {
    app::server::services::moderation::set_topic_hidden(
        &state.db,
        viewer.as_ref(),
        id,
        body.hidden,
        &body.note,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
