//! Logging in and out, the person logged in, registration.

use super::*;
use app::server::services::{accounts, base::people};

/// The routes of this resource, merged into the API router.
pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/session", post(login).delete(logout))
        .route("/me", get(me))
        .route("/users", post(register))
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
    Ok(Json(people::summary(&state.db, user.id).await?))
}

/// Log out.
#[utoipa::path(delete, path = "/api/v1/session", responses((status = 204)))]
async fn logout(session: Session) -> ApiResult<StatusCode> {
    auth::log_out(&session).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The person logged in.
#[utoipa::path(get, path = "/api/v1/me", responses((status = 200, body = UserSummary), (status = 401, body = ErrorBody)))]
async fn me(
    State(state): State<AppState>,
    CurrentViewer(viewer): CurrentViewer,
) -> ApiResult<Json<UserSummary>> {
    let viewer = viewer.ok_or(AppError::Unauthorized)?;
    Ok(Json(people::summary(&state.db, viewer.id).await?))
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
