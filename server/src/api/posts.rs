//! Upvotes, edits, history and diffs, policy acknowledgements.

use super::*;
use app::server::services::base::content::Edit;
use app::server::services::{policy, posts, revisions};

/// The routes of this resource, merged into the API router.
pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/posts/{id}/upvote", post(toggle_upvote))
        .route("/posts/{id}", axum::routing::put(edit_post))
        .route("/posts/{id}/history", get(post_history))
        .route("/posts/{id}/diff", get(post_diff))
        .route("/posts/{id}/acknowledge", post(acknowledge_policy))
        .route("/posts/{id}/acknowledgements", get(policy_acknowledgements))
}

/// Upvote a post, or take the upvote back.
#[utoipa::path(post, path = "/api/v1/posts/{id}/upvote", params(("id" = i32, Path)),
    responses((status = 200, body = UpvoteState), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn toggle_upvote(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
    Id(id): Id,
) -> ApiResult<Json<UpvoteState>> {
    Ok(Json(
        posts::toggle_upvote(&state.db, viewer.as_ref(), id).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct PostEdit {
    pub body: String,
    /// The version the edit starts from; a newer one gives 409.
    pub base_version: i32,
    #[serde(default)]
    pub reason: String,
    /// Staff, guideline posts: mark as a policy update with this summary.
    pub policy_summary: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct Saved {
    pub version: i32,
}

/// Edit a post (its author, or a moderator of its forum).
#[utoipa::path(put, path = "/api/v1/posts/{id}", request_body = PostEdit, params(("id" = i32, Path)),
    responses((status = 200, body = Saved), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn edit_post(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
    Id(id): Id,
    JsonBody(body): JsonBody<PostEdit>,
) -> ApiResult<Json<Saved>> {
    let edit = Edit {
        body: body.body,
        base_version: body.base_version,
        reason: body.reason,
        policy_summary: body.policy_summary,
    };
    let version = revisions::edit(&state.db, viewer.as_ref(), id, edit).await?;
    Ok(Json(Saved { version }))
}

/// A post's versions, newest first.
#[utoipa::path(get, path = "/api/v1/posts/{id}/history", params(("id" = i32, Path)),
    responses((status = 200, body = PostHistory), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn post_history(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
    Id(id): Id,
) -> ApiResult<Json<PostHistory>> {
    Ok(Json(
        revisions::history(&state.db, viewer.as_ref(), id).await?,
    ))
}

#[derive(Deserialize)]
struct DiffQuery {
    from: i32,
    to: i32,
}

/// Words added and removed between two versions of a post.
#[utoipa::path(get, path = "/api/v1/posts/{id}/diff",
    params(("id" = i32, Path), ("from" = i32, Query), ("to" = i32, Query)),
    responses((status = 200, body = RevisionDiff), (status = 404, body = ErrorBody)))]
async fn post_diff(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
    Id(id): Id,
    ApiQuery(q): ApiQuery<DiffQuery>,
) -> ApiResult<Json<RevisionDiff>> {
    Ok(Json(
        revisions::diff(&state.db, viewer.as_ref(), id, q.from, q.to).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct PolicyAck {
    /// The version of the post being acknowledged.
    pub version: i32,
}

/// Acknowledge a policy update ("I have read this update").
#[utoipa::path(post, path = "/api/v1/posts/{id}/acknowledge", request_body = PolicyAck, params(("id" = i32, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn acknowledge_policy(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
    Id(id): Id,
    JsonBody(body): JsonBody<PolicyAck>,
) -> ApiResult<StatusCode> {
    policy::acknowledge(&state.db, viewer.as_ref(), id, body.version).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Who acknowledged each policy version of a post (staff).
#[utoipa::path(get, path = "/api/v1/posts/{id}/acknowledgements", params(("id" = i32, Path)),
    responses((status = 200, body = PolicyAcknowledgements), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn policy_acknowledgements(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
    Id(id): Id,
) -> ApiResult<Json<PolicyAcknowledgements>> {
    Ok(Json(
        policy::acknowledgements(&state.db, viewer.as_ref(), id).await?,
    ))
}
