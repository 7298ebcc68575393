//! The JSON API under `/api/v1`, described at `/api/v1/openapi.json`: one
//! module per resource, each with its own `router()`, merged here. Each
//! handler learns who is asking from one extractor (`CurrentViewer`), calls
//! the same service the pages call, and converts the result. Authentication is the session cookie from
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
use app::server::{AppState, ClientIp, auth, viewer_from_session};
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request, State};
use axum::http::{StatusCode, request::Parts};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use tower_sessions::Session;
use utoipa::{OpenApi, ToSchema};

mod audit;
mod filters;
mod forums;
mod messages;
mod notifications;
mod posts;
mod queue;
mod sanctions;
mod search;
mod session;
mod topics;
mod users;

use audit::*;
use filters::*;
use forums::*;
use messages::*;
use notifications::*;
use posts::*;
use queue::*;
use sanctions::*;
use search::*;
use session::*;
use topics::*;
use users::*;

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

/// The person making the request (None: a guest), read from the session:
/// the one extractor handlers use to learn who is asking. Permissions are
/// then decided by the services, never here.
pub struct CurrentViewer(pub Option<Viewer>);

impl FromRequestParts<AppState> for CurrentViewer {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let session = Session::from_request_parts(parts, state)
            .await
            .map_err(|(_, message)| ApiError(AppError::internal(message)))?;
        Ok(CurrentViewer(
            viewer_from_session(&state.db, &session).await?,
        ))
    }
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(openapi))
        .merge(session::router())
        .merge(forums::router())
        .merge(topics::router())
        .merge(posts::router())
        .merge(queue::router())
        .merge(audit::router())
        .merge(search::router())
        .merge(notifications::router())
        .merge(sanctions::router())
        .merge(filters::router())
        .merge(users::router())
        .merge(messages::router())
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
        queue_count,
        claim,
        unclaim,
        take_over,
        reopen,
        resolved_items,
        escalate,
        resolve,
        audit_log,
        search_posts,
        register,
        list_notifications,
        read_notifications,
        unsubscribe_email,
        my_sanctions,
        my_reports,
        acknowledge_sanction,
        file_appeal,
        open_appeals,
        decide_appeal,
        withdraw_flag,
        pin_topic,
        unpin_topic,
        lock_topic,
        move_topic,
        hide_topic,
        dismiss_pin,
        acknowledge_policy,
        policy_acknowledgements,
        filters_page,
        create_filter_rule,
        delete_filter_rule,
        change_roles,
        list_conversations,
        start_conversation,
        read_conversation,
        send_message,
        edit_message,
        leave_conversation,
        report_message,
        held_messages,
        decide_held_message,
        reported_messages,
        resolve_reported_message,
        list_blocks,
        block_user,
        unblock_user,
        message_policy,
        set_message_policy
    ),
    components(schemas(
        QueueCount,
        NewConversation,
        HeldDecision,
        MessagePolicyBody,
        app::model::InboxPage,
        app::model::ConversationSummary,
        app::model::ConversationPage,
        app::model::MessageView,
        app::model::EarlierMessage,
        MessageEdit,
        app::model::HeldMessageView,
        app::model::ReportedMessageView,
        app::model::MessageReportLine,
        app::model::SnapshotMessage,
        app::model::MessagePolicy,
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
        NoteRequest,
        LockRequest,
        MoveRequest,
        HideRequest,
        app::model::DecidedItemView,
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
