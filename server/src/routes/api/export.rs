//! `GET /api/v1/export`: every finding as NDJSON, streamed while it is written, so that
//! memory stays flat however large the index.

use std::io::{self, BufWriter, Write};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{RawQuery, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use indexer::export::write_export;
use tokio::sync::mpsc;

use crate::auth::Viewer;
use crate::error::{ApiError, ErrorBody};
use crate::params::ExportParams;
use crate::params::parse_export;
use crate::state::AppState;

/// Size of the pieces the export is sent in.
const CHUNK: usize = 64 * 1024;
/// Pieces written ahead of a slow client; then the writer waits.
const CHUNKS_AHEAD: usize = 4;

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/api/v1/export", get(export))
}

/// Every finding with its metadata, one JSON object per line.
///
/// The lines load into other engines with at most a field mapping (see docs/api.md): into
/// Meilisearch and Quickwit as they are, into OpenSearch with `format=opensearch`, which
/// puts a `_bulk` action line before each finding.
#[utoipa::path(
    get,
    path = "/api/v1/export",
    operation_id = "export_findings",
    tag = "export",
    params(ExportParams),
    responses(
        (status = 200, description = "One finding per line (NDJSON)", content_type = "application/x-ndjson", body = indexer::export::FindingRecord),
        (status = 304, description = "Unchanged since the `ETag` in `If-None-Match`"),
        (status = 400, description = "`format` is unknown", body = ErrorBody),
    )
)]
pub(crate) async fn export(
    State(state): State<AppState>,
    viewer: Viewer,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let format = parse_export(raw.as_deref())?.format.unwrap_or_default();
    let (sender, receiver) = mpsc::channel::<io::Result<Bytes>>(CHUNKS_AHEAD);
    let library = state.library();
    let audience = viewer.audience();
    tokio::task::spawn_blocking(move || {
        let mut out = BufWriter::with_capacity(CHUNK, ChannelWriter(sender.clone()));
        let written = write_export(&library.index_for(audience), &mut out, format)
            .and_then(|count| out.flush().map(|()| count).map_err(indexer::Error::Export));
        match written {
            Ok(count) => tracing::debug!(count, "export sent"),
            // A client that hangs up is no failure; anything else cuts the body short, so
            // that the client sees an incomplete answer rather than a silently short one.
            Err(indexer::Error::Export(error)) if error.kind() == io::ErrorKind::BrokenPipe => {}
            Err(error) => {
                tracing::error!(%error, "export failed");
                let _ = sender.blocking_send(Err(io::Error::other("export failed")));
            }
        }
    });
    let stream = futures_util::stream::unfold(receiver, |mut receiver| async move {
        receiver.recv().await.map(|chunk| (chunk, receiver))
    });
    let filename = format!("attachment; filename=\"hinder-{}.ndjson\"", format.as_str());
    Ok((
        [
            (CONTENT_TYPE, "application/x-ndjson".to_owned()),
            (CONTENT_DISPOSITION, filename),
        ],
        Body::from_stream(stream),
    )
        .into_response())
}

/// Writes into the channel; a dropped receiver (the client left) is a broken pipe.
struct ChannelWriter(mpsc::Sender<io::Result<Bytes>>);

impl Write for ChannelWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0
            .blocking_send(Ok(Bytes::copy_from_slice(buf)))
            .map_err(|_| io::Error::from(io::ErrorKind::BrokenPipe))?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
