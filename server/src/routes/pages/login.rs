//! Signing in and out: `GET`/`POST /logga-in`, `POST /logga-ut` (this session, or with
//! `everywhere=1` every session of the member).

use std::net::SocketAddr;
use std::time::SystemTime;

use axum::extract::rejection::FormRejection;
use axum::extract::{ConnectInfo, Form, RawQuery, State};
use axum::http::header::{HOST, LOCATION, REFERER, RETRY_AFTER, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use serde::Deserialize;

use super::{HtmlError, render};
use crate::auth::{Viewer, session};
use crate::error::ApiError;
use crate::params::parse_value;
use crate::state::AppState;
use crate::views::LoginPage;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/logga-in", get(form).post(sign_in))
        .route("/logga-ut", post(sign_out))
}

/// What the sign-in form posts.
#[derive(Debug, Deserialize)]
struct Credentials {
    name: String,
    password: String,
    #[serde(default)]
    next: String,
}

async fn form(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Html<String>, HtmlError> {
    // Back to where the "Logga in" link was followed from, unless told otherwise.
    let next = parse_value(raw.as_deref(), "next").or_else(|| page_before(&headers));
    let next = safe_next(next.as_deref());
    render(
        &viewer,
        &LoginPage {
            name: String::new(),
            next,
            error: None,
            enabled: !state.members().current().is_empty(),
        },
    )
}

/// Checks the password and starts a session. Attempts are limited per client, failures per
/// name and client (never per name alone: nobody can lock a member out); a wrong name and a
/// wrong password get the same answer, after the same work.
async fn sign_in(
    State(state): State<AppState>,
    headers: HeaderMap,
    address: Option<Extension<ConnectInfo<SocketAddr>>>,
    form: Result<Form<Credentials>, FormRejection>,
) -> Result<Response, HtmlError> {
    if crate::cross_site::is_cross_site(&headers) {
        return Err(HtmlError(ApiError::CrossSite));
    }
    let Ok(Form(credentials)) = form else {
        return Err(HtmlError(ApiError::InvalidBody(
            "expected the fields name, password and next".to_owned(),
        )));
    };
    let next = safe_next(Some(&credentials.next));
    let ip = address.map(|Extension(ConnectInfo(address))| address.ip());
    let name = credentials.name.trim().to_owned();
    if let Err(wait) = state.throttle().attempt(ip, &name) {
        let seconds = wait.as_secs().max(1);
        let message = ApiError::TooManyAttempts(seconds).swedish_message();
        let mut page = page_with_error(&state, StatusCode::TOO_MANY_REQUESTS, name, next, message)?;
        page.headers_mut()
            .insert(RETRY_AFTER, HeaderValue::from(seconds));
        return Ok(page);
    }
    let members = state.members().current();
    let password = credentials.password;
    // Argon2 is slow on purpose: off the async runtime.
    let signed_in = tokio::task::spawn_blocking(move || {
        members
            .verify_password(&name, &password)
            .and_then(|member| session::issue(&members, member, SystemTime::now()))
            .ok_or(name)
    })
    .await
    .map_err(|error| HtmlError(ApiError::internal(&error)))?;
    match signed_in {
        Ok(cookie) => {
            tracing::info!("member signed in");
            let secure = state.is_secure(&headers);
            Ok((
                StatusCode::SEE_OTHER,
                [
                    (SET_COOKIE, session::set_cookie(&cookie, secure)),
                    (LOCATION, next),
                ],
            )
                .into_response())
        }
        Err(name) => {
            tracing::info!("sign-in refused");
            state.throttle().failed(ip, &name);
            let error = "Fel användarnamn eller lösenord.".to_owned();
            page_with_error(&state, StatusCode::UNAUTHORIZED, name, next, error)
        }
    }
}

/// What the sign-out form may post.
#[derive(Debug, Default, Deserialize)]
struct SignOut {
    /// Set: end every session of the member, on every device.
    #[serde(default)]
    everywhere: Option<String>,
}

/// Ends the session on the server (a copy of the cookie no longer signs in) and in the
/// browser; with `everywhere`, every session of the member.
async fn sign_out(
    State(state): State<AppState>,
    headers: HeaderMap,
    form: Result<Form<SignOut>, FormRejection>,
) -> Response {
    if crate::cross_site::is_cross_site(&headers) {
        return HtmlError(ApiError::CrossSite).into_response();
    }
    let everywhere = form.is_ok_and(|Form(form)| form.everywhere.is_some());
    if let Some(session) = state.members().session(&headers) {
        let ended = state.members().ended();
        let written = if everywhere {
            ended.end_all(&session.member, SystemTime::now())
        } else {
            ended.end(&session)
        };
        if let Err(error) = written {
            // Not ended: say so rather than pretend, and keep the cookie.
            return HtmlError(ApiError::internal(&error)).into_response();
        }
        tracing::info!(everywhere, "member signed out");
    }
    let secure = state.is_secure(&headers);
    (
        StatusCode::SEE_OTHER,
        [
            (SET_COOKIE, session::clear_cookie(secure)),
            (LOCATION, "/".to_owned()),
        ],
    )
        .into_response()
}

fn page_with_error(
    state: &AppState,
    status: StatusCode,
    name: String,
    next: String,
    error: String,
) -> Result<Response, HtmlError> {
    let page = LoginPage {
        name,
        next,
        error: Some(error),
        enabled: !state.members().current().is_empty(),
    };
    Ok((status, render(&Viewer::default(), &page)?).into_response())
}

/// The path of the page that linked here, when it is a page of this site.
fn page_before(headers: &HeaderMap) -> Option<String> {
    let host = headers.get(HOST)?.to_str().ok()?;
    let referer = headers.get(REFERER)?.to_str().ok()?;
    let rest = referer
        .strip_prefix("https://")
        .or_else(|| referer.strip_prefix("http://"))?;
    let path = rest.strip_prefix(host)?;
    (path.starts_with('/') && !path.starts_with("/logga-in")).then(|| path.to_owned())
}

/// Where to go after signing in: a path on this site, never another site (`//evil`,
/// `https://…`, `/\evil`), else the start page.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.starts_with("/\\")
                && !path.chars().any(char::is_control) =>
        {
            path.to_owned()
        }
        _ => "/".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed_after_signing_in() {
        assert_eq!(
            safe_next(Some("/documents/x?fynd=y#y")),
            "/documents/x?fynd=y#y"
        );
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil",
            "",
            "x",
            "/a\nb",
        ] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad:?}");
        }
        assert_eq!(safe_next(None), "/");
    }

    #[test]
    fn the_page_before_is_one_of_this_site() {
        let headers = |referer: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(HOST, HeaderValue::from_static("hinder.example.se"));
            headers.insert(REFERER, HeaderValue::from_str(referer).expect("a header"));
            headers
        };
        assert_eq!(
            page_before(&headers("https://hinder.example.se/documents/x?fynd=y")).as_deref(),
            Some("/documents/x?fynd=y")
        );
        assert_eq!(
            page_before(&headers("https://evil.example/documents/x")),
            None
        );
        assert_eq!(
            page_before(&headers("https://hinder.example.se.evil.example/x")),
            None
        );
        assert_eq!(
            page_before(&headers("https://hinder.example.se/logga-in")),
            None
        );
    }
}
