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
//!
//! This file combines a query's clauses: required words and phrases (stop words only when
//! nothing else is asked for), exclusions, and thesaurus alternatives, with multi-word
//! thesaurus terms typed as single words joined back into phrases. [`clause`] looks one
//! clause up in the tiers; [`matched`] records what every tier looked for, for snippets.

mod clause;
mod matched;

use std::sync::Arc;

use tantivy::query::{AllQuery, BooleanQuery, ConstScoreQuery, EmptyQuery, Occur, Query};
use tantivy::{Searcher, Term};

use super::deadline::Deadline;
use super::parse::{Clause, UserQuery};
use super::synonyms::Synonyms;
use crate::analysis::Analyzers;
use crate::corpus::Thesaurus;
use crate::error::Result;
use crate::schema::Fields;
pub(crate) use clause::MAX_NEAR_MISS_WORDS;
use clause::{ClauseBuilder, ClauseQuery, Reach};
pub(crate) use matched::MatchedTerms;

/// Score of a match on a thesaurus alternative: below the word itself and its compounds.
const SYNONYM_SCORE: f32 = 0.4;

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
    clauses: ClauseBuilder,
    synonyms: Arc<Synonyms>,
}

impl std::fmt::Debug for QueryBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QueryBuilder").finish_non_exhaustive()
    }
}

impl QueryBuilder {
    /// A builder with clones of the given analyzers; cloning it later is cheap.
    pub(crate) fn new(fields: Fields, thesaurus: &Thesaurus, analyzers: &Analyzers) -> Self {
        let mut clauses = ClauseBuilder::new(fields, analyzers);
        let synonyms = Arc::new(Synonyms::new(thesaurus, |text| {
            clauses.normalised_key(text)
        }));
        Self { clauses, synonyms }
    }

    /// The query for what the user typed, with the terms it looks for (to mark them).
    ///
    /// # Errors
    /// [`crate::Error::DeadlineExceeded`] when the work's deadline passes between two
    /// words: a word's near misses walk the term dictionary.
    pub(crate) fn build(&mut self, user: &UserQuery, searcher: &Searcher) -> Result<TextQuery> {
        let deadline = Deadline::current();
        self.clauses.start_query();
        let joined = self.join_thesaurus_phrases(&user.required);
        // Groups that carry meaning are intersected with each other when there are two or
        // more; stop words, optional beside them, are looked up at their findings. (A lone
        // group is walked, where tantivy's union is the faster.)
        let strong: Vec<bool> = joined
            .iter()
            .map(|group| {
                group
                    .iter()
                    .any(|clause| self.clauses.carries_meaning(clause))
            })
            .collect();
        let strong_groups = strong.iter().filter(|&&strong| strong).count();
        let mut terms = MatchedTerms::default();
        let mut groups: Vec<(String, ClauseQuery)> = Vec::new();
        let mut seen: Vec<Vec<Clause>> = Vec::new();
        for (group, strong) in joined.into_iter().zip(strong) {
            deadline.check()?;
            // A word asked for twice narrows nothing more (and cost as much again).
            if seen.contains(&group) {
                continue;
            }
            seen.push(group.clone());
            self.clauses
                .set_intersected(strong_groups > usize::from(strong));
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
        // Exclusions are looked up at the findings of the groups.
        self.clauses.set_intersected(strong_groups > 0);
        let excluded: Vec<Box<dyn Query>> = user
            .excluded
            .iter()
            .filter_map(|clause| self.clauses.clause(clause, Reach::Narrow, searcher, None))
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

    /// The terms of the finding's text whose union is exactly what [`Self::build`] matches
    /// for `user`, when the query is that simple: one word, nothing excluded, no thesaurus
    /// alternatives, and one position in every analysis chain. `None` otherwise. Counting
    /// such a union needs no scorer: suggestions count eight of them on every keystroke.
    pub(crate) fn union_terms(
        &mut self,
        user: &UserQuery,
        searcher: &Searcher,
    ) -> Option<Vec<Term>> {
        let [group] = user.required.as_slice() else {
            return None;
        };
        let [clause @ Clause::Word(word)] = group.as_slice() else {
            return None;
        };
        if !user.excluded.is_empty() {
            return None;
        }
        let key = self.clauses.normalised_key(word);
        if !self.synonyms.alternatives(&key).is_empty() {
            return None;
        }
        self.clauses.start_query();
        self.clauses
            .union_terms(clause, Reach::Wide, searcher)
            .map(|union| union.terms)
    }

    /// [`Self::union_terms`] for a query that is `head` and one more word: the terms whose
    /// union, within what [`Self::build`] matches for `head`, is exactly what it matches for
    /// `full`. Suggestions count a completion of the second word of `kungen dro` this way,
    /// the findings of `kungen` found once for all eight. That holds when `head` has a word
    /// that carries meaning ([`TextQuery::words`] not empty), so that its stop words are
    /// optional with or without the last word. When it has none and excludes nothing, the
    /// union alone is what `full` matches: its stop words become optional beside the word.
    ///
    /// `None` unless `full` is `head`'s groups and exclusions and then one word that
    /// carries meaning, stays a group of its own (no thesaurus phrase takes it in), has no
    /// thesaurus alternatives and is a union in itself.
    pub(crate) fn union_terms_after(
        &mut self,
        head: &UserQuery,
        full: &UserQuery,
        searcher: &Searcher,
    ) -> Option<Vec<Term>> {
        let (last, rest) = full.required.split_last()?;
        let [clause @ Clause::Word(word)] = last.as_slice() else {
            return None;
        };
        if rest != head.required.as_slice() || full.excluded != head.excluded {
            return None;
        }
        let key = self.clauses.normalised_key(word);
        if !self.synonyms.alternatives(&key).is_empty() {
            return None;
        }
        // (A word that repeats a group of `head` narrows nothing, and its union holds all
        // that `head` finds: counted either way, it is what `head` finds.)
        let mut groups = self.join_thesaurus_phrases(&full.required);
        if groups.pop().as_ref() != Some(last)
            || groups != self.join_thesaurus_phrases(&head.required)
        {
            return None;
        }
        // The near misses `head`'s words use leave fewer for the last word, never more;
        // a union has none anyway.
        self.clauses.start_query();
        let union = self.clauses.union_terms(clause, Reach::Wide, searcher)?;
        union.strong.then_some(union.terms)
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
                    let key = self.clauses.normalised_key(&phrase);
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

    /// A clause with its thesaurus alternatives, each at a constant score below the word.
    fn clause_with_synonyms(
        &mut self,
        clause: &Clause,
        searcher: &Searcher,
        terms: &mut MatchedTerms,
    ) -> Option<ClauseQuery> {
        let own = self
            .clauses
            .clause(clause, Reach::Wide, searcher, Some(terms));
        let key = self.clauses.normalised_key(clause.text());
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
            if let Some(query) =
                self.clauses
                    .clause(&alternative, Reach::Listed, searcher, Some(terms))
            {
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
}
