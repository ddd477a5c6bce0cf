//! Which title a document gets when its metadata sets none.
//!
//! Office and PDF files carry a title property, but most of the time nobody wrote it: the
//! application, a template or a print driver did ("PowerPoint Presentation", "Bild 1",
//! "Microsoft Word - rapport.docx", "Namnlöst dokument", a municipality's "Rapportmall").
//! Such a title names the tool, not the content; the document's first heading, or else its
//! file name, says more.

/// Titles (lower case, trailing numbers dropped) that office suites, Google's editors and
/// print drivers write by default, in Swedish and English.
const GENERIC_TITLES: &[&str] = &[
    "powerpoint presentation",
    "powerpoint-presentation",
    "powerpointpresentation",
    "microsoft powerpoint presentation",
    "presentation",
    "presentation title",
    "presentationstitel",
    "new presentation",
    "ny presentation",
    "blank presentation",
    "tom presentation",
    "untitled presentation",
    "namnlös presentation",
    "slide",
    "bild",
    "title",
    "titel",
    "rubrik",
    "heading",
    "slide title",
    "click to add title",
    "klicka här för att lägga till rubrik",
    "klicka för att lägga till rubrik",
    "document",
    "dokument",
    "doc",
    "word document",
    "word-dokument",
    "microsoft word document",
    "microsoft word-dokument",
    "new microsoft word document",
    "nytt microsoft word-dokument",
    "untitled",
    "untitled document",
    "namnlös",
    "namnlöst",
    "namnlöst dokument",
    "utan titel",
    "office theme",
    "office-tema",
    "officetema",
    "blank",
    "default",
    "normal",
    "template",
    "mall",
    "lorem ipsum",
    "pdf",
];

/// Prefixes print drivers put before a file name ("Microsoft Word - rapport.docx").
const PRINT_PREFIXES: &[&str] = &[
    "microsoft word - ",
    "microsoft powerpoint - ",
    "microsoft excel - ",
    "word - ",
    "powerpoint - ",
];

/// Extensions that show a title is only a file name.
const FILE_EXTENSIONS: &[&str] = &[
    ".doc", ".docx", ".dot", ".dotx", ".ppt", ".pptx", ".pot", ".potx", ".odt", ".odp", ".pdf",
    ".rtf", ".txt", ".tex", ".dvi", ".indd", ".pages", ".key",
];

/// Whether a property title was written by a tool or a template rather than by a person.
pub(crate) fn is_generic(title: &str) -> bool {
    let lower = title
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let core = lower.trim_end_matches(|c: char| c.is_ascii_digit() || c.is_whitespace());
    if core.chars().filter(|c| c.is_alphabetic()).count() < 2 {
        return true;
    }
    GENERIC_TITLES.contains(&core)
        || PRINT_PREFIXES
            .iter()
            .any(|prefix| lower.starts_with(prefix))
        || FILE_EXTENSIONS
            .iter()
            .any(|extension| lower.ends_with(extension))
        || is_template_name(core)
}

/// "Rapportmall", "PowerPoint-mall Region X", "Mall för protokoll", "Report template".
fn is_template_name(title: &str) -> bool {
    title.split(|c: char| !c.is_alphanumeric()).any(|word| {
        word == "template" || word == "mall" || (word.len() > 6 && word.ends_with("mall"))
    })
}

/// The title of a document without one in its metadata: a property title a person wrote,
/// else the first heading, else the file name.
pub(crate) fn choose(
    property: Option<String>,
    first_heading: Option<String>,
    file_name: String,
) -> String {
    property
        .filter(|title| !is_generic(title))
        .or(first_heading)
        .unwrap_or(file_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tool_and_template_titles_are_generic() {
        for title in [
            "PowerPoint Presentation",
            "PowerPoint-presentation",
            "Presentation1",
            "Slide 1",
            "Bild 1",
            "Microsoft Word - rapport.docx",
            "Untitled document",
            "Namnlöst dokument",
            "Dokument1",
            "Office Theme",
            "Rapportmall",
            "PowerPoint-mall Region Sörmland",
            "Report template",
            "regional_analys.pptx",
            "  ",
            "1",
            "x",
        ] {
            assert!(is_generic(title), "{title:?} should be generic");
        }
    }

    #[test]
    fn real_titles_are_kept() {
        for title in [
            "Möte 3 – Arbetsmöte inom Nystartsgruppen",
            "Bredband i Sörmland 2022",
            "Bilden av landsbygden",
            "Presentation av hinder för utbyggnad",
            "Kommunala processer",
            "Utmaningar för mallar och rutiner",
            "Hallstahammar",
        ] {
            assert!(!is_generic(title), "{title:?} should be kept");
        }
    }

    #[test]
    fn the_first_heading_wins_over_a_generic_property() {
        let heading = Some("Bredband i Sörmland".to_owned());
        assert_eq!(
            choose(
                Some("PowerPoint Presentation".into()),
                heading.clone(),
                "fil".into()
            ),
            "Bredband i Sörmland"
        );
        assert_eq!(
            choose(Some("Slutrapport".into()), heading, "fil".into()),
            "Slutrapport"
        );
        assert_eq!(
            choose(Some("Bild 1".into()), None, "regional analys".into()),
            "regional analys"
        );
    }
}
