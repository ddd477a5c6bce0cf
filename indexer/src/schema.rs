//! The tantivy schema: field names in one place, handles resolved once.
//!
//! Text is indexed four ways: unstemmed in `text_exact`, normalised in the field of its
//! language (`text_sv` or `text_en`), and, for Swedish, the parts of its compounds in
//! `text_parts`. A query can then rank the written form above other forms of the word, and
//! both above a compound that merely contains it. The section title gets the same treatment.
//! What results show is stored in separate stored-only fields.

use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

use crate::analysis::{ENGLISH, EXACT, SWEDISH, SWEDISH_PARTS};

/// Bumped whenever the schema or the analysis changes, so that old indexes are rebuilt.
pub(crate) const SCHEMA_VERSION: u32 = 9;

pub(crate) const ID: &str = "id";
pub(crate) const DOC_ID: &str = "doc_id";
pub(crate) const DOC_TITLE: &str = "doc_title";
pub(crate) const TEXT: &str = "text";
pub(crate) const TEXT_SV: &str = "text_sv";
pub(crate) const TEXT_EN: &str = "text_en";
pub(crate) const TEXT_EXACT: &str = "text_exact";
pub(crate) const TEXT_PARTS: &str = "text_parts";
pub(crate) const TITLE: &str = "title";
pub(crate) const TITLE_SV: &str = "title_sv";
pub(crate) const TITLE_EN: &str = "title_en";
pub(crate) const TITLE_EXACT: &str = "title_exact";
pub(crate) const TITLE_PARTS: &str = "title_parts";
pub(crate) const SOURCE: &str = "source";
pub(crate) const AREA: &str = "area";
pub(crate) const REGION: &str = "region";
pub(crate) const YEAR: &str = "year";
pub(crate) const DAY: &str = "day";
pub(crate) const SECTION: &str = "section";
pub(crate) const NUMBER: &str = "number";
pub(crate) const POSITION: &str = "position";
pub(crate) const DOC_KEY: &str = "doc_key";
pub(crate) const LANGUAGE: &str = "language";
pub(crate) const FROM_HEADING: &str = "from_heading";
pub(crate) const WORDS: &str = "words";
pub(crate) const NOTE: &str = "note";
pub(crate) const AREAS_AUTO: &str = "areas_auto";
pub(crate) const SECTION_KIND: &str = "section_kind";

/// Handles of every field, resolved from a schema by name.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    pub id: Field,
    pub doc_id: Field,
    pub doc_title: Field,
    pub text: Field,
    pub text_sv: Field,
    pub text_en: Field,
    pub text_exact: Field,
    pub text_parts: Field,
    pub title: Field,
    pub title_sv: Field,
    pub title_en: Field,
    pub title_exact: Field,
    pub title_parts: Field,
    pub source: Field,
    pub area: Field,
    /// The county's code, and the municipality's when there is one, as top-level facets.
    pub region: Field,
    pub year: Field,
    /// Days since 1970-01-01: range filters and date sorting.
    pub day: Field,
    pub section: Field,
    pub number: Field,
    /// `section << 32 | number`: reading order within a document.
    pub position: Field,
    /// A stable hash of the document id, to break ties between documents deterministically.
    pub doc_key: Field,
    pub language: Field,
    pub from_heading: Field,
    /// [`crate::substance::words`] of the finding's text: statements rank above headings.
    pub words: Field,
    pub note: Field,
    pub areas_auto: Field,
    pub section_kind: Field,
}

fn analyzed(analyzer: &str) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    )
}

/// Compound parts are only ever searched one by one, never in phrases: they need no
/// positions, which are most of what a postings list weighs.
fn analyzed_without_positions(analyzer: &str) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer)
            .set_index_option(IndexRecordOption::WithFreqs),
    )
}

/// The schema every Hinder index is created with; public so that measurements of tantivy
/// on Hinder's fields (`examples/indexing_floor.rs`) use these fields and no copy of them.
pub fn build_schema() -> Schema {
    let mut builder = Schema::builder();
    builder.add_text_field(ID, STRING | STORED);
    builder.add_text_field(DOC_ID, STRING | STORED);
    builder.add_text_field(DOC_TITLE, STORED);
    builder.add_text_field(TEXT, STORED);
    builder.add_text_field(TEXT_SV, analyzed(SWEDISH));
    builder.add_text_field(TEXT_EN, analyzed(ENGLISH));
    builder.add_text_field(TEXT_EXACT, analyzed(EXACT));
    builder.add_text_field(TEXT_PARTS, analyzed_without_positions(SWEDISH_PARTS));
    builder.add_text_field(TITLE, STORED);
    builder.add_text_field(TITLE_SV, analyzed(SWEDISH));
    builder.add_text_field(TITLE_EN, analyzed(ENGLISH));
    builder.add_text_field(TITLE_EXACT, analyzed(EXACT));
    builder.add_text_field(TITLE_PARTS, analyzed_without_positions(SWEDISH_PARTS));
    builder.add_facet_field(SOURCE, STORED);
    builder.add_facet_field(AREA, STORED);
    builder.add_facet_field(REGION, STORED);
    builder.add_facet_field(YEAR, STORED);
    builder.add_i64_field(DAY, INDEXED | FAST | STORED);
    builder.add_u64_field(SECTION, STORED);
    builder.add_u64_field(NUMBER, STORED);
    builder.add_u64_field(POSITION, FAST);
    builder.add_u64_field(DOC_KEY, FAST);
    builder.add_text_field(LANGUAGE, STRING | STORED);
    builder.add_bool_field(FROM_HEADING, STORED);
    builder.add_u64_field(WORDS, FAST);
    builder.add_bool_field(NOTE, STORED);
    builder.add_bool_field(AREAS_AUTO, STORED);
    builder.add_text_field(SECTION_KIND, STORED);
    builder.build()
}

impl Fields {
    /// Resolves every handle.
    ///
    /// # Errors
    /// When the schema lacks a field: the index was built by another version of Hinder.
    pub(crate) fn new(schema: &Schema) -> tantivy::Result<Self> {
        let field = |name: &str| schema.get_field(name);
        Ok(Self {
            id: field(ID)?,
            doc_id: field(DOC_ID)?,
            doc_title: field(DOC_TITLE)?,
            text: field(TEXT)?,
            text_sv: field(TEXT_SV)?,
            text_en: field(TEXT_EN)?,
            text_exact: field(TEXT_EXACT)?,
            text_parts: field(TEXT_PARTS)?,
            title: field(TITLE)?,
            title_sv: field(TITLE_SV)?,
            title_en: field(TITLE_EN)?,
            title_exact: field(TITLE_EXACT)?,
            title_parts: field(TITLE_PARTS)?,
            source: field(SOURCE)?,
            area: field(AREA)?,
            region: field(REGION)?,
            year: field(YEAR)?,
            day: field(DAY)?,
            section: field(SECTION)?,
            number: field(NUMBER)?,
            position: field(POSITION)?,
            doc_key: field(DOC_KEY)?,
            language: field(LANGUAGE)?,
            from_heading: field(FROM_HEADING)?,
            words: field(WORDS)?,
            note: field(NOTE)?,
            areas_auto: field(AREAS_AUTO)?,
            section_kind: field(SECTION_KIND)?,
        })
    }
}

/// Reading order of a finding within its document, as one sortable number.
pub(crate) fn position(section: u32, number: u32) -> u64 {
    (u64::from(section) << 32) | u64::from(number)
}

/// A stable 64-bit key of a document id (the first bytes of its BLAKE3 hash).
pub(crate) fn doc_key(document_id: &str) -> u64 {
    let hash = blake3::hash(document_id.as_bytes());
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&hash.as_bytes()[..8]);
    u64::from_be_bytes(bytes)
}
