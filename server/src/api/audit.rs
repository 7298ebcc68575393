//! The audit log.

use super::*;
use app::server::services::audit;

/// The routes of this resource, merged into the API router.
pub(super) fn router() -> Router<AppState> {
    Router::new().route("/audit", get(audit_log))
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
    CurrentViewer(viewer): CurrentViewer,
    ApiQuery(q): ApiQuery<AuditQuery>,
) -> ApiResult<Json<AuditPage>> {
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
