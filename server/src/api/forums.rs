//! Forums and their topic lists; starting a topic.

use super::*;
use app::server::services::{forums, topics};

/// The routes of this resource, merged into the API router.
pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/forums", get(list_forums))
        .route("/forums/{slug}", get(forum_page))
        .route("/forums/{slug}/topics", post(create_topic))
}

/// Forums the caller may read.
#[utoipa::path(get, path = "/api/v1/forums", responses((status = 200, body = Vec<ForumSummary>)))]
async fn list_forums(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
) -> ApiResult<Json<Vec<ForumSummary>>> {
    Ok(Json(forums::list(&state.db, viewer.as_ref()).await?))
}

#[derive(Deserialize)]
struct CursorQuery {
    cursor: Option<String>,
}

/// One page of a forum's topics, newest activity first.
#[utoipa::path(get, path = "/api/v1/forums/{slug}",
    params(("slug" = String, Path), ("cursor" = Option<String>, Query, description = "next_cursor of the previous page")),
    responses((status = 200, body = ForumPage), (status = 404, body = ErrorBody)))]
async fn forum_page(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
    Path(slug): Path<String>,
    ApiQuery(q): ApiQuery<CursorQuery>,
) -> ApiResult<Json<ForumPage>> {
    Ok(Json(
        forums::page(&state.db, viewer.as_ref(), &slug, q.cursor.as_deref()).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct NewTopic {
    pub title: String,
    pub body: String,
}

#[derive(Serialize, ToSchema)]
pub struct Created {
    pub id: i32,
}

/// Start a topic.
#[utoipa::path(post, path = "/api/v1/forums/{slug}/topics", request_body = NewTopic, params(("slug" = String, Path)),
    responses((status = 201, body = Created), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_topic(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
    Path(slug): Path<String>,
    JsonBody(body): JsonBody<NewTopic>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    let id = topics::create(&state.db, viewer.as_ref(), &slug, &body.title, &body.body).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}
