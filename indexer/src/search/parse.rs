//! Reading what a user typed. Nothing is a syntax error:
//!
//! - words are all required (AND), except stop words when there are other words;
//! - `"..."` is a phrase (an unclosed quote runs to the end);
//! - `-word` and `-"phrase"` exclude;
//! - `OR` or Swedish `ELLER` (upper case) between two terms makes them alternatives:
//!   `fiber ELLER 5G stad` means (fiber or 5G) and stad;
//! - `NOT` / `INTE` (upper case) before a term excludes it, as `-` does; `AND` / `OCH` say
//!   what is meant anyway and are dropped (lower-case `och` and `inte` are words);
//! - `area:landsbygd` / `område:landsbygd` and `source:sormland` / `källa:sormland` filter
//!   like the request's own filters. A value that names no area or source is a mistake the
//!   search reports (`unknown area`), as the same value in `?area=` is.

use crate::corpus::Taxonomy;

/// One thing the user asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Clause {
    Word(String),
    Phrase(String),
}

impl Clause {
    pub(crate) fn text(&self) -> &str {
        match self {
            Self::Word(text) | Self::Phrase(text) => text,
        }
    }
}

/// The structure of the user's text.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct UserQuery {
    /// All groups must match; a group matches when any of its clauses does.
    pub required: Vec<Vec<Clause>>,
    /// No clause here may match.
    pub excluded: Vec<Clause>,
    /// Area slugs written in the text (`area:landsbygd`).
    pub areas: Vec<String>,
    /// Source slugs written in the text (`source:sormland`).
    pub sources: Vec<String>,
    /// Values after `area:` that name no area.
    pub unknown_areas: Vec<String>,
    /// Values after `source:` that name no source.
    pub unknown_sources: Vec<String>,
}

impl UserQuery {
    /// Whether the text asks for nothing: every finding matches.
    pub fn is_empty(&self) -> bool {
        self.required.is_empty() && self.excluded.is_empty()
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Lexeme {
    Or,
    Term { negated: bool, clause: Clause },
}

const AREA_KEYS: [&str; 2] = ["area", "område"];
const SOURCE_KEYS: [&str; 2] = ["source", "källa"];

/// Reads user text; never fails.
pub(crate) fn parse(text: &str, taxonomy: &Taxonomy) -> UserQuery {
    let mut query = UserQuery::default();
    let mut join_next = false;
    for lexeme in lex(text) {
        match lexeme {
            Lexeme::Or => join_next = !query.required.is_empty(),
            Lexeme::Term {
                negated: false,
                clause: Clause::Word(word),
            } if take_filter(&word, taxonomy, &mut query) => {
                join_next = false;
            }
            Lexeme::Term {
                negated: true,
                clause,
            } => {
                query.excluded.push(clause);
                join_next = false;
            }
            Lexeme::Term {
                negated: false,
                clause,
            } => {
                match query.required.last_mut() {
                    Some(group) if join_next => group.push(clause),
                    _ => query.required.push(vec![clause]),
                }
                join_next = false;
            }
        }
    }
    query
}

/// `area:landsbygd` → a filter; `area:` with a value the taxonomy does not know is noted
/// as unknown. Other words with a colon (`kl:10`) are words.
fn take_filter(word: &str, taxonomy: &Taxonomy, query: &mut UserQuery) -> bool {
    let Some((key, value)) = word.split_once(':') else {
        return false;
    };
    let (key, value) = (key.to_lowercase(), value.to_lowercase());
    if value.is_empty() {
        return false;
    }
    if AREA_KEYS.contains(&key.as_str()) {
        if taxonomy.area(&value).is_some() {
            query.areas.push(value);
        } else {
            query.unknown_areas.push(value);
        }
        true
    } else if SOURCE_KEYS.contains(&key.as_str()) {
        if taxonomy.source(&value).is_some() {
            query.sources.push(value);
        } else {
            query.unknown_sources.push(value);
        }
        true
    } else {
        false
    }
}

/// Operators, in upper case so that the Swedish words `eller`, `inte` and `och` stay words.
const OR_OPERATORS: [&str; 2] = ["OR", "ELLER"];
const NOT_OPERATORS: [&str; 2] = ["NOT", "INTE"];
const AND_OPERATORS: [&str; 2] = ["AND", "OCH"];

fn lex(text: &str) -> Vec<Lexeme> {
    let mut lexemes = Vec::new();
    let mut rest = text;
    // `INTE kommun`: the next term is excluded.
    let mut negate_next = false;
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            return lexemes;
        }
        let (negated, body) = match rest.strip_prefix('-') {
            Some(body) if body.starts_with(|c: char| !c.is_whitespace() && c != '-') => {
                (true, body)
            }
            _ => (std::mem::take(&mut negate_next), rest),
        };
        if let Some(quoted) = body.strip_prefix('"') {
            let end = quoted.find('"').unwrap_or(quoted.len());
            let phrase = quoted[..end].trim();
            if !phrase.is_empty() {
                let clause = Clause::Phrase(phrase.to_owned());
                lexemes.push(Lexeme::Term { negated, clause });
            }
            rest = quoted.get(end + 1..).unwrap_or("");
            continue;
        }
        let end = body
            .find(|c: char| c.is_whitespace() || c == '"')
            .unwrap_or(body.len());
        let word = &body[..end];
        rest = &body[end..];
        if !negated && OR_OPERATORS.contains(&word) {
            lexemes.push(Lexeme::Or);
        } else if !negated && NOT_OPERATORS.contains(&word) {
            negate_next = true;
        } else if negated || !AND_OPERATORS.contains(&word) {
            // (`AND` and `OCH` are dropped: every word is required anyway.)
            let clause = Clause::Word(word.to_owned());
            lexemes.push(Lexeme::Term { negated, clause });
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn taxonomy() -> Taxonomy {
        Taxonomy::parse(
            "[[area]]\nslug = \"landsbygd\"\nlabel = \"L\"\ndescription = \"\"\n",
            Path::new("areas.toml"),
            "default = \"sormland\"\n[[source]]\nslug = \"sormland\"\nlabel = \"S\"\ndescription = \"\"\n",
            Path::new("sources.toml"),
        )
        .unwrap()
    }

    fn parse(text: &str) -> UserQuery {
        super::parse(text, &taxonomy())
    }

    fn word(text: &str) -> Clause {
        Clause::Word(text.to_owned())
    }

    fn phrase(text: &str) -> Clause {
        Clause::Phrase(text.to_owned())
    }

    #[test]
    fn words_are_required_groups() {
        let query = parse("fiber  landsbygd");
        assert_eq!(
            query.required,
            [vec![word("fiber")], vec![word("landsbygd")]]
        );
        assert!(query.excluded.is_empty());
    }

    #[test]
    fn quotes_make_phrases_even_unclosed() {
        assert_eq!(
            parse("\"var god dröj\" fiber").required,
            [vec![phrase("var god dröj")], vec![word("fiber")]]
        );
        assert_eq!(
            parse("fiber \"i fokus").required,
            [vec![word("fiber")], vec![phrase("i fokus")]]
        );
        assert_eq!(parse("\"\" \"  \"").required, Vec::<Vec<Clause>>::new());
    }

    #[test]
    fn swedish_operators_work_as_the_english_ones() {
        assert_eq!(parse("fiber ELLER 5G"), parse("fiber OR 5G"));
        assert_eq!(parse("operatör INTE kommun"), parse("operatör -kommun"));
        assert_eq!(
            parse("operatör NOT \"lokal nivå\""),
            parse("operatör -\"lokal nivå\"")
        );
        assert_eq!(parse("fiber OCH kommun"), parse("fiber kommun"));
        assert_eq!(parse("fiber AND kommun"), parse("fiber kommun"));
        // In lower case they are words (stop words, which the analysis handles).
        assert_eq!(
            parse("fiber eller inte").required,
            [vec![word("fiber")], vec![word("eller")], vec![word("inte")]]
        );
    }

    #[test]
    fn minus_excludes_words_and_phrases() {
        let query = parse("operatör -kommun -\"lokal nivå\"");
        assert_eq!(query.required, [vec![word("operatör")]]);
        assert_eq!(query.excluded, [word("kommun"), phrase("lokal nivå")]);
    }

    #[test]
    fn lone_and_inner_hyphens_are_words() {
        assert_eq!(
            parse("e-tjänster - x").required,
            [vec![word("e-tjänster")], vec![word("-")], vec![word("x")]]
        );
        assert_eq!(parse("--x").required, [vec![word("--x")]]);
    }

    #[test]
    fn or_joins_neighbours() {
        let query = parse("fiber OR 5G stad");
        assert_eq!(
            query.required,
            [vec![word("fiber"), word("5G")], vec![word("stad")]]
        );
    }

    #[test]
    fn dangling_or_is_ignored_and_lowercase_or_is_a_word() {
        assert_eq!(parse("OR fiber OR").required, [vec![word("fiber")]]);
        assert_eq!(
            parse("fiber or 5G").required,
            [vec![word("fiber")], vec![word("or")], vec![word("5G")]]
        );
        assert_eq!(parse("-OR").excluded, [word("OR")]);
    }

    #[test]
    fn filters_in_the_text() {
        let query = parse("fiber area:landsbygd Källa:Sormland");
        assert_eq!(query.required, [vec![word("fiber")]]);
        assert_eq!(
            (query.areas, query.sources),
            (vec!["landsbygd".to_owned()], vec!["sormland".to_owned()])
        );
        let swedish = parse("område:landsbygd");
        assert_eq!(swedish.areas, ["landsbygd"]);
        assert!(swedish.required.is_empty());
    }

    #[test]
    fn unknown_filter_values_are_noted_and_other_colons_are_words() {
        let query = parse("area:skog källa:okänd kl:10 område:");
        assert_eq!(query.required, [vec![word("kl:10")], vec![word("område:")]]);
        assert!(query.areas.is_empty());
        assert_eq!(
            (query.unknown_areas, query.unknown_sources),
            (vec!["skog".to_owned()], vec!["okänd".to_owned()])
        );
    }

    #[test]
    fn anything_goes() {
        for text in [
            "(",
            "\"",
            "-",
            "AND OR NOT",
            "a:b [c] {d}",
            "\u{0}",
            "ö\"ä\"å",
            "-\"",
            "OR OR -OR",
            ":",
            "area:",
        ] {
            let query = parse(text);
            let clauses = query.required.iter().flatten().chain(&query.excluded);
            assert!(
                clauses
                    .clone()
                    .all(|clause| !clause.text().trim().is_empty()),
                "{text:?}: {query:?}"
            );
        }
    }
}
