//! A finding as the index stores it: which fields get its text and its section's title
//! (exact, Swedish with compound parts, or English, by language), its facets, and the fast
//! fields that sort, filter and count. The search side reads these fields by the same
//! [`schema`] handles; this is the one place that fills them.

use tantivy::TantivyDocument;
use tantivy::schema::Facet;

use crate::corpus::{Document, Finding, Language, Section};
use crate::schema::{self, Fields};

/// The tantivy document of one finding of a document's section; `doc_key` is the
/// document's [`schema::doc_key`].
pub(super) fn to_document(
    fields: &Fields,
    document: &Document,
    section: &Section,
    finding: &Finding,
    doc_key: u64,
) -> TantivyDocument {
    let mut doc = TantivyDocument::new();
    let title = section.title(document);
    doc.add_text(fields.id, &finding.id);
    doc.add_text(fields.doc_id, &document.id);
    doc.add_text(fields.doc_title, &document.title);
    doc.add_text(fields.text, &finding.text);
    doc.add_text(fields.text_exact, &finding.text);
    doc.add_text(fields.title, title);
    doc.add_text(fields.title_exact, title);
    match finding.language {
        Language::Swedish => {
            doc.add_text(fields.text_sv, &finding.text);
            doc.add_text(fields.text_parts, &finding.text);
        }
        Language::English => doc.add_text(fields.text_en, &finding.text),
        // Searched through the exact field alone: no stemmer for it.
        Language::Other(_) => {}
    }
    match document.language {
        Language::Swedish => {
            doc.add_text(fields.title_sv, title);
            doc.add_text(fields.title_parts, title);
        }
        Language::English => doc.add_text(fields.title_en, title),
        Language::Other(_) => {}
    }
    doc.add_facet(fields.source, Facet::from_path([finding.source.as_str()]));
    for area in &finding.areas {
        doc.add_facet(fields.area, Facet::from_path([area.as_str()]));
    }
    for code in document.region.iter().flat_map(|region| region.codes()) {
        doc.add_facet(fields.region, Facet::from_path([code]));
    }
    if let Some(date) = finding.date {
        doc.add_i64(fields.day, date.to_days());
        doc.add_facet(fields.year, Facet::from_path([date.year().to_string()]));
    }
    doc.add_u64(fields.section, u64::from(section.number));
    doc.add_u64(fields.number, u64::from(finding.number));
    doc.add_u64(
        fields.position,
        schema::position(section.number, finding.number),
    );
    doc.add_u64(fields.doc_key, doc_key);
    doc.add_text(fields.language, finding.language.code());
    doc.add_bool(fields.from_heading, finding.from_heading);
    doc.add_u64(
        fields.words,
        u64::from(crate::substance::words(&finding.text)),
    );
    doc.add_bool(fields.note, finding.note);
    doc.add_bool(fields.areas_auto, finding.areas_auto);
    doc.add_text(fields.section_kind, document.section_kind.slug());
    doc
}
