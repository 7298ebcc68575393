//! The one error type of Haven, shared by services, server functions, the
//! JSON API and the pages. What crosses to the browser is only ever a message
//! meant for the person; internal causes are logged on the server with the
//! request id shown to them (see `AppError::internal`).

use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

/// A message for one form field, shown next to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("Not found.")]
    NotFound,
    /// The person must log in first.
    #[error("Please log in to do that.")]
    Unauthorized,
    #[error("{0}")]
    Forbidden(String),
    /// Input that was refused, with a message for each field at fault.
    #[error("Please correct the highlighted fields.")]
    Validation(Vec<FieldError>),
    #[error("{0}")]
    Conflict(String),
    #[error("Too many attempts. Please wait a minute and try again.")]
    RateLimited,
    /// Something broke on the server; the cause is in the log under this id.
    #[error("Something went wrong on our side (request id {request_id}). Your text has been kept.")]
    Internal { request_id: String },
    /// The request never reached the service (network, decoding).
    #[error("The request failed: {0}")]
    Transport(String),
    /// A request that cannot be read: a malformed id or query.
    #[error("{0}")]
    BadRequest(String),
    /// A request body over the size limit.
    #[error("That is too long to send: {0}")]
    TooLarge(String),
}

impl AppError {
    /// A validation error on a single field.
    /// An optional `YYYY-MM-DD` from a form, as the end of that day (UTC);
    /// empty means none. A bad date is a field error on `field`.
    pub fn end_of_day(
        field: &str,
        value: Option<&str>,
    ) -> Result<Option<chrono::DateTime<chrono::Utc>>, AppError> {
        let Some(date) = value.map(str::trim).filter(|v| !v.is_empty()) else {
            return Ok(None);
        };
        chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d")
            .ok()
            .and_then(|d| d.and_hms_opt(23, 59, 59))
            .map(|t| Some(t.and_utc()))
            .ok_or_else(|| AppError::field(field, "Use a date like 2026-12-31."))
    }

    pub fn field(field: &str, message: impl Into<String>) -> Self {
        AppError::Validation(vec![FieldError {
            field: field.to_string(),
            message: message.into(),
        }])
    }

    /// A submitted value for `field` read into its closed set, once, for
    /// every adapter (pages and the JSON API): an unknown value is a
    /// validation error (422) naming the field and the values it takes.
    pub fn parse_field<T: crate::model::ClosedSet>(
        field: &str,
        value: &str,
    ) -> Result<T, AppError> {
        T::parse(value.trim()).ok_or_else(|| {
            let allowed: Vec<&str> = T::ALL.iter().map(|v| v.as_str()).collect();
            AppError::field(field, format!("Choose one of: {}.", allowed.join(", ")))
        })
    }

    /// The message for `field`, if this error names it.
    pub fn field_message(&self, field: &str) -> Option<String> {
        match self {
            AppError::Validation(errors) => errors
                .iter()
                .find(|e| e.field == field)
                .map(|e| e.message.clone()),
            _ => None,
        }
    }

    /// The field errors this error carries (none unless `Validation`).
    pub fn field_errors(self) -> Vec<FieldError> {
        match self {
            AppError::Validation(errors) => errors,
            _ => Vec::new(),
        }
    }

    /// HTTP status for this error.
    pub fn status_code(&self) -> u16 {
        match self {
            AppError::NotFound => 404,
            AppError::Unauthorized => 401,
            AppError::Forbidden(_) => 403,
            AppError::Validation(_) => 422,
            AppError::Conflict(_) => 409,
            AppError::RateLimited => 429,
            AppError::Internal { .. } => 500,
            AppError::Transport(_) => 400,
            AppError::BadRequest(_) => 400,
            AppError::TooLarge(_) => 413,
        }
    }

    /// Logs `cause` under the request's id and returns the generic error
    /// the person sees, with that id (a fresh one outside a request). Use
    /// for every failure that is not the person's doing.
    #[cfg(feature = "ssr")]
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        let request_id = crate::server::current_request_id()
            .unwrap_or_else(|| uuid::Uuid::new_v4().simple().to_string()[..12].to_string());
        tracing::error!(%request_id, "internal error: {cause}");
        AppError::Internal { request_id }
    }
}

#[cfg(feature = "ssr")]
impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        AppError::internal(err)
    }
}

#[cfg(feature = "ssr")]
impl From<sea_orm::TransactionError<AppError>> for AppError {
    fn from(err: sea_orm::TransactionError<AppError>) -> Self {
        match err {
            sea_orm::TransactionError::Connection(e) => AppError::internal(e),
            sea_orm::TransactionError::Transaction(e) => e,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Transport(value.to_string())
    }
}

/// Result of every service call and server function.
pub type AppResult<T> = Result<T, AppError>;
