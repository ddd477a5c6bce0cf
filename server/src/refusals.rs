//! What a refused change, or a part of a file left out, says to a coordinator in Swedish:
//! what happened and what to do about it. The API answers the same refusals in English
//! (`indexer::edit::Error`'s messages); these are the web UI's words for them.

use indexer::edit::Error;
use indexer::ingest::{self, Content, ExtractError, ExtractWarning, OleKind, WarningKind};

/// A refused change to the corpus, in Swedish.
pub fn refusal(error: &Error) -> String {
    match error {
        Error::Unreadable { name, cause } => format!("{name}: {}", unreadable(cause)),
        Error::NoFindings(name) => {
            format!("{name}: filen innehåller ingen text som kan bli fynd.")
        }
        Error::InvalidFileName(_) => {
            "Filen saknar ett namn som Hinder kan läsa. Välj en .md-, .txt-, .pptx-, .docx- eller .pdf-fil.".to_owned()
        }
        Error::InvalidTitle { max } => {
            format!("Titeln ska vara 1–{max} tecken på en rad, utan styrtecken.")
        }
        Error::UnknownArea { slug, known } => format!(
            "Det finns inget område som heter ”{slug}”. Områdena är: {}.",
            known.join(", ")
        ),
        Error::UnknownSource { slug, known } => format!(
            "Det finns ingen källa som heter ”{slug}”. Källorna är: {}.",
            known.join(", ")
        ),
        Error::Duplicate { name, existing } => {
            format!("{name} finns redan i kunskapsbanken ({existing}).")
        }
        Error::Taken(_) => {
            "Ett annat dokument har tagit platsen. Flytta det först, eller återställ för hand."
                .to_owned()
        }
        Error::NotFound(_) | Error::InvalidPath(_) => "Dokumentet finns inte.".to_owned(),
        Error::InvalidAuthor(_) => "Namnet kan inte användas.".to_owned(),
        Error::Metadata { .. } => {
            "Dokumentets metadatafil går inte att läsa. En administratör behöver rätta den.".to_owned()
        }
        Error::Io { source, .. } if source.kind() == std::io::ErrorKind::StorageFull => {
            "Servern har inte plats för fler filer. Inget sparades.".to_owned()
        }
        Error::StaleVersion { current, given } => format!(
            "Någon har sparat version {current} sedan du började på version {given}. Din text \
             sparades inte: läs den nya versionen och gör dina ändringar där."
        ),
        Error::Footnote { part, error } => format!(
            "Fotnoterna i delen ”{}” kan inte sparas: {}",
            part.heading(),
            footnote_refusal(error)
        ),
        Error::NoDescription(_) => "Området har ingen beskrivning ännu.".to_owned(),
        Error::UnknownVersion(number) => format!("Beskrivningen har ingen version {number}."),
        Error::DescriptionExists(_) => {
            "Området har redan en beskrivning. Ändra den i stället.".to_owned()
        }
        Error::InvalidNote(_) => {
            "Skriv med några ord varför (högst 2 000 tecken), till exempel varför återkopplingen inte arbetades in.".to_owned()
        }
        _ => "Ändringen kunde inte sparas. Försök igen om en stund.".to_owned(),
    }
}

/// What is wrong with a footnote, in Swedish.
fn footnote_refusal(error: &indexer::description::FootnoteError) -> String {
    use indexer::description::FootnoteError;
    match error {
        FootnoteError::NotAFinding { label, text } => {
            format!("fotnot [^{label}] ska vara en länk till ett fynd, /findings/…, inte ”{text}”.")
        }
        FootnoteError::Undefined(label) => {
            format!("fotnot [^{label}] används men saknar rad [^{label}]: /findings/…")
        }
    }
}

/// Why a file cannot be read, in Swedish.
fn unreadable(cause: &ingest::Error) -> String {
    match cause {
        ingest::Error::Extract { source, .. } => match source {
            ExtractError::Encrypted => {
                "filen är lösenordsskyddad. Spara en kopia utan lösenord och lägg till den.".to_owned()
            }
            ExtractError::OldBinary { save_as, .. } => {
                format!("filen har ett äldre format. Spara den som {save_as} och lägg till den.")
            }
            ExtractError::NoTextLayer => {
                "en skannad PDF utan text. Kör textigenkänning (OCR) på den först.".to_owned()
            }
            ExtractError::Damaged { total } => {
                format!("PDF-filen är skadad: ingen av dess {total} sidor gick att läsa.")
            }
            ExtractError::UnmappedFonts => {
                "PDF-filens text går inte att läsa ut (typsnitt utan teckentabell). Exportera den igen eller kör OCR.".to_owned()
            }
            ExtractError::Empty => "filen innehåller ingen text.".to_owned(),
            ExtractError::TooLarge { .. } => "filen är för stor.".to_owned(),
            ExtractError::Misnamed { extension, content } => {
                format!("filen heter .{extension} men innehåller {}.", content_name(*content))
            }
            ExtractError::Corrupt { format, .. } => {
                format!("filen gick inte att läsa som {format}. Den kan vara skadad.")
            }
        },
        ingest::Error::UnsupportedFormat(_) => {
            "Hinder läser .md, .txt, .pptx, .docx och .pdf.".to_owned()
        }
        ingest::Error::Parse { source, .. } => {
            format!("filen kunde inte läsas (rad {}: {}).", source.line, source.kind)
        }
        _ => "filen kunde inte läsas.".to_owned(),
    }
}

fn content_name(content: Content) -> &'static str {
    match content {
        Content::Zip => "ett ZIP-paket",
        Content::Pdf => "en PDF",
        Content::Rtf => "ett RTF-dokument",
        Content::Ole(OleKind::EncryptedPackage) => "en lösenordsskyddad Office-fil",
        Content::Ole(OleKind::Word) => "ett Word 97–2003-dokument (.doc)",
        Content::Ole(OleKind::PowerPoint) => "en PowerPoint 97–2003-presentation (.ppt)",
        Content::Ole(OleKind::Excel) => "en Excel 97–2003-arbetsbok (.xls)",
        Content::Ole(OleKind::Other) => "en fil i ett äldre Office-format",
        Content::NotZip | Content::NotPdf => "något annat",
    }
}

/// A part of a file left out, in Swedish.
pub fn left_out(warning: &WarningKind) -> String {
    match warning {
        WarningKind::Extract(ExtractWarning::PagesUnread {
            read,
            total,
            unread,
        }) => {
            let pages: Vec<String> = unread.iter().map(|page| page.number.to_string()).collect();
            format!(
                "{read} av {total} sidor lästes; sidorna {} gick inte att läsa och är utelämnade.",
                pages.join(", ")
            )
        }
        WarningKind::IdTaken { given, .. } => {
            format!("Ett annat dokument har samma namn; det här får id ”{given}”.")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_say_what_to_do_in_swedish() {
        let encrypted = Error::Unreadable {
            name: "budget.pdf".to_owned(),
            cause: ingest::Error::Extract {
                path: "budget.pdf".into(),
                source: ExtractError::Encrypted,
            },
        };
        assert_eq!(
            refusal(&encrypted),
            "budget.pdf: filen är lösenordsskyddad. Spara en kopia utan lösenord och lägg till den."
        );
        let unknown = Error::UnknownArea {
            slug: "rymden".to_owned(),
            known: vec!["landsbygd".to_owned(), "fiber".to_owned()],
        };
        assert_eq!(
            refusal(&unknown),
            "Det finns inget område som heter ”rymden”. Områdena är: landsbygd, fiber."
        );
    }
}
