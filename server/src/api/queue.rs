//! Reports and the moderation queue.

use super::*;
use app::model::Badge;
use app::server::services::moderation;
use app::server::services::moderation::Resolution;

/// The routes of this resource, merged into the API router.
pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/posts/{id}/flags", post(flag_post))
        .route("/queue", get(queue))
        .route("/queue/count", get(queue_count))
        .route("/queue/resolved", get(resolved_items))
        .route("/queue/{id}/claim", post(claim))
        .route("/queue/{id}/unclaim", post(unclaim))
        .route("/queue/{id}/take-over", post(take_over))
        .route("/queue/{id}/reopen", post(reopen))
        .route("/queue/{id}/escalate", post(escalate))
        .route("/queue/{id}/resolve", post(resolve))
        .route("/me/reports", get(my_reports))
        .route("/flags/{id}", axum::routing::delete(withdraw_flag))
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
    CurrentViewer(viewer): CurrentViewer,
    Id(id): Id,
    JsonBody(body): JsonBody<NewFlag>,
) -> ApiResult<(StatusCode, Json<Created>)> {
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
    CurrentViewer(viewer): CurrentViewer,
    ApiQuery(q): ApiQuery<QueueQuery>,
) -> ApiResult<Json<Vec<QueueItemView>>> {
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

/// How many open items the caller may act on (what the header shows
/// beside "Queue"), counted up to 100.
#[derive(Serialize, ToSchema)]
pub struct QueueCount {
    pub open: u64,
}

/// The number of open queue items the caller may act on.
#[utoipa::path(get, path = "/api/v1/queue/count",
    responses((status = 200, body = QueueCount), (status = 401, body = ErrorBody)))]
async fn queue_count(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
) -> ApiResult<Json<QueueCount>> {
    let viewer = viewer.ok_or(AppError::Unauthorized)?;
    Ok(Json(QueueCount {
        open: moderation::open_count(&state.db, &viewer).await?,
    }))
}

/// Claim a queue item, so others see who is handling it.
#[utoipa::path(post, path = "/api/v1/queue/{id}/claim", params(("id" = i32, Path)),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn claim(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
    Id(id): Id,
) -> ApiResult<StatusCode> {
    moderation::claim(&state.db, viewer.as_ref(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Let go of an item one claimed.
#[utoipa::path(post, path = "/api/v1/queue/{id}/unclaim", params(("id" = i32, Path)),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn unclaim(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
    Id(id): Id,
) -> ApiResult<StatusCode> {
    moderation::unclaim(&state.db, viewer.as_ref(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct NoteRequest {
    #[serde(default)]
    pub note: String,
}

/// Take over an item someone else claimed (leaders and staff).
#[utoipa::path(post, path = "/api/v1/queue/{id}/take-over", request_body = NoteRequest, params(("id" = i32, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn take_over(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
    Id(id): Id,
    JsonBody(body): JsonBody<NoteRequest>,
) -> ApiResult<StatusCode> {
    moderation::take_over(&state.db, viewer.as_ref(), id, &body.note).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Reopen a decision made in the last 24 hours (leaders and staff); the
/// note says why and is required.
#[utoipa::path(post, path = "/api/v1/queue/{id}/reopen", request_body = NoteRequest, params(("id" = i32, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn reopen(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
    Id(id): Id,
    JsonBody(body): JsonBody<NoteRequest>,
) -> ApiResult<StatusCode> {
    moderation::reopen(&state.db, viewer.as_ref(), id, &body.note).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
struct ResolvedQuery {
    forum: Option<i32>,
    outcome: Option<String>,
}

/// Settled items the viewer could have handled, newest decision first.
#[utoipa::path(get, path = "/api/v1/queue/resolved",
    params(("forum" = Option<i32>, Query), ("outcome" = Option<String>, Query, description = "one of the Outcome values")),
    responses((status = 200, body = [app::model::DecidedItemView]), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn resolved_items(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
    ApiQuery(query): ApiQuery<ResolvedQuery>,
) -> ApiResult<Json<Vec<app::model::DecidedItemView>>> {
    let outcome = match query.outcome.as_deref() {
        None | Some("") => None,
        Some(other) => Some(AppError::parse_field::<Outcome>("outcome", other)?),
    };
    Ok(Json(
        moderation::resolved(&state.db, viewer.as_ref(), query.forum, outcome).await?,
    ))
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
    CurrentViewer(viewer): CurrentViewer,
    Id(id): Id,
    JsonBody(body): JsonBody<EscalateRequest>,
) -> ApiResult<Json<Escalation>> {
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
    /// For edit_post and edit_and_warn: the post's new text.
    pub new_body: Option<String>,
    /// For hide_and_remove_badge: `listener`, or `mentor` (of the post's forum).
    pub badge: Option<String>,
    /// Approving (no_action) a post held for contact details: true once the
    /// moderator has seen what the filter found; without it, a 422 naming
    /// `confirm` says what was found.
    #[serde(default)]
    pub confirm: bool,
}

impl ResolveRequest {
    /// The decision the body describes (for a queue item or a reported
    /// message); an unknown outcome or badge is a 422 naming its field.
    pub fn resolution(self) -> Result<Resolution, AppError> {
        let outcome: Outcome = AppError::parse_field("outcome", &self.outcome)?;
        let badge = match self.badge.as_deref() {
            None => None,
            Some(label) => Some(Badge::removable(label).ok_or_else(|| {
                AppError::field("badge", "The badge to remove is `listener` or `mentor`.")
            })?),
        };
        Ok(Resolution {
            suspend_until: self.suspend_until,
            new_body: self.new_body,
            badge,
            confirmed: self.confirm,
            ..Resolution::new(outcome, self.note)
        })
    }
}

/// Settle a queue item with one decision (post and author together); 409 when someone else already did.
#[utoipa::path(post, path = "/api/v1/queue/{id}/resolve", request_body = ResolveRequest, params(("id" = i32, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn resolve(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
    Id(id): Id,
    JsonBody(body): JsonBody<ResolveRequest>,
) -> ApiResult<StatusCode> {
    moderation::resolve(&state.db, viewer.as_ref(), id, body.resolution()?).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The viewer's own reports and what became of them.
#[utoipa::path(get, path = "/api/v1/me/reports",
    responses((status = 200, body = [MyReportView]), (status = 401, body = ErrorBody)))]
async fn my_reports(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
) -> ApiResult<Json<Vec<MyReportView>>> {
    Ok(Json(
        moderation::my_reports(&state.db, viewer.as_ref()).await?,
    ))
}

/// Withdraw one's own report while nobody has acted on it.
#[utoipa::path(delete, path = "/api/v1/flags/{id}", params(("id" = i32, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn withdraw_flag(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
    Id(id): Id,
) -> ApiResult<StatusCode> {
    moderation::withdraw(&state.db, viewer.as_ref(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}
