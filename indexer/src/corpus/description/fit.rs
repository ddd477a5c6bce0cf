//! Which part of an area description a finding fits, by a rule a person can read and the
//! page shows: the heading it stands under first ("står under rubriken 'Utmaningar som …',
//! bild 15"), then words in its text (*förslag*, *bör*, *borde* → Förslag på vägar framåt;
//! figures, percentages and laws → Fakta om området; *saknas*, *svårt* → Utmaningar), and
//! Beskrivning when nothing matches. It proposes; an editor moves what it got wrong.

use super::Part;

/// Where a finding fits, and why, in Swedish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fit {
    /// The part.
    pub part: Part,
    /// The rule that placed it, as the page says it.
    pub reason: String,
}

/// Heading words, by the part they point to; the first that a heading contains wins.
const HEADING_WORDS: [(&str, Part); 11] = [
    ("sammanfattning", Part::Sammanfattning),
    ("förslag", Part::Forslag),
    ("vägar framåt", Part::Forslag),
    ("åtgärd", Part::Forslag),
    ("utmaning", Part::Utmaningar),
    ("hinder", Part::Utmaningar),
    ("fakta", Part::Fakta),
    ("statistik", Part::Fakta),
    ("motivering", Part::Motivering),
    ("beskrivning", Part::Beskrivning),
    ("bakgrund", Part::Beskrivning),
];

/// Words that make a statement a proposal.
const PROPOSAL_WORDS: [&str; 11] = [
    "förslag",
    "föreslår",
    "föreslås",
    "bör",
    "borde",
    "behöver",
    "behövs",
    "efterfrågas",
    "efterfrågar",
    "måste",
    "rekommenderar",
];

/// Words that name a law or a rule.
const LAW_WORDS: [&str; 8] = [
    "lag",
    "lagen",
    "förordning",
    "förordningen",
    "direktiv",
    "direktivet",
    "pbl",
    "lek",
];

/// Units that make a number a figure rather than a date or a count of slides.
const UNITS: [&str; 10] = [
    "%",
    "procent",
    "kr",
    "kronor",
    "miljoner",
    "miljarder",
    "mbit/s",
    "km",
    "hushåll",
    "mnkr",
];

/// Words that name a difficulty.
const CHALLENGE_WORDS: [&str; 12] = [
    "utmaning",
    "utmaningar",
    "utmaningen",
    "hinder",
    "hindret",
    "problem",
    "problemet",
    "svårt",
    "svårigheter",
    "saknas",
    "brist",
    "dyrt",
];

/// The part a finding fits. `heading` is the title of its slide or page, `place` how the
/// page names where it stands ("bild 15", "sida 3").
pub fn fit(text: &str, heading: Option<&str>, place: &str) -> Fit {
    if let Some(heading) = heading.map(str::trim).filter(|h| !h.is_empty()) {
        let lower = heading.to_lowercase();
        if let Some((_, part)) = HEADING_WORDS.iter().find(|(word, _)| lower.contains(word)) {
            return Fit {
                part: *part,
                reason: format!("står under rubriken ’{}’, {place}", shorten(heading)),
            };
        }
    }
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !(c.is_alphanumeric() || c == '§' || c == '%' || c == '/'))
        .filter(|word| !word.is_empty())
        .collect();
    if let Some(word) = words.iter().find(|word| PROPOSAL_WORDS.contains(word)) {
        return because(Part::Forslag, format!("innehåller ordet ’{word}’"));
    }
    if let Some(figure) = figure(&words) {
        return because(Part::Fakta, format!("innehåller en siffra ({figure})"));
    }
    if let Some(law) = words
        .iter()
        .find(|word| LAW_WORDS.contains(word) || word.ends_with("lagen") || word.contains('§'))
    {
        return because(Part::Fakta, format!("nämner en lag eller regel (’{law}’)"));
    }
    if let Some(word) = words.iter().find(|word| CHALLENGE_WORDS.contains(word)) {
        return because(Part::Utmaningar, format!("innehåller ordet ’{word}’"));
    }
    because(
        Part::Beskrivning,
        "ingen annan regel passade, så det hamnar under Beskrivning".to_owned(),
    )
}

fn because(part: Part, reason: String) -> Fit {
    Fit { part, reason }
}

/// A number with a unit ("75 %", "30 procent", "100 Mbit/s"), or a percentage in one word.
fn figure(words: &[&str]) -> Option<String> {
    words.iter().enumerate().find_map(|(index, word)| {
        let digits = word.trim_end_matches('%');
        if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
            if word.ends_with('%') {
                return Some((*word).to_owned());
            }
            let unit = words.get(index + 1)?;
            UNITS.contains(unit).then(|| format!("{word} {unit}"))
        } else {
            None
        }
    })
}

/// A heading as the reason quotes it: its first words.
fn shorten(heading: &str) -> String {
    let words: Vec<&str> = heading.split_whitespace().collect();
    if words.len() <= 4 {
        words.join(" ")
    } else {
        format!("{} …", words[..3].join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_heading_decides_first_and_the_reason_names_it() {
        let fitted = fit(
            "Kommunerna saknar resurser",
            Some("Utmaningar som kommunerna lyfter fram"),
            "bild 15",
        );
        assert_eq!(fitted.part, Part::Utmaningar);
        assert_eq!(
            fitted.reason,
            "står under rubriken ’Utmaningar som kommunerna …’, bild 15"
        );
        assert_eq!(
            fit("Vad som helst", Some("Förslag på vägar framåt"), "bild 20").part,
            Part::Forslag
        );
    }

    #[test]
    fn words_place_proposals_facts_and_challenges() {
        let proposal = fit("Kommunen bör ta fram en strategi", None, "bild 3");
        assert_eq!(proposal.part, Part::Forslag);
        assert_eq!(proposal.reason, "innehåller ordet ’bör’");
        let figure = fit("Bara 30 procent av hushållen har fiber", None, "bild 3");
        assert_eq!(figure.part, Part::Fakta);
        assert!(figure.reason.contains("30 procent"), "{}", figure.reason);
        assert_eq!(
            fit("Täckning 75% på landsbygden", None, "").part,
            Part::Fakta
        );
        let law = fit("Utbyggnadslagen gäller sedan 2016", None, "bild 3");
        assert_eq!(law.part, Part::Fakta);
        assert!(law.reason.contains("utbyggnadslagen"));
        assert_eq!(
            fit("Det är svårt att nå ut", None, "bild 3").part,
            Part::Utmaningar
        );
        let rest = fit("Möte 3 i Stockholm 2016", None, "bild 1");
        assert_eq!(rest.part, Part::Beskrivning);
    }
}
