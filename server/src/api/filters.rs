//! The safety filters: rules and what they caught.

use super::*;
use app::server::services::filters;

/// The routes of this resource, merged into the API router.
pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/filters", get(filters_page))
        .route("/filters/rules", post(create_filter_rule))
        .route(
            "/filters/rules/{id}",
            axum::routing::delete(delete_filter_rule),
        )
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
    /// Private messages only (`forum_id` is then ignored): staff can be
    /// stricter in messages than in public forums.
    #[serde(default)]
    pub messages_only: bool,
    /// Shown to the author when the rule blocks a post.
    #[serde(default)]
    pub message: String,
}

/// Add a filter rule (staff).
#[utoipa::path(post, path = "/api/v1/filters/rules", request_body = NewFilterRule,
    responses((status = 201, body = Created), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_filter_rule(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
    JsonBody(body): JsonBody<NewFilterRule>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    let is_contact = match body.kind.as_str() {
        "contact" => true,
        "phrase" => false,
        _ => return Err(AppError::field("kind", "Use \"contact\" or \"phrase\".").into()),
    };
    let action: app::model::FilterAction = AppError::parse_field("action", &body.action)?;
    let id = filters::create_rule(
        &state.db,
        viewer.as_ref(),
        filters::NewRule {
            pattern: body.pattern,
            is_contact,
            action,
            forum_id: body.forum_id,
            messages_only: body.messages_only,
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
    CurrentViewer(viewer): CurrentViewer,
) -> ApiResult<Json<app::model::FiltersPage>> {
    Ok(Json(filters::page(&state.db, viewer.as_ref()).await?))
}

/// Remove a filter rule (staff).
#[utoipa::path(delete, path = "/api/v1/filters/rules/{id}", params(("id" = i32, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_filter_rule(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
    Id(id): Id,
) -> ApiResult<StatusCode> {
    filters::delete_rule(&state.db, viewer.as_ref(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}
