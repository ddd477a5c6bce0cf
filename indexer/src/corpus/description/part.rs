//! The six parts of an area description, in the order the working group wrote them ("Vi har
//! delat upp texten i Beskrivning, Fakta om området, Arbetsgruppens motivering,
//! Utmaningar, Förslag på vägar framåt, Sammanfattning"), with the questions the group
//! reviews each part by.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// One part of an area description.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Part {
    /// Beskrivning: what the obstacle is.
    Beskrivning,
    /// Fakta om området: figures, laws, what is known.
    Fakta,
    /// Arbetsgruppens motivering: why the group takes it up.
    Motivering,
    /// Utmaningar: what makes it hard.
    Utmaningar,
    /// Förslag på vägar framåt: what the group proposes.
    Forslag,
    /// Sammanfattning.
    Sammanfattning,
}

/// A part slug that is not one of the six.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown part `{0}`: beskrivning, fakta, motivering, utmaningar, forslag or sammanfattning"
)]
pub struct UnknownPart(pub String);

impl Part {
    /// Every part, in the description's order.
    pub const ALL: [Self; 6] = [
        Self::Beskrivning,
        Self::Fakta,
        Self::Motivering,
        Self::Utmaningar,
        Self::Forslag,
        Self::Sammanfattning,
    ];

    /// The slug used in URLs, files and the API.
    pub fn slug(self) -> &'static str {
        match self {
            Self::Beskrivning => "beskrivning",
            Self::Fakta => "fakta",
            Self::Motivering => "motivering",
            Self::Utmaningar => "utmaningar",
            Self::Forslag => "forslag",
            Self::Sammanfattning => "sammanfattning",
        }
    }

    /// The heading, as the group writes it.
    pub fn heading(self) -> &'static str {
        match self {
            Self::Beskrivning => "Beskrivning",
            Self::Fakta => "Fakta om området",
            Self::Motivering => "Arbetsgruppens motivering",
            Self::Utmaningar => "Utmaningar",
            Self::Forslag => "Förslag på vägar framåt",
            Self::Sammanfattning => "Sammanfattning",
        }
    }

    /// The questions the group reviews the part by, from the meeting of 2 December 2016
    /// ("Att fundera på för respektive område"); the parts it gave none for have none.
    pub fn questions(self) -> &'static [&'static str] {
        match self {
            Self::Beskrivning => &["Förklarar texten hindret tydligt?"],
            Self::Fakta => &["Understödjer nuvarande fakta hindren?", "Något som saknas?"],
            Self::Utmaningar => &["Förklarar texten utmaningarna tydligt?"],
            Self::Forslag => &["Vad har ni för förslag på vägar framåt?"],
            Self::Motivering | Self::Sammanfattning => &[],
        }
    }

    /// The part whose heading this is (as written in a description's file).
    pub fn from_heading(heading: &str) -> Option<Self> {
        let heading = heading.trim();
        Self::ALL
            .into_iter()
            .find(|part| part.heading().eq_ignore_ascii_case(heading))
    }
}

impl FromStr for Part {
    type Err = UnknownPart;

    fn from_str(slug: &str) -> Result<Self, UnknownPart> {
        Self::ALL
            .into_iter()
            .find(|part| part.slug() == slug)
            .ok_or_else(|| UnknownPart(slug.chars().take(40).collect()))
    }
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_read_back_from_slug_and_heading() {
        for part in Part::ALL {
            assert_eq!(part.slug().parse::<Part>(), Ok(part));
            assert_eq!(Part::from_heading(part.heading()), Some(part));
        }
        assert!("förslag".parse::<Part>().is_err());
        assert_eq!(Part::from_heading(" Fakta om området "), Some(Part::Fakta));
    }
}
