//! `/aterkoppling`: members write feedback in the browser, on a finding, a document or an
//! area or on nothing in particular. It is saved as the API's JSON feedback is (one
//! Markdown file through the editor), and the writer lands on the new document's page.
//! A refused try shows the form again with everything written kept.

use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use indexer::{Audience, RespondsTo, Target};

use super::{HtmlError, render};
use crate::auth::Viewer;
use crate::cross_site::is_cross_site;
use crate::error::ApiError;
use crate::links::document_url;
use crate::state::AppState;
use crate::upload_form::{FormFields, feedback_upload};
use crate::views::{FeedbackPage, TargetView};
use crate::writes::admit;

/// The longest quote of an answered finding the form shows, in characters.
const QUOTED_CHARS: usize = 140;

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/aterkoppling", get(form).post(send))
}

/// The form, prefilled for what it answers (`?responds_to=/findings/…`); the public is sent
/// to sign in first.
async fn form(
    State(state): State<AppState>,
    viewer: Viewer,
    RawQuery(raw): RawQuery,
) -> Result<Response, HtmlError> {
    if viewer.name().is_none() {
        let here = match &raw {
            Some(query) => format!("/aterkoppling?{query}"),
            None => "/aterkoppling".to_owned(),
        };
        let mut next = form_urlencoded::Serializer::new(String::new());
        next.append_pair("next", &here);
        return Ok(Redirect::to(&format!("/logga-in?{}", next.finish())).into_response());
    }
    let asked = form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
        .find(|(key, _)| key == "responds_to")
        .map(|(_, value)| value.into_owned());
    let mut page = empty_form(&state, &viewer, &[]);
    if let Some(asked) = asked {
        match RespondsTo::parse(&asked)
            .ok()
            .and_then(|target| target_of(&state, &target))
        {
            Some((target, areas)) => {
                page = empty_form(&state, &viewer, &areas);
                page.target = Some(target);
            }
            None => {
                page.error = Some(format!(
                    "Länken ”{asked}” pekar inte på något fynd, dokument eller område. \
                     Återkopplingen blir fristående."
                ));
            }
        }
    }
    Ok(render(&viewer, &page)?.into_response())
}

/// Saves the feedback and shows its document.
async fn send(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, HtmlError> {
    if is_cross_site(&headers) {
        return Err(ApiError::CrossSite.into());
    }
    let (writes, author) = state.writer(&viewer)?;
    let mut text = String::new();
    let mut form = FormFields::default();
    let mut unreadable = None;
    for (name, value) in &fields {
        if name == "text" {
            text.clone_from(value);
        } else if let Err(error) = form.take(name, value) {
            unreadable.get_or_insert(error);
        }
    }
    let upload = match unreadable {
        Some(error) => Err(error),
        None => feedback_upload(&text, &form).and_then(|mut upload| {
            admit(
                &viewer,
                &mut upload.metadata,
                &state.index_for(Audience::Members),
            )?;
            Ok(upload)
        }),
    };
    let saved = match upload {
        Ok(upload) => {
            writes
                .change(move |editor| editor.add(upload, &author).map_err(ApiError::from))
                .await
        }
        Err(error) => Err(error),
    };
    match saved {
        Ok(added) => Ok(Redirect::to(&document_url(&added.preview.document.id)).into_response()),
        Err(error @ (ApiError::TooManyWrites(_) | ApiError::Internal)) => Err(error.into()),
        Err(error) => {
            let page = kept_form(&state, &viewer, text, &form, error.swedish_message());
            Ok(render(&viewer, &page)?.into_response())
        }
    }
}

/// The form with nothing written, `areas` ticked.
fn empty_form(state: &AppState, viewer: &Viewer, areas: &[String]) -> FeedbackPage {
    let taxonomy = &state.index_for(Audience::Members).manifest().taxonomy;
    FeedbackPage::new(taxonomy, areas, viewer.is_editor(), state.writes().is_ok())
}

/// The form as it was sent, with why it was refused.
fn kept_form(
    state: &AppState,
    viewer: &Viewer,
    text: String,
    fields: &FormFields,
    error: String,
) -> FeedbackPage {
    let areas = fields.areas.clone().unwrap_or_default();
    let mut page = empty_form(state, viewer, &areas);
    page.target = fields
        .responds_to
        .as_deref()
        .and_then(|path| RespondsTo::parse(path).ok())
        .and_then(|target| target_of(state, &target))
        .map(|(target, _)| target);
    page.text = text;
    page.title = fields.title.clone().unwrap_or_default();
    if let Some(date) = &fields.date {
        page.date.clone_from(date);
    }
    page.region = fields.region.clone().unwrap_or_default();
    page.error = Some(error);
    page
}

/// What the form says it answers, and the areas to tick: the finding's, or the area itself;
/// `None` when the members' index has no such thing.
fn target_of(state: &AppState, target: &RespondsTo) -> Option<(TargetView, Vec<String>)> {
    let index = state.index_for(Audience::Members);
    let view = |label: String| TargetView {
        path: target.path().to_owned(),
        label,
        questions: target.part().map_or(&[], |part| part.questions()),
    };
    match target.target() {
        Target::Finding => {
            let hit = index.hit(target.id()).ok()??;
            let mut quote: String = hit.text.chars().take(QUOTED_CHARS).collect();
            if quote.len() < hit.text.len() {
                quote.push('…');
            }
            let label = format!(
                "fyndet ”{quote}” ({}, {} {})",
                hit.document_title,
                hit.section_kind.label().to_lowercase(),
                hit.section
            );
            Some((view(label), hit.areas))
        }
        Target::Document => {
            let manifest = index.manifest();
            let document = manifest.documents.iter().find(|d| d.id == target.id())?;
            Some((view(format!("dokumentet ”{}”", document.title)), Vec::new()))
        }
        Target::Area => {
            let manifest = index.manifest();
            let area = manifest.taxonomy.area(target.id())?;
            Some((
                view(format!("området ”{}”", area.label)),
                vec![area.slug.clone()],
            ))
        }
        Target::Description => {
            let manifest = index.manifest();
            let area = manifest.taxonomy.area(target.id())?;
            let part = target
                .part()
                .map(|part| format!(", delen ”{}”", part.heading()))
                .unwrap_or_default();
            Some((
                view(format!("områdesbeskrivningen för ”{}”{part}", area.label)),
                vec![area.slug.clone()],
            ))
        }
    }
}
