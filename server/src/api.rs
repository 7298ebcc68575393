//! The JSON API under `/api/v1`, described at `/api/v1/openapi.json`. Each
//! handler reads the session, calls the same service the pages call, and
//! converts the result. Authentication is the session cookie from
//! `POST /api/v1/session`; CSRF protection is the same as for the pages.

use app::error::AppError;
use app::model::{
    AppealView, AuditEntryView, AuditFilter, AuditPage, ContactExplanation, DiffKind, DiffSpan,
    Escalation, FlagReason, FlagView, ForumPage, ForumSummary, Marked, MyReportView,
    NotificationView, Outcome, PolicyAcknowledgements, PolicyVersionAcks, PostHistory, PostView,
    QueueItemView, RevisionDiff, RevisionView, Role, SanctionView, SearchHit, SearchQuery,
    SearchResults, TopicPage, UpvoteState, UserSummary,
};
use app::server::permissions::Viewer;
use app::server::services::moderation::{self, Resolution};
use app::server::services::revisions::{self, Edit};
use app::server::services::{
    accounts, appeals, audit, filters, forums, notifications, pins, policy, posts, search, topics,
};
use app::server::{AppState, ClientIp, auth, viewer_from_session};
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request, State};
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
            Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Err(ApiError(AppError::TooLarge(rejection.body_text())))
            }
            Err(rejection) => Err(ApiError(AppError::field("body", rejection.body_text()))),
        }
    }
}

/// A numeric id from the path: digits only (`+1`, `01x` and `-3` are not
/// ids), refused with the JSON error body.
pub struct Id(pub i32);

impl<S: Send + Sync> FromRequestParts<S> for Id {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path(raw) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|r| ApiError(AppError::BadRequest(r.body_text())))?;
        raw.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| raw.parse::<i32>().ok())
            .flatten()
            .map(Id)
            .ok_or_else(|| ApiError(AppError::BadRequest(format!("“{raw}” is not an id."))))
    }
}

/// A query string whose rejection is the JSON error body, not plain text.
pub struct ApiQuery<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiQuery<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(q)| ApiQuery(q))
            .map_err(|r| ApiError(AppError::BadRequest(r.body_text())))
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
                .get::<ClientIp>()
                .map(|ClientIp(ip)| ip.to_string())
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
        .route("/posts/{id}", axum::routing::put(edit_post))
        .route("/posts/{id}/history", get(post_history))
        .route("/posts/{id}/diff", get(post_diff))
        .route("/posts/{id}/flags", post(flag_post))
        .route("/queue", get(queue))
        .route("/queue/{id}/claim", post(claim))
        .route("/queue/{id}/escalate", post(escalate))
        .route("/queue/{id}/resolve", post(resolve))
        .route("/audit", get(audit_log))
        .route("/search", get(search_posts))
        .route("/users", post(register))
        .route("/notifications", get(list_notifications))
        .route("/notifications/read", post(read_notifications))
        .route("/me/sanctions", get(my_sanctions))
        .route("/me/reports", get(my_reports))
        .route("/sanctions/{id}/acknowledge", post(acknowledge_sanction))
        .route("/sanctions/{id}/appeal", post(file_appeal))
        .route("/appeals", get(open_appeals))
        .route("/appeals/{id}/decision", post(decide_appeal))
        .route("/flags/{id}", axum::routing::delete(withdraw_flag))
        .route(
            "/topics/{id}/pin",
            axum::routing::put(pin_topic).delete(unpin_topic),
        )
        .route("/topics/{id}/pin/dismiss", post(dismiss_pin))
        .route("/posts/{id}/acknowledge", post(acknowledge_policy))
        .route("/posts/{id}/acknowledgements", get(policy_acknowledgements))
        .route("/filters", get(filters_page))
        .route("/filters/rules", post(create_filter_rule))
        .route(
            "/filters/rules/{id}",
            axum::routing::delete(delete_filter_rule),
        )
        .route("/users/{id}/roles", axum::routing::patch(change_roles))
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
        toggle_upvote,
        edit_post,
        post_history,
        post_diff,
        flag_post,
        queue,
        claim,
        escalate,
        resolve,
        audit_log,
        search_posts,
        register,
        list_notifications,
        read_notifications,
        my_sanctions,
        my_reports,
        acknowledge_sanction,
        file_appeal,
        open_appeals,
        decide_appeal,
        withdraw_flag,
        pin_topic,
        unpin_topic,
        dismiss_pin,
        acknowledge_policy,
        policy_acknowledgements,
        filters_page,
        create_filter_rule,
        delete_filter_rule,
        change_roles
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
        UpvoteState,
        PostEdit,
        Saved,
        PostHistory,
        RevisionView,
        RevisionDiff,
        DiffSpan,
        DiffKind,
        NewFlag,
        FlagReason,
        QueueItemView,
        FlagView,
        Escalation,
        Outcome,
        app::model::PinScope,
        app::model::FilterAction,
        app::model::Role,
        app::model::Restriction,
        app::model::QueueStatus,
        app::model::QueueSource,
        app::model::FlagStatus,
        app::model::AppealStatus,
        app::model::SanctionKind,
        app::model::Review,
        app::model::NotificationKind,
        app::model::FiltersPage,
        app::model::FilterRuleView,
        app::model::FilterEventView,
        ResolveRequest,
        EscalateRequest,
        AuditPage,
        AuditEntryView,
        SearchResults,
        SearchHit,
        Marked,
        ContactExplanation,
        RegisterRequest,
        NotificationView,
        SanctionView,
        MyReportView,
        AppealRequest,
        AppealView,
        AppealDecision,
        PinRequest,
        PolicyAck,
        PolicyAcknowledgements,
        PolicyVersionAcks,
        NewFilterRule,
        RolesRequest,
        MentorChange,
        Role
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
    ApiQuery(q): ApiQuery<CursorQuery>,
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
    Id(id): Id,
    ApiQuery(q): ApiQuery<AfterQuery>,
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
    Id(id): Id,
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
    Id(id): Id,
) -> ApiResult<Json<UpvoteState>> {
    let viewer = viewer(&state, &session).await?;
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
    session: Session,
    Id(id): Id,
    JsonBody(body): JsonBody<PostEdit>,
) -> ApiResult<Json<Saved>> {
    let viewer = viewer(&state, &session).await?;
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
    session: Session,
    Id(id): Id,
) -> ApiResult<Json<PostHistory>> {
    let viewer = viewer(&state, &session).await?;
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
    session: Session,
    Id(id): Id,
    ApiQuery(q): ApiQuery<DiffQuery>,
) -> ApiResult<Json<RevisionDiff>> {
    let viewer = viewer(&state, &session).await?;
    Ok(Json(
        revisions::diff(&state.db, viewer.as_ref(), id, q.from, q.to).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct NewFlag {
    /// Why: one of the `FlagReason` values; anything else is a 422 naming
    /// `reason`.
    #[schema(value_type = FlagReason)]
    pub reason: String,
    #[serde(default)]
    pub note: String,
}

/// Report a post to its forum's mentors and the global leaders.
#[utoipa::path(post, path = "/api/v1/posts/{id}/flags", request_body = NewFlag, params(("id" = i32, Path)),
    responses((status = 201, body = Created), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn flag_post(
    State(state): State<AppState>,
    session: Session,
    Id(id): Id,
    JsonBody(body): JsonBody<NewFlag>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    let viewer = viewer(&state, &session).await?;
    let reason: FlagReason = AppError::parse_field("reason", &body.reason)?;
    let flag = moderation::flag(
        &state.db,
        &state.moderation,
        viewer.as_ref(),
        id,
        reason,
        &body.note,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(Created { id: flag })))
}

#[derive(Deserialize)]
struct QueueQuery {
    forum: Option<i32>,
    reason: Option<String>,
}

/// Open queue items the caller handles, most urgent first.
#[utoipa::path(get, path = "/api/v1/queue",
    params(("forum" = Option<i32>, Query), ("reason" = Option<String>, Query)),
    responses((status = 200, body = Vec<QueueItemView>), (status = 401, body = ErrorBody)))]
async fn queue(
    State(state): State<AppState>,
    session: Session,
    ApiQuery(q): ApiQuery<QueueQuery>,
) -> ApiResult<Json<Vec<QueueItemView>>> {
    let viewer = viewer(&state, &session).await?;
    let reason = q.reason.as_deref().and_then(FlagReason::parse);
    Ok(Json(
        moderation::queue(
            &state.db,
            &state.moderation,
            viewer.as_ref(),
            q.forum,
            reason,
        )
        .await?,
    ))
}

/// Claim a queue item, so others see who is handling it.
#[utoipa::path(post, path = "/api/v1/queue/{id}/claim", params(("id" = i32, Path)),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn claim(
    State(state): State<AppState>,
    session: Session,
    Id(id): Id,
) -> ApiResult<StatusCode> {
    let viewer = viewer(&state, &session).await?;
    moderation::claim(&state.db, viewer.as_ref(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct EscalateRequest {
    pub note: String,
}

/// Pass a queue item up: mentors → leaders → staff.
#[utoipa::path(post, path = "/api/v1/queue/{id}/escalate", request_body = EscalateRequest, params(("id" = i32, Path)),
    responses((status = 200, body = Escalation), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn escalate(
    State(state): State<AppState>,
    session: Session,
    Id(id): Id,
    JsonBody(body): JsonBody<EscalateRequest>,
) -> ApiResult<Json<Escalation>> {
    let viewer = viewer(&state, &session).await?;
    Ok(Json(
        moderation::escalate(&state.db, viewer.as_ref(), id, &body.note).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct ResolveRequest {
    /// One of the `Outcome` values; anything else is a 422 naming `outcome`.
    #[schema(value_type = Outcome)]
    pub outcome: String,
    pub note: String,
    /// For suspend_author; absent: indefinitely.
    pub suspend_until: Option<chrono::DateTime<chrono::Utc>>,
    /// For edit_post: the post's new text.
    pub new_body: Option<String>,
}

/// Settle a queue item with one outcome; 409 when someone else already did.
#[utoipa::path(post, path = "/api/v1/queue/{id}/resolve", request_body = ResolveRequest, params(("id" = i32, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn resolve(
    State(state): State<AppState>,
    session: Session,
    Id(id): Id,
    JsonBody(body): JsonBody<ResolveRequest>,
) -> ApiResult<StatusCode> {
    let viewer = viewer(&state, &session).await?;
    let outcome: Outcome = AppError::parse_field("outcome", &body.outcome)?;
    let resolution = Resolution {
        outcome,
        note: body.note,
        suspend_until: body.suspend_until,
        new_body: body.new_body,
    };
    moderation::resolve(&state.db, viewer.as_ref(), id, resolution).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
struct AuditQuery {
    #[serde(default)]
    actor: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    target: String,
    before: Option<i32>,
}

/// The audit log, newest first (global leaders and staff).
#[utoipa::path(get, path = "/api/v1/audit",
    params(("actor" = Option<String>, Query, description = "username, or system"), ("action" = Option<String>, Query),
        ("target" = Option<String>, Query, description = "post | user | queue_item"), ("before" = Option<i32>, Query)),
    responses((status = 200, body = AuditPage), (status = 403, body = ErrorBody)))]
async fn audit_log(
    State(state): State<AppState>,
    session: Session,
    ApiQuery(q): ApiQuery<AuditQuery>,
) -> ApiResult<Json<AuditPage>> {
    let viewer = viewer(&state, &session).await?;
    let filter = AuditFilter {
        actor: q.actor,
        action: q.action,
        target_type: q.target,
        before: q.before,
    };
    Ok(Json(
        audit::browse(&state.db, viewer.as_ref(), &filter).await?,
    ))
}

/// Searches topics and posts the viewer may read: every word must match (as
/// a prefix); unknown words are corrected to the closest indexed word.
#[utoipa::path(get, path = "/api/v1/search", params(SearchQuery),
    responses((status = 200, body = SearchResults), (status = 404, body = ErrorBody, description = "a forum the viewer cannot read")))]
async fn search_posts(
    State(state): State<AppState>,
    session: Session,
    ApiQuery(query): ApiQuery<SearchQuery>,
) -> ApiResult<Json<SearchResults>> {
    let viewer = viewer(&state, &session).await?;
    Ok(Json(
        search::search(&state.db, &state.search, viewer.as_ref(), &query).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct RegisterRequest {
    pub username: String,
    pub password: String,
    /// YYYY-MM-DD; under-18s are teens, under-13s cannot register.
    pub birth_date: String,
}

/// Create an account and log in as it (the session cookie is set).
#[utoipa::path(post, path = "/api/v1/users", request_body = RegisterRequest,
    responses((status = 201, body = Created), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
async fn register(
    State(state): State<AppState>,
    session: Session,
    ClientAddress(address): ClientAddress,
    JsonBody(body): JsonBody<RegisterRequest>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    let input = accounts::Registration {
        username: body.username,
        password: body.password,
        birth_date: body.birth_date,
    };
    let user = auth::register(&state, &session, &address, input).await?;
    Ok((StatusCode::CREATED, Json(Created { id: user.id })))
}

/// The viewer's latest notifications, newest first.
#[utoipa::path(get, path = "/api/v1/notifications",
    responses((status = 200, body = [NotificationView]), (status = 401, body = ErrorBody)))]
async fn list_notifications(
    State(state): State<AppState>,
    session: Session,
) -> ApiResult<Json<Vec<NotificationView>>> {
    let viewer = viewer(&state, &session).await?;
    Ok(Json(notifications::list(&state.db, viewer.as_ref()).await?))
}

/// Mark all of the viewer's notifications read.
#[utoipa::path(post, path = "/api/v1/notifications/read",
    responses((status = 204), (status = 401, body = ErrorBody)))]
async fn read_notifications(
    State(state): State<AppState>,
    session: Session,
) -> ApiResult<StatusCode> {
    let viewer = viewer(&state, &session).await?;
    notifications::mark_all_read(&state.db, viewer.as_ref()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The viewer's warnings and suspensions, newest first.
#[utoipa::path(get, path = "/api/v1/me/sanctions",
    responses((status = 200, body = [SanctionView]), (status = 401, body = ErrorBody)))]
async fn my_sanctions(
    State(state): State<AppState>,
    session: Session,
) -> ApiResult<Json<Vec<SanctionView>>> {
    let viewer = viewer(&state, &session).await?;
    Ok(Json(
        moderation::my_sanctions(&state.db, viewer.as_ref()).await?,
    ))
}

/// Acknowledge a warning or suspension (the banner goes away).
#[utoipa::path(post, path = "/api/v1/sanctions/{id}/acknowledge", params(("id" = i32, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn acknowledge_sanction(
    State(state): State<AppState>,
    session: Session,
    Id(id): Id,
) -> ApiResult<StatusCode> {
    let viewer = viewer(&state, &session).await?;
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
    session: Session,
    Id(id): Id,
    JsonBody(body): JsonBody<AppealRequest>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    let viewer = viewer(&state, &session).await?;
    let appeal = appeals::file(&state.db, viewer.as_ref(), id, &body.body).await?;
    Ok((StatusCode::CREATED, Json(Created { id: appeal })))
}

/// Open appeals the viewer may decide (leaders and staff, never their own
/// decisions), oldest first.
#[utoipa::path(get, path = "/api/v1/appeals",
    responses((status = 200, body = [AppealView]), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn open_appeals(
    State(state): State<AppState>,
    session: Session,
) -> ApiResult<Json<Vec<AppealView>>> {
    let viewer = viewer(&state, &session).await?;
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
    session: Session,
    Id(id): Id,
    JsonBody(body): JsonBody<AppealDecision>,
) -> ApiResult<StatusCode> {
    let viewer = viewer(&state, &session).await?;
    appeals::decide(&state.db, viewer.as_ref(), id, body.reverse, &body.note).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The viewer's own reports and what became of them.
#[utoipa::path(get, path = "/api/v1/me/reports",
    responses((status = 200, body = [MyReportView]), (status = 401, body = ErrorBody)))]
async fn my_reports(
    State(state): State<AppState>,
    session: Session,
) -> ApiResult<Json<Vec<MyReportView>>> {
    let viewer = viewer(&state, &session).await?;
    Ok(Json(
        moderation::my_reports(&state.db, viewer.as_ref()).await?,
    ))
}

/// Withdraw one's own report while nobody has acted on it.
#[utoipa::path(delete, path = "/api/v1/flags/{id}", params(("id" = i32, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn withdraw_flag(
    State(state): State<AppState>,
    session: Session,
    Id(id): Id,
) -> ApiResult<StatusCode> {
    let viewer = viewer(&state, &session).await?;
    moderation::withdraw(&state.db, viewer.as_ref(), id).await?;
    Ok(StatusCode::NO_CONTENT)
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
    session: Session,
    Id(id): Id,
    JsonBody(body): JsonBody<PinRequest>,
) -> ApiResult<StatusCode> {
    let viewer = viewer(&state, &session).await?;
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
    session: Session,
    Id(id): Id,
) -> ApiResult<StatusCode> {
    let viewer = viewer(&state, &session).await?;
    pins::unpin(&state.db, viewer.as_ref(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Hide a global pin from one's own lists (it comes back on a policy update).
#[utoipa::path(post, path = "/api/v1/topics/{id}/pin/dismiss", params(("id" = i32, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn dismiss_pin(
    State(state): State<AppState>,
    session: Session,
    Id(id): Id,
) -> ApiResult<StatusCode> {
    let viewer = viewer(&state, &session).await?;
    pins::dismiss(&state.db, viewer.as_ref(), id).await?;
    Ok(StatusCode::NO_CONTENT)
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
    session: Session,
    Id(id): Id,
    JsonBody(body): JsonBody<PolicyAck>,
) -> ApiResult<StatusCode> {
    let viewer = viewer(&state, &session).await?;
    policy::acknowledge(&state.db, viewer.as_ref(), id, body.version).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Who acknowledged each policy version of a post (staff).
#[utoipa::path(get, path = "/api/v1/posts/{id}/acknowledgements", params(("id" = i32, Path)),
    responses((status = 200, body = PolicyAcknowledgements), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn policy_acknowledgements(
    State(state): State<AppState>,
    session: Session,
    Id(id): Id,
) -> ApiResult<Json<PolicyAcknowledgements>> {
    let viewer = viewer(&state, &session).await?;
    Ok(Json(
        policy::acknowledgements(&state.db, viewer.as_ref(), id).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct NewFilterRule {
    /// "contact" (the built-in detector's action) or "phrase".
    pub kind: String,
    /// A phrase or /regex/ (phrase rules).
    #[serde(default)]
    pub pattern: String,
    /// One of the `FilterAction` values; anything else is a 422 naming
    /// `action`.
    #[schema(value_type = app::model::FilterAction)]
    pub action: String,
    /// One forum; none: every forum.
    pub forum_id: Option<i32>,
    /// Shown to the author when the rule blocks a post.
    #[serde(default)]
    pub message: String,
}

/// Add a filter rule (staff).
#[utoipa::path(post, path = "/api/v1/filters/rules", request_body = NewFilterRule,
    responses((status = 201, body = Created), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_filter_rule(
    State(state): State<AppState>,
    session: Session,
    JsonBody(body): JsonBody<NewFilterRule>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    let viewer = viewer(&state, &session).await?;
    let is_contact = match body.kind.as_str() {
        "contact" => true,
        "phrase" => false,
        _ => return Err(AppError::field("kind", "Use \"contact\" or \"phrase\".").into()),
    };
    let action: filters::FilterAction = AppError::parse_field("action", &body.action)?;
    let id = filters::create_rule(
        &state.db,
        viewer.as_ref(),
        filters::NewRule {
            pattern: body.pattern,
            is_contact,
            action,
            forum_id: body.forum_id,
            message: body.message,
        },
    )
    .await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// The safety filters: the rules (staff) and the recent automatic actions
/// with the text exactly as it was typed (leaders and staff: it includes
/// blocked posts nobody else ever saw).
#[utoipa::path(get, path = "/api/v1/filters",
    responses((status = 200, body = app::model::FiltersPage), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn filters_page(
    State(state): State<AppState>,
    session: Session,
) -> ApiResult<Json<app::model::FiltersPage>> {
    let viewer = viewer(&state, &session).await?;
    Ok(Json(filters::page(&state.db, viewer.as_ref()).await?))
}

/// Remove a filter rule (staff).
#[utoipa::path(delete, path = "/api/v1/filters/rules/{id}", params(("id" = i32, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_filter_rule(
    State(state): State<AppState>,
    session: Session,
    Id(id): Id,
) -> ApiResult<StatusCode> {
    let viewer = viewer(&state, &session).await?;
    filters::delete_rule(&state.db, viewer.as_ref(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct MentorChange {
    pub forum_id: i32,
    /// true: start mentoring the forum; false: stop.
    pub mentor: bool,
}

#[derive(Deserialize, ToSchema)]
pub struct RolesRequest {
    /// A new role; none: unchanged.
    pub role: Option<Role>,
    /// Listener or not; none: unchanged.
    pub listener: Option<bool>,
    pub mentor: Option<MentorChange>,
}

/// Change a person's role, listener status or a mentorship (staff). Only
/// what is given changes; staff, leaders and mentors must be adults.
#[utoipa::path(patch, path = "/api/v1/users/{id}/roles", request_body = RolesRequest, params(("id" = i32, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn change_roles(
    State(state): State<AppState>,
    session: Session,
    Id(id): Id,
    JsonBody(body): JsonBody<RolesRequest>,
) -> ApiResult<StatusCode> {
    let viewer = viewer(&state, &session).await?;
    let change = accounts::RoleChange {
        role: body.role,
        is_listener: body.listener,
        mentor: body.mentor.map(|m| (m.forum_id, m.mentor)),
    };
    accounts::change_roles(&state.db, viewer.as_ref(), id, change).await?;
    Ok(StatusCode::NO_CONTENT)
}
