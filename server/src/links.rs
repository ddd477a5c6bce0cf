//! The paths of the site's permalinks, named once for the API, the pages and the citations
//! that print them.

/// Path of a finding's page: its permalink.
pub fn finding_url(id: &str) -> String {
    format!("/findings/{id}")
}

/// Path of a document's page.
pub fn document_url(id: &str) -> String {
    format!("/documents/{id}")
}

/// A document's page with a finding marked and scrolled to.
pub fn in_document_url(document_id: &str, finding_id: &str) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    query.append_pair("fynd", finding_id);
    format!(
        "{}?{}#{finding_id}",
        document_url(document_id),
        query.finish()
    )
}

/// Path of the Atom feed that follows a search, from the feed's query string
/// (`params::feed_query_string`).
pub fn feed_url(query: &str) -> String {
    match query {
        "" => "/api/v1/feed".to_owned(),
        query => format!("/api/v1/feed?{query}"),
    }
}
