//! Roles and mentorships (staff).

use super::*;
use app::server::services::accounts;

/// The routes of this resource, merged into the API router.
pub(super) fn router() -> Router<AppState> {
    Router::new().route("/users/{id}/roles", axum::routing::patch(change_roles))
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
    CurrentViewer(viewer): CurrentViewer,
    Id(id): Id,
    JsonBody(body): JsonBody<RolesRequest>,
) -> ApiResult<StatusCode> {
    let change = accounts::RoleChange {
        role: body.role,
        is_listener: body.listener,
        mentor: body.mentor.map(|m| (m.forum_id, m.mentor)),
    };
    accounts::change_roles(&state.db, viewer.as_ref(), id, change).await?;
    Ok(StatusCode::NO_CONTENT)
}
