//! `/nytt`: the latest additions to the knowledge base.
//!
//! "Latest" means when a document came in: what was added through Hinder carries the
//! moment of its addition; a file put into the corpus folder by hand carries no such
//! record, so its own date (the meeting's, the letter's) stands in, at the start of that
//! day. Undated hand-made documents come last. Who added a document and when is for the
//! working group's members only: the page shows it to signed-in members and to nobody else.

use askama::Template;
use indexer::{Addition, DocumentSummary, Page};

use super::document::DocumentItem;
use super::{Pagination, restricted, swedish_number};

/// `/nytt`: documents, the latest additions first.
#[derive(Debug, Template)]
#[template(path = "news.html")]
pub struct NewsPage {
    /// One line on what is shown.
    pub summary: String,
    /// Rank of the first document on this page.
    pub first_rank: usize,
    /// This page of documents.
    pub documents: Vec<NewsItem>,
    /// Paging links.
    pub pages: Pagination,
    /// Whether the caller is a member, who is told who added what and when.
    pub member_view: bool,
}

/// A document in the list.
#[derive(Debug)]
pub struct NewsItem {
    /// The document as every list shows it.
    pub document: DocumentItem,
    /// Members-only material says so: its status in Swedish.
    pub restricted: Option<&'static str>,
    /// Who added it and when, for members; `None` for everyone else, and for documents
    /// put in place by hand.
    pub added: Option<AddedView>,
}

/// Who added a document through Hinder, and when, as members read it.
#[derive(Debug)]
pub struct AddedView {
    /// The member's name.
    pub by: String,
    /// "5 december 2026 kl. 10.15 (UTC)".
    pub at: String,
    /// RFC 3339, for `<time datetime>`.
    pub at_iso: String,
}

impl NewsPage {
    /// One page of the documents, which are already in the order to show
    /// ([`latest_first`]); `member_view` shows who added each one and when.
    pub fn new(documents: &[&DocumentSummary], page: Page, member_view: bool) -> Self {
        let total = documents.len();
        Self {
            summary: match total {
                0 => "Kunskapsbanken har inga dokument ännu.".to_owned(),
                1 => "1 dokument, det senast tillagda först.".to_owned(),
                _ => format!(
                    "{} dokument, de senast tillagda först.",
                    swedish_number(total)
                ),
            },
            first_rank: page.offset + 1,
            documents: page
                .of(documents)
                .iter()
                .map(|document| NewsItem {
                    document: DocumentItem::new(document),
                    restricted: restricted(document.status),
                    added: document
                        .added
                        .as_ref()
                        .filter(|_| member_view)
                        .map(AddedView::new),
                })
                .collect(),
            pages: Pagination::new(page, total, |number| format!("/nytt?page={number}")),
            member_view,
        }
    }
}

impl AddedView {
    fn new(added: &Addition) -> Self {
        let moment = added.at.to_offset_date_time();
        Self {
            by: added.by.clone(),
            at: format!(
                "{} kl. {:02}.{:02} (UTC)",
                added.at.date().to_swedish(),
                moment.hour(),
                moment.minute()
            ),
            at_iso: added.at.to_string(),
        }
    }
}

/// Documents, the latest additions first: by the moment of their addition through Hinder,
/// else by their own date (its first second); undated ones last; then by title and id, so
/// the order is the same every time.
pub fn latest_first(documents: &[DocumentSummary]) -> Vec<&DocumentSummary> {
    let mut sorted: Vec<&DocumentSummary> = documents.iter().collect();
    sorted.sort_by(|a, b| {
        arrival(b)
            .cmp(&arrival(a))
            .then_with(|| a.title.cmp(&b.title))
            .then_with(|| a.id.cmp(&b.id))
    });
    sorted
}

/// When a document came in, in seconds since the epoch, as far as it is known.
fn arrival(document: &DocumentSummary) -> Option<i64> {
    const SECONDS_A_DAY: i64 = 24 * 60 * 60;
    match &document.added {
        Some(added) => Some(added.at.to_offset_date_time().unix_timestamp()),
        None => document.date.map(|date| date.to_days() * SECONDS_A_DAY),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(id: &str, date: Option<&str>, added: Option<&str>) -> DocumentSummary {
        DocumentSummary {
            id: id.to_owned(),
            title: id.to_owned(),
            date: date.map(|date| date.parse().expect("a date")),
            kind: indexer::DocumentKind::default(),
            status: indexer::Status::Publicerad,
            language: indexer::Language::Swedish,
            section_kind: indexer::SectionKind::default(),
            path: format!("documents/{id}.md"),
            sections: 1,
            findings: 1,
            added: added.map(|at| Addition {
                by: "anna".to_owned(),
                at: at.parse().expect("a time"),
            }),
            region: None,
            responds_to: None,
        }
    }

    #[test]
    fn additions_come_in_when_added_and_hand_made_files_by_their_date() {
        let documents = [
            document("undated", None, None),
            document(
                "old-meeting-added-today",
                Some("2016-01-01"),
                Some("2026-12-05T10:15:00Z"),
            ),
            document("by-hand-2026", Some("2026-12-04"), None),
            document(
                "added-later-the-same-day",
                Some("2017-05-05"),
                Some("2026-12-05T11:00:00Z"),
            ),
            document("by-hand-2018", Some("2018-03-01"), None),
            document("by-hand-the-same-day", Some("2026-12-05"), None),
        ];
        let order: Vec<&str> = latest_first(&documents)
            .iter()
            .map(|document| document.id.as_str())
            .collect();
        assert_eq!(
            order,
            [
                "added-later-the-same-day",
                "old-meeting-added-today",
                "by-hand-the-same-day",
                "by-hand-2026",
                "by-hand-2018",
                "undated",
            ]
        );
    }

    #[test]
    fn who_and_when_are_for_members_only() {
        let documents = [document("x", None, Some("2026-12-05T10:15:00Z"))];
        let listed: Vec<&DocumentSummary> = documents.iter().collect();
        let page = Page::first(10);
        let member = NewsPage::new(&listed, page, true);
        let added = member.documents[0]
            .added
            .as_ref()
            .expect("shown to members");
        assert_eq!(added.by, "anna");
        assert_eq!(added.at, "5 december 2026 kl. 10.15 (UTC)");
        assert!(
            NewsPage::new(&listed, page, false).documents[0]
                .added
                .is_none()
        );
    }
}
