//! Search.

use super::*;
use app::server::services::search;

/// The routes of this resource, merged into the API router.
pub(super) fn router() -> Router<AppState> {
    Router::new().route("/search", get(search_posts))
}

/// Searches topics and posts the viewer may read: every word must match (as
/// a prefix); unknown words are corrected to the closest indexed word.
#[utoipa::path(get, path = "/api/v1/search", params(SearchQuery),
    responses((status = 200, body = SearchResults), (status = 404, body = ErrorBody, description = "a forum the viewer cannot read")))]
async fn search_posts(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
    ApiQuery(query): ApiQuery<SearchQuery>,
) -> ApiResult<Json<SearchResults>> {
    Ok(Json(
        search::search(&state.db, &state.search, viewer.as_ref(), &query).await?,
    ))
}
