//! `/omraden/{slug}/beskrivning`: an area's description, its editing form, and the
//! secretariat's forms (a first draft from the material, a finding used in a part, a round
//! sent out, what became of feedback, approval). The rules are [`crate::descriptions`]'s,
//! the same as the API's; each handler reads the form and translates.

use std::collections::BTreeMap;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use indexer::description::{OutcomeKind, Part};
use indexer::{Audience, Date};

use super::{HtmlError, render};
use crate::auth::Viewer;
use crate::cross_site::is_cross_site;
use crate::descriptions;
use crate::error::ApiError;
use crate::resolved;
use crate::state::AppState;
use crate::views::{ComparePage, DescriptionEditPage, DescriptionPage};

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/omraden/{slug}/beskrivning", get(page))
        .route(
            "/omraden/{slug}/beskrivning/andra",
            get(edit_form).post(save),
        )
        .route("/omraden/{slug}/beskrivning/jamfor", get(compare))
        .route("/omraden/{slug}/beskrivning/utkast", post(draft))
        .route("/beskrivningar/anvand", post(use_from_search))
        .route("/omraden/{slug}/beskrivning/anvand", post(use_finding))
        .route("/omraden/{slug}/beskrivning/utskick", post(send_out))
        .route("/omraden/{slug}/beskrivning/godkann", post(approve))
        .route(
            "/omraden/{slug}/beskrivning/aterkoppling/{id}",
            post(decide),
        )
}

fn here(slug: &str) -> String {
    format!("/omraden/{slug}/beskrivning")
}

/// The page of `slug`'s description (version `version`, else the current one), with
/// `error` said at the top.
async fn description_page(
    state: &AppState,
    viewer: &Viewer,
    slug: String,
    version: Option<u32>,
    error: Option<String>,
) -> Result<DescriptionPage, ApiError> {
    let audience = viewer.audience();
    let index = state.index_for(audience);
    let manifest = index.manifest();
    let label = manifest
        .taxonomy
        .area(&slug)
        .map(|area| area.label.clone())
        .ok_or(ApiError::NotFound)?;
    let member = viewer.name().is_some();
    let editor = member && viewer.is_editor();
    let today = Date::today();
    let wanted = slug.clone();
    let resolved = state
        .run(audience, move |index| {
            resolved::resolve(index, &wanted, version, today, member)
        })
        .await?;
    let mut page = match resolved {
        Some(resolved) => DescriptionPage::new(&resolved, &manifest.taxonomy, member, editor),
        None if version.is_none() && resolved::find(&index, &slug).is_none() => {
            DescriptionPage::missing(&slug, &label, member, editor)
        }
        None => return Err(ApiError::NotFound),
    };
    page.error = error;
    Ok(page)
}

async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    slug: Result<Path<String>, PathRejection>,
    RawQuery(raw): RawQuery,
) -> Result<Response, HtmlError> {
    let Path(slug) = slug.map_err(ApiError::from)?;
    let version = form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
        .find(|(key, _)| key == "version")
        .map(|(_, value)| value.parse::<u32>().map_err(|_| ApiError::NotFound))
        .transpose()?;
    let page = description_page(&state, &viewer, slug, version, None).await?;
    Ok(render(&viewer, &page)?.into_response())
}

/// Two versions compared part by part, word by word (`?fran=1&till=2`; by default the
/// version before the current one against the current one).
async fn compare(
    State(state): State<AppState>,
    viewer: Viewer,
    slug: Result<Path<String>, PathRejection>,
    RawQuery(raw): RawQuery,
) -> Result<Response, HtmlError> {
    let Path(slug) = slug.map_err(ApiError::from)?;
    let index = state.index_for(viewer.audience());
    let manifest = index.manifest();
    let label = manifest
        .taxonomy
        .area(&slug)
        .map(|area| area.label.clone())
        .ok_or(ApiError::NotFound)?;
    let description = resolved::find(&index, &slug).ok_or(ApiError::NotFound)?;
    let current = description.current_number();
    let (mut from, mut to) = (current.saturating_sub(1).max(1), current);
    for (key, value) in form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
        let number = value.parse::<u32>().map_err(|_| ApiError::NotFound)?;
        match key.as_ref() {
            "fran" => from = number,
            "till" => to = number,
            _ => {}
        }
    }
    let (Some(older), Some(newer)) = (description.version(from), description.version(to)) else {
        return Err(ApiError::NotFound.into());
    };
    let numbers: Vec<u32> = description.versions.iter().map(|v| v.number).collect();
    let page = ComparePage::new(&slug, &label, older, newer, &numbers);
    Ok(render(&viewer, &page)?.into_response())
}

/// After a change from a form: the description, or the page again with why it was refused
/// (and the refusal's status).
async fn after(
    state: &AppState,
    viewer: &Viewer,
    slug: String,
    outcome: Result<impl Sized, ApiError>,
) -> Result<Response, HtmlError> {
    match outcome {
        Ok(_) => Ok(Redirect::to(&here(&slug)).into_response()),
        Err(
            error @ (ApiError::Edit(_)
            | ApiError::InvalidMetadata { .. }
            | ApiError::InvalidBody(_)),
        ) => {
            let status = error.status();
            let page =
                description_page(state, viewer, slug, None, Some(error.swedish_message())).await?;
            Ok((status, render(viewer, &page)?).into_response())
        }
        Err(error) => Err(error.into()),
    }
}

/// The one value of `name` in a sent form.
fn field<'a>(sent: &'a [(String, String)], name: &str) -> Option<&'a str> {
    sent.iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

fn number(sent: &[(String, String)], name: &str) -> Result<u32, ApiError> {
    field(sent, name)
        .and_then(|value| value.trim().parse().ok())
        .ok_or_else(|| ApiError::InvalidBody(format!("the form's `{name}` is missing")))
}

/// Refuses a form sent from another site, and the public, before anything is looked up.
fn check_sender(viewer: &Viewer, headers: &HeaderMap) -> Result<(), ApiError> {
    if is_cross_site(headers) {
        return Err(ApiError::CrossSite);
    }
    descriptions::editors_only(viewer, "change an area description")
}

async fn edit_form(
    State(state): State<AppState>,
    viewer: Viewer,
    slug: Result<Path<String>, PathRejection>,
) -> Result<Response, HtmlError> {
    let Path(slug) = slug.map_err(ApiError::from)?;
    if viewer.name().is_none() {
        return Ok(Redirect::to(&format!("/logga-in?next={}/andra", here(&slug))).into_response());
    }
    descriptions::editors_only(&viewer, "change an area description")?;
    state.writes()?;
    let index = state.index_for(Audience::Members);
    let label = index
        .manifest()
        .taxonomy
        .area(&slug)
        .map(|area| area.label.clone())
        .ok_or(ApiError::NotFound)?;
    let description = resolved::find(&index, &slug);
    let current = description.as_ref().and_then(|d| d.current());
    let page = DescriptionEditPage::new(
        &slug,
        &label,
        current.map_or(0, |version| version.number),
        |part| current.map(|v| v.text(part).to_owned()).unwrap_or_default(),
    );
    Ok(render(&viewer, &page)?.into_response())
}

async fn save(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    slug: Result<Path<String>, PathRejection>,
    Form(sent): Form<Vec<(String, String)>>,
) -> Result<Response, HtmlError> {
    check_sender(&viewer, &headers)?;
    let Path(slug) = slug.map_err(ApiError::from)?;
    let version = number(&sent, "version")?;
    let parts: BTreeMap<Part, String> = Part::ALL
        .into_iter()
        .filter_map(|part| Some((part, field(&sent, part.slug())?.to_owned())))
        .collect();
    match descriptions::save(&state, &viewer, &slug, version, parts.clone()).await {
        Ok(_) => Ok(Redirect::to(&here(&slug)).into_response()),
        Err(error @ (ApiError::Edit(_) | ApiError::InvalidMetadata { .. })) => {
            // The form again, with what was written: nothing typed is lost.
            let label = state
                .index_for(Audience::Members)
                .manifest()
                .taxonomy
                .area(&slug)
                .map(|area| area.label.clone())
                .unwrap_or_default();
            let mut page = DescriptionEditPage::new(&slug, &label, version, |part| {
                parts.get(&part).cloned().unwrap_or_default()
            });
            page.error = Some(error.swedish_message());
            Ok((error.status(), render(&viewer, &page)?).into_response())
        }
        Err(error) => Err(error.into()),
    }
}

async fn draft(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    slug: Result<Path<String>, PathRejection>,
) -> Result<Response, HtmlError> {
    check_sender(&viewer, &headers)?;
    let Path(slug) = slug.map_err(ApiError::from)?;
    let outcome = descriptions::draft(&state, &viewer, &slug).await;
    after(&state, &viewer, slug, outcome).await
}

async fn use_finding(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    slug: Result<Path<String>, PathRejection>,
    Form(sent): Form<Vec<(String, String)>>,
) -> Result<Response, HtmlError> {
    check_sender(&viewer, &headers)?;
    let Path(slug) = slug.map_err(ApiError::from)?;
    let part: Part = field(&sent, "part")
        .unwrap_or_default()
        .parse()
        .map_err(|_| ApiError::NotFound)?;
    let finding = field(&sent, "finding").unwrap_or_default().to_owned();
    let outcome = descriptions::use_finding(&state, &viewer, &slug, part, &finding).await;
    after(&state, &viewer, slug, outcome).await
}

/// "Använd i beskrivning" on a hit: `target` names the area and the part
/// (`landsbygd#utmaningar`); the editor lands on that part of the description.
async fn use_from_search(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Form(sent): Form<Vec<(String, String)>>,
) -> Result<Response, HtmlError> {
    check_sender(&viewer, &headers)?;
    let (slug, part) = field(&sent, "target")
        .and_then(|target| target.split_once('#'))
        .ok_or(ApiError::NotFound)?;
    let part: Part = part.parse().map_err(|_| ApiError::NotFound)?;
    let finding = field(&sent, "finding").unwrap_or_default().to_owned();
    let slug = slug.to_owned();
    match descriptions::use_finding(&state, &viewer, &slug, part, &finding).await {
        Ok(_) => Ok(Redirect::to(&format!("{}#{}", here(&slug), part.slug())).into_response()),
        outcome => after(&state, &viewer, slug, outcome).await,
    }
}

async fn send_out(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    slug: Result<Path<String>, PathRejection>,
    Form(sent): Form<Vec<(String, String)>>,
) -> Result<Response, HtmlError> {
    check_sender(&viewer, &headers)?;
    let Path(slug) = slug.map_err(ApiError::from)?;
    let deadline = field(&sent, "deadline").unwrap_or_default();
    let outcome = match deadline.trim().parse::<Date>() {
        Ok(deadline) => {
            let note = field(&sent, "note").unwrap_or_default().to_owned();
            descriptions::send_out(&state, &viewer, &slug, deadline, note).await
        }
        Err(_) => Err(ApiError::InvalidBody(
            "Ange sista dag för återkoppling som ett datum.".to_owned(),
        )),
    };
    after(&state, &viewer, slug, outcome).await
}

async fn approve(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    slug: Result<Path<String>, PathRejection>,
    Form(sent): Form<Vec<(String, String)>>,
) -> Result<Response, HtmlError> {
    check_sender(&viewer, &headers)?;
    let Path(slug) = slug.map_err(ApiError::from)?;
    let version = number(&sent, "version")?;
    let outcome = descriptions::approve(&state, &viewer, &slug, version).await;
    after(&state, &viewer, slug, outcome).await
}

async fn decide(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    path: Result<Path<(String, String)>, PathRejection>,
    Form(sent): Form<Vec<(String, String)>>,
) -> Result<Response, HtmlError> {
    check_sender(&viewer, &headers)?;
    let Path((slug, id)) = path.map_err(ApiError::from)?;
    let outcome: OutcomeKind = field(&sent, "outcome")
        .unwrap_or_default()
        .parse()
        .map_err(ApiError::InvalidBody)?;
    let reason = field(&sent, "reason").map(str::to_owned);
    let result = descriptions::decide(&state, &viewer, &slug, &id, outcome, reason).await;
    after(&state, &viewer, slug, result).await
}
