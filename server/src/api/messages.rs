//! Private messages: conversations, messages, reports of a message, the
//! review of held and reported messages (leaders and staff), blocks and
//! who may write to the viewer. The same services as the pages; who may
//! read or do what is decided there (`permissions.rs`).

use super::*;
use app::model::{
    ConversationPage, HeldMessageView, InboxPage, MessagePolicy, MessageView, ReportedMessageView,
};
use app::server::services::{messages, moderation};

/// The routes of this resource, merged into the API router.
pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/conversations",
            get(list_conversations).post(start_conversation),
        )
        .route("/conversations/{id}", get(read_conversation))
        .route("/conversations/{id}/messages", post(send_message))
        .route("/conversations/{id}/leave", post(leave_conversation))
        .route("/messages/{id}", axum::routing::put(edit_message))
        .route("/messages/{id}/flags", post(report_message))
        .route("/queue/messages/held", get(held_messages))
        .route("/queue/messages/held/{id}", post(decide_held_message))
        .route("/queue/messages/reported", get(reported_messages))
        .route(
            "/queue/messages/reported/{id}/resolve",
            post(resolve_reported_message),
        )
        .route("/me/blocks", get(list_blocks))
        .route(
            "/users/{name}/block",
            axum::routing::put(block_user).delete(unblock_user),
        )
        .route(
            "/me/message-policy",
            get(message_policy).put(set_message_policy),
        )
}

#[derive(Deserialize)]
struct BeforeQuery {
    before: Option<String>,
}

/// The viewer's conversations, newest activity first, with unread counts;
/// `before` (from `next`) gives the following page.
#[utoipa::path(get, path = "/api/v1/conversations",
    params(("before" = Option<String>, Query, description = "the `next` of the previous page")),
    responses((status = 200, body = InboxPage), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn list_conversations(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
    ApiQuery(query): ApiQuery<BeforeQuery>,
) -> ApiResult<Json<InboxPage>> {
    Ok(Json(
        messages::inbox_page(&state.db, viewer.as_ref(), query.before.as_deref()).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct NewConversation {
    /// Names of the people (up to 10).
    pub to: Vec<String>,
    /// The first message (Markdown).
    pub body: String,
}

/// Start a conversation with its first message.
#[utoipa::path(post, path = "/api/v1/conversations", request_body = NewConversation,
    responses((status = 201, body = Created), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn start_conversation(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
    JsonBody(body): JsonBody<NewConversation>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    let id = messages::start(
        &state.db,
        &state.messaging,
        viewer.as_ref(),
        &body.to,
        &body.body,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

#[derive(Deserialize)]
struct OlderQuery {
    before: Option<i32>,
}

/// A page of a conversation, oldest first (`before`: the `older` cursor).
/// 404 for anyone who may not read it.
#[utoipa::path(get, path = "/api/v1/conversations/{id}",
    params(("id" = i32, Path), ("before" = Option<i32>, Query)),
    responses((status = 200, body = ConversationPage), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn read_conversation(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
    Id(id): Id,
    ApiQuery(query): ApiQuery<OlderQuery>,
) -> ApiResult<Json<ConversationPage>> {
    Ok(Json(
        messages::conversation(&state.db, viewer.as_ref(), id, query.before).await?,
    ))
}

/// Write in a conversation. A message a filter holds comes back `pending`;
/// a blocked one is a 422 with the rule's words.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/messages", request_body = NewPost, params(("id" = i32, Path)),
    responses((status = 201, body = MessageView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn send_message(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
    Id(id): Id,
    JsonBody(body): JsonBody<NewPost>,
) -> ApiResult<(StatusCode, Json<MessageView>)> {
    let sent = messages::send(&state.db, viewer.as_ref(), id, &body.body).await?;
    Ok((StatusCode::CREATED, Json(sent)))
}

#[derive(Deserialize, ToSchema)]
pub struct MessageEdit {
    pub body: String,
    /// The version the edit starts from; a newer one gives 409.
    pub base_version: i32,
}

/// Edit one's message (delivered or waiting, not hidden). Screened like a
/// new message; the version it replaces stays readable in `earlier`.
#[utoipa::path(put, path = "/api/v1/messages/{id}", request_body = MessageEdit, params(("id" = i32, Path)),
    responses((status = 200, body = MessageView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn edit_message(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
    Id(id): Id,
    JsonBody(body): JsonBody<MessageEdit>,
) -> ApiResult<Json<MessageView>> {
    Ok(Json(
        messages::edit(
            &state.db,
            viewer.as_ref(),
            id,
            body.base_version,
            &body.body,
        )
        .await?,
    ))
}

/// Leave a conversation.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/leave", params(("id" = i32, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn leave_conversation(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
    Id(id): Id,
) -> ApiResult<StatusCode> {
    messages::leave(&state.db, viewer.as_ref(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Report a private message to global leaders and staff (the same reasons
/// as for posts).
#[utoipa::path(post, path = "/api/v1/messages/{id}/flags", request_body = NewFlag, params(("id" = i32, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn report_message(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
    Id(id): Id,
    JsonBody(body): JsonBody<NewFlag>,
) -> ApiResult<StatusCode> {
    let reason: FlagReason = AppError::parse_field("reason", &body.reason)?;
    moderation::report_message(
        &state.db,
        &state.moderation,
        viewer.as_ref(),
        id,
        reason,
        &body.note,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Private messages a filter holds (leaders and staff), each alone.
#[utoipa::path(get, path = "/api/v1/queue/messages/held",
    responses((status = 200, body = [HeldMessageView]), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn held_messages(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
) -> ApiResult<Json<Vec<HeldMessageView>>> {
    Ok(Json(messages::held(&state.db, viewer.as_ref()).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct HeldDecision {
    /// true: deliver it; false: keep it back (only its author sees it).
    pub approve: bool,
}

/// Deliver a held message or keep it back; 409 when already decided.
#[utoipa::path(post, path = "/api/v1/queue/messages/held/{id}", request_body = HeldDecision, params(("id" = i32, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn decide_held_message(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
    Id(id): Id,
    JsonBody(body): JsonBody<HeldDecision>,
) -> ApiResult<StatusCode> {
    messages::decide_held(&state.db, viewer.as_ref(), id, body.approve).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Reported private messages with their reports and snapshots (leaders and
/// staff).
#[utoipa::path(get, path = "/api/v1/queue/messages/reported",
    responses((status = 200, body = [ReportedMessageView]), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn reported_messages(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
) -> ApiResult<Json<Vec<ReportedMessageView>>> {
    Ok(Json(
        moderation::reported_messages(&state.db, viewer.as_ref()).await?,
    ))
}

/// Settle the open reports of a message with one decision (no edits; a
/// badge is `listener` or `mentor`, of teen forums); 409 when someone else
/// already did.
#[utoipa::path(post, path = "/api/v1/queue/messages/reported/{id}/resolve", request_body = ResolveRequest, params(("id" = i32, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn resolve_reported_message(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
    Id(id): Id,
    JsonBody(body): JsonBody<ResolveRequest>,
) -> ApiResult<StatusCode> {
    moderation::resolve_message(&state.db, viewer.as_ref(), id, body.resolution()?).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The people the viewer blocked.
#[utoipa::path(get, path = "/api/v1/me/blocks",
    responses((status = 200, body = [UserSummary]), (status = 401, body = ErrorBody)))]
async fn list_blocks(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
) -> ApiResult<Json<Vec<UserSummary>>> {
    Ok(Json(messages::blocked(&state.db, viewer.as_ref()).await?))
}

/// Block someone: they can no longer write to the viewer and their mentions
/// no longer reach them. They are not told.
#[utoipa::path(put, path = "/api/v1/users/{name}/block", params(("name" = String, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn block_user(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
    Path(name): Path<String>,
) -> ApiResult<StatusCode> {
    messages::block(&state.db, viewer.as_ref(), &name).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Unblock someone.
#[utoipa::path(delete, path = "/api/v1/users/{name}/block", params(("name" = String, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn unblock_user(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
    Path(name): Path<String>,
) -> ApiResult<StatusCode> {
    messages::unblock(&state.db, viewer.as_ref(), &name).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct MessagePolicyBody {
    /// One of the `MessagePolicy` values.
    #[schema(value_type = MessagePolicy)]
    pub policy: String,
}

/// Who may start a conversation with the viewer.
#[utoipa::path(get, path = "/api/v1/me/message-policy",
    responses((status = 200, body = MessagePolicyBody), (status = 401, body = ErrorBody)))]
async fn message_policy(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
) -> ApiResult<Json<MessagePolicyBody>> {
    let policy = messages::policy(&state.db, viewer.as_ref()).await?;
    Ok(Json(MessagePolicyBody {
        policy: policy.as_str().to_string(),
    }))
}

/// Choose who may start a conversation with the viewer.
#[utoipa::path(put, path = "/api/v1/me/message-policy", request_body = MessagePolicyBody,
    responses((status = 204), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn set_message_policy(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
    JsonBody(body): JsonBody<MessagePolicyBody>,
) -> ApiResult<StatusCode> {
    let policy: MessagePolicy = AppError::parse_field("policy", &body.policy)?;
    messages::set_policy(&state.db, viewer.as_ref(), policy).await?;
    Ok(StatusCode::NO_CONTENT)
}
