//! The language a document or finding is written in, and so analysed in.
//!
//! Swedish and English each have a stemming chain of their own. Any other language whatlang
//! recognises is kept as what it is (a Russian report is Russian, not "Swedish") and is
//! searched by its written word forms only: a stemmer for a language nobody here reads would
//! be a guess, and a wrong guess is worse than none.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use whatlang::Lang;

/// The language of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Language {
    /// Swedish: Snowball Swedish stemmer, Swedish stop words and compound parts.
    #[default]
    Swedish,
    /// English: Snowball English stemmer and stop words.
    English,
    /// Another language: its words as written (lower-cased), no stemming.
    Other(OtherLanguage),
}

/// A language other than Swedish and English, as whatlang detects it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OtherLanguage(Lang);

/// Every language whatlang detects besides Swedish and English: its ISO 639-1 code (639-3
/// where there is none) and its Swedish name.
const OTHERS: &[(Lang, &str, &str)] = &[
    (Lang::Afr, "af", "afrikaans"),
    (Lang::Aka, "ak", "akan"),
    (Lang::Amh, "am", "amhariska"),
    (Lang::Ara, "ar", "arabiska"),
    (Lang::Aze, "az", "azerbajdzjanska"),
    (Lang::Bel, "be", "belarusiska"),
    (Lang::Ben, "bn", "bengali"),
    (Lang::Bul, "bg", "bulgariska"),
    (Lang::Cat, "ca", "katalanska"),
    (Lang::Ces, "cs", "tjeckiska"),
    (Lang::Cmn, "zh", "kinesiska"),
    (Lang::Cym, "cy", "kymriska"),
    (Lang::Dan, "da", "danska"),
    (Lang::Deu, "de", "tyska"),
    (Lang::Ell, "el", "grekiska"),
    (Lang::Epo, "eo", "esperanto"),
    (Lang::Est, "et", "estniska"),
    (Lang::Fin, "fi", "finska"),
    (Lang::Fra, "fr", "franska"),
    (Lang::Guj, "gu", "gujarati"),
    (Lang::Heb, "he", "hebreiska"),
    (Lang::Hin, "hi", "hindi"),
    (Lang::Hrv, "hr", "kroatiska"),
    (Lang::Hun, "hu", "ungerska"),
    (Lang::Hye, "hy", "armeniska"),
    (Lang::Ind, "id", "indonesiska"),
    (Lang::Ita, "it", "italienska"),
    (Lang::Jav, "jv", "javanesiska"),
    (Lang::Jpn, "ja", "japanska"),
    (Lang::Kan, "kn", "kannada"),
    (Lang::Kat, "ka", "georgiska"),
    (Lang::Khm, "km", "khmer"),
    (Lang::Kor, "ko", "koreanska"),
    (Lang::Lat, "la", "latin"),
    (Lang::Lav, "lv", "lettiska"),
    (Lang::Lit, "lt", "litauiska"),
    (Lang::Mal, "ml", "malayalam"),
    (Lang::Mar, "mr", "marathi"),
    (Lang::Mkd, "mk", "makedonska"),
    (Lang::Mya, "my", "burmesiska"),
    (Lang::Nep, "ne", "nepali"),
    (Lang::Nld, "nl", "nederländska"),
    (Lang::Nob, "nb", "norska"),
    (Lang::Ori, "or", "oriya"),
    (Lang::Pan, "pa", "punjabi"),
    (Lang::Pes, "fa", "persiska"),
    (Lang::Pol, "pl", "polska"),
    (Lang::Por, "pt", "portugisiska"),
    (Lang::Ron, "ro", "rumänska"),
    (Lang::Rus, "ru", "ryska"),
    (Lang::Sin, "si", "singalesiska"),
    (Lang::Slk, "sk", "slovakiska"),
    (Lang::Slv, "sl", "slovenska"),
    (Lang::Sna, "sn", "shona"),
    (Lang::Spa, "es", "spanska"),
    (Lang::Srp, "sr", "serbiska"),
    (Lang::Tam, "ta", "tamil"),
    (Lang::Tel, "te", "telugu"),
    (Lang::Tgl, "tl", "tagalog"),
    (Lang::Tha, "th", "thailändska"),
    (Lang::Tuk, "tk", "turkmeniska"),
    (Lang::Tur, "tr", "turkiska"),
    (Lang::Ukr, "uk", "ukrainska"),
    (Lang::Urd, "ur", "urdu"),
    (Lang::Uzb, "uz", "uzbekiska"),
    (Lang::Vie, "vi", "vietnamesiska"),
    (Lang::Yid, "yi", "jiddisch"),
    (Lang::Zul, "zu", "zulu"),
];

impl OtherLanguage {
    /// The language whatlang names, unless it is one Hinder analyses itself.
    pub(crate) fn from_whatlang(lang: Lang) -> Option<Self> {
        OTHERS
            .iter()
            .any(|(other, _, _)| *other == lang)
            .then_some(Self(lang))
    }

    fn entry(self) -> &'static (Lang, &'static str, &'static str) {
        OTHERS
            .iter()
            .find(|(lang, _, _)| *lang == self.0)
            .expect("built only from languages in the table")
    }
}

impl Language {
    /// ISO 639-1 code (`sv`, `en`, `ru`).
    pub fn code(self) -> &'static str {
        match self {
            Self::Swedish => "sv",
            Self::English => "en",
            Self::Other(other) => other.entry().1,
        }
    }

    /// The language's name in Swedish, for the web UI (`svenska`, `ryska`).
    pub fn swedish_name(self) -> &'static str {
        match self {
            Self::Swedish => "svenska",
            Self::English => "engelska",
            Self::Other(other) => other.entry().2,
        }
    }

    /// Parses an ISO 639-1 code, or the ISO 639-3 code whatlang uses.
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "sv" | "swe" => Some(Self::Swedish),
            "en" | "eng" => Some(Self::English),
            _ => OTHERS
                .iter()
                .find(|(lang, short, _)| *short == code || lang.code() == code)
                .map(|(lang, _, _)| Self::Other(OtherLanguage(*lang))),
        }
    }

    /// Whether words of this language are stemmed (and, for Swedish, split into parts).
    pub fn is_analysed(self) -> bool {
        !matches!(self, Self::Other(_))
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Language {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Language {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = String::deserialize(deserializer)?;
        Self::from_code(&code).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown language `{code}`, expected an ISO 639-1 code such as sv or en"
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for lang in Lang::all() {
            let language = match *lang {
                Lang::Swe => Language::Swedish,
                Lang::Eng => Language::English,
                other => Language::Other(
                    OtherLanguage::from_whatlang(other).expect("every whatlang language listed"),
                ),
            };
            assert_eq!(
                Language::from_code(language.code()),
                Some(language),
                "{lang:?}"
            );
            assert_eq!(Language::from_code(lang.code()), Some(language), "{lang:?}");
        }
        assert_eq!(Language::from_code("xx"), None);
    }

    #[test]
    fn serialises_as_its_code() {
        let russian = Language::from_code("ru").unwrap();
        assert_eq!(serde_json::to_string(&russian).unwrap(), "\"ru\"");
        assert_eq!(russian.swedish_name(), "ryska");
        let parsed: Language = serde_json::from_str("\"sv\"").unwrap();
        assert_eq!(parsed, Language::Swedish);
        assert!(serde_json::from_str::<Language>("\"klingon\"").is_err());
    }
}
