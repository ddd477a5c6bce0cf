//! A parsed user query → a tantivy query, with the index's analysis chains.
//!
//! Every word is looked up in tiers whose scores add up, so that the order of hits follows
//! how well they match:
//!
//! 1. the exact written form (`text_exact`),
//! 2. the normalised word: lemma and stem, Swedish and English (`text_sv`, `text_en`),
//! 3. the word as a part of a compound (`text_parts`): `samordnare` in `bredbandssamordnare`,
//! 4. when nothing in the index has the word in any of those ways, the words within one or two
//!    edits of it (`utbygnadslagen` → `utbyggnadslagen`): 1 edit from 5 letters, 2 from 9.
//!
//! A finding must match in its own text; the same kind of match in its slide title adds to
//! its score, so the title weighs more than the body within each tier.
//! Thesaurus groups (`AG` = `arbetsgruppen`) add their other terms as alternatives.

use std::sync::Arc;

use rustc_hash::FxHashSet;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, Occur, PhraseQuery, Query,
    TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Searcher, Term};

use super::deadline::Deadline;
use super::near::near_terms;
use super::parse::{Clause, UserQuery};
use super::synonyms::Synonyms;
use crate::analysis::{Analyzers, tokens};
use crate::corpus::Thesaurus;
use crate::error::Result;
use crate::schema::Fields;

/// Weight of a match on the written form (it also matches as a stem, so the two add up).
const EXACT_BOOST: f32 = 4.0;
/// Weight of a match on the lemma or stem.
const STEM_BOOST: f32 = 2.0;
/// Score of a match on a part of a compound, whatever the part: below any whole-word match.
const PART_SCORE: f32 = 0.5;
/// Score of a near miss, below everything else.
const FUZZY_SCORE: f32 = 0.25;
/// A match in the slide title counts this much more than the same match in the text.
const TITLE_WEIGHT: f32 = 1.25;
/// Score of a match on a thesaurus alternative: below the word itself and its compounds.
const SYNONYM_SCORE: f32 = 0.4;
/// Words this long (in letters) may have one typo.
const ONE_EDIT_FROM: usize = 5;
/// Words this long may have two.
const TWO_EDITS_FROM: usize = 9;
/// The most words of one query searched with near misses (the first unknown ones typed).
/// A near miss builds a Levenshtein automaton for the word (milliseconds for a long word),
/// so a query of unknown long words was mostly building automata (`docs/reliability.md`).
/// Four typos in one query is more than people make; the other unknown words are still
/// searched as written and by their parts.
pub(crate) const MAX_NEAR_MISS_WORDS: usize = 4;

/// The terms a query looked for, per analysis, so that the snippet can mark every match.
/// Hashed with FxHash: a page of snippets looks up every word of ten texts, a few times
/// each, in sets of a handful of terms.
#[derive(Debug, Default, Clone)]
pub(crate) struct MatchedTerms {
    pub exact: FxHashSet<String>,
    pub swedish: FxHashSet<String>,
    pub english: FxHashSet<String>,
    /// Normalised words that may match a compound part.
    pub parts: FxHashSet<String>,
    /// Words searched with typos allowed, with the number of edits.
    pub fuzzy: Vec<(String, u8)>,
    /// Normalised words searched with typos allowed, with the number of edits.
    pub fuzzy_stems: Vec<(String, u8)>,
}

/// The text part of a search, ready to combine with filters.
#[derive(Debug)]
pub(crate) struct TextQuery {
    pub query: Box<dyn Query>,
    pub terms: MatchedTerms,
    /// Each required word (or group of alternatives) that carries meaning, on its own: for
    /// counting what each finds when all together find little.
    pub words: Vec<WordQuery>,
    /// What the user excluded, to keep excluded in any other search made of the words.
    pub excluded: Vec<Box<dyn Query>>,
}

/// One required word (or `fiber OR 5G`) of a query, on its own.
#[derive(Debug)]
pub(crate) struct WordQuery {
    /// As the user wrote it; alternatives joined by ` OR `.
    pub text: String,
    pub query: Box<dyn Query>,
    /// The word of the index searched instead, when the word itself is in no finding and
    /// a near miss was forgiven (`utbygnadslagen` → `utbyggnadslagen`).
    pub searched_as: Option<String>,
}

/// Builds tantivy queries with the index's analysis chains and thesaurus.
#[derive(Clone)]
pub(crate) struct QueryBuilder {
    fields: Fields,
    exact: TextAnalyzer,
    swedish: TextAnalyzer,
    english: TextAnalyzer,
    synonyms: Arc<Synonyms>,
    /// How many more words of the query being built may be searched with near misses.
    near_misses_left: usize,
}

impl std::fmt::Debug for QueryBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QueryBuilder").finish_non_exhaustive()
    }
}

/// Analysed terms at each position; a position may have alternatives (two lemmas).
type Positioned = Vec<(usize, Vec<String>)>;

/// A clause's query, and whether it carries meaning (is not only stop words).
struct ClauseQuery {
    query: Box<dyn Query>,
    strong: bool,
    /// The most frequent near miss searched, when the word itself is unknown.
    corrected: Option<String>,
}

/// What a clause may use beyond its exact and normalised forms.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reach {
    /// Compound parts, typos and synonyms: what the user asked for.
    Wide,
    /// Compound parts but no typos: a thesaurus alternative, spelled as it was listed.
    /// (Near misses of a word nobody typed find noise, and cost a pass over the term
    /// dictionary.)
    Listed,
    /// Only exact and normalised forms: for exclusions, which must not over-reach.
    Narrow,
}

impl QueryBuilder {
    /// A builder with clones of the given analyzers; cloning it later is cheap.
    pub(crate) fn new(fields: Fields, thesaurus: &Thesaurus, analyzers: &Analyzers) -> Self {
        let Analyzers {
            mut exact,
            mut swedish,
            english,
            ..
        } = analyzers.clone();
        let synonyms = Arc::new(Synonyms::new(thesaurus, |text| {
            normalised_key(&mut swedish, &mut exact, text)
        }));
        Self {
            fields,
            exact,
            swedish,
            english,
            synonyms,
            near_misses_left: MAX_NEAR_MISS_WORDS,
        }
    }

    /// The query for what the user typed, with the terms it looks for (to mark them).
    ///
    /// # Errors
    /// [`crate::Error::DeadlineExceeded`] when the work's deadline passes between two
    /// words: a word's near misses walk the term dictionary.
    pub(crate) fn build(&mut self, user: &UserQuery, searcher: &Searcher) -> Result<TextQuery> {
        let deadline = Deadline::current();
        self.near_misses_left = MAX_NEAR_MISS_WORDS;
        let mut terms = MatchedTerms::default();
        let mut groups: Vec<(String, ClauseQuery)> = Vec::new();
        let mut seen: Vec<Vec<Clause>> = Vec::new();
        for group in self.join_thesaurus_phrases(&user.required) {
            deadline.check()?;
            // A word asked for twice narrows nothing more (and cost as much again).
            if seen.contains(&group) {
                continue;
            }
            seen.push(group.clone());
            let mut alternatives: Vec<ClauseQuery> = group
                .iter()
                .filter_map(|clause| self.clause_with_synonyms(clause, searcher, &mut terms))
                .collect();
            let text = group
                .iter()
                .map(Clause::text)
                .collect::<Vec<_>>()
                .join(" OR ");
            let query = match alternatives.len() {
                0 => continue,
                1 => alternatives.pop().expect("one alternative"),
                _ => ClauseQuery {
                    strong: alternatives.iter().any(|a| a.strong),
                    corrected: None,
                    query: Box::new(BooleanQuery::union(
                        alternatives.into_iter().map(|a| a.query).collect(),
                    )),
                },
            };
            groups.push((text, query));
        }
        let excluded: Vec<Box<dyn Query>> = user
            .excluded
            .iter()
            .filter_map(|clause| self.clause(clause, Reach::Narrow, searcher, None))
            .map(|clause| clause.query)
            .collect();
        if !user.required.is_empty() && groups.is_empty() {
            // The user asked for something, but only punctuation: nothing can match it.
            return Ok(TextQuery {
                query: Box::new(EmptyQuery),
                terms,
                words: Vec::new(),
                excluded,
            });
        }
        let any_strong = groups.iter().any(|(_, g)| g.strong);
        let words = groups
            .iter()
            .filter(|(_, group)| group.strong)
            .map(|(text, group)| WordQuery {
                text: text.clone(),
                query: group.query.box_clone(),
                searched_as: group.corrected.clone(),
            })
            .collect();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> =
            Vec::with_capacity(groups.len() + excluded.len() + 1);
        if groups.is_empty() {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        for (_, group) in groups {
            // Stop words only narrow the search when nothing else is asked for.
            let occur = if group.strong || !any_strong {
                Occur::Must
            } else {
                Occur::Should
            };
            clauses.push((occur, group.query));
        }
        for excluded in &excluded {
            clauses.push((Occur::MustNot, excluded.box_clone()));
        }
        Ok(TextQuery {
            query: Box::new(BooleanQuery::new(clauses)),
            terms,
            words,
            excluded,
        })
    }

    /// Consecutive single words that together are a thesaurus phrase (`ref grupp`) become
    /// one phrase clause, so that the phrase's synonyms apply.
    fn join_thesaurus_phrases(&mut self, groups: &[Vec<Clause>]) -> Vec<Vec<Clause>> {
        let single_word = |group: &Vec<Clause>| match group.as_slice() {
            [Clause::Word(word)] => Some(word.clone()),
            _ => None,
        };
        let mut joined = Vec::with_capacity(groups.len());
        let mut index = 0;
        while index < groups.len() {
            let longest = (2..=self.synonyms.max_words().min(groups.len() - index))
                .rev()
                .find_map(|len| {
                    let words: Option<Vec<String>> =
                        groups[index..index + len].iter().map(single_word).collect();
                    let phrase = words?.join(" ");
                    let key = normalised_key(&mut self.swedish, &mut self.exact, &phrase);
                    self.synonyms.contains(&key).then_some((len, phrase))
                });
            match longest {
                Some((len, phrase)) => {
                    joined.push(vec![Clause::Phrase(phrase)]);
                    index += len;
                }
                None => {
                    joined.push(groups[index].clone());
                    index += 1;
                }
            }
        }
        joined
    }

    fn clause_with_synonyms(
        &mut self,
        clause: &Clause,
        searcher: &Searcher,
        terms: &mut MatchedTerms,
    ) -> Option<ClauseQuery> {
        let own = self.clause(clause, Reach::Wide, searcher, Some(terms));
        let key = normalised_key(&mut self.swedish, &mut self.exact, clause.text());
        let alternatives: Vec<String> = self.synonyms.alternatives(&key).to_vec();
        if alternatives.is_empty() {
            return own;
        }
        let mut queries: Vec<Box<dyn Query>> = Vec::new();
        let mut strong = false;
        if let Some(own) = own {
            strong |= own.strong;
            queries.push(own.query);
        }
        for alternative in alternatives {
            let alternative = if alternative.contains(' ') {
                Clause::Phrase(alternative)
            } else {
                Clause::Word(alternative)
            };
            if let Some(query) = self.clause(&alternative, Reach::Listed, searcher, Some(terms)) {
                strong |= query.strong;
                // A constant: an abbreviation's short, rare term must not outrank the word itself.
                queries.push(Box::new(ConstScoreQuery::new(query.query, SYNONYM_SCORE)));
            }
        }
        (!queries.is_empty()).then(|| ClauseQuery {
            query: Box::new(BooleanQuery::union(queries)),
            strong,
            corrected: None,
        })
    }

    fn clause(
        &mut self,
        clause: &Clause,
        reach: Reach,
        searcher: &Searcher,
        terms: Option<&mut MatchedTerms>,
    ) -> Option<ClauseQuery> {
        let text = clause.text();
        let exact = positioned(&mut self.exact, text);
        if exact.is_empty() {
            return None;
        }
        let swedish = positioned(&mut self.swedish, text);
        let english = positioned(&mut self.english, text);
        // A word is weak when a stemming chain drops it as a stop word.
        let strong =
            matches!(clause, Clause::Phrase(_)) || (!swedish.is_empty() && !english.is_empty());
        let single = exact.len() == 1;
        let f = self.fields;
        let parts: Vec<String> = if single && reach != Reach::Narrow {
            swedish
                .iter()
                .flat_map(|(_, alternatives)| alternatives.iter().cloned())
                .collect()
        } else {
            Vec::new()
        };
        let fuzzy = if single && reach == Reach::Wide && self.near_misses_left > 0 {
            let word = &exact[0].1[0];
            fuzzy_distance(word).filter(|_| {
                let known = |field: Field, positioned: &Positioned| {
                    positioned
                        .iter()
                        .flat_map(|(_, alternatives)| alternatives)
                        .any(|term| {
                            searcher
                                .doc_freq(&Term::from_field_text(field, term))
                                .unwrap_or(0)
                                > 0
                        })
                };
                let in_parts = parts.iter().any(|term| {
                    searcher
                        .doc_freq(&Term::from_field_text(f.text_parts, term))
                        .unwrap_or(0)
                        > 0
                });
                !(known(f.text_exact, &exact)
                    || known(f.text_sv, &swedish)
                    || known(f.text_en, &english)
                    || in_parts)
            })
        } else {
            None
        };
        if let Some(terms) = terms {
            let all = |positioned: &Positioned| {
                positioned
                    .iter()
                    .flat_map(|(_, a)| a.iter().cloned())
                    .collect::<Vec<_>>()
            };
            if reach == Reach::Listed {
                // A synonym's stop words ("lagen om åtgärder för …") were not asked for:
                // marking them in a snippet would light up every "om" in the finding.
                let asked: Vec<String> = all(&exact)
                    .into_iter()
                    .filter(|word| !self.is_stop_word(word))
                    .collect();
                terms.exact.extend(asked);
            } else {
                terms.exact.extend(all(&exact));
            }
            terms.swedish.extend(all(&swedish));
            terms.english.extend(all(&english));
            terms.parts.extend(parts.iter().cloned());
            if let Some(distance) = fuzzy {
                terms.fuzzy.push((exact[0].1[0].clone(), distance));
                terms.fuzzy_stems.extend(
                    swedish
                        .iter()
                        .flat_map(|(_, a)| a.iter().map(|stem| (stem.clone(), distance))),
                );
            }
        }

        // Each tier: the finding's own text must match; the same kind of match in its slide
        // title adds to the score. A title match alone would return every finding of a slide.
        let mut tiers: Vec<Box<dyn Query>> = Vec::new();
        for (text_field, title_field, positioned, boost) in [
            (f.text_exact, f.title_exact, &exact, EXACT_BOOST),
            (f.text_sv, f.title_sv, &swedish, STEM_BOOST),
            (f.text_en, f.title_en, &english, STEM_BOOST),
        ] {
            if let (Some(text), Some(title)) = (
                sequence_query(text_field, positioned, boost),
                sequence_query(title_field, positioned, boost * TITLE_WEIGHT),
            ) {
                tiers.push(with_title(text, title));
            }
        }
        if !parts.is_empty() {
            // Constant scores: a rare part must not outrank a common word found whole.
            let any_part = |field: Field, score: f32| -> Box<dyn Query> {
                let terms = parts
                    .iter()
                    .map(|part| term_query(field, part, 1.0))
                    .collect();
                Box::new(ConstScoreQuery::new(
                    Box::new(BooleanQuery::union(terms)),
                    score,
                ))
            };
            tiers.push(with_title(
                any_part(f.text_parts, PART_SCORE),
                any_part(f.title_parts, PART_SCORE * TITLE_WEIGHT),
            ));
        }
        let mut corrected = None;
        if let Some(distance) = fuzzy {
            self.near_misses_left -= 1;
            let word = &exact[0].1[0];
            let mut near = near_terms(searcher, f.text_exact, word, distance);
            corrected = near
                .first()
                .and_then(|term| term.value().as_str().map(str::to_owned));
            // Near misses of the normalised word find every form: `komunerna` → kommun.
            for stem in swedish.iter().flat_map(|(_, alternatives)| alternatives) {
                near.extend(near_terms(searcher, f.text_sv, stem, distance));
            }
            if !near.is_empty() {
                let near = near
                    .into_iter()
                    .map(|term| -> Box<dyn Query> {
                        Box::new(TermQuery::new(term, IndexRecordOption::Basic))
                    })
                    .collect();
                tiers.push(Box::new(ConstScoreQuery::new(
                    Box::new(BooleanQuery::union(near)),
                    FUZZY_SCORE,
                )));
            }
        }
        let query = BooleanQuery::union(tiers);
        Some(ClauseQuery {
            query: Box::new(query),
            strong,
            corrected,
        })
    }
}

impl QueryBuilder {
    /// Whether a stemming chain drops the word as a stop word.
    fn is_stop_word(&mut self, word: &str) -> bool {
        positioned(&mut self.swedish, word).is_empty()
            || positioned(&mut self.english, word).is_empty()
    }
}

/// How many typos a word may have: none for short words, one from 5 letters, two from 9.
fn fuzzy_distance(word: &str) -> Option<u8> {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    if letters != word.chars().count() {
        return None;
    }
    match letters {
        n if n >= TWO_EDITS_FROM => Some(2),
        n if n >= ONE_EDIT_FROM => Some(1),
        _ => None,
    }
}

/// A text's Swedish terms (or, if it has none, its exact words), as one comparable key.
pub(crate) fn normalised_key(
    swedish: &mut TextAnalyzer,
    exact: &mut TextAnalyzer,
    text: &str,
) -> String {
    let stems: Vec<String> = tokens(swedish, text).into_iter().map(|t| t.text).collect();
    if stems.is_empty() {
        tokens(exact, text)
            .into_iter()
            .map(|t| t.text)
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        stems.join(" ")
    }
}

/// The analysed terms of a text, grouped by position.
fn positioned(analyzer: &mut TextAnalyzer, text: &str) -> Positioned {
    let mut out: Positioned = Vec::new();
    for token in tokens(analyzer, text) {
        match out.last_mut() {
            Some((position, alternatives)) if *position == token.position => {
                if !alternatives.contains(&token.text) {
                    alternatives.push(token.text);
                }
            }
            _ => out.push((token.position, vec![token.text])),
        }
    }
    out
}

/// A text match, raised by a title match of the same kind.
fn with_title(text: Box<dyn Query>, title: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(vec![
        (Occur::Must, text),
        (Occur::Should, title),
    ]))
}

fn term_query(field: Field, term: &str, boost: f32) -> Box<dyn Query> {
    let query = Box::new(TermQuery::new(
        Term::from_field_text(field, term),
        IndexRecordOption::WithFreqs,
    ));
    Box::new(BoostQuery::new(query, boost))
}

/// Term queries for one position (alternatives OR-ed), a phrase query for several (with the
/// gaps that stop words left).
fn sequence_query(field: Field, positioned: &Positioned, boost: f32) -> Option<Box<dyn Query>> {
    let query: Box<dyn Query> = match positioned.as_slice() {
        [] => return None,
        [(_, alternatives)] => Box::new(BooleanQuery::union(
            alternatives
                .iter()
                .map(|term| -> Box<dyn Query> {
                    Box::new(TermQuery::new(
                        Term::from_field_text(field, term),
                        IndexRecordOption::WithFreqs,
                    ))
                })
                .collect(),
        )),
        [(first, _), ..] => Box::new(PhraseQuery::new_with_offset(
            positioned
                .iter()
                .map(|(position, alternatives)| {
                    (
                        position - first,
                        Term::from_field_text(field, &alternatives[0]),
                    )
                })
                .collect(),
        )),
    };
    Some(Box::new(BoostQuery::new(query, boost)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_allowed_grow_with_the_word() {
        assert_eq!(fuzzy_distance("lag"), None);
        assert_eq!(fuzzy_distance("kommu"), Some(1));
        assert_eq!(fuzzy_distance("strategi"), Some(1));
        assert_eq!(fuzzy_distance("utbygnadslagen"), Some(2));
        assert_eq!(
            fuzzy_distance("5g-nätet"),
            None,
            "codes and numbers are exact"
        );
    }

    #[test]
    fn automata_respect_the_distance() {
        let within = |query: &str, distance: u8, word: &str| matches!(super::super::near::automaton(query, distance).eval(word), levenshtein_automata::Distance::Exact(d) if d <= distance);
        assert!(within("torinstallationer", 2, "torrinstallationer"));
        assert!(within("komun", 1, "kommun"));
        assert!(!within("komun", 1, "kommunen"));
    }

    #[test]
    fn positions_keep_alternatives() {
        let mut exact = crate::analysis::exact_analyzer();
        assert_eq!(
            positioned(&mut exact, "Fiber i fokus"),
            [
                (0, vec!["fiber".to_owned()]),
                (1, vec!["i".to_owned()]),
                (2, vec!["fokus".to_owned()])
            ]
        );
    }
}
