//! Ready citations of a finding, to paste into a draft: Markdown, plain text and HTML.
//!
//! A citation quotes the finding verbatim and then says where it comes from: source,
//! document, slide (or page), date and the permalink. The wording is Swedish, because the
//! drafts are.

use indexer::{Date, Hit, Taxonomy};
use serde::Serialize;
use utoipa::ToSchema;

/// One finding's citation in three forms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Citation {
    /// A Markdown block quote followed by the reference and the permalink.
    #[schema(
        example = "> Utbyggnadslagen är okänd hos många kommuner\n>\n> — Återkoppling från Sörmland, *Möte 3 – Arbetsmöte inom Nystartsgruppen*, bild 15, 2 december 2016. <http://127.0.0.1:3000/findings/2016-12-02-nystartsgruppen-mote-3-0b6e5a1c>"
    )]
    pub markdown: String,
    /// One line of plain text.
    pub text: String,
    /// An HTML link on the quoted text, then the reference; everything escaped.
    pub html: String,
}

impl Citation {
    /// The citation of a finding. `base_url` (scheme and host, no trailing slash) makes the
    /// permalink absolute; an empty one leaves it as a path.
    pub fn new(hit: &Hit, taxonomy: &Taxonomy, base_url: &str) -> Self {
        let reference = Reference::of(hit, taxonomy);
        let url = permalink(base_url, &hit.id);
        let quote = hit.text.trim();
        let markdown = format!(
            "{}\n>\n> — {}. <{url}>",
            quote
                .lines()
                .map(|line| format!("> {}", escape_markdown(line.trim())))
                .collect::<Vec<_>>()
                .join("\n"),
            reference.markdown(),
        );
        let text = format!("”{}” ({}) {url}", one_line(quote), reference.plain());
        let html = format!(
            "<a href=\"{}\">”{}”</a> ({})",
            html_escape::encode_double_quoted_attribute(&url),
            html_escape::encode_text(quote),
            reference.html()
        );
        Self {
            markdown,
            text,
            html,
        }
    }

    /// The reference alone in plain text: source, document, location and date.
    pub fn reference(hit: &Hit, taxonomy: &Taxonomy) -> String {
        Reference::of(hit, taxonomy).plain()
    }

    /// The reference alone (source, document, location, date and permalink) in Markdown: what
    /// a footnote of a draft says.
    pub fn footnote(hit: &Hit, taxonomy: &Taxonomy, base_url: &str) -> String {
        let reference = Reference::of(hit, taxonomy);
        format!(
            "{}. <{}>",
            reference.markdown(),
            permalink(base_url, &hit.id)
        )
    }
}

/// A finding's permanent link: `base_url` (scheme and host, no trailing slash) and its path;
/// an empty `base_url` leaves the path.
pub fn permalink(base_url: &str, id: &str) -> String {
    format!("{base_url}{}", crate::links::finding_url(id))
}

/// A finding's text on one line, its runs of white space as single spaces: how a citation
/// quotes it.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Characters a [`headline`] keeps: a feed entry's title, a Word file's.
pub const HEADLINE_CHARS: usize = 100;

/// A text as a title: on one line, cut at a word within [`HEADLINE_CHARS`] (an ellipsis
/// says it goes on).
pub fn headline(text: &str) -> String {
    let line = one_line(text.trim());
    if line.chars().count() <= HEADLINE_CHARS {
        return line;
    }
    let mut kept = String::new();
    for word in line.split(' ') {
        if kept.chars().count() + word.chars().count() + 1 > HEADLINE_CHARS {
            break;
        }
        if !kept.is_empty() {
            kept.push(' ');
        }
        kept.push_str(word);
    }
    if kept.is_empty() {
        kept = line.chars().take(HEADLINE_CHARS).collect();
    }
    kept.push('…');
    kept
}

/// Where a finding comes from, in words.
struct Reference {
    source: String,
    document: String,
    location: String,
    date: Option<String>,
}

impl Reference {
    fn of(hit: &Hit, taxonomy: &Taxonomy) -> Self {
        let source = taxonomy
            .source(&hit.source)
            .map_or_else(|| hit.source.clone(), |source| source.label.clone());
        let mut location = format!(
            "{} {}",
            hit.section_kind.label().to_lowercase(),
            hit.section
        );
        if hit.note {
            location.push_str(" (talaranteckning)");
        }
        Self {
            source,
            document: hit.document_title.clone(),
            location,
            date: hit.date.map(Date::to_swedish),
        }
    }

    fn markdown(&self) -> String {
        self.join(
            escape_markdown(&self.source),
            format!("*{}*", escape_markdown(&self.document)),
            escape_markdown(&self.location),
        )
    }

    fn plain(&self) -> String {
        self.join(
            self.source.clone(),
            self.document.clone(),
            self.location.clone(),
        )
    }

    fn html(&self) -> String {
        let escape = |text: &str| html_escape::encode_text(text).into_owned();
        self.join(
            escape(&self.source),
            format!("<cite>{}</cite>", escape(&self.document)),
            escape(&self.location),
        )
    }

    /// Source, document, location and date, comma-separated; the date needs no escaping.
    fn join(&self, source: String, document: String, location: String) -> String {
        let mut parts = vec![source, document, location];
        parts.extend(self.date.clone());
        parts.join(", ")
    }
}

/// Text that Markdown shows as written: characters with a meaning in Markdown get a
/// backslash, and so does a line start that would begin a list or a heading.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (index, c) in text.char_indices() {
        let at_start = index == 0;
        let special = matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '!'
        ) || (at_start && matches!(c, '-' | '+' | '='));
        if special {
            out.push('\\');
        }
        out.push(c);
    }
    // "1. text" at the start would become a numbered list.
    if let Some(end) = out.find(". ")
        && end > 0
        && out[..end].bytes().all(|b| b.is_ascii_digit())
    {
        out.insert(end, '\\');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_headline_is_the_text_cut_at_a_word() {
        assert_eq!(headline("  Kort\n  fynd.  "), "Kort fynd.");
        let long = "ord ".repeat(40);
        let title = headline(&long);
        assert!(title.ends_with("ord…") && title.chars().count() <= HEADLINE_CHARS + 1);
        let one_word = "å".repeat(HEADLINE_CHARS * 2);
        assert_eq!(headline(&one_word).chars().count(), HEADLINE_CHARS + 1);
    }

    #[test]
    fn markdown_characters_are_escaped() {
        assert_eq!(escape_markdown("5G *och* [IoT]"), r"5G \*och\* \[IoT\]");
        assert_eq!(escape_markdown("- punkt"), r"\- punkt");
        assert_eq!(escape_markdown("a - b"), "a - b");
        assert_eq!(escape_markdown("2. steg"), r"2\. steg");
        assert_eq!(escape_markdown("<script>"), r"\<script\>");
        assert_eq!(escape_markdown("år 2016. Sedan"), "år 2016. Sedan");
    }
}
