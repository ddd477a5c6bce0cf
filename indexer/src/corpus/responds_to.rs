//! What a piece of feedback answers: the permalink path of a finding, a document or an
//! area (`/findings/{id}`, `/documents/{id}`, `/omraden/{slug}`), or a part of an area's
//! description (`/omraden/{slug}/beskrivning#{part}`, the fragment naming the part).
//!
//! Kept as the path people copy from the address bar rather than as an id and a type, so
//! that a front matter line reads as the link it is. A whole permalink
//! (`https://hinder.example/findings/…`) is accepted and kept as its path: the host is
//! where the link was copied, not part of what it names.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::description::Part;
use super::taxonomy::is_slug;

/// What follows an area's slug in its description's path.
const DESCRIPTION_SUFFIX: &str = "/beskrivning";

/// The longest path accepted; ids are far shorter.
const MAX_CHARS: usize = 300;

/// What a permalink names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// A finding, `/findings/{id}`.
    Finding,
    /// A document, `/documents/{id}`.
    Document,
    /// An area, `/omraden/{slug}`.
    Area,
    /// An area's description or one of its parts, `/omraden/{slug}/beskrivning#{part}`.
    Description,
}

impl Target {
    const ALL: [Self; 3] = [Self::Finding, Self::Document, Self::Area];

    /// The path's first segment.
    pub fn prefix(self) -> &'static str {
        match self {
            Self::Finding => "/findings/",
            Self::Document => "/documents/",
            Self::Area | Self::Description => "/omraden/",
        }
    }
}

/// A checked `responds_to`: one of the three permalink paths with a well-formed id. Read
/// and written as its path; reading checks it ([`RespondsTo::parse`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RespondsTo(String);

/// A `responds_to` that is not a permalink Hinder makes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{0}` is not a permalink: responds_to is /findings/{{id}}, /documents/{{id}} or \
     /omraden/{{slug}}"
)]
pub struct NotAPermalink(pub String);

impl RespondsTo {
    /// Checks a path or a whole permalink, keeping its path.
    ///
    /// # Errors
    /// [`NotAPermalink`] for anything else.
    pub fn parse(text: &str) -> Result<Self, NotAPermalink> {
        let refuse = || NotAPermalink(text.chars().take(MAX_CHARS).collect());
        let trimmed = text.trim();
        if trimmed.chars().count() > MAX_CHARS {
            return Err(refuse());
        }
        let path = match trimmed.split_once("://") {
            Some((scheme, rest)) if scheme == "http" || scheme == "https" => {
                rest.find('/').map_or("", |slash| &rest[slash..])
            }
            Some(_) => return Err(refuse()),
            None => trimmed,
        };
        let fragment = path.split_once('#').map(|(_, fragment)| fragment);
        // A fragment or query names a place on the page, not another thing (but for a
        // description, where it names the part).
        let path = path.split(['#', '?']).next().unwrap_or_default();
        let path = path.strip_suffix('/').unwrap_or(path);
        if let Some(slug) = path
            .strip_prefix(Target::Description.prefix())
            .and_then(|rest| rest.strip_suffix(DESCRIPTION_SUFFIX))
        {
            if !is_slug(slug) {
                return Err(refuse());
            }
            let part = fragment.and_then(|fragment| fragment.parse::<Part>().ok());
            return Ok(Self::description(slug, part));
        }
        Target::ALL
            .into_iter()
            .find_map(|target| {
                let id = path.strip_prefix(target.prefix())?;
                is_slug(id).then(|| Self(format!("{}{id}", target.prefix())))
            })
            .ok_or_else(refuse)
    }

    /// The permalink of an area's description, or of one of its parts.
    pub fn description(area: &str, part: Option<Part>) -> Self {
        let mut path = format!("{}{area}{DESCRIPTION_SUFFIX}", Target::Description.prefix());
        if let Some(part) = part {
            path.push('#');
            path.push_str(part.slug());
        }
        Self(path)
    }

    /// For a description's part, which part.
    pub fn part(&self) -> Option<Part> {
        self.0.split_once('#')?.1.parse().ok()
    }

    /// The path, `/findings/{id}` and the like.
    pub fn path(&self) -> &str {
        &self.0
    }

    /// What it names.
    pub fn target(&self) -> Target {
        if self.0.contains(DESCRIPTION_SUFFIX) {
            return Target::Description;
        }
        Target::ALL
            .into_iter()
            .find(|target| self.0.starts_with(target.prefix()))
            .unwrap_or(Target::Finding)
    }

    /// The id or slug after the prefix.
    pub fn id(&self) -> &str {
        let rest = &self.0[self.target().prefix().len()..];
        rest.split_once(DESCRIPTION_SUFFIX)
            .map_or(rest, |(slug, _)| slug)
    }

    /// The permalink of `target`'s `id`.
    pub fn to(target: Target, id: &str) -> Result<Self, NotAPermalink> {
        Self::parse(&format!("{}{id}", target.prefix()))
    }
}

impl fmt::Display for RespondsTo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for RespondsTo {
    type Err = NotAPermalink;

    fn from_str(text: &str) -> Result<Self, NotAPermalink> {
        Self::parse(text)
    }
}

impl TryFrom<String> for RespondsTo {
    type Error = NotAPermalink;

    fn try_from(text: String) -> Result<Self, NotAPermalink> {
        Self::parse(&text)
    }
}

impl From<RespondsTo> for String {
    fn from(target: RespondsTo) -> Self {
        target.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_whole_permalinks_are_kept_as_paths() {
        for (text, path, target, id) in [
            (
                "/findings/seed-1a2b-2",
                "/findings/seed-1a2b-2",
                Target::Finding,
                "seed-1a2b-2",
            ),
            (
                "https://hinder.example/documents/seed/",
                "/documents/seed",
                Target::Document,
                "seed",
            ),
            (
                " http://localhost:3000/omraden/landsbygd?x=1#top ",
                "/omraden/landsbygd",
                Target::Area,
                "landsbygd",
            ),
        ] {
            let parsed = RespondsTo::parse(text).unwrap();
            assert_eq!(
                (parsed.path(), parsed.target(), parsed.id()),
                (path, target, id)
            );
        }
    }

    #[test]
    fn a_description_keeps_the_part_its_fragment_names() {
        let part =
            RespondsTo::parse("https://h.example/omraden/landsbygd/beskrivning#fakta").unwrap();
        assert_eq!(part.path(), "/omraden/landsbygd/beskrivning#fakta");
        assert_eq!(
            (part.target(), part.id(), part.part()),
            (Target::Description, "landsbygd", Some(Part::Fakta))
        );
        let whole = RespondsTo::parse("/omraden/landsbygd/beskrivning#okand").unwrap();
        assert_eq!(whole.path(), "/omraden/landsbygd/beskrivning");
        assert_eq!(whole.part(), None);
        assert_eq!(
            RespondsTo::description("samverkan", Some(Part::Forslag)).to_string(),
            "/omraden/samverkan/beskrivning#forslag"
        );
        assert!(RespondsTo::parse("/omraden/Landsbygd/beskrivning").is_err());
    }

    #[test]
    fn anything_else_is_refused() {
        for text in [
            "",
            "/findings/",
            "/findings/Seed",
            "/findings/a/b",
            "/kallor/presentation",
            "findings/seed",
            "javascript:alert(1)//findings/x",
            "ftp://host/findings/x",
            "/findings/../documents/x",
        ] {
            assert!(RespondsTo::parse(text).is_err(), "{text:?}");
        }
        assert!(RespondsTo::parse(&format!("/findings/{}", "a".repeat(400))).is_err());
    }
}
