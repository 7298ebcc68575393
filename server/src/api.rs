//! The JSON API under `/api/v1`, described at `/api/v1/openapi.json`. Each
//! handler reads the session, calls the same service the pages call, and
//! converts the result. Authentication is the session cookie from
//! `POST /api/v1/session`; CSRF protection is the same as for the pages.

use std::net::SocketAddr;

use app::error::AppError;
use app::model::{ForumPage, ForumSummary, PostView, TopicPage, UpvoteState, UserSummary};
use app::server::permissions::Viewer;
use app::server::services::{accounts, forums, posts, topics};
use app::server::{AppState, auth, viewer_from_session};
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Path, Query, Request, State};
use axum::http::{StatusCode, request::Parts};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use tower_sessions::Session;
use utoipa::{OpenApi, ToSchema};

/// An `AppError` as an HTTP response: the status, and a JSON body with the
/// message and, for validation errors, one message per field.
pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(err: AppError) -> Self {
        ApiError(err)
    }
}

/// The JSON body of every error.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: String,
    /// field name → message, for validation errors
    pub fields: std::collections::BTreeMap<String, String>,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.0.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let fields = match &self.0 {
            AppError::Validation(errors) => errors
                .iter()
                .map(|e| (e.field.clone(), e.message.clone()))
                .collect(),
            _ => Default::default(),
        };
        (
            status,
            Json(ErrorBody {
                error: self.0.to_string(),
                fields,
            }),
        )
            .into_response()
    }
}

type ApiResult<T> = Result<T, ApiError>;

/// A JSON body whose rejection is a clear validation error, not plain text.
pub struct JsonBody<T>(pub T);

impl<T, S> FromRequest<S> for JsonBody<T>
where
    Json<T>: FromRequest<S, Rejection = axum::extract::rejection::JsonRejection>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(value)) => Ok(JsonBody(value)),
            Err(rejection) => Err(ApiError(AppError::field("body", rejection.body_text()))),
        }
    }
}

/// The client's IP address ("unknown" when not served over TCP, as in tests).
pub struct ClientAddress(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddress(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|ConnectInfo(addr)| addr.ip().to_string())
                .unwrap_or_else(|| "unknown".into()),
        ))
    }
}

async fn viewer(state: &AppState, session: &Session) -> ApiResult<Option<Viewer>> {
    Ok(viewer_from_session(&state.db, session).await?)
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(openapi))
        .route("/session", post(login).delete(logout))
        .route("/me", get(me))
        .route("/forums", get(list_forums))
        .route("/forums/{slug}", get(forum_page))
        .route("/forums/{slug}/topics", post(create_topic))
        .route("/topics/{id}", get(topic_page))
        .route("/topics/{id}/posts", post(reply))
        .route("/posts/{id}/upvote", post(toggle_upvote))
        .fallback(|| async { ApiError(AppError::NotFound) })
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Haven API",
        version = "1",
        description = "The same actions as the Haven web pages, as JSON. Authenticate with POST /session; the session cookie is then sent with each request."
    ),
    paths(
        login,
        logout,
        me,
        list_forums,
        forum_page,
        create_topic,
        topic_page,
        reply,
        toggle_upvote
    ),
    components(schemas(
        LoginRequest,
        NewTopic,
        NewPost,
        Created,
        ErrorBody,
        UserSummary,
        ForumSummary,
        ForumPage,
        TopicPage,
        PostView,
        UpvoteState
    ))
)]
pub struct ApiDoc;

async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

#[derive(Deserialize, ToSchema)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

/// Log in; the response sets the session cookie.
#[utoipa::path(post, path = "/api/v1/session", request_body = LoginRequest,
    responses((status = 200, body = UserSummary), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
async fn login(
    State(state): State<AppState>,
    session: Session,
    ClientAddress(address): ClientAddress,
    JsonBody(body): JsonBody<LoginRequest>,
) -> ApiResult<Json<UserSummary>> {
    let user = auth::log_in(&state, &session, &address, &body.username, &body.password).await?;
    Ok(Json(accounts::summary(&state.db, user.id).await?))
}

/// Log out.
#[utoipa::path(delete, path = "/api/v1/session", responses((status = 204)))]
async fn logout(session: Session) -> ApiResult<StatusCode> {
    auth::log_out(&session).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The person logged in.
#[utoipa::path(get, path = "/api/v1/me", responses((status = 200, body = UserSummary), (status = 401, body = ErrorBody)))]
async fn me(State(state): State<AppState>, session: Session) -> ApiResult<Json<UserSummary>> {
    let viewer = viewer(&state, &session)
        .await?
        .ok_or(AppError::Unauthorized)?;
    Ok(Json(accounts::summary(&state.db, viewer.id).await?))
}

/// Forums the caller may read.
#[utoipa::path(get, path = "/api/v1/forums", responses((status = 200, body = Vec<ForumSummary>)))]
async fn list_forums(
    State(state): State<AppState>,
    session: Session,
) -> ApiResult<Json<Vec<ForumSummary>>> {
    let viewer = viewer(&state, &session).await?;
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
    session: Session,
    Path(slug): Path<String>,
    Query(q): Query<CursorQuery>,
) -> ApiResult<Json<ForumPage>> {
    let viewer = viewer(&state, &session).await?;
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
    session: Session,
    Path(slug): Path<String>,
    JsonBody(body): JsonBody<NewTopic>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    let viewer = viewer(&state, &session).await?;
    let id = topics::create(&state.db, viewer.as_ref(), &slug, &body.title, &body.body).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
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
    session: Session,
    Path(id): Path<i32>,
    Query(q): Query<AfterQuery>,
) -> ApiResult<Json<TopicPage>> {
    let viewer = viewer(&state, &session).await?;
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
    session: Session,
    Path(id): Path<i32>,
    JsonBody(body): JsonBody<NewPost>,
) -> ApiResult<(StatusCode, Json<PostView>)> {
    let viewer = viewer(&state, &session).await?;
    Ok((
        StatusCode::CREATED,
        Json(posts::reply(&state.db, viewer.as_ref(), id, &body.body).await?),
    ))
}

/// Upvote a post, or take the upvote back.
#[utoipa::path(post, path = "/api/v1/posts/{id}/upvote", params(("id" = i32, Path)),
    responses((status = 200, body = UpvoteState), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn toggle_upvote(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<i32>,
) -> ApiResult<Json<UpvoteState>> {
    let viewer = viewer(&state, &session).await?;
    Ok(Json(
        posts::toggle_upvote(&state.db, viewer.as_ref(), id).await?,
    ))
}
