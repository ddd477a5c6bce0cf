//! What a file's name gives a document that says nothing about itself: its id (part of
//! every permalink) and, as a last resort, its title.
//!
//! Names arrive in every script and in either Unicode form (macOS writes `Ö` as `O` + `¨`),
//! so a name is first composed (NFC) and then transliterated to ASCII: a file named in
//! Cyrillic or Japanese gets a readable id of its own instead of an empty one.

use unicode_normalization::UnicodeNormalization;

/// A URL-safe id from a name: lower-case ASCII letters and digits, every other run of
/// characters one hyphen. Letters of other scripts are transliterated (`å` → `a`,
/// `æ` → `ae`, `Отчёт` → `otchiot`); a name with nothing to transliterate gives an
/// empty slug, which the caller replaces.
pub(crate) fn slugify(text: &str) -> String {
    let composed: String = text.nfc().collect();
    let ascii = deunicode::deunicode_with_tofu(&composed, "-");
    let mut slug = String::with_capacity(ascii.len());
    for c in ascii.chars().map(|c| c.to_ascii_lowercase()) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// The id of a document read from a file that sets none: its name and, outside the corpus
/// format, its extension (`rapport.docx` and `rapport.pdf` side by side are two documents).
pub(crate) fn id_from_file_name(stem: &str, extension: Option<&str>) -> String {
    let slug = slugify(stem);
    let slug = if slug.is_empty() {
        // Nothing in the name can be spelled in ASCII (emoji, symbols): the name's hash
        // still tells it apart from every other name.
        format!("dokument-{}", short_hash(stem))
    } else {
        slug
    };
    match extension {
        Some(extension) => format!("{slug}-{}", slugify(extension)),
        None => slug,
    }
}

/// The id a document gets when another file already holds the one its name gives: the
/// same id with a hash of its path, so that it stays the same from one build to the next.
pub(crate) fn disambiguated_id(id: &str, relative_path: &str) -> String {
    format!("{id}-{}", short_hash(relative_path))
}

/// A title from a file name: composed, with the separators people use for spaces
/// (`Regional_analys-2022`) read as spaces.
pub(crate) fn title_from_file_name(stem: &str) -> String {
    let composed: String = stem.nfc().collect();
    let spaced: String = composed
        .chars()
        .map(|c| if c == '_' { ' ' } else { c })
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn short_hash(text: &str) -> String {
    let hash = blake3::hash(text.as_bytes());
    hash.to_hex()[..6].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_fold_swedish_letters_as_before() {
        assert_eq!(
            slugify("Återkoppling från Sörmland"),
            "aterkoppling-fran-sormland"
        );
        assert_eq!(slugify("000_801f07ac2272aa86"), "000-801f07ac2272aa86");
        assert_eq!(slugify("--Möte 3!--"), "mote-3");
    }

    #[test]
    fn every_script_gives_a_readable_slug() {
        assert_eq!(slugify("Blåbærsyltetøy"), "blabaersyltetoy");
        assert_eq!(slugify("Отчёт о работе"), "otchiot-o-rabote");
        assert!(!slugify("東京の報告書").is_empty());
        assert!(!slugify("تقرير").is_empty());
        assert_ne!(slugify("Отчёт"), slugify("Протокол"));
    }

    #[test]
    fn decomposed_names_slug_like_composed_ones() {
        assert_eq!(slugify("O\u{308}vningar"), "ovningar");
        assert_eq!(slugify("O\u{308}vningar"), slugify("Övningar"));
    }

    #[test]
    fn ids_from_names_are_never_empty() {
        assert_eq!(id_from_file_name("rapport", Some("docx")), "rapport-docx");
        assert_eq!(id_from_file_name("mote-3", None), "mote-3");
        let symbols = id_from_file_name("★☆", Some("pdf"));
        assert!(
            symbols.starts_with("dokument-") && symbols.ends_with("-pdf"),
            "{symbols}"
        );
        assert_ne!(symbols, id_from_file_name("♠♣", Some("pdf")));
    }

    #[test]
    fn a_taken_id_gets_a_stable_suffix() {
        let a = disambiguated_id("presentation-pptx", "documents/sormland/presentation.pptx");
        let b = disambiguated_id("presentation-pptx", "documents/styrgrupp/presentation.pptx");
        assert!(a.starts_with("presentation-pptx-") && a.len() == "presentation-pptx-".len() + 6);
        assert_ne!(a, b);
        assert_eq!(
            a,
            disambiguated_id("presentation-pptx", "documents/sormland/presentation.pptx")
        );
    }

    #[test]
    fn titles_from_names_read_underscores_as_spaces() {
        assert_eq!(
            title_from_file_name("Regional_analys  2022"),
            "Regional analys 2022"
        );
        assert_eq!(title_from_file_name("O\u{308}vningar"), "Övningar");
    }
}
