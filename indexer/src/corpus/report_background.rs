//! The group's own background text for the final report (Slutrapport), kept in `corpus/` as
//! Markdown beside the material. The indexer carries its text in the manifest, so that the
//! server, which reads only the index, can write the report without a corpus folder.

use std::path::Path;

/// Where in `corpus/` the group writes the report's background (Markdown).
pub const REPORT_BACKGROUND_FILE: &str = "rapport/bakgrund.md";

/// The background's text, `None` when the file is missing or holds only white space.
///
/// # Errors
/// A warning naming the file when it exists but cannot be read (the update goes on
/// without it, as it does past a bad description).
pub(crate) fn load_report_background(corpus_dir: &Path) -> Result<Option<String>, String> {
    match std::fs::read_to_string(corpus_dir.join(REPORT_BACKGROUND_FILE)) {
        Ok(text) if text.trim().is_empty() => Ok(None),
        Ok(text) => Ok(Some(text)),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(format!("{REPORT_BACKGROUND_FILE}: {error}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_or_blank_file_is_no_background_and_a_written_one_is_its_text() {
        let dir = tempfile::tempdir().expect("a scratch folder");
        assert_eq!(load_report_background(dir.path()), Ok(None));
        std::fs::create_dir(dir.path().join("rapport")).expect("rapport/");
        let file = dir.path().join(REPORT_BACKGROUND_FILE);
        std::fs::write(&file, " \n").expect("writing");
        assert_eq!(load_report_background(dir.path()), Ok(None));
        std::fs::write(&file, "Utbyggnaden gick fort.\n").expect("writing");
        assert_eq!(
            load_report_background(dir.path()),
            Ok(Some("Utbyggnaden gick fort.\n".to_owned()))
        );
        std::fs::write(&file, [0xff, 0xfe]).expect("writing");
        let warning = load_report_background(dir.path()).expect_err("not UTF-8");
        assert!(warning.starts_with("rapport/bakgrund.md: "), "{warning}");
    }
}
