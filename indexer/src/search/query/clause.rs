//! One clause of a query (a word or a quoted phrase) as a tantivy query, in the tiers
//! [`super`] lists: the clause as each analysis chain reads it, searched in the finding's
//! text and raised by the same match in its slide title, and, for a single word, its
//! compound parts and near misses. How a query's clauses combine (required, excluded,
//! thesaurus alternatives) is [`super`]'s business; this is how one clause is looked up.

use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Searcher, Term};

use super::matched::MatchedTerms;
use crate::analysis::{Analyzers, tokens};
use crate::schema::Fields;
use crate::search::any::AnyQuery;
use crate::search::near::near_terms;
use crate::search::parse::Clause;

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

/// Analysed terms at each position; a position may have alternatives (two lemmas).
type Positioned = Vec<(usize, Vec<String>)>;

/// A clause's query, and whether it carries meaning (is not only stop words).
pub(super) struct ClauseQuery {
    pub query: Box<dyn Query>,
    pub strong: bool,
    /// The most frequent near miss searched, when the word itself is unknown.
    pub corrected: Option<String>,
}

/// The terms whose union a clause matches, from [`ClauseBuilder::union_terms`].
pub(super) struct UnionTerms {
    pub terms: Vec<Term>,
    /// Whether the clause carries meaning (is not only stop words).
    pub strong: bool,
}

/// What one clause looks for, chain by chain: the analysed terms at each position, the
/// compound parts searched, and how many typos a near miss may have.
struct Analysed {
    exact: Positioned,
    swedish: Positioned,
    english: Positioned,
    parts: Vec<String>,
    fuzzy: Option<u8>,
    /// Whether the clause carries meaning (is not only stop words).
    strong: bool,
}

/// What a clause may use beyond its exact and normalised forms.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Reach {
    /// Compound parts, typos and synonyms: what the user asked for.
    Wide,
    /// Compound parts but no typos: a thesaurus alternative, spelled as it was listed.
    /// (Near misses of a word nobody typed find noise, and cost a pass over the term
    /// dictionary.)
    Listed,
    /// Only exact and normalised forms: for exclusions, which must not over-reach.
    Narrow,
}

/// Builds one clause's tiers with the index's analysis chains, counting the near misses
/// the query being built may still search.
#[derive(Clone)]
pub(super) struct ClauseBuilder {
    fields: Fields,
    exact: TextAnalyzer,
    swedish: TextAnalyzer,
    english: TextAnalyzer,
    /// How many more words of the query being built may be searched with near misses.
    near_misses_left: usize,
    /// Whether the clauses being built are intersected with others: their tiers are then
    /// joined by [`AnyQuery`], which skips cheaply, rather than by tantivy's union, which
    /// walks faster but fills a window of findings on every skip ([`crate::search::any`]).
    intersected: bool,
}

impl ClauseBuilder {
    /// A builder with clones of the given analyzers.
    pub(super) fn new(fields: Fields, analyzers: &Analyzers) -> Self {
        let Analyzers {
            exact,
            swedish,
            english,
            ..
        } = analyzers.clone();
        Self {
            fields,
            exact,
            swedish,
            english,
            near_misses_left: MAX_NEAR_MISS_WORDS,
            intersected: false,
        }
    }

    /// Starts a new query: its first [`MAX_NEAR_MISS_WORDS`] unknown words may be near misses.
    pub(super) fn start_query(&mut self) {
        self.near_misses_left = MAX_NEAR_MISS_WORDS;
        self.intersected = false;
    }

    /// Says whether the clauses built next are intersected with other queries. Only the
    /// speed depends on it: matches and scores are the same either way.
    pub(super) fn set_intersected(&mut self, intersected: bool) {
        self.intersected = intersected;
    }

    /// Whether a clause carries meaning (a phrase, or a word that no stemming chain drops as
    /// a stop word), as [`Self::clause`] will find.
    pub(super) fn carries_meaning(&mut self, clause: &Clause) -> bool {
        match clause {
            Clause::Phrase(_) => true,
            Clause::Word(word) => !self.is_stop_word(word),
        }
    }

    /// A text's Swedish terms (or, if it has none, its exact words), as one comparable key:
    /// how the thesaurus and the words of a query are matched.
    pub(super) fn normalised_key(&mut self, text: &str) -> String {
        let stems: Vec<String> = tokens(&mut self.swedish, text)
            .into_iter()
            .map(|t| t.text)
            .collect();
        if stems.is_empty() {
            tokens(&mut self.exact, text)
                .into_iter()
                .map(|t| t.text)
                .collect::<Vec<_>>()
                .join(" ")
        } else {
            stems.join(" ")
        }
    }

    /// What one clause looks for in each tier, before it becomes a query; `None` when the
    /// clause has no word at all (punctuation only).
    fn analyse(&mut self, clause: &Clause, reach: Reach, searcher: &Searcher) -> Option<Analysed> {
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
        Some(Analysed {
            exact,
            swedish,
            english,
            parts,
            fuzzy,
            strong,
        })
    }

    /// The terms of the finding's text whose union is exactly what [`Self::clause`] matches,
    /// when it is that simple: a single word, one position in every chain, no near misses.
    /// (Title tiers only raise the score of what the text matched.) `None` otherwise.
    pub(super) fn union_terms(
        &mut self,
        clause: &Clause,
        reach: Reach,
        searcher: &Searcher,
    ) -> Option<UnionTerms> {
        let analysed = self.analyse(clause, reach, searcher)?;
        let chains = [&analysed.exact, &analysed.swedish, &analysed.english];
        if analysed.fuzzy.is_some() || chains.iter().any(|chain| chain.len() > 1) {
            return None;
        }
        let f = self.fields;
        let whole = [f.text_exact, f.text_sv, f.text_en]
            .into_iter()
            .zip(chains)
            .flat_map(|(field, positioned)| {
                positioned
                    .iter()
                    .flat_map(|(_, alternatives)| alternatives)
                    .map(move |term| Term::from_field_text(field, term))
            });
        let parts = analysed
            .parts
            .iter()
            .map(|part| Term::from_field_text(f.text_parts, part));
        Some(UnionTerms {
            terms: whole.chain(parts).collect(),
            strong: analysed.strong,
        })
    }

    /// One clause's query in tiers, recording the terms it looks for in `terms` (unless
    /// `None`); `None` when the clause has no word at all (punctuation only).
    pub(super) fn clause(
        &mut self,
        clause: &Clause,
        reach: Reach,
        searcher: &Searcher,
        terms: Option<&mut MatchedTerms>,
    ) -> Option<ClauseQuery> {
        let Analysed {
            exact,
            swedish,
            english,
            parts,
            fuzzy,
            strong,
        } = self.analyse(clause, reach, searcher)?;
        let f = self.fields;
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
        let query: Box<dyn Query> = if self.intersected {
            Box::new(AnyQuery::new(tiers))
        } else {
            Box::new(BooleanQuery::union(tiers))
        };
        Some(ClauseQuery {
            query,
            strong,
            corrected,
        })
    }

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
        let within = |query: &str, distance: u8, word: &str| matches!(crate::search::near::automaton(query, distance).eval(word), levenshtein_automata::Distance::Exact(d) if d <= distance);
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
