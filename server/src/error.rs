//! `ApiError`: the one error type handlers return, with a stable code per failure.
//!
//! Client mistakes become 400/404 with `{"error": {"code", "message"}}`; anything else is
//! logged once here and answered with a generic 500, never with internal details.

use axum::Json;
use axum::http::header::{RETRY_AFTER, WWW_AUTHENTICATE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use indexer::QueryError;
use serde::Serialize;

/// What a shed request is told to wait before trying again.
pub const OVERLOADED_RETRY_SECONDS: u64 = 1;

/// Why a request could not be answered.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The search parameters are invalid.
    #[error(transparent)]
    Query(#[from] QueryError),
    /// `page` is not a page number.
    #[error("invalid page `{0}`, expected a number from 1")]
    InvalidPage(String),
    /// A request body is not the JSON the endpoint takes.
    #[error("invalid request body: {0}")]
    InvalidBody(String),
    /// A request body over [`crate::limits::MAX_BODY_BYTES`].
    #[error(
        "request body too large, at most {} bytes",
        crate::limits::MAX_BODY_BYTES
    )]
    BodyTooLarge,
    /// `format` names no export format.
    #[error("{0}")]
    InvalidFormat(String),
    /// A draft chose more findings than one draft may cite.
    #[error("{0} findings chosen, at most {max} may be", max = crate::limits::MAX_CHOSEN)]
    TooManyChosen(usize),
    /// Nothing has this id or path (or nothing the caller may see: the same answer).
    #[error("not found")]
    NotFound,
    /// A file made of chosen findings (`/utkast.md`, `/utkast.docx`) named findings that
    /// do not exist (any more, or for the caller): the file would silently lack them.
    #[error("no finding has the id {}", .0.join(", "))]
    UnknownFindings(Vec<String>),
    /// A part of an area description that descriptions do not have (`sections` of a PUT).
    #[error(transparent)]
    UnknownPart(#[from] indexer::description::UnknownPart),
    /// A query parameter the endpoint does not take (a misspelt one would otherwise be
    /// ignored, and the answer would silently be another than the caller meant).
    #[error("unknown query parameter `{name}`; this endpoint takes {}", if accepted.is_empty() { "none".to_owned() } else { accepted.join(", ") })]
    UnknownParameter {
        /// The parameter, as sent.
        name: String,
        /// The parameters the endpoint takes.
        accepted: Vec<String>,
    },
    /// An `Authorization` header that is no valid API token.
    #[error("invalid or revoked API token; send `Authorization: Bearer hinder_…`, or none")]
    Unauthorized,
    /// Too many sign-in attempts; the value is the seconds to wait.
    #[error("too many sign-in attempts, try again in {0} s")]
    TooManyAttempts(u64),
    /// Every search slot is busy and the queue is full: shed at once rather than kept waiting.
    #[error("the server is busy, try again in a moment")]
    Overloaded,
    /// The index work ran past its time ([`crate::state::Settings::search_timeout`]) and was
    /// stopped. Not retried automatically: the same request would take as long again.
    #[error("the search took too long and was stopped; try fewer or more specific words")]
    SearchTimeout,
    /// A form that changes state (signing in or out) sent from another site.
    #[error("cross-site form posts are refused; sign in from Hinder's own pages")]
    CrossSite,
    /// Refused before any handler ran (a method the path does not take, a body of the wrong
    /// type): the status the router or a layer chose.
    #[error("{}", .0.canonical_reason().unwrap_or("request refused").to_lowercase())]
    Refused(StatusCode),
    /// The request (its body, most likely) did not arrive within the time allowed.
    #[error(
        "the request took longer than {} s to arrive",
        crate::limits::REQUEST_TIMEOUT.as_secs()
    )]
    RequestTimeout,
    /// A change asked for by someone who is not signed in.
    #[error(
        "sign in, or send a member's write token (`hinder user token NAME --write`) as `Authorization: Bearer hinder_…`"
    )]
    SignInRequired,
    /// A signed-in caller who may not do this.
    #[error("{0}")]
    Forbidden(Forbidden),
    /// This server serves an index it cannot change (imported, or without its corpus).
    #[error(
        "this installation serves an index without its corpus folder: nothing can be added or changed here"
    )]
    WritesDisabled,
    /// A member made more changes a minute than the server allows; the value is the seconds
    /// to wait.
    #[error("too many changes in a minute, try again in {0} s")]
    TooManyWrites(u64),
    /// An upload over the server's `--max-upload`.
    #[error("the upload is larger than the {0} bytes this server accepts")]
    UploadTooLarge(usize),
    /// A metadata value of a change that cannot be read.
    #[error("invalid {field}: {message}")]
    InvalidMetadata {
        /// The field.
        field: &'static str,
        /// What would be accepted.
        message: String,
    },
    /// The corpus refused the change (or could not make it).
    #[error("{0}")]
    Edit(indexer::edit::Error),
    /// The server failed; the cause has been logged.
    #[error("internal error")]
    Internal,
}

/// Why a signed-in caller may not do something.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Forbidden {
    /// The API token only reads.
    #[error(
        "this token only reads; a token made with `hinder user token NAME --write` may change the corpus"
    )]
    ReadOnlyToken,
    /// Only editors may do this (publish, restore, change what others added).
    #[error("only an editor (redaktör) may {0}")]
    EditorsOnly(&'static str),
}

impl ApiError {
    /// Logs an internal failure once and hides it from the client.
    pub fn internal(cause: &dyn std::fmt::Display) -> Self {
        tracing::error!(%cause, "internal error");
        Self::Internal
    }

    /// HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::Query(_)
            | Self::InvalidPage(_)
            | Self::InvalidBody(_)
            | Self::InvalidFormat(_)
            | Self::TooManyChosen(_)
            | Self::UnknownParameter { .. } => StatusCode::BAD_REQUEST,
            Self::NotFound | Self::UnknownFindings(_) | Self::UnknownPart(_) => {
                StatusCode::NOT_FOUND
            }
            Self::BodyTooLarge | Self::UploadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Unauthorized | Self::SignInRequired => StatusCode::UNAUTHORIZED,
            Self::TooManyAttempts(_) | Self::TooManyWrites(_) => StatusCode::TOO_MANY_REQUESTS,
            Self::Overloaded | Self::SearchTimeout => StatusCode::SERVICE_UNAVAILABLE,
            Self::Refused(status) => *status,
            Self::CrossSite | Self::Forbidden(_) | Self::WritesDisabled => StatusCode::FORBIDDEN,
            Self::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            Self::InvalidMetadata { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Edit(error) => edit_status(error),
            Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Stable machine-readable code; clients match on it.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Query(error) => match error {
                QueryError::UnknownArea(_) => "unknown_area",
                QueryError::UnknownSource(_) => "unknown_source",
                QueryError::UnknownRegion(_) => "unknown_region",
                QueryError::InvalidDate(_) => "invalid_date",
                QueryError::InvalidDateRange { .. } => "invalid_date_range",
                QueryError::InvalidLimit(_) => "invalid_limit",
                QueryError::InvalidOffset(_) => "invalid_offset",
                QueryError::InvalidSort(_) => "invalid_sort",
                QueryError::TextTooLong(_) => "text_too_long",
                QueryError::QueryTooLong { .. } => "query_too_long",
            },
            Self::InvalidPage(_) => "invalid_page",
            Self::InvalidBody(_) => "invalid_body",
            Self::InvalidFormat(_) => "invalid_format",
            Self::TooManyChosen(_) => "too_many_chosen",
            Self::NotFound => "not_found",
            Self::UnknownFindings(_) => "unknown_findings",
            Self::UnknownPart(_) => "unknown_part",
            Self::UnknownParameter { .. } => "unknown_parameter",
            Self::BodyTooLarge | Self::UploadTooLarge(_) => "body_too_large",
            Self::Unauthorized | Self::SignInRequired => "unauthorized",
            Self::TooManyAttempts(_) => "too_many_attempts",
            Self::Overloaded => "overloaded",
            Self::SearchTimeout => "search_timeout",
            Self::CrossSite => "cross_site",
            Self::Refused(status) => match status.as_u16() {
                404 => "not_found",
                405 => "method_not_allowed",
                406 => "not_acceptable",
                411 => "length_required",
                415 => "unsupported_media_type",
                422 => "invalid_body",
                400..=499 => "bad_request",
                _ => "unavailable",
            },
            Self::RequestTimeout => "request_timeout",
            Self::Forbidden(_) => "forbidden",
            Self::WritesDisabled => "writes_disabled",
            Self::TooManyWrites(_) => "too_many_writes",
            Self::InvalidMetadata { .. } => "invalid_metadata",
            Self::Edit(error) => edit_code(error),
            Self::Internal => "internal",
        }
    }

    /// The explanation in Swedish, for the web UI.
    pub fn swedish_message(&self) -> String {
        match self {
            Self::Query(error) => match error {
                QueryError::UnknownArea(slug) => {
                    format!("Det finns inget område som heter ”{slug}”.")
                }
                QueryError::UnknownSource(slug) => {
                    format!("Det finns ingen källa som heter ”{slug}”.")
                }
                QueryError::UnknownRegion(code) => {
                    format!("”{code}” är ingen läns- eller kommunkod.")
                }
                QueryError::InvalidDate(value) => {
                    format!(
                        "”{value}” är inget giltigt datum. Skriv datum som ÅÅÅÅ-MM-DD, till exempel 2016-12-02."
                    )
                }
                QueryError::InvalidDateRange { from, to } => {
                    format!("Från-datumet ({from}) ligger efter till-datumet ({to}).")
                }
                QueryError::InvalidLimit(value) => {
                    format!(
                        "”{value}” är inget giltigt antal träffar per sida (1–{}).",
                        indexer::MAX_LIMIT
                    )
                }
                QueryError::InvalidOffset(value) => {
                    format!("”{value}” är ingen giltig startposition.")
                }
                QueryError::InvalidSort(value) => {
                    format!("”{value}” är ingen känd sorteringsordning.")
                }
                QueryError::TextTooLong(chars) => format!(
                    "Texten har {chars} tecken. Klistra in högst {} tecken åt gången.",
                    indexer::MAX_TEXT_CHARS
                ),
                QueryError::QueryTooLong { .. } => format!(
                    "Sökningen är för lång. Skriv högst {} ord och {} tecken; för en längre text, använd utkastverktyget.",
                    indexer::MAX_QUERY_WORDS,
                    indexer::MAX_QUERY_CHARS
                ),
            },
            Self::InvalidPage(value) => format!("”{value}” är inget giltigt sidnummer."),
            Self::InvalidBody(reason) => format!("Förfrågan kunde inte läsas: {reason}"),
            Self::InvalidFormat(_) => "Okänt exportformat.".to_owned(),
            Self::TooManyChosen(count) => format!(
                "{count} fynd är valda. Ett utkast kan hänvisa till högst {} fynd.",
                crate::limits::MAX_CHOSEN
            ),
            Self::NotFound => {
                "Sidan eller fyndet finns inte. Länken kan vara felskriven.".to_owned()
            }
            Self::UnknownFindings(ids) => format!(
                "Utkastet hänvisar till fynd som inte finns (längre): {}. Ta bort dem ur utkastet och ladda ner det igen.",
                ids.join(", ")
            ),
            Self::UnknownPart(indexer::description::UnknownPart(part)) => format!(
                "En områdesbeskrivning har ingen del som heter ”{part}”. Delarna är: {}.",
                indexer::description::Part::ALL.map(indexer::description::Part::slug).join(", ")
            ),
            Self::UnknownParameter { name, .. } => {
                format!("Adressen har en okänd parameter: ”{name}”.")
            }
            Self::Unauthorized => "Nyckeln (API-token) gäller inte.".to_owned(),
            Self::BodyTooLarge => "Texten är för lång för att skickas.".to_owned(),
            Self::TooManyAttempts(seconds) => {
                format!("För många inloggningsförsök. Vänta {seconds} sekunder och försök igen.")
            }
            Self::Internal => "Något gick fel hos oss. Försök igen om en stund.".to_owned(),
            Self::Overloaded => {
                "Just nu är det många som söker. Försök igen om en liten stund.".to_owned()
            }
            Self::SearchTimeout => {
                "Sökningen tog för lång tid och avbröts. Försök med färre eller mer precisa ord."
                    .to_owned()
            }
            Self::CrossSite => {
                "Inloggning och utloggning görs från Hinders egna sidor. Öppna inloggningen här och försök igen.".to_owned()
            }
            Self::Refused(status) => format!(
                "Förfrågan kunde inte besvaras (felkod {}).",
                status.as_u16()
            ),
            Self::RequestTimeout => {
                "Förfrågan tog för lång tid att komma fram. Försök igen.".to_owned()
            }
            Self::SignInRequired => "Logga in för att lägga till eller ändra material.".to_owned(),
            Self::Forbidden(Forbidden::ReadOnlyToken) => {
                "Nyckeln (API-token) får bara läsa.".to_owned()
            }
            Self::Forbidden(Forbidden::EditorsOnly(_)) => {
                "Det får bara en redaktör göra.".to_owned()
            }
            Self::WritesDisabled => "Här går det inte att lägga till material.".to_owned(),
            Self::TooManyWrites(seconds) => {
                format!("Du har gjort många ändringar på kort tid. Vänta {seconds} sekunder.")
            }
            Self::UploadTooLarge(bytes) => format!(
                "Filen är för stor. Den får vara högst {} MB.",
                bytes / (1024 * 1024)
            ),
            Self::InvalidMetadata { message, .. } => format!("Uppgiften kunde inte läsas: {message}"),
            Self::Edit(error) => crate::refusals::refusal(error),
        }
    }
}

/// The status of a refused or failed change to the corpus: the file or its metadata are
/// the caller's to fix (4xx), a full disk is 507, the rest is the server's (500).
fn edit_status(error: &indexer::edit::Error) -> StatusCode {
    use indexer::edit::Error;
    match error {
        Error::Unreadable { cause, .. } if is_unsupported_type(cause) => {
            StatusCode::UNSUPPORTED_MEDIA_TYPE
        }
        Error::Unreadable {
            cause:
                indexer::ingest::Error::Extract {
                    source: indexer::ingest::ExtractError::TooLarge { .. },
                    ..
                },
            ..
        } => StatusCode::PAYLOAD_TOO_LARGE,
        Error::Unreadable { .. }
        | Error::NoFindings(_)
        | Error::InvalidFileName(_)
        | Error::InvalidTitle { .. }
        | Error::UnknownArea { .. }
        | Error::UnknownSource { .. }
        | Error::InvalidAuthor(_)
        | Error::Footnote { .. }
        | Error::UnknownVersion(_)
        | Error::InvalidNote(_) => StatusCode::UNPROCESSABLE_ENTITY,
        Error::Duplicate { .. }
        | Error::Taken(_)
        | Error::Metadata { .. }
        | Error::StaleVersion { .. }
        | Error::NoDescription(_)
        | Error::DescriptionExists(_) => StatusCode::CONFLICT,
        Error::InvalidPath(_) | Error::NotFound(_) => StatusCode::NOT_FOUND,
        Error::Io { source, .. } if source.kind() == std::io::ErrorKind::StorageFull => {
            StatusCode::INSUFFICIENT_STORAGE
        }
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

fn edit_code(error: &indexer::edit::Error) -> &'static str {
    use indexer::edit::Error;
    match error {
        Error::Unreadable { cause, .. } if is_unsupported_type(cause) => "unsupported_media_type",
        Error::Unreadable { .. } if edit_status(error) == StatusCode::PAYLOAD_TOO_LARGE => {
            "body_too_large"
        }
        Error::Unreadable { .. } => "unreadable",
        Error::NoFindings(_) => "no_text",
        Error::InvalidFileName(_) => "invalid_file_name",
        Error::InvalidTitle { .. } => "invalid_title",
        Error::UnknownArea { .. } => "unknown_area",
        Error::UnknownSource { .. } => "unknown_source",
        Error::InvalidAuthor(_) => "invalid_name",
        Error::Duplicate { .. } => "duplicate",
        Error::Taken(_) => "conflict",
        Error::Metadata { .. } => "metadata_unreadable",
        Error::StaleVersion { .. } => "stale_version",
        Error::Footnote { .. } => "invalid_footnote",
        Error::NoDescription(_) => "no_description",
        Error::UnknownVersion(_) => "unknown_version",
        Error::DescriptionExists(_) => "description_exists",
        Error::InvalidNote(_) => "invalid_note",
        Error::InvalidPath(_) | Error::NotFound(_) => "not_found",
        Error::Io { source, .. } if source.kind() == std::io::ErrorKind::StorageFull => {
            "insufficient_storage"
        }
        _ => "internal",
    }
}

/// A file Hinder does not read, judged by what it holds: not the format its name says, an
/// old binary Office format, or a name of no format Hinder reads.
fn is_unsupported_type(error: &indexer::ingest::Error) -> bool {
    use indexer::ingest::{Error, ExtractError};
    matches!(
        error,
        Error::UnsupportedFormat(_)
            | Error::Extract {
                source: ExtractError::Misnamed { .. } | ExtractError::OldBinary { .. },
                ..
            }
    )
}

/// The body of every error answer of the API.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// What went wrong.
    pub error: ErrorDetail,
}

/// An error's code and message.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// Stable machine-readable code, such as `invalid_limit` or `not_found`.
    #[schema(example = "invalid_limit")]
    pub code: String,
    /// English explanation of what would be accepted.
    #[schema(example = "invalid limit `0`, expected a number from 1 to 100")]
    pub message: String,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code().to_owned(),
                message: self.to_string(),
            },
        };
        let mut response = (self.status(), Json(body)).into_response();
        match self {
            Self::Unauthorized | Self::SignInRequired => {
                response.headers_mut().insert(
                    WWW_AUTHENTICATE,
                    HeaderValue::from_static("Bearer realm=\"hinder\""),
                );
            }
            Self::TooManyAttempts(seconds) | Self::TooManyWrites(seconds) => {
                response
                    .headers_mut()
                    .insert(RETRY_AFTER, HeaderValue::from(seconds));
            }
            Self::Overloaded => {
                response
                    .headers_mut()
                    .insert(RETRY_AFTER, HeaderValue::from(OVERLOADED_RETRY_SECONDS));
            }
            _ => {}
        }
        response
    }
}

impl From<axum::extract::rejection::PathRejection> for ApiError {
    /// A path segment that cannot be decoded names nothing that exists.
    fn from(_: axum::extract::rejection::PathRejection) -> Self {
        Self::NotFound
    }
}

impl From<indexer::edit::Error> for ApiError {
    /// Refusals keep their reason; the server's own failures are logged and hidden.
    fn from(error: indexer::edit::Error) -> Self {
        if edit_status(&error).is_server_error()
            && edit_status(&error) != StatusCode::INSUFFICIENT_STORAGE
        {
            Self::internal(&error)
        } else {
            Self::Edit(error)
        }
    }
}

impl From<indexer::Error> for ApiError {
    fn from(error: indexer::Error) -> Self {
        match error {
            indexer::Error::Query(query) => Self::Query(query),
            indexer::Error::DeadlineExceeded => Self::SearchTimeout,
            other => Self::internal(&other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_statuses_are_stable() {
        let cases = [
            (
                ApiError::Query(QueryError::InvalidLimit("-1".into())),
                400,
                "invalid_limit",
            ),
            (
                ApiError::Query(QueryError::InvalidSort("x".into())),
                400,
                "invalid_sort",
            ),
            (
                ApiError::Query(QueryError::InvalidDate("x".into())),
                400,
                "invalid_date",
            ),
            (ApiError::InvalidPage("0".into()), 400, "invalid_page"),
            (ApiError::NotFound, 404, "not_found"),
            (
                ApiError::UnknownFindings(vec!["x".into()]),
                404,
                "unknown_findings",
            ),
            (
                ApiError::UnknownPart(indexer::description::UnknownPart("x".into())),
                404,
                "unknown_part",
            ),
            (
                ApiError::UnknownParameter {
                    name: "qq".into(),
                    accepted: vec!["q".into()],
                },
                400,
                "unknown_parameter",
            ),
            (ApiError::Internal, 500, "internal"),
            (
                ApiError::Query(QueryError::QueryTooLong {
                    chars: 2_000,
                    words: 33,
                }),
                400,
                "query_too_long",
            ),
            (ApiError::CrossSite, 403, "cross_site"),
            (
                ApiError::Refused(StatusCode::METHOD_NOT_ALLOWED),
                405,
                "method_not_allowed",
            ),
            (ApiError::RequestTimeout, 408, "request_timeout"),
            (ApiError::Overloaded, 503, "overloaded"),
            (ApiError::SearchTimeout, 503, "search_timeout"),
        ];
        for (error, status, code) in cases {
            assert_eq!((error.status().as_u16(), error.code()), (status, code));
        }
    }

    #[test]
    fn a_shed_request_is_told_when_to_come_back() {
        let response = ApiError::Overloaded.into_response();
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(
            response.headers()[RETRY_AFTER],
            OVERLOADED_RETRY_SECONDS.to_string().as_str()
        );
    }

    #[test]
    fn query_errors_from_the_index_are_client_errors() {
        let error = ApiError::from(indexer::Error::Query(QueryError::UnknownArea(
            "skog".into(),
        )));
        assert_eq!(error.status(), StatusCode::BAD_REQUEST);
        assert_eq!(error.to_string(), "unknown area `skog`");
        assert_eq!(
            error.swedish_message(),
            "Det finns inget område som heter ”skog”."
        );
    }
}
