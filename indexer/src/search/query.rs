//! User text → tantivy query.
//!
//! The little language is forgiving by design: nothing a user types is a syntax error.
//!
//! - words are all required (AND), except stop words when there are other words;
//! - `"..."` is a phrase (an unclosed quote runs to the end);
//! - `-word` and `-"phrase"` exclude;
//! - `OR` (upper case) between two terms makes them alternatives: `fiber OR 5G stad`
//!   means (fiber or 5G) and stad.
//!
//! Each word is looked up three ways and the scores add up: its exact written form (so the
//! form the user typed ranks first), its Swedish stem and its English stem. A finding must
//! match in its own text; a match in its section title raises its rank.

use std::collections::HashSet;

use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, EmptyQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;

use crate::analysis::{exact_analyzer, stemming_analyzer, tokens};
use crate::corpus::Language;
use crate::schema::Fields;

/// Extra weight of a match on the exact written form, on top of its stem match.
const EXACT_BOOST: f32 = 1.5;
/// Weight of a match in the section title relative to the finding's own text. A title match
/// only ever adds to a text match (see [`QueryBuilder::clause`]).
const TITLE_BOOST: f32 = 0.5;

/// One thing the user asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Clause {
    Word(String),
    Phrase(String),
}

/// The structure of the user's text.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct UserQuery {
    /// All groups must match; a group matches when any of its clauses does.
    pub required: Vec<Vec<Clause>>,
    /// No clause here may match.
    pub excluded: Vec<Clause>,
}

#[derive(Debug, PartialEq, Eq)]
enum Lexeme {
    Or,
    Term { negated: bool, clause: Clause },
}

/// Reads user text; never fails.
pub(crate) fn parse(text: &str) -> UserQuery {
    let mut query = UserQuery::default();
    let mut join_next = false;
    for lexeme in lex(text) {
        match lexeme {
            Lexeme::Or => join_next = !query.required.is_empty(),
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

fn lex(text: &str) -> Vec<Lexeme> {
    let mut lexemes = Vec::new();
    let mut rest = text;
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            return lexemes;
        }
        let (negated, body) = match rest.strip_prefix('-') {
            Some(body) if body.starts_with(|c: char| !c.is_whitespace() && c != '-') => {
                (true, body)
            }
            _ => (false, rest),
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
        if word == "OR" && !negated {
            lexemes.push(Lexeme::Or);
        } else {
            let clause = Clause::Word(word.to_owned());
            lexemes.push(Lexeme::Term { negated, clause });
        }
    }
}

/// The terms a query looked for, per analysis, so that the snippet can mark every match.
#[derive(Debug, Default, Clone)]
pub(crate) struct MatchedTerms {
    pub exact: HashSet<String>,
    pub swedish: HashSet<String>,
    pub english: HashSet<String>,
}

impl MatchedTerms {
    pub(crate) fn stems(&self, language: Language) -> &HashSet<String> {
        match language {
            Language::Swedish => &self.swedish,
            Language::English => &self.english,
        }
    }

    fn stems_mut(&mut self, language: Language) -> &mut HashSet<String> {
        match language {
            Language::Swedish => &mut self.swedish,
            Language::English => &mut self.english,
        }
    }
}

/// The text part of a search, ready to combine with filters.
#[derive(Debug)]
pub(crate) struct TextQuery {
    pub query: Box<dyn Query>,
    pub terms: MatchedTerms,
}

/// Builds tantivy queries with the index's analysis chains.
#[derive(Clone)]
pub(crate) struct QueryBuilder {
    fields: Fields,
    exact: TextAnalyzer,
    swedish: TextAnalyzer,
    english: TextAnalyzer,
}

impl std::fmt::Debug for QueryBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QueryBuilder").finish_non_exhaustive()
    }
}

/// Terms of one analysis of a clause, one per position, with the position.
type Positioned = Vec<(usize, String)>;

/// A clause's query, and whether it carries meaning (is not only stop words).
struct ClauseQuery {
    query: Box<dyn Query>,
    strong: bool,
}

impl QueryBuilder {
    pub(crate) fn new(fields: Fields) -> Self {
        Self {
            fields,
            exact: exact_analyzer(),
            swedish: stemming_analyzer(Language::Swedish),
            english: stemming_analyzer(Language::English),
        }
    }

    pub(crate) fn build(&mut self, user: &UserQuery) -> TextQuery {
        let mut terms = MatchedTerms::default();
        let mut groups: Vec<ClauseQuery> = Vec::new();
        for group in &user.required {
            let mut alternatives: Vec<ClauseQuery> = group
                .iter()
                .filter_map(|clause| self.clause(clause, Some(&mut terms)))
                .collect();
            let query = match alternatives.len() {
                0 => continue,
                1 => alternatives.pop().expect("one alternative"),
                _ => ClauseQuery {
                    strong: alternatives.iter().any(|a| a.strong),
                    query: Box::new(BooleanQuery::union(
                        alternatives.into_iter().map(|a| a.query).collect(),
                    )),
                },
            };
            groups.push(query);
        }
        if !user.required.is_empty() && groups.is_empty() {
            // The user asked for something, but only punctuation: nothing can match it.
            return TextQuery {
                query: Box::new(EmptyQuery),
                terms,
            };
        }
        let any_strong = groups.iter().any(|g| g.strong);
        let has_positive_terms = !groups.is_empty();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = groups
            .into_iter()
            .map(|group| {
                // Stop words only narrow the search when nothing else is asked for.
                let occur = if group.strong || !any_strong {
                    Occur::Must
                } else {
                    Occur::Should
                };
                (occur, group.query)
            })
            .collect();
        if !has_positive_terms {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        for clause in &user.excluded {
            if let Some(excluded) = self.clause(clause, None) {
                clauses.push((Occur::MustNot, excluded.query));
            }
        }
        TextQuery {
            query: Box::new(BooleanQuery::new(clauses)),
            terms,
        }
    }

    fn clause(&mut self, clause: &Clause, terms: Option<&mut MatchedTerms>) -> Option<ClauseQuery> {
        let text = match clause {
            Clause::Word(text) | Clause::Phrase(text) => text.as_str(),
        };
        let exact = first_per_position(&mut self.exact, text);
        if exact.is_empty() {
            return None;
        }
        let swedish = first_per_position(&mut self.swedish, text);
        let english = first_per_position(&mut self.english, text);
        // A word is weak when a stemming chain drops it as a stop word.
        let strong =
            matches!(clause, Clause::Phrase(_)) || (!swedish.is_empty() && !english.is_empty());
        if let Some(terms) = terms {
            terms.exact.extend(exact.iter().map(|(_, t)| t.clone()));
            terms
                .stems_mut(Language::Swedish)
                .extend(swedish.iter().map(|(_, t)| t.clone()));
            terms
                .stems_mut(Language::English)
                .extend(english.iter().map(|(_, t)| t.clone()));
        }
        let f = self.fields;
        let mut in_text: Vec<Box<dyn Query>> = Vec::new();
        let mut in_title: Vec<Box<dyn Query>> = Vec::new();
        for (text_field, title_field, positioned, boost) in [
            (f.text_exact, f.title_exact, &exact, EXACT_BOOST),
            (f.text_sv, f.title_sv, &swedish, 1.0),
            (f.text_en, f.title_en, &english, 1.0),
        ] {
            in_text.extend(sequence_query(text_field, positioned, boost));
            in_title.extend(sequence_query(title_field, positioned, boost * TITLE_BOOST));
        }
        // The finding's own text must match; its slide title only helps it rank. Otherwise
        // one word in a title would return every finding on that slide.
        let query = BooleanQuery::new(vec![
            (
                Occur::Must,
                Box::new(BooleanQuery::union(in_text)) as Box<dyn Query>,
            ),
            (Occur::Should, Box::new(BooleanQuery::union(in_title))),
        ]);
        Some(ClauseQuery {
            query: Box::new(query),
            strong,
        })
    }
}

/// The analyzed terms of a text, keeping the first token at each position: the whole word
/// comes before its parts (`e-tjänster` before `tjänster`), and a query asks for the whole.
fn first_per_position(analyzer: &mut TextAnalyzer, text: &str) -> Positioned {
    let mut out: Positioned = Vec::new();
    for token in tokens(analyzer, text) {
        if out
            .last()
            .is_none_or(|(position, _)| *position != token.position)
        {
            out.push((token.position, token.text));
        }
    }
    out
}

/// A term query for one term, a phrase query for several (with the gaps stop words left).
fn sequence_query(field: Field, positioned: &Positioned, boost: f32) -> Option<Box<dyn Query>> {
    let query: Box<dyn Query> = match positioned.as_slice() {
        [] => return None,
        [(_, term)] => Box::new(TermQuery::new(
            Term::from_field_text(field, term),
            IndexRecordOption::WithFreqs,
        )),
        [(first, _), ..] => Box::new(PhraseQuery::new_with_offset(
            positioned
                .iter()
                .map(|(position, term)| (position - first, Term::from_field_text(field, term)))
                .collect(),
        )),
    };
    Some(if (boost - 1.0).abs() < f32::EPSILON {
        query
    } else {
        Box::new(BoostQuery::new(query, boost))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
        ] {
            let _ = parse(text);
        }
        assert_eq!(parse("-OR").excluded, [word("OR")]);
    }
}
