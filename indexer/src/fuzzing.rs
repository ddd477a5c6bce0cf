//! Entry points for the fuzz targets in `fuzz/` and the benchmarks: the ingest parsers from
//! bytes to a document, without the file system, and the query parser. Not part of the API
//! proper; hidden from the docs.

use std::path::Path;

use crate::corpus::{Document, Taxonomy};
use crate::ingest::{self, AreaRules, Format};

/// A small taxonomy with the slugs the corpus uses most, for documents to be checked against.
pub fn taxonomy() -> Taxonomy {
    let areas = "[[area]]\nslug = \"landsbygd\"\nlabel = \"Landsbygd\"\ndescription = \"L\"\nkeywords = [\"landsbygd\"]\n\n\
                 [[area]]\nslug = \"fiber\"\nlabel = \"Fiber\"\ndescription = \"F\"\nkeywords = [\"fiber\", \"tomrör\"]\n";
    let sources = "default = \"presentation\"\n\n[[source]]\nslug = \"presentation\"\nlabel = \"Mötespresentation\"\ndescription = \"P\"\n\n\
                   [[source]]\nslug = \"sormland\"\nlabel = \"Sörmland\"\ndescription = \"S\"\n";
    Taxonomy::parse(
        areas,
        Path::new("areas.toml"),
        sources,
        Path::new("sources.toml"),
    )
    .expect("the fuzzing taxonomy is valid")
}

/// Parses a search text as a search would, against `taxonomy`, and returns how many
/// clauses it has: the query-parser benchmark's entry point.
pub fn parse_query(text: &str, taxonomy: &Taxonomy) -> usize {
    let query = crate::search::parse::parse(text, taxonomy);
    query.required.len() + query.excluded.len() + query.areas.len() + query.sources.len()
}

/// Reads `bytes` as a file called `file_name` (its extension picks the format), checks it
/// against `taxonomy` and assembles the document, as indexing would. Errors are fine;
/// panics, hangs and runaway memory are what the fuzzer looks for.
pub fn read(file_name: &str, bytes: &[u8], taxonomy: &Taxonomy) -> Option<Document> {
    let path = Path::new(file_name);
    let format = Format::from_path(path)?;
    let draft = ingest::draft_of_bytes(format, path, bytes).ok()?;
    ingest::assemble_draft(draft, taxonomy, &AreaRules::new(taxonomy)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_become_documents_as_files_would() {
        let taxonomy = taxonomy();
        let markdown = "+++\ntitle = \"T\"\n+++\n## Bild\n- Fiber på landsbygden.\n";
        let read_one =
            read("2016-12-02-x.md", markdown.as_bytes(), &taxonomy).expect("a valid document");
        assert_eq!(read_one.finding_count(), 1);
        assert!(read("x.txt", b"En rad.\nEn till.\n", &taxonomy).is_some());
        assert!(read("x.md", b"+++\nareas = [\"okand\"]\n+++\n- a\n", &taxonomy).is_none());
        assert!(read("x.pptx", b"not a zip", &taxonomy).is_none());
        assert!(read("x.exe", b"", &taxonomy).is_none());
    }
}
