//! `/omraden/{slug}/beskrivning/jamfor`: two versions of an area description compared
//! part by part, word by word, as an editor reads a marked-up copy: what was taken out
//! struck through, what was put in underlined.

use askama::Template;
use indexer::description::{Part, Version};
use similar::{ChangeTag, TextDiff};

/// One part of the comparison.
#[derive(Debug)]
pub struct ComparedPart {
    /// Its heading.
    pub heading: &'static str,
    /// The text with `<del>` and `<ins>`, escaped.
    pub html: String,
    /// Whether the part changed at all.
    pub changed: bool,
}

/// A version to choose from.
#[derive(Debug)]
pub struct VersionChoice {
    /// Its number.
    pub number: u32,
    /// Chosen as the older side.
    pub from: bool,
    /// Chosen as the newer side.
    pub to: bool,
}

/// The comparison page.
#[derive(Debug, Template)]
#[template(path = "description_compare.html")]
pub struct ComparePage {
    /// The area's slug.
    pub slug: String,
    /// The area's label.
    pub label: String,
    /// The older version.
    pub from: u32,
    /// The newer version.
    pub to: u32,
    /// Every version, for the choice.
    pub versions: Vec<VersionChoice>,
    /// The six parts.
    pub parts: Vec<ComparedPart>,
}

impl ComparePage {
    /// `from` against `to`, of the versions `numbers`.
    pub fn new(slug: &str, label: &str, from: &Version, to: &Version, numbers: &[u32]) -> Self {
        Self {
            slug: slug.to_owned(),
            label: label.to_owned(),
            from: from.number,
            to: to.number,
            versions: numbers
                .iter()
                .map(|&number| VersionChoice {
                    number,
                    from: number == from.number,
                    to: number == to.number,
                })
                .collect(),
            parts: Part::ALL
                .into_iter()
                .map(|part| compare(part.heading(), from.text(part), to.text(part)))
                .collect(),
        }
    }
}

/// A part's two texts compared word by word.
fn compare(heading: &'static str, old: &str, new: &str) -> ComparedPart {
    let diff = TextDiff::from_words(old, new);
    let mut html = String::new();
    for change in diff.iter_all_changes() {
        let text = html_escape::encode_text(change.value());
        match change.tag() {
            ChangeTag::Equal => html.push_str(&text),
            ChangeTag::Delete => html.push_str(&format!("<del>{text}</del>")),
            ChangeTag::Insert => html.push_str(&format!("<ins>{text}</ins>")),
        }
    }
    ComparedPart {
        heading,
        html,
        changed: old != new,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_taken_out_and_put_in_are_marked_and_escaped() {
        let part = compare(
            "Utmaningar",
            "Kommunerna saknar resurser.",
            "Kommunerna saknar <b>pengar</b>.",
        );
        assert!(part.changed);
        assert!(part.html.contains("<del>resurser.</del>"), "{}", part.html);
        assert!(
            part.html.contains("<ins>&lt;b&gt;pengar&lt;/b&gt;.</ins>"),
            "{}",
            part.html
        );
        assert!(part.html.starts_with("Kommunerna saknar "), "{}", part.html);
        assert!(!compare("Fakta", "Samma", "Samma").changed);
    }
}
