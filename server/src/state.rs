//! Shared state of the handlers: the open index.

use std::sync::Arc;

use indexer::SearchIndex;

use crate::error::ApiError;

/// What every handler can reach. Cloning is cheap.
#[derive(Debug, Clone)]
pub struct AppState {
    index: Arc<SearchIndex>,
}

impl AppState {
    /// State over an opened index.
    pub fn new(index: SearchIndex) -> Self {
        Self {
            index: Arc::new(index),
        }
    }

    /// The index, for cheap reads that do not search (manifest, taxonomy).
    pub fn index(&self) -> &SearchIndex {
        &self.index
    }

    /// Runs blocking index work off the async runtime.
    ///
    /// # Errors
    /// The work's own error, or [`ApiError::Internal`] if the task panicked.
    pub async fn run<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&SearchIndex) -> indexer::Result<T> + Send + 'static,
    {
        let index = Arc::clone(&self.index);
        tokio::task::spawn_blocking(move || work(&index))
            .await
            .map_err(|join_error| ApiError::internal(&join_error))?
            .map_err(ApiError::from)
    }
}
